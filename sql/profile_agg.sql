-- deal.profile_agg and deal.union_agg: sums exactly rounded, memory bounded by the labels
-- rather than the rows, and the same profile whatever the order of rows and the plan.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- Sums naive addition gets wrong are exactly rounded: ten 0.1s are 1 (naively
-- 0.9999999999999999), 1e100 + 1 - 1e100 is 1 (naively 0), in any order.
SELECT profile_agg('a', 0.1) AS ten_tenths FROM generate_series(1, 10);
SELECT o AS row_order, profile_agg('a', w ORDER BY w * o) AS sum
FROM (VALUES (1e100::float8), (1), (-1e100)) AS v(w), (VALUES (1), (-1)) AS orders(o)
GROUP BY o ORDER BY o;
SELECT profile_agg(l, w) AS alternating
FROM (VALUES ('a', 1e308::float8), ('a', 1e-308), ('a', -1e308), ('a', 1e-308), ('b', 1e16), ('b', 1), ('b', 1e-16)) AS v(l, w);
-- As a window aggregate (the final function runs on a state that goes on growing): a running
-- sum, exact at every row: 0.1 + 0.2 - 0.3 is 2^-55 (naively 5.551115123125783e-17).
SELECT i, profile_agg(l, w) OVER (ORDER BY i) AS running
FROM (VALUES (1, 'a', 0.1::float8), (2, 'b', 1), (3, 'a', 0.2), (4, 'a', -0.3)) AS v(i, l, w);
-- -0 and exact cancellation come out as 0
SELECT profile_agg(l, w)::text AS zeros FROM (VALUES ('a', '-0'::float8), ('b', 0.5), ('b', -0.5)) AS v(l, w);

-- A sum beyond the range of a double is an error, as it always was; partial sums beyond it
-- are not: three 1.7e308 less two is 1.7e308, whatever the order.  The largest double plus
-- half its last place is a tie, which rounds to even: beyond; a quarter less is not.
SELECT error_of($$SELECT deal.profile_agg('a', w) FROM (VALUES (1e308::float8), (1e308)) AS v(w)$$) AS overflow;
SELECT error_of($$SELECT deal.profile_agg('a', w) FROM (VALUES (-1.7976931348623157e308::float8), (-(2::float8 ^ 970))) AS v(w)$$) AS tie,
       error_of($$SELECT deal.profile_agg('a', w) FROM (VALUES (-1.7976931348623157e308::float8), (-(2::float8 ^ 969))) AS v(w)$$) AS under_the_tie;
SELECT o AS row_order, profile_agg('a', w ORDER BY w * o) AS sum
FROM (VALUES (1.7e308::float8), (1.7e308), (1.7e308), (-1.7e308), (-1.7e308)) AS v(w), (VALUES (1), (-1)) AS orders(o)
GROUP BY o ORDER BY o;

-- At most 100,000 labels: the 100,001st distinct one is refused as it arrives, while any
-- number of rows for known labels is fine.
SELECT cardinality(labels(profile_agg('l' || i % 100000, 1))) AS labels FROM generate_series(1, 200000) AS i;
SELECT error_of($$SELECT deal.profile_agg('l' || i, 1) FROM generate_series(1, 100001) AS i$$) AS too_many,
       error_of($$SELECT deal.union_agg(deal.profile(ARRAY['l' || i], ARRAY[1])) FROM generate_series(1, 100001) AS i$$) AS too_many_union;
-- So does + of two profiles whose labels add up to more (it used to write a profile of
-- 100,001 labels that no function could then read).
SELECT cardinality(labels(a + b)) AS sum_at_the_limit,
       error_of(format('SELECT %L::deal.profile OPERATOR(deal.+) %L::deal.profile', a, c)) AS sum_past_it
