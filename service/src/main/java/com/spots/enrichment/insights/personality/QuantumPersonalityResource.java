package com.spots.enrichment.insights.personality;

import com.spots.enrichment.api.Envelopes;
import com.spots.enrichment.api.RequestContext;
import com.spots.enrichment.auth.ApiKeyPrincipal;
import com.spots.enrichment.insights.RequestedInsights;
import com.spots.enrichment.insights.UnavailableInsights;
import com.spots.enrichment.privacy.PrivacyThreshold;
import com.spots.enrichment.segments.CachedAggregate;
import com.spots.enrichment.segments.SegmentAggregates;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Personality insights for a segment and its compatibility with the partner's products. */
@Path("/v1/quantum-personality")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class QuantumPersonalityResource {

    static final String ENDPOINT = "quantum-personality";

    private final SegmentAggregates aggregates;
    private final PrivacyThreshold privacy;
    private final Envelopes envelopes;

    public QuantumPersonalityResource(SegmentAggregates aggregates, PrivacyThreshold privacy, Envelopes envelopes) {
        this.aggregates = aggregates;
        this.privacy = privacy;
        this.envelopes = envelopes;
    }

    @POST
    public Response insights(@Auth ApiKeyPrincipal caller, @Context ContainerRequestContext http,
                             @NotNull(message = "is required: send a JSON object") @Valid QuantumPersonalityRequest request) {
        Set<PersonalityInsight> asked = RequestedInsights.of(request.requestedInsights(), PersonalityInsight.class);
        if (asked.equals(EnumSet.of(PersonalityInsight.KNOT_COMPATIBILITY))) {
            throw UnavailableInsights.noneComputable(List.copyOf(asked), PersonalityInsight.values());
        }
        // every computable section reads the same aggregate: the segment's personality profile
        List<String> sections = List.of("profile");
        CachedAggregate aggregate = aggregates.fetch(caller.partnerId(), request.userSegment(), ENDPOINT, 0, sections,
                (handle, d) -> handle.attach(PersonalityAggregationDAO.class).aggregate(d.region(), d.ageMin(),
                        d.ageMax(), d.interestsArray(), d.categoriesArray(), sections.toArray(String[]::new)));
        privacy.check(aggregate.sampleSize());
        return envelopes.ok(RequestContext.of(http), QuantumPersonalityInsights.shape(aggregate, asked, request));
    }
}
