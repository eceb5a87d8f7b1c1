-- Household graph benchmarks (issue 3).  Every timing is the best of a few runs, serial
-- (no parallel workers), from inside one session, so that all sides are measured alike.
\set QUIET on
\pset footer off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

-- Best time in milliseconds of running a statement a few times.
CREATE TEMP TABLE results (seq serial, bench text, method text, ms float8, note text);

-- 1. A random graph: 300,000 people, 1,000,000 links.
SELECT setseed(0.42) AS seed \gset
CREATE TABLE random_edges AS
SELECT g AS id, (random() * 299999)::bigint + 1 AS src, (random() * 299999)::bigint + 1 AS dst
FROM generate_series(1, 1000000) AS g;
VACUUM ANALYZE random_edges;

-- 2. A household-shaped graph: 300,000 residents in 125,000 households, families across
--    households, and 3,000 professionals involved with them: about 1,000,000 links.
CREATE TABLE household_edges AS
WITH people AS (
	SELECT p, ((p - 1) / 2.4)::bigint + 1 AS hh FROM generate_series(1, 300000::bigint) AS p
)
SELECT 'person'::text AS src_kind, p AS src_id, 'household'::text AS dst_kind, hh::bigint AS dst_id,
       'lives_at'::text AS edge_kind, NULL::daterange AS during
FROM people
UNION ALL	-- parents and children in one household
SELECT 'person', p, 'person', p + 1, 'parent_of', NULL FROM people WHERE p % 5 IN (1, 2)
UNION ALL	-- grandparents, aunts and cousins elsewhere in the borough
SELECT 'person', p, 'person', (p * 7919) % 300000 + 1, 'related_to', daterange('2015-01-01', NULL)
FROM people WHERE p % 3 = 0
UNION ALL	-- professionals: each involved with about 130 residents
SELECT 'worker', (p * 31) % 3000 + 1, 'person', p, 'involved_with', daterange('2020-01-01', '2026-01-01')
FROM people, generate_series(1, 2) AS k WHERE (p + k) % 3 <> 0
UNION ALL
SELECT 'worker', (p * 17) % 3000 + 1, 'person', p, 'involved_with', NULL
FROM people WHERE p % 4 = 0;
VACUUM ANALYZE household_edges;

SELECT format('random graph: %s links; household graph: %s links', (SELECT count(*) FROM random_edges),
              (SELECT count(*) FROM household_edges)) AS data \gset
\echo :data

-- Components: the floor (a bare scan of the same rows), deal, and pgRouting.
INSERT INTO results (bench, method, ms) VALUES
	('components, random', 'floor: SELECT count(*) FROM edges',
	 bench.best_ms('SELECT count(*) FROM random_edges')),
	('components, random', 'deal.components(deal.graph_agg(src, dst))',
	 bench.best_ms('SELECT count(*) FROM deal.components((SELECT deal.graph_agg(src, dst) FROM random_edges))')),
	('components, household', 'floor: SELECT count(*) FROM edges',
	 bench.best_ms('SELECT count(*) FROM household_edges')),
	('components, household', 'deal.components(deal.graph_agg(...))',
	 bench.best_ms('SELECT count(*) FROM deal.components((SELECT deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) FROM household_edges))'));

SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pgrouting') AS have_pgrouting \gset
\if :have_pgrouting
CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE;
-- pgRouting wants integer ids and an edge id: the household graph's nodes numbered apart by kind
CREATE TABLE household_edges_int AS
SELECT row_number() OVER () AS id,
       CASE src_kind WHEN 'person' THEN src_id WHEN 'worker' THEN 1000000 + src_id END AS source,
       CASE dst_kind WHEN 'person' THEN dst_id WHEN 'household' THEN 2000000 + dst_id END AS target
FROM household_edges;
INSERT INTO results (bench, method, ms) VALUES
	('components, random', 'pgRouting pgr_connectedComponents',
	 bench.best_ms($$SELECT count(*) FROM pgr_connectedComponents('SELECT id, src AS source, dst AS target, 1::float8 AS cost, 1::float8 AS reverse_cost FROM random_edges')$$, 1)),
	('components, household', 'pgRouting pgr_connectedComponents',
	 bench.best_ms($$SELECT count(*) FROM pgr_connectedComponents('SELECT id, source, target, 1::float8 AS cost, 1::float8 AS reverse_cost FROM household_edges_int')$$, 1));
