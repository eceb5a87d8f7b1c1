/*
 * test_exact_sum.c: exact sums: known vectors that naive addition gets wrong, the same result
 * whatever the order and however the terms are split into sums added together, Python's
 * math.fsum on random vectors (fsum_vectors.txt, written by fsum_vectors.py), the two ways of
 * rounding against each other, and overflow.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <float.h>
#include <cmocka.h>

#include "exact_sum.h"

/* Room for any sum's partials, both lists. */
#define ROOM (2 * EXACT_SUM_MAX_PARTIALS + 2)

/* A sum and its partials. */
typedef struct Sum
{
	double		partials[ROOM];
	ExactSumSize size;
} Sum;

/* The most terms a test vector has. */
#define MAX_TERMS 1024

/* An empty sum. */
static void
sum_init(Sum *s)
{
	memset(s, 0, sizeof(*s));
}

/* Add n terms to s in order. */
static void
sum_add(Sum *s, const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_true(exact_sum_add(s->partials, &s->size, x[i]));
}

/* Add sum b to sum a as another sum is added: its small partials as terms, its huge ones scaled. */
static void
sum_merge(Sum *a, const Sum *b)
{
	for (uint32_t i = 0; i < exact_sum_count(b->size); i++)
		assert_true(i < b->size.small ? exact_sum_add(a->partials, &a->size, b->partials[i])
					: exact_sum_add_huge(a->partials, &a->size, b->partials[i]));
}

/* The rounded sum of n terms in order, checked against the other way of rounding. */
static double
sum_of(const double *x, size_t n)
{
	static Sum	s;
	double		v;
	double		w;

	sum_init(&s);
	sum_add(&s, x, n);
	v = exact_sum_value(s.partials, s.size);
	w = exact_sum_value_by_integers(s.partials, s.size);
	if (memcmp(&v, &w, sizeof(double)) != 0)
		fail_msg("two roundings disagree: %a and %a", v, w);
	return v;
}

/* a and b are the same double, bit for bit. */
static void
assert_same(double a, double b)
{
	if (memcmp(&a, &b, sizeof(double)) != 0)
		fail_msg("expected %a, got %a", b, a);
}

/* xorshift64 */
static uint64_t
next_random(uint64_t *seed)
{
	*seed ^= *seed << 13;
	*seed ^= *seed >> 7;
	*seed ^= *seed << 17;
	return *seed;
}

/* Shuffle n terms. */
static void
shuffle(double *x, size_t n, uint64_t *seed)
{
	for (size_t i = n; i > 1; i--)
	{
		size_t		j = next_random(seed) % i;
		double		t = x[i - 1];

		x[i - 1] = x[j];
		x[j] = t;
	}
}

/* The sum of the terms in random groups of random sizes, each summed alone, then added up. */
static double
sum_in_groups(const double *x, size_t n, uint64_t *seed)
{
	static Sum	total;
	static Sum	group;
	size_t		i = 0;

	sum_init(&total);
	while (i < n)
	{
		size_t		len = 1 + next_random(seed) % (n - i);

		sum_init(&group);
		sum_add(&group, x + i, len);
		sum_merge(&total, &group);
		i += len;
	}
	return exact_sum_value(total.partials, total.size);
}

/* The terms sum to expected in their order, reversed, shuffled and in random groups. */
static void
assert_sums_to(const double *x, size_t n, double expected)
{
	double		copy[MAX_TERMS];
	uint64_t	seed = 0x9E3779B97F4A7C15ULL + n;

	assert_true(n <= MAX_TERMS);
	memcpy(copy, x, n * sizeof(double));
	assert_same(sum_of(copy, n), expected);
	for (size_t i = 0; i < n / 2; i++)
	{
		double		t = copy[i];

		copy[i] = copy[n - 1 - i];
		copy[n - 1 - i] = t;
	}
	assert_same(sum_of(copy, n), expected);
	for (int round = 0; round < 8; round++)
	{
		shuffle(copy, n, &seed);
		assert_same(sum_of(copy, n), expected);
		assert_same(sum_in_groups(copy, n, &seed), expected);
	}
}

