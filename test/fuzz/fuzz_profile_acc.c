/*
 * fuzz_profile_acc.c: libFuzzer harness for the profile aggregates' state (profile_acc.h) and
 * the exact sums under it.
 *
 * The input is read as a serialised state: profile_acc_deserialize must refuse it as bad
 * binary input (or too big) or give an accumulator that finishes, and whose own serialised
 * form reads back to the same profile.  The input is also read as rows, each a byte choosing
 * a label and eight bytes of weight: every row must be refused exactly when its weight is not
 * finite; the rows summed (and maximised) in order, in reverse, and split in two and merged
 * through the serialised form must give the same profile bit for bit, or the same error; and
 * each label's sum must be the exact sum rounded, as integer arithmetic over every bit gives.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "profile_acc.h"
#include "fuzz_common.h"

static const char *const labels[] = {"a", "b", "B", "debt", "c_1", "a_much_longer_label_x", "zz", "q"};

#define N_LABELS (sizeof(labels) / sizeof(labels[0]))
#define ROW_BYTES 9

/* A finished profile, or the code that refused it. */
typedef struct Finished
{
	DealCode	code;
	ProfileEntry *entries;
	uint32_t	n;
} Finished;

/* Finish acc (and free it). */
static Finished
finish(ProfileAcc *acc)
{
	Finished	f;
	DealStatus	st;

	f.code = profile_acc_finish(acc, &alloc, &f.entries, &f.n, &st);
	REQUIRE(f.code == DEAL_OK || f.code == DEAL_BAD_ARGUMENT);
	if (f.code == DEAL_OK)
	{
		/* the labels point into acc, which is about to go: keep copies */
		for (uint32_t i = 0; i < f.n; i++)
		{
			char	   *copy = malloc(f.entries[i].len);

			memcpy(copy, f.entries[i].label, f.entries[i].len);
			f.entries[i].label = copy;
			REQUIRE(isfinite(f.entries[i].weight) && !(f.entries[i].weight == 0 && signbit(f.entries[i].weight)));
			REQUIRE(i == 0 || deal_compare_labels(f.entries[i - 1].label, f.entries[i - 1].len,
												   f.entries[i].label, f.entries[i].len) < 0);
		}
	}
	profile_acc_free(acc);
	return f;
}

/* Free a finished profile. */
static void
finished_free(Finished *f)
{
	if (f->code == DEAL_OK)
		for (uint32_t i = 0; i < f->n; i++)
			free((char *) f->entries[i].label);
	free(f->entries);
}

/* Are two finished profiles the same, bit for bit (or the same refusal)? */
static bool
same(const Finished *a, const Finished *b)
{
	if (a->code != b->code)
		return false;
	if (a->code != DEAL_OK)
		return true;
	if (a->n != b->n)
		return false;
	for (uint32_t i = 0; i < a->n; i++)
		if (a->entries[i].len != b->entries[i].len ||
			memcmp(a->entries[i].label, b->entries[i].label, a->entries[i].len) != 0 ||
			memcmp(&a->entries[i].weight, &b->entries[i].weight, sizeof(double)) != 0)
			return false;
	return true;
}

/* A copy of acc through its serialised form, into copy. */
static void
round_trip(const ProfileAcc *acc, ProfileAcc *copy)
{
	size_t		size = profile_acc_serial_size(acc);
	char	   *buf = malloc(size + 1);
	DealStatus	st;

	profile_acc_serialize(acc, buf);
	profile_acc_init(copy, PROFILE_ACC_SUM, &alloc);
	REQUIRE(profile_acc_deserialize(copy, buf, size, &st) == DEAL_OK);
	REQUIRE(copy->kind == acc->kind && copy->n == acc->n);
	free(buf);
}

