/*
 * fuzz_candidates.c: libFuzzer harness for the candidate pairs' text form, their checks and
 * the allocation solver.
 *
 * The input is tried as the text form of candidate pairs: what allocate_parse_pairs accepts
 * must be sorted by (person, asset) with finite scores and one capacity >= 0 per asset, and
 * must format to text that parses back to the same pairs, bit for bit, and formats to itself;
 * what it refuses must be reported as bad text with a sane position.  The input is also read
 * as raw AllocPair records, as binary input is: allocate_check_pairs must refuse them as bad
 * binary input exactly when allocate_solve refuses them, and what it accepts must survive the
 * text form too.  Accepted pairs (a few hundred at most) are allocated: each person at most
 * once, no asset above its capacity, only positive scores (the best of a repeated pair), the
 * same answer whatever order the pairs came in; and for at most 12 pairs, 6 people and
 * 4 assets the total must equal a brute-force optimum.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "allocate.h"
#include "fuzz_common.h"

#define SOLVE_MAX_PAIRS 512		/* allocate larger accepted inputs only as far as parsing */
#define BRUTE_MAX_PAIRS 12
#define BRUTE_MAX_PEOPLE 6
#define BRUTE_MAX_ASSETS 4

/* Order pairs by (person, asset), as the core sorts them. */
static int
compare_person_asset(const AllocPair *a, const AllocPair *b)
{
	if (a->person != b->person)
		return a->person < b->person ? -1 : 1;
	if (a->asset != b->asset)
		return a->asset < b->asset ? -1 : 1;
	return 0;
}

/* Order pairs by asset alone, for qsort. */
static int
compare_asset(const void *x, const void *y)
{
	const AllocPair *a = x;
	const AllocPair *b = y;

	return a->asset < b->asset ? -1 : a->asset > b->asset ? 1 : 0;
}

/* Are two pairs the same, bit for bit (padding aside)? */
static bool
same_pair(const AllocPair *a, const AllocPair *b)
{
	return a->person == b->person && a->asset == b->asset && a->capacity == b->capacity &&
		memcmp(&a->score, &b->score, sizeof(double)) == 0;
}

/* Are n checked pairs as promised: sorted, finite scores, one capacity >= 0 per asset? */
static bool
pairs_valid(const AllocPair *pairs, size_t n)
{
	AllocPair  *by_asset = malloc((n + 1) * sizeof(AllocPair));
	bool		ok = true;

	for (size_t i = 0; i < n; i++)
		if (!isfinite(pairs[i].score) || pairs[i].capacity < 0 ||
			(i > 0 && compare_person_asset(&pairs[i - 1], &pairs[i]) > 0))
			ok = false;
	memcpy(by_asset, pairs, n * sizeof(AllocPair));
	if (n > 0)
		qsort(by_asset, n, sizeof(AllocPair), compare_asset);
	for (size_t i = 1; i < n; i++)
		if (by_asset[i].asset == by_asset[i - 1].asset && by_asset[i].capacity != by_asset[i - 1].capacity)
			ok = false;
	free(by_asset);
	return ok;
}

/* The text form of n pairs (freed by the caller). */
static char *
format_pairs(const AllocPair *pairs, size_t n)
{
	DealText	out = {.alloc = &alloc};

	REQUIRE(allocate_format_pairs(pairs, n, &out));
	REQUIRE(out.data != NULL && strlen(out.data) == out.len);
	return out.data;
}

/* n valid, sorted pairs format to text that parses back to them and formats to itself. */
static void
check_round_trip(const AllocPair *pairs, size_t n)
{
	char	   *text = format_pairs(pairs, n);
	char	   *again_text;
	AllocPair  *again;
	size_t		n_again = SIZE_MAX;
	DealStatus	st;

	REQUIRE(allocate_parse_pairs(text, &alloc, &again, &n_again, &st) == DEAL_OK);
	REQUIRE(n_again == n);
	for (size_t i = 0; i < n; i++)
		REQUIRE(same_pair(&pairs[i], &again[i]));
	again_text = format_pairs(again, n_again);
	REQUIRE(strcmp(text, again_text) == 0);
	free(again_text);
	free(again);
	free(text);
}

