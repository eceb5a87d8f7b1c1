-- The generated borough's shape at full size, against the figures it is meant to reproduce
-- (DOMAIN.md, Census 2021, Clegg et al. 2016): run by test/borough/shape after
-- deal.generate_borough('borough').  Every figure is printed; the last query lists the checks,
-- and the script fails if one of them does.
\set QUIET on
\pset footer off
SET search_path = borough, public, deal;
SET client_min_messages = warning;
CREATE TEMP TABLE shape_checks (n serial, what text, figure text, expected text, ok boolean);

\echo '== Places and people'
SELECT f.id AS footprint, f.name, count(*) AS residents FROM people p JOIN footprints f ON f.id = p.footprint_id GROUP BY 1, 2 ORDER BY 1;
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'residents per footprint', min(n) || ' to ' || max(n), '30,000 to 50,000', min(n) >= 30000 AND max(n) <= 50000
FROM (SELECT count(*) AS n FROM people GROUP BY footprint_id) f;
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'footprints, clusters, LSOAs', (SELECT count(*) FROM footprints) || ', ' || (SELECT count(*) FROM clusters) || ', ' || count(*),
       '7, 16, about 215 (1,500 residents each)', (SELECT count(*) FROM footprints) = 7 AND (SELECT count(*) FROM clusters) = 16
       AND count(*) BETWEEN 200 AND 230
FROM lsoas;
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'residents in the most deprived fifth (IMD deciles 1-2)', to_char(count(*) FILTER (WHERE imd_decile <= 2), 'FM999,999'),
       'nearly 100,000', count(*) FILTER (WHERE imd_decile <= 2) BETWEEN 90000 AND 105000
FROM people;
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'postcodes, sectors, households per postcode', count(*) || ', ' || count(DISTINCT sector) || ', '
       || round((SELECT count(*) FROM households)::numeric / count(*), 1), 'unit postcodes of about 15 homes in WN1-WN7',
       bool_and(deal.postcode_area(postcode) = 'WN')
FROM postcodes;

SELECT household_type, count(*) AS households, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS percent
FROM households GROUP BY 1 ORDER BY 2 DESC;
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'mean household size', round(avg(n), 2)::text, 'about 2.4 (England 2.36, Census 2021)', avg(n) BETWEEN 2.3 AND 2.45
FROM (SELECT count(*) AS n FROM residents GROUP BY uprn) h;

SELECT band, residents, percent, england FROM (
	SELECT CASE WHEN age < 18 THEN '0-17' WHEN age < 65 THEN '18-64' ELSE '65+' END AS band, count(*) AS residents,
	       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS percent
	FROM people GROUP BY 1) b
JOIN (VALUES ('0-17', 21.0), ('18-64', 60.4), ('65+', 18.6)) e (band, england) USING (band) ORDER BY band;
SELECT least(age / 10 * 10, 90) AS decade, count(*) AS residents, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS percent,
       e.england
FROM people JOIN (VALUES (0, 11.6), (10, 11.6), (20, 12.9), (30, 13.4), (40, 12.6), (50, 13.6), (60, 11.0), (70, 8.9), (80, 4.2), (90, 0.9))
     e (decade, england) ON e.decade = least(age / 10 * 10, 90)
GROUP BY 1, e.england ORDER BY 1;
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'age pyramid: under 18, 65 and over',
       round(100.0 * count(*) FILTER (WHERE age < 18) / count(*), 1) || '%, ' || round(100.0 * count(*) FILTER (WHERE age >= 65) / count(*), 1) || '%',
       'England 21.0%, 18.6% (within 2 points)',
       abs(100.0 * count(*) FILTER (WHERE age < 18) / count(*) - 21.0) <= 2 AND abs(100.0 * count(*) FILTER (WHERE age >= 65) / count(*) - 18.6) <= 2
FROM people;

\echo '== Frailty: eFI of the over-65s (coded deficits through efi_code_map, polypharmacy from medications)'
CREATE TEMP TABLE frailty AS
SELECT p.id AS person_id, p.age, deal.efi_agg(d.deficit) AS efi
FROM people p
LEFT JOIN (SELECT e.person_id, m.deficit FROM coded_events e JOIN efi_code_map m USING (code)
           UNION ALL
           SELECT person_id, 'polypharmacy' FROM medications
           WHERE regular AND last_issued > (SELECT as_of FROM borough) - 365
           GROUP BY person_id HAVING count(DISTINCT medicine) >= 5) d ON d.person_id = p.id
