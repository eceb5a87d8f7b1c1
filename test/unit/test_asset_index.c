/*
 * test_asset_index.c: top matches from the asset index equal a full ranking by match_score.
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
#include "asset_index.h"
#include "match.h"

#define A (&test_allocator)
#define ASSETS 60
#define K 5

/* xorshift. */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A random profile over labels l0..l7 into text. */
static void
random_text(uint64_t *seed, char *buf, size_t size)
{
	size_t		used = 0;

	buf[0] = '\0';
	for (int l = 0; l < 8; l++)
		if (next(seed) % 3 == 0)
			used += (size_t) snprintf(buf + used, size - used, "%sl%d:%.2f", used ? ", " : "", l,
									  (double) (next(seed) % 130) / 100.0 - 0.1);
}

/* Parse text into a flat profile and its view (flat freed by the caller). */
static char *
make_profile(const char *text, Profile *p, ProfileEntry **entries, uint32_t *n)
{
	char	   *pool;
	char	   *flat;
	DealStatus	st;

	assert_int_equal(profile_parse(text, A, entries, n, &pool, &st), DEAL_OK);
	flat = deal_alloc(A, profile_flat_size(*entries, *n) + 4);
	profile_write(*entries, *n, flat);
	assert_int_equal(profile_open(p, flat, profile_flat_size(*entries, *n), &st), DEAL_OK);
	deal_release(A, pool);
	deal_release(A, *entries);
	*entries = NULL;
	return flat;
}

/* Ranking above: higher score, then lower id. */
static int
ranks_above(double s1, int64_t id1, double s2, int64_t id2)
{
	return s1 > s2 || (s1 == s2 && id1 < id2);
}

/* Random assets and people: the index's top k is the brute-force top k, scores exact. */
static void
test_top_equals_brute_force(void **state)
{
	uint64_t	seed = 2026;

	(void) state;
	for (int round = 0; round < 40; round++)
	{
		char	   *flats[ASSETS];
		Profile		offers[ASSETS];
		IndexAsset	assets[ASSETS];
		ProfileEntry *entries[ASSETS];
		char	   *index;
		size_t		len;
		AssetIndex	ix;
		DealStatus	st;
		IndexScratch scratch;

		for (int a = 0; a < ASSETS; a++)
		{
			char		text[200];
			uint32_t	n;
			ProfileEntry *e;

			random_text(&seed, text, sizeof(text));
			flats[a] = make_profile(text, &offers[a], &e, &n);
			entries[a] = deal_alloc(A, (offers[a].n + 1) * sizeof(ProfileEntry));
			profile_entries(&offers[a], entries[a]);
			assets[a] = (IndexAsset) {(int64_t) (ASSETS - a) * 3, a % 7 == 0 ? NAN : 53.46 + (double) (next(&seed) % 100) / 625,
				a % 7 == 0 ? NAN : -2.75 + (double) (next(&seed) % 100) / 312.5, entries[a], offers[a].n};
		}
		{
			IndexAsset	copy[ASSETS];

			memcpy(copy, assets, sizeof(copy));
			assert_int_equal(asset_index_build(copy, ASSETS, 0, DEAL_BAD_ARGUMENT, A, &index, &len, &st), DEAL_OK);
		}
		assert_int_equal(asset_index_open(&ix, index, len, &st), DEAL_OK);
		scratch.n_assets = ix.n_assets;
		scratch.acc = deal_alloc(A, ix.n_assets * sizeof(double));
		scratch.touched = deal_alloc(A, ix.n_assets * sizeof(uint32_t));
		scratch.seen = deal_alloc(A, ix.n_assets);
		memset(scratch.acc, 0, ix.n_assets * sizeof(double));
		memset(scratch.seen, 0, ix.n_assets);

		for (int person = 0; person < 30; person++)
		{
			char		tn[200],
						ti[200];
			Profile		needs,
						interests;
			ProfileEntry *e;
			uint32_t	n;
			char	   *fn,
					   *fi;
			double		lat = person % 5 == 0 ? NAN : 53.5,
						lon = person % 5 == 0 ? NAN : -2.6;
			IndexMatch	top[K];
			uint32_t	got;
			double		best_score[K];
			int64_t		best_id[K];
			uint32_t	want = 0;

			random_text(&seed, tn, sizeof(tn));
			random_text(&seed, ti, sizeof(ti));
			fn = make_profile(tn, &needs, &e, &n);
			fi = make_profile(ti, &interests, &e, &n);
			got = asset_index_top(&ix, &needs, &interests, lat, lon, 8, K, &scratch, top);

			/* brute force over every asset */
			for (int a = 0; a < ASSETS; a++)
			{
				double		d = (isnan(lat) || isnan(assets[a].lat)) ? NAN : geo_km(lat, lon, assets[a].lat, assets[a].lon);
				double		sc;
				Profile		clipped = offers[a];

				sc = match_score(&needs, &interests, &clipped, d, 8, NULL, NULL);
				if (!(sc > 0))
					continue;
				if (want < K || ranks_above(sc, assets[a].id, best_score[K - 1], best_id[K - 1]))
				{
					uint32_t	pos = want < K ? want++ : K - 1;

					while (pos > 0 && ranks_above(sc, assets[a].id, best_score[pos - 1], best_id[pos - 1]))
					{
						best_score[pos] = best_score[pos - 1];
						best_id[pos] = best_id[pos - 1];
						pos--;
					}
					best_score[pos] = sc;
					best_id[pos] = assets[a].id;
				}
			}
			assert_int_equal(got, want);
			for (uint32_t i = 0; i < got; i++)
				if (top[i].asset_id != best_id[i] || top[i].score != best_score[i])
					fail_msg("round %d person %d rank %u: index %lld %.17g, brute force %lld %.17g", round, person, i,
							 (long long) top[i].asset_id, top[i].score, (long long) best_id[i], best_score[i]);
			for (uint32_t a = 0; a < ix.n_assets; a++)
				assert_true(scratch.acc[a] == 0 && scratch.seen[a] == 0);
			deal_release(A, fn);
			deal_release(A, fi);
		}
		deal_release(A, scratch.acc);
		deal_release(A, scratch.touched);
		deal_release(A, scratch.seen);
		deal_release(A, index);
		for (int a = 0; a < ASSETS; a++)
		{
			deal_release(A, flats[a]);
			deal_release(A, entries[a]);
		}
	}
}

