-- Local risk models: logistic_fit, logistic_score and score_explain.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- A model is a profile; its intercept has the one label that starts with "_", in any case.
SELECT '_intercept:-2.5, age_decades:0.3'::profile AS model,
       '_Intercept:1'::profile AS folded,
       profile(ARRAY['_intercept'], ARRAY[1]) AS from_arrays;
SELECT error_of($$SELECT '_debt'::profile$$) AS other_underscores;

-- By hand: one binary feature; 1 of 4 rows without it positive, 3 of 4 with it.  Then
-- _intercept = log(1/3) and frail = log(3) - log(1/3) = 2 log(3).
CREATE TABLE model_hand (y boolean, x profile);
INSERT INTO model_hand VALUES (true, ''), (false, ''), (false, ''), (false, ''),
                        (true, 'frail'), (true, 'frail'), (true, 'frail'), (false, 'frail');
SELECT logistic_fit(y, x) AS model FROM model_hand;
SELECT round((logistic_fit(y, x) -> '_intercept')::numeric, 12) = round(ln(1/3.0), 12) AS intercept_ok,
       round((logistic_fit(y, x) -> 'frail')::numeric, 12) = round(2 * ln(3.0), 12) AS frail_ok
FROM model_hand;
-- no features: the intercept is the log-odds of the outcome
SELECT logistic_fit(y, '') AS model, ln(4 / 4.0) AS log_odds FROM model_hand;
-- a ridge penalty shrinks the feature, not the intercept; l2 = 0 is no penalty
SELECT logistic_fit(y, x, 1) AS ridge_1, logistic_fit(y, x, 0) = logistic_fit(y, x) AS l2_0_same FROM model_hand;

-- NULL outcome or features: the row is skipped.  No rows: NULL.
SELECT logistic_fit(y, x) = (SELECT logistic_fit(y, x) FROM model_hand) AS nulls_skipped
FROM (SELECT * FROM model_hand UNION ALL VALUES (NULL::boolean, 'frail'::profile), (true, NULL)) h;
SELECT logistic_fit(y, x) IS NULL AS no_rows FROM model_hand WHERE false;
SELECT logistic_fit(y, x) IS NULL AS only_null_rows FROM (VALUES (NULL::boolean, 'a'::profile)) v(y, x);
-- per group
SELECT g, logistic_fit(y, x) AS model
FROM (SELECT 1 AS g, * FROM model_hand UNION ALL SELECT 2, NOT y, x FROM model_hand) h GROUP BY g ORDER BY g;

-- Bad arguments and data, each with its SQLSTATE.
SELECT error_of($$SELECT logistic_fit(y, x, NULL) FROM model_hand$$) AS null_l2;
SELECT error_of($$SELECT logistic_fit(y, x, -1) FROM model_hand$$) AS negative_l2;
SELECT error_of($$SELECT logistic_fit(y, x, 'NaN') FROM model_hand$$) AS nan_l2;
SELECT error_of($$SELECT logistic_fit(y, x, 'Infinity') FROM model_hand$$) AS infinite_l2;
SELECT error_of($$SELECT logistic_fit(y, x, CASE WHEN y THEN 1 ELSE 2 END) FROM model_hand$$) AS l2_varies;
SELECT error_of($$SELECT logistic_fit(true, x) FROM model_hand$$) AS every_outcome_true;
SELECT error_of($$SELECT logistic_fit(false, x) FROM model_hand$$) AS every_outcome_false;
SELECT error_of($$SELECT logistic_fit(y, x + '_intercept:1') FROM model_hand$$) AS intercept_as_feature;
SELECT error_of($$SELECT logistic_fit(y, profile(ARRAY['f' || g], ARRAY[1])) FROM (SELECT g, g % 2 = 0 AS y FROM generate_series(1, 1001) g) s$$) AS too_many_features;

