/*
 * test_candidates.c: a list of candidate pairs as a value: the bytes it is stored in are
 * all defined, whatever memory the pairs were built in.
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
#include "candidates.h"

#define TEXT "{(2,10,0.5,2),(1,11,1e-3,1),(1,10,0.25,2),(3,12,-7,0)}"
#define N_PAIRS 4

/* Store n pairs into a block of g's garbage and check they read back as they were. */
static char *
store(const AllocPair *pairs, size_t n, int g)
{
	char	   *stored = deal_alloc(&test_garbage_allocators[g], n * sizeof(AllocPair) + 1);

	allocate_store_pairs(pairs, n, stored);
	for (size_t i = 0; i < n; i++)
	{
		AllocPair	back;

		memcpy(&back, stored + i * sizeof(AllocPair), sizeof(AllocPair));
		assert_true(back.person == pairs[i].person && back.asset == pairs[i].asset &&
					back.score == pairs[i].score && back.capacity == pairs[i].capacity);
	}
	return stored;
}

/*
 * The same pairs, parsed through allocators full of different garbage, or set field by field
 * in memory full of it (as the aggregate builds them), are stored as the same bytes.
 */
static void
test_stored_bytes(void **state)
{
	char	   *parsed[2];
	char	   *set[2];

	(void) state;
	for (int g = 0; g < 2; g++)
	{
		const DealAllocator *alloc = &test_garbage_allocators[g];
		AllocPair  *pairs;
		size_t		n;
		DealStatus	st;

		assert_int_equal(allocate_parse_pairs(TEXT, alloc, &pairs, &n, &st), DEAL_OK);
		assert_int_equal(n, N_PAIRS);
		parsed[g] = store(pairs, n, g);
		for (size_t i = 0; i < n; i++)
		{
			AllocPair	copy;

			memset(&copy, test_garbage_bytes[g], sizeof(copy));
			copy.person = pairs[i].person;
			copy.asset = pairs[i].asset;
			copy.score = pairs[i].score;
			copy.capacity = pairs[i].capacity;
			memcpy(&pairs[i], &copy, sizeof(copy));
		}
		set[g] = store(pairs, n, g);
		deal_release(alloc, pairs);
	}
	assert_memory_equal(parsed[0], parsed[1], N_PAIRS * sizeof(AllocPair));
	assert_memory_equal(set[0], set[1], N_PAIRS * sizeof(AllocPair));
	assert_memory_equal(parsed[0], set[0], N_PAIRS * sizeof(AllocPair));
	for (int g = 0; g < 2; g++)
	{
		deal_release(&test_garbage_allocators[g], parsed[g]);
		deal_release(&test_garbage_allocators[g], set[g]);
	}
}

/* A score of -0 is stored as 0: equal values, equal bytes. */
static void
test_signed_zero(void **state)
{
	AllocPair	zero = {1, 10, 0.0, 1};
	AllocPair	minus_zero = {1, 10, -0.0, 1};
	char	   *a,
			   *b;

	(void) state;
	a = store(&zero, 1, 0);
	b = store(&minus_zero, 1, 1);
	assert_memory_equal(a, b, sizeof(AllocPair));
	deal_release(&test_garbage_allocators[0], a);
	deal_release(&test_garbage_allocators[1], b);
}

/* Run the tests of candidate lists. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stored_bytes),
		cmocka_unit_test(test_signed_zero),
	};

	return cmocka_run_group_tests_name("candidates", tests, NULL, NULL);
}
