package com.spots.enrichment.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The writer's connections: the database cancels a slow insert before the client would stop waiting for it. */
class RequestLogFactoryTest {

    private static Map<String, String> writerProperties(Map<String, String> database) {
        DataSourceFactory main = new DataSourceFactory();
        main.setUrl("jdbc:postgresql://127.0.0.1:5432/x");
        main.setProperties(database);
        RequestLogFactory config = new RequestLogFactory();
        config.setWriteTimeout(Duration.seconds(10));
        return config.writerDataSource(main).getProperties();
    }

    @Test
    void theWritersStatementsCarryTheWriteTimeoutBesideAnyOptionsGiven() {
        assertThat(writerProperties(Map.of()).get("options")).isEqualTo("-c statement_timeout=10000");
        assertThat(writerProperties(Map.of("options", "-c search_path=public")).get("options"))
                .isEqualTo("-c search_path=public -c statement_timeout=10000");
    }

    @Test
    void aSocketTimeoutShorterThanTheWriteTimeoutIsRaisedAndALongerOneKept() {
        assertThat(writerProperties(Map.of("socketTimeout", "5")).get("socketTimeout")).isEqualTo("20");
        assertThat(writerProperties(Map.of("socketTimeout", "30")).get("socketTimeout")).isEqualTo("30");
        assertThat(writerProperties(Map.of("socketTimeout", "0")).get("socketTimeout")).isEqualTo("0");
        assertThat(writerProperties(Map.of())).doesNotContainKey("socketTimeout");
    }
}
