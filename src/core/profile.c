/*
 * profile.c: profiles: the flat form, canonical order, text, and the algebra.
 */
#include "profile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "canonical.h"

/* Order entries by label. */
static int
compare_entries(const void *x, const void *y)
{
	const ProfileEntry *a = x;
	const ProfileEntry *b = y;

	return deal_compare_labels(a->label, a->len, b->label, b->len);
}

/* Sort entries by label. */
void
profile_sort(ProfileEntry *entries, uint32_t n)
{
	qsort(entries, n, sizeof(ProfileEntry), compare_entries);
}

/* Read a flat profile of len bytes in place, at any alignment; DEAL_BAD_BINARY if it is not one. */
DealCode
profile_open(Profile *p, const char *flat, size_t len, DealStatus *st)
{
	const unsigned char *w = (const unsigned char *) flat;
	size_t		fixed;
	uint32_t	prev = 0;

	if (len < sizeof(uint32_t) || deal_word(w, 0) > PROFILE_MAX_LABELS)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Not a deal.profile value.");
	p->n = deal_word(w, 0);
	fixed = sizeof(uint32_t) * (1 + (size_t) p->n) + sizeof(double) * p->n;
	if (fixed > len)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.profile value is truncated.");
	p->label_end = w + sizeof(uint32_t);
	p->weights = w + sizeof(uint32_t) * (1 + (size_t) p->n);
	p->pool = flat + fixed;
	for (uint32_t i = 0; i < p->n; i++)
	{
		uint32_t	end = deal_word(p->label_end, i);

		if (end <= prev || end > len - fixed)
			return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.profile value is damaged.");
		prev = end;
	}
	return DEAL_OK;
}

/* Sort entries by label; failure if a label is given twice or a weight is not finite. */
DealCode
profile_canonicalize(ProfileEntry *entries, uint32_t n, DealCode failure, DealStatus *st)
{
	if (n > PROFILE_MAX_LABELS)
		return deal_fail(st, DEAL_TOO_BIG, -1, "A profile has at most %d labels, got %u.",
						 PROFILE_MAX_LABELS, n);
	profile_sort(entries, n);
	for (uint32_t i = 0; i < n; i++)
	{
		ProfileEntry *e = &entries[i];

		if (!isfinite(e->weight))
			return deal_fail(st, failure, -1, "The weight of \"%.*s\" is %s; weights must be finite.",
							 (int) e->len, e->label, isnan(e->weight) ? "not a number" : "infinite");
		if (i > 0 && compare_entries(&entries[i - 1], e) == 0)
			return deal_fail(st, failure, -1, "The label \"%.*s\" appears more than once.",
							 (int) e->len, e->label);
		e->weight = canonical_double(e->weight);	/* no -0: equal profiles, equal bytes */
	}
	deal_status_clear(st);
	return DEAL_OK;
}

/* Bytes of the flat form of n canonical entries. */
size_t
profile_flat_size(const ProfileEntry *entries, uint32_t n)
{
	size_t		pool = 0;

	for (uint32_t i = 0; i < n; i++)
		pool += entries[i].len;
	return sizeof(uint32_t) * (1 + (size_t) n) + sizeof(double) * n + ((pool + 3) & ~(size_t) 3);
}

/* Write the flat form of n canonical entries to out (profile_flat_size bytes, 4-aligned). */
void
profile_write(const ProfileEntry *entries, uint32_t n, char *out)
{
	uint32_t   *w = (uint32_t *) out;
	unsigned char *weights = (unsigned char *) (w + 1 + n);
	char	   *pool = (char *) (weights + sizeof(double) * n);
	uint32_t	end = 0;

	w[0] = n;
	for (uint32_t i = 0; i < n; i++)
	{
		memcpy(pool + end, entries[i].label, entries[i].len);
		end += entries[i].len;
		w[1 + i] = end;
		memcpy(weights + sizeof(double) * i, &entries[i].weight, sizeof(double));
	}
	while (end % 4 != 0)
		pool[end++] = '\0';
}

/* The entries of a flat profile, pointing into it, into entries (room for p->n). */
void
profile_entries(const Profile *p, ProfileEntry *entries)
{
	for (uint32_t i = 0; i < p->n; i++)
	{
		entries[i].label = profile_label(p, i, &entries[i].len);
		entries[i].weight = profile_weight(p, i);
	}
}

/* Skip blanks at text[*pos]. */
static void
skip_blanks(const char *text, size_t *pos)
{
	while (text[*pos] == ' ' || text[*pos] == '\t' || text[*pos] == '\n' || text[*pos] == '\r')
		(*pos)++;
}

