/*
 * fuzz_common.h: what the core's libFuzzer harnesses share: the assertion that reports an
 * input, a malloc allocator for the core (so that the leak checker sees everything it keeps),
 * and the shape of a failure.
 */
#ifndef DEAL_FUZZ_COMMON_H
#define DEAL_FUZZ_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "status.h"

/* Abort unless cond holds: libFuzzer reports the input. */
#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

/* malloc for the core. */
static inline void *
fuzz_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size);
}

/* realloc for the core. */
static inline void *
fuzz_resize(void *ctx, void *ptr, size_t size)
{
	(void) ctx;
	return realloc(ptr, size);
}

/* free for the core. */
static inline void
fuzz_release(void *ctx, void *ptr)
{
	(void) ctx;
	free(ptr);
}

static const DealAllocator alloc __attribute__((unused)) = {fuzz_alloc, fuzz_resize, fuzz_release, NULL};

/*
 * A malloc'd copy of the fuzzer's size bytes, exactly sized so that ASan sees any read past
 * them, or (as_text) with a NUL after them for the text parsers.
 */
static inline char *
fuzz_copy(const uint8_t *data, size_t size, bool as_text)
{
	char	   *copy = malloc(as_text || size == 0 ? size + 1 : size);

	memcpy(copy, data, size);
	if (as_text)
		copy[size] = '\0';
	return copy;
}

/* Is st a well-formed failure with code, its position within -1 .. len (len: the end)? */
static inline bool
failure_ok(const DealStatus *st, DealCode code, size_t len)
{
	return st->code == code &&
		st->position >= -1 && (st->position < 0 || (size_t) st->position <= len) &&
		memchr(st->detail, '\0', sizeof(st->detail)) != NULL && st->detail[0] != '\0';
}

#endif							/* DEAL_FUZZ_COMMON_H */
