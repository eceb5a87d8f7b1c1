/*
 * lace.c: the LACE index (lace, lace_explain, lace_band) and its comorbidity points
 * (lace_comorbidity, lace_conditions).
 */
#include "deal.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "core/lace.h"

/* The parts of this call's (los_days, acute, comorbidity_points, ed_visits_6m); 22023 naming a bad one. */
static LaceParts
lace_args(FunctionCallInfo fcinfo)
{
	static const char *const names[] = {"los_days", "acute", "comorbidity_points", "ed_visits_6m"};
	LaceParts	parts;
	DealStatus	st;

	if (lace_parts(PG_GETARG_INT32(0), PG_GETARG_BOOL(1), PG_GETARG_INT32(2), PG_GETARG_INT32(3),
				   &parts, &st) != DEAL_OK)
		deal_raise(&st, names[st.position], psprintf("%d", PG_GETARG_INT32(st.position)));
	return parts;
}

/* lace(los_days, acute, comorbidity_points, ed_visits_6m): 0..19. */
PG_FUNCTION_INFO_V1(lace_fn);
Datum
lace_fn(PG_FUNCTION_ARGS)
{
	LaceParts	parts = lace_args(fcinfo);

	PG_RETURN_INT32(lace_total(&parts));
}

/* lace_explain(...): one row per part, L, A, C and E; they add up to lace(). */
PG_FUNCTION_INFO_V1(lace_explain_fn);
Datum
lace_explain_fn(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	LaceParts	parts = lace_args(fcinfo);
	const char *names[4] = {"L", "A", "C", "E"};
	int			points[4] = {parts.l, parts.a, parts.c, parts.e};

	deal_srf_begin(fcinfo);
	for (int i = 0; i < 4; i++)
	{
		Datum		values[2] = {CStringGetTextDatum(names[i]), Int32GetDatum(points[i])};
		bool		nulls[2] = {false, false};

		CHECK_FOR_INTERRUPTS();
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}

/* lace_band(score): low 0-4, moderate 5-9, high 10-19; 22023 outside 0..19. */
PG_FUNCTION_INFO_V1(lace_band_fn);
Datum
lace_band_fn(PG_FUNCTION_ARGS)
{
	const char *band;
	DealStatus	st;

	if (lace_band(PG_GETARG_INT32(0), &band, &st) != DEAL_OK)
		deal_raise(&st, "LACE score", psprintf("%d", PG_GETARG_INT32(0)));
	PG_RETURN_TEXT_P(cstring_to_text(band));
}

/* lace_comorbidity(conditions text[]): Charlson points; NULL elements skipped, repeats once. */
PG_FUNCTION_INFO_V1(lace_comorbidity_fn);
Datum
lace_comorbidity_fn(PG_FUNCTION_ARGS)
{
	ArrayType  *conditions = PG_GETARG_ARRAYTYPE_P(0);
	bool		present[LACE_N_CONDITIONS] = {false};
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	deconstruct_array(conditions, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		text	   *code;
		int			at;
		DealStatus	st;

		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			continue;
		code = DatumGetTextPP(elems[i]);
		if (lace_find_condition(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code), &at, &st) != DEAL_OK)
			deal_raise(&st, "comorbidity condition", text_to_cstring(code));
		present[at] = true;
	}
	pfree(elems);
	pfree(nulls);
	PG_FREE_IF_COPY(conditions, 0);
	PG_RETURN_INT32(lace_comorbidity_points(present));
}

/* lace_conditions(): the conditions lace_comorbidity takes, their points, what each replaces. */
PG_FUNCTION_INFO_V1(lace_conditions_fn);
Datum
lace_conditions_fn(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	deal_srf_begin(fcinfo);
	for (int i = 0; i < LACE_N_CONDITIONS; i++)
	{
		const LaceCondition *c = &lace_conditions[i];
		Datum		values[3];
		bool		nulls[3] = {false, false, c->supersedes < 0};

		CHECK_FOR_INTERRUPTS();
		values[0] = CStringGetTextDatum(c->code);
		values[1] = Int32GetDatum(c->points);
		values[2] = c->supersedes < 0 ? (Datum) 0 : CStringGetTextDatum(lace_conditions[c->supersedes].code);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}
