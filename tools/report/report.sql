-- The Deal report: what deal does for a whole borough, section by section, on a borough made by
-- deal.generate_borough.  Run by tools/demo:
--
--   psql -X -v schema=borough -v outdir=/path/to/folder [-v generated_in=SECONDS] -f tools/report/report.sql
--
-- It prints the report (each section headed, with how long it took) and writes, into outdir, the
-- data the pictures are drawn from: family.dot (deal.to_dot of one family, decorated with who is
-- who), pyramid.json, needs.json and timings.json.  Everything is ordered, ties broken by ids, so
-- the same borough gives the same report, timings apart.  Nothing is written to the borough's
-- schema: the report's own tables are temporary.
\set ON_ERROR_STOP on
\set QUIET on
\pset footer off
\pset null ''
SET search_path = :"schema", public, deal;
SET TimeZone = 'Europe/London';
SET client_min_messages = warning;
SET DateStyle = 'ISO, DMY';
CREATE TEMP TABLE report_timings (n serial, section text, seconds float8);
-- tools/demo passes how long generating the borough took, so that the timings list it too
\if :{?generated_in}
INSERT INTO report_timings (section, seconds) VALUES ('0. Generating the borough', :'generated_in');
\endif
SELECT as_of, seed, residents AS borough_residents FROM borough \gset
SELECT CASE WHEN extract(month FROM date :'as_of') >= 4 THEN extract(year FROM date :'as_of') ELSE extract(year FROM date :'as_of') - 1 END AS fy \gset

-- A JSON file in the output folder: \set jsonfile then \ir json.psql runs the query in report_json.
\set family_kinds '{parent_of,partner_of,lives_at}'

-------------------------------------------------------------------------------------------------
\set title '1. The borough'
\ir begin.psql
SELECT to_char(count(*), 'FM999,999') AS residents,
       to_char((SELECT count(*) FROM households), 'FM999,999') AS households,
       (SELECT count(*) FROM footprints) AS footprints, (SELECT count(*) FROM clusters) AS clusters,
       (SELECT count(*) FROM gp_practices) AS gp_practices,
       to_char((SELECT count(*) FROM professionals), 'FM999,999') AS professionals,
       (SELECT count(*) FROM assets) AS community_assets,
       to_char((SELECT sum(capacity) FROM assets), 'FM999,999') AS places,
       :'as_of' AS as_of, :seed AS seed
FROM residents;
\ir end.psql

-------------------------------------------------------------------------------------------------
\set title '2. Families with the most professionals involved, their natural lead, who holds them together'
\ir begin.psql
-- one graph of the whole borough: people, homes, relatives, professionals, each link with its dates
CREATE TEMP TABLE borough_graph AS
SELECT deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) AS g FROM links;
-- every family (people linked by home, parenthood or partnership on the borough's day), its team
-- of professionals, and the one already reaching the most of its members
CREATE TEMP TABLE teams AS
SELECT t.* FROM borough_graph, deal.team_around_family(g, :'family_kinds', '{involved_with}', :'as_of') t;
CREATE TEMP TABLE family_of AS
SELECT c.* FROM borough_graph, deal.components(g, :'family_kinds', :'as_of') c;
SELECT to_char(graph_nodes(g), 'FM999,999') AS nodes, to_char(graph_edges(g), 'FM999,999') AS links,
       (SELECT to_char(count(*), 'FM999,999') FROM teams) AS families,
       (SELECT to_char(count(*), 'FM999,999') FROM teams WHERE professionals >= 1) AS known_to_a_professional,
       (SELECT to_char(count(*), 'FM999,999') FROM teams WHERE professionals >= 8) AS known_to_8_or_more,
       (SELECT max(professionals) FROM teams) AS most
FROM borough_graph;

CREATE TEMP TABLE top_families AS
SELECT row_number() OVER (ORDER BY professionals DESC, members DESC, component) AS rank, t.*
FROM teams t ORDER BY professionals DESC, members DESC, component LIMIT 10;
-- who holds each of them together: the people whose removal would leave some of the others no longer
-- linked, by kinship or a shared home.  A home only one of them lives in links no one to anyone (it
-- would make everyone living alone a cut point), so deal.articulation_points reads the families'
-- links without those homes.
CREATE TEMP TABLE top_family_nodes AS
SELECT f.rank, c.node_kind, c.node_id FROM top_families f JOIN family_of c USING (component);
CREATE TEMP TABLE top_family_links AS
SELECT l.* FROM links l
WHERE l.edge_kind = ANY (:'family_kinds') AND (l.during IS NULL OR l.during @> date :'as_of')
  AND (l.src_kind, l.src_id) IN (SELECT node_kind, node_id FROM top_family_nodes)
  AND (l.dst_kind, l.dst_id) IN (SELECT node_kind, node_id FROM top_family_nodes);
DELETE FROM top_family_links l
WHERE l.edge_kind = 'lives_at' AND (SELECT count(*) FROM top_family_links s WHERE s.edge_kind = 'lives_at' AND s.dst_id = l.dst_id) < 2;
CREATE TEMP TABLE holders AS
SELECT a.* FROM deal.articulation_points((SELECT deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during)
                                          FROM top_family_links)) a;
