package com.spots.enrichment.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Private Redis servers for tests that must stop, restart or cluster Redis: real {@code redis-server}
 * processes (from PATH) on free loopback ports, without persistence. Every process started here is killed
 * by {@link #close()} and, should a test die first, by a JVM shutdown hook.
 */
public final class RedisServers implements AutoCloseable {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            RUNNING.forEach(Process::destroyForcibly);
            DIRECTORIES.forEach(RedisServers::delete);
        }));
    }

    /** One redis-server process on a fixed port, which can be killed and started again on that port. */
    public static final class Server {
        private final int port;
        private final Path dir;
        private final List<String> extraArgs;
        private Process process;

        private Server(int port, Path dir, List<String> extraArgs) {
            this.port = port;
            this.dir = dir;
            this.extraArgs = extraArgs;
        }

        public int port() {
            return port;
        }

        public String url() {
            return "redis://127.0.0.1:" + port;
        }

        public HostAndPort hostAndPort() {
            return new HostAndPort("127.0.0.1", port);
        }

        public synchronized void start() {
            if (process != null && process.isAlive()) {
                return;
            }
            List<String> command = new ArrayList<>(List.of(binary("redis-server"), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--logfile", dir.resolve("redis.log").toString()));
            command.addAll(extraArgs);
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("could not start redis-server", e);
            }
            RUNNING.add(process);
            awaitPing();
        }

        /** SIGKILL: the way a crashed server looks to its clients. */
        public synchronized void kill() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                RUNNING.remove(process);
                process = null;
            }
        }

        /** SIGSTOP / SIGCONT: a hung server, which accepts connections and never answers. */
        public synchronized void pause(boolean paused) {
            if (process == null || !process.isAlive()) {
                return;
            }
            try {
                Process signal = new ProcessBuilder("kill", paused ? "-STOP" : "-CONT", Long.toString(process.pid()))
                        .inheritIO().start();
                if (signal.waitFor() != 0) {
                    throw new IllegalStateException("kill " + (paused ? "-STOP" : "-CONT") + " failed");
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public Jedis connect() {
            return new Jedis("127.0.0.1", port);
        }

        private void awaitPing() {
            Instant deadline = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(deadline)) {
                try (Jedis jedis = connect()) {
                    if ("PONG".equals(jedis.ping())) {
                        return;
                    }
                } catch (RuntimeException e) {
                    sleep(50);
                }
            }
            throw new IllegalStateException("redis-server on port " + port + " did not answer PING; see " + dir);
        }
    }

    private final List<Server> servers = new ArrayList<>();

    /** A single server. */
    public Server start() {
        Server server = new Server(freePort(), tempDir(), List.of());
        servers.add(server);
        server.start();
        return server;
    }

    /** A cluster of {@code masters} masters (no replicas), all slots assigned and the state ok. */
    public List<Server> startCluster(int masters) {
        List<Server> nodes = new ArrayList<>();
        for (int i = 0; i < masters; i++) {
            Path dir = tempDir();
            Server node = new Server(freePort(), dir, List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", dir.resolve("nodes.conf").toString(), "--cluster-node-timeout", "5000"));
            servers.add(node);
            nodes.add(node);
            node.start();
        }
        List<String> create = new ArrayList<>(List.of(binary("redis-cli"), "--cluster", "create"));
        nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        run(create);
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            boolean ok = nodes.stream().allMatch(n -> {
                try (Jedis jedis = n.connect()) {
                    return jedis.clusterInfo().contains("cluster_state:ok");
                }
            });
            if (ok) {
                return nodes;
            }
            sleep(100);
        }
        throw new IllegalStateException("the Redis cluster did not reach cluster_state:ok");
    }

    public static String nodeList(List<Server> nodes) {
        return nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        for (Server server : servers) {
            server.kill();
            delete(server.dir);
            DIRECTORIES.remove(server.dir);
        }
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory harms nothing
        }
    }

    private static String binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " is not on PATH: this test starts private Redis servers and needs"
                + " the Redis binaries (Debian/Ubuntu: apt-get install redis-server; it includes redis-cli).");
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        // A cluster node also listens on port + 10000 (its bus): pick ports whose bus port is free too.
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (port + 10000 <= 65535 && isFree(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("enrichment-redis-");
            DIRECTORIES.add(dir);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
