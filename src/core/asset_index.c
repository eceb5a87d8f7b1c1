/*
 * asset_index.c: building, reading and searching an index of community assets' offers.
 */
#include "asset_index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "canonical.h"
#include "match.h"

#define INDEX_MAGIC 0x31584941u	/* "AIX1" */
#define INDEX_HEADER_WORDS 5

/* Order assets by id. */
static int
compare_assets(const void *x, const void *y)
{
	int64_t		a = ((const IndexAsset *) x)->id;
	int64_t		b = ((const IndexAsset *) y)->id;

	return a < b ? -1 : a > b ? 1 : 0;
}

/* A label occurrence while building: the label, the asset and the clipped weight. */
typedef struct Posting
{
	const char *label;
	uint32_t	len;
	uint32_t	asset;
	double		weight;
} Posting;

/* Order postings by label, then asset. */
static int
compare_postings(const void *x, const void *y)
{
	const Posting *a = x;
	const Posting *b = y;
	int			c = deal_compare_labels(a->label, a->len, b->label, b->len);

	if (c != 0)
		return c;
	return a->asset < b->asset ? -1 : a->asset > b->asset ? 1 : 0;
}

/* Word offsets of the parts of a flat form. */
typedef struct IndexLayout
{
	size_t		ids,
				lat,
				lon,
				label_end,
				posting_start,
				posting_asset,
				posting_weight,
				pool,
				words;
} IndexLayout;

/* Lay out a flat form of these counts. */
static void
index_layout(size_t n_assets, size_t n_labels, size_t n_postings, size_t label_bytes, IndexLayout *l)
{
	size_t		w = INDEX_HEADER_WORDS;

	l->ids = w;
	w += 2 * n_assets;
	l->lat = w;
	w += 2 * n_assets;
	l->lon = w;
	w += 2 * n_assets;
	l->label_end = w;
	w += n_labels;
	l->posting_start = w;
	w += n_labels + 1;
	l->posting_asset = w;
	w += n_postings;
	l->posting_weight = w;
	w += 2 * n_postings;
	l->pool = w;
	w += (label_bytes + 3) / 4;
	l->words = w;
}

