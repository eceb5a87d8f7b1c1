-- Matching benchmarks (issue 4): top 5 assets for residents of a 323,000-resident borough
-- against 5,000 assets, in plain SQL (text[] with GIN, scored with unnest), with
-- deal.match_score per candidate, and with deal.top_matches over an asset index.
\set QUIET on
\pset footer off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

CREATE SCHEMA match;
SET search_path = match, public, deal;
\set top5 'top 5 assets, per resident, of 5,000 (1,000 of 323,000 residents timed)'

SELECT setseed(0.7) AS seed \gset
CREATE TABLE need_labels AS SELECT unnest(ARRAY['debt','budgeting','benefits','domestic_abuse','loneliness',
	'social_isolation','work','training','volunteering','cold_home','housing','food','mental_wellbeing',
	'physical_activity','healthy_eating','alcohol','substance_use','carers_support','dementia_support',
	'autism_support','parenting','child_development','digital_skills','falls_prevention','bereavement']) AS label;
CREATE TABLE interest_labels AS SELECT unnest(ARRAY['gardening','music','singing','walking','cooking','crafts',
	'football','reading','history','grandchildren','faith','pets','dancing','art','computers','fishing',
	'sewing','cycling']) AS label;

-- 5,000 assets: 3 to 5 labels each, needs and interests mixed, across the borough.
CREATE TABLE bench_assets AS
SELECT a AS id, 53.46 + random() * 0.16 AS lat, -2.75 + random() * 0.32 AS lon,
       (SELECT array_agg(label) FROM (SELECT label FROM (SELECT label FROM need_labels UNION ALL SELECT label FROM interest_labels) l
                                      ORDER BY random() + a * 0 LIMIT 3 + a % 3) x) AS labels
FROM generate_series(1, 5000) AS a;
ALTER TABLE bench_assets ADD COLUMN weights float8[];
UPDATE bench_assets SET weights = (SELECT array_agg(round((0.3 + random() * 0.7)::numeric, 2)::float8) FROM unnest(labels));
ALTER TABLE bench_assets ADD COLUMN offer deal.profile;
UPDATE bench_assets SET offer = deal.profile(labels, weights);
CREATE INDEX ON bench_assets USING gin (labels);
CREATE INDEX ON bench_assets USING gin (offer);
VACUUM ANALYZE bench_assets;

-- 323,000 residents: 1 to 3 needs and 1 to 3 interests each.
CREATE TABLE bench_residents AS
SELECT r AS id, 53.46 + random() * 0.16 AS lat, -2.75 + random() * 0.32 AS lon,
       (SELECT array_agg(label) FROM (SELECT label FROM need_labels ORDER BY random() + r * 0 LIMIT 1 + r % 3) x) AS need_labels,
       (SELECT array_agg(label) FROM (SELECT label FROM interest_labels ORDER BY random() + r * 0 LIMIT 1 + (r / 3) % 3) x) AS interest_labels
FROM generate_series(1, 323000) AS r;
ALTER TABLE bench_residents ADD COLUMN need_weights float8[], ADD COLUMN interest_weights float8[],
	ADD COLUMN needs deal.profile, ADD COLUMN interests deal.profile;
UPDATE bench_residents SET
	need_weights = (SELECT array_agg(round((0.2 + random() * 0.8)::numeric, 2)::float8) FROM unnest(need_labels)),
	interest_weights = (SELECT array_agg(round((0.2 + random() * 0.8)::numeric, 2)::float8) FROM unnest(interest_labels));
UPDATE bench_residents SET needs = deal.profile(need_labels, need_weights), interests = deal.profile(interest_labels, interest_weights);
VACUUM ANALYZE bench_residents;
CREATE TABLE match_sample AS SELECT * FROM bench_residents WHERE id % 323 = 0;	-- 1,000 residents
SELECT count(*) AS candidates_per_resident FROM match_sample s, bench_assets a
WHERE a.offer && (s.needs + s.interests) \gset
\echo candidate assets sharing a label with a resident, on average: :candidates_per_resident / 1000

-- Plain SQL: the same formula with arrays, unnest and a haversine expression.
CREATE FUNCTION pg_temp.sql_top5(r match_sample) RETURNS TABLE (asset_id int, score float8)
LANGUAGE sql STABLE AS $$
	SELECT a.id, s.raw * CASE WHEN s.d >= 10 THEN 0 ELSE (1 - (s.d / 10) ^ 2) ^ 2 END AS score
	FROM bench_assets a,
	LATERAL (SELECT
		0.6 * coalesce((SELECT sum(least(greatest(n.w, 0), 1) * least(greatest(o.w, 0), 1))
		                FROM unnest(r.need_labels, r.need_weights) n(l, w)
		                JOIN unnest(a.labels, a.weights) o(l, w) USING (l)), 0)
		    / (SELECT sum(least(greatest(w, 0), 1)) FROM unnest(r.need_weights) w)
		+ 0.4 * coalesce((SELECT sum(least(greatest(i.w, 0), 1) * least(greatest(o.w, 0), 1))
		                  FROM unnest(r.interest_labels, r.interest_weights) i(l, w)
		                  JOIN unnest(a.labels, a.weights) o(l, w) USING (l)), 0)
		    / (SELECT sum(least(greatest(w, 0), 1)) FROM unnest(r.interest_weights) w) AS raw,
		2 * 6371.0088 * asin(sqrt(sin(radians(a.lat - r.lat) / 2) ^ 2
		    + cos(radians(r.lat)) * cos(radians(a.lat)) * sin(radians(a.lon - r.lon) / 2) ^ 2)) AS d) s
	WHERE a.labels && (r.need_labels || r.interest_labels)
	ORDER BY score DESC, a.id LIMIT 5
