/* session/peer on loopback: two peers reach Established and a stop sends
 * Cease; a refused OPEN sends its NOTIFICATION; the open wait and the hold
 * timer expire on silent peers with 4/0; failed connects back off and give
 * up after tcp.attempts. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "session/peer.h"
#include "testutil.h"
#include "wire/message.h"

struct side {
	struct sess_peer p;
	uint16_t asn, hold;
	uint16_t expect_asn;          /* refuse an OPEN from another AS (2/2) */
	bool peer_gr;                 /* the peer's OPEN "had" Graceful Restart */
	int states[32];
	int nstates;
	char why[LB_ERR_REASON_MAX];
	uint8_t notif[2];             /* last NOTIFICATION received */
	size_t notif_len;             /* and its length */
	uint8_t notif_data[8];        /* and the first octets of its data */
	int updates, gave_up;
};

static int open_build(struct sess_peer *p, struct wbuf *w)
{
	struct side *s = p->data;

	wire_header_write(w, WIRE_MSG_OPEN, 29);
	wbuf_u8(w, 4);
	wbuf_u16(w, s->asn);
	wbuf_u16(w, s->hold);
	wbuf_u32(w, 0x7f000001u + s->asn);
	wbuf_u8(w, 0);
	return 0;
}

static int open_check(struct sess_peer *p, const uint8_t *msg, size_t len,
		      struct sess_open *o, struct lb_err *err)
{
	struct side *s = p->data;
	uint16_t asn = (uint16_t)(msg[20] << 8 | msg[21]);

	(void)len;
	if (s->expect_asn && asn != s->expect_asn)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 2, 20, "bad peer AS %u", asn);
	o->hold_time = (uint16_t)(msg[22] << 8 | msg[23]);
	o->bgp_id = (uint32_t)msg[24] << 24 | (uint32_t)msg[25] << 16 |
		    (uint32_t)msg[26] << 8 | msg[27];
	o->asn = asn;
	o->max_msg = 4096;
	o->graceful_restart = s->peer_gr;
	return 0;
}

static void received(struct sess_peer *p, const uint8_t *msg, size_t len)
{
	struct side *s = p->data;

	if (msg[18] == WIRE_MSG_NOTIFICATION && len >= 21) {
		memcpy(s->notif, msg + 19, 2);
		s->notif_len = len;
		memcpy(s->notif_data, msg + 21, len - 21 < 8 ? len - 21 : 8);
	}
}

static void process(struct sess_peer *p, const uint8_t *msg, size_t len)
{
	(void)msg, (void)len;
	((struct side *)p->data)->updates++;
}

static void state(struct sess_peer *p, enum fsm_state from, enum fsm_state to, const char *why)
{
	struct side *s = p->data;

	(void)from;
	if (s->nstates < 32)
		s->states[s->nstates++] = to;
	if (why)
		snprintf(s->why, sizeof(s->why), "%s", why);
}

static void given_up(struct sess_peer *p)
{
	((struct side *)p->data)->gave_up++;
}

static const struct sess_peer_ops ops = {
	.open_build = open_build, .open_check = open_check, .received = received,
	.process = process, .state = state, .given_up = given_up,
};

struct rig {
	uv_loop_t loop;
	struct net_ka ka;
	struct net_listener *l;
	int port;
	struct side a, b;            /* a connects, b is passive */
	int raw_fd;                  /* a raw accepted socket (no peer b) */
	bool raw;
};

static void accepted(struct net_listener *l, int fd, const struct sockaddr *peer,
		     const struct sockaddr *local)
{
	struct rig *g = l->data;

	(void)peer, (void)local;
	if (g->raw)
		g->raw_fd = fd;
	else
		sess_peer_accept(&g->b.p, fd);
}

static void run_until(struct rig *g, bool (*done)(struct rig *), unsigned ms)
{
	uint64_t end = net_now_ms() + ms;

	while (!done(g) && net_now_ms() < end) {
		uv_run(&g->loop, UV_RUN_NOWAIT);
		usleep(1000);
	}
}

static struct sess_peer_cfg cfg_for(int port, uint16_t hold, bool passive)
{
	struct sess_peer_cfg c;

	memset(&c, 0, sizeof(c));
	net_addr_parse("127.0.0.1", port, &c.remote);
	c.local.ss_family = AF_UNSPEC;
	c.passive = passive;
	c.hold_time = hold;
	c.connect_retry_ms = 1000;
	c.backoff_ms = 50;
	c.backoff_max_ms = 400;
	c.openwait_ms = 60000;
	return c;
}

static void rig_init(struct rig *g, bool raw)
{
	struct sockaddr_storage ss;
	struct lb_err err;
	socklen_t len = sizeof(ss);
	int fd;

	memset(g, 0, sizeof(*g));
	g->raw = raw;
	g->raw_fd = -1;
	assert_int_equal(uv_loop_init(&g->loop), 0);
	assert_int_equal(net_ka_init(&g->ka, &g->loop), 0);
	net_addr_parse("127.0.0.1", 0, &ss);
	assert_int_equal(net_tcp_listen((struct sockaddr *)&ss, &fd, &err), 0);
	getsockname(fd, (struct sockaddr *)&ss, &len);
	g->port = net_addr_port((struct sockaddr *)&ss);
	g->l = malloc(sizeof(*g->l));
	g->l->data = g;
	g->l->accepted = accepted;
	assert_int_equal(net_listener_init(g->l, &g->loop, fd, &err), 0);
}

