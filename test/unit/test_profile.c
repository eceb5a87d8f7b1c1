/*
 * test_profile.c: profiles (parser, formatter, flat form, algebra laws) and the match score.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "test_alloc.h"
#include "match.h"
#include "profile.h"

#define A (&test_allocator)

/* A profile built from text: its flat form and the view of it. */
typedef struct Built
{
	char	   *flat;
	size_t		size;
	Profile		p;
} Built;

/* Parse text into b, failing the test if it is not a profile. */
static void
build(const char *text, Built *b)
{
	ProfileEntry *entries;
	uint32_t	n;
	char	   *pool;
	DealStatus	st;
	size_t		size;

	if (profile_parse(text, A, &entries, &n, &pool, &st) != DEAL_OK)
		fail_msg("could not parse \"%s\": %s", text, st.detail);
	size = profile_flat_size(entries, n);
	b->flat = deal_alloc(A, size);
	b->size = size;
	profile_write(entries, n, b->flat);
	deal_release(A, entries);
	deal_release(A, pool);
	assert_int_equal(profile_open(&b->p, b->flat, size, &st), DEAL_OK);
}

/* Free a built profile. */
static void
release(Built *b)
{
	deal_release(A, b->flat);
}

/* The canonical text of a built profile, freed by the caller with deal_release. */
static char *
text_of(const Built *b)
{
	DealText	out = {.alloc = A};

	assert_true(profile_format(&b->p, &out));
	return out.data;
}

/* text's canonical form is expected. */
static void
assert_canonical(const char *text, const char *expected)
{
	Built		b;
	char	   *out;

	build(text, &b);
	out = text_of(&b);
	assert_string_equal(out, expected);
	deal_release(A, out);
	release(&b);
}

/* text is refused with DEAL_BAD_TEXT at position, the detail containing phrase. */
static void
assert_bad(const char *text, int position, const char *phrase)
{
	ProfileEntry *entries;
	uint32_t	n;
	char	   *pool;
	DealStatus	st;

	assert_int_equal(profile_parse(text, A, &entries, &n, &pool, &st), DEAL_BAD_TEXT);
	if (st.position != position || strstr(st.detail, phrase) == NULL)
		fail_msg("\"%s\": position %d, detail \"%s\"", text, st.position, st.detail);
	deal_release(A, entries);
	deal_release(A, pool);
}

/* "a:" followed by weight text parses to a profile whose one weight is exactly w. */
static void
assert_parses_to(double w, const char *weight_text)
{
	char		text[48];
	ProfileEntry *entries;
	uint32_t	n;
	char	   *pool;
	DealStatus	st;

	snprintf(text, sizeof(text), "a:%s", weight_text);
	if (profile_parse(text, A, &entries, &n, &pool, &st) != DEAL_OK)
		fail_msg("\"%s\" does not parse: %s", text, st.detail);
	assert_int_equal(n, 1);
	assert_true(entries[0].weight == w);
	deal_release(A, entries);
	deal_release(A, pool);
}

/* Canonical text: sorted, folded, weight 1 implied, shortest round-trip weights. */
static void
test_canonical(void **state)
{
	(void) state;
	assert_canonical("", "");
	assert_canonical("   ", "");
	assert_canonical("debt:0.9, loneliness:0.6, gardening", "debt:0.9, gardening, loneliness:0.6");
	assert_canonical("Gardening : 1 ,DEBT:0.90", "debt:0.9, gardening");
	assert_canonical("food, debt_advice, debt", "debt, debt_advice, food");
	assert_canonical("a:-0, b:-2.5, c:1e-300, d:123456789.125", "a:0, b:-2.5, c:1e-300, d:123456789.125");
	assert_canonical("x:0.1, y:0.30000000000000004", "x:0.1, y:0.30000000000000004");
}

