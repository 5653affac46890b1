/* speaker: two speakers on loopback.  A connects to B, the OPENs are
 * negotiated (families intersected), A's routes go out packed from its
 * Adj-RIB-Out followed by End-of-RIB, a ROUTE-REFRESH from B gets them
 * again, a malformed UPDATE resets the session with its NOTIFICATION, and
 * a shutdown sends Cease. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "speaker/speaker.h"
#include "testutil.h"
#include "wire/message.h"

#define MARKER "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

/* AS 65001, hold 30, 1.1.1.1: ipv4 unicast, 4-octet AS */
static const char OPEN_A[] = MARKER "002D01" "04FDE9001E01010101" "10"
			     "0206010400010001" "020641040000FDE9";
/* the same, offering ipv6 unicast too */
static const char OPEN_A6[] = MARKER "003501" "04FDE9001E01010101" "18"
			      "0206010400010001" "0206010400020001" "020641040000FDE9";
/* OPEN_A with Graceful Restart, 120 s, no family (RFC 4724 §3) */
static const char OPEN_A_GR[] = MARKER "003301" "04FDE9001E01010101" "16" "0206010400010001"
				"020641040000FDE9" "020440020078";
/* OPEN_A with Graceful Restart: Restart Time 1 s (or 5 s), ipv4 unicast
 * with its forwarding state kept (F bit) */
static const char OPEN_A_GR1[] = MARKER "003701" "04FDE9001E01010101" "1A" "0206010400010001"
				 "020641040000FDE9" "0208400600010001" "0180";
static const char OPEN_A_GR5[] = MARKER "003701" "04FDE9001E01010101" "1A" "0206010400010001"
				 "020641040000FDE9" "0208400600050001" "0180";
/* the same, ipv4 unicast without the F bit: its state was not kept */
static const char OPEN_A_GR5_NOF[] = MARKER "003701" "04FDE9001E01010101" "1A"
				     "0206010400010001" "020641040000FDE9" "0208400600050001"
				     "0100";
/* AS 65002, hold 90, 2.2.2.2: ipv4 and ipv6 unicast, 4-octet AS */
static const char OPEN_B[] = MARKER "003501" "04FDEA005A02020202" "18"
			     "0206010400010001" "0206010400020001" "020641040000FDEA";
/* OPEN_B without the 4-octet AS capability: a 2-octet speaker */
static const char OPEN_B_AS2[] = MARKER "002D01" "04FDEA005A02020202" "10" "0206010400010001"
				 "0206010400020001";
/* OPEN_A and OPEN_B_AS2 with ADD-PATH send/receive for ipv4 unicast */
static const char OPEN_A_AP[] = MARKER "003501" "04FDE9001E01010101" "18" "0206010400010001"
				"020641040000FDE9" "0206450400010103";
static const char OPEN_B_AS2_AP[] = MARKER "003501" "04FDEA005A02020202" "18"
				    "0206010400010001" "0206010400020001" "0206450400010103";
/* OPEN_B with Graceful Restart, 120 s, no family */
static const char OPEN_B_GR[] = MARKER "003B01" "04FDEA005A02020202" "1E" "0206010400010001"
				"0206010400020001" "020641040000FDEA" "020440020078";
/* origin igp, as-path [ 65001 ], next-hop 127.0.0.1: 10.0.0.0/24 10.0.1.0/24 */
static const char ROUTES[] = MARKER "003302" "0000" "0014" "40010100" "400206020100 00FDE9"
			     "4003047F000001" "180A0000" "180A0001";

struct side {
	struct spk sp;
	struct spk_nb *nb;
	int updates, eors, up, down;
	int updates_at_eor;           /* updates before the first End-of-RIB */
	uint64_t eor_fams;            /* families of the End-of-RIBs received */
	uint64_t families;            /* expected negotiated (0: ipv4 unicast) */
	uint8_t last_update[4096];
	size_t last_len;
	uint8_t notif[2];
	char why[LB_ERR_REASON_MAX];
	bool announce;                /* feed ROUTES when established */
	int exports;                  /* UPDATEs handed to the export policy */
	bool export_fails;            /* ops->export refuses them */
	uint32_t export_gen;
	uint8_t export_msg[4096];     /* the last one */
	size_t export_len;
	uint8_t exported[4][256];     /* the first four, when they fit */
	size_t exported_len[4];
};

static void established(struct spk_nb *nb, const struct sess_negotiated *n)
{
	struct side *s = nb->sp->data;
	uint8_t msg[4096];
	size_t len;
	struct lb_err err;

	/* ipv6 unicast was offered by B only, unless A's OPEN is OPEN_A6 */
	assert_int_equal(n->ctx.families,
			 s->families ? s->families : WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST));
	assert_int_equal(n->hold_time, 30);
	if (s->announce) {
		len = tu_hex(ROUTES, msg, sizeof(msg));
		assert_int_equal(spk_announce(nb, msg, len, &err), 0);
	}
}

static void state(struct spk_nb *nb, enum fsm_state from, enum fsm_state to, const char *why)
{
	struct side *s = nb->sp->data;

	if (to == FSM_ESTABLISHED)
		s->up++;
	if (from == FSM_ESTABLISHED) {
		s->down++;
		snprintf(s->why, sizeof(s->why), "%s", why ? why : "");
	}
}

static void received(struct spk_nb *nb, const uint8_t *msg, size_t len,
		     const struct wire_update *u)
{
	struct side *s = nb->sp->data;

	if (msg[18] == WIRE_MSG_NOTIFICATION && len >= 21)
		memcpy(s->notif, msg + 19, 2);
	if (!u)
		return;
	if (u->eor) {
		if (s->eors++ == 0)
			s->updates_at_eor = s->updates;
		if (u->eor_fam < WIRE_FAM_COUNT)
			s->eor_fams |= WIRE_FAM_BIT(u->eor_fam);
		return;
	}
	s->updates++;
	memcpy(s->last_update, msg, len);
	s->last_len = len;
}

