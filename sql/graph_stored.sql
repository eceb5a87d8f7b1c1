-- deal.graph stored in tables: the decoded-graph cache, parallel aggregation, binary I/O.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- A generated network: 3000 people in chains of ten, with carers across chains, dated.
CREATE TABLE net AS
SELECT 'person'::text AS src_kind, p AS src_id, 'person'::text AS dst_kind,
       CASE WHEN p % 10 = 0 THEN p - 9 ELSE p + 1 END AS dst_id,
       CASE WHEN p % 3 = 0 THEN 'sibling_of' ELSE 'parent_of' END AS edge_kind,
       CASE WHEN p % 7 = 0 THEN daterange('2020-01-01', '2023-01-01') END AS during
FROM generate_series(1, 3000) AS p
UNION ALL
SELECT 'worker', w, 'person', (w * 37) % 3000 + 1, 'involved_with', NULL
FROM generate_series(1, 400) AS w;
ANALYZE net;

-- Stored out of line, so readers get a TOAST pointer and the cache is used.
CREATE TABLE stored (id int PRIMARY KEY, g graph);
ALTER TABLE stored ALTER COLUMN g SET STORAGE external;
INSERT INTO stored SELECT 1, graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) FROM net;
SELECT graph_nodes(g), graph_edges(g), pg_column_size(g) > 2000 AS toasted FROM stored;

-- The same answers from the stored (cached) value, from a fresh aggregate, and with the
-- cache off; repeated calls reuse the cache.
CREATE TEMP TABLE fresh AS SELECT graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) AS g FROM net;
CREATE FUNCTION pg_temp.answers(g graph) RETURNS text LANGUAGE sql AS $$
	SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
		SELECT format('c %s %s %s', node_kind, node_id, component) AS x FROM deal.components(g, '{parent_of,sibling_of}', '2021-01-01')
		UNION ALL SELECT format('n %s %s %s', node_kind, node_id, hops) FROM deal.neighbourhood(g, 'person', 15, 3)
		UNION ALL SELECT format('p %s %s %s %s', step, node_kind, node_id, edge_kind) FROM deal.shortest_path(g, 'person', 1, 'person', 2999)
		UNION ALL SELECT format('a %s %s', node_kind, node_id) FROM deal.articulation_points(g)
		UNION ALL SELECT format('t %s', t) FROM deal.team_around_family(g, '{parent_of,sibling_of}', '{involved_with}') t
	) s
$$;
SELECT (SELECT pg_temp.answers(g) FROM stored) = (SELECT pg_temp.answers(g) FROM fresh) AS stored_equals_fresh,
       (SELECT pg_temp.answers(g) FROM stored) = (SELECT pg_temp.answers(g) FROM stored) AS cached_again;
SET deal.cache_size = 0;
SELECT (SELECT pg_temp.answers(g) FROM stored) = (SELECT pg_temp.answers(g) FROM fresh) AS uncached_equals_fresh;
RESET deal.cache_size;

-- Per-person queries over a stored graph, as a report would run them.
SELECT p AS person, count(*) AS within_two_hops
FROM stored, generate_series(1, 50, 7) AS p, neighbourhood(g, 'person', p, 2)
GROUP BY p ORDER BY p;

-- An update writes a new value: the cache does not serve the old one.
UPDATE stored SET g = (SELECT graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind) FROM net WHERE src_id <= 100);
SELECT graph_nodes(g), graph_edges(g), (SELECT count(*) FROM neighbourhood(g, 'person', 15, 3)) AS near_15 FROM stored;

-- The cache under pressure: more stored graphs than it has slots, then one it must make room
-- for by evicting several, then one larger than the whole cache (decoded but not kept).
CREATE TABLE graph_shelf AS
SELECT k, graph_agg(k * 100000 + i, k * 100000 + (i * 7919) % 1000) AS g
FROM generate_series(1, 8) AS k, generate_series(1, 700) AS i GROUP BY k;
INSERT INTO graph_shelf SELECT 9, graph_agg(i, (i * 7) % 56000) FROM generate_series(1, 56000) AS i;
INSERT INTO graph_shelf SELECT 10, graph_agg(i, (i * 7) % 90000) FROM generate_series(1, 90000) AS i;
SET deal.cache_size = '1MB';
SELECT k, graph_nodes(g), graph_edges(g) FROM graph_shelf ORDER BY k;
SELECT k, graph_nodes(g), graph_edges(g) FROM graph_shelf ORDER BY k DESC;
RESET deal.cache_size;