/* The best score among the copies of the pair at i (pairs sorted, copies side by side). */
static double
best_copy(const AllocPair *pairs, size_t n, size_t i)
{
	double		best = pairs[i].score;
	size_t		j;

	for (j = i; j > 0 && compare_person_asset(&pairs[j - 1], &pairs[i]) == 0; j--)
		best = fmax(best, pairs[j - 1].score);
	for (j = i + 1; j < n && compare_person_asset(&pairs[j], &pairs[i]) == 0; j++)
		best = fmax(best, pairs[j].score);
	return best;
}

/*
 * Check an allocation of n sorted pairs: chosen indices in range and in person order, each
 * person once, positive scores that are the best of their copies, no asset over capacity.
 * Returns the total score.
 */
static double
check_allocation(const AllocPair *pairs, size_t n, const size_t *chosen, size_t n_chosen)
{
	AllocPair  *taken = malloc((n_chosen + 1) * sizeof(AllocPair));
	double		total = 0;

	REQUIRE(n_chosen <= n);
	for (size_t k = 0; k < n_chosen; k++)
	{
		const AllocPair *pair;

		REQUIRE(chosen[k] < n);
		pair = &pairs[chosen[k]];
		REQUIRE(k == 0 || pairs[chosen[k - 1]].person < pair->person);
		REQUIRE(pair->score > 0 && pair->capacity > 0);
		REQUIRE(pair->score == best_copy(pairs, n, chosen[k]));
		total += pair->score;
		taken[k] = *pair;
	}
	if (n_chosen > 0)
		qsort(taken, n_chosen, sizeof(AllocPair), compare_asset);
	for (size_t k = 0, run = 0; k < n_chosen; k++)
	{
		run = k > 0 && taken[k].asset == taken[k - 1].asset ? run + 1 : 1;
		REQUIRE(run <= (size_t) taken[k].capacity);
	}
	free(taken);
	return total;
}

/* The search for the brute-force optimum: each person's best score at each asset (0: none). */
typedef struct Brute
{
	int			n_people;
	int			n_assets;
	double		score[BRUTE_MAX_PEOPLE][BRUTE_MAX_ASSETS];
	int32_t		capacity[BRUTE_MAX_ASSETS];
	int32_t		used[BRUTE_MAX_ASSETS];
} Brute;

/* The best total for people from person on, given the places already used. */
static double
brute_best(Brute *b, int person)
{
	double		best;

	if (person == b->n_people)
		return 0;
	best = brute_best(b, person + 1);	/* unallocated */
	for (int a = 0; a < b->n_assets; a++)
		if (b->score[person][a] > 0 && b->used[a] < b->capacity[a])
		{
			double		with;

			b->used[a]++;
			with = b->score[person][a] + brute_best(b, person + 1);
			b->used[a]--;
			if (with > best)
				best = with;
		}
	return best;
}

/*
 * For small sorted pairs, the solver's total against every possible allocation's best,
 * within rounding: scale is the sum of each person's best score, a bound on any total.
 */
static void
check_optimum(const AllocPair *pairs, size_t n, double total)
{
	Brute		b;
	int64_t		assets[BRUTE_MAX_ASSETS];
	double		scale = 0;
	double		best;

	if (n > BRUTE_MAX_PAIRS)
		return;
	memset(&b, 0, sizeof(b));
	for (size_t i = 0; i < n; i++)
	{
		int			a;

		if (i == 0 || pairs[i].person != pairs[i - 1].person)
		{
			if (b.n_people == BRUTE_MAX_PEOPLE)
				return;
			b.n_people++;
		}
		for (a = 0; a < b.n_assets && assets[a] != pairs[i].asset; a++)
			;
		if (a == b.n_assets)
		{
			if (b.n_assets == BRUTE_MAX_ASSETS)
				return;
			assets[b.n_assets++] = pairs[i].asset;
			b.capacity[a] = pairs[i].capacity;
		}
		if (pairs[i].score > b.score[b.n_people - 1][a])
			b.score[b.n_people - 1][a] = pairs[i].score;
	}
	for (int p = 0; p < b.n_people; p++)
	{
		double		top = 0;

		for (int a = 0; a < b.n_assets; a++)
			top = fmax(top, b.score[p][a]);
		scale += top;
	}
	best = brute_best(&b, 0);
	REQUIRE(total <= scale * (1 + 1e-9));
	if (isfinite(scale))
		REQUIRE(fabs(total - best) <= scale * 1e-9);
}

