-- test/hardening/views.sql: views over the demo borough's tables (dataset.sql) that call
-- deal's functions, operators and aggregates, so that sqlsmith's random queries over them
-- (joins, filters, limits, parallel plans) run deal's code in many plan shapes.
SET client_min_messages = warning;
SET search_path = public, deal;
CREATE VIEW v_components AS
SELECT s.area, c.* FROM stored s, deal.components(s.g) c;
CREATE VIEW v_neighbourhood AS
SELECT s.area, n.* FROM stored s, deal.neighbourhood(s.g, 'person', s.person, 2) n;
CREATE VIEW v_paths AS
SELECT s.area, p.* FROM stored s, deal.shortest_path(s.g, 'person', s.person, 'professional', s.professional) p;
CREATE VIEW v_articulation AS
SELECT s.area, a.* FROM stored s, deal.articulation_points(s.g, NULL, date '2023-06-01') a;
CREATE VIEW v_teams AS
SELECT s.area, t.* FROM stored s, deal.team_around_family(s.g, '{parent_of,partner_of,lives_at}', '{involved_with}') t;
CREATE VIEW v_graph_facts AS
SELECT area, deal.graph_nodes(g) AS nodes, deal.graph_edges(g) AS edges, length(deal.to_dot(g)) AS dot_length,
	   deal.asset_index_assets(ix) AS assets, length(cands::text) AS candidates_length
FROM stored;
CREATE VIEW v_top_matches AS
SELECT p.id, t.* FROM people p JOIN stored s USING (area),
	 deal.top_matches(s.ix, p.needs, p.interests, p.lat, p.lon, 3) t;
CREATE VIEW v_allocation AS
SELECT s.area, a.* FROM stored s, deal.allocate(s.cands) a;
CREATE VIEW v_scores AS
SELECT p.id, p.nhs, p.home, p.needs,
	   deal.match_score(p.needs, p.interests, a.offer, deal.km(p.lat, p.lon, a.lat, a.lon), 5) AS match,
	   deal.cosine(p.needs, a.offer) AS cosine, deal.dot(p.needs, a.offer) AS dot,
	   p.needs <=> a.offer AS distance, p.needs + a.offer AS added, p.needs * 0.5 AS scaled,
	   p.needs && a.offer AS overlaps, p.needs @> a.offer AS contains, p.needs ? 'debt' AS has_debt,
	   p.needs -> 'debt' AS debt, deal.labels(p.needs) AS labels,
	   deal.lace(p.los_days, p.acute, deal.lace_comorbidity(p.conditions), p.ed_visits) AS lace,
	   deal.lace_band(deal.lace(p.los_days, p.acute, deal.lace_comorbidity(p.conditions), p.ed_visits)) AS band,
	   deal.efi_score(p.frailty) AS efi, deal.efi_category(p.frailty) AS frailty_category,
	   deal.efi_count(p.frailty | s.frail) AS union_count, p.frailty && s.frail AS shares_deficit,
	   deal.efi_codes(p.frailty - s.frail) AS codes,
	   deal.logistic_score(s.model, p.needs) AS risk,
	   deal.supporting_families_eligible(p.needs, p.children) AS eligible,
	   deal.pseudonym(p.nhs, '\x000102030405060708090a0b0c0d0e0f'::bytea) AS pseudonym,
	   deal.postcode_sector(p.home) AS sector, deal.postcode_area(p.home) AS postcode_area,
	   deal.uprn_padded(p.uprn) AS uprn, deal.nhs_number_is_placeholder(p.nhs) AS placeholder,
	   deal.risk_level(rank() OVER (ORDER BY deal.logistic_score(s.model, p.needs) DESC)::int,
					   (count(*) OVER ())::int) AS level
