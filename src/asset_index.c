/*
 * asset_index.c: the deal.asset_index type, asset_index_agg and top_matches.
 *
 * An index of every asset's offer and place, built once by an aggregate and read by
 * top_matches for one person at a time: the best k assets by match_score without scoring
 * every candidate through SQL.
 */
#include "deal_profile.h"
#include "deal_agg.h"

#include <math.h>

#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/asset_index.h"
#include "core/match.h"

#define TYPE_NAME "asset_index"

/* Read a detoasted deal.asset_index in place, into an AssetIndex made in cxt (a DealDecode). */
static void *
decode_index(struct varlena *value, MemoryContext cxt)
{
	AssetIndex *ix = MemoryContextAlloc(cxt, sizeof(AssetIndex));
	DealStatus	st;

	deal_check(asset_index_open(ix, VARDATA(value), VARSIZE(value) - VARHDRSZ, &st), &st, TYPE_NAME, NULL);
	return ix;
}

/* Open a deal.asset_index datum; a stored one is decoded once per backend and cached. */
static const AssetIndex *
open_index(Datum datum)
{
	return (const AssetIndex *) deal_open_stored(datum, decode_index);
}

/* A new deal.asset_index from assets, raising failure's error (about input, if text). */
static Datum
build_index(IndexAsset *assets, size_t n, DealCode failure, const char *input)
{
	char	   *buf;
	size_t		len;
	DealStatus	st;

	deal_check(asset_index_build(assets, n, VARHDRSZ, failure, &deal_palloc_allocator, &buf, &len, &st),
			   &st, failure == DEAL_BAD_ARGUMENT ? "assets" : TYPE_NAME, input);
	SET_VARSIZE(buf, len);
	PG_RETURN_POINTER(buf);
}

/* Text input: {(id,lat,lon,"offer"),...}. */
PG_FUNCTION_INFO_V1(asset_index_in);
Datum
asset_index_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	IndexAsset *assets;
	size_t		n;
	DealStatus	st;

	deal_check(asset_index_parse(input, &deal_palloc_allocator, &assets, &n, &st), &st, TYPE_NAME, input);
	return build_index(assets, n, DEAL_BAD_TEXT, input);
}

/* Text output. */
PG_FUNCTION_INFO_V1(asset_index_out);
Datum
asset_index_out(PG_FUNCTION_ARGS)
{
	AssetIndex	ix = *open_index(PG_GETARG_DATUM(0));
	DealText	out = {.alloc = &deal_palloc_allocator};

	PG_RETURN_CSTRING(deal_text_result(asset_index_format(&ix, &deal_palloc_allocator, &out), &out,
									   "This asset index's text", TYPE_NAME));
}

/* Binary output: count, then per asset id, latitude, longitude, and its offer's labels and weights. */
PG_FUNCTION_INFO_V1(asset_index_send);
Datum
asset_index_send(PG_FUNCTION_ARGS)
{
	AssetIndex	ix = *open_index(PG_GETARG_DATUM(0));
	ProfileEntry *entries = palloc(sizeof(ProfileEntry) * ((Size) ix.n_labels + 1));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, ix.n_assets);
	for (uint32 i = 0; i < ix.n_assets; i++)
	{
		uint32_t	n = asset_index_offer(&ix, i, entries);

		CHECK_FOR_INTERRUPTS();
		pq_sendint64(&buf, asset_index_id(&ix, i));
		pq_sendfloat8(&buf, asset_index_lat(&ix, i));
		pq_sendfloat8(&buf, asset_index_lon(&ix, i));
		pq_sendint32(&buf, n);
		for (uint32_t j = 0; j < n; j++)
		{
			CHECK_FOR_INTERRUPTS();
			pq_sendbytes(&buf, entries[j].label, entries[j].len);
			pq_sendbyte(&buf, 0);
			pq_sendfloat8(&buf, entries[j].weight);
		}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Binary input, checked as text input is. */
PG_FUNCTION_INFO_V1(asset_index_recv);
Datum
asset_index_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		n;
	IndexAsset *assets;
	DealStatus	st;

	n = deal_recv_count(buf, 28, TYPE_NAME);
	assets = palloc(sizeof(IndexAsset) * (n + 1));
	for (int64 i = 0; i < n; i++)
	{
		int64		m;
		ProfileEntry *entries;
		uint32_t	count;

		CHECK_FOR_INTERRUPTS();
		if (buf->len - buf->cursor < 28)
			deal_bad_binary(TYPE_NAME, "The binary form is truncated.");
		assets[i].id = pq_getmsgint64(buf);
		assets[i].lat = pq_getmsgfloat8(buf);
		assets[i].lon = pq_getmsgfloat8(buf);
		m = deal_recv_count(buf, 10, TYPE_NAME);
		entries = palloc(sizeof(ProfileEntry) * (m + 1));
		for (int64 j = 0; j < m; j++)
		{
			CHECK_FOR_INTERRUPTS();
			entries[j].label = deal_recv_label(buf, &entries[j].len, sizeof(float8), TYPE_NAME);
			entries[j].weight = pq_getmsgfloat8(buf);
		}
		count = (uint32_t) m;
		deal_check(profile_canonicalize(entries, count, DEAL_BAD_BINARY, &st),
				   &st, TYPE_NAME, NULL);
		assets[i].offer = entries;
		assets[i].n_offer = count;
	}
	deal_recv_end(buf, "asset", TYPE_NAME);
	return build_index(assets, n, DEAL_BAD_BINARY, NULL);
}

