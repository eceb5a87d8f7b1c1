/*
 * text.h: a growing text buffer for the core's output (graph text, Graphviz, profiles).
 */
#ifndef DEAL_TEXT_H
#define DEAL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "alloc.h"

typedef struct DealText
{
	char	   *data;			/* NUL-terminated once anything is appended */
	size_t		len;
	size_t		capacity;
	const DealAllocator *alloc;
} DealText;

/* Append formatted text to out (initialised with alloc, data NULL); false when out of memory. */
extern bool deal_text_append(DealText *out, const char *fmt,...) __attribute__((format(printf, 2, 3)));

#endif							/* DEAL_TEXT_H */
