/* See speaker.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "speaker/export.h"
#include "speaker/graceful.h"
#include "speaker/recode.h"
#include "speaker/routes_in.h"
#include "speaker/speaker.h"
#include "wire/message.h"

/* --- the Adj-RIB-Out towards the socket ---------------------------------- */

/* Stop packing while the socket's queue is above its high mark; the
 * session's writable() callback resumes (DESIGN.md: a slow peer gets
 * back-pressure, never unbounded memory). */
static int emit(void *arg, const uint8_t *msg, size_t len)
{
	struct spk_nb *nb = arg;

	if (sess_peer_send(&nb->peer, msg, len) < 0)
		return -1;
	return nb->peer.conn && nb->peer.conn->above ? -1 : 0;
}

static void send_eors(struct spk_nb *nb)
{
	for (unsigned f = 0; f < WIRE_FAM_COUNT; f++)
		if (nb->neg.ctx.families & WIRE_FAM_BIT(f))
			adj_out_eor(wire_family_by_index(f), emit, nb);
}

static void flush(struct spk_nb *nb, bool eor);

/* The messages spk_send_after() kept, now that no route is pending: each
 * starts with its header, whose length says where the next one begins. */
static void send_later(struct spk_nb *nb)
{
	size_t off = 0;

	while (off + WIRE_HEADER_LEN <= nb->later.len) {
		size_t len = (size_t)nb->later.data[off + 16] << 8 | nb->later.data[off + 17];

		if (len < WIRE_HEADER_LEN || off + len > nb->later.len)
			break;
		sess_peer_send(&nb->peer, nb->later.data + off, len);
		off += len;
	}
	wbuf_reset(&nb->later);
}

void spk_flush(struct spk_nb *nb)
{
	flush(nb, true);
}

void spk_flush_routes(struct spk_nb *nb)
{
	flush(nb, false);
}

static void flush(struct spk_nb *nb, bool eor)
{
	bool settled;
	int rc;

	if (nb->peer.state != FSM_ESTABLISHED || nb->flushing)
		return;
	nb->flushing = true;
	spk_export_pending(nb);
	do
		rc = adj_out_flush(&nb->out, &nb->neg.ctx, nb->sp->flush_budget, emit, nb);
	while (rc > 0 && nb->out.npending && !(nb->peer.conn && nb->peer.conn->above));
	nb->flushing = false;
	settled = nb->out.npending == 0 && spk_export_settled(nb);
	/* RFC 4724 §2: End-of-RIB once the initial update is complete (an
	 * export policy's answers included) */
	if (eor && settled && !nb->eor_sent && !nb->cfg.manual_eor) {
		nb->eor_sent = true;
		send_eors(nb);
	}
	if (settled) {
		send_later(nb);
		sched_waitq_wake_all(&nb->written_q);
	}
}

int spk_send_after(struct spk_nb *nb, const uint8_t *msg, size_t len)
{
	if (nb->peer.state != FSM_ESTABLISHED)
		return -1;
	if (wbuf_put(&nb->later, msg, len) < 0)
		return -1;
	flush(nb, false);
	return 0;
}

bool spk_written(const struct spk_nb *nb)
{
	return nb->out.npending == 0 && spk_export_settled(nb) &&
	       sess_peer_pending(&nb->peer) == 0;
}

/* --- the session's callbacks ----------------------------------------------- */

static struct spk_nb *nb_of(struct sess_peer *p)
{
	return p->data;
}

static int open_build(struct sess_peer *p, struct wbuf *out)
{
	struct spk_nb *nb = nb_of(p);

	return wbuf_put(out, nb->open, nb->cfg.open_len);
}

static int open_check(struct sess_peer *p, const uint8_t *msg, size_t len,
		      struct sess_open *o, struct lb_err *err)
{
	struct spk_nb *nb = nb_of(p);
	struct sess_caps theirs;

	if (sess_caps_parse(msg, len, &theirs, err) < 0 ||
	    sess_negotiate(&nb->ours, &theirs, nb->cfg.peer_as, &o->neg, err) < 0)
		return -1;
	o->hold_time = theirs.hold_time;
	o->bgp_id = theirs.bgp_id;
	o->asn = theirs.asn;
	o->max_msg = o->neg.max_msg;
	o->operational = o->neg.operational;
	o->graceful_restart = theirs.graceful_restart;
	o->restart_time = theirs.restart_time;
	o->gr_forwarding = theirs.gr_forwarding;
	o->theirs = theirs;
	return 0;
}

