-- Household graph benchmarks (issue 3).  Every timing is the best of a few runs, serial
-- (no parallel workers), from inside one session, so that all sides are measured alike.
\set QUIET on
\pset footer off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

CREATE SCHEMA graph;
SET search_path = graph, public;
\set random 'components of a random graph: 300,000 people, 1,000,000 links'
\set household 'components of a household graph: 300,000 residents, 995,000 links with kinds and dates'
\set hop2 '2-hop neighbourhood, per person, in a stored household graph (200 people timed)'

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
SELECT bench.time('graph', :'random', 'floor', '`SELECT count(*)` of the edges', 'SELECT count(*) FROM random_edges'),
       bench.time('graph', :'random', 'deal', '`deal.components(deal.graph_agg(src, dst))`',
                  'SELECT count(*) FROM deal.components((SELECT deal.graph_agg(src, dst) FROM random_edges))'),
       bench.time('graph', :'household', 'floor', '`SELECT count(*)` of the edges', 'SELECT count(*) FROM household_edges'),
       bench.time('graph', :'household', 'deal', '`deal.components(deal.graph_agg(...))`',
                  'SELECT count(*) FROM deal.components((SELECT deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) FROM household_edges))')
\g /dev/null

SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pgrouting') AS have_pgrouting \gset
\if :have_pgrouting
CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE;
-- pgRouting wants integer ids and an edge id: the household graph's nodes numbered apart by kind
CREATE TABLE household_edges_int AS
SELECT row_number() OVER () AS id,
       CASE src_kind WHEN 'person' THEN src_id WHEN 'worker' THEN 1000000 + src_id END AS source,
       CASE dst_kind WHEN 'person' THEN dst_id WHEN 'household' THEN 2000000 + dst_id END AS target
FROM household_edges;
\set pgr_random 'SELECT * FROM pgr_connectedComponents(''SELECT id, src AS source, dst AS target, 1::float8 AS cost, 1::float8 AS reverse_cost FROM random_edges'')'
\set pgr_household 'SELECT * FROM pgr_connectedComponents(''SELECT id, source, target, 1::float8 AS cost, 1::float8 AS reverse_cost FROM household_edges_int'')'

-- the same components either way: each node with its component's smallest node (pgRouting's
-- component number), the household graph's nodes numbered as for pgRouting
SELECT count(*) AS random_differ FROM (
	SELECT node_id AS node, min(node_id) OVER (PARTITION BY component) AS component
	FROM deal.components((SELECT deal.graph_agg(src, dst) FROM random_edges))
) d FULL JOIN (:pgr_random) p USING (node)
WHERE d.component IS DISTINCT FROM p.component \gset
SELECT count(*) AS household_differ FROM (
	SELECT node, min(node) OVER (PARTITION BY component) AS component
	FROM deal.components((SELECT deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) FROM household_edges)),
	     LATERAL (SELECT CASE node_kind WHEN 'person' THEN node_id WHEN 'worker' THEN 1000000 + node_id
	                                    WHEN 'household' THEN 2000000 + node_id END AS node) n
) d FULL JOIN (:pgr_household) p USING (node)
WHERE d.component IS DISTINCT FROM p.component \gset
\echo nodes whose component differs between deal and pgRouting: :random_differ in the random graph, :household_differ in the household graph

SELECT bench.time('graph', :'random', 'alternative', 'pgRouting `pgr_connectedComponents`',
                  format('SELECT count(*) FROM (%s) c', :'pgr_random'), same_answer => :random_differ = 0),
       bench.time('graph', :'household', 'alternative', 'pgRouting `pgr_connectedComponents`',
                  format('SELECT count(*) FROM (%s) c', :'pgr_household'), same_answer => :household_differ = 0)
\g /dev/null
\else
SELECT bench.record('graph', :'random', 'alternative', 'pgRouting `pgr_connectedComponents`', NULL, NULL, NULL, 'not installed: tools/bootstrap --bench'),
       bench.record('graph', :'household', 'alternative', 'pgRouting `pgr_connectedComponents`', NULL, NULL, NULL, 'not installed: tools/bootstrap --bench')
\g /dev/null
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

SELECT bench.time('graph', :'hop2', 'alternative', 'recursive CTE over indexed edges',
                  format('SELECT count(*) FROM graph_sample s, LATERAL (%s) n', :'cte_walk'), same_answer => :disagreements = 0,
                  per => 200),
       bench.time('graph', :'hop2', 'deal', '`deal.neighbourhood(g, ''person'', id, 2)` on a stored graph (cached)',
                  $$SELECT count(*) FROM stored_graph, graph_sample s, deal.neighbourhood(g, 'person', s.person, 2)$$,
                  per => 200),
       bench.time('graph', :'hop2', 'other', 'the same, family links only, as of a date',
                  $$SELECT count(*) FROM stored_graph, graph_sample s, deal.neighbourhood(g, 'person', s.person, 2, '{parent_of,lives_at,related_to}', '2024-01-01')$$,
                  per => 200),
       bench.time('graph', :'hop2', 'other', 'the same with the cache off',
                  $$SET LOCAL deal.cache_size = 0; SELECT count(*) FROM stored_graph, (SELECT * FROM graph_sample LIMIT 5) s, deal.neighbourhood(g, 'person', s.person, 2)$$,
                  1, note => '5 people: each call decodes the stored graph', per => 5)
\g /dev/null

SELECT * FROM bench.report('graph');
