/* See peer.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session/peer.h"
#include "wire/message.h"

static void fire(struct sess_peer *p, enum fsm_event ev);
static bool alt_takes_over(struct sess_peer *p);
static void alt_drop(struct sess_peer *p, uint8_t cease_subcode);

static void set_why(struct sess_peer *p, const char *why)
{
	snprintf(p->why, sizeof(p->why), "%s", why);
}

/* The NOTIFICATION that goes with the next event (a copy: the message it
 * may come from is gone by the time a queued event runs). */
static void set_given(struct sess_peer *p, const struct lb_err *err)
{
	size_t n;
	const uint8_t *d = lb_err_data(err, &n);

	p->given = *err;
	if (n > sizeof(p->given_data))
		n = sizeof(p->given_data);
	if (n)
		memcpy(p->given_data, d, n);
	p->given.data = p->given_data;
	p->given.data_len = n;
}

/* --- messages we write ourselves --------------------------------------- */

static void send_on(struct net_conn *c, struct wbuf *w)
{
	if (c && !w->failed)
		net_conn_send(c, w->data, w->len);
}

static void send_msg(struct sess_peer *p, struct wbuf *w)
{
	send_on(p->conn, w);
}

static void notify_on(struct net_conn *c, uint8_t code, uint8_t sub, const uint8_t *data,
		      size_t n)
{
	struct wbuf w;

	/* RFC 4271 §4.5: the data fills the rest of a 4096-octet message */
	if (n > 4096 - WIRE_HEADER_LEN - 2)
		n = 4096 - WIRE_HEADER_LEN - 2;
	wbuf_init(&w, WIRE_HEADER_LEN + 2 + n);
	wire_header_write(&w, WIRE_MSG_NOTIFICATION, (uint16_t)(WIRE_HEADER_LEN + 2 + n));
	wbuf_u8(&w, code);
	wbuf_u8(&w, sub);
	wbuf_put(&w, data, n);
	send_on(c, &w);
	wbuf_fini(&w);
}

static void send_notification(struct sess_peer *p, uint8_t code, uint8_t sub,
			      const uint8_t *data, size_t n)
{
	notify_on(p->conn, code, sub, data, n);
}

static void send_keepalive(struct sess_peer *p)
{
	struct wbuf w;

	wbuf_init(&w, WIRE_HEADER_LEN);
	wire_header_write(&w, WIRE_MSG_KEEPALIVE, WIRE_HEADER_LEN);
	send_msg(p, &w);
	wbuf_fini(&w);
}

static void open_on(struct sess_peer *p, struct net_conn *c)
{
	struct wbuf w;

	wbuf_init(&w, 128);
	if (p->ops->open_build(p, &w) == 0)
		send_on(c, &w);
	wbuf_fini(&w);
}

static void send_open(struct sess_peer *p)
{
	open_on(p, p->conn);
}

/* --- the connection ----------------------------------------------------- */

static struct sess_peer *peer_of(struct net_conn *c)
{
	return c->data;
}

static void on_connected(struct net_conn *c)
{
	fire(peer_of(c), FSM_EV_TCP_ACKED);
}

static enum fsm_event message_event(struct sess_peer *p, const uint8_t *msg, size_t len)
{
	struct lb_err err;

	switch (msg[18]) {
	case WIRE_MSG_OPEN:
		if (p->state != FSM_OPENSENT)
			return FSM_EV_OPEN; /* the table answers with an FSM error */
		lb_err_clear(&err);
		if (p->ops->open_check(p, msg, len, &p->open, &err) < 0) {
			set_given(p, &err);
			set_why(p, err.reason);
			return FSM_EV_OPEN_ERR;
		}
		return FSM_EV_OPEN;
	case WIRE_MSG_UPDATE:
		return FSM_EV_UPDATE;
	case WIRE_MSG_NOTIFICATION:
		snprintf(p->why, sizeof(p->why), "notification received (%u/%u)",
			 len > 19 ? msg[19] : 0, len > 20 ? msg[20] : 0);
		/* RFC 4271 §8.2.2: a version error in OpenSent or OpenConfirm
		 * is event 24 (no back-off for it) */
		if (len > 20 && msg[19] == LB_NOTIFY_OPEN && msg[20] == 1)
			return FSM_EV_NOTIF_VERSION_ERR;
		return FSM_EV_NOTIF;
	case WIRE_MSG_KEEPALIVE:
		return FSM_EV_KEEPALIVE;
	default:
		/* ROUTE-REFRESH, and OPERATIONAL when the framing let it in */
		return FSM_EV_REFRESH;
	}
}