static void side_init(struct rig *g, struct side *s, uint16_t asn, uint16_t hold,
		      bool passive)
{
	struct sess_peer_cfg c = cfg_for(g->port, hold, passive);

	s->asn = asn;
	s->hold = hold;
	sess_peer_init(&s->p, &g->loop, &g->ka, &c, &ops, s);
}

static void rig_fini(struct rig *g)
{
	sess_peer_fini(&g->a.p);
	sess_peer_fini(&g->b.p);
	if (g->raw_fd >= 0)
		close(g->raw_fd);
	net_listener_free(g->l);
	net_ka_fini(&g->ka);
	uv_run(&g->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&g->loop), 0);
}

static bool both_up(struct rig *g)
{
	return g->a.p.state == FSM_ESTABLISHED && g->b.p.state == FSM_ESTABLISHED;
}

static bool b_notified(struct rig *g)
{
	return g->b.notif[0] != 0 && g->b.p.state == FSM_ACTIVE;
}

static void test_established_then_stop(void **state_)
{
	struct rig g;
	static const uint8_t text[] = { 4, 'b', 'y', 'e', '!' };
	uint8_t update[23];
	struct wbuf w;

	(void)state_;
	rig_init(&g, false);
	side_init(&g, &g.a, 65001, 30, false);
	side_init(&g, &g.b, 65002, 90, true);
	sess_peer_start(&g.b.p);
	assert_int_equal(g.b.p.state, FSM_ACTIVE);
	sess_peer_start(&g.a.p);
	run_until(&g, both_up, 3000);
	assert_true(both_up(&g));
	/* a: Connect, OpenSent, OpenConfirm, Established */
	assert_int_equal(g.a.nstates, 4);
	assert_int_equal(g.a.states[0], FSM_CONNECT);
	assert_int_equal(g.a.states[1], FSM_OPENSENT);
	assert_int_equal(g.a.states[2], FSM_OPENCONFIRM);
	assert_int_equal(g.a.states[3], FSM_ESTABLISHED);
	/* RFC 4271 §4.2: the smaller hold time wins on both sides */
	assert_int_equal(g.a.p.hold_ms, 30000);
	assert_int_equal(g.b.p.hold_ms, 30000);
	/* RFC 4271 §10: KEEPALIVEs every third of the negotiated hold time */
	assert_int_equal(g.a.p.conn->ka_interval_ms, 10000);
	assert_int_equal(g.b.p.conn->ka_interval_ms, 10000);
	assert_int_equal(g.b.p.open.bgp_id, 0x7f000001u + 65001);

	/* an empty UPDATE reaches b's process() */
	wbuf_init(&w, 23);
	wire_header_write(&w, WIRE_MSG_UPDATE, 23);
	wbuf_u16(&w, 0);
	wbuf_u16(&w, 0);
	memcpy(update, w.data, 23);
	wbuf_fini(&w);
	assert_int_equal(sess_peer_send(&g.a.p, update, 23), 0);
	while (g.b.updates == 0 && g.b.p.state == FSM_ESTABLISHED)
		uv_run(&g.loop, UV_RUN_ONCE);
	assert_int_equal(g.b.updates, 1);

	/* RFC 9003 shutdown communication in Cease 6/2 */
	sess_peer_stop(&g.a.p, 2, text, sizeof(text));
	assert_int_equal(g.a.p.state, FSM_IDLE);
	assert_string_equal(g.a.why, "stopped");
	run_until(&g, b_notified, 3000);
	assert_int_equal(g.b.notif[0], 6);
	assert_int_equal(g.b.notif[1], 2);
	assert_string_equal(g.b.why, "notification received (6/2)");
	/* a passive peer goes back to waiting by itself */
	assert_int_equal(g.b.p.state, FSM_ACTIVE);
	/* a stopped peer does not come back, and sends nothing more */
	assert_int_equal(sess_peer_send(&g.a.p, update, 23), -1);
	rig_fini(&g);
}

/* RELIABILITY.md §1.5: NOTIFICATION data larger than a message can hold
 * (an oversized attribute quoted back, FRRouting/frr#9372) is cut so the
 * NOTIFICATION fits; the first octets are the attribute's. */
static void test_notification_data_fits(void **state_)
{
	static uint8_t big[6000];
	struct rig g;
	struct lb_err err;

	(void)state_;
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	rig_init(&g, false);
	side_init(&g, &g.a, 65001, 30, false);
	side_init(&g, &g.b, 65002, 30, true);
	sess_peer_start(&g.b.p);
	sess_peer_start(&g.a.p);
	run_until(&g, both_up, 3000);
	assert_true(both_up(&g));
	lb_err_clear(&err);
	lb_err_set(&err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 1, 23, "an oversized attribute");
	lb_err_data_view(&err, big, sizeof(big));
	sess_peer_fault(&g.a.p, &err);
	run_until(&g, b_notified, 3000);
	assert_int_equal(g.b.notif[0], 3);
	assert_int_equal(g.b.notif[1], 1);
	assert_true(g.b.notif_len > 21);
	assert_true(g.b.notif_len <= 4096);
	assert_bytes(big, 8, g.b.notif_data, 8);
	rig_fini(&g);
}

