-- Matching: match_score, match_explain and km.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- The worked example of the README.
SELECT match_score('debt:0.9, loneliness:0.6', 'gardening, walking:0.5', 'debt, budgeting, gardening:0.5') AS near,
       match_score('debt:0.9, loneliness:0.6', 'gardening, walking:0.5', 'debt, budgeting, gardening:0.5', 2, 5) AS two_km_of_five;
SELECT * FROM match_explain('debt:0.9, loneliness:0.6', 'gardening, walking:0.5', 'debt, budgeting, gardening:0.5', 2, 5);

-- Contributions add up to the score, exactly, on many random cases.
CREATE TABLE match_cases AS
SELECT c,
       profile(ARRAY['a' || c % 5, 'b' || (c * 3) % 7], ARRAY[(c % 10) / 10.0, 1]) AS needs,
       profile(ARRAY['m' || c % 4], ARRAY[(c % 3) / 2.0]) AS interests,
       profile(ARRAY['a' || (c * 7) % 5, 'b' || c % 7, 'm' || (c * 3) % 4], ARRAY[0.3, 1, 0.8]) AS offer,
       CASE WHEN c % 4 = 0 THEN NULL ELSE (c % 13) * 0.5 END AS km
FROM generate_series(1, 500) AS c;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE s.score = e.total) AS adding_up_exactly,
       min(s.score) >= 0 AS at_least_0, max(s.score) <= 1 AS at_most_1,
       count(*) FILTER (WHERE km >= 5 AND s.score <> 0) AS beyond_max_km_not_0
FROM match_cases,
     LATERAL (SELECT match_score(needs, interests, offer, km, 5) AS score) s,
     LATERAL (SELECT sum(contribution) AS total FROM match_explain(needs, interests, offer, km, 5)) e;

-- Strengths first: interests alone raise a match; needs covered raise it more.
SELECT match_score('', 'gardening', 'gardening') AS interest_only,
       match_score('debt', '', 'debt') AS need_only,
       match_score('debt', 'gardening', 'debt, gardening') AS both,
       match_score('debt', 'gardening', 'food') AS neither,
       match_score(NULL, NULL, 'food') AS nothing_known,
       match_score('debt', 'gardening', NULL) AS no_offer;

-- Distances out of their domain are refused with 22023.
SELECT error_of($$SELECT deal.match_score('a', 'b', 'a', -1)$$) AS negative_km,
       error_of($$SELECT deal.match_score('a', 'b', 'a', 1, 0)$$) AS zero_max,
       error_of($$SELECT deal.match_score('a', 'b', 'a', 'Infinity')$$) AS infinite_km;

-- km: Wigan to Manchester, one degree of latitude, points as (lon, lat).
SELECT round(km(53.545, -2.632, 53.4808, -2.2426)::numeric, 3) AS wigan_manchester,
       round(km(53, -2.6, 54, -2.6)::numeric, 3) AS one_degree,
       km(point(-2.632, 53.545), point(-2.2426, 53.4808)) = km(53.545, -2.632, 53.4808, -2.2426) AS points_agree,
       km(10, 20, 10, 20) AS same_place;
SELECT error_of($$SELECT deal.km(91, 0, 0, 0)$$) AS bad_latitude,
       error_of($$SELECT deal.km(0, 0, 0, 181)$$) AS bad_longitude,
       error_of($$SELECT deal.km(point('NaN', 0), point(0, 0))$$) AS nan_point;

-- Residents who offer help matched to residents who need it, with the reasons.
CREATE TABLE residents (id int, needs profile, interests profile, offers profile, lat float8, lon float8);
INSERT INTO residents VALUES
	(1, 'loneliness:0.9, digital_skills:0.7', 'gardening, history:0.5', '', 53.545, -2.632),
	(2, '', 'computers, gardening:0.6', 'digital_skills, loneliness:0.8', 53.550, -2.640),
	(3, 'cold_home:0.5', 'music', 'loneliness, gardening', 53.520, -2.600),
	(4, '', 'history', 'loneliness:0.5, history', 53.600, -2.750);
