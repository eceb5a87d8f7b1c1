/*
 * fuzz_families.c: libFuzzer harness for the Supporting Families reader of a needs profile.
 *
 * The input is read two ways, as deal.supporting_families_eligible and _explain meet a
 * profile: as text (profile_parse, then written flat and opened), when the headline needs
 * found must be exactly those a scan of the parsed entries finds, with their weights; and as
 * a stored flat form (profile_open, at an odd address, as a value with a 1-byte header lies),
 * when whatever opens must give a count of 0 to 10 that agrees with the needs it reports.
 * Either way a family qualifies exactly when it has children and 3 needs or more.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "families.h"
#include "fuzz_common.h"

/* Read the needs of p and check them against each other; returns how many count. */
static int
check_needs(const Profile *p, FamiliesNeed needs[FAMILIES_N_NEEDS])
{
	int			counted = families_read_needs(p, needs);
	int			sum = 0;

	REQUIRE(counted >= 0 && counted <= FAMILIES_N_NEEDS);
	for (int i = 0; i < FAMILIES_N_NEEDS; i++)
	{
		REQUIRE(needs[i].counted == (needs[i].present && needs[i].weight > 0));
		REQUIRE(needs[i].present || needs[i].weight == 0);
		sum += needs[i].counted;
	}
	REQUIRE(sum == counted);
	REQUIRE(families_eligible(counted, true) == (counted >= FAMILIES_MIN_NEEDS));
	REQUIRE(!families_eligible(counted, false));
	return counted;
}

/* Parse text as a profile and check its needs against its entries. */
static void
check_text(const char *text)
{
	ProfileEntry *entries = NULL;
	uint32_t	n = 0;
	char	   *pool = NULL;
	char	   *flat;
	size_t		len;
	Profile		p;
	FamiliesNeed needs[FAMILIES_N_NEEDS];
	DealStatus	st;

	if (profile_parse(text, &alloc, &entries, &n, &pool, &st) != DEAL_OK)
	{
		free(entries);
		free(pool);
		return;
	}
	len = profile_flat_size(entries, n);
	flat = malloc(len ? len : 1);
	profile_write(entries, n, flat);
	REQUIRE(profile_open(&p, flat, len, &st) == DEAL_OK && p.n == n);
	check_needs(&p, needs);
	for (int i = 0; i < FAMILIES_N_NEEDS; i++)
	{
		const char *need = families_needs[i];
		int64_t		found = -1;

		for (uint32_t j = 0; j < n; j++)
			if (entries[j].len == strlen(need) && memcmp(entries[j].label, need, entries[j].len) == 0)
				found = j;
		REQUIRE(needs[i].present == (found >= 0));
		REQUIRE(found < 0 || needs[i].weight == entries[found].weight);
	}
	free(flat);
	free(pool);
	free(entries);
}

/* libFuzzer's entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = fuzz_copy(data, size, true);
	char	   *block = malloc(size + 1);
	Profile		p;
	FamiliesNeed needs[FAMILIES_N_NEEDS];
	DealStatus	st;

	check_text(text);
	free(text);

	memcpy(block + 1, data, size);
	if (profile_open(&p, block + 1, size, &st) == DEAL_OK)
		check_needs(&p, needs);
	free(block);
	return 0;
}
