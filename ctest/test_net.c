/* core/net on loopback: framing of a byte stream, framing errors, connect
 * failures, the keepalive thread writing while the loop thread is stuck,
 * liveness seen through a stall, back-pressure, TCP MD5. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/keepalive.h"
#include "net/tcp.h"
#include "testutil.h"

struct side {
	struct net_conn *c;
	int msgs, keepalives;
	size_t bytes;
	bool connected, failed, drained;
	struct lb_err err;
};

static void on_connected(struct net_conn *c)
{
	((struct side *)c->data)->connected = true;
}

static void on_message(struct net_conn *c, const uint8_t *msg, size_t len)
{
	struct side *s = c->data;

	s->msgs++;
	s->bytes += len;
	if (msg[18] == 4)
		s->keepalives++;
}

static void on_failed(struct net_conn *c, const struct lb_err *err)
{
	struct side *s = c->data;

	s->failed = true;
	s->err = *err;
}

static void on_drained(struct net_conn *c)
{
	((struct side *)c->data)->drained = true;
}

static const struct net_conn_ops ops = { on_connected, on_message, on_failed, on_drained };

struct rig {
	uv_loop_t loop;
	struct net_listener *l;
	int port;
	int accepted_fd;
	struct side a, b;      /* a: the connecting side, b: the accepted one */
};

static void accepted(struct net_listener *l, int fd, const struct sockaddr *peer,
		     const struct sockaddr *local)
{
	struct rig *g = l->data;

	(void)peer, (void)local;
	g->accepted_fd = fd;
}

/* Run the loop until *flag or 3 seconds. */
static bool run_until(struct rig *g, const bool *flag)
{
	uint64_t end = net_now_ms() + 3000;

	while (!*flag && net_now_ms() < end) {
		uv_run(&g->loop, UV_RUN_NOWAIT);
		usleep(1000);
	}
	return *flag;
}

static void run_for(struct rig *g, unsigned ms)
{
	uint64_t end = net_now_ms() + ms;

	while (net_now_ms() < end) {
		uv_run(&g->loop, UV_RUN_NOWAIT);
		usleep(1000);
	}
}

static void rig_listen(struct rig *g, const char *md5)
{
	struct sockaddr_storage ss;
	struct lb_err err;
	socklen_t len = sizeof(ss);
	int fd;

	memset(g, 0, sizeof(*g));
	g->accepted_fd = -1;
	assert_int_equal(uv_loop_init(&g->loop), 0);
	net_addr_parse("127.0.0.1", 0, &ss);
	assert_int_equal(net_tcp_listen((struct sockaddr *)&ss, &fd, &err), 0);
	getsockname(fd, (struct sockaddr *)&ss, &len);
	g->port = net_addr_port((struct sockaddr *)&ss);
	if (md5) {
		struct sockaddr_storage peer;

		net_addr_parse("127.0.0.1", 0, &peer);
		assert_int_equal(net_tcp_md5(fd, (struct sockaddr *)&peer, md5, &err), 0);
	}
	g->l = malloc(sizeof(*g->l));
	g->l->data = g;
	g->l->accepted = accepted;
	assert_int_equal(net_listener_init(g->l, &g->loop, fd, &err), 0);
}

static struct net_conn *conn_of(struct rig *g, int fd, bool connecting, struct side *s)
{
	struct net_conn *c = malloc(sizeof(*c));
	struct lb_err err;

	assert_int_equal(net_conn_init(c, &g->loop, fd, connecting, &ops, s, &err), 0);
	s->c = c;
	return c;
}

/* a: a net_conn connecting to the listener; b: the accepted socket */
static void rig_pair(struct rig *g, const char *md5)
{
	struct sockaddr_storage ss;
	struct net_tcp_opts o = { .md5 = md5 };
	struct lb_err err;
	int fd;

	rig_listen(g, md5);
	net_addr_parse("127.0.0.1", g->port, &ss);
	assert_int_equal(net_tcp_connect((struct sockaddr *)&ss, NULL, &o, &fd, &err), 0);
	conn_of(g, fd, true, &g->a);
	assert_true(run_until(g, &g->a.connected));
	while (g->accepted_fd < 0)
		uv_run(&g->loop, UV_RUN_NOWAIT);
	conn_of(g, g->accepted_fd, false, &g->b);
}