-- Perfect separation (the outcome is frail = 0) and quasi-complete separation (every row
-- without frail positive, the others mixed): the coefficients diverge.  A penalty fits them.
CREATE TABLE model_separated AS
SELECT g, g % 2 = 0 AS y, profile(ARRAY['age', 'frail'], ARRAY[g % 7, g % 2]) AS x,
       g % 2 = 0 OR g % 3 = 0 AS y_quasi FROM generate_series(1, 60) g;
SELECT error_of($$SELECT logistic_fit(y, x) FROM model_separated$$) AS complete;
SELECT error_of($$SELECT logistic_fit(y_quasi, x) FROM model_separated$$) AS quasi_complete;
SELECT round((logistic_fit(y, x, 1) -> 'frail')::numeric, 6) AS frail_with_l2_1,
       round((logistic_fit(y_quasi, x, 1) -> 'frail')::numeric, 6) AS frail_quasi_with_l2_1
FROM model_separated;

-- A constant feature, a collinear one, and one that is always 0: named.  A penalty fits them.
CREATE TABLE model_collinear AS
SELECT g % 3 = 0 AS y, profile(ARRAY['a', 'b', 'c', 'd'], ARRAY[g % 5, g % 4, 5, 2 * (g % 5) - (g % 4)]) AS x,
       profile(ARRAY['a', 'z'], ARRAY[g % 5, 0]) AS with_zero
FROM generate_series(1, 50) g;
SELECT error_of($$SELECT logistic_fit(y, profile(ARRAY['a', 'b', 'c'], ARRAY[x -> 'a', x -> 'b', x -> 'c'])) FROM model_collinear$$) AS constant;
SELECT error_of($$SELECT logistic_fit(y, profile(ARRAY['a', 'b', 'd'], ARRAY[x -> 'a', x -> 'b', x -> 'd'])) FROM model_collinear$$) AS model_collinear;
SELECT error_of($$SELECT logistic_fit(y, with_zero) FROM model_collinear$$) AS always_zero;
SELECT logistic_fit(y, with_zero, 0.5) -> 'z' AS always_zero_with_l2 FROM model_collinear;

-- Values so large that the sums overflow.
SELECT error_of($$SELECT logistic_fit(y, x * 1e200) FROM model_collinear WHERE x -> 'a' > 0$$) AS overflow;

-- Scoring: 1 / (1 + exp(-eta)), eta = _intercept + the weights of the features the model has.
SELECT logistic_score('_intercept:-2, frail:1.5, age:0.5', 'frail, age:2') AS p,
       1 / (1 + exp(-(-2 + 1.5 + 0.5 * 2))) AS by_hand,
       logistic_score('_intercept:-2, frail:1.5', 'debt:9') AS unknown_labels_count_0,
       logistic_score('frail:1.5', 'frail') AS no_intercept_is_0,
       logistic_score('frail:1.5', '') AS empty_features;
-- no overflow at any linear predictor; the limits are exact
SELECT logistic_score('_intercept:1000', '') AS eta_1000, logistic_score('_intercept:-1000', '') AS eta_minus_1000,
       logistic_score('x:1e300', 'x:1e300') AS eta_infinite, logistic_score('x:-1e300', 'x:1e300') AS eta_minus_infinite,
       logistic_score('_intercept:-40', '') = exp(-40::float8) / (1 + exp(-40::float8)) AS tail_exact;
SELECT logistic_score(NULL, 'x') IS NULL AS null_model, logistic_score('x:1', NULL) IS NULL AS null_features;
SELECT error_of($$SELECT logistic_score('_intercept:1, x:1, y:1', '_intercept:2')$$) AS intercept_as_feature;
SELECT error_of($$SELECT logistic_score('x:1e300, y:-1e300', 'x:1e300, y:1e300')$$) AS infinity_minus_infinity;

