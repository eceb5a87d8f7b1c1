/*
 * fuzz_asset_index.c: libFuzzer harness for the asset index's text form, flat form and top-k
 * search.
 *
 * The input is split at NUL bytes into an index's text form, a person's needs and interests
 * (profile text) and "lat lon max_km k" (any part may be missing).  Text asset_index_parse
 * accepts must build (or be refused as bad text or too big) into a flat form, the same after
 * any reserve, that asset_index_open reads with ids sorted and unique, places valid or
 * unknown, and offers canonical with weights in (0, 1]; it must format to text that parses
 * and builds back to the same bytes and formats to itself.  Refused text must be reported as
 * bad text with a sane position.  On such an index, the person's top k must be at most k
 * matches, scores in (0, 1] best first (ties to the lower id), equal to the bit to ranking
 * every asset by match_score, and must leave the scratch all zero.  The whole input is also
 * tried as a flat form: asset_index_open must refuse it as bad binary input or give an index
 * whose every accessor, the formatter and a top-k search stay within bounds.
 *
 * asset_index_parse is given to palloc-like memory (the server frees it with the memory
 * context): the offers' text and label pools it allocates are not reachable from what it
 * returns, so it is given a malloc-based allocator that remembers every block and frees them
 * all at once.  Everything else uses plain malloc and is freed one block at a time, so
 * LeakSanitizer still checks it.
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "asset_index.h"
#include "match.h"
#include "fuzz_common.h"

#define TOP_MAX_K 64

/* A block of an arena, on the arena's ring of blocks, just before the memory handed out. */
typedef union ArenaBlock
{
	struct
	{
		union ArenaBlock *prev;
		union ArenaBlock *next;
	}			link;
	max_align_t align;
} ArenaBlock;

/* Put block b on the ring after head. */
static void
arena_link(ArenaBlock *head, ArenaBlock *b)
{
	b->link.prev = head;
	b->link.next = head->link.next;
	head->link.next->link.prev = b;
	head->link.next = b;
}

/* Take block b off its ring. */
static void
arena_unlink(ArenaBlock *b)
{
	b->link.prev->link.next = b->link.next;
	b->link.next->link.prev = b->link.prev;
}

/* malloc for the core, remembered on the arena ctx. */
static void *
arena_alloc(void *ctx, size_t size)
{
	ArenaBlock *b = malloc(sizeof(ArenaBlock) + size);

	if (b == NULL)
		return NULL;
	arena_link(ctx, b);
	return b + 1;
}

/* realloc for the core, on the arena ctx. */
static void *
arena_resize(void *ctx, void *ptr, size_t size)
{
	ArenaBlock *b;
	ArenaBlock *moved;

	if (ptr == NULL)
		return arena_alloc(ctx, size);
	b = (ArenaBlock *) ptr - 1;
	arena_unlink(b);
	moved = realloc(b, sizeof(ArenaBlock) + size);
	if (moved == NULL)
	{
		arena_link(ctx, b);
		return NULL;
	}
	arena_link(ctx, moved);
	return moved + 1;
}

/* free for the core, off the arena ctx. */
static void
arena_release(void *ctx, void *ptr)
{
	ArenaBlock *b = (ArenaBlock *) ptr - 1;

	(void) ctx;
	arena_unlink(b);
	free(b);
}

/* Start an empty arena at head. */
static void
arena_init(ArenaBlock *head)
{
	head->link.prev = head;
	head->link.next = head;
}

/* Free every block still on the arena at head. */
static void
arena_free_all(ArenaBlock *head)
{
	while (head->link.next != head)
		arena_release(head, head->link.next + 1);
}

/* Who is searching for matches: needs, interests, place, limit and how many. */
typedef struct Person
{
	char	   *needs_flat;
	char	   *interests_flat;
	Profile		needs;
	Profile		interests;
	double		lat;			/* NaN when unknown */
	double		lon;
	double		max_km;
	uint32_t	k;
} Person;

/* Write n entries as a flat profile (not checked: any labels) and open it into p. */
static char *
open_entries(const ProfileEntry *entries, uint32_t n, Profile *p)
{
	size_t		len = profile_flat_size(entries, n);
	char	   *flat = malloc(len);
	DealStatus	st;

	profile_write(entries, n, flat);
	REQUIRE(profile_open(p, flat, len, &st) == DEAL_OK && p->n == n);
	return flat;
}