static int export(struct spk_nb *nb, uint32_t gen, const uint8_t *msg, size_t len)
{
	struct side *s = nb->sp->data;

	assert_true(len <= sizeof(s->export_msg));
	if (s->export_fails)
		return -1;
	if (s->exports < 4 && len <= sizeof(s->exported[0])) {
		memcpy(s->exported[s->exports], msg, len);
		s->exported_len[s->exports] = len;
	}
	s->exports++;
	s->export_gen = gen;
	memcpy(s->export_msg, msg, len);
	s->export_len = len;
	return 0;
}

static const struct spk_ops ops = { .established = established, .state = state,
				    .received = received, .export = export };

struct rig {
	uv_loop_t loop;
	struct side a, b;
};

static void nb_cfg(struct spk_nb_cfg *c, const uint8_t *open, size_t len, int port,
		   bool passive, uint32_t peer_as)
{
	memset(c, 0, sizeof(*c));
	net_addr_parse("127.0.0.1", port, &c->sess.remote);
	c->sess.local.ss_family = AF_UNSPEC;
	c->sess.passive = passive;
	c->sess.hold_time = passive ? 90 : 30;
	c->sess.connect_retry_ms = 1000;
	c->sess.backoff_ms = 50;
	c->sess.backoff_max_ms = 200;
	c->sess.openwait_ms = 5000;
	c->open = open;
	c->open_len = len;
	c->peer_as = peer_as;
	c->group_updates = true;
}

static void rig_init_opens(struct rig *g, const char *open_a, const char *open_b)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct spk_nb_cfg c;
	struct lb_err err;
	uint8_t open[256];
	size_t len;

	memset(g, 0, sizeof(*g));
	assert_int_equal(uv_loop_init(&g->loop), 0);
	assert_int_equal(spk_init(&g->a.sp, &g->loop, &ops, &g->a), 0);
	assert_int_equal(spk_init(&g->b.sp, &g->loop, &ops, &g->b), 0);
	g->a.sp.log.enabled = g->b.sp.log.enabled = false;
	net_addr_parse("127.0.0.1", 0, &ss);
	assert_int_equal(spk_listen(&g->b.sp, (struct sockaddr *)&ss, &err), 0);
	getsockname(g->b.sp.listeners[0]->fd, (struct sockaddr *)&ss, &sl);

	len = tu_hex(open_b, open, sizeof(open));
	nb_cfg(&c, open, len, 0, true, 65001);
	c.adj_rib_in = true;
	g->b.nb = spk_neighbor_add(&g->b.sp, &c, NULL, &err);
	assert_non_null(g->b.nb);
	len = tu_hex(open_a, open, sizeof(open));
	nb_cfg(&c, open, len, net_addr_port((struct sockaddr *)&ss), false, 65002);
	c.sess.attempts = 1;
	g->a.nb = spk_neighbor_add(&g->a.sp, &c, NULL, &err);
	assert_non_null(g->a.nb);
	g->a.announce = true;
}

static void rig_init_open(struct rig *g, const char *open_a)
{
	rig_init_opens(g, open_a, OPEN_B);
}

static void rig_init(struct rig *g)
{
	rig_init_open(g, OPEN_A);
}

static void rig_fini(struct rig *g)
{
	spk_fini(&g->a.sp);
	spk_fini(&g->b.sp);
	uv_run(&g->loop, UV_RUN_DEFAULT);
	spk_release(&g->a.sp);
	spk_release(&g->b.sp);
	assert_int_equal(uv_loop_close(&g->loop), 0);
}

static void run_until(struct rig *g, const int *counter, int want)
{
	uint64_t end = net_now_ms() + 3000;

	while (*counter < want && net_now_ms() < end) {
		uv_run(&g->loop, UV_RUN_NOWAIT);
		usleep(1000);
	}
	assert_int_equal(*counter, want);
}

static void test_routes_then_eor(void **state_)
{
	struct rig g;
	uint8_t want[256];
	size_t wlen;

	(void)state_;
	rig_init(&g);
	spk_start(&g.b.sp);
	spk_start(&g.a.sp);
	run_until(&g, &g.b.eors, 1);
	assert_int_equal(g.a.up, 1);
	assert_int_equal(g.b.up, 1);
	/* both routes in one UPDATE, as A's Adj-RIB-Out packed them */
	assert_int_equal(g.b.updates, 1);
	wlen = tu_hex(ROUTES, want, sizeof(want));
	assert_bytes(want, wlen, g.b.last_update, g.b.last_len);
	/* B has no routes: its End-of-RIB reached A */
	run_until(&g, &g.a.eors, 1);
	assert_int_equal(g.a.updates, 0);
	rig_fini(&g);
}

/* RELIABILITY.md §1.8 G3: RFC 4724 §2, an End-of-RIB for each negotiated
 * family once the initial update is sent: ipv4 unicast after A's routes
 * (an empty UPDATE), ipv6 unicast with nothing to send (MP_UNREACH_NLRI
 * with AFI/SAFI alone); none for a family the peer did not offer. */
static void test_eor_per_family(void **state_)
{
	const uint64_t both = WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST) |
			      WIRE_FAM_BIT(WIRE_FAM_IPV6_UNICAST);
	struct rig g;

	(void)state_;
	rig_init_open(&g, OPEN_A6);
	g.a.families = g.b.families = both;
	spk_start(&g.b.sp);
	spk_start(&g.a.sp);
	run_until(&g, &g.b.eors, 2);
	assert_int_equal(g.b.eor_fams, both);
	assert_int_equal(g.b.updates_at_eor, 1);
	run_until(&g, &g.a.eors, 2);
	assert_int_equal(g.a.eor_fams, both);
	assert_int_equal(g.a.updates, 0);
	rig_fini(&g);
}

/* RELIABILITY.md §1.8 G4: with ExaBGP's manual-eor the End-of-RIB is the
 * API's to send; the speaker sends none of its own. */
static void test_manual_eor(void **state_)
{
	struct rig g;

	(void)state_;
	rig_init(&g);
	g.a.nb->cfg.manual_eor = true;
	spk_start(&g.b.sp);
	spk_start(&g.a.sp);
	run_until(&g, &g.b.updates, 1);
	run_until(&g, &g.a.eors, 1);
	for (uint64_t end = net_now_ms() + 200; net_now_ms() < end;) {
		uv_run(&g.loop, UV_RUN_NOWAIT);
		usleep(1000);
	}
	assert_int_equal(g.b.eors, 0);
	rig_fini(&g);
}

