/*
 * logistic_fit.c: fitting a logistic regression by Newton's method over gathered rows.
 *
 * First the rows are put in canonical form (features numbered in label order, rows ordered by
 * a hash of their values and then by the values, equal rows merged into weighted patterns), so
 * the sums below run in an order that depends on the rows alone; then Newton steps solve the
 * penalised normal equations by Cholesky until the coefficients settle (see logistic.h).
 */
#include "logistic.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "canonical.h"
#include "hash.h"
#include "prefetch.h"
#include "radix.h"

#define PATTERN_START ((uint64_t) 1 << 63)	/* in a sorted key: this row starts a pattern */
#define ROW_BITS 0xFFFFFFFFu
#define PREFETCH_DISTANCE 8		/* rows ahead */
#define BLOCK 64				/* dense patterns whose Hessian terms are summed together */

/* The rows seen through the canonical feature numbering. */
typedef struct RowsView
{
	const LogisticRows *r;
	const uint32_t *rank;		/* canonical number of each feature */
	const uint64_t *start;		/* first value of each row; start[n_rows] = n_values */
} RowsView;

/* The design: distinct rows (patterns) with their counts, features in label order. */
typedef struct Design
{
	uint32_t	p;				/* features */
	uint64_t	m;				/* patterns */
	double	   *n;				/* rows of each pattern */
	double	   *k;				/* positive outcomes among them */
	bool		dense;
	double	   *x;				/* dense: m * p values, row by row */
	uint64_t   *start;			/* sparse: each pattern's first value, m + 1 */
	uint32_t   *col;
	double	   *val;
	double	   *scale;			/* largest |value| of each feature */
	double	   *block;			/* dense: room for a block of patterns, 2 p BLOCK doubles */
} Design;

/* What one pass over the patterns computes at a point b. */
typedef struct Pass
{
	double		loglik;			/* the penalised log-likelihood */
	double	   *g;				/* its gradient, P = p + 1 */
	double	   *h;				/* minus its Hessian, P x P, upper triangle */
	double		certain;		/* rows fitted with probability 0 or 1, on their own side */
} Pass;

/* A hash of row i's canonical values. */
static uint32_t
row_hash(const RowsView *v, uint64_t i)
{
	uint64_t	h = 0x9E3779B97F4A7C15ULL;

	for (uint64_t e = v->start[i]; e < v->start[i + 1]; e++)
	{
		uint64_t	bits;

		memcpy(&bits, &v->r->value[e], sizeof(bits));
		h = deal_mix64(h ^ v->rank[v->r->column[e]]) ^ bits;
		h *= 0x9E3779B97F4A7C15ULL;
	}
	return (uint32_t) (deal_mix64(h) >> 32);
}

/* Compare rows a and b by their canonical values (not their outcomes). */
static int
row_compare(const RowsView *v, uint64_t a, uint64_t b)
{
	uint64_t	ea = v->start[a];
	uint64_t	eb = v->start[b];

	for (; ea < v->start[a + 1] && eb < v->start[b + 1]; ea++, eb++)
	{
		uint32_t	ca = v->rank[v->r->column[ea]];
		uint32_t	cb = v->rank[v->r->column[eb]];
		double		xa = v->r->value[ea];
		double		xb = v->r->value[eb];

		if (ca != cb)
			return ca < cb ? -1 : 1;
		if (xa != xb)
			return xa < xb ? -1 : 1;
	}
	if (ea < v->start[a + 1])
		return 1;
	if (eb < v->start[b + 1])
		return -1;
	return 0;
}

