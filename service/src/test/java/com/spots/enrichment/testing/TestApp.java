package com.spots.enrichment.testing;

import com.spots.enrichment.EnrichmentApplication;
import com.spots.enrichment.EnrichmentConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The real application on random ports, configured by config.yml, pointed at a test database. */
public final class TestApp {

    private TestApp() {
    }

    public static DropwizardAppExtension<EnrichmentConfiguration> extension(TestDatabase db, ConfigOverride... extra) {
        return extension(db, TestEnvironment::redisUrl, extra);
    }

    /**
     * The same against another Redis (a private server of the test). Overriding {@code redis.url} in
     * {@code extra} instead would not work: two overrides of one key leave whichever was restored last.
     */
    public static DropwizardAppExtension<EnrichmentConfiguration> extension(TestDatabase db, Supplier<String> redisUrl,
                                                                           ConfigOverride... extra) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", db.url()),
                ConfigOverride.config("database.user", TestEnvironment.databaseUser()),
                ConfigOverride.config("database.password", TestEnvironment.databasePassword()),
                ConfigOverride.config("redis.url", redisUrl),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("logging.level", "WARN")));
        overrides.addAll(List.of(extra));
        return new DropwizardAppExtension<>(EnrichmentApplication.class, Commands.CONFIG.toString(),
                overrides.toArray(ConfigOverride[]::new));
    }

    public static ApiClient client(DropwizardAppExtension<EnrichmentConfiguration> app) {
        return new ApiClient("http://127.0.0.1:" + app.getLocalPort());
    }
}
