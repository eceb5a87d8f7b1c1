-- The summary of every benchmark: one row per comparison of deal with what a user would do
-- instead, from bench.result, headed by the machine it ran on.  Printed as a table, and
-- written as Markdown to the file named by the variable markdown (for the README).
-- test/bench/run passes the machine's facts as the variables cores, memory, cpu, started,
-- load_before and load_after.
\set QUIET on
\pset footer off
SET client_min_messages = warning;

-- A time with how many runs it is the best of, when that is not the usual 3.
CREATE FUNCTION pg_temp.time_cell(ms float8, runs int, note text) RETURNS text LANGUAGE sql AS $$
	SELECT CASE WHEN ms IS NULL THEN note
	            ELSE bench.format_ms(ms) || CASE WHEN runs = 1 THEN ' (1 run)' WHEN runs <> 3 THEN format(' (best of %s)', runs) ELSE '' END END
$$;

-- One row per comparison; where one deal method has several alternatives, its cells are
-- written on the first row only.
CREATE TEMP VIEW comparison AS
SELECT CASE WHEN first THEN module ELSE '' END AS module, CASE WHEN first THEN measured ELSE '' END AS measured,
       CASE WHEN first THEN deal ELSE '' END AS deal, CASE WHEN first THEN deal_time ELSE '' END AS deal_time,
       alternative, alternative_time,
       CASE WHEN first THEN floor ELSE '' END AS floor, deal_vs_alternative,
       CASE WHEN first THEN deal_vs_floor ELSE '' END AS deal_vs_floor, same_answer, n
FROM (
	SELECT d.module, d.measure AS measured,
	       d.method AS deal, pg_temp.time_cell(d.ms, d.runs, d.note) AS deal_time,
	       a.method || CASE WHEN a.note <> '' AND a.ms IS NOT NULL THEN ' (' || a.note || ')' ELSE '' END AS alternative,
	       pg_temp.time_cell(a.ms, a.runs, a.note) AS alternative_time,
	       coalesce(pg_temp.time_cell(f.ms, f.runs, f.note), '') AS floor,
	       coalesce(CASE WHEN a.ms >= d.ms THEN bench.format_ratio(a.ms, d.ms) || ' faster'
	                     ELSE bench.format_ratio(d.ms, a.ms) || ' slower' END, '') AS deal_vs_alternative,
	       coalesce(bench.format_ratio(d.ms, f.ms), '') AS deal_vs_floor,
	       CASE a.same_answer WHEN true THEN 'yes' WHEN false THEN 'NO' ELSE '' END AS same_answer,
	       row_number() OVER (PARTITION BY d.seq ORDER BY a.seq) = 1 AS first,
	       row_number() OVER (ORDER BY d.seq, a.seq) AS n
	FROM bench.result d
	JOIN bench.result a ON a.module = d.module AND a.measure = d.measure AND a.role = 'alternative'
	LEFT JOIN bench.result f ON f.module = d.module AND f.measure = d.measure AND f.role = 'floor'
	WHERE d.role = 'deal'
) c;

SELECT format('%s cores (%s), %s GiB, PostgreSQL %s, %s; load average %s before the run, %s after',
              :'cores', :'cpu', :'memory', current_setting('server_version'), :'started', :'load_before', :'load_after')
	AS machine \gset
\echo
\echo 'All benchmarks:' :machine
\echo 'Each time is the best of 3 runs unless marked: the machine may be shared, so times vary from run to run.'
SELECT module, replace(measured, '`', '') AS measured, replace(deal, '`', '') AS deal, deal_time AS time,
       replace(alternative, '`', '') AS alternative, alternative_time AS time, floor,
       deal_vs_alternative AS "deal vs alternative", deal_vs_floor AS "deal vs floor", same_answer AS "same answer"
FROM comparison ORDER BY n;

-- Anything a script recorded that the summary cannot place.
SELECT string_agg(format('%s: %s %s (%s) has no deal row to compare with', module, role, method, measure), E'\n') AS unmatched
FROM bench.result a
WHERE role IN ('alternative', 'floor')
  AND NOT EXISTS (SELECT FROM bench.result d WHERE d.role = 'deal' AND d.module = a.module AND d.measure = a.measure) \gset
\if :{?unmatched}
\echo :unmatched
\endif
SELECT count(*) AS differ, count(*) > 0 AS any_differ FROM comparison WHERE same_answer = 'NO' \gset
\if :any_differ
\echo 'Comparisons whose answer differs from deal''s:' :differ '(see each script''s table above).'
\endif

-- The same as Markdown.
CREATE FUNCTION pg_temp.md(t text) RETURNS text LANGUAGE sql AS $$ SELECT replace(t, '|', '\|') $$;
\pset format unaligned
\pset tuples_only on
\o :markdown
SELECT format('Measured by `make bench` on %s. Each time is the best of 3 runs unless marked; the machine is shared, so times vary from run to run.', :'machine');
SELECT '';
SELECT '| module | measured | deal | time | alternative | time | floor | deal vs alternative | deal vs floor | same answer |';
SELECT '|---|---|---|---:|---|---:|---:|---:|---:|---|';
SELECT format('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |', module, pg_temp.md(measured), pg_temp.md(deal),
              deal_time, pg_temp.md(alternative), pg_temp.md(alternative_time), floor, deal_vs_alternative,
              deal_vs_floor, same_answer)
FROM comparison ORDER BY n;
\o
\echo 'Also written as Markdown to' :markdown