#define SUMS_TO(expected, ...) \
	do { \
		const double terms_[] = {__VA_ARGS__}; \
		assert_sums_to(terms_, sizeof(terms_) / sizeof(double), expected); \
	} while (0)

/* Vectors naive addition gets wrong, and Python's own fsum tests. */
static void
test_known_vectors(void **state)
{
	double		x[MAX_TERMS];

	(void) state;
	SUMS_TO(1, 1e100, 1, -1e100);
	SUMS_TO(0);
	SUMS_TO(0, 0.0);
	SUMS_TO(1e-100, 1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50);
	SUMS_TO(0x1p53 - 1, 0x1p53, -0.5, -0x1p-54);
	SUMS_TO(0x1p53 + 2, 0x1p53, 1.0, 0x1p-100);
	SUMS_TO(0x1p53 + 12, 0x1p53 + 10, 1.0, 0x1p-100);
	SUMS_TO(0x1p53 - 3, 0x1p53 - 4, 0.5, 0x1p-54);
	SUMS_TO(10000000000000002.0, 1e16, 1., 1e-16);
	SUMS_TO(0, 1e16 - 2., 1. - 0x1p-53, -(1e16 - 2.), -(1. - 0x1p-53));
	/* alternating huge and tiny */
	SUMS_TO(2e-308, 1e308, 1e-308, -1e308, 1e-308);
	SUMS_TO(0x1p-1074, 0x1p1000, 0x1p-1074, -0x1p1000);
	SUMS_TO(3e-300, 1e300, 1e-300, -1e300, 1e-300, 1e200, 1e-300, -1e200);

	/* ten 0.1s are 1 (naive addition: 0.9999999999999999) */
	for (int i = 0; i < 10; i++)
		x[i] = 0.1;
	assert_sums_to(x, 10, 1.0);

	/* 1/n and (-1)^n/n for n = 1 .. 1000 */
	for (int i = 0; i < 1000; i++)
		x[i] = 1.0 / (i + 1);
	assert_sums_to(x, 1000, 0x1.df11f45f4e61ap+2);
	for (int i = 0; i < 1000; i++)
		x[i] = ((i + 1) % 2 ? -1.0 : 1.0) / (i + 1);
	assert_sums_to(x, 1000, -0x1.62a2af1bd3624p-1);

	/* Python's vector that needs many partials, most of them huge ones */
	{
		size_t		n = 0;

		for (int e = -1074; e < 972; e += 2)
			x[n++] = ldexp(1, e) - ldexp(1, e + 50) + ldexp(1, e + 52);
		x[n++] = -0x1p1022;
		assert_sums_to(x, n, 0x1.5555555555555p+970);
	}
}

/* Subnormals add exactly; zeros and cancellations give +0, never -0. */
static void
test_small_and_zero(void **state)
{
	(void) state;
	SUMS_TO(0x3p-1074, 0x1p-1074, 0x1p-1074, 0x1p-1074);
	SUMS_TO(DBL_MIN, DBL_MIN - 0x1p-1074, 0x1p-1074);
	SUMS_TO(0, -0.0);
	SUMS_TO(0, -0.0, -0.0);
	SUMS_TO(0, 1.5, -1.5);
	SUMS_TO(0, 0x1p950, -0x1p950);
	SUMS_TO(-0x1p-1074, -0x1p-1074, 0.0);
}

