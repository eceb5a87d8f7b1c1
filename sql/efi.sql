-- deal.efi: the electronic frailty index: input, output, binary I/O, the set algebra, counts,
-- scores and categories, the aggregates (serial and parallel), indexes and casts.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- The 36 deficits in code order, each a bit: every code reads back as itself, in any case.
SELECT n - 1 AS bit, code, name,
       ('{' || code || '}')::deal.efi::text = '{' || code || '}' AS round_trip,
       (' { ' || upper(code) || ' } ')::deal.efi = ('{' || code || '}')::deal.efi AS any_case,
       deal.efi_hash(('{' || code || '}')::deal.efi) = hashint8(1::bigint << (n - 1)::int) AS bit_value
FROM deal.efi_deficits() WITH ORDINALITY AS d(code, name, n);
SELECT count(*) AS deficits, count(DISTINCT code) AS codes, bool_and(code ~ '^[a-z_]+$') AS lower_case
FROM deal.efi_deficits();

-- Input: any order, repeats once, blanks, any case, the empty set; output in code order.
SELECT input, input::deal.efi AS efi
FROM (VALUES ('{falls,diabetes}'), ('{diabetes,falls}'), ('{falls,diabetes,falls,FALLS}'),
             (E'  {\tFalls , \n DIABETES\r}  '), ('{}'), (' { } '),
             ('{weight_loss_anorexia,activity_limitation,polypharmacy}')) AS v(input);
-- The whole set prints all 36 codes.
SELECT deal.efi(array_agg(code)) AS everything FROM deal.efi_deficits();

-- Every malformed input is 22P02 with a detail saying what and where.
SELECT left(input, 32) AS input,
       regexp_replace(error_of(format('SELECT %L::deal.efi', input)), '(a{27})a{100,}', '\1...') AS error
FROM (VALUES ('{fallz}'), ('{falls,Diabetic}'), ('falls,diabetes'), ('falls'), ('{falls'),
             ('{falls,'), ('{'), (''), ('   '), ('{,falls}'), ('{falls,,diabetes}'), ('{falls,}'),
             ('{falls diabetes}'), ('{falls;diabetes}'), ('{heart failure}'), ('{heart-failure}'),
             ('{"falls"}'), ('{{falls}}'), ('{falls}}'), ('{falls} x'), ('[falls]'),
             ('{peripheral_vascular_diseasee}'), ('{' || repeat('a', 1000) || '}'),
             ('{fällt}'), ('{falls,é}'), ('{falls}' || chr(160)), ('{falls2}')) AS v(input);
-- and says how to find the codes
SELECT '{fallz}'::deal.efi;

-- Binary I/O: send and receive round-trip every deficit and a few sets; bits beyond the 36 are
-- 22P03, as is a wrong length.
CREATE TABLE efi_rows (e deal.efi);
INSERT INTO efi_rows SELECT ('{' || code || '}')::deal.efi FROM deal.efi_deficits();
INSERT INTO efi_rows VALUES ('{}'), ('{falls,diabetes}'), (deal.efi((SELECT array_agg(code) FROM deal.efi_deficits())));
CREATE TABLE efi_copy (e deal.efi);
SELECT copy_binary('SELECT e FROM efi_rows', 'efi_copy');
SELECT (SELECT count(*) FROM efi_copy) AS copied,
       (SELECT count(*) FROM (SELECT * FROM efi_rows EXCEPT ALL SELECT * FROM efi_copy) d) AS lost,
       (SELECT count(*) FROM (SELECT * FROM efi_copy EXCEPT ALL SELECT * FROM efi_rows) d) AS changed;
SELECT deal.efi_send('{falls,diabetes}') AS wire, deal.efi_send('{}') AS empty_wire;
SELECT value, error_of(format('SELECT copy_binary(%L, %L)', format('SELECT %L::bigint', value), 'efi_copy')) AS binary_input
FROM (VALUES (0::bigint), (68719476735), (68719476736), (68719476737), (-1), (-9223372036854775808),
             (1::bigint << 40)) AS v(value);
SELECT error_of($$SELECT copy_binary('SELECT 42::int4', 'efi_copy')$$) AS short,
       error_of($$SELECT copy_binary('SELECT ''\x000000000000000200''::bytea', 'efi_copy')$$) AS long;

