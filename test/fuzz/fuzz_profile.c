/*
 * fuzz_profile.c: libFuzzer harness for the profile text parser, formatter and flat form.
 *
 * The input is tried as a profile's text form: what profile_parse accepts must be canonical
 * (labels valid, folded, strictly sorted; weights finite, no -0), must write a flat form that
 * profile_open reads back entry for entry, and must format to canonical text that parses back
 * to the same flat bytes and formats to itself; what it refuses must be reported as bad text
 * (or too big) with a sane position.  The input is also tried as a flat form, at an odd
 * address as a value stored with a 1-byte header is: profile_open must refuse it as bad
 * binary input or give a profile every accessor reads within bounds, and when that profile
 * is canonical it must format to text that parses back to the same labels and weights, bit
 * for bit, and so to the same flat bytes.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "fuzz_common.h"

/* Are n entries canonical: valid folded labels in strictly increasing order, finite weights, no -0? */
static bool
entries_canonical(const ProfileEntry *entries, uint32_t n)
{
	DealStatus	st;

	if (n > PROFILE_MAX_LABELS)
		return false;
	for (uint32_t i = 0; i < n; i++)
	{
		const ProfileEntry *e = &entries[i];

		if (deal_check_profile_label(e->label, e->len, "label", &st) != DEAL_OK)
			return false;
		for (uint32_t j = 0; j < e->len; j++)
			if (e->label[j] >= 'A' && e->label[j] <= 'Z')
				return false;
		if (i > 0 && deal_compare_labels(entries[i - 1].label, entries[i - 1].len, e->label, e->len) >= 0)
			return false;
		if (!isfinite(e->weight) || (e->weight == 0 && signbit(e->weight)))
			return false;
	}
	return true;
}

/* Are two lists of entries the same labels with bit-identical weights? */
static bool
same_entries(const ProfileEntry *a, uint32_t na, const ProfileEntry *b, uint32_t nb)
{
	if (na != nb)
		return false;
	for (uint32_t i = 0; i < na; i++)
		if (a[i].len != b[i].len || memcmp(a[i].label, b[i].label, a[i].len) != 0 ||
			memcmp(&a[i].weight, &b[i].weight, sizeof(double)) != 0)
			return false;
	return true;
}

/* The flat form of n canonical entries in an exactly sized buffer; its size in *len. */
static char *
make_flat(const ProfileEntry *entries, uint32_t n, size_t *len)
{
	char	   *flat;

	*len = profile_flat_size(entries, n);
	REQUIRE(*len % 4 == 0);
	flat = malloc(*len);
	profile_write(entries, n, flat);
	return flat;
}

/* The canonical text of p (freed by the caller). */
static char *
format_profile(const Profile *p)
{
	DealText	out = {.alloc = &alloc};

	REQUIRE(profile_format(p, &out));
	REQUIRE(out.data != NULL && strlen(out.data) == out.len);
	return out.data;
}

/* Read every part of an opened profile through the accessors and the algebra (bounds only). */
static void
touch_profile(const Profile *p)
{
	ProfileEntry *entries = malloc(((size_t) p->n + 1) * sizeof(ProfileEntry));
	ProfileEntry *sum = malloc((2 * (size_t) p->n + 1) * sizeof(ProfileEntry));
	uint32_t	n_sum;
	DealStatus	st;
	char	   *text;

	profile_entries(p, entries);
	for (uint32_t i = 0; i < p->n; i++)
	{
		uint32_t	len;
		const char *label = profile_label(p, i, &len);

		REQUIRE(label == entries[i].label && len == entries[i].len && len > 0);
		(void) profile_find(p, label, len);
	}
	(void) profile_overlaps(p, p);
	(void) profile_contains(p, p);
	(void) profile_dot(p, p);
	(void) profile_cosine(p, p);
	(void) profile_compare(p, p);
	if (profile_add(p, p, sum, &n_sum, &st) == DEAL_OK)
		REQUIRE(n_sum <= 2 * p->n);
	text = format_profile(p);
	free(text);
	free(sum);
	free(entries);
}

/*
 * Check a canonical opened profile: labels are found where they are (in any case), and its
 * text parses back to the same entries, writes the same flat bytes and formats to itself.
 */
