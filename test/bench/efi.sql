-- eFI benchmarks (issue 9): each resident's electronic frailty index and category for a
-- borough of 323,000 residents from about 3,200,000 coded events, through a mapping of 2,000
-- clinical codes to the 36 deficits.  deal.efi_agg per person against plain SQL (join,
-- count(DISTINCT deficit), CASE on the count) and against the floor, a bare count(*) of the
-- events.  Serial unless said, best of five taken in turns, from inside one session.
\set QUIET on
\pset footer off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

CREATE SCHEMA efi;
SET search_path = efi, public, deal;
\set measure 'each resident''s eFI and category: 323,000 residents, 3.2 million coded events'
\set parallel 'the same, 2 parallel workers'

SELECT setseed(0.2016) AS seed \gset
-- 323,000 residents aged as in a borough (about 20% children, 62% 18-64, 18% 65 and over),
-- each with a frailty that grows with age and varies a lot between people of one age.
CREATE TABLE efi_residents AS
SELECT id, age, exp(-0.3 + 0.03 * (age - 65) + 0.55 * z) AS frailty
FROM (SELECT g AS id, random() AS u, sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z
      FROM generate_series(1, 323000) AS g) s,
LATERAL (SELECT (CASE WHEN u < 0.20 THEN floor(u / 0.20 * 18)
                      WHEN u < 0.82 THEN 18 + floor((u - 0.20) / 0.62 * 47)
                      ELSE 65 + floor(35 * (1 - sqrt(1 - (u - 0.82) / 0.18))) END)::int AS age) a;
-- Each deficit's relative prevalence (hypertension and arthritis common, parkinsonism rare).
CREATE TABLE efi_weights AS
SELECT d.code, d.n - 1 AS bit, w.w
FROM deal.efi_deficits() WITH ORDINALITY AS d(code, name, n)
JOIN unnest(ARRAY[.15,.15,.45,.1,.08,.15,.18,.15,.15,.12,.2,.06,.2,.05,.04,.04,.55,.06,.14,.08,.08,.1,
                  .03,.08,.04,.35,.04,.2,.04,.15,.08,.1,.1,.12,.15,.04]::float8[]) WITH ORDINALITY AS w(w, n)
  ON w.n = d.n;
-- 2,000 clinical codes (9 digits, as SNOMED CT concept ids are written), about 56 a deficit.
CREATE TABLE efi_code_map (code text PRIMARY KEY, deficit text NOT NULL);
INSERT INTO efi_code_map
SELECT (100000000 + k * 7919)::text, w.code FROM generate_series(0, 1999) AS k JOIN efi_weights w ON w.bit = k % 36;
-- The same mapping with each deficit stored as a one-deficit efi.
CREATE TABLE efi_code_map_efi AS SELECT code, deal.efi(ARRAY[deficit]) AS deficit FROM efi_code_map;
ALTER TABLE efi_code_map_efi ADD PRIMARY KEY (code);
-- Coded events in time order: one to several for each deficit a person has (a few codes of
-- each deficit used far more than the rest), and routine codes that map to no deficit.
CREATE TABLE efi_events AS
SELECT person_id, code, recorded FROM (
	SELECT r.id AS person_id,
	       (100000000 + (w.bit + 36 * floor(56 * random() ^ 3)::int % 2000) * 7919)::text AS code,
	       date '2025-06-30' - (random() * 3650)::int AS recorded
	FROM efi_residents r
	CROSS JOIN efi_weights w
	CROSS JOIN LATERAL generate_series(1, 1 + floor(-ln(1 - random()) * 1.2)::int) AS n
	WHERE random() < 1 - exp(-r.frailty * w.w)
	UNION ALL
	SELECT r.id, (900000000 + floor(8000 * random() ^ 2)::int)::text, date '2025-06-30' - (random() * 3650)::int
	FROM efi_residents r, generate_series(1, floor(random() * (2 + r.age / 8.0))::int) AS n
) e ORDER BY recorded;
VACUUM ANALYZE efi_residents, efi_code_map, efi_code_map_efi, efi_events;

SELECT format('%s residents, %s coded events (%s through the mapping), %s people with a deficit',
              (SELECT count(*) FROM efi_residents), (SELECT count(*) FROM efi_events),
              (SELECT count(*) FROM efi_events e JOIN efi_code_map USING (code)),
              (SELECT count(DISTINCT person_id) FROM efi_events e JOIN efi_code_map USING (code))) AS data \gset
