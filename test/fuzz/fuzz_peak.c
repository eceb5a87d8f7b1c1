/*
 * fuzz_peak.c: libFuzzer harness for deal.peak_events' serialised state and the count.
 *
 * The input is read as a serialised state, as the deserialisation function reads what a
 * parallel worker sent: peak_state_read_header and peak_state_read_times must refuse it as bad
 * binary input (with a sane detail) unless it is exactly a valid window, a count and that many
 * finite timestamps; what they accept must be written back to the same bytes.  The times
 * accepted are then sorted (agreeing with qsort, in whatever order they came) and counted:
 * for fixed spans and for arbitrary ends, the two-pointer count must equal a brute-force count
 * (up to a few hundred times), lie between 1 and n, and not depend on the input order; and
 * for ends known only within bounds, the candidates' exact counts must settle the same peak.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "peak.h"
#include "../unit/peak_oracle.h"

#define BRUTE_MAX 300
#define DAY INT64_C(86400000000)

/* A fixed span from a window, as if months were 30 days and days 24 hours, saturating. */
static int64_t
span_of(const PeakWindow *w)
{
	__int128	span = (__int128) w->months * 30 * DAY + (__int128) w->days * DAY + w->micros;

	return span > INT64_MAX ? INT64_MAX : (int64_t) span;
}

/* Sort, count and cross-check n valid times. */
static void
check_counts(const int64_t *times, size_t n, const PeakWindow *w)
{
	int64_t    *sorted = malloc((n + 1) * sizeof(int64_t));
	int64_t    *reversed = malloc((n + 1) * sizeof(int64_t));
	int64_t    *expected = malloc((n + 1) * sizeof(int64_t));
	int64_t    *ends = malloc((n + 1) * sizeof(int64_t));
	int64_t		span = span_of(w);
	size_t		peak;
	DealStatus	st;

	memcpy(sorted, times, n * sizeof(int64_t));
	memcpy(expected, times, n * sizeof(int64_t));
	for (size_t i = 0; i < n; i++)
		reversed[i] = times[n - 1 - i];
	if (n > 0)
		qsort(expected, n, sizeof(int64_t), compare_times);
	REQUIRE(peak_sort(sorted, n, &alloc, NULL, &st) == DEAL_OK);
	REQUIRE(n == 0 || memcmp(sorted, expected, n * sizeof(int64_t)) == 0);
	REQUIRE(peak_sort(reversed, n, &alloc, NULL, &st) == DEAL_OK);
	REQUIRE(n == 0 || memcmp(reversed, expected, n * sizeof(int64_t)) == 0);

	peak = peak_count_span(sorted, n, span, NULL);
	REQUIRE(n == 0 ? peak == 0 : peak >= 1 && peak <= n);
	for (size_t i = 0; i < n; i++)
		ends[i] = sorted[i] > INT64_MAX - span ? INT64_MAX : sorted[i] + span;
	REQUIRE(peak_count(sorted, ends, n, NULL) == peak);
	if (n <= BRUTE_MAX)
	{
		REQUIRE(brute_force(sorted, ends, n) == peak);
		/* arbitrary ends, as calendar windows give: equal times, equal ends */
		for (size_t i = 0; i < n; i++)
			ends[i] = i > 0 && sorted[i] == sorted[i - 1] ? ends[i - 1] :
				sorted[i] + (int64_t) ((uint64_t) times[i % n] % 1000) - 300;
		REQUIRE(peak_count(sorted, ends, n, NULL) == brute_force(sorted, ends, n));
		/* ends known only within bounds: the candidates' exact counts settle the peak */
		for (size_t i = 0; i < n; i++)
			ends[i] = i > 0 && sorted[i] == sorted[i - 1] ? ends[i - 1] :
				sorted[i] + 50 + (int64_t) ((uint64_t) times[i % n] % 1001);
		REQUIRE(peak_by_candidates(sorted, ends, n, 50, 1050) == brute_force(sorted, ends, n));
	}
	free(ends);
	free(expected);
	free(reversed);
	free(sorted);
}

/* libFuzzer's entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *state = (unsigned char *) fuzz_copy(data, size, false);
	PeakWindow	w;
	size_t		n = SIZE_MAX;
	int64_t    *times;
	unsigned char *again;
	DealStatus	st;

	if (peak_state_read_header(state, size, &w, &n, &st) != DEAL_OK)
	{
		REQUIRE(failure_ok(&st, DEAL_BAD_BINARY, size));
		free(state);
		return 0;
	}
	REQUIRE(peak_state_size(n) == size);
	REQUIRE(peak_check_window(&w, &st) == DEAL_OK);
	times = malloc((n + 1) * sizeof(int64_t));
	if (peak_state_read_times(state, n, times, &st) != DEAL_OK)
		REQUIRE(failure_ok(&st, DEAL_BAD_BINARY, size));
	else
	{
		for (size_t i = 0; i < n; i++)
			REQUIRE(peak_time_valid(times[i]));
		again = malloc(size);
		peak_state_write(&w, times, n, again);
		REQUIRE(memcmp(again, state, size) == 0);
		free(again);
		check_counts(times, n, &w);
	}
	free(times);
	free(state);
	return 0;
}
