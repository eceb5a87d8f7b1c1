/*
 * test_peak.c: the most events inside any window: the half-open boundary, the two-pointer
 * count against a brute-force count on random data (fixed spans, and arbitrary ends such as
 * calendar windows give), the sort against qsort, the serialised state, and out of memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_alloc.h"
#include "peak.h"
#include "peak_oracle.h"

#define A (&test_allocator)
#define DAY INT64_C(86400000000)

/* splitmix64: the next pseudo-random number of a seed. */
static uint64_t
next_random(uint64_t *seed)
{
	uint64_t	z = (*seed += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* A pseudo-random number in [lo, hi]. */
static int64_t
random_in(uint64_t *seed, int64_t lo, int64_t hi)
{
	uint64_t	width = (uint64_t) hi - (uint64_t) lo + 1;

	return (int64_t) ((uint64_t) lo + (width == 0 ? next_random(seed) : next_random(seed) % width));
}

/* Sort ts through the core, which must succeed. */
static void
sort(int64_t *ts, size_t n)
{
	DealStatus	st;

	assert_int_equal(peak_sort(ts, n, A, NULL, &st), DEAL_OK);
}

/* The peak of n unsorted times for a fixed span, through the core. */
static size_t
peak_of(const int64_t *times, size_t n, int64_t span)
{
	int64_t    *ts = test_malloc((n + 1) * sizeof(int64_t));
	size_t		peak;

	memcpy(ts, times, n * sizeof(int64_t));
	sort(ts, n);
	peak = peak_count_span(ts, n, span, NULL);
	test_free(ts);
	return peak;
}

/* A window holds its start but not its end: [t, t + span). */
static void
test_half_open(void **state)
{
	static const int64_t ts[] = {0, 10, 20};

	(void) state;
	assert_int_equal(peak_of(ts, 3, 10), 1);
	assert_int_equal(peak_of(ts, 3, 11), 2);
	assert_int_equal(peak_of(ts, 3, 20), 2);
	assert_int_equal(peak_of(ts, 3, 21), 3);
	assert_int_equal(peak_of(ts, 3, 1), 1);
	assert_int_equal(peak_of(ts, 0, 10), 0);
	assert_int_equal(peak_of(ts, 1, 1), 1);
}

/* Twelve A&E visits inside 365 days, across a calendar year, make a frequent attender. */
static void
test_frequent_attender(void **state)
{
	int64_t		visits[20];

	(void) state;
	/* one visit a month from 1 July, 20 visits: any 365 days hold 12 */
	for (int i = 0; i < 20; i++)
		visits[i] = (181 + 30 * i) * DAY;
	assert_int_equal(peak_of(visits, 20, 365 * DAY), 13);
	/* 12 visits, the last exactly 365 days after the first: 11 in any half-open window */
	for (int i = 0; i < 12; i++)
		visits[i] = i == 11 ? 365 * DAY : i * DAY;
	assert_int_equal(peak_of(visits, 12, 365 * DAY), 11);
	assert_int_equal(peak_of(visits, 12, 365 * DAY + 1), 12);
}

/* Equal times all count, in whatever order they come. */
static void
test_equal_times(void **state)
{
	int64_t		ts[100];

	(void) state;
	for (int i = 0; i < 100; i++)
		ts[i] = i % 2 == 0 ? 5 : 7;
	assert_int_equal(peak_of(ts, 100, 1), 50);
	assert_int_equal(peak_of(ts, 100, 2), 50);
	assert_int_equal(peak_of(ts, 100, 3), 100);
	for (int i = 0; i < 100; i++)
		ts[i] = -1;
	assert_int_equal(peak_of(ts, 100, 1), 100);
}

/* Fill ts with n random times of one of several shapes. */
static void
random_times(uint64_t *seed, int64_t *ts, size_t n, int shape)
{
	for (size_t i = 0; i < n; i++)
	{
		switch (shape)
		{
			case 0:				/* a few years of visits, to the microsecond */
				ts[i] = random_in(seed, 0, 3 * 365 * DAY);
				break;
			case 1:				/* few distinct days: many equal times */
				ts[i] = random_in(seed, 0, 40) * DAY;
				break;
			case 2:				/* small integers, negative too */
				ts[i] = random_in(seed, -50, 50);
				break;
			default:			/* the whole range of timestamps */
				ts[i] = random_in(seed, PEAK_TIME_MIN, PEAK_TIME_END - 1);
				break;
		}
	}
}

/*
 * The two-pointer count equals the brute-force count on random times: for fixed spans, and
 * for arbitrary ends (calendar windows are not increasing in the start, and an end may even
 * come before its start).
 */
static void
test_random(void **state)
{
	uint64_t	seed = 1;

	(void) state;
	for (int trial = 0; trial < 800; trial++)
	{
		size_t		n = (size_t) random_in(&seed, 0, trial % 8 < 6 ? 60 : 700);
		int			shape = trial % 4;
		int64_t    *ts = test_malloc((n + 1) * sizeof(int64_t));
		int64_t    *ends = test_malloc((n + 1) * sizeof(int64_t));
		int64_t		span = shape == 0 ? random_in(&seed, 1, 400 * DAY) :
			shape == 1 ? random_in(&seed, 1, 10) * DAY :
			shape == 2 ? random_in(&seed, 1, 30) : random_in(&seed, 1, INT64_MAX);
		int64_t		jitter = random_in(&seed, 0, 3 * (span < DAY ? span : DAY));

		random_times(&seed, ts, n, shape);
		sort(ts, n);
		for (size_t i = 0; i < n; i++)
			ends[i] = ts[i] > INT64_MAX - span ? INT64_MAX : ts[i] + span;
		assert_int_equal(peak_count_span(ts, n, span, NULL), brute_force(ts, ends, n));
		assert_int_equal(peak_count(ts, ends, n, NULL), brute_force(ts, ends, n));
		for (size_t i = 0; i < n; i++)
		{
			int64_t		end = ts[i] + random_in(&seed, -jitter, jitter);

			if (ts[i] < PEAK_TIME_END - span)
				end += span;
			ends[i] = i > 0 && ts[i] == ts[i - 1] ? ends[i - 1] : end;
		}
		assert_int_equal(peak_count(ts, ends, n, NULL), brute_force(ts, ends, n));
		/* the same through bounds: ends within span -/+ jitter of their start (when span > jitter) */
		if (span > jitter && shape != 3)
			assert_int_equal(peak_by_candidates(ts, ends, n, span - jitter, span + jitter), brute_force(ts, ends, n));
		test_free(ts);
		test_free(ends);
	}
}

/* Bounds: few candidates when ends hardly vary, all of them when the bounds say nothing. */
static void
test_candidates(void **state)
{
	int64_t		ts[100];
	int64_t		ends[100];
	size_t		cand[100];
	size_t		lower;
	size_t		k;

	(void) state;
	/* one event a day for 100 days, windows of 10 days give or take an hour */
	for (int i = 0; i < 100; i++)
	{
		ts[i] = i * DAY;
		ends[i] = ts[i] + 10 * DAY + (i % 3 - 1) * DAY / 24;
	}
	k = peak_candidates(ts, 100, 10 * DAY - DAY / 24, 10 * DAY + DAY / 24, &lower, cand, NULL);
	assert_int_equal(lower, 10);
	assert_int_equal(k, 90);	/* every window could hold an 11th event, but the last ten */
	assert_int_equal(peak_by_candidates(ts, ends, 100, 10 * DAY - DAY / 24, 10 * DAY + DAY / 24), 11);
	k = peak_candidates(ts, 100, 10 * DAY - DAY / 2, 10 * DAY - DAY / 4, &lower, cand, NULL);
	assert_int_equal(k, 0);		/* no window can hold more than its lower bound's 10 */
	k = peak_candidates(ts, 100, 0, INT64_MAX, &lower, cand, NULL);
	assert_int_equal(lower, 0);
	assert_int_equal(k, 100);
	assert_int_equal(peak_count_at(ts, 100, 5, 7 * DAY), 2);
	assert_int_equal(peak_count_at(ts, 100, 5, 5 * DAY), 0);
	assert_int_equal(peak_count_at(ts, 100, 99, INT64_MAX), 1);
}

/* The sort agrees with qsort on random arrays, short and long, and on sorted ones. */
static void
test_sort(void **state)
{
	static const size_t sizes[] = {0, 1, 2, 31, 32, 33, 100, 1000, 100000};
	uint64_t	seed = 3;

	(void) state;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		for (int shape = 0; shape < 5; shape++)
		{
			size_t		n = sizes[s];
			int64_t    *ts = test_malloc((n + 1) * sizeof(int64_t));
			int64_t    *expected = test_malloc((n + 1) * sizeof(int64_t));

			if (shape < 4)
				random_times(&seed, ts, n, shape);
			else
				for (size_t i = 0; i < n; i++)
					ts[i] = (int64_t) (n - i) * (i % 3 == 0 ? -1 : 1);	/* mixed signs */
			if (n > 1)
			{
				ts[0] = PEAK_TIME_MIN;
				ts[n - 1] = PEAK_TIME_END - 1;
			}
			memcpy(expected, ts, n * sizeof(int64_t));
			qsort(expected, n, sizeof(int64_t), compare_times);
			sort(ts, n);
			assert_memory_equal(ts, expected, n * sizeof(int64_t));
			sort(ts, n);		/* already sorted */
			assert_memory_equal(ts, expected, n * sizeof(int64_t));
			test_free(ts);
			test_free(expected);
		}
}

/* A long unsorted array needs scratch memory: without it, DEAL_NO_MEMORY and no leak. */
static void
test_out_of_memory(void **state)
{
	int64_t		ts[200];
	uint64_t	seed = 4;
	DealStatus	st;

	(void) state;
	random_times(&seed, ts, 200, 0);
	test_alloc_budget = 0;
	assert_int_equal(peak_sort(ts, 200, &test_failing_allocator, NULL, &st), DEAL_NO_MEMORY);
	assert_non_null(strstr(st.detail, "200"));
	assert_int_equal(peak_sort(ts, 32, &test_failing_allocator, NULL, &st), DEAL_OK);	/* in place */
	test_alloc_budget = 1;
	assert_int_equal(peak_sort(ts, 200, &test_failing_allocator, NULL, &st), DEAL_OK);
	test_alloc_budget = -1;
	for (int i = 1; i < 200; i++)
		assert_true(ts[i - 1] <= ts[i]);
}

/* Spans reaching past the last timestamp saturate instead of overflowing. */
static void
test_saturation(void **state)
{
	int64_t		ts[] = {PEAK_TIME_END - 3, PEAK_TIME_END - 2, PEAK_TIME_END - 1};

	(void) state;
	assert_int_equal(peak_count_span(ts, 3, INT64_MAX, NULL), 3);
	assert_int_equal(peak_count_span(ts, 3, 2, NULL), 2);
}

/* Windows: no negative part, not zero; equal part by part. */
static void
test_window(void **state)
{
	DealStatus	st;
	PeakWindow	year = {0, 0, 12};
	PeakWindow	days = {0, 360, 0};

	(void) state;
	assert_int_equal(peak_check_window(&(PeakWindow) {1, 0, 0}, &st), DEAL_OK);
	assert_int_equal(peak_check_window(&(PeakWindow) {0, 365, 0}, &st), DEAL_OK);
	assert_int_equal(peak_check_window(&year, &st), DEAL_OK);
	assert_int_equal(peak_check_window(&(PeakWindow) {0, 0, 0}, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "zero"));
	assert_int_equal(peak_check_window(&(PeakWindow) {-1, 0, 0}, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "negative"));
	assert_int_equal(peak_check_window(&(PeakWindow) {DAY, -1, 0}, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(peak_check_window(&(PeakWindow) {0, 1, -1}, &st), DEAL_BAD_ARGUMENT);
	assert_true(peak_window_equal(&year, &(PeakWindow) {0, 0, 12}));
	assert_false(peak_window_equal(&year, &days));
	assert_false(peak_window_equal(&(PeakWindow) {DAY, 0, 0}, &(PeakWindow) {0, 1, 0}));
}

/* A state written into memory full of either garbage is the same bytes, and reads back. */
static void
test_state_round_trip(void **state)
{
	static const int64_t ts[] = {5, PEAK_TIME_MIN, PEAK_TIME_END - 1, -1, 0};
	PeakWindow	w = {3600, 7, 2};
	unsigned char *out[2];
	size_t		size = peak_state_size(5);

	(void) state;
	assert_int_equal(size, PEAK_STATE_HEADER + 40);
	for (int g = 0; g < 2; g++)
	{
		out[g] = deal_alloc(&test_garbage_allocators[g], size);
		peak_state_write(&w, ts, 5, out[g]);
	}
	assert_memory_equal(out[0], out[1], size);
	for (int g = 0; g < 2; g++)
	{
		PeakWindow	back;
		size_t		n;
		int64_t		times[5];
		DealStatus	st;

		assert_int_equal(peak_state_read_header(out[g], size, &back, &n, &st), DEAL_OK);
		assert_true(peak_window_equal(&w, &back));
		assert_int_equal(n, 5);
		assert_int_equal(peak_state_read_times(out[g], n, times, &st), DEAL_OK);
		assert_memory_equal(times, ts, sizeof(ts));
		deal_release(&test_garbage_allocators[g], out[g]);
	}
}

/* Damaged states are DEAL_BAD_BINARY: short, a count that disagrees, a bad window or time. */
static void
test_state_damaged(void **state)
{
	static const int64_t ts[] = {1, 2};
	PeakWindow	w = {0, 1, 0};
	unsigned char buf[PEAK_STATE_HEADER + 16];
	PeakWindow	back;
	size_t		n = 42;
	DealStatus	st;

	(void) state;
	peak_state_write(&w, ts, 2, buf);
	assert_int_equal(peak_state_read_header(buf, sizeof(buf), &back, &n, &st), DEAL_OK);
	assert_int_equal(peak_state_read_header(buf, PEAK_STATE_HEADER - 1, &back, &n, &st), DEAL_BAD_BINARY);
	assert_non_null(strstr(st.detail, "header"));
	assert_int_equal(peak_state_read_header(buf, sizeof(buf) - 1, &back, &n, &st), DEAL_BAD_BINARY);
	assert_int_equal(peak_state_read_header(buf, sizeof(buf) - 8, &back, &n, &st), DEAL_BAD_BINARY);
	/* a count whose size in bytes wraps round to the real length */
	buf[16] = 2;
	buf[23] = 0x20;
	assert_int_equal(peak_state_read_header(buf, sizeof(buf), &back, &n, &st), DEAL_BAD_BINARY);
	assert_non_null(strstr(st.detail, "times"));
	peak_state_write(&(PeakWindow) {0, -1, 0}, ts, 2, buf);
	assert_int_equal(peak_state_read_header(buf, sizeof(buf), &back, &n, &st), DEAL_BAD_BINARY);
	assert_int_equal(st.code, DEAL_BAD_BINARY);
	peak_state_write(&(PeakWindow) {0, 0, 0}, ts, 2, buf);
	assert_int_equal(peak_state_read_header(buf, sizeof(buf), &back, &n, &st), DEAL_BAD_BINARY);
	assert_int_equal(n, 2);		/* from the first, good read */
	for (int bad = 0; bad < 3; bad++)
	{
		int64_t		times[2];
		int64_t		wrong[2] = {1, bad == 0 ? INT64_MAX : bad == 1 ? INT64_MIN : PEAK_TIME_END};

		peak_state_write(&w, wrong, 2, buf);
		assert_int_equal(peak_state_read_header(buf, sizeof(buf), &back, &n, &st), DEAL_OK);
		assert_int_equal(peak_state_read_times(buf, n, times, &st), DEAL_BAD_BINARY);
		assert_non_null(strstr(st.detail, "Time 2"));
	}
}

/* Calls of the interrupt hook. */
static int	interrupt_calls;

/* The interrupt hook: count the call. */
static void
count_interrupt(void *ctx)
{
	(void) ctx;
	interrupt_calls++;
}

/* Long sorts and counts call the interrupt hook. */
static void
test_interrupts(void **state)
{
	size_t		n = 200000;
	int64_t    *ts = test_malloc(n * sizeof(int64_t));
	uint64_t	seed = 5;
	DealInterrupt intr = {count_interrupt, NULL};
	DealStatus	st;

	(void) state;
	random_times(&seed, ts, n, 0);
	interrupt_calls = 0;
	assert_int_equal(peak_sort(ts, n, A, &intr, &st), DEAL_OK);
	assert_true(interrupt_calls >= 3);
	interrupt_calls = 0;
	assert_true(peak_count_span(ts, n, 365 * DAY, &intr) > 0);
	assert_true(interrupt_calls >= (int) (n / 16384));
	test_free(ts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_half_open),
		cmocka_unit_test(test_frequent_attender),
		cmocka_unit_test(test_equal_times),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_saturation),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_state_round_trip),
		cmocka_unit_test(test_state_damaged),
		cmocka_unit_test(test_interrupts),
	};

	return cmocka_run_group_tests_name("peak", tests, NULL, NULL);
}