static void on_message(struct net_conn *c, const uint8_t *msg, size_t len)
{
	struct sess_peer *p = peer_of(c);
	enum fsm_event ev;

	if (p->ops->received)
		p->ops->received(p, msg, len);
	/* the peer closed our connection with a Cease (the loser of a
	 * collision, §6.8, RFC 4486 6/7): its own one goes on */
	if (msg[18] == WIRE_MSG_NOTIFICATION && len > 19 && msg[19] == LB_NOTIFY_CEASE &&
	    alt_takes_over(p))
		return;
	ev = message_event(p, msg, len);
	p->msg = msg;
	p->msg_len = len;
	fire(p, ev);
	p->msg = NULL;
	p->msg_len = 0;
}

static void on_failed(struct net_conn *c, const struct lb_err *err)
{
	struct sess_peer *p = peer_of(c);

	if (err->code != LB_NOTIFY_HEADER && alt_takes_over(p))
		return;
	set_why(p, err->reason[0] ? err->reason : "connection closed");
	if (err->code == LB_NOTIFY_HEADER) {
		set_given(p, err);
		fire(p, FSM_EV_HEADER_ERR);
	} else {
		fire(p, FSM_EV_TCP_FAILS);
	}
}

static void on_drained(struct net_conn *c)
{
	struct sess_peer *p = peer_of(c);

	if (p->ops->writable)
		p->ops->writable(p);
}

static const struct net_conn_ops conn_ops = { on_connected, on_message, on_failed, on_drained };

static void drop_tcp(struct sess_peer *p)
{
	if (p->conn) {
		net_conn_counts(p->conn, p->sent_msgs, p->rcvd_msgs);
		net_conn_free(p->conn);
		p->conn = NULL;
	}
}

static int adopt(struct sess_peer *p, int fd, bool connecting)
{
	struct lb_err err;
	struct net_conn *c = malloc(sizeof(*c));

	if (!c) {
		close(fd);
		set_why(p, "out of memory");
		return -1;
	}
	if (net_conn_init(c, p->loop, fd, connecting, &conn_ops, p, &err) < 0) {
		free(c);
		set_why(p, err.reason);
		return -1;
	}
	p->conn = c;
	/* a connection made while the peer is paused is not read either */
	if (p->rx_paused)
		net_conn_read(c, false);
	p->conn_out = connecting;
	return 0;
}

static void start_connect(struct sess_peer *p)
{
	const struct sockaddr *local = p->cfg.local.ss_family == AF_UNSPEC ? NULL :
				       (const struct sockaddr *)&p->cfg.local;
	struct lb_err err;
	int fd;

	drop_tcp(p);
	p->attempts_made++;
	if (net_tcp_connect((const struct sockaddr *)&p->cfg.remote, local, &p->cfg.tcp, &fd,
			    &err) < 0) {
		set_why(p, err.reason);
		fire(p, FSM_EV_TCP_FAILS);
		return;
	}
	if (adopt(p, fd, true) < 0)
		fire(p, FSM_EV_TCP_FAILS);
}

/* --- timers --------------------------------------------------------------- */

static void on_connect_retry(uv_timer_t *t)
{
	fire(t->data, FSM_EV_CONNECT_RETRY_EXPIRES);
}

void sess_peer_pause(struct sess_peer *p, bool paused)
{
	p->rx_paused = paused;
	if (p->conn)
		net_conn_read(p->conn, !paused);
}

/* The HoldTimer measures silence from last_rx_ms, which every received
 * byte moves (the keepalive thread's FIONREAD included): when it fires
 * early relative to that, it waits for the rest. */