-- Count, score and category at every boundary: the first n deficits, and the last n.
SELECT n, deal.efi_count(first_n) AS count, round(deal.efi_score(first_n)::numeric, 4) AS score,
       deal.efi_category(first_n) AS category, deal.efi_category(last_n) AS category_of_last_n,
       deal.efi_score(first_n) = n / 36.0::float8 AS exact_score
FROM (VALUES (0), (1), (4), (5), (8), (9), (12), (13), (35), (36)) AS v(n),
LATERAL (SELECT deal.efi(coalesce(array_agg(code) FILTER (WHERE k <= n), '{}')) AS first_n,
                deal.efi(coalesce(array_agg(code) FILTER (WHERE k > 36 - n), '{}')) AS last_n
         FROM deal.efi_deficits() WITH ORDINALITY AS d(code, name, k)) s
ORDER BY n;

-- Operators.
SELECT a, b, a | b AS "union", a & b AS intersection, a - b AS difference,
       a @> b AS contains, a <@ b AS contained, a && b AS overlaps,
       a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge
FROM (VALUES ('{falls,diabetes}'::deal.efi, '{falls}'::deal.efi), ('{falls}', '{falls,diabetes}'),
             ('{falls}', '{diabetes}'), ('{falls}', '{falls}'), ('{}', '{}'), ('{}', '{anaemia}'),
             ('{anaemia}', '{activity_limitation}'),
             ('{weight_loss_anorexia}', '{activity_limitation,anaemia,arthritis}')) AS v(a, b);

-- Set laws over many pseudo-random sets: union and intersection commutative, associative and
-- idempotent; containment consistent with intersection; difference and counts agree.
CREATE TABLE efi_sets AS
SELECT i, deal.efi(array_agg(d.code) FILTER (WHERE hashint4(i * 37 + k::int) % 3 = 0)) AS s
FROM generate_series(1, 200) AS i, deal.efi_deficits() WITH ORDINALITY AS d(code, name, k)
GROUP BY i;
SELECT count(*) AS triples,
       bool_and(a.s | b.s = b.s | a.s AND a.s & b.s = b.s & a.s) AS commutative,
       bool_and((a.s | b.s) | c.s = a.s | (b.s | c.s) AND (a.s & b.s) & c.s = a.s & (b.s & c.s)) AS associative,
       bool_and(a.s | a.s = a.s AND a.s & a.s = a.s) AS idempotent,
       bool_and((a.s @> b.s) = (a.s & b.s = b.s) AND (b.s <@ a.s) = (a.s @> b.s)) AS containment,
       bool_and((a.s && b.s) = (deal.efi_count(a.s & b.s) > 0)) AS overlap,
       bool_and(deal.efi_count(a.s | b.s) + deal.efi_count(a.s & b.s) = deal.efi_count(a.s) + deal.efi_count(b.s)) AS counts,
       bool_and((a.s - b.s) & b.s = '{}' AND (a.s - b.s) | (a.s & b.s) = a.s) AS difference
FROM efi_sets a, efi_sets b, efi_sets c
WHERE c.i = (a.i * 7 + b.i) % 200 + 1;

-- The deficits present, as rows and as an array; from an array, NULLs skipped.
SELECT * FROM deal.efi_deficits('{falls,diabetes,polypharmacy}');
SELECT count(*) AS no_rows FROM deal.efi_deficits('{}');
SELECT deal.efi_codes('{falls,diabetes}') AS codes, deal.efi_codes('{}') AS no_codes,
       deal.efi(ARRAY['Falls', NULL, ' diabetes ', 'falls']) AS from_array,
       deal.efi('{}'::text[]) AS from_empty, deal.efi(ARRAY[[' anaemia', 'falls'], ['falls', NULL]]) AS from_2d;
SELECT input, error_of(format('SELECT deal.efi(%L::text[])', input)) AS error
FROM (VALUES ('{falls,fallz}'), ('{falls,""}'), ('{"falls,diabetes"}'), ('{"{falls}"}')) AS v(input);

-- Casts: text both ways, text[] both ways.
SELECT '{falls,diabetes}'::text::deal.efi AS from_text, '{falls}'::deal.efi::text AS to_text,
       ARRAY['falls', 'diabetes']::deal.efi AS from_array, '{falls,diabetes}'::deal.efi::text[] AS to_array;
