/*
 * test_allocate.c: the allocation solver against brute force on small random instances.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "test_alloc.h"
#include "allocate.h"

#define A (&test_allocator)
#define MAX_PEOPLE 7
#define MAX_ASSETS 4

/* Solve and return the total score, checking the constraints. */
static double
solve(AllocPair *pairs, size_t n)
{
	size_t	   *chosen = deal_alloc(A, (n + 1) * sizeof(size_t));
	size_t		n_chosen;
	DealStatus	st;
	double		total = 0;

	assert_int_equal(allocate_solve(pairs, n, chosen, &n_chosen, A, NULL, &st), DEAL_OK);
	for (size_t i = 0; i < n_chosen; i++)
	{
		const AllocPair *c = &pairs[chosen[i]];
		int			at_asset = 0;

		assert_true(c->score > 0);
		/* one asset per person, people in order */
		if (i > 0)
			assert_true(pairs[chosen[i - 1]].person < c->person);
		/* no asset over capacity */
		for (size_t j = 0; j < n_chosen; j++)
			at_asset += pairs[chosen[j]].asset == c->asset;
		assert_true(at_asset <= c->capacity);
		total += c->score;
	}
	deal_release(A, chosen);
	return total;
}

/* The best total by trying every choice: each person none or one of their candidates. */
static double
brute_force(const AllocPair *pairs, size_t n, int person, int people, int *load, int assets)
{
	double		best;

	if (person == people)
		return 0;
	best = brute_force(pairs, n, person + 1, people, load, assets);
	for (size_t i = 0; i < n; i++)
	{
		int			a = (int) pairs[i].asset;

		if (pairs[i].person != person || pairs[i].score <= 0 || load[a] >= pairs[i].capacity)
			continue;
		load[a]++;
		{
			double		t = pairs[i].score + brute_force(pairs, n, person + 1, people, load, assets);

			if (t > best)
				best = t;
		}
		load[a]--;
	}
	return best;
}

/* Random instances: the solver's total is the brute-force optimum. */
static void
test_optimal(void **state)
{
	uint64_t	seed = 31337;

	(void) state;
	for (int round = 0; round < 3000; round++)
	{
		AllocPair	pairs[MAX_PEOPLE * MAX_ASSETS];
		int			capacity[MAX_ASSETS];
		int			load[MAX_ASSETS] = {0};
		int			people,
					assets;
		size_t		n = 0;
		double		got,
					want;

#define RAND() (seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17, seed)
		people = 1 + (int) (RAND() % MAX_PEOPLE);
		assets = 1 + (int) (RAND() % MAX_ASSETS);
		for (int a = 0; a < assets; a++)
			capacity[a] = (int) (RAND() % 3);
		for (int p = 0; p < people; p++)
			for (int a = 0; a < assets; a++)
				if (RAND() % 3 != 0)
				{
					/* small integer scores make ties, and some are not positive */
					pairs[n++] = (AllocPair) {p, a, (double) ((int) (RAND() % 6) - 1) * 0.25, capacity[a]};
				}
		want = brute_force(pairs, n, 0, people, load, assets);
		got = solve(pairs, n);
		if (fabs(got - want) > 1e-9)
			fail_msg("round %d: solver %g, brute force %g", round, got, want);
	}
}

/* Ties are broken the same way whatever order the pairs come in. */
static void
test_deterministic(void **state)
{
	AllocPair	a[] = {{2, 10, 1, 1}, {1, 10, 1, 1}, {1, 11, 1, 1}, {2, 11, 1, 1}, {3, 10, 1, 1}};
	AllocPair	b[] = {{3, 10, 1, 1}, {2, 11, 1, 1}, {1, 11, 1, 1}, {1, 10, 1, 1}, {2, 10, 1, 1}};
	size_t		ca[5],
				cb[5],
				na,
				nb;
	DealStatus	st;

	(void) state;
	assert_int_equal(allocate_solve(a, 5, ca, &na, A, NULL, &st), DEAL_OK);
	assert_int_equal(allocate_solve(b, 5, cb, &nb, A, NULL, &st), DEAL_OK);
	assert_int_equal(na, 2);
	assert_int_equal(nb, 2);
	for (size_t i = 0; i < na; i++)
		assert_true(a[ca[i]].person == b[cb[i]].person && a[ca[i]].asset == b[cb[i]].asset);
}

/* A greedy choice is not optimal: the solver moves people to make room. */
static void
test_not_greedy(void **state)
{
	/* person 1 likes both; person 2 only asset 10: greedy gives 1 -> 10 and leaves 2 out */
	AllocPair	pairs[] = {{1, 10, 0.9, 1}, {1, 11, 0.8, 1}, {2, 10, 0.7, 1}};

	(void) state;
	assert_true(fabs(solve(pairs, 3) - 1.5) < 1e-12);
}