/* RELIABILITY.md §1.8 G13 through the speaker: A's OPEN carried Graceful
 * Restart, so a new connection from A's address while the session is up
 * means A restarted (RFC 4724 §4.2): B drops the session and answers the
 * new connection with its OPEN. */
static void test_graceful_restart_new_connection(void **state_)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	uint8_t buf[4096];
	ssize_t n = 0;
	struct rig g;
	int fd;

	(void)state_;
	rig_init_open(&g, OPEN_A_GR);
	spk_start(&g.b.sp);
	spk_start(&g.a.sp);
	run_until(&g, &g.b.eors, 1);
	getsockname(g.b.sp.listeners[0]->fd, (struct sockaddr *)&ss, &sl);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&ss, sl), 0);
	run_until(&g, &g.b.down, 1);
	assert_string_equal(g.b.why, "peer restarted: new connection (graceful restart)");
	for (uint64_t end = net_now_ms() + 2000; n <= 0 && net_now_ms() < end;) {
		uv_run(&g.loop, UV_RUN_NOWAIT);
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		usleep(1000);
	}
	/* B's OPEN, first thing on the new connection */
	assert_true(n >= 19);
	assert_int_equal(buf[18], WIRE_MSG_OPEN);
	assert_int_equal(g.b.nb->peer.state, FSM_OPENSENT);
	close(fd);
	rig_fini(&g);
}

static void test_route_refresh_resends(void **state_)
{
	static const char refresh[] = MARKER "001705" "00010001";
	struct rig g;
	uint8_t msg[64];
	size_t len;

	(void)state_;
	rig_init(&g);
	spk_start(&g.b.sp);
	spk_start(&g.a.sp);
	run_until(&g, &g.b.eors, 1);
	/* RFC 2918: B asks for ipv4 unicast again */
	len = tu_hex(refresh, msg, sizeof(msg));
	assert_int_equal(sess_peer_send(&g.b.nb->peer, msg, len), 0);
	run_until(&g, &g.b.updates, 2);
	rig_fini(&g);
}

/* origin igp, as-path [ 65001 ], next-hop 127.0.0.1, med 7: 10.0.0.0/24 */
static const char ROUTE_MED[] = MARKER "003602" "0000" "001B" "40010100" "400206020100 00FDE9"
				"4003047F000001" "800404 00000007" "180A0000";
/* the same without the MED */
static const char ROUTE_PLAIN[] = MARKER "002F02" "0000" "0014" "40010100" "400206020100 00FDE9"
				  "4003047F000001" "180A0000";
/* the withdrawal of 10.0.1.0/24 */
static const char WITHDRAW_1[] = MARKER "001B02" "0004" "180A0001" "0000";

/* Turns of the loop with nothing awaited: what would happen happens. */
static void settle(struct rig *g)
{
	for (int i = 0; i < 50; i++)
		uv_run(&g->loop, UV_RUN_NOWAIT);
}

/* A with an export policy from the start: the session up, A's routes
 * handed to the policy once. */
static void start_exporting(struct rig *g)
{
	struct lb_err err;

	rig_init(g);
	assert_int_equal(spk_export_policy(g->a.nb, true, &err), 0);
	spk_start(&g->b.sp);
	spk_start(&g->a.sp);
	run_until(g, &g->a.exports, 1);
}

/* An export policy sees A's routes before B does: its answer is what B
 * gets (here one route of two, with a MED), End-of-RIB only after it; a
 * rejected route stays out, its withdrawal included, and an answer of a
 * policy turned off since is ignored. */
static void test_export_policy(void **state_)
{
	struct rig g;
	struct lb_err err;
	uint8_t want[256], orig[4096];
	size_t wlen, olen;
	uint32_t gen;

	(void)state_;
	start_exporting(&g);
	wlen = tu_hex(ROUTES, want, sizeof(want));
	assert_bytes(want, wlen, g.a.export_msg, g.a.export_len);
	settle(&g);
	assert_int_equal(g.b.updates + g.b.eors, 0);
	assert_false(spk_written(g.a.nb));
	wlen = tu_hex(ROUTE_MED, want, sizeof(want));
	assert_int_equal(spk_export_apply(g.a.nb, g.a.export_gen, g.a.export_msg,
					  g.a.export_len, want, wlen, &err), 0);
	spk_flush(g.a.nb);
	run_until(&g, &g.b.eors, 1);
	assert_int_equal(g.b.updates_at_eor, 1);
	assert_bytes(want, wlen, g.b.last_update, g.b.last_len);
	assert_int_equal(g.a.nb->out.count, 1);
	/* the route the policy left out is withdrawn where it was given:
	 * the policy is asked, and however it answers nothing goes to B */
	wlen = tu_hex(WITHDRAW_1, want, sizeof(want));
	assert_int_equal(spk_announce(g.a.nb, want, wlen, &err), 0);
	spk_flush(g.a.nb);
	run_until(&g, &g.a.exports, 2);
	assert_bytes(want, wlen, g.a.export_msg, g.a.export_len);
	assert_int_equal(spk_export_apply(g.a.nb, g.a.export_gen, g.a.export_msg,
					  g.a.export_len, NULL, 0, &err), 0);
	spk_flush(g.a.nb);
	assert_int_equal(g.a.nb->out.npending, 0);
	assert_true(spk_written(g.a.nb));
	/* without the policy, what was given goes as it was given (one
	 * route: the other was withdrawn), and a late answer is ignored */
	gen = g.a.export_gen;
	olen = tu_hex(ROUTES, orig, sizeof(orig));
	assert_int_equal(spk_export_policy(g.a.nb, false, &err), 0);
	assert_int_equal(spk_export_apply(g.a.nb, gen, orig, olen, NULL, 0, &err), 0);
	spk_flush(g.a.nb);
	run_until(&g, &g.b.updates, 2);
	wlen = tu_hex(ROUTE_PLAIN, want, sizeof(want));
	assert_bytes(want, wlen, g.b.last_update, g.b.last_len);
	assert_int_equal(g.a.nb->out.count, 1);
	rig_fini(&g);
}

