/*
 * profile.c: the deal.profile type: I/O, comparison and hashing, the algebra, and the
 * functions and operators analysts call.  Aggregates are in profile_agg.c, GIN support in
 * profile_gin.c.
 */
#include "deal_profile.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"

#define TYPE_NAME "profile"

/* Open a deal.profile datum: in place unless compressed or out of line. */
OpenProfile
deal_profile_open(Datum datum)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(datum);
	struct varlena *v = PG_DETOAST_DATUM_PACKED(datum);
	OpenProfile op = {.copy = v == raw ? NULL : v};
	DealStatus	st;

	deal_check(profile_open(&op.p, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st), &st, TYPE_NAME, NULL);
	return op;
}

/* Open the profile in argument argno of a call; a NULL one opens as the empty profile. */
OpenProfile
deal_profile_arg(FunctionCallInfo fcinfo, int argno)
{
	OpenProfile empty = {{0, NULL, NULL, NULL}, NULL};

	return PG_ARGISNULL(argno) ? empty : deal_profile_open(PG_GETARG_DATUM(argno));
}

/* Free what deal_profile_open copied, if anything. */
void
deal_profile_close(OpenProfile *op)
{
	if (op->copy != NULL)
		pfree(op->copy);
	op->copy = NULL;
}

/* A new deal.profile from n canonical entries. */
Datum
deal_profile_make(const ProfileEntry *entries, uint32 n)
{
	size_t		size = profile_flat_size(entries, n);
	struct varlena *v = palloc(VARHDRSZ + size);

	SET_VARSIZE(v, VARHDRSZ + size);
	profile_write(entries, n, VARDATA(v));
	PG_RETURN_POINTER(v);
}

/* Canonicalise entries (raising failure's error) and make a profile of them. */
Datum
deal_profile_from_entries(ProfileEntry *entries, uint32 n, DealCode failure, const char *subject)
{
	DealStatus	st;

	deal_check(profile_canonicalize(entries, n, failure, &st), &st, subject, NULL);
	return deal_profile_make(entries, n);
}

/* Text input: "debt:0.9, loneliness:0.6, gardening". */
PG_FUNCTION_INFO_V1(profile_in);
Datum
profile_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	ProfileEntry *entries;
	char	   *pool;
	uint32_t	n;
	DealStatus	st;

	deal_check(profile_parse(input, &deal_palloc_allocator, &entries, &n, &pool, &st), &st,
			   TYPE_NAME, input);
	return deal_profile_make(entries, n);
}

/* Text output: canonical, sorted by label, weight 1 implied. */
PG_FUNCTION_INFO_V1(profile_out);
Datum
profile_out(PG_FUNCTION_ARGS)
{
	OpenProfile p = deal_profile_open(PG_GETARG_DATUM(0));
	DealText	out = {.alloc = &deal_palloc_allocator};
	char	   *text = deal_text_result(profile_format(&p.p, &out), &out, "This profile's text", TYPE_NAME);

	deal_profile_close(&p);
	PG_RETURN_CSTRING(text);
}

