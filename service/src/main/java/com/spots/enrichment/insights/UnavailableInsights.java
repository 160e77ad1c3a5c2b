package com.spots.enrichment.insights;

import com.spots.enrichment.api.ApiException;
import com.spots.enrichment.api.ErrorCode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The 501 NOT_IMPLEMENTED answer for a request none of whose insights this service can compute. */
public final class UnavailableInsights {

    private UnavailableInsights() {
    }

    public static ApiException noneComputable(List<? extends InsightName> requested, InsightName[] all) {
        List<String> names = (requested == null || requested.isEmpty() ? Arrays.asList(all) : requested).stream()
                .map(InsightName::wireName).distinct().toList();
        return new ApiException(ErrorCode.NOT_IMPLEMENTED,
                "None of the requested insights can be computed by this version of the service: "
                        + String.join(", ", names) + ". The request itself is valid.",
                Map.of("unavailable_insights", names));
    }
}
