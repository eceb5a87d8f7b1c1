-- Binary I/O: COPY round trips, and binary input is validated as strictly as text input.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

CREATE TABLE ident_rows (nhs deal.nhs_number, postcode deal.postcode, uprn deal.uprn);
INSERT INTO ident_rows VALUES
	('943 476 5919', 'WN1 1AA', 10023456),
	('001 023 2133', 'GIR 0AA', 1),
	('401 023 2137', 'EC1A 1BB', 999999999999),
	(NULL, NULL, NULL);

CREATE TABLE ident_copy (LIKE ident_rows);
SELECT copy_binary('SELECT * FROM ident_rows', 'ident_copy');
SELECT (SELECT count(*) FROM ident_copy) AS copied,
       (SELECT count(*) FROM (SELECT * FROM ident_rows EXCEPT ALL SELECT * FROM ident_copy) d) AS lost,
       (SELECT count(*) FROM (SELECT * FROM ident_copy EXCEPT ALL SELECT * FROM ident_rows) d) AS changed;

-- The binary form is the int8 the value is held as: the number, the ordered encoding.
SELECT nhs, deal.nhs_number_send(nhs) AS nhs_binary, postcode, deal.postcode_send(postcode) AS postcode_binary
FROM ident_rows WHERE nhs IS NOT NULL ORDER BY nhs;

-- Bad binary input: int8 values that are not NHS numbers or postcodes are refused with 22P03.
CREATE TABLE nhs_only (nhs deal.nhs_number);
CREATE TABLE postcode_only (postcode deal.postcode);
SELECT value, error_of(format($$SELECT copy_binary('SELECT %s::bigint', 'nhs_only')$$, value)) AS nhs_binary_input
FROM (VALUES (9434765919), (9434765918), (1234567890), (-1), (10000000000)) AS v(value);
-- WN1 1AA's encoding, then 0, -1, 1, bits beyond the 36 used, unit letter 0 and first letter Q
WITH wn AS (SELECT ('x' || encode(deal.postcode_send('WN1 1AA'), 'hex'))::bit(64)::bigint AS code)
SELECT value, error_of(format($$SELECT copy_binary('SELECT %s::bigint', 'postcode_only')$$, value)) AS postcode_binary_input
FROM wn, LATERAL (VALUES (code), (0), (-1), (1), (code | (1::bigint << 40)), (code & ~31::bigint),
                         (code - (6::bigint << 31))) AS v(value);
SELECT nhs FROM nhs_only;
SELECT postcode FROM postcode_only;

-- Wrong lengths in binary input are refused too.
SELECT error_of($$SELECT copy_binary('SELECT 42::int4', 'nhs_only')$$) AS short_nhs,
       error_of($$SELECT copy_binary('SELECT 42::int4', 'postcode_only')$$) AS short_postcode,
       error_of($$SELECT copy_binary('SELECT ''\x00000002325b1a5f00''::bytea', 'nhs_only')$$) AS long_nhs;
