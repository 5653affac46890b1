/* See process.h. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "net/conn.h"
#include "net/process.h"

/* bytes handed to one uv_write: large enough to keep a reading child busy,
 * small enough that the copy out of the queue stays cheap */
#define FLIGHT_MAX ((size_t)1 << 20)

struct net_proc *net_proc_new(uv_loop_t *loop, const struct net_proc_ops *ops, void *data)
{
	struct net_proc *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->loop = loop;
	p->ops = ops;
	p->data = data;
	p->high = (size_t)64 << 20;
	p->low = (size_t)16 << 20;
	p->max_line = (size_t)1 << 20;
	wbuf_init(&p->queue, 0);
	wbuf_init(&p->flight, 0);
	wbuf_init(&p->line, 0);
	wbuf_init(&p->eline, 0);
	return p;
}

static void release(struct net_proc *p)
{
	wbuf_fini(&p->queue);
	wbuf_fini(&p->flight);
	wbuf_fini(&p->line);
	wbuf_fini(&p->eline);
	free(p);
}

static void on_closed(uv_handle_t *h)
{
	struct net_proc *p = h->data;

	if (--p->open_handles == 0 && p->freeing)
		release(p);
}

static void close_handle(uv_handle_t *h)
{
	if (!uv_is_closing(h))
		uv_close(h, on_closed);
}

/* exited() once the child is gone and both its outputs reached EOF, so
 * that the owner sees every line it printed before it died */
static void maybe_report(struct net_proc *p)
{
	if (p->running || !p->out_done || !p->err_done || p->reported || p->freeing)
		return;
	p->reported = true;
	if (p->ops->exited)
		p->ops->exited(p, p->status, p->signal);
}

/* --- towards its stdin -------------------------------------------------- */

static void pressure(struct net_proc *p)
{
	size_t n = net_proc_pending(p);

	if (!p->above && n > p->high) {
		p->above = true;
		if (p->ops->pressure && !p->freeing)
			p->ops->pressure(p, true);
	} else if (p->above && n <= p->low) {
		p->above = false;
		if (p->ops->pressure && !p->freeing)
			p->ops->pressure(p, false);
	}
}

static void start_write(struct net_proc *p);

static void on_written(uv_write_t *req, int status)
{
	struct net_proc *p = req->data;

	p->writing = false;
	if (status < 0) {
		/* EPIPE or cancelled: it closed its stdin or died, and what is
		 * queued goes with it; exited() says why */
		wbuf_reset(&p->queue);
		wbuf_reset(&p->flight);
		pressure(p);
		return;
	}
	p->written += p->flight.len;
	p->last_progress_ms = net_now_ms();
	wbuf_reset(&p->flight);
	start_write(p);
	pressure(p);
}

static void start_write(struct net_proc *p)
{
	size_t n = p->queue.len < FLIGHT_MAX ? p->queue.len : FLIGHT_MAX;
	uv_buf_t buf;

	if (p->writing || n == 0 || !p->running || p->freeing)
		return;
	wbuf_reset(&p->flight);
	if (wbuf_put(&p->flight, p->queue.data, n) < 0) {
		p->flight.failed = 0;
		return;
	}
	memmove(p->queue.data, p->queue.data + n, p->queue.len - n);
	p->queue.len -= n;
	buf = uv_buf_init((char *)p->flight.data, (unsigned)p->flight.len);
	p->wreq.data = p;
	if (uv_write(&p->wreq, (uv_stream_t *)&p->in, &buf, 1, on_written) == 0)
		p->writing = true;
}

int net_proc_send(struct net_proc *p, const void *data, size_t n)
{
	if (!p->running || p->freeing)
		return -1;
	if (wbuf_put(&p->queue, data, n) < 0) {
		p->queue.failed = 0;
		return -1;
	}
	start_write(p);
	pressure(p);
	return 0;
}

size_t net_proc_pending(const struct net_proc *p)
{
	return p->queue.len + p->flight.len;
}

static size_t newlines(const struct wbuf *w)
{
	const uint8_t *at, *end;
	size_t n = 0;

	if (!w->len)
		return 0; /* data may be NULL: no pointer arithmetic on it */
	at = w->data;
	end = at + w->len;
	while (at < end && (at = memchr(at, '\n', (size_t)(end - at))) != NULL) {
		n++;
		at++;
	}
	return n;
}

size_t net_proc_pending_lines(const struct net_proc *p)
{
	return newlines(&p->queue) + newlines(&p->flight);
}

/* --- from its stdout and stderr ----------------------------------------- */

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct net_proc *p = h->data;

	(void)suggested;
	*buf = uv_buf_init(p->rbuf, sizeof(p->rbuf));
}

static void deliver(struct net_proc *p, bool err)
{
	struct wbuf *line = err ? &p->eline : &p->line;
	size_t len = line->len;

	if (len && line->data[len - 1] == '\r')
		len--;
	if (p->freeing)
		return;
	if (err && p->ops->errline)
		p->ops->errline(p, (const char *)line->data, len);
	else if (!err)
		p->ops->line(p, (const char *)line->data, len);
}

/* Bytes of a stdout line: kept up to max_line, then the whole line is
 * dropped and reported once it ends. */