/* Binary output: count, then each label (NUL-terminated) and its float8 weight. */
PG_FUNCTION_INFO_V1(profile_send);
Datum
profile_send(PG_FUNCTION_ARGS)
{
	OpenProfile p = deal_profile_open(PG_GETARG_DATUM(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, p.p.n);
	for (uint32 i = 0; i < p.p.n; i++)
	{
		uint32_t	len;
		const char *label = profile_label(&p.p, i, &len);

		CHECK_FOR_INTERRUPTS();
		pq_sendbytes(&buf, label, len);
		pq_sendbyte(&buf, 0);
		pq_sendfloat8(&buf, profile_weight(&p.p, i));
	}
	deal_profile_close(&p);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Binary input: validated as strictly as text input (labels, finite weights, no repeats). */
PG_FUNCTION_INFO_V1(profile_recv);
Datum
profile_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		n = deal_recv_count(buf, 10, TYPE_NAME);
	ProfileEntry *entries;

	entries = palloc(sizeof(ProfileEntry) * (n + 1));
	for (int64 i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		entries[i].label = deal_recv_label(buf, &entries[i].len, sizeof(float8), TYPE_NAME);
		entries[i].weight = pq_getmsgfloat8(buf);
	}
	deal_recv_end(buf, "label", TYPE_NAME);
	return deal_profile_from_entries(entries, (uint32) n, DEAL_BAD_BINARY, TYPE_NAME);
}

/* What a function of the two profile arguments computes. */
typedef enum PairOp
{
	PAIR_COMPARE,
	PAIR_OVERLAPS,
	PAIR_CONTAINS,				/* the first has every label of the second */
	PAIR_CONTAINED,				/* the second has every label of the first */
	PAIR_DOT,
	PAIR_COSINE
} PairOp;

/*
 * op on the two profile arguments of this call (booleans as 0 or 1).  Comparison, equality
 * and the operators run per row or per comparison: the arguments are closed before returning.
 */
static double
pair(FunctionCallInfo fcinfo, PairOp op)
{
	OpenProfile a = deal_profile_open(PG_GETARG_DATUM(0));
	OpenProfile b = deal_profile_open(PG_GETARG_DATUM(1));
	double		result = 0;

	switch (op)
	{
		case PAIR_COMPARE:
			result = profile_compare(&a.p, &b.p);
			break;
		case PAIR_OVERLAPS:
			result = profile_overlaps(&a.p, &b.p);
			break;
		case PAIR_CONTAINS:
			result = profile_contains(&a.p, &b.p);
			break;
		case PAIR_CONTAINED:
			result = profile_contains(&b.p, &a.p);
			break;
		case PAIR_DOT:
			result = profile_dot(&a.p, &b.p);
			break;
		case PAIR_COSINE:
			result = profile_cosine(&a.p, &b.p);
			break;
	}
	deal_profile_close(&a);
	deal_profile_close(&b);
	return result;
}

/* Comparison: label by label, then weight by weight; -1, 0 or 1. */
PG_FUNCTION_INFO_V1(profile_cmp);
Datum
profile_cmp(PG_FUNCTION_ARGS)
{
	double		c = pair(fcinfo, PAIR_COMPARE);

	PG_RETURN_INT32(c < 0 ? -1 : c > 0 ? 1 : 0);
}

/* = */
PG_FUNCTION_INFO_V1(profile_eq);
Datum
profile_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pair(fcinfo, PAIR_COMPARE) == 0);
}

/* <> */
PG_FUNCTION_INFO_V1(profile_ne);
Datum
profile_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pair(fcinfo, PAIR_COMPARE) != 0);
}

/* < */
PG_FUNCTION_INFO_V1(profile_lt);
Datum
profile_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pair(fcinfo, PAIR_COMPARE) < 0);
}

/* <= */
PG_FUNCTION_INFO_V1(profile_le);
Datum
profile_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pair(fcinfo, PAIR_COMPARE) <= 0);
}

/* > */
PG_FUNCTION_INFO_V1(profile_gt);
Datum
profile_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pair(fcinfo, PAIR_COMPARE) > 0);
}

/* >= */
PG_FUNCTION_INFO_V1(profile_ge);
Datum
profile_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pair(fcinfo, PAIR_COMPARE) >= 0);
}

/*
 * Hash of the canonical flat form: equal profiles have equal bytes.  A short-header value
 * holds the same bytes as its 4-byte-header form, so it is hashed in place (values frozen).
 */
PG_FUNCTION_INFO_V1(profile_hash);
Datum
profile_hash(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	Datum		hash = hash_any((unsigned char *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));

	PG_FREE_IF_COPY(v, 0);
	return hash;
}

/* Seeded 64-bit hash of the canonical flat form, read in place as profile_hash's is. */
PG_FUNCTION_INFO_V1(profile_hash_extended);
Datum
profile_hash_extended(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	Datum		hash = hash_any_extended((unsigned char *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v),
										 PG_GETARG_INT64(1));

	PG_FREE_IF_COPY(v, 0);
	return hash;
}

