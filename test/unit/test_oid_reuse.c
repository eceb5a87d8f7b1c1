/*
 * test_oid_reuse.c: when a TOAST value id may have been handed out again.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include "oid_reuse.h"

#define RING (UINT64_C(4294967296) - OID_REUSE_FIRST_NORMAL)

/* The counter after k assignments from c, as PostgreSQL's GetNewObjectId moves it. */
static uint32_t
counter_after(uint32_t c, uint64_t k)
{
	uint64_t	pos;

	if (k == 0)
		return c;
	if (c < OID_REUSE_FIRST_NORMAL)
		c = OID_REUSE_FIRST_NORMAL;
	/* positions 0 .. RING-1 stand for the ids 16384 .. 2^32-1 */
	pos = ((uint64_t) c - OID_REUSE_FIRST_NORMAL + k) % RING;
	return pos == 0 && k > 0 ? 0 : (uint32_t) (pos + OID_REUSE_FIRST_NORMAL);
}

/* The id assigned by the j-th assignment (0-based) from counter c. */
static uint32_t
assigned(uint32_t c, uint64_t j)
{
	uint32_t	before = counter_after(c, j);

	return before < OID_REUSE_FIRST_NORMAL ? OID_REUSE_FIRST_NORMAL : before;
}

/* A watch. */
static OidWatch
watch(uint32_t counter, uint64_t wal)
{
	OidWatch	w = {counter, wal};

	return w;
}

/* The lap bound is half of the least log a whole lap writes. */
static void
test_lap_bound(void **state)
{
	(void) state;
	assert_int_equal(OID_REUSE_LAP_WAL, (RING / 8192) * 32 / 2);
	assert_true(OID_REUSE_LAP_WAL > 8 * 1000 * 1000);
	assert_true(OID_REUSE_LAP_WAL < 8 * 1024 * 1024);
}

/* Nothing happened: nothing recurred. */
static void
test_no_change(void **state)
{
	uint32_t	ids[] = {0, 1, 16383, 16384, 20000, 0x7fffffffu, 0xfffffffeu, 0xffffffffu};

	(void) state;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_false(oid_may_have_recurred(ids[i], watch(20000, 100), watch(20000, 100)));
}

/* Without a wrap: exactly the ids from the old counter up to the new one have recurred. */
static void
test_moved_forward(void **state)
{
	OidWatch	then = watch(20000, 1000);
	OidWatch	now = watch(20100, 2000);

	(void) state;
	assert_false(oid_may_have_recurred(19999, then, now));
	assert_true(oid_may_have_recurred(20000, then, now));
	assert_true(oid_may_have_recurred(20099, then, now));
	assert_false(oid_may_have_recurred(20100, then, now));
	assert_false(oid_may_have_recurred(17000, then, now));
}

/* Across the wrap: the ids above the old counter and below the new one have recurred. */
static void
test_wrapped(void **state)
{
	OidWatch	then = watch(0xffffff00u, 0);
	OidWatch	now = watch(17000, 5000);

	(void) state;
	assert_true(oid_may_have_recurred(0xffffff00u, then, now));
	assert_true(oid_may_have_recurred(0xffffffffu, then, now));
	assert_true(oid_may_have_recurred(16384, then, now));
	assert_true(oid_may_have_recurred(16999, then, now));
	assert_false(oid_may_have_recurred(17000, then, now));
	assert_false(oid_may_have_recurred(0x80000000u, then, now));
	assert_false(oid_may_have_recurred(0xfffffeffu, then, now));
}

/* A lap's worth of log, or a log that went back, means anything may have recurred. */
static void
test_log_grew(void **state)
{
	OidWatch	then = watch(20000, 1000);

	(void) state;
	assert_false(oid_may_have_recurred(19000, then, watch(20000, 1000 + OID_REUSE_LAP_WAL - 1)));
	assert_true(oid_may_have_recurred(19000, then, watch(20000, 1000 + OID_REUSE_LAP_WAL)));
	assert_true(oid_may_have_recurred(19000, then, watch(20000, UINT64_MAX)));
	assert_true(oid_may_have_recurred(19000, then, watch(20000, 999)));
}

/*
 * Against a model of the counter: after k assignments (fewer than a lap), every id among
 * them has recurred and no other id has.
 */
static void
test_against_model(void **state)
{
	(void) state;
	srand(8);
	for (int round = 0; round < 20000; round++)
	{
		uint32_t	start = (uint32_t) (((uint64_t) rand() << 17) ^ (uint64_t) rand());
		uint64_t	k = round % 4 == 0 ? (uint64_t) rand() % 100 : ((uint64_t) rand() << 2) % RING;
		OidWatch	then = watch(start, 0);
		OidWatch	now = watch(counter_after(start, k), 1);
		uint64_t	j = k == 0 ? 0 : (uint64_t) rand() % k;
		uint64_t	later = k + (uint64_t) rand() % (RING - k);

		if (k > 0)
			assert_true(oid_may_have_recurred(assigned(start, j), then, now));
		if (later < RING && start >= OID_REUSE_FIRST_NORMAL)
			assert_false(oid_may_have_recurred(assigned(start, later), then, now));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lap_bound),
		cmocka_unit_test(test_no_change),
		cmocka_unit_test(test_moved_forward),
		cmocka_unit_test(test_wrapped),
		cmocka_unit_test(test_log_grew),
		cmocka_unit_test(test_against_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
