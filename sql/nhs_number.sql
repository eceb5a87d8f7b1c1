-- deal.nhs_number: input, output, validation, casts, operators and indexes.
\set ECHO none
\i sql/setup.psql

-- Operators are found through the search path, as for any extension in its own schema.
SET search_path = public, deal;

-- The vectors of DOMAIN.md and the accepted spellings.
SELECT input, error_of(format('SELECT %L::deal.nhs_number', input)) AS result,
       deal.nhs_number_is_valid(input) AS is_valid
FROM (VALUES ('9434765919'), ('4010232137'), ('6541003238'), ('943 476 5919'),
             ('943-476-5919'), ('  943 476 5919  '), ('0000000000')) AS v(input);
SELECT '9434765919'::deal.nhs_number AS nhs, '0010232133'::deal.nhs_number AS leading_zeros;

-- Every malformed shape: 22P02 with a detail saying why; is_valid says false and never errors.
SELECT input, error_of(format('SELECT %L::deal.nhs_number', input)) AS error,
       deal.nhs_number_is_valid(input) AS is_valid
FROM (VALUES ('9434765918'), ('1234567890'), ('1234567891'), ('123456789'), ('94347659190'),
             (''), ('   '), ('943x765919'), ('943.476.5919'), ('943  476 5919'),
             ('-9434765919'), ('9434765919-'), ('943 -476 5919'), ('+449434765919'),
             (E'943\t476\t5919'), ('９４３４７６５９１９')) AS v(input);
SELECT deal.nhs_number_is_valid(NULL) AS null_is_null;

-- Output: always ten digits, 3-3-4.
SELECT n::deal.nhs_number AS nhs, n::deal.nhs_number::text AS as_text
FROM (VALUES ('0000000000'), ('0010232133'), ('4010232137'), ('9999999999')) AS v(n);

-- Casts to and from bigint: the bigint cast validates with 22023.
SELECT 9434765919::deal.nhs_number AS from_bigint, '943 476 5919'::deal.nhs_number::bigint AS to_bigint,
       deal.nhs_number(4010232137) AS by_function;
SELECT value, error_of(format('SELECT (%s)::bigint::deal.nhs_number', value)) AS error
FROM (VALUES (9434765918), (-1), (10000000000), (1234567890),
             (-9223372036854775808), (9223372036854775807)) AS v(value);
SELECT error_of('SELECT 9434765919::deal.nhs_number::int4') AS no_int4_cast;

-- Placeholders and the test range: valid numbers, flagged separately.
SELECT n::deal.nhs_number AS nhs, deal.nhs_number_is_placeholder(n::deal.nhs_number) AS placeholder
FROM (VALUES ('0000000000'), ('1111111111'), ('9999999999'), ('9990000018'), ('9434765919'),
             ('4010232137')) AS v(n);

-- Operators.
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge
FROM (VALUES ('4010232137'::deal.nhs_number, '9434765919'::deal.nhs_number),
             ('9434765919', '943 476 5919'),
             ('9434765919', '0010232133')) AS v(a, b);

-- A table of valid numbers, indexed with btree and hash: index scans return exactly the rows
-- a sequential scan returns.
CREATE TABLE nhs_people AS
SELECT row_number() OVER () AS id, deal.nhs_number(x) AS nhs
FROM generate_series(400000000, 400002000) AS s, generate_series(0, 9) AS c,
     LATERAL (SELECT s::bigint * 10 + c AS x) AS l
WHERE deal.nhs_number_is_valid(lpad(x::text, 10, '0'));
INSERT INTO nhs_people (id, nhs) SELECT id + 100000, nhs FROM nhs_people WHERE id % 7 = 0;
SELECT count(*) AS people, count(DISTINCT nhs) AS numbers FROM nhs_people;
ANALYZE nhs_people;

-- The same queries through a sequential scan, then through each index.
CREATE VIEW nhs_queries AS
SELECT 'eq' AS q, array_agg(id ORDER BY id) AS ids FROM nhs_people WHERE nhs = '400 000 0039'
UNION ALL
SELECT 'range', array_agg(id ORDER BY id) FROM nhs_people WHERE nhs BETWEEN '400 000 0306' AND '400 000 5006'
UNION ALL
SELECT 'lt', array_agg(id ORDER BY id) FROM nhs_people WHERE nhs < '400 000 0314';
CREATE TEMP TABLE seq_results AS SELECT * FROM nhs_queries;

CREATE INDEX nhs_people_btree ON nhs_people (nhs);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SET enable_hashagg = off;
SET max_parallel_workers_per_gather = 0;	-- serial plans, whatever the session's settings

EXPLAIN (COSTS OFF) SELECT * FROM nhs_queries;
SELECT q, i.ids = s.ids AS same_rows, cardinality(s.ids) AS n
FROM nhs_queries i JOIN seq_results s USING (q) ORDER BY q;
-- a hash index serves equality
DROP INDEX nhs_people_btree;
CREATE INDEX nhs_people_hash ON nhs_people USING hash (nhs);
EXPLAIN (COSTS OFF) SELECT id FROM nhs_people WHERE nhs = '400 000 0039';
SELECT i.ids = s.ids AS hash_same_rows
FROM nhs_queries i JOIN seq_results s USING (q) WHERE q = 'eq';
RESET enable_seqscan;
RESET enable_bitmapscan;
RESET enable_hashagg;
RESET max_parallel_workers_per_gather;

-- Hash joins, merge joins, DISTINCT and GROUP BY all work on the type.
SET enable_mergejoin = off;
SELECT count(*) AS hash_join FROM nhs_people a JOIN nhs_people b USING (nhs);
RESET enable_mergejoin;
SET enable_hashjoin = off;
SELECT count(*) AS merge_join FROM nhs_people a JOIN nhs_people b USING (nhs);
RESET enable_hashjoin;
SELECT min(nhs), max(nhs) FROM nhs_people;
SELECT count(*) AS distinct_numbers FROM (SELECT DISTINCT nhs FROM nhs_people) d;
SELECT nhs, count(*) FROM nhs_people GROUP BY nhs HAVING count(*) > 1 ORDER BY nhs LIMIT 3;

-- The hash is int8's, so it is stable across versions and platforms (Citus relies on it).
SELECT deal.nhs_number_hash('9434765919') = hashint8(9434765919) AS same_hash,
       deal.nhs_number_hash_extended('9434765919', 42) = hashint8extended(9434765919, 42) AS same_extended;

-- A unique constraint catches the same number written two ways.
CREATE TABLE nhs_unique (nhs deal.nhs_number PRIMARY KEY);
INSERT INTO nhs_unique VALUES ('943 476 5919');
SELECT error_of($$INSERT INTO nhs_unique VALUES ('943-476-5919')$$) AS duplicate;
DROP TABLE nhs_unique;
