/* See conn.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/keepalive.h"
#include "wire/message.h"

#define READ_CHUNK 65536
#define DEFAULT_HIGH (4u << 20)
#define DEFAULT_LOW (1u << 20)

uint64_t net_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void on_poll(uv_poll_t *h, int status, int events);

static void watch(struct net_conn *c)
{
	int ev = 0;

	if (c->dead)
		return;
	if (c->reading && !c->connecting)
		ev |= UV_READABLE;
	if (c->connecting || c->want_write)
		ev |= UV_WRITABLE;
	if (ev == c->events)
		return;
	c->events = ev;
	if (ev)
		uv_poll_start(&c->poll, ev, on_poll);
	else
		uv_poll_stop(&c->poll);
}

static void fail(struct net_conn *c, uint8_t code, uint8_t sub, const char *why,
		 int sys)
{
	struct lb_err err;

	if (c->dead)
		return;
	c->dead = true;
	uv_poll_stop(&c->poll);
	c->events = 0;
	lb_err_set(&err, LB_ACT_RESET, code, sub, 0, sys ? "%s: %s" : "%s", why,
		   sys ? strerror(sys) : "");
	c->ops->failed(c, &err);
}

int net_conn_init(struct net_conn *c, uv_loop_t *loop, int fd, bool connecting,
		  const struct net_conn_ops *ops, void *data, struct lb_err *err)
{
	memset(c, 0, sizeof(*c));
	c->loop = loop;
	c->fd = fd;
	c->ops = ops;
	c->data = data;
	c->max_msg = WIRE_MAX_MSG;
	c->reading = true;
	c->connecting = connecting;
	c->high = DEFAULT_HIGH;
	c->low = DEFAULT_LOW;
	wbuf_init(&c->out, 0);
	atomic_store(&c->last_rx_ms, net_now_ms());
	atomic_store(&c->last_tx_ms, net_now_ms());
	if (uv_mutex_init(&c->lock) != 0) {
		close(fd);
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "cannot create a mutex");
	}
	if (uv_poll_init_socket(loop, &c->poll, fd) != 0) {
		uv_mutex_destroy(&c->lock);
		close(fd);
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "cannot watch socket %d", fd);
	}
	c->poll.data = c;
	watch(c);
	return 0;
}

static void on_closed(uv_handle_t *h)
{
	struct net_conn *c = h->data;

	uv_mutex_destroy(&c->lock);
	wbuf_fini(&c->out);
	free(c->in);
	free(c);
}

static int flush_locked(struct net_conn *c);

/* Before close(): write what the socket takes (a last NOTIFICATION),
 * send FIN after it, and take in what the peer sent, since closing a socket
 * with unread bytes makes the kernel answer with a reset that can destroy
 * the peer's copy of our last message (RFC 1122 §4.2.2.13). */
static void close_gently(struct net_conn *c)
{
	uint8_t sink[4096];
	int rounds = 64; /* a peer that floods us does not keep us here */

	uv_mutex_lock(&c->lock);
	(void)flush_locked(c);
	uv_mutex_unlock(&c->lock);
	shutdown(c->fd, SHUT_WR);
	while (rounds-- > 0 && recv(c->fd, sink, sizeof(sink), MSG_DONTWAIT) > 0)
		continue;
	close(c->fd);
}

void net_conn_free(struct net_conn *c)
{
	if (c->ka)
		net_ka_remove(c->ka, c);
	c->dead = true;
	uv_poll_stop(&c->poll);
	close_gently(c);
	uv_close((uv_handle_t *)&c->poll, on_closed);
}

/* Write what the socket takes; the lock is held.  Returns an errno, 0. */
static int flush_locked(struct net_conn *c)
{
	while (c->out_off < c->out.len) {
		ssize_t n = send(c->fd, c->out.data + c->out_off, c->out.len - c->out_off,
				 MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return errno;
		}
		c->out_off += (size_t)n;
		c->sent_bytes += (uint64_t)n;
		atomic_store(&c->last_tx_ms, net_now_ms());
	}
	if (c->out_off == c->out.len) {
		c->out_off = 0;
		wbuf_reset(&c->out);
	} else if (c->out_off > 65536 && c->out_off * 2 > c->out.len) {
		/* keep the queue from creeping: drop what was written */
		memmove(c->out.data, c->out.data + c->out_off, c->out.len - c->out_off);
		c->out.len -= c->out_off;
		c->out_off = 0;
	}
	c->want_write = c->out_off < c->out.len;
	return 0;
}

static unsigned msg_kind(const uint8_t *msg, size_t len)
{
	return len > 18 && msg[18] < NET_MSG_KINDS ? msg[18] : 0;
}

void net_conn_counts(struct net_conn *c, uint64_t *sent, uint64_t *rcvd)
{
	uv_mutex_lock(&c->lock);
	for (unsigned k = 0; k < NET_MSG_KINDS; k++)
		sent[k] += c->sent_msgs[k];
	uv_mutex_unlock(&c->lock);
	for (unsigned k = 0; k < NET_MSG_KINDS; k++)
		rcvd[k] += c->rcvd_msgs[k];
}