/*
 * The aggregate state: the assets so far, offers copied into the state's memory.  It is a
 * deal.asset_index between workers and leader (the index of the assets so far), expanded in
 * memory while rows arrive (deal_agg.h), so that parallel query and Citus split the aggregate.
 */
typedef struct IndexState
{
	DealAggState head;
	IndexAsset *assets;
	size_t		n;
	size_t		capacity;
} IndexState;

/* An empty state. */
static void
state_init(DealAggState *s)
{
	IndexState *state = (IndexState *) s;

	state->capacity = 256;
	state->assets = MemoryContextAlloc(DEAL_AGG_CONTEXT(s), sizeof(IndexAsset) * state->capacity);
}

/* Append an asset, copying its offer into the state's memory. */
static void
append_asset(IndexState *state, int64 id, double lat, double lon, const ProfileEntry *offer, uint32 n)
{
	MemoryContext cxt = DEAL_AGG_CONTEXT(state);
	ProfileEntry *copy = MemoryContextAlloc(cxt, sizeof(ProfileEntry) * (n + 1));

	for (uint32 j = 0; j < n; j++)
	{
		char	   *label = MemoryContextAlloc(cxt, offer[j].len);

		memcpy(label, offer[j].label, offer[j].len);
		copy[j] = (ProfileEntry) {label, offer[j].len, offer[j].weight};
	}
	if (state->n == state->capacity)
	{
		state->capacity *= 2;
		state->assets = repalloc_huge(state->assets, sizeof(IndexAsset) * state->capacity);
	}
	state->assets[state->n++] = (IndexAsset) {id, lat, lon, copy, n};
}

/* The index of a state's assets (a repeated id is an error, 22023). */
static struct varlena *
state_flatten(DealAggState *s)
{
	IndexState *state = (IndexState *) s;
	IndexAsset *assets = palloc_extended(sizeof(IndexAsset) * (state->n + 1), MCXT_ALLOC_HUGE);

	memcpy(assets, state->assets, sizeof(IndexAsset) * state->n);	/* the build sorts them */
	return (struct varlena *) DatumGetPointer(build_index(assets, state->n, DEAL_BAD_ARGUMENT, NULL));
}

/* Add the assets of an index (a partial result) to a state. */
static void
state_add(DealAggState *s, Datum value)
{
	const AssetIndex *ix = open_index(value);
	ProfileEntry *entries = palloc(sizeof(ProfileEntry) * ((Size) ix->n_labels + 1));

	for (uint32 i = 0; i < ix->n_assets; i++)
	{
		uint32		n = asset_index_offer(ix, i, entries);

		CHECK_FOR_INTERRUPTS();
		append_asset((IndexState *) s, asset_index_id(ix, i), asset_index_lat(ix, i), asset_index_lon(ix, i),
					 entries, n);
	}
	pfree(entries);
}

/* Add another state's assets to a state. */
static void
state_merge(DealAggState *s, DealAggState *other)
{
	IndexState *o = (IndexState *) other;

	for (size_t i = 0; i < o->n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		append_asset((IndexState *) s, o->assets[i].id, o->assets[i].lat, o->assets[i].lon,
					 o->assets[i].offer, o->assets[i].n_offer);
	}
}

static const DealAggMethods asset_index_agg_methods = {
	DEAL_AGG_EXPANDED, "deal.asset_index_agg", sizeof(IndexState), state_init, state_flatten, state_add, state_merge
};

