/*
 * test_lace.c: the LACE index: DOMAIN.md's vectors, every boundary of every part and band,
 * the comorbidity points of conditions, and arguments out of range.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lace.h"

/* LACE of the arguments, which must be valid. */
static int
lace(int32_t los_days, bool acute, int32_t comorbidity_points, int32_t ed_visits_6m)
{
	LaceParts	parts;
	DealStatus	st;

	assert_int_equal(lace_parts(los_days, acute, comorbidity_points, ed_visits_6m, &parts, &st), DEAL_OK);
	return lace_total(&parts);
}

/* The parts of valid arguments. */
static LaceParts
parts_of(int32_t los_days, bool acute, int32_t comorbidity_points, int32_t ed_visits_6m)
{
	LaceParts	parts;
	DealStatus	st;

	assert_int_equal(lace_parts(los_days, acute, comorbidity_points, ed_visits_6m, &parts, &st), DEAL_OK);
	return parts;
}

/* The vectors of DOMAIN.md. */
static void
test_domain_vectors(void **state)
{
	(void) state;
	assert_int_equal(lace(5, true, 2, 1), 10);
	assert_int_equal(lace(0, false, 0, 0), 0);
	assert_int_equal(lace(20, true, 7, 6), 19);
}

/* L at every boundary: <1 = 0, 1, 2, 3, 4-6 = 4, 7-13 = 5, 14+ = 7. */
static void
test_length_of_stay(void **state)
{
	static const int days[] = {0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 365, INT32_MAX};
	static const int points[] = {0, 1, 2, 3, 4, 4, 4, 5, 5, 5, 7, 7, 7, 7};

	(void) state;
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++)
	{
		assert_int_equal(parts_of(days[i], false, 0, 0).l, points[i]);
		assert_int_equal(lace(days[i], false, 0, 0), points[i]);
	}
}

/* A: 3 for an acute admission, 0 for an elective one. */
static void
test_acute(void **state)
{
	(void) state;
	assert_int_equal(parts_of(0, true, 0, 0).a, 3);
	assert_int_equal(parts_of(0, false, 0, 0).a, 0);
}

/* C: 0-3 as they are, 4 or more scores 5 (some public code scores 4 as 4: wrong). */
static void
test_comorbidity_part(void **state)
{
	(void) state;
	for (int c = 0; c <= 3; c++)
		assert_int_equal(parts_of(0, false, c, 0).c, c);
	assert_int_equal(parts_of(0, false, 4, 0).c, 5);
	assert_int_not_equal(parts_of(0, false, 4, 0).c, 4);
	assert_int_equal(parts_of(0, false, 5, 0).c, 5);
	assert_int_equal(parts_of(0, false, 6, 0).c, 5);
	assert_int_equal(parts_of(0, false, INT32_MAX, 0).c, 5);
	assert_int_equal(lace(0, false, 3, 0), 3);
	assert_int_equal(lace(0, false, 4, 0), 5);
}

/* E: 0-3 as they are, 4 or more scores 4. */
static void
test_ed_visits(void **state)
{
	(void) state;
	for (int e = 0; e <= 3; e++)
		assert_int_equal(parts_of(0, false, 0, e).e, e);
	assert_int_equal(parts_of(0, false, 0, 4).e, 4);
	assert_int_equal(parts_of(0, false, 0, 5).e, 4);
	assert_int_equal(parts_of(0, false, 0, INT32_MAX).e, 4);
}

/* Every combination of parts adds up, and the total is 0..19, reaching both ends. */
static void
test_totals(void **state)
{
	int			lowest = 100;
	int			highest = -1;

	(void) state;
	for (int d = 0; d <= 16; d++)
		for (int a = 0; a <= 1; a++)
			for (int c = 0; c <= 8; c++)
				for (int e = 0; e <= 6; e++)
				{
					LaceParts	p = parts_of(d, a, c, e);
					int			total = lace_total(&p);

					assert_int_equal(total, p.l + p.a + p.c + p.e);
					assert_in_range(total, 0, LACE_MAX);
					lowest = total < lowest ? total : lowest;
					highest = total > highest ? total : highest;
				}
	assert_int_equal(lowest, 0);
	assert_int_equal(highest, LACE_MAX);
}

