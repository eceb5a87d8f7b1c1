/*
 * test_efi.c: the eFI deficits, sets of them, their text form, validation and categories.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "efi.h"

/* The codes as DOMAIN.md lists them. */
static const char *const domain_codes =
	"activity_limitation, anaemia, arthritis, atrial_fibrillation, cerebrovascular_disease, "
	"chronic_kidney_disease, diabetes, dizziness, dyspnoea, falls, foot_problems, "
	"fragility_fracture, hearing_impairment, heart_failure, heart_valve_disease, housebound, "
	"hypertension, hypotension_syncope, ischaemic_heart_disease, memory_cognitive_problems, "
	"mobility_transfer_problems, osteoporosis, parkinsonism_tremor, peptic_ulcer, "
	"peripheral_vascular_disease, polypharmacy, requirement_for_care, respiratory_disease, "
	"skin_ulcer, sleep_disturbance, social_vulnerability, thyroid_disease, "
	"urinary_incontinence, urinary_system_disease, visual_impairment, weight_loss_anorexia";

/* Parse len bytes of text and expect success with set. */
static void
expect_set_n(const char *text, size_t len, uint64_t set)
{
	DealStatus	st;
	uint64_t	got = UINT64_MAX;

	assert_int_equal(efi_parse(text, len, &got, &st), DEAL_OK);
	assert_int_equal(st.code, DEAL_OK);
	assert_true(got == set);
}

/* Parse text and expect success with set. */
static void
expect_set(const char *text, uint64_t set)
{
	expect_set_n(text, strlen(text), set);
}

/* Parse len bytes of text; expect DEAL_BAD_TEXT at position with a detail containing phrase. */
static void
expect_bad_n(const char *text, size_t len, int position, const char *phrase)
{
	DealStatus	st;
	uint64_t	got = 42;

	assert_int_equal(efi_parse(text, len, &got, &st), DEAL_BAD_TEXT);
	assert_int_equal(st.code, DEAL_BAD_TEXT);
	assert_int_equal(st.position, position);
	if (strstr(st.detail, phrase) == NULL)
		fail_msg("detail \"%s\" lacks \"%s\"", st.detail, phrase);
	assert_true(got == 42);		/* a failed parse leaves the set alone */
}

/* Parse text; expect DEAL_BAD_TEXT at position with a detail containing phrase. */
static void
expect_bad(const char *text, int position, const char *phrase)
{
	expect_bad_n(text, strlen(text), position, phrase);
}

/* Bit of the deficit named code. */
static uint64_t
bit(const char *code)
{
	int			i = efi_lookup(code, strlen(code));

	assert_true(i >= 0);
	return UINT64_C(1) << i;
}

/* The first n deficits. */
static uint64_t
first(int n)
{
	return n == 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
}

/* A pseudo-random set of deficits (xorshift64*). */
static uint64_t
random_set(uint64_t *seed)
{
	*seed ^= *seed >> 12;
	*seed ^= *seed << 25;
	*seed ^= *seed >> 27;
	return (*seed * UINT64_C(2685821657736338717)) & EFI_ALL;
}

/* Format a set and parse it back; returns the set read. */
static uint64_t
round_trip(uint64_t set)
{
	char		buf[EFI_FORMAT_SIZE];
	size_t		len = efi_format(set, buf);
	uint64_t	back = UINT64_MAX;
	DealStatus	st;

	assert_int_equal(len, strlen(buf));
	assert_true(len < EFI_FORMAT_SIZE);
	assert_int_equal(efi_parse(buf, len, &back, &st), DEAL_OK);
	return back;
}

/* The 36 codes are DOMAIN.md's, in its (alphabetical) order, with names; the sizes fit them. */
static void
test_codes_are_domain_codes(void **state)
{
	char		list[1024] = "";
	size_t		longest = 0;

	(void) state;
	for (int i = 0; i < EFI_DEFICITS; i++)
	{
		const char *code = efi_code(i);

		if (i > 0)
		{
			strcat(list, ", ");
			assert_true(strcmp(efi_code(i - 1), code) < 0);
		}
		strcat(list, code);
		if (strlen(code) > longest)
			longest = strlen(code);
		assert_true(strlen(efi_name(i)) > 0);
		assert_true(efi_name(i)[0] >= 'A' && efi_name(i)[0] <= 'Z');
	}
	assert_string_equal(list, domain_codes);
	assert_int_equal(longest, EFI_CODE_MAX);
	assert_string_equal(efi_name(1), "Anaemia and haematinic deficiency");
	assert_string_equal(efi_name(25), "Polypharmacy");
}