CREATE TEMP TABLE top_family_people AS
SELECT f.rank, f.component, p.id, p.age, p.sex, EXISTS (SELECT FROM holders h WHERE h.node_kind = 'person' AND h.node_id = p.id) AS holds
FROM top_families f JOIN family_of c USING (component) JOIN people p ON c.node_kind = 'person' AND p.id = c.node_id;
-- the professionals of each top family on the borough's day (as team_around_family counts them)
CREATE TEMP TABLE top_family_team AS
SELECT DISTINCT fp.rank, i.professional_id, pr.agency, pr.role, i.key_worker
FROM top_family_people fp JOIN involvements i ON i.person_id = fp.id AND i.during @> date :'as_of'
JOIN professionals pr ON pr.id = i.professional_id;
SELECT f.rank, f.component AS family,
       (SELECT count(*) FROM top_family_people p WHERE p.rank = f.rank) AS people,
       f.members - (SELECT count(*) FROM top_family_people p WHERE p.rank = f.rank) AS homes,
       f.professionals,
       (SELECT count(DISTINCT agency) FROM top_family_team t WHERE t.rank = f.rank) AS agencies,
       format('%s %s (%s)', pr.role, pr.id, a.name) AS natural_lead,
       format('%s of %s', f.lead_reach, (SELECT count(*) FROM top_family_people p WHERE p.rank = f.rank)) AS reaches,
       coalesce((SELECT string_agg(format('%s (%s, %s)', p.id, p.sex, p.age), ', ' ORDER BY p.id)
                 FROM top_family_people p WHERE p.rank = f.rank AND p.holds), 'no single person') AS held_together_by
FROM top_families f JOIN professionals pr ON pr.id = f.lead_id JOIN agencies a ON a.code = pr.agency
ORDER BY f.rank;
\echo 'people: its residents; homes: the households they live in; natural lead: the professional who already'
\echo 'works with the most of its members (reaches); held together by: the residents without whom some of the'
\echo 'others would no longer be linked by kinship or a shared home (deal.articulation_points), with sex and age.'

-- the picture: the first family, its homes and its professionals, as deal.to_dot draws them, with
-- each node named for a reader and the lead and the people holding the family together marked
CREATE TEMP TABLE picture_nodes AS
SELECT 'person'::text AS kind, p.id,
       format('person %s\n%s, %s', p.id, CASE p.sex WHEN 'F' THEN 'female' WHEN 'M' THEN 'male' ELSE p.sex END, p.age) AS label,
       p.holds AS holds, false AS lead
FROM top_family_people p WHERE p.rank = 1
UNION ALL
SELECT 'household', c.node_id, format('home %s\n%s', c.node_id, replace(h.household_type, '_', ' ')),
       EXISTS (SELECT FROM holders x WHERE x.node_kind = 'household' AND x.node_id = c.node_id), false
FROM top_families f JOIN family_of c USING (component) JOIN households h ON h.uprn = c.node_id
WHERE f.rank = 1 AND c.node_kind = 'household'
UNION ALL
SELECT 'professional', t.professional_id, format('%s %s\n%s', t.role, t.professional_id, a.name)
       || CASE WHEN t.key_worker THEN '\nkey worker' ELSE '' END,
       false, t.professional_id = f.lead_id
FROM top_family_team t JOIN agencies a ON a.code = t.agency JOIN top_families f USING (rank) WHERE t.rank = 1;
\set dotfile :outdir/family.dot
\pset format unaligned
\pset tuples_only on
\o :dotfile
SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(deal.to_dot(g), '\}\s*$', ''),
         '\[label="involved_with"\]', '[label="involved_with", color="#8a9499", fontcolor="#6b7479"]', 'g'),
         '\[label="lives_at"\]', '[label="lives_at", color="#c27c2c", fontcolor="#a0651f"]', 'g'),
         '\[label="parent_of"\]', '[label="parent_of", color="#1f5f99", fontcolor="#1f5f99", penwidth=1.6]', 'g'),
         '\[label="partner_of"\]', '[label="partner_of", color="#7d3c98", fontcolor="#7d3c98", penwidth=1.6]', 'g')
       || format(E'  graph [label="The family with the most professionals involved (family %s) on %s: %s people in %s homes, %s professionals from %s agencies.\\nThick red border: who holds the family together (deal.articulation_points). Thick blue border: the natural lead (deal.team_around_family), working with %s of them. People: blue ellipses; homes: orange; professionals: green.", labelloc=t, fontname="Helvetica", fontsize=16, rankdir=LR, nodesep=0.25, ranksep=0.9, pad=0.3];\n',
                 f.component, to_char(date :'as_of', 'FMDD FMMonth YYYY'),
                 (SELECT count(*) FROM picture_nodes WHERE kind = 'person'), (SELECT count(*) FROM picture_nodes WHERE kind = 'household'),
                 f.professionals, (SELECT count(DISTINCT agency) FROM top_family_team WHERE rank = 1), f.lead_reach)
       || (SELECT string_agg(format(E'  "%s:%s" [label="%s"%s%s];\n', n.kind, n.id, n.label,
                                     CASE n.kind WHEN 'person' THEN ', shape=ellipse' WHEN 'household' THEN ', shape=house' ELSE '' END,
                                     CASE WHEN n.holds THEN ', penwidth=3.5, color="#c0392b"' WHEN n.lead THEN ', penwidth=3.5, color="#1f5f99"' ELSE '' END),
                             '' ORDER BY n.kind, n.id) FROM picture_nodes n)
       || E'}\n'
FROM top_families f
-- only the edges of this family and its team, valid on the borough's day
CROSS JOIN LATERAL (SELECT deal.graph_agg(l.src_kind, l.src_id, l.dst_kind, l.dst_id, l.edge_kind, l.during) AS g
                    FROM links l
                    WHERE (l.during IS NULL OR l.during @> date :'as_of')
                      AND (l.src_kind, l.src_id) IN (SELECT kind, id FROM picture_nodes)
                      AND (l.dst_kind, l.dst_id) IN (SELECT kind, id FROM picture_nodes)) fg
WHERE f.rank = 1;
\o
\pset format aligned
\pset tuples_only off
\ir end.psql

-------------------------------------------------------------------------------------------------
\set title '3. The risk pyramid: frailty (eFI) of the over-65s'
\ir begin.psql
-- everyone's eFI: coded deficits through the borough's own code map, polypharmacy from medicines
CREATE TEMP TABLE frailty AS
SELECT p.id AS person_id, p.age, deal.efi_agg(d.deficit) AS efi
FROM people p
LEFT JOIN (SELECT e.person_id, m.deficit FROM coded_events e JOIN efi_code_map m USING (code)
           UNION ALL
           SELECT person_id, 'polypharmacy' FROM medications
           WHERE regular AND last_issued > date :'as_of' - 365
           GROUP BY person_id HAVING count(DISTINCT medicine) >= 5) d ON d.person_id = p.id
