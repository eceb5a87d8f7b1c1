-- deal.uprn: a domain over bigint, 1..999999999999, and its 12-digit form.
\set ECHO none
\i sql/setup.psql

SELECT u::deal.uprn AS uprn, deal.uprn_padded(u) AS padded
FROM (VALUES (1::bigint), (10023456), (100012345678), (999999999999)) AS v(u);
SELECT '000010023456'::deal.uprn AS from_padded_text;

SELECT value, error_of(format('SELECT %L::deal.uprn', value)) AS error
FROM (VALUES ('0'), ('-5'), ('1000000000000'), ('abc'), (''), ('12.5')) AS v(value);
SELECT error_of('SELECT deal.uprn_padded(0)') AS padded_zero;
SELECT deal.uprn_padded(NULL) AS null_is_null;

-- A column of UPRNs refuses bad values and keeps its constraint name.
CREATE TABLE households (uprn deal.uprn PRIMARY KEY, size int);
INSERT INTO households VALUES (10023456, 3), (100012345678, 1);
SELECT error_of('INSERT INTO households VALUES (0, 2)') AS zero_uprn;
SELECT deal.uprn_padded(uprn), size FROM households ORDER BY uprn;
DROP TABLE households;
