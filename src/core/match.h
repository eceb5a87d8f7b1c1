/*
 * match.h: how well a community asset suits a person, with the reasons, and distances.
 *
 * The score, in [0, 1]:
 *   need      = sum over the person's needs of  severity * offer / sum of severities
 *   interest  = sum over the person's interests of  interest * offer / sum of interests
 *   raw       = 0.6 * need + 0.4 * interest
 *   nearness  = (1 - (distance / max_km)^2)^2 within max_km, 0 beyond (1 when no distance)
 *   score     = raw * nearness
 * Weights are clipped to [0, 1] for scoring.  Strengths first: shared interests alone can
 * give 0.4; covered needs weigh more (0.6).  Every part is monotone: a stronger need or
 * interest the asset offers, or a stronger offer, never lowers the score; a longer distance
 * never raises it.  Each label contributes its own term, and the distance one more (the
 * score lost to it), so the terms add up to the score exactly in the order given.
 */
#ifndef DEAL_MATCH_H
#define DEAL_MATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "profile.h"
#include "status.h"

#define MATCH_NEED_SHARE 0.6
#define MATCH_INTEREST_SHARE 0.4
#define MATCH_DEFAULT_MAX_KM 10.0

typedef enum MatchRole
{
	MATCH_NEED,
	MATCH_INTEREST,
	MATCH_DISTANCE
} MatchRole;

/* One reason: a need or interest and what it adds, or the distance and what it takes away. */
typedef struct MatchTerm
{
	const char *label;			/* NULL for the distance */
	uint32_t	len;
	MatchRole	role;
	double		person_weight;	/* severity or interest; the distance in km */
	double		asset_weight;	/* how strongly the asset offers it; max_km for the distance */
	double		contribution;
} MatchTerm;

/* Check a distance and its limit: both finite, distance >= 0, max_km > 0. */
extern DealCode match_check_distance(double distance_km, double max_km, DealStatus *st);

/*
 * The score of offer for a person with needs and interests, at distance_km (NaN for none)
 * within max_km.  If terms is not NULL it gets one term per need and interest and one for
 * the distance (room for needs->n + interests->n + 1), *n_terms how many.
 */
extern double match_score(const Profile *needs, const Profile *interests, const Profile *offer,
						  double distance_km, double max_km, MatchTerm *terms, uint32_t *n_terms);

/* Check a latitude and longitude in degrees. */
extern DealCode geo_check(double lat, double lon, DealStatus *st);

/* Great-circle distance in km between two points given in degrees (mean Earth radius). */
extern double geo_km(double lat1, double lon1, double lat2, double lon2);

#endif							/* DEAL_MATCH_H */