static void received(struct sess_peer *p, const uint8_t *msg, size_t len)
{
	struct spk_nb *nb = nb_of(p);

	/* UPDATEs are reported once decoded (process) */
	if (msg[18] == WIRE_MSG_UPDATE)
		return;
	spk_event_message(nb, msg, len, false);
	if (nb->sp->ops->received)
		nb->sp->ops->received(nb, msg, len, NULL);
}

/* RFC 2918 §4: a request gets that family's Adj-RIB-Out again; RFC 7313 §5: BoRR
 * and EoRR from the peer mark its own refresh, unknown subtypes are
 * ignored, a bad length is 7/1. */
static void refresh(struct spk_nb *nb, const uint8_t *msg, size_t len)
{
	struct wire_refresh rr;
	struct lb_err err;

	lb_err_clear(&err);
	if (wire_refresh_decode(&rr, msg, len, &err) < 0) {
		if (err.act == LB_ACT_RESET)
			sess_peer_fault(&nb->peer, &err);
		return;
	}
	/* RFC 2918 §4: only for a family we advertised (negotiated) */
	if (rr.subtype == WIRE_REFRESH_REQUEST) {
		const struct wire_family *f = wire_family_by_code(rr.afi, rr.safi);

		if (!f || !(nb->neg.ctx.families & WIRE_FAM_BIT(f->fam)))
			return;
		adj_out_resend(&nb->out, WIRE_FAM_BIT(f->fam));
		spk_flush(nb);
	}
}

/* An UPDATE in Established: RFC 7606 outcome, then the owner's event. */
static void learn_field(struct spk_nb *nb, const struct wire_family *f,
			const struct wire_update *u, const uint8_t *p, size_t n,
			struct attrset *a)
{
	struct wire_nlri_iter it;
	struct wire_nlri x;
	struct route_key batch[ADJ_IN_BATCH];
	size_t k = 0;
	int lost = 0;

	wire_nlri_iter_init(&it, f, &nb->neg.ctx, u->msg, p, n);
	if (!a) {
		while (wire_nlri_iter_next(&it, &x) > 0)
			adj_in_withdraw(&nb->in, x.fam, x.path_id, x.p, x.len);
		return;
	}
	/* announcements ADJ_IN_BATCH at a time (adj_in_announce_batch) */
	while (wire_nlri_iter_next(&it, &x) > 0) {
		batch[k++] = (struct route_key){ x.fam, x.path_id, x.p, x.len };
		if (k == ADJ_IN_BATCH) {
			lost += adj_in_announce_batch(&nb->in, batch, k, a);
			k = 0;
		}
	}
	lost += adj_in_announce_batch(&nb->in, batch, k, a);
	if (lost)
		lb_logf(&nb->sp->log, LB_LOG_ERR, LB_TOPIC_RIB,
			"%s: %d received routes not kept (no memory)", nb->peer_text, lost);
}

/* The Adj-RIB-In (RFC 4271 §3.2) of a decoded UPDATE: its withdrawals, then
 * its announcements with their attributes as kept (RFC 7606: discarded
 * ones left out; treat-as-withdraw makes every route of it a withdrawal;
 * AFI/SAFI disable keeps nothing of it). */
static void learn(struct spk_nb *nb, const struct wire_update *u)
{
	const struct wire_family *v4 = wire_family_by_index(WIRE_FAM_IPV4_UNICAST);
	bool withdraw = u->err.act == LB_ACT_WITHDRAW;
	struct attrset *a = NULL;

	if (u->err.act >= LB_ACT_AFI_DISABLE)
		return;
	if (u->withdrawn_len)
		learn_field(nb, v4, u, u->withdrawn, u->withdrawn_len, NULL);
	if (u->unreach.present && u->unreach.fam)
		learn_field(nb, u->unreach.fam, u, u->unreach.nlri, u->unreach.nlri_len, NULL);
	if (u->nlri_len && (withdraw || (a = spk_intern_attrs(nb, u, NULL)) != NULL)) {
		learn_field(nb, v4, u, u->nlri, u->nlri_len, a);
		if (a)
			attrset_unref(&nb->sp->pool, a);
	}
	a = NULL;
	if (u->reach.present && u->reach.fam &&
	    (withdraw || (a = spk_intern_attrs(nb, u, &u->reach)) != NULL)) {
		learn_field(nb, u->reach.fam, u, u->reach.nlri, u->reach.nlri_len, a);
		if (a)
			attrset_unref(&nb->sp->pool, a);
	}
}

