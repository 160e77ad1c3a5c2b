package com.spots.enrichment.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With {@code requestLog.storeRequestBodies} on, the body is kept, cut to {@code maxBodySize}. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequestBodyStorageTest {

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB,
            ConfigOverride.config("requestLog.flushInterval", "20ms"),
            ConfigOverride.config("requestLog.storeRequestBodies", "true"),
            ConfigOverride.config("requestLog.maxBodySize", "40B"));

    @Test
    void theStoredBodyIsCutToTheLimitWhileTheServiceReadsItWhole() {
        IssuedKey key = TestKeys.create(DB);
        // Valid only as a whole: a resource seeing just the first 40 bytes would answer 400, not 501.
        Answer answer = TestApp.client(APP).post("/v1/quantum-personality", key.plaintext(), RequestLogTest.VALID_BODY);
        assertThat(answer.status()).isEqualTo(501);

        LoggedRow row = LoggedRow.awaitForKey(DB, key.id(), 1).get(0);

        assertThat(row.requestBody()).isEqualTo(RequestLogTest.VALID_BODY.substring(0, 40));
    }

    @Test
    void aShortBodyIsStoredAsSent() {
        IssuedKey key = TestKeys.create(DB);
        TestApp.client(APP).post("/v1/quantum-personality", key.plaintext(), "{}");

        assertThat(LoggedRow.awaitForKey(DB, key.id(), 1).get(0).requestBody()).isEqualTo("{}");
    }
}
