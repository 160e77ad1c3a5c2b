package com.spots.enrichment.testing;

import com.spots.enrichment.EnrichmentApplication;
import com.spots.enrichment.EnrichmentConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The real application on random ports, configured by config.yml, pointed at a test database. Give each
 * setting once: Dropwizard applies overrides as an unordered set, so two values for one key race.
 */
public final class TestApp {

    private TestApp() {
    }

    public static DropwizardAppExtension<EnrichmentConfiguration> extension(TestDatabase db, ConfigOverride... extra) {
        return extension(db.url(), extra);
    }

    /** The same, with the database reached at {@code databaseUrl} (e.g. through a {@link TcpProxy}). */
    public static DropwizardAppExtension<EnrichmentConfiguration> extension(String databaseUrl, ConfigOverride... extra) {
        List<ConfigOverride> overrides = new ArrayList<>();
        defaults(() -> databaseUrl, TestEnvironment::redisUrl).forEach((k, v) -> overrides.add(ConfigOverride.config(k, v)));
        overrides.addAll(List.of(extra));
        return new DropwizardAppExtension<>(EnrichmentApplication.class, Commands.CONFIG.toString(),
                overrides.toArray(ConfigOverride[]::new));
    }

    /**
     * One of several instances of the application in one test class (say two servers sharing one Redis), or
     * one against another Redis. Each instance reads its overrides under a system-property prefix of its own:
     * an override restores, when its extension stops, the value it found, so two extensions overriding one
     * key under the shared prefix would leave it set for the test classes that run after.
     */
    public static DropwizardAppExtension<EnrichmentConfiguration> instance(String name, TestDatabase db,
                                                                          Supplier<String> redisUrl,
                                                                          Map<String, String> settings) {
        String prefix = "dw-" + name;
        List<ConfigOverride> overrides = new ArrayList<>();
        Map<String, Supplier<String>> all = defaults(db::url, redisUrl);
        settings.forEach((k, v) -> all.put(k, () -> v));
        all.forEach((k, v) -> overrides.add(ConfigOverride.config(prefix, k, v)));
        return new DropwizardAppExtension<>(EnrichmentApplication.class, Commands.CONFIG.toString(), prefix,
                overrides.toArray(ConfigOverride[]::new));
    }

    private static Map<String, Supplier<String>> defaults(Supplier<String> databaseUrl, Supplier<String> redisUrl) {
        Map<String, Supplier<String>> settings = new LinkedHashMap<>();
        settings.put("database.url", databaseUrl);
        settings.put("database.user", TestEnvironment::databaseUser);
        settings.put("database.password", TestEnvironment::databasePassword);
        settings.put("redis.url", redisUrl);
        settings.put("server.applicationConnectors[0].port", () -> "0");
        settings.put("server.adminConnectors[0].port", () -> "0");
        settings.put("logging.level", () -> "WARN");
        return settings;
    }

    public static ApiClient client(DropwizardAppExtension<EnrichmentConfiguration> app) {
        return new ApiClient("http://127.0.0.1:" + app.getLocalPort());
    }
}
