/*
 * alloc.h: the allocator the glue hands to the core.
 *
 * The core allocates only through a DealAllocator: palloc in the current memory context in
 * the server (so memory is freed with the context and an error cannot leak it), cmocka's
 * leak-checking test allocator in the unit tests.  alloc returns NULL on failure, which the
 * core reports as DEAL_NO_MEMORY; palloc itself never returns NULL.
 */
#ifndef DEAL_ALLOC_H
#define DEAL_ALLOC_H

#include <stddef.h>

typedef struct DealAllocator
{
	void	   *(*alloc) (void *ctx, size_t size);
	void	   *(*resize) (void *ctx, void *ptr, size_t size);
	void		(*release) (void *ctx, void *ptr);
	void	   *ctx;
} DealAllocator;

/* Allocate size bytes through a, or NULL. */
static inline void *
deal_alloc(const DealAllocator *a, size_t size)
{
	return a->alloc(a->ctx, size);
}

/* Grow or shrink ptr (which may be NULL) to size bytes through a, or NULL. */
static inline void *
deal_resize(const DealAllocator *a, void *ptr, size_t size)
{
	return a->resize(a->ctx, ptr, size);
}

/* Give ptr (which may be NULL) back to a. */
static inline void
deal_release(const DealAllocator *a, void *ptr)
{
	if (ptr != NULL)
		a->release(a->ctx, ptr);
}

#endif							/* DEAL_ALLOC_H */
