package com.spots.enrichment.insights.behavior;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Calls aggregate_real_world_behavior (insights/db/001-aggregations.sql): one round trip per call; a cold request makes
 * two at once (journey, the rest) when both are asked (SplitAggregation). */
public interface BehaviorAggregationDAO {

    @SqlQuery("SELECT aggregate_real_world_behavior(p_region => :region, p_age_min => :ageMin, p_age_max => :ageMax,"
            + " p_interests => CAST(:interests AS text[]), p_categories => CAST(:categories AS text[]),"
            + " p_window_days => :window, p_sections => CAST(:sections AS text[]))::text")
    String aggregate(@Bind("region") String region, @Bind("ageMin") Integer ageMin, @Bind("ageMax") Integer ageMax,
                     @Bind("interests") String[] interests, @Bind("categories") String[] categories,
                     @Bind("window") int windowDays, @Bind("sections") String[] sections);
}
