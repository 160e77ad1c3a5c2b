package com.spots.enrichment.insights.behavior;

import com.spots.enrichment.api.Envelopes;
import com.spots.enrichment.api.RequestContext;
import com.spots.enrichment.auth.ApiKeyPrincipal;
import com.spots.enrichment.insights.RequestedInsights;
import com.spots.enrichment.insights.SplitAggregation;
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
import java.util.Set;

/** Behaviour insights for a segment: where its members go, for how long, in which order, how often they return. */
@Path("/v1/real-world-behavior")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RealWorldBehaviorResource {

    static final String ENDPOINT = "real-world-behavior";
    /** The day paths (a sort of every visit by member, day and time) run beside the other sections when both are asked. */
    static final Set<String> SECOND_CONNECTION = Set.of("journey");

    private final SegmentAggregates aggregates;
    private final SplitAggregation split;
    private final PrivacyThreshold privacy;
    private final Envelopes envelopes;

    public RealWorldBehaviorResource(SegmentAggregates aggregates, SplitAggregation split, PrivacyThreshold privacy,
                                     Envelopes envelopes) {
        this.aggregates = aggregates;
        this.split = split;
        this.privacy = privacy;
        this.envelopes = envelopes;
    }

    @POST
    public Response insights(@Auth ApiKeyPrincipal caller, @Context ContainerRequestContext http,
                             @NotNull(message = "is required: send a JSON object") @Valid RealWorldBehaviorRequest request) {
        Set<BehaviorInsight> asked = RequestedInsights.of(request.requestedInsights(), BehaviorInsight.class);
        int window = request.timeWindowDays() == null
                ? RealWorldBehaviorRequest.DEFAULT_TIME_WINDOW_DAYS : request.timeWindowDays();
        Set<String> sections = RealWorldBehaviorInsights.sections(asked);
        CachedAggregate aggregate = aggregates.fetch(caller.partnerId(), request.userSegment(), ENDPOINT, window,
                sections, (handle, d) -> split.aggregate(handle, sections, SECOND_CONNECTION, (h, part) ->
                        h.attach(BehaviorAggregationDAO.class).aggregate(d.region(), d.ageMin(), d.ageMax(),
                                d.interestsArray(), d.categoriesArray(), window, part.toArray(String[]::new))));
        privacy.check(aggregate.sampleSize());
        return envelopes.ok(RequestContext.of(http),
                RealWorldBehaviorInsights.shape(aggregate, asked, request.productContext()));
    }
}
