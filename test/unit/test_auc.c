/*
 * test_auc.c: the c-statistic against brute force over every pair, ties and PostgreSQL's
 * order of NaN, -0 and infinities, order and split independence, the serialised state (every
 * byte defined, malformed input refused), out-of-memory paths; and the radix sort under it.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_alloc.h"
#include "auc.h"
#include "radix.h"

/* A small deterministic random generator (xorshift64*). */
static uint64_t
next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Compare two keys for qsort. */
static int
compare_keys(const void *x, const void *y)
{
	uint64_t	a = *(const uint64_t *) x;
	uint64_t	b = *(const uint64_t *) y;

	return a < b ? -1 : a > b;
}

/* The radix sort agrees with qsort, on random keys and on keys sharing most bytes. */
static void
test_radix(void **state)
{
	enum {N = 5000};
	static uint64_t keys[N],
				expected[N],
				tmp[N];
	uint64_t	s = 1;

	(void) state;
	for (int shape = 0; shape < 3; shape++)
	{
		for (int i = 0; i < N; i++)
		{
			uint64_t	r = next_random(&s);

			keys[i] = shape == 0 ? r : shape == 1 ? (r & 0xFF00) | 0x1234000000000000ULL : r % 3;
			expected[i] = keys[i];
		}
		qsort(expected, N, sizeof(uint64_t), compare_keys);
		radix_sort(keys, tmp, N, NULL);
		assert_memory_equal(keys, expected, sizeof(keys));
	}
	radix_sort(keys, tmp, 0, NULL);
}

/* Double keys order as PostgreSQL orders float8. */
static void
test_double_keys(void **state)
{
	static const double ordered[] = {-INFINITY, -1e308, -1, -5e-324, 0, 5e-324, 1, 1e308, INFINITY, NAN};
	size_t		n = sizeof(ordered) / sizeof(ordered[0]);

	(void) state;
	for (size_t i = 0; i + 1 < n; i++)
		assert_true(radix_double_key(ordered[i]) < radix_double_key(ordered[i + 1]));
	assert_true(radix_double_key(-0.0) == radix_double_key(0.0));
	assert_true(radix_double_key(-NAN) == radix_double_key(NAN));
}

/* 2U over every pair: 2 for each pair the positive wins, 1 for each tie (PostgreSQL's order). */
static uint64_t
brute_twice_u(const double *scores, const bool *outcome, int n)
{
	uint64_t	twice = 0;

	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			if (outcome[i] && !outcome[j])
			{
				uint64_t	a = radix_double_key(scores[i]);
				uint64_t	b = radix_double_key(scores[j]);

				twice += a > b ? 2 : a == b ? 1 : 0;
			}
	return twice;
}

/* The c-statistic of n rows through s (allocator alloc), split at split into two merged states. */
static void
auc_of(const double *scores, const bool *outcome, int n, int split, double *auc, bool *defined)
{
	AucScores	a,
				b;
	DealStatus	st;

	auc_init(&a, &test_allocator);
	auc_init(&b, &test_allocator);
	for (int i = 0; i < n; i++)
		assert_int_equal(auc_add(i < split ? &a : &b, scores[i], outcome[i], &st), DEAL_OK);
	assert_int_equal(auc_merge(&b, &a, &st), DEAL_OK);
	assert_int_equal(auc_compute(&b, NULL, auc, defined, &st), DEAL_OK);
	auc_free(&a);
	auc_free(&b);
}

/* Against brute force, with many ties and the odd NaN, -0 and infinity; any order or split. */
static void
test_brute_force(void **state)
{
	enum {N = 300};
	double		scores[N];
	bool		outcome[N];
	uint64_t	s = 11;

	(void) state;
	for (int trial = 0; trial < 40; trial++)
	{
		int			n = 1 + (int) (next_random(&s) % N);
		int			positives = 0;
		double		auc,
					again;
		bool		defined;

		for (int i = 0; i < n; i++)
		{
			uint64_t	r = next_random(&s);

			scores[i] = (double) (r % 7) / 2 - 1;		/* seven values: ties galore */
			if (r % 53 == 0)
				scores[i] = NAN;
			else if (r % 59 == 0)
				scores[i] = -0.0;
			else if (r % 61 == 0)
				scores[i] = -INFINITY;
			outcome[i] = (r >> 20) % 3 == 0;
			positives += outcome[i];
		}
		auc_of(scores, outcome, n, (int) (next_random(&s) % (uint64_t) (n + 1)), &auc, &defined);
		if (positives == 0 || positives == n)
		{
			assert_false(defined);
			continue;
		}
		assert_true(defined);
		assert_true(auc == (double) brute_twice_u(scores, outcome, n) / (2.0 * positives * (n - positives)));

		/* reversed order, another split: the same value to the last bit */
		for (int i = 0; i < n / 2; i++)
		{
			double		t = scores[i];
			bool		o = outcome[i];

			scores[i] = scores[n - 1 - i];
			outcome[i] = outcome[n - 1 - i];
			scores[n - 1 - i] = t;
			outcome[n - 1 - i] = o;
		}
		auc_of(scores, outcome, n, n / 3, &again, &defined);
		assert_memory_equal(&auc, &again, sizeof(double));
	}
}