/* Negative arguments are errors naming the argument. */
static void
test_out_of_range(void **state)
{
	LaceParts	parts = {42, 42, 42, 42};
	DealStatus	st;

	(void) state;
	assert_int_equal(lace_parts(-1, true, 0, 0, &parts, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "los_days"));
	assert_int_equal(st.position, 0);
	assert_int_equal(lace_parts(0, true, -1, 0, &parts, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "comorbidity_points"));
	assert_int_equal(st.position, 2);
	assert_int_equal(lace_parts(0, true, 0, -1, &parts, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "ed_visits_6m"));
	assert_int_equal(st.position, 3);
	assert_int_equal(lace_parts(INT32_MIN, true, 0, 0, &parts, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(parts.l, 42);
}

/* The band of a score. */
static const char *
band_of(int score)
{
	const char *band = NULL;
	DealStatus	st;

	assert_int_equal(lace_band(score, &band, &st), DEAL_OK);
	return band;
}

/* Bands low 0-4, moderate 5-9, high 10-19, at every boundary; outside 0..19 an error. */
static void
test_bands(void **state)
{
	const char *band = "unchanged";
	DealStatus	st;

	(void) state;
	assert_string_equal(band_of(0), "low");
	assert_string_equal(band_of(4), "low");
	assert_string_equal(band_of(5), "moderate");
	assert_string_equal(band_of(9), "moderate");
	assert_string_equal(band_of(10), "high");
	assert_string_equal(band_of(19), "high");
	assert_string_equal(band_of(lace(5, true, 2, 1)), "high");
	assert_int_equal(lace_band(-1, &band, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "0 to 19"));
	assert_int_equal(lace_band(20, &band, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(lace_band(INT32_MIN, &band, &st), DEAL_BAD_ARGUMENT);
	assert_string_equal(band, "unchanged");
}

/* Points of a list of condition codes (each must be known). */
static int
points_of(const char *const *codes, size_t n)
{
	bool		present[LACE_N_CONDITIONS] = {false};
	DealStatus	st;

	for (size_t i = 0; i < n; i++)
	{
		int			at = -1;

		assert_int_equal(lace_find_condition(codes[i], strlen(codes[i]), &at, &st), DEAL_OK);
		present[at] = true;
	}
	return lace_comorbidity_points(present);
}

/* Each condition alone scores DOMAIN.md's points. */
static void
test_condition_points(void **state)
{
	static const struct
	{
		const char *code;
		int			points;
	}			domain[] = {
		{"previous_myocardial_infarction", 1}, {"cerebrovascular_disease", 1},
		{"peripheral_vascular_disease", 1}, {"diabetes_without_complications", 1},
		{"congestive_heart_failure", 2}, {"diabetes_with_end_organ_damage", 2},
		{"chronic_pulmonary_disease", 2}, {"mild_liver_disease", 2}, {"renal_disease", 2},
		{"any_tumour", 2}, {"dementia", 3}, {"connective_tissue_disease", 3},
		{"moderate_severe_liver_disease", 4}, {"metastatic_solid_tumour", 6},
	};

	(void) state;
	assert_int_equal(sizeof(domain) / sizeof(domain[0]), LACE_N_CONDITIONS);
	for (int i = 0; i < LACE_N_CONDITIONS; i++)
	{
		assert_string_equal(lace_conditions[i].code, domain[i].code);
		assert_int_equal(lace_conditions[i].points, domain[i].points);
		assert_int_equal(points_of(&domain[i].code, 1), domain[i].points);
	}
	assert_int_equal(points_of(NULL, 0), 0);
}

/* Conditions add up, a repeat counts once, and a graver form replaces its milder one. */
static void
test_condition_sets(void **state)
{
	static const char *const heart[] = {"previous_myocardial_infarction", "congestive_heart_failure"};
	static const char *const repeated[] = {"renal_disease", "renal_disease", "RENAL_DISEASE"};
	static const char *const diabetes[] = {"diabetes_without_complications", "diabetes_with_end_organ_damage"};
	static const char *const liver[] = {"moderate_severe_liver_disease", "mild_liver_disease"};
	static const char *const tumour[] = {"any_tumour", "metastatic_solid_tumour", "dementia"};
	bool		all[LACE_N_CONDITIONS];

	(void) state;
	assert_int_equal(points_of(heart, 2), 3);
	assert_int_equal(points_of(repeated, 3), 2);
	assert_int_equal(points_of(diabetes, 2), 2);
	assert_int_equal(points_of(liver, 2), 4);
	assert_int_equal(points_of(tumour, 3), 9);
	for (int i = 0; i < LACE_N_CONDITIONS; i++)
		all[i] = true;
	/* 4 x 1 + 6 x 2 + 2 x 3 + 4 + 6, less the three milder forms (1 + 2 + 2) */
	assert_int_equal(lace_comorbidity_points(all), 4 + 12 + 6 + 4 + 6 - 5);
}

/* An unknown code is an error listing every accepted one; codes are read in any case. */
static void
test_unknown_condition(void **state)
{
	DealStatus	st;
	int			at = -1;

	(void) state;
	assert_int_equal(lace_find_condition("Dementia", 8, &at, &st), DEAL_OK);
	assert_int_equal(at, 10);
	assert_int_equal(lace_find_condition("dementia", 7, &at, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(lace_find_condition("diabetes", 8, &at, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(lace_find_condition("", 0, &at, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(lace_find_condition("any tumour", 10, &at, &st), DEAL_BAD_ARGUMENT);
	for (int i = 0; i < LACE_N_CONDITIONS; i++)
		assert_non_null(strstr(st.detail, lace_conditions[i].code));
	assert_non_null(strstr(st.detail, "metastatic_solid_tumour."));
	assert_int_equal(at, 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_domain_vectors),
		cmocka_unit_test(test_length_of_stay),
		cmocka_unit_test(test_acute),
		cmocka_unit_test(test_comorbidity_part),
		cmocka_unit_test(test_ed_visits),
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_condition_points),
		cmocka_unit_test(test_condition_sets),
		cmocka_unit_test(test_unknown_condition),
	};

	return cmocka_run_group_tests_name("lace", tests, NULL, NULL);
}