$$;

-- Plain SQL at its best: offers normalised into (asset, label, weight) rows with an index,
-- each resident's labels joined to them and summed per asset.
CREATE TABLE asset_offers AS
SELECT a.id AS asset_id, u.l AS label, least(greatest(u.w, 0), 1) AS weight
FROM bench_assets a, unnest(a.labels, a.weights) AS u(l, w);
CREATE INDEX ON asset_offers (label) INCLUDE (asset_id, weight);
VACUUM ANALYZE asset_offers;
CREATE FUNCTION pg_temp.sql_top5_normalised(r match_sample) RETURNS TABLE (asset_id int, score float8)
LANGUAGE sql STABLE AS $$
	SELECT s.asset_id, s.raw * CASE WHEN d.km >= 10 THEN 0 ELSE (1 - (d.km / 10) ^ 2) ^ 2 END AS score
	FROM (SELECT o.asset_id, sum(t.share * t.w * o.weight / t.total) AS raw
	      FROM (SELECT n.l, least(greatest(n.w, 0), 1) AS w, 0.6 AS share,
	                   (SELECT sum(least(greatest(x, 0), 1)) FROM unnest(r.need_weights) x) AS total
	            FROM unnest(r.need_labels, r.need_weights) n(l, w)
	            UNION ALL
	            SELECT i.l, least(greatest(i.w, 0), 1), 0.4,
	                   (SELECT sum(least(greatest(x, 0), 1)) FROM unnest(r.interest_weights) x)
	            FROM unnest(r.interest_labels, r.interest_weights) i(l, w)) t
	      JOIN asset_offers o ON o.label = t.l
	      GROUP BY o.asset_id) s
	JOIN bench_assets a ON a.id = s.asset_id,
	LATERAL (SELECT 2 * 6371.0088 * asin(sqrt(sin(radians(a.lat - r.lat) / 2) ^ 2
	         + cos(radians(r.lat)) * cos(radians(a.lat)) * sin(radians(a.lon - r.lon) / 2) ^ 2)) AS km) d
	ORDER BY score DESC, s.asset_id LIMIT 5
$$;

-- deal's top 5 for each sampled resident, to compare every other method's with
CREATE TABLE deal_top5 AS
SELECT s.id, array_agg(t.asset_id ORDER BY t.score DESC, t.asset_id) AS assets
FROM (SELECT deal.asset_index_agg(id, offer, lat, lon) AS ix FROM bench_assets) i, match_sample s,
     deal.top_matches(i.ix, s.needs, s.interests, s.lat, s.lon, 5) t
GROUP BY s.id;
CREATE FUNCTION pg_temp.differ(top5 text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	EXECUTE format('SELECT count(*) FROM match_sample s LEFT JOIN deal_top5 d USING (id),
	                LATERAL (SELECT array_agg(asset_id::bigint ORDER BY score DESC, asset_id) AS assets FROM (%s) t) x
	                WHERE x.assets IS DISTINCT FROM d.assets', top5) INTO n;
	RETURN n;
END
$$;
\set match_score_top5 'SELECT a.id AS asset_id, deal.match_score(s.needs, s.interests, a.offer, deal.km(s.lat, s.lon, a.lat, a.lon)) AS score FROM bench_assets a WHERE a.offer && (s.needs + s.interests) ORDER BY score DESC, a.id LIMIT 5'
SELECT pg_temp.differ('SELECT * FROM pg_temp.sql_top5(s)') AS sql_differ,
       pg_temp.differ('SELECT * FROM pg_temp.sql_top5_normalised(s)') AS normalised_differ,
       pg_temp.differ(:'match_score_top5') AS match_score_differ \gset
\echo residents whose top 5 differ from deal.top_matches: plain SQL :sql_differ, plain SQL at its best :normalised_differ, deal.match_score :match_score_differ

SELECT bench.time('match', :'top5', 'alternative', 'plain SQL: `text[] &&` through GIN, scored with `unnest`',
                  'SELECT count(*) FROM match_sample s, pg_temp.sql_top5(s) t', 1, :sql_differ = 0, per => 1000),
       bench.time('match', :'top5', 'alternative', 'plain SQL at its best: normalised (asset, label, weight) rows, indexed, summed per asset',
                  'SELECT count(*) FROM match_sample s, pg_temp.sql_top5_normalised(s) t', same_answer => :normalised_differ = 0, per => 1000),
       bench.time('match', :'top5', 'other', '`deal.match_score` per candidate, `profile &&` through GIN',
                  format('SELECT count(*) FROM match_sample s, LATERAL (%s) t', :'match_score_top5'), same_answer => :match_score_differ = 0, per => 1000),
       bench.time('match', :'top5', 'deal', '`deal.top_matches` over `deal.asset_index_agg`',
                  $$WITH ix AS MATERIALIZED (SELECT deal.asset_index_agg(id, offer, lat, lon) AS ix FROM bench_assets)
                    SELECT count(*) FROM ix, match_sample s, deal.top_matches(ix.ix, s.needs, s.interests, s.lat, s.lon, 5) t$$,
                  per => 1000),
       bench.time('match', 'top 5 assets for the whole borough (323,000 residents)', 'deal', '`deal.top_matches` over `deal.asset_index_agg`',
                  $$WITH ix AS MATERIALIZED (SELECT deal.asset_index_agg(id, offer, lat, lon) AS ix FROM bench_assets)
                    SELECT count(*) FROM ix, bench_residents r, deal.top_matches(ix.ix, r.needs, r.interests, r.lat, r.lon, 5) t$$, 1)
\g /dev/null

SELECT * FROM bench.report('match');
