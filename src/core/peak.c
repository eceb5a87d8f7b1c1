/*
 * peak.c: the most events inside any window of a given length: sorting the times, counting
 * with two pointers, and the serialised partial state.
 */
#include "peak.h"

#include <string.h>

#include "byteorder.h"

#define INSERTION_MAX 32

/* DEAL_BAD_ARGUMENT unless w is a length: no part negative and not all zero. */
DealCode
peak_check_window(const PeakWindow *w, DealStatus *st)
{
	if (w->months < 0 || w->days < 0 || w->micros < 0)
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1,
						 "A window is a length of time: none of its months, days or time may be negative.");
	if (w->months == 0 && w->days == 0 && w->micros == 0)
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "A window of length zero holds no events.");
	return DEAL_OK;
}

/* Are a and b the same window, part by part? */
bool
peak_window_equal(const PeakWindow *a, const PeakWindow *b)
{
	return a->months == b->months && a->days == b->days && a->micros == b->micros;
}

/* Is ts[0..n) ascending? */
static bool
is_sorted(const int64_t *ts, size_t n, const DealInterrupt *intr)
{
	for (size_t i = 1; i < n; i++)
	{
		DEAL_CHECK_INTERRUPTS(intr, i);
		if (ts[i - 1] > ts[i])
			return false;
	}
	return true;
}

/* Sort a handful of times by insertion. */
static void
insertion_sort(int64_t *ts, size_t n)
{
	for (size_t i = 1; i < n; i++)
	{
		int64_t		t = ts[i];
		size_t		j = i;

		while (j > 0 && ts[j - 1] > t)
		{
			ts[j] = ts[j - 1];
			j--;
		}
		ts[j] = t;
	}
}

/* Byte d (0 = lowest) of t, in an order where unsigned order is signed order. */
static inline unsigned
time_digit(int64_t t, int d)
{
	return (unsigned) ((((uint64_t) t) ^ ((uint64_t) 1 << 63)) >> (8 * d)) & 0xFF;
}

/*
 * Sort times with a least-significant-digit radix sort on bytes, skipping the bytes every
 * time shares (times within a few years share the top two).
 */
