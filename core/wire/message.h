/* Message framing (RFC 4271 §4.1) and the non-UPDATE messages. */
#ifndef LUABGP_WIRE_MESSAGE_H
#define LUABGP_WIRE_MESSAGE_H

#include "wire/wire.h"

struct wire_header {
	uint16_t len;  /* whole message, header included */
	uint8_t type;  /* enum wire_msg_type */
};

/* Check the 19-octet header at p (n bytes available, n >= 19): marker,
 * length bounds (at least 19, at most max: 4096, or 65535 once RFC 8654 is
 * negotiated; OPEN and KEEPALIVE never above 4096), the length rules of each
 * type (RFC 4271 §6.1) and known types (`operational` accepts type 6).
 * Errors are NOTIFICATION 1/1, 1/2 (data: the length) or 1/3 (data: the
 * type), always session reset. */
int wire_header_decode(const uint8_t *p, size_t n, size_t max, bool operational,
		       struct wire_header *h, struct lb_err *err);

/* Write a header for a message of `len` octets in all. */
int wire_header_write(struct wbuf *w, uint8_t type, uint16_t len);

/* Does the buffer start with the 16-octet marker? */
bool wire_has_marker(const uint8_t *p, size_t n);

const char *wire_msg_name(uint8_t type); /* "update", ..., "unknown" */

/* Decode a whole message of the given type (header included, already
 * checked by wire_header_decode) and emit the members ExaBGP puts in the
 * neighbor object of its event, e.g. "direction" is already written and
 * this adds "open": { ... }.  -1 with err when the message is malformed.
 * Defined in open.c, notification.c, refresh.c and operational.c. */
int wire_open_event_json(struct sink *s, const uint8_t *msg, size_t len,
			 const struct wire_ctx *ctx, struct lb_err *err);
int wire_notification_event_json(struct sink *s, const uint8_t *msg, size_t len,
				 const struct wire_ctx *ctx, struct lb_err *err);
int wire_refresh_event_json(struct sink *s, const uint8_t *msg, size_t len,
			    const struct wire_ctx *ctx, struct lb_err *err);
int wire_operational_event_json(struct sink *s, const uint8_t *msg, size_t len,
				const struct wire_ctx *ctx, struct lb_err *err);

#endif
