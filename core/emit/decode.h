/* Offline decoding: bytes of one message (or of an NLRI field) to ExaBGP's
 * JSON event, as `luabgp decode` and `exabgp decode` print it. */
#ifndef LUABGP_EMIT_DECODE_H
#define LUABGP_EMIT_DECODE_H

#include "emit/event.h"
#include "wire/wire.h"

enum emit_decode_kind {
	EMIT_DECODE_UPDATE,  /* body without header is an UPDATE body */
	EMIT_DECODE_OPEN,    /* body without header is an OPEN body */
	EMIT_DECODE_NLRI,    /* the bytes are an NLRI field of `fam` */
};

struct emit_decode_opts {
	enum emit_decode_kind kind;
	const struct wire_family *fam; /* for EMIT_DECODE_NLRI (required) */
	bool addpath;                  /* RFC 7911 path ids present */
	const struct wire_ctx *ctx;    /* NULL: the decode command's context
					* (wire_ctx_init_decode), else this one */
	const struct emit_env *env;
	const struct emit_peer *peer;
	const char *direction;         /* NULL: "in" (the decode command's);
					* the daemon says "receive" / "send" */
};

/* Decode one message, with its 19-octet header (recognised by the marker)
 * or without it, and append one JSON line (newline included) to out; for
 * EMIT_DECODE_NLRI, one JSON line per NLRI.  Returns 0, or -1 with err when
 * the input is malformed beyond what RFC 7606 lets a speaker work around.
 * *warn receives a treat-as-withdraw or discard outcome (act NONE if none). */
int emit_decode(struct wbuf *out, const uint8_t *p, size_t n,
		const struct emit_decode_opts *o, struct lb_err *err,
		struct lb_err *warn);

/* The same, as sink events: an object { "type": "update", "message": ... }
 * (the event without its envelope), for Lua tables and tests. */
int emit_decode_sink(struct sink *s, const uint8_t *p, size_t n,
		     const struct emit_decode_opts *o, struct lb_err *err,
		     struct lb_err *warn);

#endif