/* Write the flat form of n assets after reserve bytes. */
DealCode
asset_index_build(IndexAsset *assets, size_t n, size_t reserve, DealCode failure,
				  const DealAllocator *alloc, char **out, size_t *out_len, DealStatus *st)
{
	size_t		n_postings = 0;
	size_t		n_labels = 0;
	size_t		label_bytes = 0;
	Posting    *postings;
	IndexLayout l;
	char	   *buf;
	uint32_t   *w;
	size_t		k = 0;

	if (n > 0)
		qsort(assets, n, sizeof(IndexAsset), compare_assets);
	for (size_t i = 0; i < n; i++)
	{
		if (i > 0 && assets[i].id == assets[i - 1].id)
			return deal_fail(st, failure, -1, "Asset %lld appears more than once.", (long long) assets[i].id);
		if ((!isnan(assets[i].lat) || !isnan(assets[i].lon)) &&
			geo_check(assets[i].lat, assets[i].lon, st) != DEAL_OK)
		{
			st->code = failure;
			return failure;
		}
		for (uint32_t j = 0; j < assets[i].n_offer; j++)
			n_postings += assets[i].offer[j].weight > 0;
	}
	if (n > UINT32_MAX / 4 || n_postings > UINT32_MAX / 4)
		return deal_fail(st, DEAL_TOO_BIG, -1, "Too many assets or offers for one index.");
	postings = deal_alloc(alloc, (n_postings + 1) * sizeof(Posting));
	if (postings == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for an asset index.");
	for (size_t i = 0; i < n; i++)
		for (uint32_t j = 0; j < assets[i].n_offer; j++)
		{
			const ProfileEntry *e = &assets[i].offer[j];

			if (e->weight > 0)
				postings[k++] = (Posting) {e->label, e->len, (uint32_t) i, e->weight > 1 ? 1 : e->weight};
		}
	if (n_postings > 0)
		qsort(postings, n_postings, sizeof(Posting), compare_postings);
	for (size_t i = 0; i < n_postings; i++)
		if (i == 0 || postings[i].len != postings[i - 1].len ||
			memcmp(postings[i].label, postings[i - 1].label, postings[i].len) != 0)
		{
			n_labels++;
			label_bytes += postings[i].len;
		}

	index_layout(n, n_labels, n_postings, label_bytes, &l);
	if (l.words * 4 + reserve > (size_t) 0x3FFFFFFF - 1024)
	{
		deal_release(alloc, postings);
		return deal_fail(st, DEAL_TOO_BIG, -1, "This index needs %zu bytes; one value holds at most 1 GB.", l.words * 4);
	}
	buf = deal_alloc(alloc, reserve + l.words * 4);
	if (buf == NULL)
	{
		deal_release(alloc, postings);
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for an asset index.");
	}
	memset(buf, 0, reserve + l.words * 4);
	w = (uint32_t *) (buf + reserve);
	w[0] = INDEX_MAGIC;
	w[1] = (uint32_t) n;
	w[2] = (uint32_t) n_labels;
	w[3] = (uint32_t) n_postings;
	w[4] = (uint32_t) label_bytes;
	for (size_t i = 0; i < n; i++)
	{
		double		lat = canonical_double(assets[i].lat);
		double		lon = canonical_double(assets[i].lon);

		memcpy(w + l.ids + 2 * i, &assets[i].id, 8);
		memcpy(w + l.lat + 2 * i, &lat, 8);
		memcpy(w + l.lon + 2 * i, &lon, 8);
	}
	{
		char	   *pool = (char *) (w + l.pool);
		uint32_t	used = 0;
		uint32_t	label = 0;

		for (size_t i = 0; i < n_postings; i++)
		{
			if (i == 0 || postings[i].len != postings[i - 1].len ||
				memcmp(postings[i].label, postings[i - 1].label, postings[i].len) != 0)
			{
				memcpy(pool + used, postings[i].label, postings[i].len);
				used += postings[i].len;
				w[l.label_end + label] = used;
				w[l.posting_start + label] = (uint32_t) i;
				label++;
			}
			w[l.posting_asset + i] = postings[i].asset;
			memcpy(w + l.posting_weight + 2 * i, &postings[i].weight, 8);
		}
		w[l.posting_start + n_labels] = (uint32_t) n_postings;
	}
	deal_release(alloc, postings);
	*out = buf;
	*out_len = reserve + l.words * 4;
	return DEAL_OK;
}

/* Read a flat form of len bytes in place; DEAL_BAD_BINARY if it is not one. */
DealCode
asset_index_open(AssetIndex *ix, const char *flat, size_t len, DealStatus *st)
{
	const uint32_t *w = (const uint32_t *) flat;
	IndexLayout l;

	if (len < INDEX_HEADER_WORDS * 4 || w[0] != INDEX_MAGIC)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Not a deal.asset_index value.");
	ix->n_assets = w[1];
	ix->n_labels = w[2];
	ix->n_postings = w[3];
	if (ix->n_assets > UINT32_MAX / 4 || ix->n_postings > UINT32_MAX / 4 || ix->n_labels > ix->n_postings)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.asset_index value is damaged.");
	index_layout(ix->n_assets, ix->n_labels, ix->n_postings, w[4], &l);
	if (l.words * 4 > len)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.asset_index value is truncated.");
	ix->ids = (const unsigned char *) (w + l.ids);
	ix->lat = (const unsigned char *) (w + l.lat);
	ix->lon = (const unsigned char *) (w + l.lon);
	ix->label_end = w + l.label_end;
	ix->posting_start = w + l.posting_start;
	ix->posting_asset = w + l.posting_asset;
	ix->posting_weight = (const unsigned char *) (w + l.posting_weight);
	ix->pool = (const char *) (w + l.pool);
	if (ix->posting_start[0] != 0 || ix->posting_start[ix->n_labels] != ix->n_postings)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.asset_index value is damaged.");
	for (uint32_t i = 0; i < ix->n_labels; i++)
		if (ix->posting_start[i] > ix->posting_start[i + 1] || ix->label_end[i] > w[4] ||
			(i > 0 && ix->label_end[i] <= ix->label_end[i - 1]))
			return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.asset_index value is damaged.");
	for (uint32_t i = 0; i < ix->n_postings; i++)
		if (ix->posting_asset[i] >= ix->n_assets)
			return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.asset_index value is damaged.");
	return DEAL_OK;
}

/* Read the 8-byte value i of an unaligned array. */
static inline double
read_double(const unsigned char *a, size_t i)
{
	double		v;

	memcpy(&v, a + 8 * i, 8);
	return v;
}

/* Id of asset i. */
int64_t
asset_index_id(const AssetIndex *ix, uint32_t i)
{
	int64_t		v;

	memcpy(&v, ix->ids + 8 * (size_t) i, 8);
	return v;
}

/* Latitude of asset i (NaN when unknown). */
double
asset_index_lat(const AssetIndex *ix, uint32_t i)
{
	return read_double(ix->lat, i);
}

/* Longitude of asset i (NaN when unknown). */
double
asset_index_lon(const AssetIndex *ix, uint32_t i)
{
	return read_double(ix->lon, i);
}

/* Label i of the index and its length. */
static const char *
index_label(const AssetIndex *ix, uint32_t i, uint32_t *len)
{
	uint32_t	start = i == 0 ? 0 : ix->label_end[i - 1];

	*len = ix->label_end[i] - start;
	return ix->pool + start;
}

/* Asset i's offer, rebuilt from the lists, into entries (room for n_labels); returns how many. */
uint32_t
asset_index_offer(const AssetIndex *ix, uint32_t i, ProfileEntry *entries)
{
	uint32_t	n = 0;

	for (uint32_t label = 0; label < ix->n_labels; label++)
	{
		uint32_t	lo = ix->posting_start[label];
		uint32_t	hi = ix->posting_start[label + 1];

		/* each list is sorted by asset */
		while (lo < hi)
		{
			uint32_t	mid = lo + (hi - lo) / 2;

			if (ix->posting_asset[mid] < i)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < ix->posting_start[label + 1] && ix->posting_asset[lo] == i)
		{
			entries[n].label = index_label(ix, label, &entries[n].len);
			entries[n].weight = read_double(ix->posting_weight, lo);
			n++;
		}
	}
	return n;
}

/* Add one side's terms (needs or interests, weighted by share) to every asset offering them. */
static void
accumulate(const AssetIndex *ix, const Profile *person, double share, IndexScratch *s, uint32_t *n_touched)
{
	double		total = 0;

	for (uint32_t i = 0; i < person->n; i++)
	{
		double		p = profile_weight(person, i);

		total += p < 0 ? 0 : p > 1 ? 1 : p;
	}
	if (total <= 0)
		return;
	/* labels in profile order, as match_score adds them */
	for (uint32_t i = 0; i < person->n; i++)
	{
		uint32_t	len;
		const char *label = profile_label(person, i, &len);
		double		p = profile_weight(person, i);
		int64_t		l;

		p = p < 0 ? 0 : p > 1 ? 1 : p;
		if (p == 0 || (l = deal_find_label(ix->pool, (const unsigned char *) ix->label_end, ix->n_labels, label, len)) < 0)
			continue;
		for (uint32_t j = ix->posting_start[l]; j < ix->posting_start[l + 1]; j++)
		{
			uint32_t	a = ix->posting_asset[j];

			if (!s->seen[a])
			{
				s->seen[a] = 1;
				s->touched[(*n_touched)++] = a;
			}
			s->acc[a] += share * p * read_double(ix->posting_weight, j) / total;
		}
	}
}

/* Does match a rank above b: higher score, then lower asset id? */
static inline int
ranks_above(const IndexMatch *a, const IndexMatch *b)
{
	return a->score > b->score || (a->score == b->score && a->asset_id < b->asset_id);
}

/* The k best matches, best first; see asset_index.h. */
uint32_t
asset_index_top(const AssetIndex *ix, const Profile *needs, const Profile *interests,
				double lat, double lon, double max_km, uint32_t k,
				IndexScratch *s, IndexMatch *out)
{
	uint32_t	n_touched = 0;
	uint32_t	n_out = 0;

	accumulate(ix, needs, MATCH_NEED_SHARE, s, &n_touched);
	accumulate(ix, interests, MATCH_INTEREST_SHARE, s, &n_touched);

	for (uint32_t t = 0; t < n_touched; t++)
	{
		uint32_t	a = s->touched[t];
		double		raw = s->acc[a];
		double		nearness = 1;
		IndexMatch	m;

		s->acc[a] = 0;
		s->seen[a] = 0;
		if (k == 0 || raw <= 0)
			continue;
		/* the distance can only lower a score: skip what could not make the top k */
		if (n_out == k && raw < out[k - 1].score)
			continue;
		m.asset_id = asset_index_id(ix, a);
		if (!isnan(lat) && !isnan(lon) && !isnan(asset_index_lat(ix, a)) && !isnan(asset_index_lon(ix, a)))
		{
			double		r = geo_km(lat, lon, asset_index_lat(ix, a), asset_index_lon(ix, a)) / max_km;

			nearness = r >= 1 ? 0 : (1 - r * r) * (1 - r * r);
		}
		/* as match_score adds its last term: at most 1, whatever rounding did to raw */
		m.score = raw + ((raw > 1 ? 1 : raw) * nearness - raw);
		if (m.score <= 0 || (n_out == k && !ranks_above(&m, &out[k - 1])))
			continue;
		/* insert into the sorted list of the best so far */
		{
			uint32_t	pos = n_out < k ? n_out++ : k - 1;

			while (pos > 0 && ranks_above(&m, &out[pos - 1]))
			{
				out[pos] = out[pos - 1];
				pos--;
			}
			out[pos] = m;
		}
	}
	return n_out;
}

/* Skip blanks. */
static void
skip(const char *t, size_t *pos)
{
	while (t[*pos] == ' ' || t[*pos] == '\t' || t[*pos] == '\n' || t[*pos] == '\r')
		(*pos)++;
}

/* Read an optional coordinate (empty means unknown) up to ','. */
static bool
read_coordinate(const char *t, size_t *pos, double *v)
{
	char	   *end;

	skip(t, pos);
	if (t[*pos] == ',')
	{
		*v = NAN;
		return true;
	}
	*v = strtod(t + *pos, &end);
	if (end == t + *pos || !isfinite(*v))
		return false;
	*pos = (size_t) (end - t);
	skip(t, pos);
	return true;
}

/* Parse {(id,lat,lon,"offer"),...} into assets; DEAL_BAD_TEXT with a position. */
DealCode
asset_index_parse(const char *text, const DealAllocator *alloc, IndexAsset **assets, size_t *n,
				  DealStatus *st)
{
	size_t		pos = 0;
	size_t		count = 0;
	size_t		capacity = 1;

	for (const char *c = text; *c; c++)
		capacity += *c == '(';
	*assets = deal_alloc(alloc, capacity * sizeof(IndexAsset));
	if (*assets == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for an asset index.");
	skip(text, &pos);
	if (text[pos++] != '{')
		return deal_fail(st, DEAL_BAD_TEXT, 0, "Expected \"{\" at character 1.");
	skip(text, &pos);
	if (text[pos] == '}')
		pos++;
	else
		for (;;)
		{
			IndexAsset *a = &(*assets)[count];
			char	   *end;
			const char *close;
			char	   *offer;
			ProfileEntry *entries;
			uint32_t	n_entries;
			char	   *pool;
			DealStatus	inner;

			skip(text, &pos);
			if (text[pos] != '(')
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos, "Expected \"(\" at character %zu.", pos + 1);
			pos++;
			skip(text, &pos);
			a->id = strtoll(text + pos, &end, 10);
			if (end == text + pos)
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos, "Expected an asset id at character %zu.", pos + 1);
			pos = (size_t) (end - text);
			skip(text, &pos);
			if (text[pos++] != ',' || !read_coordinate(text, &pos, &a->lat) || text[pos++] != ',' ||
				!read_coordinate(text, &pos, &a->lon) || text[pos++] != ',')
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos - 1,
								 "Expected latitude and longitude (or nothing) and \",\" at character %zu.", pos);
			skip(text, &pos);
			if (text[pos] != '"' || (close = strchr(text + pos + 1, '"')) == NULL)
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos, "Expected a quoted offer at character %zu.", pos + 1);
			offer = deal_alloc(alloc, (size_t) (close - text - pos));
			if (offer == NULL)
				return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for an asset index.");
			memcpy(offer, text + pos + 1, (size_t) (close - text - pos - 1));
			offer[close - text - pos - 1] = '\0';
			if (profile_parse(offer, alloc, &entries, &n_entries, &pool, &inner) != DEAL_OK)
			{
				deal_release(alloc, offer);
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos, "The offer at character %zu is not a profile: %s",
								 pos + 1, inner.detail);
			}
			deal_release(alloc, offer);	/* the entries' labels are in pool */
			a->offer = entries;
			a->n_offer = n_entries;
			pos = (size_t) (close - text) + 1;
			skip(text, &pos);
			if (text[pos++] != ')')
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos - 1, "Expected \")\" at character %zu.", pos);
			count++;
			skip(text, &pos);
			if (text[pos] == '}')
			{
				pos++;
				break;
			}
			if (text[pos++] != ',')
				return deal_fail(st, DEAL_BAD_TEXT, (int) pos - 1, "Expected \",\" or \"}\" at character %zu.", pos);
		}
	skip(text, &pos);
	if (text[pos] != '\0')
		return deal_fail(st, DEAL_BAD_TEXT, (int) pos, "Unexpected text after \"}\" at character %zu.", pos + 1);
	*n = count;
	return DEAL_OK;
}

