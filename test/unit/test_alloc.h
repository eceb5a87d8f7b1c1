/*
 * test_alloc.h: DealAllocators over cmocka's leak-checking allocator, for unit tests.
 *
 * Include after cmocka.h.  Every block the core allocates through test_allocator and does
 * not give back fails the test that leaked it.  test_failing_allocator is the same, except
 * that it refuses an allocation (returns NULL) once test_alloc_budget allocations have
 * succeeded, so that every out-of-memory path of the core can be driven and checked for
 * leaks; a negative budget never refuses.
 */
#ifndef DEAL_TEST_ALLOC_H
#define DEAL_TEST_ALLOC_H

#include <stdbool.h>

#include "alloc.h"

#define TEST_ALLOC_UNUSED __attribute__((unused))

/* Allocations test_failing_allocator still grants; negative for no limit. */
static long test_alloc_budget TEST_ALLOC_UNUSED = -1;

/* Allocate through cmocka. */
static void *
test_alloc_fn(void *ctx, size_t size)
{
	(void) ctx;
	return _test_malloc(size, __FILE__, __LINE__);
}

/* Resize through cmocka. */
static void *
test_resize_fn(void *ctx, void *ptr, size_t size)
{
	(void) ctx;
	return _test_realloc(ptr, size, __FILE__, __LINE__);
}

/* Free through cmocka. */
static void
test_release_fn(void *ctx, void *ptr)
{
	(void) ctx;
	_test_free(ptr, __FILE__, __LINE__);
}

/* Take one allocation from the budget; false when it is spent. */
static TEST_ALLOC_UNUSED bool
test_alloc_take(void)
{
	if (test_alloc_budget < 0)
		return true;
	if (test_alloc_budget == 0)
		return false;
	test_alloc_budget--;
	return true;
}

/* Allocate through cmocka, unless the budget is spent. */
static TEST_ALLOC_UNUSED void *
test_failing_alloc_fn(void *ctx, size_t size)
{
	(void) ctx;
	if (!test_alloc_take())
		return NULL;
	return _test_malloc(size, __FILE__, __LINE__);
}

/* Resize through cmocka, unless the budget is spent (ptr is then left as it was). */
static TEST_ALLOC_UNUSED void *
test_failing_resize_fn(void *ctx, void *ptr, size_t size)
{
	(void) ctx;
	if (!test_alloc_take())
		return NULL;
	return _test_realloc(ptr, size, __FILE__, __LINE__);
}

static const DealAllocator test_allocator TEST_ALLOC_UNUSED =
{
	test_alloc_fn, test_resize_fn, test_release_fn, NULL
};

static const DealAllocator test_failing_allocator TEST_ALLOC_UNUSED =
{
	test_failing_alloc_fn, test_failing_resize_fn, test_release_fn, NULL
};

#endif							/* DEAL_TEST_ALLOC_H */
