/*
 * peak_events.c: the aggregate peak_events(ts, window): the most events inside any window of
 * that length, such as 12 A&E visits inside any 365 days.
 *
 * The state keeps every event time of the group with the window of its first row; rows with
 * a NULL time are skipped, and every other row must give the same window.  The final
 * function sorts the times and counts with two pointers (core/peak.c), so the result does
 * not depend on the order of the rows or on how parallel or Citus workers split them (their
 * states are appended).  A window opened by an event at t is [t, t + window), with t + window as
 * PostgreSQL's timestamptz + interval computes it: months and days are calendar months and
 * days in the session time zone, the rest exact time.  Where that is a fixed number of
 * microseconds (no months, and no days or a time zone without daylight saving) the final
 * function adds it directly; otherwise it asks timestamptz_pl_interval for every event.
 */
#include "deal.h"
#include "deal_agg.h"

#include "common/int.h"
#include "fmgr.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "core/peak.h"

#define STATE_NAME "deal.peak_events_state"
#define MAX_EVENTS PG_INT32_MAX
#define INLINE_EVENTS 4			/* most people have a handful: a state of 128 bytes holds them */
#define ZONE_MARGIN (7 * USECS_PER_DAY)

StaticAssertDecl(PEAK_TIME_MIN == MIN_TIMESTAMP && PEAK_TIME_END == END_TIMESTAMP,
				 "the core's timestamp range is PostgreSQL's");

/*
 * The aggregate state: the window and the event times, expanded in memory while rows arrive
 * (deal_agg.h); between workers and leader a deal.peak_events_state (the window, the count and
 * the times, little-endian: core/peak.h), so parallel query and Citus split the aggregate.
 * The first few times are held in the state itself.
 */
typedef struct PeakState
{
	DealAggState head;
	PeakWindow	window;
	int64	   *ts;				/* inline_ts, or an array of its own */
	uint32		n;				/* at most MAX_EVENTS */
	uint32		capacity;
	bool		has_window;		/* false until the first event (or partial state) comes */
	int64		inline_ts[INLINE_EVENTS];
} PeakState;

/* The interval of a window. */
static Interval
interval_of(const PeakWindow *w)
{
	Interval	iv;

	iv.month = w->months;
	iv.day = w->days;
	iv.time = w->micros;
	return iv;
}

/* A window as text, '1 year 2 days'. */
static char *
window_text(const PeakWindow *w)
{
	Interval	iv = interval_of(w);

	return DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(&iv)));
}

/* An empty state, its window not yet known. */
static void
state_init(DealAggState *s)
{
	PeakState  *state = (PeakState *) s;

	state->capacity = INLINE_EVENTS;
	state->ts = state->inline_ts;
}

/* Room for n more times at the end of a state's (n not yet counted); 54000 beyond MAX_EVENTS. */
static int64 *
reserve_times(PeakState *state, size_t n)
{
	if (n > MAX_EVENTS - state->n)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many events for deal.peak_events"),
				 errdetail("One group may hold at most %d events.", MAX_EVENTS)));
	if (state->n + n > state->capacity)
	{
		size_t		capacity = Min(Max((size_t) state->capacity * 2, state->n + n), (size_t) MAX_EVENTS);

		if (state->ts == state->inline_ts)
		{
			state->ts = MemoryContextAllocHuge(DEAL_AGG_CONTEXT(state), capacity * sizeof(int64));
			memcpy(state->ts, state->inline_ts, state->n * sizeof(int64));
		}
		else
			state->ts = repalloc_huge(state->ts, capacity * sizeof(int64));
		state->capacity = (uint32) capacity;
	}
	return state->ts + state->n;
}

/* Append n times to a state; 54000 beyond MAX_EVENTS. */
static void
append_times(PeakState *state, const int64 *ts, size_t n)
{
	memcpy(reserve_times(state, n), ts, n * sizeof(int64));
	state->n += n;
}

/* 22023 unless w is the state's window (which a state without one takes). */
static void
same_window(PeakState *state, const PeakWindow *w)
{
	DealStatus	st;

	if (!state->has_window)
	{
		state->window = *w;
		state->has_window = true;
		return;
	}
	if (peak_window_equal(&state->window, w))
		return;
	deal_fail(&st, DEAL_BAD_ARGUMENT, -1,
			  "deal.peak_events needs the same window on every row of a group; earlier rows have \"%s\".",
			  window_text(&state->window));
	deal_raise(&st, "window", window_text(w));
}

