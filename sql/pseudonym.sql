-- deal.pseudonym: keyed HMAC-SHA256.
\set ECHO none
\i sql/setup.psql

-- RFC 4231 test cases 1 and 6 (keys of 20 and 131 bytes).
SELECT deal.pseudonym('Hi There', decode(repeat('0b', 20), 'hex'))
       = 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' AS rfc4231_case1,
       deal.pseudonym('Test Using Larger Than Block-Size Key - Hash Key First', decode(repeat('aa', 131), 'hex'))
       = '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54' AS rfc4231_case6;

-- Deterministic for one key, different under another; 64 hex digits.
SELECT deal.pseudonym('943 476 5919'::deal.nhs_number, 'partnership-key-2026') AS nhs_pseudonym;
SELECT deal.pseudonym('943 476 5919'::deal.nhs_number, 'partnership-key-2026')
       = deal.pseudonym('9434765919'::deal.nhs_number, 'partnership-key-2026') AS same_key_same_pseudonym,
       deal.pseudonym('943 476 5919'::deal.nhs_number, 'partnership-key-2026')
       <> deal.pseudonym('943 476 5919'::deal.nhs_number, 'partnership-key-2027') AS other_key_other_pseudonym,
       deal.pseudonym('943 476 5919'::deal.nhs_number, 'partnership-key-2026')
       = deal.pseudonym('9434765919'::text, 'partnership-key-2026') AS nhs_joins_with_bare_digits,
       length(deal.pseudonym('x', 'partnership-key-2026')) AS hex_length;

-- Keys too short to resist guessing are refused with 22023; NULLs give NULL.
SELECT error_of($$SELECT deal.pseudonym('x', ''::bytea)$$) AS empty_key,
       error_of($$SELECT deal.pseudonym('x', 'fifteen bytes!!'::bytea)$$) AS short_key;
SELECT deal.pseudonym(NULL::text, 'partnership-key-2026') IS NULL AS null_value,
       deal.pseudonym('x', NULL) IS NULL AS null_key;

-- Two partners' tables joined on the pseudonym, without either identifier shown.
CREATE TABLE gp_register (nhs deal.nhs_number, practice text);
CREATE TABLE council_cases (nhs_text text, case_type text);
INSERT INTO gp_register VALUES ('943 476 5919', 'Pemberton Surgery'), ('401 023 2137', 'Ince Clinic');
INSERT INTO council_cases VALUES ('9434765919', 'housing'), ('6541003238', 'debt');
WITH k AS (SELECT 'partnership-key-2026'::bytea AS key)
SELECT g.practice, c.case_type
FROM gp_register g, council_cases c, k
WHERE deal.pseudonym(g.nhs, k.key) = deal.pseudonym(c.nhs_text::deal.nhs_number, k.key);
DROP TABLE gp_register, council_cases;
