/*
 * deal_profile.h: what the profile glue files share.
 */
#ifndef DEAL_PROFILE_GLUE_H
#define DEAL_PROFILE_GLUE_H

#include "deal.h"

#include "fmgr.h"

#include "core/profile.h"

/* Read a deal.profile datum (detoasted, so 4-byte aligned) in place. */
extern Profile deal_profile_open(Datum datum);

/* A new deal.profile from n canonical entries. */
extern Datum deal_profile_make(const ProfileEntry *entries, uint32 n);

/* Canonicalise entries (raising failure's error about subject) and make a profile of them. */
extern Datum deal_profile_from_entries(ProfileEntry *entries, uint32 n, ProfileDuplicates dup,
									   DealCode failure, const char *subject);

#endif							/* DEAL_PROFILE_GLUE_H */