/* Sort len keys (row numbers in the low bits) by their rows' values: a merge sort. */
static void
sort_run(const RowsView *v, uint64_t *keys, uint64_t *tmp, size_t len, const DealInterrupt *intr)
{
	uint64_t   *from = keys;
	uint64_t   *to = tmp;

	for (size_t width = 1; width < len; width *= 2)
	{
		for (size_t lo = 0; lo < len; lo += 2 * width)
		{
			size_t		mid = lo + width < len ? lo + width : len;
			size_t		hi = lo + 2 * width < len ? lo + 2 * width : len;
			size_t		a = lo,
						b = mid,
						o = lo;

			DEAL_CHECK_INTERRUPTS(intr, lo);
			while (a < mid && b < hi)
				to[o++] = row_compare(v, from[b] & ROW_BITS, from[a] & ROW_BITS) < 0 ? from[b++] : from[a++];
			while (a < mid)
				to[o++] = from[a++];
			while (b < hi)
				to[o++] = from[b++];
		}
		{
			uint64_t   *swap = from;

			from = to;
			to = swap;
		}
	}
	if (from != keys)
		memcpy(keys, from, len * sizeof(uint64_t));
}

/* Fail with no memory for a fit. */
static DealCode
no_memory(DealStatus *st)
{
	return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to fit a model.");
}

/*
 * Order the rows canonically (in keys, row numbers in the low 32 bits, PATTERN_START set where
 * a new pattern starts) and count the patterns.
 */
static DealCode
order_rows(const RowsView *v, uint64_t *keys, uint64_t *tmp, const DealInterrupt *intr, uint64_t *m,
		   DealStatus *st)
{
	uint64_t	n = v->r->n_rows;

	for (uint64_t i = 0; i < n; i++)
	{
		DEAL_CHECK_INTERRUPTS(intr, i);
		keys[i] = ((uint64_t) row_hash(v, i) << 32) | i;
	}
	radix_sort(keys, tmp, n, intr);
	*m = 0;
	for (uint64_t a = 0, b; a < n; a = b)
	{
		bool		all_equal = true;

		/* a run of rows with one hash: mostly equal rows, rarely a collision */
		for (b = a + 1; b < n && (keys[b] >> 32) == (keys[a] >> 32); b++)
		{
			DEAL_CHECK_INTERRUPTS(intr, b);
			if (all_equal && row_compare(v, keys[a] & ROW_BITS, keys[b] & ROW_BITS) != 0)
				all_equal = false;
		}
		if (!all_equal)
			sort_run(v, keys + a, tmp, (size_t) (b - a), intr);
		for (uint64_t i = a; i < b; i++)
		{
			keys[i] &= ROW_BITS;
			if (i == a || (!all_equal && row_compare(v, keys[i - 1] & ROW_BITS, keys[i]) != 0))
			{
				keys[i] |= PATTERN_START;
				(*m)++;
			}
		}
	}
	deal_status_clear(st);
	return DEAL_OK;
}

/* Give back a design's arrays. */
static void
design_free(Design *d, const DealAllocator *alloc)
{
	deal_release(alloc, d->n);
	deal_release(alloc, d->k);
	deal_release(alloc, d->x);
	deal_release(alloc, d->start);
	deal_release(alloc, d->col);
	deal_release(alloc, d->val);
	deal_release(alloc, d->scale);
	deal_release(alloc, d->block);
}