static void rig_fini(struct rig *g)
{
	if (g->a.c)
		net_conn_free(g->a.c);
	if (g->b.c)
		net_conn_free(g->b.c);
	net_listener_free(g->l);
	uv_run(&g->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&g->loop), 0);
}

static const uint8_t KEEPALIVE[19] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x04,
};

/* Messages written one byte at a time arrive whole. */
static void frames_a_trickle(void **state)
{
	struct rig g;
	uint8_t two[19 + 23];
	bool done = false;

	(void)state;
	rig_pair(&g, NULL);
	memcpy(two, KEEPALIVE, 19);
	memcpy(two + 19, KEEPALIVE, 16);
	two[19 + 16] = 0, two[19 + 17] = 23, two[19 + 18] = 2; /* End-of-RIB */
	memset(two + 19 + 19, 0, 4);
	for (size_t i = 0; i < sizeof(two); i++) {
		net_conn_send(g.a.c, two + i, 1);
		run_for(&g, 1);
	}
	done = g.b.msgs == 2;
	assert_true(run_until(&g, &done) || g.b.msgs == 2);
	assert_int_equal(g.b.msgs, 2);
	assert_int_equal(g.b.keepalives, 1);
	assert_int_equal(g.b.bytes, sizeof(two));
	rig_fini(&g);
}

/* RELIABILITY.md §1.1 framing tests: 1000 KEEPALIVEs in one write arrive
 * as 1000 messages. */
static void frames_a_burst(void **state)
{
	static uint8_t burst[1000 * 19];
	struct rig g;

	(void)state;
	rig_pair(&g, NULL);
	for (size_t i = 0; i < 1000; i++)
		memcpy(burst + 19 * i, KEEPALIVE, 19);
	net_conn_send(g.a.c, burst, sizeof(burst));
	for (uint64_t end = net_now_ms() + 3000; g.b.msgs < 1000 && net_now_ms() < end;)
		run_for(&g, 1);
	assert_int_equal(g.b.msgs, 1000);
	assert_int_equal(g.b.keepalives, 1000);
	assert_false(g.b.failed);
	rig_fini(&g);
}

/* A 65535-octet UPDATE (RFC 8654 negotiated) in small pieces, the header
 * itself cut octet by octet: nothing is delivered before the last octet. */
static void frames_an_extended_update_in_pieces(void **state)
{
	static uint8_t big[65535];
	struct rig g;
	size_t at = 0;

	(void)state;
	rig_pair(&g, NULL);
	net_conn_limits(g.b.c, 65535, false);
	memcpy(big, KEEPALIVE, 16);
	big[16] = 0xff, big[17] = 0xff, big[18] = 2;
	/* withdrawn length 0, attribute length 65531 - 4: one unknown
	 * optional transitive attribute of extended length filling it */
	big[19] = 0, big[20] = 0;
	big[21] = (uint8_t)((65535 - 23) >> 8), big[22] = (uint8_t)(65535 - 23);
	big[23] = 0xD0, big[24] = 0xF0;
	big[25] = (uint8_t)((65535 - 27) >> 8), big[26] = (uint8_t)(65535 - 27);
	for (; at < 40; at++) {
		net_conn_send(g.a.c, big + at, 1);
		run_for(&g, 1);
	}
	while (at < sizeof(big)) {
		size_t n = sizeof(big) - at < 4093 ? sizeof(big) - at : 4093;

		assert_int_equal(g.b.msgs, 0);
		net_conn_send(g.a.c, big + at, n);
		at += n;
		uv_run(&g.loop, UV_RUN_NOWAIT);
	}
	for (uint64_t end = net_now_ms() + 3000; g.b.msgs < 1 && net_now_ms() < end;)
		run_for(&g, 1);
	assert_int_equal(g.b.msgs, 1);
	assert_int_equal(g.b.bytes, sizeof(big));
	assert_false(g.b.failed);
	rig_fini(&g);
}