/* Write {(id,lat,lon,"offer"),...}, assets in id order. */
bool
asset_index_format(const AssetIndex *ix, const DealAllocator *alloc, DealText *out)
{
	ProfileEntry *entries = deal_alloc(alloc, ((size_t) ix->n_labels + 1) * sizeof(ProfileEntry));
	bool		ok = entries != NULL && deal_text_append(out, "{");

	for (uint32_t i = 0; ok && i < ix->n_assets; i++)
	{
		uint32_t	n = asset_index_offer(ix, i, entries);
		char		lat[32] = "",
					lon[32] = "";

		if (!isnan(asset_index_lat(ix, i)))
			profile_format_weight(asset_index_lat(ix, i), lat);
		if (!isnan(asset_index_lon(ix, i)))
			profile_format_weight(asset_index_lon(ix, i), lon);
		ok = deal_text_append(out, "%s(%lld,%s,%s,\"", i == 0 ? "" : ",",
							  (long long) asset_index_id(ix, i), lat, lon);
		for (uint32_t j = 0; ok && j < n; j++)
		{
			char		w[32];

			ok = deal_text_append(out, "%s%.*s", j == 0 ? "" : ", ", (int) entries[j].len, entries[j].label);
			if (ok && entries[j].weight != 1)
			{
				profile_format_weight(entries[j].weight, w);
				ok = deal_text_append(out, ":%s", w);
			}
		}
		ok = ok && deal_text_append(out, "\")");
	}
	deal_release(alloc, entries);
	return ok && deal_text_append(out, "}");
}
