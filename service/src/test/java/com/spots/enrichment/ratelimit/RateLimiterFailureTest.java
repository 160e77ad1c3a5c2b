package com.spots.enrichment.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.MetricRegistry;
import com.spots.enrichment.auth.ApiKeyPrincipal;
import com.spots.enrichment.ratelimit.RateLimitDecision.Outcome;
import com.spots.enrichment.redis.RedisFactory;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/** The limiter against a port where no Redis listens: every failure counted, few logged. */
class RateLimiterFailureTest {

    private static int closedPort() {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRedisOutageIsLoggedAtMostOncePerIntervalAndEveryFailureIsCounted() throws InterruptedException {
        RedisFactory redisFactory = new RedisFactory();
        redisFactory.setUrl("redis://127.0.0.1:" + closedPort());
        RateLimitFactory factory = new RateLimitFactory();
        factory.setErrorLogInterval(Duration.milliseconds(500));
        MetricRegistry metrics = new MetricRegistry();
        Logger logger = (Logger) LoggerFactory.getLogger(RateLimiter.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        Level level = logger.getLevel();
        logger.setLevel(Level.WARN);
        try (UnifiedJedis redis = redisFactory.build()) {
            RateLimiter limiter = factory.build(redis, metrics);
            ApiKeyPrincipal key = new ApiKeyPrincipal(UUID.randomUUID(), "p", 100, 10_000, null, false);

            for (int i = 0; i < 10; i++) {
                assertThat(limiter.check(key).outcome()).isEqualTo(Outcome.UNCHECKED);
            }
            Thread.sleep(600);
            for (int i = 0; i < 10; i++) {
                assertThat(limiter.check(key).outcome()).isEqualTo(Outcome.UNCHECKED);
            }
        } finally {
            logger.detachAppender(logged);
            logger.setLevel(level);
        }

        List<String> warnings = logged.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("failing open");
        assertThat(warnings.get(1)).contains("9 similar errors not logged");
        assertThat(metrics.meter("ratelimit.redis-errors").getCount()).isEqualTo(20);
        assertThat(metrics.meter("ratelimit.admitted").getCount()).isZero();
    }
}
