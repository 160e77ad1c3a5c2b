package com.spots.enrichment.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.http.RequestIdMdcFilter;
import com.spots.enrichment.testing.TcpProxy;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestEnvironment;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A line logged while a request is served carries that request's id in the logging context. */
class RequestIdLoggingTest {

    @Test
    void theQueueFullLineCarriesTheIdOfTheRequestWhoseEntryWasDropped() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        IssuedKey key = TestKeys.create(db);
        try (TcpProxy proxy = new TcpProxy(TestEnvironment.databaseHost(), TestEnvironment.databasePort())) {
            DropwizardTestSupport<EnrichmentConfiguration> app = RequestLogCompletenessTest.app(db,
                    ConfigOverride.config("requestLog.queueCapacity", "1"),
                    ConfigOverride.config("requestLog.shutdownTimeout", "1s"),
                    ConfigOverride.config("requestLog.database.driverClass", "org.postgresql.Driver"),
                    ConfigOverride.config("requestLog.database.url", "jdbc:postgresql://127.0.0.1:" + proxy.port()
                            + "/" + db.name()),
                    ConfigOverride.config("requestLog.database.user", TestEnvironment.databaseUser()),
                    ConfigOverride.config("requestLog.database.password", TestEnvironment.databasePassword()));
            app.before();
            Logger writerLog = (Logger) LoggerFactory.getLogger(RequestLogWriter.class);
            ListAppender<ILoggingEvent> lines = new ListAppender<>();
            lines.start();
            writerLog.addAppender(lines);
            try {
                proxy.cut();
                Traffic.Result traffic = Traffic.send(app.getLocalPort(), key.plaintext(), 6, 1);

                List<ILoggingEvent> queueFull = lines.list.stream()
                        .filter(e -> e.getFormattedMessage().startsWith("request-log queue full")).toList();
                assertThat(queueFull).hasSize(1);
                assertThat(queueFull.get(0).getMDCPropertyMap().get(RequestIdMdcFilter.MDC_KEY))
                        .isIn(traffic.requestIds());
            } finally {
                writerLog.detachAppender(lines);
                app.after();
            }
        }
    }
}
