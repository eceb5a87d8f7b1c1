-- LACE: the index, its parts and bands, and the comorbidity points of conditions.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- The vectors of DOMAIN.md: (5 days, acute, 2, 1) = 10; (0, elective, 0, 0) = 0; (20, acute, 7, 6) = 19.
SELECT lace(5, true, 2, 1) AS ten, lace(0, false, 0, 0) AS zero, lace(20, true, 7, 6) AS nineteen;
SELECT * FROM lace_explain(5, true, 2, 1);

-- L at every boundary: <1 = 0, 1, 2, 3, 4-6 = 4, 7-13 = 5, 14+ = 7.
SELECT d AS los_days, lace(d, false, 0, 0) AS l
FROM unnest(ARRAY[0, 1, 2, 3, 4, 6, 7, 13, 14, 365]) AS d;

-- C: 0-3 as they are, 4 or more score 5 (not 4); E: 0-3 as they are, 4 or more score 4.
SELECT c AS comorbidity_points, (SELECT points FROM lace_explain(0, false, c, 0) WHERE part = 'C') AS c_part,
       e AS ed_visits_6m, (SELECT points FROM lace_explain(0, false, 0, e) WHERE part = 'E') AS e_part
FROM unnest(ARRAY[0, 3, 4, 5], ARRAY[0, 3, 4, 9]) AS t(c, e);
SELECT lace(0, false, 4, 0) AS comorbidity_4_scores_5;

-- A: 3 for an acute (emergency) admission.
SELECT lace(0, true, 0, 0) AS acute, lace(0, false, 0, 0) AS elective;

-- The parts add up to the index, which stays in 0..19 and reaches both ends.
SELECT count(*) AS cases,
       count(*) FILTER (WHERE s.total = lace(d, a, c, e)) AS adding_up,
       min(s.total) AS lowest, max(s.total) AS highest
FROM generate_series(0, 20) d, (VALUES (true), (false)) v(a), generate_series(0, 8) c, generate_series(0, 6) e,
     LATERAL (SELECT sum(points) AS total FROM lace_explain(d, a, c, e)) s;

-- Bands at every boundary: low 0-4, moderate 5-9, high 10-19; outside 0..19 an error.
SELECT s AS score, lace_band(s) AS band FROM unnest(ARRAY[0, 4, 5, 9, 10, 19]) AS s;
SELECT error_of('SELECT deal.lace_band(-1)') AS below, error_of('SELECT deal.lace_band(20)') AS above;

-- Arguments out of range are 22023, naming the argument; NULL gives NULL.
SELECT error_of('SELECT deal.lace(-1, true, 0, 0)') AS los_days;
SELECT error_of('SELECT deal.lace(1, true, -2, 0)') AS comorbidity_points;
SELECT error_of('SELECT deal.lace(1, true, 0, -3)') AS ed_visits_6m;
SELECT error_of('SELECT * FROM deal.lace_explain(-1, true, 0, 0)') AS explain_los_days;
SELECT lace(NULL, true, 0, 0) IS NULL AS null_days, lace(1, NULL, 0, 0) IS NULL AS null_acute,
       (SELECT count(*) FROM lace_explain(1, true, NULL, 0)) AS explain_rows;

-- The conditions and their Charlson points.
SELECT * FROM lace_conditions();
SELECT condition, lace_comorbidity(ARRAY[condition]) = points AS alone_scores_its_points
FROM lace_conditions();

-- A repeat counts once, NULL elements are skipped, codes are read in any case, a graver form
-- replaces its milder one.
SELECT lace_comorbidity('{}') AS none,
       lace_comorbidity('{renal_disease,renal_disease}') AS repeated,
       lace_comorbidity('{renal_disease,NULL}') AS with_null,
       lace_comorbidity('{NULL}') AS only_null,
       lace_comorbidity('{Dementia,CONGESTIVE_HEART_FAILURE}') AS any_case,
       lace_comorbidity('{diabetes_without_complications,diabetes_with_end_organ_damage}') AS diabetes,
       lace_comorbidity('{mild_liver_disease,moderate_severe_liver_disease}') AS liver,
       lace_comorbidity('{any_tumour,metastatic_solid_tumour}') AS tumour,
       lace_comorbidity('{{dementia,renal_disease},{any_tumour,NULL}}') AS two_dimensions,
       lace_comorbidity(NULL) IS NULL AS null_array;
SELECT lace_comorbidity(array_agg(condition)) AS every_condition FROM lace_conditions();

-- An unknown code is 22023, listing the accepted ones.
SELECT error_of($$SELECT deal.lace_comorbidity('{renal_disease,diabetes}')$$);
SELECT split_part(error_of($$SELECT deal.lace_comorbidity('{" dementia"}')$$), ' | ', 1) AS blank_not_trimmed;

-- A realistic use: discharges with their conditions, scored and banded.
CREATE TEMP TABLE discharges (id int, los_days int, acute boolean, ed_visits_6m int, conditions text[]);
INSERT INTO discharges VALUES
	(1, 5, true, 1, '{congestive_heart_failure}'),
	(2, 0, false, 0, '{}'),
	(3, 20, true, 6, '{metastatic_solid_tumour,renal_disease}'),
	(4, 3, true, 4, '{chronic_pulmonary_disease,diabetes_without_complications,previous_myocardial_infarction}'),
	(5, 8, false, 2, '{dementia}');
SELECT id, lace(los_days, acute, lace_comorbidity(conditions), ed_visits_6m) AS lace,
       lace_band(lace(los_days, acute, lace_comorbidity(conditions), ed_visits_6m)) AS band
FROM discharges ORDER BY lace DESC, id;
