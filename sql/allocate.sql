-- Allocating scarce places: candidates_agg, allocate, and the deal.candidates type.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- Greedy is not optimal: Ann (1) would take the cafe (10), leaving Bob (2) with nothing.
SELECT * FROM allocate('{(1,10,0.9,1),(1,11,0.8,1),(2,10,0.7,1)}');

-- From rows: NULL person, asset or score skipped; non-positive scores never used.
SELECT * FROM allocate((
	SELECT candidates_agg(p, a, s, c)
	FROM (VALUES (1, 10, 0.9, 1), (1, 11, 0.8, 1), (2, 10, 0.7, 1), (3, 10, -1, 1), (3, 12, 0, 5),
	             (NULL, 10, 0.5, 1), (4, NULL, 0.5, 1), (5, 12, NULL, 5)) AS v(p, a, s, c)));
SELECT candidates_agg(p, a, s, c) IS NULL AS no_rows FROM (VALUES (1, 10, 0.5, 1)) AS v(p, a, s, c) WHERE false;

-- Text form round-trips, sorted by (person, asset).
SELECT '{ (2,10,0.5,2) , (1,11,1e-3,1),(1,10,0.25,2)}'::candidates AS sorted;
SELECT '{}'::candidates AS empty, count(*) AS nothing FROM allocate('{}');

-- Bad input: 22P02 for text, 22023 for rows, 22004 for a NULL capacity.
SELECT input, error_of(format('SELECT %L::deal.candidates', input)) AS error
FROM (VALUES (''), ('{(1,10,0.5)}'), ('{(1,10,0.5,-1)}'), ('{(1,10,NaN,1)}'), ('{(1,10,0.5,1),(2,10,0.5,3)}'),
             ('{(1,10,0.5,1)'), ('{(1,10,0.5,1)}x'), ('{(x,10,0.5,1)}'), ('{(1,10,0.5,99999999999)}')) AS v(input);
SELECT error_of($$SELECT deal.candidates_agg(1, 10, 0.5, NULL)$$) AS null_capacity,
       error_of($$SELECT deal.candidates_agg(p, 10, 0.5, c) FROM (VALUES (1, 1), (2, 2)) v(p, c)$$) AS disagreeing,
       error_of($$SELECT deal.candidates_agg(1, 10, 'NaN', 1)$$) AS nan_score;

-- A cohort: the optimum is never below greedy, respects every capacity, and is the same in parallel.
CREATE TABLE cohort AS
SELECT p AS person_id, (p * 7 + k * 13) % 40 AS asset_id,
       ((p * 31 + k * 17) % 100 + 1) / 100.0 AS score, 1 + ((p * 7 + k * 13) % 40) % 3 AS capacity
FROM generate_series(1, 300) AS p, generate_series(1, 5) AS k;
ANALYZE cohort;
CREATE TEMP TABLE chosen AS SELECT * FROM allocate((SELECT candidates_agg(person_id, asset_id, score, capacity::int) FROM cohort));
SELECT count(*) AS placed, count(DISTINCT person_id) AS people, round(sum(score)::numeric, 2) AS total FROM chosen;
SELECT count(*) AS over_capacity
FROM (SELECT asset_id, count(*) AS n FROM chosen GROUP BY asset_id) u
JOIN (SELECT DISTINCT asset_id, capacity FROM cohort) c USING (asset_id) WHERE u.n > c.capacity;
-- greedy for comparison: best pairs first, while places last
WITH RECURSIVE ranked AS (
	SELECT person_id, asset_id, score, capacity, row_number() OVER (ORDER BY score DESC, person_id, asset_id) AS r FROM cohort
), greedy AS (
	SELECT 0::bigint AS r, ARRAY[]::int[] AS people, ARRAY[]::int[] AS assets, 0::numeric AS total
	UNION ALL
	SELECT x.r,
	       CASE WHEN ok THEN g.people || x.person_id ELSE g.people END,
	       CASE WHEN ok THEN g.assets || x.asset_id ELSE g.assets END,
	       CASE WHEN ok THEN g.total + x.score ELSE g.total END
	FROM greedy g JOIN ranked x ON x.r = g.r + 1,
	     LATERAL (SELECT NOT (x.person_id = ANY (g.people))
	                     AND cardinality(array_positions(g.assets, x.asset_id)) < x.capacity AS ok) o
)
SELECT round((SELECT sum(score) FROM chosen)::numeric, 2) >= round(max(total), 2) AS optimal_at_least_greedy,
       round(max(total), 2) AS greedy_total
FROM greedy;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT candidates_agg(person_id, asset_id, score, capacity::int) FROM cohort;
SELECT (SELECT string_agg(a::text, ',' ORDER BY a.person_id) FROM allocate((SELECT candidates_agg(person_id, asset_id, score, capacity::int) FROM cohort)) a)
       = (SELECT string_agg(c::text, ',' ORDER BY c.person_id) FROM chosen c) AS parallel_equals_serial;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- Binary COPY round trip, and bad binary input.
CREATE TABLE cands (c candidates);
INSERT INTO cands SELECT candidates_agg(person_id, asset_id, score, capacity::int) FROM cohort;
CREATE TABLE cands_copy (c candidates);
SELECT copy_binary('SELECT c FROM cands', 'cands_copy');
SELECT (SELECT c::text FROM cands) = (SELECT c::text FROM cands_copy) AS binary_round_trip;
CREATE TABLE cands_only (c candidates);
SELECT name, error_of(format($$SELECT copy_binary(%L, 'cands_only')$$, format('SELECT %L::bytea', bytes))) AS error
FROM (VALUES ('truncated', '\x00000001'),
             ('negative capacity', '\x000000010000000000000001000000000000000a3fe0000000000000ffffffff'),
             ('valid, for contrast', '\x000000010000000000000001000000000000000a3fe000000000000000000001')) AS v(name, bytes);
SELECT c FROM cands_only;

-- The state is a deal.candidates (the pairs so far), so Citus can split the aggregate: from
-- SQL the combine function is the pairs of both, checked.
SELECT aggtranstype::regtype AS state, aggcombinefn, aggserialfn FROM pg_aggregate
WHERE aggfnoid = 'deal.candidates_agg'::regproc;
SELECT candidates_agg_combinefn('{(2,10,0.5,2)}', '{(1,10,0.75,2),(1,11,0.25,1)}') AS both_lists,
       error_of($$SELECT candidates_agg_combinefn('{(1,10,0.5,2)}', '{(2,10,0.75,3)}')$$) AS capacities_disagree,
       error_of($$SELECT candidates_agg_transfn(NULL, 1, 10, 0.5, 2)$$) AS transition_from_sql;
-- As a window aggregate the state lives on after each row's value is made.
SELECT i, candidates_agg(i, 10, 0.5, 2) OVER (ORDER BY i) FROM generate_series(1, 3) AS i;