/* Bad arguments: disagreeing or negative capacities, scores that are not finite. */
static void
test_bad(void **state)
{
	AllocPair	disagree[] = {{1, 10, 0.5, 1}, {2, 10, 0.5, 2}};
	AllocPair	negative[] = {{1, 10, 0.5, -1}};
	AllocPair	nan[] = {{1, 10, NAN, 1}};
	size_t		chosen[2],
				n;
	DealStatus	st;

	(void) state;
	assert_int_equal(allocate_solve(disagree, 2, chosen, &n, A, NULL, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "capacities 1 and 2"));
	assert_int_equal(allocate_solve(negative, 1, chosen, &n, A, NULL, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(allocate_solve(nan, 1, chosen, &n, A, NULL, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(allocate_solve(NULL, 0, chosen, &n, A, NULL, &st), DEAL_OK);
	assert_int_equal(n, 0);
}

/* Thousands of assets with scattered ids (the asset table grows many times): still optimal,
 * and a disagreeing capacity on the last asset met is still caught. */
static void
test_many_assets(void **state)
{
	enum
	{
		N = 3000
	};
	AllocPair  *pairs = deal_alloc(A, 2 * N * sizeof(AllocPair));
	size_t	   *chosen = deal_alloc(A, 2 * N * sizeof(size_t));
	size_t		n_chosen;
	DealStatus	st;

	(void) state;
	/*
	 * person p's own asset scores 1, the next one 0.5: everyone at their own is the optimum;
	 * ids scattered, then multiples of 2^44 (which a weak hash would pile into few slots)
	 */
	for (int pattern = 0; pattern < 2; pattern++)
	{
		for (int p = 0; p < N; p++)
		{
			int64_t		own = pattern == 0 ? (int64_t) p * 7919 - 5000000 : (int64_t) p << 44;
			int64_t		next = pattern == 0 ? (int64_t) ((p + 1) % N) * 7919 - 5000000 : (int64_t) ((p + 1) % N) << 44;

			pairs[2 * p] = (AllocPair) {N - p, own, 1.0, 1};
			pairs[2 * p + 1] = (AllocPair) {N - p, next, 0.5, 1};
		}
		assert_int_equal(allocate_solve(pairs, 2 * N, chosen, &n_chosen, A, NULL, &st), DEAL_OK);
		assert_int_equal(n_chosen, N);
		for (size_t i = 0; i < n_chosen; i++)
			assert_true(pairs[chosen[i]].score == 1.0);
	}

	pairs[2 * N - 1].capacity = 2;
	assert_int_equal(allocate_check_pairs(pairs, 2 * N, DEAL_BAD_BINARY, A, NULL, &st), DEAL_BAD_BINARY);
	assert_non_null(strstr(st.detail, "capacities 1 and 2"));
	deal_release(A, pairs);
	deal_release(A, chosen);
}

/* Out of memory at every allocation: a clean failure, nothing leaked, never a wrong answer. */
static void
test_out_of_memory(void **state)
{
	AllocPair	pairs[] = {{1, 10, 0.9, 1}, {1, 11, 0.8, 1}, {2, 10, 0.7, 1}, {3, 12, 0.1, 0}};
	size_t		chosen[4],
				n_chosen;
	DealStatus	st;
	DealCode	code = DEAL_NO_MEMORY;

	(void) state;
	for (long budget = 0; code == DEAL_NO_MEMORY; budget++)
	{
		AllocPair	copy[4];

		memcpy(copy, pairs, sizeof(pairs));
		test_alloc_budget = budget;
		code = allocate_solve(copy, 4, chosen, &n_chosen, &test_failing_allocator, NULL, &st);
		test_alloc_budget = -1;
		if (code == DEAL_NO_MEMORY)
			assert_true(budget < 100);
		else
		{
			assert_int_equal(code, DEAL_OK);
			assert_int_equal(n_chosen, 2);
		}
	}
	for (long budget = 0;; budget++)
	{
		test_alloc_budget = budget;
		code = allocate_check_pairs(pairs, 4, DEAL_BAD_ARGUMENT, &test_failing_allocator, NULL, &st);
		test_alloc_budget = -1;
		if (code == DEAL_OK)
			break;
		assert_int_equal(code, DEAL_NO_MEMORY);
	}
}

/* Count calls of the interrupt hook. */
static void
count_interrupt(void *ctx)
{
	(*(long *) ctx)++;
}

/* The long loops of checking and solving call the interrupt hook. */
static void
test_interrupts(void **state)
{
	enum
	{
		PEOPLE = 20000,
		EACH = 5
	};
	AllocPair  *pairs = deal_alloc(A, PEOPLE * EACH * sizeof(AllocPair));
	size_t	   *chosen = deal_alloc(A, PEOPLE * EACH * sizeof(size_t));
	size_t		n_chosen;
	long		calls = 0;
	DealInterrupt intr = {count_interrupt, &calls};
	DealStatus	st;

	(void) state;
	for (int p = 0; p < PEOPLE; p++)
		for (int k = 0; k < EACH; k++)
			pairs[p * EACH + k] = (AllocPair) {p, (p * 7 + k * 131) % 3000, 0.1 + ((p + k) % 9) / 10.0, 4};
	assert_int_equal(allocate_check_pairs(pairs, PEOPLE * EACH, DEAL_BAD_ARGUMENT, A, &intr, &st), DEAL_OK);
	assert_true(calls > 0);
	calls = 0;
	assert_int_equal(allocate_solve(pairs, PEOPLE * EACH, chosen, &n_chosen, A, &intr, &st), DEAL_OK);
	assert_true(calls >= (long) (PEOPLE * EACH) / 0x4000);
	deal_release(A, pairs);
	deal_release(A, chosen);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_optimal),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_not_greedy),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_many_assets),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_interrupts),
	};

	return cmocka_run_group_tests_name("allocate", tests, NULL, NULL);
}
