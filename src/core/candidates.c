/*
 * candidates.c: a list of candidate pairs as a value: its text form, and the bytes it is
 * stored in.
 */
#include "candidates.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "canonical.h"

#include "allocate.h"
#include "profile.h"

/* Read a signed integer at text[*pos]. */
static bool
read_int64(const char *text, size_t *pos, int64_t *v)
{
	char	   *end;
	long long	x;

	if (text[*pos] != '-' && (text[*pos] < '0' || text[*pos] > '9'))
		return false;
	errno = 0;
	x = strtoll(text + *pos, &end, 10);
	if (errno == ERANGE)
		return false;
	*v = x;
	*pos = (size_t) (end - text);
	return true;
}

/* Expect character c at text[*pos], after blanks. */
static bool
expect(const char *text, size_t *pos, char c)
{
	while (text[*pos] == ' ' || text[*pos] == '\t' || text[*pos] == '\n' || text[*pos] == '\r')
		(*pos)++;
	if (text[*pos] != c)
		return false;
	(*pos)++;
	while (text[*pos] == ' ' || text[*pos] == '\t' || text[*pos] == '\n' || text[*pos] == '\r')
		(*pos)++;
	return true;
}

/* Parse the text form into pairs (allocated through alloc); DEAL_BAD_TEXT with a position. */
DealCode
allocate_parse_pairs(const char *text, const DealAllocator *alloc, AllocPair **pairs, size_t *n,
					 DealStatus *st)
{
	size_t		pos = 0;
	size_t		capacity = 1;
	size_t		count = 0;

	for (const char *c = text; *c; c++)
		capacity += *c == '(';
	*pairs = deal_alloc(alloc, capacity * sizeof(AllocPair));
	if (*pairs == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for candidate pairs.");
	if (!expect(text, &pos, '{'))
		return deal_fail(st, DEAL_BAD_TEXT, (int) pos, "Expected \"{\" at character %zu.", pos + 1);
	if (!expect(text, &pos, '}'))
	{
		for (;;)
		{
			AllocPair  *p = &(*pairs)[count];
			int64_t		cap;
			char	   *end;

			if (!expect(text, &pos, '(') || !read_int64(text, &pos, &p->person) ||
				!expect(text, &pos, ',') || !read_int64(text, &pos, &p->asset) ||
				!expect(text, &pos, ','))
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos,
								 "Expected (person,asset,score,capacity) at character %zu.", pos + 1);
			errno = 0;
			p->score = strtod(text + pos, &end);
			if (end == text + pos || !isfinite(p->score))
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos,
								 "Expected a finite score at character %zu.", pos + 1);
			pos = (size_t) (end - text);
			if (!expect(text, &pos, ',') || !read_int64(text, &pos, &cap) || cap < 0 || cap > INT32_MAX ||
				!expect(text, &pos, ')'))
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos,
								 "Expected a capacity from 0 to %d and \")\" at character %zu.", INT32_MAX, pos + 1);
			p->capacity = (int32_t) cap;
			count++;
			if (expect(text, &pos, '}'))
				break;
			if (!expect(text, &pos, ','))
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos, "Expected \",\" or \"}\" at character %zu.", pos + 1);
		}
	}
	if (text[pos] != '\0')
		return deal_fail(st, DEAL_BAD_TEXT, (int) pos, "Unexpected text after \"}\" at character %zu.", pos + 1);
	*n = count;
	return allocate_check_pairs(*pairs, count, DEAL_BAD_TEXT, alloc, NULL, st);
}

/* Write n pairs in the text form. */
bool
allocate_format_pairs(const AllocPair *pairs, size_t n, DealText *out)
{
	bool		ok = deal_text_append(out, "{");

	for (size_t i = 0; ok && i < n; i++)
	{
		char		score[32];

		profile_format_weight(pairs[i].score, score);
		ok = deal_text_append(out, "%s(%lld,%lld,%s,%d)", i == 0 ? "" : ",", (long long) pairs[i].person,
							  (long long) pairs[i].asset, score, pairs[i].capacity);
	}
	return ok && deal_text_append(out, "}");
}

/*
 * Write n pairs to out as a value stores them: field by field over zeroed bytes, so that
 * the struct's padding (4 bytes a pair) holds zeros, not whatever memory the pairs were
 * built in; a plain copy would write that memory into tables, WAL and backups.
 */
void
allocate_store_pairs(const AllocPair *pairs, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
	{
		char	   *p = out + i * sizeof(AllocPair);
		double		score = canonical_double(pairs[i].score);

		memset(p, 0, sizeof(AllocPair));
		memcpy(p + offsetof(AllocPair, person), &pairs[i].person, sizeof(pairs[i].person));
		memcpy(p + offsetof(AllocPair, asset), &pairs[i].asset, sizeof(pairs[i].asset));
		memcpy(p + offsetof(AllocPair, score), &score, sizeof(score));
		memcpy(p + offsetof(AllocPair, capacity), &pairs[i].capacity, sizeof(pairs[i].capacity));
	}
}
