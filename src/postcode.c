/*
 * postcode.c: the deal.postcode type, a UK postcode held by value as an ordered int8.
 *
 * Comparison, hashing and sort support are PostgreSQL's own int8 functions, declared over
 * this type in the install script: the encoding (src/core/postcode.h) orders naturally.
 */
#include "deal.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "core/postcode.h"

#define TYPE_NAME "postcode"

/* Text input: case and spacing normalised, BS 7666 rules enforced. */
PG_FUNCTION_INFO_V1(postcode_in);
Datum
postcode_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	int64_t		code;
	DealStatus	st;

	deal_check(postcode_parse(input, &code, &st), &st, TYPE_NAME, input);
	PG_RETURN_INT64(code);
}

/* Text output: "WN1 1AA". */
PG_FUNCTION_INFO_V1(postcode_out);
Datum
postcode_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(POSTCODE_FORMAT_SIZE);

	postcode_format(PG_GETARG_INT64(0), POSTCODE_FULL, buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary input: the encoded int8, validated as strictly as text input. */
PG_FUNCTION_INFO_V1(postcode_recv);
Datum
postcode_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		code = deal_recv_int64(buf, TYPE_NAME);
	DealStatus	st;

	deal_check(postcode_validate(code, DEAL_BAD_BINARY, &st), &st, TYPE_NAME, NULL);
	PG_RETURN_INT64(code);
}

/* Binary output: the encoded int8. */
PG_FUNCTION_INFO_V1(postcode_send);
Datum
postcode_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Is text a valid postcode?  Never raises an error. */
PG_FUNCTION_INFO_V1(postcode_is_valid);
Datum
postcode_is_valid(PG_FUNCTION_ARGS)
{
	char	   *input = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int64_t		code;
	DealStatus	st;

	PG_RETURN_BOOL(postcode_parse(input, &code, &st) == DEAL_OK);
}

/* One part of a postcode as text. */
static Datum
postcode_part(FunctionCallInfo fcinfo, PostcodePart part)
{
	char		buf[POSTCODE_FORMAT_SIZE];

	postcode_format(PG_GETARG_INT64(0), part, buf);
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}

/* Area: the letters, "WN". */
PG_FUNCTION_INFO_V1(postcode_area);
Datum
postcode_area(PG_FUNCTION_ARGS)
{
	return postcode_part(fcinfo, POSTCODE_AREA);
}

/* District: the outward code, "WN1". */
PG_FUNCTION_INFO_V1(postcode_district);
Datum
postcode_district(PG_FUNCTION_ARGS)
{
	return postcode_part(fcinfo, POSTCODE_DISTRICT);
}

/* Sector: outward code and sector digit, "WN1 1". */
PG_FUNCTION_INFO_V1(postcode_sector);
Datum
postcode_sector(PG_FUNCTION_ARGS)
{
	return postcode_part(fcinfo, POSTCODE_SECTOR);
}

/* Outward code, "WN1". */
PG_FUNCTION_INFO_V1(postcode_outward);
Datum
postcode_outward(PG_FUNCTION_ARGS)
{
	return postcode_part(fcinfo, POSTCODE_OUTWARD);
}

/* Inward code, "1AA". */
PG_FUNCTION_INFO_V1(postcode_inward);
Datum
postcode_inward(PG_FUNCTION_ARGS)
{
	return postcode_part(fcinfo, POSTCODE_INWARD);
}