/* Fill the design from the rows in canonical order (keys from order_rows). */
static DealCode
build_design(const RowsView *v, const uint64_t *keys, const DealInterrupt *intr, Design *d, DealStatus *st)
{
	const LogisticRows *r = v->r;
	const DealAllocator *alloc = r->alloc;
	uint64_t	pat = 0;
	uint64_t	e = 0;

	/*
	 * Dense when at least half the values are non-zero (over all rows, so that the choice
	 * depends on the rows alone); sparse arrays get room for every row's values.
	 */
	d->dense = d->p > 0 && r->n_values * 2 >= r->n_rows * d->p && d->m <= SIZE_MAX / 8 / d->p;
	d->n = deal_alloc(alloc, (size_t) d->m * sizeof(double));
	d->k = deal_alloc(alloc, (size_t) d->m * sizeof(double));
	d->scale = deal_alloc(alloc, ((size_t) d->p + 1) * sizeof(double));
	if (d->dense)
	{
		d->x = deal_alloc(alloc, (size_t) (d->m * d->p) * sizeof(double));
		d->block = deal_alloc(alloc, (size_t) 2 * d->p * BLOCK * sizeof(double));
	}
	else
	{
		d->start = deal_alloc(alloc, ((size_t) d->m + 1) * sizeof(uint64_t));
		d->col = deal_alloc(alloc, ((size_t) r->n_values + 1) * sizeof(uint32_t));
		d->val = deal_alloc(alloc, ((size_t) r->n_values + 1) * sizeof(double));
	}
	if (d->n == NULL || d->k == NULL || d->scale == NULL ||
		(d->dense ? d->x == NULL || d->block == NULL : d->start == NULL || d->col == NULL || d->val == NULL))
		return no_memory(st);
	if (d->dense)
		memset(d->x, 0, (size_t) (d->m * d->p) * sizeof(double));
	memset(d->scale, 0, ((size_t) d->p + 1) * sizeof(double));

	for (uint64_t i = 0; i < r->n_rows; i++)
	{
		uint64_t	row = keys[i] & ROW_BITS;

		DEAL_CHECK_INTERRUPTS(intr, i);
		/* the rows are read in an order unrelated to memory: fetch ahead */
		if (i + 2 * PREFETCH_DISTANCE < r->n_rows)
			PREFETCH(&v->start[keys[i + 2 * PREFETCH_DISTANCE] & ROW_BITS]);
		if (i + PREFETCH_DISTANCE < r->n_rows)
		{
			uint64_t	ahead = keys[i + PREFETCH_DISTANCE] & ROW_BITS;

			PREFETCH(&r->outcome[ahead]);
			if (r->n_values > 0)	/* rows without features have no value arrays at all */
			{
				PREFETCH(&r->column[v->start[ahead]]);
				PREFETCH(&r->value[v->start[ahead]]);
			}
		}
		if (keys[i] & PATTERN_START)
		{
			d->n[pat] = 0;
			d->k[pat] = 0;
			if (!d->dense)
				d->start[pat] = e;
			for (uint64_t s = v->start[row]; s < v->start[row + 1]; s++)
			{
				uint32_t	c = v->rank[r->column[s]];
				double		x = r->value[s];

				if (fabs(x) > d->scale[c])
					d->scale[c] = fabs(x);
				if (d->dense)
					d->x[pat * d->p + c] = x;
				else
				{
					d->col[e] = c;
					d->val[e++] = x;
				}
			}
			pat++;
		}
		d->n[pat - 1] += 1;
		d->k[pat - 1] += r->outcome[row];
	}
	if (!d->dense)
		d->start[d->m] = e;
	deal_status_clear(st);
	return DEAL_OK;
}

/* The log-likelihood terms, weight and residual of a pattern of n rows, k positive, at eta. */
static inline void
pattern_terms(double eta, double n, double k, Pass *out, double *w, double *resid)
{
	double		e = exp(-fabs(eta));	/* in [0, 1]: never overflows */
	double		p = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
	double		q = eta >= 0 ? e / (1 + e) : 1 / (1 + e);	/* 1 - p, without cancellation */

	/* k eta - n log(1 + exp(eta)), with log(1 + exp(eta)) = max(eta, 0) + log1p(exp(-|eta|)) */
	out->loglik += k * eta - n * ((eta > 0 ? eta : 0) + log1p(e));
	*w = n * e / ((1 + e) * (1 + e));
	/* k - n p, written so that it does not round to 0 when p rounds to 1 */
	*resid = k * q - (n - k) * p;
	if (fabs(eta) > LOGISTIC_CERTAIN && (eta > 0 ? k == n : k == 0))
		out->certain += n;
}

/*
 * Add to the upper triangle of h (P x P, P = p + 1) the Hessian terms of a block of n dense
 * patterns: xt holds their values feature by feature (p rows of BLOCK), wx the same times each
 * pattern's weight; w the weights.  Each sum over the block runs in four fixed interleaved
 * parts, so it is as deterministic as a plain loop and faster.
 */
