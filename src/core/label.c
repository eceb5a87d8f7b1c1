/*
 * label.c: checking, comparing and folding labels.
 */
#include "label.h"

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