/* &&: do they share a label? */
PG_FUNCTION_INFO_V1(profile_overlap);
Datum
profile_overlap(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pair(fcinfo, PAIR_OVERLAPS) != 0);
}

/* @>: has the first every label of the second? */
PG_FUNCTION_INFO_V1(profile_contains_op);
Datum
profile_contains_op(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pair(fcinfo, PAIR_CONTAINS) != 0);
}

/* <@: is every label of the first in the second? */
PG_FUNCTION_INFO_V1(profile_contained_op);
Datum
profile_contained_op(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pair(fcinfo, PAIR_CONTAINED) != 0);
}

/* Index of the text label in argument 1 (any case) in the profile in argument 0, or -1. */
static int64
find_arg(FunctionCallInfo fcinfo, double *weight)
{
	OpenProfile p = deal_profile_open(PG_GETARG_DATUM(0));
	text	   *label = PG_GETARG_TEXT_PP(1);
	int64		i = profile_find(&p.p, VARDATA_ANY(label), VARSIZE_ANY_EXHDR(label));

	*weight = i < 0 ? 0 : profile_weight(&p.p, (uint32) i);
	deal_profile_close(&p);
	PG_FREE_IF_COPY(label, 1);
	return i;
}

/* ?: has the profile this label (any case)? */
PG_FUNCTION_INFO_V1(profile_exists);
Datum
profile_exists(PG_FUNCTION_ARGS)
{
	double		weight;

	PG_RETURN_BOOL(find_arg(fcinfo, &weight) >= 0);
}

/* ->: the weight of a label, or NULL. */
PG_FUNCTION_INFO_V1(profile_get);
Datum
profile_get(PG_FUNCTION_ARGS)
{
	double		weight;

	if (find_arg(fcinfo, &weight) < 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(weight);
}

/* +: label-wise sum. */
PG_FUNCTION_INFO_V1(profile_add_op);
Datum
profile_add_op(PG_FUNCTION_ARGS)
{
	OpenProfile a = deal_profile_open(PG_GETARG_DATUM(0));
	OpenProfile b = deal_profile_open(PG_GETARG_DATUM(1));
	ProfileEntry *out = palloc(sizeof(ProfileEntry) * ((size_t) a.p.n + b.p.n + 1));
	uint32_t	n;
	DealStatus	st;
	Datum		sum;

	deal_check(profile_add(&a.p, &b.p, out, &n, &st), &st, "profile sum", NULL);
	sum = deal_profile_make(out, n);
	pfree(out);
	deal_profile_close(&a);
	deal_profile_close(&b);
	return sum;
}

/* Every weight of p times factor. */
static Datum
scale(Datum profile, float8 factor)
{
	OpenProfile p = deal_profile_open(profile);
	ProfileEntry *entries = palloc(sizeof(ProfileEntry) * ((size_t) p.p.n + 1));
	Datum		scaled;

	if (isnan(factor) || isinf(factor))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a profile can only be scaled by a finite number")));
	profile_entries(&p.p, entries);
	for (uint32 i = 0; i < p.p.n; i++)
		entries[i].weight *= factor;
	scaled = deal_profile_from_entries(entries, p.p.n, DEAL_BAD_ARGUMENT, "scaled profile");
	pfree(entries);
	deal_profile_close(&p);
	return scaled;
}

/* profile * float8 */
PG_FUNCTION_INFO_V1(profile_scale);
Datum
profile_scale(PG_FUNCTION_ARGS)
{
	return scale(PG_GETARG_DATUM(0), PG_GETARG_FLOAT8(1));
}

/* float8 * profile */
PG_FUNCTION_INFO_V1(profile_scale_left);
Datum
profile_scale_left(PG_FUNCTION_ARGS)
{
	return scale(PG_GETARG_DATUM(1), PG_GETARG_FLOAT8(0));
}

/* dot(a, b): sum over shared labels of the products of weights. */
PG_FUNCTION_INFO_V1(profile_dot_fn);
Datum
profile_dot_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(pair(fcinfo, PAIR_DOT));
}