/* The profile in text (empty if text is missing or not a profile), opened into p. */
static char *
open_profile_text(const char *text, Profile *p)
{
	ProfileEntry *entries = NULL;
	uint32_t	n = 0;
	char	   *pool = NULL;
	char	   *flat;
	DealStatus	st;

	if (text == NULL || profile_parse(text, &alloc, &entries, &n, &pool, &st) != DEAL_OK)
		n = 0;
	flat = open_entries(entries, n, p);
	free(pool);
	free(entries);
	return flat;
}

/* Room for one asset's offer (n_labels entries), exactly sized so ASan sees any overrun. */
static ProfileEntry *
offer_room(const AssetIndex *ix)
{
	return malloc((ix->n_labels > 0 ? ix->n_labels : 1) * sizeof(ProfileEntry));
}

/* Read a person from needs, interests and "lat lon max_km k", each possibly NULL. */
static void
person_read(const char *needs, const char *interests, const char *search, Person *person)
{
	DealStatus	st;

	person->needs_flat = open_profile_text(needs, &person->needs);
	person->interests_flat = open_profile_text(interests, &person->interests);
	person->lat = NAN;
	person->lon = NAN;
	person->max_km = MATCH_DEFAULT_MAX_KM;
	person->k = 5;
	if (search != NULL)
	{
		char	   *end;
		double		v[3];
		const char *at = search;
		int			got = 0;

		for (; got < 3; got++)
		{
			v[got] = strtod(at, &end);
			if (end == at)
				break;
			at = end;
		}
		if (got == 3)
		{
			unsigned long k = strtoul(at, &end, 10);

			/* a place or limit top_matches would refuse is left unknown or at the default */
			if (geo_check(v[0], v[1], &st) == DEAL_OK)
			{
				person->lat = v[0];
				person->lon = v[1];
			}
			if (match_check_distance(NAN, v[2], &st) == DEAL_OK)
				person->max_km = v[2];
			if (end != at)
				person->k = (uint32_t) (k % (TOP_MAX_K + 1));
		}
	}
}

/* Free what person_read allocated. */
static void
person_free(Person *person)
{
	free(person->interests_flat);
	free(person->needs_flat);
}

/* Rank a above b: higher score, then lower id (qsort order, best first). */
static int
compare_matches(const void *x, const void *y)
{
	const IndexMatch *a = x;
	const IndexMatch *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->asset_id < b->asset_id ? -1 : a->asset_id > b->asset_id ? 1 : 0;
}

/* The person's top k of an index: within bounds always; when exact, checked against match_score. */
static void
check_top(const AssetIndex *ix, const Person *person, bool exact)
{
	IndexScratch s;
	size_t		room = ix->n_assets > 0 ? ix->n_assets : 1;
	IndexMatch *out = malloc(person->k > 0 ? person->k * sizeof(IndexMatch) : 1);
	uint32_t	n;

	/* all exactly sized, so ASan sees any overrun */
	s.n_assets = ix->n_assets;
	s.acc = calloc(room, sizeof(double));
	s.touched = malloc(room * sizeof(uint32_t));
	s.seen = calloc(room, 1);
	n = asset_index_top(ix, &person->needs, &person->interests, person->lat, person->lon,
						person->max_km, person->k, &s, out);
	REQUIRE(n <= person->k && n <= ix->n_assets);

	/* the scratch is left all zero for the next search */
	for (uint32_t a = 0; a < ix->n_assets; a++)
		REQUIRE(s.acc[a] == 0 && s.seen[a] == 0);

	if (exact)
	{
		IndexMatch *all = malloc(((size_t) ix->n_assets + 1) * sizeof(IndexMatch));
		ProfileEntry *entries = offer_room(ix);
		uint32_t	n_all = 0;

		for (uint32_t i = 0; i < n; i++)
		{
			REQUIRE(out[i].score > 0 && out[i].score <= 1);
			REQUIRE(i == 0 || compare_matches(&out[i - 1], &out[i]) < 0);
		}

		/* every asset scored by match_score, ranked: the first k are the top k, to the bit */
		for (uint32_t a = 0; a < ix->n_assets; a++)
		{
			Profile		offer;
			char	   *flat = open_entries(entries, asset_index_offer(ix, a, entries), &offer);
			double		distance = NAN;
			double		score;

			if (!isnan(person->lat) && !isnan(person->lon) &&
				!isnan(asset_index_lat(ix, a)) && !isnan(asset_index_lon(ix, a)))
				distance = geo_km(person->lat, person->lon, asset_index_lat(ix, a), asset_index_lon(ix, a));
			score = match_score(&person->needs, &person->interests, &offer, distance, person->max_km,
								NULL, NULL);
			if (score > 0)
				all[n_all++] = (IndexMatch) {asset_index_id(ix, a), score};
			free(flat);
		}
		if (n_all > 0)
			qsort(all, n_all, sizeof(IndexMatch), compare_matches);
		REQUIRE(n == (n_all < person->k ? n_all : person->k));
		for (uint32_t i = 0; i < n; i++)
			REQUIRE(out[i].asset_id == all[i].asset_id &&
					memcmp(&out[i].score, &all[i].score, sizeof(double)) == 0);
		free(entries);
		free(all);
	}
	free(s.seen);
	free(s.touched);
	free(s.acc);
	free(out);
}

