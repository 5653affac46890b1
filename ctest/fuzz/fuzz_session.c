/* A stateful session (RELIABILITY.md §6.2 G1): the input is what a peer
 * sends on an accepted connection, read by a speaker whose neighbor is
 * passive, through the whole stack — framing, the FSM, the OPEN and its
 * negotiation, UPDATE decoding in the negotiated context (4-octet AS,
 * ADD-PATH for IPv4 unicast, extended messages), ROUTE-REFRESH, the
 * NOTIFICATION handling — until the peer closes.  Nothing may crash or
 * leak, and the neighbor must end back in a state a passive peer waits in.
 * Seeds start with a valid OPEN and KEEPALIVE so the fuzzer works past
 * them. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzzutil.h"
#include "speaker/speaker.h"

/* our OPEN: AS 65000, hold 90, 10.0.0.1, ipv4 and ipv6 unicast, 4-octet
 * AS, ADD-PATH send/receive for ipv4 unicast, extended message, route
 * refresh, Graceful Restart (120 s): a peer that advertises it too and
 * then goes away has its routes kept stale */
static const uint8_t OPEN[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0x00, 0x4f, 0x01, 0x04, 0xfd, 0xe8, 0x00, 0x5a,
	0x0a, 0x00, 0x00, 0x01, 0x32, 0x02, 0x06, 0x01, 0x04, 0x00, 0x01, 0x00,
	0x01, 0x02, 0x06, 0x01, 0x04, 0x00, 0x02, 0x00, 0x01, 0x02, 0x06, 0x41,
	0x04, 0x00, 0x00, 0xfd, 0xe8, 0x02, 0x06, 0x45, 0x04, 0x00, 0x01, 0x01,
	0x03, 0x02, 0x02, 0x06, 0x00, 0x02, 0x02, 0x02, 0x00, 0x02, 0x02, 0x46, 0x00,
	0x02, 0x04, 0x40, 0x02, 0x00, 0x78,
};

static const struct spk_ops ops = { .established = NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uv_loop_t loop;
	struct spk sp;
	struct spk_nb_cfg c;
	struct spk_nb *nb;
	struct lb_err err;
	int sv[2];

	if (size > 60000 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) < 0)
		return 0;
	uv_loop_init(&loop);
	if (spk_init(&sp, &loop, &ops, NULL) < 0)
		abort();
	memset(&c, 0, sizeof(c));
	net_addr_parse("127.0.0.1", 179, &c.sess.remote);
	c.sess.local.ss_family = AF_UNSPEC;
	c.sess.passive = true;
	c.sess.hold_time = 90;
	c.sess.connect_retry_ms = 1000;
	c.sess.backoff_ms = 1000;
	c.sess.backoff_max_ms = 1000;
	c.sess.openwait_ms = 60000;
	c.open = OPEN;
	c.open_len = sizeof(OPEN);
	c.group_updates = true;
	c.adj_rib_in = true;
	nb = spk_neighbor_add(&sp, &c, NULL, &err);
	if (!nb)
		abort(); /* our own OPEN must parse */
	spk_start(&sp);
	sess_peer_accept(&nb->peer, sv[0]);
	/* the peer says everything, then closes its side */
	if (size && write(sv[1], data, size) < 0)
		abort();
	shutdown(sv[1], SHUT_WR);
	for (int i = 0; i < 256 && nb->peer.conn; i++)
		uv_run(&loop, UV_RUN_NOWAIT);
	if (nb->peer.conn)
		abort(); /* the end of the peer's bytes must end the session */
	if (nb->peer.state != FSM_ACTIVE && nb->peer.state != FSM_IDLE)
		abort();
	spk_fini(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	spk_release(&sp);
	close(sv[1]);
	if (uv_loop_close(&loop) != 0)
		abort(); /* a handle was left open */
	return 0;
}
