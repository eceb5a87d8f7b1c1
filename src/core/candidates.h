/*
 * candidates.h: a list of candidate pairs (person, asset, score, the asset's capacity), the
 * value deal.candidates holds and allocate.h's solver reads: its text form and the bytes
 * it is stored in.
 */
#ifndef DEAL_CANDIDATES_H
#define DEAL_CANDIDATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "status.h"
#include "text.h"

/* A candidate pair. */
typedef struct AllocPair
{
	int64_t		person;
	int64_t		asset;
	double		score;
	int32_t		capacity;		/* the asset's; must agree across its pairs */
} AllocPair;

/*
 * The text form of a set of candidate pairs, (person,asset,score,capacity) in order:
 *   {(1,10,0.75,2),(1,11,0.5,1),(2,10,0.25,2)}
 */

/* Parse the text form into pairs (allocated through alloc); DEAL_BAD_TEXT with a position. */
extern DealCode allocate_parse_pairs(const char *text, const DealAllocator *alloc, AllocPair **pairs,
									 size_t *n, DealStatus *st);

/* Write n pairs in the text form. */
extern bool allocate_format_pairs(const AllocPair *pairs, size_t n, DealText *out);

/*
 * Write n pairs to out (n * sizeof(AllocPair) bytes) as a deal.candidates value and
 * candidates_agg's parallel state store them: as the struct lies, padding zeroed, so that
 * equal pairs are equal bytes.
 */
extern void allocate_store_pairs(const AllocPair *pairs, size_t n, char *out);

#endif							/* DEAL_CANDIDATES_H */
