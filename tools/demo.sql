-- The Deal demo: what deal does, on a few rows shaped like a borough's own.
\pset footer off
\set QUIET on
CREATE EXTENSION deal;
SET search_path = public, deal;

\echo
\echo '== 1. A partner''s spreadsheet, as typed: which rows can be linked, and why not'
CREATE TABLE referrals_raw (row_no int, nhs_typed text, postcode_typed text, uprn_typed text);
INSERT INTO referrals_raw VALUES
	(1, '943 476 5919', 'wn1 1aa',  '10023456'),
	(2, '401-023-2137', 'WN2  4DD', '100012345678'),
	(3, '6541003238',   'wn5 9zz',  '10014567'),
	(9, '654 100 3238',  'WN11 AA',  '10014567'),
	(4, '943 476 5918', 'WN3 5HQ',  '10024519'),
	(5, '1234567890',   'WN12 1QA', '0'),
	(6, '999 000 0018', 'WN7 1AA',  '10029981'),
	(7, '0010232133',   'wn10 4ja', '10031117'),
	(8, '461 055 0346', 'WN10 4IA', '10045562');
SELECT row_no, nhs_typed, nhs_number_is_valid(nhs_typed) AS nhs_ok,
       postcode_typed, postcode_is_valid(postcode_typed) AS postcode_ok,
       CASE WHEN nhs_number_is_valid(nhs_typed)
            THEN nhs_number_is_placeholder(nhs_typed::nhs_number) END AS test_or_placeholder
FROM referrals_raw ORDER BY row_no;

\echo
\echo '== 2. The reason for each rejected value (the same text an INSERT would raise)'
CREATE FUNCTION pg_temp.reason(value text, type regtype) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	detail text;
BEGIN
	EXECUTE format('SELECT %L::%s', value, type);
	RETURN NULL;
EXCEPTION WHEN invalid_text_representation THEN
	GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
	RETURN detail;
END
$$;
SELECT row_no, 'NHS number' AS field, nhs_typed AS typed, pg_temp.reason(nhs_typed, 'nhs_number') AS reason
FROM referrals_raw WHERE NOT nhs_number_is_valid(nhs_typed)
UNION ALL
SELECT row_no, 'postcode', postcode_typed, pg_temp.reason(postcode_typed, 'postcode')
FROM referrals_raw WHERE NOT postcode_is_valid(postcode_typed)
ORDER BY row_no, field;

\echo
\echo '== 3. The clean rows, normalised and typed; sorted in natural postcode order (WN2 before WN10)'
CREATE TABLE residents (
	nhs nhs_number PRIMARY KEY,
	postcode postcode NOT NULL,
	uprn uprn NOT NULL
);
INSERT INTO residents
SELECT nhs_typed::nhs_number, postcode_typed::postcode, uprn_typed::bigint
FROM referrals_raw
WHERE nhs_number_is_valid(nhs_typed) AND postcode_is_valid(postcode_typed)
  AND NOT nhs_number_is_placeholder(nhs_typed::nhs_number);
SELECT nhs, postcode, postcode_sector(postcode) AS sector, postcode_area(postcode) AS area,
       uprn_padded(uprn) AS uprn
FROM residents ORDER BY postcode;

\echo
\echo '== 4. Joining the GP register to council cases on a keyed pseudonym, not the NHS number'
CREATE TABLE pseudonym_key (key bytea NOT NULL);
INSERT INTO pseudonym_key VALUES (decode('6b6579206b65707420627920746865206461746120677561726469616e', 'hex'));
CREATE TABLE council_cases (nhs_text text, case_type text);
INSERT INTO council_cases VALUES ('9434765919', 'housing repair'), ('4010232137', 'debt advice'),
	('6541003238', 'carer assessment');
CREATE VIEW gp_pseudonymised AS
SELECT pseudonym(r.nhs, k.key) AS person, postcode_district(r.postcode) AS district FROM residents r, pseudonym_key k;
CREATE VIEW council_pseudonymised AS
SELECT pseudonym(c.nhs_text, k.key) AS person, c.case_type FROM council_cases c, pseudonym_key k;
SELECT left(g.person, 16) || '…' AS person, g.district, c.case_type
FROM gp_pseudonymised g JOIN council_pseudonymised c USING (person) ORDER BY g.district;
\echo
