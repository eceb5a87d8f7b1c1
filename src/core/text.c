/*
 * text.c: a growing text buffer.
 */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>

/*
 * Append formatted text to out (initialised with alloc, data NULL); false when out of memory
 * or when the text would pass its maximum (out->too_long is then set).
 */
bool
deal_text_append(DealText *out, const char *fmt,...)
{
	va_list		args;
	int			n;
	size_t		max = out->max ? out->max : DEAL_TEXT_MAX;

	for (;;)
	{
		size_t		room = out->capacity - out->len;

		va_start(args, fmt);
		n = vsnprintf(out->data ? out->data + out->len : NULL, out->data ? room : 0, fmt, args);
		va_end(args);
		if (n < 0)
			return false;
		if ((size_t) n > max - out->len)
		{
			out->too_long = true;
			return false;
		}
		if (out->data != NULL && (size_t) n < room)
		{
			out->len += (size_t) n;
			return true;
		}
		{
			size_t		capacity = out->capacity ? out->capacity * 2 : 1024;
			char	   *data;

			while (capacity < out->len + (size_t) n + 1)
				capacity *= 2;
			if (capacity > max + 1)
				capacity = max + 1;
			data = deal_resize(out->alloc, out->data, capacity);
			if (data == NULL)
				return false;
			out->data = data;
			out->capacity = capacity;
		}
	}
}

/* The failure of an append to out, text for what: too big past its maximum, else no memory. */
DealCode
deal_text_failure(const DealText *out, const char *what, DealStatus *st)
{
	if (out->too_long)
		return deal_fail(st, DEAL_TOO_BIG, -1, "%s would be longer than %zu bytes, the most one value holds.",
						 what, out->max ? out->max : DEAL_TEXT_MAX);
	return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for %s.", what);
}
