/*
 * fuzz_lace.c: libFuzzer harness for LACE's condition-code parser and its numbers.
 *
 * Any bytes (NUL included: the parser takes a length) go to lace_find_condition, as one code
 * of deal.lace_comorbidity's array: it must accept exactly the codes it lists, in any case,
 * and refuse anything else as a bad argument with a terminated detail, the index left alone.
 * The input also splits into codes at commas, the first 32 each looked up, and the conditions
 * found give comorbidity points that adding a condition never lowers.  The first 13 bytes, as three
 * int32 and a flag, go to lace_parts (length of stay, comorbidity points, A&E visits,
 * acute): it must refuse exactly the negative ones, naming the argument's position, and
 * otherwise give parts within their ranges whose total lace_band accepts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "lace.h"

/* Does code (len bytes) equal name, ignoring the case of ASCII letters? */
static bool
same_code(const char *name, const char *code, size_t len)
{
	if (strlen(name) != len)
		return false;
	for (size_t i = 0; i < len; i++)
	{
		char		c = code[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (c != name[i])
			return false;
	}
	return true;
}

/* Look one code up and check the answer against the list. */
static int
check_code(const char *code, size_t len)
{
	int			index = -7;
	int			expected = -1;
	DealStatus	st;

	for (int i = 0; i < LACE_N_CONDITIONS; i++)
		if (same_code(lace_conditions[i].code, code, len))
			expected = i;
	if (lace_find_condition(code, len, &index, &st) == DEAL_OK)
		REQUIRE(index == expected && index >= 0);
	else
	{
		REQUIRE(expected == -1 && index == -7);
		REQUIRE(failure_ok(&st, DEAL_BAD_ARGUMENT, len));
	}
	return expected;
}

/* The points of present, checked against their bounds and against each condition added. */
static void
check_points(bool present[LACE_N_CONDITIONS])
{
	int			points = lace_comorbidity_points(present);
	int			most = 0;

	for (int i = 0; i < LACE_N_CONDITIONS; i++)
		most += lace_conditions[i].points;
	REQUIRE(points >= 0 && points <= most);
	for (int i = 0; i < LACE_N_CONDITIONS; i++)
	{
		bool		had = present[i];

		present[i] = true;
		REQUIRE(lace_comorbidity_points(present) >= points);
		present[i] = had;
	}
}

/* The parts of these arguments, checked against their ranges and the band. */
static void
check_parts(int32_t los, bool acute, int32_t points, int32_t visits)
{
	LaceParts	parts = {-1, -1, -1, -1};
	const char *band = NULL;
	DealStatus	st;

	if (lace_parts(los, acute, points, visits, &parts, &st) != DEAL_OK)
	{
		REQUIRE(los < 0 || points < 0 || visits < 0);
		REQUIRE(failure_ok(&st, DEAL_BAD_ARGUMENT, 3) &&
				st.position == (los < 0 ? 0 : points < 0 ? 2 : 3));
		return;
	}
	REQUIRE(los >= 0 && points >= 0 && visits >= 0);
	REQUIRE(parts.l >= 0 && parts.l <= 7 && parts.l != 6);
	REQUIRE(parts.a == (acute ? 3 : 0));
	REQUIRE(parts.c >= 0 && parts.c <= 5 && parts.c != 4);
	REQUIRE(parts.e >= 0 && parts.e <= 4);
	REQUIRE(lace_total(&parts) == parts.l + parts.a + parts.c + parts.e);
	REQUIRE(lace_band(lace_total(&parts), &band, &st) == DEAL_OK && band != NULL);
}

/* libFuzzer's entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = fuzz_copy(data, size, false);
	bool		present[LACE_N_CONDITIONS] = {false};
	size_t		start = 0;

	check_code(text, size);
	for (size_t i = 0, codes = 0; i <= size && codes < 32; i++)
	{
		if (i == size || text[i] == ',')
		{
			int			index = check_code(text + start, i - start);

			if (index >= 0)
				present[index] = true;
			start = i + 1;
			codes++;
		}
	}
	check_points(present);
	free(text);

	if (size >= 13)
	{
		int32_t		n[3];
		const char *band = NULL;
		DealStatus	st;

		memcpy(n, data, sizeof(n));
		check_parts(n[0], data[12] & 1, n[1], n[2]);
		/* raw integers are rarely small: fold them in too */
		check_parts(n[0] % 20, data[12] & 2, n[1] % 8, n[2] % 8);
		if (lace_band(n[0], &band, &st) == DEAL_OK)
			REQUIRE(n[0] >= 0 && n[0] <= LACE_MAX && band != NULL);
		else
			REQUIRE((n[0] < 0 || n[0] > LACE_MAX) && failure_ok(&st, DEAL_BAD_ARGUMENT, 0));
	}
	return 0;
}
