package com.spots.enrichment;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.spots.enrichment.api.ApiExceptionMapper;
import com.spots.enrichment.api.ConstraintViolationExceptionMapper;
import com.spots.enrichment.api.Envelopes;
import com.spots.enrichment.api.InvalidJsonExceptionMapper;
import com.spots.enrichment.api.StrictJson;
import com.spots.enrichment.api.UnexpectedExceptionMapper;
import com.spots.enrichment.api.WebApplicationExceptionMapper;
import com.spots.enrichment.auth.ApiKeyAuthFilter;
import com.spots.enrichment.auth.ApiKeyAuthenticator;
import com.spots.enrichment.auth.ApiKeyDAO;
import com.spots.enrichment.auth.ApiKeyPrincipal;
import com.spots.enrichment.auth.ApiKeysFactory;
import com.spots.enrichment.auth.KeysCommand;
import com.spots.enrichment.auth.LastUsedTracker;
import com.spots.enrichment.http.CorsFilter;
import com.spots.enrichment.http.HttpApiFactory;
import com.spots.enrichment.http.RequestBodyLimitFilter;
import com.spots.enrichment.http.RequestContextFilter;
import com.spots.enrichment.insights.behavior.RealWorldBehaviorResource;
import com.spots.enrichment.insights.community.CommunityInfluenceResource;
import com.spots.enrichment.insights.personality.QuantumPersonalityResource;
import com.spots.enrichment.ratelimit.RateLimitFactory;
import com.spots.enrichment.ratelimit.RateLimitFilter;
import com.spots.enrichment.ratelimit.UsageResource;
import com.spots.enrichment.redis.ManagedRedisClient;
import com.spots.enrichment.redis.RedisHealthCheck;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.CachingAuthenticator;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.dropwizard.migrations.MigrationsBundle;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import redis.clients.jedis.UnifiedJedis;

public class EnrichmentApplication extends Application<EnrichmentConfiguration> {

    private final Clock clock;

    public EnrichmentApplication() {
        this(Clock.systemUTC());
    }

    public EnrichmentApplication(Clock clock) {
        this.clock = clock;
    }

    public static void main(String[] args) throws Exception {
        new EnrichmentApplication().run(args);
    }

    @Override
    public String getName() {
        return "enrichment-api";
    }

    @Override
    public void initialize(Bootstrap<EnrichmentConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(EnrichmentConfiguration configuration) {
                return configuration.getDatabase();
            }
        });
        bootstrap.addCommand(new KeysCommand(System.out, clock));
    }

    @Override
    public void run(EnrichmentConfiguration configuration, Environment environment) {
        StrictJson.configure(environment.getObjectMapper());

        // Backing services
        Jdbi jdbi = new JdbiFactory().build(environment, configuration.getDatabase(), "postgresql");
        jdbi.installPlugin(new PostgresPlugin());
        UnifiedJedis redis = configuration.getRedis().build();
        environment.lifecycle().manage(new ManagedRedisClient(redis));
        environment.healthChecks().register("redis", new RedisHealthCheck(redis));

        // Authentication: cached key lookups, last-used times written in batches
        ApiKeysFactory apiKeys = configuration.getApiKeys();
        ApiKeyDAO keys = jdbi.onDemand(ApiKeyDAO.class);
        LastUsedTracker lastUsed = new LastUsedTracker(keys, clock);
        environment.lifecycle().manage(lastUsed);
        ScheduledExecutorService flusher = environment.lifecycle()
                .scheduledExecutorService("api-key-last-used-%d").threads(1).build();
        long flushMillis = apiKeys.getLastUsedFlushInterval().toMilliseconds();
        flusher.scheduleWithFixedDelay(lastUsed::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        CachingAuthenticator<String, ApiKeyPrincipal> authenticator = new CachingAuthenticator<>(
                environment.metrics(), new ApiKeyAuthenticator(keys),
                Caffeine.newBuilder()
                        .maximumSize(apiKeys.getCacheMaxSize())
                        .expireAfterWrite(apiKeys.getCacheTtl().toMilliseconds(), TimeUnit.MILLISECONDS));

        // The request pipeline: request id -> CORS -> authenticate -> rate limit -> body limit -> route -> validate -> respond
        HttpApiFactory api = configuration.getApi();
        JerseyEnvironment jersey = environment.jersey();
        jersey.register(new RequestContextFilter());
        jersey.register(new CorsFilter(api.getCorsAllowedOrigins(), api.getCorsMaxAge().toSeconds()));
        jersey.register(new ApiKeyAuthFilter(authenticator, lastUsed, clock));
        jersey.register(new AuthValueFactoryProvider.Binder<>(ApiKeyPrincipal.class));
        RateLimitFactory rateLimit = configuration.getRateLimit();
        if (rateLimit.isEnabled()) {
            jersey.register(new RateLimitFilter(rateLimit.build(redis, environment.metrics())));
        }
        jersey.register(new RequestBodyLimitFilter(api.getMaxRequestBodySize().toBytes()));

        // Every failure in the envelope
        Envelopes envelopes = new Envelopes(clock);
        jersey.register(new ApiExceptionMapper(envelopes));
        jersey.register(new InvalidJsonExceptionMapper(envelopes));
        jersey.register(new ConstraintViolationExceptionMapper(envelopes));
        jersey.register(new WebApplicationExceptionMapper(envelopes));
        jersey.register(new UnexpectedExceptionMapper(envelopes));

        // Partner endpoints
        jersey.register(new RealWorldBehaviorResource());
        jersey.register(new QuantumPersonalityResource());
        jersey.register(new CommunityInfluenceResource());
        jersey.register(new UsageResource(envelopes, rateLimit.windows(), rateLimit.isEnabled()));
    }
}