FROM people p JOIN stored s USING (area) JOIN assets a ON a.area = p.area;
CREATE VIEW v_explanations AS
SELECT p.id, 'match' AS what, e.label, e.contribution
FROM people p JOIN assets a USING (area), deal.match_explain(p.needs, p.interests, a.offer) e
UNION ALL
SELECT p.id, 'model', e.label, e.contribution
FROM people p JOIN stored s USING (area), deal.score_explain(s.model, p.needs) e
UNION ALL
SELECT p.id, 'lace', e.part, e.points
FROM people p, deal.lace_explain(p.los_days, p.acute, 1, p.ed_visits) e
UNION ALL
SELECT p.id, 'families', e.need, e.weight
FROM people p, deal.supporting_families_explain(p.needs, p.children) e
UNION ALL
SELECT p.id, 'each', e.label, e.weight FROM people p, deal.each(p.needs) e
UNION ALL
SELECT p.id, 'efi', d.code, 1 FROM people p, deal.efi_deficits(p.frailty) d;
CREATE VIEW v_area_aggregates AS
SELECT p.area, deal.union_agg(p.needs) AS needs, deal.efi_agg(p.frailty) AS frailty,
	   deal.min(p.nhs) AS first_nhs, deal.max(p.home) AS last_home,
	   deal.auc(deal.logistic_score(s.model, p.needs), p.outcome) AS auc,
	   deal.graph_agg(p.id, p.id % 7) AS graph,
	   deal.asset_index_agg(p.id, p.interests, p.lat, p.lon) AS index,
	   deal.candidates_agg(p.id, p.area, 0.5, 2) AS candidates
FROM people p JOIN stored s USING (area)
GROUP BY p.area;
CREATE VIEW v_labels AS
SELECT p.area, e.label, deal.profile_agg(e.label, e.weight) AS profile
FROM people p, deal.each(p.needs) e GROUP BY p.area, e.label;
CREATE VIEW v_peaks AS
SELECT e.service, e.person_id % 10 AS area, deal.peak_events(e.ts, interval '30 days') AS peak_month,
	   deal.peak_events(e.ts, interval '7 days') AS peak_week
FROM events e GROUP BY 1, 2;
CREATE VIEW v_model AS
SELECT deal.logistic_fit(p.outcome, p.needs, 1.0) AS model FROM people p;
CREATE VIEW v_identifiers AS
SELECT p.id, p.nhs, p.home, p.uprn, p.frailty,
	   deal.nhs_number_is_valid(p.nhs::text) AS valid_nhs, deal.nhs_number(p.nhs::text::int8) AS nhs_again,
	   deal.postcode_is_valid(p.home::text) AS valid_home, deal.postcode_district(p.home) AS district,
	   deal.postcode_outward(p.home) AS outward, deal.postcode_inward(p.home) AS inward,
	   p.nhs = s.lead AS is_lead, p.nhs < s.lead AS before_lead, p.home >= s.office AS after_office,
	   p.frailty = s.frail AS same_frailty, p.frailty < s.frail AS less_frail, p.frailty <@ s.frail AS within,
	   p.frailty & s.frail AS shared_deficits, p.frailty @> s.frail AS covers,
	   deal.risk_level_name(1 + (p.id % 3)::int) AS level_name, deal.uniform(1, 2, p.id) AS draw,
	   p.needs = p.interests AS same_profiles, p.needs < p.interests AS profile_before
FROM people p JOIN stored s USING (area);
CREATE VIEW v_distinct AS
SELECT DISTINCT p.nhs, p.home, p.frailty, p.needs, p.uprn FROM people p;
CREATE VIEW v_grouped AS
SELECT p.frailty, p.home, count(*) AS people, deal.union_agg(p.interests) AS interests, deal.min(p.nhs) AS first_nhs
FROM people p GROUP BY p.frailty, p.home;
CREATE VIEW v_lace_conditions AS
SELECT c.*, deal.lace_comorbidity(ARRAY[c.condition, c.replaces]) AS with_milder FROM deal.lace_conditions() c;
CREATE VIEW v_pseudonyms AS
SELECT p.id, deal.pseudonym(p.nhs, '\x000102030405060708090a0b0c0d0e0f'::bytea) AS pseudonym,
	   deal.uprn_padded(p.uprn) AS uprn, deal.km(p.lat, p.lon, a.lat, a.lon) AS km_to_asset
FROM people p JOIN assets a USING (area);
