/*
 * exact_sum.h: exact sums of doubles, rounded once, correctly, at the end.
 *
 * A sum is kept as Shewchuk's partials, as in Python's math.fsum: doubles that do not
 * overlap bit for bit, in increasing magnitude, whose exact (unrounded) total is the exact
 * total of everything added.  Adding a double touches each partial once; real data keep one
 * to three of them.  The rounded value depends only on the exact total, so it is the same,
 * to the last bit, whatever the order of the additions and however they were split into
 * sums that were then added together; and it is the double nearest the true sum, ties to
 * even, which naive addition is not.
 *
 * No partial sum can overflow, whatever the order: a weight of 2^900 or more in magnitude
 * ("huge") goes to a second list of partials, scaled by 2^-900 (exactly: the scaled value
 * stays normal), so that neither list's partials can come near the range of a double before
 * 2^60 additions.  Only the final rounding decides whether the true sum is beyond the range
 * of a double (it rounds to an infinity).
 *
 * The partials live in the caller's array: the small list first, then the huge one, as many
 * of each as an ExactSumSize says.  An addition needs room for one partial more than are in
 * use, and leaves at most one more.
 */
#ifndef DEAL_EXACT_SUM_H
#define DEAL_EXACT_SUM_H

#include <stdbool.h>
#include <stdint.h>

/* Weights from this magnitude up are summed in the huge list, scaled by EXACT_SUM_HUGE_SCALE. */
#define EXACT_SUM_HUGE 0x1p900
#define EXACT_SUM_HUGE_SCALE 0x1p-900

/*
 * A bound on the partials of either list, which no valid sum reaches: partials that do not
 * overlap hold disjoint bits of the 2,300 or so a sum can have.  An addition that would pass
 * it, or leave a partial that is not finite, can only come of a damaged list.
 */
#define EXACT_SUM_MAX_PARTIALS 4096

/* How many partials of each list are in use. */
typedef struct ExactSumSize
{
	uint16_t	small;
	uint16_t	huge;
} ExactSumSize;

/* Partials in use in all. */
static inline uint32_t
exact_sum_count(ExactSumSize size)
{
	return (uint32_t) size.small + size.huge;
}

/*
 * Add x to the sum in partials (room for exact_sum_count(*size) + 1); false, and the sum
 * damaged, only if x is not finite or the partials were damaged.
 */
extern bool exact_sum_add(double *partials, ExactSumSize *size, double x);

/*
 * Add a partial of another sum's huge list (already scaled) to the sum in partials, as
 * exact_sum_add does; also false if it is beyond what a huge list can hold (2^250).
 */
extern bool exact_sum_add_huge(double *partials, ExactSumSize *size, double scaled);

/* The exact total rounded to the nearest double, ties to even: an infinity beyond the range. */
extern double exact_sum_value(const double *partials, ExactSumSize size);

/*
 * The same value computed another way, by integer arithmetic over every bit of the partials
 * (what exact_sum_value does when there are huge partials); for tests to check one way
 * against the other.
 */
extern double exact_sum_value_by_integers(const double *partials, ExactSumSize size);

#endif							/* DEAL_EXACT_SUM_H */