/* The Length is judged on the header alone: a 65535 claim without
 * extended messages fails with 1/2 before any of the body is sent (the
 * framer never waits for, nor allocates, what it would refuse). */
static void refuses_a_long_length_from_the_header(void **state)
{
	uint8_t hdr[19];
	struct rig g;

	(void)state;
	rig_pair(&g, NULL);
	memcpy(hdr, KEEPALIVE, 16);
	hdr[16] = 0xff, hdr[17] = 0xff, hdr[18] = 2;
	net_conn_send(g.a.c, hdr, sizeof(hdr));
	assert_true(run_until(&g, &g.b.failed));
	assert_int_equal(g.b.err.code, 1);
	assert_int_equal(g.b.err.subcode, 2);
	assert_int_equal(g.b.msgs, 0);
	rig_fini(&g);
}

/* RELIABILITY.md H8: the stream ends inside a message: a failure with
 * code 0 (no NOTIFICATION to send), and the piece is never delivered. */
static void close_inside_a_message(void **state)
{
	struct rig g;

	(void)state;
	rig_pair(&g, NULL);
	net_conn_send(g.a.c, KEEPALIVE, 10);
	run_for(&g, 20);
	net_conn_free(g.a.c);
	g.a.c = NULL;
	assert_true(run_until(&g, &g.b.failed));
	assert_int_equal(g.b.err.code, 0);
	assert_int_equal(g.b.msgs, 0);
	rig_fini(&g);
}

/* A bad marker is a 1/1 (RFC 4271 §6.1); a close is a failure with code 0. */
static void framing_error_and_close(void **state)
{
	struct rig g;
	uint8_t bad[19];

	(void)state;
	rig_pair(&g, NULL);
	memcpy(bad, KEEPALIVE, 19);
	bad[3] = 0;
	net_conn_send(g.a.c, bad, sizeof(bad));
	assert_true(run_until(&g, &g.b.failed));
	assert_int_equal(g.b.err.code, 1);
	assert_int_equal(g.b.err.subcode, 1);
	net_conn_free(g.b.c);
	g.b.c = NULL;
	assert_true(run_until(&g, &g.a.failed));
	assert_int_equal(g.a.err.code, 0);
	rig_fini(&g);
}

/* Nobody listens: the connect fails with the system's reason. */
static void connect_refused(void **state)
{
	struct rig g;
	struct sockaddr_storage ss;
	struct net_tcp_opts o = { 0 };
	struct lb_err err;
	int fd, port;

	(void)state;
	rig_listen(&g, NULL);
	port = g.port;
	net_listener_free(g.l);
	uv_run(&g.loop, UV_RUN_NOWAIT);
	net_addr_parse("127.0.0.1", port, &ss);
	assert_int_equal(net_tcp_connect((struct sockaddr *)&ss, NULL, &o, &fd, &err), 0);
	conn_of(&g, fd, true, &g.a);
	assert_true(run_until(&g, &g.a.failed));
	if (!strstr(g.a.err.reason, "refused"))
		print_error("reason: %s\n", g.a.err.reason);
	assert_non_null(strstr(g.a.err.reason, "refused"));
	net_conn_free(g.a.c);
	uv_run(&g.loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&g.loop), 0);
}

/* The loop thread sleeps 2.6 s: the keepalive thread sends KEEPALIVEs on
 * time meanwhile, and the bytes the other side sends mark it alive. */
