/*
 * exact_sum.c: exact sums of doubles as Shewchuk's partials (the algorithm of Python's
 * math.fsum), rounded once at the end; huge weights summed apart, scaled, so that nothing
 * overflows before that rounding.
 */
#include "exact_sum.h"

#include <math.h>
#include <string.h>

/* What a huge list's partial stays under (scaled); beyond it the list is damaged. */
#define HUGE_PARTIAL_LIMIT 0x1p250

/* The exponent of EXACT_SUM_HUGE: a huge partial p stands for p * 2^HUGE_SHIFT. */
#define HUGE_SHIFT 900

/*
 * Add x to the n nonoverlapping partials at p, in increasing magnitude, keeping them so;
 * returns the new count, at most n + 1 (p has room for that).  Each step splits x + y into
 * its rounded sum and the exact rounding error (Fast2Sum, the larger first), keeps the error
 * unless it is zero, and carries the sum up.
 */
static uint32_t
grow(double *p, uint32_t n, double x)
{
	uint32_t	kept = 0;

	for (uint32_t j = 0; j < n; j++)
	{
		double		y = p[j];
		double		hi;
		double		lo;

		if (fabs(x) < fabs(y))
		{
			double		t = x;

			x = y;
			y = t;
		}
		hi = x + y;
		lo = y - (hi - x);
		if (lo != 0)
			p[kept++] = lo;
		x = hi;
	}
	if (x != 0)
		p[kept++] = x;
	return kept;
}

/* Add x to the huge list (huge) or the small one; false if the list is damaged. */
static bool
add_to_list(double *partials, ExactSumSize *size, bool huge, double x)
{
	const double *list = partials;
	uint32_t	n;

	if (huge)
	{
		list = partials + size->small;
		n = grow(partials + size->small, size->huge, x);
		size->huge = (uint16_t) n;
	}
	else
	{
		/* the huge list follows the small one: move it out of the way, then back */
		if (size->huge > 0)
			memmove(partials + size->small + 1, partials + size->small, size->huge * sizeof(double));
		n = grow(partials, size->small, x);
		if (size->huge > 0 && n != size->small + 1u)
			memmove(partials + n, partials + size->small + 1, size->huge * sizeof(double));
		size->small = (uint16_t) n;
	}
	/* an overflow leaves an infinity (or a NaN) on top */
	return n <= EXACT_SUM_MAX_PARTIALS && (n == 0 || isfinite(list[n - 1]));
}

/* Add x to the sum in partials; false only if x is not finite or the partials were damaged. */
bool
exact_sum_add(double *partials, ExactSumSize *size, double x)
{
	if (!isfinite(x))
		return false;
	if (fabs(x) >= EXACT_SUM_HUGE)
		return add_to_list(partials, size, true, x * EXACT_SUM_HUGE_SCALE);
	return add_to_list(partials, size, false, x);
}

/* Add a partial of another sum's huge list (already scaled) to the sum in partials. */
bool
exact_sum_add_huge(double *partials, ExactSumSize *size, double scaled)
{
	if (!(fabs(scaled) < HUGE_PARTIAL_LIMIT))
		return false;
	return add_to_list(partials, size, true, scaled);
}

/*
 * The n nonoverlapping partials at p rounded to the nearest double, ties to even: Python's
 * math.fsum.  Add from the top while the sum stays exact; where it first is not, the error
 * lo is at most half an ulp of hi, and if it is exactly half an ulp, the next partial down
 * (same sign) tips the tie away from even.  The small list never comes near overflow.
 */
static double
round_partials(const double *p, uint32_t n)
{
	double		hi;
	double		lo = 0;

	if (n == 0)
		return 0;
	hi = p[--n];
	while (n > 0)
	{
		double		x = hi;
		double		y = p[--n];

		hi = x + y;
		lo = y - (hi - x);
		if (lo != 0)
			break;
	}
	if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0)))
	{
		double		y = lo * 2;
		double		x = hi + y;

		if (y == x - hi)
			hi = x;
	}
	return hi;
}

/*
 * An integer in units of 2^-1074 (the smallest subnormal), wide enough for any sum of the
 * partials: BIG_CHUNKS digits of 32 bits, each kept in an int64_t so that carries can wait
 * until the end.
 */
