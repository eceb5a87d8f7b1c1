/*
 * oid_reuse.h: whether PostgreSQL's 32-bit OID counter may have handed out an id again.
 *
 * A stored value is known by its TOAST value id, an OID.  Ids are unique only among live
 * values: once a value is deleted and vacuumed away, the counter can give its id to a new
 * value when it comes round again.  A backend that keeps something keyed on an id must
 * therefore notice when the counter may have come round.  It watches two things each time
 * it uses the key: the counter itself (the next OID to be assigned), and the position of
 * the write-ahead log, which only grows.  The counter logs a record of at least
 * OID_REUSE_RECORD_BYTES for every OID_REUSE_PREFETCH ids it assigns, so it cannot go all
 * the way round (2^32 - OID_REUSE_FIRST_NORMAL ids) within less than OID_REUSE_LAP_WAL
 * bytes of log; within that much, an id has recurred only if the counter moved past it.
 */
#ifndef DEAL_OID_REUSE_H
#define DEAL_OID_REUSE_H

#include <stdbool.h>
#include <stdint.h>

/* The counter skips the ids below this when it wraps (FirstNormalObjectId). */
#define OID_REUSE_FIRST_NORMAL 16384u

/* It logs one record per this many ids (VAR_OID_PREFETCH)... */
#define OID_REUSE_PREFETCH 8192u

/* ...of at least this size: a 24-byte header, 2 bytes of data header, the 4-byte id, aligned. */
#define OID_REUSE_RECORD_BYTES 32u

/*
 * Less log than this cannot hold a whole lap of the counter (about 16 MiB); half of the
 * least possible, so that no rounding in the estimate above can matter.
 */
#define OID_REUSE_LAP_WAL \
	((((UINT64_C(1) << 32) - OID_REUSE_FIRST_NORMAL) / OID_REUSE_PREFETCH) * OID_REUSE_RECORD_BYTES / 2)

/* The counter and the log position as one backend saw them at one moment. */
typedef struct OidWatch
{
	uint32_t	counter;		/* the next OID to be assigned */
	uint64_t	wal;			/* the write-ahead log position */
} OidWatch;

/*
 * Could the counter have assigned id again between then and now?  id was assigned before
 * then.  True when the log grew by OID_REUSE_LAP_WAL or more (or went back: a different
 * server), or when the counter moved past id; false only when id cannot have recurred.
 */
extern bool oid_may_have_recurred(uint32_t id, OidWatch then, OidWatch now);

#endif							/* DEAL_OID_REUSE_H */