static DealCode
radix_sort(int64_t *ts, size_t n, const DealAllocator *alloc, const DealInterrupt *intr, DealStatus *st)
{
	size_t		count[8][256];
	int64_t    *tmp = deal_alloc(alloc, n * sizeof(int64_t));
	int64_t    *from = ts;
	int64_t    *to = tmp;

	if (tmp == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to sort %zu event times.", n);
	memset(count, 0, sizeof(count));
	for (size_t i = 0; i < n; i++)
	{
		DEAL_CHECK_INTERRUPTS(intr, i);
		for (int d = 0; d < 8; d++)
			count[d][time_digit(ts[i], d)]++;
	}
	for (int d = 0; d < 8; d++)
	{
		size_t		sum = 0;
		int64_t    *swap;

		if (count[d][time_digit(ts[0], d)] == n)
			continue;			/* every time has this byte */
		for (int v = 0; v < 256; v++)
		{
			size_t		c = count[d][v];

			count[d][v] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
		{
			DEAL_CHECK_INTERRUPTS(intr, i);
			to[count[d][time_digit(from[i], d)]++] = from[i];
		}
		swap = from;
		from = to;
		to = swap;
	}
	if (from != ts)
		memcpy(ts, from, n * sizeof(int64_t));
	deal_release(alloc, tmp);
	return DEAL_OK;
}

/* Sort n times ascending in place (scratch memory through alloc for long arrays). */
DealCode
peak_sort(int64_t *ts, size_t n, const DealAllocator *alloc, const DealInterrupt *intr, DealStatus *st)
{
	if (n <= INSERTION_MAX)
	{
		insertion_sort(ts, n);
		return DEAL_OK;
	}
	if (is_sorted(ts, n, intr))
		return DEAL_OK;
	return radix_sort(ts, n, alloc, intr, st);
}

/*
 * The most sorted times inside any window [ts[i], end): end is ends[i], or ts[i] + span
 * (saturating) when ends is NULL.  Two pointers: hi, the first time at or after the window's
 * end, only moves forward, so the count is linear after the sort.  When an end comes before
 * the previous one (calendar windows), hi is left past the true end of that window; then
 * hi - i overstates that window's count, but stays below hi - k for the earlier window k that
 * took hi there, which was counted: the largest count is unchanged.
 */
static size_t
count_windows(const int64_t *ts, const int64_t *ends, int64_t span, size_t n, const DealInterrupt *intr)
{
	size_t		best = 0;
	size_t		hi = 0;

	for (size_t i = 0; i < n; i++)
	{
		int64_t		end;

		DEAL_CHECK_INTERRUPTS(intr, i);
		if (i > 0 && ts[i] == ts[i - 1])
			continue;			/* the first of equal times opens the fullest window */
		if (ends != NULL)
			end = ends[i];
		else
			end = ts[i] > INT64_MAX - span ? INT64_MAX : ts[i] + span;
		if (hi < i)
			hi = i;
		while (hi < n && ts[hi] < end)
			hi++;
		if (hi - i > best)
			best = hi - i;
	}
	return best;
}

/* The most of the n sorted times inside any window [ts[i], ends[i]). */
size_t
peak_count(const int64_t *ts, const int64_t *ends, size_t n, const DealInterrupt *intr)
{
	return count_windows(ts, ends, 0, n, intr);
}

/* The same for windows of a fixed span of microseconds (> 0). */
size_t
peak_count_span(const int64_t *ts, size_t n, int64_t span, const DealInterrupt *intr)
{
	return count_windows(ts, NULL, span, n, intr);
}

/* First j in [lo, hi) with ts[j] >= x, or hi. */
static size_t
lower_bound(const int64_t *ts, size_t lo, size_t hi, int64_t x)
{
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (ts[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Windows whose ends are known only within bounds: every window [ts[i], end(i)) has
 * ts[i] + lo <= end(i) <= ts[i] + hi.  Counting with the lower bound gives a peak no window
 * can fall short of in truth; only a window that holds more than that when stretched to the
 * upper bound can beat it.
 */
size_t
peak_candidates(const int64_t *ts, size_t n, int64_t lo, int64_t hi, size_t *lower, size_t *cand,
				const DealInterrupt *intr)
{
	size_t		floor_peak = lo > 0 ? count_windows(ts, NULL, lo, n, intr) : 0;
	size_t		k = 0;
	size_t		top = 0;

	for (size_t i = 0; i < n; i++)
	{
		int64_t		end = ts[i] > INT64_MAX - hi ? INT64_MAX : ts[i] + hi;

		DEAL_CHECK_INTERRUPTS(intr, i);
		if (i > 0 && ts[i] == ts[i - 1])
			continue;
		if (top < i)
			top = i;
		while (top < n && ts[top] < end)
			top++;
		if (top - i > floor_peak)
			cand[k++] = i;
	}
	*lower = floor_peak;
	return k;
}

/* The number of sorted times in [ts[i], end). */
size_t
peak_count_at(const int64_t *ts, size_t n, size_t i, int64_t end)
{
	size_t		j = lower_bound(ts, i, n, end);

	return j - i;
}

/* Bytes of a serialised state of n times. */
size_t
peak_state_size(size_t n)
{
	return PEAK_STATE_HEADER + n * sizeof(int64_t);
}

/* Write a state (window w, n times) to out, peak_state_size(n) bytes. */
void
peak_state_write(const PeakWindow *w, const int64_t *ts, size_t n, unsigned char *out)
{
	uint64_t	count = n;

	deal_le_write(out, &w->months, sizeof(int32_t), 1);
	deal_le_write(out + 4, &w->days, sizeof(int32_t), 1);
	deal_le_write(out + 8, &w->micros, sizeof(int64_t), 1);
	deal_le_write(out + 16, &count, sizeof(uint64_t), 1);
	deal_le_write(out + PEAK_STATE_HEADER, ts, sizeof(int64_t), n);
}

/* Read the header of a serialised state of len bytes: its window (checked) and number of times. */
DealCode
peak_state_read_header(const unsigned char *in, size_t len, PeakWindow *w, size_t *n, DealStatus *st)
{
	uint64_t	count;

	if (len < PEAK_STATE_HEADER)
		return deal_fail(st, DEAL_BAD_BINARY, -1,
						 "The state has %zu bytes, fewer than its %d-byte header.", len, PEAK_STATE_HEADER);
	deal_le_read(&w->months, in, sizeof(int32_t), 1);
	deal_le_read(&w->days, in + 4, sizeof(int32_t), 1);
	deal_le_read(&w->micros, in + 8, sizeof(int64_t), 1);
	deal_le_read(&count, in + 16, sizeof(uint64_t), 1);
	if (count > (len - PEAK_STATE_HEADER) / sizeof(int64_t) ||
		count * sizeof(int64_t) != len - PEAK_STATE_HEADER)
		return deal_fail(st, DEAL_BAD_BINARY, -1,
						 "The state says it holds %llu times, but has %zu bytes after its header.",
						 (unsigned long long) count, len - PEAK_STATE_HEADER);
	if (peak_check_window(w, st) != DEAL_OK)
	{
		st->code = DEAL_BAD_BINARY;
		return DEAL_BAD_BINARY;
	}
	*n = (size_t) count;
	return DEAL_OK;
}

/* Read the n times of a state whose header was read; DEAL_BAD_BINARY for a time out of range. */
DealCode
peak_state_read_times(const unsigned char *in, size_t n, int64_t *ts, DealStatus *st)
{
	deal_le_read(ts, in + PEAK_STATE_HEADER, sizeof(int64_t), n);
	for (size_t i = 0; i < n; i++)
	{
		if (!peak_time_valid(ts[i]))
			return deal_fail(st, DEAL_BAD_BINARY, -1,
							 "Time %zu of the state, %lld, is not a finite timestamp.", i + 1, (long long) ts[i]);
	}
	return DEAL_OK;
}
