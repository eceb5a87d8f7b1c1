/*
 * test_nhs.c: NHS number parsing, validation and formatting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "nhs.h"

/* Parse text and expect success with value. */
static void
expect_valid(const char *text, int64_t value)
{
	DealStatus	st;
	int64_t		got = -1;

	assert_int_equal(nhs_parse(text, &got, &st), DEAL_OK);
	assert_int_equal(st.code, DEAL_OK);
	assert_true(got == value);
}

/* Parse text and expect DEAL_BAD_TEXT at position with a detail containing phrase. */
static void
expect_invalid(const char *text, int position, const char *phrase)
{
	DealStatus	st;
	int64_t		got = 42;

	assert_int_equal(nhs_parse(text, &got, &st), DEAL_BAD_TEXT);
	assert_int_equal(st.code, DEAL_BAD_TEXT);
	assert_int_equal(st.position, position);
	assert_non_null(strstr(st.detail, phrase));
	assert_true(got == 42);
}

/* The vectors of DOMAIN.md. */
static void
test_domain_vectors(void **state)
{
	(void) state;
	expect_valid("9434765919", INT64_C(9434765919));
	expect_valid("4010232137", INT64_C(4010232137));
	expect_valid("6541003238", INT64_C(6541003238));
	expect_invalid("9434765918", -1, "Check digit is 8, but the first nine digits require 9.");
	for (int last = 0; last <= 9; last++)
	{
		char		text[24];

		snprintf(text, sizeof(text), "123456789%d", last);
		expect_invalid(text, -1, "No NHS number can start with 123456789");
	}
}