static void on_hold(uv_timer_t *t)
{
	struct sess_peer *p = t->data;
	uint64_t now = net_now_ms(), last, quiet;

	if (!p->conn)
		return;
	if (p->rx_paused) {
		uv_timer_start(&p->hold_timer, on_hold, p->hold_ms, 0);
		return;
	}
	last = atomic_load(&p->conn->last_rx_ms);
	quiet = now > last ? now - last : 0;
	if (quiet < p->hold_ms) {
		uv_timer_start(&p->hold_timer, on_hold, p->hold_ms - quiet, 0);
		return;
	}
	set_why(p, p->state == FSM_OPENSENT ? "no OPEN received within the open wait time"
					     : "hold timer expired");
	fire(p, FSM_EV_HOLD_EXPIRES);
}

/* RFC 9687: the SendHoldTimer.  Bytes wait in the queue and nothing could
 * be written for SendHoldTime: the peer is not reading (a zero TCP
 * window), so the session ends with 8/0 rather than queue without end.
 * last_tx_ms moves with every write that makes progress; an empty queue
 * is not a stall. */
static void on_send_hold(uv_timer_t *t)
{
	struct sess_peer *p = t->data;
	uint64_t now = net_now_ms(), last, quiet;

	if (!p->conn)
		return;
	last = atomic_load(&p->conn->last_tx_ms);
	quiet = now > last ? now - last : 0;
	if (quiet < p->send_hold_ms || net_conn_pending(p->conn) == 0) {
		uv_timer_start(&p->send_hold_timer, on_send_hold,
			       quiet < p->send_hold_ms ? p->send_hold_ms - quiet
						       : p->send_hold_ms, 0);
		return;
	}
	set_why(p, "send hold timer expired");
	fire(p, FSM_EV_SEND_HOLD_EXPIRES);
}

/* RFC 9687 §3: SendHoldTime, by default the greater of 8 minutes and
 * twice the HoldTime; no timer when the hold time is 0. */
static void send_hold_start(struct sess_peer *p)
{
	uint64_t ms = p->cfg.send_hold_ms;

	if (p->hold_ms == 0) {
		uv_timer_stop(&p->send_hold_timer);
		return;
	}
	if (!ms)
		ms = 2 * p->hold_ms > 480000 ? 2 * p->hold_ms : 480000;
	p->send_hold_ms = ms;
	uv_timer_start(&p->send_hold_timer, on_send_hold, ms, 0);
}

static void hold_start(struct sess_peer *p, uint64_t ms)
{
	p->hold_ms = ms;
	if (ms)
		uv_timer_start(&p->hold_timer, on_hold, ms, 0);
	else
		uv_timer_stop(&p->hold_timer);
}

/* RFC 4271 §4.2: the smaller of the two hold times, 0 meaning none */
static void hold_negotiated(struct sess_peer *p)
{
	uint16_t h = p->cfg.hold_time < p->open.hold_time ? p->cfg.hold_time : p->open.hold_time;

	hold_start(p, (uint64_t)h * 1000);
}

/* The OPEN was accepted: its message size and OPERATIONAL apply to the
 * framing from now on, and the negotiated HoldTimer runs. */
static void open_accepted(struct sess_peer *p)
{
	if (p->conn)
		net_conn_limits(p->conn, p->open.max_msg ? p->open.max_msg : 4096,
				p->open.operational);
	hold_negotiated(p);
}

/* KeepaliveTimer: a third of the hold time (RFC 4271 §10), by the thread */
static void keepalive_start(struct sess_peer *p)
{
	if (!p->conn || p->conn->ka || p->hold_ms == 0)
		return;
	net_ka_add(p->ka, p->conn, p->hold_ms / 3 < 1000 ? 1000 : p->hold_ms / 3);
}

/* RFC 4271 §10: jitter on ConnectRetry-like timers, a factor between 0.75
 * and 1, so that two speakers that both connect and refuse each other's
 * connection (collision, §6.8) do not retry in step forever */
