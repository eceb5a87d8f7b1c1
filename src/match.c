/*
 * match.c: match_score and match_explain, and km.
 */
#include "deal_profile.h"

#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/geo_decls.h"

#include "core/match.h"

/* Close the three profiles of a match. */
static void
close_match(OpenProfile *needs, OpenProfile *interests, OpenProfile *offer)
{
	deal_profile_close(needs);
	deal_profile_close(interests);
	deal_profile_close(offer);
}

/* Distance (NaN for NULL) and max_km (default when NULL) of this call, checked. */
static void
distance_args(FunctionCallInfo fcinfo, double *distance, double *max_km)
{
	DealStatus	st;

	*distance = (PG_NARGS() > 3 && !PG_ARGISNULL(3)) ? PG_GETARG_FLOAT8(3) : NAN;
	*max_km = (PG_NARGS() > 4 && !PG_ARGISNULL(4)) ? PG_GETARG_FLOAT8(4) : MATCH_DEFAULT_MAX_KM;
	if (match_check_distance(*distance, *max_km, &st) != DEAL_OK)
		deal_raise(&st, "distance", NULL);
}

/* match_score(needs, interests, offer [, distance_km, max_km]) in [0, 1]. */
PG_FUNCTION_INFO_V1(match_score_fn);
Datum
match_score_fn(PG_FUNCTION_ARGS)
{
	OpenProfile needs,
				interests,
				offer;
	double		distance,
				max_km,
				score;

	if (PG_ARGISNULL(2))
		PG_RETURN_NULL();
	distance_args(fcinfo, &distance, &max_km);
	needs = deal_profile_arg(fcinfo, 0);
	interests = deal_profile_arg(fcinfo, 1);
	offer = deal_profile_arg(fcinfo, 2);
	score = match_score(&needs.p, &interests.p, &offer.p, distance, max_km, NULL, NULL);
	close_match(&needs, &interests, &offer);
	PG_RETURN_FLOAT8(score);
}

/* match_explain(...): one row per need, interest and the distance; they add up to the score. */
PG_FUNCTION_INFO_V1(match_explain_fn);
Datum
match_explain_fn(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	static const char *const roles[] = {"need", "interest", "distance"};
	OpenProfile needs,
				interests,
				offer;
	double		distance,
				max_km;
	MatchTerm  *terms;
	uint32_t	n;

	deal_srf_begin(fcinfo);
	if (PG_ARGISNULL(2))
		PG_RETURN_NULL();
	distance_args(fcinfo, &distance, &max_km);
	needs = deal_profile_arg(fcinfo, 0);
	interests = deal_profile_arg(fcinfo, 1);
	offer = deal_profile_arg(fcinfo, 2);
	terms = palloc(sizeof(MatchTerm) * ((Size) needs.p.n + interests.p.n + 1));
	match_score(&needs.p, &interests.p, &offer.p, distance, max_km, terms, &n);
	for (uint32 i = 0; i < n; i++)
	{
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		CHECK_FOR_INTERRUPTS();
		/* no distance, nothing taken away (but a rounding excess above 1, if any) */
		if (terms[i].role == MATCH_DISTANCE && isnan(distance) && terms[i].contribution == 0)
			continue;
		values[0] = terms[i].label ? PointerGetDatum(cstring_to_text_with_len(terms[i].label, terms[i].len)) : (Datum) 0;
		nulls[0] = terms[i].label == NULL;
		values[1] = CStringGetTextDatum(roles[terms[i].role]);
		values[2] = Float8GetDatum(terms[i].person_weight);
		values[3] = Float8GetDatum(terms[i].asset_weight);
		values[4] = Float8GetDatum(terms[i].contribution);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	pfree(terms);
	close_match(&needs, &interests, &offer);
	PG_RETURN_NULL();
}

/* Great-circle km between two checked points. */
static double
checked_km(double lat1, double lon1, double lat2, double lon2)
{
	DealStatus	st;

	if (geo_check(lat1, lon1, &st) != DEAL_OK || geo_check(lat2, lon2, &st) != DEAL_OK)
		deal_raise(&st, "coordinates", NULL);
	return geo_km(lat1, lon1, lat2, lon2);
}

/* km(lat1, lon1, lat2, lon2) */
PG_FUNCTION_INFO_V1(km_latlon);
Datum
km_latlon(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(checked_km(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1),
								PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3)));
}

/* km(point, point): x is the longitude, y the latitude. */
PG_FUNCTION_INFO_V1(km_points);
Datum
km_points(PG_FUNCTION_ARGS)
{
	Point	   *a = PG_GETARG_POINT_P(0);
	Point	   *b = PG_GETARG_POINT_P(1);

	PG_RETURN_FLOAT8(checked_km(a->y, a->x, b->y, b->x));
}