static bool a_refused(struct rig *g)
{
	return g->a.notif[0] != 0;
}

static void test_open_refused(void **state_)
{
	struct rig g;

	(void)state_;
	rig_init(&g, false);
	side_init(&g, &g.a, 65001, 30, false);
	side_init(&g, &g.b, 65002, 30, true);
	g.b.expect_asn = 65009;
	sess_peer_start(&g.b.p);
	sess_peer_start(&g.a.p);
	run_until(&g, a_refused, 3000);
	/* b answered a's OPEN with 2/2 and went back to waiting */
	assert_int_equal(g.a.notif[0], 2);
	assert_int_equal(g.a.notif[1], 2);
	assert_string_equal(g.b.why, "bad peer AS 65001");
	assert_int_not_equal(g.b.p.state, FSM_ESTABLISHED);
	assert_int_not_equal(g.a.p.state, FSM_ESTABLISHED);
	rig_fini(&g);
}

static bool a_idle_with_why(struct rig *g)
{
	return g->a.why[0] != 0;
}

/* What the raw side read: the last NOTIFICATION's code and subcode. */
static void raw_notification(int fd, uint8_t *code, uint8_t *sub)
{
	uint8_t buf[4096];
	ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	size_t off = 0;

	*code = *sub = 0;
	while (n > 0 && off + 19 <= (size_t)n) {
		size_t len = (size_t)(buf[off + 16] << 8 | buf[off + 17]);

		if (len < 19 || off + len > (size_t)n)
			break;
		if (buf[off + 18] == WIRE_MSG_NOTIFICATION) {
			*code = buf[off + 19];
			*sub = buf[off + 20];
		}
		off += len;
	}
}

static void test_open_wait_expires(void **state_)
{
	struct rig g;
	struct sess_peer_cfg c;
	uint8_t code, sub;
	uint64_t t0;

	(void)state_;
	rig_init(&g, true);
	c = cfg_for(g.port, 30, false);
	c.openwait_ms = 300;
	c.attempts = 1;
	g.a.asn = 65001;
	g.a.hold = 30;
	sess_peer_init(&g.a.p, &g.loop, &g.ka, &c, &ops, &g.a);
	side_init(&g, &g.b, 65002, 30, true);
	t0 = net_now_ms();
	sess_peer_start(&g.a.p);
	run_until(&g, a_idle_with_why, 3000);
	assert_string_equal(g.a.why, "no OPEN received within the open wait time");
	assert_true(net_now_ms() - t0 >= 300);
	assert_int_equal(g.a.p.state, FSM_IDLE);
	/* one attempt allowed: it gave up instead of starting again */
	assert_int_equal(g.a.gave_up, 1);
	raw_notification(g.raw_fd, &code, &sub);
	assert_int_equal(code, 4);
	assert_int_equal(sub, 0);
	rig_fini(&g);
}

static bool a_established(struct rig *g)
{
	return g->a.p.state == FSM_ESTABLISHED;
}

/* The raw side answers a's OPEN with an OPEN (hold 3 s) and a KEEPALIVE,
 * then says nothing: a's HoldTimer expires after 3 s with 4/0. */
static void test_hold_timer_expires(void **state_)
{
	static const uint8_t open[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0, 29, 1, 4, 0xfd, 0xe9, 0, 3, 10, 0, 0, 9, 0,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0, 19, 4,
	};
	struct rig g;
	uint8_t code, sub;
	uint64_t t0;

	(void)state_;
	rig_init(&g, true);
	side_init(&g, &g.a, 65001, 30, false);
	side_init(&g, &g.b, 65002, 30, true);
	sess_peer_start(&g.a.p);
	while (g.raw_fd < 0)
		uv_run(&g.loop, UV_RUN_ONCE);
	assert_int_equal(write(g.raw_fd, open, sizeof(open)), (ssize_t)sizeof(open));
	run_until(&g, a_established, 3000);
	assert_int_equal(g.a.p.state, FSM_ESTABLISHED);
	assert_int_equal(g.a.p.hold_ms, 3000);
	/* RFC 4271 §10: hold/3, and §4.4: never more than one a second */
	assert_int_equal(g.a.p.conn->ka_interval_ms, 1000);
	t0 = net_now_ms();
	run_until(&g, a_idle_with_why, 6000);
	assert_string_equal(g.a.why, "hold timer expired");
	assert_true(net_now_ms() - t0 >= 2900);
	/* its KEEPALIVEs (every second) did not keep the session up */
	raw_notification(g.raw_fd, &code, &sub);
	assert_int_equal(code, 4);
	assert_int_equal(sub, 0);
	rig_fini(&g);
}

/* Messages of type `type` among what the raw side can read now. */
static int raw_count(int fd, uint8_t type)
{
	uint8_t buf[4096];
	ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	size_t off = 0;
	int count = 0;

	while (n > 0 && off + 19 <= (size_t)n) {
		size_t len = (size_t)(buf[off + 16] << 8 | buf[off + 17]);

		if (len < 19 || off + len > (size_t)n)
			break;
		count += buf[off + 18] == type;
		off += len;
	}
	return count;
}