static void
add_block(double *h, uint32_t p, const double *xt, const double *wx, const double *w, uint32_t n)
{
	uint32_t	P = p + 1;
	double		s[4] = {0, 0, 0, 0};

	for (uint32_t i = 0; i < n; i++)
		s[i % 4] += w[i];
	h[0] += (s[0] + s[1]) + (s[2] + s[3]);
	for (uint32_t j = 0; j < p; j++)
	{
		const double *a = wx + (size_t) j * BLOCK;
		double	   *row = h + (size_t) (j + 1) * P + 1;

		s[0] = s[1] = s[2] = s[3] = 0;
		for (uint32_t i = 0; i < n; i++)
			s[i % 4] += a[i];
		h[j + 1] += (s[0] + s[1]) + (s[2] + s[3]);
		for (uint32_t c = j; c < p; c++)
		{
			const double *x = xt + (size_t) c * BLOCK;
			double		s0 = 0,
						s1 = 0,
						s2 = 0,
						s3 = 0;
			uint32_t	i = 0;

			for (; i + 4 <= n; i += 4)
			{
				s0 += a[i] * x[i];
				s1 += a[i + 1] * x[i + 1];
				s2 += a[i + 2] * x[i + 2];
				s3 += a[i + 3] * x[i + 3];
			}
			for (; i < n; i++)
				s0 += a[i] * x[i];
			row[c] += (s0 + s1) + (s2 + s3);
		}
	}
}

/* One pass over the patterns at b: log-likelihood, gradient and minus the Hessian. */
static void
pass(const Design *d, const double *b, double l2, Pass *out, const DealInterrupt *intr)
{
	uint32_t	p = d->p;
	uint32_t	P = p + 1;
	double	   *g = out->g;
	double	   *h = out->h;
	double		w_block[BLOCK];
	uint32_t	in_block = 0;

	out->loglik = 0;
	out->certain = 0;
	memset(g, 0, P * sizeof(double));
	memset(h, 0, (size_t) P * P * sizeof(double));
	for (uint64_t i = 0; i < d->m; i++)
	{
		double		eta = b[0];
		double		w,
					resid;

		DEAL_CHECK_INTERRUPTS(intr, i);
		if (d->dense)
		{
			const double *x = d->x + i * p;
			double	   *xt = d->block;
			double	   *wx = d->block + (size_t) p * BLOCK;

			for (uint32_t j = 0; j < p; j++)
				eta += b[j + 1] * x[j];
			pattern_terms(eta, d->n[i], d->k[i], out, &w, &resid);
			g[0] += resid;
			for (uint32_t j = 0; j < p; j++)
			{
				g[j + 1] += resid * x[j];
				xt[(size_t) j * BLOCK + in_block] = x[j];
				wx[(size_t) j * BLOCK + in_block] = w * x[j];
			}
			w_block[in_block++] = w;
			if (in_block == BLOCK || i + 1 == d->m)
			{
				add_block(h, p, xt, wx, w_block, in_block);
				in_block = 0;
			}
		}
		else
		{
			uint64_t	s0 = d->start[i];
			uint64_t	s1 = d->start[i + 1];

			for (uint64_t s = s0; s < s1; s++)
				eta += b[d->col[s] + 1] * d->val[s];
			pattern_terms(eta, d->n[i], d->k[i], out, &w, &resid);
			g[0] += resid;
			h[0] += w;
			for (uint64_t s = s0; s < s1; s++)
			{
				uint32_t	j = d->col[s] + 1;
				double		wx = w * d->val[s];
				double	   *row = h + (size_t) j * P;

				g[j] += resid * d->val[s];
				h[j] += wx;
				for (uint64_t t = s; t < s1; t++)
					row[d->col[t] + 1] += wx * d->val[t];
			}
		}
	}
	for (uint32_t j = 1; j < P; j++)
	{
		out->loglik -= l2 / 2 * b[j] * b[j];
		g[j] -= l2 * b[j];
		h[(size_t) j * P + j] += l2;
	}
}

/* Are the pass's sums all finite? */
static bool
pass_finite(const Pass *ps, uint32_t P)
{
	if (!isfinite(ps->loglik))
		return false;
	for (uint32_t j = 0; j < P; j++)
	{
		if (!isfinite(ps->g[j]))
			return false;
		for (uint32_t c = j; c < P; c++)
			if (!isfinite(ps->h[(size_t) j * P + c]))
				return false;
	}
	return true;
}