\echo :data

-- The generated borough has the frailty of a real one: among people aged 65 and over, about
-- 50% fit, 35% mild, 12% moderate and 3% severe (Clegg et al. 2016).
SELECT category AS "category, 65 and over", people, round(100.0 * people / sum(people) OVER (), 1) AS percent
FROM (SELECT deal.efi_category(coalesce(p.efi, '{}')) AS category, count(*) AS people,
             min(deal.efi_count(coalesce(p.efi, '{}'))) AS fewest
      FROM efi_residents r
      LEFT JOIN (SELECT e.person_id, deal.efi_agg(m.deficit) AS efi
                 FROM efi_events e JOIN efi_code_map m USING (code) GROUP BY e.person_id) p ON p.person_id = r.id
      WHERE r.age >= 65 GROUP BY 1) c
ORDER BY fewest;

-- The queries: each person's efi and category, summed up as the pyramid so that every
-- person's value is computed and nothing is sent to the client.
\set deal_query 'SELECT category, count(*) FROM (SELECT e.person_id, deal.efi_category(deal.efi_agg(m.deficit)) AS category FROM efi_events e JOIN efi_code_map m USING (code) GROUP BY e.person_id) p GROUP BY category'
\set deal_efi_query 'SELECT category, count(*) FROM (SELECT e.person_id, deal.efi_category(deal.efi_agg(m.deficit)) AS category FROM efi_events e JOIN efi_code_map_efi m USING (code) GROUP BY e.person_id) p GROUP BY category'
\set sql_query 'SELECT category, count(*) FROM (SELECT e.person_id, CASE WHEN count(DISTINCT m.deficit) <= 4 THEN ''fit'' WHEN count(DISTINCT m.deficit) <= 8 THEN ''mild'' WHEN count(DISTINCT m.deficit) <= 12 THEN ''moderate'' ELSE ''severe'' END AS category FROM efi_events e JOIN efi_code_map m USING (code) GROUP BY e.person_id) p GROUP BY category'
\set sql_distinct_query 'SELECT category, count(*) FROM (SELECT person_id, CASE WHEN count(*) <= 4 THEN ''fit'' WHEN count(*) <= 8 THEN ''mild'' WHEN count(*) <= 12 THEN ''moderate'' ELSE ''severe'' END AS category FROM (SELECT DISTINCT e.person_id, m.deficit FROM efi_events e JOIN efi_code_map m USING (code)) d GROUP BY person_id) p GROUP BY category'
\set group_floor_query 'SELECT count(*) FROM (SELECT e.person_id, count(*) AS n FROM efi_events e JOIN efi_code_map m USING (code) GROUP BY e.person_id) p WHERE n > 0'

-- The answers agree: each person's deficits from deal and from plain SQL, and the pyramid
-- from every method.
SELECT count(*) AS people_whose_efi_differs FROM (
	SELECT e.person_id, deal.efi_codes(deal.efi_agg(m.deficit)) AS codes
	FROM efi_events e JOIN efi_code_map m USING (code) GROUP BY e.person_id
) d FULL JOIN (
	SELECT e.person_id, array_agg(DISTINCT m.deficit ORDER BY m.deficit) AS codes
	FROM efi_events e JOIN efi_code_map m USING (code) GROUP BY e.person_id
) s USING (person_id)
WHERE d.codes IS DISTINCT FROM s.codes \gset
\echo people whose deficits differ between deal.efi_agg and plain SQL: :people_whose_efi_differs
SELECT bench.answer(:'deal_query') AS pyramid \gset
\echo the pyramid (category, people): :pyramid
SELECT bench.answer(:'sql_query') = :'pyramid' AND :people_whose_efi_differs = 0 AS sql_same,
       bench.answer(:'sql_distinct_query') = :'pyramid' AS sql_distinct_same,
       bench.answer(:'deal_efi_query') = :'pyramid' AS deal_efi_same \gset
\echo the same pyramid as deal.efi_agg: plain SQL :sql_same, SELECT DISTINCT :sql_distinct_same, deal.efi_agg over efi :deal_efi_same

-- The machine may be shared: the methods run in turns, five rounds, and each keeps its best.
CREATE FUNCTION pg_temp.best_ms_in_turns(statements text[], rounds int DEFAULT 5)
RETURNS TABLE (i int, ms float8) LANGUAGE plpgsql AS $$
DECLARE
	best float8[] := array_fill('infinity'::float8, ARRAY[cardinality(statements)]);
	t0 timestamptz;