/* Parse the text form into canonical entries; DEAL_BAD_TEXT with a position on failure. */
DealCode
profile_parse(const char *text, const DealAllocator *alloc, ProfileEntry **entries, uint32_t *n,
			  char **pool, DealStatus *st)
{
	size_t		len = strlen(text);
	size_t		pos = 0;
	size_t		used = 0;
	uint32_t	count = 0;
	uint32_t	capacity = 1;
	char		name[DEAL_CHAR_NAME_SIZE];

	*entries = NULL;
	*pool = NULL;
	for (size_t i = 0; i < len; i++)
		capacity += text[i] == ',';
	if (capacity > PROFILE_MAX_LABELS)
		return deal_fail(st, DEAL_TOO_BIG, -1, "A profile has at most %d labels.", PROFILE_MAX_LABELS);
	*entries = deal_alloc(alloc, capacity * sizeof(ProfileEntry));
	*pool = deal_alloc(alloc, len + 1);
	if (*entries == NULL || *pool == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for a profile.");

	skip_blanks(text, &pos);
	while (text[pos] != '\0')
	{
		size_t		start = pos;
		ProfileEntry *e = &(*entries)[count];

		while ((text[pos] >= 'a' && text[pos] <= 'z') || (text[pos] >= 'A' && text[pos] <= 'Z') ||
			   (text[pos] >= '0' && text[pos] <= '9') || text[pos] == '_')
			pos++;
		if (pos == start)
			return deal_fail(st, DEAL_BAD_TEXT, (int) pos,
							 text[pos] == ',' ? "Expected a label at character %zu, found \",\"."
							 : "Expected a label at character %zu.", pos + 1);
		if (deal_check_profile_label(text + start, pos - start, "label", st) != DEAL_OK)
		{
			st->code = DEAL_BAD_TEXT;
			st->position = (int) start;
			return DEAL_BAD_TEXT;
		}
		deal_fold_label(*pool + used, text + start, pos - start);
		e->label = *pool + used;
		e->len = (uint32_t) (pos - start);
		e->weight = 1;
		used += pos - start;
		skip_blanks(text, &pos);
		if (text[pos] == ':')
		{
			char	   *end;

			pos++;
			skip_blanks(text, &pos);
			e->weight = strtod(text + pos, &end);
			if (end == text + pos)
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos,
								 "Expected a weight (a number) after \"%.*s:\" at character %zu.",
								 (int) e->len, e->label, pos + 1);
			/* overflow is infinite; underflow (also ERANGE) is 0 or subnormal, both weights */
			if (!isfinite(e->weight))
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos,
								 "The weight of \"%.*s\" at character %zu must be a finite number.",
								 (int) e->len, e->label, pos + 1);
			pos = (size_t) (end - text);
			skip_blanks(text, &pos);
		}
		count++;
		if (text[pos] == ',')
		{
			pos++;
			skip_blanks(text, &pos);
			if (text[pos] == '\0')
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos,
								 "Expected a label after \",\" at character %zu, found the end.", pos + 1);
			continue;
		}
		if (text[pos] != '\0')
			return deal_fail(st, DEAL_BAD_TEXT, (int) pos,
							 "Expected \",\" or the end at character %zu, found %s.", pos + 1,
							 deal_char_name(text[pos], name));
	}
	*n = count;
	if (profile_canonicalize(*entries, count, DEAL_BAD_TEXT, st) != DEAL_OK)
		return st->code;
	return DEAL_OK;
}

/* Write the shortest text of a double that reads back as the same value into buf[32]. */
void
profile_format_weight(double w, char *buf)
{
	for (int precision = 1; precision <= 17; precision++)
	{
		snprintf(buf, 32, "%.*g", precision, w);
		if (strtod(buf, NULL) == w)
			return;
	}
}

/* Write the canonical text form: "debt:0.9, gardening, loneliness:0.6" (weight 1 is implied). */
bool
profile_format(const Profile *p, DealText *out)
{
	bool		ok = deal_text_append(out, "%s", "");

	for (uint32_t i = 0; ok && i < p->n; i++)
	{
		uint32_t	len;
		const char *label = profile_label(p, i, &len);
		double		w = profile_weight(p, i);
		char		buf[32];

		ok = deal_text_append(out, "%s%.*s", i == 0 ? "" : ", ", (int) len, label);
		if (ok && w != 1)
		{
			profile_format_weight(w, buf);
			ok = deal_text_append(out, ":%s", buf);
		}
	}
	return ok;
}

/* Index of label (any case) in p, or -1. */
int64_t
profile_find(const Profile *p, const char *label, size_t len)
{
	char		folded[DEAL_LABEL_MAX];

	if (len == 0 || len > DEAL_LABEL_MAX)
		return -1;
	deal_fold_label(folded, label, len);
	return deal_find_label(p->pool, p->label_end, p->n, folded, len);
}

/* Compare label i of a with label j of b. */
static int
compare_at(const Profile *a, uint32_t i, const Profile *b, uint32_t j)
{
	uint32_t	alen,
				blen;
	const char *al = profile_label(a, i, &alen);
	const char *bl = profile_label(b, j, &blen);

	return deal_compare_labels(al, alen, bl, blen);
}