/*
 * Factor the P x P matrix h (upper triangle) as L L' into l (lower triangle); the column whose
 * pivot falls below LOGISTIC_PIVOT_TOLERANCE of its diagonal, or P when none does.
 */
static uint32_t
cholesky(const double *h, double *l, uint32_t P)
{
	for (uint32_t j = 0; j < P; j++)
	{
		double		d = h[(size_t) j * P + j];

		for (uint32_t c = 0; c < j; c++)
			d -= l[(size_t) j * P + c] * l[(size_t) j * P + c];
		if (!(d > LOGISTIC_PIVOT_TOLERANCE * h[(size_t) j * P + j]) || !isfinite(d))
			return j;
		d = sqrt(d);
		l[(size_t) j * P + j] = d;
		for (uint32_t i = j + 1; i < P; i++)
		{
			double		s = h[(size_t) j * P + i];	/* h[i][j], from the upper triangle */

			for (uint32_t c = 0; c < j; c++)
				s -= l[(size_t) i * P + c] * l[(size_t) j * P + c];
			l[(size_t) i * P + j] = s / d;
		}
	}
	return P;
}

/* Solve L L' s = g for s. */
static void
cholesky_solve(const double *l, const double *g, double *s, uint32_t P)
{
	for (uint32_t i = 0; i < P; i++)
	{
		double		t = g[i];

		for (uint32_t c = 0; c < i; c++)
			t -= l[(size_t) i * P + c] * s[c];
		s[i] = t / l[(size_t) i * P + i];
	}
	for (uint32_t i = P; i-- > 0;)
	{
		double		t = s[i];

		for (uint32_t c = i + 1; c < P; c++)
			t -= l[(size_t) c * P + i] * s[c];
		s[i] = t / l[(size_t) i * P + i];
	}
}

/* Canonical feature j's label (0-based) in r. */
static const char *
feature_label(const LogisticRows *r, const uint32_t *names, uint32_t j, uint32_t *len)
{
	uint32_t	f = names[j];
	uint32_t	start = f == 0 ? 0 : r->label_end[f - 1];

	*len = r->label_end[f] - start;
	return r->pool + start;
}

/* The feature (0-based, canonical) that moved the linear predictor most in step s, or p if none. */
static uint32_t
most_moved(const Design *d, const double *s)
{
	uint32_t	best = d->p;
	double		most = -1;

	for (uint32_t j = 0; j < d->p; j++)
	{
		double		moved = fabs(s[j + 1]) * d->scale[j];

		if (moved > most)
		{
			most = moved;
			best = j;
		}
	}
	return best;
}

/* The state of Newton's method, its scratch arrays in one block. */
typedef struct Newton
{
	uint32_t	P;
	double	   *b;				/* the current coefficients */
	double	   *trial;			/* the coefficients tried */
	double	   *step;
	double	   *l;				/* Cholesky factor */
	Pass		at_b;			/* the pass at b */
	Pass		at_trial;		/* the pass at trial */
} Newton;

/*
 * Fail: perfect separation, naming the feature whose pivot failed (column >= 1), or else the
 * one that moved most in the last step.
 */
static DealCode
separation(const LogisticRows *r, const uint32_t *names, const Design *d, const Newton *nt, uint32_t column,
		   DealStatus *st)
{
	uint32_t	j = column >= 1 && column <= d->p ? column - 1 : most_moved(d, nt->step);
	uint32_t	len = 0;
	const char *label = j < d->p ? feature_label(r, names, j, &len) : "";

	if (nt->at_b.certain > 0)
		deal_fail(st, DEAL_BAD_ARGUMENT, -1,
				  "The coefficients diverge: %.0f of %.0f rows are fitted with probability exactly 0 or 1, "
				  "and the coefficient of \"%.*s\" moves the most.",
				  nt->at_b.certain, (double) r->n_rows, (int) len, label);
	else
		deal_fail(st, DEAL_BAD_ARGUMENT, -1,
				  "The coefficients diverge: the rows the model fits ever closer to probability 0 or 1 "
				  "weigh ever less, and the others do not determine the coefficient of \"%.*s\".",
				  (int) len, label);
	deal_set_message(st, "perfect separation: feature \"%.*s\" predicts the outcome exactly", (int) len, label);
	deal_set_hint(st, "Pass a ridge penalty l2 > 0, as deal.logistic_fit(outcome, features, 1.0), "
				  "or drop feature \"%.*s\".", (int) len, label);
	return DEAL_BAD_ARGUMENT;
}

