/*
 * text.h: a growing text buffer for the core's output (graph text, Graphviz, profiles).
 */
#ifndef DEAL_TEXT_H
#define DEAL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "alloc.h"
#include "status.h"

/*
 * The longest text one value holds: PostgreSQL's largest allocation (1 GB less one byte) less
 * a text value's 4-byte header.
 */
#define DEAL_TEXT_MAX ((size_t) 0x3FFFFFFF - 4)

typedef struct DealText
{
	char	   *data;			/* NUL-terminated once anything is appended */
	size_t		len;
	size_t		capacity;
	const DealAllocator *alloc;
	size_t		max;			/* the longest text allowed; 0 for DEAL_TEXT_MAX */
	bool		too_long;		/* an append failed because the text would pass max */
} DealText;

/*
 * Append formatted text to out (initialised with alloc, data NULL); false when out of memory
 * or when the text would pass its maximum (out->too_long is then set).
 */
extern bool deal_text_append(DealText *out, const char *fmt,...) __attribute__((format(printf, 2, 3)));

/*
 * The failure of an append to out, text for what: DEAL_TOO_BIG if it would have passed its
 * maximum, else DEAL_NO_MEMORY.
 */
extern DealCode deal_text_failure(const DealText *out, const char *what, DealStatus *st);

#endif							/* DEAL_TEXT_H */