/* Read data as a serialised state. */
static void
check_state(const uint8_t *data, size_t size)
{
	char	   *buf = fuzz_copy(data, size, false);
	ProfileAcc	acc;
	ProfileAcc	copy;
	DealStatus	st;
	DealCode	code;
	Finished	a;
	Finished	b;

	profile_acc_init(&acc, PROFILE_ACC_SUM, &alloc);
	code = profile_acc_deserialize(&acc, buf, size, &st);
	free(buf);
	if (code != DEAL_OK)
	{
		REQUIRE(failure_ok(&st, DEAL_BAD_BINARY, 0) || failure_ok(&st, DEAL_TOO_BIG, 0));
		profile_acc_free(&acc);
		return;
	}
	round_trip(&acc, &copy);
	a = finish(&acc);
	b = finish(&copy);
	REQUIRE(same(&a, &b));
	finished_free(&a);
	finished_free(&b);
}

/* Row i of data: its label and weight. */
static const char *
row(const uint8_t *data, size_t i, double *weight)
{
	memcpy(weight, data + i * ROW_BYTES + 1, sizeof(double));
	return labels[data[i * ROW_BYTES] % N_LABELS];
}

/* Add rows [from, to) of data to acc, forwards or backwards. */
static void
add_rows(ProfileAcc *acc, const uint8_t *data, size_t from, size_t to, bool backwards)
{
	for (size_t k = from; k < to; k++)
	{
		size_t		i = backwards ? to - 1 - (k - from) : k;
		double		w;
		const char *label = row(data, i, &w);
		DealStatus	st;
		DealCode	code = profile_acc_add(acc, label, strlen(label), w, &st);

		REQUIRE(isfinite(w) ? code == DEAL_OK : code == DEAL_BAD_ARGUMENT);
	}
}

/* The exact sum of label's finite weights in data, rounded by integer arithmetic. */
static double
reference_sum(const uint8_t *data, size_t n, const char *label)
{
	static double partials[2 * EXACT_SUM_MAX_PARTIALS + 2];
	ExactSumSize size = {0, 0};

	for (size_t i = 0; i < n; i++)
	{
		double		w;
		const char *l = row(data, i, &w);

		if (isfinite(w) && strcasecmp(l, label) == 0)
			REQUIRE(exact_sum_add(partials, &size, w));
	}
	return exact_sum_value_by_integers(partials, size);
}

/* Read data as rows, for each kind of accumulator. */
static void
check_rows(const uint8_t *data, size_t size)
{
	size_t		n = size / ROW_BYTES;

	for (int kind = PROFILE_ACC_SUM; kind <= PROFILE_ACC_MAX; kind++)
	{
		ProfileAcc	forwards;
		ProfileAcc	backwards;
		ProfileAcc	first;
		ProfileAcc	second;
		ProfileAcc	copy;
		DealStatus	st;
		Finished	f;
		Finished	b;
		Finished	s;

		profile_acc_init(&forwards, (ProfileAccKind) kind, &alloc);
		profile_acc_init(&backwards, (ProfileAccKind) kind, &alloc);
		profile_acc_init(&first, (ProfileAccKind) kind, &alloc);
		profile_acc_init(&second, (ProfileAccKind) kind, &alloc);
		add_rows(&forwards, data, 0, n, false);
		add_rows(&backwards, data, 0, n, true);
		add_rows(&first, data, 0, n / 2, true);
		add_rows(&second, data, n / 2, n, false);
		round_trip(&second, &copy);
		profile_acc_free(&second);
		REQUIRE(profile_acc_merge(&first, &copy, &st) == DEAL_OK);
		profile_acc_free(&copy);

		f = finish(&forwards);
		b = finish(&backwards);
		s = finish(&first);
		REQUIRE(same(&f, &b) && same(&f, &s));
		if (kind == PROFILE_ACC_SUM && f.code == DEAL_OK)
			for (uint32_t i = 0; i < f.n; i++)
			{
				char		label[DEAL_LABEL_MAX + 1];
				double		expected;

				memcpy(label, f.entries[i].label, f.entries[i].len);
				label[f.entries[i].len] = '\0';
				expected = reference_sum(data, n, label);
				expected = expected == 0 ? 0 : expected;
				REQUIRE(memcmp(&expected, &f.entries[i].weight, sizeof(double)) == 0);
			}
		finished_free(&f);
		finished_free(&b);
		finished_free(&s);
	}
}

/* libFuzzer's entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_state(data, size);
	check_rows(data, size);
	return 0;
}
