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

/* --- OPEN (RFC 4271 §4.2, RFC 5492, RFC 9072) ---------------------------- */

/* A checked OPEN: the fixed fields and a view of its optional parameters. */
struct wire_open {
	uint8_t version;
	uint16_t my_as;          /* the 2-octet field (AS_TRANS for 4-octet ASNs) */
	uint16_t hold_time;
	uint32_t bgp_id;
	bool ext_params;         /* RFC 9072: 2-octet parameter lengths */
	bool has_asn4;           /* RFC 6793 capability present */
	uint32_t asn4;           /* its value (the last one, as ExaBGP keeps) */
	const uint8_t *params;   /* the parameters, after the length field(s) */
	size_t params_len;
	size_t params_off;       /* offset of params in the message */
};

/* One capability (RFC 5492 §4) found in an OPEN. */
struct wire_cap {
	uint8_t code;
	uint8_t len;
	const uint8_t *val;
	size_t offset;           /* of the capability code in the message */
};

struct wire_cap_iter {
	struct rd params;        /* parameters not yet visited */
	struct rd caps;          /* capabilities left in the current parameter */
	bool ext;
};

/* Check a whole OPEN (header included, already checked by
 * wire_header_decode): version 4 (else 2/1, data 0x0004), hold time not 1
 * or 2 (2/6), BGP Identifier not 0 (2/3, RFC 6286 §2.2), parameter lengths
 * that add up to the message (2/0), parameter types 2 only (2/4), every
 * capability within its parameter and of the length its RFC gives (2/0),
 * a BGP Role of an assigned value, the same in every copy (2/11, RFC 9234
 * §4.2).  Always session reset. */
int wire_open_decode(struct wire_open *o, const uint8_t *msg, size_t len,
		     struct lb_err *err);

/* Walk the capabilities of a checked OPEN, in message order. */
void wire_cap_iter_init(struct wire_cap_iter *it, const struct wire_open *o);
/* 1 and *c filled, or 0 after the last one. */
int wire_cap_iter_next(struct wire_cap_iter *it, struct wire_cap *c);

/* What this speaker expects of its peer's OPEN. */
struct wire_open_expect {
	uint32_t peer_as;        /* configured peer AS, 0: any */
	uint32_t local_id;       /* our BGP Identifier */
	bool ibgp;
};

/* The checks of RFC 4271 §6.2 that need the configuration: the peer's AS
 * (the 4-octet capability's when present, RFC 6793 §4.1) must be the
 * configured one and not 0 (RFC 7607) else 2/2 (data: the My AS field); an
 * internal peer must not use our BGP Identifier (2/3, RFC 6286 §2.2). */
int wire_open_check(const struct wire_open *o, const struct wire_open_expect *x,
		    struct lb_err *err);

/* ExaBGP's text form, what follows "neighbor IP receive ": "open version 4
 * asn 65533 hold_time 180 router_id 10.0.0.2 capabilities [...]". */
int wire_open_text(struct wbuf *w, const uint8_t *msg, size_t len,
		   struct lb_err *err);

/* A whole OPEN message from an object of the "open" JSON shape (version,
 * asn, hold_time, router_id, capabilities keyed by code).  Each capability
 * goes in a parameter of its own, as ExaBGP sends them, and the RFC 9072
 * extended form is used only when the parameters exceed 255 octets. */
int wire_open_encode(struct wbuf *w, const struct val *v, struct lb_err *err);

/* --- NOTIFICATION (RFC 4271 §4.5, RFC 9003) ------------------------------ */

/* "notification code 6 subcode 2 data 0x..." */
int wire_notification_text(struct wbuf *w, const uint8_t *msg, size_t len,
			   struct lb_err *err);
/* A whole NOTIFICATION from an object of the "notification" JSON shape
 * (code, subcode, data; "message" is used when "data" is absent). */
int wire_notification_encode(struct wbuf *w, const struct val *v,
			     struct lb_err *err);
/* ExaBGP's names of a code and of a code/subcode pair. */
const char *wire_notification_code_name(uint8_t code);
const char *wire_notification_subcode_name(uint8_t code, uint8_t subcode);

/* --- ROUTE-REFRESH (RFC 2918, RFC 7313) ---------------------------------- *
 * A subtype other than 0, 1 and 2 is ignored (RFC 7313 §5): the decoders
 * return -1 with an error of action LB_ACT_NONE and code 0.  A BoRR or EoRR
 * whose length is not 4 is NOTIFICATION 7/1, data the whole message. */

enum {
	WIRE_REFRESH_REQUEST = 0,  /* RFC 2918 */
	WIRE_REFRESH_BORR = 1,     /* RFC 7313 §3: beginning of route refresh */
	WIRE_REFRESH_EORR = 2,     /* RFC 7313 §3: end of route refresh */
};

struct wire_refresh {
	uint16_t afi;
	uint8_t subtype;           /* WIRE_REFRESH_* */
	uint8_t safi;
};

/* Check a whole ROUTE-REFRESH (header included) for a session: only a
 * request (subtype 0) asks for the Adj-RIB-Out again. */
int wire_refresh_decode(struct wire_refresh *rr, const uint8_t *msg, size_t len,
			struct lb_err *err);

/* "route-refresh afi ipv4 safi unicast query" */
int wire_refresh_text(struct wbuf *w, const uint8_t *msg, size_t len,
		      struct lb_err *err);
/* The whole ROUTE-REFRESH message of rr (header included). */
#define WIRE_REFRESH_LEN 23
void wire_refresh_write(uint8_t out[WIRE_REFRESH_LEN], const struct wire_refresh *rr);
/* A whole ROUTE-REFRESH from an object of the "route-refresh" JSON shape. */
int wire_refresh_encode(struct wbuf *w, const struct val *v, struct lb_err *err);

/* --- OPERATIONAL (ExaBGP's draft-ietf-idr-operational-message) ----------- *
 * ADM, ASM (advisories), RPCQ, APCQ, LPCQ (queries), RPCP, APCP, LPCP
 * (counters).  Other types, and messages too short for their type, are
 * ignored (-1 with action LB_ACT_NONE): the draft answers them with NS,
 * never with a NOTIFICATION. */

/* operational ASM afi ipv4 safi unicast advisory "..." */
int wire_operational_text(struct wbuf *w, const uint8_t *msg, size_t len,
			  struct lb_err *err);
/* A whole OPERATIONAL from an object of the "operational" JSON shape. */
int wire_operational_encode(struct wbuf *w, const struct val *v,
			    struct lb_err *err);

#endif
