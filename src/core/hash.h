/*
 * hash.h: a 64-bit mixer for the core's open-addressing hash tables, so that keys with
 * patterns (sequential ids, multiples of large powers of two) still spread over the slots.
 */
#ifndef DEAL_HASH_H
#define DEAL_HASH_H

#include <stdint.h>

/* Mix every bit of x into every bit of the result (the splitmix64 finalizer). */
static inline uint64_t
deal_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ULL;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBULL;
	x ^= x >> 31;
	return x;
}

#endif							/* DEAL_HASH_H */
