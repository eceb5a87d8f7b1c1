/*
 * auc.h: the c-statistic (area under the ROC curve) of scores against outcomes.
 *
 * The c-statistic is the Mann-Whitney U statistic over the number of (positive, negative)
 * pairs: the share of pairs in which the positive row scores higher, a tie counting half.
 * Scores are ordered as PostgreSQL orders float8: -Infinity lowest, NaN highest and equal to
 * every NaN, -0 equal to 0.  Both classes' scores are sorted (radix sort, linear time) and
 * walked together, counting pairs exactly in integers, so the result does not depend on the
 * order in which scores arrive or on how they were split among parallel workers.
 *
 * Memory: 8 bytes a score while gathering, and 8 more for the largest class while sorting.
 */
#ifndef DEAL_AUC_H
#define DEAL_AUC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "interrupt.h"
#include "status.h"

/* The largest number of (positive, negative) pairs counted exactly: 2^62. */
#define AUC_MAX_PAIRS ((uint64_t) 1 << 62)

/* Scores gathered by class: the aggregate's state. */
typedef struct AucScores
{
	const DealAllocator *alloc;
	double	   *score[2];		/* [0]: negative rows, [1]: positive rows */
	uint64_t	n[2];
	uint64_t	capacity[2];
} AucScores;

/* No scores yet, allocating through alloc. */
extern void auc_init(AucScores *s, const DealAllocator *alloc);

/* Give back what s holds; it is then empty. */
extern void auc_free(AucScores *s);

/* Add one score of a row with outcome (NaN, -0 kept as PostgreSQL orders them). */
extern DealCode auc_add(AucScores *s, double score, bool outcome, DealStatus *st);

/* Add every score of other to s (the combine step of parallel aggregation). */
extern DealCode auc_merge(AucScores *s, const AucScores *other, DealStatus *st);

/*
 * The serialised form, little-endian (byteorder.h), every byte defined: uint64 negatives, uint64
 * positives, then the negatives' scores and the positives' as float8.
 */
extern size_t auc_serial_size(const AucScores *s);

/* Write the serialised form (auc_serial_size bytes) to out. */
extern void auc_serialize(const AucScores *s, char *out);

/* Read a serialised form of len bytes into s (empty); DEAL_BAD_BINARY unless well formed. */
extern DealCode auc_deserialize(AucScores *s, const char *in, size_t len, DealStatus *st);

/*
 * The c-statistic in [0, 1] into *auc; *defined false (and *auc 0) when either class has no
 * score.  Sorts each class's scores in place (the set of scores is unchanged).  DEAL_TOO_BIG
 * beyond AUC_MAX_PAIRS pairs.
 */
extern DealCode auc_compute(AucScores *s, const DealInterrupt *intr, double *auc, bool *defined,
							DealStatus *st);

#endif							/* DEAL_AUC_H */