/* Allocate n valid pairs (any order) and check the answer. */
static void
check_solve(const AllocPair *pairs, size_t n)
{
	AllocPair  *sorted;
	AllocPair  *reversed;
	size_t	   *chosen;
	size_t	   *chosen_reversed;
	size_t		n_chosen;
	size_t		n_chosen_reversed;
	double		total;
	DealStatus	st;

	if (n > SOLVE_MAX_PAIRS)
		return;
	sorted = malloc((n + 1) * sizeof(AllocPair));
	reversed = malloc((n + 1) * sizeof(AllocPair));
	chosen = malloc((n + 1) * sizeof(size_t));
	chosen_reversed = malloc((n + 1) * sizeof(size_t));
	memcpy(sorted, pairs, n * sizeof(AllocPair));
	for (size_t i = 0; i < n; i++)
		reversed[i] = pairs[n - 1 - i];

	REQUIRE(allocate_solve(sorted, n, chosen, &n_chosen, &alloc, NULL, &st) == DEAL_OK);
	for (size_t i = 1; i < n; i++)
		REQUIRE(compare_person_asset(&sorted[i - 1], &sorted[i]) <= 0);
	total = check_allocation(sorted, n, chosen, n_chosen);
	check_optimum(sorted, n, total);

	/* the order the pairs come in changes nothing but which of equal copies is named */
	REQUIRE(allocate_solve(reversed, n, chosen_reversed, &n_chosen_reversed, &alloc, NULL, &st) == DEAL_OK);
	(void) check_allocation(reversed, n, chosen_reversed, n_chosen_reversed);
	REQUIRE(n_chosen_reversed == n_chosen);
	for (size_t k = 0; k < n_chosen; k++)
		REQUIRE(same_pair(&sorted[chosen[k]], &reversed[chosen_reversed[k]]));

	free(chosen_reversed);
	free(chosen);
	free(reversed);
	free(sorted);
}

/* Parse text (len bytes before its NUL) and check what comes back. */
static void
check_text(const char *text, size_t len)
{
	AllocPair  *pairs;
	size_t		n = SIZE_MAX;
	DealStatus	st;

	if (allocate_parse_pairs(text, &alloc, &pairs, &n, &st) != DEAL_OK)
	{
		REQUIRE(failure_ok(&st, DEAL_BAD_TEXT, len));
		free(pairs);
		return;
	}
	REQUIRE(st.code == DEAL_OK);
	REQUIRE(n <= len / 9);		/* "(1,2,3,4)" and a comma or brace at least per pair */
	REQUIRE(pairs_valid(pairs, n));
	check_round_trip(pairs, n);
	check_solve(pairs, n);
	free(pairs);
}

/* Read the input as raw pairs, as binary input does, and check what comes back. */
static void
check_records(const uint8_t *data, size_t size)
{
	size_t		n = size / sizeof(AllocPair);
	AllocPair  *pairs = malloc((n + 1) * sizeof(AllocPair));
	AllocPair  *copy = malloc((n + 1) * sizeof(AllocPair));
	size_t	   *chosen = malloc((n + 1) * sizeof(size_t));
	size_t		n_chosen;
	DealStatus	st;
	DealStatus	solve_st;
	DealCode	checked;

	memcpy(pairs, data, n * sizeof(AllocPair));
	memcpy(copy, pairs, n * sizeof(AllocPair));
	checked = allocate_check_pairs(pairs, n, DEAL_BAD_BINARY, &alloc, NULL, &st);

	/* the solver refuses exactly what the check refuses, as a bad argument */
	if (allocate_solve(copy, n, chosen, &n_chosen, &alloc, NULL, &solve_st) == DEAL_OK)
		REQUIRE(checked == DEAL_OK);
	else
	{
		REQUIRE(checked != DEAL_OK);
		REQUIRE(failure_ok(&solve_st, DEAL_BAD_ARGUMENT, 0));
	}

	if (checked != DEAL_OK)
		REQUIRE(failure_ok(&st, DEAL_BAD_BINARY, 0));
	else
	{
		REQUIRE(st.code == DEAL_OK);
		REQUIRE(pairs_valid(pairs, n));
		check_round_trip(pairs, n);
		check_solve(pairs, n);
	}
	free(chosen);
	free(copy);
	free(pairs);
}

/* libFuzzer's entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = fuzz_copy(data, size, true);

	check_text(text, strlen(text));
	free(text);

	check_records(data, size);
	return 0;
}
