/*
 * families.c: the Supporting Families rule over a needs profile.
 */
#include "families.h"

#include <string.h>

const char *const families_needs[FAMILIES_N_NEEDS] = {
	"education", "early_years", "health", "substance_use", "family_relationships",
	"child_safety", "crime", "domestic_abuse", "housing", "financial_stability",
};

/* Read the headline needs of a profile into needs; returns how many count. */
int
families_read_needs(const Profile *profile, FamiliesNeed needs[FAMILIES_N_NEEDS])
{
	int			counted = 0;

	for (int i = 0; i < FAMILIES_N_NEEDS; i++)
	{
		int64_t		at = profile_find(profile, families_needs[i], strlen(families_needs[i]));

		needs[i].present = at >= 0;
		needs[i].weight = at >= 0 ? profile_weight(profile, (uint32_t) at) : 0;
		needs[i].counted = at >= 0 && needs[i].weight > 0;
		counted += needs[i].counted;
	}
	return counted;
}

/* Does a family with these counted needs qualify? */
bool
families_eligible(int counted, bool dependent_children)
{
	return dependent_children && counted >= FAMILIES_MIN_NEEDS;
}