/* Sums beyond the range are infinite; partial sums beyond it are not, in any order. */
static void
test_overflow(void **state)
{
	Sum			s;

	(void) state;
	SUMS_TO(INFINITY, DBL_MAX, DBL_MAX);
	SUMS_TO(-INFINITY, -DBL_MAX, -DBL_MAX);
	SUMS_TO(DBL_MAX, DBL_MAX, DBL_MAX, -DBL_MAX);
	SUMS_TO(1.7e308, 1.7e308, 1.7e308, 1.7e308, -1.7e308, -1.7e308);
	SUMS_TO(INFINITY, 1e308, 1e308, 1e308, -1e308);
	/* half an ulp of DBL_MAX above it is a tie, which rounds to even: 2^1024, beyond */
	SUMS_TO(INFINITY, DBL_MAX, 0x1p970);
	SUMS_TO(DBL_MAX, DBL_MAX, 0x1p970, -0x1p-1074);
	SUMS_TO(DBL_MAX, DBL_MAX, 0x1p969);
	SUMS_TO(-DBL_MAX, -DBL_MAX, -0x1p970, 0x1p-1074);

	/* what is not a finite double is refused */
	sum_init(&s);
	assert_false(exact_sum_add(s.partials, &s.size, INFINITY));
	assert_false(exact_sum_add(s.partials, &s.size, NAN));
	assert_false(exact_sum_add_huge(s.partials, &s.size, 0x1p300));
	assert_false(exact_sum_add_huge(s.partials, &s.size, NAN));
	assert_true(exact_sum_count(s.size) == 0);
}

/* A random vector of a shape chosen by kind: n terms into x. */
static void
random_vector(uint64_t *seed, int kind, double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		uint64_t	r = next_random(seed);
		double		m = (double) (r >> 11) / 0x1p53;
		double		sign = (r & 1) ? -1 : 1;

		switch (kind)
		{
			case 0:				/* (0, 1) */
				x[i] = m;
				break;
			case 1:				/* any finite bits under 2^1017 */
				{
					uint64_t	bits = (next_random(seed) & 0x800FFFFFFFFFFFFFULL) |
						((uint64_t) (next_random(seed) % 2041) << 52);

					memcpy(&x[i], &bits, sizeof(double));
					break;
				}
			case 2:				/* huge and ordinary */
				x[i] = sign * ldexp(m, (r >> 3) % 2 ? 880 + (int) ((r >> 5) % 130) : (int) ((r >> 5) % 80) - 40);
				break;
			default:			/* cancelling: pairs x, -x and small noise */
				x[i] = i % 2 && i > 0 ? -x[i - 1] : sign * ldexp(m, (int) ((r >> 5) % 600) - 300);
				if ((r >> 20) % 7 == 0)
					x[i] = sign * ldexp(m, -320);
				break;
		}
	}
}

/* Random vectors: the two ways of rounding agree, in every order and every split. */
static void
test_order_and_split(void **state)
{
	double		x[MAX_TERMS];
	uint64_t	seed = 12345;

	(void) state;
	for (int v = 0; v < 400; v++)
	{
		size_t		n = 1 + next_random(&seed) % (v % 10 == 0 ? MAX_TERMS : 40);

		random_vector(&seed, v % 4, x, n);
		assert_sums_to(x, n, sum_of(x, n));
	}
}

/* Path of a file beside this test's source. */
static void
beside_this_file(const char *name, char *path, size_t size)
{
	const char *slash = strrchr(__FILE__, '/');
	int			dir = slash ? (int) (slash - __FILE__ + 1) : 0;

	snprintf(path, size, "%.*s%s", dir, __FILE__, name);
}

/* Every vector of fsum_vectors.txt sums to what Python's math.fsum gave. */
static void
test_python_fsum(void **state)
{
	char		path[4096];
	char		line[65536];
	FILE	   *f;
	int			vectors = 0;

	(void) state;
	beside_this_file("fsum_vectors.txt", path, sizeof(path));
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s (run the test from the repository's top directory)", path);
	while (fgets(line, sizeof(line), f) != NULL)
	{
		double		x[MAX_TERMS];
		char	   *p = line;
		double		expected = strtod(p, &p);
		long		n = strtol(p, &p, 10);

		assert_true(n >= 0 && n <= MAX_TERMS);
		for (long i = 0; i < n; i++)
		{
			char	   *end;

			x[i] = strtod(p, &end);
			assert_true(end != p);
			p = end;
		}
		assert_sums_to(x, (size_t) n, expected);
		vectors++;
	}
	fclose(f);
	assert_true(vectors >= 200);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_vectors),
		cmocka_unit_test(test_small_and_zero),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_order_and_split),
		cmocka_unit_test(test_python_fsum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
