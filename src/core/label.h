/*
 * label.h: the names deal uses as labels: graph node and edge kinds, profile labels.
 *
 * A label is 1 to DEAL_LABEL_MAX bytes: a letter, then letters, digits and underscores.
 * Upper case is folded to lower, so "Debt" and "debt" are one label.
 */
#ifndef DEAL_LABEL_H
#define DEAL_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "status.h"

#define DEAL_LABEL_MAX 63

/* The one profile label that need not start with a letter: a model's intercept (it sorts first). */
#define DEAL_INTERCEPT_LABEL "_intercept"
#define DEAL_INTERCEPT_LEN 10

/* Check a label of len bytes: DEAL_BAD_ARGUMENT, naming it as what, unless valid. */
extern DealCode deal_check_label(const char *name, size_t len, const char *what, DealStatus *st);

/* Check a profile label: a label as above, or DEAL_INTERCEPT_LABEL in any case. */
extern DealCode deal_check_profile_label(const char *name, size_t len, const char *what, DealStatus *st);

/* Does name (len bytes, any case) equal the folded label? */
extern bool deal_label_equals(const char *folded, const char *name, size_t len);

/* Copy len bytes of name to dst, folded to lower case (no NUL added). */
extern void deal_fold_label(char *dst, const char *name, size_t len);

/* Compare two labels bytewise, a shorter prefix first (the order labels are stored in). */
extern int	deal_compare_labels(const char *a, size_t alen, const char *b, size_t blen);

/* Word i of an array of native-endian uint32s at any alignment (stored values may be unaligned). */
static inline uint32_t
deal_word(const unsigned char *words, size_t i)
{
	uint32_t	w;

	memcpy(&w, words + i * sizeof(uint32_t), sizeof(w));
	return w;
}

/*
 * Index of label among n sorted labels stored end to end in pool (label i ends at word i of
 * label_end, read with deal_word, and starts where label i-1 ended), or -1.
 */
extern int64_t deal_find_label(const char *pool, const unsigned char *label_end, uint32_t n,
							   const char *label, size_t len);

#endif							/* DEAL_LABEL_H */
