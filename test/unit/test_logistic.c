/*
 * test_logistic.c: the logistic regression core: fits that can be worked out by hand, the
 * optimality conditions on random data, separation, collinearity, one outcome, no rows, order
 * and split independence to the last bit, scoring at extreme linear predictors, explanations
 * that add up exactly, the serialised state (every byte defined, malformed input refused) and
 * every out-of-memory path.
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_alloc.h"
#include "logistic.h"

#define MAX_FEATURES 8

/* A profile built in a buffer (labels sorted by the caller). */
typedef struct TestProfile
{
	char		flat[1024];
	Profile		p;
} TestProfile;

/* A profile of n labels and values (labels in sorted order). */
static void
make_profile(TestProfile *t, const char *const *labels, const double *values, uint32_t n)
{
	ProfileEntry entries[MAX_FEATURES + 2];
	DealStatus	st;

	for (uint32_t i = 0; i < n; i++)
		entries[i] = (ProfileEntry) {labels[i], (uint32_t) strlen(labels[i]), values[i]};
	assert_true(profile_flat_size(entries, n) <= sizeof(t->flat));
	profile_write(entries, n, t->flat);
	assert_int_equal(profile_open(&t->p, t->flat, profile_flat_size(entries, n), &st), DEAL_OK);
}

/* Add a row with features named a, b, c, ... (zeros included as written). */
static DealCode
add_row(LogisticRows *r, bool y, const double *x, uint32_t p, DealStatus *st)
{
	static const char *const names[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
	TestProfile t;

	make_profile(&t, names, x, p);
	return logistic_rows_add(r, y, &t.p, st);
}

/* Fit r and return the coefficients (intercept first) in b; the status code. */
static DealCode
fit(const LogisticRows *r, double *b, uint32_t *n, LogisticFitInfo *info, DealStatus *st)
{
	ProfileEntry *model;
	DealCode	code = logistic_fit(r, NULL, &model, n, info, st);

	if (code == DEAL_OK)
	{
		for (uint32_t i = 0; i < *n; i++)
			b[i] = model[i].weight;
		deal_release(r->alloc, model);
	}
	return code;
}

/* One binary feature: b0 = logit(1/4), b0 + b1 = logit(3/4), so b1 = 2 log 3. */
static void
test_hand_computed(void **state)
{
	LogisticRows r;
	DealStatus	st;
	double		b[3];
	uint32_t	n;
	LogisticFitInfo info;
	ProfileEntry *model;

	(void) state;
	logistic_rows_init(&r, &test_allocator);
	for (int i = 0; i < 4; i++)
	{
		double		zero = 0,
					one = 1;

		assert_int_equal(add_row(&r, i == 0, &zero, 1, &st), DEAL_OK);
		assert_int_equal(add_row(&r, i != 0, &one, 1, &st), DEAL_OK);
	}
	assert_int_equal(fit(&r, b, &n, &info, &st), DEAL_OK);
	assert_int_equal(n, 2);
	assert_true(fabs(b[0] - log(1.0 / 3)) < 1e-12);
	assert_true(fabs(b[1] - 2 * log(3.0)) < 1e-12);
	assert_int_equal(info.rows, 8);
	assert_int_equal(info.patterns, 2);		/* the zero is not stored: the rows are {} and {a:1} */
	assert_true(info.iterations <= 10);

	/* the labels: _intercept first, then the feature */
	assert_int_equal(logistic_fit(&r, NULL, &model, &n, &info, &st), DEAL_OK);
	assert_int_equal(model[0].len, DEAL_INTERCEPT_LEN);
	assert_memory_equal(model[0].label, DEAL_INTERCEPT_LABEL, DEAL_INTERCEPT_LEN);
	assert_int_equal(model[1].len, 1);
	assert_memory_equal(model[1].label, "a", 1);
	deal_release(&test_allocator, model);

	/* no features at all (so no value arrays, over enough rows to read ahead): the intercept is the log-odds of the outcome */
	logistic_rows_free(&r);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(add_row(&r, i < 300, NULL, 0, &st), DEAL_OK);
	assert_int_equal(fit(&r, b, &n, &info, &st), DEAL_OK);
	assert_int_equal(n, 1);
	assert_true(fabs(b[0] - log(3.0 / 7)) < 1e-14);
	/* the same rows read back from their serialised form, which keeps no value arrays */
	{
		size_t		size = logistic_rows_serial_size(&r);
		char	   *flat = test_malloc(size);
		LogisticRows back;

		logistic_rows_serialize(&r, flat);
		logistic_rows_init(&back, &test_allocator);
		assert_int_equal(logistic_rows_deserialize(&back, flat, size, &st), DEAL_OK);
		assert_int_equal(fit(&back, b, &n, &info, &st), DEAL_OK);
		assert_true(n == 1 && fabs(b[0] - log(3.0 / 7)) < 1e-14);
		logistic_rows_free(&back);
		test_free(flat);
	}
	logistic_rows_free(&r);
}

/* A small deterministic random generator (xorshift64*). */
static uint64_t
next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* A uniform double in [0, 1). */
static double
uniform(uint64_t *s)
{
	return (double) (next_random(s) >> 11) / 9007199254740992.0;
}

/* A random dataset of n rows and p features: x in rows (p each), y. */
static void
random_data(uint64_t seed, int n, uint32_t p, double *x, bool *y)
{
	uint64_t	s = seed * 0x9E3779B97F4A7C15ULL + 1;

	for (int i = 0; i < n; i++)
	{
		double		eta = -0.5;

		for (uint32_t j = 0; j < p; j++)
		{
			/* a mix of continuous, binary and sparse features, some repeated rows */
			double		v = j % 3 == 0 ? round(uniform(&s) * 40) / 10 - 2 :
				j % 3 == 1 ? (double) (uniform(&s) < 0.3) : (uniform(&s) < 0.2 ? uniform(&s) * 5 : 0);

			x[i * p + j] = v;
			eta += (j % 2 ? 0.7 : -0.4) * v;
		}
		y[i] = uniform(&s) < 1 / (1 + exp(-eta));
	}
}

/* The gradient of the penalised log-likelihood at b, largest |component| relative to scale. */
static double
gradient_norm(const double *x, const bool *y, int n, uint32_t p, const double *b, double l2)
{
	double		g[MAX_FEATURES + 1] = {0};
	double		worst = 0;

	for (int i = 0; i < n; i++)
	{
		double		eta = b[0];
		double		r;

		for (uint32_t j = 0; j < p; j++)
			eta += b[j + 1] * x[i * p + j];
		r = (y[i] ? 1 : 0) - logistic_probability(eta);
		g[0] += r;
		for (uint32_t j = 0; j < p; j++)
			g[j + 1] += r * x[i * p + j];
	}
	for (uint32_t j = 0; j <= p; j++)
	{
		double		gj = g[j] - (j > 0 ? l2 * b[j] : 0);

		worst = fmax(worst, fabs(gj) / n);
	}
	return worst;
}

/* On random data, with and without a penalty, the gradient vanishes at the fitted model. */
static void
test_optimality(void **state)
{
	enum {N = 600, P = 5};
	static double x[N * P];
	static bool y[N];

	(void) state;
	for (uint64_t seed = 1; seed <= 6; seed++)
		for (int penalised = 0; penalised < 2; penalised++)
		{
			LogisticRows r;
			DealStatus	st;
			double		b[P + 1];
			uint32_t	n;
			LogisticFitInfo info;
			double		l2 = penalised ? 3.5 : 0;

			random_data(seed, N, P, x, y);
			logistic_rows_init(&r, &test_allocator);
			if (penalised)
				assert_int_equal(logistic_rows_set_l2(&r, l2, &st), DEAL_OK);
			for (int i = 0; i < N; i++)
				assert_int_equal(add_row(&r, y[i], x + i * P, P, &st), DEAL_OK);
			assert_int_equal(fit(&r, b, &n, &info, &st), DEAL_OK);
			assert_int_equal(n, P + 1);
			assert_true(gradient_norm(x, y, N, P, b, l2) < 1e-12);
			assert_true(info.patterns <= N);
			logistic_rows_free(&r);
		}
}

/* Fit rows 0..n-1 of (x, y) in the order given by perm into b (split into two merged sets at split). */
static void
fit_in_order(const double *x, const bool *y, int n, uint32_t p, const int *perm, int split, double *b)
{
	LogisticRows a,
				c;
	DealStatus	st;
	uint32_t	nb;
	LogisticFitInfo info;

	logistic_rows_init(&a, &test_allocator);
	logistic_rows_init(&c, &test_allocator);
	for (int i = 0; i < n; i++)
		assert_int_equal(add_row(i < split ? &a : &c, y[perm[i]], x + perm[i] * p, p, &st), DEAL_OK);
	assert_int_equal(logistic_rows_merge(&c, &a, &st), DEAL_OK);
	assert_int_equal(fit(&c, b, &nb, &info, &st), DEAL_OK);
	logistic_rows_free(&a);
	logistic_rows_free(&c);
}

/* The same rows in any order, split any way, give the same model to the last bit. */
static void
test_order_independence(void **state)
{
	enum {N = 500, P = 6};
	static double x[N * P];
	static bool y[N];
	int			perm[N];
	double		first[P + 1];
	uint64_t	s = 77;

	(void) state;
	random_data(42, N, P, x, y);
	for (int i = 0; i < N; i++)
		perm[i] = i;
	fit_in_order(x, y, N, P, perm, 0, first);
	for (int trial = 0; trial < 5; trial++)
	{
		double		again[P + 1];

		for (int i = N - 1; i > 0; i--)
		{
			int			j = (int) (next_random(&s) % (uint64_t) (i + 1));
			int			t = perm[i];

			perm[i] = perm[j];
			perm[j] = t;
		}
		fit_in_order(x, y, N, P, perm, (int) (next_random(&s) % N), again);
		assert_memory_equal(first, again, sizeof(first));
	}
}

/* Complete and quasi-complete separation fail naming the feature; a penalty fits them. */
static void
test_separation(void **state)
{
	(void) state;
	for (int quasi = 0; quasi < 2; quasi++)
		for (int penalised = 0; penalised < 2; penalised++)
		{
			LogisticRows r;
			DealStatus	st;
			double		b[3];
			uint32_t	n;
			LogisticFitInfo info;

			logistic_rows_init(&r, &test_allocator);
			if (penalised)
				assert_int_equal(logistic_rows_set_l2(&r, 1, &st), DEAL_OK);
			for (int i = 0; i < 40; i++)
			{
				double		v[2] = {(double) (i % 7), i % 2 ? 1.5 : 0};

				/* b separates: the outcome is b > 0 (quasi: except rows with b = 0 go either way) */
				assert_int_equal(add_row(&r, quasi && v[1] == 0 ? i % 4 == 0 : v[1] > 0, v, 2, &st), DEAL_OK);
			}
			if (!penalised)
			{
				assert_int_equal(fit(&r, b, &n, &info, &st), DEAL_BAD_ARGUMENT);
				assert_non_null(strstr(st.message, "perfect separation"));
				assert_non_null(strstr(st.message, "\"b\""));
				assert_non_null(strstr(st.hint, "l2"));
			}
			else
			{
				assert_int_equal(fit(&r, b, &n, &info, &st), DEAL_OK);
				assert_true(isfinite(b[0]) && isfinite(b[1]) && isfinite(b[2]) && b[2] > 1);
			}
			logistic_rows_free(&r);
		}
}

/* A constant feature, a collinear one and an all-zero one are named; a penalty fits them. */
static void
test_singular(void **state)
{
	(void) state;
	for (int kind = 0; kind < 3; kind++)
		for (int penalised = 0; penalised < 2; penalised++)
		{
			LogisticRows r;
			DealStatus	st;
			double		b[4];
			uint32_t	n;
			LogisticFitInfo info;

			logistic_rows_init(&r, &test_allocator);
			if (penalised)
				assert_int_equal(logistic_rows_set_l2(&r, 0.5, &st), DEAL_OK);
			for (int i = 0; i < 30; i++)
			{
				double		a = (double) (i % 5) - 2;
				double		v[3] = {a, (double) (i % 3), kind == 0 ? 7 : kind == 1 ? 2 * a - 0.5 * (i % 3) : 0};

				assert_int_equal(add_row(&r, (i * 7) % 11 < 5, v, 3, &st), DEAL_OK);
			}
			if (!penalised)
			{
				assert_int_equal(fit(&r, b, &n, &info, &st), DEAL_BAD_ARGUMENT);
				assert_non_null(strstr(st.message, "singular design: feature \"c\""));
				assert_non_null(strstr(st.hint, "Drop feature \"c\""));
			}
			else
			{
				assert_int_equal(fit(&r, b, &n, &info, &st), DEAL_OK);
				assert_int_equal(n, 4);
				if (kind == 2)
					assert_true(b[3] == 0 && !signbit(b[3]));	/* never seen but as 0 */
			}
			logistic_rows_free(&r);
		}
}

/* Every outcome the same is an error; no rows is no model; a bad l2 or feature is refused. */
static void
test_edges(void **state)
{
	LogisticRows r;
	DealStatus	st;
	double		b[2];
	double		one = 1;
	uint32_t	n = 99;
	LogisticFitInfo info;
	ProfileEntry *model = (ProfileEntry *) &st;
	TestProfile t;
	static const char *const intercept[] = {"_intercept"};

	(void) state;
	logistic_rows_init(&r, &test_allocator);
	assert_int_equal(logistic_fit(&r, NULL, &model, &n, &info, &st), DEAL_OK);
	assert_int_equal(n, 0);
	assert_null(model);
	for (int i = 0; i < 5; i++)
		assert_int_equal(add_row(&r, true, &one, 1, &st), DEAL_OK);
	assert_int_equal(fit(&r, b, &n, &info, &st), DEAL_BAD_ARGUMENT);
	assert_string_equal(st.message, "cannot fit a logistic model: every outcome is true");

	assert_int_equal(logistic_rows_set_l2(&r, -1, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(logistic_rows_set_l2(&r, NAN, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(logistic_rows_set_l2(&r, INFINITY, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(logistic_rows_set_l2(&r, 2, &st), DEAL_OK);
	assert_int_equal(logistic_rows_set_l2(&r, 2, &st), DEAL_OK);
	assert_int_equal(logistic_rows_set_l2(&r, 3, &st), DEAL_BAD_ARGUMENT);

	make_profile(&t, intercept, &one, 1);
	assert_int_equal(logistic_rows_add(&r, false, &t.p, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(r.n_rows, 5);
	logistic_rows_free(&r);
}

/* More than LOGISTIC_MAX_FEATURES labels is too big. */
static void
test_too_many_features(void **state)
{
	LogisticRows r;
	DealStatus	st;
	DealCode	code = DEAL_OK;

	(void) state;
	logistic_rows_init(&r, &test_allocator);
	for (int i = 0; i <= LOGISTIC_MAX_FEATURES && code == DEAL_OK; i++)
	{
		char		label[16];
		const char *labels[1] = {label};
		double		v = 1;
		TestProfile t;

		snprintf(label, sizeof(label), "f%05d", i);
		make_profile(&t, labels, &v, 1);
		code = logistic_rows_add(&r, i % 2, &t.p, &st);
	}
	assert_int_equal(code, DEAL_TOO_BIG);
	assert_int_equal(r.n_features, LOGISTIC_MAX_FEATURES);
	logistic_rows_free(&r);
}

/* The probability at any linear predictor: exact limits, no overflow, symmetric. */
static void
test_probability(void **state)
{
	(void) state;
	assert_true(logistic_probability(0) == 0.5);
	assert_true(logistic_probability(1000) == 1);
	assert_true(logistic_probability(-1000) == 0);
	assert_true(logistic_probability(INFINITY) == 1);
	assert_true(logistic_probability(-INFINITY) == 0);
	assert_true(logistic_probability(-DBL_MAX) == 0);
	assert_true(logistic_probability(-40) > 0 && logistic_probability(-40) < 1e-17);
	assert_true(fabs(logistic_probability(-40) - exp(-40)) < 1e-30);
	for (double eta = -50; eta <= 50; eta += 0.37)
	{
		double		p = logistic_probability(eta);

		assert_true(p >= 0 && p <= 1);
		assert_true(fabs(p + logistic_probability(-eta) - 1) < 1e-15);
		assert_true(logistic_probability(eta + 0.37) >= p);
	}
}

/* The terms of a score add up, in order, to the linear predictor exactly. */
static void
test_explain(void **state)
{
	static const char *const model_labels[] = {"_intercept", "age", "copd", "frail"};
	static const double model_weights[] = {-3.1, 0.0317, 0.61, 1.9};
	static const char *const feature_labels[] = {"age", "copd", "debt", "frail"};
	static const char *const no_intercept[] = {"age", "copd"};
	TestProfile model,
				features,
				bare;
	ScoreTerm	terms[5];
	uint32_t	n;
	double		eta,
				eta2,
				sum;
	DealStatus	st;
	uint64_t	s = 5;

	(void) state;
	make_profile(&model, model_labels, model_weights, 4);
	for (int trial = 0; trial < 200; trial++)
	{
		double		values[4] = {round(uniform(&s) * 900) / 10, 1, uniform(&s) * 7, uniform(&s) * 0.6};

		make_profile(&features, feature_labels, values, 4);
		assert_int_equal(logistic_linear(&model.p, &features.p, terms, &n, &eta, &st), DEAL_OK);
		assert_int_equal(n, 4);		/* intercept, age, copd, frail: debt is not in the model */
		assert_memory_equal(terms[0].label, "_intercept", 10);
		assert_true(terms[0].value == 1 && terms[0].weight == -3.1 && terms[0].contribution == -3.1);
		assert_memory_equal(terms[3].label, "frail", 5);
		sum = terms[0].contribution;
		for (uint32_t i = 1; i < n; i++)
		{
			assert_true(terms[i].contribution == terms[i].value * terms[i].weight);
			sum += terms[i].contribution;
		}
		assert_memory_equal(&sum, &eta, sizeof(double));
		assert_int_equal(logistic_linear(&model.p, &features.p, NULL, NULL, &eta2, &st), DEAL_OK);
		assert_memory_equal(&eta, &eta2, sizeof(double));
	}

	/* a model without an intercept: 0; a negative weight times 0 contributes 0, not -0 */
	{
		double		w[2] = {-2, 0.5};
		double		v[2] = {0, 4};

		make_profile(&bare, no_intercept, w, 2);
		make_profile(&features, no_intercept, v, 2);
		assert_int_equal(logistic_linear(&bare.p, &features.p, terms, &n, &eta, &st), DEAL_OK);
		assert_int_equal(n, 3);
		assert_true(terms[0].weight == 0 && terms[0].contribution == 0);
		assert_true(terms[1].contribution == 0 && !signbit(terms[1].contribution));
		assert_true(eta == 2);
	}
	/* a feature called _intercept, and infinite terms of both signs, are refused */
	{
		static const char *const bad[] = {"_intercept"};
		double		one = 1;
		double		big[2] = {1e300, -1e300};
		double		huge[2] = {1e300, 1e300};

		make_profile(&features, bad, &one, 1);
		assert_int_equal(logistic_linear(&model.p, &features.p, NULL, NULL, &eta, &st), DEAL_BAD_ARGUMENT);
		make_profile(&bare, no_intercept, big, 2);
		make_profile(&features, no_intercept, huge, 2);
		assert_int_equal(logistic_linear(&bare.p, &features.p, NULL, NULL, &eta, &st), DEAL_BAD_ARGUMENT);
		big[1] = 1e300;
		make_profile(&bare, no_intercept, big, 2);
		assert_int_equal(logistic_linear(&bare.p, &features.p, NULL, NULL, &eta, &st), DEAL_OK);
		assert_true(isinf(eta) && logistic_probability(eta) == 1);
	}
}

/* Build a small state through alloc: random rows and a penalty. */
static DealCode
build_state(LogisticRows *r, const DealAllocator *alloc, DealStatus *st)
{
	enum {N = 40, P = 4};
	double		x[N * P];
	bool		y[N];

	random_data(3, N, P, x, y);
	logistic_rows_init(r, alloc);
	if (logistic_rows_set_l2(r, 0.25, st) != DEAL_OK)
		return st->code;
	for (int i = 0; i < N; i++)
		if (add_row(r, y[i], x + i * P, i % P + 1, st) != DEAL_OK)
			return st->code;
	return DEAL_OK;
}

/* The serialised state round-trips, and every byte is written whatever memory it was built in. */
static void
test_serial(void **state)
{
	LogisticRows r[2],
				back;
	char	   *bytes[2];
	char	   *again;
	size_t		size;
	DealStatus	st;
	double		b[5],
				b2[5];
	uint32_t	n;
	LogisticFitInfo info;

	(void) state;
	for (int g = 0; g < 2; g++)
	{
		assert_int_equal(build_state(&r[g], &test_garbage_allocators[g], &st), DEAL_OK);
		size = logistic_rows_serial_size(&r[g]);
		bytes[g] = deal_alloc(&test_garbage_allocators[g], size);
		logistic_rows_serialize(&r[g], bytes[g]);
	}
	assert_int_equal(logistic_rows_serial_size(&r[0]), logistic_rows_serial_size(&r[1]));
	assert_memory_equal(bytes[0], bytes[1], size);

	logistic_rows_init(&back, &test_allocator);
	assert_int_equal(logistic_rows_deserialize(&back, bytes[0], size, &st), DEAL_OK);
	assert_int_equal(logistic_rows_serial_size(&back), size);
	again = test_malloc(size);
	logistic_rows_serialize(&back, again);
	assert_memory_equal(again, bytes[0], size);
	assert_int_equal(fit(&back, b, &n, &info, &st), DEAL_OK);
	assert_int_equal(fit(&r[0], b2, &n, &info, &st), DEAL_OK);
	assert_memory_equal(b, b2, n * sizeof(double));

	/* any truncation, and any single damaged header or label byte, is refused or read back whole */
	for (size_t cut = 0; cut < size; cut++)
	{
		LogisticRows bad;

		logistic_rows_init(&bad, &test_allocator);
		assert_int_equal(logistic_rows_deserialize(&bad, bytes[0], cut, &st), DEAL_BAD_BINARY);
		logistic_rows_free(&bad);
	}
	for (size_t at = 0; at < size; at++)
	{
		LogisticRows bad;
		DealCode	code;

		memcpy(again, bytes[0], size);
		again[at] ^= 0x40;
		logistic_rows_init(&bad, &test_allocator);
		code = logistic_rows_deserialize(&bad, again, size, &st);
		assert_true(code == DEAL_OK || code == DEAL_BAD_BINARY);
		if (code == DEAL_OK)
		{
			char	   *out = test_malloc(size);

			assert_int_equal(logistic_rows_serial_size(&bad), size);
			logistic_rows_serialize(&bad, out);
			assert_memory_equal(out, again, size);
			test_free(out);
		}
		logistic_rows_free(&bad);
	}
	test_free(again);
	logistic_rows_free(&back);
	for (int g = 0; g < 2; g++)
	{
		deal_release(&test_garbage_allocators[g], bytes[g]);
		logistic_rows_free(&r[g]);
	}
}

/* Every allocation that can fail, in gathering, merging, reading and fitting, fails cleanly. */
static void
test_out_of_memory(void **state)
{
	bool		done[4] = {false, false, false, false};

	(void) state;
	for (long budget = 0; !(done[0] && done[1] && done[2] && done[3]); budget++)
	{
		LogisticRows r,
					other,
					back;
		DealStatus	st;
		DealCode	code;
		char	   *bytes;
		size_t		size;
		double		b[5];
		uint32_t	n;
		LogisticFitInfo info;

		assert_true(budget < 1000);
		/* gathering */
		test_alloc_budget = budget;
		code = build_state(&r, &test_failing_allocator, &st);
		test_alloc_budget = -1;
		assert_true(code == DEAL_OK || code == DEAL_NO_MEMORY);
		done[0] = code == DEAL_OK;
		logistic_rows_free(&r);

		/* merging */
		assert_int_equal(build_state(&r, &test_failing_allocator, &st), DEAL_OK);
		assert_int_equal(build_state(&other, &test_allocator, &st), DEAL_OK);
		test_alloc_budget = budget;
		code = logistic_rows_merge(&r, &other, &st);
		test_alloc_budget = -1;
		assert_true(code == DEAL_OK || code == DEAL_NO_MEMORY);
		done[1] = code == DEAL_OK;

		/* reading a serialised state */
		size = logistic_rows_serial_size(&other);
		bytes = test_malloc(size);
		logistic_rows_serialize(&other, bytes);
		logistic_rows_init(&back, &test_failing_allocator);
		test_alloc_budget = budget;
		code = logistic_rows_deserialize(&back, bytes, size, &st);
		test_alloc_budget = -1;
		assert_true(code == DEAL_OK || code == DEAL_NO_MEMORY);
		done[2] = code == DEAL_OK;
		test_free(bytes);
		logistic_rows_free(&back);

		/* fitting */
		test_alloc_budget = budget;
		code = fit(&r, b, &n, &info, &st);
		test_alloc_budget = -1;
		assert_true(code == DEAL_OK || code == DEAL_NO_MEMORY);
		done[3] = code == DEAL_OK;
		logistic_rows_free(&r);
		logistic_rows_free(&other);
	}
}

/* Count calls of the interrupt hook. */
static void
count_call(void *ctx)
{
	(*(int *) ctx)++;
}

/* A long fit calls the interrupt hook. */
static void
test_interrupts(void **state)
{
	enum {N = 40000, P = 2};
	static double x[N * P];
	static bool y[N];
	LogisticRows r;
	DealStatus	st;
	int			calls = 0;
	DealInterrupt intr = {count_call, &calls};
	ProfileEntry *model;
	uint32_t	n;
	LogisticFitInfo info;

	(void) state;
	random_data(9, N, P, x, y);
	logistic_rows_init(&r, &test_allocator);
	for (int i = 0; i < N; i++)
		assert_int_equal(add_row(&r, y[i], x + i * P, P, &st), DEAL_OK);
	assert_int_equal(logistic_fit(&r, &intr, &model, &n, &info, &st), DEAL_OK);
	assert_true(calls > 10);
	deal_release(&test_allocator, model);
	logistic_rows_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_computed),
		cmocka_unit_test(test_optimality),
		cmocka_unit_test(test_order_independence),
		cmocka_unit_test(test_separation),
		cmocka_unit_test(test_singular),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_too_many_features),
		cmocka_unit_test(test_probability),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_serial),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_interrupts),
	};

	return cmocka_run_group_tests_name("logistic", tests, NULL, NULL);
}
