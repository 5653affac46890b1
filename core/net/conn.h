/* One BGP transport connection: a non-blocking TCP socket watched by a
 * libuv poll handle, cut into messages on the way in (RFC 4271 §4.1
 * framing, checked by wire_header_decode) and queued on the way out.
 *
 * The output side is shared with the keepalive thread (net/keepalive.h):
 * every write goes through net_conn_send(), under the connection's lock,
 * with raw write(2) on the non-blocking socket, so that a KEEPALIVE can go
 * out while the loop thread is busy (a long route computation, or a Lua
 * task that does not yield: DESIGN.md, "Decisions").  Messages are queued
 * whole, so the two threads never interleave bytes of two messages.
 */
#ifndef LUABGP_NET_CONN_H
#define LUABGP_NET_CONN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "base/err.h"
#include "base/wbuf.h"

struct net_conn;
struct net_ka;

struct net_conn_ops {
	/* connect() completed (outgoing connections only) */
	void (*connected)(struct net_conn *c);
	/* one whole message, header included, its header already checked;
	 * the callee may close the connection */
	void (*message)(struct net_conn *c, const uint8_t *msg, size_t len);
	/* the connection is unusable: err->code 0 for a socket error or the
	 * peer's close, 1/x for a framing error (to be sent in a NOTIFICATION
	 * before closing).  The owner then calls net_conn_free(). */
	void (*failed)(struct net_conn *c, const struct lb_err *err);
	/* the output queue went below the low-water mark after being above
	 * the high-water mark (back-pressure relieved) */
	void (*drained)(struct net_conn *c);
};

/* Messages counted by type: OPEN (1) to OPERATIONAL (6), 0 any other. */
#define NET_MSG_KINDS 7

struct net_conn {
	uv_poll_t poll;
	uv_loop_t *loop;
	int fd;
	int events;                 /* UV_READABLE / UV_WRITABLE being watched */
	const struct net_conn_ops *ops;
	void *data;                 /* the owner's */

	/* input: loop thread only */
	uint8_t *in;
	size_t in_len, in_cap;
	size_t max_msg;             /* 4096, or 65535 with RFC 8654 */
	bool operational;           /* message type 6 allowed */
	bool reading;               /* not paused */
	bool connecting;
	bool dead;                  /* failed() was called */

	/* output: under lock */
	uv_mutex_t lock;
	struct wbuf out;
	size_t out_off;             /* bytes of out already written */
	size_t high, low;           /* back-pressure marks */
	bool above;                 /* went above high, not yet below low */
	_Atomic bool want_write;    /* bytes wait: the loop must poll for writable */
	uint64_t sent_bytes;
	uint64_t sent_msgs[NET_MSG_KINDS];  /* queued, by type */

	uint64_t rcvd_msgs[NET_MSG_KINDS];  /* by type: loop thread only */

	/* liveness, read by the keepalive thread and the hold timer */
	_Atomic uint64_t last_rx_ms;
	_Atomic uint64_t last_tx_ms;
	int last_avail;             /* keepalive thread: bytes unread last time */

	/* keepalive thread bookkeeping (under the thread's lock) */
	struct net_ka *ka;
	uint64_t ka_interval_ms;
	uint64_t ka_next_ms;
};

/* Monotonic milliseconds, the clock of last_rx_ms/last_tx_ms. */
uint64_t net_now_ms(void);

/* Take over a connected (or connecting, if connecting is true) non-blocking
 * socket.  -1 with err on failure (the fd is then closed). */
int net_conn_init(struct net_conn *c, uv_loop_t *loop, int fd, bool connecting,
		  const struct net_conn_ops *ops, void *data, struct lb_err *err);
/* Stop, close the socket, and free c (with free()) once libuv lets go of
 * it: c must come from malloc().  Unregisters it from its keepalive thread. */
void net_conn_free(struct net_conn *c);

/* Queue one whole message and write what the socket takes now.  Safe from
 * any thread.  -1 when memory runs out. */
int net_conn_send(struct net_conn *c, const uint8_t *msg, size_t len);
/* Bytes queued and not yet written. */
size_t net_conn_pending(struct net_conn *c);
/* Add c's message counts (NET_MSG_KINDS each) to sent and rcvd. */
void net_conn_counts(struct net_conn *c, uint64_t *sent, uint64_t *rcvd);
/* Stop or resume reading (back-pressure towards the peer). */
void net_conn_read(struct net_conn *c, bool on);
/* After the OPEN exchange: RFC 8654 size and ExaBGP's OPERATIONAL. */
void net_conn_limits(struct net_conn *c, size_t max_msg, bool operational);

/* Called on the loop thread after another thread queued bytes (the
 * keepalive thread wakes the loop for this). */
void net_conn_arm_write(struct net_conn *c);

#endif