GROUP BY p.id, p.age;
CREATE UNIQUE INDEX ON frailty (person_id);
-- who had an emergency admission in the last year, to show what goes with each category
CREATE TEMP TABLE admitted_last_year AS
SELECT DISTINCT person_id FROM admissions WHERE acute AND admitted >= date :'as_of' - 365 AND admitted < date :'as_of' + 1;
CREATE TEMP TABLE efi_pyramid AS
SELECT deal.efi_category(f.efi) AS category, min(deal.efi_count(f.efi)) AS fewest, max(deal.efi_count(f.efi)) AS most,
       count(*) AS people, 100.0 * count(*) / sum(count(*)) OVER () AS percent,
       100.0 * count(a.person_id) / count(*) AS admitted_percent
FROM frailty f LEFT JOIN admitted_last_year a USING (person_id)
WHERE f.age >= 65 GROUP BY 1;
SELECT category, fewest || '-' || most AS deficits, to_char(people, 'FM999,999') AS people, round(percent, 1) AS percent,
       CASE category WHEN 'fit' THEN 50 WHEN 'mild' THEN 35 WHEN 'moderate' THEN 12 ELSE 3 END AS expected_percent,
       round(admitted_percent, 1) AS emergency_admission_last_year_percent
FROM efi_pyramid ORDER BY fewest;
\echo 'expected: Clegg et al. 2016 (about 50/35/12/3%). The last column, from the borough''s own admissions in the'
\echo 'year to its date: each step up the pyramid, more were admitted as an emergency (the same year''s records, so'
\echo 'this shows what goes with frailty, not a forecast).'
\ir end.psql

-------------------------------------------------------------------------------------------------
\set title '4. The risk pyramid: 30-day readmission, a model fitted on the borough and checked on held-back patients'
\ir begin.psql
-- one row per admission with a known outcome: what was known at discharge, as a profile
CREATE TEMP TABLE admission_features AS
SELECT a.id, a.person_id, a.admitted, a.readmitted_30d,
       -- a fixed 70/30 split of patients by a hash of their id, so the held-back patients are never seen by the fit
       deal.uniform(2025, 30, a.person_id) < 0.7 AS training,
       deal.profile(ARRAY['age_decades', 'efi', 'prior_admissions', 'l', 'a', 'c', 'e'],
                    ARRAY[date_part('year', age(a.admitted, p.date_of_birth)) / 10, deal.efi_score(f.efi),
                          a.prior_admissions, x.l, x.a, x.c, x.e]::float8[]) AS features,
       deal.lace(a.los_days, a.acute, deal.lace_comorbidity(a.comorbidities), a.ed_visits_6m) AS lace
FROM (SELECT *, count(*) OVER (PARTITION BY person_id ORDER BY admitted RANGE BETWEEN '365 days' PRECEDING AND CURRENT ROW) - 1
                AS prior_admissions
      FROM admissions) a
JOIN residents p ON p.id = a.person_id JOIN frailty f ON f.person_id = a.person_id,
LATERAL (SELECT max(points) FILTER (WHERE part = 'L') AS l, max(points) FILTER (WHERE part = 'A') AS a,
                max(points) FILTER (WHERE part = 'C') AS c, max(points) FILTER (WHERE part = 'E') AS e
         FROM deal.lace_explain(a.los_days, a.acute, deal.lace_comorbidity(a.comorbidities), a.ed_visits_6m)) x
WHERE a.readmitted_30d IS NOT NULL;
CREATE TEMP TABLE readmission_model AS
SELECT deal.logistic_fit(readmitted_30d, features) AS model FROM admission_features WHERE training;
CREATE TEMP TABLE admission_scores AS
SELECT f.*, deal.logistic_score(m.model, f.features) AS risk FROM admission_features f, readmission_model m;
SELECT CASE WHEN training THEN 'training (70% of patients)' ELSE 'held back (30%)' END AS part,
       to_char(count(DISTINCT person_id), 'FM999,999') AS patients, to_char(count(*), 'FM999,999') AS admissions,
       round(100 * avg(readmitted_30d::int), 1) AS readmitted_percent,
       round(deal.auc(risk, readmitted_30d)::numeric, 3) AS model_auc, round(deal.auc(lace, readmitted_30d)::numeric, 3) AS lace_auc
FROM admission_scores GROUP BY training ORDER BY training DESC;
SELECT CASE e.label WHEN '_intercept' THEN 'intercept' WHEN 'l' THEN 'LACE L (length of stay)' WHEN 'a' THEN 'LACE A (acute)'
                    WHEN 'c' THEN 'LACE C (comorbidity)' WHEN 'e' THEN 'LACE E (A&E visits)' ELSE replace(e.label, '_', ' ') END AS feature,
       round(e.weight::numeric, 3) AS fitted, g.generating
FROM readmission_model, deal.each(model) e
JOIN (VALUES ('_intercept', -4.4, 1), ('age_decades', 0.15, 2), ('efi', 3, 3), ('prior_admissions', 0.35, 4), ('l', 0.1, 5),
             ('a', 0.15, 6), ('c', 0.12, 7), ('e', 0.15, 8)) g (label, generating, n) USING (label)
ORDER BY g.n;
\echo 'fitted: deal.logistic_fit on the training patients'' admissions; generating: the rule the borough was drawn'
\echo 'from (README, The demo borough); the AUC (deal.auc) on the held-back patients is the honest one.'
\echo
\echo 'The pyramid of the held-back patients'' admissions, by predicted risk (deal.risk_level: top 5%, next 20%):'
CREATE TEMP TABLE readmission_pyramid AS
SELECT level, deal.risk_level_name(level) AS name, count(*) AS admissions, 100.0 * count(*) / sum(count(*)) OVER () AS percent,
       100 * avg(risk) AS predicted_percent, 100 * avg(readmitted_30d::int) AS observed_percent,
       min(risk) AS lowest_risk, max(risk) AS highest_risk
