/*
 * allocate.c: the deal.candidates type, candidates_agg, and allocate.
 *
 * A deal.candidates value holds candidate (person, asset, score, capacity) pairs sorted by
 * (person, asset): 4 bytes of count, 4 of padding, then the pairs as allocate_store_pairs
 * writes them, every padding byte zero.  candidates_agg builds it from the caller's rows
 * (its state is a deal.candidates, so parallel query and Citus split it: workers' lists are
 * appended); allocate reads it and returns the optimal allocation.
 */
#include "deal.h"
#include "deal_agg.h"

#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/allocate.h"

#define TYPE_NAME "candidates"
#define HEADER 8

/* A new deal.candidates of n sorted, checked pairs. */
static struct varlena *
make_candidates(const AllocPair *pairs, size_t n)
{
	Size		size = VARHDRSZ + HEADER + n * sizeof(AllocPair);
	struct varlena *v;
	uint32		count = (uint32) n;

	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many candidate pairs for one value"),
				 errdetail("%zu pairs need %zu bytes; one value holds at most %zu.", n, size, (size_t) MaxAllocSize)));
	/* every byte is written: the header's padding here, the pairs' by allocate_store_pairs */
	v = palloc(size);
	SET_VARSIZE(v, size);
	memset(VARDATA(v), 0, HEADER);
	memcpy(VARDATA(v), &count, sizeof(count));
	allocate_store_pairs(pairs, n, VARDATA(v) + HEADER);
	return v;
}

/* The pairs of a deal.candidates datum, copied to aligned memory. */
static AllocPair *
open_candidates(Datum datum, size_t *n)
{
	struct varlena *v = (struct varlena *) PG_DETOAST_DATUM(datum);
	uint32		count;
	AllocPair  *pairs;

	if (VARSIZE(v) < VARHDRSZ + HEADER)
		deal_bad_binary(TYPE_NAME, "The value is shorter than its header.");
	memcpy(&count, VARDATA(v), sizeof(count));
	if ((Size) VARSIZE(v) != VARHDRSZ + HEADER + (Size) count * sizeof(AllocPair))
		deal_bad_binary(TYPE_NAME, "The value's length does not match its count of pairs.");
	pairs = palloc_extended(((Size) count + 1) * sizeof(AllocPair), MCXT_ALLOC_HUGE);
	if (count > 0)
		memcpy(pairs, VARDATA(v) + HEADER, (Size) count * sizeof(AllocPair));
	if ((Pointer) v != DatumGetPointer(datum))
		pfree(v);				/* a detoasted copy: the pairs are copied out */
	*n = count;
	return pairs;
}

/* Text input: {(person,asset,score,capacity),...}. */
PG_FUNCTION_INFO_V1(candidates_in);
Datum
candidates_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	AllocPair  *pairs;
	size_t		n;
	DealStatus	st;

	deal_check(allocate_parse_pairs(input, &deal_palloc_allocator, &pairs, &n, &st), &st, TYPE_NAME, input);
	PG_RETURN_POINTER(make_candidates(pairs, n));
}

/* Text output. */
PG_FUNCTION_INFO_V1(candidates_out);
Datum
candidates_out(PG_FUNCTION_ARGS)
{
	size_t		n;
	AllocPair  *pairs = open_candidates(PG_GETARG_DATUM(0), &n);
	DealText	out = {.alloc = &deal_palloc_allocator};

	PG_RETURN_CSTRING(deal_text_result(allocate_format_pairs(pairs, n, &out), &out,
									   "The text of these candidate pairs", TYPE_NAME));
}

/* Binary output: count, then (int8 person, int8 asset, float8 score, int4 capacity) each. */
PG_FUNCTION_INFO_V1(candidates_send);
Datum
candidates_send(PG_FUNCTION_ARGS)
{
	size_t		n;
	AllocPair  *pairs = open_candidates(PG_GETARG_DATUM(0), &n);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, (uint32) n);
	for (size_t i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		pq_sendint64(&buf, pairs[i].person);
		pq_sendint64(&buf, pairs[i].asset);
		pq_sendfloat8(&buf, pairs[i].score);
		pq_sendint32(&buf, pairs[i].capacity);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Binary input, checked as text input is. */
PG_FUNCTION_INFO_V1(candidates_recv);
Datum
candidates_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		n;
	AllocPair  *pairs;
	DealStatus	st;

	if (buf->len - buf->cursor < 4 ||
		(n = (int32) pq_getmsgint(buf, 4)) < 0 || n * 28 != buf->len - buf->cursor)
		deal_bad_binary(TYPE_NAME, "The binary form must be a count and that many 28-byte pairs.");
	pairs = palloc_extended(((Size) n + 1) * sizeof(AllocPair), MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		pairs[i].person = pq_getmsgint64(buf);
		pairs[i].asset = pq_getmsgint64(buf);
		pairs[i].score = pq_getmsgfloat8(buf);
		pairs[i].capacity = (int32) pq_getmsgint(buf, 4);
	}
	deal_check(allocate_check_pairs(pairs, n, DEAL_BAD_BINARY, &deal_palloc_allocator, &deal_interrupt, &st), &st, TYPE_NAME, NULL);
	PG_RETURN_POINTER(make_candidates(pairs, n));
}

/*
 * The aggregate state: a growing list of pairs.  It is a deal.candidates between workers and
 * leader (the pairs so far, checked), expanded in memory while rows arrive (deal_agg.h), so
 * that parallel query and Citus split the aggregate.
 */