/* The check digit computation itself: weights 10..2, 11 becomes 0, 10 is impossible. */
static void
test_check_digit(void **state)
{
	int			d1[9] = {9, 4, 3, 4, 7, 6, 5, 9, 1};
	int			d2[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	int			zero[9] = {0};
	int			eleven[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};

	(void) state;
	assert_int_equal(nhs_check_digit(d1), 9);
	assert_int_equal(nhs_check_digit(d2), 10);
	assert_int_equal(nhs_check_digit(zero), 0);
	eleven[1] = 1;				/* weight 9 */
	eleven[8] = 1;				/* weight 2: sum 11, remainder 0, check 11 -> 0 */
	assert_int_equal(nhs_check_digit(eleven), 0);
}

/* Spaces and hyphens between digits, blanks around the number. */
static void
test_separators(void **state)
{
	(void) state;
	expect_valid("943 476 5919", INT64_C(9434765919));
	expect_valid("943-476-5919", INT64_C(9434765919));
	expect_valid("  943 476-5919\t\n", INT64_C(9434765919));
	expect_valid("9 4 3 4 7 6 5 9 1 9", INT64_C(9434765919));
	expect_invalid("943  476 5919", 3, "Misplaced separator");
	expect_invalid("943 -476 5919", 3, "Misplaced separator");
	expect_invalid("-9434765919", 0, "Misplaced separator");
	expect_invalid("9434765919-", 10, "Misplaced separator");
	expect_invalid(" 943 476 5919 -", 13, "Misplaced separator");
}

/* Wrong lengths and wrong characters. */
static void
test_malformed(void **state)
{
	(void) state;
	expect_invalid("", -1, "An NHS number has 10 digits, found 0.");
	expect_invalid("   ", -1, "found 0");
	expect_invalid("943476591", -1, "found 9");
	expect_invalid("94347659190", -1, "found 11");
	expect_invalid("943 476 59190000000000000000000", -1, "found 29");
	expect_invalid("943x765919", 3, "Unexpected character \"x\" at character 4");
	expect_invalid("943.476.5919", 3, "Unexpected character \".\"");
	expect_invalid("+9434765919", 0, "Unexpected character \"+\"");
	expect_invalid("\xc2\xa0" "9434765919", 0, "Unexpected byte 0xC2 at character 1");
	expect_invalid("943\t476\t5919", 3, "Unexpected byte 0x09 at character 4");
}

/* Integers: range, check digit, the failure code passed in. */
static void
test_validate(void **state)
{
	DealStatus	st;

	(void) state;
	assert_int_equal(nhs_validate(INT64_C(9434765919), DEAL_BAD_ARGUMENT, &st), DEAL_OK);
	assert_int_equal(nhs_validate(0, DEAL_BAD_ARGUMENT, &st), DEAL_OK);
	assert_int_equal(nhs_validate(INT64_C(9434765918), DEAL_BAD_ARGUMENT, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "require 9"));
	assert_int_equal(nhs_validate(-1, DEAL_BAD_BINARY, &st), DEAL_BAD_BINARY);
	assert_non_null(strstr(st.detail, "between 0 and 9999999999, got -1"));
	assert_int_equal(nhs_validate(INT64_C(10000000000), DEAL_BAD_BINARY, &st), DEAL_BAD_BINARY);
	assert_int_equal(nhs_validate(INT64_MIN, DEAL_BAD_BINARY, &st), DEAL_BAD_BINARY);
	assert_int_equal(nhs_validate(INT64_MAX, DEAL_BAD_BINARY, &st), DEAL_BAD_BINARY);
}

/* Output is 3-3-4 with leading zeros kept; the bare digits are ten wide. */
static void
test_format(void **state)
{
	char		buf[NHS_FORMAT_SIZE];
	char		digits[11];

	(void) state;
	nhs_format(INT64_C(9434765919), buf);
	assert_string_equal(buf, "943 476 5919");
	nhs_format(INT64_C(10232137), buf);
	assert_string_equal(buf, "001 023 2137");
	nhs_format(0, buf);
	assert_string_equal(buf, "000 000 0000");
	nhs_digits(INT64_C(10232137), digits);
	assert_string_equal(digits, "0010232137");
}

/* Every valid number formats and parses back to itself; every other check digit fails. */
static void
test_round_trip_random(void **state)
{
	uint64_t	seed = 88172645463325252ULL;

	(void) state;
	for (int n = 0; n < 20000; n++)
	{
		int			stem[9];
		int			check;
		int64_t		base = 0;

		for (int i = 0; i < 9; i++)
		{
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			stem[i] = (int) (seed % 10);
			base = base * 10 + stem[i];
		}
		check = nhs_check_digit(stem);
		for (int last = 0; last <= 9; last++)
		{
			DealStatus	st;
			int64_t		value = base * 10 + last;
			DealCode	code = nhs_validate(value, DEAL_BAD_ARGUMENT, &st);

			if (last == check)
			{
				char		text[NHS_FORMAT_SIZE];
				int64_t		back = -1;

				assert_int_equal(code, DEAL_OK);
				nhs_format(value, text);
				assert_int_equal(nhs_parse(text, &back, &st), DEAL_OK);
				assert_true(back == value);
			}
			else
				assert_int_equal(code, DEAL_BAD_ARGUMENT);
		}
	}
}

/* Placeholders: ten equal digits (all of which pass the check) and the 999 test range. */
static void
test_placeholder(void **state)
{
	DealStatus	st;

	(void) state;
	for (int d = 0; d <= 9; d++)
	{
		int64_t		v = INT64_C(1111111111) * d;

		assert_int_equal(nhs_validate(v, DEAL_BAD_ARGUMENT, &st), DEAL_OK);
		assert_true(nhs_is_placeholder(v));
	}
	assert_true(nhs_is_placeholder(INT64_C(9990000000)));
	assert_true(nhs_is_placeholder(INT64_C(9999999999)));
	assert_false(nhs_is_placeholder(INT64_C(9989999999)));
	assert_false(nhs_is_placeholder(INT64_C(9434765919)));
	assert_false(nhs_is_placeholder(INT64_C(1111111112)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_domain_vectors),
		cmocka_unit_test(test_check_digit),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip_random),
		cmocka_unit_test(test_placeholder),
	};

	return cmocka_run_group_tests_name("nhs", tests, NULL, NULL);
}