static void keepalives_through_a_stall(void **state)
{
	struct rig g;
	struct net_ka ka;
	uint64_t before;

	(void)state;
	rig_pair(&g, NULL);
	assert_int_equal(net_ka_init(&ka, &g.loop), 0);
	assert_int_equal(net_ka_add(&ka, g.a.c, 1000), 0);
	assert_int_equal(net_ka_add(&ka, g.b.c, 60000), 0);
	before = atomic_load(&g.b.c->last_rx_ms);
	usleep(2600 * 1000); /* the stall: no uv_run */
	/* two KEEPALIVEs reached b's socket during the stall, unread yet */
	assert_true(atomic_load(&ka.sent) >= 2);
	assert_true(atomic_load(&g.b.c->last_rx_ms) > before + 900);
	run_for(&g, 200);
	assert_true(g.b.keepalives >= 2);
	net_ka_remove(&ka, g.a.c);
	net_ka_remove(&ka, g.b.c);
	net_ka_fini(&ka);
	rig_fini(&g);
}

/* b stops reading: a's queue grows past the high-water mark; b reads again:
 * a hears that it drained, and every byte arrives. */
static void back_pressure(void **state)
{
	struct rig g;
	static uint8_t msg[4096];
	size_t sent = 0;

	(void)state;
	rig_pair(&g, NULL);
	g.a.c->high = 1 << 20;
	g.a.c->low = 1 << 16;
	memcpy(msg, KEEPALIVE, 16);
	msg[16] = 0x10, msg[17] = 0x00, msg[18] = 2; /* 4096-octet UPDATE */
	memset(msg + 19, 0, 4);
	msg[19 + 3] = 0; /* no withdrawn, no attributes: NLRI bytes 0 = /0 */
	net_conn_read(g.b.c, false);
	while (net_conn_pending(g.a.c) <= (1u << 20)) {
		net_conn_send(g.a.c, msg, sizeof(msg));
		sent += sizeof(msg);
		run_for(&g, 0);
	}
	assert_true(g.a.c->above);
	/* a's KeepaliveTimer runs out while bytes wait: no KEEPALIVE is
	 * queued behind them (they restart the timer when written) */
	{
		struct net_ka ka;
		size_t pending = net_conn_pending(g.a.c);

		assert_int_equal(net_ka_init(&ka, &g.loop), 0);
		assert_int_equal(net_ka_add(&ka, g.a.c, 1000), 0);
		run_for(&g, 2600);
		assert_int_equal(atomic_load(&ka.sent), 0);
		assert_true(net_conn_pending(g.a.c) <= pending);
		net_ka_remove(&ka, g.a.c);
		net_ka_fini(&ka);
		run_for(&g, 10);
	}
	net_conn_read(g.b.c, true);
	assert_true(run_until(&g, &g.a.drained));
	run_for(&g, 300);
	assert_int_equal(g.b.bytes, sent);
	assert_false(g.b.failed);
	rig_fini(&g);
}

/* RFC 2385 on loopback, when the kernel has TCP_MD5SIG. */
static void md5_session(void **state)
{
	struct rig g;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_storage peer;
	struct lb_err err;

	(void)state;
	net_addr_parse("127.0.0.1", 0, &peer);
	if (net_tcp_md5(fd, (struct sockaddr *)&peer, "secret", &err) < 0) {
		close(fd);
		skip();
	}
	close(fd);
	rig_pair(&g, "secret");
	net_conn_send(g.a.c, KEEPALIVE, 19);
	run_for(&g, 100);
	assert_int_equal(g.b.keepalives, 1);
	rig_fini(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(frames_a_trickle),
		cmocka_unit_test(frames_a_burst),
		cmocka_unit_test(frames_an_extended_update_in_pieces),
		cmocka_unit_test(refuses_a_long_length_from_the_header),
		cmocka_unit_test(close_inside_a_message),
		cmocka_unit_test(framing_error_and_close),
		cmocka_unit_test(connect_refused),
		cmocka_unit_test(keepalives_through_a_stall),
		cmocka_unit_test(back_pressure),
		cmocka_unit_test(md5_session),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
