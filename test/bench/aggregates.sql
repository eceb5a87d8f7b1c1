-- The aggregates alone (issue 12): how long each deal aggregate takes to build its value from
-- rows, against the floor (a bare scan of the same rows), serial and with two parallel workers,
-- over one group and over many small groups.  These are the figures that must not fall when an
-- aggregate's state changes (an internal state becoming a SQL type that Citus can split); each
-- time is the best of three, from inside one session.  pg_column_size(agg) keeps the readers
-- and the output out of the time.
\set QUIET on
\pset footer off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

CREATE SCHEMA aggregates;
SET search_path = aggregates, public;

-- A household-shaped graph, as in graph.sql: 300,000 residents in 125,000 households,
-- families across households, 3,000 professionals: about 1,000,000 links.
CREATE TABLE links AS
WITH people AS (SELECT p, ((p - 1) / 2.4)::bigint + 1 AS hh FROM generate_series(1, 300000::bigint) AS p)
SELECT 'person'::text AS src_kind, p AS src_id, 'household'::text AS dst_kind, hh AS dst_id,
       'lives_at'::text AS edge_kind, NULL::daterange AS during
FROM people
UNION ALL SELECT 'person', p, 'person', p + 1, 'parent_of', NULL FROM people WHERE p % 5 IN (1, 2)
UNION ALL SELECT 'person', p, 'person', (p * 7919) % 300000 + 1, 'related_to', daterange('2015-01-01', NULL)
FROM people WHERE p % 3 = 0
UNION ALL SELECT 'worker', (p * 31) % 3000 + 1, 'person', p, 'involved_with', daterange('2020-01-01', '2026-01-01')
FROM people, generate_series(1, 2) AS k WHERE (p + k) % 3 <> 0
UNION ALL SELECT 'worker', (p * 17) % 3000 + 1, 'person', p, 'involved_with', NULL FROM people WHERE p % 4 = 0;

-- 300,000 people with 1 to 9 needs each out of 40 labels (about 1.5 million rows), their
-- profiles, 20,000 assets with places, 1,000,000 candidate pairs, 2 million events.
SELECT setseed(0.12) AS seed \gset
CREATE TABLE needs AS
SELECT p AS person, 'need_' || (1 + (random() * 39)::int) AS label, round(random()::numeric, 2)::float8 AS weight
FROM generate_series(1, 300000) AS p, generate_series(1, 1 + (p % 9)) AS k;
CREATE TABLE profiles AS SELECT person, deal.profile_agg(label, weight) AS p FROM needs GROUP BY person;
CREATE TABLE assets AS
SELECT a AS asset_id, deal.profile(ARRAY['need_' || (1 + a % 40), 'need_' || (1 + (a % 40 + 1 + a % 39) % 40)], ARRAY[1.0, 0.5]) AS offer,
       53.5 + random() * 0.1 AS lat, -2.6 + random() * 0.1 AS lon
FROM generate_series(1, 20000) AS a;
CREATE TABLE pairs AS
SELECT (p % 100000) + 1 AS person_id, (p::bigint * 7919) % 20000 + 1 AS asset_id, random() AS score, 1 + p % 5 AS capacity
FROM generate_series(1, 1000000) AS p;
CREATE TABLE events AS
SELECT (p % 300000) + 1 AS person, '2021-01-01'::timestamptz + random() * interval '1095 days' AS ts, random() < 0.2 AS outcome,
       random() AS score
FROM generate_series(1, 2000000) AS p;
CREATE TABLE cohort AS
SELECT person, random() < 0.3 AS outcome, p AS features FROM profiles;
VACUUM ANALYZE links, needs, profiles, assets, pairs, events, cohort;

