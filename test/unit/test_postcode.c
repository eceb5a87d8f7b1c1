/*
 * test_postcode.c: postcode parsing, letter rules, encoding order and formatting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "postcode.h"

/* Parse text, expect success, and return the code; canonical is its normal form. */
static int64_t
expect_valid(const char *text, const char *canonical)
{
	DealStatus	st;
	int64_t		code = 0;
	char		buf[POSTCODE_FORMAT_SIZE];

	assert_int_equal(postcode_parse(text, &code, &st), DEAL_OK);
	assert_int_equal(st.code, DEAL_OK);
	postcode_format(code, POSTCODE_FULL, buf);
	assert_string_equal(buf, canonical);
	assert_int_equal(postcode_validate(code, DEAL_BAD_BINARY, &st), DEAL_OK);
	return code;
}

/* Parse text and expect DEAL_BAD_TEXT at position with a detail containing phrase. */
static void
expect_invalid(const char *text, int position, const char *phrase)
{
	DealStatus	st;
	int64_t		code = 42;

	assert_int_equal(postcode_parse(text, &code, &st), DEAL_BAD_TEXT);
	assert_int_equal(st.position, position);
	if (strstr(st.detail, phrase) == NULL)
		fail_msg("detail \"%s\" lacks \"%s\"", st.detail, phrase);
	assert_true(code == 42);
}

/* Every shape of DOMAIN.md, and normalisation of case and spacing. */
static void
test_shapes(void **state)
{
	(void) state;
	expect_valid("M1 1AE", "M1 1AE");	/* A9 9AA */
	expect_valid("B33 8TH", "B33 8TH");	/* A99 9AA */
	expect_valid("W1A 0AX", "W1A 0AX");	/* A9A 9AA */
	expect_valid("CR2 6XH", "CR2 6XH");	/* AA9 9AA */
	expect_valid("DN55 1PT", "DN55 1PT");	/* AA99 9AA */
	expect_valid("EC1A 1BB", "EC1A 1BB");	/* AA9A 9AA */
	expect_valid("wn11aa", "WN1 1AA");
	expect_valid("  Wn1   1aA\t", "WN1 1AA");
	expect_valid("BL0 9AA", "BL0 9AA");
	expect_valid("gir0aa", "GIR 0AA");
	expect_valid("GIR 0AA", "GIR 0AA");
}

/* The letter rules of BS 7666. */
static void
test_letter_rules(void **state)
{
	(void) state;
	expect_invalid("Q1 1AA", 0, "first letter cannot be Q, V or X, found \"Q\"");
	expect_invalid("VA1 1AA", 0, "first letter");
	expect_invalid("X11 1AA", 0, "first letter");
	expect_invalid("AI1 1AA", 1, "second letter cannot be I, J or Z, found \"I\"");
	expect_invalid("WJ1 1AA", 1, "second letter");
	expect_invalid("WZ11 1AA", 1, "second letter");
	expect_invalid("W1I 1AA", 2, "A9A outward code must be one of ABCDEFGHJKSTUW, found \"I\"");
	expect_invalid("W1L 1AA", 2, "A9A");
	expect_invalid("EC1C 1BB", 3, "AA9A outward code must be one of ABEHMNPRVWXY, found \"C\"");
	expect_invalid("EC1D 1BB", 3, "AA9A");
	expect_invalid("WN1 1AC", 6, "Inward code letter \"C\" at character 7");
	expect_invalid("WN1 1IA", 5, "inward letters are never C, I, K, M, O or V");
	expect_invalid("wn1 1av", 6, "\"V\"");
	/* each allowed letter is accepted where it may stand */
	for (const char *c = "ABCDEFGHJKSTUW"; *c; c++)
	{
		char		text[16];
		char		canonical[16];

		snprintf(text, sizeof(text), "W1%c 1AA", *c);
		expect_valid(text, text);
		snprintf(text, sizeof(text), "ec1%c 1bb", *c + 0);
		snprintf(canonical, sizeof(canonical), "EC1%c 1BB", *c);
		if (strchr("ABEHMNPRVWXY", *c))
			expect_valid(text, canonical);
	}
}

/* Shapes, lengths, characters and spaces that are not a postcode. */
static void
test_malformed(void **state)
{
	(void) state;
	expect_invalid("", -1, "5 to 7 letters and digits, found 0.");
	expect_invalid("   ", -1, "found 0");
	expect_invalid("W1 1A", -1, "found 4");
	expect_invalid("WN11 11AA", 8, "found more");
	expect_invalid("WN1 1AA!", 7, "Unexpected character \"!\" at character 8");
	expect_invalid("WN1-1AA", 3, "Unexpected character \"-\"");
	expect_invalid("WN11 AA", 4, "inward code after the space has 2 characters");
	expect_invalid("WN1 1A", 3, "inward code after the space has 2 characters");
	expect_invalid("W N1 1AA", 4, "Only one space");
	expect_invalid("WN1 AAA", 4, "Inward code \"AAA\" must be a digit followed by two letters.");
	expect_invalid("WN1 11A", 4, "Inward code");
	expect_invalid("1WN 1AA", 0, "Outward code \"1WN\" is not of the form");
	expect_invalid("WNA1 1AA", 0, "Outward code \"WNA1\"");
	expect_invalid("W111 1AA", 0, "Outward code");
	expect_invalid("WN1AA 1AA", 8, "found more");
	expect_invalid("WN01 1AA", 2, "two-digit district number cannot start with 0");
	expect_invalid("GIR 1AA", 0, "Outward code \"GIR\"");
	expect_invalid("\xc3\x89" "C1A 1BB", 0, "Unexpected byte 0xC3 at character 1");
}