/* A received UPDATE that stands (decoded in u): the Adj-RIB-In, the
 * graceful restart sweep, the events. */
static void apply_update(struct spk_nb *nb, const uint8_t *msg, size_t len,
			 const struct wire_update *u)
{
	if (nb->cfg.adj_rib_in)
		learn(nb, u);
	/* RFC 4724 §4.2: the peer's End-of-RIB ends the stale routes of its
	 * family */
	if (u->eor && u->eor_fam < WIRE_FAM_COUNT && nb->in.stale)
		spk_gr_sweep(nb, WIRE_FAM_BIT(u->eor_fam), "End-of-RIB");
	spk_event_message(nb, msg, len, false);
	if (nb->sp->ops->received)
		nb->sp->ops->received(nb, msg, len, u);
}

static void process(struct sess_peer *p, const uint8_t *msg, size_t len)
{
	struct spk_nb *nb = nb_of(p);
	struct wire_update *u = nb->sp->scratch;

	if (msg[18] != WIRE_MSG_UPDATE) {
		if (msg[18] == WIRE_MSG_ROUTE_REFRESH)
			refresh(nb, msg, len);
		return;
	}
	if (wire_update_decode(u, msg, len, msg + WIRE_HEADER_LEN, len - WIRE_HEADER_LEN,
			       &nb->neg.ctx) < 0) {
		if (nb->sp->ops->received)
			nb->sp->ops->received(nb, msg, len, u);
		sess_peer_fault(p, &u->err);
		return;
	}
	/* an import policy sees every UPDATE first, End-of-RIB included so
	 * that nothing overtakes what it holds: the owner hands each back
	 * through spk_import_apply() */
	if (nb->import_policy && nb->sp->ops->import) {
		nb->sp->ops->import(nb, msg, len);
		return;
	}
	apply_update(nb, msg, len, u);
}

int spk_import_apply(struct spk_nb *nb, const uint8_t *msg, size_t len, struct lb_err *err)
{
	struct wire_update *u = nb->sp->scratch;

	if (nb->peer.state != FSM_ESTABLISHED)
		return lb_err_set(err, LB_ACT_NONE, 0, 0, 0, "the session is not up");
	if (len < WIRE_HEADER_LEN || msg[18] != WIRE_MSG_UPDATE ||
	    wire_update_decode(u, msg, len, msg + WIRE_HEADER_LEN, len - WIRE_HEADER_LEN,
			       &nb->neg.ctx) < 0) {
		if (len >= WIRE_HEADER_LEN && msg[18] == WIRE_MSG_UPDATE)
			*err = u->err;
		else
			lb_err_set(err, LB_ACT_NONE, 0, 0, 0, "not an UPDATE");
		return -1;
	}
	apply_update(nb, msg, len, u);
	return 0;
}

/* Our side of the connection, for events, when the configuration left it
 * to the system. */
static void learn_local(struct spk_nb *nb)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (nb->cfg.sess.local.ss_family == AF_UNSPEC && nb->peer.conn &&
	    getsockname(nb->peer.conn->fd, (struct sockaddr *)&ss, &len) == 0)
		net_addr_text((struct sockaddr *)&ss, nb->local_text, sizeof(nb->local_text));
}

/* ExaBGP's neighbor-changes: connected, up, down with its reason */
static void state_event(struct spk_nb *nb, enum fsm_state from, enum fsm_state to,
			const char *why)
{
	spk_event_fsm(nb, fsm_state_name(to));
	if (to == FSM_ESTABLISHED)
		spk_event_negotiated(nb);
	if (to == FSM_OPENSENT) {
		learn_local(nb);
		spk_event_state(nb, "connected", NULL);
	} else if (to == FSM_ESTABLISHED) {
		spk_event_state(nb, "up", NULL);
	} else if (to == FSM_IDLE && from >= FSM_OPENSENT) {
		spk_event_state(nb, "down", why ? why : "");
	}
}

