/*
 * deal.c: the module's magic block, the one mapper from core status to SQLSTATE, and the
 * allocator the core is handed in the server.
 */
#include "deal.h"

#include "core/label.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/guc.h"
#include "utils/memutils.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Load-time set-up: the settings. */
void
_PG_init(void)
{
	deal_define_cache_settings();
	MarkGUCPrefixReserved("deal");
}

/* The SQLSTATE a core status code maps to. */
static int
errcode_of(DealCode code)
{
	switch (code)
	{
		case DEAL_BAD_TEXT:
			return ERRCODE_INVALID_TEXT_REPRESENTATION;
		case DEAL_BAD_BINARY:
			return ERRCODE_INVALID_BINARY_REPRESENTATION;
		case DEAL_BAD_ARGUMENT:
			return ERRCODE_INVALID_PARAMETER_VALUE;
		case DEAL_TOO_BIG:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		case DEAL_NO_MEMORY:
			return ERRCODE_OUT_OF_MEMORY;
		case DEAL_OK:
			break;
	}
	elog(ERROR, "deal_raise called with status code %d", (int) code);
}

/*
 * Raise the error st describes, with the SQLSTATE its code maps to: the message the core
 * gave it, or the code's own ("invalid input syntax for type ..."), with its detail and hint.
 */
void
deal_raise(const DealStatus *st, const char *subject, const char *input)
{
	const char *detail = st->detail[0] != '\0' ? st->detail : NULL;
	const char *hint = st->hint[0] != '\0' ? st->hint : NULL;
	int			sqlstate = errcode_of(st->code);
	char	   *message;

	if (st->message[0] != '\0')
		message = pstrdup(st->message);
	else
		switch (st->code)
		{
			case DEAL_BAD_TEXT:
				message = psprintf("invalid input syntax for type %s: \"%s\"", subject, input ? input : "");
				break;
			case DEAL_BAD_BINARY:
				message = psprintf("invalid binary input for type %s", subject);
				break;
			case DEAL_BAD_ARGUMENT:
				message = input ? psprintf("invalid %s: \"%s\"", subject, input) : psprintf("invalid %s", subject);
				break;
			case DEAL_TOO_BIG:
				message = psprintf("%s is too large", subject);
				break;
			default:
				message = pstrdup("out of memory");
				break;
		}
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg_internal("%s", message),
			 detail ? errdetail_internal("%s", detail) : 0,
			 hint ? errhint("%s", hint) : 0));
	pg_unreachable();
}

/* Raise 22P03, invalid binary input for type type_name, with detail. */
void
deal_bad_binary(const char *type_name, const char *detail)
{
	DealStatus	st;

	deal_fail(&st, DEAL_BAD_BINARY, -1, "%s", detail);
	deal_raise(&st, type_name, NULL);
}

/* Read a count of items of at least unit bytes each; 22P03 if it cannot be right. */
int32
deal_recv_count(StringInfo buf, int unit, const char *type_name)
{
	int64		n;

	if (buf->len - buf->cursor < 4)
		deal_bad_binary(type_name, "The binary form is truncated.");
	n = (int32) pq_getmsgint(buf, 4);
	if (n < 0 || n * unit > buf->len - buf->cursor)
		deal_bad_binary(type_name, "A count is negative or larger than the data that follows.");
	return (int32) n;
}

/* 22P03 unless binary input has been read to its end. */
void
deal_recv_end(StringInfo buf, const char *last, const char *type_name)
{
	if (buf->cursor != buf->len)
		deal_bad_binary(type_name, psprintf("Extra data after the last %s.", last));
}

/* Read the 8-byte body of a by-value type's binary input; 22P03 unless exactly 8 bytes remain. */
int64
deal_recv_int64(StringInfo buf, const char *type_name)
{
	int			remaining = buf->len - buf->cursor;

	if (remaining != (int) sizeof(int64))
		deal_bad_binary(type_name, psprintf("The binary form has 8 bytes, got %d.", remaining));
	return pq_getmsgint64(buf);
}

/* Read a NUL-terminated label from binary input, check it and fold it. */
char *
deal_recv_label(StringInfo buf, uint32 *len, size_t min_after, const char *type_name)
{
	const char *label = buf->data + buf->cursor;
	const char *nul = memchr(label, '\0', buf->len - buf->cursor);
	DealStatus	st;
	char	   *folded;

	if (nul == NULL || (size_t) (buf->len - buf->cursor - (nul - label + 1)) < min_after)
		deal_fail(&st, DEAL_BAD_BINARY, -1, "The binary form is truncated.");
	else if (deal_check_profile_label(label, nul - label, "label", &st) == DEAL_OK)
	{
		folded = palloc(nul - label + 1);
		deal_fold_label(folded, label, nul - label);
		folded[nul - label] = '\0';
		*len = (uint32) (nul - label);
		buf->cursor += nul - label + 1;
		return folded;
	}
	st.code = DEAL_BAD_BINARY;
	deal_raise(&st, type_name, NULL);
}

/* The aggregate memory context of a support function's call; an error naming aggregate outside one. */
MemoryContext
deal_aggregate_context(FunctionCallInfo fcinfo, const char *aggregate)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s support function called in a non-aggregate context", aggregate);
	return aggcxt;
}

/* The text an output function wrote into out, when ok; otherwise its failure raised. */
char *
deal_text_result(bool ok, const DealText *out, const char *what, const char *type_name)
{
	DealStatus	st;

	if (!ok)
	{
		deal_text_failure(out, what, &st);
		deal_raise(&st, type_name, NULL);
	}
	return out->data;
}

/* A bytea of size bytes for an aggregate's serialised state; 54000 if too large to pass. */
bytea *
deal_state_bytea(size_t size, const char *aggregate)
{
	bytea	   *out;

	if (size > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s state is too large to pass between parallel workers or nodes", aggregate),
				 errdetail("It needs %zu bytes; at most %zu can be passed.", size, (size_t) (MaxAllocSize - VARHDRSZ)),
				 errhint("Group by a column that splits the rows, or disable parallel query for this statement (SET max_parallel_workers_per_gather = 0).")));
	out = palloc(VARHDRSZ + size);
	SET_VARSIZE(out, VARHDRSZ + size);
	return out;
}

/* palloc in ctx (or the current context) for the core; raises out of memory itself. */
static void *
allocator_alloc(void *ctx, size_t size)
{
	return MemoryContextAllocHuge(ctx ? (MemoryContext) ctx : CurrentMemoryContext, size);
}

/* repalloc for the core; a NULL ptr allocates. */
static void *
allocator_resize(void *ctx, void *ptr, size_t size)
{
	if (ptr == NULL)
		return allocator_alloc(ctx, size);
	return repalloc_huge(ptr, size);
}

/* pfree for the core. */
static void
allocator_release(void *ctx, void *ptr)
{
	pfree(ptr);
}

const DealAllocator deal_palloc_allocator = {
	allocator_alloc, allocator_resize, allocator_release, NULL
};

/* An allocator for the core that pallocs in cxt, whatever the current context is. */
DealAllocator
deal_allocator_in(MemoryContext cxt)
{
	DealAllocator a = deal_palloc_allocator;

	a.ctx = cxt;
	return a;
}

/* The interrupt hook handed to the core: CHECK_FOR_INTERRUPTS, which may not return. */
static void
check_interrupts(void *ctx)
{
	CHECK_FOR_INTERRUPTS();
}

const DealInterrupt deal_interrupt = {check_interrupts, NULL};
