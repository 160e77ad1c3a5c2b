package com.spots.enrichment.redis;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/** The {@code redis} section of config.yml: where Redis (one server or a cluster) is and how patiently to talk to it. */
public class RedisFactory {

    @NotEmpty
    @Pattern(regexp = "rediss?://.+", message = "must be a redis:// or rediss:// URL")
    private String url = "redis://127.0.0.1:6379";

    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration connectTimeout = Duration.milliseconds(50);

    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration socketTimeout = Duration.milliseconds(50);

    /** Sized for the server's worker threads: a pool smaller than that throttles every request. */
    @Min(1)
    private int maxConnections = 256;

    /**
     * Seed nodes of a Redis Cluster ({@code host:port} or {@code redis://host:port}); empty for the single
     * server at {@code url}. The credentials, TLS and timeouts of {@code url} apply to every node, and the
     * pool size to each node's pool.
     */
    @NotNull
    private List<@NotEmpty String> clusterNodes = List.of();

    @JsonProperty
    public String getUrl() {
        return url;
    }

    @JsonProperty
    public void setUrl(String url) {
        this.url = url;
    }

    @JsonProperty
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    @JsonProperty
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @JsonProperty
    public Duration getSocketTimeout() {
        return socketTimeout;
    }

    @JsonProperty
    public void setSocketTimeout(Duration socketTimeout) {
        this.socketTimeout = socketTimeout;
    }

    @JsonProperty
    public int getMaxConnections() {
        return maxConnections;
    }

    @JsonProperty
    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    @JsonProperty
    public List<String> getClusterNodes() {
        return clusterNodes;
    }

    @JsonProperty
    public void setClusterNodes(List<String> clusterNodes) {
        this.clusterNodes = clusterNodes;
    }

    /** A {@link RedisClient} for one server, or a {@link RedisClusterClient} when cluster nodes are given. */
    public UnifiedJedis build() {
        URI uri = URI.create(url);
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) connectTimeout.toMilliseconds())
                .socketTimeoutMillis((int) socketTimeout.toMilliseconds())
                .ssl("rediss".equals(uri.getScheme()))
                .clientName("enrichment-api");
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                client.password(userInfo);
            } else {
                if (colon > 0) {
                    client.user(userInfo.substring(0, colon));
                }
                client.password(userInfo.substring(colon + 1));
            }
        }
        String path = uri.getPath();
        if (clusterNodes.isEmpty() && path != null && path.length() > 1) {
            client.database(Integer.parseInt(path.substring(1)));
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(Math.min(8, maxConnections));
        pool.setMaxWait(java.time.Duration.ofMillis(connectTimeout.toMilliseconds() + socketTimeout.toMilliseconds()));
        pool.setTestWhileIdle(true);
        // The detailed statistics (mean idle/wait/active times) sit behind one lock taken on every borrow and return:
        // with every request borrowing, threads queue on it. Nothing reads them.
        pool.setCollectDetailedStatistics(false);
        if (!clusterNodes.isEmpty()) {
            Set<HostAndPort> nodes = new LinkedHashSet<>();
            for (String node : clusterNodes) {
                URI n = URI.create(node.contains("://") ? node : "redis://" + node);
                nodes.add(new HostAndPort(n.getHost(), n.getPort() < 0 ? 6379 : n.getPort()));
            }
            return RedisClusterClient.builder()
                    .nodes(nodes)
                    .clientConfig(client.build())
                    .poolConfig(pool)
                    .build();
        }
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()))
                .clientConfig(client.build())
                .poolConfig(pool)
                .build();
    }
}
