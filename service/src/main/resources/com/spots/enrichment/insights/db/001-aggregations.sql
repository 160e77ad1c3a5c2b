--liquibase formatted sql

--changeset enrichment:insights-dimension-value splitStatements:false runOnChange:true
-- One personality dimension of an agent, clamped to its range [0, 1] (in numeric: no JSON number is out of range);
-- NULL when absent or not a number. personality_profiles.dimension_values holds it for each of the 12 dimensions,
-- in the order of dimension_names(); the aggregates read that column.
CREATE OR REPLACE FUNCTION dimension_value(p_dimensions jsonb, p_name text)
RETURNS double precision
LANGUAGE sql
IMMUTABLE
AS $fn$
    SELECT CASE WHEN jsonb_typeof(p_dimensions -> p_name) = 'number'
                THEN LEAST(GREATEST((p_dimensions -> p_name)::numeric, 0), 1)::double precision END
$fn$;

-- The 12 dimensions in SPEC §6's order, the order of personality_profiles.dimension_values.
CREATE OR REPLACE FUNCTION dimension_names()
RETURNS text[]
LANGUAGE sql
IMMUTABLE
AS $fn$
    SELECT ARRAY['exploration_eagerness', 'community_orientation', 'authenticity_preference', 'social_discovery_style',
                 'temporal_flexibility', 'location_adventurousness', 'curation_tendency', 'trust_network_reliance',
                 'energy_preference', 'novelty_seeking', 'value_orientation', 'crowd_tolerance']
$fn$;

--changeset enrichment:insights-aggregate-real-world-behavior splitStatements:false runOnChange:true
-- Behaviour aggregates of a segment over [p_as_of - p_window_days, p_as_of). Sections: visits, journey,
-- implications. Per-agent contribution is bounded: at most p_max_actions_per_agent most recent actions, dwell
-- clamped to [0, 480] minutes, dimensions clamped to [0, 1]. Formulas: docs/insights.md.
CREATE OR REPLACE FUNCTION aggregate_real_world_behavior(
    p_region text DEFAULT NULL,
    p_age_min integer DEFAULT NULL,
    p_age_max integer DEFAULT NULL,
    p_interests text[] DEFAULT NULL,
    p_categories text[] DEFAULT NULL,
    p_window_days integer DEFAULT 30,
    p_as_of timestamptz DEFAULT now(),
    p_sections text[] DEFAULT ARRAY['visits', 'journey', 'implications'],
    p_max_actions_per_agent integer DEFAULT 200
) RETURNS jsonb
LANGUAGE plpgsql
STABLE
SET plan_cache_mode = force_custom_plan
SET jit = off
SET work_mem = '64MB'
AS $fn$
DECLARE
    v_from timestamptz := p_as_of - make_interval(days => p_window_days);
    v_dims CONSTANT text[] := ARRAY['authenticity_preference', 'value_orientation', 'community_orientation',
                                    'novelty_seeking', 'trust_network_reliance'];
    -- where each of v_dims stands in dimension_values
    v_at CONSTANT integer[] := ARRAY(SELECT array_position(dimension_names(), d) FROM unnest(v_dims) d);
