/* The keepalive thread (DESIGN.md, "Decisions": KEEPALIVEs and hold timers
 * must not depend on Lua returning).
 *
 * One thread per daemon keeps, for every registered connection, the RFC
 * 4271 §4.4 KeepaliveTimer: when nothing was sent for the keepalive
 * interval, it queues a KEEPALIVE through net_conn_send(), whatever the loop
 * thread is doing.  It also watches the bytes waiting in each socket
 * (FIONREAD): bytes arriving while the loop thread is busy prove the peer
 * alive, so the hold timer, which the loop thread runs on last_rx_ms, does
 * not expire because of a stall of our own.
 *
 * Lock order: the thread's lock, then a connection's.  The thread wakes the
 * loop (uv_async) when a connection needs its poll re-armed for writing.
 */
#ifndef LUABGP_NET_KEEPALIVE_H
#define LUABGP_NET_KEEPALIVE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

struct net_conn;

struct net_ka {
	uv_loop_t *loop;
	uv_thread_t thread;
	uv_thread_t loop_thread;
	uv_mutex_t lock;
	uv_cond_t cond;
	uv_async_t async;
	bool stop;
	bool started;
	struct net_conn **conns;     /* registered */
	struct net_conn **arm;       /* loop side scratch */
	size_t n, cap;
	_Atomic uint64_t sent;       /* KEEPALIVEs queued by the thread */
};

/* Start the thread; call from the loop thread.  -1 on failure. */
int net_ka_init(struct net_ka *ka, uv_loop_t *loop);
/* Stop the thread and close the async handle (run the loop once more to
 * finish closing).  Every connection must have been removed. */
void net_ka_fini(struct net_ka *ka);

/* Keep c's KeepaliveTimer with this interval (ms, at least 1000: RFC 4271
 * §4.4 "not more frequently than one per second").  -1: no memory. */
int net_ka_add(struct net_ka *ka, struct net_conn *c, uint64_t interval_ms);
void net_ka_remove(struct net_ka *ka, struct net_conn *c);

/* Is the caller the loop thread? */
bool net_ka_on_loop(const struct net_ka *ka);
/* From any thread: c has bytes queued that the loop must poll out. */
void net_ka_wake(struct net_ka *ka, struct net_conn *c);

#endif
