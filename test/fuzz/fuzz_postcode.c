/*
 * fuzz_postcode.c: libFuzzer harness for the postcode parser, validator and formatter.
 *
 * Any bytes, as NUL-terminated text, go to postcode_parse: what it accepts must pass
 * postcode_validate, every part must fit in POSTCODE_FORMAT_SIZE and agree with the others,
 * and the full form must parse back to the same code and spell the input's letters and
 * digits; what it refuses must be reported as bad text with a sane position.  The first 8
 * bytes, as an int64 (raw, and masked to the 36 bits of the encoding), go to
 * postcode_validate: it must never crash, and what it accepts must format and parse back to
 * the same code.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "postcode.h"

/* Abort unless cond holds: libFuzzer reports the input. */
#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

#define POSTCODE_BITS 36

/* Is st a well-formed failure with code, position within -1 .. len - 1? */
static bool
failure_ok(const DealStatus *st, DealCode code, size_t len)
{
	return st->code == code &&
		st->position >= -1 && (st->position < 0 || (size_t) st->position < len) &&
		memchr(st->detail, '\0', sizeof(st->detail)) != NULL && st->detail[0] != '\0';
}

/* Format one part into an exactly sized heap buffer (so ASan sees any overrun) and return it. */
static char *
format_part(int64_t code, PostcodePart part)
{
	char	   *buf = malloc(POSTCODE_FORMAT_SIZE);

	memset(buf, 'x', POSTCODE_FORMAT_SIZE);
	postcode_format(code, part, buf);
	REQUIRE(memchr(buf, '\0', POSTCODE_FORMAT_SIZE) != NULL);
	return buf;
}

/* An accepted code validates, its parts agree, and its full form parses back to it. */
static void
check_code(int64_t code)
{
	char	   *full = format_part(code, POSTCODE_FULL);
	char	   *area = format_part(code, POSTCODE_AREA);
	char	   *district = format_part(code, POSTCODE_DISTRICT);
	char	   *sector = format_part(code, POSTCODE_SECTOR);
	char	   *outward = format_part(code, POSTCODE_OUTWARD);
	char	   *inward = format_part(code, POSTCODE_INWARD);
	size_t		out_len = strlen(outward);
	int64_t		back = -1;
	DealStatus	st;

	REQUIRE(code > 0 && code < (INT64_C(1) << POSTCODE_BITS));
	REQUIRE(postcode_validate(code, DEAL_BAD_BINARY, &st) == DEAL_OK && st.code == DEAL_OK);

	/* FULL is OUTWARD, a space and INWARD; the other parts are pieces of it */
	REQUIRE(out_len >= 2 && out_len <= 4 && strlen(inward) == 3);
	REQUIRE(strlen(full) == out_len + 4 && memcmp(full, outward, out_len) == 0 &&
			full[out_len] == ' ' && strcmp(full + out_len + 1, inward) == 0);
	REQUIRE(strcmp(district, outward) == 0);
	REQUIRE(strlen(sector) == out_len + 2 && memcmp(sector, full, out_len + 2) == 0);
	/* the area is one or two letters, or all of "GIR" for GIR 0AA */
	REQUIRE(strncmp(area, outward, strlen(area)) == 0 &&
			(strcmp(area, "GIR") == 0 ? strcmp(full, "GIR 0AA") == 0 :
			 strlen(area) >= 1 && strlen(area) <= 2 && strlen(area) < out_len));

	REQUIRE(postcode_parse(full, &back, &st) == DEAL_OK && back == code);

	free(inward);
	free(outward);
	free(sector);
	free(district);
	free(area);
	free(full);
}

/* Parse text (len bytes before its NUL) and check what comes back. */
static void
check_text(const char *text, size_t len)
{
	int64_t		code = -1;
	DealStatus	st;
	char		seen[POSTCODE_FORMAT_SIZE];
	size_t		n = 0;
	char	   *full;
	char	   *out;

	if (postcode_parse(text, &code, &st) != DEAL_OK)
	{
		REQUIRE(code == -1);	/* a failed parse leaves *code alone */
		REQUIRE(failure_ok(&st, DEAL_BAD_TEXT, len));
		return;
	}
	REQUIRE(st.code == DEAL_OK);
	check_code(code);

	/* the full form spells the input's letters and digits, in upper case */
	for (size_t i = 0; i < len; i++)
	{
		char		c = text[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char) (c - 'a' + 'A');
		REQUIRE(n < sizeof(seen) - 1);
		seen[n++] = c;
	}
	seen[n] = '\0';
	full = format_part(code, POSTCODE_FULL);
	out = strchr(full, ' ');
	REQUIRE(out != NULL);
	memmove(out, out + 1, strlen(out));
	REQUIRE(strcmp(seen, full) == 0);
	free(full);
}

/* Validate an arbitrary integer and check what comes back. */
static void
check_integer(int64_t code)
{
	DealStatus	st;

	if (postcode_validate(code, DEAL_BAD_BINARY, &st) == DEAL_OK)
		check_code(code);
	else
		REQUIRE(failure_ok(&st, DEAL_BAD_BINARY, 0));
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
		/* raw integers rarely encode a postcode: mask them to the encoding's width too */
		check_integer(raw & ((INT64_C(1) << POSTCODE_BITS) - 1));
	}
	return 0;
}