/* Transition: (asset_id, offer, lat, lon); rows without an id or offer are skipped. */
PG_FUNCTION_INFO_V1(asset_index_agg_transfn);
Datum
asset_index_agg_transfn(PG_FUNCTION_ARGS)
{
	IndexState *state = (IndexState *) deal_agg_state(fcinfo, &asset_index_agg_methods);
	OpenProfile offer;
	ProfileEntry *entries;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		DEAL_AGG_RETURN(&state->head);
	offer = deal_profile_open(PG_GETARG_DATUM(2));
	entries = palloc(sizeof(ProfileEntry) * ((Size) offer.p.n + 1));
	profile_entries(&offer.p, entries);
	append_asset(state, PG_GETARG_INT64(1),
				 PG_ARGISNULL(3) ? NAN : PG_GETARG_FLOAT8(3),
				 PG_ARGISNULL(4) ? NAN : PG_GETARG_FLOAT8(4), entries, offer.p.n);
	pfree(entries);
	deal_profile_close(&offer);
	DEAL_AGG_RETURN(&state->head);
}

/* Final: the index (NULL when there were no rows). */
PG_FUNCTION_INFO_V1(asset_index_agg_finalfn);
Datum
asset_index_agg_finalfn(PG_FUNCTION_ARGS)
{
	return deal_agg_final_flat(fcinfo, &asset_index_agg_methods);
}

/* Combine: add the second index's assets to the first (from SQL, one index of both). */
PG_FUNCTION_INFO_V1(asset_index_agg_combinefn);
Datum
asset_index_agg_combinefn(PG_FUNCTION_ARGS)
{
	return deal_agg_combine(fcinfo, &asset_index_agg_methods);
}

/* Scratch for top_matches, kept across the rows of one query. */
typedef struct TopScratch
{
	IndexScratch s;
	IndexMatch *out;
	uint32		k;
} TopScratch;

/* top_matches(index, needs, interests, lat, lon, k, max_km): the k best assets for a person. */
PG_FUNCTION_INFO_V1(top_matches_srf);
Datum
top_matches_srf(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	AssetIndex	ix;
	OpenProfile needs,
				interests;
	double		lat,
				lon,
				max_km;
	int32		k;
	TopScratch *scratch;
	uint32_t	n;
	DealStatus	st;

	deal_srf_begin(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	k = PG_ARGISNULL(5) ? 5 : PG_GETARG_INT32(5);
	max_km = PG_ARGISNULL(6) ? MATCH_DEFAULT_MAX_KM : PG_GETARG_FLOAT8(6);
	if (k < 0 || k > 10000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be between 0 and 10000, got %d", k)));
	if (match_check_distance(NAN, max_km, &st) != DEAL_OK)
		deal_raise(&st, "distance", NULL);
	lat = PG_ARGISNULL(3) ? NAN : PG_GETARG_FLOAT8(3);
	lon = PG_ARGISNULL(4) ? NAN : PG_GETARG_FLOAT8(4);
	if (!isnan(lat) && !isnan(lon) && geo_check(lat, lon, &st) != DEAL_OK)
		deal_raise(&st, "coordinates", NULL);
	ix = *open_index(PG_GETARG_DATUM(0));
	needs = deal_profile_arg(fcinfo, 1);
	interests = deal_profile_arg(fcinfo, 2);

	/* per-query scratch, zeroed once, left zeroed by each search */
	scratch = (TopScratch *) fcinfo->flinfo->fn_extra;
	if (scratch == NULL || scratch->s.n_assets != ix.n_assets || scratch->k < (uint32) k)
	{
		MemoryContext cxt = fcinfo->flinfo->fn_mcxt;

		scratch = MemoryContextAllocZero(cxt, sizeof(TopScratch));
		scratch->s.n_assets = ix.n_assets;
		scratch->s.acc = MemoryContextAllocZero(cxt, sizeof(double) * ((Size) ix.n_assets + 1));
		scratch->s.touched = MemoryContextAlloc(cxt, sizeof(uint32_t) * ((Size) ix.n_assets + 1));
		scratch->s.seen = MemoryContextAllocZero(cxt, (Size) ix.n_assets + 1);
		scratch->k = (uint32) Max(k, 5);
		scratch->out = MemoryContextAlloc(cxt, sizeof(IndexMatch) * (scratch->k + 1));
		fcinfo->flinfo->fn_extra = scratch;
	}
	n = asset_index_top(&ix, &needs.p, &interests.p, lat, lon, max_km, (uint32) k, &scratch->s, scratch->out);
	deal_profile_close(&needs);
	deal_profile_close(&interests);
	for (uint32 i = 0; i < n; i++)
	{
		Datum		values[2] = {Int64GetDatum(scratch->out[i].asset_id), Float8GetDatum(scratch->out[i].score)};
		bool		nulls[2] = {false, false};

		CHECK_FOR_INTERRUPTS();
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}

/* asset_index_size(index): how many assets. */
PG_FUNCTION_INFO_V1(asset_index_assets);
Datum
asset_index_assets(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(open_index(PG_GETARG_DATUM(0))->n_assets);
}
