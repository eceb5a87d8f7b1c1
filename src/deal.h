/*
 * deal.h: what every glue file shares: the status mapper and the palloc allocator.
 */
#ifndef DEAL_GLUE_H
#define DEAL_GLUE_H

#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"

#include "core/alloc.h"
#include "core/interrupt.h"
#include "core/status.h"
#include "core/text.h"

/*
 * Raise the error st describes, with the SQLSTATE its code maps to.  subject names what was
 * being read: a type for text and binary input ("nhs_number"), an argument otherwise
 * ("pseudonymisation key"); input, if not NULL, is the offending text input.
 */
extern void deal_raise(const DealStatus *st, const char *subject, const char *input) pg_attribute_noreturn();

/* Raise st's error if it is one. */
static inline void
deal_check(DealCode code, const DealStatus *st, const char *subject, const char *input)
{
	if (code != DEAL_OK)
		deal_raise(st, subject, input);
}

/*
 * The text an output function wrote into out, when ok; otherwise its failure raised, naming
 * what was written and type_name: 54000 past the most one value holds, 53200 out of memory.
 */
extern char *deal_text_result(bool ok, const DealText *out, const char *what, const char *type_name);

/* Raise 22P03, invalid binary input for type type_name, with detail. */
extern void deal_bad_binary(const char *type_name, const char *detail) pg_attribute_noreturn();

/*
 * Read a count from binary input of items of at least unit bytes each; 22P03 (naming
 * type_name) if the count is missing, negative or more than the bytes that follow can hold.
 */
extern int32 deal_recv_count(StringInfo buf, int unit, const char *type_name);

/* 22P03 (naming type_name) unless binary input has been read to its end; last names what ends it. */
extern void deal_recv_end(StringInfo buf, const char *last, const char *type_name);

/* Read the 8-byte body of a by-value type's binary input; 22P03 unless exactly 8 bytes remain. */
extern int64 deal_recv_int64(StringInfo buf, const char *type_name);

/*
 * Read a NUL-terminated label from binary input, check it and fold it; 22P03 (naming
 * type_name) unless it is a label followed by at least min_after more bytes.
 */
extern char *deal_recv_label(StringInfo buf, uint32 *len, size_t min_after, const char *type_name);

/* The aggregate memory context of a support function's call; an error naming aggregate outside one. */
extern MemoryContext deal_aggregate_context(FunctionCallInfo fcinfo, const char *aggregate);

/*
 * A bytea of size bytes (its data for the caller to fill entirely) for an aggregate's
 * serialised state; 54000, naming aggregate, if it cannot pass between parallel workers.
 */
extern bytea *deal_state_bytea(size_t size, const char *aggregate);

/*
 * Start a set-returning function's rows: a tuplestore of the row type the caller expects.
 * InitMaterializedSRF would otherwise work the row type out from the catalogs and leave a
 * few hundred bytes in the query's memory at every call, which piles up when the function
 * is called once per row (deal.each(p) in a select list).
 */
static inline void
deal_srf_begin(FunctionCallInfo fcinfo)
{
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
}

/* An allocator for the core that pallocs in CurrentMemoryContext at the time of each call. */
extern const DealAllocator deal_palloc_allocator;

/* An allocator for the core that pallocs in cxt, whatever the current context is. */
extern DealAllocator deal_allocator_in(MemoryContext cxt);

/* The interrupt hook handed to the core: CHECK_FOR_INTERRUPTS, which may not return. */
extern const DealInterrupt deal_interrupt;

/*
 * Decode a detoasted value into an object allocated in cxt (and nothing outside it), raising
 * any error; the object may later allocate more in cxt.
 */
typedef void *(*DealDecode) (struct varlena *value, MemoryContext cxt);

/* Define deal.cache_size (called from _PG_init). */
extern void deal_define_cache_settings(void);

/*
 * Open datum through decode: a stored (TOASTed) value is decoded once per backend and cached
 * (stored_cache.c); any other is decoded in the current context.  What it returns stays valid
 * until the next call: opening another value may evict it, so a function that reads two
 * stored values at once must copy what it needs from the first.
 */
extern void *deal_open_stored(Datum datum, DealDecode decode);

#endif							/* DEAL_GLUE_H */