/* UPDATEs are written in batches: what a loop turn queued goes out in one
 * send() when the write poll fires, or at once past CONN_BATCH octets.
 * Any other message (KEEPALIVE, NOTIFICATION, OPEN, ROUTE-REFRESH) is
 * written at once, with what was queued before it. */
#define CONN_BATCH ((size_t)64 * 1024)

int net_conn_send(struct net_conn *c, const uint8_t *msg, size_t len)
{
	int sys = 0, rc = 0;
	bool wake, batch;

	uv_mutex_lock(&c->lock);
	if (wbuf_put(&c->out, msg, len) < 0) {
		c->out.failed = 0;
		rc = -1;
	} else {
		c->sent_msgs[msg_kind(msg, len)]++;
	}
	batch = len > 18 && msg[18] == 2 && !c->connecting &&
		c->out.len - c->out_off < CONN_BATCH && (!c->ka || net_ka_on_loop(c->ka));
	if (batch)
		c->want_write = true;
	else
		sys = flush_locked(c);
	if (c->out.len - c->out_off > c->high)
		c->above = true;
	wake = c->want_write || sys;
	uv_mutex_unlock(&c->lock);
	/* the loop thread arms the poll; another thread asks it to */
	if (batch)
		watch(c);
	else if (wake) {
		if (c->ka && !net_ka_on_loop(c->ka))
			net_ka_wake(c->ka, c);
		else
			net_conn_arm_write(c);
	}
	return rc;
}

size_t net_conn_pending(struct net_conn *c)
{
	size_t n;

	uv_mutex_lock(&c->lock);
	n = c->out.len - c->out_off;
	uv_mutex_unlock(&c->lock);
	return n;
}

void net_conn_arm_write(struct net_conn *c)
{
	int sys;
	bool drained = false;

	if (c->dead)
		return;
	uv_mutex_lock(&c->lock);
	sys = flush_locked(c);
	if (c->above && c->out.len - c->out_off <= c->low) {
		c->above = false;
		drained = true;
	}
	uv_mutex_unlock(&c->lock);
	if (sys) {
		fail(c, 0, 0, "write", sys);
		return;
	}
	watch(c);
	if (drained && c->ops->drained)
		c->ops->drained(c);
}

void net_conn_read(struct net_conn *c, bool on)
{
	c->reading = on;
	watch(c);
}

void net_conn_limits(struct net_conn *c, size_t max_msg, bool operational)
{
	c->max_msg = max_msg;
	c->operational = operational;
}

/* Hand out every whole message of the input buffer. */
static void frame(struct net_conn *c)
{
	size_t off = 0;

	while (!c->dead && c->in_len - off >= WIRE_HEADER_LEN) {
		struct wire_header h;
		struct lb_err err;

		if (wire_header_decode(c->in + off, c->in_len - off, c->max_msg,
				       c->operational, &h, &err) < 0) {
			c->dead = true;
			uv_poll_stop(&c->poll);
			c->events = 0;
			c->ops->failed(c, &err);
			return;
		}
		if (c->in_len - off < h.len)
			break;
		c->rcvd_msgs[msg_kind(c->in + off, h.len)]++;
		c->ops->message(c, c->in + off, h.len);
		off += h.len;
	}
	if (c->dead)
		return;
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
}

static void readable(struct net_conn *c)
{
	ssize_t n;

	if (c->in_cap - c->in_len < READ_CHUNK) {
		size_t cap = c->in_len + READ_CHUNK;
		uint8_t *in = realloc(c->in, cap);

		if (!in) {
			fail(c, 0, 0, "out of memory for input", 0);
			return;
		}
		c->in = in;
		c->in_cap = cap;
	}
	n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
	if (n < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			fail(c, 0, 0, "read", errno);
		return;
	}
	if (n == 0) {
		fail(c, 0, 0, "connection closed by the peer", 0);
		return;
	}
	c->in_len += (size_t)n;
	atomic_store(&c->last_rx_ms, net_now_ms());
	frame(c);
}

static void connect_done(struct net_conn *c)
{
	int e = 0;
	socklen_t len = sizeof(e);

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		e = errno;
	if (e) {
		fail(c, 0, 0, "connect", e);
		return;
	}
	c->connecting = false;
	watch(c);
	if (c->ops->connected)
		c->ops->connected(c);
}

static void on_poll(uv_poll_t *h, int status, int events)
{
	struct net_conn *c = h->data;

	if (status < 0) {
		/* libuv reports POLLERR as UV_EBADF: the socket's own error
		 * says what happened (ECONNREFUSED, ECONNRESET...).  What the
		 * peer sent before resetting is still queued (its
		 * NOTIFICATION, typically): read it first. */
		int e = 0;
		socklen_t len = sizeof(e);

		if (!c->connecting)
			readable(c);
		if (c->dead)
			return;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0 || e == 0)
			fail(c, 0, 0, uv_strerror(status), 0);
		else
			fail(c, 0, 0, c->connecting ? "connect" : "socket", e);
		return;
	}
	if (c->connecting) {
		if (events & (UV_WRITABLE | UV_READABLE))
			connect_done(c);
		return;
	}
	if (events & UV_WRITABLE)
		net_conn_arm_write(c);
	if (!c->dead && (events & UV_READABLE))
		readable(c);
}