/* Every code: looked up in any case, parsed alone and in braces, formatted back. */
static void
test_every_code_round_trip(void **state)
{
	(void) state;
	for (int i = 0; i < EFI_DEFICITS; i++)
	{
		const char *code = efi_code(i);
		size_t		len = strlen(code);
		char		upper[EFI_CODE_MAX + 1];
		char		text[EFI_CODE_MAX + 8];
		char		buf[EFI_FORMAT_SIZE];
		int			index = -1;
		DealStatus	st;

		for (size_t k = 0; k <= len; k++)
			upper[k] = (code[k] >= 'a' && code[k] <= 'z') ? (char) (code[k] - 'a' + 'A') : code[k];
		assert_int_equal(efi_lookup(code, len), i);
		assert_int_equal(efi_lookup(upper, len), i);
		assert_int_equal(efi_lookup(code, len - 1), i == 0 ? -1 : efi_lookup(code, len - 1));
		assert_int_equal(efi_parse_code(upper, len, &index, &st), DEAL_OK);
		assert_int_equal(index, i);

		snprintf(text, sizeof(text), " { %s } ", upper);
		expect_set(text, UINT64_C(1) << i);
		efi_format(UINT64_C(1) << i, buf);
		snprintf(text, sizeof(text), "{%s}", code);
		assert_string_equal(buf, text);
		assert_true(round_trip(UINT64_C(1) << i) == UINT64_C(1) << i);
	}
}

/* A prefix or an extension of a code is no code. */
static void
test_lookup_exact(void **state)
{
	(void) state;
	assert_int_equal(efi_lookup("fall", 4), -1);
	assert_int_equal(efi_lookup("fallss", 6), -1);
	assert_int_equal(efi_lookup("heart", 5), -1);
	assert_int_equal(efi_lookup("", 0), -1);
	assert_int_equal(efi_lookup("peripheral_vascular_diseases", 28), -1);
	assert_int_equal(efi_lookup("FALLS", 5), 9);
	assert_int_equal(efi_lookup("fAlLs", 5), 9);
	assert_int_equal(efi_lookup("falls\0", 6), -1);
}

/* Index of code (len bytes, any case) by a plain search of the 36, or -1. */
static int
linear_lookup(const char *code, size_t len)
{
	for (int i = 0; i < EFI_DEFICITS; i++)
		if (strlen(efi_code(i)) == len && strncasecmp(efi_code(i), code, len) == 0)
			return i;
	return -1;
}

/* The perfect hash agrees with a plain search on every code changed in any one byte, cut or grown. */
static void
test_lookup_against_linear(void **state)
{
	static const char replacements[] = "aezAZ_0 \x80\xff";

	(void) state;
	for (int i = 0; i < EFI_DEFICITS; i++)
	{
		const char *code = efi_code(i);
		size_t		len = strlen(code);
		char		buf[EFI_CODE_MAX + 2];

		for (size_t cut = 0; cut <= len; cut++)
			assert_int_equal(efi_lookup(code, cut), linear_lookup(code, cut));
		memcpy(buf, code, len);
		buf[len] = 's';
		assert_int_equal(efi_lookup(buf, len + 1), -1);
		for (size_t k = 0; k < len; k++)
			for (size_t r = 0; r < sizeof(replacements) - 1; r++)
			{
				memcpy(buf, code, len);
				buf[k] = replacements[r];
				assert_int_equal(efi_lookup(buf, len), linear_lookup(buf, len));
			}
	}
}

