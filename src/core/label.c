/*
 * label.c: checking, comparing and folding labels.
 */
#include "label.h"

#include <string.h>

/* Check a label of len bytes: DEAL_BAD_ARGUMENT, naming it as what, unless valid. */
DealCode
deal_check_label(const char *name, size_t len, const char *what, DealStatus *st)
{
	if (len == 0)
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1,
						 "The %s is empty; it must have 1 to %d characters.", what, DEAL_LABEL_MAX);
	if (len > DEAL_LABEL_MAX)
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1,
						 "The %s \"%.*s...\" has %zu characters; it may have at most %d.",
						 what, 16, name, len, DEAL_LABEL_MAX);
	for (size_t i = 0; i < len; i++)
	{
		char		c = name[i];
		bool		letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		bool		ok = letter || (i > 0 && ((c >= '0' && c <= '9') || c == '_'));

		if (!ok)
		{
			char		cname[DEAL_CHAR_NAME_SIZE];

			return deal_fail(st, DEAL_BAD_ARGUMENT, (int) i,
							 "The %s \"%.*s\" has %s at character %zu; it must be a letter followed by letters, digits and underscores.",
							 what, (int) len, name, deal_char_name(c, cname), i + 1);
		}
	}
	return DEAL_OK;
}

/* Check a profile label: a label as above, or DEAL_INTERCEPT_LABEL in any case. */
DealCode
deal_check_profile_label(const char *name, size_t len, const char *what, DealStatus *st)
{
	if (len == DEAL_INTERCEPT_LEN && deal_label_equals(DEAL_INTERCEPT_LABEL, name, len))
	{
		deal_status_clear(st);
		return DEAL_OK;
	}
	return deal_check_label(name, len, what, st);
}

/* Does name (len bytes, any case) equal the folded label? */
bool
deal_label_equals(const char *folded, const char *name, size_t len)
{
	for (size_t i = 0; i < len; i++)
	{
		char		c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (folded[i] != c)
			return false;
	}
	return folded[len] == '\0';
}

/* Copy len bytes of name to dst, folded to lower case (no NUL added). */
void
deal_fold_label(char *dst, const char *name, size_t len)
{
	for (size_t i = 0; i < len; i++)
		dst[i] = (char) ((name[i] >= 'A' && name[i] <= 'Z') ? name[i] - 'A' + 'a' : name[i]);
}

/* Compare two labels bytewise, a shorter prefix first (the order labels are stored in). */
int
deal_compare_labels(const char *a, size_t alen, const char *b, size_t blen)
{
	int			c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/* Index of label among n sorted labels stored end to end in pool, or -1. */
int64_t
deal_find_label(const char *pool, const unsigned char *label_end, uint32_t n, const char *label,
				size_t len)
{
	uint32_t	lo = 0;
	uint32_t	hi = n;

	while (lo < hi)
	{
		uint32_t	mid = lo + (hi - lo) / 2;
		uint32_t	start = mid == 0 ? 0 : deal_word(label_end, mid - 1);
		int			c = deal_compare_labels(pool + start, deal_word(label_end, mid) - start, label, len);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}
