package com.spots.enrichment.sourcedata;

import com.codahale.metrics.MetricRegistry;
import com.spots.enrichment.EnrichmentConfiguration;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * {@code demo-data [--agents N] [--seed S] [--as-of T] [--replace | --if-empty] config.yml}: fills the three source
 * tables with a synthetic population ({@link DemoPopulation}) through COPY in one transaction, their secondary
 * indexes built once the rows are in, with a progress line on stderr. It refuses to mix into source tables that
 * already hold rows unless told to replace them.
 */
public class DemoDataCommand extends ConfiguredCommand<EnrichmentConfiguration> {

    private static final int FLUSH_CHARS = 1 << 20;

    private final PrintStream out;
    private final PrintStream progress;
    private final Clock clock;

    public DemoDataCommand(PrintStream out, PrintStream progress, Clock clock) {
        super("demo-data", "Fills the source tables with a realistic, deterministic synthetic population");
        this.out = out;
        this.progress = progress;
        this.clock = clock;
    }

    /** An operator mistake: one line, exit status 1, no stack trace. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--agents").type(Integer.class).setDefault(20_000).help("number of agents (default 20000)");
        subparser.addArgument("--seed").type(Long.class).setDefault(42L).help("random seed (default 42)");
        subparser.addArgument("--as-of").help("end of the 90 days of activity, ISO-8601 (default: today 00:00 UTC)");
        subparser.addArgument("--replace").action(Arguments.storeTrue())
                .help("truncate the source tables first (otherwise non-empty tables are refused)");
        subparser.addArgument("--if-empty").action(Arguments.storeTrue())
                .help("do nothing, successfully, when the source tables already hold data (first start)");
    }

    @Override
    public void onError(io.dropwizard.core.cli.Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof UsageException) {
            cli.getStdErr().println("demo-data: " + e.getMessage());
        } else {
            super.onError(cli, namespace, e);
        }
    }

    @Override
    protected void run(Bootstrap<EnrichmentConfiguration> bootstrap, Namespace namespace,
                       EnrichmentConfiguration configuration) throws Exception {
        int agents = namespace.getInt("agents");
        if (agents < 1 || agents > 5_000_000) {
            throw new UsageException("--agents must be between 1 and 5000000");
        }
        Instant asOf = asOf(namespace.getString("as_of"));
        boolean replace = Boolean.TRUE.equals(namespace.getBoolean("replace"));
        boolean ifEmpty = Boolean.TRUE.equals(namespace.getBoolean("if_empty"));
        ManagedDataSource dataSource = configuration.getDatabase().build(new MetricRegistry(), "demo-data");
        try (Connection connection = dataSource.getConnection()) {
            // A bulk load's statements run for minutes at a million agents (the end of the connections COPY fills
            // ai2ai_edges): the service's socket timeout, right for API queries, would cut them.
            connection.setNetworkTimeout(Runnable::run, 0);
            connection.setAutoCommit(false);
            boolean hasRows = hasRows(connection);
            if (hasRows && ifEmpty) {
                out.println("demo-data: source tables already hold data; nothing to do");
                return;
            }
            if (hasRows && !replace) {
                throw new UsageException("the source tables already hold data; pass --replace to truncate them first");
            }
            try (Statement s = connection.createStatement()) {
                s.execute("TRUNCATE personality_profiles, user_actions, ai2ai_connections RESTART IDENTITY");
            }
            long started = System.nanoTime();
            Progress bar = new Progress(progress, agents);
            List<String> indexes = dropSecondaryIndexes(connection);
            Totals totals = load(connection, new DemoPopulation(namespace.getLong("seed"), agents, asOf), bar);
            bar.show("indexes", agents, totals);
            buildIndexes(connection, indexes);
            bar.show("done", agents, totals);
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                // statistics for the planner, and the visibility map for index-only scans
                s.execute("VACUUM ANALYZE personality_profiles");
                s.execute("VACUUM ANALYZE user_actions");
                s.execute("VACUUM ANALYZE ai2ai_connections");
                s.execute("VACUUM ANALYZE ai2ai_edges");
            }
            progress.println();
            out.printf("demo-data: %d agents, %d actions, %d connections (as of %s) in %.1f s%n",
                    agents, totals.actions, totals.connections, asOf, (System.nanoTime() - started) / 1e9);
        } finally {
            dataSource.stop();
        }
    }

    private Instant asOf(String value) {
        if (value == null) {
            return clock.instant().truncatedTo(ChronoUnit.DAYS);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("--as-of must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }

    private static boolean hasRows(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM personality_profiles)"
                     + " OR EXISTS (SELECT 1 FROM user_actions) OR EXISTS (SELECT 1 FROM ai2ai_connections)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static final class Totals {
        long actions;
        long connections;
    }

    /**
     * Drops the loaded tables' indexes that back no constraint and returns their definitions, to build them again
     * once the rows are in ({@link #load}), in the same transaction: one sorted build per index instead of one random
     * insertion per row into a growing index (at 100 000 agents the actions alone are 2 000 000 insertions into each
     * of three). The definitions are read from the catalog, so they stay those of the migrations. The primary
     * keys stay: the connection triggers look the far ends up by them while the connections are copied.
     */
    private static List<String> dropSecondaryIndexes(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> definitions = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
                     + " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                     + " WHERE t.relnamespace = current_schema()::regnamespace"
                     + " AND t.relname IN ('personality_profiles', 'user_actions', 'ai2ai_connections', 'ai2ai_edges')"
                     + " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
                     + " ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
                definitions.add(rs.getString(2));
            }
        }
        try (Statement s = connection.createStatement()) {
            for (String name : names) {
                s.execute("DROP INDEX " + name);
            }
        }
        return definitions;
    }

    private static void buildIndexes(Connection connection, List<String> definitions) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET LOCAL maintenance_work_mem = '256MB'");
            for (String definition : definitions) {
                s.execute(definition);
            }
        }
    }

    private Totals load(Connection connection, DemoPopulation population, Progress bar)
            throws SQLException, IOException {
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        int n = population.agents();
        Totals totals = new Totals();
        StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 4096);

        // FREEZE: the tables were truncated in this transaction, so their rows can be written frozen and all-visible
        // (no hint-bit writes when they are first read, and no heap pages left for the VACUUM after the load)
        CopyIn profiles = copy.copyIn("COPY personality_profiles (agent_id, dimensions, archetype, authenticity_score,"
                + " home_region, age, interests, category_preferences, data_sharing_opt_in, updated_at)"
                + " FROM STDIN (FREEZE)");
        for (int i = 0; i < n; i++) {
            population.profile(i, buffer);
            flushIfFull(profiles, buffer, false);
            bar.show("profiles", i + 1, totals);
        }
        flushIfFull(profiles, buffer, true);
        profiles.endCopy();

        CopyIn actions = copy.copyIn("COPY user_actions (agent_id, action_type, spot_id, spot_category, start_time,"
                + " end_time, is_return_visit, created_at) FROM STDIN (FREEZE)");
        for (int i = 0; i < n; i++) {
            totals.actions += population.actions(i, buffer);
            flushIfFull(actions, buffer, false);
            bar.show("actions", i + 1, totals);
        }
        flushIfFull(actions, buffer, true);
        actions.endCopy();

        // ring order: agents grouped by region, in index order inside each region
        int regions = DemoPopulation.REGIONS.length;
        int[] regionSize = new int[regions];
        for (int i = 0; i < n; i++) {
            regionSize[population.region(i)]++;
        }
        int[] regionStart = new int[regions];
        for (int g = 1; g < regions; g++) {
            regionStart[g] = regionStart[g - 1] + regionSize[g - 1];
        }
        int[] fill = regionStart.clone();
        int[] order = new int[n];
        int[] position = new int[n];
        for (int i = 0; i < n; i++) {
            int slot = fill[population.region(i)]++;
            order[slot] = i;
            position[i] = slot;
        }
        CopyIn connections = copy.copyIn("COPY ai2ai_connections (agent_id_1, agent_id_2, compatibility_score,"
                + " created_at) FROM STDIN (FREEZE)");
        for (int i = 0; i < n; i++) {
            totals.connections += population.connections(i, order, position, regionStart, regionSize, buffer);
            flushIfFull(connections, buffer, false);
            bar.show("connections", i + 1, totals);
        }
        flushIfFull(connections, buffer, true);
        connections.endCopy();
        return totals;
    }

    private static void flushIfFull(CopyIn copy, StringBuilder buffer, boolean force) throws SQLException {
        if (buffer.length() >= FLUSH_CHARS || (force && buffer.length() > 0)) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    /** One carriage-returned status line on stderr, at most four times a second. */
    private static final class Progress {
        private final PrintStream stream;
        private final int agents;
        private final long started = System.nanoTime();
        private long last;

        Progress(PrintStream stream, int agents) {
            this.stream = stream;
            this.agents = agents;
        }

        void show(String phase, int done, Totals totals) {
            long now = System.nanoTime();
            if (now - last < 250_000_000L && done != agents) {
                return;
            }
            last = now;
            stream.printf("\rdemo-data: %-11s %3d%%  agents %d/%d  actions %d  connections %d  %.1fs   ",
                    phase, (int) (100L * done / agents), done, agents, totals.actions, totals.connections,
                    (now - started) / 1e9);
            stream.flush();
        }
    }
}