/* Each part of a postcode. */
static void
test_parts(void **state)
{
	char		buf[POSTCODE_FORMAT_SIZE];
	int64_t		wn = expect_valid("WN1 1AA", "WN1 1AA");
	int64_t		ec = expect_valid("EC1A 1BB", "EC1A 1BB");
	int64_t		gir = expect_valid("GIR 0AA", "GIR 0AA");
	int64_t		m = expect_valid("M60 2LA", "M60 2LA");

	(void) state;
	postcode_format(wn, POSTCODE_AREA, buf);
	assert_string_equal(buf, "WN");
	postcode_format(wn, POSTCODE_DISTRICT, buf);
	assert_string_equal(buf, "WN1");
	postcode_format(wn, POSTCODE_SECTOR, buf);
	assert_string_equal(buf, "WN1 1");
	postcode_format(wn, POSTCODE_OUTWARD, buf);
	assert_string_equal(buf, "WN1");
	postcode_format(wn, POSTCODE_INWARD, buf);
	assert_string_equal(buf, "1AA");
	postcode_format(ec, POSTCODE_AREA, buf);
	assert_string_equal(buf, "EC");
	postcode_format(ec, POSTCODE_SECTOR, buf);
	assert_string_equal(buf, "EC1A 1");
	postcode_format(m, POSTCODE_AREA, buf);
	assert_string_equal(buf, "M");
	postcode_format(m, POSTCODE_DISTRICT, buf);
	assert_string_equal(buf, "M60");
	postcode_format(gir, POSTCODE_AREA, buf);
	assert_string_equal(buf, "GIR");
	postcode_format(gir, POSTCODE_SECTOR, buf);
	assert_string_equal(buf, "GIR 0");
}

/* Integer order is the natural order. */
static void
test_order(void **state)
{
	const char *sorted[] = {
		"B1 1AA", "B10 1AA", "BA1 1AA", "G1 1AA", "GIR 0AA", "GL1 1AA",
		"W1 1AA", "W1 9ZZ", "W1A 1AA", "W1B 1AA", "W2 1AA",
		"WN1 1AA", "WN1 1AB", "WN1 2AA", "WN2 1AA", "WN3 1AA", "WN10 1AA", "WN99 9ZZ", "WR1 1AA",
		"ZE1 0AA",
	};
	int64_t		prev = 0;

	(void) state;
	for (size_t i = 0; i < sizeof(sorted) / sizeof(sorted[0]); i++)
	{
		int64_t		code = expect_valid(sorted[i], sorted[i]);

		if (code <= prev)
			fail_msg("%s does not sort after %s", sorted[i], sorted[i - 1]);
		prev = code;
	}
}

/* Decoding rejects anything that is not the encoding of a valid postcode. */
static void
test_validate_codes(void **state)
{
	DealStatus	st;
	int64_t		wn = expect_valid("WN1 1AA", "WN1 1AA");
	int64_t		bad[] = {
		0, -1, INT64_MIN, INT64_MAX, (int64_t) 1 << 36, wn | ((int64_t) 1 << 40),
		wn + 26,				/* unit letter 27 */
		(wn & ~(int64_t) 31),	/* unit letter 0 */
		(wn & ~((int64_t) 15 << 10)) | ((int64_t) 12 << 10),	/* sector digit 12 */
		(wn & ~((int64_t) 31 << 31)) | ((int64_t) 17 << 31),	/* QN1 1AA */
		(wn & ~((int64_t) 127 << 19)) | ((int64_t) 100 << 19),	/* district 100 */
	};

	(void) state;
	assert_int_equal(postcode_validate(bad[0], DEAL_BAD_BINARY, &st), DEAL_BAD_BINARY);
	assert_non_null(strstr(st.detail, "does not encode a postcode"));
	for (size_t i = 1; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		if (postcode_validate(bad[i], DEAL_BAD_BINARY, &st) != DEAL_BAD_BINARY)
			fail_msg("code %lld (case %zu) accepted", (long long) bad[i], i);
	}
	assert_int_equal(postcode_validate(wn, DEAL_BAD_ARGUMENT, &st), DEAL_OK);
}

/* Random field values: validate agrees with parse of the formatted text, and round trips. */
static void
test_random_codes(void **state)
{
	uint64_t	seed = 2463534242ULL;
	int			valid = 0;

	(void) state;
	for (int n = 0; n < 200000; n++)
	{
		DealStatus	st;
		int64_t		code;

		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		code = (int64_t) (seed & (((uint64_t) 1 << 36) - 1));
		if (postcode_validate(code, DEAL_BAD_BINARY, &st) == DEAL_OK)
		{
			char		text[POSTCODE_FORMAT_SIZE];
			int64_t		back = 0;

			postcode_format(code, POSTCODE_FULL, text);
			assert_int_equal(postcode_parse(text, &back, &st), DEAL_OK);
			assert_true(back == code);
			valid++;
		}
	}
	/* a fair share of the space is valid, so the loop tested something */
	assert_true(valid > 1000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_letter_rules),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_validate_codes),
		cmocka_unit_test(test_random_codes),
	};

	return cmocka_run_group_tests_name("postcode", tests, NULL, NULL);
}
