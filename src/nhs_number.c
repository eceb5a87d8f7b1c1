/*
 * nhs_number.c: the deal.nhs_number type, an NHS number held by value as an int8.
 *
 * Comparison, hashing and sort support are PostgreSQL's own int8 functions, declared over
 * this type in the install script: the value is the number, so numeric order is the order.
 */
#include "deal.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "core/nhs.h"

#define TYPE_NAME "nhs_number"

/* Text input: "943 476 5919", "943-476-5919", "9434765919". */
PG_FUNCTION_INFO_V1(nhs_number_in);
Datum
nhs_number_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	int64_t		value;
	DealStatus	st;

	deal_check(nhs_parse(input, &value, &st), &st, TYPE_NAME, input);
	PG_RETURN_INT64(value);
}

/* Text output: "943 476 5919". */
PG_FUNCTION_INFO_V1(nhs_number_out);
Datum
nhs_number_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(NHS_FORMAT_SIZE);

	nhs_format(PG_GETARG_INT64(0), buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary input: the number as int8, validated as strictly as text input. */
PG_FUNCTION_INFO_V1(nhs_number_recv);
Datum
nhs_number_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		value = deal_recv_int64(buf, TYPE_NAME);
	DealStatus	st;

	deal_check(nhs_validate(value, DEAL_BAD_BINARY, &st), &st, TYPE_NAME, NULL);
	PG_RETURN_INT64(value);
}

/* Binary output: the number as int8. */
PG_FUNCTION_INFO_V1(nhs_number_send);
Datum
nhs_number_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Cast from bigint: the number must be in range and pass the check digit. */
PG_FUNCTION_INFO_V1(nhs_number_from_int8);
Datum
nhs_number_from_int8(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_INT64(0);
	DealStatus	st;

	if (nhs_validate(value, DEAL_BAD_ARGUMENT, &st) != DEAL_OK)
		deal_raise(&st, "NHS number", psprintf(INT64_FORMAT, value));
	PG_RETURN_INT64(value);
}

/* Is text a valid NHS number?  Never raises an error. */
PG_FUNCTION_INFO_V1(nhs_number_is_valid);
Datum
nhs_number_is_valid(PG_FUNCTION_ARGS)
{
	char	   *input = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int64_t		value;
	DealStatus	st;

	PG_RETURN_BOOL(nhs_parse(input, &value, &st) == DEAL_OK);
}

/* Is the number a placeholder (ten equal digits) or in the never-issued 999 test range? */
PG_FUNCTION_INFO_V1(nhs_number_is_placeholder);
Datum
nhs_number_is_placeholder(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(nhs_is_placeholder(PG_GETARG_INT64(0)));
}
