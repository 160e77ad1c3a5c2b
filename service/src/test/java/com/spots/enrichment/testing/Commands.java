package com.spots.enrichment.testing;

import com.spots.enrichment.EnrichmentApplication;
import com.spots.enrichment.EnrichmentConfiguration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the application's real command line (`db migrate`, `keys create`, ...) in-process against a test
 * database, with config.yml and the same `-Ddw.` overrides an operator would use, and captures its output.
 */
public final class Commands {

    public static final Path CONFIG = Path.of("..", "config.yml").toAbsolutePath().normalize();

    private Commands() {
    }

    public record Result(boolean succeeded, String stdout, String stderr, Optional<Throwable> failure) {

        public Result orFail() {
            if (!succeeded) {
                throw new AssertionError("command failed: " + stderr + stdout, failure.orElse(null));
            }
            return this;
        }

        /** The value of a {@code "  label:  value"} line, e.g. {@code field("key")}. */
        public String field(String label) {
            return stdout.lines().map(String::trim)
                    .filter(l -> l.startsWith(label + ":"))
                    .map(l -> l.substring(label.length() + 1).trim().split("\\s+")[0])
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no '" + label + ":' line in: " + stdout));
        }
    }

    public static Result run(TestDatabase db, String... args) {
        return run(db, Map.of(), args);
    }

    public static synchronized Result run(TestDatabase db, Map<String, String> overrides, String... args) {
        Map<String, String> properties = new java.util.HashMap<>(overrides);
        properties.put("dw.database.url", db.url());
        properties.put("dw.database.user", TestEnvironment.databaseUser());
        properties.put("dw.database.password", TestEnvironment.databasePassword());
        properties.put("dw.logging.level", "WARN");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        List<String> previous = new ArrayList<>();
        try {
            properties.forEach((k, v) -> {
                String old = System.setProperty(k, v);
                if (old != null) {
                    previous.add(k + "=" + old);
                }
            });
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            EnrichmentApplication app = new EnrichmentApplication();
            Bootstrap<EnrichmentConfiguration> bootstrap = new Bootstrap<>(app);
            app.initialize(bootstrap);
            List<String> argv = new ArrayList<>(List.of(args));
            argv.add(CONFIG.toString());
            Cli cli = new Cli(new JarLocation(EnrichmentApplication.class), bootstrap,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            Optional<Throwable> failure = cli.run(argv.toArray(String[]::new));
            return new Result(failure.isEmpty(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    failure);
        } catch (Exception e) {
            return new Result(false, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    Optional.of(e));
        } finally {
            System.setOut(originalOut);
            properties.keySet().forEach(System::clearProperty);
            previous.forEach(p -> System.setProperty(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1)));
        }
    }
}
