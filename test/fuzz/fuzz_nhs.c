/*
 * fuzz_nhs.c: libFuzzer harness for the NHS number parser and validator.
 *
 * Any bytes, as NUL-terminated text, go to nhs_parse: what it accepts must pass nhs_validate
 * and survive both text forms, nhs_format and nhs_digits, unchanged; what it refuses must be
 * reported as bad text with a sane position and a terminated detail.  The first 8 bytes, as
 * an int64 (raw, and folded into the range of NHS numbers), go to nhs_validate: it must
 * never crash, must refuse what is out of range, and what it accepts must round-trip.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nhs.h"

/* Abort unless cond holds: libFuzzer reports the input. */
#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

/* Is st a well-formed failure with code, position within -1 .. len - 1? */
static bool
failure_ok(const DealStatus *st, DealCode code, size_t len)
{
	return st->code == code &&
		st->position >= -1 && (st->position < 0 || (size_t) st->position < len) &&
		memchr(st->detail, '\0', sizeof(st->detail)) != NULL && st->detail[0] != '\0';
}

/* An accepted number validates and parses back to itself from both of its text forms. */
static void
check_number(int64_t value)
{
	char	   *text = malloc(NHS_FORMAT_SIZE);	/* exact sizes, so ASan sees any overrun */
	char	   *digits = malloc(NHS_DIGITS_SIZE);
	int64_t		back;
	DealStatus	st;

	REQUIRE(value >= 0 && value <= NHS_NUMBER_MAX);
	REQUIRE(nhs_validate(value, DEAL_BAD_ARGUMENT, &st) == DEAL_OK && st.code == DEAL_OK);

	nhs_format(value, text);
	REQUIRE(strlen(text) == NHS_FORMAT_SIZE - 1);
	back = -1;
	REQUIRE(nhs_parse(text, &back, &st) == DEAL_OK && back == value);

	nhs_digits(value, digits);
	REQUIRE(strlen(digits) == NHS_DIGITS_SIZE - 1);
	back = -1;
	REQUIRE(nhs_parse(digits, &back, &st) == DEAL_OK && back == value);

	/* the formatted form is the bare digits with a space after the third and sixth */
	REQUIRE(memcmp(text, digits, 3) == 0 && text[3] == ' ' &&
			memcmp(text + 4, digits + 3, 3) == 0 && text[7] == ' ' &&
			memcmp(text + 8, digits + 6, 4) == 0);

	(void) nhs_is_placeholder(value);
	free(digits);
	free(text);
}

/* Parse text (len bytes before its NUL) and check what comes back. */
static void
check_text(const char *text, size_t len)
{
	int64_t		value = -1;
	DealStatus	st;
	char		seen[NHS_DIGITS_SIZE];
	char		digits[NHS_DIGITS_SIZE];
	size_t		n = 0;

	if (nhs_parse(text, &value, &st) != DEAL_OK)
	{
		REQUIRE(value == -1);	/* a failed parse leaves *value alone */
		REQUIRE(failure_ok(&st, DEAL_BAD_TEXT, len));
		return;
	}
	REQUIRE(st.code == DEAL_OK);
	check_number(value);

	/* the value holds the input's digits, in order */
	for (size_t i = 0; i < len; i++)
		if (text[i] >= '0' && text[i] <= '9')
		{
			REQUIRE(n < NHS_DIGITS_SIZE - 1);
			seen[n++] = text[i];
		}
	REQUIRE(n == NHS_DIGITS_SIZE - 1);
	nhs_digits(value, digits);
	REQUIRE(memcmp(seen, digits, n) == 0);
}

/* Validate an arbitrary integer and check what comes back. */
static void
check_integer(int64_t value)
{
	DealStatus	st;

	if (nhs_validate(value, DEAL_BAD_BINARY, &st) == DEAL_OK)
		check_number(value);
	else
		REQUIRE(failure_ok(&st, DEAL_BAD_BINARY, 0));
	if (value < 0 || value > NHS_NUMBER_MAX)
		REQUIRE(nhs_validate(value, DEAL_BAD_ARGUMENT, &st) == DEAL_BAD_ARGUMENT);
}

/* libFuzzer's entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	check_text(text, strnlen(text, size));
	free(text);

	if (size >= sizeof(int64_t))
	{
		int64_t		raw;

		memcpy(&raw, data, sizeof(raw));
		check_integer(raw);
		/* raw integers are almost never in range: fold them in too */
		check_integer((int64_t) ((uint64_t) raw % (uint64_t) (NHS_NUMBER_MAX + 1)));
	}
	return 0;
}
