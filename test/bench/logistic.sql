-- Local model benchmark: deal.logistic_fit on 323,000 rows and 10 features against
-- statsmodels' Logit and scikit-learn's LogisticRegression on the same rows (the export to
-- CSV is not counted; their times are the fit alone, from data already in memory).
\set QUIET on
\pset footer off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

CREATE SCHEMA logistic;
SET search_path = logistic, public;
\set measure 'logistic regression, 323,000 rows, 10 features'
\set measure_l2 'ridge logistic regression (l2 = 1), 323,000 rows, 10 features'
SELECT setseed(0.9) AS seed \gset

-- A borough's year: age in decades, frailty (eFI), LACE, A&E visits, deprivation decile, and
-- five conditions or circumstances as 0/1; the outcome an emergency admission.
CREATE TABLE model_rows AS
WITH people AS (
	SELECT i,
	       round((1.8 + random() * 7)::numeric, 1)::float8 AS age_decades,
	       round((random() * random() * 0.5)::numeric, 3)::float8 AS efi,
	       floor(random() * 20)::float8 AS lace,
	       floor(-ln(1 - random()) * 0.8)::float8 AS ed_visits,
	       floor(random() * 10 + 1)::float8 AS deprivation,
	       (random() < 0.15)::int::float8 AS lives_alone,
	       (random() < 0.08)::int::float8 AS carer,
	       (random() < 0.10)::int::float8 AS diabetes,
	       (random() < 0.06)::int::float8 AS copd,
	       (random() < 0.03)::int::float8 AS dementia
	FROM generate_series(1, 323000) AS i
)
SELECT i, random() < 1 / (1 + exp(-(-5.2 + 0.25 * age_decades + 3 * efi + 0.08 * lace + 0.35 * ed_visits
                                    + 0.05 * deprivation + 0.3 * lives_alone - 0.1 * carer + 0.4 * diabetes
                                    + 0.6 * copd + 0.7 * dementia))) AS admitted,
       deal.profile(ARRAY['age_decades', 'efi', 'lace', 'ed_visits', 'deprivation', 'lives_alone', 'carer',
                          'diabetes', 'copd', 'dementia'],
                    ARRAY[age_decades, efi, lace, ed_visits, deprivation, lives_alone, carer, diabetes, copd, dementia]) AS features,
       age_decades, efi, lace, ed_visits, deprivation, lives_alone, carer, diabetes, copd, dementia
FROM people;
VACUUM ANALYZE model_rows;
SELECT count(*) AS n, sum(admitted::int) AS k FROM model_rows \gset
\echo :n rows, :k admitted, 10 features

SELECT bench.time('logistic', :'measure', 'floor', '`SELECT count(*)` of the rows', 'SELECT count(*) FROM model_rows') AS floor_ms \gset
SELECT bench.time('logistic', :'measure', 'deal', '`deal.logistic_fit(admitted, features)`',
                  'SELECT deal.logistic_fit(admitted, features) FROM model_rows', note => 'from the table'),
       bench.record('logistic', :'measure_l2', 'floor', '`SELECT count(*)` of the rows', :floor_ms, 3),
       bench.time('logistic', :'measure_l2', 'deal', '`deal.logistic_fit(admitted, features, 1.0)`',
                  'SELECT deal.logistic_fit(admitted, features, 1.0) FROM model_rows', note => 'from the table')
\g /dev/null
SET max_parallel_workers_per_gather = 2;
SELECT bench.time('logistic', :'measure', 'other', '`deal.logistic_fit(admitted, features)`, 2 parallel workers',
                  'SELECT deal.logistic_fit(admitted, features) FROM model_rows') \g /dev/null
SET max_parallel_workers_per_gather = 0;

-- the models, one coefficient a line, for the other side to compare with; the rows, for it to
-- fit (in the scratch directory test/bench/run works in)
\copy (SELECT e.label, e.weight FROM (SELECT deal.logistic_fit(admitted, features) AS m FROM model_rows) f, deal.each(f.m) e) TO 'logistic_deal.csv' WITH (FORMAT csv)
\copy (SELECT e.label, e.weight FROM (SELECT deal.logistic_fit(admitted, features, 1.0) AS m FROM model_rows) f, deal.each(f.m) e) TO 'logistic_deal_l2.csv' WITH (FORMAT csv)
\copy (SELECT admitted::int, age_decades, efi, lace, ed_visits, deprivation, lives_alone, carer, diabetes, copd, dementia FROM model_rows) TO 'logistic_rows.csv' WITH (FORMAT csv)
\setenv BENCH_MEASURE :measure
\setenv BENCH_MEASURE_L2 :measure_l2
\! /usr/bin/python3 "${BENCH_DIR:-.}/logistic_python.py" logistic_rows.csv logistic_deal.csv logistic_deal_l2.csv
\! rm -f logistic_rows.csv logistic_deal.csv logistic_deal_l2.csv

SELECT * FROM bench.report('logistic');
