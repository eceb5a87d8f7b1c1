/*
 * test_alloc.h: DealAllocators over cmocka's leak-checking allocator, for unit tests.
 *
 * Include after cmocka.h.  Every block the core allocates through test_allocator and does
 * not give back fails the test that leaked it.  test_failing_allocator is the same, except
 * that it refuses an allocation (returns NULL) once test_alloc_budget allocations have
 * succeeded, so that every out-of-memory path of the core can be driven and checked for
 * leaks; a negative budget never refuses.
 *
 * test_garbage_allocators[0] and [1] fill every byte they hand out, fresh or added by a
 * resize, with different garbage (0xAA and 0x55), so that writing one value through each
 * shows any byte the core leaves unwritten: the two results differ there.
 */
#ifndef DEAL_TEST_ALLOC_H
#define DEAL_TEST_ALLOC_H

#include <stdbool.h>
#include <string.h>

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

/* Bytes in front of a garbage block that hold its size, keeping the caller's bytes aligned. */
#define TEST_GARBAGE_HEADER 16

/* The garbage each of test_garbage_allocators fills with. */
static unsigned char test_garbage_bytes[2] TEST_ALLOC_UNUSED = {0xAA, 0x55};

/* Allocate through cmocka and fill the block with the byte ctx points at. */
static TEST_ALLOC_UNUSED void *
test_garbage_alloc_fn(void *ctx, size_t size)
{
	unsigned char *block = _test_malloc(TEST_GARBAGE_HEADER + size, __FILE__, __LINE__);

	if (block == NULL)
		return NULL;
	memcpy(block, &size, sizeof(size));
	memset(block + TEST_GARBAGE_HEADER, *(const unsigned char *) ctx, size);
	return block + TEST_GARBAGE_HEADER;
}

/* Free a garbage block. */
static TEST_ALLOC_UNUSED void
test_garbage_release_fn(void *ctx, void *ptr)
{
	(void) ctx;
	_test_free((unsigned char *) ptr - TEST_GARBAGE_HEADER, __FILE__, __LINE__);
}

/* Resize a garbage block (or make one): what it gains is garbage too. */
static TEST_ALLOC_UNUSED void *
test_garbage_resize_fn(void *ctx, void *ptr, size_t size)
{
	unsigned char *grown = test_garbage_alloc_fn(ctx, size);
	size_t		old;

	if (ptr == NULL || grown == NULL)
		return grown;
	memcpy(&old, (unsigned char *) ptr - TEST_GARBAGE_HEADER, sizeof(old));
	memcpy(grown, ptr, old < size ? old : size);
	test_garbage_release_fn(ctx, ptr);
	return grown;
}

/* The two garbage allocators, filling with 0xAA and with 0x55. */
static const DealAllocator test_garbage_allocators[2] TEST_ALLOC_UNUSED =
{
	{test_garbage_alloc_fn, test_garbage_resize_fn, test_garbage_release_fn, &test_garbage_bytes[0]},
	{test_garbage_alloc_fn, test_garbage_resize_fn, test_garbage_release_fn, &test_garbage_bytes[1]}
};

#endif							/* DEAL_TEST_ALLOC_H */