FROM (SELECT risk, readmitted_30d, deal.risk_level(rank() OVER (ORDER BY risk DESC), count(*) OVER ()) AS level
      FROM admission_scores WHERE NOT training) s
GROUP BY level;
SELECT level, name, to_char(admissions, 'FM999,999') AS admissions, round(percent, 1) AS percent,
       round(100 * lowest_risk::numeric, 1) || '-' || round(100 * highest_risk::numeric, 1) AS risk_range_percent,
       round(predicted_percent::numeric, 1) AS predicted_percent, round(observed_percent::numeric, 1) AS observed_percent
FROM readmission_pyramid ORDER BY level DESC;
\ir end.psql

-------------------------------------------------------------------------------------------------
\set title '5. Frequent attenders with no key worker'
\ir begin.psql
-- the most contacts inside any 365 days, per service and over all three (deal.peak_events)
CREATE TEMP TABLE peaks AS
SELECT person_id,
       deal.peak_events(at, '365 days') FILTER (WHERE service = 'ae') AS ae,
       deal.peak_events(at, '365 days') FILTER (WHERE service = 'ambulance') AS ambulance,
       deal.peak_events(at, '365 days') FILTER (WHERE service = 'police') AS police,
       deal.peak_events(at, '365 days') AS any_service
FROM emergency_contacts GROUP BY person_id;
CREATE TEMP TABLE frequent AS
SELECT k.*, p.age, p.sex, p.cluster_id,
       EXISTS (SELECT FROM involvements i WHERE i.person_id = k.person_id AND i.key_worker AND i.during @> date :'as_of') AS has_key_worker
FROM peaks k JOIN people p ON p.id = k.person_id WHERE k.any_service >= 12;
SELECT to_char(count(*), 'FM999,999') AS frequent_attenders, to_char(count(*) FILTER (WHERE has_key_worker), 'FM999,999') AS with_key_worker,
       to_char(count(*) FILTER (WHERE NOT has_key_worker), 'FM999,999') AS without_key_worker,
       to_char(count(*) FILTER (WHERE NOT has_key_worker AND EXISTS (SELECT FROM involvements i WHERE i.person_id = f.person_id
                                                              AND i.during @> date :'as_of')), 'FM999,999') AS of_whom_known_to_a_professional
FROM frequent f;
\echo 'Frequent: 12 or more A&E attendances, ambulance calls and police incidents together inside any 365 days (ae,'
\echo 'ambulance, police: each service''s own most). The ten with the most and no key worker, with the professionals'
\echo 'who already know them (any of them could become the key worker):'
SELECT f.person_id AS person, f.sex, f.age, c.name AS cluster, f.any_service AS most_in_365_days, f.ae, f.ambulance, f.police,
       coalesce((SELECT string_agg(format('%s %s', pr.role, pr.id), ', ' ORDER BY pr.agency, pr.id)
                 FROM (SELECT pr.*, row_number() OVER (ORDER BY pr.agency, pr.id) AS n
                       FROM involvements i JOIN professionals pr ON pr.id = i.professional_id
                       WHERE i.person_id = f.person_id AND i.during @> date :'as_of') pr WHERE n <= 2)
                || (SELECT CASE WHEN count(*) > 2 THEN format(' and %s more', count(*) - 2) ELSE '' END
                    FROM involvements i WHERE i.person_id = f.person_id AND i.during @> date :'as_of'),
                'no professional') AS known_to
FROM frequent f JOIN clusters c ON c.id = f.cluster_id
WHERE NOT f.has_key_worker
ORDER BY f.any_service DESC, f.person_id LIMIT 10;
\ir end.psql

-------------------------------------------------------------------------------------------------
\set title '6. Families that qualify for Supporting Families'
\ir begin.psql
CREATE TEMP TABLE sf AS
SELECT h.uprn, h.needs, deal.supporting_families_eligible(h.needs, h.dependent_children OR h.expecting) AS eligible,
       h.dependent_children OR h.expecting AS with_children,
       EXISTS (SELECT FROM residents r JOIN involvements i ON i.person_id = r.id
               WHERE r.uprn = h.uprn AND i.key_worker AND i.during @> date :'as_of') AS has_key_worker
FROM households h;
SELECT to_char(count(*) FILTER (WHERE with_children), 'FM999,999') AS families_with_children,
       to_char(count(*) FILTER (WHERE eligible), 'FM999,999') AS eligible,
       round(100.0 * count(*) FILTER (WHERE eligible) / count(*) FILTER (WHERE with_children), 1) AS percent,
       to_char(count(*) FILTER (WHERE eligible AND NOT has_key_worker), 'FM999,999') AS eligible_with_no_key_worker
FROM sf;
\echo 'The headline needs that made them eligible (a family counts under each of its needs):'
SELECT e.need, count(*) AS eligible_families, round(100.0 * count(*) / (SELECT count(*) FROM sf WHERE eligible), 1) AS percent
FROM sf, deal.supporting_families_explain(sf.needs, true) e
WHERE sf.eligible AND e.counted AND e.need <> 'dependent_children'
GROUP BY e.need ORDER BY count(*) DESC, e.need;
\ir end.psql

-------------------------------------------------------------------------------------------------
\set title '7. Three residents and their best matches, with the reasons'
\ir begin.psql
-- every active service at every venue, as one index value (deal.asset_index_agg), read per person
CREATE TEMP TABLE asset_ix AS SELECT deal.asset_index_agg(id, offer, lat, lon) AS ix FROM assets;
-- the community link workers' caseload: residents with needs and a link worker on the borough's day,
-- in the order they were referred
CREATE TEMP TABLE caseload AS
SELECT p.*, l.referred
FROM people p
JOIN (SELECT i.person_id, min(i.started) AS referred
      FROM involvements i JOIN professionals pr ON pr.id = i.professional_id
      WHERE pr.agency = 'community_link_work' AND i.during @> date :'as_of'
      GROUP BY i.person_id) l ON l.person_id = p.id