static uint64_t jitter(struct sess_peer *p, uint64_t ms)
{
	/* xorshift64: per peer, seeded at init; no global state */
	p->rand ^= p->rand << 13;
	p->rand ^= p->rand >> 7;
	p->rand ^= p->rand << 17;
	return ms - (ms / 4) * (p->rand % 1024) / 1023;
}

static uint64_t backoff(const struct sess_peer *p)
{
	uint64_t ms = p->cfg.backoff_ms;

	if (p->failures == 0)
		return 0;
	for (uint32_t i = 1; i < p->failures && ms < p->cfg.backoff_max_ms; i++)
		ms *= 2;
	return ms < p->cfg.backoff_max_ms ? ms : p->cfg.backoff_max_ms;
}

static void on_idle(uv_timer_t *t)
{
	struct sess_peer *p = t->data;

	fire(p, p->cfg.passive ? FSM_EV_AUTO_START_PASSIVE : FSM_EV_AUTO_START);
}

/* Back in Idle by a fault: AutomaticStart again after the back-off, unless
 * stopped or out of attempts. */
static void restart_later(struct sess_peer *p)
{
	if (p->stopped || p->gave_up)
		return;
	if (p->cfg.attempts && p->attempts_made >= p->cfg.attempts && !p->cfg.passive) {
		p->gave_up = true;
		if (p->ops->given_up)
			p->ops->given_up(p);
		return;
	}
	uv_timer_start(&p->idle_timer, on_idle, jitter(p, backoff(p)), 0);
}

/* --- the FSM -------------------------------------------------------------- */

static void act(struct sess_peer *p, const struct fsm_step *s)
{
	uint32_t a = s->actions;

	if (a & FSM_A_SEND_NOTIFY)
		send_notification(p, s->notify_code, s->notify_subcode, NULL, 0);
	if ((a & FSM_A_SEND_NOTIFY_GIVEN) && p->given.code)
		send_notification(p, p->given.code, p->given.subcode, p->given.data,
				  p->given.data_len);
	if (a & FSM_A_DROP_TCP)
		drop_tcp(p);
	if (a & FSM_A_RETRY_ZERO)
		p->retry_count = 0;
	if (a & FSM_A_RETRY_INC) {
		p->retry_count++;
		p->failures++;
	}
	if (a & FSM_A_TIMERS_STOP) {
		uv_timer_stop(&p->cr_timer);
		uv_timer_stop(&p->hold_timer);
		uv_timer_stop(&p->send_hold_timer);
	}
	if (a & FSM_A_CR_STOP)
		uv_timer_stop(&p->cr_timer);
	/* a passive peer never connects, so it needs no ConnectRetryTimer */
	if ((a & FSM_A_CR_START) && !p->cfg.passive)
		uv_timer_start(&p->cr_timer, on_connect_retry, jitter(p, p->cfg.connect_retry_ms), 0);
	if ((a & FSM_A_CONNECT) && !p->cfg.passive)
		start_connect(p);
	if (a & FSM_A_SEND_OPEN)
		send_open(p);
	if (a & FSM_A_HOLD_LARGE)
		hold_start(p, p->cfg.openwait_ms);
	if (a & FSM_A_HOLD_NEGOTIATED)
		open_accepted(p);
	if (a & FSM_A_SEND_KEEPALIVE)
		send_keepalive(p);
	if (a & FSM_A_KEEPALIVE_START)
		keepalive_start(p);
	if (a & FSM_A_SEND_HOLD_START)
		send_hold_start(p);
	/* attempts_made stays: tcp.attempts counts every connection */
	if (a & FSM_A_BACKOFF_RESET)
		p->retry_count = p->failures = 0;
	if ((a & FSM_A_PROCESS) && p->msg && p->ops->process)
		p->ops->process(p, p->msg, p->msg_len);
}

