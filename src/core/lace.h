/*
 * lace.h: the LACE index (van Walraven et al., CMAJ 2010), the risk of death or unplanned
 * readmission within 30 days of leaving hospital, 0..19, from four parts:
 *   L  length of stay in days: 0 -> 0, 1 -> 1, 2 -> 2, 3 -> 3, 4-6 -> 4, 7-13 -> 5, 14+ -> 7
 *   A  acute (emergency) admission: 3, else 0
 *   C  Charlson comorbidity points: 0-3 as they are, 4 or more -> 5 (not 4)
 *   E  emergency department visits in the 6 months before: 0-3 as they are, 4 or more -> 4
 * and the bands in common use: low 0-4, moderate 5-9, high 10-19.
 *
 * The comorbidity points come from the conditions a patient has, each counted once; of the
 * three pairs that name a milder and a graver form of one disease (diabetes without
 * complications / with end-organ damage, mild / moderate or severe liver disease, any
 * tumour / metastatic solid tumour) only the graver scores when both are given.
 */
#ifndef DEAL_LACE_H
#define DEAL_LACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define LACE_MAX 19
#define LACE_N_CONDITIONS 14

/* The points of each part; they add up to the index. */
typedef struct LaceParts
{
	int			l;
	int			a;
	int			c;
	int			e;
} LaceParts;

/* A condition of the comorbidity part. */
typedef struct LaceCondition
{
	const char *code;			/* lower case, as deal.lace_comorbidity takes it */
	int			points;
	int			supersedes;		/* index of the milder form this one replaces, or -1 */
} LaceCondition;

/* The conditions, ordered by points, then as DOMAIN.md lists them. */
extern const LaceCondition lace_conditions[LACE_N_CONDITIONS];

/*
 * The parts of LACE; DEAL_BAD_ARGUMENT naming the argument (los_days, comorbidity_points or
 * ed_visits_6m) when one is negative, with the argument's 0-based index as the position.
 */
extern DealCode lace_parts(int32_t los_days, bool acute, int32_t comorbidity_points,
						   int32_t ed_visits_6m, LaceParts *parts, DealStatus *st);

/* The index: the sum of the parts. */
extern int	lace_total(const LaceParts *parts);

/* The band of a score, "low", "moderate" or "high"; DEAL_BAD_ARGUMENT outside 0..19. */
extern DealCode lace_band(int32_t score, const char **band, DealStatus *st);

/*
 * Index of condition code (len bytes, any case) in lace_conditions; DEAL_BAD_ARGUMENT
 * listing the accepted codes when it is none of them.
 */
extern DealCode lace_find_condition(const char *code, size_t len, int *index, DealStatus *st);

/* Comorbidity points of the conditions marked present, a graver form replacing its milder. */
extern int	lace_comorbidity_points(const bool present[LACE_N_CONDITIONS]);

#endif							/* DEAL_LACE_H */
