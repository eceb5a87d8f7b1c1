/*
 * stored_cache.c: the backend-local cache of decoded stored values (graphs, asset indexes).
 *
 * A stored value reaches a function as a TOAST pointer.  TOASTed values never change (an
 * update writes a new value under a new id), so what a value decodes to can be kept per
 * backend keyed by that pointer: repeated per-person queries on one stored value then skip
 * fetching, decompressing and indexing it.  Each decoded value lives in a memory context of
 * its own, which may grow afterwards (a graph keeps the adjacency lists it builds); the cache
 * is bounded by deal.cache_size (megabytes; 0 turns it off), evicting the least recently used
 * when a new value comes in; a value larger than the whole bound is not cached.
 *
 * A TOAST pointer names a value only while it lives: after the value is deleted and
 * vacuumed away, the 32-bit OID counter may give its id to a new value when it comes round
 * again.  So each use of a cached value first checks, by the rule in core/oid_reuse.h, that
 * its id cannot have been handed out since the last use: the OID counter has not passed
 * the id, and the write-ahead log has grown by less than a lap of the counter could write
 * (8 MiB).  Otherwise the value is decoded afresh.
 */
#include "deal.h"

#include <limits.h>

#include "access/detoast.h"
#include "access/transam.h"
#include "access/xlog.h"
#include "access/xlogrecovery.h"
#include "storage/lwlock.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "core/oid_reuse.h"

#define CACHE_SLOTS 8

static int	cache_mb = 256;

/* One cached value. */
typedef struct CacheEntry
{
	DealDecode	decode;			/* what it was decoded by: the value's type */
	Oid			toastrelid;
	Oid			valueid;
	int32		rawsize;
	uint32		extsize;
	MemoryContext cxt;			/* NULL: slot unused */
	void	   *decoded;
	uint64		last_used;
	OidWatch	seen;			/* the OID counter and the log when last used */
} CacheEntry;

static CacheEntry cache[CACHE_SLOTS];
static uint64 cache_clock;

/* Define deal.cache_size (called from _PG_init). */
void
deal_define_cache_settings(void)
{
	DefineCustomIntVariable("deal.cache_size",
							"Memory each backend may keep decoded stored graphs and asset indexes in.",
							"Repeated queries on one stored deal.graph or deal.asset_index value reuse it; 0 turns the cache off.",
							&cache_mb, 256, 0, INT_MAX / 1024,
							PGC_USERSET, GUC_UNIT_MB, NULL, NULL, NULL);
}

/* The OID counter and the write-ahead log position now (replayed, on a standby). */
static OidWatch
watch_oids(void)
{
	OidWatch	now;

	LWLockAcquire(OidGenLock, LW_SHARED);
	now.counter = ShmemVariableCache->nextOid;
	LWLockRelease(OidGenLock);
	now.wal = RecoveryInProgress() ? GetXLogReplayRecPtr(NULL) : GetXLogInsertRecPtr();
	return now;
}

/* Drop cache slot e. */
static void
evict(CacheEntry *e)
{
	MemoryContextDelete(e->cxt);
	memset(e, 0, sizeof(*e));
}

/* Evict least recently used values until adding need bytes keeps within the limit. */
static void
make_room(Size need)
{
	Size		limit = (Size) cache_mb * 1024 * 1024;

	for (;;)
	{
		Size		used = need;
		CacheEntry *oldest = NULL;

		for (int i = 0; i < CACHE_SLOTS; i++)
			if (cache[i].cxt != NULL)
			{
				used += MemoryContextMemAllocated(cache[i].cxt, true);
				if (oldest == NULL || cache[i].last_used < oldest->last_used)
					oldest = &cache[i];
			}
		if (used <= limit || oldest == NULL)
			return;
		evict(oldest);
	}
}

/* Detoast datum into cxt and decode it there. */
static void *
decode_in(Datum datum, DealDecode decode, MemoryContext cxt)
{
	MemoryContext old = MemoryContextSwitchTo(cxt);
	struct varlena *value = (struct varlena *) PG_DETOAST_DATUM(datum);

	MemoryContextSwitchTo(old);
	return decode(value, cxt);
}

/* A free slot, or NULL. */
static CacheEntry *
free_slot(void)
{
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].cxt == NULL)
			return &cache[i];
	return NULL;
}

/*
 * Open datum through decode: a stored (TOASTed) value is decoded once per backend and kept
 * in a context of its own; any other is decoded in the current context.
 */
void *
deal_open_stored(Datum datum, DealDecode decode)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(datum);
	struct varatt_external ptr;
	CacheEntry *slot;
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext cxt;
	void	   *decoded;
	OidWatch	now;

	if (!VARATT_IS_EXTERNAL_ONDISK(raw) || cache_mb == 0)
		return decode_in(datum, decode, CurrentMemoryContext);

	VARATT_EXTERNAL_GET_POINTER(ptr, raw);
	now = watch_oids();
	for (int i = 0; i < CACHE_SLOTS; i++)
	{
		CacheEntry *e = &cache[i];

		if (e->cxt != NULL && e->decode == decode && e->toastrelid == ptr.va_toastrelid &&
			e->valueid == ptr.va_valueid && e->rawsize == ptr.va_rawsize &&
			e->extsize == VARATT_EXTERNAL_GET_EXTSIZE(ptr))
		{
			if (oid_may_have_recurred(e->valueid, e->seen, now))
			{
				/* the id may name another value now: decode it afresh */
				evict(e);
				break;
			}
			e->seen = now;
			e->last_used = ++cache_clock;
			return e->decoded;
		}
	}

	/* a value larger than the whole cache is decoded for this call alone */
	if ((Size) ptr.va_rawsize > (Size) cache_mb * 1024 * 1024)
		return decode_in(datum, decode, CurrentMemoryContext);

	/* make room, then decode into a context of its own */
	make_room((Size) ptr.va_rawsize);
	slot = free_slot();
	if (slot == NULL)
	{
		slot = &cache[0];
		for (int i = 1; i < CACHE_SLOTS; i++)
			if (cache[i].last_used < slot->last_used)
				slot = &cache[i];
		evict(slot);
	}
	cxt = AllocSetContextCreate(TopMemoryContext, "deal stored value cache", ALLOCSET_DEFAULT_SIZES);
	PG_TRY();
	{
		decoded = decode_in(datum, decode, cxt);
	}
	PG_CATCH();
	{
		/* the error may have left cxt current */
		MemoryContextSwitchTo(caller);
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();
	slot->decode = decode;
	slot->toastrelid = ptr.va_toastrelid;
	slot->valueid = ptr.va_valueid;
	slot->rawsize = ptr.va_rawsize;
	slot->extsize = VARATT_EXTERNAL_GET_EXTSIZE(ptr);
	slot->cxt = cxt;
	slot->decoded = decoded;
	slot->last_used = ++cache_clock;
	slot->seen = now;
	return decoded;
}