static void fire_one(struct sess_peer *p, enum fsm_event ev)
{
	struct fsm_step s = fsm_next(p->state, ev);
	enum fsm_state from = p->state;

	p->last_event = ev;
	p->state = (enum fsm_state)s.next;
	act(p, &s);
	/* §6.8: a collision with an Established session ends the newer
	 * connection; a session that ended takes the peer's with it */
	if (p->alt && p->state == FSM_ESTABLISHED)
		alt_drop(p, 7);
	else if (p->alt && p->state == FSM_IDLE)
		alt_drop(p, 0);
	if (from != p->state && p->ops->state)
		p->ops->state(p, from, p->state, p->state == FSM_IDLE ? p->why : NULL);
	if (p->state == FSM_IDLE && from != FSM_IDLE)
		restart_later(p);
	if (p->state == FSM_IDLE)
		lb_err_clear(&p->given);
}

/* Events raised while an event is being handled (a failed connect inside
 * an action, a callback that stops the peer) run after it, in order. */
static void fire(struct sess_peer *p, enum fsm_event ev)
{
	if (p->firing) {
		if (p->nqueued < (int)(sizeof(p->queued) / sizeof(p->queued[0])))
			p->queued[p->nqueued++] = ev;
		return;
	}
	p->firing = true;
	fire_one(p, ev);
	for (int i = 0; i < p->nqueued; i++)
		fire_one(p, (enum fsm_event)p->queued[i]);
	p->nqueued = 0;
	p->firing = false;
}

/* --- collisions (RFC 4271 §6.8) ------------------------------------------- */

/* A connection on its way out: nothing it reports matters any more (a
 * write that fails while its last NOTIFICATION goes must not reach the
 * session that replaced it). */
static void on_gone_message(struct net_conn *c, const uint8_t *msg, size_t len)
{
	(void)c, (void)msg, (void)len;
}

static void on_gone_failed(struct net_conn *c, const struct lb_err *err)
{
	(void)c, (void)err;
}

static const struct net_conn_ops gone_ops = { NULL, on_gone_message, on_gone_failed, NULL };

/* Close c, detached from the peer, with this NOTIFICATION when code is
 * not 0. */
static void conn_end(struct net_conn *c, uint8_t code, uint8_t subcode)
{
	c->ops = &gone_ops;
	if (code)
		notify_on(c, code, subcode, NULL, 0);
	net_conn_free(c);
}

static void alt_refuse(struct sess_peer *p, uint8_t code, uint8_t subcode)
{
	struct net_conn *c = p->alt;

	if (!c)
		return;
	p->alt = NULL;
	uv_timer_stop(&p->alt_timer);
	conn_end(c, code, subcode);
}

/* End the peer's second connection, with Cease and this subcode (RFC 4486:
 * 7, Connection Collision Resolution) when not 0. */
static void alt_drop(struct sess_peer *p, uint8_t cease_subcode)
{
	alt_refuse(p, cease_subcode ? LB_NOTIFY_CEASE : 0, cease_subcode);
}

/* The connection initiated by the speaker with the higher BGP Identifier
 * stays; with equal identifiers (possible for eBGP, RFC 6286 §2.3) the one
 * of the speaker with the larger AS.  Is that the peer? */
static bool peer_wins(const struct sess_peer *p, const struct sess_open *theirs)
{
	if (theirs->bgp_id != p->cfg.bgp_id)
		return theirs->bgp_id > p->cfg.bgp_id;
	return theirs->asn > p->cfg.asn;
}

/* The peer's connection replaces ours, which ends (with Cease and this
 * subcode when not 0); the session goes on with the peer's. */
static void alt_adopt(struct sess_peer *p, uint8_t cease_subcode)
{
	struct net_conn *old = p->conn;

	p->conn = p->alt;
	if (p->rx_paused)
		net_conn_read(p->conn, false);
	p->alt = NULL;
	uv_timer_stop(&p->alt_timer);
	p->conn->ops = &conn_ops;
	p->conn_out = false;
	if (old) {
		net_conn_counts(old, p->sent_msgs, p->rcvd_msgs);
		conn_end(old, cease_subcode ? LB_NOTIFY_CEASE : 0, cease_subcode);
	}
}

