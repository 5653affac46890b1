/* Where decoded values go.
 *
 * Each codec has one walker per attribute or NLRI kind that describes the
 * decoded value as a sequence of events (open an object, a key, a string,
 * a number, ...) in ExaBGP's JSON shape and member order.  A sink receives
 * the events: the JSON sink (base/json_sink.c) writes ExaBGP's text straight
 * into an output buffer, the tree sink (base/val.c) builds a struct val for C
 * callers and tests, and the Lua binding builds tables.  One walker per kind
 * therefore serves the event stream, Lua scripts and tests alike.
 *
 *   walker --events--> JSON sink ---> "{ \"origin\": \"igp\" }"
 *                  \-> tree sink ---> struct val
 *                   \> Lua sink  ---> { origin = "igp" }
 *
 * Strings composed from several parts ("10.0.0.0/24", "65000:1") are written
 * into the sink's scratch buffer between sink_text() and sink_text_end(), so
 * that no walker needs a buffer of its own.
 */
#ifndef LUABGP_BASE_SINK_H
#define LUABGP_BASE_SINK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/wbuf.h"

struct sink;

struct sink_ops {
	void (*obj_open)(struct sink *s);
	void (*obj_close)(struct sink *s);
	void (*arr_open)(struct sink *s);
	void (*arr_close)(struct sink *s);
	void (*key)(struct sink *s, const char *k, size_t n);
	void (*str)(struct sink *s, const char *p, size_t n);
	void (*i64)(struct sink *s, int64_t v);
	void (*u64)(struct sink *s, uint64_t v);
	void (*dbl)(struct sink *s, double v);
	void (*boolean)(struct sink *s, int v);
	void (*null)(struct sink *s);
	/* Optional: an unsigned integer wider than 64 bits, as decimal
	 * digits (RFC 5701 communities are 160-bit values).  Sinks without
	 * it receive the digits as a string. */
	void (*bignum)(struct sink *s, const char *digits, size_t n);
};

struct sink {
	const struct sink_ops *ops;
	struct wbuf scratch; /* for sink_text() */
	uint8_t scratch_mem[256]; /* its first home: no allocation for short texts */
	int failed;          /* an allocation failed somewhere below */
};

static inline void sink_obj(struct sink *s) { s->ops->obj_open(s); }
static inline void sink_obj_end(struct sink *s) { s->ops->obj_close(s); }
static inline void sink_arr(struct sink *s) { s->ops->arr_open(s); }
static inline void sink_arr_end(struct sink *s) { s->ops->arr_close(s); }
static inline void sink_keyn(struct sink *s, const char *k, size_t n) { s->ops->key(s, k, n); }
static inline void sink_key(struct sink *s, const char *k) { s->ops->key(s, k, strlen(k)); }
static inline void sink_strn(struct sink *s, const char *p, size_t n) { s->ops->str(s, p, n); }
static inline void sink_str(struct sink *s, const char *p) { s->ops->str(s, p, strlen(p)); }
static inline void sink_int(struct sink *s, int64_t v) { s->ops->i64(s, v); }
static inline void sink_uint(struct sink *s, uint64_t v) { s->ops->u64(s, v); }
static inline void sink_dbl(struct sink *s, double v) { s->ops->dbl(s, v); }
static inline void sink_bool(struct sink *s, int v) { s->ops->boolean(s, v); }
static inline void sink_null(struct sink *s) { s->ops->null(s); }

/* key + value in one call */
static inline void sink_kstr(struct sink *s, const char *k, const char *v)
{
	sink_key(s, k);
	sink_str(s, v);
}

static inline void sink_kint(struct sink *s, const char *k, int64_t v)
{
	sink_key(s, k);
	sink_int(s, v);
}

static inline void sink_kuint(struct sink *s, const char *k, uint64_t v)
{
	sink_key(s, k);
	sink_uint(s, v);
}

static inline void sink_kbool(struct sink *s, const char *k, int v)
{
	sink_key(s, k);
	sink_bool(s, v);
}

/* Compose a string value: write its text into the returned buffer, then call
 * sink_text_end().  Not reentrant: finish one before starting another. */
static inline struct wbuf *sink_text(struct sink *s)
{
	wbuf_reset(&s->scratch);
	return &s->scratch;
}

static inline void sink_text_end(struct sink *s)
{
	if (s->scratch.failed)
		s->failed = 1;
	s->ops->str(s, (const char *)s->scratch.data, s->scratch.len);
}

/* Like sink_text_end(), for a number composed as decimal digits. */
static inline void sink_bignum_end(struct sink *s)
{
	if (s->scratch.failed)
		s->failed = 1;
	if (s->ops->bignum)
		s->ops->bignum(s, (const char *)s->scratch.data, s->scratch.len);
	else
		s->ops->str(s, (const char *)s->scratch.data, s->scratch.len);
}

void sink_strf(struct sink *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Base initialisation shared by every sink implementation. */
void sink_base_init(struct sink *s, const struct sink_ops *ops);
void sink_base_fini(struct sink *s);

/* Common string forms. */
void sink_ipv4(struct sink *s, const uint8_t a[4]);
void sink_ipv6(struct sink *s, const uint8_t a[16]);
void sink_hex(struct sink *s, const uint8_t *p, size_t n); /* "0x" + upper hex */

#endif
