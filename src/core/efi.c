/*
 * efi.c: the 36 eFI deficits, and parsing, validating and formatting sets of them.
 */
#include "efi.h"

#include <stdbool.h>
#include <string.h>

/* The deficits of Clegg et al. 2016 (Table 1), in the order of their codes, which is bit order. */
static const struct
{
	const char *code;
	unsigned char len;
	const char *name;
}			deficits[EFI_DEFICITS] = {
	{"activity_limitation", 19, "Activity limitation"},
	{"anaemia", 7, "Anaemia and haematinic deficiency"},
	{"arthritis", 9, "Arthritis"},
	{"atrial_fibrillation", 19, "Atrial fibrillation"},
	{"cerebrovascular_disease", 23, "Cerebrovascular disease"},
	{"chronic_kidney_disease", 22, "Chronic kidney disease"},
	{"diabetes", 8, "Diabetes"},
	{"dizziness", 9, "Dizziness"},
	{"dyspnoea", 8, "Dyspnoea"},
	{"falls", 5, "Falls"},
	{"foot_problems", 13, "Foot problems"},
	{"fragility_fracture", 18, "Fragility fracture"},
	{"hearing_impairment", 18, "Hearing impairment"},
	{"heart_failure", 13, "Heart failure"},
	{"heart_valve_disease", 19, "Heart valve disease"},
	{"housebound", 10, "Housebound"},
	{"hypertension", 12, "Hypertension"},
	{"hypotension_syncope", 19, "Hypotension/syncope"},
	{"ischaemic_heart_disease", 23, "Ischaemic heart disease"},
	{"memory_cognitive_problems", 25, "Memory and cognitive problems"},
	{"mobility_transfer_problems", 26, "Mobility and transfer problems"},
	{"osteoporosis", 12, "Osteoporosis"},
	{"parkinsonism_tremor", 19, "Parkinsonism and tremor"},
	{"peptic_ulcer", 12, "Peptic ulcer"},
	{"peripheral_vascular_disease", 27, "Peripheral vascular disease"},
	{"polypharmacy", 12, "Polypharmacy"},
	{"requirement_for_care", 20, "Requirement for care"},
	{"respiratory_disease", 19, "Respiratory disease"},
	{"skin_ulcer", 10, "Skin ulcer"},
	{"sleep_disturbance", 17, "Sleep disturbance"},
	{"social_vulnerability", 20, "Social vulnerability"},
	{"thyroid_disease", 15, "Thyroid disease"},
	{"urinary_incontinence", 20, "Urinary incontinence"},
	{"urinary_system_disease", 22, "Urinary system disease"},
	{"visual_impairment", 17, "Visual impairment"},
	{"weight_loss_anorexia", 20, "Weight loss and anorexia"},
};

/* The lowest count of each category after fit. */
#define EFI_MILD_FROM 5
#define EFI_MODERATE_FROM 9
#define EFI_SEVERE_FROM 13

/* The code of deficit i (0 .. EFI_DEFICITS - 1), such as "falls". */
const char *
efi_code(int i)
{
	return deficits[i].code;
}

/* The readable name of deficit i, such as "Falls". */
const char *
efi_name(int i)
{
	return deficits[i].name;
}

/*
 * A perfect hash of the codes: the multiplicative hash of (first byte, second byte, last byte,
 * length) below takes each code to its own one of 64 slots; slot_deficit names it (-1: none).
 */
#define SLOT_MULTIPLIER UINT32_C(0xBD623AA7)
static const signed char slot_deficit[64] = {
	12, -1, 19, 35, -1, 11, -1, -1, 4, -1, -1, -1, -1, -1, 14, -1,
	34, 26, 9, 13, -1, 0, -1, 24, -1, 16, 21, 30, -1, -1, 32, 7,
	-1, -1, 20, 23, -1, 22, -1, 27, 5, 31, -1, -1, -1, -1, 2, 29,
	1, 28, 33, -1, -1, 6, 8, 3, 10, 17, -1, -1, 18, 15, -1, 25,
};