/* cosine(a, b) in [-1, 1]. */
PG_FUNCTION_INFO_V1(profile_cosine_fn);
Datum
profile_cosine_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(pair(fcinfo, PAIR_COSINE));
}

/* <=>: cosine distance, 1 - cosine. */
PG_FUNCTION_INFO_V1(profile_distance);
Datum
profile_distance(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(1.0 - pair(fcinfo, PAIR_COSINE));
}

/* labels(p): the labels, sorted, as text[]. */
PG_FUNCTION_INFO_V1(profile_labels);
Datum
profile_labels(PG_FUNCTION_ARGS)
{
	OpenProfile p = deal_profile_open(PG_GETARG_DATUM(0));
	Datum	   *labels = palloc(sizeof(Datum) * ((size_t) p.p.n + 1));
	ArrayType  *array;

	for (uint32 i = 0; i < p.p.n; i++)
	{
		uint32_t	len;
		const char *label = profile_label(&p.p, i, &len);

		labels[i] = PointerGetDatum(cstring_to_text_with_len(label, len));
	}
	array = construct_array(labels, p.p.n, TEXTOID, -1, false, TYPALIGN_INT);
	deal_profile_close(&p);
	PG_RETURN_ARRAYTYPE_P(array);
}

/* each(p): one row per label with its weight. */
PG_FUNCTION_INFO_V1(profile_each);
Datum
profile_each(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	OpenProfile p;

	deal_srf_begin(fcinfo);
	p = deal_profile_open(PG_GETARG_DATUM(0));
	for (uint32 i = 0; i < p.p.n; i++)
	{
		uint32_t	len;
		const char *label = profile_label(&p.p, i, &len);
		Datum		values[2] = {PointerGetDatum(cstring_to_text_with_len(label, len)),
		Float8GetDatum(profile_weight(&p.p, i))};
		bool		nulls[2] = {false, false};

		CHECK_FOR_INTERRUPTS();
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	deal_profile_close(&p);
	PG_RETURN_NULL();
}

/* profile(labels text[], weights float8[]): from parallel arrays; NULL weights mean 1. */
PG_FUNCTION_INFO_V1(profile_from_arrays);
Datum
profile_from_arrays(PG_FUNCTION_ARGS)
{
	ArrayType  *labels = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *weights = PG_GETARG_ARRAYTYPE_P(1);
	Datum	   *ld,
			   *wd;
	bool	   *lnull,
			   *wnull;
	int			nl,
				nw;
	ProfileEntry *entries;

	if (ARR_NDIM(labels) > 1 || ARR_NDIM(weights) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("labels and weights must be one-dimensional arrays")));
	deconstruct_array(labels, TEXTOID, -1, false, TYPALIGN_INT, &ld, &lnull, &nl);
	deconstruct_array(weights, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &wd, &wnull, &nw);
	if (nl != nw)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("labels and weights must have the same length"),
				 errdetail("There are %d labels and %d weights.", nl, nw)));
	entries = palloc(sizeof(ProfileEntry) * (nl + 1));
	for (int i = 0; i < nl; i++)
	{
		text	   *label;
		char	   *folded;
		DealStatus	st;

		if (lnull[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("a profile label must not be null")));
		label = DatumGetTextPP(ld[i]);
		if (deal_check_profile_label(VARDATA_ANY(label), VARSIZE_ANY_EXHDR(label), "label", &st) != DEAL_OK)
			deal_raise(&st, "profile label", text_to_cstring(label));
		folded = palloc(VARSIZE_ANY_EXHDR(label));
		deal_fold_label(folded, VARDATA_ANY(label), VARSIZE_ANY_EXHDR(label));
		entries[i].label = folded;
		entries[i].len = VARSIZE_ANY_EXHDR(label);
		entries[i].weight = wnull[i] ? 1.0 : DatumGetFloat8(wd[i]);
	}
	return deal_profile_from_entries(entries, nl, DEAL_BAD_ARGUMENT, "profile");
}
