-- deal.graph: text I/O, graph_agg, and every reader with its filters.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- A small borough: two families, their households, and the professionals around them.
CREATE TABLE links (
	src_kind text, src_id bigint, dst_kind text, dst_id bigint, edge_kind text, during daterange
);
INSERT INTO links VALUES
	-- the Ashtons: Ann (1) and Bob (2) parents of Cal (3) and Dee (4), at household 100
	('person', 1, 'person', 3, 'parent_of', NULL),
	('person', 2, 'person', 3, 'parent_of', NULL),
	('person', 1, 'person', 4, 'parent_of', NULL),
	('person', 2, 'person', 4, 'parent_of', '[2010-01-01,2022-06-01)'),
	('person', 1, 'household', 100, 'lives_at', NULL),
	('person', 3, 'household', 100, 'lives_at', NULL),
	('person', 4, 'household', 100, 'lives_at', '[2015-01-01,2023-09-01)'),
	('person', 2, 'household', 101, 'lives_at', '[2022-06-01,)'),
	-- Dee moved in with her grandmother Eve (5) at 102
	('person', 5, 'person', 1, 'parent_of', NULL),
	('person', 4, 'household', 102, 'lives_at', '[2023-09-01,)'),
	('person', 5, 'household', 102, 'lives_at', NULL),
	-- the Birches: Fay (6) alone at 103
	('person', 6, 'household', 103, 'lives_at', NULL),
	-- professionals
	('worker', 10, 'person', 1, 'involved_with', NULL),
	('worker', 10, 'person', 3, 'involved_with', NULL),
	('worker', 10, 'person', 4, 'involved_with', '[2021-01-01,2023-01-01)'),
	('worker', 11, 'person', 3, 'involved_with', NULL),
	('worker', 11, 'person', 3, 'involved_with', NULL),     -- a duplicate row
	('worker', 12, 'person', 4, 'involved_with', '[2023-09-01,)'),
	('worker', 12, 'person', 5, 'involved_with', '[2023-09-01,)'),
	('worker', 13, 'person', 6, 'involved_with', NULL),
	('worker', 12, 'person', 6, 'involved_with', NULL),
	-- a self-loop, kept but never followed
	('person', 6, 'person', 6, 'carer_of', NULL),
	-- Gus (7) has no links at all
	('person', 7, NULL, NULL, NULL, NULL);
CREATE TABLE borough AS
SELECT graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) AS g FROM links;

SELECT graph_nodes(g) AS nodes, graph_edges(g) AS edges FROM borough;
SELECT g FROM borough;

-- Text I/O round-trips exactly, in canonical order, whatever order it was written in.
SELECT g::text::graph::text = g::text AS round_trip FROM borough;
SELECT '{ person:2 -knows-> person:1 ; PERSON:1 -Knows-> person:2;person:1 -knows-> person:2 }'::graph AS canonical;
SELECT '{}'::graph AS empty, graph_nodes('{}'), graph_edges('{}');
SELECT '{person:00000000000000000000042; person:-0009223372036854775808}'::graph AS leading_zeros;
SELECT '{person:-9223372036854775808 -x-> person:9223372036854775807 (,2000-01-01); a:1 -b-> a:2 [0001-01-01,); a:3 -b-> a:3 empty}'::graph AS extremes;

-- Every malformed text: 22P02 with where and why.
SELECT input, error_of(format('SELECT %L::deal.graph', input)) AS error
FROM (VALUES (''), ('person:1'), ('{person:1'), ('{person:1}}'), ('{person 1}'), ('{person:}'),
             ('{person:x}'), ('{1person:1}'), ('{person:1 -knows- person:2}'), ('{person:1 -> person:2}'),
             ('{person:1 -knows-> }'), ('{person:1 -knows-> person:2 [2020-01-01,2019-01-01)}'),
             ('{person:1 -knows-> person:2 [2023-02-29,)}'), ('{person:1 -knows-> person:2 [2020-01-01]}'),
             ('{person:1 -knows-> person:2 [2020-1-1,)}'), ('{person:1; ; person:2}'),
             ('{person:1 person:2}'), ('{person:99999999999999999999}'), ('{person:-9223372036854775809}'), ('{pers-on:1}'),
             ('{' || repeat('k', 64) || ':1}'), ('{person:1 -kn€ws-> person:2}')) AS v(input);

