/*
 * status.c: filling in a DealStatus.
 */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>

/* Reset a status to success. */
void
deal_status_clear(DealStatus *st)
{
	st->code = DEAL_OK;
	st->position = -1;
	st->detail[0] = '\0';
	st->message[0] = '\0';
	st->hint[0] = '\0';
}

/* Record a failure with its position (or -1) and a printf-style detail; returns code. */
DealCode
deal_fail(DealStatus *st, DealCode code, int position, const char *fmt,...)
{
	va_list		args;

	st->code = code;
	st->position = position;
	va_start(args, fmt);
	vsnprintf(st->detail, sizeof(st->detail), fmt, args);
	va_end(args);
	st->message[0] = '\0';
	st->hint[0] = '\0';
	return code;
}

/* Give the failure in st a message of its own (printf-style), instead of the mapper's. */
void
deal_set_message(DealStatus *st, const char *fmt,...)
{
	va_list		args;

	va_start(args, fmt);
	vsnprintf(st->message, sizeof(st->message), fmt, args);
	va_end(args);
}

/* Give the failure in st a hint: what the caller can do about it (printf-style). */
void
deal_set_hint(DealStatus *st, const char *fmt,...)
{
	va_list		args;

	va_start(args, fmt);
	vsnprintf(st->hint, sizeof(st->hint), fmt, args);
	va_end(args);
}

/* Name byte c for a detail: character "x" when printable ASCII, else byte 0x09. */
const char *
deal_char_name(char c, char buf[DEAL_CHAR_NAME_SIZE])
{
	unsigned char u = (unsigned char) c;

	if (u >= 0x20 && u < 0x7f)
		snprintf(buf, DEAL_CHAR_NAME_SIZE, "character \"%c\"", c);
	else
		snprintf(buf, DEAL_CHAR_NAME_SIZE, "byte 0x%02X", u);
	return buf;
}
