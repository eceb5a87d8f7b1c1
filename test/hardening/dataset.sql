-- test/hardening/dataset.sql: a small generated borough with every deal type in columns, for
-- the hardening checks (sqlsmith, dump and restore, pgbench, the limits).  psql variable rows:
-- the number of people (default 300).  Deterministic: the same rows on every run.
-- Needs deal installed in the database.
\if :{?rows}
\else
\set rows 300
\endif
SET client_min_messages = warning;
SELECT setseed(0.125) \g /dev/null

-- A profile of 1 to n labels drawn from 21, with weights in tenths.
CREATE FUNCTION pg_temp.random_profile(n integer) RETURNS deal.profile LANGUAGE sql AS $$
	SELECT deal.profile_agg(
		(ARRAY['debt', 'housing', 'food', 'fuel', 'loneliness', 'mobility', 'falls', 'carer',
			   'mental_health', 'employment', 'gardening', 'walking', 'cooking', 'music',
			   'digital', 'parenting', 'school_attendance', 'crime', 'domestic_abuse',
			   'health', 'family_support'])[1 + floor(random() * 21)::int],
		round((0.1 + random() * 0.9)::numeric, 1)::float8)
	FROM generate_series(1, 1 + floor(random() * n)::int)
$$ VOLATILE;

-- Valid NHS numbers: nine random digits and the one check digit that makes them valid.
CREATE TABLE people AS
WITH numbers AS (
	SELECT (b * 10 + c)::text AS nhs, row_number() OVER (ORDER BY b, c) AS k
	FROM (SELECT 100000000 + floor(random() * 899999999)::bigint AS b
		  FROM generate_series(1, :rows * 2)) s, generate_series(0, 9) c
	WHERE deal.nhs_number_is_valid((b * 10 + c)::text)
),
codes AS (SELECT array_agg(code ORDER BY code) AS c FROM deal.efi_deficits()),
conditions AS (SELECT array_agg(condition ORDER BY condition) AS c FROM deal.lace_conditions())
SELECT k AS id,
	   nhs::deal.nhs_number AS nhs,
	   (chr(65 + (k % 3)::int * 10) || 'N' || (1 + k % 9) || ' ' || (k % 10) ||
		substr('ABDEFGHJLNPQRSTUWXYZ', 1 + (k % 20)::int, 1) ||
		substr('ABDEFGHJLNPQRSTUWXYZ', 1 + (k / 20 % 20)::int, 1))::deal.postcode AS home,
	   (10000000 + k)::deal.uprn AS uprn,
	   pg_temp.random_profile(4) AS needs,
	   pg_temp.random_profile(3) AS interests,
	   deal.efi((SELECT array_agg(x) FROM unnest(codes.c) x WHERE random() < 0.15 + 0 * k)) AS frailty,
	   53.5 + random() * 0.1 AS lat,
	   -2.7 + random() * 0.1 AS lon,
	   floor(random() * 20)::int AS los_days,
	   random() < 0.5 AS acute,
	   floor(random() * 6)::int AS ed_visits,
	   (SELECT array_agg(x) FROM unnest(conditions.c) x WHERE random() < 0.1 + 0 * k) AS conditions,
	   random() < 0.4 AS children,
	   random() < 0.3 AS outcome,
	   (k % 10)::int AS area,
	   timestamptz '2024-01-01 00:00+00' + random() * interval '365 days' AS seen
FROM numbers, codes, conditions
WHERE k <= :rows;
ALTER TABLE people ADD PRIMARY KEY (id);

CREATE TABLE assets AS
SELECT g::bigint AS id, pg_temp.random_profile(4) AS offer,
	   53.5 + random() * 0.1 AS lat, -2.7 + random() * 0.1 AS lon,
	   1 + floor(random() * 3)::int AS capacity, (g % 10)::int AS area
FROM generate_series(1, greatest(:rows / 5, 10)) g;
ALTER TABLE assets ADD PRIMARY KEY (id);

-- Households of one to four people, parents and children, and professionals involved.
CREATE TABLE links AS
SELECT 'person'::text AS src_kind, p.id AS src_id, 'person'::text AS dst_kind, q.id AS dst_id,
	   CASE WHEN q.id % 2 = 0 THEN 'parent_of' ELSE 'lives_with' END AS edge_kind,
	   daterange(date '2020-01-01' + (p.id % 300)::int, NULL) AS during, p.area
FROM people p JOIN people q ON q.id > p.id AND q.id <= p.id + 3 AND p.id / 4 = q.id / 4
UNION ALL
SELECT 'worker', 1000000 + p.id % 17, 'person', p.id, 'involved_with',
	   daterange(date '2023-01-01', date '2023-01-01' + (p.id % 500)::int), p.area
FROM people p WHERE p.id % 3 = 0;

CREATE TABLE events AS
SELECT p.id AS person_id, p.seen + g * interval '3 days' * (1 + p.id % 5) AS ts
FROM people p, generate_series(0, (p.id % 7)::int) g;

-- Stored values of every type, one row per area.
CREATE TABLE stored AS
SELECT a.area,
	   (SELECT deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during)
		FROM links l WHERE l.area = a.area) AS g,
	   (SELECT deal.asset_index_agg(id, offer, lat, lon) FROM assets s WHERE s.area = a.area) AS ix,
	   (SELECT deal.candidates_agg(p.id, s.id, deal.match_score(p.needs, p.interests, s.offer), s.capacity)
		FROM people p JOIN assets s ON s.area = p.area WHERE p.area = a.area) AS cands,
	   (SELECT deal.union_agg(needs) FROM people p WHERE p.area = a.area) AS needs,
	   (SELECT deal.efi_agg(frailty) FROM people p WHERE p.area = a.area) AS frail,
	   (SELECT deal.min(nhs) FROM people p WHERE p.area = a.area) AS lead,
	   (SELECT deal.min(home) FROM people p WHERE p.area = a.area) AS office,
	   deal.profile(ARRAY['_intercept', 'debt', 'housing', 'falls'],
					ARRAY[-1.5 + a.area / 10.0, 0.8, 0.5, 1.2]) AS model
FROM (SELECT DISTINCT area FROM people) a;
ALTER TABLE stored ADD PRIMARY KEY (area);
ANALYZE people, assets, links, events, stored;