/* Any order, repeats once, blanks, any case, the empty set. */
static void
test_input_forms(void **state)
{
	uint64_t	fd = bit("falls") | bit("diabetes");

	(void) state;
	expect_set("{falls,diabetes}", fd);
	expect_set("{diabetes,falls}", fd);
	expect_set("{falls,diabetes,falls,FALLS}", fd);
	expect_set("  {\tFalls ,\n DIABETES\r}  ", fd);
	expect_set("{}", 0);
	expect_set(" { } ", 0);
	expect_set("{\t}", 0);
	expect_set_n("{falls}xyz", 7, bit("falls"));	/* only len bytes are read */
}

/* Every malformed shape: the position and a detail saying why. */
static void
test_malformed(void **state)
{
	char		longest[2048];

	(void) state;
	/* unknown codes, named */
	expect_bad("{fallz}", 1, "Unknown deficit code \"fallz\" at character 2.");
	expect_bad("{falls,Diabetic}", 7, "Unknown deficit code \"Diabetic\" at character 8.");
	expect_bad("{falls2}", 1, "Unknown deficit code \"falls2\"");
	/* missing braces */
	expect_bad("falls,diabetes", 0, "Expected \"{\" at character 1, found character \"f\"");
	expect_bad("(falls)", 0, "Expected \"{\" at character 1, found character \"(\"");
	expect_bad("{falls", 6, "Missing closing brace \"}\" at the end of the input.");
	expect_bad("{falls ", 7, "Missing closing brace");
	expect_bad("{", 1, "Missing deficit code or closing brace");
	expect_bad("{falls,", 7, "Missing deficit code or closing brace");
	expect_bad("", -1, "the input is empty");
	expect_bad(" \t ", -1, "the input is empty");
	/* empty elements, trailing comma */
	expect_bad("{,falls}", 1, "Empty deficit code at character 2.");
	expect_bad("{falls,,diabetes}", 7, "Empty deficit code at character 8.");
	expect_bad("{falls,}", 7, "Empty deficit code at character 8.");
	expect_bad("{falls, }", 8, "Empty deficit code at character 9.");
	expect_bad("{,}", 1, "Empty deficit code");
	/* wrong separators and characters */
	expect_bad("{falls diabetes}", 7, "Unexpected character \"d\" at character 8: expected \",\" or \"}\"");
	expect_bad("{falls;diabetes}", 6, "Unexpected character \";\" at character 7");
	expect_bad("{heart-failure}", 6, "Unexpected character \"-\"");
	expect_bad("{\"falls\"}", 1, "Unexpected character \"\"\" at character 2: deficit codes are letters and underscores.");
	expect_bad("{{falls}}", 1, "Unexpected character \"{\" at character 2");
	expect_bad("{falls}}", 7, "Unexpected character \"}\" at character 8, after the closing brace.");
	expect_bad("{falls} x", 8, "after the closing brace");
	/* overlong codes: named, clipped, and never read past the end */
	expect_bad("{peripheral_vascular_diseasee}", 1, "Unknown deficit code \"peripheral_vascular_disease...\" at character 2: no code is longer than 27 characters.");
	memset(longest, 'a', sizeof(longest));
	longest[0] = '{';
	longest[sizeof(longest) - 2] = '}';
	longest[sizeof(longest) - 1] = '\0';
	expect_bad(longest, 1, "no code is longer than 27 characters");
	/* non-ASCII bytes */
	expect_bad("{f\xc3\xa4lls}", 2, "Unexpected byte 0xC3 at character 3");
	expect_bad("{falls,\xc3\xa9}", 7, "Unexpected byte 0xC3 at character 8");
	expect_bad("\xef\xbb\xbf{falls}", 0, "found byte 0xEF");
	expect_bad("{falls}\xc2\xa0", 7, "Unexpected byte 0xC2 at character 8, after the closing brace.");
	/* embedded NUL: the length decides, and a NUL is an unexpected byte */
	expect_bad_n("{falls\0,diabetes}", 17, 6, "Unexpected byte 0x00 at character 7");
	expect_bad_n("{falls}\0", 8, 7, "Unexpected byte 0x00 at character 8, after the closing brace.");
	expect_bad_n("\0{falls}", 8, 0, "found byte 0x00");
	expect_bad_n("{falls}", 6, 6, "Missing closing brace");
}

