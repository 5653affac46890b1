/* See export.h and speaker.h (spk_export_policy).  With a policy, the
 * routes given land in nb->given; each flush hands what changed there to
 * the policy as UPDATEs (the Adj-RIB-Out packs them: batches, not one call
 * per route), and each answer goes into nb->out, the Adj-RIB-Out proper,
 * which sends only what the policy let through. */
#include <string.h>

#include "speaker/export.h"
#include "speaker/routes_in.h"
#include "speaker/speaker.h"

struct adj_out *spk_rib_given(struct spk_nb *nb)
{
	return nb->export_policy ? &nb->given : &nb->out;
}

void spk_export_ctx(const struct spk_nb *nb, struct wire_ctx *ctx)
{
	spk_context(nb, ctx);
	ctx->ext_msg = true;
}

static void new_gen(struct spk_nb *nb)
{
	/* the answers in flight no longer count */
	nb->export_gen++;
	nb->export_inflight = 0;
}

int spk_export_policy(struct spk_nb *nb, bool on, struct lb_err *err)
{
	if (on == nb->export_policy)
		return 0;
	if (on && !nb->sp->ops->export)
		return lb_err_set(err, LB_ACT_NONE, 0, 0, 0, "no export policy runs here");
	if (on) {
		/* what was given so far is asked about too, and what the peer
		 * has not been sent yet waits for the answers */
		adj_out_init(&nb->given, &nb->sp->pool, true);
		if (adj_out_copy_wants(&nb->given, &nb->out) < 0) {
			adj_out_fini(&nb->given);
			return lb_err_set(err, LB_ACT_NONE, 0, 0, 0, "out of memory");
		}
		adj_out_hold(&nb->out);
		new_gen(nb);
		nb->export_policy = true;
		return 0;
	}
	/* everything given, as it was given */
	adj_out_unmark(&nb->out);
	if (adj_out_copy_wants(&nb->out, &nb->given) < 0)
		return lb_err_set(err, LB_ACT_NONE, 0, 0, 0,
				  "out of memory (the export policy stays)");
	adj_out_withdraw_unmarked(&nb->out);
	adj_out_fini(&nb->given);
	new_gen(nb);
	nb->export_policy = false;
	return 0;
}

void spk_export_resync(struct spk_nb *nb)
{
	if (!nb->export_policy)
		return;
	new_gen(nb);
	adj_out_reset_sent(&nb->given);
	adj_out_retract_unwanted(&nb->out, &nb->given);
}

static int to_policy(void *arg, const uint8_t *msg, size_t len)
{
	struct spk_nb *nb = arg;

	if (nb->sp->ops->export(nb, nb->export_gen, msg, len) < 0)
		return -1;
	nb->export_inflight++;
	return 0;
}

void spk_export_pending(struct spk_nb *nb)
{
	struct wire_ctx ctx;

	int rc = 1;

	if (!nb->export_policy)
		return;
	spk_export_ctx(nb, &ctx);
	/* a route withdrawn then given again in one go comes back pending */
	while (rc > 0 && nb->given.npending)
		rc = adj_out_flush(&nb->given, &ctx, 0, to_policy, nb);
	if (rc < 0)
		lb_logf(&nb->sp->log, LB_LOG_ERR, LB_TOPIC_RIB,
			"%s: routes not handed to the export policy yet (no memory)",
			nb->peer_text);
}

bool spk_export_settled(const struct spk_nb *nb)
{
	return !nb->export_policy || (!nb->given.npending && !nb->export_inflight);
}

void spk_export_session_up(struct spk_nb *nb)
{
	if (!nb->export_policy)
		return;
	new_gen(nb);
	adj_out_clear(&nb->out);
	adj_out_reset_sent(&nb->given);
}

int spk_export_apply(struct spk_nb *nb, uint32_t gen, const uint8_t *orig, size_t olen,
		     const uint8_t *msg, size_t len, struct lb_err *err)
{
	struct wire_ctx ctx;

	if (!nb->export_policy || gen != nb->export_gen)
		return 0;
	if (nb->export_inflight)
		nb->export_inflight--;
	spk_export_ctx(nb, &ctx);
	if (msg && len == olen && memcmp(msg, orig, len) == 0)
		return spk_apply_ours(nb, &nb->out, &ctx, orig, olen, SPK_APPLY_ANSWER, err);
	/* what the policy left out of its answer goes; then the answer */
	if (spk_apply_ours(nb, &nb->out, &ctx, orig, olen, SPK_RETRACT, err) < 0)
		return -1;
	return msg ? spk_apply_ours(nb, &nb->out, &ctx, msg, len, SPK_APPLY_ANSWER, err) : 0;
}

void spk_export_fini(struct spk_nb *nb)
{
	if (nb->export_policy)
		adj_out_fini(&nb->given);
	nb->export_policy = false;
}
