/*
 * fuzz_efi.c: libFuzzer harness for the eFI text parser, the one-code parser and the binary
 * validator.
 *
 * Any bytes (NUL included: the parsers take a length) go to efi_parse and efi_parse_code:
 * what efi_parse accepts must have no bit beyond the 36, format within EFI_FORMAT_SIZE and
 * parse back to itself, and hold exactly the codes the input names; what either refuses must
 * be reported as bad text with a sane position and a terminated detail, the set or index left
 * alone.  The first 8 bytes, as a uint64, go to efi_validate: it must accept exactly the sets
 * without a bit beyond the 36.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efi.h"
#include "fuzz_common.h"

/* Format set into an exactly sized buffer and parse it back. */
static void
check_set(uint64_t set)
{
	char	   *buf = malloc(EFI_FORMAT_SIZE);
	size_t		len = efi_format(set, buf);
	char	   *exact = fuzz_copy((const uint8_t *) buf, len, false);
	uint64_t	back = ~set;
	DealStatus	st;

	REQUIRE((set & ~EFI_ALL) == 0);
	REQUIRE(len == strlen(buf) && len < EFI_FORMAT_SIZE);
	REQUIRE(efi_parse(exact, len, &back, &st) == DEAL_OK && back == set);
	REQUIRE(efi_count(set) >= 0 && efi_count(set) <= EFI_DEFICITS);
	(void) efi_category_name(efi_category_of_count(efi_count(set)));
	free(exact);
	free(buf);
}

/* Every maximal run of letters, digits and underscores in text that names a deficit, as bits. */
static uint64_t
named_codes(const char *text, size_t len)
{
	uint64_t	bits = 0;
	size_t		i = 0;

	while (i < len)
	{
		size_t		start = i;
		int			index;

		while (i < len && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
						   (text[i] >= '0' && text[i] <= '9') || text[i] == '_'))
			i++;
		if (i == start)
		{
			i++;
			continue;
		}
		index = efi_lookup(text + start, i - start);
		REQUIRE(index >= -1 && index < EFI_DEFICITS);
		if (index >= 0)
			bits |= UINT64_C(1) << index;
	}
	return bits;
}

/* libFuzzer's entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = fuzz_copy(data, size, false);
	uint64_t	set = 42;
	int			index = -7;
	DealStatus	st;

	if (efi_parse(text, size, &set, &st) == DEAL_OK)
	{
		REQUIRE(st.code == DEAL_OK);
		check_set(set);
		REQUIRE(set == named_codes(text, size));
	}
	else
	{
		REQUIRE(set == 42);
		REQUIRE(failure_ok(&st, DEAL_BAD_TEXT, size));
	}

	if (efi_parse_code(text, size, &index, &st) == DEAL_OK)
	{
		REQUIRE(index >= 0 && index < EFI_DEFICITS);
		REQUIRE(named_codes(text, size) == UINT64_C(1) << index);
	}
	else
	{
		REQUIRE(index == -7);
		REQUIRE(failure_ok(&st, DEAL_BAD_TEXT, size));
	}
	free(text);

	if (size >= sizeof(uint64_t))
	{
		uint64_t	raw;

		memcpy(&raw, data, sizeof(raw));
		if (efi_validate(raw, DEAL_BAD_BINARY, &st) == DEAL_OK)
		{
			REQUIRE((raw & ~EFI_ALL) == 0);
			check_set(raw);
		}
		else
		{
			REQUIRE((raw & ~EFI_ALL) != 0);
			REQUIRE(failure_ok(&st, DEAL_BAD_BINARY, 0));
		}
		/* raw integers rarely fit: fold them in too */
		check_set(raw & EFI_ALL);
	}
	return 0;
}