/* got is want, its two NLRIs (the last 8 octets) in either order: the
 * policy is handed a table's routes in the table's order. */
static void assert_same_routes(const uint8_t *want, size_t wlen, const uint8_t *got,
			       size_t glen)
{
	assert_int_equal(glen, wlen);
	assert_memory_equal(want, got, wlen - 8);
	if (memcmp(want + wlen - 8, got + glen - 8, 8) != 0) {
		assert_memory_equal(want + wlen - 8, got + glen - 4, 4);
		assert_memory_equal(want + wlen - 4, got + glen - 8, 4);
	}
}

/* Answer A's last export event with msg (NULL: rejected; orig: as is). */
static void answer(struct rig *g, const uint8_t *msg, size_t len)
{
	struct lb_err err;

	assert_int_equal(spk_export_apply(g->a.nb, g->a.export_gen, g->a.export_msg,
					  g->a.export_len, msg, len, &err), 0);
	spk_flush(g->a.nb);
}

/* Nothing of A's attribute sets is left once its tables are gone. */
static void rig_fini_no_leak(struct rig *g)
{
	spk_fini(&g->a.sp);
	assert_int_equal(g->a.sp.pool.count, 0);
	spk_fini(&g->b.sp);
	uv_run(&g->loop, UV_RUN_DEFAULT);
	spk_release(&g->a.sp);
	spk_release(&g->b.sp);
	assert_int_equal(uv_loop_close(&g->loop), 0);
}

/* The export policy's life: an answer "as is"; answers lost (a stopped
 * task) asked again after a resync, the late one ignored; off, on again;
 * a hand-off the owner refuses waits for the next flush. */
static void test_export_policy_lifecycle(void **state_)
{
	struct rig g;
	struct lb_err err;
	uint8_t want[256], late[256];
	size_t wlen, late_len;
	uint32_t old;

	(void)state_;
	start_exporting(&g);
	answer(&g, g.a.export_msg, g.a.export_len);
	run_until(&g, &g.b.eors, 1);
	wlen = tu_hex(ROUTES, want, sizeof(want));
	assert_bytes(want, wlen, g.b.last_update, g.b.last_len);
	/* lost: asked again, and the old answer (a rejection) changes nothing */
	old = g.a.export_gen;
	late_len = g.a.export_len;
	memcpy(late, g.a.export_msg, late_len);
	spk_export_resync(g.a.nb);
	spk_flush(g.a.nb);
	run_until(&g, &g.a.exports, 2);
	assert_same_routes(want, wlen, g.a.export_msg, g.a.export_len);
	assert_int_equal(spk_export_apply(g.a.nb, old, late, late_len, NULL, 0, &err), 0);
	assert_int_equal(g.a.nb->out.npending, 0);
	assert_false(spk_written(g.a.nb));
	/* the new answer rejects both: B has them withdrawn */
	answer(&g, NULL, 0);
	run_until(&g, &g.b.updates, 2);
	assert_int_equal(g.a.nb->out.count, 0);
	assert_true(spk_written(g.a.nb));
	/* off: what was given goes as given */
	assert_int_equal(spk_export_policy(g.a.nb, false, &err), 0);
	spk_flush(g.a.nb);
	run_until(&g, &g.b.updates, 3);
	assert_same_routes(want, wlen, g.b.last_update, g.b.last_len);
	/* on again: asked about what the Adj-RIB-Out has; a refused hand-off
	 * is made at the next flush */
	g.a.export_fails = true;
	assert_int_equal(spk_export_policy(g.a.nb, true, &err), 0);
	spk_flush(g.a.nb);
	assert_int_equal(g.a.exports, 2);
	assert_true(g.a.nb->given.npending > 0);
	assert_false(spk_written(g.a.nb));
	g.a.export_fails = false;
	spk_flush(g.a.nb);
	assert_int_equal(g.a.exports, 3);
	assert_same_routes(want, wlen, g.a.export_msg, g.a.export_len);
	answer(&g, g.a.export_msg, g.a.export_len);
	assert_true(spk_written(g.a.nb));
	assert_int_equal(g.b.updates, 3);
	rig_fini_no_leak(&g);
}

/* Set while the session is up, the policy holds back what was not sent
 * yet: the route given before it reaches B only as the policy answers. */
static void test_export_policy_holds_unsent(void **state_)
{
	struct rig g;
	struct lb_err err;
	uint8_t msg[256], want[256];
	size_t len, wlen;

	(void)state_;
	rig_init(&g);
	spk_start(&g.b.sp);
	spk_start(&g.a.sp);
	run_until(&g, &g.b.eors, 1);
	len = tu_hex(ROUTE_MED, msg, sizeof(msg));
	assert_int_equal(spk_announce(g.a.nb, msg, len, &err), 0);
	assert_int_equal(spk_export_policy(g.a.nb, true, &err), 0);
	spk_flush(g.a.nb);
	/* two sets of attributes: two UPDATEs, 10.0.1.0/24 as sent before and
	 * 10.0.0.0/24 with its new MED */
	run_until(&g, &g.a.exports, 2);
	settle(&g);
	assert_int_equal(g.b.updates, 1);
	/* the answers: the MED as given; the other one adds a route that was
	 * not given (10.0.2.0/24), which is not made */
	wlen = tu_hex(ROUTE_MED, want, sizeof(want));
	for (int k = 0; k < 2; k++) {
		bool med = g.a.exported_len[k] == wlen;

		len = med ? wlen
			  : tu_hex(MARKER "003302" "0000" "0014" "40010100" "400206020100 00FDE9"
				   "4003047F000001" "180A0001" "180A0200", msg, sizeof(msg));
		assert_int_equal(spk_export_apply(g.a.nb, g.a.export_gen, g.a.exported[k],
						  g.a.exported_len[k],
						  med ? g.a.exported[k] : msg, len, &err), 0);
	}
	spk_flush(g.a.nb);
	run_until(&g, &g.b.updates, 2);
	assert_bytes(want, wlen, g.b.last_update, g.b.last_len);
	settle(&g);
	assert_int_equal(g.b.updates, 2);
	assert_int_equal(g.a.nb->out.count, 2);
	assert_false(adj_out_wants(&g.a.nb->out, WIRE_FAM_IPV4_UNICAST, 0,
				   (const uint8_t[]){ 24, 10, 2, 0 }, 4));
	rig_fini_no_leak(&g);
}

