-- Frequent attenders benchmark (issue 9): the most A&E, ambulance and police events inside
-- any 365 days, per resident of a 323,000-resident borough, with deal.peak_events against the
-- best plain SQL (a window with a RANGE frame, then the largest count per person) and against
-- the floor.  Serial (but one line), best of three, from inside one session, so that all sides
-- are measured alike; the table is clustered by (person, ts) with an index, the best case for
-- the window.  TimeZone Europe/London, so '365 days' is 365 calendar days there.
\set QUIET on
\pset footer off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';
SET TimeZone = 'Europe/London';

CREATE SCHEMA peak_events;
SET search_path = peak_events, public;
\set measure 'each resident''s most events inside any 365 days: 323,000 residents, 2.29 million events'

-- 323,000 residents over three years.  Most have a few events (exponential, mean 4); 3% are
-- frequent attenders with a burst of 15 to 135 more inside 6 to 18 months, and 0.3% a burst of
-- 200 to 800: a long tail.
SELECT setseed(0.9) AS seed \gset
CREATE TABLE residents AS
SELECT p AS person,
       floor(-ln(1 - random()) * 4)::int AS usual,
       CASE WHEN p % 1000 < 3 THEN 200 + (random() * 600)::int
            WHEN p % 100 < 3 THEN 15 + (random() * 120)::int ELSE 0 END AS burst,
       '2021-01-01'::timestamptz + random() * interval '900 days' AS burst_start,
       interval '180 days' + random() * interval '365 days' AS burst_length
FROM generate_series(1, 323000) AS p;
CREATE TABLE events AS
SELECT person, service, ts FROM (
	SELECT r.person, (ARRAY['ae', 'ambulance', 'police'])[1 + (random() * 2.99)::int] AS service,
	       '2021-01-01'::timestamptz + random() * interval '1095 days' AS ts
	FROM residents r, generate_series(1, r.usual)
	UNION ALL
	SELECT r.person, (ARRAY['ae', 'ambulance', 'police'])[1 + (random() * 2.99)::int],
	       r.burst_start + random() * r.burst_length
	FROM residents r, generate_series(1, r.burst)
) e ORDER BY person, ts;
CREATE INDEX ON events (person, ts);
VACUUM ANALYZE events;

SELECT count(*) AS events, count(DISTINCT person) AS people FROM events \gset
SELECT count(*) FILTER (WHERE n >= 12) AS over_12_in_all, max(n) AS most FROM (SELECT count(*) AS n FROM events GROUP BY person) c \gset
\echo :events events of :people residents; :over_12_in_all have 12 or more in all, the most :most

-- The two answers agree person by person.  The RANGE frame is closed at its end, so for the
-- same half-open window [t, t + 365 days) it ends a microsecond early.
SELECT count(*) AS disagreements
FROM (SELECT person, deal.peak_events(ts, '365 days') AS peak FROM events GROUP BY person) d
FULL JOIN (SELECT person, max(c) AS peak
           FROM (SELECT person, count(*) OVER (PARTITION BY person ORDER BY ts
                        RANGE BETWEEN CURRENT ROW AND interval '365 days' - interval '1 microsecond' FOLLOWING) AS c
                 FROM events) w
           GROUP BY person) s USING (person)
WHERE d.peak IS DISTINCT FROM s.peak \gset
\echo people whose peak differs between deal.peak_events and the RANGE window: :disagreements

-- Each statement returns the number of frequent attenders (12 or more inside any 365 days)
-- and the sum of the peaks, so every method does all its work and the answers can be compared.
\set deal 'SELECT count(*) FILTER (WHERE peak >= 12), sum(peak) FROM (SELECT person, deal.peak_events(ts, ''365 days'') AS peak FROM events GROUP BY person) p'
\set deal_year 'SELECT count(*) FILTER (WHERE peak >= 12), sum(peak) FROM (SELECT person, deal.peak_events(ts, ''1 year'') AS peak FROM events GROUP BY person) p'
\set deal_hours 'SELECT count(*) FILTER (WHERE peak >= 12), sum(peak) FROM (SELECT person, deal.peak_events(ts, ''8760 hours'') AS peak FROM events GROUP BY person) p'
\set range 'SELECT count(*) FILTER (WHERE peak >= 12), sum(peak) FROM (SELECT person, max(c) AS peak FROM (SELECT person, count(*) OVER (PARTITION BY person ORDER BY ts RANGE BETWEEN CURRENT ROW AND ''365 days'' FOLLOWING) AS c FROM events) w GROUP BY person) p'
\set floor_grouped 'SELECT count(*) FILTER (WHERE n >= 12), sum(n) FROM (SELECT person, count(*) AS n FROM events GROUP BY person) p'
\set floor_bare 'SELECT count(*) FROM events'

