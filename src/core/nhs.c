/*
 * nhs.c: parsing, validating and formatting NHS numbers.
 */
#include "nhs.h"

#define NHS_DIGITS 10

/* Check digit for nine digits (each 0..9): 0..9, or 10 when no check digit can make them valid. */
int
nhs_check_digit(const int digits[9])
{
	int			sum = 0;
	int			check;

	for (int i = 0; i < 9; i++)
		sum += digits[i] * (10 - i);
	check = 11 - sum % 11;
	return check == 11 ? 0 : check;
}

/* Split a value into its ten digits, most significant first. */
static void
split_digits(int64_t value, int digits[NHS_DIGITS])
{
	for (int i = NHS_DIGITS - 1; i >= 0; i--)
	{
		digits[i] = (int) (value % 10);
		value /= 10;
	}
}

/* Check ten digits against their check digit; on failure report it with code failure. */
static DealCode
check_digits(const int digits[NHS_DIGITS], DealCode failure, DealStatus *st)
{
	int			check = nhs_check_digit(digits);

	if (check == 10)
		return deal_fail(st, failure, -1,
						 "No NHS number can start with %d%d%d%d%d%d%d%d%d: its check digit would be 10.",
						 digits[0], digits[1], digits[2], digits[3], digits[4],
						 digits[5], digits[6], digits[7], digits[8]);
	if (check != digits[9])
		return deal_fail(st, failure, -1,
						 "Check digit is %d, but the first nine digits require %d.",
						 digits[9], check);
	deal_status_clear(st);
	return DEAL_OK;
}

/* Is c a blank that may surround the number? */
static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parse text such as "943 476 5919" or "943-476-5919" into *value; DEAL_BAD_TEXT on failure. */
DealCode
nhs_parse(const char *text, int64_t *value, DealStatus *st)
{
	int			digits[NHS_DIGITS];
	int			ndigits = 0;
	int			start = 0;
	int			end;
	int64_t		v = 0;
	DealCode	code;

	while (is_blank(text[start]))
		start++;
	end = start;
	while (text[end] != '\0')
		end++;
	while (end > start && is_blank(text[end - 1]))
		end--;

	for (int i = start; i < end; i++)
	{
		char		c = text[i];

		if (c >= '0' && c <= '9')
		{
			if (ndigits < NHS_DIGITS)
				digits[ndigits] = c - '0';
			ndigits++;
		}
		else if (c == ' ' || c == '-')
		{
			if (i == start || i == end - 1 || text[i + 1] == ' ' || text[i + 1] == '-')
				return deal_fail(st, DEAL_BAD_TEXT, i,
								 "Misplaced separator \"%c\" at character %d: a single space or hyphen may only stand between digits.",
								 c, i + 1);
		}
		else
		{
			char		name[DEAL_CHAR_NAME_SIZE];

			return deal_fail(st, DEAL_BAD_TEXT, i,
							 "Unexpected %s at character %d: only digits, spaces and hyphens are allowed.",
							 deal_char_name(c, name), i + 1);
		}
	}
	if (ndigits != NHS_DIGITS)
		return deal_fail(st, DEAL_BAD_TEXT, -1,
						 "An NHS number has 10 digits, found %d.", ndigits);

	code = check_digits(digits, DEAL_BAD_TEXT, st);
	if (code != DEAL_OK)
		return code;
	for (int i = 0; i < NHS_DIGITS; i++)
		v = v * 10 + digits[i];
	*value = v;
	return DEAL_OK;
}

/* Validate a number given as an integer; on failure report it with code failure. */
DealCode
nhs_validate(int64_t value, DealCode failure, DealStatus *st)
{
	int			digits[NHS_DIGITS];

	if (value < 0 || value > NHS_NUMBER_MAX)
		return deal_fail(st, failure, -1,
						 "An NHS number lies between 0 and 9999999999, got %lld.",
						 (long long) value);
	split_digits(value, digits);
	return check_digits(digits, failure, st);
}

/* Write value as "943 476 5919" into buf (NHS_FORMAT_SIZE bytes); value must be in range. */
void
nhs_format(int64_t value, char *buf)
{
	int			digits[NHS_DIGITS];
	int			n = 0;

	split_digits(value, digits);
	for (int i = 0; i < NHS_DIGITS; i++)
	{
		if (i == 3 || i == 6)
			buf[n++] = ' ';
		buf[n++] = (char) ('0' + digits[i]);
	}
	buf[n] = '\0';
}

/* Write value as its ten bare digits, "9434765919", into buf (NHS_DIGITS_SIZE bytes). */
void
nhs_digits(int64_t value, char *buf)
{
	int			digits[NHS_DIGITS];

	split_digits(value, digits);
	for (int i = 0; i < NHS_DIGITS; i++)
		buf[i] = (char) ('0' + digits[i]);
	buf[NHS_DIGITS] = '\0';
}

/* Is value a placeholder (ten equal digits) or in the never-issued test range 999 000 0000+? */
bool
nhs_is_placeholder(int64_t value)
{
	int			digits[NHS_DIGITS];
	bool		all_equal = true;

	if (value >= INT64_C(9990000000))
		return true;
	split_digits(value, digits);
	for (int i = 1; i < NHS_DIGITS; i++)
		all_equal = all_equal && digits[i] == digits[0];
	return all_equal;
}
