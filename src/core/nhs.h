/*
 * nhs.h: NHS numbers (NHS Data Dictionary): ten digits, the tenth a modulus 11 check digit.
 *
 * A number is held as its value, 0 .. 9999999999, so leading zeros (Scottish CHI numbers
 * share the format) survive and integer order is numeric order.
 */
#ifndef DEAL_NHS_H
#define DEAL_NHS_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

#define NHS_NUMBER_MAX INT64_C(9999999999)
#define NHS_FORMAT_SIZE 13		/* "943 476 5919" and its NUL */
#define NHS_DIGITS_SIZE 11		/* "9434765919" and its NUL */

/* Check digit for nine digits (each 0..9): 0..9, or 10 when no check digit can make them valid. */
extern int	nhs_check_digit(const int digits[9]);

/* Parse text such as "943 476 5919" or "943-476-5919" into *value; DEAL_BAD_TEXT on failure. */
extern DealCode nhs_parse(const char *text, int64_t *value, DealStatus *st);

/* Validate a number given as an integer; on failure report it with code failure. */
extern DealCode nhs_validate(int64_t value, DealCode failure, DealStatus *st);

/* Write value as "943 476 5919" into buf (NHS_FORMAT_SIZE bytes); value must be in range. */
extern void nhs_format(int64_t value, char *buf);

/* Write value as its ten bare digits, "9434765919", into buf (NHS_DIGITS_SIZE bytes). */
extern void nhs_digits(int64_t value, char *buf);

/* Is value a placeholder (ten equal digits) or in the never-issued test range 999 000 0000+? */
extern bool nhs_is_placeholder(int64_t value);

#endif							/* DEAL_NHS_H */
