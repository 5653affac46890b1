/* AFI and SAFI as the non-UPDATE messages print them (capabilities,
 * ROUTE-REFRESH, OPERATIONAL): ExaBGP's names, with its spelling of values
 * it does not know ("unknown-afi-0x3", "unknown safi 9", "undefined"). */
#ifndef LUABGP_WIRE_MSG_FAMILY_H
#define LUABGP_WIRE_MSG_FAMILY_H

#include "wire/wire.h"

void msg_afi_text(struct wbuf *w, uint16_t afi);
void msg_safi_text(struct wbuf *w, uint8_t safi);
/* "ipv4<sep>unicast" */
void msg_family_text(struct wbuf *w, uint16_t afi, uint8_t safi, char sep);

/* The reverse of the above; 0 or -1 when the text names no value. */
int msg_afi_parse(const char *s, size_t n, uint16_t *afi);
int msg_safi_parse(const char *s, size_t n, uint8_t *safi);
/* "ipv4/unicast" (sep '/') */
int msg_family_parse(const char *s, size_t n, char sep, uint16_t *afi,
		     uint8_t *safi);

/* Text from the wire inside a line of the text API: control characters
 * (a line end could forge a line of its own) become spaces. */
void msg_text_put(struct wbuf *w, const uint8_t *p, size_t n);

/* The first child of v when v is absent (*first = NULL) or a container of
 * type t (VAL_ARR or VAL_OBJ); -1 for any other value.  Encoders walk the
 * children by ->next, so a tree of the wrong shape is refused, not read. */
int msg_kids(const struct val *v, enum val_type t, const struct val **first);

/* A string member of an object, or -1. */
int msg_get_str(const struct val *obj, const char *key, const char **p,
		size_t *n);
/* An integer member within [0, max], or -1. */
int msg_get_uint(const struct val *obj, const char *key, uint64_t max,
		 uint64_t *out);

/* Wrap a body written after a 19-octet gap left at `start`: fill the header
 * of a message of the given type.  -1 when the message exceeds max. */
int msg_finish(struct wbuf *w, size_t start, uint8_t type, size_t max,
	       struct lb_err *err);
/* Leave room for the header; returns where the message starts. */
size_t msg_start(struct wbuf *w);

#endif