/* RELIABILITY.md §1.10 T2: a hold time of 0 from either side (RFC 4271
 * §4.2: the smaller one is used) means no HoldTimer and no KEEPALIVEs:
 * the session stays up in silence. */
static void test_hold_zero(void **state_)
{
	static const uint8_t open[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0, 29, 1, 4, 0xfd, 0xe9, 0, 0, 10, 0, 0, 9, 0,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0, 19, 4,
	};
	struct rig g;

	(void)state_;
	rig_init(&g, true);
	side_init(&g, &g.a, 65001, 30, false);
	side_init(&g, &g.b, 65002, 30, true);
	sess_peer_start(&g.a.p);
	while (g.raw_fd < 0)
		uv_run(&g.loop, UV_RUN_ONCE);
	assert_int_equal(write(g.raw_fd, open, sizeof(open)), (ssize_t)sizeof(open));
	run_until(&g, a_established, 3000);
	assert_int_equal(g.a.p.state, FSM_ESTABLISHED);
	assert_int_equal(g.a.p.hold_ms, 0);
	assert_null(g.a.p.conn->ka);
	/* longer than the shortest KEEPALIVE interval (1 s, §4.4) */
	run_until(&g, a_idle_with_why, 1500);
	assert_int_equal(g.a.p.state, FSM_ESTABLISHED);
	assert_int_equal(atomic_load(&g.ka.sent), 0);
	/* the one KEEPALIVE that confirms the OPEN (§8.2.2), no other */
	assert_int_equal(raw_count(g.raw_fd, WIRE_MSG_KEEPALIVE), 1);
	rig_fini(&g);
}

/* A second connection from the peer's address, as a listener hands it
 * over. */
static int raw_connect(int port)
{
	struct sockaddr_storage ss;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	net_addr_parse("127.0.0.1", port, &ss);
	assert_int_equal(connect(fd, (struct sockaddr *)&ss, sizeof(struct sockaddr_in)), 0);
	return fd;
}

/* Run the loop until fd is closed by the other end (recv returns 0) or
 * 2 seconds pass; what was read first goes to first. */
static ssize_t run_until_closed(struct rig *g, int fd, uint8_t *first, size_t cap)
{
	uint64_t end = net_now_ms() + 2000;
	ssize_t got = 0, n;

	while (net_now_ms() < end) {
		uv_run(&g->loop, UV_RUN_NOWAIT);
		n = recv(fd, first + got, cap - (size_t)got, MSG_DONTWAIT);
		if (n == 0)
			return got;
		if (n > 0)
			got += n;
		usleep(1000);
	}
	return -1;
}

/* RELIABILITY.md §1.10 T7: RFC 4271 §6.8, a connection collision with an
 * Established session closes the new connection; the session stays. */
static void test_collision_with_established(void **state_)
{
	struct rig g;
	uint8_t buf[4096];
	int fd;

	(void)state_;
	rig_init(&g, false);
	side_init(&g, &g.a, 65001, 30, false);
	side_init(&g, &g.b, 65002, 30, true);
	sess_peer_start(&g.b.p);
	sess_peer_start(&g.a.p);
	run_until(&g, both_up, 3000);
	assert_true(both_up(&g));
	fd = raw_connect(g.port);
	/* closed without a word: no OPEN, no NOTIFICATION */
	assert_int_equal(run_until_closed(&g, fd, buf, sizeof(buf)), 0);
	close(fd);
	assert_true(both_up(&g));
	/* Active, OpenSent, OpenConfirm, Established: nothing since */
	assert_int_equal(g.b.nstates, 4);
	rig_fini(&g);
}

static bool b_established(struct rig *g)
{
	return g->b.p.state == FSM_ESTABLISHED;
}

static bool b_no_alt(struct rig *g)
{
	return g->b.p.alt == NULL;
}

static bool b_opensent(struct rig *g)
{
	return g->b.p.state == FSM_OPENSENT;
}

static bool b_idle_with_why(struct rig *g)
{
	return g->b.why[0] != 0;
}

/* A peer not started yet (tcp.delay, or before the daemon runs) takes no
 * connection: it is closed, and the peer stays Idle without one. */
static void test_not_started_refuses(void **state_)
{
	struct rig g;
	uint8_t buf[64];
	int fd;

	(void)state_;
	rig_init(&g, false);
	side_init(&g, &g.a, 65001, 30, false);
	side_init(&g, &g.b, 65002, 30, true);
	fd = raw_connect(g.port);
	assert_int_equal(run_until_closed(&g, fd, buf, sizeof(buf)), 0);
	close(fd);
	assert_int_equal(g.b.p.state, FSM_IDLE);
	assert_null(g.b.p.conn);
	assert_int_equal(g.b.nstates, 0);
	rig_fini(&g);
}

/* RELIABILITY.md §1.10 T14: a peer without a session cannot collide.  b
 * connects to a closed port and waits out its back-off in Idle; the
 * peer's own connection arriving then is adopted and gets our OPEN. */
