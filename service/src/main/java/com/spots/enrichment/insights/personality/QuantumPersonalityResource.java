package com.spots.enrichment.insights.personality;

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

/** Personality insights and product compatibility for a segment. Validates fully; computing is the insights issue's. */
@Path("/v1/quantum-personality")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class QuantumPersonalityResource {

    @POST
    public Response insights(@Auth ApiKeyPrincipal caller,
                             @NotNull(message = "is required: send a JSON object") @Valid QuantumPersonalityRequest request) {
        throw UnavailableInsights.noneComputable(request.requestedInsights(), PersonalityInsight.values());
    }
}
