package com.spots.enrichment.insights;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The sections a request asks for: those named in {@code requested_insights}, or all of them when none are. */
public final class RequestedInsights {

    private RequestedInsights() {
    }

    public static <E extends Enum<E>> Set<E> of(List<E> requested, Class<E> type) {
        return requested == null || requested.isEmpty() ? EnumSet.allOf(type) : EnumSet.copyOf(requested);
    }
}