static void state(struct sess_peer *p, enum fsm_state from, enum fsm_state to,
		  const char *why)
{
	struct spk_nb *nb = nb_of(p);

	if (from == FSM_ESTABLISHED || to == FSM_ESTABLISHED)
		nb->since = time(NULL);
	if (from == FSM_ESTABLISHED) {
		/* the peer has nothing of ours any more */
		adj_out_reset_sent(&nb->out);
		wbuf_reset(&nb->later);
		nb->eor_sent = false;
		/* nor we anything of the peer's, unless it restarts */
		spk_gr_session_lost(nb);
	}
	if (to == FSM_ESTABLISHED) {
		struct wire_ctx was, now;

		/* the OPEN of the connection that stays is the session's */
		spk_context(nb, &was);
		nb->neg = p->open.neg;
		spk_context(nb, &now);
		nb->ctx_gen++;
		nb->peer_gr = p->open.graceful_restart;
		nb->peer_restart_time = p->open.restart_time;
		nb->peer_gr_forwarding = p->open.gr_forwarding;
		nb->theirs = p->open.theirs;
		spk_export_session_up(nb);
		/* what was given for another kind of session is written again */
		spk_recode(nb, &was, &now);
		adj_out_session_start(&nb->out);
	}
	state_event(nb, from, to, why);
	if (nb->sp->ops->state)
		nb->sp->ops->state(nb, from, to, why);
	if (to == FSM_ESTABLISHED) {
		spk_gr_session_back(nb);
		if (nb->sp->ops->established)
			nb->sp->ops->established(nb, &nb->neg);
		spk_flush(nb);
	}
	sched_waitq_wake_all(&nb->state_q);
	if (to != FSM_ESTABLISHED)
		sched_waitq_wake_all(&nb->written_q);
}

static void writable(struct sess_peer *p)
{
	spk_flush(nb_of(p));
}

static void given_up(struct sess_peer *p)
{
	struct spk *sp = nb_of(p)->sp;

	for (size_t i = 0; i < sp->nnb; i++)
		if (!sp->nbs[i]->peer.gave_up && !sp->nbs[i]->removed)
			return;
	if (sp->ops->all_done)
		sp->ops->all_done(sp);
}

static const struct sess_peer_ops peer_ops = {
	.open_build = open_build, .open_check = open_check, .received = received,
	.process = process, .state = state, .writable = writable, .given_up = given_up,
};

/* --- the speaker ------------------------------------------------------------ */

int spk_init(struct spk *sp, uv_loop_t *loop, const struct spk_ops *ops, void *data)
{
	uint8_t key[16];

	memset(sp, 0, sizeof(*sp));
	sp->loop = loop;
	sp->ops = ops;
	sp->data = data;
	/* a step, then the output's high-water mark is looked at again */
	sp->flush_budget = 256 * 1024;
	sp->proc_queue = (size_t)64 << 20;
	sp->proc_stall_ms = 60000;
	lb_log_init(&sp->log);
	{
		size_t n = sizeof(sp->host);

		if (uv_os_gethostname(sp->host, &n) < 0)
			snprintf(sp->host, sizeof(sp->host), "localhost");
	}
	sp->scratch = malloc(sizeof(*sp->scratch));
	if (!sp->scratch)
		return -1;
	/* the hash key of the attribute sets: from the kernel when it can,
	 * so that peers cannot aim collisions at the table (htab.h) */
	if (uv_random(NULL, NULL, key, sizeof(key), 0, NULL) < 0)
		memset(key, 0x5a, sizeof(key));
	attrset_pool_init(&sp->pool, key);
	if (net_ka_init(&sp->ka, loop) < 0) {
		attrset_pool_fini(&sp->pool);
		free(sp->scratch);
		return -1;
	}
	return 0;
}

struct spk_nb *spk_neighbor_add(struct spk *sp, const struct spk_nb_cfg *cfg, void *data,
				struct lb_err *err)
{
	struct spk_nb *nb = calloc(1, sizeof(*nb));
	struct spk_nb **grown = realloc(sp->nbs, (sp->nnb + 1) * sizeof(*sp->nbs));
	struct sess_peer_cfg sc;