WHERE p.needs <> '';
-- three of them, chosen by rule (the first by id of each kind), so their needs differ
CREATE TEMP TABLE three AS
SELECT DISTINCT ON (kind) kind, c.id, c.sex, c.age, c.cluster_id, c.needs, c.interests, c.lat, c.lon
FROM caseload c
JOIN households h ON h.uprn = c.uprn,
LATERAL (SELECT CASE WHEN c.age >= 75 AND c.needs && 'loneliness, social_isolation' AND h.household_type = 'one_person'
                     THEN 'an older person living alone'
                     WHEN c.age BETWEEN 25 AND 64 AND c.needs ? 'debt' THEN 'a working-age adult in debt'
                     WHEN c.age BETWEEN 18 AND 45 AND h.dependent_children AND c.needs && 'parenting, child_development, mental_wellbeing'
                     THEN 'a parent of young children' END AS kind) k
WHERE kind IS NOT NULL AND c.interests <> ''
ORDER BY kind DESC, c.id;
SELECT t.kind AS resident, t.id AS person, t.sex, t.age, cl.name AS cluster, t.needs::text AS needs, t.interests::text AS interests
FROM three t JOIN clusters cl ON cl.id = t.cluster_id ORDER BY t.kind DESC;
\echo 'Their three best matches within 10 km (deal.top_matches over the asset index, those their age allows), each'
\echo 'with its reasons (deal.match_explain: what each need, interest and the distance added to the score):'
SELECT m.person, m.rank, m.asset, m.km, m.score,
       (SELECT string_agg(format('%s %s%s', CASE WHEN e.role = 'distance' THEN 'distance' ELSE e.label END,
                                 CASE WHEN e.contribution >= 0 THEN '+' ELSE '' END, round(e.contribution::numeric, 3)),
                          ', ' ORDER BY e.contribution DESC, e.label)
        FROM deal.match_explain(t.needs, t.interests, a.offer, deal.km(t.lat, t.lon, a.lat, a.lon)) e
        WHERE e.contribution <> 0) AS reasons
FROM (SELECT t.id AS person, row_number() OVER (PARTITION BY t.id ORDER BY x.score DESC, x.asset_id) AS rank, x.asset_id,
             split_part(a.name, ',', 1) || ' at ' || lo.name AS asset,
             round(deal.km(t.lat, t.lon, a.lat, a.lon)::numeric, 1) AS km, round(x.score::numeric, 3) AS score
      FROM three t, asset_ix, deal.top_matches(asset_ix.ix, t.needs, t.interests, t.lat, t.lon, 20, 10) x
      JOIN assets a ON a.id = x.asset_id JOIN location lo ON lo.id = a.location_id
      WHERE t.age BETWEEN coalesce(a.minimum_age, 0) AND coalesce(a.maximum_age, 200)) m
JOIN three t ON t.id = m.person JOIN assets a ON a.id = m.asset_id
WHERE m.rank <= 3
ORDER BY t.kind DESC, m.rank;
\ir end.psql

-------------------------------------------------------------------------------------------------
\set title '8. The scarcest places: optimal allocation against first come and greedy'
\ir begin.psql
-- each caseload resident's ten best matches within 10 km that their age allows
CREATE TEMP TABLE candidates AS
SELECT c.id AS person_id, x.asset_id, x.score, a.capacity
FROM caseload c, asset_ix, deal.top_matches(asset_ix.ix, c.needs, c.interests, c.lat, c.lon, 20, 10) x
JOIN assets a ON a.id = x.asset_id
WHERE c.age BETWEEN coalesce(a.minimum_age, 0) AND coalesce(a.maximum_age, 200);
DELETE FROM candidates c USING (SELECT person_id, asset_id, row_number() OVER (PARTITION BY person_id ORDER BY score DESC, asset_id) AS n
                                FROM candidates) r
WHERE r.person_id = c.person_id AND r.asset_id = c.asset_id AND r.n > 10;
CREATE TEMP TABLE first_choices AS
SELECT asset_id, count(*) AS wanted_first
FROM (SELECT DISTINCT ON (person_id) person_id, asset_id FROM candidates ORDER BY person_id, score DESC, asset_id) b GROUP BY asset_id;
SELECT to_char((SELECT count(*) FROM caseload), 'FM999,999') AS caseload, to_char(count(*), 'FM999,999') AS candidate_pairs,
       (SELECT count(*) FROM first_choices f JOIN assets a ON a.id = f.asset_id WHERE f.wanted_first > a.capacity) AS oversubscribed_assets,
       (SELECT sum(a.capacity) FROM first_choices f JOIN assets a ON a.id = f.asset_id WHERE f.wanted_first > a.capacity) AS their_places,
       to_char((SELECT sum(f.wanted_first) FROM first_choices f JOIN assets a ON a.id = f.asset_id WHERE f.wanted_first > a.capacity),
               'FM999,999') AS wanted_first_by
FROM candidates;
\echo 'The most oversubscribed (residents whose best match it is, per place):'
SELECT split_part(a.name, ',', 1) || ' at ' || lo.name AS asset, a.capacity AS places, f.wanted_first AS first_choice_of,
       round(f.wanted_first::numeric / a.capacity, 1) AS per_place
FROM first_choices f JOIN assets a ON a.id = f.asset_id JOIN location lo ON lo.id = a.location_id
WHERE f.wanted_first > a.capacity
ORDER BY f.wanted_first::numeric / a.capacity DESC, a.id LIMIT 8;

-- the three allocations, each person at most one place, no asset over its places
CREATE TEMP TABLE wanted AS
SELECT c.person_id, c.asset_id, c.score, s.slot, dense_rank() OVER (ORDER BY c.person_id)::int AS who,
       row_number() OVER (ORDER BY c.score DESC, c.person_id, c.asset_id)::int AS by_score
