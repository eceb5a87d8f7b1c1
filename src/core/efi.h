/*
 * efi.h: the electronic frailty index (Clegg et al., Age and Ageing 2016): 36 deficits, each
 * present or absent, held as a set in the low 36 bits of a 64-bit integer.
 *
 * Deficit i (0-based, in the alphabetical order of the codes below) is bit i, so
 * activity_limitation is 1 and weight_loss_anorexia is 2^35; the 28 high bits are always 0.
 * Integer order is the type's btree order.  The encoding is the binary wire format too: do
 * not change it.  The text form is "{diabetes,falls}", codes in bit order.
 */
#ifndef DEAL_EFI_H
#define DEAL_EFI_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define EFI_DEFICITS 36
#define EFI_ALL ((UINT64_C(1) << EFI_DEFICITS) - 1)
#define EFI_CODE_MAX 27			/* peripheral_vascular_disease */
#define EFI_FORMAT_SIZE 625		/* all 36 codes, 35 commas, two braces and the NUL */

/* The categories, decided on the count of deficits present. */
typedef enum EfiCategory
{
	EFI_FIT,					/* 0 to 4 deficits */
	EFI_MILD,					/* 5 to 8 */
	EFI_MODERATE,				/* 9 to 12 */
	EFI_SEVERE					/* 13 to 36 */
} EfiCategory;

/* The code of deficit i (0 .. EFI_DEFICITS - 1), such as "falls". */
extern const char *efi_code(int i);

/* The readable name of deficit i, such as "Falls". */
extern const char *efi_name(int i);

/* Index of the deficit whose code is the len bytes at code (any case, no blanks), or -1. */
extern int	efi_lookup(const char *code, size_t len);

/* Parse one deficit code (blanks around it allowed, any case) into *index; DEAL_BAD_TEXT on failure. */
extern DealCode efi_parse_code(const char *text, size_t len, int *index, DealStatus *st);

/* Parse "{falls, Diabetes}" (len bytes) into *set; DEAL_BAD_TEXT on failure, *set left alone. */
extern DealCode efi_parse(const char *text, size_t len, uint64_t *set, DealStatus *st);

/* Validate a set (from binary input): no bit beyond the 36; on failure report code failure. */
extern DealCode efi_validate(uint64_t set, DealCode failure, DealStatus *st);

/* Write a valid set as "{diabetes,falls}" into buf (EFI_FORMAT_SIZE bytes); returns its length. */
extern size_t efi_format(uint64_t set, char *buf);

/* Number of deficits present, 0 .. 36. */
extern int	efi_count(uint64_t set);

/* The category of a count of deficits (0 .. 36). */
extern EfiCategory efi_category_of_count(int count);

/* The name of a category: "fit", "mild", "moderate" or "severe". */
extern const char *efi_category_name(EfiCategory category);

#endif							/* DEAL_EFI_H */
