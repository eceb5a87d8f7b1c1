/*
 * uniform.h: keyed pseudo-random numbers for generating data that is the same on every run:
 * a uniform number in [0, 1) that depends only on (seed, stream, key), not on the order in
 * which rows are produced, so a set-based generator gives the same rows in any plan.
 */
#ifndef DEAL_UNIFORM_H
#define DEAL_UNIFORM_H

#include <stdint.h>

/*
 * The 64-bit hash of (seed, stream, key): splitmix64's finalizer applied in turn to the seed,
 * then with the stream added, then with the key added, each after adding the golden-ratio
 * increment 0x9E3779B97F4A7C15.
 */
extern uint64_t deal_uniform_bits(uint64_t seed, uint64_t stream, uint64_t key);

/* A number in [0, 1): the top 53 bits of deal_uniform_bits times 2^-53. */
extern double deal_uniform(uint64_t seed, uint64_t stream, uint64_t key);

#endif							/* DEAL_UNIFORM_H */
