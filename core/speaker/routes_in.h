/* Routes into an Adj-RIB-Out (routes_in.c), for speaker.c, export.c and
 * recode.c: not part of the speaker's public surface. */
#ifndef LUABGP_SPEAKER_ROUTES_IN_H
#define LUABGP_SPEAKER_ROUTES_IN_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "rib/adj_out.h"
#include "rib/attrset.h"
#include "wire/wire.h"

struct spk_nb;

enum spk_apply {
	SPK_APPLY,           /* as given: a withdrawal is always sent */
	SPK_APPLY_ANSWER,    /* an export policy's answer: a withdrawal takes
			      * away only what o has, an announcement of a
			      * route not given (nb->given) is left out */
	SPK_RETRACT,         /* every route of it taken away, if o has it */
};

/* The routes of msg (an UPDATE of ours, decoded in ctx) into o. */
int spk_apply_ours(struct spk_nb *nb, struct adj_out *o, const struct wire_ctx *ctx,
		   const uint8_t *msg, size_t len, enum spk_apply how, struct lb_err *err);
/* The attribute set of a decoded UPDATE (MP_REACH_NLRI's next hop from
 * mp, when given), interned in the speaker's pool: a reference, or NULL
 * without memory. */
struct attrset *spk_intern_attrs(struct spk_nb *nb, const struct wire_update *u,
				 const struct wire_mp *mp);

#endif
