-- Frequent attenders: peak_events(ts, window), the most events inside any window [t, t + window).
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;
SET TimeZone = 'Europe/London';

-- Twelve visits 30 days apart from mid-July: six in each calendar year, but twelve inside 365 days.
SELECT peak_events(t, '365 days') AS peak_365_days, count(*) AS visits,
       count(*) FILTER (WHERE t < '2023-01-01') AS in_2022, count(*) FILTER (WHERE t >= '2023-01-01') AS in_2023
FROM generate_series('2022-07-15'::timestamptz, '2023-06-30', '30 days') t;

-- The window is half-open: an event exactly one window after another is not in its window.
SELECT peak_events(t, '365 days') AS exactly_365_days_apart
FROM unnest(ARRAY['2023-01-01 10:00', '2024-01-01 10:00']::timestamptz[]) t;
SELECT peak_events(t, '365 days') AS one_microsecond_less
FROM unnest(ARRAY['2023-01-01 10:00', '2024-01-01 09:59:59.999999']::timestamptz[]) t;
SELECT peak_events(t, '1 hour') AS equal_times_all_count
FROM unnest(ARRAY['2023-05-01 10:00', '2023-05-01 10:00', '2023-05-01 10:00', '2023-05-01 11:00']::timestamptz[]) t;

-- NULL times are skipped; no events (or only NULL times) give 0.
SELECT peak_events(t, '1 day') AS with_nulls
FROM unnest(ARRAY['2023-05-01 10:00', NULL, '2023-05-01 12:00', NULL]::timestamptz[]) t;
SELECT peak_events(t, '1 day') AS only_nulls FROM unnest(ARRAY[NULL, NULL]::timestamptz[]) t;
SELECT peak_events(t, '1 day') AS no_rows FROM unnest(ARRAY[]::timestamptz[]) t;
SELECT peak_events(t, NULL) AS null_time_null_window FROM unnest(ARRAY[NULL]::timestamptz[]) t;

-- Bad windows and times.
SELECT error_of($$SELECT deal.peak_events(t, NULL) FROM unnest(ARRAY['2023-05-01']::timestamptz[]) t$$) AS null_window;
SELECT error_of($$SELECT deal.peak_events(t, '0 days') FROM unnest(ARRAY['2023-05-01']::timestamptz[]) t$$) AS zero;
SELECT error_of($$SELECT deal.peak_events(t, '-1 day') FROM unnest(ARRAY['2023-05-01']::timestamptz[]) t$$) AS negative;
SELECT error_of($$SELECT deal.peak_events(t, '1 month -1 day') FROM unnest(ARRAY['2023-05-01']::timestamptz[]) t$$) AS mixed_signs;
SELECT error_of($$SELECT deal.peak_events(t, '1 day') FROM unnest(ARRAY['2023-05-01', 'infinity']::timestamptz[]) t$$) AS infinite_time;
SELECT error_of($$SELECT deal.peak_events(t, '1 day') FROM unnest(ARRAY['-infinity']::timestamptz[]) t$$) AS minus_infinity;

-- Every row of a group must have the same window, part by part: '1 year' is '12 months', but
-- neither is '365 days', nor '1 day' '24 hours'.
SELECT peak_events(t, w) AS year_and_12_months
FROM (VALUES ('2023-05-01'::timestamptz, '1 year'::interval), ('2023-06-01', '12 months')) v(t, w);
SELECT error_of($$SELECT deal.peak_events(t, w) FROM (VALUES ('2023-05-01'::timestamptz, '1 year'::interval), ('2023-06-01', '365 days')) v(t, w)$$) AS year_and_365_days;
SELECT error_of($$SELECT deal.peak_events(t, w) FROM (VALUES ('2023-05-01'::timestamptz, '1 day'::interval), ('2023-06-01', '24 hours')) v(t, w)$$) AS day_and_24_hours;
SELECT peak_events(t, w) AS windows_of_null_times_ignored
FROM (VALUES ('2023-05-01'::timestamptz, '1 day'::interval), (NULL, '24 hours'), (NULL, NULL)) v(t, w);