CREATE TABLE efi_text (t text);
INSERT INTO efi_text VALUES ('{diabetes}'::deal.efi);	-- assignment cast to text
SELECT t FROM efi_text;
SELECT error_of($$SELECT '{fallz}'::text::deal.efi$$) AS bad_text_cast,
       error_of($$SELECT 1::bigint::deal.efi$$) AS no_bigint_cast;

-- Strict: NULL in, NULL out.
SELECT deal.efi_count(NULL) IS NULL AS count, deal.efi_score(NULL) IS NULL AS score,
       deal.efi_category(NULL) IS NULL AS category, deal.efi(NULL) IS NULL AS from_array,
       deal.efi_codes(NULL) IS NULL AS codes, (SELECT count(*) FROM deal.efi_deficits(NULL)) AS deficits,
       ('{falls}'::deal.efi | NULL) IS NULL AS "union";

-- efi_agg(deficit text): NULLs skipped, repeats once, any case; {} for no rows; an unknown code
-- is 22P02 like input, with a hint.
SELECT deal.efi_agg(d) AS efi FROM (VALUES ('falls'), (NULL), ('Diabetes'), ('falls ')) AS v(d);
SELECT deal.efi_agg(d) AS no_rows FROM (VALUES ('falls')) AS v(d) WHERE false;
SELECT deal.efi_agg(d) AS only_nulls FROM (VALUES (NULL::text), (NULL)) AS v(d);
SELECT d, error_of(format('SELECT deal.efi_agg(d) FROM (VALUES (%L), (%L)) AS v(d)', 'falls', d)) AS error
FROM (VALUES ('fallz'), (''), ('{falls}'), ('falls,diabetes'), ('heart failure'), (repeat('x', 40))) AS v(d);
SELECT deal.efi_agg(d) FROM (VALUES ('falls'), ('nope')) AS v(d);
-- efi_agg(efi): the union; NULLs skipped; {} for no rows
SELECT deal.efi_agg(e) AS efi FROM (VALUES ('{falls}'::deal.efi), (NULL), ('{diabetes,falls}'), ('{}')) AS v(e);
SELECT deal.efi_agg(e) AS no_rows FROM (VALUES ('{falls}'::deal.efi)) AS v(e) WHERE false;

-- A cohort: events through a code-to-deficit mapping, one efi per person.
CREATE TABLE efi_code_map (code text PRIMARY KEY, deficit text NOT NULL);
INSERT INTO efi_code_map
SELECT 'C' || k, d.code FROM generate_series(0, 199) AS k
JOIN deal.efi_deficits() WITH ORDINALITY AS d(code, name, n) ON n - 1 = k % 36;
CREATE TABLE efi_events AS
SELECT p AS person_id, 'C' || ((p * 7 + e * 13) % (p % 40 + 1) * 5 % 260) AS code
FROM generate_series(1, 3000) AS p, generate_series(1, p % 25) AS e;
ANALYZE efi_code_map, efi_events;
CREATE TABLE efi_people AS
SELECT e.person_id, deal.efi_agg(m.deficit) AS efi
FROM efi_events e JOIN efi_code_map m USING (code) GROUP BY e.person_id;
-- the same answer as plain SQL's count(DISTINCT deficit)
SELECT count(*) AS people,
       count(*) FILTER (WHERE deal.efi_count(p.efi) = s.n) AS same_count,
       count(*) FILTER (WHERE deal.efi_codes(p.efi) = s.codes) AS same_codes
FROM efi_people p JOIN (
	SELECT e.person_id, count(DISTINCT m.deficit) AS n, array_agg(DISTINCT m.deficit ORDER BY m.deficit) AS codes
	FROM efi_events e JOIN efi_code_map m USING (code) GROUP BY e.person_id
) s USING (person_id);
SELECT deal.efi_category(efi) AS category, count(*) AS people
FROM efi_people GROUP BY 1 ORDER BY min(deal.efi_count(efi));

