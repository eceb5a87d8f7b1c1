/*
 * text.c: a growing text buffer.
 */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>

/* Append formatted text to out (initialised with alloc, data NULL); false when out of memory. */
bool
deal_text_append(DealText *out, const char *fmt,...)
{
	va_list		args;
	int			n;

	for (;;)
	{
		size_t		room = out->capacity - out->len;

		va_start(args, fmt);
		n = vsnprintf(out->data ? out->data + out->len : NULL, out->data ? room : 0, fmt, args);
		va_end(args);
		if (n < 0)
			return false;
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
			data = deal_resize(out->alloc, out->data, capacity);
			if (data == NULL)
				return false;
			out->data = data;
			out->capacity = capacity;
		}
	}
}
