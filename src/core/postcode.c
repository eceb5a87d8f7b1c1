/*
 * postcode.c: parsing, validating, encoding and formatting UK postcodes.
 */
#include "postcode.h"

#include <stdbool.h>
#include <string.h>

/* The fields of a postcode; letters are 1..26, 0 means absent. */
typedef struct Postcode
{
	int			area1;
	int			area2;
	int			district;		/* 0..99 */
	int			district_letter;
	int			sector;			/* 0..9 */
	int			unit1;
	int			unit2;
} Postcode;

#define GIR_AREA1 ('G' - 'A' + 1)
#define GIR_AREA2 ('I' - 'A' + 1)
#define GIR_LETTER ('R' - 'A' + 1)

#define MAX_COMPACT 7			/* AA9A9AA */

/* Letters of each rule, as DOMAIN.md states them. */
static const char *const not_first = "QVX";
static const char *const not_second = "IJZ";
static const char *const third_a9a = "ABCDEFGHJKSTUW";
static const char *const fourth_aa9a = "ABEHMNPRVWXY";
static const char *const not_inward = "CIKMOV";

/* Is c an upper-case letter? */
static bool
is_letter(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* Is c a digit? */
static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Is c a blank? */
static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Is letter c one of set? */
static bool
in_set(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/* Pack fields into the ordered integer. */
static int64_t
encode(const Postcode *p)
{
	return ((int64_t) p->area1 << 31) | ((int64_t) p->area2 << 26) |
		((int64_t) p->district << 19) | ((int64_t) p->district_letter << 14) |
		((int64_t) p->sector << 10) | ((int64_t) p->unit1 << 5) | (int64_t) p->unit2;
}

/* Unpack the ordered integer into fields, without validating them. */
static void
decode(int64_t code, Postcode *p)
{
	p->area1 = (int) (code >> 31 & 31);
	p->area2 = (int) (code >> 26 & 31);
	p->district = (int) (code >> 19 & 127);
	p->district_letter = (int) (code >> 14 & 31);
	p->sector = (int) (code >> 10 & 15);
	p->unit1 = (int) (code >> 5 & 31);
	p->unit2 = (int) (code & 31);
}

/* Letter for field value v (1..26). */
static char
letter(int v)
{
	return (char) ('A' + v - 1);
}

/* Is this the special postcode GIR 0AA? */
static bool
is_gir(const Postcode *p)
{
	return p->area1 == GIR_AREA1 && p->area2 == GIR_AREA2;
}

/* Check postcode c (compact, upper case, length n) against BS 7666; pos maps to input offsets. */
static DealCode
check_compact(const char *c, int n, const int *pos, Postcode *p, DealStatus *st)
{
	const char *in = c + n - 3;
	int			out_len = n - 3;
	char		shape[5];

	if (n == 6 && memcmp(c, "GIR0AA", 6) == 0)
	{
		*p = (Postcode) {GIR_AREA1, GIR_AREA2, 0, GIR_LETTER, 0, 1, 1};
		return DEAL_OK;
	}

	/* inward code: digit, letter, letter, none of them C I K M O V */
	if (!is_digit(in[0]) || !is_letter(in[1]) || !is_letter(in[2]))
		return deal_fail(st, DEAL_BAD_TEXT, pos[out_len],
						 "Inward code \"%.3s\" must be a digit followed by two letters.", in);
	for (int i = 1; i < 3; i++)
		if (in_set(in[i], not_inward))
			return deal_fail(st, DEAL_BAD_TEXT, pos[out_len + i],
							 "Inward code letter \"%c\" at character %d is not allowed: inward letters are never C, I, K, M, O or V.",
							 in[i], pos[out_len + i] + 1);

	/* outward code: one of A9, A99, A9A, AA9, AA99, AA9A */
	for (int i = 0; i < out_len; i++)
		shape[i] = is_letter(c[i]) ? 'A' : '9';
	shape[out_len] = '\0';
	if (strcmp(shape, "A9") != 0 && strcmp(shape, "A99") != 0 && strcmp(shape, "A9A") != 0 &&
		strcmp(shape, "AA9") != 0 && strcmp(shape, "AA99") != 0 && strcmp(shape, "AA9A") != 0)
		return deal_fail(st, DEAL_BAD_TEXT, pos[0],
						 "Outward code \"%.*s\" is not of the form A9, A99, A9A, AA9, AA99 or AA9A.",
						 out_len, c);

	if (in_set(c[0], not_first))
		return deal_fail(st, DEAL_BAD_TEXT, pos[0],
						 "The first letter cannot be Q, V or X, found \"%c\".", c[0]);
	if (shape[1] == 'A' && in_set(c[1], not_second))
		return deal_fail(st, DEAL_BAD_TEXT, pos[1],
						 "The second letter cannot be I, J or Z, found \"%c\".", c[1]);
	if (strcmp(shape, "A9A") == 0 && !in_set(c[2], third_a9a))
		return deal_fail(st, DEAL_BAD_TEXT, pos[2],
						 "The letter after the district number of an A9A outward code must be one of %s, found \"%c\".",
						 third_a9a, c[2]);
	if (strcmp(shape, "AA9A") == 0 && !in_set(c[3], fourth_aa9a))
		return deal_fail(st, DEAL_BAD_TEXT, pos[3],
						 "The letter after the district number of an AA9A outward code must be one of %s, found \"%c\".",
						 fourth_aa9a, c[3]);

	{
		int			area_len = shape[1] == 'A' ? 2 : 1;
		const char *d = c + area_len;
		bool		two_digit = is_digit(d[1]) && d + 1 < in;

		if (two_digit && d[0] == '0')
			return deal_fail(st, DEAL_BAD_TEXT, pos[area_len],
							 "A two-digit district number cannot start with 0.");
		p->area1 = c[0] - 'A' + 1;
		p->area2 = area_len == 2 ? c[1] - 'A' + 1 : 0;
		p->district = two_digit ? (d[0] - '0') * 10 + (d[1] - '0') : d[0] - '0';
		p->district_letter = (!two_digit && d + 1 < in) ? d[1] - 'A' + 1 : 0;
		p->sector = in[0] - '0';
		p->unit1 = in[1] - 'A' + 1;
		p->unit2 = in[2] - 'A' + 1;
	}
	return DEAL_OK;
}

/* Parse text such as "wn11aa" or " WN1 1AA " into *code; DEAL_BAD_TEXT on failure. */
DealCode
postcode_parse(const char *text, int64_t *code, DealStatus *st)
{
	char		compact[MAX_COMPACT + 1];
	int			pos[MAX_COMPACT];
	int			n = 0;
	int			space_at = -1;	/* compact length when the inner blank run was met */
	int			space_pos = -1; /* and its offset in text */
	int			start = 0;
	int			end = (int) strlen(text);
	Postcode	p = {0};
	DealCode	result;

	while (start < end && is_blank(text[start]))
		start++;
	while (end > start && is_blank(text[end - 1]))
		end--;

	for (int i = start; i < end; i++)
	{
		char		c = text[i];

		if (is_blank(c))
		{
			if (space_at >= 0 && space_at != n)
				return deal_fail(st, DEAL_BAD_TEXT, i,
								 "Only one space may stand in a postcode, between the outward and inward codes.");
			if (space_at < 0)
				space_pos = i;
			space_at = n;
			continue;
		}
		if (c >= 'a' && c <= 'z')
			c = (char) (c - 'a' + 'A');
		if (!is_letter(c) && !is_digit(c))
		{
			char		name[DEAL_CHAR_NAME_SIZE];

			return deal_fail(st, DEAL_BAD_TEXT, i,
							 "Unexpected %s at character %d: a postcode has only letters, digits and one space.",
							 deal_char_name(c, name), i + 1);
		}
		if (n == MAX_COMPACT)
			return deal_fail(st, DEAL_BAD_TEXT, i,
							 "A postcode has 5 to 7 letters and digits, found more.");
		pos[n] = i;
		compact[n++] = c;
	}
	compact[n] = '\0';
	if (n < 5)
		return deal_fail(st, DEAL_BAD_TEXT, -1,
						 "A postcode has 5 to 7 letters and digits, found %d.", n);
	if (space_at >= 0 && space_at != n - 3)
		return deal_fail(st, DEAL_BAD_TEXT, space_pos,
						 "The inward code after the space has %d characters; it must have 3, a digit and two letters.",
						 n - space_at);

	result = check_compact(compact, n, pos, &p, st);
	if (result != DEAL_OK)
		return result;
	deal_status_clear(st);
	*code = encode(&p);
	return DEAL_OK;
}

/* Validate an encoded postcode (from binary input); on failure report it with code failure. */
DealCode
postcode_validate(int64_t code, DealCode failure, DealStatus *st)
{
	Postcode	p;
	char		text[POSTCODE_FORMAT_SIZE];
	int64_t		reparsed;
	DealStatus	inner;

	decode(code, &p);
	if (code <= 0 || encode(&p) != code ||
		p.area1 < 1 || p.area1 > 26 || p.area2 > 26 || p.district > 99 ||
		p.district_letter > 26 || p.sector > 9 ||
		p.unit1 < 1 || p.unit1 > 26 || p.unit2 < 1 || p.unit2 > 26 ||
		(p.district >= 10 && p.district_letter != 0))
		return deal_fail(st, failure, -1, "Value %lld does not encode a postcode.", (long long) code);

	/* the remaining rules are the parser's: format the fields and parse them again */
	postcode_format(code, POSTCODE_FULL, text);
	if (postcode_parse(text, &reparsed, &inner) != DEAL_OK)
		return deal_fail(st, failure, -1, "Value %lld encodes \"%s\", which is not a valid postcode: %s",
						 (long long) code, text, inner.detail);
	if (reparsed != code)
		return deal_fail(st, failure, -1, "Value %lld does not encode a postcode.", (long long) code);
	deal_status_clear(st);
	return DEAL_OK;
}

/* Write one part of a valid encoded postcode into buf (POSTCODE_FORMAT_SIZE bytes). */
void
postcode_format(int64_t code, PostcodePart part, char *buf)
{
	Postcode	p;
	char		outward[5];
	char		inward[4];
	int			n = 0;
	int			area_len;

	decode(code, &p);
	if (is_gir(&p))
	{
		memcpy(outward, "GIR", 4);
		area_len = 3;
	}
	else
	{
		outward[n++] = letter(p.area1);
		if (p.area2)
			outward[n++] = letter(p.area2);
		area_len = n;
		if (p.district >= 10)
			outward[n++] = (char) ('0' + p.district / 10);
		outward[n++] = (char) ('0' + p.district % 10);
		if (p.district_letter)
			outward[n++] = letter(p.district_letter);
		outward[n] = '\0';
	}
	inward[0] = (char) ('0' + p.sector);
	inward[1] = letter(p.unit1);
	inward[2] = letter(p.unit2);
	inward[3] = '\0';

	switch (part)
	{
		case POSTCODE_AREA:
			memcpy(buf, outward, area_len);
			buf[area_len] = '\0';
			break;
		case POSTCODE_DISTRICT:
		case POSTCODE_OUTWARD:
			strcpy(buf, outward);
			break;
		case POSTCODE_INWARD:
			strcpy(buf, inward);
			break;
		case POSTCODE_SECTOR:
			strcpy(buf, outward);
			strcat(buf, " ");
			strncat(buf, inward, 1);
			break;
		case POSTCODE_FULL:
			strcpy(buf, outward);
			strcat(buf, " ");
			strcat(buf, inward);
			break;
	}
}
