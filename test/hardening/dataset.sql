-- test/hardening/dataset.sql: a small demo borough (deal.generate_borough, into schema
-- borough) and, in schema public, tables over it with every deal type in columns, for the
-- hardening checks (sqlsmith, dump and restore, pgbench).  psql variable residents: the
-- borough's size (default 5000).  Deterministic: the same rows on every run (seed 1).
-- Needs deal installed in the database; the caller must be allowed to create schema borough.
\if :{?residents}
\else
\set residents 5000
\endif
SET client_min_messages = warning;
SELECT * FROM deal.generate_borough('borough', :residents, 1) \g /dev/null

-- One row per resident: identifiers, profiles, frailty from the coded records, the latest
-- admission's LACE inputs, whether any admission was followed by a readmission (outcome);
-- area is the resident's cluster, folded to ten areas.
CREATE TABLE people AS
WITH frailty AS (
	SELECT e.person_id, deal.efi(array_agg(DISTINCT m.deficit)) AS frailty
	FROM borough.coded_events e JOIN borough.efi_code_map m USING (code)
	GROUP BY e.person_id
),
latest AS (
	SELECT DISTINCT ON (person_id) person_id, los_days, acute, comorbidities, ed_visits_6m,
		   bool_or(readmitted_30d) OVER (PARTITION BY person_id) AS readmitted
	FROM borough.admissions ORDER BY person_id, admitted DESC, id DESC
)
SELECT p.id, p.nhs_number AS nhs, p.postcode AS home, p.uprn, p.needs, p.interests, p.offers,
	   coalesce(f.frailty, deal.efi('{}')) AS frailty, p.lat, p.lon, p.age,
	   coalesce(l.los_days, 0) AS los_days, coalesce(l.acute, false) AS acute,
	   coalesce(l.ed_visits_6m, 0) AS ed_visits, coalesce(l.comorbidities, '{}') AS conditions,
	   coalesce(h.dependent_children, false) AS children,
	   coalesce(l.readmitted, false) AS outcome,
	   (p.cluster_id % 10)::int AS area
FROM borough.people p
LEFT JOIN frailty f ON f.person_id = p.id
LEFT JOIN latest l ON l.person_id = p.id
LEFT JOIN borough.households h ON h.uprn = p.uprn;
ALTER TABLE people ADD PRIMARY KEY (id);

-- The community assets, dealt out among the ten areas so that each has some.
CREATE TABLE assets AS
SELECT a.id::bigint AS id, a.name, a.offer, a.lat, a.lon, a.capacity, a.id % 10 AS area
FROM borough.assets a;
ALTER TABLE assets ADD PRIMARY KEY (id);

-- The borough's links (lives_at, parent_of, partner_of, involved_with), each in the area of
-- the resident it starts from, or for a professional the resident it reaches.
CREATE TABLE links AS
SELECT l.*, p.area
FROM borough.links l
JOIN people p ON p.id = CASE WHEN l.src_kind = 'person' THEN l.src_id ELSE l.dst_id END;

CREATE TABLE events AS
SELECT e.person_id, e.service, e.at AS ts FROM borough.emergency_contacts e;

-- Stored values of every type, one row per area, and a resident and a professional of the
-- area for the graph readers.
CREATE TABLE stored AS
SELECT a.area,
	   (SELECT min(id) FROM people p WHERE p.area = a.area) AS person,
	   (SELECT min(src_id) FROM links l WHERE l.area = a.area AND l.src_kind = 'professional') AS professional,
	   (SELECT deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during)
		FROM links l WHERE l.area = a.area) AS g,
	   (SELECT deal.asset_index_agg(id, offer, lat, lon) FROM assets s WHERE s.area = a.area) AS ix,
	   (SELECT deal.candidates_agg(p.id, s.id, deal.match_score(p.needs, p.interests, s.offer), s.capacity)
		FROM people p JOIN assets s ON s.area = p.area WHERE p.area = a.area) AS cands,
	   (SELECT deal.union_agg(needs) FROM people p WHERE p.area = a.area) AS needs,
	   (SELECT deal.efi_agg(frailty) FROM people p WHERE p.area = a.area) AS frail,
	   (SELECT deal.min(nhs) FROM people p WHERE p.area = a.area) AS lead,
	   (SELECT deal.min(home) FROM people p WHERE p.area = a.area) AS office,
	   deal.profile(ARRAY['_intercept', 'debt', 'housing', 'falls'],
					ARRAY[-1.5 + a.area / 10.0, 0.8, 0.5, 1.2]) AS model
FROM (SELECT DISTINCT area FROM people) a;
ALTER TABLE stored ADD PRIMARY KEY (area);
ANALYZE people, assets, links, events, stored;