-- Each aggregate: the floor, serial, and with two parallel workers; grouped ones also over many groups.
CREATE FUNCTION pg_temp.agg(name text, rows text, aggregate text, source text, grouped text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	measure text := format('%s over %s', name, rows);
BEGIN
	PERFORM bench.time('aggregates', measure, 'floor', '`SELECT count(*)`', format('SELECT count(*) FROM %s', source));
	PERFORM bench.time('aggregates', measure, 'deal', format('`%s`', aggregate),
	                   format('SELECT pg_column_size(%s) FROM %s', aggregate, source));
	PERFORM bench.time('aggregates', measure, 'other', 'the same, 2 parallel workers',
	                   format('SET LOCAL max_parallel_workers_per_gather = 2; SET LOCAL parallel_setup_cost = 0; '
	                          'SET LOCAL parallel_tuple_cost = 0; SET LOCAL min_parallel_table_scan_size = 0; '
	                          'SELECT pg_column_size(%s) FROM %s', aggregate, source));
	IF grouped IS NOT NULL THEN
		PERFORM bench.time('aggregates', measure, 'other', format('the same `GROUP BY %s`', grouped),
		                   format('SELECT sum(pg_column_size(a)) FROM (SELECT %s AS a FROM %s GROUP BY %s) g', aggregate, source, grouped));
	END IF;
END
$$;

SELECT pg_temp.agg('graph_agg', '995,000 links', 'deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during)', 'links', 'src_id % 1000'),
       pg_temp.agg('graph_agg (short form)', '995,000 links', 'deal.graph_agg(src_id, dst_id)', 'links', 'src_id % 125000'),
       pg_temp.agg('profile_agg', '1.5 million rows', 'deal.profile_agg(label, weight)', 'needs', 'person'),
       pg_temp.agg('union_agg', '300,000 profiles', 'deal.union_agg(p)', 'profiles', 'person % 1000'),
       pg_temp.agg('asset_index_agg', '20,000 assets', 'deal.asset_index_agg(asset_id, offer, lat, lon)', 'assets'),
       pg_temp.agg('candidates_agg', '1,000,000 pairs', 'deal.candidates_agg(person_id, asset_id, score, capacity)', 'pairs'),
       pg_temp.agg('peak_events', '2 million events', 'deal.peak_events(ts, ''365 days'')', 'events', 'person'),
       pg_temp.agg('logistic_fit', '300,000 people', 'deal.logistic_fit(outcome, features)', 'cohort'),
       pg_temp.agg('auc', '2 million scores', 'deal.auc(score, outcome)', 'events', 'person % 1000'),
       pg_temp.agg('efi_agg', '1.5 million rows', 'deal.efi_agg(CASE WHEN weight < 0.5 THEN ''falls'' ELSE ''diabetes'' END)', 'needs', 'person')
\g /dev/null

SELECT * FROM bench.report('aggregates');

-- The states' size in memory at their usual grouping, against the SSPACE each aggregate
-- declares (which the planner weighs when it chooses hash aggregation): the hash table's
-- peak memory with the aggregate, less that of the same grouping with count(*) alone, per
-- group.  The states that keep every row (auc, logistic_fit, candidates_agg, asset_index_agg)
-- grow with the rows of a group and declare 8 KB, what PostgreSQL assumes for an internal state.
CREATE FUNCTION pg_temp.hash_kb(statement text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
	plan json;
BEGIN
	SET LOCAL enable_sort = off;
	SET LOCAL work_mem = '2GB';
	EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON, TIMING OFF) ' || statement INTO plan;
	RETURN (plan -> 0 -> 'Plan' -> 'Plans' -> 0 ->> 'Peak Memory Usage')::float8;
END
$$;
CREATE FUNCTION pg_temp.state_size(agg text, source text, grouped text, signature regprocedure)
RETURNS TABLE (aggregate text, "grouped by" text, groups bigint, "bytes per state" bigint, "SSPACE" int)
LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
	with_agg float8 := pg_temp.hash_kb(format('SELECT sum(pg_column_size(a)) FROM (SELECT %s AS a FROM %s GROUP BY %s) g', agg, source, grouped));
	without float8 := pg_temp.hash_kb(format('SELECT sum(a) FROM (SELECT count(*) AS a FROM %s GROUP BY %s) g', source, grouped));
BEGIN
	EXECUTE format('SELECT count(DISTINCT %s) FROM %s', grouped, source) INTO n;
	RETURN QUERY SELECT agg, grouped, n, round((with_agg - without) * 1024 / n)::bigint,
		(SELECT aggtransspace FROM pg_aggregate WHERE aggfnoid = signature::oid);
END
$$;
SELECT * FROM pg_temp.state_size('deal.graph_agg(src_id, dst_id)', 'links', 'src_id % 125000', 'deal.graph_agg(int8, int8)')
UNION ALL SELECT * FROM pg_temp.state_size('deal.profile_agg(label, weight)', 'needs', 'person', 'deal.profile_agg(text, float8)')
UNION ALL SELECT * FROM pg_temp.state_size('deal.union_agg(p)', 'profiles', 'person / 3', 'deal.union_agg(deal.profile)')
UNION ALL SELECT * FROM pg_temp.state_size('deal.peak_events(ts, ''365 days'')', 'events', 'person', 'deal.peak_events(timestamptz, interval)')
UNION ALL SELECT * FROM pg_temp.state_size('deal.auc(score, outcome)', 'events', 'person % 1000', 'deal.auc(float8, bool)');
