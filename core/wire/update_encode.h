/* UPDATE encoding from ExaBGP's JSON shape. */
#ifndef LUABGP_WIRE_UPDATE_ENCODE_H
#define LUABGP_WIRE_UPDATE_ENCODE_H

#include "wire/wire.h"

/* Append one whole UPDATE message (header included) built from upd: the
 * "update" object of ExaBGP's JSON ({ "attribute", "announce", "withdraw" }),
 * an object holding it under "update", or { "eor": { "afi", "safi" } }.
 * Path identifiers are written for the families in ctx->addpath_tx.  On
 * error nothing is appended and err names what is wrong. */
int wire_update_encode(struct wbuf *w, const struct val *upd,
		       const struct wire_ctx *ctx, struct lb_err *err);

#endif