/* Known values: perfect, reversed, all tied, and a hand-counted case. */
static void
test_known(void **state)
{
	static const double s1[] = {0.1, 0.2, 0.3, 0.4};
	static const bool o1[] = {false, false, true, true};
	static const bool o2[] = {true, true, false, false};
	static const double tied[] = {0.5, 0.5, 0.5};
	static const bool o3[] = {true, false, false};
	/* positives 0.8 and 0.4; negatives 0.4 and 0.1: pairs 1 + 1 + 0.5 + 1 = 3.5 of 4 */
	static const double s4[] = {0.8, 0.4, 0.4, 0.1};
	static const bool o4[] = {true, true, false, false};
	double		auc;
	bool		defined;

	(void) state;
	auc_of(s1, o1, 4, 2, &auc, &defined);
	assert_true(defined && auc == 1);
	auc_of(s1, o2, 4, 1, &auc, &defined);
	assert_true(defined && auc == 0);
	auc_of(tied, o3, 3, 0, &auc, &defined);
	assert_true(defined && auc == 0.5);
	auc_of(s4, o4, 4, 4, &auc, &defined);
	assert_true(defined && auc == 0.875);
	auc_of(s4, o4, 0, 0, &auc, &defined);
	assert_false(defined);
}

/* Build a state through alloc. */
static DealCode
build_scores(AucScores *s, const DealAllocator *alloc, DealStatus *st)
{
	auc_init(s, alloc);
	for (int i = 0; i < 300; i++)
		if (auc_add(s, i % 13 == 0 ? -0.0 : (double) ((i * 37) % 101) / 7, i % 3 == 0, st) != DEAL_OK)
			return st->code;
	return DEAL_OK;
}

/* The serialised state round-trips, every byte written; malformed states are refused. */
static void
test_serial(void **state)
{
	AucScores	s[2],
				back;
	char	   *bytes[2];
	char	   *again;
	size_t		size = 0;
	DealStatus	st;
	double		a1,
				a2;
	bool		d1,
				d2;

	(void) state;
	for (int g = 0; g < 2; g++)
	{
		assert_int_equal(build_scores(&s[g], &test_garbage_allocators[g], &st), DEAL_OK);
		size = auc_serial_size(&s[g]);
		bytes[g] = deal_alloc(&test_garbage_allocators[g], size);
		auc_serialize(&s[g], bytes[g]);
	}
	assert_memory_equal(bytes[0], bytes[1], size);
	auc_init(&back, &test_allocator);
	assert_int_equal(auc_deserialize(&back, bytes[0], size, &st), DEAL_OK);
	again = test_malloc(size);
	auc_serialize(&back, again);
	assert_memory_equal(again, bytes[0], size);
	assert_int_equal(auc_compute(&back, NULL, &a1, &d1, &st), DEAL_OK);
	assert_int_equal(auc_compute(&s[0], NULL, &a2, &d2, &st), DEAL_OK);
	assert_true(d1 && d2 && a1 == a2);
	for (size_t cut = 0; cut < size; cut++)
	{
		AucScores	bad;

		auc_init(&bad, &test_allocator);
		assert_int_equal(auc_deserialize(&bad, bytes[0], cut, &st), DEAL_BAD_BINARY);
		auc_free(&bad);
	}
	{
		uint64_t	huge = UINT64_MAX;
		AucScores	bad;

		memcpy(again, bytes[0], size);
		memcpy(again + 8, &huge, 8);
		auc_init(&bad, &test_allocator);
		assert_int_equal(auc_deserialize(&bad, again, size, &st), DEAL_BAD_BINARY);
		auc_free(&bad);
	}
	test_free(again);
	auc_free(&back);
	for (int g = 0; g < 2; g++)
	{
		deal_release(&test_garbage_allocators[g], bytes[g]);
		auc_free(&s[g]);
	}
}

/* Every allocation that can fail fails cleanly. */
static void
test_out_of_memory(void **state)
{
	bool		done[3] = {false, false, false};

	(void) state;
	for (long budget = 0; !(done[0] && done[1] && done[2]); budget++)
	{
		AucScores	s,
					other,
					back;
		DealStatus	st;
		DealCode	code;
		char	   *bytes;
		size_t		size;
		double		auc;
		bool		defined;

		assert_true(budget < 100);
		test_alloc_budget = budget;
		code = build_scores(&s, &test_failing_allocator, &st);
		test_alloc_budget = -1;
		assert_true(code == DEAL_OK || code == DEAL_NO_MEMORY);
		done[0] = code == DEAL_OK;
		auc_free(&s);

		assert_int_equal(build_scores(&s, &test_failing_allocator, &st), DEAL_OK);
		assert_int_equal(build_scores(&other, &test_allocator, &st), DEAL_OK);
		size = auc_serial_size(&other);
		bytes = test_malloc(size);
		auc_serialize(&other, bytes);
		auc_init(&back, &test_failing_allocator);
		test_alloc_budget = budget;
		code = auc_deserialize(&back, bytes, size, &st);
		test_alloc_budget = -1;
		assert_true(code == DEAL_OK || code == DEAL_NO_MEMORY);
		done[1] = code == DEAL_OK;

		test_alloc_budget = budget;
		code = auc_merge(&s, &other, &st);
		if (code == DEAL_OK)
			code = auc_compute(&s, NULL, &auc, &defined, &st);
		test_alloc_budget = -1;
		assert_true(code == DEAL_OK || code == DEAL_NO_MEMORY);
		done[2] = code == DEAL_OK;
		test_free(bytes);
		auc_free(&back);
		auc_free(&s);
		auc_free(&other);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_radix),
		cmocka_unit_test(test_double_keys),
		cmocka_unit_test(test_brute_force),
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_serial),
		cmocka_unit_test(test_out_of_memory),
	};

	return cmocka_run_group_tests_name("auc", tests, NULL, NULL);
}
