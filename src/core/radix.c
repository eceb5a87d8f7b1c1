/*
 * radix.c: LSD radix sort of 64-bit keys.
 */
#include "radix.h"

#include <stdbool.h>

/* Sort n keys ascending; tmp has room for n keys; the hook is called as the sort goes. */
void
radix_sort(uint64_t *keys, uint64_t *tmp, size_t n, const DealInterrupt *intr)
{
	size_t		counts[8][256];
	uint64_t   *from = keys;
	uint64_t   *to = tmp;

	memset(counts, 0, sizeof(counts));
	for (size_t i = 0; i < n; i++)
	{
		uint64_t	k = keys[i];

		DEAL_CHECK_INTERRUPTS(intr, i);
		for (int b = 0; b < 8; b++)
			counts[b][(k >> (8 * b)) & 0xFF]++;
	}
	for (int b = 0; b < 8; b++)
	{
		size_t		sum = 0;
		bool		one_bucket = false;

		for (int d = 0; d < 256; d++)
		{
			size_t		c = counts[b][d];

			if (c == n)
				one_bucket = true;
			counts[b][d] = sum;
			sum += c;
		}
		if (one_bucket)
			continue;			/* every key has this byte: the order stays */
		for (size_t i = 0; i < n; i++)
		{
			uint64_t	k = from[i];

			DEAL_CHECK_INTERRUPTS(intr, i);
			to[counts[b][(k >> (8 * b)) & 0xFF]++] = k;
		}
		{
			uint64_t   *swap = from;

			from = to;
			to = swap;
		}
	}
	if (from != keys)
		memcpy(keys, from, n * sizeof(uint64_t));
}
