/*
 * logistic.h: local risk models: logistic regression fitted by Newton's method over rows an
 * aggregate gathers, scored and explained.
 *
 * The model.  Rows are (y, x): an outcome y in {0, 1} and features x, a profile (label ->
 * value; a label absent from a row's profile is 0 in that row).  With the linear predictor
 *   eta = b0 + sum_j b_j x_j
 * the fit maximises the penalised log-likelihood, a sum over rows (not a mean: the penalty is
 * not scaled by the number of rows)
 *   L(b) = sum_i [ y_i eta_i - log(1 + exp(eta_i)) ]  -  l2/2 * sum_{j >= 1} b_j^2
 * where the intercept b0 is not penalised and l2 >= 0 (0: plain maximum likelihood).  So l2
 * is 1/C for scikit-learn's LogisticRegression(C=...), and l2 = 0 is statsmodels' Logit.
 *
 * Newton's method (iteratively reweighted least squares): from b0 = log(k / (n - k)) (k of the
 * n rows positive) and every other b_j = 0, each step solves (X'WX + l2 I') s = gradient by
 * Cholesky (I' without the intercept), halving the step while it lowers L.  When a step would
 * move no coefficient by more than 1e-7 * (1 + |b_j|), Newton's method is in its quadratic
 * phase: the step is taken, which leaves an error of about its square, and the fit stops.
 * Within 100 steps, else an error (also when no fraction of a larger step raises L).
 *
 * Failures (all DEAL_BAD_ARGUMENT, with a message, a detail naming a feature, and a hint):
 *   - every outcome the same: the intercept would be infinite;
 *   - a feature that is constant, or a linear combination of the intercept and of features
 *     before it in label order (Cholesky pivot below 1e-10 of its diagonal): named, with the
 *     hint to drop it or pass l2 > 0;
 *   - perfect or quasi-complete separation: a pivot that fails after the first step (at the
 *     first, every row weighs the same, so the design is to blame; later, the rows fitted ever
 *     closer to 0 or 1 weigh ever less, and the others no longer determine a coefficient), or
 *     no convergence while some rows are fitted with probability 0 or 1 in double precision
 *     (|eta| > 36, on their own side); the feature named is the one whose pivot failed, or the
 *     one whose coefficient moved the linear predictor most in the last step; the hint is to
 *     pass l2 > 0;
 *   - no convergence in 100 steps otherwise, or values so large that the sums overflow.
 * A fitted model never holds NaN or infinity.
 *
 * Determinism.  Before fitting, features are numbered in label order and rows are put in an
 * order that depends only on their values (a hash of the row, then the row itself); equal rows
 * are merged into one weighted pattern (n rows, k positive).  Every sum then runs in that
 * order, so the same rows in any order, split any way among parallel workers, give the same
 * model to the last bit.
 *
 * Memory.  Gathering keeps 5 bytes a row (outcome, number of values) and 12 bytes a non-zero
 * feature value (column number, value), plus each distinct label once.  Fitting needs 24 bytes
 * a row while it orders them, then 16 bytes a distinct row (pattern) and either 8 bytes per
 * pattern and feature (when at least half the values are non-zero) or 12 bytes a non-zero
 * value and 8 a pattern; and 24 (p + 1)^2 bytes for p features.
 */
#ifndef DEAL_LOGISTIC_H
#define DEAL_LOGISTIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "interrupt.h"
#include "profile.h"
#include "status.h"

#define LOGISTIC_MAX_FEATURES 1000	/* the Hessian is (p + 1)^2 doubles, solved each step */
#define LOGISTIC_MAX_ROWS UINT32_MAX
#define LOGISTIC_MAX_ITERATIONS 100
#define LOGISTIC_STEP_TOLERANCE 1e-7
#define LOGISTIC_PIVOT_TOLERANCE 1e-10
#define LOGISTIC_CERTAIN 36.0	/* beyond this |eta|, 1/(1+exp(-eta)) is 0 or 1 in double */

/*
 * Rows gathered for a fit: the aggregate's state.  Features are interned to column numbers in
 * the order they first appear; each row keeps its non-zero values in label order.
 */
typedef struct LogisticRows
{
	const DealAllocator *alloc;

	/* features: label i ends at label_end[i] in pool and starts where label i - 1 ended */
	uint32_t	n_features;
	uint32_t	features_capacity;
	uint32_t   *label_end;
	char	   *pool;
	size_t		pool_capacity;
	uint32_t   *slots;			/* open addressing: feature + 1, 0 for empty */
	uint32_t	n_slots;		/* a power of 2, at least twice n_features */

	/* rows */
	uint64_t	n_rows;
	uint64_t	rows_capacity;
	uint8_t    *outcome;		/* 0 or 1 */
	uint32_t   *count;			/* non-zero values in the row */
	uint64_t	n_values;
	uint64_t	values_capacity;
	uint32_t   *column;
	double	   *value;

	/* the penalty, the same for every row */
	bool		has_l2;
	double		l2;

	/* the columns of the previous row's labels: most rows have the same labels */
	uint32_t   *recent;
	uint32_t	n_recent;
	uint32_t	recent_capacity;
} LogisticRows;

