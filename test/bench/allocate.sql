-- Allocation benchmark (issue 4): 50,000 people x 2,000 assets, 20 candidates each.
\set QUIET on
\pset footer off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';
SELECT setseed(0.3) AS seed \gset
CREATE TABLE places AS SELECT a AS asset_id, 1 + (random() * 29)::int AS capacity FROM generate_series(1, 2000) AS a;
CREATE TABLE pairs AS
SELECT p AS person_id, a.asset_id, round((0.001 + random() * 0.999)::numeric, 3)::float8 AS score, a.capacity
FROM generate_series(1, 50000) AS p,
     LATERAL (SELECT asset_id, capacity FROM places WHERE p > 0 ORDER BY random() LIMIT 20) a;
VACUUM ANALYZE pairs;
SELECT count(*) AS pairs, (SELECT sum(capacity) FROM places) AS places FROM pairs \gset
\echo :pairs candidate pairs, :places places for 50000 people

SELECT round(bench.best_ms('SELECT count(*) FROM deal.allocate((SELECT deal.candidates_agg(person_id, asset_id, score, capacity) FROM pairs))', 1)::numeric) AS deal_ms \gset
SELECT count(*) AS placed, round(sum(score)::numeric, 3) AS deal_total
FROM deal.allocate((SELECT deal.candidates_agg(person_id, asset_id, score, capacity) FROM pairs)) \gset
\echo deal.allocate: :placed people placed, total score :deal_total, :deal_ms ms (candidates_agg included)
\setenv DEAL_TOTAL :deal_total
\setenv DEAL_MS :deal_ms
\copy pairs TO 'pairs.csv' WITH (FORMAT csv)
\! /usr/bin/python3 allocate_networkx.py pairs.csv
\! rm -f pairs.csv