-- graph_agg: arguments outside their domain.
SELECT error_of($$SELECT graph_agg('per son', 1, 'person', 2, 'knows')$$) AS bad_node_kind,
       error_of($$SELECT graph_agg('person', 1, 'person', 2, '')$$) AS empty_edge_kind,
       error_of($$SELECT graph_agg('person', 1, 'person', 2, NULL)$$) AS null_edge_kind,
       error_of($$SELECT graph_agg('person', 1, 'person', 2, 'knows', '[0001-01-01,20000-01-01)')$$) AS far_date;
SELECT graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind) IS NULL AS no_rows_is_null FROM links WHERE false;
SELECT graph_agg(NULL::text, 1, 'person', 2, 'knows') AS null_source_skipped;
SELECT graph_agg(x, CASE WHEN x < 4 THEN x + 1 END) AS short_form FROM generate_series(1, 5) x;
SELECT graph_agg(x, x % 3, 'rings') AS short_typed FROM generate_series(1, 4) x;

-- components: numbered by smallest (kind, id); every node appears once.
SELECT c.* FROM borough, components(g) c ORDER BY node_kind, node_id;
-- family edges only: the professionals fall apart into components of their own
SELECT component, array_agg(node_kind || ':' || node_id ORDER BY node_kind, node_id) AS members
FROM borough, components(g, '{parent_of,lives_at}') GROUP BY component ORDER BY component;
-- as of 2021: Bob still at home with Dee? He left in June 2022, Dee moved in 2023
SELECT component, array_agg(node_kind || ':' || node_id ORDER BY node_kind, node_id) AS members
FROM borough, components(g, '{parent_of,lives_at}', '2021-06-30') GROUP BY component ORDER BY component;
SELECT count(*) AS unknown_kinds_isolate_all FROM borough, components(g, '{no_such_kind}') GROUP BY component HAVING count(*) > 1;
SELECT error_of($$SELECT * FROM components('{}', '{bad kind}')$$) AS invalid_kind_name;
SELECT count(*) AS from_null_graph FROM components(NULL);

-- neighbourhood: breadth-first, stopping at the limit.
SELECT n.* FROM borough, neighbourhood(g, 'person', 3, 1) n ORDER BY hops, node_kind, node_id;
SELECT n.* FROM borough, neighbourhood(g, 'person', 3, 2, '{parent_of}') n ORDER BY hops, node_kind, node_id;
SELECT n.* FROM borough, neighbourhood(g, 'person', 4, 1, '{lives_at}', '2024-01-01') n ORDER BY hops, node_kind, node_id;
SELECT n.* FROM borough, neighbourhood(g, 'PERSON', 7, 3) n;
SELECT n.* FROM borough, neighbourhood(g, 'person', 424242, 3) n;
SELECT count(*) AS whole_component FROM borough, neighbourhood(g, 'person', 1, NULL) n;
SELECT n.* FROM borough, neighbourhood(g, 'person', 6, 5) n ORDER BY hops, node_kind, node_id;
SELECT error_of($$SELECT * FROM neighbourhood('{}', 'person', 1, -1)$$) AS negative_hops;

-- shortest_path: fewest edges, with the kind of each edge taken.
SELECT p.* FROM borough, shortest_path(g, 'person', 5, 'person', 3) p;
SELECT p.* FROM borough, shortest_path(g, 'person', 5, 'worker', 11, '{parent_of,involved_with}') p;
SELECT p.* FROM borough, shortest_path(g, 'person', 3, 'person', 3) p;
SELECT count(*) AS no_path FROM borough, shortest_path(g, 'person', 1, 'person', 7) p;
SELECT count(*) AS unknown_end FROM borough, shortest_path(g, 'person', 1, 'person', 424242) p;
SELECT count(*) AS no_path_in_2021 FROM borough, shortest_path(g, 'person', 4, 'person', 5, '{lives_at}', '2021-01-01') p;

-- articulation_points: who holds the network together.
SELECT a.* FROM borough, articulation_points(g, '{parent_of,lives_at}') a ORDER BY 1, 2;
SELECT a.* FROM borough, articulation_points(g) a ORDER BY 1, 2;
SELECT count(*) AS in_empty FROM articulation_points('{}');

-- team_around_family: one row per family, its professionals and the natural lead.
SELECT t.* FROM borough, team_around_family(g, '{parent_of,lives_at}', '{involved_with}') t ORDER BY component;
SELECT t.* FROM borough, team_around_family(g, '{parent_of,lives_at}', '{involved_with}', '2022-01-01') t ORDER BY component;
SELECT error_of($$SELECT * FROM team_around_family('{}', NULL, '{involved_with}')$$) AS null_family_kinds;

-- to_dot: Graphviz for one family.
SELECT to_dot(graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind))
FROM links WHERE src_id IN (5, 12) OR dst_id = 102;
SELECT to_dot('{}');