typedef struct CandidatesState
{
	DealAggState head;
	AllocPair  *pairs;
	size_t		n;
	size_t		capacity;
} CandidatesState;

/* An empty state. */
static void
state_init(DealAggState *s)
{
	CandidatesState *state = (CandidatesState *) s;

	state->capacity = 1024;
	state->pairs = MemoryContextAllocHuge(DEAL_AGG_CONTEXT(s), state->capacity * sizeof(AllocPair));
}

/* Append count pairs, growing the list (by doubling) once. */
static void
append_pairs(CandidatesState *state, const AllocPair *pairs, size_t count)
{
	size_t		capacity = state->capacity;

	while (capacity - state->n < count)
	{
		if (capacity * 2 * sizeof(AllocPair) > MaxAllocHugeSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many candidate pairs")));
		capacity *= 2;
	}
	if (capacity != state->capacity)
	{
		state->pairs = repalloc_huge(state->pairs, capacity * sizeof(AllocPair));
		state->capacity = capacity;
	}
	memcpy(state->pairs + state->n, pairs, count * sizeof(AllocPair));
	state->n += count;
}

/* The sorted, checked pairs of a state as a deal.candidates. */
static struct varlena *
state_flatten(DealAggState *s)
{
	CandidatesState *state = (CandidatesState *) s;
	AllocPair  *pairs = palloc_extended((state->n + 1) * sizeof(AllocPair), MCXT_ALLOC_HUGE);
	DealStatus	st;

	memcpy(pairs, state->pairs, state->n * sizeof(AllocPair));
	deal_check(allocate_check_pairs(pairs, state->n, DEAL_BAD_ARGUMENT, &deal_palloc_allocator, &deal_interrupt, &st), &st, "candidate pairs", NULL);
	return make_candidates(pairs, state->n);
}

/* Add the pairs of a deal.candidates (a partial result) to a state. */
static void
state_add(DealAggState *s, Datum value)
{
	size_t		n;
	AllocPair  *pairs = open_candidates(value, &n);

	append_pairs((CandidatesState *) s, pairs, n);
	pfree(pairs);
}

/* Add another state's pairs to a state. */
static void
state_merge(DealAggState *s, DealAggState *other)
{
	CandidatesState *o = (CandidatesState *) other;

	append_pairs((CandidatesState *) s, o->pairs, o->n);
}

static const DealAggMethods candidates_agg_methods = {
	DEAL_AGG_EXPANDED, "deal.candidates_agg", sizeof(CandidatesState), state_init, state_flatten, state_add, state_merge
};

/* Transition: (person, asset, score, capacity); rows without a person, asset or score skipped. */
PG_FUNCTION_INFO_V1(candidates_agg_transfn);
Datum
candidates_agg_transfn(PG_FUNCTION_ARGS)
{
	CandidatesState *state = (CandidatesState *) deal_agg_state(fcinfo, &candidates_agg_methods);
	AllocPair	pair;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		DEAL_AGG_RETURN(&state->head);
	if (PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("capacity of deal.candidates_agg must not be null"),
				 errdetail("Asset %lld has no capacity.", (long long) PG_GETARG_INT64(2))));
	pair.person = PG_GETARG_INT64(1);
	pair.asset = PG_GETARG_INT64(2);
	pair.score = PG_GETARG_FLOAT8(3);
	pair.capacity = PG_GETARG_INT32(4);
	if (state->n < state->capacity)
		state->pairs[state->n++] = pair;
	else
		append_pairs(state, &pair, 1);
	DEAL_AGG_RETURN(&state->head);
}

/* Final: the sorted, checked pairs (NULL when there were no rows). */
PG_FUNCTION_INFO_V1(candidates_agg_finalfn);
Datum
candidates_agg_finalfn(PG_FUNCTION_ARGS)
{
	return deal_agg_final_flat(fcinfo, &candidates_agg_methods);
}

/* Combine: add the second value's pairs to the first (from SQL, the pairs of both, checked). */
PG_FUNCTION_INFO_V1(candidates_agg_combinefn);
Datum
candidates_agg_combinefn(PG_FUNCTION_ARGS)
{
	return deal_agg_combine(fcinfo, &candidates_agg_methods);
}

/* allocate(candidates): the optimal allocation, one row per person who gets a place. */
PG_FUNCTION_INFO_V1(allocate_srf);
Datum
allocate_srf(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	size_t		n;
	AllocPair  *pairs;
	size_t	   *chosen;
	size_t		n_chosen;
	DealStatus	st;

	deal_srf_begin(fcinfo);
	pairs = open_candidates(PG_GETARG_DATUM(0), &n);
	chosen = palloc_extended((n + 1) * sizeof(size_t), MCXT_ALLOC_HUGE);
	deal_check(allocate_solve(pairs, n, chosen, &n_chosen, &deal_palloc_allocator, &deal_interrupt, &st),
			   &st, "candidate pairs", NULL);
	for (size_t i = 0; i < n_chosen; i++)
	{
		const AllocPair *p = &pairs[chosen[i]];
		Datum		values[3] = {Int64GetDatum(p->person), Int64GetDatum(p->asset), Float8GetDatum(p->score)};
		bool		nulls[3] = {false, false, false};

		CHECK_FOR_INTERRUPTS();
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}