static bool alt_takes_over(struct sess_peer *p)
{
	enum fsm_state from = p->state;

	/* not in the middle of an event's actions (a write that fails at
	 * once): the session then ends as any other, the peer's with it */
	if (!p->alt || p->firing || (from != FSM_OPENSENT && from != FSM_OPENCONFIRM))
		return false;
	alt_adopt(p, 0);
	/* our OPEN went on it when it came; the peer's is still awaited */
	p->state = FSM_OPENSENT;
	hold_start(p, p->cfg.openwait_ms);
	if (from != FSM_OPENSENT && p->ops->state)
		p->ops->state(p, from, FSM_OPENSENT, NULL);
	return true;
}

static void on_alt_message(struct net_conn *c, const uint8_t *msg, size_t len)
{
	struct sess_peer *p = peer_of(c);
	struct sess_open theirs;
	struct lb_err err;

	memset(&theirs, 0, sizeof(theirs));
	lb_err_clear(&err);
	if (msg[18] != WIRE_MSG_OPEN) {
		/* RFC 6608 §4: an unexpected message in OpenSent */
		alt_refuse(p, LB_NOTIFY_FSM, 1);
		return;
	}
	if (p->ops->open_check(p, msg, len, &theirs, &err) < 0) {
		alt_refuse(p, err.code, err.subcode);
		return;
	}
	/* ours stays when we initiated it and win; otherwise the peer's does
	 * (when both are the peer's, its newer attempt is the one it uses) */
	if (p->conn_out && !peer_wins(p, &theirs)) {
		alt_drop(p, 7);
		return;
	}
	alt_adopt(p, 7);
	if (p->ops->received)
		p->ops->received(p, msg, len);
	p->open = theirs;
	if (p->state == FSM_OPENSENT) {
		p->msg = msg;
		p->msg_len = len;
		fire(p, FSM_EV_OPEN);
		p->msg = NULL;
		p->msg_len = 0;
		return;
	}
	/* OpenConfirm: what accepting an OPEN does, on this connection */
	open_accepted(p);
	send_keepalive(p);
	keepalive_start(p);
}

static void on_alt_failed(struct net_conn *c, const struct lb_err *err)
{
	/* a framing error is answered before the close (net/conn.h) */
	alt_refuse(peer_of(c), err->code, err->subcode);
}

static void on_alt_drained(struct net_conn *c)
{
	(void)c;
}

static const struct net_conn_ops alt_ops = { NULL, on_alt_message, on_alt_failed,
					     on_alt_drained };

static void on_alt_silent(uv_timer_t *t)
{
	/* RFC 4271 §8.2.2: the HoldTimer of a connection without an OPEN */
	alt_refuse(t->data, LB_NOTIFY_HOLD, 0);
}

/* A connection from the peer while ours is past Connect: it gets our OPEN
 * and waits for the peer's (one such connection at a time). */
static void collide(struct sess_peer *p, int fd)
{
	struct lb_err err;
	struct net_conn *c;

	if (p->alt || !(c = malloc(sizeof(*c)))) {
		close(fd);
		return;
	}
	if (net_conn_init(c, p->loop, fd, false, &alt_ops, p, &err) < 0) {
		free(c);
		return;
	}
	p->alt = c;
	open_on(p, c);
	/* its OPEN comes within the open wait, as any connection's (§8.2.2) */
	uv_timer_start(&p->alt_timer, on_alt_silent, p->cfg.openwait_ms, 0);
}

/* --- the owner's side ------------------------------------------------------ */

static void timer_init(struct sess_peer *p, uv_timer_t *t)
{
	uv_timer_init(p->loop, t);
	t->data = p;
}

void sess_peer_init(struct sess_peer *p, uv_loop_t *loop, struct net_ka *ka,
		    const struct sess_peer_cfg *cfg, const struct sess_peer_ops *ops,
		    void *data)
{
	memset(p, 0, sizeof(*p));
	p->loop = loop;
	p->ka = ka;
	p->cfg = *cfg;
	p->ops = ops;
	p->data = data;
	p->state = FSM_IDLE;
	/* not started: a connection from the peer is refused until then */
	p->stopped = true;
	p->open.max_msg = 4096;
	if (!p->cfg.backoff_max_ms)
		p->cfg.backoff_max_ms = p->cfg.backoff_ms;
	p->rand = (uv_hrtime() ^ (uint64_t)(uintptr_t)p) | 1;
	timer_init(p, &p->cr_timer);
	timer_init(p, &p->hold_timer);
	timer_init(p, &p->idle_timer);
	timer_init(p, &p->send_hold_timer);
	timer_init(p, &p->alt_timer);
}

