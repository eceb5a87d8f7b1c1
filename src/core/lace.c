/*
 * lace.c: the LACE index, its parts and bands, and the comorbidity points of conditions.
 */
#include "lace.h"

#include <string.h>

#include "label.h"

const LaceCondition lace_conditions[LACE_N_CONDITIONS] = {
	{"previous_myocardial_infarction", 1, -1},
	{"cerebrovascular_disease", 1, -1},
	{"peripheral_vascular_disease", 1, -1},
	{"diabetes_without_complications", 1, -1},
	{"congestive_heart_failure", 2, -1},
	{"diabetes_with_end_organ_damage", 2, 3},
	{"chronic_pulmonary_disease", 2, -1},
	{"mild_liver_disease", 2, -1},
	{"renal_disease", 2, -1},
	{"any_tumour", 2, -1},
	{"dementia", 3, -1},
	{"connective_tissue_disease", 3, -1},
	{"moderate_severe_liver_disease", 4, 7},
	{"metastatic_solid_tumour", 6, 9},
};

/* Points for a length of stay of days (0 or more). */
static int
length_points(int32_t days)
{
	if (days <= 3)
		return days;
	if (days <= 6)
		return 4;
	if (days <= 13)
		return 5;
	return 7;
}

/* The parts of LACE; DEAL_BAD_ARGUMENT naming the argument when one is negative. */
DealCode
lace_parts(int32_t los_days, bool acute, int32_t comorbidity_points, int32_t ed_visits_6m,
		   LaceParts *parts, DealStatus *st)
{
	if (los_days < 0)
		return deal_fail(st, DEAL_BAD_ARGUMENT, 0,
						 "los_days is the length of stay in whole days, 0 or more; got %d.", (int) los_days);
	if (comorbidity_points < 0)
		return deal_fail(st, DEAL_BAD_ARGUMENT, 2,
						 "comorbidity_points are Charlson points, 0 or more; got %d.", (int) comorbidity_points);
	if (ed_visits_6m < 0)
		return deal_fail(st, DEAL_BAD_ARGUMENT, 3,
						 "ed_visits_6m counts emergency department visits, 0 or more; got %d.", (int) ed_visits_6m);
	parts->l = length_points(los_days);
	parts->a = acute ? 3 : 0;
	parts->c = comorbidity_points >= 4 ? 5 : comorbidity_points;
	parts->e = ed_visits_6m >= 4 ? 4 : ed_visits_6m;
	return DEAL_OK;
}

/* The index: the sum of the parts. */
int
lace_total(const LaceParts *parts)
{
	return parts->l + parts->a + parts->c + parts->e;
}

/* The band of a score, "low", "moderate" or "high"; DEAL_BAD_ARGUMENT outside 0..19. */
DealCode
lace_band(int32_t score, const char **band, DealStatus *st)
{
	if (score < 0 || score > LACE_MAX)
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "A LACE score is 0 to %d; got %d.", LACE_MAX, (int) score);
	*band = score <= 4 ? "low" : score <= 9 ? "moderate" : "high";
	return DEAL_OK;
}

/* Index of condition code (any case) in lace_conditions; DEAL_BAD_ARGUMENT listing them if none. */
DealCode
lace_find_condition(const char *code, size_t len, int *index, DealStatus *st)
{
	char		list[DEAL_DETAIL_SIZE];
	size_t		used = 0;

	for (int i = 0; i < LACE_N_CONDITIONS; i++)
	{
		if (strlen(lace_conditions[i].code) == len && deal_label_equals(lace_conditions[i].code, code, len))
		{
			*index = i;
			return DEAL_OK;
		}
	}
	list[0] = '\0';
	for (int i = 0; i < LACE_N_CONDITIONS; i++)
	{
		size_t		n = strlen(lace_conditions[i].code);

		if (used + n + 3 > sizeof(list))
			break;
		if (i > 0)
		{
			memcpy(list + used, ", ", 2);
			used += 2;
		}
		memcpy(list + used, lace_conditions[i].code, n);
		used += n;
		list[used] = '\0';
	}
	return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "The conditions LACE scores are %s.", list);
}

/* Comorbidity points of the conditions marked present, a graver form replacing its milder. */
int
lace_comorbidity_points(const bool present[LACE_N_CONDITIONS])
{
	bool		replaced[LACE_N_CONDITIONS] = {false};
	int			points = 0;

	for (int i = 0; i < LACE_N_CONDITIONS; i++)
		if (present[i] && lace_conditions[i].supersedes >= 0)
			replaced[lace_conditions[i].supersedes] = true;
	for (int i = 0; i < LACE_N_CONDITIONS; i++)
		if (present[i] && !replaced[i])
			points += lace_conditions[i].points;
	return points;
}