GROUP BY p.id, p.age;
SELECT deal.efi_category(efi) AS category, count(*) AS people, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS percent, e.target
FROM frailty JOIN (VALUES ('fit', 50), ('mild', 35), ('moderate', 12), ('severe', 3)) e (category, target) ON e.category = deal.efi_category(efi)
WHERE age >= 65 GROUP BY 1, e.target ORDER BY min(deal.efi_count(efi));
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'eFI of the over-65s: fit/mild/moderate/severe', string_agg(round(pct, 1)::text, '/' ORDER BY fewest) || '%',
       '50/35/12/3% (within 4 points each)', bool_and(abs(pct - target) <= 4)
FROM (SELECT min(deal.efi_count(efi)) AS fewest, 100.0 * count(*) / sum(count(*)) OVER () AS pct,
             CASE deal.efi_category(efi) WHEN 'fit' THEN 50 WHEN 'mild' THEN 35 WHEN 'moderate' THEN 12 ELSE 3 END AS target
      FROM frailty WHERE age >= 65 GROUP BY deal.efi_category(efi)) c;

\echo '== Frequent attenders: 12 or more in any 365 days'
SET TimeZone = 'Europe/London';
CREATE TEMP TABLE peaks AS
SELECT person_id, deal.peak_events(at, '365 days') FILTER (WHERE service = 'ae') AS ae_peak, deal.peak_events(at, '365 days') AS any_peak
FROM emergency_contacts GROUP BY person_id;
SELECT count(*) FILTER (WHERE ae_peak > 0) AS ae_attenders, count(*) FILTER (WHERE ae_peak >= 12) AS ae_frequent,
       round(100.0 * count(*) FILTER (WHERE ae_peak >= 12) / count(*) FILTER (WHERE ae_peak > 0), 2) AS pct_of_ae_attenders,
       count(*) FILTER (WHERE any_peak >= 12) AS frequent_any_service,
       count(*) FILTER (WHERE any_peak >= 12 AND NOT EXISTS (SELECT FROM involvements i WHERE i.person_id = peaks.person_id
                                                             AND i.key_worker AND i.ended IS NULL)) AS of_whom_no_key_worker
FROM peaks;
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'frequent A&E attenders (12+ in 365 days)', round(100.0 * count(*) FILTER (WHERE ae_peak >= 12) / count(*) FILTER (WHERE ae_peak > 0), 2)
       || '% of attenders', 'a few %', 100.0 * count(*) FILTER (WHERE ae_peak >= 12) / count(*) FILTER (WHERE ae_peak > 0) BETWEEN 1 AND 5
FROM peaks;
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'frequent attenders (any service) without a key worker', count(*) FILTER (WHERE NOT kw) || ' of ' || count(*),
       'most, but not all', count(*) FILTER (WHERE NOT kw) BETWEEN count(*) / 2 AND count(*) - count(*) / 10
FROM (SELECT person_id, EXISTS (SELECT FROM involvements i WHERE i.person_id = peaks.person_id AND i.key_worker AND i.ended IS NULL) AS kw
      FROM peaks WHERE any_peak >= 12) f;

\echo '== Professionals involved with each household now'
CREATE TEMP TABLE teams AS
SELECT h.uprn, count(DISTINCT i.professional_id) AS professionals
FROM households h JOIN residents r ON r.uprn = h.uprn LEFT JOIN involvements i ON i.person_id = r.id AND i.ended IS NULL
GROUP BY h.uprn;
SELECT CASE WHEN professionals >= 8 THEN '8-20' WHEN professionals >= 4 THEN '4-7' WHEN professionals >= 2 THEN '2-3'
            ELSE professionals::text END AS professionals,
       count(*) AS households, round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS percent
FROM teams GROUP BY 1 ORDER BY min(professionals);
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'households known to none or one professional; to 8 or more', round(100.0 * count(*) FILTER (WHERE professionals <= 1) / count(*), 1)
       || '%; ' || count(*) FILTER (WHERE professionals >= 8) || ' (at most ' || max(professionals) || ')', 'most; a few, up to 20',
       count(*) FILTER (WHERE professionals <= 1) > count(*) * 0.7 AND count(*) FILTER (WHERE professionals >= 8) BETWEEN 50 AND count(*) * 0.01
       AND max(professionals) <= 20
FROM teams;

\echo '== Families: the team around a family and who holds a network together, as of the borough''s date'
CREATE TEMP TABLE borough_graph AS
SELECT deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) AS g FROM links;
SELECT t.members, t.professionals, t.lead_kind, t.lead_reach
FROM borough_graph, deal.team_around_family(g, '{parent_of,partner_of,lives_at}', '{involved_with}', (SELECT as_of FROM borough)) t
ORDER BY t.professionals DESC, t.members DESC LIMIT 5;
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'families (over family links, as of as_of); people who hold one together', count(*) || '; ' ||
       (SELECT count(*) FROM borough_graph, deal.articulation_points(g, '{parent_of,partner_of,lives_at}', (SELECT as_of FROM borough)) a
        WHERE a.node_kind = 'person'),
       'families of households linked by relatives; many cut points', max(members) < 200
