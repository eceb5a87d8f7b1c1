-- Supporting Families (2022 rule): dependent children or an expectant parent, and at least 3
-- of the 10 headline needs.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- Three headline needs and children qualify; two do not; without children nothing does.
SELECT supporting_families_eligible('education, health, housing', true) AS three,
       supporting_families_eligible('education, health', true) AS two,
       supporting_families_eligible('education, health, housing', false) AS no_children,
       supporting_families_eligible('', true) AS no_needs;

-- A need counts when its weight is above 0: 0 and below do not.
SELECT supporting_families_eligible('education:0.1, health:2, housing:0.001', true) AS small_weights,
       supporting_families_eligible('education:0, health, housing', true) AS one_at_0,
       supporting_families_eligible('education:-1, health, housing', true) AS one_negative;

-- Other labels are not headline needs; labels are read in any case.
SELECT supporting_families_eligible('debt, loneliness, budgeting, housing', true) AS other_labels,
       supporting_families_eligible('EDUCATION, Health, crime', true) AS any_case;

-- NULL gives NULL.
SELECT supporting_families_eligible(NULL, true) IS NULL AS null_needs,
       supporting_families_eligible('education, health, housing', NULL) IS NULL AS null_children;

-- The explain twin: every headline need, counted or not, with its weight, then the children.
SELECT * FROM supporting_families_explain('education, health:0, housing, crime:0.5, debt', true);
SELECT * FROM supporting_families_explain('domestic_abuse, child_safety, financial_stability', false);

-- Eligibility is exactly: children counted and at least 3 needs counted, on many families.
CREATE TEMP TABLE families AS
SELECT f, profile(ARRAY['education', 'early_years', 'health', 'substance_use', 'family_relationships',
                        'child_safety', 'crime', 'domestic_abuse', 'housing', 'financial_stability', 'debt'],
                  ARRAY[(f * 7) % 3 - 1, (f * 11) % 4 - 1, (f * 13) % 3 - 1, (f * 17) % 5 - 2, (f * 19) % 3 - 1,
                        (f * 23) % 4 - 2, (f * 29) % 3 - 1, (f * 31) % 5 - 3, (f * 37) % 3 - 1, (f * 41) % 4 - 2, 1]::float8[]) AS needs,
       f % 4 <> 0 AS children
FROM generate_series(1, 400) f;
SELECT count(*) AS families,
       count(*) FILTER (WHERE supporting_families_eligible(needs, children)) AS eligible,
       count(*) FILTER (WHERE supporting_families_eligible(needs, children) =
                              (e.children_counted AND e.needs_counted >= 3)) AS explained
FROM families,
     LATERAL (SELECT count(*) FILTER (WHERE counted AND need <> 'dependent_children') AS needs_counted,
                     bool_or(counted) FILTER (WHERE need = 'dependent_children') AS children_counted
              FROM supporting_families_explain(needs, children)) e;

-- A realistic use: the families a needs register makes eligible, with the needs that counted.
CREATE TEMP TABLE family_needs (family_id int, need text, severity float8);
INSERT INTO family_needs VALUES
	(1, 'education', 0.8), (1, 'domestic_abuse', 1), (1, 'financial_stability', 0.6), (1, 'debt', 0.9),
	(2, 'health', 0.5), (2, 'housing', 0.7),
	(3, 'crime', 0.4), (3, 'substance_use', 0.9), (3, 'housing', 0), (3, 'child_safety', 0.3);
CREATE TEMP TABLE households (family_id int, dependent_children boolean);
INSERT INTO households VALUES (1, true), (2, true), (3, true);
SELECT h.family_id,
       supporting_families_eligible(n.needs, h.dependent_children) AS eligible,
       (SELECT string_agg(need, ', ') FROM supporting_families_explain(n.needs, h.dependent_children)
        WHERE counted AND need <> 'dependent_children') AS needs_counted
FROM households h
JOIN (SELECT family_id, profile_agg(need, severity) AS needs FROM family_needs GROUP BY family_id) n USING (family_id)
ORDER BY h.family_id;
