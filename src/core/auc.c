/*
 * auc.c: the c-statistic by sorting each class's scores and walking them together.
 */
#include "auc.h"

#include <math.h>
#include <string.h>

#include "byteorder.h"
#include "radix.h"

/* No scores yet, allocating through alloc. */
void
auc_init(AucScores *s, const DealAllocator *alloc)
{
	memset(s, 0, sizeof(*s));
	s->alloc = alloc;
}

/* Give back what s holds; it is then empty. */
void
auc_free(AucScores *s)
{
	deal_release(s->alloc, s->score[0]);
	deal_release(s->alloc, s->score[1]);
	auc_init(s, s->alloc);
}

/* Make room for extra more scores of class c; false if no memory. */
static bool
reserve(AucScores *s, int c, uint64_t extra)
{
	uint64_t	need = s->n[c] + extra;
	uint64_t	grown = s->capacity[c] < 64 ? 64 : s->capacity[c];
	double	   *p;

	if (need <= s->capacity[c])
		return true;
	while (grown < need)
		grown *= 2;
	if (grown > SIZE_MAX / sizeof(double))
		return false;
	p = deal_resize(s->alloc, s->score[c], (size_t) grown * sizeof(double));
	if (p == NULL)
		return false;
	s->score[c] = p;
	s->capacity[c] = grown;
	return true;
}

/* One bit pattern per score as PostgreSQL orders them: NaN as the NAN macro's, -0 as 0. */
static inline double
canonical_score(double x)
{
	if (isnan(x))
		return NAN;
	return x == 0 ? 0.0 : x;
}

/* Add one score of a row with outcome. */
DealCode
auc_add(AucScores *s, double score, bool outcome, DealStatus *st)
{
	int			c = outcome ? 1 : 0;

	if (!reserve(s, c, 1))
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for the scores of deal.auc.");
	s->score[c][s->n[c]++] = canonical_score(score);
	deal_status_clear(st);
	return DEAL_OK;
}

/* Add every score of other to s. */
DealCode
auc_merge(AucScores *s, const AucScores *other, DealStatus *st)
{
	for (int c = 0; c < 2; c++)
	{
		if (other->n[c] == 0)
			continue;
		if (!reserve(s, c, other->n[c]))
			return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for the scores of deal.auc.");
		memcpy(s->score[c] + s->n[c], other->score[c], (size_t) other->n[c] * sizeof(double));
		s->n[c] += other->n[c];
	}
	deal_status_clear(st);
	return DEAL_OK;
}

/* Bytes of the serialised form. */
size_t
auc_serial_size(const AucScores *s)
{
	return 2 * sizeof(uint64_t) + (size_t) (s->n[0] + s->n[1]) * sizeof(double);
}

/* Write the serialised form to out. */
void
auc_serialize(const AucScores *s, char *out)
{
	deal_le_write(out, s->n, sizeof(uint64_t), 2);
	out += 2 * sizeof(uint64_t);
	for (int c = 0; c < 2; c++)
	{
		deal_le_write(out, s->score[c], sizeof(double), (size_t) s->n[c]);
		out += s->n[c] * sizeof(double);
	}
}

/* Read a serialised form of len bytes into s (empty). */
DealCode
auc_deserialize(AucScores *s, const char *in, size_t len, DealStatus *st)
{
	uint64_t	n[2];

	if (len < 2 * sizeof(uint64_t))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.auc state is truncated.");
	deal_le_read(n, in, sizeof(uint64_t), 2);
	in += 2 * sizeof(uint64_t);
	len -= 2 * sizeof(uint64_t);
	if (n[0] > len / sizeof(double) || n[1] > len / sizeof(double) - n[0] ||
		(n[0] + n[1]) * sizeof(double) != len)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.auc state has the wrong length.");
	for (int c = 0; c < 2; c++)
	{
		if (n[c] == 0)
			continue;
		if (!reserve(s, c, n[c]))
			return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for the scores of deal.auc.");
		for (uint64_t i = 0; i < n[c]; i++)
		{
			double		x;

			deal_le_read(&x, in + i * sizeof(double), sizeof(double), 1);
			s->score[c][i] = canonical_score(x);
		}
		s->n[c] = n[c];
		in += n[c] * sizeof(double);
	}
	deal_status_clear(st);
	return DEAL_OK;
}

/* Sort n scores in place as PostgreSQL orders them, through tmp (room for n). */
static void
sort_scores(double *scores, uint64_t *tmp, uint64_t n, const DealInterrupt *intr)
{
	uint64_t   *keys = (uint64_t *) scores;	/* doubles and their keys share the memory */

	for (uint64_t i = 0; i < n; i++)
	{
		uint64_t	k = radix_double_key(scores[i]);

		memcpy(&keys[i], &k, sizeof(k));
	}
	radix_sort(keys, tmp, (size_t) n, intr);
	for (uint64_t i = 0; i < n; i++)
	{
		uint64_t	k = keys[i];
		uint64_t	u = k == UINT64_MAX ? 0 : (k >> 63) ? k & ~((uint64_t) 1 << 63) : ~k;
		double		x;

		memcpy(&x, &u, sizeof(x));
		scores[i] = k == UINT64_MAX ? NAN : x;
	}
}

/* The c-statistic. */
DealCode
auc_compute(AucScores *s, const DealInterrupt *intr, double *auc, bool *defined, DealStatus *st)
{
	uint64_t   *tmp;
	uint64_t	n0 = s->n[0];
	uint64_t	n1 = s->n[1];
	uint64_t	twice_u = 0;	/* 2 x (pairs won + half the ties) */
	uint64_t	below = 0;		/* negatives scoring below the current positive */
	uint64_t	j = 0;

	*auc = 0;
	*defined = false;
	if (n0 == 0 || n1 == 0)
	{
		deal_status_clear(st);
		return DEAL_OK;
	}
	if (n0 > AUC_MAX_PAIRS / n1)
		return deal_fail(st, DEAL_TOO_BIG, -1, "deal.auc counts at most 2^62 pairs; got %llu positive and %llu negative rows.",
						 (unsigned long long) n1, (unsigned long long) n0);
	tmp = deal_alloc(s->alloc, (size_t) (n0 > n1 ? n0 : n1) * sizeof(uint64_t));
	if (tmp == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to sort the scores of deal.auc.");
	sort_scores(s->score[0], tmp, n0, intr);
	sort_scores(s->score[1], tmp, n1, intr);
	deal_release(s->alloc, tmp);

	for (uint64_t i = 0; i < n1;)
	{
		uint64_t	key = radix_double_key(s->score[1][i]);
		uint64_t	run = 0;
		uint64_t	tied = 0;

		DEAL_CHECK_INTERRUPTS(intr, i);
		while (j < n0 && radix_double_key(s->score[0][j]) < key)
		{
			j++;
			below++;
		}
		while (j + tied < n0 && radix_double_key(s->score[0][j + tied]) == key)
			tied++;
		while (i < n1 && radix_double_key(s->score[1][i]) == key)
		{
			i++;
			run++;
		}
		twice_u += run * (2 * below + tied);
	}
	*auc = (double) twice_u / (2.0 * (double) n0 * (double) n1);
	*defined = true;
	deal_status_clear(st);
	return DEAL_OK;
}
