/* ExaBGP's JSON of a decoded UPDATE. */
#ifndef LUABGP_WIRE_UPDATE_JSON_H
#define LUABGP_WIRE_UPDATE_JSON_H

#include "wire/wire.h"

/* A field of NLRIs of an UPDATE with its family, as the JSON lists it. */
struct wire_update_group {
	const struct wire_family *fam;
	const uint8_t *p;
	size_t n;
	const struct wire_nh *nh;  /* NULL for withdrawals; else into u, or a
				    * static "none" */
};

/* The NLRI fields that hold NLRIs, in ExaBGP's order: announced (the NLRI
 * field, MP_REACH_NLRI: at most 2) into add, withdrawn (withdrawn routes,
 * MP_UNREACH_NLRI, then what RFC 7606 §2 treat-as-withdraw takes from add:
 * at most 4; each family's groups together, families in the order they
 * first come) into del.  Nothing for an End-of-RIB. */
void wire_update_groups(const struct wire_update *u, const struct wire_ctx *ctx,
			struct wire_update_group add[2], int *nadd,
			struct wire_update_group del[4], int *ndel);

/* Does the JSON of u have an "attribute" member (not under treat-as-withdraw,
 * not when nothing would print), given whether it withdraws anything (ndel >
 * 0: NEXT_HOP is then one of its attributes, not only the announce key)? */
bool wire_update_shows_attributes(const struct wire_update *u, const struct wire_ctx *ctx,
				  bool withdraws);

/* Emit the member(s) of ExaBGP's "message" object for this UPDATE:
 * "update": { ... }, or "eor": { ... } for an End-of-RIB. */
void wire_update_json(struct sink *s, const struct wire_update *u,
		      const struct wire_ctx *ctx);

/* The "attribute" object alone (type-code order); NEXT_HOP included only
 * when with_nexthop. */
void wire_update_attrs_json(struct sink *s, const struct wire_update *u,
			    const struct wire_ctx *ctx, bool with_nexthop);

#endif
