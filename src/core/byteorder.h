/*
 * byteorder.h: the byte order of every serialised state, little-endian whatever the machine,
 * so that the nodes of a cluster (Citus workers and coordinator, a parallel leader and its
 * workers) read each other's states even when their architectures differ.
 *
 * Numbers are written as arrays of n items of width 1, 2, 4 or 8 bytes (an integer of that
 * width, or a float8 by its bits).  On a little-endian machine that is a copy; elsewhere each
 * item is written byte by byte, through deal_le_write_bytewise, which works on any machine
 * and which the unit tests check against the copy.
 */
#ifndef DEAL_BYTEORDER_H
#define DEAL_BYTEORDER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* DEAL_BYTEWISE forces the byte-at-a-time path, for the unit tests */
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
	!defined(DEAL_BYTEWISE)
#define DEAL_HOST_LITTLE_ENDIAN 1
#else
#define DEAL_HOST_LITTLE_ENDIAN 0
#endif

/* The item of width bytes at p, in the machine's order, as an unsigned number. */
static inline uint64_t
deal_load_item(const unsigned char *p, size_t width)
{
	uint8_t		v8;
	uint16_t	v16;
	uint32_t	v32;
	uint64_t	v64;

	switch (width)
	{
		case 1:
			memcpy(&v8, p, 1);
			return v8;
		case 2:
			memcpy(&v16, p, 2);
			return v16;
		case 4:
			memcpy(&v32, p, 4);
			return v32;
		default:
			memcpy(&v64, p, 8);
			return v64;
	}
}

/* Store v as an item of width bytes at p, in the machine's order. */
static inline void
deal_store_item(unsigned char *p, size_t width, uint64_t v)
{
	uint8_t		v8 = (uint8_t) v;
	uint16_t	v16 = (uint16_t) v;
	uint32_t	v32 = (uint32_t) v;

	switch (width)
	{
		case 1:
			memcpy(p, &v8, 1);
			break;
		case 2:
			memcpy(p, &v16, 2);
			break;
		case 4:
			memcpy(p, &v32, 4);
			break;
		default:
			memcpy(p, &v, 8);
			break;
	}
}

/* Write n items of width bytes from src to out, little-endian, one byte at a time. */
static inline void
deal_le_write_bytewise(void *out, const void *src, size_t width, size_t n)
{
	unsigned char *o = out;
	const unsigned char *s = src;

	for (size_t i = 0; i < n; i++)
	{
		uint64_t	v = deal_load_item(s + i * width, width);

		for (size_t b = 0; b < width; b++)
			o[i * width + b] = (unsigned char) (v >> (8 * b));
	}
}

/* Read n little-endian items of width bytes from in to dst, one byte at a time. */
static inline void
deal_le_read_bytewise(void *dst, const void *in, size_t width, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = in;

	for (size_t i = 0; i < n; i++)
	{
		uint64_t	v = 0;

		for (size_t b = 0; b < width; b++)
			v |= (uint64_t) s[i * width + b] << (8 * b);
		deal_store_item(d + i * width, width, v);
	}
}

/* Write n items of width bytes from src to out, little-endian. */
static inline void
deal_le_write(void *out, const void *src, size_t width, size_t n)
{
	if (DEAL_HOST_LITTLE_ENDIAN || width == 1)
	{
		if (n > 0)
			memcpy(out, src, width * n);
	}
	else
		deal_le_write_bytewise(out, src, width, n);
}

/* Read n little-endian items of width bytes from in to dst. */
static inline void
deal_le_read(void *dst, const void *in, size_t width, size_t n)
{
	if (DEAL_HOST_LITTLE_ENDIAN || width == 1)
	{
		if (n > 0)
			memcpy(dst, in, width * n);
	}
	else
		deal_le_read_bytewise(dst, in, width, n);
}

#endif							/* DEAL_BYTEORDER_H */