SELECT n.id AS needs_help, h.id AS helper,
       round(match_score(n.needs, n.interests, h.offers, km(n.lat, n.lon, h.lat, h.lon), 10)::numeric, 4) AS score
FROM residents n, residents h
WHERE n.id = 1 AND h.id <> n.id AND h.offers && (n.needs + n.interests)
ORDER BY score DESC;
SELECT label, role, person_weight, asset_weight, round(contribution::numeric, 4) AS contribution
FROM residents n, residents h,
     match_explain(n.needs, n.interests, h.offers, km(n.lat, n.lon, h.lat, h.lon), 10)
WHERE n.id = 1 AND h.id = 2;

-- Rounding can lift the terms' sum above 1; the score stays 1 and still equals their sum.
SELECT match_score('n1:0.044, n2:0.04', 'i1:0.003, i2:0.429, i3:0.404, i4:0.501', 'n1, n2, i1, i2, i3, i4') AS score,
       (SELECT sum(contribution) FROM match_explain('n1:0.044, n2:0.04', 'i1:0.003, i2:0.429, i3:0.404, i4:0.501', 'n1, n2, i1, i2, i3, i4')) AS terms;

-- The asset index: top_matches gives exactly what ORDER BY match_score LIMIT k gives.
CREATE TABLE community_assets AS
SELECT a AS id,
       profile(ARRAY['a' || a % 5, 'b' || (a * 3) % 7, 'm' || a % 4], ARRAY[(a % 4 + 1) / 4.0, (a % 3) / 2.0, 1]) AS offer,
       CASE WHEN a % 10 = 0 THEN NULL ELSE 53.46 + (a * 37 % 100) / 625.0 END AS lat,
       CASE WHEN a % 10 = 0 THEN NULL ELSE -2.75 + (a * 53 % 100) / 312.5 END AS lon
FROM generate_series(1, 400) AS a;
CREATE TABLE people AS
SELECT p AS id, needs, interests,
       53.46 + (p * 41 % 100) / 625.0 AS lat, -2.75 + (p * 59 % 100) / 312.5 AS lon
FROM match_cases AS m(p, needs, interests, offer, km);
CREATE TEMP TABLE index_value AS SELECT asset_index_agg(id, offer, lat, lon) AS ix FROM community_assets;
SELECT asset_index_assets(ix) FROM index_value;
SELECT count(*) AS people,
       count(*) FILTER (WHERE fast IS NOT DISTINCT FROM slow) AS same_top_5
FROM people p,
     LATERAL (SELECT array_agg(t.asset_id || ':' || t.score ORDER BY t.score DESC, t.asset_id) AS fast
              FROM index_value, top_matches(ix, p.needs, p.interests, p.lat, p.lon, 5, 8) t) f,
     LATERAL (SELECT array_agg(x.id || ':' || x.score ORDER BY x.score DESC, x.id) AS slow
              FROM (SELECT s.id, s.score
                    FROM (SELECT a.id, match_score(p.needs, p.interests, a.offer,
                                                   CASE WHEN a.lat IS NULL THEN NULL ELSE km(p.lat, p.lon, a.lat, a.lon) END, 8) AS score
                          FROM community_assets a) s
                    WHERE s.score > 0
                    ORDER BY s.score DESC, s.id LIMIT 5) x) o;
SELECT t.* FROM index_value, top_matches(ix, 'a1:0.9, b2:0.5', 'm3', 53.5, -2.6, 3) t;
SELECT count(*) AS no_location FROM index_value, top_matches(ix, 'a1', NULL) t;
SELECT error_of($$SELECT * FROM deal.top_matches('{}', 'a', 'b', 91, 0)$$) AS bad_place,
       error_of($$SELECT * FROM deal.top_matches('{}', 'a', 'b', k => -1)$$) AS bad_k,
       error_of($$SELECT deal.asset_index_agg(id, 'a'::deal.profile, NULL, NULL) FROM (VALUES (1), (1)) v(id)$$) AS repeated_id,
       error_of($$SELECT '{(1,,,"a"),(1,,,"b")}'::deal.asset_index$$) AS repeated_id_text,
       error_of($$SELECT '{(1,95,0,"a")}'::deal.asset_index$$) AS bad_latitude,
       error_of($$SELECT '{(1,,,"a b")}'::deal.asset_index$$) AS bad_offer,
       error_of($$SELECT '{(1,,,"a")'::deal.asset_index$$) AS unterminated;
