#include "base/wbuf.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

void wbuf_init(struct wbuf *w, size_t cap)
{
	memset(w, 0, sizeof(*w));
	if (cap) {
		w->data = malloc(cap);
		if (w->data)
			w->cap = cap;
		else
			w->failed = 1;
	}
}

void wbuf_init_fixed(struct wbuf *w, void *mem, size_t cap)
{
	memset(w, 0, sizeof(*w));
	w->data = mem;
	w->cap = cap;
	w->fixed = 1;
}

void wbuf_init_borrowed(struct wbuf *w, void *mem, size_t cap)
{
	wbuf_init_fixed(w, mem, cap);
	w->fixed = 0;
	w->borrowed = 1;
}

void wbuf_fini(struct wbuf *w)
{
	if (!w->fixed && !w->borrowed)
		free(w->data);
	memset(w, 0, sizeof(*w));
}

void wbuf_reset(struct wbuf *w)
{
	w->len = 0;
	w->failed = 0;
}

int wbuf_reserve_slow(struct wbuf *w, size_t n)
{
	size_t want, cap;
	uint8_t *p;

	if (w->fixed || n > SIZE_MAX / 2 - w->len) {
		w->failed = 1;
		return -1;
	}
	want = w->len + n;
	cap = w->cap ? w->cap : 256;
	while (cap < want)
		cap *= 2;
	if (w->borrowed) {
		p = malloc(cap);
		if (p && w->len)
			memcpy(p, w->data, w->len);
	} else {
		p = realloc(w->data, cap);
	}
	if (!p) {
		w->failed = 1;
		return -1;
	}
	w->borrowed = 0;
	w->data = p;
	w->cap = cap;
	return 0;
}

int wbuf_set_u8(struct wbuf *w, size_t off, uint8_t v)
{
	if (off + 1 > w->len)
		return -1;
	w->data[off] = v;
	return 0;
}

int wbuf_set_u16(struct wbuf *w, size_t off, uint16_t v)
{
	if (off + 2 > w->len)
		return -1;
	w->data[off] = (uint8_t)(v >> 8);
	w->data[off + 1] = (uint8_t)v;
	return 0;
}

int wbuf_vprintf(struct wbuf *w, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0 || wbuf_reserve(w, (size_t)n + 1) < 0) {
		w->failed = 1;
		return -1;
	}
	vsnprintf((char *)w->data + w->len, (size_t)n + 1, fmt, ap);
	w->len += (size_t)n;
	return 0;
}

int wbuf_printf(struct wbuf *w, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = wbuf_vprintf(w, fmt, ap);
	va_end(ap);
	return rc;
}

int wbuf_uint(struct wbuf *w, uint64_t v)
{
	char tmp[20];
	size_t n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return wbuf_put(w, tmp + sizeof(tmp) - n, n);
}

int wbuf_int(struct wbuf *w, int64_t v)
{
	if (v < 0) {
		if (wbuf_u8(w, '-') < 0)
			return -1;
		return wbuf_uint(w, (uint64_t)0 - (uint64_t)v);
	}
	return wbuf_uint(w, (uint64_t)v);
}

int wbuf_hex(struct wbuf *w, const uint8_t *p, size_t n, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	uint8_t *o;

	if (n == 0)
		return 0; /* an empty buffer may have no memory yet */
	if (n > SIZE_MAX / 2 || wbuf_reserve(w, n * 2) < 0)
		return -1;
	o = w->data + w->len;
	for (size_t i = 0; i < n; i++) {
		*o++ = (uint8_t)digits[p[i] >> 4];
		*o++ = (uint8_t)digits[p[i] & 15];
	}
	w->len += n * 2;
	return 0;
}

int wbuf_ipv4(struct wbuf *w, const uint8_t a[4])
{
	int errs = 0;

	for (int i = 0; i < 4; i++) {
		if (i)
			errs += wbuf_u8(w, '.');
		errs += wbuf_uint(w, a[i]);
	}
	return errs ? -1 : 0;
}

/* ExaBGP prints addresses with the C library's inet_ntop (RFC 5952 text,
 * with glibc's dotted tail for IPv4-mapped and -compatible addresses), so
 * luabgp uses the same call to print the same text. */
int wbuf_ipv6(struct wbuf *w, const uint8_t a[16])
{
	char tmp[INET6_ADDRSTRLEN];

	if (!inet_ntop(AF_INET6, a, tmp, sizeof(tmp)))
		return -1;
	return wbuf_str(w, tmp);
}

const char *wbuf_cstr(struct wbuf *w)
{
	static const char empty[1];

	if (wbuf_reserve(w, 1) < 0)
		return empty;
	w->data[w->len] = 0;
	return (const char *)w->data;
}