/* Fail: a feature is constant or a linear combination of the ones before it. */
static DealCode
singular(const LogisticRows *r, const uint32_t *names, uint32_t column, DealStatus *st)
{
	uint32_t	len = 0;
	const char *label;

	if (column == 0)
	{
		deal_fail(st, DEAL_BAD_ARGUMENT, -1, "Every row is fitted with probability exactly 0 or 1.");
		deal_set_message(st, "cannot fit a logistic model: the rows carry no information about the intercept");
		return DEAL_BAD_ARGUMENT;
	}
	label = feature_label(r, names, column - 1, &len);
	deal_fail(st, DEAL_BAD_ARGUMENT, -1,
			  "Feature \"%.*s\" is constant, or a linear combination of the intercept and of the features before it in label order.",
			  (int) len, label);
	deal_set_message(st, "singular design: feature \"%.*s\" is collinear", (int) len, label);
	deal_set_hint(st, "Drop feature \"%.*s\", or pass a ridge penalty l2 > 0, as deal.logistic_fit(outcome, features, 1.0).",
				  (int) len, label);
	return DEAL_BAD_ARGUMENT;
}

/* Fail: the sums overflow, naming the feature with the largest values. */
static DealCode
overflow(const LogisticRows *r, const uint32_t *names, const Design *d, DealStatus *st)
{
	uint32_t	best = 0;
	uint32_t	len = 0;
	const char *label = "";

	for (uint32_t j = 1; j < d->p; j++)
		if (d->scale[j] > d->scale[best])
			best = j;
	if (d->p > 0)
		label = feature_label(r, names, best, &len);
	deal_fail(st, DEAL_BAD_ARGUMENT, -1, "The sums of the fit overflow; feature \"%.*s\" has values up to %g.",
			  (int) len, label, d->p > 0 ? d->scale[best] : 0.0);
	deal_set_message(st, "cannot fit a logistic model: the values are too large");
	deal_set_hint(st, "Rescale the features, for example to units of a typical value.");
	return DEAL_BAD_ARGUMENT;
}

/* Has the step from b settled: every coefficient moved by at most tol * (1 + |b_j|)? */
static bool
settled(const double *step, const double *b, uint32_t P, double tol)
{
	for (uint32_t j = 0; j < P; j++)
		if (!(fabs(step[j]) <= tol * (1 + fabs(b[j]))))
			return false;
	return true;
}

/* Fail: no convergence; perfect separation if some rows are fitted with certainty. */
static DealCode
not_converged(const LogisticRows *r, const uint32_t *names, const Design *d, const Newton *nt, DealStatus *st)
{
	if (nt->at_b.certain > 0)
		return separation(r, names, d, nt, 0, st);
	deal_fail(st, DEAL_BAD_ARGUMENT, -1, "Newton's method took %d steps without the coefficients settling.",
			  LOGISTIC_MAX_ITERATIONS);
	deal_set_message(st, "logistic regression did not converge");
	deal_set_hint(st, "Rescale the features, or pass a ridge penalty l2 > 0.");
	return DEAL_BAD_ARGUMENT;
}