FROM candidates c JOIN (SELECT asset_id, row_number() OVER (ORDER BY asset_id)::int AS slot
                        FROM (SELECT DISTINCT asset_id FROM candidates) d) s USING (asset_id);
CREATE INDEX ON wanted (by_score);
CREATE TEMP TABLE referral_order AS
SELECT c.id AS person_id, row_number() OVER (ORDER BY c.referred, c.id)::int AS turn FROM caseload c;
CREATE INDEX ON referral_order (turn);
CREATE INDEX ON wanted (person_id);
ANALYZE wanted, referral_order;
CREATE TEMP TABLE slot_places AS
SELECT array_agg(a.capacity ORDER BY s.slot) AS places
FROM (SELECT DISTINCT asset_id, slot FROM wanted) s JOIN assets a ON a.id = s.asset_id;

-- optimal: the largest total score (deal.allocate, min-cost flow)
CREATE TEMP TABLE optimal AS
SELECT person_id, asset_id, score FROM deal.allocate((
	SELECT deal.candidates_agg(c.person_id, c.asset_id, c.score, c.capacity) FROM candidates c));

-- first come, in plain SQL: residents in the order they were referred, each taking their best match
-- with a place left (places left per asset carried in an array)
CREATE TEMP TABLE first_come AS
WITH RECURSIVE turn (n, places, person_id, asset_id, score) AS (
	SELECT 0, places, NULL::bigint, NULL::bigint, NULL::float8 FROM slot_places
	UNION ALL
	SELECT t.n + 1,
	       CASE WHEN b.slot IS NULL THEN t.places ELSE t.places[:b.slot - 1] || (t.places[b.slot] - 1) || t.places[b.slot + 1:] END,
	       r.person_id, b.asset_id, b.score
	FROM turn t JOIN referral_order r ON r.turn = t.n + 1
	LEFT JOIN LATERAL (SELECT w.slot, w.asset_id, w.score FROM wanted w
	                   WHERE w.person_id = r.person_id AND t.places[w.slot] > 0
	                   ORDER BY w.score DESC, w.asset_id LIMIT 1) b ON true
)
SELECT person_id, asset_id, score FROM turn WHERE asset_id IS NOT NULL;

-- greedy, in plain SQL: every (resident, asset) pair from the best score down, taken while the
-- resident has no place yet and the asset has one left (who is placed carried in a bit string)
CREATE TEMP TABLE greedy AS
WITH RECURSIVE step (n, places, placed, person_id, asset_id, score) AS (
	SELECT 0, places, repeat('0', (SELECT max(who) FROM wanted))::varbit, NULL::bigint, NULL::bigint, NULL::float8
	FROM slot_places
	UNION ALL
	SELECT s.n + 1,
	       CASE WHEN ok THEN s.places[:w.slot - 1] || (s.places[w.slot] - 1) || s.places[w.slot + 1:] ELSE s.places END,
	       CASE WHEN ok THEN set_bit(s.placed, w.who - 1, 1) ELSE s.placed END,
	       CASE WHEN ok THEN w.person_id END, CASE WHEN ok THEN w.asset_id END, CASE WHEN ok THEN w.score END
	FROM step s JOIN wanted w ON w.by_score = s.n + 1,
	     LATERAL (SELECT s.places[w.slot] > 0 AND get_bit(s.placed, w.who - 1) = 0 AS ok) o
)
SELECT person_id, asset_id, score FROM step WHERE person_id IS NOT NULL;

CREATE TEMP TABLE scarce_assets AS
SELECT f.asset_id FROM first_choices f JOIN assets a ON a.id = f.asset_id WHERE f.wanted_first > a.capacity;
CREATE TEMP TABLE allocations AS
SELECT 1 AS n, 'optimal (deal.allocate)' AS method, count(*) AS placed, sum(score) AS total,
       count(*) FILTER (WHERE asset_id IN (SELECT asset_id FROM scarce_assets)) AS scarce FROM optimal
UNION ALL SELECT 2, 'greedy, best scores first (SQL)', count(*), sum(score),
       count(*) FILTER (WHERE asset_id IN (SELECT asset_id FROM scarce_assets)) FROM greedy
UNION ALL SELECT 3, 'first come, by referral (SQL)', count(*), sum(score),
       count(*) FILTER (WHERE asset_id IN (SELECT asset_id FROM scarce_assets)) FROM first_come;
\echo 'Every resident of the caseload against every place (each at most one place, no asset over its places): the'
\echo 'scarce places are decided together with the others, since who takes one depends on who has another option.'
SELECT a.method, to_char(a.placed, 'FM999,999') AS people_placed, a.scarce AS of_whom_at_scarce_places,
       round(a.total::numeric, 1) AS total_score, round((a.total / a.placed)::numeric, 3) AS mean_score,
       CASE WHEN a.n > 1 THEN to_char(100 * (o.total / a.total - 1), 'FMSG990.0') || '%' END AS optimal_score_gain,
       CASE WHEN a.n > 1 THEN to_char(o.placed - a.placed, 'FMSG99,990') END AS optimal_places_more
FROM allocations a, allocations o WHERE o.n = 1 ORDER BY a.n;

\echo 'Who gains from the optimal allocation, against greedy (options: their candidate places; scarce: of those,'
\echo 'the oversubscribed ones; IMD decile 1 is the most deprived tenth of England):'
CREATE TEMP TABLE options AS
SELECT c.person_id, count(*) AS options, count(*) FILTER (WHERE f.wanted_first > a.capacity) AS scarce
FROM candidates c JOIN assets a ON a.id = c.asset_id LEFT JOIN first_choices f ON f.asset_id = c.asset_id
GROUP BY c.person_id;
CREATE TEMP TABLE gains AS
SELECT coalesce(o.person_id, g.person_id) AS person_id,
       CASE WHEN g.person_id IS NULL THEN 'placed only by the optimal allocation'
            WHEN o.person_id IS NULL THEN 'placed only by greedy'
            WHEN o.asset_id = g.asset_id THEN 'the same place'
            WHEN o.score > g.score THEN 'a better place'
            WHEN o.score < g.score THEN 'a less good place'
            ELSE 'another place, as good' END AS outcome,
       coalesce(o.score, 0) - coalesce(g.score, 0) AS gain