/* The text form of an index (freed by the caller). */
static char *
format_index(const AssetIndex *ix)
{
	DealText	out = {.alloc = &alloc};

	REQUIRE(asset_index_format(ix, &alloc, &out));
	REQUIRE(out.data != NULL && strlen(out.data) == out.len);
	return out.data;
}

/*
 * A built index is as promised: ids sorted and unique, places both unknown or valid, offers
 * canonical with weights in (0, 1], one posting per offered label.
 */
static void
check_contents(const AssetIndex *ix)
{
	ProfileEntry *entries = offer_room(ix);
	size_t		postings = 0;
	DealStatus	st;

	for (uint32_t i = 0; i < ix->n_assets; i++)
	{
		double		lat = asset_index_lat(ix, i);
		double		lon = asset_index_lon(ix, i);
		uint32_t	n = asset_index_offer(ix, i, entries);

		REQUIRE(i == 0 || asset_index_id(ix, i - 1) < asset_index_id(ix, i));
		REQUIRE(isnan(lat) ? isnan(lon) : geo_check(lat, lon, &st) == DEAL_OK);
		REQUIRE(n <= ix->n_labels);
		for (uint32_t j = 0; j < n; j++)
		{
			REQUIRE(deal_check_profile_label(entries[j].label, entries[j].len, "label", &st) == DEAL_OK);
			for (uint32_t c = 0; c < entries[j].len; c++)
				REQUIRE(!(entries[j].label[c] >= 'A' && entries[j].label[c] <= 'Z'));
			REQUIRE(j == 0 || deal_compare_labels(entries[j - 1].label, entries[j - 1].len,
												  entries[j].label, entries[j].len) < 0);
			REQUIRE(entries[j].weight > 0 && entries[j].weight <= 1);
		}
		postings += n;
	}
	REQUIRE(postings == ix->n_postings);
	free(entries);
}

/*
 * Parse and build text into *flat (freed by the caller) and return DEAL_OK, or return the
 * failure of either step, checked as well-formed bad text (or too big).
 */
static DealCode
build_text(const char *text, size_t len, char **flat, size_t *flat_len)
{
	ArenaBlock	arena;
	DealAllocator parse_alloc = {arena_alloc, arena_resize, arena_release, &arena};
	IndexAsset *assets;
	size_t		n = SIZE_MAX;
	DealStatus	st;
	DealCode	code;

	arena_init(&arena);
	code = asset_index_parse(text, &parse_alloc, &assets, &n, &st);
	if (code != DEAL_OK)
		REQUIRE(failure_ok(&st, DEAL_BAD_TEXT, len));
	else
	{
		REQUIRE(n <= len / 9);	/* "(1,,,\"\")," at least per asset */
		code = asset_index_build(assets, n, 0, DEAL_BAD_TEXT, &alloc, flat, flat_len, &st);
		if (code != DEAL_OK)
			REQUIRE(failure_ok(&st, DEAL_BAD_TEXT, len) || failure_ok(&st, DEAL_TOO_BIG, len));
		else
		{
			char	   *reserved;
			size_t		reserved_len;

			/* the bytes after a reserve are the same */
			REQUIRE(asset_index_build(assets, n, 4, DEAL_BAD_TEXT, &alloc, &reserved, &reserved_len, &st) == DEAL_OK);
			REQUIRE(reserved_len == *flat_len + 4 && memcmp(reserved + 4, *flat, *flat_len) == 0);
			free(reserved);
		}
	}
	arena_free_all(&arena);
	return code;
}

