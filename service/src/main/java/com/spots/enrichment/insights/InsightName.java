package com.spots.enrichment.insights;

/** A section a partner can ask for in {@code requested_insights}, by its wire name. */
public interface InsightName {

    String wireName();
}