FROM optimal o FULL JOIN greedy g USING (person_id);
SELECT g.outcome, count(*) AS residents, round(sum(g.gain)::numeric, 2) AS score_change,
       round(avg(x.options), 1) AS mean_options, round(avg(x.scarce), 1) AS mean_scarce,
       round(avg(p.age)) AS mean_age, round(avg(p.imd_decile), 1) AS mean_imd_decile
FROM gains g JOIN people p ON p.id = g.person_id JOIN options x USING (person_id)
GROUP BY g.outcome ORDER BY min(CASE g.outcome WHEN 'placed only by the optimal allocation' THEN 1 WHEN 'a better place' THEN 2
                                              WHEN 'the same place' THEN 3 WHEN 'another place, as good' THEN 4
                                              WHEN 'a less good place' THEN 5 ELSE 6 END);
\pset tuples_only on
\pset format unaligned
SELECT rtrim(regexp_replace(CASE WHEN count(*) FILTER (WHERE gainer) = 0 AND count(*) FILTER (WHERE outcome = 'placed only by greedy') = 0
            THEN 'In short: here greedy places the same residents as the optimal allocation: no place is scarce enough to matter.'
       ELSE format('In short: the optimal allocation moves %s residents to a less good place (score %s) so that %s who would '
              'have had no place get one (score +%s): %s more residents placed, the total score %s%% higher than greedy''s. '
              'Those it places had mostly scarce options (%s of %s on average, against %s of %s for everyone else) and live in %s '
              'areas (mean IMD decile %s, against %s).',
              count(*) FILTER (WHERE outcome = 'a less good place'),
              coalesce(round(sum(gain) FILTER (WHERE outcome = 'a less good place')::numeric, 1), 0),
              count(*) FILTER (WHERE gainer),
              coalesce(round(sum(gain) FILTER (WHERE gainer)::numeric, 1), 0),
              count(*) FILTER (WHERE gainer) - count(*) FILTER (WHERE outcome = 'placed only by greedy'),
              to_char(100 * (sum(gain) / (SELECT total FROM allocations WHERE n = 2)), 'FM990.0'),
              round(avg(x.scarce) FILTER (WHERE gainer), 1), round(avg(x.options) FILTER (WHERE gainer), 1),
              round(avg(x.scarce) FILTER (WHERE NOT gainer), 1), round(avg(x.options) FILTER (WHERE NOT gainer), 1),
              CASE WHEN avg(p.imd_decile) FILTER (WHERE gainer) < avg(p.imd_decile) FILTER (WHERE NOT gainer) THEN 'more deprived'
                   ELSE 'no more deprived' END,
              round(avg(p.imd_decile) FILTER (WHERE gainer), 1), round(avg(p.imd_decile) FILTER (WHERE NOT gainer), 1)) END,
       '(.{1,108})( |$)', E'\\1\n', 'g'), E'\n')
FROM (SELECT g.*, g.outcome = 'placed only by the optimal allocation' AS gainer FROM gains g) g
JOIN options x USING (person_id) JOIN people p ON p.id = g.person_id;
\pset format aligned
\pset tuples_only off
\ir end.psql

-------------------------------------------------------------------------------------------------
\set title '9. Summary for the council: how many people each capability reached'
\ir begin.psql
CREATE TEMP TABLE family_people AS
SELECT component, count(*) FILTER (WHERE node_kind = 'person') AS people FROM family_of GROUP BY component;
CREATE TEMP TABLE summary AS
SELECT 1 AS n, 'Whole-family view' AS capability,
       (SELECT sum(f.people) FROM teams t JOIN family_people f USING (component) WHERE t.professionals >= 1) AS people,
       format('residents of the %s families known to a professional; the %s families known to 8 or more (%s residents) '
              'each get one natural lead', to_char(count(*) FILTER (WHERE professionals >= 1), 'FM999,999'),
              to_char(count(*) FILTER (WHERE professionals >= 8), 'FM999,999'),
              to_char(coalesce((SELECT sum(f.people) FROM teams t JOIN family_people f USING (component) WHERE t.professionals >= 8), 0), 'FM999,999'))
       AS what
FROM teams
UNION ALL
SELECT 2, 'Frailty (eFI)', sum(people),
       format('over-65s scored; %s moderately or severely frail, for a frailty review',
              to_char(coalesce(sum(people) FILTER (WHERE category IN ('moderate', 'severe')), 0), 'FM999,999'))
FROM efi_pyramid
UNION ALL
SELECT 3, 'Readmission risk', count(DISTINCT person_id),
       format('patients scored by a model fitted here (AUC %s on patients it never saw); %s held-back discharges in the top 5%%',
              round((SELECT deal.auc(risk, readmitted_30d) FROM admission_scores WHERE NOT training)::numeric, 2),
              to_char((SELECT admissions FROM readmission_pyramid WHERE level = 3), 'FM999,999'))
FROM admission_scores
UNION ALL
SELECT 4, 'Frequent attenders', count(*),
       format('12 or more emergency contacts in a year; %s with no key worker yet', to_char(count(*) FILTER (WHERE NOT has_key_worker), 'FM999,999'))
FROM frequent
UNION ALL
SELECT 5, 'Supporting Families', (SELECT count(*) FROM residents r JOIN sf USING (uprn) WHERE sf.eligible),
       format('residents of the %s eligible families; %s of the families with no key worker', to_char(count(*) FILTER (WHERE eligible), 'FM999,999'),
              to_char(count(*) FILTER (WHERE eligible AND NOT has_key_worker), 'FM999,999'))
