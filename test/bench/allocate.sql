-- Allocation benchmark (issue 4): 50,000 people x 2,000 assets, 20 candidates each, with
-- deal.allocate against networkx's network simplex on the same pairs (allocate_networkx.py,
-- which checks that it finds the same optimal total and records its time too).
\set QUIET on
\pset footer off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

CREATE SCHEMA allocate;
SET search_path = allocate, public;
\set measure 'optimal allocation of 50,000 people to 2,000 assets, 1,000,000 candidate pairs'

SELECT setseed(0.3) AS seed \gset
CREATE TABLE places AS SELECT a AS asset_id, 1 + (random() * 29)::int AS capacity FROM generate_series(1, 2000) AS a;
CREATE TABLE pairs AS
SELECT p AS person_id, a.asset_id, round((0.001 + random() * 0.999)::numeric, 3)::float8 AS score, a.capacity
FROM generate_series(1, 50000) AS p,
     LATERAL (SELECT asset_id, capacity FROM places WHERE p > 0 ORDER BY random() LIMIT 20) a;
VACUUM ANALYZE pairs;
SELECT count(*) AS pairs, (SELECT sum(capacity) FROM places) AS places FROM pairs \gset
\echo :pairs candidate pairs, :places places for 50000 people

\set deal 'SELECT * FROM deal.allocate((SELECT deal.candidates_agg(person_id, asset_id, score, capacity) FROM pairs))'
SELECT count(*) AS placed, round(sum(score)::numeric, 3) AS deal_total FROM (:deal) a \gset
\echo deal.allocate: :placed people placed, total score :deal_total
SELECT bench.time('allocate', :'measure', 'floor', '`SELECT count(*)` of the pairs', 'SELECT count(*) FROM pairs'),
       bench.time('allocate', :'measure', 'deal', '`deal.allocate(deal.candidates_agg(person_id, asset_id, score, capacity))`',
                  format('SELECT count(*) FROM (%s) a', :'deal'), note => 'collecting the pairs from the table included',
                  answer => format('total score %s', :'deal_total'))
\g /dev/null

-- networkx reads the pairs from a file in the scratch directory test/bench/run works in.
\copy pairs TO 'pairs.csv' WITH (FORMAT csv)
\setenv DEAL_TOTAL :deal_total
\setenv BENCH_MEASURE :measure
\! /usr/bin/python3 "${BENCH_DIR:-.}/allocate_networkx.py" pairs.csv
\! rm -f pairs.csv

SELECT * FROM bench.report('allocate');