FROM (SELECT deal.profile(array_agg('l' || i) FILTER (WHERE i <= 60000), array_agg(1.0::float8) FILTER (WHERE i <= 60000)) AS a,
             deal.profile(array_agg('l' || i) FILTER (WHERE i > 40000 AND i <= 100000),
                          array_agg(1.0::float8) FILTER (WHERE i > 40000 AND i <= 100000)) AS b,
             deal.profile(array_agg('l' || i) FILTER (WHERE i > 40000), array_agg(1.0::float8) FILTER (WHERE i > 40000)) AS c
      FROM generate_series(1, 100001) AS i) AS p;

-- A double's exact value as numeric: its significand times its power of two.
CREATE FUNCTION exact_numeric(x float8) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT trim_scale(CASE WHEN e >= 0 THEN m * 2::numeric ^ e
	                       ELSE ((m * 5::numeric ^ (-e))::text || 'e' || e)::numeric END)
	FROM (SELECT CASE WHEN b < 0 THEN -1 ELSE 1 END
	             * ((b & 4503599627370495) + CASE WHEN (b >> 52) & 2047 = 0 THEN 0 ELSE 4503599627370496 END) AS m,
	             greatest((b >> 52) & 2047, 1)::int - 1075 AS e
	      FROM (SELECT ('x' || encode(float8send(x), 'hex'))::bit(64)::bigint AS b) AS bits) AS parts
$$;
SELECT exact_numeric(0.1) AS tenth, exact_numeric(-3) AS minus_three, exact_numeric(1e20) AS big;

-- 300,000 profiles of 1 to 5 labels from a vocabulary of 100, with weights drawn from 2,000
-- of every magnitude from 2^-40 to 2^40, either sign, beside their exact values.
SELECT setseed(0.125);
CREATE TABLE agg_weights AS
SELECT DISTINCT ON (w) w, exact_numeric(w) AS exact
FROM (SELECT CASE WHEN i % 4 = 0 THEN round(random()::numeric, 1)::float8
                  ELSE (random() - 0.3) * 2 ^ (floor(random() * 80) - 40) END AS w
      FROM generate_series(1, 2000) AS i) AS s;
CREATE TABLE agg_profiles AS
SELECT id, profile(array_agg(label), array_agg(w)) AS p
FROM (SELECT r.id, 'w' || lpad(((r.id::bigint * 7919 + r.j * 37) % 100)::text, 2, '0') AS label, x.w
      FROM (SELECT g AS id, j, 1 + floor(random() * (SELECT count(*) FROM agg_weights))::int AS pick
            FROM generate_series(1, 300000) AS g, generate_series(0, floor(random() * 5)::int + 0 * g) AS j) AS r
      JOIN (SELECT w, row_number() OVER (ORDER BY w) AS pick FROM agg_weights) AS x USING (pick)) AS rows
GROUP BY id;
CREATE VIEW agg_rows AS SELECT a.id, e.label, e.weight FROM agg_profiles AS a, each(a.p) AS e;
ANALYZE agg_weights, agg_profiles;
SELECT count(*) AS profiles, sum(cardinality(labels(p))) AS rows FROM agg_profiles;

-- The answer computed another way: each label's largest weight, and its exact sum in
-- numeric rounded once to float8.
CREATE TABLE agg_expected AS
SELECT r.label, max(r.weight) AS largest, sum(x.exact)::float8 AS exact_sum
FROM agg_rows AS r JOIN agg_weights AS x ON x.w = r.weight
GROUP BY r.label;

-- Serially, then with a parallel plan, then with the rows in other orders: the same
-- profiles, equal to the answer, every sum to the last bit.
SET max_parallel_workers_per_gather = 0;
CREATE TABLE agg_results AS
SELECT 'serial' AS how, (SELECT union_agg(p) FROM agg_profiles) AS maxima,
       (SELECT profile_agg(label, weight) FROM agg_rows) AS sums;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT union_agg(p) FROM agg_profiles;
