/*
 * test_byteorder.c: serialised states are little-endian whatever the machine.
 *
 * Known bytes for each width, the byte-at-a-time path (what a big-endian machine runs)
 * against the copy this machine runs, and the states' serialised forms byte for byte.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "test_alloc.h"
#include "auc.h"
#include "byteorder.h"
#include "peak.h"
#include "profile_acc.h"

/* Each width's bytes, least significant first, and read back. */
static void
test_known_bytes(void **state)
{
	const uint16_t v16 = 0x0102;
	const uint32_t v32 = 0x01020304;
	const uint64_t v64 = 0x0102030405060708ULL;
	const double one = 1.0;
	const int32_t minus_two = -2;
	unsigned char out[8];
	uint64_t	back64 = 0;
	double		back = 0;
	int32_t		back32 = 0;

	(void) state;
	deal_le_write(out, &v16, 2, 1);
	assert_memory_equal(out, "\x02\x01", 2);
	deal_le_write(out, &v32, 4, 1);
	assert_memory_equal(out, "\x04\x03\x02\x01", 4);
	deal_le_write(out, &v64, 8, 1);
	assert_memory_equal(out, "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
	deal_le_read(&back64, out, 8, 1);
	assert_true(back64 == v64);
	deal_le_write(out, &one, 8, 1);
	assert_memory_equal(out, "\x00\x00\x00\x00\x00\x00\xF0\x3F", 8);
	deal_le_read(&back, out, 8, 1);
	assert_true(back == 1.0);
	deal_le_write(out, &minus_two, 4, 1);
	assert_memory_equal(out, "\xFE\xFF\xFF\xFF", 4);
	deal_le_read(&back32, out, 4, 1);
	assert_int_equal(back32, -2);
}

/* The byte-at-a-time path writes and reads what the machine's path does, at every width. */
static void
test_bytewise_agrees(void **state)
{
	unsigned char src[8 * 37];
	unsigned char fast[sizeof(src)];
	unsigned char slow[sizeof(src)];
	unsigned char back[sizeof(src)];
	uint64_t	seed = 0x9E3779B97F4A7C15ULL;

	(void) state;
	for (size_t i = 0; i < sizeof(src); i++)
	{
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		src[i] = (unsigned char) (seed >> 56);
	}
	for (size_t width = 1; width <= 8; width *= 2)
	{
		size_t		n = sizeof(src) / width;

		deal_le_write(fast, src, width, n);
		deal_le_write_bytewise(slow, src, width, n);
		assert_memory_equal(fast, slow, n * width);
		deal_le_read_bytewise(back, slow, width, n);
		assert_memory_equal(back, src, n * width);
		deal_le_read(back, fast, width, n);
		assert_memory_equal(back, src, n * width);
	}
}

/* A deal.auc_state: the counts, then each class's scores, every number little-endian; read back. */
static void
test_auc_state_bytes(void **state)
{
	AucScores	s;
	DealStatus	st;
	char		out[2 * 8 + 2 * 8];

	(void) state;
	auc_init(&s, &test_allocator);
	assert_int_equal(auc_add(&s, 1.0, false, &st), DEAL_OK);
	assert_int_equal(auc_add(&s, -2.0, true, &st), DEAL_OK);
	assert_int_equal(auc_serial_size(&s), sizeof(out));
	auc_serialize(&s, out);
	assert_memory_equal(out,
						"\x01\0\0\0\0\0\0\0" "\x01\0\0\0\0\0\0\0"
						"\0\0\0\0\0\0\xF0\x3F" "\0\0\0\0\0\0\0\xC0", sizeof(out));
	auc_free(&s);
	auc_init(&s, &test_allocator);
	assert_int_equal(auc_deserialize(&s, out, sizeof(out), &st), DEAL_OK);
	assert_true(s.n[0] == 1 && s.n[1] == 1 && s.score[0][0] == 1.0 && s.score[1][0] == -2.0);
	auc_free(&s);
}

/* A deal.peak_events_state: months, days, microseconds, the count, then the times; read back. */
static void
test_peak_state_bytes(void **state)
{
	PeakWindow	w = {.micros = 1, .days = 365, .months = 0};
	int64_t		ts[1] = {-1};
	unsigned char out[PEAK_STATE_HEADER + 8];
	PeakWindow	back;
	size_t		n;
	int64_t		back_ts[1];
	DealStatus	st;

	(void) state;
	assert_int_equal(peak_state_size(1), sizeof(out));
	peak_state_write(&w, ts, 1, out);
	assert_memory_equal(out,
						"\0\0\0\0" "\x6D\x01\0\0" "\x01\0\0\0\0\0\0\0" "\x01\0\0\0\0\0\0\0"
						"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", sizeof(out));
	assert_int_equal(peak_state_read_header(out, sizeof(out), &back, &n, &st), DEAL_OK);
	assert_true(n == 1 && peak_window_equal(&back, &w));
	assert_int_equal(peak_state_read_times(out, n, back_ts, &st), DEAL_OK);
	assert_true(back_ts[0] == -1);
}

/* A deal.profile_sum of one label: kind, count, label, the sum's sizes and its partial; read back. */
static void
test_profile_sum_bytes(void **state)
{
	ProfileAcc	acc;
	ProfileAcc	back;
	DealStatus	st;
	char		out[64];
	char		again[64];

	(void) state;
	profile_acc_init(&acc, PROFILE_ACC_SUM, &test_allocator);
	assert_int_equal(profile_acc_add(&acc, "ab", 2, 2.0, &st), DEAL_OK);
	assert_int_equal(profile_acc_serial_size(&acc), 1 + 4 + 1 + 2 + 4 + 8);
	profile_acc_serialize(&acc, out);
	assert_memory_equal(out,
						"\x01" "\x01\0\0\0" "\x02" "ab" "\x01\0" "\0\0"
						"\0\0\0\0\0\0\0\x40", 1 + 4 + 1 + 2 + 4 + 8);
	profile_acc_free(&acc);
	profile_acc_init(&back, PROFILE_ACC_SUM, &test_allocator);
	assert_int_equal(profile_acc_deserialize(&back, out, 1 + 4 + 1 + 2 + 4 + 8, &st), DEAL_OK);
	profile_acc_serialize(&back, again);
	assert_memory_equal(again, out, 1 + 4 + 1 + 2 + 4 + 8);
	profile_acc_free(&back);
}

/* Run the byte order tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_bytes),
		cmocka_unit_test(test_bytewise_agrees),
		cmocka_unit_test(test_auc_state_bytes),
		cmocka_unit_test(test_peak_state_bytes),
		cmocka_unit_test(test_profile_sum_bytes),
	};

	return cmocka_run_group_tests_name("byte order", tests, NULL, NULL);
}