#define BIG_CHUNKS 72
#define BIG_MASK INT64_C(0xFFFFFFFF)

/* Add x * 2^shift (x finite) to big; false if it lies beyond big's digits. */
static bool
big_add(int64_t *big, double x, int shift)
{
	uint64_t	bits;
	uint64_t	m;
	uint64_t	rest;
	int			biased;
	int			pos;
	int			c;
	int			off;
	int64_t		pieces[3];

	memcpy(&bits, &x, sizeof(bits));
	biased = (int) ((bits >> 52) & 0x7FF);
	m = bits & ((UINT64_C(1) << 52) - 1);
	if (biased == 0x7FF)
		return false;
	if (biased != 0)
		m |= UINT64_C(1) << 52;
	/* |x| = m * 2^(pos - 1074) */
	pos = (biased == 0 ? 0 : biased - 1) + shift;
	c = pos / 32;
	off = pos % 32;
	if (c + 2 >= BIG_CHUNKS)
		return false;
	rest = m >> (32 - off);
	pieces[0] = (int64_t) ((m << off) & BIG_MASK);
	pieces[1] = (int64_t) (rest & BIG_MASK);
	pieces[2] = (int64_t) (rest >> 32);
	for (int k = 0; k < 3; k++)
		big[c + k] += (bits >> 63) ? -pieces[k] : pieces[k];
	return true;
}

/* Bit pos of big (normalised: every digit in [0, 2^32)). */
static int
big_bit(const int64_t *big, int pos)
{
	return (int) ((big[pos / 32] >> (pos % 32)) & 1);
}

/* Is any bit of big below pos set? */
static bool
big_any_below(const int64_t *big, int pos)
{
	for (int c = 0; c < pos / 32; c++)
		if (big[c] != 0)
			return true;
	return (big[pos / 32] & ((INT64_C(1) << (pos % 32)) - 1)) != 0;
}

/* big rounded to the nearest double, ties to even (big is overwritten). */
static double
big_round(int64_t *big)
{
	int64_t		carry = 0;
	bool		negative;
	int			top;
	uint64_t	m = 0;
	double		r;

	/* carry, so that every digit is in [0, 2^32); what is left over is the sign (0 or -1) */
	for (int i = 0; i < BIG_CHUNKS; i++)
	{
		int64_t		v = big[i] + carry;

		big[i] = v & BIG_MASK;
		carry = (v - big[i]) / (INT64_C(1) << 32);
	}
	negative = carry < 0;
	if (negative)
	{
		/* the magnitude is 2^(32 BIG_CHUNKS) minus the digits: complement, add one */
		int64_t		add = 1;

		for (int i = 0; i < BIG_CHUNKS; i++)
		{
			int64_t		v = (~big[i] & BIG_MASK) + add;

			big[i] = v & BIG_MASK;
			add = v >> 32;
		}
	}

	for (top = BIG_CHUNKS * 32 - 1; top >= 0 && !big_bit(big, top); top--)
		;
	if (top < 0)
		return 0;
	if (top < 53)
		r = ldexp((double) (uint64_t) (big[0] | (big[1] << 32)), -1074);	/* exact */
	else
	{
		for (int b = top; b > top - 53; b--)
			m = (m << 1) | (uint64_t) big_bit(big, b);
		if (big_bit(big, top - 53) && ((m & 1) || big_any_below(big, top - 53)))
			m++;
		if (m >> 53)
		{
			m >>= 1;
			top++;
		}
		r = ldexp((double) m, top - 52 - 1074);	/* infinite beyond the range */
	}
	return negative ? -r : r;
}

/* The exact total by integer arithmetic over every bit of the partials. */
double
exact_sum_value_by_integers(const double *partials, ExactSumSize size)
{
	int64_t		big[BIG_CHUNKS] = {0};

	for (uint32_t i = 0; i < exact_sum_count(size); i++)
		if (!big_add(big, partials[i], i < size.small ? 0 : HUGE_SHIFT))
			return NAN;			/* a damaged list: not a sum at all */
	return big_round(big);
}

/* The exact total rounded to the nearest double, ties to even: an infinity beyond the range. */
double
exact_sum_value(const double *partials, ExactSumSize size)
{
	if (size.huge > 0)
		return exact_sum_value_by_integers(partials, size);
	return round_partials(partials, size.small);
}
