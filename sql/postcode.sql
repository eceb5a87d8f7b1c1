-- deal.postcode: normalisation, BS 7666 rules, parts, natural order and indexes.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- Every shape of DOMAIN.md, normalised; GIR 0AA is the one exception to the rules.
SELECT input, input::deal.postcode AS postcode, deal.postcode_is_valid(input) AS is_valid
FROM (VALUES ('M1 1AE'), ('B33 8TH'), ('W1A 0AX'), ('CR2 6XH'), ('DN55 1PT'), ('EC1A 1BB'),
             ('wn11aa'), ('  Wn1   1aA  '), (E'WN1\t1AA'), ('GIR 0AA'), ('gir0aa'), ('BL0 9AA')) AS v(input);

-- Every malformed shape and broken rule: 22P02 with the reason; is_valid never errors.
SELECT input, error_of(format('SELECT %L::deal.postcode', input)) AS error,
       deal.postcode_is_valid(input) AS is_valid
FROM (VALUES (''), ('WN1'), ('WN1 1A'), ('WN11 11AA'), ('WN11 AA'), ('W N1 1AA'), ('WN1-1AA'),
             ('WN1 AAA'), ('1WN 1AA'), ('WNA1 1AA'), ('WN01 1AA'), ('Q1 1AA'), ('VA1 1AA'),
             ('XW1 1AA'), ('AI1 1AA'), ('WJ1 1AA'), ('WZ1 1AA'), ('W1I 1AA'), ('W1L 1AA'),
             ('EC1C 1BB'), ('EC1D 1BB'), ('WN1 1AC'), ('WN1 1IA'), ('WN1 1AK'), ('WN1 1MA'),
             ('WN1 1AO'), ('WN1 1VA'), ('GIR 1AA'), ('WN1 1AA!'), ('ÉC1A 1BB')) AS v(input);
SELECT deal.postcode_is_valid(NULL) AS null_is_null;

-- The parts.
SELECT p, deal.postcode_area(p) AS area, deal.postcode_district(p) AS district,
       deal.postcode_sector(p) AS sector, deal.postcode_outward(p) AS outward,
       deal.postcode_inward(p) AS inward
FROM (VALUES ('WN1 1AA'::deal.postcode), ('EC1A 1BB'), ('M60 2LA'), ('GIR 0AA'), ('W1A 0AX')) AS v(p);

-- Natural order: area, then district number (WN2 before WN10), then the rest.
SELECT p FROM (VALUES ('WN10 1AA'::deal.postcode), ('WN2 1AA'), ('WN1 1AB'), ('WN1 1AA'),
                      ('WN1 2AA'), ('W1A 1AA'), ('W1 1AA'), ('W2 1AA'), ('WA1 1AA'), ('B1 1AA'),
                      ('BA1 1AA'), ('B10 1AA'), ('GIR 0AA'), ('GL1 1AA'), ('G1 1AA')) AS v(p)
ORDER BY p;
SELECT 'WN2 1AA'::deal.postcode < 'WN10 1AA' AS wn2_before_wn10,
       'wn1 1aa'::deal.postcode = 'WN11AA' AS normalised_equal,
       'WN1 1AA'::deal.postcode <> 'WN1 1AB' AS ne,
       'WN1 1AA'::deal.postcode <= 'WN1 1AA' AS le,
       'WN10 1AA'::deal.postcode > 'WN9 9ZZ' AS gt,
       'WN1 1AA'::deal.postcode >= 'WN1 1AB' AS ge;

-- Casts.
SELECT 'wn1 1aa'::text::deal.postcode AS from_text, 'WN1 1AA'::deal.postcode::text AS to_text,
       error_of($$SELECT 'WN1 1AA'::deal.postcode::bigint$$) AS no_bigint_cast;

-- A table of postcodes, indexed with btree and hash: index scans return exactly the rows a
-- sequential scan returns.
CREATE TABLE addresses AS
SELECT row_number() OVER () AS id, format('WN%s %s%s%s', d, s, u1, u2)::deal.postcode AS postcode
FROM generate_series(1, 12) AS d, generate_series(0, 9, 3) AS s,
     unnest(ARRAY['A', 'B', 'D', 'E', 'F']) AS u1, unnest(ARRAY['A', 'H', 'X', 'Z']) AS u2;
INSERT INTO addresses (id, postcode) SELECT id + 10000, postcode FROM addresses WHERE id % 5 = 0;
SELECT count(*) AS addresses, count(DISTINCT postcode) AS postcodes FROM addresses;
ANALYZE addresses;

CREATE VIEW postcode_queries AS
SELECT 'eq' AS q, array_agg(id ORDER BY id) AS ids FROM addresses WHERE postcode = 'WN10 3BH'
UNION ALL
SELECT 'range', array_agg(id ORDER BY id) FROM addresses WHERE postcode BETWEEN 'WN2 0AA' AND 'WN10 9ZZ'
UNION ALL
SELECT 'gt', array_agg(id ORDER BY id) FROM addresses WHERE postcode > 'WN11 6FZ';
CREATE TEMP TABLE postcode_seq AS SELECT * FROM postcode_queries;

CREATE INDEX addresses_btree ON addresses (postcode);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SET enable_hashagg = off;
SET max_parallel_workers_per_gather = 0;	-- serial plans, whatever the session's settings
EXPLAIN (COSTS OFF) SELECT * FROM postcode_queries;
SELECT q, i.ids = s.ids AS same_rows, cardinality(s.ids) AS n
FROM postcode_queries i JOIN postcode_seq s USING (q) ORDER BY q;
DROP INDEX addresses_btree;
CREATE INDEX addresses_hash ON addresses USING hash (postcode);
EXPLAIN (COSTS OFF) SELECT id FROM addresses WHERE postcode = 'WN10 3BH';
SELECT i.ids = s.ids AS hash_same_rows
FROM postcode_queries i JOIN postcode_seq s USING (q) WHERE q = 'eq';
RESET enable_seqscan;
RESET enable_bitmapscan;
RESET enable_hashagg;
RESET max_parallel_workers_per_gather;

-- Grouping by district, as an analyst would, in natural order.
SELECT deal.postcode_district(postcode) AS district, count(*)
FROM addresses GROUP BY 1 ORDER BY min(postcode) LIMIT 4;
SET enable_mergejoin = off;
SELECT count(*) AS hash_join FROM addresses a JOIN addresses b USING (postcode);
RESET enable_mergejoin;
SET enable_hashjoin = off;
SELECT count(*) AS merge_join FROM addresses a JOIN addresses b USING (postcode);
RESET enable_hashjoin;
SELECT min(postcode), max(postcode) FROM addresses;
