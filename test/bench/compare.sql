-- The data test/bench/compare loads into both clusters: 300,000 people with 1 to 9 needs each
-- and their profiles, 2 million events, a household-shaped graph of 620,000 links (125,000
-- households, 3,000 professionals), 1,000,000 candidate pairs.  The same rows on both sides.
SELECT setseed(0.12);
CREATE TABLE needs AS
SELECT p AS person, 'need_' || (1 + (random() * 39)::int) AS label, round(random()::numeric, 2)::float8 AS weight
FROM generate_series(1, 300000) AS p, generate_series(1, 1 + (p % 9)) AS k;
CREATE TABLE profiles AS SELECT person, deal.profile_agg(label, weight) AS p FROM needs GROUP BY person;
CREATE TABLE events AS
SELECT (p % 300000) + 1 AS person, '2021-01-01'::timestamptz + random() * interval '1095 days' AS ts,
       random() < 0.2 AS outcome, random() AS score
FROM generate_series(1, 2000000) AS p;
CREATE TABLE links AS
WITH people AS (SELECT p, ((p - 1) / 2.4)::bigint + 1 AS hh FROM generate_series(1, 300000::bigint) AS p)
SELECT p AS src, hh AS dst, hh FROM people
UNION ALL SELECT p, p + 1, hh FROM people WHERE p % 5 IN (1, 2)
UNION ALL SELECT (p * 31) % 3000 + 1000000, p, hh FROM people WHERE p % 3 <> 0;
CREATE TABLE pairs AS
SELECT (p % 100000) + 1 AS person_id, (p::bigint * 7919) % 20000 + 1 AS asset_id, random() AS score, 1 + p % 5 AS capacity
FROM generate_series(1, 1000000) AS p;
VACUUM ANALYZE needs, profiles, events, links, pairs;
