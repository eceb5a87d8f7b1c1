/*
 * oid_reuse.c: whether PostgreSQL's 32-bit OID counter may have handed out an id again.
 */
#include "oid_reuse.h"

/* Could the counter have assigned id again between then and now? */
bool
oid_may_have_recurred(uint32_t id, OidWatch then, OidWatch now)
{
	if (now.wal < then.wal || now.wal - then.wal >= OID_REUSE_LAP_WAL)
		return true;

	/*
	 * Less than a lap: the ids assigned in between are those from then.counter up to, not
	 * including, now.counter, going round past 2^32 - 1 when now.counter is the smaller.
	 */
	if (then.counter <= now.counter)
		return id >= then.counter && id < now.counter;
	return id >= then.counter || id < now.counter;
}