/* How a fit went, for tests and curious callers. */
typedef struct LogisticFitInfo
{
	uint32_t	iterations;		/* Newton steps taken */
	uint32_t	passes;			/* passes over the rows, step halvings included */
	uint64_t	rows;
	uint64_t	patterns;		/* distinct rows */
	bool		dense;			/* the design was held as a dense matrix */
} LogisticFitInfo;

/* One term of a linear predictor: the intercept or one feature. */
typedef struct ScoreTerm
{
	const char *label;
	uint32_t	len;
	double		value;			/* the feature's value; 1 for the intercept */
	double		weight;			/* its coefficient */
	double		contribution;	/* value * weight, -0 as 0 */
} ScoreTerm;

/* An empty set of rows allocating through alloc. */
extern void logistic_rows_init(LogisticRows *r, const DealAllocator *alloc);

/* Give back everything r holds; it is then empty, as after init. */
extern void logistic_rows_free(LogisticRows *r);

/* Set the penalty (finite, >= 0); a different one from an earlier row's is DEAL_BAD_ARGUMENT. */
extern DealCode logistic_rows_set_l2(LogisticRows *r, double l2, DealStatus *st);

/*
 * Add a row: outcome and a profile of features.  A feature labelled _intercept is
 * DEAL_BAD_ARGUMENT; more than LOGISTIC_MAX_FEATURES distinct labels or LOGISTIC_MAX_ROWS rows
 * DEAL_TOO_BIG.  On failure the row is not added (labels it brought may stay, unused).
 */
extern DealCode logistic_rows_add(LogisticRows *r, bool outcome, const Profile *features, DealStatus *st);

/*
 * Number the features in label order: rank[feature] and names[rank] (room for n_features
 * each); DEAL_NO_MEMORY if its scratch space cannot be had.
 */
extern DealCode logistic_rows_order_features(const LogisticRows *r, uint32_t *rank, uint32_t *names);

/* Add every row of other to r (the combine step of parallel aggregation). */
extern DealCode logistic_rows_merge(LogisticRows *r, const LogisticRows *other, DealStatus *st);

/*
 * The serialised form, little-endian (byteorder.h), every byte defined:
 *   uint32 n_features, uint8 has_l2, float8 l2 (+0 without), uint64 n_rows, uint64 n_values,
 *   per feature: uint8 length, the label's bytes;
 *   per row: uint8 outcome; per row: uint32 number of values;
 *   per value: uint32 column; per value: float8 value.
 */
extern size_t logistic_rows_serial_size(const LogisticRows *r);

/* Write the serialised form (logistic_rows_serial_size bytes) to out. */
extern void logistic_rows_serialize(const LogisticRows *r, char *out);

/*
 * Read a serialised form of len bytes into r (empty, initialised); DEAL_BAD_BINARY unless it
 * is exactly one that logistic_rows_serialize could write.
 */
extern DealCode logistic_rows_deserialize(LogisticRows *r, const char *in, size_t len, DealStatus *st);

/*
 * Fit the model: the coefficients as canonical profile entries, _intercept first then the
 * features in label order, into *model (allocated through r's allocator; labels point into r
 * or at a constant), *n of them.  No rows: *n = 0 and *model NULL.
 */
extern DealCode logistic_fit(const LogisticRows *r, const DealInterrupt *intr, ProfileEntry **model,
							 uint32_t *n, LogisticFitInfo *info, DealStatus *st);

/*
 * The linear predictor of features under model: the sum, in this order, of the intercept's
 * weight (0 if the model has none) and of value * weight for each label of features that the
 * model has, in label order (labels the model lacks count 0).  If terms is not NULL it gets
 * those terms (room for features->n + 1), *n_terms how many.  A feature labelled _intercept,
 * or terms of +Infinity and -Infinity together, are DEAL_BAD_ARGUMENT.
 */
extern DealCode logistic_linear(const Profile *model, const Profile *features, ScoreTerm *terms,
								uint32_t *n_terms, double *eta, DealStatus *st);

/* 1 / (1 + exp(-eta)), without overflow at any eta: exactly 0 or 1 far enough out. */
extern double logistic_probability(double eta);

#endif							/* DEAL_LOGISTIC_H */
