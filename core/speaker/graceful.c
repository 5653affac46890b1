/* See graceful.h. */
#include "speaker/graceful.h"
#include "speaker/speaker.h"

#define GR_STALE_PATH_MS 360000 /* how long we wait for End-of-RIBs */

static int stale_event(void *arg, const uint8_t *msg, size_t len)
{
	spk_event_message(arg, msg, len, false);
	return 0;
}

static void stale_gone(void *arg, const struct adj_in_route *r)
{
	adj_out_withdraw(arg, r->fam, r->path_id, r->nlri, r->len);
}

/* The stale routes of these families are gone: the processes see them
 * withdrawn now (not when the session went down: they were kept). */
void spk_gr_sweep(struct spk_nb *nb, uint64_t families, const char *why)
{
	struct adj_out gone;
	struct wire_ctx ctx;
	size_t n;

	adj_out_init(&gone, &nb->sp->pool, true);
	n = adj_in_sweep_stale(&nb->in, families, stale_gone, &gone);
	/* the UPDATEs as the peer would have sent them */
	spk_received_context(nb, &ctx);
	if (n)
		adj_out_flush(&gone, &ctx, 0, stale_event, nb);
	adj_out_fini(&gone);
	if (n)
		lb_logf(&nb->sp->log, LB_LOG_INFO, LB_TOPIC_RIB,
			"%s: %zu stale routes removed (graceful restart: %s)", nb->peer_text, n,
			why);
	if (!nb->in.stale)
		uv_timer_stop(&nb->gr_timer);
}

static void on_gr_timer(uv_timer_t *t)
{
	spk_gr_sweep(t->data, ~(uint64_t)0, "timer expired");
}

/* The session ended.  When both sides advertised Graceful Restart and it
 * ended by a TCP failure, without a NOTIFICATION (RFC 4724 §4.2; we do not
 * advertise RFC 8538's N bit), the peer's routes stay, stale, for its
 * Restart Time; otherwise they go at once, unannounced, as ExaBGP's go. */
void spk_gr_session_lost(struct spk_nb *nb)
{
	if (nb->ours.graceful_restart && nb->peer_gr && nb->peer_restart_time &&
	    nb->peer.last_event == FSM_EV_TCP_FAILS && nb->in.count) {
		adj_in_mark_stale(&nb->in);
		uv_timer_start(&nb->gr_timer, on_gr_timer, (uint64_t)nb->peer_restart_time * 1000,
			       0);
		lb_logf(&nb->sp->log, LB_LOG_INFO, LB_TOPIC_RIB,
			"%s: %zu routes kept stale for %u s (graceful restart)", nb->peer_text,
			nb->in.count, nb->peer_restart_time);
		return;
	}
	adj_in_clear(&nb->in);
	uv_timer_stop(&nb->gr_timer);
}

/* The session is back: stale routes of families the new capability does
 * not keep (absent, or F bit clear) go; the others wait for their
 * End-of-RIB, at most the stale-path time. */
void spk_gr_session_back(struct spk_nb *nb)
{
	if (!nb->in.stale)
		return;
	uv_timer_stop(&nb->gr_timer);
	spk_gr_sweep(nb, nb->peer_gr ? ~nb->peer_gr_forwarding : ~(uint64_t)0,
		    "family not kept by the peer");
	if (nb->in.stale)
		uv_timer_start(&nb->gr_timer, on_gr_timer, GR_STALE_PATH_MS, 0);
}