FROM sf
UNION ALL
SELECT 6, 'Matches with reasons', count(DISTINCT person_id),
       format('of the link workers'' %s residents given ranked suggestions within 10 km, with reasons', to_char((SELECT count(*) FROM caseload), 'FM999,999'))
FROM candidates
UNION ALL
SELECT 7, 'Scarce places allocated', o.placed,
       format('placed, the largest total score: %s more than greedy, %s more than first come', o.placed - g.placed, o.placed - f.placed)
FROM allocations o, allocations g, allocations f WHERE o.n = 1 AND g.n = 2 AND f.n = 3;
SELECT capability, to_char(people, 'FM999,999') AS people, what FROM summary ORDER BY n;
\echo 'with deal.graph_agg and team_around_family; efi_agg and efi_category; logistic_fit, logistic_score and auc;'
\echo 'peak_events; supporting_families_eligible; asset_index_agg, top_matches and match_explain; candidates_agg and allocate.'
\ir end.psql

-------------------------------------------------------------------------------------------------
\set title '10. The pictures'' data'
\ir begin.psql
-- needs against assets by cluster: residents with each need, and the places of the assets in the
-- cluster that offer it (an asset is in the cluster of its venue's LSOA)
CREATE TEMP TABLE asset_cluster AS
SELECT a.*, l.cluster_id FROM assets a JOIN location lo ON lo.id = a.location_id JOIN addresses ad ON ad.uprn = lo.uprn
JOIN lsoas l ON l.code = ad.lsoa_code;
CREATE TEMP TABLE cluster_needs AS
SELECT p.cluster_id, e.label, count(*) AS residents FROM people p, deal.each(p.needs) e WHERE e.weight > 0 GROUP BY 1, 2;
CREATE TEMP TABLE top_needs AS
SELECT label, sum(residents) AS residents FROM cluster_needs GROUP BY label ORDER BY sum(residents) DESC, label LIMIT 12;
CREATE TEMP TABLE cluster_people AS
SELECT cluster_id, count(*) AS residents, count(*) FILTER (WHERE needs <> '') AS with_needs FROM people GROUP BY cluster_id;
SELECT count(*) AS clusters, (SELECT count(*) FROM top_needs) AS needs_drawn, (SELECT count(*) FROM asset_cluster) AS assets_placed
FROM cluster_people;
\pset format unaligned
\pset tuples_only on
\set jsonfile :outdir/pyramid.json
\o :jsonfile
SELECT json_build_object(
	'as_of', :'as_of',
	'efi', (SELECT json_agg(json_build_object('category', category, 'deficits', fewest || '-' || most, 'people', people,
	                                          'percent', round(percent, 1), 'admitted_percent', round(admitted_percent, 1))
	                        ORDER BY fewest) FROM efi_pyramid),
	'readmission', (SELECT json_agg(json_build_object('level', level, 'name', name, 'admissions', admissions,
	                                                  'percent', round(percent, 1),
	                                                  'predicted_percent', round(predicted_percent::numeric, 1),
	                                                  'observed_percent', round(observed_percent::numeric, 1))
	                                ORDER BY level) FROM readmission_pyramid),
	'auc', (SELECT round(deal.auc(risk, readmitted_30d)::numeric, 3) FROM admission_scores WHERE NOT training),
	'lace_auc', (SELECT round(deal.auc(lace, readmitted_30d)::numeric, 3) FROM admission_scores WHERE NOT training));
\o
\set jsonfile :outdir/needs.json
\o :jsonfile
SELECT json_build_object(
	'as_of', :'as_of',
	'bounds', json_build_object('south', 53.46, 'north', 53.62, 'west', -2.75, 'east', -2.43),
	'clusters', (SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'footprint', c.footprint_id, 'lat', c.lat, 'lon', c.lon,
	                                               'residents', coalesce(cp.residents, 0), 'with_needs', coalesce(cp.with_needs, 0),
	                                               'places', (SELECT coalesce(sum(capacity), 0) FROM asset_cluster a WHERE a.cluster_id = c.id),
	                                               'venues', (SELECT count(DISTINCT location_id) FROM asset_cluster a WHERE a.cluster_id = c.id))
	                             ORDER BY c.id) FROM clusters c LEFT JOIN cluster_people cp ON cp.cluster_id = c.id),
	'lsoas', (SELECT json_agg(json_build_object('lat', round(l.lat::numeric, 4), 'lon', round(l.lon::numeric, 4), 'imd', l.imd_decile,
	                                            'cluster', l.cluster_id) ORDER BY l.code) FROM lsoas l),
	'venues', (SELECT json_agg(json_build_object('lat', round(v.lat::numeric, 4), 'lon', round(v.lon::numeric, 4), 'places', v.places) ORDER BY v.location_id)
	           FROM (SELECT location_id, min(lat) AS lat, min(lon) AS lon, sum(capacity) AS places FROM assets GROUP BY location_id) v),
	'needs', (SELECT json_agg(label ORDER BY residents DESC, label) FROM top_needs),
	'grid', (SELECT json_agg(json_build_object('cluster', c.id, 'need', n.label, 'residents', coalesce(cn.residents, 0),
	                                           'places', (SELECT coalesce(sum(a.capacity), 0) FROM asset_cluster a
	                                                      WHERE a.cluster_id = c.id AND (a.offer -> n.label) > 0))
	                         ORDER BY c.id, n.residents DESC, n.label)
	         FROM clusters c CROSS JOIN top_needs n LEFT JOIN cluster_needs cn ON cn.cluster_id = c.id AND cn.label = n.label));
\o
\pset format aligned
\pset tuples_only off
\ir end.psql
\pset format unaligned
\pset tuples_only on
\set jsonfile :outdir/timings.json
\o :jsonfile
SELECT json_agg(json_build_object('section', section, 'seconds', round(seconds::numeric, 2)) ORDER BY n) FROM report_timings;
\o