void sess_peer_start(struct sess_peer *p)
{
	p->stopped = false;
	p->gave_up = false;
	p->attempts_made = 0;
	p->failures = 0;
	uv_timer_stop(&p->idle_timer);
	fire(p, p->cfg.passive ? FSM_EV_AUTO_START_PASSIVE : FSM_EV_MANUAL_START);
}

void sess_peer_stop(struct sess_peer *p, uint8_t subcode, const uint8_t *data,
		    size_t data_len)
{
	struct lb_err err;

	lb_err_clear(&err);
	err.code = LB_NOTIFY_CEASE;
	err.subcode = subcode;
	err.data = data;
	err.data_len = data_len;
	set_given(p, &err);
	set_why(p, "stopped");
	p->stopped = true;
	uv_timer_stop(&p->idle_timer);
	fire(p, FSM_EV_MANUAL_STOP);
}

void sess_peer_accept(struct sess_peer *p, int fd)
{
	bool waiting;

	/* RFC 4724 §4.2: a new connection from a peer whose Established
	 * session carried its Graceful Restart capability means the peer
	 * restarted: close the old TCP session (no NOTIFICATION, the other
	 * end is gone) and go on with the new one, instead of the RFC 4271
	 * §6.8 rule that keeps the Established session. */
	if (p->state == FSM_ESTABLISHED && p->open.graceful_restart) {
		set_why(p, "peer restarted: new connection (graceful restart)");
		fire(p, FSM_EV_TCP_FAILS);
	}
	if (p->state == FSM_OPENSENT || p->state == FSM_OPENCONFIRM) {
		collide(p, fd);
		return;
	}
	waiting = p->state == FSM_ACTIVE || p->state == FSM_CONNECT ||
		  (p->state == FSM_IDLE && !p->stopped);
	if (!waiting) {
		close(fd);
		return;
	}
	/* Connect: our own attempt has not completed, the peer's has */
	drop_tcp(p);
	if (p->state == FSM_IDLE) {
		/* the back-off is for our attempts; the peer may come in */
		uv_timer_stop(&p->idle_timer);
		fire(p, FSM_EV_AUTO_START_PASSIVE);
	}
	if (adopt(p, fd, false) < 0) {
		fire(p, FSM_EV_TCP_FAILS);
		return;
	}
	fire(p, FSM_EV_TCP_CONFIRMED);
}

void sess_peer_fault(struct sess_peer *p, const struct lb_err *err)
{
	set_given(p, err);
	set_why(p, err->reason);
	fire(p, FSM_EV_UPDATE_ERR);
}

int sess_peer_send(struct sess_peer *p, const uint8_t *msg, size_t len)
{
	if (p->state != FSM_ESTABLISHED || !p->conn)
		return -1;
	return net_conn_send(p->conn, msg, len);
}

void sess_peer_counts(struct sess_peer *p, uint64_t *sent, uint64_t *rcvd)
{
	memcpy(sent, p->sent_msgs, sizeof(p->sent_msgs));
	memcpy(rcvd, p->rcvd_msgs, sizeof(p->rcvd_msgs));
	if (p->conn)
		net_conn_counts(p->conn, sent, rcvd);
}

size_t sess_peer_pending(const struct sess_peer *p)
{
	return p->conn ? net_conn_pending(p->conn) : 0;
}

void sess_peer_fini(struct sess_peer *p)
{
	p->stopped = true;
	alt_drop(p, 0);
	drop_tcp(p);
	uv_close((uv_handle_t *)&p->cr_timer, NULL);
	uv_close((uv_handle_t *)&p->hold_timer, NULL);
	uv_close((uv_handle_t *)&p->idle_timer, NULL);
	uv_close((uv_handle_t *)&p->send_hold_timer, NULL);
	uv_close((uv_handle_t *)&p->alt_timer, NULL);
}
