/*
 * test_alloc.h: a DealAllocator over cmocka's leak-checking allocator, for unit tests.
 *
 * Include after cmocka.h.  Every block the core allocates through test_allocator and does
 * not give back fails the test that leaked it.
 */
#ifndef DEAL_TEST_ALLOC_H
#define DEAL_TEST_ALLOC_H

#include "alloc.h"

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

static const DealAllocator test_allocator = {test_alloc_fn, test_resize_fn, test_release_fn, NULL};

#endif							/* DEAL_TEST_ALLOC_H */
