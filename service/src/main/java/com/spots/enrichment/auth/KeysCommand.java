package com.spots.enrichment.auth;

import com.spots.enrichment.EnrichmentConfiguration;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * {@code keys create | list | revoke | rotate}: the operator's handle on API keys. The plaintext of a key
 * is printed once, by create and rotate, and exists nowhere else.
 */
public class KeysCommand extends ConfiguredCommand<EnrichmentConfiguration> {

    private static final String ACTION = "keys-action";
    static final io.dropwizard.util.Duration DEFAULT_GRACE = io.dropwizard.util.Duration.hours(24);

    private final PrintStream out;
    private final Clock clock;
    private final Map<String, Action> actions = new TreeMap<>();

    public KeysCommand(PrintStream out, Clock clock) {
        super("keys", "Manages partner API keys: create, list, revoke, rotate");
        this.out = out;
        this.clock = clock;
        actions.put("create", new Action("Creates a key and prints its plaintext once", this::configureCreate, this::create));
        actions.put("list", new Action("Lists keys (never their hash or plaintext)", this::configureList, this::list));
        actions.put("revoke", new Action("Deactivates a key", this::configureId, this::revoke));
        actions.put("rotate", new Action("Issues a replacement key; the old one works until the grace period ends",
                this::configureRotate, this::rotate));
    }

    private record Action(String description, java.util.function.Consumer<Subparser> configure,
                          ActionRunner runner) {
    }

    @FunctionalInterface
    private interface ActionRunner {
        void run(Namespace namespace, ApiKeyDAO keys, EnrichmentConfiguration configuration);
    }

