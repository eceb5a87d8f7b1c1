/*
 * allocate.h: optimal allocation of scarce places across a cohort.
 *
 * Given candidate pairs (person, asset, score, the asset's capacity), choose pairs so that
 * each person gets at most one asset, no asset more people than its capacity, only positive
 * scores are used, and the total score is the largest possible.
 *
 * The method is the successive shortest path algorithm for min-cost flow, person by person
 * (the Hungarian method for a transportation problem): every person may also stay
 * unallocated at score 0, so each new person is placed by the cheapest augmenting path from
 * them (Dijkstra over reduced costs, with potentials kept valid between searches) to an
 * asset with room or to "unallocated".  Each step keeps the allocation optimal for the people
 * placed so far, so the final one is optimal for all.  People are placed best score first;
 * searches touch only what they visit and stop at the first way out.
 * The pairs are sorted first and ties are broken by person and asset numbers, so the same
 * pairs give the same answer in whatever order they come.
 *
 * Memory: about 40 bytes per candidate pair besides the pairs themselves, and 60 per person
 * and asset.
 *
 * The pairs and their text form are in candidates.h.
 */
#ifndef DEAL_ALLOCATE_H
#define DEAL_ALLOCATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "candidates.h"
#include "interrupt.h"
#include "status.h"

/*
 * Solve: sorts pairs by (person, asset) in place, then writes the indices of the chosen
 * pairs, in person order, to chosen (room for n) and their count to *n_chosen.  Repeated
 * (person, asset) pairs count once, with their highest score.  DEAL_BAD_ARGUMENT when an
 * asset's capacities disagree or are negative, or a score is not finite.
 */
extern DealCode allocate_solve(AllocPair *pairs, size_t n, size_t *chosen, size_t *n_chosen,
							   const DealAllocator *alloc, const DealInterrupt *intr, DealStatus *st);

/*
 * Sort pairs by (person, asset) and check them: finite scores, capacities >= 0 and agreeing;
 * failure is the code to fail with (bad argument or bad binary input).
 */
extern DealCode allocate_check_pairs(AllocPair *pairs, size_t n, DealCode failure,
									 const DealAllocator *alloc, const DealInterrupt *intr,
									 DealStatus *st);

#endif							/* DEAL_ALLOCATE_H */