FROM borough_graph, deal.team_around_family(g, '{parent_of,partner_of,lives_at}', '{involved_with}', (SELECT as_of FROM borough));

\echo '== Supporting Families (dependent children or expecting, and 3 of the 10 headline needs)'
SELECT count(*) FILTER (WHERE dependent_children OR expecting) AS families_with_children,
       count(*) FILTER (WHERE deal.supporting_families_eligible(needs, dependent_children OR expecting)) AS eligible,
       round(100.0 * count(*) FILTER (WHERE deal.supporting_families_eligible(needs, dependent_children OR expecting))
             / count(*) FILTER (WHERE dependent_children OR expecting), 1) AS percent
FROM households;
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'families with children eligible for Supporting Families',
       round(100.0 * count(*) FILTER (WHERE deal.supporting_families_eligible(needs, dependent_children OR expecting))
             / count(*) FILTER (WHERE dependent_children OR expecting), 1) || '%', '5 to 15%',
       100.0 * count(*) FILTER (WHERE deal.supporting_families_eligible(needs, dependent_children OR expecting))
       / count(*) FILTER (WHERE dependent_children OR expecting) BETWEEN 5 AND 15
FROM households;

\echo '== Readmission within 30 days: a local model fitted on 2023/24, checked on 2024/25'
CREATE TEMP TABLE admission_features AS
SELECT a.id, a.readmitted_30d,
       CASE WHEN a.admitted >= '2024-04-01' THEN '2024/25' WHEN a.admitted >= '2023-04-01' THEN '2023/24' END AS year,
       deal.profile(ARRAY['age_decades', 'efi', 'prior_admissions', 'l', 'a', 'c', 'e'],
                    ARRAY[date_part('year', age(a.admitted, p.date_of_birth)) / 10, deal.efi_score(f.efi),
                          (SELECT count(*) FROM admissions b WHERE b.person_id = a.person_id
                            AND b.admitted >= a.admitted - interval '365 days' AND b.admitted < a.admitted),
                          x.l, x.a, x.c, x.e]::float8[]) AS features,
       deal.lace(a.los_days, a.acute, deal.lace_comorbidity(a.comorbidities), a.ed_visits_6m) AS lace
FROM admissions a JOIN residents p ON p.id = a.person_id JOIN frailty f ON f.person_id = a.person_id,
LATERAL (SELECT max(points) FILTER (WHERE part = 'L') AS l, max(points) FILTER (WHERE part = 'A') AS a,
                max(points) FILTER (WHERE part = 'C') AS c, max(points) FILTER (WHERE part = 'E') AS e
         FROM deal.lace_explain(a.los_days, a.acute, deal.lace_comorbidity(a.comorbidities), a.ed_visits_6m)) x;
SELECT year, count(*) AS admissions, count(readmitted_30d) AS with_outcome, round(avg(readmitted_30d::int), 3) AS readmitted
FROM admission_features WHERE year IS NOT NULL GROUP BY 1 ORDER BY 1;
CREATE TEMP TABLE readmission_model AS
SELECT deal.logistic_fit(readmitted_30d, features) AS model FROM admission_features WHERE year = '2023/24';
SELECT e.label, round(e.weight::numeric, 3) AS fitted, g.generating
FROM readmission_model, deal.each(model) e
JOIN (VALUES ('_intercept', -4.4), ('age_decades', 0.15), ('efi', 3), ('prior_admissions', 0.35), ('l', 0.1), ('a', 0.15),
             ('c', 0.12), ('e', 0.15)) g (label, generating) USING (label)
ORDER BY e.label;
SELECT round(deal.auc(deal.logistic_score(m.model, f.features), f.readmitted_30d)::numeric, 3) AS model_auc_2024_25,
       round(deal.auc(f.lace, f.readmitted_30d)::numeric, 3) AS lace_auc_2024_25
FROM admission_features f, readmission_model m WHERE f.year = '2024/25';
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'readmission model fitted on 2023/24: AUC on 2024/25', round(auc::numeric, 3)::text, '0.65 to 0.8', auc BETWEEN 0.65 AND 0.8
FROM (SELECT deal.auc(deal.logistic_score(m.model, f.features), f.readmitted_30d) AS auc
      FROM admission_features f, readmission_model m WHERE f.year = '2024/25') a;

\echo '== Scarce places: the community link workers'' caseload matched to the assets and allocated'
CREATE TEMP TABLE caseload AS
SELECT p.* FROM people p
WHERE p.needs <> '' AND EXISTS (SELECT FROM involvements i JOIN professionals pr ON pr.id = i.professional_id
                                WHERE i.person_id = p.id AND i.ended IS NULL AND pr.agency = 'community_link_work');