BEGIN
    RETURN (
    -- members by an index-only scan where the criteria allow it; their dimensions only for implications. Members in
    -- id order: floating-point sums then see their terms in one order whatever plan read the rows, so rows outside the
    -- segment (which change the plan, not the members) change no answer, not even in the last digit.
    WITH seg AS MATERIALIZED (
        SELECT p.agent_id, p.home_region, p.updated_at,
               CASE WHEN 'implications' = ANY (p_sections) THEN p.dimension_values END AS dimension_values
        FROM segment_profiles(p_region, p_age_min, p_age_max, p_interests, p_categories) p
        ORDER BY p.agent_id
    ),
    -- One row per member: its counted actions aggregated as they are read from the index (one ordered range per
    -- member), not every member's actions gathered first and grouped afterwards (0.7-0.8x the time at 100 000 and
    -- 1 000 000 agents). A visit is a spot visit or event attendance with an end; dwell is NULL for anything else.
    members AS MATERIALIZED (
        SELECT s.agent_id, m.*
        FROM seg s
        CROSS JOIN LATERAL (
            SELECT count(*) AS actions,
                   max(a.created_at) AS fresh,
                   bool_or(a.action_type IN ('event_attendance', 'list_shared', 'review_posted')) AS community,
                   count(a.dwell) AS visits,
                   count(DISTINCT a.spot_id) FILTER (WHERE a.dwell IS NOT NULL) AS spots,
                   bool_or(a.is_return_visit) FILTER (WHERE a.dwell IS NOT NULL) AS returned,
                   count(*) FILTER (WHERE a.dwell IS NOT NULL AND a.is_return_visit) AS return_visits,
                   count(*) FILTER (WHERE a.dwell < 30) AS short_visits,
                   count(*) FILTER (WHERE a.dwell >= 30 AND a.dwell < 120) AS medium_visits,
                   count(*) FILTER (WHERE a.dwell >= 120) AS long_visits,
                   sum(a.dwell) AS dwell_sum,
                   -- squared deviations from the member's own mean; combined across members below
                   coalesce(var_samp(a.dwell) * (count(a.dwell) - 1), 0) AS dwell_m2,
                   array_agg(a.spot_category) FILTER (WHERE a.dwell IS NOT NULL AND a.spot_category IS NOT NULL)
                       AS categories
            FROM (SELECT ua.action_type, ua.spot_id, ua.spot_category, ua.is_return_visit, ua.created_at,
                         CASE WHEN ua.action_type IN ('spot_visit', 'event_attendance') AND ua.end_time IS NOT NULL
                              THEN LEAST(GREATEST(EXTRACT(epoch FROM ua.end_time - ua.start_time)::double precision
                                                  / 60.0, 0), 480) END AS dwell
                  FROM user_actions ua
                  WHERE ua.agent_id = s.agent_id AND ua.start_time >= v_from AND ua.start_time < p_as_of
                  ORDER BY ua.start_time DESC, ua.id DESC
                  LIMIT p_max_actions_per_agent) a) m
        WHERE 'visits' = ANY (p_sections)
    ),
    -- One row per member and UTC day of its counted actions, likewise aggregated as read: the day's path (its visits
    -- with a category, in start order, a category repeated back to back once, the first 6) and the newest created_at.
    -- Partitioned by day and visit, so that lag() compares a visit with the day's previous visit only.
    member_days AS MATERIALIZED (
        SELECT dp.fresh, dp.path
        FROM seg s
        CROSS JOIN LATERAL (
            SELECT max(a.created_at) AS fresh,
                   (array_agg(a.spot_category ORDER BY a.start_time, a.spot_category) FILTER (WHERE a.step))[1:6]
                       AS path
            FROM (SELECT a.d, a.start_time, a.spot_category, a.created_at,
                         a.visit AND lag(a.spot_category) OVER w IS DISTINCT FROM a.spot_category AS step
                  FROM (SELECT (ua.start_time AT TIME ZONE 'UTC')::date AS d, ua.start_time, ua.spot_category,
                               ua.created_at,
                               ua.action_type IN ('spot_visit', 'event_attendance') AND ua.end_time IS NOT NULL
                                   AND ua.spot_category IS NOT NULL AS visit
                        FROM user_actions ua
                        WHERE ua.agent_id = s.agent_id AND ua.start_time >= v_from AND ua.start_time < p_as_of
                        ORDER BY ua.start_time DESC, ua.id DESC
                        LIMIT p_max_actions_per_agent) a
                  WINDOW w AS (PARTITION BY a.d, a.visit ORDER BY a.start_time, a.spot_category)) a
            GROUP BY a.d) dp
        WHERE 'journey' = ANY (p_sections)
    ),
    paths AS (
        SELECT path, count(*) AS n FROM member_days WHERE cardinality(path) >= 2 GROUP BY path
    ),
    -- dimension by dimension, one pass over the members each (in member order, whatever way the plan groups)
    dims AS (
        SELECT d.name, a.n, a.mean, a.sd
        FROM unnest(v_dims) WITH ORDINALITY d(name, i)
        CROSS JOIN LATERAL (
            SELECT count(v) AS n, avg(v) AS mean, stddev_samp(v) AS sd
            FROM (SELECT m.dimension_values[v_at[d.i]] AS v FROM seg m) x) a
    ),
    -- authenticity_preference against value_orientation (v_dims[1], v_dims[2])
    quality AS (
        SELECT count(*) FILTER (WHERE x.a > x.v) AS agents,
               count(*) FILTER (WHERE x.a IS NOT NULL AND x.v IS NOT NULL) AS rated
        FROM seg m
        CROSS JOIN LATERAL (SELECT m.dimension_values[v_at[1]] AS a, m.dimension_values[v_at[2]] AS v OFFSET 0) x
    ),
    dwell AS (
        SELECT sum(visits) AS n, sum(dwell_sum ORDER BY agent_id) / nullif(sum(visits), 0) AS mean FROM members
    )
    SELECT jsonb_strip_nulls(jsonb_build_object(
        'sample_size', (SELECT count(*) FROM seg),
        'data_freshness', GREATEST((SELECT max(updated_at) FROM seg), (SELECT max(fresh) FROM members),
                                   (SELECT max(fresh) FROM member_days)),
        'regions', (SELECT jsonb_agg(home_region ORDER BY n DESC, home_region)
                    FROM (SELECT home_region, count(*) AS n FROM seg WHERE home_region IS NOT NULL
                          GROUP BY home_region) r),
        -- sums over members in member order whatever way the plan reads them
        'visits', CASE WHEN 'visits' = ANY (p_sections) THEN (
            SELECT jsonb_build_object(
                'visit_count', coalesce(sum(m.visits), 0),
                'dwell_mean', (SELECT mean FROM dwell),
                -- the members' squared deviations plus each member's mean's from the overall mean
                'dwell_sd', CASE WHEN (SELECT n FROM dwell) > 1 THEN
                    sqrt((sum(m.dwell_m2 ORDER BY m.agent_id)
                          + coalesce(sum(m.visits * (m.dwell_sum / m.visits - (SELECT mean FROM dwell)) ^ 2
                                         ORDER BY m.agent_id) FILTER (WHERE m.visits > 0), 0))
                         / ((SELECT n FROM dwell) - 1)) END,
                'return_visits', coalesce(sum(m.return_visits), 0),
                'short_visits', coalesce(sum(m.short_visits), 0),
                'medium_visits', coalesce(sum(m.medium_visits), 0),
                'long_visits', coalesce(sum(m.long_visits), 0),
                'category_visits', (SELECT coalesce(jsonb_object_agg(c, n), '{}'::jsonb)
                                    FROM (SELECT c, count(*) AS n FROM members, unnest(members.categories) c
                                          GROUP BY c) c),
                'visiting_agents', count(*) FILTER (WHERE m.visits > 0),
                'returning_agents', count(*) FILTER (WHERE m.returned),
                'exploration_mean', avg(m.spots::double precision / m.visits ORDER BY m.agent_id)
                                        FILTER (WHERE m.visits > 0),
                'exploration_sd', stddev_samp(m.spots::double precision / m.visits ORDER BY m.agent_id)
                                      FILTER (WHERE m.visits > 0),
                'active_agents', count(*) FILTER (WHERE m.actions > 0),
                'community_agents', count(*) FILTER (WHERE m.community))
            FROM members m) END,
        'journey', CASE WHEN 'journey' = ANY (p_sections) THEN jsonb_build_object(
            'agent_days', (SELECT coalesce(sum(n), 0) FROM paths),
            'distinct_paths', (SELECT count(*) FROM paths),
            'top_path', (SELECT to_jsonb(path) FROM paths ORDER BY n DESC, path LIMIT 1),
            'top_count', (SELECT n FROM paths ORDER BY n DESC, path LIMIT 1)) END,
        'implications', CASE WHEN 'implications' = ANY (p_sections) THEN jsonb_build_object(
            'dimensions', (SELECT coalesce(jsonb_object_agg(name, jsonb_build_object('n', n, 'mean', mean, 'sd', sd)),
                                           '{}'::jsonb) FROM dims),
            'quality_agents', (SELECT agents FROM quality),
            'quality_rated', (SELECT rated FROM quality)) END
    )));
