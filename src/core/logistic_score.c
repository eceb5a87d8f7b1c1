/*
 * logistic_score.c: a model's linear predictor for one set of features, term by term, and the
 * probability it gives.
 */
#include "logistic.h"

#include <math.h>

#include "canonical.h"

/* The linear predictor of features under model, and its terms. */
DealCode
logistic_linear(const Profile *model, const Profile *features, ScoreTerm *terms, uint32_t *n_terms,
				double *eta, DealStatus *st)
{
	double		sum;
	double		intercept = 0;
	uint32_t	count = 0;
	uint32_t	j = 0;

	/* the intercept sorts first ("_" is below every letter) */
	if (model->n > 0)
	{
		uint32_t	len;
		const char *label = profile_label(model, 0, &len);

		if (len == DEAL_INTERCEPT_LEN && memcmp(label, DEAL_INTERCEPT_LABEL, len) == 0)
		{
			intercept = profile_weight(model, 0);
			j = 1;
		}
	}
	sum = intercept;
	if (terms != NULL)
		terms[count++] = (ScoreTerm) {DEAL_INTERCEPT_LABEL, DEAL_INTERCEPT_LEN, 1, intercept, intercept};
	for (uint32_t i = 0; i < features->n; i++)
	{
		uint32_t	len;
		const char *label = profile_label(features, i, &len);

		if (len == DEAL_INTERCEPT_LEN && memcmp(label, DEAL_INTERCEPT_LABEL, len) == 0)
			return deal_fail(st, DEAL_BAD_ARGUMENT, -1,
							 "The label %s is the model's intercept; features cannot have it.", DEAL_INTERCEPT_LABEL);
		/* both are sorted: walk the model alongside */
		while (j < model->n)
		{
			uint32_t	mlen;
			const char *mlabel = profile_label(model, j, &mlen);
			int			c = deal_compare_labels(mlabel, mlen, label, len);

			if (c > 0)
				break;
			if (c == 0)
			{
				double		weight = profile_weight(model, j);
				double		value = profile_weight(features, i);
				double		contribution = canonical_double(weight * value);

				sum += contribution;
				if (terms != NULL)
					terms[count++] = (ScoreTerm) {label, len, value, weight, contribution};
				j++;
				break;
			}
			j++;
		}
	}
	if (isnan(sum))
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1,
						 "The linear predictor is not a number: some terms are infinitely large and of opposite signs.");
	if (n_terms != NULL)
		*n_terms = count;
	*eta = sum;
	deal_status_clear(st);
	return DEAL_OK;
}

/* 1 / (1 + exp(-eta)), without overflow at any eta: exactly 0 or 1 far enough out. */
double
logistic_probability(double eta)
{
	double		e = exp(-fabs(eta));	/* in [0, 1] */

	return eta >= 0 ? 1 / (1 + e) : e / (1 + e);
}
