package com.spots.enrichment;

import com.fasterxml.jackson.core.JsonGenerator;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.spots.enrichment.api.ApiExceptionMapper;
import com.spots.enrichment.api.CachedParameterNames;
import com.spots.enrichment.api.ConstraintViolationExceptionMapper;
import com.spots.enrichment.api.DocsResource;
import com.spots.enrichment.api.Envelopes;
import com.spots.enrichment.api.InvalidJsonExceptionMapper;
import com.spots.enrichment.api.OpenApiResource;
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
import com.spots.enrichment.concurrent.ConcurrencyLimit;
import com.spots.enrichment.http.ConcurrencyLimitFactory;
import com.spots.enrichment.http.ConcurrencyLimitFilter;
import com.spots.enrichment.http.CorsFilter;
import com.spots.enrichment.http.CorsPolicy;
import com.spots.enrichment.http.HttpApiFactory;
import com.spots.enrichment.http.JsonErrorHandler;
import com.spots.enrichment.http.RequestBodyLimitFilter;
import com.spots.enrichment.http.RequestContextFilter;
import com.spots.enrichment.http.RequestIdMdcFilter;
import com.spots.enrichment.http.UnreadBodyFilter;
import com.spots.enrichment.insights.SplitAggregation;
import com.spots.enrichment.insights.behavior.RealWorldBehaviorResource;
import com.spots.enrichment.insights.community.CommunityInfluenceResource;
import com.spots.enrichment.insights.personality.QuantumPersonalityResource;
import com.spots.enrichment.metrics.PrometheusExposition;
import com.spots.enrichment.ratelimit.RateLimitFactory;
import com.spots.enrichment.ratelimit.RateLimitFilter;
import com.spots.enrichment.ratelimit.UsageResource;
import com.spots.enrichment.redis.ManagedRedisClient;
import com.spots.enrichment.privacy.PrivacyThreshold;
import com.spots.enrichment.redis.RedisHealthCheck;
import io.dropwizard.assets.AssetsBundle;
import com.spots.enrichment.requestlog.RequestLogDAO;
import com.spots.enrichment.requestlog.RequestLogFactory;
import com.spots.enrichment.requestlog.RequestLogFilter;
import com.spots.enrichment.requestlog.RequestLogHealthCheck;
import com.spots.enrichment.requestlog.RequestLogRetention;
import com.spots.enrichment.requestlog.RequestLogRetentionTask;
import com.spots.enrichment.requestlog.RequestLogWriter;
import com.spots.enrichment.requestlog.RequestMetrics;
import com.spots.enrichment.segments.SegmentAggregates;
import com.spots.enrichment.sourcedata.DemoDataCommand;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.CachingAuthenticator;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.dropwizard.jersey.validation.JerseyParameterNameProvider;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.migrations.MigrationsBundle;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
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
        bootstrap.setValidatorFactory(Validators.newConfiguration()
                .parameterNameProvider(new CachedParameterNames(new JerseyParameterNameProvider()))
                .buildValidatorFactory());
        bootstrap.addCommand(new KeysCommand(System.out, clock));
        // Swagger UI's files for GET /docs; no index file, so the webjar's demo page is not served
        bootstrap.addBundle(new AssetsBundle(DocsResource.ASSETS_RESOURCE_PATH, DocsResource.ASSETS_PATH, null,
                "docs-assets"));
        // JVM gauges for /metrics and the dashboard also when the app is started without main() (tests)
        bootstrap.registerMetrics();
        bootstrap.addCommand(new DemoDataCommand(System.out, System.err, clock));
    }

    @Override
    public void run(EnrichmentConfiguration configuration, Environment environment) {
        StrictJson.configure(environment.getObjectMapper());
        // Every answer is mostly doubles: Schubfach writes them several times faster than Double.toString
        environment.getObjectMapper().enable(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER);

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

        // The request pipeline: admission -> request id -> CORS -> authenticate -> rate limit -> body limit -> route ->
        // validate -> respond
        HttpApiFactory api = configuration.getApi();
        ConcurrencyLimitFactory concurrency = api.getConcurrency();
        ConcurrencyLimit requestSlots = concurrency.build();
        JerseyEnvironment jersey = environment.jersey();
        jersey.register(new RequestContextFilter());
        CorsPolicy cors = new CorsPolicy(api.getCorsAllowedOrigins(), api.getCorsMaxAge().toSeconds());
        jersey.register(new CorsFilter(cors));
        jersey.register(new ApiKeyAuthFilter(authenticator, lastUsed, clock));
        jersey.register(new AuthValueFactoryProvider.Binder<>(ApiKeyPrincipal.class));
        RateLimitFactory rateLimit = configuration.getRateLimit();
        if (rateLimit.isEnabled()) {
            jersey.register(new RateLimitFilter(rateLimit.build(redis, environment.metrics())));
        }
        jersey.register(new RequestBodyLimitFilter(api.getMaxRequestBodySize().toBytes()));
        jersey.register(new UnreadBodyFilter());

        // Every failure in the envelope, from Jersey and from Jetty itself
        Envelopes envelopes = new Envelopes(clock);
        JsonErrorHandler jettyErrors = new JsonErrorHandler(environment.getObjectMapper(), clock);
        environment.getApplicationContext().setErrorHandler(jettyErrors);
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(jettyErrors));
        jersey.register(new ApiExceptionMapper(envelopes));
        jersey.register(new InvalidJsonExceptionMapper(envelopes));
        jersey.register(new ConstraintViolationExceptionMapper(envelopes));
        jersey.register(new WebApplicationExceptionMapper(envelopes));
        jersey.register(new UnexpectedExceptionMapper(envelopes));

        // Admission: requests take turns for a few slots, first come first served (the servlet filter before all others)
        if (concurrency.isEnabled()) {
            environment.servlets().addFilter("concurrency-limit", new ConcurrencyLimitFilter(requestSlots,
                            concurrency.getMaxQueueWait().toJavaDuration(), concurrency.getExemptPaths(), cors,
                            environment.getObjectMapper(), envelopes, environment.metrics()))
                    .addMappingForUrlPatterns(null, false, "/*");
        }

        // Request log and metrics: every authenticated request, written off the request path by a writer with
        // its own pool (managed before the writer, so it closes only after the writer has drained the queue)
        RequestLogFactory requestLog = configuration.getRequestLog();
        ManagedDataSource requestLogDb = requestLog.writerDataSource(configuration.getDatabase())
                .build(environment.metrics(), "request-log");
        environment.lifecycle().manage(requestLogDb);
        RequestLogDAO requestLogs = new RequestLogDAO(requestLogDb, jdbi);
        RequestLogWriter requestLogWriter = new RequestLogWriter(requestLogs, requestLog, environment.metrics(), clock);
        environment.lifecycle().manage(requestLogWriter);
        environment.healthChecks().register("request-log",
                new RequestLogHealthCheck(requestLogWriter, requestLog.getUnhealthyAfterFailures()));
        if (requestLog.isEnabled()) {
            jersey.register(new RequestLogFilter(requestLogWriter,
                    new RequestMetrics(environment.metrics(), requestLog.getMetricsMaxPartners()),
                    requestLog.isStoreRequestBodies(), (int) requestLog.getMaxBodySize().toBytes(), clock));
        }
        RequestLogRetention retention = new RequestLogRetention(requestLogs,
                requestLog.getRetention().toJavaDuration(), requestLog.getRetentionBatchSize(), clock);
        environment.admin().addTask(new RequestLogRetentionTask(retention));
        long retentionMillis = requestLog.getRetentionInterval().toMilliseconds();
        environment.lifecycle().scheduledExecutorService("request-log-retention-%d").threads(1).build()
                .scheduleWithFixedDelay(retention::purgeQuietly, Math.min(retentionMillis, 60_000L), retentionMillis,
                        TimeUnit.MILLISECONDS);
        RequestIdMdcFilter requestIdMdc = new RequestIdMdcFilter();
        jersey.register(requestIdMdc);
        environment.servlets().addFilter("request-id-mdc", requestIdMdc)
                .addMappingForUrlPatterns(null, true, "/*");
        environment.admin().addServlet("prometheus", PrometheusExposition.servlet(environment.metrics()))
                .addMapping(PrometheusExposition.PATH);

        // Segments and their cached aggregates; the privacy threshold every insight answer passes
        SegmentAggregates segmentAggregates = new SegmentAggregates(jdbi, environment.getObjectMapper(), clock,
                configuration.getSegments(), environment.metrics(), requestSlots);
        environment.lifecycle().scheduledExecutorService("segment-cache-purge-%d").threads(1).build()
                .scheduleWithFixedDelay(segmentAggregates::purgeExpired, 10, 10, TimeUnit.MINUTES);
        PrivacyThreshold privacy = configuration.getPrivacy().build();

        // Partner endpoints. A cold behaviour or community aggregate computes its two halves at once, the second on
        // another connection (threads here wait on the database; the pool bounds the connections).
        ExecutorService secondHalves = environment.lifecycle().executorService("aggregate-second-half-%d")
                .minThreads(8).maxThreads(8).build();
        SplitAggregation split = new SplitAggregation(jdbi, secondHalves, environment.getObjectMapper());
        jersey.register(new RealWorldBehaviorResource(segmentAggregates, split, privacy, envelopes));
        jersey.register(new QuantumPersonalityResource(segmentAggregates, privacy, envelopes));
        jersey.register(new CommunityInfluenceResource(segmentAggregates, split, privacy, envelopes));

        jersey.register(new UsageResource(envelopes, rateLimit.windows(), rateLimit.isEnabled()));
        // The API's own documentation, no key needed
        jersey.register(new OpenApiResource(environment.getObjectMapper()));
        jersey.register(new DocsResource());
    }
}
