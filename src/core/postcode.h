/*
 * postcode.h: UK postcodes (BS 7666), held as a 36-bit integer whose order is the natural one.
 *
 * The fields, most significant first: area letters (1st 1..26, 2nd 0 for none or 1..26),
 * district number (0..99), district letter (0 for none or 1..26), sector digit (0..9) and the
 * two unit letters (1..26).  Integer order is therefore area, then district number (WN2 before
 * WN10), then the rest.  GIR 0AA, the one postcode outside the rules, is area "GI" (a second
 * letter I is otherwise impossible) with district letter R, so it sorts where "GIR" would.
 * The encoding is the binary wire format too: do not change it.
 */
#ifndef DEAL_POSTCODE_H
#define DEAL_POSTCODE_H

#include <stdint.h>

#include "status.h"

#define POSTCODE_FORMAT_SIZE 9	/* "AA9A 9AA" and its NUL */

typedef enum PostcodePart
{
	POSTCODE_FULL,				/* WN1 1AA */
	POSTCODE_AREA,				/* WN */
	POSTCODE_DISTRICT,			/* WN1 (the outward code, as DOMAIN.md defines it) */
	POSTCODE_SECTOR,			/* WN1 1 */
	POSTCODE_OUTWARD,			/* WN1 */
	POSTCODE_INWARD				/* 1AA */
} PostcodePart;

/* Parse text such as "wn11aa" or " WN1 1AA " into *code; DEAL_BAD_TEXT on failure. */
extern DealCode postcode_parse(const char *text, int64_t *code, DealStatus *st);

/* Validate an encoded postcode (from binary input); on failure report it with code failure. */
extern DealCode postcode_validate(int64_t code, DealCode failure, DealStatus *st);

/* Write one part of a valid encoded postcode into buf (POSTCODE_FORMAT_SIZE bytes). */
extern void postcode_format(int64_t code, PostcodePart part, char *buf);

#endif							/* DEAL_POSTCODE_H */
