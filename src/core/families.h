/*
 * families.h: the Supporting Families rule (England, 2022-25): a family qualifies when it has
 * dependent children or an expectant parent, and at least 3 of the 10 headline needs.
 *
 * The needs are read from a needs profile: a headline need counts when the profile has its
 * label with a weight above 0 (a need recorded as 0, or below, has been resolved or ruled
 * out).  Other labels are not headline needs and count for nothing here.
 */
#ifndef DEAL_FAMILIES_H
#define DEAL_FAMILIES_H

#include <stdbool.h>

#include "profile.h"

#define FAMILIES_N_NEEDS 10
#define FAMILIES_MIN_NEEDS 3

/* The headline needs, as labels, in the order of the programme's outcomes framework. */
extern const char *const families_needs[FAMILIES_N_NEEDS];

/* One headline need in a family's profile. */
typedef struct FamiliesNeed
{
	bool		present;		/* the label is in the profile */
	double		weight;			/* its weight, when present */
	bool		counted;		/* present with a weight above 0 */
} FamiliesNeed;

/* Read the headline needs of a profile into needs; returns how many count. */
extern int	families_read_needs(const Profile *profile, FamiliesNeed needs[FAMILIES_N_NEEDS]);

/* Does a family with these counted needs qualify? */
extern bool families_eligible(int counted, bool dependent_children);

#endif							/* DEAL_FAMILIES_H */
