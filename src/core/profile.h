/*
 * profile.h: profiles, sparse vectors of labelled weights: "debt:0.9, loneliness:0.6, gardening".
 *
 * One currency for a person's needs (weight = severity) and interests, what a community asset
 * offers, and model coefficients.  Labels follow label.h; weights are finite doubles (a bare
 * label weighs 1; -0 is stored as 0).  A profile is canonical: labels sorted (bytewise, so
 * "debt" < "debt_advice" < "food") and unique.
 *
 * The flat form (a deal.profile value without its varlena header), written 4-byte aligned and
 * read at any alignment, so that a value stored with a 1-byte varlena header is read in place:
 *   uint32 n                     number of labels
 *   uint32 label_end[n]          end of label i in the pool (it starts where i-1 ended)
 *   float8 weight[n]             read with profile_weight
 *   char   pool[]                the labels, without NULs
 */
#ifndef DEAL_PROFILE_H
#define DEAL_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "label.h"
#include "status.h"
#include "text.h"

#define PROFILE_MAX_LABELS 100000

/* A profile being built: labels point at memory the caller keeps (folded, not NUL-ended). */
typedef struct ProfileEntry
{
	const char *label;
	uint32_t	len;
	double		weight;
} ProfileEntry;

/* A flat profile read in place, at any alignment. */
typedef struct Profile
{
	uint32_t	n;
	const unsigned char *label_end; /* n uint32s: read with profile_label */
	const unsigned char *weights;	/* n doubles: read with profile_weight */
	const char *pool;
} Profile;

/* Weight of label i. */
static inline double
profile_weight(const Profile *p, uint32_t i)
{
	double		w;

	memcpy(&w, p->weights + (size_t) i * sizeof(double), sizeof(w));
	return w;
}

/* Label i and its length. */
static inline const char *
profile_label(const Profile *p, uint32_t i, uint32_t *len)
{
	uint32_t	start = i == 0 ? 0 : deal_word(p->label_end, i - 1);

	*len = deal_word(p->label_end, i) - start;
	return p->pool + start;
}

/* Read a flat profile of len bytes in place, at any alignment; DEAL_BAD_BINARY if it is not one. */
extern DealCode profile_open(Profile *p, const char *flat, size_t len, DealStatus *st);

/* Sort entries by label. */
extern void profile_sort(ProfileEntry *entries, uint32_t n);

/*
 * Sort entries by label; failure (with a detail) if a label is given twice or a weight is
 * not finite.  -0 becomes 0.  (The aggregates, which merge repeated labels, use profile_acc.h.)
 */
extern DealCode profile_canonicalize(ProfileEntry *entries, uint32_t n, DealCode failure,
									 DealStatus *st);

/* Bytes of the flat form of n canonical entries. */
extern size_t profile_flat_size(const ProfileEntry *entries, uint32_t n);

/* Write the flat form of n canonical entries to out (profile_flat_size bytes, 4-aligned). */
extern void profile_write(const ProfileEntry *entries, uint32_t n, char *out);

/* The entries of a flat profile, pointing into it, into entries (room for p->n). */
extern void profile_entries(const Profile *p, ProfileEntry *entries);

/*
 * Parse "debt:0.9, loneliness:0.6, gardening" into entries (allocated; labels folded into a
 * pool, also allocated) and canonicalise; DEAL_BAD_TEXT with a position on failure.
 */
extern DealCode profile_parse(const char *text, const DealAllocator *alloc, ProfileEntry **entries,
							  uint32_t *n, char **pool, DealStatus *st);

/* Write the canonical text form: "debt:0.9, gardening:1, loneliness:0.6". */
extern bool profile_format(const Profile *p, DealText *out);

/* Index of label (any case) in p, or -1. */
extern int64_t profile_find(const Profile *p, const char *label, size_t len);

/* Do a and b share a label? */
extern bool profile_overlaps(const Profile *a, const Profile *b);

/* Has a every label of b? */
extern bool profile_contains(const Profile *a, const Profile *b);

/* Sum over shared labels of the products of weights. */
extern double profile_dot(const Profile *a, const Profile *b);

/* Cosine similarity in [-1, 1]; 0 when either has no weight. */
extern double profile_cosine(const Profile *a, const Profile *b);

/* Total order: label by label, then weight by weight, then length. */
extern int	profile_compare(const Profile *a, const Profile *b);

/*
 * Write a + b (label-wise sum) as canonical entries into out (room for a->n + b->n);
 * DEAL_TOO_BIG past PROFILE_MAX_LABELS labels, DEAL_BAD_ARGUMENT for a sum beyond a double.
 */
extern DealCode profile_add(const Profile *a, const Profile *b, ProfileEntry *out, uint32_t *n,
							DealStatus *st);

/* Write the shortest text of a double that reads back as the same value into buf[32]. */
extern void profile_format_weight(double w, char *buf);

#endif							/* DEAL_PROFILE_H */
