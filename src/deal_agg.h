/*
 * deal_agg.h: aggregate states that are real SQL values, expanded in memory (agg_state.c).
 *
 * Citus splits an aggregate between workers and coordinator only when its state is a real
 * SQL type, which it ships through the type's text form; parallel query ships it as a value
 * too.  Each such deal aggregate keeps, while rows arrive, an expanded object
 * (utils/expandeddatum.h): a C state that rows are added to in place, so no row flattens and
 * re-reads the value.  The flat value (a deal.graph, a deal.profile, a serialised state) is
 * written only when something asks for it, and kept until the state next changes.  The
 * combine step adds a partial value (flat, from a worker) to a state.
 */
#ifndef DEAL_AGG_H
#define DEAL_AGG_H

#include "deal.h"

#include "fmgr.h"
#include "utils/expandeddatum.h"

typedef struct DealAggState DealAggState;

/* What one aggregate's state does. */
typedef struct DealAggMethods
{
	const char *aggregate;		/* its SQL name, for messages */
	size_t		size;			/* of its state struct, which starts with a DealAggState */
	void		(*init) (DealAggState *s);	/* make an empty state (s->alloc is ready) */
	struct varlena *(*flatten) (DealAggState *s);	/* the flat value, in the current context */
	void		(*add) (DealAggState *s, Datum value);	/* add a flat value: a partial result */
	void		(*merge) (DealAggState *s, DealAggState *other);	/* add another state of ours */
} DealAggMethods;

/* The head of every state. */
struct DealAggState
{
	ExpandedObjectHeader hdr;
	const DealAggMethods *m;
	DealAllocator alloc;		/* pallocs in the state's memory context */
	struct varlena *flat;		/* the flat value once asked for; NULL after a change */
};

/*
 * The state argument 0 of a transition or combine function, to change in place: a
 * read-write state of ours as it is; NULL starts an empty one; a flat value (as a combine
 * step may first be handed) is added to a new one.  Raises 0A000 outside an aggregate.
 */
extern DealAggState *deal_agg_state(FunctionCallInfo fcinfo, const DealAggMethods *m);

/* The combine step: add argument 1 (a partial value, or a state of ours) to argument 0. */
extern Datum deal_agg_combine(FunctionCallInfo fcinfo, const DealAggMethods *m);

/* A state argument of a final function, or NULL when it is a flat value (or NULL). */
extern DealAggState *deal_agg_final_state(FunctionCallInfo fcinfo, const DealAggMethods *m);

/* A state's flat value, written on the first call after a change, owned by the state. */
extern struct varlena *deal_agg_flat(DealAggState *s);

/* A final function whose result is the state's flat value: a copy of it (NULL for none). */
extern Datum deal_agg_final_flat(FunctionCallInfo fcinfo, const DealAggMethods *m);

/* Return a state as the new transition value. */
#define DEAL_AGG_RETURN(s) PG_RETURN_DATUM(EOHPGetRWDatum(&(s)->hdr))

#endif							/* DEAL_AGG_H */
