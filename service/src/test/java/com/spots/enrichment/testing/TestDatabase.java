package com.spots.enrichment.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * A throw-away PostgreSQL database of the test's own on the real server, dropped when the JVM exits.
 * {@link #migrated()} copies a template that the real {@code db migrate} command built once per run.
 */
public final class TestDatabase {

    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static String template;

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    /** An empty database (no schema at all). */
    public static TestDatabase empty() {
        TestDatabase db = new TestDatabase("enrichment_t_" + RUN + "_" + random());
        db.admin("CREATE DATABASE " + db.name);
        db.dropOnExit();
        return db;
    }

    /** A database with the whole schema, as `db migrate` leaves it. */
    public static synchronized TestDatabase migrated() {
        if (template == null) {
            TestDatabase tpl = empty();
            Commands.run(tpl, "db", "migrate");
            template = tpl.name;
        }
        TestDatabase db = new TestDatabase("enrichment_t_" + RUN + "_" + random());
        db.admin("CREATE DATABASE " + db.name + " TEMPLATE " + template);
        db.dropOnExit();
        return db;
    }

    public String name() {
        return name;
    }

    public String url() {
        return TestEnvironment.databaseUrl(name);
    }

    public Jdbi jdbi() {
        return Jdbi.create(url(), TestEnvironment.databaseUser(), TestEnvironment.databasePassword())
                .installPlugin(new PostgresPlugin());
    }

    private void dropOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // the server may already be gone; the name is unique, so a leftover harms no later run
            }
        }));
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection(TestEnvironment.databaseUrl("postgres"),
                TestEnvironment.databaseUser(), TestEnvironment.databasePassword());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' as " + TestEnvironment.databaseUser()
                    + " (run the tests through ops/test, which prepares the database role)", e);
        }
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
    }
}