/* One code alone, as efi_agg and efi(text[]) read it. */
static void
test_parse_code(void **state)
{
	int			index = -1;
	DealStatus	st;

	(void) state;
	assert_int_equal(efi_parse_code(" Falls\t", 7, &index, &st), DEAL_OK);
	assert_int_equal(index, 9);
	assert_int_equal(st.code, DEAL_OK);

	index = -1;
	assert_int_equal(efi_parse_code("", 0, &index, &st), DEAL_BAD_TEXT);
	assert_non_null(strstr(st.detail, "cannot be empty"));
	assert_int_equal(efi_parse_code("   ", 3, &index, &st), DEAL_BAD_TEXT);
	assert_non_null(strstr(st.detail, "cannot be empty"));
	assert_int_equal(efi_parse_code("fallz", 5, &index, &st), DEAL_BAD_TEXT);
	assert_string_equal(st.detail, "Unknown deficit code \"fallz\" at character 1.");
	assert_int_equal(efi_parse_code("falls,diabetes", 14, &index, &st), DEAL_BAD_TEXT);
	assert_non_null(strstr(st.detail, "Unexpected character \",\" at character 6: one deficit code was expected."));
	assert_int_equal(efi_parse_code("{falls}", 7, &index, &st), DEAL_BAD_TEXT);
	assert_int_equal(st.position, 0);
	assert_int_equal(efi_parse_code("heart failure", 13, &index, &st), DEAL_BAD_TEXT);
	assert_int_equal(st.position, 6);
	assert_int_equal(efi_parse_code("falls\0", 6, &index, &st), DEAL_BAD_TEXT);
	assert_non_null(strstr(st.detail, "byte 0x00 at character 6"));
	assert_int_equal(efi_parse_code("\xc3\xa9", 2, &index, &st), DEAL_BAD_TEXT);
	assert_non_null(strstr(st.detail, "byte 0xC3 at character 1"));
	assert_int_equal(efi_parse_code("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 40, &index, &st), DEAL_BAD_TEXT);
	assert_non_null(strstr(st.detail, "no code is longer than 27"));
	assert_int_equal(index, -1);
}

/* Categories on the count: 0-4 fit, 5-8 mild, 9-12 moderate, 13-36 severe. */
static void
test_category_boundaries(void **state)
{
	static const struct
	{
		int			count;
		EfiCategory category;
		const char *name;
	}			cases[] = {
		{0, EFI_FIT, "fit"}, {4, EFI_FIT, "fit"}, {5, EFI_MILD, "mild"}, {8, EFI_MILD, "mild"},
		{9, EFI_MODERATE, "moderate"}, {12, EFI_MODERATE, "moderate"},
		{13, EFI_SEVERE, "severe"}, {36, EFI_SEVERE, "severe"},
	};

	(void) state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
	{
		/* the first n deficits, and the last n: only the count matters */
		uint64_t	low = first(cases[k].count);
		uint64_t	high = cases[k].count == 0 ? 0 : (EFI_ALL >> (EFI_DEFICITS - cases[k].count)) << (EFI_DEFICITS - cases[k].count);

		assert_int_equal(efi_count(low), cases[k].count);
		assert_int_equal(efi_count(high), cases[k].count);
		assert_int_equal(efi_category_of_count(cases[k].count), cases[k].category);
		assert_string_equal(efi_category_name(efi_category_of_count(efi_count(high))), cases[k].name);
	}
	/* 13/36 = 0.361 is severe; 12/36 = 0.333 is moderate (DOMAIN.md) */
	for (int n = 0; n <= EFI_DEFICITS; n++)
		assert_int_equal(efi_category_of_count(n),
						 n <= 4 ? EFI_FIT : n <= 8 ? EFI_MILD : n <= 12 ? EFI_MODERATE : EFI_SEVERE);
}

/* Set laws over random sets, through the text form where it can take part. */
static void
test_set_laws(void **state)
{
	uint64_t	seed = UINT64_C(88172645463325252);

	(void) state;
	for (int k = 0; k < 20000; k++)
	{
		uint64_t	a = random_set(&seed);
		uint64_t	b = random_set(&seed);
		uint64_t	c = random_set(&seed);
		char		ta[EFI_FORMAT_SIZE];
		char		tb[EFI_FORMAT_SIZE];
		char		joined[2 * EFI_FORMAT_SIZE];
		uint64_t	parsed = 0;
		DealStatus	st;

		/* commutative, associative, idempotent; empty and full sets as identities */
		assert_true((a | b) == (b | a) && (a & b) == (b & a));
		assert_true(((a | b) | c) == (a | (b | c)) && ((a & b) & c) == (a & (b & c)));
		assert_true((a | a) == a && (a & a) == a);
		assert_true((a | 0) == a && (a & EFI_ALL) == a && (a & 0) == 0);
		/* absorption and inclusion-exclusion on the counts */
		assert_true((a | (a & b)) == a && (a & (a | b)) == a);
		assert_int_equal(efi_count(a | b) + efi_count(a & b), efi_count(a) + efi_count(b));
		/* containment agrees with intersection: a @> b iff a & b = b; overlap iff a & b <> {} */
		assert_true(((b & ~a) == 0) == ((a & b) == b));
		assert_true(((a & b) == b) == ((a | b) == a));
		/* the union of two sets is the set of the two texts' codes together */
		efi_format(a, ta);
		efi_format(b, tb);
		ta[strlen(ta) - 1] = '\0';
		snprintf(joined, sizeof(joined), "%s%s%s", ta, a != 0 && b != 0 ? "," : "", tb + 1);
		assert_int_equal(efi_parse(joined, strlen(joined), &parsed, &st), DEAL_OK);
		assert_true(parsed == (a | b));
		assert_true(round_trip(a) == a);
		assert_true(efi_validate(a, DEAL_BAD_BINARY, &st) == DEAL_OK);
	}
}

/* Text output: canonical order, every set fits EFI_FORMAT_SIZE exactly at the full set. */
static void
test_format(void **state)
{
	char		buf[EFI_FORMAT_SIZE];

	(void) state;
	assert_int_equal(efi_format(0, buf), 2);
	assert_string_equal(buf, "{}");
	efi_format(bit("falls") | bit("diabetes") | bit("weight_loss_anorexia") | bit("activity_limitation"), buf);
	assert_string_equal(buf, "{activity_limitation,diabetes,falls,weight_loss_anorexia}");
	assert_int_equal(efi_format(EFI_ALL, buf), EFI_FORMAT_SIZE - 1);
	assert_true(round_trip(EFI_ALL) == EFI_ALL);
	assert_int_equal(efi_count(EFI_ALL), 36);
}

/* Binary input: no bit beyond the 36, reported with the failure code asked for. */
static void
test_validate(void **state)
{
	DealStatus	st;

	(void) state;
	assert_int_equal(efi_validate(0, DEAL_BAD_BINARY, &st), DEAL_OK);
	assert_int_equal(efi_validate(EFI_ALL, DEAL_BAD_BINARY, &st), DEAL_OK);
	assert_int_equal(st.code, DEAL_OK);
	assert_int_equal(efi_validate(UINT64_C(1) << 36, DEAL_BAD_BINARY, &st), DEAL_BAD_BINARY);
	assert_string_equal(st.detail, "An eFI has 36 deficits, bits 0 to 35, but bits beyond them are set: 0x0000001000000000.");
	assert_int_equal(efi_validate(UINT64_C(1) << 63, DEAL_BAD_BINARY, &st), DEAL_BAD_BINARY);
	assert_int_equal(efi_validate(UINT64_MAX, DEAL_BAD_ARGUMENT, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(efi_validate(EFI_ALL + 1, DEAL_BAD_BINARY, &st), DEAL_BAD_BINARY);
	for (int b = 36; b < 64; b++)
		assert_int_equal(efi_validate((UINT64_C(1) << b) | 1, DEAL_BAD_BINARY, &st), DEAL_BAD_BINARY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes_are_domain_codes),
		cmocka_unit_test(test_every_code_round_trip),
		cmocka_unit_test(test_lookup_exact),
		cmocka_unit_test(test_lookup_against_linear),
		cmocka_unit_test(test_input_forms),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_parse_code),
		cmocka_unit_test(test_category_boundaries),
		cmocka_unit_test(test_set_laws),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_validate),
	};

	return cmocka_run_group_tests_name("efi", tests, NULL, NULL);
}
