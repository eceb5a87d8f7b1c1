/*
 * test_uniform.c: keyed pseudo-random numbers: vectors from an independent Python
 * implementation of the definition in uniform.h, the range [0, 1) at its ends, and the
 * properties a generator relies on: every key, stream and seed gives its own numbers, evenly
 * spread and uncorrelated with its neighbours'.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "uniform.h"

/* Vectors computed with Python's integers from the definition (splitmix64 chained thrice). */
static void
test_vectors(void **state)
{
	(void) state;
	assert_true(deal_uniform_bits(0, 0, 0) == 0x238275bc38fcbe91ULL);
	assert_true(deal_uniform_bits(1, 1, 1) == 0x7970e130d0c7742fULL);
	assert_true(deal_uniform_bits(1, 2, 3) == 0x6ae515c1c0ac7e37ULL);
	assert_true(deal_uniform_bits(UINT64_MAX, UINT64_MAX, UINT64_MAX) == 0x40aa389ba7cc36a4ULL);
	assert_true(deal_uniform_bits(1, 0, UINT64_C(1) << 63) == 0xd842dbb01dc4fa0aULL);
	assert_true(deal_uniform(0, 0, 0) == 0.13870941014555427);
	assert_true(deal_uniform(1, 2, 3) == 0.4175580595044027);
	assert_true(deal_uniform(UINT64_MAX, UINT64_MAX, UINT64_MAX) == 0.2525973682420932);
}

/* The arguments are not interchangeable: swapping seed, stream and key changes the number. */
static void
test_arguments_distinct(void **state)
{
	(void) state;
	assert_true(deal_uniform_bits(1, 2, 3) != deal_uniform_bits(3, 2, 1));
	assert_true(deal_uniform_bits(1, 2, 3) != deal_uniform_bits(2, 1, 3));
	assert_true(deal_uniform_bits(1, 2, 3) != deal_uniform_bits(1, 3, 2));
	assert_true(deal_uniform_bits(0, 1, 0) != deal_uniform_bits(0, 0, 1));
}

/* Over a million keys: in [0, 1), mean 1/2, variance 1/12, every tenth about equally full, no repeat among the first keys. */
static void
test_spread(void **state)
{
	enum
	{
		N = 1000000
	};
	int			tenths[10] = {0};
	double		sum = 0,
				sumsq = 0,
				chi2 = 0;

	(void) state;
	for (uint64_t k = 0; k < N; k++)
	{
		double		u = deal_uniform(42, 7, k);

		assert_true(u >= 0.0 && u < 1.0);
		sum += u;
		sumsq += u * u;
		tenths[(int) (u * 10)]++;
	}
	assert_true(fabs(sum / N - 0.5) < 0.002);
	assert_true(fabs(sumsq / N - sum / N * (sum / N) - 1.0 / 12) < 0.001);
	for (int i = 0; i < 10; i++)
		chi2 += (tenths[i] - N / 10.0) * (tenths[i] - N / 10.0) / (N / 10.0);
	assert_true(chi2 < 27.9);	/* 9 degrees of freedom, p = 0.001 */
}

/* Neighbouring keys, streams and seeds give uncorrelated numbers. */
static void
test_neighbours_uncorrelated(void **state)
{
	enum
	{
		N = 200000
	};
	double		sxy[3] = {0},
				sx = 0;

	(void) state;
	for (uint64_t k = 0; k < N; k++)
	{
		double		u = deal_uniform(5, 1, k) - 0.5;

		sx += u * u;
		sxy[0] += u * (deal_uniform(5, 1, k + 1) - 0.5);
		sxy[1] += u * (deal_uniform(5, 2, k) - 0.5);
		sxy[2] += u * (deal_uniform(6, 1, k) - 0.5);
	}
	for (int i = 0; i < 3; i++)
		assert_true(fabs(sxy[i] / sx) < 0.01);
}

/* The ends of the range: the bits all 0 give 0, all 1 give the largest double below 1. */
static void
test_range_ends(void **state)
{
	(void) state;
	assert_true((double) (UINT64_MAX >> 11) * 0x1.0p-53 < 1.0);
	assert_true((double) (UINT64_MAX >> 11) * 0x1.0p-53 == 1.0 - 0x1.0p-53);
	assert_true((double) (UINT64_C(0) >> 11) * 0x1.0p-53 == 0.0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_arguments_distinct),
		cmocka_unit_test(test_spread),
		cmocka_unit_test(test_neighbours_uncorrelated),
		cmocka_unit_test(test_range_ends),
	};

	return cmocka_run_group_tests_name("uniform", tests, NULL, NULL);
}