/* A and B with these OPENs, A given the UPDATEs of msgs (hex) before the
 * session: run until B has A's End-of-RIB. */
static void given_before_session(struct rig *g, const char *open_a, const char *open_b,
				 const char *const *msgs, size_t n)
{
	struct lb_err err;
	uint8_t msg[256];

	rig_init_opens(g, open_a, open_b);
	g->a.announce = false;
	for (size_t i = 0; i < n; i++) {
		size_t len = tu_hex(msgs[i], msg, sizeof(msg));

		assert_int_equal(spk_announce(g->a.nb, msg, len, &err), 0);
	}
	spk_start(&g->b.sp);
	spk_start(&g->a.sp);
	run_until(g, &g->b.eors, 1);
}

/* Routes given before the session, encoded for the 4-octet AS session A
 * offers, go to a 2-octet speaker as RFC 6793 §4.2.2 has them: the AS_PATH
 * with 2-octet ASes, AS_TRANS for a larger one and AS4_PATH beside it. */
static void test_routes_recoded_for_the_session(void **state_)
{
	/* the second: as-path [ 4200000001 65001 ] */
	static const char *const msgs[] = {
		ROUTES, MARKER "003302" "0000" "0018" "40010100" "40020A0202FA56EA010000FDE9"
			"4003047F000001" "180A0002",
	};
	struct rig g;
	uint8_t want[256];
	size_t wlen;

	(void)state_;
	given_before_session(&g, OPEN_A, OPEN_B_AS2, msgs, 2);
	assert_int_equal(g.b.updates_at_eor, 2);
	wlen = tu_hex(MARKER "003C02" "0000" "0021" "40010100" "40020602025BA0FDE9"
		      "C0110A0202FA56EA010000FDE9" "4003047F000001" "180A0002", want, sizeof(want));
	assert_bytes(want, wlen, g.b.last_update, g.b.last_len);
	assert_int_equal(g.b.nb->in.count, 3);
	assert_int_equal(g.b.down, 0);
	rig_fini_no_leak(&g);
}

/* The same on an ADD-PATH session (RFC 7911): the path ids stay with the
 * routes, the attributes are written again (the review of issue 4 found
 * them sent unchanged, and the peer dropping the routes). */
static void test_routes_recoded_with_path_ids(void **state_)
{
	static const char *const msgs[] = {
		MARKER "003B02" "0000" "0014" "40010100" "400206020100 00FDE9" "4003047F000001"
		"00000001180A0000" "00000002180A0001",
	};
	struct rig g;
	uint8_t want[256];
	size_t wlen;

	(void)state_;
	given_before_session(&g, OPEN_A_AP, OPEN_B_AS2_AP, msgs, 1);
	wlen = tu_hex(MARKER "003902" "0000" "0012" "40010100" "4002040201FDE9" "4003047F000001"
		      "00000001180A0000" "00000002180A0001", want, sizeof(want));
	assert_bytes(want, wlen, g.b.last_update, g.b.last_len);
	assert_int_equal(g.b.nb->in.count, 2);
	rig_fini_no_leak(&g);
}

/* RELIABILITY.md §1.7: BoRR and EoRR (RFC 7313) when enhanced route
 * refresh was not negotiated, an unknown subtype, and a request for a
 * family that was not negotiated (RR2, RFC 2918 §4: IPv6 unicast here)
 * are ignored: no resend, no reset.  The request sent after them is the
 * only one answered (TCP keeps the order). */
static void test_borr_eorr_ignored(void **state_)
{
	static const char *const ignored[] = {
		MARKER "001705" "00010101", MARKER "001705" "00010201", MARKER "001705" "00010301",
		MARKER "001705" "00020001",
	};
	static const char refresh[] = MARKER "001705" "00010001";
	struct rig g;
	uint8_t msg[64];
	size_t len;

	(void)state_;
	rig_init(&g);
	spk_start(&g.b.sp);
	spk_start(&g.a.sp);
	run_until(&g, &g.b.eors, 1);
	for (size_t i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++) {
		len = tu_hex(ignored[i], msg, sizeof(msg));
		assert_int_equal(sess_peer_send(&g.b.nb->peer, msg, len), 0);
	}
	len = tu_hex(refresh, msg, sizeof(msg));
	assert_int_equal(sess_peer_send(&g.b.nb->peer, msg, len), 0);
	run_until(&g, &g.b.updates, 2);
	for (uint64_t end = net_now_ms() + 100; net_now_ms() < end;)
		uv_run(&g.loop, UV_RUN_NOWAIT);
	assert_int_equal(g.b.updates, 2);
	assert_int_equal(g.a.down, 0);
	assert_int_equal(g.b.down, 0);
	rig_fini(&g);
}

static void test_malformed_update_resets(void **state_)
{
	/* attribute length runs past the path attribute field: RFC 7606
	 * §4 — the withdrawn length is fine, the attribute field cannot be
	 * parsed at all: total path attribute length longer than the
	 * message, 3/1 session reset (RFC 4271 §6.3, RFC 7606 §4) */
	static const char bad[] = MARKER "001B02" "0000" "0010" "40010100";
	struct rig g;
	uint8_t msg[64];
	size_t len;

	(void)state_;
	rig_init(&g);
	g.a.announce = false;
	spk_start(&g.b.sp);
	spk_start(&g.a.sp);
	run_until(&g, &g.a.eors, 1);
	len = tu_hex(bad, msg, sizeof(msg));
	assert_int_equal(sess_peer_send(&g.b.nb->peer, msg, len), 0);
	run_until(&g, &g.a.down, 1);
	run_until(&g, &g.b.down, 1);
	/* A answered with the decoder's NOTIFICATION */
	assert_int_equal(g.b.notif[0], 3);
	assert_int_equal(g.b.notif[1], 1);
	rig_fini(&g);
}

