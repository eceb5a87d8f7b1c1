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
 *
 * A grouped aggregate has one state per group, so the state's head is kept small: the
 * expanded-object header, whose methods pointer is the aggregate's DealAggMethods, and the
 * cached flat value.  A state that needs a DealAllocator for the core keeps one of its own.
 */
#ifndef DEAL_AGG_H
#define DEAL_AGG_H

#include "deal.h"

#include "fmgr.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"

typedef struct DealAggState DealAggState;

/* What one aggregate's state does. */
typedef struct DealAggMethods
{
	ExpandedObjectMethods expanded; /* first: a state's header points here (DEAL_AGG_EXPANDED) */
	const char *aggregate;		/* its SQL name, for messages */
	size_t		size;			/* of its state struct, which starts with a DealAggState */
	void		(*init) (DealAggState *s);	/* make an empty state, in DEAL_AGG_CONTEXT(s) */
	struct varlena *(*flatten) (DealAggState *s);	/* the flat value, in the current context */
	void		(*add) (DealAggState *s, Datum value);	/* add a flat value: a partial result */
	void		(*merge) (DealAggState *s, DealAggState *other);	/* add another state of ours */
} DealAggMethods;

/* The head of every state. */
struct DealAggState
{
	ExpandedObjectHeader hdr;	/* hdr.eoh_methods is the aggregate's DealAggMethods */
	struct varlena *flat;		/* the flat value once asked for; NULL after a change */
};

/* Expanded-object methods shared by every state: the first member of a DealAggMethods. */
extern Size deal_agg_flat_size(ExpandedObjectHeader *eohptr);
extern void deal_agg_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

#define DEAL_AGG_EXPANDED {deal_agg_flat_size, deal_agg_flatten_into}

/* The memory context a state allocates in: the one holding its head (see agg_state.c). */
#define DEAL_AGG_CONTEXT(s) GetMemoryChunkContext(s)

/* The methods of a state. */
#define DEAL_AGG_METHODS(s) ((const DealAggMethods *) (s)->hdr.eoh_methods)

/* The state of m that a datum points to read-write, or NULL: what a transition is handed back. */
static inline DealAggState *
deal_agg_rw_state(Datum datum, const DealAggMethods *m)
{
	varatt_expanded ptr;

	if (!VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(datum)))
		return NULL;
	memcpy(&ptr, VARDATA_EXTERNAL(DatumGetPointer(datum)), sizeof(ptr));	/* DatumGetEOHP */
	return ptr.eohptr->eoh_methods == &m->expanded ? (DealAggState *) ptr.eohptr : NULL;
}

/* The first row of a group (or a flat value as the state): deal_agg_state's slow path. */
extern DealAggState *deal_agg_new_state(FunctionCallInfo fcinfo, const DealAggMethods *m);

/* Forget a state's flat value: it is about to change. */
extern void deal_agg_forget_flat(DealAggState *s);

/*
 * The state argument 0 of a transition or combine function, to change in place: a
 * read-write state of ours as it is (the path every row after a group's first takes, so it
 * is inline and asks nothing of the executor: only an aggregate is ever handed a read-write
 * state of ours, since deal_agg_new_state makes them only there); NULL starts an empty one;
 * a flat value (as a combine step may first be handed) is added to a new one.  Raises 0A000
 * outside an aggregate.
 */
static inline DealAggState *
deal_agg_state(FunctionCallInfo fcinfo, const DealAggMethods *m)
{
	DealAggState *s = PG_ARGISNULL(0) ? NULL : deal_agg_rw_state(PG_GETARG_DATUM(0), m);

	if (s == NULL)
		return deal_agg_new_state(fcinfo, m);
	if (s->flat != NULL)
		deal_agg_forget_flat(s);
	return s;
}

/* The combine step: add argument 1 (a partial value, or a state of ours) to argument 0. */
extern Datum deal_agg_combine(FunctionCallInfo fcinfo, const DealAggMethods *m);

/*
 * The state argument 0 (not NULL) of a final function: a state of ours as it is, or, for a
 * flat value (the only partial a combine step saw), a temporary state made from it in the
 * current memory context.
 */
extern DealAggState *deal_agg_final_state(FunctionCallInfo fcinfo, const DealAggMethods *m);

/* A state's flat value, written on the first call after a change, owned by the state. */
extern struct varlena *deal_agg_flat(DealAggState *s);

/* A final function whose result is the state's flat value: a copy of it (NULL for none). */
extern Datum deal_agg_final_flat(FunctionCallInfo fcinfo, const DealAggMethods *m);

/* Return a state as the new transition value. */
#define DEAL_AGG_RETURN(s) PG_RETURN_DATUM(EOHPGetRWDatum(&(s)->hdr))

#endif							/* DEAL_AGG_H */
