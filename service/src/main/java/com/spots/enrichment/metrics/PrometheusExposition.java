package com.spots.enrichment.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.dropwizard.samplebuilder.CustomMappingSampleBuilder;
import io.prometheus.client.dropwizard.samplebuilder.MapperConfig;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition of the Dropwizard metric registry (admin port, {@link #PATH}), through the
 * Prometheus client's Dropwizard bridge. Metrics whose names carry labels as dotted segments are mapped to one
 * labelled family each, so PromQL can aggregate {@code by (endpoint, status)}; every other metric keeps the
 * bridge's default name (dots and dashes become underscores, e.g. {@code jvm_memory_heap_used}).
 */
public final class PrometheusExposition {

    public static final String PATH = "/prometheus";

    private PrometheusExposition() {
    }

    public static MetricsServlet servlet(MetricRegistry metrics) {
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(new DropwizardExports(metrics, new CustomMappingSampleBuilder(mappings())));
        return new MetricsServlet(registry);
    }

    static List<MapperConfig> mappings() {
        return List.of(
                map("enrichment.requests.*.*", "enrichment_requests", "endpoint", "status"),
                map("enrichment.request-errors.*.*", "enrichment_request_errors", "endpoint", "error_code"),
                map("enrichment.latency.*", "enrichment_request_latency_seconds", "endpoint"),
                map("enrichment.partner-requests.*.*.*", "enrichment_partner_requests",
                        "partner", "status", "error_code"),
                map("com.spots.enrichment.auth.ApiKeyAuthenticator.cache-misses", "enrichment_auth_cache_misses"),
                map("com.spots.enrichment.auth.ApiKeyAuthenticator.gets", "enrichment_auth_cache_gets_seconds"),
                map("io.dropwizard.db.ManagedPooledDataSource.*.*", "enrichment_db_pool", "pool", "state"));
    }

    private static MapperConfig map(String match, String name, String... labels) {
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            labelMap.put(labels[i], "${" + i + "}");
        }
        return new MapperConfig(match, name, labelMap);
    }
}