static struct varlena *state_flatten(DealAggState *s);
static void state_add(DealAggState *s, Datum value);
static void state_merge(DealAggState *s, DealAggState *other);

static const DealAggMethods peak_events_methods = {
	DEAL_AGG_EXPANDED, "deal.peak_events", sizeof(PeakState), state_init, state_flatten, state_add, state_merge
};

/* Transition: (ts, window); a NULL ts skips the row, a NULL window is 22004. */
PG_FUNCTION_INFO_V1(peak_events_transfn);
Datum
peak_events_transfn(PG_FUNCTION_ARGS)
{
	PeakState  *state;
	TimestampTz ts;
	const Interval *iv;
	PeakWindow	w;
	DealStatus	st;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		state = (PeakState *) deal_agg_state(fcinfo, &peak_events_methods);
		DEAL_AGG_RETURN(&state->head);
	}
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("window of deal.peak_events must not be null"),
				 errdetail("Every row with an event time needs the window, such as '365 days'.")));
	ts = PG_GETARG_TIMESTAMPTZ(1);
	if (TIMESTAMP_NOT_FINITE(ts))
	{
		deal_fail(&st, DEAL_BAD_ARGUMENT, -1, "An event happens at a finite time; leave out or null such rows.");
		deal_raise(&st, "event time", TIMESTAMP_IS_NOBEGIN(ts) ? "-infinity" : "infinity");
	}
	iv = PG_GETARG_INTERVAL_P(2);
	w = (PeakWindow) {.micros = iv->time, .days = iv->day, .months = iv->month};
	state = (PeakState *) deal_agg_state(fcinfo, &peak_events_methods);
	if (!state->has_window && peak_check_window(&w, &st) != DEAL_OK)
		deal_raise(&st, "window", window_text(&w));
	same_window(state, &w);
	if (state->n < state->capacity)
		state->ts[state->n++] = ts;
	else
		append_times(state, &ts, 1);
	DEAL_AGG_RETURN(&state->head);
}

/* t + window, as timestamptz + interval computes it in the session time zone. */
static int64
window_end(int64 t, const Interval *iv)
{
	return DatumGetTimestampTz(DirectFunctionCall2(timestamptz_pl_interval, TimestampTzGetDatum(t),
												   IntervalPGetDatum(iv)));
}

/* a + b for a, b >= 0, saturating. */
static int64
add_saturating(int64 a, int64 b)
{
	int64		r;

	return pg_add_s64_overflow(a, b, &r) ? PG_INT64_MAX : r;
}

/*
 * Bounds on t + window - t whatever t is: n months are 28n to 31n calendar days, and the time
 * zone's offset at the end may differ from that at t; no zone's offsets are 3.5 days apart, so
 * a margin of a week is safe.
 */
static void
window_bounds(const PeakWindow *w, int64 *lo, int64 *hi)
{
	int64		low_days = 28 * (int64) w->months + w->days;
	int64		high_days = 31 * (int64) w->months + w->days;
	int64		low;
	int64		high;

	if (pg_mul_s64_overflow(low_days, USECS_PER_DAY, &low))
		low = PG_INT64_MAX;
	if (pg_mul_s64_overflow(high_days, USECS_PER_DAY, &high))
		high = PG_INT64_MAX;
	low = add_saturating(low, w->micros);
	*lo = low > ZONE_MARGIN ? low - ZONE_MARGIN : 0;
	*hi = add_saturating(add_saturating(high, w->micros), ZONE_MARGIN);
}

/*
 * The peak of sorted times for a calendar window: the core bounds every window's end, and
 * only the windows that might hold the most have their ends worked out; when an end might
 * pass the last timestamp, every end is, so that one that does fails as t + window fails.
 */