/* Run Newton's method on the design from nt->b; the coefficients end in nt->b. */
static DealCode
newton(const LogisticRows *r, const uint32_t *names, const Design *d, double l2, Newton *nt,
	   const DealInterrupt *intr, LogisticFitInfo *info, DealStatus *st)
{
	uint32_t	P = nt->P;

	pass(d, nt->b, l2, &nt->at_b, intr);
	info->passes++;
	if (!pass_finite(&nt->at_b, P))
		return overflow(r, names, d, st);
	memset(nt->step, 0, P * sizeof(double));
	for (uint32_t iteration = 1; iteration <= LOGISTIC_MAX_ITERATIONS; iteration++)
	{
		uint32_t	bad = cholesky(nt->at_b.h, nt->l, P);
		double		t = 1;
		double		floor_loglik;

		/*
		 * At the first step every row has the same weight, so a failing pivot is the design's
		 * own; later it is the weights of rows fitted ever closer to 0 or 1 vanishing, and so
		 * no longer determining a coefficient: separation.
		 */
		if (bad < P)
			return iteration > 1 || nt->at_b.certain > 0 ? separation(r, names, d, nt, bad, st) :
				singular(r, names, bad, st);
		cholesky_solve(nt->l, nt->at_b.g, nt->step, P);
		info->iterations = iteration;
		/*
		 * A step this small is Newton's in its quadratic phase: b was already within it of
		 * the optimum, and b + step is within about its square; no pass is needed to check it.
		 */
		if (settled(nt->step, nt->b, P, LOGISTIC_STEP_TOLERANCE))
		{
			for (uint32_t j = 0; j < P; j++)
				nt->b[j] += nt->step[j];
			return DEAL_OK;
		}
		/* rounding in a sum over the rows: a change in L below this is noise */
		floor_loglik = 1e-11 * (1 + fabs(nt->at_b.loglik));
		for (int halving = 0;; halving++)
		{
			Pass		swap;

			for (uint32_t j = 0; j < P; j++)
				nt->trial[j] = nt->b[j] + t * nt->step[j];
			pass(d, nt->trial, l2, &nt->at_trial, intr);
			info->passes++;
			if (pass_finite(&nt->at_trial, P) && nt->at_trial.loglik >= nt->at_b.loglik - floor_loglik)
			{
				for (uint32_t j = 0; j < P; j++)
					nt->step[j] *= t;
				memcpy(nt->b, nt->trial, P * sizeof(double));
				swap = nt->at_b;
				nt->at_b = nt->at_trial;
				nt->at_trial = swap;
				break;
			}
			if (halving == 40)
			{
				/* no fraction of a step that is not small improves L */
				if (!pass_finite(&nt->at_trial, P) && nt->at_b.certain == 0)
					return overflow(r, names, d, st);
				return not_converged(r, names, d, nt, st);
			}
			t /= 2;
		}
	}
	return not_converged(r, names, d, nt, st);
}

/* Count the rows and the positive ones; fail if every outcome is the same. */
static DealCode
check_outcomes(const LogisticRows *r, double *positive, DealStatus *st)
{
	uint64_t	k = 0;

	for (uint64_t i = 0; i < r->n_rows; i++)
		k += r->outcome[i];
	*positive = (double) k;
	if (k == 0 || k == r->n_rows)
	{
		deal_fail(st, DEAL_BAD_ARGUMENT, -1, "All %llu rows have outcome %s, so the intercept would be %s infinity.",
				  (unsigned long long) r->n_rows, k == 0 ? "false" : "true", k == 0 ? "minus" : "plus");
		deal_set_message(st, "cannot fit a logistic model: every outcome is %s", k == 0 ? "false" : "true");
		deal_set_hint(st, "A model needs rows with each outcome.");
		return DEAL_BAD_ARGUMENT;
	}
	return DEAL_OK;
}