/* Do a and b share a label? */
bool
profile_overlaps(const Profile *a, const Profile *b)
{
	uint32_t	i = 0,
				j = 0;

	while (i < a->n && j < b->n)
	{
		int			c = compare_at(a, i, b, j);

		if (c == 0)
			return true;
		if (c < 0)
			i++;
		else
			j++;
	}
	return false;
}

/* Has a every label of b? */
bool
profile_contains(const Profile *a, const Profile *b)
{
	uint32_t	i = 0;

	for (uint32_t j = 0; j < b->n; j++)
	{
		int			c = -1;

		while (i < a->n && (c = compare_at(a, i, b, j)) < 0)
			i++;
		if (i == a->n || c != 0)
			return false;
		i++;
	}
	return true;
}

/* Sum over shared labels of the products of weights, each weight divided by scale first. */
static double
scaled_dot(const Profile *a, const Profile *b, double scale)
{
	uint32_t	i = 0,
				j = 0;
	double		sum = 0;

	while (i < a->n && j < b->n)
	{
		int			c = compare_at(a, i, b, j);

		if (c == 0)
			sum += (profile_weight(a, i++) / scale) * (profile_weight(b, j++) / scale);
		else if (c < 0)
			i++;
		else
			j++;
	}
	return sum;
}

/* Sum over shared labels of the products of weights. */
double
profile_dot(const Profile *a, const Profile *b)
{
	return scaled_dot(a, b, 1);
}

/* Euclidean norm of p's weights, each divided by scale first. */
static double
scaled_norm(const Profile *p, double scale)
{
	double		sum = 0;

	for (uint32_t i = 0; i < p->n; i++)
		sum += (profile_weight(p, i) / scale) * (profile_weight(p, i) / scale);
	return sqrt(sum);
}

/* The largest absolute weight of p. */
static double
largest_weight(const Profile *p)
{
	double		largest = 0;

	for (uint32_t i = 0; i < p->n; i++)
		largest = fmax(largest, fabs(profile_weight(p, i)));
	return largest;
}

/* Cosine similarity in [-1, 1]; 0 when either has no weight. */
double
profile_cosine(const Profile *a, const Profile *b)
{
	double		na = scaled_norm(a, 1);
	double		nb = scaled_norm(b, 1);
	double		c;

	if (na == 0 || nb == 0)
		return 0;
	c = profile_dot(a, b) / (na * nb);
	if (isnan(c))
	{
		/* weights so large that their squares overflow: divide them all by the largest */
		double		scale = fmax(largest_weight(a), largest_weight(b));

		c = scaled_dot(a, b, scale) / (scaled_norm(a, scale) * scaled_norm(b, scale));
	}
	return c > 1 ? 1 : c < -1 ? -1 : c;
}

/* Total order: label by label, then weight by weight, then length. */
int
profile_compare(const Profile *a, const Profile *b)
{
	uint32_t	n = a->n < b->n ? a->n : b->n;

	for (uint32_t i = 0; i < n; i++)
	{
		int			c = compare_at(a, i, b, i);

		if (c != 0)
			return c;
	}
	for (uint32_t i = 0; i < n; i++)
	{
		double		x = profile_weight(a, i);
		double		y = profile_weight(b, i);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return a->n < b->n ? -1 : a->n > b->n ? 1 : 0;
}

/*
 * Write a + b (label-wise sum) as canonical entries into out (room for a->n + b->n);
 * DEAL_TOO_BIG past PROFILE_MAX_LABELS labels, DEAL_BAD_ARGUMENT for a sum beyond a double.
 */
DealCode
profile_add(const Profile *a, const Profile *b, ProfileEntry *out, uint32_t *n, DealStatus *st)
{
	uint32_t	i = 0,
				j = 0,
				k = 0;

	while (i < a->n || j < b->n)
	{
		int			c = i == a->n ? 1 : j == b->n ? -1 : compare_at(a, i, b, j);
		ProfileEntry *e = &out[k++];

		if (k > PROFILE_MAX_LABELS)
			return deal_fail(st, DEAL_TOO_BIG, -1, "A profile has at most %d labels; this sum has more.",
							 PROFILE_MAX_LABELS);

		if (c <= 0)
		{
			e->label = profile_label(a, i, &e->len);
			e->weight = profile_weight(a, i++);
			if (c == 0)
				e->weight += profile_weight(b, j++);
		}
		else
		{
			e->label = profile_label(b, j, &e->len);
			e->weight = profile_weight(b, j++);
		}
		if (!isfinite(e->weight))
			return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "The sum of the weights of \"%.*s\" is beyond the range of a double.",
							 (int) e->len, e->label);
		e->weight = canonical_double(e->weight);
	}
	*n = k;
	return DEAL_OK;
}
