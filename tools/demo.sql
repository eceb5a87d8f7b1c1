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

\echo
\echo '== 5. A family network: who lives with whom, who is related, who is involved'
CREATE TABLE links (src_kind text, src_id bigint, dst_kind text, dst_id bigint, edge_kind text, during daterange);
INSERT INTO links VALUES
	('person', 1, 'person', 3, 'parent_of', NULL), ('person', 2, 'person', 3, 'parent_of', NULL),
	('person', 1, 'person', 4, 'parent_of', NULL), ('person', 2, 'person', 4, 'parent_of', '[2010-01-01,2022-06-01)'),
	('person', 1, 'household', 100, 'lives_at', NULL), ('person', 3, 'household', 100, 'lives_at', NULL),
	('person', 4, 'household', 100, 'lives_at', '[2015-01-01,2023-09-01)'),
	('person', 2, 'household', 101, 'lives_at', '[2022-06-01,)'),
	('person', 5, 'person', 1, 'parent_of', NULL), ('person', 4, 'household', 102, 'lives_at', '[2023-09-01,)'),
	('person', 5, 'household', 102, 'lives_at', NULL), ('person', 6, 'household', 103, 'lives_at', NULL),
	('worker', 10, 'person', 1, 'involved_with', NULL), ('worker', 10, 'person', 3, 'involved_with', NULL),
	('worker', 10, 'person', 4, 'involved_with', '[2021-01-01,2023-01-01)'),
	('worker', 11, 'person', 3, 'involved_with', NULL), ('worker', 12, 'person', 4, 'involved_with', '[2023-09-01,)'),
	('worker', 12, 'person', 5, 'involved_with', '[2023-09-01,)'), ('worker', 13, 'person', 6, 'involved_with', NULL),
	('worker', 12, 'person', 6, 'involved_with', NULL);
CREATE TABLE borough_graph AS
SELECT graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) AS g FROM links;
SELECT graph_nodes(g) AS nodes, graph_edges(g) AS links FROM borough_graph;

\echo
\echo '== 6. The team around each family, and the professional who already reaches most of it'
SELECT t.* FROM borough_graph, team_around_family(g, '{parent_of,lives_at}', '{involved_with}') t
ORDER BY professionals DESC;
\echo '   ... and as it was on 1 January 2022'
SELECT t.* FROM borough_graph, team_around_family(g, '{parent_of,lives_at}', '{involved_with}', '2022-01-01') t
ORDER BY professionals DESC;

\echo
\echo '== 7. How grandmother Eve (person 5) is linked to the worker who knows her grandson Cal'
SELECT p.* FROM borough_graph, shortest_path(g, 'person', 5, 'worker', 11) p;

\echo
\echo '== 8. The people who hold the family together'
SELECT a.* FROM borough_graph, articulation_points(g, '{parent_of,lives_at}') a;


\echo
\echo '== 9. Matching people to community assets: strengths first, with the reasons'
CREATE TABLE community_assets (id bigint, name text, offer profile, capacity int, lat float8, lon float8);
INSERT INTO community_assets VALUES
	(101, 'Pemberton debt and budgeting drop-in', 'debt, budgeting, benefits:0.7', 3, 53.536, -2.670),
	(102, 'Ince community garden', 'gardening, physical_activity:0.6, social_isolation:0.8, loneliness:0.7', 2, 53.539, -2.610),
	(103, 'Wigan Pier walking group', 'walking, physical_activity, loneliness:0.6', 1, 53.541, -2.640),
	(104, 'Hindley digital skills cafe', 'digital_skills, computers, work:0.5', 2, 53.535, -2.572),
	(105, 'Leigh singing for the brain', 'singing, music, dementia_support, loneliness:0.5', 1, 53.497, -2.518);
CREATE TABLE people (id bigint, name text, needs profile, interests profile, lat float8, lon float8);
INSERT INTO people VALUES
	(1, 'Ann', 'debt:0.9, loneliness:0.6', 'gardening, walking:0.5', 53.545, -2.632),
	(2, 'Bob', 'loneliness:0.8', 'walking, history:0.4', 53.550, -2.640),
	(3, 'Cath', 'digital_skills:0.7, work:0.6', 'computers:0.5, music', 53.530, -2.600),
	(4, 'Dev', 'dementia_support:0.9', 'singing, music', 53.500, -2.520),
	(5, 'Eve', 'debt:0.5, benefits:0.8', 'gardening:0.8', 53.538, -2.620);
CREATE TABLE asset_index AS SELECT asset_index_agg(id, offer, lat, lon) AS ix FROM community_assets;
SELECT p.name, a.name AS suggestion, round(t.score::numeric, 3) AS score
FROM people p, asset_index i, top_matches(i.ix, p.needs, p.interests, p.lat, p.lon, 2) t
JOIN community_assets a ON a.id = t.asset_id
ORDER BY p.id, t.score DESC;
\echo '   ... and why the garden suits Ann'
SELECT label, role, person_weight, asset_weight, round(contribution::numeric, 4) AS contribution
FROM people p, community_assets a,
     match_explain(p.needs, p.interests, a.offer, km(p.lat, p.lon, a.lat, a.lon))
WHERE p.name = 'Ann' AND a.id = 102;

\echo
\echo '== 10. Allocating the scarce places across everyone at once (the largest total, not first come)'
SELECT p.name, a.name AS place, round(x.score::numeric, 3) AS score
FROM allocate((
	SELECT candidates_agg(p.id, a.id, match_score(p.needs, p.interests, a.offer, km(p.lat, p.lon, a.lat, a.lon)), a.capacity)
	FROM people p, community_assets a WHERE a.offer && (p.needs + p.interests))) x
JOIN people p ON p.id = x.person_id JOIN community_assets a ON a.id = x.asset_id
ORDER BY p.id;

\pset format unaligned
\pset tuples_only on
\o :outdir/family.dot
SELECT to_dot(g) FROM borough_graph;
\o