-- Explaining: the intercept, then each feature the model has, in label order; the
-- contributions, added in this order, are the linear predictor exactly.
SELECT * FROM score_explain('_intercept:-3.1, age_decades:0.32, copd:0.61, frail:1.9', 'age_decades:8.2, copd, debt:0.4, frail:0.35');
SELECT sum(contribution) AS eta, 1 / (1 + exp(-sum(contribution))) AS from_eta,
       logistic_score('_intercept:-3.1, age_decades:0.32, copd:0.61, frail:1.9', 'age_decades:8.2, copd, debt:0.4, frail:0.35') AS score
FROM score_explain('_intercept:-3.1, age_decades:0.32, copd:0.61, frail:1.9', 'age_decades:8.2, copd, debt:0.4, frail:0.35');
SELECT * FROM score_explain('frail:-1.5', 'frail:0') AS no_intercept_and_a_zero;
SELECT count(*) AS rows FROM score_explain(NULL, 'x');
SELECT error_of($$SELECT * FROM score_explain('x:1', '_intercept:2')$$) AS intercept_as_feature;

-- On many random cases the contributions add up to the linear predictor exactly, in order.
CREATE TABLE model_scored AS
SELECT c, profile(ARRAY['_intercept', 'a', 'b', 'c'], ARRAY[(c % 7) / 3.0 - 1, (c % 11) / 7.0, -(c % 5) / 3.0, 0.1 * c]) AS model,
          profile(ARRAY['a', 'b', 'c', 'd'], ARRAY[(c * 7 % 13) / 9.0, (c % 3) * 1.1, (c % 17) / 6.0, 5]) AS features
FROM generate_series(1, 500) c;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE abs(s.p - 1 / (1 + exp(-e.eta))) <= 1e-15) AS score_from_eta,
       count(*) FILTER (WHERE e.eta = e.eta_in_order) AS adding_up_exactly
FROM model_scored,
     LATERAL (SELECT logistic_score(model, features) AS p) s,
     LATERAL (SELECT sum(contribution) AS eta,
                     (SELECT sum(contribution ORDER BY o) FROM score_explain(model, features) WITH ORDINALITY x(l, v, w, contribution, o)) AS eta_in_order
              FROM score_explain(model, features)) e;

-- Parallel aggregation: workers gather rows, the leader combines and fits; the model equals a
-- serial plan's to the last bit.
CREATE TABLE model_population AS
SELECT g, random() < 0.3 AS y,
       profile(ARRAY['age_decades', 'frail', 'ed_visits'], ARRAY[(g * 7919 % 80) / 10.0, (g % 9 = 0)::int, g % 4]) AS x
FROM generate_series(1, 60000) g;
ANALYZE model_population;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE model_serial_model AS SELECT logistic_fit(y, x) AS m, logistic_fit(y, x, 2) AS ridge FROM model_population;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT logistic_fit(y, x) FROM model_population;
SELECT p.m = s.m AS parallel_equals_serial, p.ridge = s.ridge AS ridge_equal
FROM (SELECT logistic_fit(y, x) AS m, logistic_fit(y, x, 2) AS ridge FROM model_population) p, model_serial_model s;
-- and whatever order the rows come in
SELECT (SELECT logistic_fit(y, x ORDER BY g DESC) FROM model_population) = m AS any_order_same FROM model_serial_model;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- The state is a deal.logistic_state (the rows so far, serialised), so Citus can split the
-- aggregate; a damaged state is refused; the transition functions belong to the aggregate.
SELECT DISTINCT aggtranstype::regtype AS state, aggcombinefn, aggserialfn FROM pg_aggregate
WHERE aggfnoid::regproc::text IN ('logistic_fit', 'deal.logistic_fit');
SELECT error_of($$SELECT logistic_fit_combinefn('\x00'::logistic_state, '\x00'::logistic_state)$$) AS damaged_state,
       error_of($$SELECT logistic_fit_transfn(NULL, true, 'a:1')$$) AS transition_from_sql;