-- each person's 30 best assets within 10 km, those their age allows
CREATE TEMP TABLE candidates AS
WITH ix AS MATERIALIZED (SELECT deal.asset_index_agg(id, offer, lat, lon) AS ix FROM assets)
SELECT c.id AS person_id, t.asset_id, t.score, a.capacity
FROM ix, caseload c, deal.top_matches(ix.ix, c.needs, c.interests, c.lat, c.lon, 30, 10) t
JOIN assets a ON a.id = t.asset_id
WHERE c.age BETWEEN coalesce(a.minimum_age, 0) AND coalesce(a.maximum_age, 200);
-- the scarce kinds: the people whose best match is one, against its places
SELECT s.kind, count(*) AS first_choices, p.places, round(count(*)::numeric / p.places, 1) AS per_place
FROM (SELECT DISTINCT ON (person_id) person_id, asset_id FROM candidates ORDER BY person_id, score DESC, asset_id) b
JOIN assets a ON a.id = b.asset_id, LATERAL (SELECT split_part(a.name, ',', 1) AS kind) s
JOIN (SELECT split_part(name, ',', 1) AS kind, sum(capacity) AS places FROM assets GROUP BY 1) p USING (kind)
GROUP BY s.kind, p.places ORDER BY count(*)::numeric / p.places DESC LIMIT 8;
-- greedy: the best scores first, each taking a place while any is left; first come: by resident id,
-- each taking their best asset with a place left
CREATE FUNCTION pg_temp.allocate_in_order(ordering text) RETURNS TABLE (placed int8, total float8) LANGUAGE plpgsql AS $$
DECLARE
	left_places int4[];
	placed_people boolean[];
	r record;
	n int8 := 0;
	sum float8 := 0;
BEGIN
	SELECT array_agg(capacity ORDER BY id) INTO left_places FROM (SELECT id, capacity FROM assets UNION ALL
		SELECT g, 0 FROM generate_series(1, (SELECT max(id) FROM service_at_location)) g WHERE g NOT IN (SELECT id FROM assets)) a;
	placed_people := array_fill(false, ARRAY[(SELECT max(id) FROM residents)::int]);
	FOR r IN EXECUTE 'SELECT person_id, asset_id, score FROM candidates WHERE score > 0 ORDER BY ' || ordering LOOP
		IF NOT placed_people[r.person_id] AND left_places[r.asset_id] > 0 THEN
			placed_people[r.person_id] := true;
			left_places[r.asset_id] := left_places[r.asset_id] - 1;
			n := n + 1;
			sum := sum + r.score;
		END IF;
	END LOOP;
	RETURN QUERY SELECT n, sum;
END
$$;
CREATE TEMP TABLE allocations AS
SELECT 'optimal: deal.allocate' AS method, count(*) AS placed, sum(score) AS total
FROM deal.allocate((SELECT deal.candidates_agg(person_id, asset_id, score, capacity) FROM candidates))
UNION ALL
SELECT 'greedy: best scores first', placed, total FROM pg_temp.allocate_in_order('score DESC, person_id, asset_id')
UNION ALL
SELECT 'first come: by resident id', placed, total FROM pg_temp.allocate_in_order('person_id, score DESC, asset_id');
SELECT (SELECT count(*) FROM caseload) AS caseload, (SELECT count(*) FROM candidates) AS candidate_pairs,
       (SELECT sum(capacity) FROM assets) AS places, (SELECT count(*) FROM assets) AS assets;
SELECT method, placed, round(total::numeric, 2) AS total_score,
       round((100 * (total / first_value(total) OVER (ORDER BY method DESC) - 1))::numeric, 2) AS against_optimal_percent
FROM allocations ORDER BY total DESC;
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'optimal allocation against greedy: total score, people placed',
       '+' || round((100 * (o.total / g.total - 1))::numeric, 2) || '%, +' || (o.placed - g.placed),
       'more than 0.3% higher, more people', o.total > g.total * 1.003 AND o.placed > g.placed
FROM allocations o, allocations g WHERE o.method LIKE 'optimal%' AND g.method LIKE 'greedy%';
INSERT INTO shape_checks (what, figure, expected, ok)
SELECT 'first come against optimal: total score', round((100 * (f.total / o.total - 1))::numeric, 2) || '%', 'lower',
       f.total < o.total
FROM allocations o, allocations f WHERE o.method LIKE 'optimal%' AND f.method LIKE 'first%';

\echo
\echo '== Checks'
SELECT what, figure, expected, CASE WHEN ok THEN 'ok' ELSE 'FAIL' END AS result FROM shape_checks ORDER BY n;