EXPLAIN (COSTS OFF) SELECT profile_agg(label, weight) FROM agg_rows;
INSERT INTO agg_results
SELECT 'parallel', (SELECT union_agg(p) FROM agg_profiles), (SELECT profile_agg(label, weight) FROM agg_rows);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SET max_parallel_workers_per_gather = 0;
INSERT INTO agg_results
SELECT 'by id, descending', (SELECT union_agg(p ORDER BY id DESC) FROM agg_profiles),
       (SELECT profile_agg(label, weight ORDER BY id DESC, label DESC) FROM agg_rows);
INSERT INTO agg_results
SELECT 'shuffled', (SELECT union_agg(p ORDER BY id::bigint * 48271 % 2147483647) FROM agg_profiles),
       (SELECT profile_agg(label, weight ORDER BY (id::bigint * 48271 + ascii(right(label, 1))) % 2147483647) FROM agg_rows);

SELECT count(*) AS labels FROM agg_expected;
SELECT r.how, cardinality(labels(r.maxima)) AS labels,
       (SELECT count(*) FROM each(r.maxima) AS m JOIN agg_expected AS x ON x.label = m.label AND x.largest = m.weight) AS largest_equal,
       cardinality(labels(r.sums)) AS labels,
       (SELECT count(*) FROM each(r.sums) AS s JOIN agg_expected AS x ON x.label = s.label AND x.exact_sum = s.weight) AS sums_exactly_rounded
FROM agg_results AS r ORDER BY r.how;
SELECT count(DISTINCT maxima) AS distinct_maxima, count(DISTINCT sums) AS distinct_sums FROM agg_results;
-- naive float8 addition, for contrast, misses the exactly rounded sum of most labels
SELECT count(*) FILTER (WHERE n.naive <> x.exact_sum) > 50 AS naive_sums_differ
FROM (SELECT label, sum(weight) AS naive FROM agg_rows GROUP BY label) AS n JOIN agg_expected AS x USING (label);

-- Grouped, one small state per group: the rows of each profile sum back to it.
SELECT count(*) AS regrouped, count(*) FILTER (WHERE g.p = a.p) AS equal
FROM (SELECT id, profile_agg(label, weight) AS p FROM agg_rows WHERE id <= 100000 GROUP BY id) AS g
JOIN agg_profiles AS a USING (id);
RESET max_parallel_workers_per_gather;

-- The states are SQL values, so Citus can split both aggregates: union_agg's a profile,
-- profile_agg's a deal.profile_sum (the exact sums so far, serialised).  The combine
-- functions refuse a damaged state; called from SQL, union_agg's is the union of two
-- profiles; the transition functions belong to the aggregates.
SELECT aggfnoid, aggtranstype::regtype AS state, aggcombinefn, aggserialfn FROM pg_aggregate
WHERE aggfnoid IN ('deal.profile_agg'::regproc, 'deal.union_agg'::regproc) ORDER BY 1::text;
SELECT union_agg_combinefn('debt:0.5, food:1', 'debt:0.7, housing:0.2') AS profile_union;
SELECT error_of($$SELECT profile_agg_combinefn('\x'::profile_sum, '\x'::profile_sum)$$) AS empty_state,
       error_of($$SELECT profile_agg_combinefn('\x0200000000'::profile_sum, '\x0200000000'::profile_sum)$$) AS largest_not_sums,
       error_of($$SELECT union_agg_transfn(NULL, 'debt')$$) AS transition_from_sql;
SELECT profile_agg_combinefn('\x0100000000'::profile_sum, '\x0100000000'::profile_sum) AS no_labels;
-- As window aggregates the states live on after each row's profile is made.
SELECT i, profile_agg('l' || (i % 2), 0.1) OVER (ORDER BY i) AS sums,
       union_agg(profile(ARRAY['l' || (i % 3)], ARRAY[i::float8])) OVER (ORDER BY i) AS largest
FROM generate_series(1, 4) AS i;

DROP VIEW agg_rows;
DROP TABLE agg_results, agg_expected, agg_profiles, agg_weights;
DROP FUNCTION exact_numeric(float8);
