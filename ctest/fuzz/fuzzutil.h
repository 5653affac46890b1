/* Shared checks for the fuzz targets. */
#ifndef LUABGP_FUZZUTIL_H
#define LUABGP_FUZZUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "wire/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A decoding context chosen by one selector byte: 2- or 4-octet AS,
 * ADD-PATH on every family or none, iBGP or eBGP. */
void fuzz_ctx(struct wire_ctx *ctx, uint8_t selector);

/* Abort (a finding) unless p[0..n) is one valid JSON text in valid UTF-8. */
void fuzz_check_json(const uint8_t *p, size_t n);

/* One non-UPDATE message kind for fuzz_check_message(). */
struct fuzz_msg_kind {
	uint8_t type;            /* WIRE_MSG_* written in the header */
	size_t max;              /* largest whole message fed to the decoder */
	int (*json)(struct sink *s, const uint8_t *msg, size_t len,
		    const struct wire_ctx *ctx, struct lb_err *err);
	int (*encode)(struct wbuf *w, const struct val *v, struct lb_err *err);
	int (*text)(struct wbuf *w, const uint8_t *msg, size_t len,
		    struct lb_err *err);
	const char *member;      /* "notification", ... */
	/* is a refusal of the encoder for this reason a documented limit
	 * rather than a finding? NULL: every refusal is a finding */
	const char *encode_limit;
};

/* Put a header on body and check the message: an error has a reason and an
 * action that fits its NOTIFICATION (a reset names one, nothing else does);
 * text refuses exactly what JSON refuses; JSON is valid; text is one line
 * of printable characters; decode → tree → encode → decode gives the same
 * JSON.  Aborts on a finding. */
void fuzz_check_message(const struct fuzz_msg_kind *k, const uint8_t *body,
			size_t n);

#endif