-- Parallel aggregation gives the same graph as a serial one.
CREATE TABLE big_net AS SELECT * FROM net, generate_series(0, 19) AS copy;
UPDATE big_net SET src_id = src_id + copy * 10000, dst_id = dst_id + copy * 10000;
ANALYZE big_net;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS SELECT graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) AS g FROM big_net;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) FROM big_net;
SELECT graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during)::text = (SELECT g::text FROM serial) AS parallel_equals_serial,
       graph_edges(graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during)) AS edges
FROM big_net;
EXPLAIN (COSTS OFF) SELECT graph_agg(src_id, dst_id) FROM big_net;
SELECT graph_agg(src_id, dst_id)::text = (SELECT graph_agg(src_id, dst_id)::text FROM big_net WHERE copy >= 0 OFFSET 0) AS short_parallel_equals
FROM big_net;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- The state is a deal.graph, so Citus can split the aggregate too: workers' partial graphs
-- travel as values and the combine function adds them up.  Called from SQL, the combine
-- function is the union of two graphs; the transition functions belong to the aggregate.
SELECT DISTINCT aggtranstype::regtype AS state, aggcombinefn, aggserialfn FROM pg_aggregate
WHERE aggfnoid::regproc::text = 'deal.graph_agg';
SELECT graph_agg_combinefn(a, b)::text = (SELECT g::text FROM serial) AS union_equals_whole,
       graph_agg_combinefn(b, a)::text = graph_agg_combinefn(a, b)::text AS union_commutes,
       graph_agg_combinefn(a, a)::text = a::text AS union_with_itself
FROM (SELECT graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) FILTER (WHERE copy < 7) AS a,
             graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) FILTER (WHERE copy >= 5) AS b
      FROM big_net) halves;
SELECT error_of($$SELECT graph_agg_transfn(NULL::graph, 1, 2)$$) AS transition_from_sql;
-- As a window aggregate the state lives on after each row's graph is made.
SELECT i, graph_nodes(g), graph_edges(g), g::text
FROM (SELECT i, graph_agg(i, i + 1) OVER (ORDER BY i) AS g FROM generate_series(1, 4) AS i) w;
SELECT count(DISTINCT graph_edges(g)) AS distinct_sizes
FROM (SELECT graph_agg(src_id, dst_id) OVER (ORDER BY src_id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS g
      FROM net WHERE src_id <= 50) w;

-- Binary COPY round trip.
CREATE TABLE graphs (g graph);
CREATE TABLE graphs_copy (g graph);
INSERT INTO graphs SELECT g FROM fresh;
INSERT INTO graphs VALUES ('{}'), ('{a:1 -b-> a:2 [2020-01-01,); a:3 -b-> a:3 empty; c:-5}'), (NULL);
SELECT copy_binary('SELECT g FROM graphs', 'graphs_copy');
SELECT count(*) AS rows, count(*) FILTER (WHERE c.g::text IS NOT DISTINCT FROM o.g::text) AS identical
FROM (SELECT g, row_number() OVER () AS r FROM graphs) o JOIN (SELECT g, row_number() OVER () AS r FROM graphs_copy) c USING (r);

-- Malformed binary input (bytes written through a bytea): 22P03, never a crash.
CREATE TABLE graph_only (g graph);
SELECT name, error_of(format($$SELECT copy_binary(%L, 'graph_only')$$, format('SELECT %L::bytea', bytes))) AS error
FROM (VALUES
	('empty', ''),
	('wrong version', '\x00000002'),
	('truncated kinds', '\x000000010000000161'),
	('negative count', '\x00000001ffffffff'),
	('huge count', '\x000000017fffffff'),
	('bad kind name', '\x000000010000000141206200000000000000000100000000000000000000000100000000'),
	('node kind out of range', '\x00000001000000016100000000000000000100000005000000000000000100000000'),
	('edge to unknown node', '\x000000010000000161000000000162000000000100000000000000000000000100000001000000000000000500000000800000007fffffff'),
	('backwards dates', '\x0000000100000001610000000001620000000002000000000000000000000001000000000000000000000002000000010000000000000001000000000000001000000005'),
	('trailing bytes', '\x000000010000000000000000000000000000000000000000'),
	('valid, for contrast', '\x0000000100000001610000000001620000000002000000000000000000000001000000000000000000000002000000010000000000000001000000000000000500000010')
) AS v(name, bytes);
SELECT g AS only_the_valid_one_loaded FROM graph_only;
