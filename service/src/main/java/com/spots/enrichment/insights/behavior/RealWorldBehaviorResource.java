package com.spots.enrichment.insights.behavior;

import com.spots.enrichment.auth.ApiKeyPrincipal;
import com.spots.enrichment.insights.UnavailableInsights;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Behaviour insights for a segment. Validates fully; computing the insights is the insights issue's work. */
@Path("/v1/real-world-behavior")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RealWorldBehaviorResource {

    @POST
    public Response insights(@Auth ApiKeyPrincipal caller,
                             @NotNull(message = "is required: send a JSON object") @Valid RealWorldBehaviorRequest request) {
        throw UnavailableInsights.noneComputable(request.requestedInsights(), BehaviorInsight.values());
    }
}