/* Every malformed profile, and where. */
static void
test_malformed(void **state)
{
	(void) state;
	assert_bad("debt:", 5, "Expected a weight");
	assert_bad("debt:x", 5, "Expected a weight");
	assert_bad("debt:nan", 5, "finite");
	assert_bad("debt:inf", 5, "finite");
	assert_bad("debt:1e999", 5, "finite");
	assert_bad("debt, debt", -1, "appears more than once");
	assert_bad("debt, DEBT:2", -1, "appears more than once");
	assert_bad("debt,", 5, "found the end");
	assert_bad(", debt", 0, "Expected a label");
	assert_bad("debt,,food", 5, "Expected a label");
	assert_bad("debt food", 5, "Expected \",\" or the end");
	assert_bad("debt;food", 4, "Expected \",\"");
	assert_bad("1debt", 0, "must be a letter");
	assert_bad("_debt", 0, "must be a letter");
	assert_bad("debt-advice", 4, "Expected \",\"");
	assert_bad("caf\xc3\xa9", 3, "byte 0xC3");
	assert_bad("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, "at most 63");
}

/* The shortest weight text reads back as the same double, for many doubles. */
static void
test_weight_round_trip(void **state)
{
	uint64_t	seed = 7;

	(void) state;
	for (int i = 0; i < 100000; i++)
	{
		double		w;
		char		buf[32];
		uint64_t	bits;

		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		bits = seed;
		memcpy(&w, &bits, sizeof(w));
		if (!isfinite(w))
			continue;
		profile_format_weight(w, buf);
		assert_true(strtod(buf, NULL) == w);
		if (i % 10 == 0 || fpclassify(w) == FP_SUBNORMAL)
			assert_parses_to(w, buf);
	}
	/* subnormal weights (strtod flags them ERANGE) are weights like any other */
	{
		const double tiny[] = {4.9406564584124654e-324, -4.9406564584124654e-324, 2.2250738585072009e-308, 5.000000000000004e-309};

		for (size_t i = 0; i < sizeof(tiny) / sizeof(tiny[0]); i++)
		{
			char		buf[32];

			profile_format_weight(tiny[i], buf);
			assert_parses_to(tiny[i], buf);
		}
	}
}

/* Canonicalisation sorts, refuses a repeated label or a weight that is not finite, and drops -0. */
static void
test_duplicates(void **state)
{
	ProfileEntry e[3] = {{"b", 1, 2}, {"a", 1, -0.0}, {"c", 1, 3}};
	DealStatus	st;

	(void) state;
	assert_int_equal(profile_canonicalize(e, 3, DEAL_BAD_ARGUMENT, &st), DEAL_OK);
	assert_true(e[0].label[0] == 'a' && e[1].label[0] == 'b' && e[2].label[0] == 'c');
	assert_true(e[0].weight == 0 && !signbit(e[0].weight));
	e[0] = (ProfileEntry) {"b", 1, 2};
	e[1] = (ProfileEntry) {"b", 1, 3};
	assert_int_equal(profile_canonicalize(e, 2, DEAL_BAD_BINARY, &st), DEAL_BAD_BINARY);
	assert_non_null(strstr(st.detail, "appears more than once"));
	e[0] = (ProfileEntry) {"b", 1, 2};
	e[1] = (ProfileEntry) {"a", 1, INFINITY};
	assert_int_equal(profile_canonicalize(e, 2, DEAL_BAD_ARGUMENT, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "infinite"));
}

/* A random profile over labels l0..l9 with small weights, as text. */
static void
random_profile(uint64_t *seed, char *buf, size_t size)
{
	size_t		used = 0;

	buf[0] = '\0';
	for (int l = 0; l < 10; l++)
	{
		*seed ^= *seed << 13;
		*seed ^= *seed >> 7;
		*seed ^= *seed << 17;
		if (*seed % 3 != 0)
			continue;
		used += (size_t) snprintf(buf + used, size - used, "%sl%d:%d", used ? ", " : "", l,
								  (int) (*seed >> 8) % 7 - 2);
	}
}

/* Two random profiles, built. */
static void
random_pair(uint64_t *seed, Built *a, Built *b)
{
	char		ta[128],
				tb[128];

	random_profile(seed, ta, sizeof(ta));
	random_profile(seed, tb, sizeof(tb));
	build(ta, a);
	build(tb, b);
}

/* The n entries x and the m entries y are the same labels with the same weights. */
static void
assert_same_entries(const ProfileEntry *x, uint32_t n, const ProfileEntry *y, uint32_t m)
{
	assert_int_equal(n, m);
	for (uint32_t i = 0; i < n; i++)
		assert_true(x[i].len == y[i].len && memcmp(x[i].label, y[i].label, x[i].len) == 0 &&
					x[i].weight == y[i].weight);
}

/* Disjoint labels "l<i>" from first to last, each of weight 1, as a built profile. */
static void
build_range(uint32_t first, uint32_t last, Built *b)
{
	uint32_t	n = last - first + 1;
	ProfileEntry *entries = deal_alloc(A, sizeof(ProfileEntry) * n);
	char	   *names = deal_alloc(A, (size_t) n * 16);
	DealStatus	st;

	for (uint32_t i = 0; i < n; i++)
	{
		/* zero-padded, so that the labels are in order */
		entries[i].len = (uint32_t) snprintf(names + (size_t) i * 16, 16, "l%09u", first + i);
		entries[i].label = names + (size_t) i * 16;
		entries[i].weight = 1;
	}
	b->size = profile_flat_size(entries, n);
	b->flat = deal_alloc(A, b->size);
	profile_write(entries, n, b->flat);
	deal_release(A, names);
	deal_release(A, entries);
	assert_int_equal(profile_open(&b->p, b->flat, b->size, &st), DEAL_OK);
}

/* A sum past PROFILE_MAX_LABELS labels is refused, not written as a profile nobody can read. */
static void
test_add_limit(void **state)
{
	Built		a,
				b,
				c;
	ProfileEntry *out;
	uint32_t	n = 0;
	DealStatus	st;

	(void) state;
	build_range(1, 60000, &a);
	build_range(40001, PROFILE_MAX_LABELS, &b);	/* a + b: exactly the limit */
	build_range(40001, PROFILE_MAX_LABELS + 1, &c);	/* a + c: one label more */
	out = deal_alloc(A, sizeof(ProfileEntry) * (a.p.n + c.p.n));
	assert_int_equal(profile_add(&a.p, &b.p, out, &n, &st), DEAL_OK);
	assert_int_equal(n, PROFILE_MAX_LABELS);
	assert_int_equal(profile_add(&a.p, &c.p, out, &n, &st), DEAL_TOO_BIG);
	assert_int_equal(st.code, DEAL_TOO_BIG);
	assert_non_null(strstr(st.detail, "at most 100000 labels"));
	assert_int_equal(profile_add(&c.p, &a.p, out, &n, &st), DEAL_TOO_BIG);
	deal_release(A, out);
	release(&a);
	release(&b);
	release(&c);
}

/* The algebra's laws on random profiles. */
static void
test_laws(void **state)
{
	uint64_t	seed = 99;

	(void) state;
	for (int round = 0; round < 2000; round++)
	{
		Built		a,
					b;
		ProfileEntry *ab = NULL,
				   *ba = NULL;
		uint32_t	nab,
					nba;
		DealStatus	st;
		bool		contains = true;

		random_pair(&seed, &a, &b);

		/* + and dot commute; cosine is symmetric and within [-1, 1] */
		ab = deal_alloc(A, sizeof(ProfileEntry) * (a.p.n + b.p.n + 1));
		ba = deal_alloc(A, sizeof(ProfileEntry) * (a.p.n + b.p.n + 1));
		assert_int_equal(profile_add(&a.p, &b.p, ab, &nab, &st), DEAL_OK);
		assert_int_equal(profile_add(&b.p, &a.p, ba, &nba, &st), DEAL_OK);
		assert_same_entries(ab, nab, ba, nba);
		assert_true(profile_dot(&a.p, &b.p) == profile_dot(&b.p, &a.p));
		assert_true(profile_cosine(&a.p, &b.p) == profile_cosine(&b.p, &a.p));
		assert_true(profile_cosine(&a.p, &b.p) <= 1 && profile_cosine(&a.p, &b.p) >= -1);

		/* a @> b iff every label of b is in a; && iff some label is shared */
		for (uint32_t j = 0; j < b.p.n; j++)
		{
			uint32_t	len;
			const char *label = profile_label(&b.p, j, &len);

			contains = contains && profile_find(&a.p, label, len) >= 0;
		}
		assert_int_equal(profile_contains(&a.p, &b.p), contains);
		assert_int_equal(profile_overlaps(&a.p, &b.p), profile_dot(&a.p, &a.p) >= 0 &&
						 nab < a.p.n + b.p.n);
		assert_true(profile_contains(&a.p, &a.p));

		/* comparison is a total order consistent with equality of text */
		assert_int_equal(profile_compare(&a.p, &b.p), -profile_compare(&b.p, &a.p));
		if (profile_compare(&a.p, &b.p) == 0)
		{
			char	   *x = text_of(&a);
			char	   *y = text_of(&b);

			assert_string_equal(x, y);
			deal_release(A, x);
			deal_release(A, y);
		}
		deal_release(A, ab);
		deal_release(A, ba);
		release(&a);
		release(&b);
	}

	/* weights so large that their squares overflow still have a cosine */
	{
		Built		big,
					mixed;

		build("a:1e200, b:-3e199", &big);
		build("a:2e300, c:1", &mixed);
		assert_true(fabs(profile_cosine(&big.p, &big.p) - 1) < 1e-15);
		assert_true(profile_cosine(&big.p, &mixed.p) > 0.9 && profile_cosine(&big.p, &mixed.p) <= 1);
		release(&big);
		release(&mixed);
	}
}

/* A damaged flat form is refused, not read out of bounds. */
static void
test_damaged(void **state)
{
	Built		b;
	Profile		p;
	DealStatus	st;
	uint32_t   *w;

	(void) state;
	build("debt:0.5, food", &b);
	assert_int_equal(profile_open(&p, b.flat, 3, &st), DEAL_BAD_BINARY);
	w = (uint32_t *) b.flat;
	w[1] = 1000;				/* a label ending past the end */
	assert_int_equal(profile_open(&p, b.flat, profile_flat_size(NULL, 0) + 40, &st), DEAL_BAD_BINARY);
	w[0] = 200000;
	assert_int_equal(profile_open(&p, b.flat, 64, &st), DEAL_BAD_BINARY);
	release(&b);
}

/* b's flat form copied to offset bytes past a 4-aligned address (in *block) and opened there. */
static Profile
open_at(const Built *b, size_t offset, char **block)
{
	Profile		p;
	DealStatus	st;

	*block = deal_alloc(A, b->size + 8);
	assert_true(((uintptr_t) *block & 3) == 0);
	memcpy(*block + offset, b->flat, b->size);
	assert_int_equal(profile_open(&p, *block + offset, b->size, &st), DEAL_OK);
	return p;
}

/* A flat profile at an odd address (a value stored with a 1-byte header) reads the same. */
static void
test_unaligned(void **state)
{
	uint64_t	seed = 31;

	(void) state;
	for (int round = 0; round < 500; round++)
	{
		Built		a,
					b;

		random_pair(&seed, &a, &b);
		for (size_t offset = 1; offset < 8; offset++)
		{
			char	   *block_a,
					   *block_b;
			Profile		ua = open_at(&a, offset, &block_a);
			Profile		ub = open_at(&b, 8 - offset, &block_b);
			DealText	out = {.alloc = A};
			ProfileEntry *sum = deal_alloc(A, sizeof(ProfileEntry) * (a.p.n + b.p.n + 1));
			ProfileEntry *aligned_sum = deal_alloc(A, sizeof(ProfileEntry) * (a.p.n + b.p.n + 1));
			uint32_t	n,
						aligned_n;
			DealStatus	st;
			char	   *text = text_of(&a);

			assert_int_equal(ua.n, a.p.n);
			for (uint32_t i = 0; i < ua.n; i++)
			{
				uint32_t	len,
							aligned_len;
				const char *label = profile_label(&ua, i, &len);
				const char *aligned = profile_label(&a.p, i, &aligned_len);

				assert_true(len == aligned_len && memcmp(label, aligned, len) == 0);
				assert_true(profile_weight(&ua, i) == profile_weight(&a.p, i));
				assert_int_equal(profile_find(&ua, aligned, aligned_len), i);
			}
			assert_int_equal(profile_find(&ua, "zz", 2), -1);
			assert_true(profile_format(&ua, &out));
			assert_string_equal(out.data, text);
			assert_int_equal(profile_compare(&ua, &a.p), 0);
			assert_true((profile_compare(&ua, &ub) > 0) == (profile_compare(&a.p, &b.p) > 0));
			assert_true((profile_compare(&ua, &ub) < 0) == (profile_compare(&a.p, &b.p) < 0));
			assert_int_equal(profile_overlaps(&ua, &ub), profile_overlaps(&a.p, &b.p));
			assert_int_equal(profile_contains(&ua, &ub), profile_contains(&a.p, &b.p));
			assert_true(profile_dot(&ua, &ub) == profile_dot(&a.p, &b.p));
			assert_true(profile_cosine(&ua, &ub) == profile_cosine(&a.p, &b.p));
			assert_true(match_score(&ua, &ub, &ua, 1, 10, NULL, NULL) ==
						match_score(&a.p, &b.p, &a.p, 1, 10, NULL, NULL));
			assert_int_equal(profile_add(&ua, &ub, sum, &n, &st), DEAL_OK);
			assert_int_equal(profile_add(&a.p, &b.p, aligned_sum, &aligned_n, &st), DEAL_OK);
			assert_same_entries(sum, n, aligned_sum, aligned_n);
			deal_release(A, text);
			deal_release(A, out.data);
			deal_release(A, sum);
			deal_release(A, aligned_sum);
			deal_release(A, block_a);
			deal_release(A, block_b);
		}
		release(&a);
		release(&b);
	}
}

/*
 * Every byte of the flat form is written: the same profile parsed and written through
 * allocators full of different garbage is the same bytes, the pool's padding included.
 */
static void
test_every_byte_written(void **state)
{
	const char *const texts[] = {"", "a", "debt:0.9, loneliness:0.6, gardening", "abcde:-0, xy:1e300"};

	(void) state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
	{
		char	   *flat[2];
		size_t		size[2];

		for (int g = 0; g < 2; g++)
		{
			const DealAllocator *alloc = &test_garbage_allocators[g];
			ProfileEntry *entries;
			uint32_t	n;
			char	   *pool;
			DealStatus	st;

			assert_int_equal(profile_parse(texts[i], alloc, &entries, &n, &pool, &st), DEAL_OK);
			size[g] = profile_flat_size(entries, n);
			flat[g] = deal_alloc(alloc, size[g]);
			profile_write(entries, n, flat[g]);
			deal_release(alloc, entries);
			deal_release(alloc, pool);
		}
		assert_int_equal(size[0], size[1]);
		assert_memory_equal(flat[0], flat[1], size[0]);
		for (int g = 0; g < 2; g++)
			deal_release(&test_garbage_allocators[g], flat[g]);
	}
}

/* The match score: its formula, its range, its terms adding up, and monotony. */
static void
test_match(void **state)
{
	Built		needs,
				interests,
				offer,
				none;
	MatchTerm	terms[8];
	uint32_t	n;
	double		score,
				sum = 0;

	(void) state;
	build("debt:0.9, loneliness:0.6", &needs);
	build("gardening, walking:0.5", &interests);
	build("debt, budgeting, gardening:0.5", &offer);
	build("", &none);

	/* 0.6 * (0.9 * 1) / 1.5 + 0.4 * (1 * 0.5) / 1.5, no distance */
	score = match_score(&needs.p, &interests.p, &offer.p, NAN, 10, terms, &n);
	assert_true(fabs(score - (0.6 * 0.9 / 1.5 + 0.4 * 0.5 / 1.5)) < 1e-15);
	assert_int_equal(n, 5);
	for (uint32_t i = 0; i < n; i++)
		sum += terms[i].contribution;
	assert_true(sum == score);

	/* the distance takes away smoothly and entirely at max_km */
	score = match_score(&needs.p, &interests.p, &offer.p, 2, 5, terms, &n);
	sum = 0;
	for (uint32_t i = 0; i < n; i++)
		sum += terms[i].contribution;
	assert_true(sum == score);
	assert_true(terms[n - 1].role == MATCH_DISTANCE && terms[n - 1].contribution < 0);
	assert_true(fabs(score - (0.6 * 0.9 / 1.5 + 0.4 * 0.5 / 1.5) * 0.84 * 0.84) < 1e-12);
	assert_true(match_score(&needs.p, &interests.p, &offer.p, 5, 5, NULL, NULL) == 0);
	assert_true(match_score(&needs.p, &interests.p, &offer.p, 50, 5, NULL, NULL) == 0);
	assert_true(match_score(&needs.p, &interests.p, &offer.p, 0, 5, NULL, NULL) ==
				match_score(&needs.p, &interests.p, &offer.p, NAN, 5, NULL, NULL));
	for (double d = 0; d < 5; d += 0.25)
		assert_true(match_score(&needs.p, &interests.p, &offer.p, d + 0.25, 5, NULL, NULL) <=
					match_score(&needs.p, &interests.p, &offer.p, d, 5, NULL, NULL));

	/* strengths first: an interest alone gives a match, a need alone more */
	assert_true(match_score(&none.p, &interests.p, &offer.p, NAN, 10, NULL, NULL) > 0);
	assert_true(match_score(&needs.p, &none.p, &offer.p, NAN, 10, NULL, NULL) >
				match_score(&none.p, &interests.p, &offer.p, NAN, 10, NULL, NULL) - 0.2);
	assert_true(match_score(&none.p, &none.p, &offer.p, NAN, 10, NULL, NULL) == 0);
	assert_true(match_score(&needs.p, &interests.p, &needs.p, NAN, 10, NULL, NULL) <= 1);

	/* the best possible match scores 1 */
	{
		Built		all;

		build("debt, loneliness, gardening, walking", &all);
		assert_true(fabs(match_score(&needs.p, &interests.p, &all.p, NAN, 10, NULL, NULL) - 1) < 1e-15);
		release(&all);
	}

	/* rounding lifts these terms' sum above 1 (found by fuzzing): the score is still 1 */
	{
		Built		n2,
					i4,
					all;

		build("n1:0.044, n2:0.04", &n2);
		build("i1:0.003, i2:0.429, i3:0.404, i4:0.501", &i4);
		build("n1, n2, i1, i2, i3, i4", &all);
		assert_true(match_score(&n2.p, &i4.p, &all.p, NAN, 10, NULL, NULL) == 1);
		assert_true(match_score(&n2.p, &i4.p, &all.p, 1, 10, NULL, NULL) <= 1);
		release(&n2);
		release(&i4);
		release(&all);
	}
	release(&needs);
	release(&interests);
	release(&offer);
	release(&none);
}

/* Monotone in each part: a stronger offer of a need never lowers the score. */
static void
test_match_monotone(void **state)
{
	uint64_t	seed = 4242;

	(void) state;
	for (int round = 0; round < 2000; round++)
	{
		char		tn[128],
					ti[128],
					to[128],
					tbig[160];
		Built		needs,
					interests,
					offer,
					bigger;
		double		s1,
					s2;

		random_profile(&seed, tn, sizeof(tn));
		random_profile(&seed, ti, sizeof(ti));
		random_profile(&seed, to, sizeof(to));
		build(tn, &needs);
		build(ti, &interests);
		build(to, &offer);
		/* the same offer with one more label fully offered */
		if (strstr(to, "l9:") != NULL)
			snprintf(tbig, sizeof(tbig), "%s", to);
		else
			snprintf(tbig, sizeof(tbig), "%s%sl9:1", to, to[0] ? ", " : "");
		build(tbig, &bigger);
		s1 = match_score(&needs.p, &interests.p, &offer.p, NAN, 10, NULL, NULL);
		s2 = match_score(&needs.p, &interests.p, &bigger.p, NAN, 10, NULL, NULL);
		assert_true(s1 >= 0 && s1 <= 1 + 1e-12);
		assert_true(s2 >= s1 - 1e-12);
		release(&needs);
		release(&interests);
		release(&offer);
		release(&bigger);
	}
}

/* Distances: known values and argument checks. */
static void
test_km(void **state)
{
	DealStatus	st;

	(void) state;
	assert_true(geo_km(53.545, -2.632, 53.545, -2.632) == 0);
	/* one degree of latitude is about 111.2 km */
	assert_true(fabs(geo_km(53, -2.6, 54, -2.6) - 111.195) < 0.01);
	/* Wigan to Manchester, about 26.7 km */
	assert_true(fabs(geo_km(53.545, -2.632, 53.4808, -2.2426) - 26.72) < 0.05);
	/* antipodes: half the circumference */
	assert_true(fabs(geo_km(0, 0, 0, 180) - M_PI * 6371.0088) < 1e-6);
	assert_int_equal(geo_check(91, 0, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(geo_check(0, -181, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(geo_check(NAN, 0, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(geo_check(-90, 180, &st), DEAL_OK);
	assert_int_equal(match_check_distance(-1, 5, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(match_check_distance(1, 0, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(match_check_distance(INFINITY, 5, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(match_check_distance(NAN, 5, &st), DEAL_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_weight_round_trip),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_laws),
		cmocka_unit_test(test_add_limit),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_unaligned),
		cmocka_unit_test(test_every_byte_written),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_match_monotone),
		cmocka_unit_test(test_km),
	};

	return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
