/* Bounded reader over borrowed bytes.
 *
 * Every decoder in luabgp reads through a struct rd.  A reader never reads
 * past `end`; each getter checks what is left first and returns -1 without
 * moving when the bytes are not there.  rd_sub() cuts a sub-reader of n bytes
 * and consumes them from the parent in one step, so a decoder handed the
 * sub-reader cannot read past its own element, whatever length fields inside
 * it claim (the ibuf_get_ibuf/ibuf_skip shape of OpenBGPD).
 *
 * `origin` is the first byte of the enclosing message; it is carried into
 * sub-readers so that errors can name the offset of the faulty byte.
 */
#ifndef LUABGP_BASE_BUF_H
#define LUABGP_BASE_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct rd {
	const uint8_t *p;      /* next unread byte */
	const uint8_t *end;    /* one past the last readable byte */
	const uint8_t *origin; /* start of the message, for offsets */
};

static inline void rd_init(struct rd *r, const void *data, size_t len)
{
	r->p = data;
	r->end = r->p + len;
	r->origin = r->p;
}

static inline size_t rd_left(const struct rd *r)
{
	return (size_t)(r->end - r->p);
}

static inline size_t rd_offset(const struct rd *r)
{
	return (size_t)(r->p - r->origin);
}

static inline int rd_u8(struct rd *r, uint8_t *v)
{
	if (r->p >= r->end)
		return -1;
	*v = *r->p++;
	return 0;
}

static inline int rd_u16(struct rd *r, uint16_t *v)
{
	if (rd_left(r) < 2)
		return -1;
	*v = (uint16_t)(r->p[0] << 8 | r->p[1]);
	r->p += 2;
	return 0;
}

static inline int rd_u24(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 3)
		return -1;
	*v = (uint32_t)r->p[0] << 16 | (uint32_t)r->p[1] << 8 | r->p[2];
	r->p += 3;
	return 0;
}

static inline int rd_u32(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 4)
		return -1;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	     (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	return 0;
}

static inline int rd_u64(struct rd *r, uint64_t *v)
{
	uint32_t hi, lo;

	if (rd_left(r) < 8)
		return -1;
	rd_u32(r, &hi);
	rd_u32(r, &lo);
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

/* Copy n bytes out. */
static inline int rd_bytes(struct rd *r, void *dst, size_t n)
{
	if (rd_left(r) < n)
		return -1;
	memcpy(dst, r->p, n);
	r->p += n;
	return 0;
}

/* Borrow n bytes: *view points into the reader's memory. */
static inline int rd_view(struct rd *r, size_t n, const uint8_t **view)
{
	if (rd_left(r) < n)
		return -1;
	*view = r->p;
	r->p += n;
	return 0;
}

static inline int rd_skip(struct rd *r, size_t n)
{
	if (rd_left(r) < n)
		return -1;
	r->p += n;
	return 0;
}

/* Cut the next n bytes into *sub and consume them from r. */
static inline int rd_sub(struct rd *r, size_t n, struct rd *sub)
{
	if (rd_left(r) < n)
		return -1;
	sub->p = r->p;
	sub->end = r->p + n;
	sub->origin = r->origin;
	r->p += n;
	return 0;
}

/* Peek at the byte i positions ahead without consuming. */
static inline int rd_peek(const struct rd *r, size_t i, uint8_t *v)
{
	if (rd_left(r) <= i)
		return -1;
	*v = r->p[i];
	return 0;
}

/* Big-endian loads from memory already bounds-checked by a reader. */
static inline uint16_t get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_u24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static inline uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t get_u64(const uint8_t *p)
{
	return (uint64_t)get_u32(p) << 32 | get_u32(p + 4);
}

#endif
