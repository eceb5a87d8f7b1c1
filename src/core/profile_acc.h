/*
 * profile_acc.h: a profile accumulated from (label, weight) rows in memory that grows with
 * the number of distinct labels, not rows: what deal.profile_agg (weights summed per label)
 * and deal.union_agg (each label's largest weight) keep between rows and hand from parallel
 * workers to the leader.
 *
 * Labels are interned in a hash table as they arrive.  A sum is kept exactly (exact_sum.h)
 * and rounded once, when the profile is made, so the profile is the same to the last bit
 * whatever the order of the rows and however they were split between workers; the largest
 * weight is order-free by nature.
 *
 * The serialised form, written byte by byte (no padding), little-endian (byteorder.h):
 *   uint8  kind                  PROFILE_ACC_SUM or PROFILE_ACC_MAX
 *   uint32 n                     labels
 *   then per label: uint8 length, the folded label, and
 *     MAX: float8 weight
 *     SUM: uint16 small, uint16 huge, then that many float8 partials (exact_sum.h)
 */
#ifndef DEAL_PROFILE_ACC_H
#define DEAL_PROFILE_ACC_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "exact_sum.h"
#include "profile.h"
#include "status.h"

/* What an accumulator does with a label's weights. */
typedef enum ProfileAccKind
{
	PROFILE_ACC_SUM = 1,		/* profile_agg: the exact sum, correctly rounded */
	PROFILE_ACC_MAX = 2			/* union_agg: the largest */
} ProfileAccKind;

/* A label and its values: the largest weight, or the partials of the sum. */
typedef struct ProfileAccEntry
{
	uint32_t	hash;
	uint32_t	label;			/* offset of the folded label in the pool */
	uint32_t	first;			/* offset of its values in the value array */
	ExactSumSize size;			/* SUM: the partials in use */
	uint16_t	room;			/* values reserved at first */
	uint8_t		len;
} ProfileAccEntry;

typedef struct ProfileAcc
{
	const DealAllocator *alloc;
	ProfileAccKind kind;
	uint32_t	n;				/* distinct labels */
	uint32_t	n_slots;		/* of slots: 0, or a power of two at least twice n */
	ProfileAccEntry *entries;	/* in order of arrival */
	size_t		entries_size;
	uint32_t   *slots;			/* hash table: entry number + 1, or 0 for none */
	char	   *pool;			/* the labels, end to end */
	size_t		pool_used;
	size_t		pool_size;
	double	   *values;			/* each entry's values at its first, room of them */
	size_t		values_used;
	size_t		values_size;
} ProfileAcc;

/* An empty accumulator of kind that allocates through alloc. */
extern void profile_acc_init(ProfileAcc *acc, ProfileAccKind kind, const DealAllocator *alloc);

/* Free what an accumulator holds; it is empty again after. */
extern void profile_acc_free(ProfileAcc *acc);

/*
 * Add a row: label (any case; DEAL_BAD_ARGUMENT unless a valid label) and weight
 * (DEAL_BAD_ARGUMENT unless finite).  DEAL_TOO_BIG at a label past PROFILE_MAX_LABELS,
 * DEAL_NO_MEMORY; the accumulator is unchanged by a failure.
 */
extern DealCode profile_acc_add(ProfileAcc *acc, const char *label, size_t len, double weight,
								DealStatus *st);

/* Add every label and weight of a canonical profile, as profile_acc_add does. */
extern DealCode profile_acc_add_profile(ProfileAcc *acc, const Profile *p, DealStatus *st);

/* Add everything other (of the same kind) holds to acc, as if its rows had come to acc. */
extern DealCode profile_acc_merge(ProfileAcc *acc, const ProfileAcc *other, DealStatus *st);

/* Bytes profile_acc_serialize writes. */
extern size_t profile_acc_serial_size(const ProfileAcc *acc);

/* Write the serialised form to out (profile_acc_serial_size bytes, every one written). */
extern void profile_acc_serialize(const ProfileAcc *acc, char *out);

/*
 * Read a serialised form of len bytes into an accumulator just initialised (of any kind: it
 * takes the form's); DEAL_BAD_BINARY if it is not one.  What it reads is added as rows are,
 * so a damaged form can make a wrong sum but never a damaged accumulator.
 */
extern DealCode profile_acc_deserialize(ProfileAcc *acc, const char *buf, size_t len,
										DealStatus *st);

/*
 * The profile so far as canonical entries (allocated through alloc, labels pointing into the
 * accumulator, which is not changed): each label's weight rounded, no -0.  DEAL_BAD_ARGUMENT
 * when a sum is beyond the range of a double, DEAL_NO_MEMORY.
 */
extern DealCode profile_acc_finish(const ProfileAcc *acc, const DealAllocator *alloc,
								   ProfileEntry **entries, uint32_t *n, DealStatus *st);

#endif							/* DEAL_PROFILE_ACC_H */