static size_t
calendar_peak(const int64 *ts, size_t n, const PeakWindow *w)
{
	Interval	iv = interval_of(w);
	int64		lo;
	int64		hi;
	size_t		peak;

	window_bounds(w, &lo, &hi);
	if (ts[n - 1] < END_TIMESTAMP - hi)
	{
		size_t	   *cand = palloc_extended(n * sizeof(size_t), MCXT_ALLOC_HUGE);
		size_t		k = peak_candidates(ts, n, lo, hi, &peak, cand, &deal_interrupt);

		for (size_t j = 0; j < k; j++)
		{
			size_t		c;

			if ((j & 0x3FFF) == 0)
				CHECK_FOR_INTERRUPTS();
			c = peak_count_at(ts, n, cand[j], window_end(ts[cand[j]], &iv));
			peak = Max(peak, c);
		}
		pfree(cand);
	}
	else
	{
		int64	   *ends = palloc_extended(n * sizeof(int64), MCXT_ALLOC_HUGE);

		for (size_t i = 0; i < n; i++)
		{
			if ((i & 0x3FFF) == 0)
				CHECK_FOR_INTERRUPTS();
			ends[i] = i > 0 && ts[i] == ts[i - 1] ? ends[i - 1] : window_end(ts[i], &iv);
		}
		peak = peak_count(ts, ends, n, &deal_interrupt);
		pfree(ends);
	}
	return peak;
}

/* The peak of a state whose times are sorted. */
static size_t
sorted_peak(const PeakState *state)
{
	const PeakWindow *w = &state->window;
	const int64 *ts = state->ts;
	size_t		n = state->n;
	long		gmtoff;
	int64		span;

	if (n == 0)
		return 0;
	if (w->months != 0 || (w->days != 0 && !pg_get_timezone_offset(session_timezone, &gmtoff)))
		return calendar_peak(ts, n, w);
	/* a fixed span: ts + window as timestamptz_pl_interval would add it, and its range check */
	if (pg_mul_s64_overflow(w->days, USECS_PER_DAY, &span) || pg_add_s64_overflow(span, w->micros, &span) ||
		ts[n - 1] >= END_TIMESTAMP - span)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return peak_count_span(ts, n, span, &deal_interrupt);
}

/* The flat state: a deal.peak_events_state. */
static struct varlena *
state_flatten(DealAggState *s)
{
	PeakState  *state = (PeakState *) s;
	bytea	   *out = deal_state_bytea(peak_state_size(state->n), "deal.peak_events");

	peak_state_write(&state->window, state->ts, state->n, (unsigned char *) VARDATA(out));
	return out;
}

/* Add a deal.peak_events_state (a partial result) to a state, checked (22P03); windows must agree. */
static void
state_add(DealAggState *s, Datum value)
{
	bytea	   *in = DatumGetByteaPP(value);
	const unsigned char *data = (const unsigned char *) VARDATA_ANY(in);
	PeakState  *state = (PeakState *) s;
	PeakWindow	w;
	size_t		n;
	DealStatus	st;

	deal_check(peak_state_read_header(data, VARSIZE_ANY_EXHDR(in), &w, &n, &st), &st, STATE_NAME, NULL);
	if (n > MAX_EVENTS)
		deal_bad_binary(STATE_NAME, "The state holds more events than one group may.");
	if (peak_check_window(&w, &st) != DEAL_OK)
		deal_bad_binary(STATE_NAME, "The state's window is not a valid window.");
	same_window(state, &w);
	deal_check(peak_state_read_times(data, n, reserve_times(state, n), &st), &st, STATE_NAME, NULL);
	state->n += n;
}

/* Add another state's times to a state; windows must agree. */
static void
state_merge(DealAggState *s, DealAggState *other)
{
	PeakState  *o = (PeakState *) other;

	if (o->has_window)
		same_window((PeakState *) s, &o->window);
	append_times((PeakState *) s, o->ts, o->n);
}

/* Final: the most events inside any window; 0 when the group had no events. */
PG_FUNCTION_INFO_V1(peak_events_finalfn);
Datum
peak_events_finalfn(PG_FUNCTION_ARGS)
{
	PeakState  *state;
	DealStatus	st;

	if (PG_ARGISNULL(0))
		PG_RETURN_INT32(0);
	state = (PeakState *) deal_agg_final_state(fcinfo, &peak_events_methods);
	/* sorting in place leaves the same times, so the state stays good for more rows */
	deal_check(peak_sort(state->ts, state->n, &deal_palloc_allocator, &deal_interrupt, &st), &st, "event times", NULL);
	PG_RETURN_INT32((int32) sorted_peak(state));
}

/* Combine: append the second partial state's times to the first; their windows must agree. */
PG_FUNCTION_INFO_V1(peak_events_combinefn);
Datum
peak_events_combinefn(PG_FUNCTION_ARGS)
{
	return deal_agg_combine(fcinfo, &peak_events_methods);
}
