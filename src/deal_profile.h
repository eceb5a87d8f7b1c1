/*
 * deal_profile.h: what the profile glue files share.
 */
#ifndef DEAL_PROFILE_GLUE_H
#define DEAL_PROFILE_GLUE_H

#include "deal.h"

#include "fmgr.h"

#include "core/profile.h"

/*
 * A deal.profile datum opened for reading.  Functions that PostgreSQL calls per row or per
 * comparison (sorts, index builds and scans, hashing, joins) close what they open, so that
 * they run in constant memory however many values they see.
 */
typedef struct OpenProfile
{
	Profile		p;
	struct varlena *copy;		/* what opening detoasted and closing frees, or NULL */
} OpenProfile;

/*
 * Open a deal.profile datum: read in place, whatever its alignment, when it is in memory or
 * stored with a short (1-byte) header; detoasted into a copy only when compressed or out of
 * line.  Close it with deal_profile_close once what was read from it is no longer needed.
 */
extern OpenProfile deal_profile_open(Datum datum);

/* Open the profile in argument argno of a call; a NULL one opens as the empty profile. */
extern OpenProfile deal_profile_arg(FunctionCallInfo fcinfo, int argno);

/* Free what deal_profile_open copied, if anything. */
extern void deal_profile_close(OpenProfile *op);

/* A new deal.profile from n canonical entries. */
extern Datum deal_profile_make(const ProfileEntry *entries, uint32 n);

/*
 * Canonicalise entries (raising failure's error about subject: a label given twice, a weight
 * that is not finite) and make a profile of them.
 */
extern Datum deal_profile_from_entries(ProfileEntry *entries, uint32 n, DealCode failure,
									   const char *subject);

#endif							/* DEAL_PROFILE_GLUE_H */
