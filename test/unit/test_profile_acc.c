/*
 * test_profile_acc.c: profiles accumulated from rows (profile_agg's and union_agg's state):
 * sums and maxima per label, the label limit, the same profile whatever the order and split
 * of the rows, the serialised form (every byte written, damage refused), and every
 * out-of-memory path.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <float.h>
#include <cmocka.h>

#include "test_alloc.h"
#include "profile_acc.h"

#define A (&test_allocator)

/* A row: a label and a weight. */
typedef struct Row
{
	const char *label;
	double		weight;
} Row;

/* Add rows to acc, failing the test on any error. */
static void
add_rows(ProfileAcc *acc, const Row *rows, size_t n)
{
	DealStatus	st;

	for (size_t i = 0; i < n; i++)
		if (profile_acc_add(acc, rows[i].label, strlen(rows[i].label), rows[i].weight, &st) != DEAL_OK)
			fail_msg("row %zu (%s, %a): %s", i, rows[i].label, rows[i].weight, st.detail);
}

/* The profile of acc as text, "a:1, b:0x1.8p+1" (hex weights), allocated through A. */
static char *
finished(const ProfileAcc *acc)
{
	ProfileEntry *entries;
	uint32_t	n;
	DealStatus	st;
	size_t		size = 16;
	char	   *text;

	if (profile_acc_finish(acc, A, &entries, &n, &st) != DEAL_OK)
		fail_msg("finish: %s", st.detail);
	for (uint32_t i = 0; i < n; i++)
		size += entries[i].len + 32;
	text = deal_alloc(A, size);
	text[0] = '\0';
	for (uint32_t i = 0; i < n; i++)
	{
		assert_true(entries[i].weight != 0 || !signbit(entries[i].weight));
		snprintf(text + strlen(text), size - strlen(text), "%s%.*s:%a", i ? ", " : "",
				 (int) entries[i].len, entries[i].label, entries[i].weight);
	}
	deal_release(A, entries);
	return text;
}

/* acc's profile is expected. */
static void
assert_profile(const ProfileAcc *acc, const char *expected)
{
	char	   *text = finished(acc);

	assert_string_equal(text, expected);
	deal_release(A, text);
}

/* Sums, maxima, folding, profiles added whole, and the empty profile. */
static void
test_sum_and_max(void **state)
{
	Row			rows[] = {{"b", 2}, {"A", 1}, {"a", 0.5}, {"c", -1}, {"B", 0.25}, {"c", 1}, {"d", -0.0}};
	ProfileAcc	sum;
	ProfileAcc	max;
	ProfileEntry *entries;
	uint32_t	n;
	DealStatus	st;
	char	   *flat;
	ProfileEntry p_entries[2] = {{"a", 1, 7}, {"zz", 2, -3}};
	Profile		p;

	(void) state;
	profile_acc_init(&sum, PROFILE_ACC_SUM, A);
	profile_acc_init(&max, PROFILE_ACC_MAX, A);
	assert_int_equal(profile_acc_finish(&sum, A, &entries, &n, &st), DEAL_OK);
	assert_int_equal(n, 0);
	deal_release(A, entries);

	add_rows(&sum, rows, sizeof(rows) / sizeof(Row));
	add_rows(&max, rows, sizeof(rows) / sizeof(Row));
	assert_profile(&sum, "a:0x1.8p+0, b:0x1.2p+1, c:0x0p+0, d:0x0p+0");
	assert_profile(&max, "a:0x1p+0, b:0x1p+1, c:0x1p+0, d:0x0p+0");

	/* a whole profile, as union_agg adds it */
	flat = deal_alloc(A, profile_flat_size(p_entries, 2));
	profile_write(p_entries, 2, flat);
	assert_int_equal(profile_open(&p, flat, profile_flat_size(p_entries, 2), &st), DEAL_OK);
	assert_int_equal(profile_acc_add_profile(&max, &p, &st), DEAL_OK);
	assert_int_equal(profile_acc_add_profile(&sum, &p, &st), DEAL_OK);
	assert_profile(&max, "a:0x1.cp+2, b:0x1p+1, c:0x1p+0, d:0x0p+0, zz:-0x1.8p+1");
	assert_profile(&sum, "a:0x1.1p+3, b:0x1.2p+1, c:0x0p+0, d:0x0p+0, zz:-0x1.8p+1");
	deal_release(A, flat);
	profile_acc_free(&sum);
	profile_acc_free(&max);
}