static void take_out(struct net_proc *p, const char *s, size_t k)
{
	if (p->dropping) {
		p->dropped += k;
	} else if (p->line.len + k > p->max_line) {
		p->dropping = true;
		p->dropped = p->line.len + k;
		wbuf_reset(&p->line);
	} else if (wbuf_put(&p->line, s, k) < 0) {
		p->line.failed = 0;
		p->dropping = true;
		p->dropped = p->line.len + k;
		wbuf_reset(&p->line);
	}
}

/* Bytes of a stderr line: cut at max_line (it is only logged). */
static void take_err(struct net_proc *p, const char *s, size_t k)
{
	size_t room = p->max_line - p->eline.len;

	if (wbuf_put(&p->eline, s, k < room ? k : room) < 0)
		p->eline.failed = 0;
}

static void end_line(struct net_proc *p, bool err)
{
	if (!err && p->dropping) {
		p->dropping = false;
		if (p->ops->overlong && !p->freeing)
			p->ops->overlong(p, p->dropped);
	} else {
		deliver(p, err);
	}
	wbuf_reset(err ? &p->eline : &p->line);
}

static void take(struct net_proc *p, const char *s, size_t n, bool err)
{
	while (n > 0) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) : n;

		if (err)
			take_err(p, s, k);
		else
			take_out(p, s, k);
		if (!nl)
			return;
		end_line(p, err);
		s = nl + 1;
		n -= k + 1;
	}
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct net_proc *p = s->data;
	bool err = s == (uv_stream_t *)&p->err;

	if (n > 0) {
		take(p, buf->base, (size_t)n, err);
		return;
	}
	if (n == 0)
		return;
	/* EOF or a read error: a last unterminated line still counts */
	if ((err ? p->eline.len : p->line.len) || (!err && p->dropping))
		end_line(p, err);
	uv_read_stop(s);
	close_handle((uv_handle_t *)s);
	if (err)
		p->err_done = true;
	else
		p->out_done = true;
	maybe_report(p);
}

void net_proc_read(struct net_proc *p, bool on)
{
	if (!p->spawned || p->out_done || uv_is_closing((uv_handle_t *)&p->out))
		return;
	if (on)
		uv_read_start((uv_stream_t *)&p->out, on_alloc, on_read);
	else
		uv_read_stop((uv_stream_t *)&p->out);
}

/* --- the child ---------------------------------------------------------- */

static void on_child_exit(uv_process_t *proc, int64_t status, int term_signal)
{
	struct net_proc *p = proc->data;

	p->running = false;
	p->status = status;
	p->signal = term_signal;
	close_handle((uv_handle_t *)&p->proc);
	close_handle((uv_handle_t *)&p->in);
	maybe_report(p);
}

static void init_pipe(struct net_proc *p, uv_pipe_t *pipe)
{
	uv_pipe_init(p->loop, pipe, 0);
	pipe->data = p;
	p->open_handles++;
}

int net_proc_spawn(struct net_proc *p, const char *const *argv, const char *cwd,
		   const char *const *env, struct lb_err *err)
{
	uv_process_options_t o;
	uv_stdio_container_t io[3];
	int rc;

	if (p->spawned)
		return lb_err_set(err, LB_ACT_NONE, 0, 0, 0, "%s: already started", argv[0]);
	p->spawned = true;
	init_pipe(p, &p->in);
	init_pipe(p, &p->out);
	init_pipe(p, &p->err);
	io[0].flags = UV_CREATE_PIPE | UV_READABLE_PIPE;
	io[0].data.stream = (uv_stream_t *)&p->in;
	io[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	io[1].data.stream = (uv_stream_t *)&p->out;
	io[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	io[2].data.stream = (uv_stream_t *)&p->err;
	memset(&o, 0, sizeof(o));
	o.exit_cb = on_child_exit;
	o.file = argv[0];
	o.args = (char **)argv;
	o.env = (char **)env;
	o.cwd = cwd;
	o.stdio = io;
	o.stdio_count = 3;
	p->proc.data = p;
	rc = uv_spawn(p->loop, &p->proc, &o);
	/* the process handle is initialised even when the spawn fails */
	p->open_handles++;
	if (rc < 0) {
		close_handle((uv_handle_t *)&p->proc);
		close_handle((uv_handle_t *)&p->in);
		close_handle((uv_handle_t *)&p->out);
		close_handle((uv_handle_t *)&p->err);
		p->out_done = p->err_done = true;
		return lb_err_set(err, LB_ACT_NONE, 0, 0, 0, "%s: cannot start: %s",
				  argv[0], uv_strerror(rc));
	}
	p->running = true;
	p->pid = p->proc.pid;
	uv_read_start((uv_stream_t *)&p->out, on_alloc, on_read);
	uv_read_start((uv_stream_t *)&p->err, on_alloc, on_read);
	return 0;
}

int net_proc_kill(struct net_proc *p, int signum)
{
	if (!p->running)
		return -1;
	return uv_process_kill(&p->proc, signum) == 0 ? 0 : -1;
}

void net_proc_free(struct net_proc *p)
{
	if (!p)
		return;
	p->freeing = true;
	if (!p->spawned) {
		release(p);
		return;
	}
	close_handle((uv_handle_t *)&p->in);
	close_handle((uv_handle_t *)&p->out);
	close_handle((uv_handle_t *)&p->err);
	/* keep the process handle until the child is reaped, so that libuv
	 * waits for it and no zombie is left behind */
	if (p->running)
		(void)uv_process_kill(&p->proc, SIGTERM);
	else
		close_handle((uv_handle_t *)&p->proc);
	if (p->open_handles == 0)
		release(p);
}
