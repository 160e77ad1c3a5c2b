package com.spots.enrichment.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient;
import com.spots.enrichment.testing.ApiClient.Answer;
import com.spots.enrichment.testing.Concurrently;
import com.spots.enrichment.testing.HealthChecks;
import com.spots.enrichment.testing.RedisServers;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestEnvironment;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * The same script, unchanged, on a 3-master Redis Cluster the test starts on loopback ports: two instances,
 * concurrent requests, exactly the limit admitted; keys of different API keys spread over the masters.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedisClusterExactnessTest {

    private static final RedisServers SERVERS = new RedisServers();
    private static final List<RedisServers.Server> CLUSTER = startCluster();
    private static final TestDatabase DB = TestDatabase.migrated();
    private static final Map<String, String> SETTINGS = Map.of(
            "redis.clusterNodes", RedisServers.nodeList(CLUSTER),
            "rateLimit.failureMode", "closed",
            "redis.socketTimeout", "2s");
    private static final DropwizardAppExtension<EnrichmentConfiguration> FIRST =
            TestApp.instance("first", DB, TestEnvironment::redisUrl, SETTINGS);
    private static final DropwizardAppExtension<EnrichmentConfiguration> SECOND =
            TestApp.instance("second", DB, TestEnvironment::redisUrl, SETTINGS);

    private static List<RedisServers.Server> startCluster() {
        try {
            return SERVERS.startCluster(3);
        } catch (RuntimeException e) {
            SERVERS.close();
            throw e;
        }
    }

    @AfterAll
    static void stopCluster() {
        SERVERS.close();
    }

    private static Map<Integer, Long> statusesOf300ConcurrentRequestsOverBothInstances(IssuedKey key) {
        ApiClient first = TestApp.client(FIRST);
        ApiClient second = TestApp.client(SECOND);
        List<Answer> answers = Concurrently.run(300,
                i -> (i % 2 == 0 ? first : second).get("/v1/usage", key.plaintext()));
        return answers.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
    }

    @Test
    void ofThreeHundredConcurrentRequestsAtOneHundredPerMinuteExactlyOneHundredAreAdmitted() {
        IssuedKey key = TestKeys.create(DB, TestKeys.uniquePartner("cluster-minute"), "--per-minute", "100");
        assertThat(statusesOf300ConcurrentRequestsOverBothInstances(key)).isEqualTo(Map.of(200, 100L, 429, 200L));
    }

    @Test
    void ofThreeHundredConcurrentRequestsAtFiftyPerDayExactlyFiftyAreAdmitted() {
        IssuedKey key = TestKeys.create(DB, TestKeys.uniquePartner("cluster-day"), "--per-minute", "50", "--per-day", "50");
        assertThat(statusesOf300ConcurrentRequestsOverBothInstances(key)).isEqualTo(Map.of(200, 50L, 429, 250L));
    }

    @Test
    void theWindowsOfManyKeysAreSpreadOverTheMasters() {
        Set<Integer> mastersHoldingState = new HashSet<>();
        for (int i = 0; i < 24; i++) {
            String key;
            try (Handle h = DB.jdbi().open()) {
                key = h.createQuery("SELECT generate_api_key(:p)").bind("p", TestKeys.uniquePartner("spread"))
                        .mapTo(String.class).one();
            }
            assertThat(TestApp.client(FIRST).get("/v1/usage", key).status()).isEqualTo(200);
        }
        for (RedisServers.Server node : CLUSTER) {
            try (Jedis jedis = node.connect()) {
                if (!jedis.keys("enrichment:rl:*").isEmpty()) {
                    mastersHoldingState.add(node.port());
                }
            }
        }
        assertThat(mastersHoldingState).hasSize(3);
    }

    @Test
    void theRedisHealthCheckIsHealthyOnTheCluster() {
        assertThat(HealthChecks.of(FIRST).path("redis").path("healthy").asBoolean()).isTrue();
    }
}