-- Calendar windows: t + window as PostgreSQL adds it, in the session time zone.  Months: from
-- 31 January a month ends on 28 February (so 30 January 23:00's window ends later than
-- 31 January 01:00's); days: across the change to summer time a day is 23 hours.
SELECT peak_events(t, '1 month') AS month_from_31_january
FROM unnest(ARRAY['2023-01-31 10:00', '2023-02-28 09:59', '2023-02-28 10:00']::timestamptz[]) t;
SELECT peak_events(t, '1 month') AS ends_out_of_order
FROM unnest(ARRAY['2023-01-30 23:00', '2023-01-31 01:00', '2023-02-28 12:00', '2023-02-28 23:30']::timestamptz[]) t;
SELECT peak_events(t, '1 day') AS calendar_day, peak_events(t, '24 hours') AS hours_24
FROM unnest(ARRAY['2023-03-25 12:00', '2023-03-26 12:30']::timestamptz[]) t;
-- ... so the answer for days and months depends on the session time zone; for hours it does not.
SET TimeZone = 'UTC';
SELECT peak_events(t, '1 day') AS calendar_day_utc, peak_events(t, '24 hours') AS hours_24_utc
FROM unnest(ARRAY['2023-03-25 12:00+00', '2023-03-26 12:30+01']::timestamptz[]) t;
SET TimeZone = 'Europe/London';

-- Windows reaching past the last timestamp PostgreSQL can hold fail as t + window does.
SELECT error_of($$SELECT deal.peak_events(t, '2 days') FROM unnest(ARRAY['294276-12-31 00:00+00']::timestamptz[]) t$$) AS past_the_end_days;
SELECT error_of($$SELECT deal.peak_events(t, '48 hours') FROM unnest(ARRAY['294276-12-31 00:00+00']::timestamptz[]) t$$) AS past_the_end_hours;
SELECT error_of($$SELECT '294276-12-31 00:00+00'::timestamptz + '2 days'::interval$$) AS as_plus_does;
SELECT peak_events(t, '1 day') AS near_the_end
FROM unnest(ARRAY['294276-12-30 00:00+00', '294276-12-30 12:00+00']::timestamptz[]) t;

-- Random events, clustered round the clock changes (London's and Lord Howe's) and month ends: the same answers as the
-- plain-SQL window with a RANGE frame (whose frame is closed, so it ends a microsecond early),
-- for every window, in two time zones with daylight saving (Lord Howe Island moves its clocks
-- by half an hour, in the southern summer).
SELECT setseed(0.42);
CREATE TEMP TABLE events AS
SELECT (random() * 60)::int AS person, '2023-01-01'::timestamptz + random() * interval '700 days' AS ts
FROM generate_series(1, 3000);
INSERT INTO events SELECT (random() * 60)::int, '2023-03-26 00:00+00'::timestamptz + random() * interval '3 hours' FROM generate_series(1, 500);
INSERT INTO events SELECT (random() * 60)::int, '2023-10-29 00:00+00'::timestamptz + random() * interval '3 hours' FROM generate_series(1, 500);
INSERT INTO events SELECT (random() * 60)::int, '2023-01-30 20:00+00'::timestamptz + random() * interval '8 hours' FROM generate_series(1, 500);
INSERT INTO events SELECT (random() * 60)::int, '2023-04-01 12:00+00'::timestamptz + random() * interval '6 hours' FROM generate_series(1, 500);
INSERT INTO events SELECT (random() * 60)::int, '2023-09-30 12:30+00'::timestamptz + random() * interval '6 hours' FROM generate_series(1, 500);
INSERT INTO events SELECT (random() * 60)::int, date_trunc('hour', '2023-02-01'::timestamptz + random() * interval '90 days') FROM generate_series(1, 1000);
CREATE TEMP TABLE windows (w text);
INSERT INTO windows VALUES ('1 hour'), ('3 hours'), ('1 day'), ('7 days 12:00'), ('1 month'), ('1 mon 1 day 00:00:01'), ('365 days'), ('8760 hours'), ('1 year');
-- Probes: small groups with three events near a clock change and three near one window
-- before it, so that their windows end right where the clocks move.
CREATE TEMP TABLE clock_changes (t timestamptz);
INSERT INTO clock_changes VALUES ('2023-03-26 01:00+00'), ('2023-10-29 01:00+00'), ('2024-03-31 01:00+00'),
	('2023-04-01 15:00+00'), ('2023-09-30 15:30+00'), ('2024-04-06 15:00+00');
INSERT INTO events
SELECT 1000 + p.g, e.ts
FROM (SELECT row_number() OVER (ORDER BY c.t, w.w, k) AS g, c.t, w.w::interval AS w
      FROM clock_changes c, windows w, generate_series(1, 4) k) p,
     LATERAL (SELECT p.t - p.w + (random() - 0.5) * interval '4 hours' FROM generate_series(1, 3)
              UNION ALL
              SELECT p.t + (random() - 0.5) * interval '4 hours' FROM generate_series(1, 3)) e(ts);
CREATE FUNCTION pg_temp.agree(zone text) RETURNS TABLE (w text, people bigint, agree bigint) LANGUAGE plpgsql AS $$
BEGIN
	PERFORM set_config('TimeZone', zone, true);
	RETURN QUERY
	SELECT windows.w, count(*), count(*) FILTER (WHERE ours = theirs)
	FROM windows,
	     LATERAL (SELECT person, deal.peak_events(ts, windows.w::interval) AS ours FROM events GROUP BY person) a
	     JOIN LATERAL (
	         SELECT person, max(c) AS theirs
	         FROM (SELECT person, count(*) OVER (PARTITION BY person ORDER BY ts
	                          RANGE BETWEEN CURRENT ROW AND windows.w::interval - interval '1 microsecond' FOLLOWING) AS c
	               FROM events) x
	         GROUP BY person) b USING (person)
	GROUP BY windows.w;
END $$;
SELECT * FROM pg_temp.agree('Europe/London') ORDER BY w;
SELECT * FROM pg_temp.agree('Australia/Lord_Howe') ORDER BY w;
SET TimeZone = 'Europe/London';

-- The result does not depend on the order of the rows.
SELECT peak_events(ts, '30 days' ORDER BY ts) = peak_events(ts, '30 days' ORDER BY ts DESC) AS order_free,
       peak_events(ts, '30 days' ORDER BY person, ts DESC) = peak_events(ts, '30 days') AS any_order
FROM events;

-- Parallel query splits the rows among workers and combines their states: same answers.
CREATE TABLE peak_big AS
SELECT (i % 500) AS person, '2022-01-01'::timestamptz + ((i * 7919) % 1000003) * interval '1 minute' AS ts
FROM generate_series(1, 200000) i;
ANALYZE peak_big;
CREATE TEMP TABLE serial_answers AS
SELECT person, peak_events(ts, '30 days') AS peak, peak_events(ts, '1 month') AS peak_month FROM peak_big GROUP BY person;
CREATE TEMP TABLE serial_total AS SELECT peak_events(ts, '1 day') AS peak FROM peak_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT person, peak_events(ts, '30 days') FROM peak_big GROUP BY person;
EXPLAIN (COSTS OFF) SELECT peak_events(ts, '1 day') FROM peak_big;
SELECT count(*) AS people,
       count(*) FILTER (WHERE p.peak = s.peak AND p.peak_month = s.peak_month) AS same_in_parallel
FROM (SELECT person, peak_events(ts, '30 days') AS peak, peak_events(ts, '1 month') AS peak_month
      FROM peak_big GROUP BY person) p
JOIN serial_answers s USING (person);
SELECT (SELECT peak_events(ts, '1 day') FROM peak_big) = (SELECT peak FROM serial_total) AS same_total_in_parallel;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE peak_big;

-- As a window function: the peak so far, visit by visit.
SELECT t, peak_events(t, '7 days') OVER (ORDER BY t) AS peak_so_far
FROM unnest(ARRAY['2023-05-01', '2023-05-03', '2023-05-20', '2023-05-21', '2023-05-22', '2023-05-27']::timestamptz[]) t;

-- A realistic use: frequent attenders across A&E, ambulance and police, 12 or more inside any
-- 365 days.
CREATE TEMP TABLE attendances (person int, service text, at timestamptz);
INSERT INTO attendances
SELECT 1, (ARRAY['ae', 'ambulance', 'police'])[1 + i % 3], '2023-09-01'::timestamptz + i * interval '25 days' FROM generate_series(0, 13) i;
INSERT INTO attendances
SELECT 2, 'ae', '2023-01-01'::timestamptz + i * interval '40 days' FROM generate_series(0, 15) i;
INSERT INTO attendances
SELECT 3, 'police', '2024-02-01'::timestamptz + i * interval '2 days' FROM generate_series(0, 11) i;
SELECT person, count(*) AS events, peak_events(at, '365 days') AS peak_365_days
FROM attendances
GROUP BY person
HAVING peak_events(at, '365 days') >= 12
ORDER BY person;

-- The state is a deal.peak_events_state (the window and the times so far, serialised), so
-- Citus can split the aggregate; a damaged state is refused; the transition function belongs
-- to the aggregate.
SELECT aggtranstype::regtype AS state, aggcombinefn, aggserialfn FROM pg_aggregate
WHERE aggfnoid = 'deal.peak_events'::regproc;
SELECT error_of($$SELECT peak_events_combinefn('\x00'::peak_events_state, '\x00'::peak_events_state)$$) AS damaged_state,
       error_of($$SELECT peak_events_transfn(NULL, now(), '1 day')$$) AS transition_from_sql;
-- As a window aggregate the state lives on after each row's value is made.
SELECT i, peak_events('2025-01-01'::timestamptz + i * interval '10 hours', '1 day') OVER (ORDER BY i)
FROM generate_series(1, 5) AS i;
