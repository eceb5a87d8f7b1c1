-- deal.generate_borough: a small borough (3,000 residents) and what must hold of any: its
-- tables, keys, indexes and comments; valid and distinct NHS numbers; postcodes in WN; places
-- inside the borough; the links between tables; the same tables for the same seed whatever
-- the plan, other tables for another seed; nothing touched in a schema that holds anything;
-- bad arguments.  The progress notices carry timings, so they are not shown.

\set ECHO none
\i sql/setup.psql
SET client_min_messages = warning;
SET search_path = public, deal;

SELECT * FROM deal.generate_borough('borough_a', 3000, 42);

-- Every table has a primary key, every table, view and column a comment.
SELECT c.relname AS table_without_primary_key
FROM pg_class c
WHERE c.relnamespace = 'borough_a'::regnamespace AND c.relkind = 'r'
  AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p');
SELECT c.relname, c.relkind, a.attname AS uncommented
FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'borough_a'::regnamespace AND c.relkind IN ('r', 'v')
  AND (obj_description(c.oid, 'pg_class') IS NULL OR col_description(c.oid, a.attnum) IS NULL)
ORDER BY 1, 3;
SELECT c.relname AS view, obj_description(c.oid, 'pg_class') AS comment
FROM pg_class c WHERE c.relnamespace = 'borough_a'::regnamespace AND c.relkind = 'v' ORDER BY 1;

-- The foreign keys, all validated, and the indexes beside the keys.
SELECT conrelid::regclass::text AS "table", pg_get_constraintdef(oid) AS foreign_key, convalidated
FROM pg_constraint WHERE connamespace = 'borough_a'::regnamespace AND contype = 'f'
ORDER BY 1, 2;
SELECT indexrelid::regclass::text AS index, pg_get_indexdef(indexrelid) ~ 'USING (btree|gin)' AS ok
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relnamespace = 'borough_a'::regnamespace AND NOT i.indisprimary AND NOT i.indisunique
ORDER BY 1;

-- NHS numbers: valid, distinct, none a placeholder or in the test range, 4xx or 6xx-7xx.
SELECT count(*) AS residents, count(DISTINCT nhs_number) AS distinct_numbers,
       count(*) FILTER (WHERE NOT deal.nhs_number_is_valid(nhs_number::text)) AS invalid,
       count(*) FILTER (WHERE deal.nhs_number_is_placeholder(nhs_number)) AS placeholders,
       count(*) FILTER (WHERE nhs_number::bigint / 1000000000 NOT IN (4, 6, 7)) AS other_ranges
FROM borough_a.residents;

-- Postcodes: valid by construction (the type), all in area WN, in districts WN1 to WN7.
SELECT deal.postcode_district(postcode) AS district, count(*) AS postcodes,
       count(DISTINCT deal.postcode_sector(postcode)) AS sectors,
       bool_and(deal.postcode_is_valid(postcode::text)) AS valid, bool_and(deal.postcode_area(postcode) = 'WN') AS in_wn
FROM borough_a.postcodes GROUP BY 1 ORDER BY min(postcode);

-- Places inside the borough: 53.46 to 53.62 north, 2.75 to 2.43 west.
SELECT what, count(*) AS places, count(*) FILTER (WHERE NOT (lat BETWEEN 53.46 AND 53.62 AND lon BETWEEN -2.75 AND -2.43)) AS outside
FROM (SELECT 'addresses' AS what, lat, lon FROM borough_a.addresses
      UNION ALL SELECT 'postcodes', lat, lon FROM borough_a.postcodes
      UNION ALL SELECT 'lsoas', lat, lon FROM borough_a.lsoas
      UNION ALL SELECT 'clusters', lat, lon FROM borough_a.clusters
      UNION ALL SELECT 'location', latitude, longitude FROM borough_a.location) p
GROUP BY what ORDER BY what;

-- The links between tables: every resident lives in one household, has one current address and
-- it is the household's; relationships and involvements start before they end; every admission
-- through A&E has its attendance; ages, sexes and household sizes in range.
SELECT (SELECT count(*) FROM borough_a.households h WHERE NOT EXISTS (SELECT FROM borough_a.residents r WHERE r.uprn = h.uprn)) AS empty_households,
       (SELECT count(*) FROM borough_a.residents r
         WHERE (SELECT count(*) FROM borough_a.address_history a WHERE a.person_id = r.id AND a.moved_out IS NULL) <> 1) AS not_one_current_address,
       (SELECT count(*) FROM borough_a.residents r JOIN borough_a.address_history a ON a.person_id = r.id AND a.moved_out IS NULL
         WHERE a.uprn <> r.uprn) AS current_address_not_household,
       (SELECT count(*) FROM borough_a.address_history a JOIN borough_a.residents r ON r.id = a.person_id
         WHERE a.moved_in < r.date_of_birth) AS lived_before_birth,
       (SELECT count(*) FROM borough_a.address_history a JOIN borough_a.address_history b
          ON a.person_id = b.person_id AND a.moved_in < b.moved_in AND a.during && b.during) AS overlapping_addresses,
       (SELECT count(*) FROM borough_a.relationships r JOIN borough_a.residents p ON p.id = r.relative_id
         WHERE r.kind = 'parent_of' AND r.started <> p.date_of_birth) AS parenthood_not_from_birth,
       (SELECT count(*) FROM borough_a.relationships r JOIN borough_a.residents p ON p.id = r.person_id
          JOIN borough_a.residents c ON c.id = r.relative_id
         WHERE r.kind = 'parent_of' AND c.date_of_birth - p.date_of_birth < 16 * 365) AS parents_under_16,
       (SELECT count(*) FROM borough_a.admissions a WHERE a.acute
         AND NOT EXISTS (SELECT FROM borough_a.ae_attendances x WHERE x.admission_id = a.id)) AS acute_not_through_ae,
       (SELECT count(*) FROM borough_a.admissions a
         WHERE a.los_days <> (a.discharged AT TIME ZONE 'Europe/London')::date - (a.admitted AT TIME ZONE 'Europe/London')::date) AS wrong_los;