	if (grown)
		sp->nbs = grown;
	if (!nb || !grown || !(nb->open = malloc(cfg->open_len))) {
		free(nb);
		lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory");
		return NULL;
	}
	memcpy(nb->open, cfg->open, cfg->open_len);
	nb->cfg = *cfg;
	nb->cfg.open = nb->open;
	if (sess_caps_parse(nb->open, cfg->open_len, &nb->ours, err) < 0) {
		free(nb->open);
		free(nb);
		return NULL;
	}
	nb->sp = sp;
	nb->data = data;
	nb->since = time(NULL);
	net_addr_text((const struct sockaddr *)&cfg->sess.remote, nb->peer_text,
		      sizeof(nb->peer_text));
	if (cfg->sess.local.ss_family != AF_UNSPEC)
		net_addr_text((const struct sockaddr *)&cfg->sess.local, nb->local_text,
			      sizeof(nb->local_text));
	snprintf(nb->router_id, sizeof(nb->router_id), "%u.%u.%u.%u", nb->ours.bgp_id >> 24,
		 (nb->ours.bgp_id >> 16) & 255, (nb->ours.bgp_id >> 8) & 255, nb->ours.bgp_id & 255);
	adj_out_init(&nb->out, &sp->pool, cfg->group_updates);
	wbuf_init(&nb->later, 0);
	adj_in_init(&nb->in, &sp->pool);
	sc = cfg->sess;
	sc.bgp_id = nb->ours.bgp_id;
	sc.asn = nb->ours.asn;
	sess_peer_init(&nb->peer, sp->loop, &sp->ka, &sc, &peer_ops, nb);
	uv_timer_init(sp->loop, &nb->gr_timer);
	nb->gr_timer.data = nb;
	sched_waitq_init(&nb->state_q);
	sched_waitq_init(&nb->written_q);
	sp->nbs[sp->nnb++] = nb;
	return nb;
}

void spk_start(struct spk *sp)
{
	for (size_t i = 0; i < sp->nnb; i++)
		if (!sp->nbs[i]->removed)
			sess_peer_start(&sp->nbs[i]->peer);
}

void spk_neighbor_remove(struct spk_nb *nb, uint8_t subcode)
{
	nb->removed = true;
	sess_peer_stop(&nb->peer, subcode, NULL, 0);
}

void spk_shutdown(struct spk *sp, uint8_t subcode)
{
	for (size_t i = 0; i < sp->nnb; i++)
		if (!sp->nbs[i]->removed)
			sess_peer_stop(&sp->nbs[i]->peer, subcode, NULL, 0);
}

static bool same_address(const struct sockaddr *a, const struct sockaddr_storage *b)
{
	if (a->sa_family != b->ss_family)
		return false;
	if (a->sa_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		      &((const struct sockaddr_in6 *)b)->sin6_addr, 16) == 0;
}

static void accepted(struct net_listener *l, int fd, const struct sockaddr *peer,
		     const struct sockaddr *local)
{
	struct spk *sp = l->data;

	(void)local;
	for (size_t i = 0; i < sp->nnb; i++) {
		if (!sp->nbs[i]->removed && same_address(peer, &sp->nbs[i]->cfg.sess.remote)) {
			sess_peer_accept(&sp->nbs[i]->peer, fd);
			return;
		}
	}
	/* not a configured neighbor */
	close(fd);
}

int spk_listen(struct spk *sp, const struct sockaddr *addr, struct lb_err *err)
{
	struct net_listener *l, **grown;
	int fd;

	if (net_tcp_listen(addr, &fd, err) < 0)
		return -1;
	l = malloc(sizeof(*l));
	grown = realloc(sp->listeners, (sp->nlisteners + 1) * sizeof(*sp->listeners));
	if (grown)
		sp->listeners = grown;
	if (!l || !grown) {
		free(l);
		close(fd);
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory");
	}
	l->data = sp;
	l->accepted = accepted;
	if (net_listener_init(l, sp->loop, fd, err) < 0) {
		free(l);
		return -1;
	}
	sp->listeners[sp->nlisteners++] = l;
	return 0;
}

void spk_fini(struct spk *sp)
{
	for (size_t i = 0; i < sp->nnb; i++) {
		sess_peer_fini(&sp->nbs[i]->peer);
		uv_close((uv_handle_t *)&sp->nbs[i]->gr_timer, NULL);
		adj_out_fini(&sp->nbs[i]->out);
		spk_export_fini(sp->nbs[i]);
		adj_in_fini(&sp->nbs[i]->in);
	}
	spk_processes_stop(sp);
	for (size_t i = 0; i < sp->nlisteners; i++)
		net_listener_free(sp->listeners[i]);
	free(sp->listeners);
	sp->listeners = NULL;
	sp->nlisteners = 0;
	net_ka_fini(&sp->ka);
}

void spk_release(struct spk *sp)
{
	for (size_t i = 0; i < sp->nnb; i++) {
		free(sp->nbs[i]->open);
		free(sp->nbs[i]->subs);
		wbuf_fini(&sp->nbs[i]->later);
		free(sp->nbs[i]);
	}
	free(sp->nbs);
	sp->nbs = NULL;
	sp->nnb = 0;
	attrset_pool_fini(&sp->pool);
	free(sp->scratch);
	sp->scratch = NULL;
	lb_log_fini(&sp->log);
}