static void test_idle_adopts_a_connection(void **state_)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct sess_peer_cfg c;
	struct lb_err err;
	struct rig g;
	int fd, opens = 0;

	(void)state_;
	rig_init(&g, false);
	/* a port nobody listens on: a listener's, once closed */
	net_addr_parse("127.0.0.1", 0, &ss);
	assert_int_equal(net_tcp_listen((struct sockaddr *)&ss, &fd, &err), 0);
	getsockname(fd, (struct sockaddr *)&ss, &len);
	c = cfg_for(net_addr_port((struct sockaddr *)&ss), 30, false);
	close(fd);
	c.backoff_ms = c.backoff_max_ms = 60000;
	g.b.asn = 65002;
	g.b.hold = 30;
	sess_peer_init(&g.b.p, &g.loop, &g.ka, &c, &ops, &g.b);
	side_init(&g, &g.a, 65001, 30, true);
	sess_peer_start(&g.b.p);
	run_until(&g, b_idle_with_why, 2000);
	assert_int_equal(g.b.p.state, FSM_IDLE);
	fd = raw_connect(g.port);
	run_until(&g, b_opensent, 2000);
	assert_int_equal(g.b.p.state, FSM_OPENSENT);
	assert_false(g.b.p.conn_out);
	for (uint64_t end = net_now_ms() + 1000; opens == 0 && net_now_ms() < end;) {
		uv_run(&g.loop, UV_RUN_NOWAIT);
		opens = raw_count(fd, WIRE_MSG_OPEN);
	}
	assert_int_equal(opens, 1);
	close(fd);
	rig_fini(&g);
}

/* RELIABILITY.md §1.8 G10: RFC 4724 §4.2, a new connection from a peer
 * that advertised Graceful Restart on its Established session means it
 * restarted: the old session is closed without a NOTIFICATION and the new
 * connection gets our OPEN. */
static void test_restart_with_graceful_restart(void **state_)
{
	struct rig g;
	int fd, opens = 0;

	(void)state_;
	rig_init(&g, false);
	side_init(&g, &g.a, 65001, 30, false);
	side_init(&g, &g.b, 65002, 30, true);
	g.b.peer_gr = true;
	sess_peer_start(&g.b.p);
	sess_peer_start(&g.a.p);
	run_until(&g, both_up, 3000);
	assert_true(both_up(&g));
	fd = raw_connect(g.port);
	run_until(&g, b_opensent, 2000);
	assert_int_equal(g.b.p.state, FSM_OPENSENT);
	assert_false(g.b.p.conn_out);
	assert_string_equal(g.b.why, "peer restarted: new connection (graceful restart)");
	/* Established, then Idle, Active and OpenSent on the new one */
	assert_int_equal(g.b.nstates, 7);
	assert_int_equal(g.b.states[4], FSM_IDLE);
	assert_int_equal(g.b.states[6], FSM_OPENSENT);
	for (uint64_t end = net_now_ms() + 1000; opens == 0 && net_now_ms() < end;) {
		uv_run(&g.loop, UV_RUN_NOWAIT);
		opens = raw_count(fd, WIRE_MSG_OPEN);
	}
	assert_int_equal(opens, 1);
	/* a lost its connection, with no NOTIFICATION */
	assert_int_not_equal(g.a.p.state, FSM_ESTABLISHED);
	assert_int_equal(g.a.notif[0], 0);
	close(fd);
	rig_fini(&g);
}

/* RELIABILITY.md §1.10 T8: RFC 9687, the peer answers the OPEN and then
 * stops reading: once nothing could be written for SendHoldTime (1.5 s
 * here) while bytes wait, the session ends ("Send Hold Timer Expired",
 * 8/0, queued behind what the peer never read). */
static void test_send_hold_timer_expires(void **state_)
{
	static const uint8_t open[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0, 29, 1, 4, 0xfd, 0xe9, 0, 30, 10, 0, 0, 9, 0,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0, 19, 4,
	};
	static uint8_t update[4096];
	struct sess_peer_cfg c;
	struct rig g;
	uint64_t t0;

	(void)state_;
	rig_init(&g, true);
	c = cfg_for(g.port, 30, false);
	c.send_hold_ms = 1500;
	c.attempts = 1;
	g.a.asn = 65001;
	g.a.hold = 30;
	sess_peer_init(&g.a.p, &g.loop, &g.ka, &c, &ops, &g.a);
	side_init(&g, &g.b, 65002, 30, true);
	sess_peer_start(&g.a.p);
	while (g.raw_fd < 0)
		uv_run(&g.loop, UV_RUN_ONCE);
	assert_int_equal(write(g.raw_fd, open, sizeof(open)), (ssize_t)sizeof(open));
	run_until(&g, a_established, 3000);
	assert_int_equal(g.a.p.state, FSM_ESTABLISHED);
	/* §3: by default the greater of 8 minutes and twice the hold time */
	assert_int_equal(g.a.p.send_hold_ms, 1500);
	/* more than the two sockets' buffers hold: 32 MB the peer never reads */
	memset(update, 0xff, 16);
	update[16] = 0x10;
	update[17] = 0x00;
	update[18] = WIRE_MSG_UPDATE;
	for (int i = 0; i < 8192; i++)
		assert_int_equal(sess_peer_send(&g.a.p, update, sizeof(update)), 0);
	assert_true(sess_peer_pending(&g.a.p) > 0);
	t0 = net_now_ms();
	run_until(&g, a_idle_with_why, 5000);
	assert_string_equal(g.a.why, "send hold timer expired");
	assert_int_equal(g.a.p.state, FSM_IDLE);
	assert_true(net_now_ms() - t0 <= 3000);
	rig_fini(&g);
}