/* A repeated id and a bad place are refused. */
static void
test_bad_assets(void **state)
{
	ProfileEntry e = {"a", 1, 1};
	IndexAsset	twice[2] = {{1, NAN, NAN, &e, 1}, {1, NAN, NAN, &e, 1}};
	IndexAsset	far[1] = {{1, 95, 0, &e, 1}};
	char	   *out;
	size_t		len;
	DealStatus	st;

	(void) state;
	assert_int_equal(asset_index_build(twice, 2, 0, DEAL_BAD_ARGUMENT, A, &out, &len, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(asset_index_build(far, 1, 0, DEAL_BAD_TEXT, A, &out, &len, &st), DEAL_BAD_TEXT);
}

/*
 * Every byte of the flat form is written: the same assets built through allocators full of
 * different garbage are the same bytes, the caller's reserve included; a NaN coordinate (no
 * place) is stored as one NaN whatever its payload, and -0 as 0.
 */
static void
test_every_byte_written(void **state)
{
	ProfileEntry offer[] = {{"debt", 4, 0.5}, {"food", 4, 1.5}, {"walk", 4, 0}, {"cooking_club", 12, 0.25}};
	ProfileEntry other[] = {{"abc", 3, 1}};
	char	   *out[2];
	size_t		len[2];
	DealStatus	st;

	(void) state;
	for (int g = 0; g < 2; g++)
	{
		uint64_t	payload = UINT64_C(0x7ff8000000000123);
		double		nan = NAN;
		IndexAsset	assets[] = {{12, 53.5, -2.5, offer, 4}, {10, NAN, NAN, other, 1}, {11, 53.6, 0.0, offer, 2}};

		if (g == 1)
		{
			memcpy(&nan, &payload, sizeof(nan));
			assets[1].lat = assets[1].lon = nan;
			assets[2].lon = -0.0;
		}
		assert_true(isnan(nan));

		assert_int_equal(asset_index_build(assets, 3, 4, DEAL_BAD_ARGUMENT, &test_garbage_allocators[g],
										   &out[g], &len[g], &st), DEAL_OK);
	}
	assert_int_equal(len[0], len[1]);
	assert_memory_equal(out[0], out[1], len[0]);
	for (int g = 0; g < 2; g++)
		deal_release(&test_garbage_allocators[g], out[g]);
}

/* Run the tests of the asset index. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_equals_brute_force),
		cmocka_unit_test(test_bad_assets),
		cmocka_unit_test(test_every_byte_written),
	};

	return cmocka_run_group_tests_name("asset_index", tests, NULL, NULL);
}
