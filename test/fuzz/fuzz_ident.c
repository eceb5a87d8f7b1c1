/*
 * fuzz_ident.c: libFuzzer harness for the identifier parsers and decoders.
 *
 * Any bytes, as text, go to the NHS number and postcode parsers; the first 8 bytes, as an
 * integer, go to their validators.  Whatever is accepted must format and parse back to
 * itself; nothing may crash or read out of bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nhs.h"
#include "postcode.h"

/* Abort unless cond holds: libFuzzer reports the input. */
#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

/* Every accepted NHS number round-trips through both of its text forms. */
static void
check_nhs(int64_t value)
{
	char		text[NHS_FORMAT_SIZE];
	char		digits[NHS_DIGITS_SIZE];
	int64_t		back = -1;
	DealStatus	st;

	REQUIRE(nhs_validate(value, DEAL_BAD_ARGUMENT, &st) == DEAL_OK);
	nhs_format(value, text);
	REQUIRE(nhs_parse(text, &back, &st) == DEAL_OK && back == value);
	nhs_digits(value, digits);
	REQUIRE(nhs_parse(digits, &back, &st) == DEAL_OK && back == value);
}

/* Every accepted postcode round-trips, and each part fits its buffer. */
static void
check_postcode(int64_t code)
{
	char		text[POSTCODE_FORMAT_SIZE + 8];
	int64_t		back = 0;
	DealStatus	st;

	REQUIRE(postcode_validate(code, DEAL_BAD_BINARY, &st) == DEAL_OK);
	for (int part = POSTCODE_FULL; part <= POSTCODE_INWARD; part++)
	{
		memset(text, 'x', sizeof(text));
		postcode_format(code, (PostcodePart) part, text);
		REQUIRE(memchr(text, '\0', POSTCODE_FORMAT_SIZE) != NULL);
	}
	postcode_format(code, POSTCODE_FULL, text);
	REQUIRE(postcode_parse(text, &back, &st) == DEAL_OK && back == code);
}

/* libFuzzer's entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size + 1);
	int64_t		value;
	DealStatus	st;

	memcpy(text, data, size);
	text[size] = '\0';
	if (nhs_parse(text, &value, &st) == DEAL_OK)
		check_nhs(value);
	else
		REQUIRE(st.code == DEAL_BAD_TEXT && memchr(st.detail, '\0', sizeof(st.detail)) != NULL);
	if (postcode_parse(text, &value, &st) == DEAL_OK)
		check_postcode(value);
	else
		REQUIRE(st.code == DEAL_BAD_TEXT);
	free(text);

	if (size >= sizeof(int64_t))
	{
		memcpy(&value, data, sizeof(value));
		if (nhs_validate(value, DEAL_BAD_BINARY, &st) == DEAL_OK)
			check_nhs(value);
		if (postcode_validate(value, DEAL_BAD_BINARY, &st) == DEAL_OK)
			check_postcode(value);
	}
	return 0;
}
