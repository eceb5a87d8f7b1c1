/*
 * deal.h: what every glue file shares: the status mapper and the palloc allocator.
 */
#ifndef DEAL_GLUE_H
#define DEAL_GLUE_H

#include "postgres.h"

#include "core/alloc.h"
#include "core/status.h"

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

/* An allocator for the core that pallocs in CurrentMemoryContext at the time of each call. */
extern const DealAllocator deal_palloc_allocator;

#endif							/* DEAL_GLUE_H */