/* B keeps what A announces (adj-rib-in): both routes with A's attributes,
 * one fewer after A withdraws it, none once the session is down. */
static void test_adj_rib_in(void **state_)
{
	static const char WITHDRAW[] = MARKER "001B02" "0004" "180A0000" "0000";
	const uint8_t n0[] = { 24, 10, 0, 0 }, n1[] = { 24, 10, 0, 1 };
	uint8_t msg[64];
	size_t len;
	struct attrset *a;
	struct lb_err err;
	struct rig g;

	(void)state_;
	rig_init(&g);
	spk_start(&g.b.sp);
	spk_start(&g.a.sp);
	run_until(&g, &g.b.eors, 1);
	assert_int_equal(g.b.nb->in.count, 2);
	a = adj_in_find(&g.b.nb->in, WIRE_FAM_IPV4_UNICAST, 0, n1, 4);
	assert_non_null(a);
	/* ORIGIN, AS_PATH and NEXT_HOP of ROUTES, as received */
	assert_int_equal(a->len, 4 + 9 + 7);
	assert_ptr_equal(adj_in_find(&g.b.nb->in, WIRE_FAM_IPV4_UNICAST, 0, n0, 4), a);
	/* A's own Adj-RIB-In stays empty: B sent nothing, and A keeps none */
	assert_int_equal(g.a.nb->in.count, 0);
	len = tu_hex(WITHDRAW, msg, sizeof(msg));
	assert_int_equal(spk_announce(g.a.nb, msg, len, &err), 0);
	spk_flush(g.a.nb);
	run_until(&g, &g.b.updates, 2);
	assert_int_equal(g.b.nb->in.count, 1);
	assert_null(adj_in_find(&g.b.nb->in, WIRE_FAM_IPV4_UNICAST, 0, n0, 4));
	spk_shutdown(&g.a.sp, 2);
	run_until(&g, &g.b.down, 1);
	assert_int_equal(g.b.nb->in.count, 0);
	assert_int_equal(g.b.nb->in.bytes, 0);
	rig_fini(&g);
}

static void test_shutdown_sends_cease(void **state_)
{
	struct rig g;

	(void)state_;
	rig_init(&g);
	spk_start(&g.b.sp);
	spk_start(&g.a.sp);
	run_until(&g, &g.b.eors, 1);
	spk_shutdown(&g.a.sp, 2);
	run_until(&g, &g.b.down, 1);
	assert_int_equal(g.b.notif[0], 6);
	assert_int_equal(g.b.notif[1], 2);
	assert_string_equal(g.b.why, "notification received (6/2)");
	rig_fini(&g);
}

static char *slurp(const char *path)
{
	static char buf[65536];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = 0;
	return buf;
}

/* Run the loop until path holds want, or 3 seconds. */
static bool wait_for(struct rig *g, const char *path, const char *want)
{
	uint64_t end = net_now_ms() + 3000;

	while (!strstr(slurp(path), want) && net_now_ms() < end) {
		uv_run(&g->loop, UV_RUN_NOWAIT);
		usleep(1000);
	}
	return strstr(slurp(path), want) != NULL;
}

/* B's processes get its events: one in ExaBGP's JSON, one in its text. */
static void test_events_to_processes(void **state_)
{
	char json_path[] = "/tmp/luabgp-events-json-XXXXXX";
	char text_path[] = "/tmp/luabgp-events-text-XXXXXX";
	char json_cmd[128], text_cmd[128];
	const char *argv_json[] = { "/bin/sh", "-c", json_cmd, NULL };
	const char *argv_text[] = { "/bin/sh", "-c", text_cmd, NULL };
	struct spk_proc_cfg pj = { "json", argv_json, NULL, false, false };
	struct spk_proc_cfg pt = { "text", argv_text, NULL, true, false };
	struct lb_err err;
	struct rig g;
	int pjx, ptx;

	(void)state_;
	close(mkstemp(json_path));
	close(mkstemp(text_path));
	snprintf(json_cmd, sizeof(json_cmd), "exec cat > %s", json_path);
	snprintf(text_cmd, sizeof(text_cmd), "exec cat > %s", text_path);
	rig_init(&g);
	pjx = spk_process_add(&g.b.sp, &pj, &err);
	ptx = spk_process_add(&g.b.sp, &pt, &err);
	assert_true(pjx >= 0 && ptx >= 0);
	spk_subscribe(g.b.nb, (size_t)pjx, SPK_EV_STATE | SPK_EV_UPDATE | SPK_EV_PARSED |
						   SPK_EV_PACKETS | SPK_EV_NEGOTIATED | SPK_EV_FSM);
	spk_subscribe(g.b.nb, (size_t)ptx, SPK_EV_STATE | SPK_EV_UPDATE | SPK_EV_OPEN |
						   SPK_EV_PARSED);
	assert_int_equal(spk_processes_start(&g.b.sp, &err), 0);
	spk_start(&g.b.sp);
	spk_start(&g.a.sp);
	run_until(&g, &g.b.eors, 1);
	assert_true(wait_for(&g, json_path, "\"eor\""));
	assert_true(wait_for(&g, text_path, "update end"));
	/* ExaBGP's JSON: the state changes, then the UPDATE as received */
	assert_non_null(strstr(slurp(json_path), "\"type\": \"state\", \"neighbor\": { "
				    "\"address\": { \"local\": \"127.0.0.1\", \"peer\": "
				    "\"127.0.0.1\" }, \"asn\": { \"local\": 65002, \"peer\": 65001 } , "
				    "\"router-id\": \"2.2.2.2\", \"state\": \"up\" } }"));
	assert_non_null(strstr(slurp(json_path), "\"direction\": \"receive\", \"message\": "
				    "{ \"update\": { \"attribute\": { \"origin\": \"igp\""));
	assert_non_null(strstr(slurp(json_path), "{ \"nlri\": \"10.0.1.0/24\" }"));
	/* what the OPENs agreed on, the FSM's states, the raw UPDATE */
	assert_non_null(strstr(slurp(json_path), "\"type\": \"negotiated\""));
	assert_non_null(strstr(slurp(json_path),
			       "\"negotiated\": { \"message_size\": 4096, \"hold_time\": 30, "
			       "\"asn4\": true, \"multisession\": false, \"operational\": false, "
			       "\"refresh\": \"absent\", \"families\": [ \"ipv4 unicast\" ], "
			       "\"nexthop\": [], \"add_path\": { \"send\": [], \"receive\": [] } }"));
	assert_non_null(strstr(slurp(json_path), "\"type\": \"fsm\""));
	assert_non_null(strstr(slurp(json_path), "\"state\": \"established\""));
	assert_non_null(strstr(slurp(json_path), "\"message\": { \"category\": 2, \"header\": "
				    "\"0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003302\", \"body\": \"0x0000"));
	/* ExaBGP's text */
	assert_non_null(strstr(slurp(text_path), "neighbor 127.0.0.1 up\n"));
	assert_non_null(strstr(slurp(text_path), "neighbor 127.0.0.1 receive open version 4 asn 65001"));
	assert_non_null(strstr(slurp(text_path),
			       "neighbor 127.0.0.1 receive update announced 10.0.0.0/24 "
			       "next-hop 127.0.0.1 origin igp as-path [ 65001 ]"));
	rig_fini(&g);
	unlink(json_path);
	unlink(text_path);
}

