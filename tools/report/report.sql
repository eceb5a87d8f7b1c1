-- The Deal report: what deal does for a whole borough, section by section, on a borough made by
-- deal.generate_borough.  Run by tools/demo:
--
--   psql -X -v schema=borough -v outdir=/path/to/folder -f tools/report/report.sql
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
CREATE TEMP TABLE holders AS
SELECT a.* FROM borough_graph, deal.articulation_points(g, :'family_kinds', :'as_of') a;
SELECT to_char(graph_nodes(g), 'FM999,999') AS nodes, to_char(graph_edges(g), 'FM999,999') AS links,
       (SELECT to_char(count(*), 'FM999,999') FROM teams) AS families,
       (SELECT to_char(count(*), 'FM999,999') FROM teams WHERE professionals >= 1) AS known_to_a_professional,
       (SELECT to_char(count(*), 'FM999,999') FROM teams WHERE professionals >= 8) AS known_to_8_or_more,
       (SELECT max(professionals) FROM teams) AS most
FROM borough_graph;

CREATE TEMP TABLE top_families AS
SELECT row_number() OVER (ORDER BY professionals DESC, members DESC, component) AS rank, t.*
FROM teams t ORDER BY professionals DESC, members DESC, component LIMIT 10;
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
                 FROM top_family_people p WHERE p.rank = f.rank AND p.holds), 'no one alone') AS held_together_by
FROM top_families f JOIN professionals pr ON pr.id = f.lead_id JOIN agencies a ON a.code = pr.agency
ORDER BY f.rank;
\echo 'people: its residents; homes: the households they live in; natural lead: the professional who already'
\echo 'works with the most of its members (reaches); held together by: the residents whose removal would split'
\echo 'the family network (deal.articulation_points), with sex and age.'

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
-- who had an emergency admission in the last year, to see what each category foretells
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
\echo 'expected: Clegg et al. 2016 (about 50/35/12/3%); the last column is what the categories foretell, read'
\echo 'from the borough''s own admissions: each step up the pyramid, more of them were admitted as an emergency.'
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
       count(DISTINCT person_id) AS patients, count(*) AS admissions, round(100 * avg(readmitted_30d::int), 1) AS readmitted_percent,
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
\echo 'Frequent: 12 or more A&E attendances, ambulance calls and police incidents inside any 365 days. The ten with'
\echo 'the most and no key worker, with the professionals who already know them (any could become the key worker):'
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