SELECT min(age) >= 0 AND max(age) <= 100 AS ages_ok, bool_and(sex IN ('F', 'M')) AS sexes_ok,
       (SELECT avg(size) BETWEEN 2.2 AND 2.6 FROM (SELECT count(*) AS size FROM borough_a.residents GROUP BY uprn) h) AS mean_household_size_ok
FROM borough_a.people;
SELECT edge_kind, count(*) > 0 AS present FROM borough_a.links GROUP BY 1 ORDER BY 1;
SELECT service, count(*) > 0 AS present FROM borough_a.emergency_contacts GROUP BY 1 ORDER BY 1;
SELECT count(*) > 0 AS assets, bool_and(capacity >= 0) AS capacities, bool_and(offer <> '') AS offers,
       bool_and(minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age) AS ages
FROM borough_a.assets;

-- The same seed gives the same tables, row for row, whatever the plan (here without hash joins or
-- hash aggregation); another seed gives other tables.
CREATE FUNCTION pg_temp.table_md5(schema_name text, table_name text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	result text;
BEGIN
	EXECUTE format('SELECT md5(string_agg(t::text, E''\n'' ORDER BY t::text)) FROM %I.%I t', schema_name, table_name) INTO result;
	RETURN result;
END
$$;
SET enable_hashjoin = off;
SET enable_hashagg = off;
SET enable_memoize = off;
SELECT count(*) AS tables FROM deal.generate_borough('borough_b', 3000, 42);
RESET enable_hashjoin;
RESET enable_hashagg;
RESET enable_memoize;
SELECT count(*) AS tables FROM deal.generate_borough('borough_c', 3000, 43);
SELECT count(*) AS tables,
       count(*) FILTER (WHERE pg_temp.table_md5('borough_a', relname) = pg_temp.table_md5('borough_b', relname)) AS same_with_same_seed,
       count(*) FILTER (WHERE pg_temp.table_md5('borough_a', relname) = pg_temp.table_md5('borough_c', relname)) AS same_with_other_seed
FROM pg_class WHERE relnamespace = 'borough_a'::regnamespace AND relkind = 'r';
-- The tables a seed does not change: the lists and the code list.
SELECT relname AS same_for_every_seed
FROM pg_class WHERE relnamespace = 'borough_a'::regnamespace AND relkind = 'r'
  AND pg_temp.table_md5('borough_a', relname) = pg_temp.table_md5('borough_c', relname)
ORDER BY 1;

-- A schema that holds anything is refused (55000) and left as it was; an empty one is used.
SELECT error_of($$SELECT * FROM deal.generate_borough('borough_a', 100)$$);
SELECT count(*) AS tables_still_there, (SELECT count(*) FROM borough_a.residents) AS residents_still_there
FROM pg_class WHERE relnamespace = 'borough_a'::regnamespace AND relkind = 'r';
CREATE SCHEMA holds_a_type;
CREATE TYPE holds_a_type.mood AS ENUM ('ok');
SELECT error_of($$SELECT * FROM deal.generate_borough('holds_a_type', 100)$$);
CREATE SCHEMA empty_schema;
SELECT sum(row_count) > 0 AS generated FROM deal.generate_borough('empty_schema', 100, 7);
-- Any name, quoted as a name: nothing in it is run.
SELECT count(*) AS tables FROM deal.generate_borough('Odd "name"; DROP SCHEMA borough_a; --', 1);
SELECT count(*) AS residents FROM "Odd ""name""; DROP SCHEMA borough_a; --".residents;

-- Bad arguments: 22023 for a size outside 1 to 2,000,000, 22004 for a NULL; nothing created.
SELECT error_of($$SELECT * FROM deal.generate_borough('too_small', 0)$$);
SELECT error_of($$SELECT * FROM deal.generate_borough('too_big', 2000001)$$);
SELECT error_of($$SELECT * FROM deal.generate_borough(NULL, 100)$$);
SELECT error_of($$SELECT * FROM deal.generate_borough('no_size', NULL)$$);
SELECT error_of($$SELECT * FROM deal.generate_borough('no_seed', 100, NULL)$$);
SELECT nspname FROM pg_namespace WHERE nspname IN ('too_small', 'too_big', 'no_size', 'no_seed');

-- deal.uniform: the same number for the same (seed, stream, key), in [0, 1).
SELECT deal.uniform(0, 0, 0) AS u000, deal.uniform(1, 2, 3) AS u123,
       deal.uniform(-1, -1, -1) AS all_bits_set, deal.uniform(1, 2, 3) = deal.uniform(1, 2, 3) AS same;
SELECT min(u) >= 0 AND max(u) < 1 AS in_range, round(avg(u)::numeric, 2) AS mean, count(DISTINCT u) AS distinct_values
FROM (SELECT deal.uniform(42, 7, k) AS u FROM generate_series(1, 100000) k) s;

DROP SCHEMA borough_a, borough_b, borough_c, holds_a_type, empty_schema, "Odd ""name""; DROP SCHEMA borough_a; --" CASCADE;