static void
check_canonical(const Profile *p)
{
	ProfileEntry *entries = malloc(((size_t) p->n + 1) * sizeof(ProfileEntry));
	ProfileEntry *again;
	uint32_t	n_again;
	char	   *pool;
	char	   *text;
	char	   *text_again;
	char	   *flat;
	char	   *flat_again;
	size_t		len;
	size_t		len_again;
	Profile		q;
	DealStatus	st;

	profile_entries(p, entries);
	REQUIRE(entries_canonical(entries, p->n));
	REQUIRE(profile_compare(p, p) == 0 && profile_contains(p, p));
	for (uint32_t i = 0; i < p->n; i++)
	{
		char		upper[DEAL_LABEL_MAX];

		REQUIRE(profile_find(p, entries[i].label, entries[i].len) == i);
		for (uint32_t j = 0; j < entries[i].len; j++)
		{
			char		c = entries[i].label[j];

			upper[j] = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
		}
		REQUIRE(profile_find(p, upper, entries[i].len) == i);
	}

	text = format_profile(p);
	REQUIRE(profile_parse(text, &alloc, &again, &n_again, &pool, &st) == DEAL_OK);
	REQUIRE(same_entries(entries, p->n, again, n_again));
	flat = make_flat(entries, p->n, &len);
	flat_again = make_flat(again, n_again, &len_again);
	REQUIRE(len == len_again && memcmp(flat, flat_again, len) == 0);

	/* the canonical text is a fixed point */
	REQUIRE(profile_open(&q, flat_again, len_again, &st) == DEAL_OK);
	text_again = format_profile(&q);
	REQUIRE(strcmp(text, text_again) == 0);

	free(text_again);
	free(flat_again);
	free(flat);
	free(pool);
	free(again);
	free(text);
	free(entries);
}

/* Parse text (len bytes before its NUL) and check what comes back. */
static void
check_text(const char *text, size_t len)
{
	ProfileEntry *entries;
	uint32_t	n = UINT32_MAX;
	char	   *pool;
	char	   *flat;
	size_t		flat_len;
	Profile		p;
	DealStatus	st;

	if (profile_parse(text, &alloc, &entries, &n, &pool, &st) != DEAL_OK)
	{
		REQUIRE(failure_ok(&st, DEAL_BAD_TEXT, len) || failure_ok(&st, DEAL_TOO_BIG, len));
		free(entries);
		free(pool);
		return;
	}
	REQUIRE(st.code == DEAL_OK);
	REQUIRE(n <= len / 2 + 1);	/* a label and a comma at least per entry */
	REQUIRE(entries_canonical(entries, n));

	/* the flat form reads back entry for entry */
	flat = make_flat(entries, n, &flat_len);
	REQUIRE(profile_open(&p, flat, flat_len, &st) == DEAL_OK && p.n == n);
	{
		ProfileEntry *read = malloc(((size_t) n + 1) * sizeof(ProfileEntry));

		profile_entries(&p, read);
		REQUIRE(same_entries(entries, n, read, n));
		free(read);
	}
	touch_profile(&p);
	check_canonical(&p);

	free(flat);
	free(pool);
	free(entries);
}

/*
 * Open size bytes as a flat form and check what comes back.  They are opened at an odd
 * address, as a value stored with a 1-byte header is, ending where their block ends.
 */
static void
check_flat(const uint8_t *data, size_t size)
{
	char	   *block = malloc(size + 1);
	char	   *flat = block + 1;
	Profile		p;
	DealStatus	st;

	memcpy(flat, data, size);
	if (profile_open(&p, flat, size, &st) != DEAL_OK)
		REQUIRE(failure_ok(&st, DEAL_BAD_BINARY, 0));
	else
	{
		ProfileEntry *entries = malloc(((size_t) p.n + 1) * sizeof(ProfileEntry));

		REQUIRE(p.n <= PROFILE_MAX_LABELS);
		touch_profile(&p);
		profile_entries(&p, entries);
		if (entries_canonical(entries, p.n))
			check_canonical(&p);
		free(entries);
	}
	free(block);
}

/* libFuzzer's entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = fuzz_copy(data, size, true);

	check_text(text, strlen(text));
	free(text);

	check_flat(data, size);
	return 0;
}