-- Each method's answer, and whether it is deal's: the same windows give the same answer.
CREATE TEMP TABLE peak_answers AS
SELECT name, bench.answer(statement) AS answer
FROM (VALUES ('floor_bare', :'floor_bare'), ('floor_grouped', :'floor_grouped'), ('range', :'range'),
             ('deal', :'deal'), ('deal_hours', :'deal_hours'), ('deal_year', :'deal_year')) AS s(name, statement);
SELECT (SELECT answer FROM peak_answers WHERE name = 'range') = (SELECT answer FROM peak_answers WHERE name = 'deal')
       AND :disagreements = 0 AS range_same \gset
CREATE FUNCTION pg_temp.answer_of(text) RETURNS text LANGUAGE sql AS $$ SELECT answer FROM peak_answers WHERE name = $1 $$;

-- Sorted grouping over the (person, ts) index is every method's best plan here; the planner,
-- misled by a sampled estimate of 42,000 people, would hash instead (timed at the end).
SET enable_hashagg = off;
SELECT bench.time('peak_events', :'measure', 'floor', '`count(*)` of the events', :'floor_bare', answer => pg_temp.answer_of('floor_bare')),
       bench.time('peak_events', :'measure', 'other', '`count(*)` per person', :'floor_grouped', answer => pg_temp.answer_of('floor_grouped')),
       bench.time('peak_events', :'measure', 'alternative', 'plain SQL: `count(*) OVER (PARTITION BY person ORDER BY ts RANGE BETWEEN CURRENT ROW AND ''365 days'' FOLLOWING)`, then `max` per person',
                  :'range', same_answer => :'range_same', answer => pg_temp.answer_of('range')),
       bench.time('peak_events', :'measure', 'deal', '`deal.peak_events(ts, ''365 days'')` per person', :'deal', answer => pg_temp.answer_of('deal')),
       bench.time('peak_events', :'measure', 'other', '`deal.peak_events(ts, ''8760 hours'')` per person', :'deal_hours', answer => pg_temp.answer_of('deal_hours')),
       bench.time('peak_events', :'measure', 'other', '`deal.peak_events(ts, ''1 year'')` per person', :'deal_year', answer => pg_temp.answer_of('deal_year'))
\g /dev/null
SET TimeZone = 'UTC';
SELECT bench.time('peak_events', :'measure', 'other', '`deal.peak_events(ts, ''365 days'')`, `TimeZone` `UTC`', :'deal',
                  answer => bench.answer(:'deal')) \g /dev/null
SET TimeZone = 'Europe/London';
RESET enable_hashagg;
SELECT bench.time('peak_events', :'measure', 'other', 'floor per person, hashed (the planner''s own choice)', :'floor_grouped',
                  answer => bench.answer(:'floor_grouped')),
       bench.time('peak_events', :'measure', 'other', '`deal.peak_events(ts, ''365 days'')`, hashed', :'deal', answer => bench.answer(:'deal'))
\g /dev/null
SET max_parallel_workers_per_gather = 2;
SELECT bench.time('peak_events', :'measure', 'other', 'the same with 2 parallel workers', :'deal', answer => bench.answer(:'deal')) \g /dev/null
SET max_parallel_workers_per_gather = 0;

-- Report: each method's time, against the grouped floor and against the RANGE window.
SELECT replace(method, '`', '') AS method, bench.format_ms(ms) || ' (best of 3)' AS time,
       bench.format_ratio(ms, (SELECT ms FROM bench.result WHERE module = 'peak_events' AND method = '`count(*)` per person')) AS "against the grouped floor",
       CASE WHEN method LIKE '%deal.peak_events%' OR method LIKE 'the same%'
            THEN bench.format_ratio((SELECT ms FROM bench.result WHERE module = 'peak_events' AND role = 'alternative'), ms) || ' faster'
            ELSE '' END AS "against the RANGE window",
       answer AS "(frequent attenders, sum of peaks)"
FROM bench.result WHERE module = 'peak_events' ORDER BY seq;