/* Check an index's text form and, on the index it builds, a person's top k. */
static void
check_text(const char *text, size_t len, const Person *person)
{
	char	   *flat;
	size_t		flat_len;
	char	   *again;
	size_t		again_len;
	char	   *formatted;
	char	   *formatted_again;
	AssetIndex	ix;
	DealStatus	st;

	if (build_text(text, len, &flat, &flat_len) != DEAL_OK)
		return;
	REQUIRE(asset_index_open(&ix, flat, flat_len, &st) == DEAL_OK);
	check_contents(&ix);

	/* the text form parses and builds back to the same bytes, and formats to itself */
	formatted = format_index(&ix);
	REQUIRE(build_text(formatted, strlen(formatted), &again, &again_len) == DEAL_OK);
	REQUIRE(again_len == flat_len && memcmp(again, flat, flat_len) == 0);
	{
		AssetIndex	ix_again;

		REQUIRE(asset_index_open(&ix_again, again, again_len, &st) == DEAL_OK);
		formatted_again = format_index(&ix_again);
		REQUIRE(strcmp(formatted, formatted_again) == 0);
	}

	check_top(&ix, person, true);

	free(formatted_again);
	free(formatted);
	free(again);
	free(flat);
}

/* Open size bytes as a flat form: refused, or read within bounds by everything. */
static void
check_flat(const uint8_t *data, size_t size)
{
	char	   *flat = fuzz_copy(data, size, false);
	AssetIndex	ix;
	DealStatus	st;

	if (asset_index_open(&ix, flat, size, &st) != DEAL_OK)
		REQUIRE(failure_ok(&st, DEAL_BAD_BINARY, 0));
	else
	{
		ProfileEntry *entries = offer_room(&ix);
		uint32_t	label_bytes;
		uint32_t	n_needs = 0;
		char	   *text;
		Person		person;

		memcpy(&label_bytes, flat + 4 * sizeof(uint32_t), sizeof(uint32_t));
		REQUIRE(ix.n_labels <= ix.n_postings);
		for (uint32_t i = 0; i < ix.n_assets; i++)
		{
			uint32_t	n = asset_index_offer(&ix, i, entries);

			(void) asset_index_id(&ix, i);
			(void) asset_index_lat(&ix, i);
			(void) asset_index_lon(&ix, i);
			REQUIRE(n <= ix.n_labels);
			for (uint32_t j = 0; j < n; j++)
				REQUIRE(entries[j].label >= ix.pool &&
						entries[j].label + entries[j].len <= ix.pool + label_bytes);
		}
		text = format_index(&ix);
		free(text);

		/* a search for up to 8 of the index's own labels, here and with no place */
		for (uint32_t i = 0; i < ix.n_labels && n_needs < 8; i++)
		{
			uint32_t	start = i == 0 ? 0 : ix.label_end[i - 1];

			if (ix.label_end[i] <= start)
				continue;
			entries[n_needs].label = ix.pool + start;
			entries[n_needs].len = ix.label_end[i] - start;
			entries[n_needs].weight = 1;
			n_needs++;
		}
		person.needs_flat = open_entries(entries, n_needs, &person.needs);
		person.interests_flat = open_entries(entries, n_needs / 2, &person.interests);
		person.lat = 53.5;
		person.lon = -2.6;
		person.max_km = 1000;
		person.k = 3;
		check_top(&ix, &person, false);
		person.lat = NAN;
		person.lon = NAN;
		check_top(&ix, &person, false);
		person_free(&person);
		free(entries);
	}
	free(flat);
}

/* libFuzzer's entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = fuzz_copy(data, size, true);
	const char *part[4] = {NULL, NULL, NULL, NULL};
	size_t		at = 0;
	Person		person;

	for (int i = 0; i < 4 && at <= size; i++)
	{
		part[i] = text + at;
		at += strlen(text + at) + 1;
	}
	person_read(part[1], part[2], part[3], &person);
	check_text(part[0], strlen(part[0]), &person);
	person_free(&person);
	free(text);

	check_flat(data, size);
	return 0;
}
