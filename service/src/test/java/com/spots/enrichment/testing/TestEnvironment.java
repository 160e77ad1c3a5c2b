package com.spots.enrichment.testing;

import java.net.URI;

/**
 * Where the real PostgreSQL and Redis of the test run are: the same environment variables and defaults as
 * config.yml (ops/test makes them available).
 */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    public static String databaseUrl() {
        return env("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/enrichment");
    }

    public static String databaseUser() {
        return env("DATABASE_USER", "enrichment");
    }

    public static String databasePassword() {
        return env("DATABASE_PASSWORD", "enrichment");
    }

    public static String redisUrl() {
        return env("REDIS_URL", "redis://127.0.0.1:6379");
    }

    public static URI redisUri() {
        return URI.create(redisUrl());
    }

    /** The JDBC URL of another database on the same server. */
    public static String databaseUrl(String databaseName) {
        URI uri = URI.create(databaseUrl().substring("jdbc:".length()));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + "/"
                + databaseName + query;
    }

    public static String databaseHost() {
        return URI.create(databaseUrl().substring("jdbc:".length())).getHost();
    }

    public static int databasePort() {
        int port = URI.create(databaseUrl().substring("jdbc:".length())).getPort();
        return port < 0 ? 5432 : port;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