-- Serial and forced parallel give the same sets; the plans show partial aggregates.
CREATE TEMP TABLE serial_people AS
SELECT e.person_id, deal.efi_agg(m.deficit) AS efi FROM efi_events e JOIN efi_code_map m USING (code) GROUP BY 1;
CREATE TEMP TABLE serial_total AS
SELECT deal.efi_agg(m.deficit) AS by_text, deal.efi_agg(p.efi) AS by_efi
FROM efi_events e JOIN efi_code_map m USING (code) JOIN efi_people p USING (person_id);
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET enable_hashagg = off;	-- a stable plan shape: sort, partial group aggregates, gather merge
EXPLAIN (COSTS OFF)
SELECT e.person_id, deal.efi_agg(m.deficit) FROM efi_events e JOIN efi_code_map m USING (code) GROUP BY 1;
RESET enable_hashagg;
EXPLAIN (COSTS OFF) SELECT deal.efi_agg(efi) FROM efi_people;
SELECT (SELECT count(*) FROM serial_people) AS people,
       (SELECT count(*) FROM serial_people s JOIN (
            SELECT e.person_id, deal.efi_agg(m.deficit) AS efi
            FROM efi_events e JOIN efi_code_map m USING (code) GROUP BY 1) p
        ON p.person_id = s.person_id AND p.efi = s.efi) AS parallel_equal,
       (SELECT by_text FROM serial_total) = (SELECT deal.efi_agg(m.deficit) FROM efi_events e JOIN efi_code_map m USING (code)) AS text_total_equal,
       (SELECT by_efi FROM serial_total) = (SELECT deal.efi_agg(efi) FROM efi_people) AS efi_total_equal;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- btree order is the 64-bit value: deficit i weighs 2^i.
SELECT e FROM (VALUES ('{anaemia}'::deal.efi), ('{activity_limitation,anaemia}'), ('{}'),
                      ('{activity_limitation}'), ('{weight_loss_anorexia}'), ('{arthritis}')) AS v(e)
ORDER BY e;

-- btree and hash indexes serve equality (and the btree ranges) with the rows a scan returns.
SELECT efi AS common FROM efi_people GROUP BY efi ORDER BY count(*) DESC, efi LIMIT 1 \gset
CREATE TEMP TABLE seq_answers AS
SELECT (SELECT array_agg(person_id ORDER BY person_id) FROM efi_people WHERE efi = :'common') AS eq,
       (SELECT array_agg(person_id ORDER BY person_id) FROM efi_people WHERE efi < '{anaemia,arthritis}') AS lt;
CREATE INDEX efi_people_btree ON efi_people (efi);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SET max_parallel_workers_per_gather = 0;	-- serial plans, whatever the session's settings
EXPLAIN (COSTS OFF) SELECT person_id FROM efi_people WHERE efi = :'common';
EXPLAIN (COSTS OFF) SELECT person_id FROM efi_people WHERE efi < '{anaemia,arthritis}';
SELECT (SELECT array_agg(person_id ORDER BY person_id) FROM efi_people WHERE efi = :'common') = eq AS btree_eq,
       (SELECT array_agg(person_id ORDER BY person_id) FROM efi_people WHERE efi < '{anaemia,arthritis}') = lt AS btree_lt,
       cardinality(eq) AS eq_rows, cardinality(lt) AS lt_rows
FROM seq_answers;
DROP INDEX efi_people_btree;
CREATE INDEX efi_people_hash ON efi_people USING hash (efi);
EXPLAIN (COSTS OFF) SELECT person_id FROM efi_people WHERE efi = :'common';
SELECT (SELECT array_agg(person_id ORDER BY person_id) FROM efi_people WHERE efi = :'common') = eq AS hash_eq
FROM seq_answers;
RESET enable_seqscan;
RESET max_parallel_workers_per_gather;
RESET enable_bitmapscan;

-- Hash and merge joins, DISTINCT and GROUP BY.
SET enable_mergejoin = off;
SELECT count(*) AS hash_join FROM efi_people a JOIN efi_people b USING (efi);
RESET enable_mergejoin;
SET enable_hashjoin = off;
SELECT count(*) AS merge_join FROM efi_people a JOIN efi_people b USING (efi);
RESET enable_hashjoin;
SELECT count(DISTINCT efi) AS distinct_sets FROM efi_people;

-- Hashes are int8's of the 64-bit value, frozen across versions (Citus relies on it).
SELECT deal.efi_hash('{falls,diabetes}') = hashint8(576) AS same_hash,
       deal.efi_hash_extended('{falls,diabetes}', 42) = hashint8extended(576, 42) AS same_extended;
