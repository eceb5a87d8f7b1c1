-- The risk pyramid: risk_level places a ranked population in levels 3, 2 and 1.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- The defaults, 5% and 20%, at their boundaries among 100 people.
SELECT r AS rank, risk_level(r, 100) AS level
FROM unnest(ARRAY[1, 5, 6, 25, 26, 100]) AS r;

-- The window-function recipe: rank by score, highest first; equal scores share a rank and so
-- a level.
CREATE TEMP TABLE scores AS
SELECT id, round((1000 - id) / 10.0) AS score FROM generate_series(1, 1000) id;
SELECT level, risk_level_name(level) AS name, count(*) AS people, min(score) AS lowest_score, max(score) AS highest_score
FROM (SELECT score, risk_level(rank() OVER (ORDER BY score DESC), count(*) OVER ()) AS level FROM scores) s
GROUP BY level ORDER BY level DESC;

-- Ties: 60 of 1000 people share the top score, so all 60 are in level 3 (not only 50).
UPDATE scores SET score = 1000 WHERE id <= 60;
SELECT level, count(*) AS people
FROM (SELECT risk_level(rank() OVER (ORDER BY score DESC), count(*) OVER ()) AS level FROM scores) s
GROUP BY level ORDER BY level DESC;

-- Other shares: the NHS model's 1% and 30%; shares that binary floating point cannot hold
-- exactly (7% of 100 is 7 people, not 8); fractions of a person round up.
SELECT level, count(*) AS people
FROM (SELECT risk_level(r, 1000, 0.01, 0.30) AS level FROM generate_series(1, 1000) r) s
GROUP BY level ORDER BY level DESC;
SELECT count(*) FILTER (WHERE risk_level(r, 100, 0.07, 0.23) = 3) AS level3_of_100_at_7_percent,
       count(*) FILTER (WHERE risk_level(r, 100, 0.07, 0.23) = 2) AS level2_of_100_at_23_percent
FROM generate_series(1, 100) r;
SELECT risk_level(1, 10) AS first_of_10, risk_level(2, 10) AS second_of_10, risk_level(1, 1) AS only_one;

-- Bad arguments are 22023, naming the argument; NULL gives NULL.
SELECT error_of('SELECT deal.risk_level(0, 10)') AS rank_0;
SELECT error_of('SELECT deal.risk_level(11, 10)') AS rank_past_population;
SELECT error_of('SELECT deal.risk_level(1, 0)') AS population_0;
SELECT error_of('SELECT deal.risk_level(1, 10, -0.01)') AS negative_share;
SELECT error_of($$SELECT deal.risk_level(1, 10, 'NaN')$$) AS nan_share;
SELECT error_of('SELECT deal.risk_level(1, 10, 0.05, 1.2)') AS share_over_1;
SELECT error_of('SELECT deal.risk_level(1, 10, 0.5, 0.6)') AS shares_over_1;
SELECT risk_level(NULL, 10) IS NULL AS null_rank, risk_level(1, 10, NULL) IS NULL AS null_share;

-- Names of the levels.
SELECT l AS level, risk_level_name(l) AS name FROM generate_series(1, 3) l;
SELECT error_of('SELECT deal.risk_level_name(4)') AS level_4;