END
$fn$;

-- This change set runs again whenever the function changes: the answers the previous version computed are not
-- served again (a running instance drops its in-memory copy within segments.localCopyRecheckSeconds; docs/insights.md).
DELETE FROM segment_aggregate_cache WHERE endpoint = 'real-world-behavior';

--changeset enrichment:insights-aggregate-personality-profiles splitStatements:false runOnChange:true
-- Personality aggregates of a segment: per dimension n, mean, sample standard deviation and quartiles
-- (percentile_cont), the modal archetype, authenticity, and how many members hold each interest and category
-- preference (for style, feature and category matching). Values clamped to [0, 1].
CREATE OR REPLACE FUNCTION aggregate_personality_profiles(
    p_region text DEFAULT NULL,
    p_age_min integer DEFAULT NULL,
    p_age_max integer DEFAULT NULL,
    p_interests text[] DEFAULT NULL,
    p_categories text[] DEFAULT NULL,
    p_sections text[] DEFAULT ARRAY['profile']
) RETURNS jsonb
LANGUAGE plpgsql
STABLE
SET plan_cache_mode = force_custom_plan
SET jit = off
SET work_mem = '64MB'
AS $fn$
DECLARE
    v_dims CONSTANT text[] := dimension_names();
BEGIN
    RETURN (
    -- members in id order: the same terms in the same order for every floating-point sum, whatever the plan
    WITH seg AS MATERIALIZED (
        SELECT p.agent_id, p.home_region, p.dimension_values, p.archetype, p.authenticity_score, p.interests,
               p.category_preferences, p.updated_at
        FROM segment_profiles(p_region, p_age_min, p_age_max, p_interests, p_categories) p
        ORDER BY p.agent_id
    ),
    -- the dimensions alone, in member order: dims reads them once per dimension, and the wide member rows outgrow
    -- work_mem at a million agents (each pass would then read them back from a temporary file)
    seg_dimensions AS MATERIALIZED (
        SELECT seg.dimension_values FROM seg WHERE 'profile' = ANY (p_sections)
    ),
    -- dimension by dimension, one pass over the members each (in member order, whatever way the plan groups)
    dims AS (
        SELECT d.name, a.n, a.mean, a.sd, a.q
        FROM unnest(v_dims) WITH ORDINALITY d(name, i)
        CROSS JOIN LATERAL (
            SELECT count(v) AS n, avg(v) AS mean, stddev_samp(v) AS sd,
                   percentile_cont(ARRAY[0.25, 0.50, 0.75]) WITHIN GROUP (ORDER BY v) AS q
            FROM (SELECT m.dimension_values[d.i] AS v FROM seg_dimensions m) x) a
    ),
    archetypes AS (
        SELECT archetype, count(*) AS n FROM seg WHERE archetype IS NOT NULL GROUP BY archetype
    )
    SELECT jsonb_strip_nulls(jsonb_build_object(
        'sample_size', (SELECT count(*) FROM seg),
        'data_freshness', (SELECT max(updated_at) FROM seg),
        'regions', (SELECT jsonb_agg(home_region ORDER BY n DESC, home_region)
                    FROM (SELECT home_region, count(*) AS n FROM seg WHERE home_region IS NOT NULL
                          GROUP BY home_region) r),
        'profile', CASE WHEN 'profile' = ANY (p_sections) THEN jsonb_build_object(
            'dimensions', (SELECT coalesce(jsonb_object_agg(name, jsonb_build_object(
                               'n', n, 'mean', mean, 'sd', sd, 'p25', q[1], 'p50', q[2], 'p75', q[3])), '{}'::jsonb)
                           FROM dims WHERE n > 0),
            'archetype', (SELECT archetype FROM archetypes ORDER BY n DESC, archetype LIMIT 1),
            'archetype_count', (SELECT n FROM archetypes ORDER BY n DESC, archetype LIMIT 1),
            'archetype_rated', (SELECT sum(n) FROM archetypes),
            'authenticity_n', (SELECT count(authenticity_score) FROM seg),
            'authenticity_mean', (SELECT avg(LEAST(GREATEST(authenticity_score, 0), 1)) FROM seg),
            'authenticity_sd', (SELECT stddev_samp(LEAST(GREATEST(authenticity_score, 0), 1)) FROM seg),
            -- each member once per distinct element of its array (an element counts where it first occurs in the
            -- array), counted in a hash of the elements: no sort of every (element, member) pair, and no hash per
            -- member (at 1 000 000 agents a city's interests in 151-202 ms instead of 230-233)
            'interest_agents', (SELECT coalesce(jsonb_object_agg(i, n), '{}'::jsonb)
                                FROM (SELECT u.i, count(*) AS n
                                      FROM seg
                                      CROSS JOIN LATERAL unnest(seg.interests) WITH ORDINALITY u(i, k)
                                      WHERE array_position(seg.interests, u.i) = u.k
                                      GROUP BY u.i) x),
            'category_agents', (SELECT coalesce(jsonb_object_agg(c, n), '{}'::jsonb)
                                FROM (SELECT u.c, count(*) AS n
                                      FROM seg
                                      CROSS JOIN LATERAL unnest(seg.category_preferences) WITH ORDINALITY u(c, k)
                                      WHERE array_position(seg.category_preferences, u.c) = u.k
                                      GROUP BY u.c) x)) END
    )));
END
$fn$;

-- This change set runs again whenever the function changes: the answers the previous version computed are not
-- served again (a running instance drops its in-memory copy within segments.localCopyRecheckSeconds; docs/insights.md).
DELETE FROM segment_aggregate_cache WHERE endpoint = 'quantum-personality';

--changeset enrichment:insights-aggregate-ai2ai-insights splitStatements:false runOnChange:true
-- Network and influence aggregates of a segment. The graph is the consenting agents and the connections
-- between them; each agent's p_max_connections_per_agent most recent connections in it count (contribution bound).
-- Sections: network (reach, density, influence), ai2ai (compatibility, frequency, trend), purchase (action
-- mix, trend-setting, categories) over [p_as_of - p_window_days, p_as_of). Formulas: docs/insights.md.
CREATE OR REPLACE FUNCTION aggregate_ai2ai_insights(
    p_region text DEFAULT NULL,
    p_age_min integer DEFAULT NULL,
    p_age_max integer DEFAULT NULL,
    p_interests text[] DEFAULT NULL,
    p_categories text[] DEFAULT NULL,
    p_window_days integer DEFAULT 30,
    p_as_of timestamptz DEFAULT now(),
    p_sections text[] DEFAULT ARRAY['network', 'ai2ai', 'purchase'],
    p_max_connections_per_agent integer DEFAULT 50,
    p_max_actions_per_agent integer DEFAULT 200
) RETURNS jsonb
LANGUAGE plpgsql
STABLE
SET plan_cache_mode = force_custom_plan
SET jit = off
SET work_mem = '64MB'
-- The planner cannot size the CTEs (it guesses millions of edges) and then picks merge joins that sort them on text
-- keys, or pair spots by spot alone (millions of rows filtered); hash joins are right at every segment size here.
SET enable_mergejoin = off
AS $fn$
DECLARE
    v_from timestamptz := p_as_of - make_interval(days => p_window_days);
BEGIN
    RETURN (
    -- members in id order: the same terms in the same order for every floating-point sum, whatever the plan
    WITH seg AS MATERIALIZED (
        SELECT p.agent_id, p.home_region, p.updated_at
        FROM segment_profiles(p_region, p_age_min, p_age_max, p_interests, p_categories) p
        ORDER BY p.agent_id
    ),
    -- each member's 50 most recent connections to consenting agents (one ordered range of ai2ai_edges, which keeps the
    -- far end's consent on the edge; members consent by definition): a connection to an agent who has not consented
    -- takes no place among them. Whether the far end is a member is looked up once per edge (members hashed), for the
    -- direct connections and the pairs.
    edges AS MATERIALIZED (
        SELECT s.agent_id, x.other, x.compatibility_score, x.created_at, x.other IN (SELECT agent_id FROM seg) AS internal
        FROM seg s
        CROSS JOIN LATERAL (
            SELECT d.other, d.compatibility_score, d.created_at
            FROM ai2ai_edges d
            WHERE d.agent_id = s.agent_id AND d.created_at < p_as_of AND d.other_consents
            ORDER BY d.created_at DESC, d.connection_id DESC
            LIMIT p_max_connections_per_agent) x
        WHERE p_sections && ARRAY['network', 'ai2ai']
    ),
    -- in id order, so that the two-hop lookups walk ai2ai_edges' index in key order (at 1 000 000 agents a city's
    -- 51 000 lookups take 0.75x the time they take in the order of a hash)
    n1 AS MATERIALIZED (
        SELECT DISTINCT other AS agent_id FROM edges WHERE NOT internal ORDER BY 1
    ),
    two_hop AS (
        SELECT x.other AS agent_id
        FROM n1
        CROSS JOIN LATERAL (
            SELECT d.other
            FROM ai2ai_edges d
            WHERE d.agent_id = n1.agent_id AND d.created_at < p_as_of AND d.other_consents
            ORDER BY d.created_at DESC, d.connection_id DESC
            LIMIT p_max_connections_per_agent) x
        WHERE 'network' = ANY (p_sections)
    ),
    -- a set difference (hashed), not anti-joins against CTEs the planner cannot size; one difference with both, not
    -- two in a row (each would hash the two-hop agents)
    n2 AS MATERIALIZED (
        SELECT agent_id FROM two_hop
        EXCEPT (SELECT agent_id FROM seg UNION ALL SELECT agent_id FROM n1)
    ),
    -- a member's edges summed in the order they were read; members without one count as 0
    degrees AS (
        SELECT s.agent_id, coalesce(e.degree, 0) AS degree,
               LEAST(coalesce(e.compatibility, 0) / p_max_connections_per_agent, 1) AS influence
        FROM seg s
        LEFT JOIN (SELECT agent_id, count(*) AS degree, sum(compatibility_score) AS compatibility
                   FROM edges GROUP BY agent_id) e ON e.agent_id = s.agent_id
        WHERE 'network' = ANY (p_sections)
    ),
    acts AS MATERIALIZED (
        SELECT s.agent_id, a.action_type, a.spot_id, a.spot_category, a.start_time, a.created_at
        FROM seg s
        CROSS JOIN LATERAL (
            SELECT ua.action_type, ua.spot_id, ua.spot_category, ua.start_time, ua.created_at
            FROM user_actions ua
            WHERE ua.agent_id = s.agent_id AND ua.start_time >= v_from AND ua.start_time < p_as_of
            ORDER BY ua.start_time DESC, ua.id DESC
            LIMIT p_max_actions_per_agent) a
        WHERE 'purchase' = ANY (p_sections)
    ),
    mix AS MATERIALIZED (
        SELECT agent_id, count(*) AS actions,
               count(*) FILTER (WHERE action_type = 'recommendation_followed')::double precision / count(*) AS followed,
               count(*) FILTER (WHERE action_type IN ('list_shared', 'review_posted'))::double precision / count(*) AS shared
        FROM acts GROUP BY agent_id
    ),
    seg_spots AS MATERIALIZED (
        SELECT DISTINCT agent_id, spot_id FROM acts
        WHERE spot_id IS NOT NULL AND action_type IN ('spot_visit', 'event_attendance')
    ),
    spot_ids AS MATERIALIZED (
        SELECT spot_id FROM acts
        WHERE spot_id IS NOT NULL AND action_type IN ('spot_visit', 'event_attendance')
        GROUP BY spot_id
    ),
    -- spot by spot: its consenting visitors' first visits in the window (members hashed, else one index probe),
    -- ranked among that spot's visitors: many small sorts, not one of every visit
    spot_ranks AS (
        SELECT s.spot_id, r.agent_id, r.visitors, r.not_later
        FROM spot_ids s
        CROSS JOIN LATERAL (
            SELECT f.agent_id, f.member, count(*) OVER () AS visitors,
                   count(*) OVER (ORDER BY f.t RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS not_later
            FROM (SELECT v.agent_id, v.t, v.agent_id IN (SELECT agent_id FROM seg) AS member
                  FROM (SELECT ua.agent_id, min(ua.start_time) AS t
                        FROM user_actions ua
                        WHERE ua.spot_id = s.spot_id AND ua.action_type IN ('spot_visit', 'event_attendance')
                          AND ua.start_time >= v_from AND ua.start_time < p_as_of
                        GROUP BY ua.agent_id) v) f
            WHERE f.member
               OR EXISTS (SELECT 1 FROM personality_profiles p WHERE p.agent_id = f.agent_id AND p.data_sharing_opt_in OFFSET 0)
            ) r
        WHERE r.member AND r.visitors > 1
    ),
    trend AS (
        -- a member's spots are those of its counted actions (seg_spots). Every visit in the window is counted for a
        -- member below the actions bound, so seg_spots is only read for members at the bound (usually none).
        -- Summed in numeric, which is exact: the same mean whatever order the plan meets a member's spots in.
        SELECT r.agent_id, avg((r.visitors - r.not_later)::numeric / (r.visitors - 1))::double precision AS earliness
        FROM spot_ranks r
        WHERE r.agent_id NOT IN (SELECT agent_id FROM mix WHERE actions >= p_max_actions_per_agent)
              OR EXISTS (SELECT 1 FROM seg_spots s WHERE s.agent_id = r.agent_id AND s.spot_id = r.spot_id)
        GROUP BY r.agent_id
    )
    SELECT jsonb_strip_nulls(jsonb_build_object(
        'sample_size', (SELECT count(*) FROM seg),
        'data_freshness', GREATEST((SELECT max(updated_at) FROM seg), (SELECT max(created_at) FROM edges),
                                   (SELECT max(created_at) FROM acts)),
        'regions', (SELECT jsonb_agg(home_region ORDER BY n DESC, home_region)
                    FROM (SELECT home_region, count(*) AS n FROM seg WHERE home_region IS NOT NULL
                          GROUP BY home_region) r),
        -- one scan of each CTE for all of a section's figures (not one scalar subquery per figure)
        -- means over a grouping's rows (degrees, mix) in member order: a hash table's order depends on its size
        'network', CASE WHEN 'network' = ANY (p_sections) THEN (
            SELECT jsonb_build_object(
                'population', (SELECT count(*) FROM personality_profiles WHERE data_sharing_opt_in),
                'direct_connections', (SELECT count(*) FROM n1),
                'indirect_connections', (SELECT count(*) FROM n2),
                -- A pair of members has a row from its lower id's end unless that end is at the bound (its 50 most
                -- recent connections may leave the pair out, when the other end's do not). So without a member at the
                -- bound, a member's pairs are its distinct members of higher id: a small sort of each member's own
                -- rows (they come in member order), not a hash of every pair, which at 1 000 000 agents outgrows the
                -- processor's caches (158-173 ms instead of 368-418 for a city). With one, the pairs seen from both ends.
                'internal_pairs', CASE WHEN bool_or(d.degree = p_max_connections_per_agent)
                    THEN (SELECT count(*) FROM (SELECT DISTINCT LEAST(e.agent_id, e.other), GREATEST(e.agent_id, e.other)
                                                FROM edges e WHERE e.internal) p)
                    ELSE (SELECT coalesce(sum(g.n), 0)
                          FROM (SELECT count(DISTINCT u.other) AS n
                                FROM (SELECT e.agent_id, e.other FROM edges e WHERE e.internal AND e.other > e.agent_id
                                      ORDER BY e.agent_id) u
                                GROUP BY u.agent_id) g) END,
                'connected_members', count(*) FILTER (WHERE d.degree > 0),
                'degree_mean', avg(d.degree),
                'influence_mean', avg(d.influence ORDER BY d.agent_id),
                'influence_sd', stddev_samp(d.influence ORDER BY d.agent_id),
                'influence_n', count(*))
            FROM degrees d) END,
        'ai2ai', CASE WHEN 'ai2ai' = ANY (p_sections) THEN (
            SELECT jsonb_build_object(
                'connections', count(*),
                'compatibility_mean', avg(w.compatibility_score),
                'compatibility_sd', stddev_samp(w.compatibility_score),
                'window_connections', count(*) FILTER (WHERE w.in_window),
                'trend_n', regr_count(w.y, w.x) FILTER (WHERE w.in_window),
                'trend_slope', regr_slope(w.y, w.x) FILTER (WHERE w.in_window),
                'trend_sxx', regr_sxx(w.y, w.x) FILTER (WHERE w.in_window),
                'trend_syy', regr_syy(w.y, w.x) FILTER (WHERE w.in_window),
                'trend_sxy', regr_sxy(w.y, w.x) FILTER (WHERE w.in_window))
            FROM (SELECT compatibility_score, created_at >= v_from AS in_window, compatibility_score AS y,
                         EXTRACT(epoch FROM created_at)::double precision / 604800.0 AS x
                  FROM edges) w) END,
        'purchase', CASE WHEN 'purchase' = ANY (p_sections) THEN
            (SELECT jsonb_build_object(
                'active_agents', count(*),
                'followed_mean', avg(m.followed ORDER BY m.agent_id),
                'followed_sd', stddev_samp(m.followed ORDER BY m.agent_id),
                'shared_mean', avg(m.shared ORDER BY m.agent_id),
                'shared_sd', stddev_samp(m.shared ORDER BY m.agent_id))
             FROM mix m)
            || (SELECT jsonb_build_object(
                'trend_agents', count(*),
                'earliness_mean', avg(t.earliness ORDER BY t.agent_id),
                'earliness_sd', stddev_samp(t.earliness ORDER BY t.agent_id))
                FROM trend t)
            || jsonb_build_object(
                'visit_count', (SELECT count(*) FROM acts WHERE action_type IN ('spot_visit', 'event_attendance')),
                'category_visits', (SELECT coalesce(jsonb_object_agg(spot_category, n), '{}'::jsonb)
                                    FROM (SELECT spot_category, count(*) AS n FROM acts
                                          WHERE spot_category IS NOT NULL AND action_type IN ('spot_visit', 'event_attendance')
                                          GROUP BY spot_category) c)) END
    )));
END
$fn$;

-- This change set runs again whenever the function changes: the answers the previous version computed are not
-- served again (a running instance drops its in-memory copy within segments.localCopyRecheckSeconds; docs/insights.md).
DELETE FROM segment_aggregate_cache WHERE endpoint = 'community-influence';