/* RFC 9687 §3: the default SendHoldTime, and none with a hold time of 0. */
static void test_send_hold_default(void **state_)
{
	struct rig g;

	(void)state_;
	rig_init(&g, false);
	side_init(&g, &g.a, 65001, 300, false);
	side_init(&g, &g.b, 65002, 300, true);
	sess_peer_start(&g.b.p);
	sess_peer_start(&g.a.p);
	run_until(&g, both_up, 3000);
	assert_true(both_up(&g));
	/* twice 300 s is more than 8 minutes */
	assert_int_equal(g.a.p.send_hold_ms, 600000);
	assert_true(uv_is_active((uv_handle_t *)&g.a.p.send_hold_timer));
	rig_fini(&g);

	rig_init(&g, false);
	side_init(&g, &g.a, 65001, 30, false);
	side_init(&g, &g.b, 65002, 0, true);
	sess_peer_start(&g.b.p);
	sess_peer_start(&g.a.p);
	run_until(&g, both_up, 3000);
	assert_true(both_up(&g));
	assert_false(uv_is_active((uv_handle_t *)&g.a.p.send_hold_timer));
	rig_fini(&g);

	rig_init(&g, false);
	side_init(&g, &g.a, 65001, 30, false);
	side_init(&g, &g.b, 65002, 30, true);
	sess_peer_start(&g.b.p);
	sess_peer_start(&g.a.p);
	run_until(&g, both_up, 3000);
	assert_int_equal(g.a.p.send_hold_ms, 480000);
	rig_fini(&g);
}

static bool a_gave_up(struct rig *g)
{
	return g->a.gave_up > 0;
}

static void test_backoff_and_attempts(void **state_)
{
	struct rig g;
	struct sess_peer_cfg c;
	uint64_t t0;

	(void)state_;
	rig_init(&g, true);
	/* a port nobody listens on: the listener's, once closed */
	c = cfg_for(g.port, 30, false);
	net_listener_free(g.l);
	g.l = NULL;
	c.attempts = 4;
	g.a.asn = 65001;
	sess_peer_init(&g.a.p, &g.loop, &g.ka, &c, &ops, &g.a);
	side_init(&g, &g.b, 65002, 30, true);
	t0 = net_now_ms();
	sess_peer_start(&g.a.p);
	run_until(&g, a_gave_up, 5000);
	assert_int_equal(g.a.gave_up, 1);
	assert_int_equal(g.a.p.attempts_made, 4);
	/* waits of 50, 100 and 200 ms between the four attempts */
	/* with RFC 4271 §10's jitter (a factor of 0.75 to 1) */
	assert_true(net_now_ms() - t0 >= 262);
	assert_int_equal(g.a.p.state, FSM_IDLE);
	sess_peer_fini(&g.a.p);
	sess_peer_fini(&g.b.p);
	net_ka_fini(&g.ka);
	uv_run(&g.loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&g.loop), 0);
}

/* --- collisions (RELIABILITY.md §1.10 T9-T11, RFC 4271 §6.8) ----------- */

/* b connects to a raw listener (the peer) and sits in OpenSent; the peer's
 * own connection comes to b's listener. */
struct clash {
	struct rig g;
	int lfd;                      /* the peer's listener */
	int ours;                     /* b's connection, the peer's end */
	int theirs;                   /* the peer's connection */
};

static void raw_open(int fd, uint16_t asn, uint32_t id)
{
	uint8_t m[29];

	memset(m, 0xff, 16);
	m[16] = 0, m[17] = 29, m[18] = WIRE_MSG_OPEN, m[19] = 4;
	m[20] = (uint8_t)(asn >> 8), m[21] = (uint8_t)asn, m[22] = 0, m[23] = 30;
	m[24] = (uint8_t)(id >> 24), m[25] = (uint8_t)(id >> 16);
	m[26] = (uint8_t)(id >> 8), m[27] = (uint8_t)id, m[28] = 0;
	assert_int_equal(write(fd, m, sizeof(m)), (ssize_t)sizeof(m));
}

static void raw_simple(int fd, uint8_t type, uint8_t code, uint8_t sub)
{
	uint8_t m[21];
	size_t n = type == WIRE_MSG_NOTIFICATION ? 21 : 19;

	memset(m, 0xff, 16);
	m[16] = 0, m[17] = (uint8_t)n, m[18] = type, m[19] = code, m[20] = sub;
	assert_int_equal(write(fd, m, n), (ssize_t)n);
}

/* Run the loop until fd has `want` whole messages or is closed (2 s at
 * most): their types in order; *closed when the other end closed. */
