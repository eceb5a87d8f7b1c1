/*
 * status.h: how the pure C core reports failure.
 *
 * The core never prints, never longjmps and never allocates to report an error: it fills a
 * DealStatus with a code (which the glue maps to a SQLSTATE), the offending position and a
 * one-sentence detail in PostgreSQL's style, and returns the code.
 */
#ifndef DEAL_STATUS_H
#define DEAL_STATUS_H

#include <stddef.h>

typedef enum DealCode
{
	DEAL_OK = 0,
	DEAL_BAD_TEXT,				/* malformed text input (22P02) */
	DEAL_BAD_BINARY,			/* malformed binary input (22P03) */
	DEAL_BAD_ARGUMENT,			/* an argument outside its domain (22023) */
	DEAL_TOO_BIG,				/* beyond a documented size limit (54000) */
	DEAL_NO_MEMORY				/* the allocator returned NULL (53200) */
} DealCode;

#define DEAL_DETAIL_SIZE 512
#define DEAL_MESSAGE_SIZE 128
#define DEAL_CHAR_NAME_SIZE 16

typedef struct DealStatus
{
	DealCode	code;
	int			position;		/* 0-based offset of the problem in the input, or -1 */
	char		detail[DEAL_DETAIL_SIZE];	/* "Check digit is 8, expected 9." */
	char		message[DEAL_MESSAGE_SIZE]; /* a message of its own, or empty for the mapper's */
	char		hint[DEAL_DETAIL_SIZE]; /* what to do about it, or empty */
} DealStatus;

/* Reset a status to success. */
extern void deal_status_clear(DealStatus *st);

/* Record a failure with its position (or -1) and a printf-style detail; returns code. */
extern DealCode deal_fail(DealStatus *st, DealCode code, int position, const char *fmt,...)
			__attribute__((format(printf, 4, 5)));

/* Give the failure in st a message of its own (printf-style), instead of the mapper's. */
extern void deal_set_message(DealStatus *st, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/* Give the failure in st a hint: what the caller can do about it (printf-style). */
extern void deal_set_hint(DealStatus *st, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/* Name byte c for a detail: character "x" when printable ASCII, else byte 0x09. */
extern const char *deal_char_name(char c, char buf[DEAL_CHAR_NAME_SIZE]);

#endif							/* DEAL_STATUS_H */
