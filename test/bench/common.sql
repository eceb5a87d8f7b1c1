-- What every benchmark script uses, created once per benchmark database: the timing helpers
-- and bench.result, where each script (and its Python helper, through psql) records every
-- time it measures, so that summary.sql can put all the comparisons in one table.  Each
-- script keeps its tables in a schema of its own, named after it, so none collide.
\set QUIET on
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS deal;
CREATE SCHEMA bench;

-- One row per time measured.  role: 'floor' is a bare scan of the same rows, 'deal' the deal
-- method that the summary compares (one of each per measure), 'alternative' what a user would
-- do instead (plain SQL, a recursive CTE, pgRouting, networkx, statsmodels, scikit-learn), and
-- 'other' anything a script shows in its own table only (partial floors, deal's variants).
CREATE TABLE bench.result (
	seq serial PRIMARY KEY,
	module text NOT NULL,
	measure text NOT NULL,
	role text NOT NULL CHECK (role IN ('floor', 'deal', 'alternative', 'other')),
	method text NOT NULL,
	ms float8 CHECK (ms >= 0),	-- NULL: it could not run (the note says why)
	runs int CHECK (runs > 0),	-- ms is the best of this many runs
	same_answer boolean,		-- the answer equals deal's (NULL: not compared)
	answer text,			-- the answer itself, where a script shows it
	note text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX ON bench.result (module, measure, role) WHERE role IN ('floor', 'deal');

-- Record one time; returns it.
CREATE FUNCTION bench.record(module text, measure text, role text, method text, ms float8, runs int,
                             same_answer boolean DEFAULT NULL, note text DEFAULT '', answer text DEFAULT NULL)
RETURNS float8 LANGUAGE sql AS $$
	INSERT INTO bench.result (module, measure, role, method, ms, runs, same_answer, note, answer)
	VALUES (module, measure, role, method, ms, runs, same_answer, note, answer) RETURNING ms
$$;

-- Best time in milliseconds of running a statement a few times.
CREATE FUNCTION bench.best_ms(statement text, runs int DEFAULT 3) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	best float8 := 'infinity';
BEGIN
	FOR i IN 1..runs LOOP
		t0 := clock_timestamp();
		EXECUTE statement;
		best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
	END LOOP;
	RETURN best;
END
$$;

-- Time a statement (best of runs) and record it, divided by per (for a time per person).
CREATE FUNCTION bench.time(module text, measure text, role text, method text, statement text,
                           runs int DEFAULT 3, same_answer boolean DEFAULT NULL, note text DEFAULT '',
                           per int DEFAULT 1, answer text DEFAULT NULL)
RETURNS float8 LANGUAGE sql AS $$
	SELECT bench.record(module, measure, role, method, bench.best_ms(statement, runs) / per, runs, same_answer, note, answer)
$$;

-- The whole result of a statement as one text, whatever the order of its rows, to compare answers.
CREATE FUNCTION bench.answer(statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	a text;
BEGIN
	EXECUTE 'SELECT string_agg(x::text, '' '' ORDER BY x::text) FROM (' || statement || ') x' INTO a;
	RETURN a;
END
$$;

-- A time for people: seconds from 10 s, whole ms from 100 ms, else three significant digits.
CREATE FUNCTION bench.format_ms(ms float8) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE
		WHEN ms IS NULL THEN NULL
		WHEN ms >= 10000 THEN to_char(ms / 1000, 'FM999,990.0') || ' s'
		WHEN ms >= 100 THEN to_char(ms, 'FM9,990') || ' ms'
		ELSE round(ms::numeric, greatest(2 - floor(log(greatest(ms, 1e-6)::numeric)), 0)::int)::text || ' ms'
	END
$$;

-- How many times as long as the base: '351x', '7.3x', '1.13x' or '0.97x'.
CREATE FUNCTION bench.format_ratio(ms float8, base float8) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN ms IS NULL OR base IS NULL OR base = 0 THEN NULL
	            WHEN ms >= 100 * base THEN to_char(ms / base, 'FM999,990') || 'x'
	            WHEN ms >= 2 * base THEN to_char(ms / base, 'FM990.0') || 'x'
	            ELSE to_char(ms / base, 'FM0.00') || 'x' END
$$;

-- A script's own table: each time against the floor and against deal's, measure by measure,
-- with whether its answer equals deal's (and the answer, where the script recorded it).  Code
-- is written `thus` in methods, for Markdown.
CREATE FUNCTION bench.report(module text)
RETURNS TABLE (measure text, method text, "time" text, "against the floor" text, "against deal" text,
               "same answer" text, answer text, note text)
LANGUAGE sql AS $$
	SELECT CASE WHEN r.seq = min(r.seq) OVER m THEN r.measure ELSE '' END,
	       replace(r.method, '`', ''),
	       coalesce(bench.format_ms(r.ms) || CASE WHEN r.runs = 1 THEN ' (1 run)' ELSE format(' (best of %s)', r.runs) END, ''),
	       CASE WHEN r.role = 'floor' THEN '' ELSE coalesce(bench.format_ratio(r.ms, f.ms), '') END,
	       CASE WHEN r.role IN ('deal', 'floor') THEN '' ELSE coalesce(bench.format_ratio(r.ms, d.ms), '') END,
	       CASE r.same_answer WHEN true THEN 'yes' WHEN false THEN 'NO' ELSE '' END,
	       coalesce(r.answer, ''), r.note
	FROM bench.result r
	LEFT JOIN bench.result f ON f.module = r.module AND f.measure = r.measure AND f.role = 'floor'
	LEFT JOIN bench.result d ON d.module = r.module AND d.measure = r.measure AND d.role = 'deal'
	WHERE r.module = report.module
	WINDOW m AS (PARTITION BY r.measure)
	ORDER BY min(r.seq) OVER m, r.seq
$$;
