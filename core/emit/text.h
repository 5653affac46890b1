/* ExaBGP's text encoder of events (API processes with `encoder text`):
 *
 *   neighbor 127.0.0.1 receive update start
 *   neighbor 127.0.0.1 receive update announced 10.0.0.0/24 next-hop 10.0.0.1 origin igp ...
 *   neighbor 127.0.0.1 receive update withdrawn 10.1.0.0/24
 *   neighbor 127.0.0.1 receive update end
 *   neighbor 127.0.0.1 receive keepalive
 */
#ifndef LUABGP_EMIT_TEXT_H
#define LUABGP_EMIT_TEXT_H

#include "wire/wire.h"

/* The lines of an UPDATE event (each ending in a newline); peer is the
 * neighbor's address as text, direction "receive" or "send". */
void emit_text_update(struct wbuf *out, const char *peer, const char *direction,
		      const struct wire_update *u, const struct wire_ctx *ctx);

/* " origin igp as-path [ 1 2 ] ..." : every attribute but NEXT_HOP, in
 * type-code order, as ExaBGP's str() of an attribute collection. */
void emit_text_attributes(struct wbuf *out, const struct wire_update *u,
			  const struct wire_ctx *ctx);

void emit_text_keepalive(struct wbuf *out, const char *peer, const char *direction);

#endif