/* Fit the model. */
DealCode
logistic_fit(const LogisticRows *r, const DealInterrupt *intr, ProfileEntry **model, uint32_t *n,
			 LogisticFitInfo *info, DealStatus *st)
{
	const DealAllocator *alloc = r->alloc;
	uint32_t	p = r->n_features;
	uint32_t	P = p + 1;
	uint32_t   *rank = NULL;
	uint32_t   *names = NULL;
	uint64_t   *start = NULL;
	uint64_t   *keys = NULL;
	uint64_t   *tmp = NULL;
	double	   *scratch = NULL;
	Design		d;
	Newton		nt;
	RowsView	v;
	double		positive;
	DealCode	code;

	*model = NULL;
	*n = 0;
	memset(info, 0, sizeof(*info));
	memset(&d, 0, sizeof(d));
	info->rows = r->n_rows;
	if (r->n_rows == 0)
	{
		deal_status_clear(st);
		return DEAL_OK;
	}
	if (check_outcomes(r, &positive, st) != DEAL_OK)
		return st->code;

	rank = deal_alloc(alloc, (size_t) P * sizeof(uint32_t));
	names = deal_alloc(alloc, (size_t) P * sizeof(uint32_t));
	start = deal_alloc(alloc, ((size_t) r->n_rows + 1) * sizeof(uint64_t));
	keys = deal_alloc(alloc, (size_t) r->n_rows * sizeof(uint64_t));
	tmp = deal_alloc(alloc, (size_t) r->n_rows * sizeof(uint64_t));
	if (rank == NULL || names == NULL || start == NULL || keys == NULL || tmp == NULL ||
		logistic_rows_order_features(r, rank, names) != DEAL_OK)
	{
		code = no_memory(st);
		goto done;
	}
	start[0] = 0;
	for (uint64_t i = 0; i < r->n_rows; i++)
		start[i + 1] = start[i] + r->count[i];
	v = (RowsView) {r, rank, start};
	if ((code = order_rows(&v, keys, tmp, intr, &info->patterns, st)) != DEAL_OK)
		goto done;
	d.p = p;
	d.m = info->patterns;
	code = build_design(&v, keys, intr, &d, st);
	deal_release(alloc, tmp);
	deal_release(alloc, keys);
	deal_release(alloc, start);
	tmp = keys = start = NULL;
	if (code != DEAL_OK)
		goto done;
	info->dense = d.dense;

	/* b, trial, step: P each; l, two gradients and two Hessians */
	scratch = deal_alloc(alloc, ((size_t) 5 * P + (size_t) 3 * P * P) * sizeof(double));
	*model = deal_alloc(alloc, (size_t) P * sizeof(ProfileEntry));
	if (scratch == NULL || *model == NULL)
	{
		code = no_memory(st);
		goto done;
	}
	memset(scratch, 0, ((size_t) 5 * P + (size_t) 3 * P * P) * sizeof(double));
	nt.P = P;
	nt.b = scratch;
	nt.trial = nt.b + P;
	nt.step = nt.trial + P;
	nt.at_b.g = nt.step + P;
	nt.at_trial.g = nt.at_b.g + P;
	nt.l = nt.at_trial.g + P;
	nt.at_b.h = nt.l + (size_t) P * P;
	nt.at_trial.h = nt.at_b.h + (size_t) P * P;
	nt.b[0] = log(positive / ((double) r->n_rows - positive));
	code = newton(r, names, &d, r->has_l2 ? r->l2 : 0, &nt, intr, info, st);
	if (code != DEAL_OK)
		goto done;

	for (uint32_t j = 0; j < P; j++)
		if (!isfinite(nt.b[j]))
		{
			code = overflow(r, names, &d, st);
			goto done;
		}
	(*model)[0] = (ProfileEntry) {DEAL_INTERCEPT_LABEL, DEAL_INTERCEPT_LEN, canonical_double(nt.b[0])};
	for (uint32_t j = 0; j < p; j++)
	{
		uint32_t	len;
		const char *label = feature_label(r, names, j, &len);

		(*model)[j + 1] = (ProfileEntry) {label, len, canonical_double(nt.b[j + 1])};
	}
	*n = P;
	deal_status_clear(st);
	code = DEAL_OK;

done:
	if (code != DEAL_OK)
	{
		deal_release(alloc, *model);
		*model = NULL;
	}
	deal_release(alloc, scratch);
	design_free(&d, alloc);
	deal_release(alloc, tmp);
	deal_release(alloc, keys);
	deal_release(alloc, start);
	deal_release(alloc, names);
	deal_release(alloc, rank);
	return code;
}
