/*
 * families.c: the Supporting Families rule: supporting_families_eligible and its explain twin.
 */
#include "deal_profile.h"

#include "funcapi.h"
#include "utils/builtins.h"

#include "core/families.h"

/* supporting_families_eligible(needs, dependent_children): children and 3 of the 10 headline needs. */
PG_FUNCTION_INFO_V1(supporting_families_eligible_fn);
Datum
supporting_families_eligible_fn(PG_FUNCTION_ARGS)
{
	OpenProfile needs = deal_profile_open(PG_GETARG_DATUM(0));
	FamiliesNeed read[FAMILIES_N_NEEDS];
	int			counted = families_read_needs(&needs.p, read);

	deal_profile_close(&needs);
	PG_RETURN_BOOL(families_eligible(counted, PG_GETARG_BOOL(1)));
}

/*
 * supporting_families_explain(needs, dependent_children): one row per headline need (counted
 * when its weight is above 0), then one for the children condition.
 */
PG_FUNCTION_INFO_V1(supporting_families_explain_fn);
Datum
supporting_families_explain_fn(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	OpenProfile needs = deal_profile_open(PG_GETARG_DATUM(0));
	FamiliesNeed read[FAMILIES_N_NEEDS];

	deal_srf_begin(fcinfo);
	families_read_needs(&needs.p, read);
	deal_profile_close(&needs);
	for (int i = 0; i <= FAMILIES_N_NEEDS; i++)
	{
		bool		children = i == FAMILIES_N_NEEDS;
		Datum		values[3];
		bool		nulls[3] = {false, false, children || !read[i].present};

		CHECK_FOR_INTERRUPTS();
		values[0] = CStringGetTextDatum(children ? "dependent_children" : families_needs[i]);
		values[1] = BoolGetDatum(children ? PG_GETARG_BOOL(1) : read[i].counted);
		values[2] = nulls[2] ? (Datum) 0 : Float8GetDatum(read[i].weight);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}