/* --- a collision through the speaker (RFC 4271 §6.8) --------------------- */

static int raw_to(int port)
{
	struct sockaddr_storage ss;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	net_addr_parse("127.0.0.1", port, &ss);
	assert_int_equal(connect(fd, (struct sockaddr *)&ss, sizeof(struct sockaddr_in)), 0);
	return fd;
}

static void raw_send_hex(int fd, const char *hex)
{
	uint8_t m[512];
	size_t n = tu_hex(hex, m, sizeof(m));

	assert_int_equal(write(fd, m, n), (ssize_t)n);
}

static bool b_in(struct rig *g, enum fsm_state st)
{
	uint64_t end = net_now_ms() + 3000;

	while (g->b.nb->peer.state != st && net_now_ms() < end) {
		uv_run(&g->loop, UV_RUN_NOWAIT);
		usleep(1000);
	}
	return g->b.nb->peer.state == st;
}

/* A second connection from the peer's address, whose OPEN B refuses (a
 * wrong AS, 2/2), while the first is in OpenConfirm: the session that
 * comes up on the first keeps the first OPEN's negotiation. */
static void test_collision_keeps_the_session_negotiation(void **state_)
{
	static const char OPEN_BAD_AS[] = MARKER "002D01" "04FDEB001E01010101" "10"
					  "0206010400010001" "020641040000FDEB";
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	uint8_t buf[256];
	struct rig g;
	int first, second, port;

	(void)state_;
	rig_init(&g);
	spk_start(&g.b.sp);
	getsockname(g.b.sp.listeners[0]->fd, (struct sockaddr *)&ss, &sl);
	port = net_addr_port((struct sockaddr *)&ss);
	first = raw_to(port);
	raw_send_hex(first, OPEN_A);
	assert_true(b_in(&g, FSM_OPENCONFIRM));
	second = raw_to(port);
	raw_send_hex(second, OPEN_BAD_AS);
	/* B answers the second connection with its OPEN, then 2/2, and closes */
	for (int i = 0; i < 200 && recv(second, buf, sizeof(buf), MSG_DONTWAIT) != 0; i++) {
		uv_run(&g.loop, UV_RUN_NOWAIT);
		usleep(1000);
	}
	assert_null(g.b.nb->peer.alt);
	raw_send_hex(first, MARKER "001304");
	assert_true(b_in(&g, FSM_ESTABLISHED));
	assert_true(g.b.nb->neg.ctx.asn4);
	assert_int_equal(g.b.nb->neg.ctx.families, WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST));
	assert_int_equal(g.b.nb->neg.ctx.peer_as, 65001);
	close(first);
	close(second);
	rig_fini(&g);
}

/* --- graceful restart, the receiving side (RELIABILITY.md §1.8 G8-G12) --- */

struct gr {
	struct rig g;
	char path[64];
};

/* A announces ROUTES to B, both with Graceful Restart (unless open_b has
 * none); B's JSON events go to a file. */
static void gr_init(struct gr *t, const char *open_a, const char *open_b)
{
	static char cmd[128];
	static const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
	struct spk_proc_cfg pc = { "json", argv, NULL, false, false };
	struct lb_err err;
	int px;

	snprintf(t->path, sizeof(t->path), "/tmp/luabgp-gr-XXXXXX");
	close(mkstemp(t->path));
	snprintf(cmd, sizeof(cmd), "exec cat > %s", t->path);
	rig_init_opens(&t->g, open_a, open_b);
	px = spk_process_add(&t->g.b.sp, &pc, &err);
	assert_true(px >= 0);
	spk_subscribe(t->g.b.nb, (size_t)px, SPK_EV_STATE | SPK_EV_UPDATE | SPK_EV_PARSED);
	assert_int_equal(spk_processes_start(&t->g.b.sp, &err), 0);
	spk_start(&t->g.b.sp);
	spk_start(&t->g.a.sp);
	run_until(&t->g, &t->g.b.eors, 1);
	assert_int_equal(t->g.b.nb->in.count, 2);
}

static void gr_fini(struct gr *t)
{
	rig_fini(&t->g);
	unlink(t->path);
}

/* The TCP connection breaks: no NOTIFICATION either way. */
static void gr_tcp_loss(struct gr *t)
{
	shutdown(t->g.a.nb->peer.conn->fd, SHUT_RDWR);
	run_until(&t->g, &t->g.b.down, 1);
}

/* A starts again from nothing (a restarted speaker): a new session to B,
 * no routes this time, then its End-of-RIB. */