BEGIN
	FOR r IN 1..rounds LOOP
		FOR k IN 1..cardinality(statements) LOOP
			t0 := clock_timestamp();
			EXECUTE statements[k];
			best[k] := least(best[k], extract(epoch FROM clock_timestamp() - t0) * 1000);
		END LOOP;
	END LOOP;
	RETURN QUERY SELECT k, best[k] FROM generate_series(1, cardinality(statements)) AS k;
END
$$;

CREATE TEMP TABLE efi_methods (i int, role text, method text, statement text, same_answer boolean, note text);
INSERT INTO efi_methods VALUES
	(1, 'floor', '`SELECT count(*)` of the events', 'SELECT count(*) FROM efi_events', NULL, 'a bare scan of the events'),
	(2, 'other', 'the join alone: `count(*)` of events `JOIN` mapping',
	 'SELECT count(*) FROM efi_events e JOIN efi_code_map m USING (code)', NULL, 'hash join'),
	(3, 'other', 'the join and `deal.efi_agg`, one group (no `GROUP BY`)',
	 'SELECT deal.efi_agg(m.deficit) FROM efi_events e JOIN efi_code_map m USING (code)', NULL, 'the aggregate''s own cost'),
	(4, 'other', 'the join grouped by person: `count(*)` per person',
	 :'group_floor_query', NULL, 'the least a GROUP BY person costs'),
	(5, 'deal', '`deal.efi_category(deal.efi_agg(deficit))`', :'deal_query', NULL, ''),
	(6, 'other', 'the same, the mapping storing `deal.efi` values', :'deal_efi_query', :'deal_efi_same', ''),
	(7, 'alternative', 'plain SQL: `count(DISTINCT deficit)`, `CASE`', :'sql_query', :'sql_same', ''),
	(8, 'alternative', 'plain SQL: `SELECT DISTINCT` person, deficit, then `count(*)`',
	 :'sql_distinct_query', :'sql_distinct_same', '');
SELECT bench.record('efi', :'measure', m.role, m.method, t.ms, 5, m.same_answer, m.note)
FROM pg_temp.best_ms_in_turns((SELECT array_agg(statement ORDER BY i) FROM efi_methods)) t JOIN efi_methods m USING (i)
ORDER BY i \g /dev/null

-- With two parallel workers the join runs in parallel; the planner aggregates 244,701 groups
-- after the Gather, for count(*) as for efi_agg (a partial aggregate would hardly shrink them).
SET max_parallel_workers_per_gather = 2;
SELECT bench.record('efi', :'parallel', 'other', m.method, t.ms, 5, m.same_answer, '')
FROM pg_temp.best_ms_in_turns((SELECT array_agg(statement ORDER BY i) FROM efi_methods WHERE i IN (1, 5, 7))) t
JOIN (SELECT row_number() OVER (ORDER BY i) AS i, method, same_answer FROM efi_methods WHERE i IN (1, 5, 7)) m USING (i)
ORDER BY i \g /dev/null
EXPLAIN (COSTS OFF) :deal_query;
SET max_parallel_workers_per_gather = 0;

-- Where the time goes: the plan with each node's time.
EXPLAIN (ANALYZE, COSTS OFF) :deal_query;

-- Report: each method against the floor, and against the least any GROUP BY person costs.
SELECT CASE WHEN seq = min(seq) OVER (PARTITION BY measure) THEN measure ELSE '' END AS measure,
       replace(method, '`', '') AS method, bench.format_ms(ms) || ' (best of 5, in turns)' AS time,
       CASE WHEN seq = min(seq) OVER (PARTITION BY measure) THEN '' ELSE bench.format_ratio(ms, base) END AS "against the floor",
       CASE WHEN measure <> :'measure' OR method IN (SELECT method FROM efi_methods WHERE i <= 4) THEN ''
            ELSE bench.format_ratio(ms, group_ms) END AS "against count(*) per person",
       CASE same_answer WHEN true THEN 'yes' WHEN false THEN 'NO' ELSE '' END AS "same answer", note
FROM (SELECT r.*, first_value(ms) OVER (PARTITION BY measure ORDER BY seq) AS base,
             (SELECT ms FROM bench.result WHERE module = 'efi' AND method LIKE 'the join grouped by person%') AS group_ms
      FROM bench.result r WHERE module = 'efi') x
ORDER BY seq;
