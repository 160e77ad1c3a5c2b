package com.spots.enrichment.insights.community;

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

/** Network-influence insights for a segment: its reach in the agent graph, connection quality, purchase influence. */
@Path("/v1/community-influence")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CommunityInfluenceResource {

    static final String ENDPOINT = "community-influence";
    static final int DEFAULT_TIME_WINDOW_DAYS = 30;
    /** Purchase shares nothing with the graph sections but the segment: it runs beside them when both are asked. */
    static final Set<String> SECOND_CONNECTION = Set.of("purchase");

    private final SegmentAggregates aggregates;
    private final SplitAggregation split;
    private final PrivacyThreshold privacy;
    private final Envelopes envelopes;

    public CommunityInfluenceResource(SegmentAggregates aggregates, SplitAggregation split, PrivacyThreshold privacy,
                                      Envelopes envelopes) {
        this.aggregates = aggregates;
        this.split = split;
        this.privacy = privacy;
        this.envelopes = envelopes;
    }

    @POST
    public Response insights(@Auth ApiKeyPrincipal caller, @Context ContainerRequestContext http,
                             @NotNull(message = "is required: send a JSON object") @Valid CommunityInfluenceRequest request) {
        Set<CommunityInsight> asked = RequestedInsights.of(request.requestedInsights(), CommunityInsight.class);
        int window = request.timeWindowDays() == null ? DEFAULT_TIME_WINDOW_DAYS : request.timeWindowDays();
        Set<String> sections = CommunityInfluenceInsights.sections(asked);
        CachedAggregate aggregate = aggregates.fetch(caller.partnerId(), request.userSegment(), ENDPOINT, window,
                sections, (handle, d) -> split.aggregate(handle, sections, SECOND_CONNECTION, (h, part) ->
                        h.attach(CommunityAggregationDAO.class).aggregate(d.region(), d.ageMin(), d.ageMax(),
                                d.interestsArray(), d.categoriesArray(), window, part.toArray(String[]::new))));
        privacy.check(aggregate.sampleSize());
        return envelopes.ok(RequestContext.of(http),
                CommunityInfluenceInsights.shape(aggregate, asked, window, request.productCategory()));
    }
}
