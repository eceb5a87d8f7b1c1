-- deal.auc: the c-statistic of scores against outcomes.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- Known values: perfect, reversed, all tied, and one by hand (positives 0.8 and 0.4,
-- negatives 0.4 and 0.1: 1 + 1 + 0.5 + 1 = 3.5 of 4 pairs).
SELECT auc(s, o) AS perfect FROM (VALUES (0.1, false), (0.2, false), (0.3, true), (0.4, true)) v(s, o);
SELECT auc(s, o) AS reversed FROM (VALUES (0.1, true), (0.2, true), (0.3, false), (0.4, false)) v(s, o);
SELECT auc(s, o) AS all_tied FROM (VALUES (0.5, true), (0.5, false), (0.5, false)) v(s, o);
SELECT auc(s, o) AS by_hand FROM (VALUES (0.8, true), (0.4, true), (0.4, false), (0.1, false)) v(s, o);

-- NULL rows skipped; NULL when either class is empty or there are no rows.
SELECT auc(s, o) AS nulls_skipped FROM (VALUES (0.8, true), (NULL, false), (0.4, NULL), (0.1, false)) v(s, o);
SELECT auc(s, o) IS NULL AS no_negatives FROM (VALUES (0.8, true), (0.4, true)) v(s, o);
SELECT auc(s, o) IS NULL AS no_rows FROM (VALUES (0.8, true)) v(s, o) WHERE false;

-- Scores ordered as PostgreSQL orders float8: -Infinity lowest, NaN highest and tied with NaN,
-- -0 tied with 0.
SELECT auc(s, o) AS nan_highest FROM (VALUES ('NaN'::float8, true), ('Infinity', false)) v(s, o);
SELECT auc(s, o) AS nan_ties_nan FROM (VALUES ('NaN'::float8, true), ('NaN', false)) v(s, o);
SELECT auc(s, o) AS minus_zero_ties_zero FROM (VALUES ('-0'::float8, true), (0, false)) v(s, o);
SELECT auc(s, o) AS minus_infinity_lowest FROM (VALUES ('-Infinity'::float8, true), (-1e308, false)) v(s, o);

-- Against every pair counted in SQL, with many ties, per group.
CREATE TABLE auc_scored AS
SELECT g % 5 AS grp, (g * 7919 % 23) / 4.0 AS score, (g * 31 % 7) < 2 + (g * 7919 % 23) / 8 AS outcome
FROM generate_series(1, 3000) g;
SELECT s.grp, s.auc = b.auc AS equals_brute_force, round(s.auc::numeric, 6) AS auc
FROM (SELECT grp, auc(score, outcome) FROM auc_scored GROUP BY grp) s
JOIN (SELECT p.grp, sum(CASE WHEN p.score > n.score THEN 1 WHEN p.score = n.score THEN 0.5 ELSE 0 END)::float8
                    / count(*) AS auc
      FROM auc_scored p JOIN auc_scored n ON n.grp = p.grp AND p.outcome AND NOT n.outcome GROUP BY p.grp) b USING (grp)
ORDER BY grp;

-- Parallel aggregation gives the same value as a serial plan, to the last bit.
CREATE TABLE auc_many AS
SELECT g, (g * 7919 % 1000) / 1000.0 AS score, (g * 31 % 100) < 20 + (g * 7919 % 1000) / 20 AS outcome
FROM generate_series(1, 100000) g;
ANALYZE auc_many;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE auc_serial_auc AS SELECT auc(score, outcome) AS a FROM auc_many;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT auc(score, outcome) FROM auc_many;
SELECT p.a = s.a AS parallel_equals_serial, round(p.a::numeric, 9) AS auc
FROM (SELECT auc(score, outcome) AS a FROM auc_many) p, auc_serial_auc s;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- The state is a deal.auc_state (the scores so far, serialised), so Citus can split the
-- aggregate; a damaged state is refused; the transition function belongs to the aggregate.
SELECT aggtranstype::regtype AS state, aggcombinefn, aggserialfn FROM pg_aggregate
WHERE aggfnoid = 'deal.auc'::regproc;
SELECT error_of($$SELECT auc_combinefn('\x00'::auc_state, '\x00'::auc_state)$$) AS damaged_state,
       error_of($$SELECT auc_transfn(NULL, 0.5, true)$$) AS transition_from_sql;
-- As a window aggregate the state lives on after each row's value is made.
SELECT i, auc(i * 0.1, i % 2 = 0) OVER (ORDER BY i) FROM generate_series(1, 4) AS i;
