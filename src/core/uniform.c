/*
 * uniform.c: keyed pseudo-random numbers (see uniform.h): a pure function of (seed, stream,
 * key), built on the splitmix64 finalizer of hash.h.
 */
#include "uniform.h"

#include "hash.h"

#define GOLDEN 0x9E3779B97F4A7C15ULL

/* The 64-bit hash of (seed, stream, key). */
uint64_t
deal_uniform_bits(uint64_t seed, uint64_t stream, uint64_t key)
{
	uint64_t	h = deal_mix64(seed + GOLDEN);

	h = deal_mix64(h + stream + GOLDEN);
	return deal_mix64(h + key + GOLDEN);
}

/* A number in [0, 1) from the top 53 bits of the hash. */
double
deal_uniform(uint64_t seed, uint64_t stream, uint64_t key)
{
	return (double) (deal_uniform_bits(seed, stream, key) >> 11) * 0x1.0p-53;
}
