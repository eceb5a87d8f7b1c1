-- What every benchmark script uses, created once per benchmark database.
\set QUIET on
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS deal;
CREATE SCHEMA bench;

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