static int raw_read(struct rig *g, int fd, uint8_t *types, int want, uint8_t notif[2],
		    bool *closed)
{
	uint8_t buf[8192];
	size_t got = 0, off = 0;
	uint64_t end = net_now_ms() + 2000;
	int n = 0;

	*closed = false;
	while (n < want && !*closed && net_now_ms() < end) {
		ssize_t r;

		uv_run(&g->loop, UV_RUN_NOWAIT);
		r = recv(fd, buf + got, sizeof(buf) - got, MSG_DONTWAIT);
		if (r == 0)
			*closed = true;
		if (r > 0)
			got += (size_t)r;
		while (n < want && off + 19 <= got &&
		       off + (size_t)(buf[off + 16] << 8 | buf[off + 17]) <= got) {
			types[n++] = buf[off + 18];
			if (buf[off + 18] == WIRE_MSG_NOTIFICATION)
				notif[0] = buf[off + 19], notif[1] = buf[off + 20];
			off += (size_t)(buf[off + 16] << 8 | buf[off + 17]);
		}
		usleep(1000);
	}
	return n;
}

static bool closed_by_b(struct rig *g, int fd)
{
	uint8_t types[4], notif[2];
	bool closed;

	raw_read(g, fd, types, 4, notif, &closed);
	return closed;
}

static void clash_init_wait(struct clash *k, uint32_t openwait_ms)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct sess_peer_cfg c;
	struct lb_err err;
	uint8_t types[1], notif[2];
	bool closed;
	uint64_t end;

	rig_init(&k->g, false);
	net_addr_parse("127.0.0.1", 0, &ss);
	assert_int_equal(net_tcp_listen((struct sockaddr *)&ss, &k->lfd, &err), 0);
	getsockname(k->lfd, (struct sockaddr *)&ss, &len);
	c = cfg_for(net_addr_port((struct sockaddr *)&ss), 30, false);
	c.openwait_ms = openwait_ms;
	/* what open_build writes for b */
	c.bgp_id = 0x7f000001u + 65002;
	c.asn = 65002;
	k->g.b.asn = 65002;
	k->g.b.hold = 30;
	sess_peer_init(&k->g.b.p, &k->g.loop, &k->g.ka, &c, &ops, &k->g.b);
	side_init(&k->g, &k->g.a, 65001, 30, true);
	sess_peer_start(&k->g.b.p);
	k->ours = -1;
	for (end = net_now_ms() + 2000; k->ours < 0 && net_now_ms() < end; usleep(1000)) {
		uv_run(&k->g.loop, UV_RUN_NOWAIT);
		k->ours = accept(k->lfd, NULL, NULL);
	}
	assert_true(k->ours >= 0);
	assert_int_equal(raw_read(&k->g, k->ours, types, 1, notif, &closed), 1);
	assert_int_equal(types[0], WIRE_MSG_OPEN);
	assert_int_equal(k->g.b.p.state, FSM_OPENSENT);
	/* the peer's connection: our OPEN goes on it too */
	k->theirs = raw_connect(k->g.port);
	assert_int_equal(raw_read(&k->g, k->theirs, types, 1, notif, &closed), 1);
	assert_int_equal(types[0], WIRE_MSG_OPEN);
	assert_non_null(k->g.b.p.alt);
	assert_int_equal(k->g.b.p.state, FSM_OPENSENT);
}

static void clash_init(struct clash *k)
{
	clash_init_wait(k, 60000);
}

static void clash_fini(struct clash *k)
{
	if (k->ours >= 0)
		close(k->ours);
	close(k->theirs);
	close(k->lfd);
	rig_fini(&k->g);
}

static bool went_idle(const struct side *s)
{
	for (int i = 0; i < s->nstates; i++)
		if (s->states[i] == FSM_IDLE)
			return true;
	return false;
}

/* The peer has the higher identifier: its connection stays, ours ends with
 * Cease 6/7 (T9, T10), and the session goes on without going Idle. */
static void test_collision_peer_wins(void **state_)
{
	struct clash k;
	uint8_t types[2], notif[2] = { 0, 0 };
	bool closed;

	(void)state_;
	clash_init(&k);
	raw_open(k.theirs, 65001, 0x7f000001u + 65002 + 1);
	assert_int_equal(raw_read(&k.g, k.ours, types, 2, notif, &closed), 1);
	assert_int_equal(types[0], WIRE_MSG_NOTIFICATION);
	assert_int_equal(notif[0], 6);
	assert_int_equal(notif[1], 7);
	assert_true(closed || closed_by_b(&k.g, k.ours));
	assert_int_equal(raw_read(&k.g, k.theirs, types, 1, notif, &closed), 1);
	assert_int_equal(types[0], WIRE_MSG_KEEPALIVE);
	assert_int_equal(k.g.b.p.state, FSM_OPENCONFIRM);
	assert_false(k.g.b.p.conn_out);
	assert_null(k.g.b.p.alt);
	raw_simple(k.theirs, WIRE_MSG_KEEPALIVE, 0, 0);
	run_until(&k.g, b_established, 2000);
	assert_int_equal(k.g.b.p.state, FSM_ESTABLISHED);
	assert_false(went_idle(&k.g.b));
	clash_fini(&k);
}

/* We have the higher identifier: the peer's connection ends with 6/7 and
 * ours goes on. */
