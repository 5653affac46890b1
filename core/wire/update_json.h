/* ExaBGP's JSON of a decoded UPDATE. */
#ifndef LUABGP_WIRE_UPDATE_JSON_H
#define LUABGP_WIRE_UPDATE_JSON_H

#include "wire/wire.h"

/* Emit the member(s) of ExaBGP's "message" object for this UPDATE:
 * "update": { ... }, or "eor": { ... } for an End-of-RIB. */
void wire_update_json(struct sink *s, const struct wire_update *u,
		      const struct wire_ctx *ctx);

/* The "attribute" object alone (type-code order); NEXT_HOP included only
 * when with_nexthop. */
void wire_update_attrs_json(struct sink *s, const struct wire_update *u,
			    const struct wire_ctx *ctx, bool with_nexthop);

#endif