/* Bad labels and weights are refused and change nothing; so is a label past the limit. */
static void
test_refused(void **state)
{
	ProfileAcc	acc;
	DealStatus	st;
	char		label[16];

	(void) state;
	profile_acc_init(&acc, PROFILE_ACC_SUM, A);
	assert_int_equal(profile_acc_add(&acc, "a b", 3, 1, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "character \" \""));
	assert_int_equal(profile_acc_add(&acc, "", 0, 1, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(profile_acc_add(&acc, "a", 1, NAN, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(profile_acc_add(&acc, "a", 1, -INFINITY, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(acc.n, 0);

	for (int i = 0; i < PROFILE_MAX_LABELS; i++)
	{
		snprintf(label, sizeof(label), "l%d", i);
		assert_int_equal(profile_acc_add(&acc, label, strlen(label), i, &st), DEAL_OK);
	}
	assert_int_equal(profile_acc_add(&acc, "one_more", 8, 1, &st), DEAL_TOO_BIG);
	assert_non_null(strstr(st.detail, "at most 100000 labels"));
	assert_int_equal(profile_acc_add(&acc, "L7", 2, 1, &st), DEAL_OK);	/* a label it has */
	assert_int_equal(acc.n, PROFILE_MAX_LABELS);
	profile_acc_free(&acc);
}

/* A sum beyond the range of a double is refused when finished, not before, in any order. */
static void
test_overflow(void **state)
{
	Row			over[] = {{"a", DBL_MAX}, {"b", 1}, {"a", DBL_MAX}};
	Row			back[] = {{"a", 1.7e308}, {"a", 1.7e308}, {"a", 1.7e308}, {"a", -1.7e308}, {"a", -1.7e308}};
	ProfileAcc	acc;
	ProfileEntry *entries;
	uint32_t	n;
	DealStatus	st;

	(void) state;
	profile_acc_init(&acc, PROFILE_ACC_SUM, A);
	add_rows(&acc, over, 3);
	assert_int_equal(profile_acc_finish(&acc, A, &entries, &n, &st), DEAL_BAD_ARGUMENT);
	assert_string_equal(st.detail, "The weights of \"a\" add up beyond the range of a double.");
	assert_null(entries);
	profile_acc_free(&acc);

	profile_acc_init(&acc, PROFILE_ACC_SUM, A);
	add_rows(&acc, back, 5);
	assert_profile(&acc, "a:0x1.e42d130773b76p+1023");
	profile_acc_free(&acc);
}

/* xorshift64 */
static uint64_t
next_random(uint64_t *seed)
{
	*seed ^= *seed << 13;
	*seed ^= *seed >> 7;
	*seed ^= *seed << 17;
	return *seed;
}

static const char *const vocabulary[] = {
	"debt", "Debt", "food", "fuel", "housing", "loneliness", "walking", "gardening", "a",
	"a_much_longer_label_than_the_others_to_cross_eight_byte_words", "music", "x1", "x2", "x3",
	"carer", "benefits", "digital", "english", "parenting", "falls"
};

/* n random rows: labels from the vocabulary, weights of every shape (huge, tiny, cancelling). */
static void
random_rows(uint64_t *seed, Row *rows, size_t n)
{
	size_t		words = sizeof(vocabulary) / sizeof(vocabulary[0]);

	for (size_t i = 0; i < n; i++)
	{
		uint64_t	r = next_random(seed);
		double		m = (double) (r >> 11) / 0x1p53 * ((r & 1) ? -1 : 1);

		rows[i].label = vocabulary[r % words];
		switch ((r >> 8) % 5)
		{
			case 0:
				rows[i].weight = round(fabs(m) * 10) / 10;
				break;
			case 1:
				rows[i].weight = ldexp(m, (int) ((r >> 16) % 120) - 60);
				break;
			case 2:
				rows[i].weight = ldexp(m, 880 + (int) ((r >> 16) % 100));
				break;
			case 3:
				rows[i].weight = ldexp(m, -1000 - (int) ((r >> 16) % 74));
				break;
			default:
				rows[i].weight = i > 0 ? -rows[i - 1].weight : m;
				break;
		}
	}
}

/* Through the serialised form: a copy of acc, written and read back. */
static void
round_trip(const ProfileAcc *acc, ProfileAcc *copy)
{
	size_t		size = profile_acc_serial_size(acc);
	char	   *buf = deal_alloc(A, size);
	DealStatus	st;

	profile_acc_serialize(acc, buf);
	profile_acc_init(copy, acc->kind == PROFILE_ACC_SUM ? PROFILE_ACC_MAX : PROFILE_ACC_SUM, A);
	if (profile_acc_deserialize(copy, buf, size, &st) != DEAL_OK)
		fail_msg("deserialize: %s", st.detail);
	assert_int_equal(copy->kind, acc->kind);
	deal_release(A, buf);
}

/*
 * The same rows in other orders, split among accumulators that are merged (directly or
 * through the serialised form, as parallel workers' are), give the same profile, bit for bit.
 */
static void
test_order_and_split(void **state)
{
	static Row	rows[3000];
	uint64_t	seed = 77;

	(void) state;
	for (int kind = PROFILE_ACC_SUM; kind <= PROFILE_ACC_MAX; kind++)
		for (int round = 0; round < 12; round++)
		{
			size_t		n = 1 + next_random(&seed) % 3000;
			ProfileAcc	whole;
			char	   *expected;

			random_rows(&seed, rows, n);
			profile_acc_init(&whole, (ProfileAccKind) kind, A);
			add_rows(&whole, rows, n);
			expected = finished(&whole);
			profile_acc_free(&whole);

			for (int split = 0; split < 4; split++)
			{
				ProfileAcc	total;
				size_t		i = 0;
				char	   *got;

				for (size_t k = n; k > 1; k--)
				{
					size_t		j = next_random(&seed) % k;
					Row			t = rows[k - 1];

					rows[k - 1] = rows[j];
					rows[j] = t;
				}
				profile_acc_init(&total, (ProfileAccKind) kind, A);
				while (i < n)
				{
					size_t		len = 1 + next_random(&seed) % (n - i);
					ProfileAcc	part;
					ProfileAcc	copy;
					DealStatus	st;

					profile_acc_init(&part, (ProfileAccKind) kind, A);
					add_rows(&part, rows + i, len);
					round_trip(&part, &copy);
					assert_int_equal(profile_acc_merge(&total, split % 2 ? &copy : &part, &st), DEAL_OK);
					profile_acc_free(&part);
					profile_acc_free(&copy);
					i += len;
				}
				got = finished(&total);
				assert_string_equal(got, expected);
				deal_release(A, got);
				profile_acc_free(&total);
			}
			deal_release(A, expected);
		}
}

/* Weights that need many partials per label: values move as they outgrow their room. */
static void
test_many_partials(void **state)
{
	ProfileAcc	acc;
	ProfileAcc	copy;
	DealStatus	st;

	(void) state;
	profile_acc_init(&acc, PROFILE_ACC_SUM, A);
	for (int e = -1074; e < 972; e += 2)
	{
		double		x = ldexp(1, e) - ldexp(1, e + 50) + ldexp(1, e + 52);

		assert_int_equal(profile_acc_add(&acc, "many", 4, x, &st), DEAL_OK);
		assert_int_equal(profile_acc_add(&acc, "few", 3, 0.1, &st), DEAL_OK);
	}
	assert_int_equal(profile_acc_add(&acc, "many", 4, -0x1p1022, &st), DEAL_OK);
	assert_true(exact_sum_count(acc.entries[0].size) > 100);
	assert_profile(&acc, "few:0x1.9933333333334p+6, many:0x1.5555555555555p+970");
	round_trip(&acc, &copy);
	assert_profile(&copy, "few:0x1.9933333333334p+6, many:0x1.5555555555555p+970");
	profile_acc_free(&copy);
	profile_acc_free(&acc);
}

/*
 * The serialised form has every byte written: the same rows through accumulators whose
 * memory starts as different garbage serialise to the same bytes, and so do copies read
 * back from them (which hold the same sums, though not always the same partials).
 */
static void
test_every_byte_written(void **state)
{
	static Row	rows[500];
	uint64_t	seed = 5;

	(void) state;
	random_rows(&seed, rows, 500);
	for (int kind = PROFILE_ACC_SUM; kind <= PROFILE_ACC_MAX; kind++)
	{
		char	   *bytes[2][2];
		size_t		size[2][2];

		for (int g = 0; g < 2; g++)
		{
			const DealAllocator *garbage = &test_garbage_allocators[g];
			const DealAllocator *other = &test_garbage_allocators[1 - g];
			ProfileAcc	acc;
			ProfileAcc	copy;
			DealStatus	st;
			char	   *expected;
			char	   *got;

			profile_acc_init(&acc, (ProfileAccKind) kind, garbage);
			add_rows(&acc, rows, 500);
			size[0][g] = profile_acc_serial_size(&acc);
			bytes[0][g] = deal_alloc(garbage, size[0][g]);
			profile_acc_serialize(&acc, bytes[0][g]);

			profile_acc_init(&copy, (ProfileAccKind) kind, other);
			assert_int_equal(profile_acc_deserialize(&copy, bytes[0][g], size[0][g], &st), DEAL_OK);
			size[1][g] = profile_acc_serial_size(&copy);
			bytes[1][g] = deal_alloc(other, size[1][g]);
			profile_acc_serialize(&copy, bytes[1][g]);

			expected = finished(&acc);
			got = finished(&copy);
			assert_string_equal(got, expected);
			deal_release(A, got);
			deal_release(A, expected);
			profile_acc_free(&copy);
			profile_acc_free(&acc);
		}
		for (int copy = 0; copy < 2; copy++)
		{
			assert_int_equal(size[copy][0], size[copy][1]);
			assert_memory_equal(bytes[copy][0], bytes[copy][1], size[copy][0]);
			deal_release(&test_garbage_allocators[copy], bytes[copy][0]);
			deal_release(&test_garbage_allocators[1 - copy], bytes[copy][1]);
		}
	}
}

/* buf (len bytes) is refused as a serialised state, with nothing leaked. */
static void
assert_refused(const char *buf, size_t len, DealCode code)
{
	ProfileAcc	acc;
	DealStatus	st;
	char	   *exact = deal_alloc(A, len + 1);	/* so that ASan sees a read past the end */

	memcpy(exact, buf, len);
	profile_acc_init(&acc, PROFILE_ACC_SUM, A);
	assert_int_equal(profile_acc_deserialize(&acc, exact, len, &st), code);
	profile_acc_free(&acc);
	deal_release(A, exact);
}

/* Append n bytes to a buffer being built at *p. */
static void
put(char **p, const void *bytes, size_t n)
{
	memcpy(*p, bytes, n);
	*p += n;
}

/* A serialised sum with one label, its counts and the given partials, into buf; its length. */
static size_t
one_sum(char *buf, const char *label, uint16_t small, uint16_t huge, const double *partials,
		size_t given)
{
	char	   *p = buf;
	uint32_t	n = 1;
	char		kind = PROFILE_ACC_SUM;
	uint8_t		len = (uint8_t) strlen(label);

	put(&p, &kind, 1);
	put(&p, &n, 4);
	put(&p, &len, 1);
	put(&p, label, len);
	put(&p, &small, 2);
	put(&p, &huge, 2);
	put(&p, partials, given * sizeof(double));
	return (size_t) (p - buf);
}

/* Damaged serialised states are refused; what could only make a wrong sum is read. */
static void
test_damaged(void **state)
{
	static Row	rows[200];
	uint64_t	seed = 9;
	ProfileAcc	acc;
	char	   *good;
	size_t		size;
	char		buf[256];
	double		partials[3] = {1, 2, 3};
	double		bad[2] = {1, NAN};
	double		huge[1] = {0x1p300};

	(void) state;
	random_rows(&seed, rows, 200);
	for (int kind = PROFILE_ACC_SUM; kind <= PROFILE_ACC_MAX; kind++)
	{
		profile_acc_init(&acc, (ProfileAccKind) kind, A);
		add_rows(&acc, rows, 200);
		size = profile_acc_serial_size(&acc);
		good = deal_alloc(A, size + 1);
		profile_acc_serialize(&acc, good);
		for (size_t len = 0; len < size; len++)
			assert_refused(good, len, DEAL_BAD_BINARY);
		good[size] = 'x';
		assert_refused(good, size + 1, DEAL_BAD_BINARY);
		good[0] = 3;
		assert_refused(good, size, DEAL_BAD_BINARY);
		deal_release(A, good);
		profile_acc_free(&acc);
	}

	assert_refused(buf, one_sum(buf, "a b", 1, 0, partials, 1), DEAL_BAD_BINARY);
	assert_refused(buf, one_sum(buf, "", 1, 0, partials, 1), DEAL_BAD_BINARY);
	assert_refused(buf, one_sum(buf, "a", 2, 0, bad, 2), DEAL_BAD_BINARY);
	assert_refused(buf, one_sum(buf, "a", 0, 1, huge, 1), DEAL_BAD_BINARY);
	assert_refused(buf, one_sum(buf, "a", 0, 2, bad, 2), DEAL_BAD_BINARY);
	assert_refused(buf, one_sum(buf, "a", EXACT_SUM_MAX_PARTIALS + 1, 0, partials, 3), DEAL_BAD_BINARY);

	/* partials that are no expansion (overlapping, out of order) still read as their sum */
	profile_acc_init(&acc, PROFILE_ACC_MAX, A);
	{
		DealStatus	st;

		size = one_sum(buf, "A", 3, 0, partials, 3);
		assert_int_equal(profile_acc_deserialize(&acc, buf, size, &st), DEAL_OK);
	}
	assert_int_equal(acc.kind, PROFILE_ACC_SUM);
	assert_profile(&acc, "a:0x1.8p+2");
	profile_acc_free(&acc);
}

/*
 * Every allocation can fail: each step of a scenario is tried with a budget of allocations
 * that grows until the step succeeds.  A refused row leaves the accumulator as it was; a
 * failed merge, read or finish is reported; nothing leaks.
 */
static void
test_out_of_memory(void **state)
{
	static Row	rows[300];
	uint64_t	seed = 31;
	char	   *serial;
	size_t		size;
	ProfileAcc	reference;
	ProfileAcc	acc;
	ProfileAcc	other;
	DealStatus	st;
	char	   *expected;
	char	   *got;
	ProfileEntry *entries;
	uint32_t	n;
	int			failures = 0;

	(void) state;
	random_rows(&seed, rows, 300);
	for (int i = 0; i < 34; i++)
	{
		/* a label of many partials, small ones and huge ones */
		rows[i].label = "many";
		rows[i].weight = ldexp(1, -1074 + 60 * i);
	}

	profile_acc_init(&reference, PROFILE_ACC_SUM, A);
	profile_acc_init(&acc, PROFILE_ACC_SUM, &test_failing_allocator);
	for (size_t i = 0; i < 300; i++)
	{
		for (long budget = 0;; budget++)
		{
			DealCode	code;

			test_alloc_budget = budget;
			code = profile_acc_add(&acc, rows[i].label, strlen(rows[i].label), rows[i].weight, &st);
			test_alloc_budget = -1;
			if (code == DEAL_OK)
				break;
			assert_int_equal(code, DEAL_NO_MEMORY);
			failures++;
			/* unchanged: still the profile of the rows before this one */
			expected = finished(&reference);
			got = finished(&acc);
			assert_string_equal(got, expected);
			deal_release(A, got);
			deal_release(A, expected);
		}
		add_rows(&reference, rows + i, 1);
	}
	assert_true(failures > 10);

	/* merging, reading a serialised state, finishing */
	size = profile_acc_serial_size(&reference);
	serial = deal_alloc(A, size);
	profile_acc_serialize(&reference, serial);
	for (long budget = 0;; budget++)
	{
		DealCode	code;

		profile_acc_init(&other, PROFILE_ACC_SUM, &test_failing_allocator);
		test_alloc_budget = budget;
		code = profile_acc_deserialize(&other, serial, size, &st);
		if (code == DEAL_OK)
			code = profile_acc_merge(&other, &acc, &st);
		if (code == DEAL_OK)
			code = profile_acc_finish(&other, &test_failing_allocator, &entries, &n, &st);
		test_alloc_budget = -1;
		profile_acc_free(&other);
		if (code == DEAL_OK)
		{
			deal_release(&test_failing_allocator, entries);
			break;
		}
		assert_int_equal(code, DEAL_NO_MEMORY);
	}
	deal_release(A, serial);
	profile_acc_free(&acc);
	profile_acc_free(&reference);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sum_and_max),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_order_and_split),
		cmocka_unit_test(test_many_partials),
		cmocka_unit_test(test_every_byte_written),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_out_of_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
