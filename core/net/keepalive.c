/* See keepalive.h. */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "net/conn.h"
#include "net/keepalive.h"

/* RFC 4271 §4.4: a KEEPALIVE is a header alone */
static const uint8_t KEEPALIVE[19] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x04,
};

/* The thread looks at the sockets at least this often. */
#define TICK_MS 500

/* Bytes arriving unread mean the peer is alive (see keepalive.h). */
static void watch_input(struct net_conn *c, uint64_t now)
{
	int avail = 0;

	if (ioctl(c->fd, FIONREAD, &avail) < 0)
		return;
	if (avail > c->last_avail)
		atomic_store(&c->last_rx_ms, now);
	c->last_avail = avail;
}

/* One pass over the connections; returns the next deadline. */
static uint64_t tick(struct net_ka *ka)
{
	uint64_t now = net_now_ms();
	uint64_t next = now + TICK_MS;

	for (size_t i = 0; i < ka->n; i++) {
		struct net_conn *c = ka->conns[i];
		uint64_t due = atomic_load(&c->last_tx_ms) + c->ka_interval_ms;

		watch_input(c, now);
		/* §8.2.2: the timer restarts with every KEEPALIVE or UPDATE
		 * sent, so only silence calls for one; bytes still queued (a
		 * peer that does not read) are not silence, and one more
		 * KEEPALIVE behind them would only grow the queue (the send
		 * hold timer, RFC 9687, ends such a session) */
		if (due <= now && net_conn_pending(c) == 0) {
			net_conn_send(c, KEEPALIVE, sizeof(KEEPALIVE));
			atomic_fetch_add(&ka->sent, 1);
			due = now + c->ka_interval_ms;
		} else if (due <= now) {
			due = now + TICK_MS;
		}
		if (due < next)
			next = due;
	}
	return next;
}

static void run(void *arg)
{
	struct net_ka *ka = arg;

	uv_mutex_lock(&ka->lock);
	while (!ka->stop) {
		uint64_t next = tick(ka), now = net_now_ms();

		if (next > now)
			uv_cond_timedwait(&ka->cond, &ka->lock, (next - now) * 1000000);
	}
	uv_mutex_unlock(&ka->lock);
}

static bool registered(struct net_ka *ka, struct net_conn *c)
{
	for (size_t i = 0; i < ka->n; i++)
		if (ka->conns[i] == c)
			return true;
	return false;
}

/* Loop thread: re-arm the connections the thread left bytes for.  Each is
 * looked up again before use, since arming one may free another. */
static void on_async(uv_async_t *h)
{
	struct net_ka *ka = h->data;
	size_t n = 0;

	uv_mutex_lock(&ka->lock);
	for (size_t i = 0; i < ka->n; i++)
		if (ka->conns[i]->want_write)
			ka->arm[n++] = ka->conns[i];
	uv_mutex_unlock(&ka->lock);
	for (size_t i = 0; i < n; i++) {
		struct net_conn *c = ka->arm[i];
		bool live;

		uv_mutex_lock(&ka->lock);
		live = registered(ka, c);
		uv_mutex_unlock(&ka->lock);
		if (live)
			net_conn_arm_write(c);
	}
}

int net_ka_init(struct net_ka *ka, uv_loop_t *loop)
{
	memset(ka, 0, sizeof(*ka));
	ka->loop = loop;
	ka->loop_thread = uv_thread_self();
	if (uv_mutex_init(&ka->lock) != 0)
		return -1;
	if (uv_cond_init(&ka->cond) != 0) {
		uv_mutex_destroy(&ka->lock);
		return -1;
	}
	if (uv_async_init(loop, &ka->async, on_async) != 0)
		goto fail;
	ka->async.data = ka;
	if (uv_thread_create(&ka->thread, run, ka) != 0) {
		uv_close((uv_handle_t *)&ka->async, NULL);
		goto fail;
	}
	ka->started = true;
	return 0;
fail:
	uv_cond_destroy(&ka->cond);
	uv_mutex_destroy(&ka->lock);
	return -1;
}

void net_ka_fini(struct net_ka *ka)
{
	if (!ka->started)
		return;
	uv_mutex_lock(&ka->lock);
	ka->stop = true;
	uv_cond_signal(&ka->cond);
	uv_mutex_unlock(&ka->lock);
	uv_thread_join(&ka->thread);
	uv_close((uv_handle_t *)&ka->async, NULL);
	uv_cond_destroy(&ka->cond);
	uv_mutex_destroy(&ka->lock);
	free(ka->conns);
	free(ka->arm);
	ka->started = false;
}

int net_ka_add(struct net_ka *ka, struct net_conn *c, uint64_t interval_ms)
{
	int rc = 0;

	if (interval_ms < 1000)
		interval_ms = 1000;
	uv_mutex_lock(&ka->lock);
	if (!registered(ka, c)) {
		if (ka->n == ka->cap) {
			size_t cap = ka->cap ? ka->cap * 2 : 16;
			struct net_conn **conns = realloc(ka->conns, cap * sizeof(*conns));
			struct net_conn **arm = conns ? realloc(ka->arm, cap * sizeof(*arm)) : NULL;

			if (conns)
				ka->conns = conns;
			if (arm)
				ka->arm = arm;
			if (!conns || !arm) {
				uv_mutex_unlock(&ka->lock);
				return -1;
			}
			ka->cap = cap;
		}
		ka->conns[ka->n++] = c;
	}
	c->ka = ka;
	c->ka_interval_ms = interval_ms;
	uv_cond_signal(&ka->cond);
	uv_mutex_unlock(&ka->lock);
	return rc;
}

void net_ka_remove(struct net_ka *ka, struct net_conn *c)
{
	uv_mutex_lock(&ka->lock);
	for (size_t i = 0; i < ka->n; i++) {
		if (ka->conns[i] == c) {
			ka->conns[i] = ka->conns[--ka->n];
			break;
		}
	}
	c->ka = NULL;
	uv_mutex_unlock(&ka->lock);
}

bool net_ka_on_loop(const struct net_ka *ka)
{
	uv_thread_t self = uv_thread_self();

	return uv_thread_equal(&self, &ka->loop_thread);
}

void net_ka_wake(struct net_ka *ka, struct net_conn *c)
{
	(void)c; /* its want_write flag says it; the loop scans */
	uv_async_send(&ka->async);
}
