/* Export policies (speaker.h, spk_export_policy) and the way UPDATEs of
 * ours enter an Adj-RIB-Out, for speaker.c and export.c: not part of the
 * speaker's public surface. */
#ifndef LUABGP_SPEAKER_EXPORT_H
#define LUABGP_SPEAKER_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "rib/adj_out.h"
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
/* The routes given since the last time, to the policy (speaker.c's
 * flush, while the session is up). */
void spk_export_pending(struct spk_nb *nb);
/* Nothing given waits for the policy. */
bool spk_export_settled(const struct spk_nb *nb);
/* A session starts: the answers in flight were for the old context, so
 * the policy is asked about everything again and the Adj-RIB-Out is
 * rebuilt from its answers (the peer has nothing yet). */
void spk_export_session_up(struct spk_nb *nb);
/* The speaker goes: the policy's table with it. */
void spk_export_fini(struct spk_nb *nb);

#endif
