/* Output buffer for encoders (wire bytes and event text).
 *
 * A wbuf either owns heap memory and grows, or wraps caller memory of a fixed
 * size.  Writers return 0 or -1 and latch `failed`, so an encoder can add up
 * `errs += wbuf_u16(w, v);` over a whole message and test once at the end
 * (OpenBGPD's session_open() shape).  A growing wbuf keeps its capacity across
 * wbuf_reset(), so an event loop that reuses one buffer allocates only while
 * it warms up.
 */
#ifndef LUABGP_BASE_WBUF_H
#define LUABGP_BASE_WBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct wbuf {
	uint8_t *data;
	size_t len;
	size_t cap;
	unsigned fixed : 1;  /* caller memory: never grows */
	unsigned borrowed : 1; /* caller memory until the first growth */
	unsigned failed : 1; /* a write did not fit or an allocation failed */
};

/* Heap buffer, growing as needed (initial capacity may be 0). */
void wbuf_init(struct wbuf *w, size_t cap);
/* Wrap caller memory; writes past cap fail. */
void wbuf_init_fixed(struct wbuf *w, void *mem, size_t cap);
/* Start in caller memory and move to the heap only when it is outgrown, so
 * short-lived buffers of small texts never allocate. */
void wbuf_init_borrowed(struct wbuf *w, void *mem, size_t cap);
void wbuf_fini(struct wbuf *w);
void wbuf_reset(struct wbuf *w);

/* Make room for n more bytes; -1 if impossible. */
int wbuf_reserve_slow(struct wbuf *w, size_t n);

static inline int wbuf_reserve(struct wbuf *w, size_t n)
{
	if (w->cap - w->len >= n)
		return 0;
	return wbuf_reserve_slow(w, n);
}

static inline int wbuf_put(struct wbuf *w, const void *p, size_t n)
{
	if (wbuf_reserve(w, n) < 0)
		return -1;
	if (n)
		memcpy(w->data + w->len, p, n);
	w->len += n;
	return 0;
}

static inline int wbuf_u8(struct wbuf *w, uint8_t v)
{
	if (wbuf_reserve(w, 1) < 0)
		return -1;
	w->data[w->len++] = v;
	return 0;
}

static inline int wbuf_u16(struct wbuf *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	return wbuf_put(w, b, 2);
}

static inline int wbuf_u24(struct wbuf *w, uint32_t v)
{
	uint8_t b[3] = { (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	return wbuf_put(w, b, 3);
}

static inline int wbuf_u32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 8), (uint8_t)v };
	return wbuf_put(w, b, 4);
}

static inline int wbuf_u64(struct wbuf *w, uint64_t v)
{
	return wbuf_u32(w, (uint32_t)(v >> 32)) | wbuf_u32(w, (uint32_t)v);
}

static inline int wbuf_str(struct wbuf *w, const char *s)
{
	return wbuf_put(w, s, strlen(s));
}

/* Overwrite 1 or 2 bytes written earlier (length fields known only later). */
int wbuf_set_u8(struct wbuf *w, size_t off, uint8_t v);
int wbuf_set_u16(struct wbuf *w, size_t off, uint16_t v);

int wbuf_printf(struct wbuf *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int wbuf_vprintf(struct wbuf *w, const char *fmt, va_list ap);

/* Decimal integers without printf (hot paths). */
int wbuf_uint(struct wbuf *w, uint64_t v);
int wbuf_int(struct wbuf *w, int64_t v);

/* Lower- or upper-case hex of n bytes, no separators. */
int wbuf_hex(struct wbuf *w, const uint8_t *p, size_t n, int upper);

/* Text forms of addresses (inet_ntop's, without the libc call). */
int wbuf_ipv4(struct wbuf *w, const uint8_t a[4]);
int wbuf_ipv6(struct wbuf *w, const uint8_t a[16]);

/* NUL-terminated view of the contents (appends a NUL outside len). */
const char *wbuf_cstr(struct wbuf *w);

#endif
