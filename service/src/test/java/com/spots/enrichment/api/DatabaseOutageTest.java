package com.spots.enrichment.api;

import static com.spots.enrichment.testing.Envelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.TcpProxy;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestEnvironment;
import com.spots.enrichment.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PostgreSQL cut off for real (its network dropped): 503 with Retry-After, then recovery without a restart. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatabaseOutageTest {

    private static final String BODY = "{\"user_segment\":{\"segment_id\":\"outage\"},"
            + "\"product_quantum_state\":{\"category\":\"c\"},\"requested_insights\":[\"knot_compatibility\"]}";
    private static final TestDatabase DB = TestDatabase.migrated();
    private static final TcpProxy POSTGRES = new TcpProxy(TestEnvironment.databaseHost(), TestEnvironment.databasePort());
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(
            DB.url().replace(":" + TestEnvironment.databasePort() + "/", ":" + POSTGRES.port() + "/"));

    @AfterAll
    static void closeProxy() {
        POSTGRES.close();
    }

    @Test
    void aKeyLookupDuringAnOutageIsServiceUnavailableAndServiceResumesAfterIt() throws Exception {
        String before = TestKeys.create(DB).plaintext();
        String during = TestKeys.create(DB).plaintext();
        String after = TestKeys.create(DB).plaintext();
        assertThat(TestApp.client(APP).post("/v1/quantum-personality", before, BODY).status()).isEqualTo(501);

        assertThat(APP.getConfiguration().getDatabase().getUrl()).contains(":" + POSTGRES.port() + "/");
        POSTGRES.cut();
        try {
            Answer answer = TestApp.client(APP).post("/v1/quantum-personality", during, BODY);
            assertError(answer, 503, "SERVICE_UNAVAILABLE");
            assertThat(answer.header("Retry-After")).isPresent();
            // A key already checked keeps working from the key cache while the database is away.
            assertThat(TestApp.client(APP).post("/v1/quantum-personality", before, BODY).status()).isEqualTo(501);
        } finally {
            POSTGRES.start();
        }

        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        Answer recovered = TestApp.client(APP).post("/v1/quantum-personality", after, BODY);
        while (recovered.status() != 501 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            recovered = TestApp.client(APP).post("/v1/quantum-personality", after, BODY);
        }
        assertThat(recovered.status()).as(recovered.body()).isEqualTo(501);
    }
}
