/*
 * match.c: the match score with its terms, and great-circle distances.
 */
#include "match.h"

#include <math.h>

#define EARTH_RADIUS_KM 6371.0088	/* IUGG mean radius */
#define DEGREES (M_PI / 180.0)

/* x clipped to [0, 1]. */
static double
clip(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* Check a distance and its limit: both finite, distance >= 0, max_km > 0. */
DealCode
match_check_distance(double distance_km, double max_km, DealStatus *st)
{
	if (!isnan(distance_km) && (!isfinite(distance_km) || distance_km < 0))
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "A distance is a finite number of km, 0 or more; got %g.", distance_km);
	if (!isfinite(max_km) || max_km <= 0)
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "max_km must be a finite number above 0; got %g.", max_km);
	deal_status_clear(st);
	return DEAL_OK;
}

/* Add the terms of one side (needs or interests) of a match, weighted by share. */
static double
side_terms(const Profile *person, const Profile *offer, MatchRole role, double share,
		   MatchTerm *terms, uint32_t *n_terms, double *sum)
{
	double		total = 0;
	double		part = 0;
	uint32_t	j = 0;

	for (uint32_t i = 0; i < person->n; i++)
		total += clip(profile_weight(person, i));
	for (uint32_t i = 0; i < person->n; i++)
	{
		uint32_t	len;
		const char *label = profile_label(person, i, &len);
		double		p = clip(profile_weight(person, i));
		double		o = 0;
		double		contribution;

		/* both are sorted: walk the offer alongside */
		while (j < offer->n)
		{
			uint32_t	olen;
			const char *ol = profile_label(offer, j, &olen);
			int			c = deal_compare_labels(ol, olen, label, len);

			if (c > 0)
				break;
			if (c == 0)
			{
				o = clip(profile_weight(offer, j));
				break;
			}
			j++;
		}
		contribution = total > 0 ? share * p * o / total : 0;
		part += contribution;
		*sum += contribution;
		if (terms != NULL)
			terms[(*n_terms)++] = (MatchTerm) {label, len, role, profile_weight(person, i), o, contribution};
	}
	return part;
}

/* The score of offer for a person with needs and interests, at distance_km within max_km. */
double
match_score(const Profile *needs, const Profile *interests, const Profile *offer,
			double distance_km, double max_km, MatchTerm *terms, uint32_t *n_terms)
{
	double		sum = 0;
	double		raw;
	double		nearness = 1;
	double		lost;
	uint32_t	count = 0;

	side_terms(needs, offer, MATCH_NEED, MATCH_NEED_SHARE, terms, &count, &sum);
	side_terms(interests, offer, MATCH_INTEREST, MATCH_INTEREST_SHARE, terms, &count, &sum);
	raw = sum;
	if (!isnan(distance_km))
	{
		double		r = distance_km / max_km;

		nearness = r >= 1 ? 0 : (1 - r * r) * (1 - r * r);
	}
	/* rounding can lift the terms' sum a little above 1: the last term takes that back too */
	lost = (raw > 1 ? 1 : raw) * nearness - raw;
	sum += lost;
	if (terms != NULL)
		terms[count++] = (MatchTerm) {NULL, 0, MATCH_DISTANCE,
			isnan(distance_km) ? NAN : distance_km, max_km, lost};
	if (n_terms != NULL)
		*n_terms = count;
	return sum;
}

/* Check a latitude and longitude in degrees. */
DealCode
geo_check(double lat, double lon, DealStatus *st)
{
	if (!isfinite(lat) || lat < -90 || lat > 90)
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "A latitude lies between -90 and 90 degrees; got %g.", lat);
	if (!isfinite(lon) || lon < -180 || lon > 180)
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "A longitude lies between -180 and 180 degrees; got %g.", lon);
	deal_status_clear(st);
	return DEAL_OK;
}

/* Great-circle distance in km between two points given in degrees (haversine). */
double
geo_km(double lat1, double lon1, double lat2, double lon2)
{
	double		dlat = (lat2 - lat1) * DEGREES;
	double		dlon = (lon2 - lon1) * DEGREES;
	double		a = sin(dlat / 2) * sin(dlat / 2) +
		cos(lat1 * DEGREES) * cos(lat2 * DEGREES) * sin(dlon / 2) * sin(dlon / 2);

	if (a > 1)
		a = 1;
	return 2 * EARTH_RADIUS_KM * asin(sqrt(a));
}
