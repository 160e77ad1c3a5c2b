package com.spots.enrichment.insights.personality;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Calls aggregate_personality_profiles (insights/db/001-aggregations.sql): one round trip per request. */
public interface PersonalityAggregationDAO {

    @SqlQuery("SELECT aggregate_personality_profiles(p_region => :region, p_age_min => :ageMin, p_age_max => :ageMax,"
            + " p_interests => CAST(:interests AS text[]), p_categories => CAST(:categories AS text[]),"
            + " p_sections => CAST(:sections AS text[]))::text")
    String aggregate(@Bind("region") String region, @Bind("ageMin") Integer ageMin, @Bind("ageMax") Integer ageMax,
                     @Bind("interests") String[] interests, @Bind("categories") String[] categories,
                     @Bind("sections") String[] sections);
}
