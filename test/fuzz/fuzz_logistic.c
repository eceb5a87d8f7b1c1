/*
 * fuzz_logistic.c: libFuzzer harness for the serialised states of deal.logistic_fit and
 * deal.auc (what parallel workers pass to the leader), and the fit and c-statistic on what
 * they accept.
 *
 * The input is read as a logistic_fit state: what logistic_rows_deserialize accepts must
 * serialise back to the same bytes, and (up to a few hundred rows) fit to a model whose
 * coefficients are finite, or fail as a bad argument with a message; what it refuses must be
 * reported as bad binary input.  The input is also read as a deal.auc state: what
 * auc_deserialize accepts must serialise back to the same bytes and give a c-statistic in
 * [0, 1] (or none, with an empty class).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auc.h"
#include "fuzz_common.h"
#include "logistic.h"

#define FIT_MAX_ROWS 300

/* Read the input as a model fit's state and check what comes back. */
static void
check_logistic(const char *data, size_t size)
{
	LogisticRows r;
	DealStatus	st;

	logistic_rows_init(&r, &alloc);
	if (logistic_rows_deserialize(&r, data, size, &st) != DEAL_OK)
		REQUIRE(failure_ok(&st, DEAL_BAD_BINARY, 0) || st.code == DEAL_NO_MEMORY);
	else
	{
		size_t		n = logistic_rows_serial_size(&r);
		char	   *again = malloc(n + 1);
		ProfileEntry *model;
		uint32_t	n_model;
		LogisticFitInfo info;

		REQUIRE(n == size);
		logistic_rows_serialize(&r, again);
		REQUIRE(memcmp(again, data, size) == 0);
		free(again);
		if (r.n_rows <= FIT_MAX_ROWS)
		{
			if (logistic_fit(&r, NULL, &model, &n_model, &info, &st) == DEAL_OK)
			{
				REQUIRE(n_model == (r.n_rows == 0 ? 0 : r.n_features + 1));
				for (uint32_t i = 0; i < n_model; i++)
					REQUIRE(isfinite(model[i].weight));
				free(model);
			}
			else
				REQUIRE(failure_ok(&st, DEAL_BAD_ARGUMENT, 0) && st.message[0] != '\0');
		}
	}
	logistic_rows_free(&r);
}

/* Read the input as a deal.auc state and check what comes back. */
static void
check_auc(const char *data, size_t size)
{
	AucScores	s;
	DealStatus	st;

	auc_init(&s, &alloc);
	if (auc_deserialize(&s, data, size, &st) != DEAL_OK)
		REQUIRE(failure_ok(&st, DEAL_BAD_BINARY, 0) || st.code == DEAL_NO_MEMORY);
	else
	{
		size_t		n = auc_serial_size(&s);
		char	   *again = malloc(n + 1);
		double		auc;
		bool		defined;

		REQUIRE(n == size);
		auc_serialize(&s, again);
		/* scores are read canonically: -0 as 0, one NaN */
		for (size_t i = 16; i + 8 <= size; i += 8)
		{
			double		x,
						y;

			memcpy(&x, data + i, 8);
			memcpy(&y, again + i, 8);
			REQUIRE(isnan(x) ? isnan(y) : x == y);
		}
		free(again);
		REQUIRE(auc_compute(&s, NULL, &auc, &defined, &st) == DEAL_OK);
		REQUIRE(defined == (s.n[0] > 0 && s.n[1] > 0));
		REQUIRE(auc >= 0 && auc <= 1);
	}
	auc_free(&s);
}

/* libFuzzer's entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *copy = fuzz_copy(data, size, false);

	check_logistic(copy, size);
	check_auc(copy, size);
	free(copy);
	return 0;
}