SELECT ix::text::asset_index::text = ix::text AS text_round_trip FROM index_value;
CREATE TABLE ix_copy (ix asset_index);
SELECT copy_binary('SELECT ix FROM index_value', 'ix_copy');
SELECT (SELECT ix::text FROM index_value) = (SELECT ix::text FROM ix_copy) AS binary_round_trip;

-- Parallel aggregation of the asset index gives what a serial plan gives.
CREATE TABLE many_assets AS
SELECT a AS id, profile(ARRAY['a' || a % 50, 'b' || (a * 3) % 70], ARRAY[(a % 4 + 1) / 4.0, 1]) AS offer,
       53.4 + (a % 1000) / 5000.0 AS lat, -2.7 + (a % 777) / 3000.0 AS lon
FROM generate_series(1, 30000) AS a;
ANALYZE many_assets;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_index AS SELECT asset_index_agg(id, offer, lat, lon) AS ix FROM many_assets;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT asset_index_agg(id, offer, lat, lon) FROM many_assets;
SELECT asset_index_agg(id, offer, lat, lon)::text = (SELECT ix::text FROM serial_index) AS parallel_equals_serial
FROM many_assets;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- A stored asset index (a TOAST pointer, decoded once per backend) answers like a fresh one.
CREATE TABLE stored_index AS SELECT ix FROM serial_index;
CREATE FUNCTION pg_temp.top_answers(ix asset_index) RETURNS text LANGUAGE sql AS $$
	SELECT md5(string_agg(format('%s %s %s', p, t.asset_id, t.score), '|' ORDER BY p, t.score DESC, t.asset_id))
	FROM generate_series(1, 40) AS p,
	     deal.top_matches(ix, deal.profile(ARRAY['a' || p % 50], ARRAY[1.0::float8]),
	                      deal.profile(ARRAY['b' || p % 70], ARRAY[0.5::float8]), 53.45, -2.6, 5) t
$$;
CREATE TEMP TABLE fresh_answers AS
SELECT pg_temp.top_answers(asset_index_agg(id, offer, lat, lon)) AS answers FROM many_assets;
SELECT (SELECT pg_temp.top_answers(ix) FROM stored_index) = (SELECT answers FROM fresh_answers) AS stored_equals_fresh,
       (SELECT pg_temp.top_answers(ix) FROM stored_index) = (SELECT answers FROM fresh_answers) AS cached_again;
SET deal.cache_size = 0;
SELECT (SELECT pg_temp.top_answers(ix) FROM stored_index) = (SELECT answers FROM fresh_answers) AS uncached_equals_fresh;
RESET deal.cache_size;

-- The state is a deal.asset_index (the index of the assets so far), so Citus can split the
-- aggregate: from SQL the combine function is one index of both, a repeated id an error.
SELECT aggtranstype::regtype AS state, aggcombinefn, aggserialfn FROM pg_aggregate
WHERE aggfnoid = 'deal.asset_index_agg'::regproc;
SELECT asset_index_agg_combinefn('{(10,53.5,-2.6,"debt:0.5")}', '{(11,,,"food, walking")}') AS both_indexes,
       error_of($$SELECT asset_index_agg_combinefn('{(10,53.5,-2.6,"debt")}', '{(10,,,"food")}')$$) AS repeated_id,
       error_of($$SELECT asset_index_agg_transfn(NULL, 1, 'debt', NULL, NULL)$$) AS transition_from_sql;
