/*
 * asset_index.h: every community asset's offer in one value, for fast top-k matching.
 *
 * The index holds the assets (id, latitude, longitude) and, per label, the list of assets
 * offering it with the weight (clipped to [0, 1] as match_score clips it).  A person's best
 * matches are found by walking only the lists of their own labels, accumulating each asset's
 * score in the order match_score adds its terms, so the scores are the same to the last bit;
 * distance is only computed for assets that could still make the top k.
 *
 * Flat form, 4-byte aligned (8-byte values read with memcpy):
 *   uint32 magic, n_assets, n_labels, n_postings, label_bytes
 *   int64  asset_id[n_assets]     sorted
 *   double lat[n_assets], lon[n_assets]     NaN when unknown
 *   uint32 label_end[n_labels]    labels sorted, in the pool
 *   uint32 posting_start[n_labels + 1]
 *   uint32 posting_asset[n_postings]
 *   double posting_weight[n_postings]
 *   char   pool[label_bytes], padded to 4
 */
#ifndef DEAL_ASSET_INDEX_H
#define DEAL_ASSET_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "profile.h"
#include "status.h"
#include "text.h"

/* One asset while an index is built: its offer as profile entries. */
typedef struct IndexAsset
{
	int64_t		id;
	double		lat;			/* NaN when unknown */
	double		lon;
	const ProfileEntry *offer;
	uint32_t	n_offer;
} IndexAsset;

/* An index read in place. */
typedef struct AssetIndex
{
	uint32_t	n_assets;
	uint32_t	n_labels;
	uint32_t	n_postings;
	const unsigned char *ids;
	const unsigned char *lat;
	const unsigned char *lon;
	const uint32_t *label_end;
	const uint32_t *posting_start;
	const uint32_t *posting_asset;
	const unsigned char *posting_weight;
	const char *pool;
} AssetIndex;

/* One match found. */
typedef struct IndexMatch
{
	int64_t		asset_id;
	double		score;
} IndexMatch;

/* Scratch a top-k search reuses: per asset accumulator and the assets touched. */
typedef struct IndexScratch
{
	uint32_t	n_assets;
	double	   *acc;
	uint32_t   *touched;
	unsigned char *seen;
} IndexScratch;

/*
 * Write the flat form of n assets (sorted here by id; a repeated id is DEAL_BAD_ARGUMENT,
 * reported as failure) after reserve bytes; *out and *out_len on success.
 */
extern DealCode asset_index_build(IndexAsset *assets, size_t n, size_t reserve, DealCode failure,
								  const DealAllocator *alloc, char **out, size_t *out_len,
								  DealStatus *st);

/* Read a flat form of len bytes in place; DEAL_BAD_BINARY if it is not one. */
extern DealCode asset_index_open(AssetIndex *ix, const char *flat, size_t len, DealStatus *st);

/* Id, latitude and longitude of asset i. */
extern int64_t asset_index_id(const AssetIndex *ix, uint32_t i);
extern double asset_index_lat(const AssetIndex *ix, uint32_t i);
extern double asset_index_lon(const AssetIndex *ix, uint32_t i);

/* Asset i's offer, rebuilt from the lists, into entries (room for n_labels); returns how many. */
extern uint32_t asset_index_offer(const AssetIndex *ix, uint32_t i, ProfileEntry *entries);

/*
 * The k best matches, by match_score, for a person with needs and interests at (lat, lon)
 * (NaN for unknown) within max_km: written to out (room for k) best first, ties to the
 * lower asset id; returns how many (only scores above 0 count).  scratch must be sized for
 * the index and all zero; it is left so.
 */
extern uint32_t asset_index_top(const AssetIndex *ix, const Profile *needs, const Profile *interests,
								double lat, double lon, double max_km, uint32_t k,
								IndexScratch *scratch, IndexMatch *out);

/*
 * The text form: {(10,53.545,-2.632,"debt:0.5, food"),(11,,,"walking")}, assets in id
 * order, an empty coordinate for an unknown place, offers as clipped to [0, 1].
 */

/* Parse the text form into assets (offers allocated through alloc); DEAL_BAD_TEXT on failure. */
extern DealCode asset_index_parse(const char *text, const DealAllocator *alloc, IndexAsset **assets,
								  size_t *n, DealStatus *st);

/* Write the text form. */
extern bool asset_index_format(const AssetIndex *ix, const DealAllocator *alloc, DealText *out);

#endif							/* DEAL_ASSET_INDEX_H */