    /** Thrown for operator mistakes: printed as one line, exit status 1, no stack trace. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void configure(Subparser subparser) {
        for (Map.Entry<String, Action> action : actions.entrySet()) {
            Subparser parser = subparser.addSubparsers()
                    .addParser(action.getKey())
                    .setDefault(ACTION, action.getKey())
                    .help(action.getValue().description())
                    .description(action.getValue().description());
            action.getValue().configure().accept(parser);
            addFileArgument(parser);
        }
    }

    @Override
    protected void run(Bootstrap<EnrichmentConfiguration> bootstrap, Namespace namespace,
                       EnrichmentConfiguration configuration) throws Exception {
        Action action = actions.get(namespace.getString(ACTION));
        ManagedDataSource dataSource = configuration.getDatabase().build(bootstrap.getMetricRegistry(), "keys");
        try {
            dataSource.start();
            Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
            action.runner().run(namespace, jdbi.onDemand(ApiKeyDAO.class), configuration);
        } finally {
            dataSource.stop();
        }
    }

    @Override
    public void onError(io.dropwizard.core.cli.Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof UsageException) {
            cli.getStdErr().println(e.getMessage());
        } else {
            super.onError(cli, namespace, e);
        }
    }

    private void configureCreate(Subparser parser) {
        parser.addArgument("--partner").required(true).help("partner id, [a-z0-9-]{1,40}");
        parser.addArgument("--per-minute").type(Integer.class).setDefault(100).help("requests per sliding minute (default 100)");
        parser.addArgument("--per-day").type(Integer.class).setDefault(10_000).help("requests per sliding day (default 10000)");
        parser.addArgument("--expires").help("expiry, ISO-8601 (2027-01-01 or 2027-01-01T00:00:00Z); default never");
        parser.addArgument("--name").help("a label for the key, e.g. the partner's environment");
    }

    private void configureList(Subparser parser) {
        parser.addArgument("--partner").help("only this partner's keys");
    }

    private void configureId(Subparser parser) {
        parser.addArgument("--id").required(true).help("the key's id (from keys list)");
    }

    private void configureRotate(Subparser parser) {
        configureId(parser);
        parser.addArgument("--grace").setDefault(DEFAULT_GRACE.toString())
                .help("how long the old key keeps working, e.g. 30m, 24h, 7d or PT1H (default 24 hours)");
    }

    private void create(Namespace ns, ApiKeyDAO keys, EnrichmentConfiguration configuration) {
        String partner = ns.getString("partner");
        if (!ApiKeyFormat.PARTNER_ID.matcher(partner).matches()) {
            throw new UsageException("--partner must be 1-40 characters of a-z, 0-9 and '-' (got '" + partner + "')");
        }
        int perMinute = positive(ns.getInt("per_minute"), "--per-minute");
        int perDay = positive(ns.getInt("per_day"), "--per-day");
        if (perDay < perMinute) {
            throw new UsageException("--per-day (" + perDay + ") must be at least --per-minute (" + perMinute + ")");
        }
        Instant expires = Optional.ofNullable(ns.getString("expires")).map(this::parseExpiry).orElse(null);
        String name = ns.getString("name");
        if (name != null && name.length() > 200) {
            throw new UsageException("--name must be at most 200 characters");
        }
        String plaintext = format(configuration).generate(partner);
        ApiKey key = keys.insert(partner, name, ApiKeyFormat.sha256Hex(plaintext), ApiKeyFormat.displayPrefix(plaintext),
                perMinute, perDay, expires);
        printIssued("API key created", key, plaintext);
    }

    private void list(Namespace ns, ApiKeyDAO keys, EnrichmentConfiguration configuration) {
        List<ApiKey> all = keys.list(ns.getString("partner"));
        String[] header = {"ID", "PARTNER", "PREFIX", "PER_MINUTE", "PER_DAY", "ACTIVE", "CREATED", "EXPIRES", "LAST_USED", "NAME"};
        List<String[]> rows = all.stream().map(k -> new String[] {
                k.id().toString(), k.partnerId(), k.keyPrefix() + "…", Integer.toString(k.rateLimitPerMinute()),
                Integer.toString(k.rateLimitPerDay()), k.isActive() ? "yes" : "no", time(k.createdAt()),
                k.expiresAt() == null ? "never" : time(k.expiresAt()),
                k.lastUsedAt() == null ? "never" : time(k.lastUsedAt()),
                k.name() == null ? "-" : k.name().replaceAll("\\s+", "_")}).toList();
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            int col = i;
            widths[i] = Math.max(header[i].length(), rows.stream().mapToInt(r -> r[col].length()).max().orElse(0));
        }
        Function<String[], String> line = cells -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                b.append(i == cells.length - 1 ? cells[i] : String.format("%-" + widths[i] + "s  ", cells[i]));
            }
            return b.toString().stripTrailing();
        };
        out.println(line.apply(header));
        rows.forEach(r -> out.println(line.apply(r)));
        out.flush();
    }

    private void revoke(Namespace ns, ApiKeyDAO keys, EnrichmentConfiguration configuration) {
        UUID id = parseId(ns.getString("id"));
        ApiKey key = keys.findById(id).orElseThrow(() -> new UsageException("no API key with id " + id));
        if (keys.revoke(id) == 0) {
            out.println("API key " + id + " (partner " + key.partnerId() + ") was already revoked at " + time(key.revokedAt()));
        } else {
            out.println("API key " + id + " (partner " + key.partnerId() + ") revoked; servers stop accepting it within "
                    + configuration.getApiKeys().getCacheTtl() + " (their key cache).");
        }
        out.flush();
    }

    private void rotate(Namespace ns, ApiKeyDAO keys, EnrichmentConfiguration configuration) {
        UUID id = parseId(ns.getString("id"));
        java.time.Duration grace = parseGrace(ns.getString("grace"));
        ApiKey old = keys.findById(id).orElseThrow(() -> new UsageException("no API key with id " + id));
        if (!old.isActive()) {
            throw new UsageException("API key " + id + " is revoked and cannot be rotated");
        }
        if (old.replacedBy() != null) {
            throw new UsageException("API key " + id + " was already rotated; rotate its replacement " + old.replacedBy());
        }
        Instant now = clock.instant();
        if (old.isExpiredAt(now)) {
            throw new UsageException("API key " + id + " expired at " + time(old.expiresAt()) + "; create a new key instead");
        }
        String plaintext = format(configuration).generate(old.partnerId());
        Instant graceEnds = now.plus(grace);
        ApiKey replacement = keys.rotate(old, ApiKeyFormat.sha256Hex(plaintext), ApiKeyFormat.displayPrefix(plaintext),
                        graceEnds)
                .orElseThrow(() -> new UsageException("API key " + id + " could not be rotated"));
        printIssued("API key rotated", replacement, plaintext);
        Instant oldEnds = old.expiresAt() != null && old.expiresAt().isBefore(graceEnds) ? old.expiresAt() : graceEnds;
        out.println("  replaces: " + old.id() + " (" + old.keyPrefix() + "…), which keeps working until " + time(oldEnds));
        out.flush();
    }

    private void printIssued(String title, ApiKey key, String plaintext) {
        out.println(title + " - store it now: the key is shown only this once and cannot be recovered.");
        out.println("  id:       " + key.id());
        out.println("  partner:  " + key.partnerId());
        out.println("  key:      " + plaintext);
        out.println("  limits:   " + key.rateLimitPerMinute() + " per minute, " + key.rateLimitPerDay() + " per day");
        out.println("  expires:  " + (key.expiresAt() == null ? "never" : time(key.expiresAt())));
        out.flush();
    }

    private ApiKeyFormat format(EnrichmentConfiguration configuration) {
        return new ApiKeyFormat(configuration.getApiKeys().getPrefix(), new SecureRandom());
    }

    private static int positive(Integer value, String flag) {
        if (value == null || value < 1) {
            throw new UsageException(flag + " must be a positive integer");
        }
        return value;
    }

    private Instant parseExpiry(String text) {
        Instant expires;
        try {
            expires = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException("--expires must be ISO-8601, e.g. 2027-01-01 or 2027-01-01T00:00:00Z (got '" + text + "')");
        }
        if (!expires.isAfter(clock.instant())) {
            throw new UsageException("--expires must be in the future (got " + expires + ")");
        }
        return expires;
    }

    static java.time.Duration parseGrace(String text) {
        try {
            java.time.Duration grace = text.startsWith("P") || text.startsWith("p")
                    ? java.time.Duration.parse(text.toUpperCase(java.util.Locale.ROOT))
                    : java.time.Duration.ofNanos(io.dropwizard.util.Duration.parse(text).toNanoseconds());
            if (grace.isNegative()) {
                throw new UsageException("--grace must not be negative");
            }
            return grace;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new UsageException("--grace must be a duration such as 30m, 24h, 7d or PT1H (got '" + text + "')");
        }
    }

    private static UUID parseId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--id must be a key id (a UUID, see keys list), got '" + text + "'");
        }
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
