/*
 * test_families.c: the Supporting Families rule over needs profiles: which needs count
 * (weight above 0, any case), the threshold of 3, and the children condition.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_alloc.h"
#include "families.h"

#define A (&test_allocator)

/* How many headline needs of the profile text count, with each need's reading in needs. */
static int
counted_in(const char *text, FamiliesNeed needs[FAMILIES_N_NEEDS])
{
	ProfileEntry *entries;
	uint32_t	n;
	char	   *pool;
	char	   *flat;
	Profile		p;
	DealStatus	st;
	int			counted;

	if (profile_parse(text, A, &entries, &n, &pool, &st) != DEAL_OK)
		fail_msg("could not parse \"%s\": %s", text, st.detail);
	flat = deal_alloc(A, profile_flat_size(entries, n));
	profile_write(entries, n, flat);
	assert_int_equal(profile_open(&p, flat, profile_flat_size(entries, n), &st), DEAL_OK);
	counted = families_read_needs(&p, needs);
	deal_release(A, flat);
	deal_release(A, entries);
	deal_release(A, pool);
	return counted;
}

/* Is a family with these needs and children eligible? */
static bool
eligible(const char *text, bool children)
{
	FamiliesNeed needs[FAMILIES_N_NEEDS];

	return families_eligible(counted_in(text, needs), children);
}

/* The ten headline needs of DOMAIN.md, in its order. */
static void
test_needs_list(void **state)
{
	static const char *const domain[FAMILIES_N_NEEDS] = {
		"education", "early_years", "health", "substance_use", "family_relationships",
		"child_safety", "crime", "domestic_abuse", "housing", "financial_stability",
	};

	(void) state;
	for (int i = 0; i < FAMILIES_N_NEEDS; i++)
		assert_string_equal(families_needs[i], domain[i]);
}

/* Three needs and children qualify; two do not; no children, no eligibility. */
static void
test_threshold(void **state)
{
	(void) state;
	assert_true(eligible("education, health, housing", true));
	assert_false(eligible("education, health", true));
	assert_false(eligible("education, health, housing", false));
	assert_true(eligible("education, early_years, health, substance_use, family_relationships, "
						 "child_safety, crime, domestic_abuse, housing, financial_stability", true));
	assert_false(eligible("", true));
}

/* A need counts when its weight is above 0: 0 and negative weights do not. */
static void
test_weights(void **state)
{
	FamiliesNeed needs[FAMILIES_N_NEEDS];

	(void) state;
	assert_int_equal(counted_in("education:0.1, health:2, housing:1e-9", needs), 3);
	assert_int_equal(counted_in("education:0, health:1, housing:1", needs), 2);
	assert_true(needs[0].present);
	assert_false(needs[0].counted);
	assert_true(needs[0].weight == 0);
	assert_int_equal(counted_in("education:-1, health:1, housing:1", needs), 2);
	assert_false(eligible("education:0, health:1, housing:1", true));
	assert_false(needs[1].present);
	assert_false(needs[1].counted);
}

/* Other labels are not headline needs, and labels are read in any case. */
static void
test_other_labels(void **state)
{
	FamiliesNeed needs[FAMILIES_N_NEEDS];

	(void) state;
	assert_int_equal(counted_in("debt, loneliness, gardening, housing", needs), 1);
	assert_int_equal(counted_in("EDUCATION, Health, housing:0.5", needs), 3);
	assert_true(needs[8].counted);
	assert_true(needs[8].weight == 0.5);
	assert_false(eligible("debt, budgeting, benefits, domestic_abuse", true));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_needs_list),
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_other_labels),
	};

	return cmocka_run_group_tests_name("families", tests, NULL, NULL);
}
