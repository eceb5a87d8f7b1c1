/*
 * efi.c: the deal.efi type, a set of the 36 electronic frailty index deficits held by value
 * as an int8 (bit i for deficit i in code order), its aggregate, set functions and accessors.
 *
 * Comparison, hashing, sort support, union (|) and intersection (&) are PostgreSQL's own int8
 * functions, declared over this type in the install script: the value is the set's bits.
 */
#include "deal.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "core/efi.h"

#define TYPE_NAME "efi"
#define CODES_HINT "SELECT code FROM deal.efi_deficits() lists the 36 deficit codes."
#define SET_HINT "Write an eFI as {} or {falls,diabetes}; " CODES_HINT

#define PG_GETARG_EFI(n) ((uint64) PG_GETARG_INT64(n))
#define PG_RETURN_EFI(x) PG_RETURN_INT64((int64) (x))

/* The deficit whose code is the text t (blanks around it allowed, any case); 22P02 if none. */
static int
deficit_of_text(text *t)
{
	int			index;
	DealStatus	st;

	if (efi_parse_code(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &index, &st) != DEAL_OK)
	{
		deal_set_hint(&st, "%s", CODES_HINT);
		deal_raise(&st, TYPE_NAME, text_to_cstring(t));
	}
	return index;
}

/* Text input: "{falls, Diabetes}", any order, repeats once, any case; "{}" is the empty set. */
PG_FUNCTION_INFO_V1(efi_in);
Datum
efi_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	uint64_t	set;
	DealStatus	st;

	if (efi_parse(input, strlen(input), &set, &st) != DEAL_OK)
	{
		deal_set_hint(&st, "%s", SET_HINT);
		deal_raise(&st, TYPE_NAME, input);
	}
	PG_RETURN_EFI(set);
}

/* Text output: "{diabetes,falls}", the codes in their fixed order. */
PG_FUNCTION_INFO_V1(efi_out);
Datum
efi_out(PG_FUNCTION_ARGS)
{
	char		buf[EFI_FORMAT_SIZE];
	size_t		len = efi_format(PG_GETARG_EFI(0), buf);

	PG_RETURN_CSTRING(pnstrdup(buf, len));
}

/* Binary input: the set as int8, validated like text input (no bit beyond the 36). */
PG_FUNCTION_INFO_V1(efi_recv);
Datum
efi_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	uint64		set = (uint64) deal_recv_int64(buf, TYPE_NAME);
	DealStatus	st;

	deal_check(efi_validate(set, DEAL_BAD_BINARY, &st), &st, TYPE_NAME, NULL);
	PG_RETURN_EFI(set);
}

/* Binary output: the set as int8. */
PG_FUNCTION_INFO_V1(efi_send);
Datum
efi_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* efi_agg(deficit text) transition: add the deficit to the set (strict: NULL rows skipped). */
PG_FUNCTION_INFO_V1(efi_agg_transfn);
Datum
efi_agg_transfn(PG_FUNCTION_ARGS)
{
	text	   *deficit = PG_GETARG_TEXT_PP(1);
	uint64		set = PG_GETARG_EFI(0) | (UINT64CONST(1) << deficit_of_text(deficit));

	PG_FREE_IF_COPY(deficit, 1);
	PG_RETURN_EFI(set);
}

/* a - b: the deficits of a that are not in b. */
PG_FUNCTION_INFO_V1(efi_minus);
Datum
efi_minus(PG_FUNCTION_ARGS)
{
	PG_RETURN_EFI(PG_GETARG_EFI(0) & ~PG_GETARG_EFI(1));
}

/* a @> b: a holds every deficit of b. */
PG_FUNCTION_INFO_V1(efi_contains);
Datum
efi_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL((PG_GETARG_EFI(1) & ~PG_GETARG_EFI(0)) == 0);
}

/* a <@ b: b holds every deficit of a. */
PG_FUNCTION_INFO_V1(efi_contained);
Datum
efi_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL((PG_GETARG_EFI(0) & ~PG_GETARG_EFI(1)) == 0);
}

/* a && b: a and b share a deficit. */
PG_FUNCTION_INFO_V1(efi_overlaps);
Datum
efi_overlaps(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL((PG_GETARG_EFI(0) & PG_GETARG_EFI(1)) != 0);
}

/* efi_count(efi): the number of deficits present, 0 .. 36. */
PG_FUNCTION_INFO_V1(efi_count_fn);
Datum
efi_count_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(efi_count(PG_GETARG_EFI(0)));
}

/* efi_score(efi): the count over 36. */
PG_FUNCTION_INFO_V1(efi_score_fn);
Datum
efi_score_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8((double) efi_count(PG_GETARG_EFI(0)) / EFI_DEFICITS);
}

/* efi_category(efi): fit, mild, moderate or severe, decided on the count. */
PG_FUNCTION_INFO_V1(efi_category_fn);
Datum
efi_category_fn(PG_FUNCTION_ARGS)
{
	EfiCategory category = efi_category_of_count(efi_count(PG_GETARG_EFI(0)));

	PG_RETURN_TEXT_P(cstring_to_text(efi_category_name(category)));
}

/* efi(text[]): the set of the array's codes; NULL elements skipped, an unknown code 22P02. */
PG_FUNCTION_INFO_V1(efi_from_array);
Datum
efi_from_array(PG_FUNCTION_ARGS)
{
	ArrayType  *codes = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	uint64		set = 0;

	deconstruct_array(codes, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (!nulls[i])
			set |= UINT64CONST(1) << deficit_of_text(DatumGetTextPP(elems[i]));
	}
	pfree(elems);
	pfree(nulls);
	PG_FREE_IF_COPY(codes, 0);
	PG_RETURN_EFI(set);
}

/* efi_codes(efi): the codes present, in their fixed order. */
PG_FUNCTION_INFO_V1(efi_codes);
Datum
efi_codes(PG_FUNCTION_ARGS)
{
	uint64		set = PG_GETARG_EFI(0);
	Datum		elems[EFI_DEFICITS];
	int			n = 0;

	for (int i = 0; i < EFI_DEFICITS; i++)
		if (set & (UINT64CONST(1) << i))
			elems[n++] = PointerGetDatum(cstring_to_text(efi_code(i)));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* efi_deficits([efi]): (code, name) of every deficit, or of those in the set, in code order. */
PG_FUNCTION_INFO_V1(efi_deficits);
Datum
efi_deficits(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	uint64		set = PG_NARGS() > 0 ? PG_GETARG_EFI(0) : EFI_ALL;

	deal_srf_begin(fcinfo);
	for (int i = 0; i < EFI_DEFICITS; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		CHECK_FOR_INTERRUPTS();
		if (!(set & (UINT64CONST(1) << i)))
			continue;
		values[0] = PointerGetDatum(cstring_to_text(efi_code(i)));
		values[1] = PointerGetDatum(cstring_to_text(efi_name(i)));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}