static void a_restarts(struct rig *g, const char *open_a, bool manual_eor)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct spk_nb_cfg c;
	struct lb_err err;
	uint8_t open[256];
	size_t len;

	spk_fini(&g->a.sp);
	/* B's handles keep the loop alive: turn it until A's are closed */
	for (int i = 0; i < 20; i++)
		uv_run(&g->loop, UV_RUN_NOWAIT);
	spk_release(&g->a.sp);
	memset(&g->a, 0, sizeof(g->a));
	assert_int_equal(spk_init(&g->a.sp, &g->loop, &ops, &g->a), 0);
	g->a.sp.log.enabled = false;
	getsockname(g->b.sp.listeners[0]->fd, (struct sockaddr *)&ss, &sl);
	len = tu_hex(open_a, open, sizeof(open));
	nb_cfg(&c, open, len, net_addr_port((struct sockaddr *)&ss), false, 65002);
	c.manual_eor = manual_eor;
	g->a.nb = spk_neighbor_add(&g->a.sp, &c, NULL, &err);
	assert_non_null(g->a.nb);
	spk_start(&g->a.sp);
}

static const char GR_WITHDRAWN[] = "\"withdraw\": { \"ipv4 unicast\": [ ";

/* The withdrawal event names both routes of ROUTES (in any order). */
static bool gr_both_withdrawn(const char *path)
{
	const char *w = strstr(slurp(path), GR_WITHDRAWN);
	const char *end = w ? strstr(w, "] }") : NULL;
	const char *a = w ? strstr(w, "{ \"nlri\": \"10.0.0.0/24\" }") : NULL;
	const char *b = w ? strstr(w, "{ \"nlri\": \"10.0.1.0/24\" }") : NULL;

	return end && a && b && a < end && b < end;
}

/* G8, G12: a TCP loss keeps the routes, stale, for the peer's Restart
 * Time; the processes see them withdrawn when it runs out, not before. */
static void test_gr_stale_until_restart_time(void **state_)
{
	struct gr t;

	(void)state_;
	gr_init(&t, OPEN_A_GR1, OPEN_B_GR);
	gr_tcp_loss(&t);
	assert_int_equal(t.g.b.nb->in.count, 2);
	assert_int_equal(t.g.b.nb->in.stale, 2);
	assert_null(strstr(slurp(t.path), "\"withdraw\""));
	assert_true(wait_for(&t.g, t.path, GR_WITHDRAWN));
	assert_true(gr_both_withdrawn(t.path));
	assert_int_equal(t.g.b.nb->in.count, 0);
	assert_int_equal(t.g.b.nb->in.stale, 0);
	gr_fini(&t);
}

/* G11: the peer comes back and sends its End-of-RIB without the routes:
 * they go then (G10: ipv4 unicast kept its F bit, so not at the OPEN). */
static void test_gr_end_of_rib_sweeps(void **state_)
{
	struct gr t;

	(void)state_;
	gr_init(&t, OPEN_A_GR5, OPEN_B_GR);
	gr_tcp_loss(&t);
	assert_int_equal(t.g.b.nb->in.stale, 2);
	a_restarts(&t.g, OPEN_A_GR5, false);
	run_until(&t.g, &t.g.b.eors, 2);
	assert_true(wait_for(&t.g, t.path, GR_WITHDRAWN));
	assert_true(gr_both_withdrawn(t.path));
	assert_int_equal(t.g.b.nb->in.count, 0);
	/* the withdrawal is reported before the End-of-RIB that caused it */
	assert_non_null(strstr(strstr(slurp(t.path), GR_WITHDRAWN), "\"eor\""));
	gr_fini(&t);
}

/* G10: the peer comes back without the F bit for ipv4 unicast: its stale
 * routes go as soon as the session is up, End-of-RIB or not (A sends none). */
static void test_gr_family_not_kept(void **state_)
{
	struct gr t;

	(void)state_;
	gr_init(&t, OPEN_A_GR5, OPEN_B_GR);
	gr_tcp_loss(&t);
	assert_int_equal(t.g.b.nb->in.stale, 2);
	a_restarts(&t.g, OPEN_A_GR5_NOF, true);
	run_until(&t.g, &t.g.b.up, 2);
	assert_true(wait_for(&t.g, t.path, GR_WITHDRAWN));
	assert_true(gr_both_withdrawn(t.path));
	assert_int_equal(t.g.b.nb->in.count, 0);
	assert_int_equal(t.g.b.eors, 1);
	gr_fini(&t);
}

/* Not without our own capability, nor after a NOTIFICATION (RFC 4724
 * §4.2; without RFC 8538's N bit): the routes go with the session. */
static void test_gr_needs_both_and_a_silent_loss(void **state_)
{
	struct gr t;

	(void)state_;
	gr_init(&t, OPEN_A_GR5, OPEN_B);
	gr_tcp_loss(&t);
	assert_int_equal(t.g.b.nb->in.count, 0);
	gr_fini(&t);
	gr_init(&t, OPEN_A_GR5, OPEN_B_GR);
	spk_shutdown(&t.g.a.sp, 2);
	run_until(&t.g, &t.g.b.down, 1);
	assert_int_equal(t.g.b.nb->in.count, 0);
	assert_int_equal(t.g.b.nb->in.stale, 0);
	gr_fini(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes_then_eor),
		cmocka_unit_test(test_eor_per_family),
		cmocka_unit_test(test_manual_eor),
		cmocka_unit_test(test_graceful_restart_new_connection),
		cmocka_unit_test(test_route_refresh_resends),
		cmocka_unit_test(test_export_policy),
		cmocka_unit_test(test_export_policy_lifecycle),
		cmocka_unit_test(test_export_policy_holds_unsent),
		cmocka_unit_test(test_routes_recoded_for_the_session),
		cmocka_unit_test(test_routes_recoded_with_path_ids),
		cmocka_unit_test(test_borr_eorr_ignored),
		cmocka_unit_test(test_malformed_update_resets),
		cmocka_unit_test(test_shutdown_sends_cease),
		cmocka_unit_test(test_adj_rib_in),
		cmocka_unit_test(test_collision_keeps_the_session_negotiation),
		cmocka_unit_test(test_gr_stale_until_restart_time),
		cmocka_unit_test(test_gr_end_of_rib_sweeps),
		cmocka_unit_test(test_gr_family_not_kept),
		cmocka_unit_test(test_gr_needs_both_and_a_silent_loss),
		cmocka_unit_test(test_events_to_processes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
