/*
 * pseudonym.c: keyed pseudonyms, HMAC-SHA256 through the server's own cryptography.
 *
 * The pseudonym of a value under a key is the hex HMAC-SHA256 of the value's text.  One key
 * gives one stable pseudonym per value, so analysts can join partners' tables on it; without
 * the key it cannot be reversed, not even by trying every NHS number.
 */
#include "deal.h"

#include "common/hmac.h"
#include "common/sha2.h"
#include "fmgr.h"
#include "utils/builtins.h"

#include "core/nhs.h"

/* Keys shorter than this could be guessed, and then every NHS number tried. */
#define MIN_KEY_BYTES 16

/* Hex HMAC-SHA256 of data under key, as text. */
static text *
hmac_sha256_hex(const char *data, size_t data_len, bytea *key)
{
	uint8		digest[PG_SHA256_DIGEST_LENGTH];
	char		hex[PG_SHA256_DIGEST_LENGTH * 2];
	pg_hmac_ctx *ctx;
	size_t		key_len = VARSIZE_ANY_EXHDR(key);

	if (key_len < MIN_KEY_BYTES)
	{
		DealStatus	st;

		deal_fail(&st, DEAL_BAD_ARGUMENT, -1,
				  "The key has %zu bytes; at least %d are needed, or the pseudonyms could be reversed by guessing the key.",
				  key_len, MIN_KEY_BYTES);
		deal_raise(&st, "pseudonymisation key", NULL);
	}

	ctx = pg_hmac_create(PG_SHA256);
	if (ctx == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	if (pg_hmac_init(ctx, (const uint8 *) VARDATA_ANY(key), key_len) < 0 ||
		pg_hmac_update(ctx, (const uint8 *) data, data_len) < 0 ||
		pg_hmac_final(ctx, digest, sizeof(digest)) < 0)
	{
		const char *reason = pg_hmac_error(ctx);

		pg_hmac_free(ctx);
		elog(ERROR, "could not compute HMAC-SHA256: %s", reason);
	}
	pg_hmac_free(ctx);

	hex_encode((const char *) digest, sizeof(digest), hex);
	return cstring_to_text_with_len(hex, sizeof(hex));
}

/* Pseudonym of a text value. */
PG_FUNCTION_INFO_V1(pseudonym_text);
Datum
pseudonym_text(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);

	PG_RETURN_TEXT_P(hmac_sha256_hex(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value),
									 PG_GETARG_BYTEA_PP(1)));
}

/* Pseudonym of an NHS number: that of its ten bare digits, so text columns join too. */
PG_FUNCTION_INFO_V1(pseudonym_nhs_number);
Datum
pseudonym_nhs_number(PG_FUNCTION_ARGS)
{
	char		digits[NHS_DIGITS_SIZE];

	nhs_digits(PG_GETARG_INT64(0), digits);
	PG_RETURN_TEXT_P(hmac_sha256_hex(digits, strlen(digits), PG_GETARG_BYTEA_PP(1)));
}