\else
INSERT INTO results (bench, method, note) VALUES
	('components, random', 'pgRouting pgr_connectedComponents', 'not installed: tools/bootstrap --bench'),
	('components, household', 'pgRouting pgr_connectedComponents', 'not installed: tools/bootstrap --bench');
\endif

-- Neighbourhood: two hops around one person, 200 people, against a recursive CTE with indexes.
CREATE INDEX ON household_edges (src_kind, src_id);
CREATE INDEX ON household_edges (dst_kind, dst_id);
CREATE VIEW household_undirected AS
	SELECT src_kind AS a_kind, src_id AS a_id, dst_kind AS b_kind, dst_id AS b_id FROM household_edges
	UNION ALL
	SELECT dst_kind, dst_id, src_kind, src_id FROM household_edges;
CREATE TABLE stored_graph (g deal.graph);
INSERT INTO stored_graph SELECT deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) FROM household_edges;
CREATE TABLE graph_sample AS SELECT ((p * 1499) % 300000 + 1)::bigint AS person FROM generate_series(1, 200) AS p;

-- The recursive CTE a user would write: two hops around s.person over the undirected edges.
\set cte_walk 'SELECT kind, id, min(hops) AS hops FROM (WITH RECURSIVE walk(kind, id, hops) AS (SELECT ''person''::text, s.person, 0 UNION SELECT u.b_kind, u.b_id, w.hops + 1 FROM walk w JOIN household_undirected u ON u.a_kind = w.kind AND u.a_id = w.id WHERE w.hops < 2) SELECT * FROM walk) r GROUP BY kind, id'

-- the two answers agree
SELECT count(*) AS disagreements FROM graph_sample s,
LATERAL (
	(SELECT node_kind, node_id, hops FROM stored_graph, deal.neighbourhood(g, 'person', s.person, 2)
	 EXCEPT :cte_walk)
	UNION ALL
	(:cte_walk
	 EXCEPT SELECT node_kind, node_id, hops FROM stored_graph, deal.neighbourhood(g, 'person', s.person, 2))
) d \gset
\echo neighbourhood answers that differ between deal and the recursive CTE: :disagreements

INSERT INTO results (bench, method, ms, note) VALUES
	('2-hop neighbourhood, per person', 'recursive CTE over indexed edges',
	 bench.best_ms(format('SELECT count(*) FROM graph_sample s, LATERAL (%s) n', :'cte_walk')) / 200, '200 people'),
	('2-hop neighbourhood, per person', 'deal.neighbourhood on a stored graph (cached)',
	 bench.best_ms($$SELECT count(*) FROM stored_graph, graph_sample s, deal.neighbourhood(g, 'person', s.person, 2)$$) / 200, '200 people'),
	('2-hop neighbourhood, per person', 'deal.neighbourhood, family links as of a date',
	 bench.best_ms($$SELECT count(*) FROM stored_graph, graph_sample s, deal.neighbourhood(g, 'person', s.person, 2, '{parent_of,lives_at,related_to}', '2024-01-01')$$) / 200, '200 people'),
	('2-hop neighbourhood, per person', 'deal.neighbourhood, cache off',
	 bench.best_ms($$SET LOCAL deal.cache_size = 0; SELECT count(*) FROM stored_graph, (SELECT * FROM graph_sample LIMIT 5) s, deal.neighbourhood(g, 'person', s.person, 2)$$, 1) / 5, '5 people: each call decodes the stored graph');

-- Report: each method against the floor (components) or the recursive CTE (neighbourhood).
SELECT bench, method,
       CASE WHEN ms IS NULL THEN note ELSE to_char(ms, 'FM999990.000') || ' ms' END AS time,
       CASE
         WHEN ms IS NULL OR base IS NULL OR method = base_method THEN ''
         WHEN base_method LIKE 'floor%' AND method LIKE 'pgRouting%' THEN to_char(ms / base, 'FM99990.0') || 'x floor; deal is ' || to_char(ms / deal_ms, 'FM99990.0') || 'x faster'
         WHEN base_method LIKE 'floor%' THEN to_char(ms / base, 'FM99990.0') || 'x floor'
         WHEN base >= ms THEN to_char(base / ms, 'FM99990.0') || 'x faster than the CTE'
         ELSE to_char(ms / base, 'FM99990.0') || 'x slower than the CTE'
       END AS ratio
FROM (
	SELECT r.*, first_value(ms) OVER w AS base, first_value(method) OVER w AS base_method,
	       nth_value(ms, 2) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS deal_ms
	FROM results r WINDOW w AS (PARTITION BY bench ORDER BY seq)
) x ORDER BY seq;
