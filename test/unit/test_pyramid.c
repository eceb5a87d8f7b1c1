/*
 * test_pyramid.c: placing a ranked population in the risk pyramid: the default shares, the
 * boundaries, ties, shares that binary floating point cannot hold exactly, and bad arguments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pyramid.h"

/* The level of a valid rank. */
static int
level_of(int64_t rank, int64_t population, double level3, double level2)
{
	DealStatus	st;
	int			level = 0;

	assert_int_equal(pyramid_level(rank, population, level3, level2, &level, &st), DEAL_OK);
	return level;
}

/* How many of ranks 1..population (all distinct) each level holds. */
static void
count_levels(int64_t population, double level3, double level2, int64_t counts[4])
{
	memset(counts, 0, 4 * sizeof(int64_t));
	for (int64_t r = 1; r <= population; r++)
		counts[level_of(r, population, level3, level2)]++;
}

/* With the defaults, 5%, 20% and the rest, at their boundaries. */
static void
test_defaults(void **state)
{
	int64_t		counts[4];

	(void) state;
	assert_int_equal(level_of(1, 100, PYRAMID_LEVEL3_DEFAULT, PYRAMID_LEVEL2_DEFAULT), 3);
	assert_int_equal(level_of(5, 100, PYRAMID_LEVEL3_DEFAULT, PYRAMID_LEVEL2_DEFAULT), 3);
	assert_int_equal(level_of(6, 100, PYRAMID_LEVEL3_DEFAULT, PYRAMID_LEVEL2_DEFAULT), 2);
	assert_int_equal(level_of(25, 100, PYRAMID_LEVEL3_DEFAULT, PYRAMID_LEVEL2_DEFAULT), 2);
	assert_int_equal(level_of(26, 100, PYRAMID_LEVEL3_DEFAULT, PYRAMID_LEVEL2_DEFAULT), 1);
	assert_int_equal(level_of(100, 100, PYRAMID_LEVEL3_DEFAULT, PYRAMID_LEVEL2_DEFAULT), 1);
	count_levels(323000, PYRAMID_LEVEL3_DEFAULT, PYRAMID_LEVEL2_DEFAULT, counts);
	assert_int_equal(counts[3], 16150);
	assert_int_equal(counts[2], 64600);
	assert_int_equal(counts[1], 242250);
}

/* Shares that are not whole numbers of people round up; products near whole numbers snap. */
static void
test_rounding(void **state)
{
	int64_t		counts[4];

	(void) state;
	/* 5% of 10 is half a person: the first is in level 3 */
	count_levels(10, 0.05, 0.20, counts);
	assert_int_equal(counts[3], 1);
	assert_int_equal(counts[2], 2);
	assert_int_equal(counts[1], 7);
	/* 0.07 x 100 is 7.000000000000001 in binary floating point */
	count_levels(100, 0.07, 0.23, counts);
	assert_int_equal(counts[3], 7);
	assert_int_equal(counts[2], 23);
	assert_int_equal(counts[1], 70);
	count_levels(1, 0.05, 0.20, counts);
	assert_int_equal(counts[3], 1);
	count_levels(7, 0, 0, counts);
	assert_int_equal(counts[1], 7);
	count_levels(7, 1, 0, counts);
	assert_int_equal(counts[3], 7);
	count_levels(1000, 0.01, 0.3, counts);
	assert_int_equal(counts[3], 10);
	assert_int_equal(counts[2], 300);
}

/* Equal ranks (equal scores) share a level, even when that makes level 3 larger. */
static void
test_ties(void **state)
{
	(void) state;
	/* ranks 1,1,1,1,1,1 (six tied at the top of 100): all level 3 */
	for (int i = 0; i < 6; i++)
		assert_int_equal(level_of(1, 100, 0.05, 0.20), 3);
	assert_int_equal(level_of(7, 100, 0.05, 0.20), 2);
}

/* Bad ranks, populations and shares are errors naming the argument. */
static void
test_bad_arguments(void **state)
{
	DealStatus	st;
	int			level = 42;

	(void) state;
	assert_int_equal(pyramid_level(0, 10, 0.05, 0.2, &level, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "rank"));
	assert_int_equal(st.position, 0);
	assert_int_equal(pyramid_level(11, 10, 0.05, 0.2, &level, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(pyramid_level(1, 0, 0.05, 0.2, &level, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "population"));
	assert_int_equal(st.position, 1);
	assert_int_equal(pyramid_level(1, 10, -0.01, 0.2, &level, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "level3"));
	assert_int_equal(st.position, 2);
	assert_int_equal(pyramid_level(1, 10, 0.05, 1.5, &level, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "level2"));
	assert_int_equal(st.position, 3);
	assert_int_equal(pyramid_level(1, 10, 0.6, 0.5, &level, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(pyramid_level(1, 10, 0.0 / 0.0, 0.2, &level, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(level, 42);
	assert_int_equal(level_of(1, 10, 0.7, 0.3), 3);
}

/* The names of the levels. */
static void
test_names(void **state)
{
	(void) state;
	assert_string_equal(pyramid_level_names[3], "intensive case management");
	assert_string_equal(pyramid_level_names[2], "care management");
	assert_string_equal(pyramid_level_names[1], "supported self-care");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("pyramid", tests, NULL, NULL);
}