static void test_collision_we_win(void **state_)
{
	struct clash k;
	uint8_t types[2], notif[2] = { 0, 0 };
	bool closed;

	(void)state_;
	clash_init(&k);
	raw_open(k.theirs, 65001, 0x7f000001u);
	assert_int_equal(raw_read(&k.g, k.theirs, types, 2, notif, &closed), 1);
	assert_int_equal(types[0], WIRE_MSG_NOTIFICATION);
	assert_int_equal(notif[0], 6);
	assert_int_equal(notif[1], 7);
	assert_true(closed || closed_by_b(&k.g, k.theirs));
	assert_null(k.g.b.p.alt);
	raw_open(k.ours, 65001, 0x7f000001u);
	assert_int_equal(raw_read(&k.g, k.ours, types, 1, notif, &closed), 1);
	assert_int_equal(types[0], WIRE_MSG_KEEPALIVE);
	assert_int_equal(k.g.b.p.state, FSM_OPENCONFIRM);
	assert_true(k.g.b.p.conn_out);
	assert_false(went_idle(&k.g.b));
	clash_fini(&k);
}

/* Equal identifiers (RFC 6286 §2.3): the larger AS wins, here the peer's (T11). */
static void test_collision_same_identifier(void **state_)
{
	struct clash k;
	uint8_t types[2], notif[2] = { 0, 0 };
	bool closed;

	(void)state_;
	clash_init(&k);
	raw_open(k.theirs, 65003, 0x7f000001u + 65002);
	assert_int_equal(raw_read(&k.g, k.ours, types, 1, notif, &closed), 1);
	assert_int_equal(types[0], WIRE_MSG_NOTIFICATION);
	assert_int_equal(notif[1], 7);
	assert_int_equal(raw_read(&k.g, k.theirs, types, 1, notif, &closed), 1);
	assert_int_equal(types[0], WIRE_MSG_KEEPALIVE);
	assert_false(k.g.b.p.conn_out);
	clash_fini(&k);
}

static bool b_opens_confirmed(struct rig *g)
{
	return g->b.p.state == FSM_OPENCONFIRM;
}

/* The peer's second connection never sends its OPEN: the open wait ends
 * it (4/0), and the session on ours goes on. */
static void test_collision_silent_second(void **state_)
{
	struct clash k;
	uint8_t types[2], notif[2] = { 0, 0 };
	bool closed;

	(void)state_;
	clash_init_wait(&k, 300);
	raw_open(k.ours, 65001, 0x7f000001u);
	run_until(&k.g, b_opens_confirmed, 2000);
	assert_int_equal(k.g.b.p.state, FSM_OPENCONFIRM);
	assert_int_equal(raw_read(&k.g, k.theirs, types, 2, notif, &closed), 1);
	assert_int_equal(types[0], WIRE_MSG_NOTIFICATION);
	assert_int_equal(notif[0], 4);
	assert_int_equal(notif[1], 0);
	assert_null(k.g.b.p.alt);
	assert_int_equal(k.g.b.p.state, FSM_OPENCONFIRM);
	clash_fini(&k);
}

/* The race of two speakers resolving the same collision: the peer, the
 * winner, closes our connection with 6/7 before its OPEN on its own one
 * reaches us.  That connection takes over; nothing goes Idle. */
static void test_collision_peer_closes_ours_first(void **state_)
{
	struct clash k;
	uint8_t types[2], notif[2] = { 0, 0 };
	bool closed;

	(void)state_;
	clash_init(&k);
	raw_simple(k.ours, WIRE_MSG_NOTIFICATION, 6, 7);
	close(k.ours);
	run_until(&k.g, b_no_alt, 2000);
	assert_null(k.g.b.p.alt);
	assert_false(k.g.b.p.conn_out);
	assert_int_equal(k.g.b.p.state, FSM_OPENSENT);
	raw_open(k.theirs, 65001, 0x7f000001u + 65002 + 1);
	assert_int_equal(raw_read(&k.g, k.theirs, types, 1, notif, &closed), 1);
	assert_int_equal(types[0], WIRE_MSG_KEEPALIVE);
	assert_int_equal(k.g.b.p.state, FSM_OPENCONFIRM);
	assert_false(went_idle(&k.g.b));
	k.ours = -1;
	clash_fini(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_established_then_stop),
		cmocka_unit_test(test_notification_data_fits),
		cmocka_unit_test(test_open_refused),
		cmocka_unit_test(test_open_wait_expires),
		cmocka_unit_test(test_hold_timer_expires),
		cmocka_unit_test(test_backoff_and_attempts),
		cmocka_unit_test(test_hold_zero),
		cmocka_unit_test(test_collision_with_established),
		cmocka_unit_test(test_collision_peer_wins),
		cmocka_unit_test(test_collision_we_win),
		cmocka_unit_test(test_collision_same_identifier),
		cmocka_unit_test(test_collision_peer_closes_ours_first),
		cmocka_unit_test(test_collision_silent_second),
		cmocka_unit_test(test_restart_with_graceful_restart),
		cmocka_unit_test(test_idle_adopts_a_connection),
		cmocka_unit_test(test_not_started_refuses),
		cmocka_unit_test(test_send_hold_timer_expires),
		cmocka_unit_test(test_send_hold_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