/* c in lower case, if it is an ASCII capital. */
static inline unsigned char
fold(char c)
{
	return (unsigned char) ((c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c);
}

/* Index of the deficit whose code is the len bytes at code (any case, no blanks), or -1. */
int
efi_lookup(const char *code, size_t len)
{
	uint32_t	key;
	int			i;

	if (len < 2 || len > EFI_CODE_MAX)
		return -1;
	key = fold(code[0]) | (uint32_t) fold(code[1]) << 8 | (uint32_t) fold(code[len - 1]) << 16 |
		(uint32_t) len << 24;
	i = slot_deficit[(uint32_t) (key * SLOT_MULTIPLIER) >> 26];
	if (i < 0 || deficits[i].len != len)
		return -1;
	for (size_t k = 0; k < len; k++)
		if (fold(code[k]) != (unsigned char) deficits[i].code[k])
			return -1;
	return i;
}

/* Is c a blank that may surround a code or the braces? */
static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* May c stand in a code?  (Letters and underscores; digits too, so "falls2" is one unknown code.) */
static bool
is_code_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Position of the first byte at or after i (before len) that is not a blank. */
static size_t
skip_blanks(const char *text, size_t len, size_t i)
{
	while (i < len && is_blank(text[i]))
		i++;
	return i;
}

/* Look up the code of len bytes at position start of the input; fail naming it if unknown. */
static DealCode
lookup_or_fail(const char *text, size_t start, size_t len, int *index, DealStatus *st)
{
	int			found = efi_lookup(text + start, len);

	if (found >= 0)
	{
		*index = found;
		return DEAL_OK;
	}
	if (len > EFI_CODE_MAX)
		return deal_fail(st, DEAL_BAD_TEXT, (int) start,
						 "Unknown deficit code \"%.*s...\" at character %d: no code is longer than %d characters.",
						 EFI_CODE_MAX, text + start, (int) start + 1, EFI_CODE_MAX);
	return deal_fail(st, DEAL_BAD_TEXT, (int) start,
					 "Unknown deficit code \"%.*s\" at character %d.", (int) len, text + start, (int) start + 1);
}

/* Fail at position i, where a byte stands that no code has. */
static DealCode
fail_unexpected(const char *text, size_t i, DealStatus *st)
{
	char		name[DEAL_CHAR_NAME_SIZE];

	return deal_fail(st, DEAL_BAD_TEXT, (int) i,
					 "Unexpected %s at character %d: deficit codes are letters and underscores.",
					 deal_char_name(text[i], name), (int) i + 1);
}

/* Fail at position i, where a code should start, saying what stands there instead. */
static DealCode
fail_no_code(const char *text, size_t len, size_t i, DealStatus *st)
{
	if (i == len)
		return deal_fail(st, DEAL_BAD_TEXT, (int) i, "Missing deficit code or closing brace \"}\" at the end of the input.");
	if (text[i] == ',' || text[i] == '}')
		return deal_fail(st, DEAL_BAD_TEXT, (int) i, "Empty deficit code at character %d.", (int) i + 1);
	return fail_unexpected(text, i, st);
}

/* Parse one deficit code (blanks around it allowed, any case) into *index; DEAL_BAD_TEXT on failure. */
DealCode
efi_parse_code(const char *text, size_t len, int *index, DealStatus *st)
{
	size_t		start = skip_blanks(text, len, 0);
	size_t		end = start;
	size_t		rest;

	while (end < len && is_code_char(text[end]))
		end++;
	if (end == start)
	{
		if (start == len)
			return deal_fail(st, DEAL_BAD_TEXT, -1, "A deficit code cannot be empty.");
		return fail_no_code(text, len, start, st);
	}
	if (end < len && !is_blank(text[end]) && text[end] != ',')
		return fail_unexpected(text, end, st);
	rest = skip_blanks(text, len, end);
	if (rest < len)
	{
		char		name[DEAL_CHAR_NAME_SIZE];

		return deal_fail(st, DEAL_BAD_TEXT, (int) rest,
						 "Unexpected %s at character %d: one deficit code was expected.",
						 deal_char_name(text[rest], name), (int) rest + 1);
	}
	if (lookup_or_fail(text, start, end - start, index, st) != DEAL_OK)
		return st->code;
	deal_status_clear(st);
	return DEAL_OK;
}

/* Parse "{falls, Diabetes}" (len bytes) into *set; DEAL_BAD_TEXT on failure, *set left alone. */
DealCode
efi_parse(const char *text, size_t len, uint64_t *set, DealStatus *st)
{
	char		name[DEAL_CHAR_NAME_SIZE];
	uint64_t	bits = 0;
	size_t		i = skip_blanks(text, len, 0);

	if (i == len)
		return deal_fail(st, DEAL_BAD_TEXT, -1,
						 "An eFI is written in braces, such as {} or {falls,diabetes}; the input is empty.");
	if (text[i] != '{')
		return deal_fail(st, DEAL_BAD_TEXT, (int) i,
						 "Expected \"{\" at character %d, found %s: an eFI is written in braces, such as {falls,diabetes}.",
						 (int) i + 1, deal_char_name(text[i], name));
	i = skip_blanks(text, len, i + 1);
	if (i < len && text[i] == '}')
		i++;
	else
		for (;;)
		{
			size_t		start = i;
			int			index;

			while (i < len && is_code_char(text[i]))
				i++;
			if (i == start)
				return fail_no_code(text, len, i, st);
			if (i < len && !is_blank(text[i]) && text[i] != ',' && text[i] != '}')
				return fail_unexpected(text, i, st);
			if (lookup_or_fail(text, start, i - start, &index, st) != DEAL_OK)
				return st->code;
			bits |= UINT64_C(1) << index;
			i = skip_blanks(text, len, i);
			if (i == len)
				return deal_fail(st, DEAL_BAD_TEXT, (int) i, "Missing closing brace \"}\" at the end of the input.");
			if (text[i] == '}')
			{
				i++;
				break;
			}
			if (text[i] != ',')
				return deal_fail(st, DEAL_BAD_TEXT, (int) i,
								 "Unexpected %s at character %d: expected \",\" or \"}\" after a deficit code.",
								 deal_char_name(text[i], name), (int) i + 1);
			i = skip_blanks(text, len, i + 1);
		}
	i = skip_blanks(text, len, i);
	if (i < len)
		return deal_fail(st, DEAL_BAD_TEXT, (int) i,
						 "Unexpected %s at character %d, after the closing brace.",
						 deal_char_name(text[i], name), (int) i + 1);
	*set = bits;
	deal_status_clear(st);
	return DEAL_OK;
}

/* Validate a set (from binary input): no bit beyond the 36; on failure report code failure. */
DealCode
efi_validate(uint64_t set, DealCode failure, DealStatus *st)
{
	if ((set & ~EFI_ALL) != 0)
		return deal_fail(st, failure, -1,
						 "An eFI has 36 deficits, bits 0 to 35, but bits beyond them are set: 0x%016llX.",
						 (unsigned long long) set);
	deal_status_clear(st);
	return DEAL_OK;
}

/* Write a valid set as "{diabetes,falls}" into buf (EFI_FORMAT_SIZE bytes); returns its length. */
size_t
efi_format(uint64_t set, char *buf)
{
	size_t		n = 0;

	buf[n++] = '{';
	for (int i = 0; i < EFI_DEFICITS; i++)
		if (set & (UINT64_C(1) << i))
		{
			size_t		len = deficits[i].len;

			if (n > 1)
				buf[n++] = ',';
			memcpy(buf + n, deficits[i].code, len);
			n += len;
		}
	buf[n++] = '}';
	buf[n] = '\0';
	return n;
}

/* Number of deficits present, 0 .. 36. */
int
efi_count(uint64_t set)
{
	return __builtin_popcountll(set & EFI_ALL);
}

/* The category of a count of deficits (0 .. 36). */
EfiCategory
efi_category_of_count(int count)
{
	if (count >= EFI_SEVERE_FROM)
		return EFI_SEVERE;
	if (count >= EFI_MODERATE_FROM)
		return EFI_MODERATE;
	if (count >= EFI_MILD_FROM)
		return EFI_MILD;
	return EFI_FIT;
}

/* The name of a category: "fit", "mild", "moderate" or "severe". */
const char *
efi_category_name(EfiCategory category)
{
	static const char *const names[] = {"fit", "mild", "moderate", "severe"};

	return names[category];
}
