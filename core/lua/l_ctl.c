/* The control socket (ExaBGP main's CLI transport): a Unix stream socket,
 * mode 0600, one command per line from each client, replies written back.
 * The daemon side is on the speaker's loop; the client side (luabgp run,
 * luabgp cli) is one blocking request at a time.
 *
 *   ok, why = sp:control_listen(path)
 *   ids = sp:control_accepted()     clients connected since the last call
 *                                   (nil: none)
 *   why = sp:await_control([seconds])    in a task: until a client connects
 *   text = sp:control_take(id)      its lines (each + "\n"); nil: none yet;
 *                                   false: it is gone and nothing is left
 *   why = sp:await_control_lines(id [, seconds])  in a task
 *   sp:control_send(id, text)
 *   sp:control_close(id)
 *   ok, why = sp:control_pipes(in_path, out_path)  ExaBGP 4.2's named pipes
 *                                   (exabgpcli): one more client, that
 *                                   writes to in_path and reads out_path
 *   lines, answer = core.control_request(path, command [, seconds])
 *                                   the reply's lines and its last line
 *                                   (done, error, shutdown); nil, why
 */
#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "lua/l_speaker.h"
#include "lua/module.h"

#define CTL_MAX_LINE ((size_t)1 << 20) /* ExaBGP's command size limit */
#define CTL_MAX_QUEUED ((size_t)4 << 20) /* lines not taken: reading stops */

struct ctl_conn {
	struct l_speaker *s;
	uv_pipe_t pipe;
	uv_pipe_t out;                 /* named pipes: where replies go */
	bool fifo;
	uint32_t id;
	struct wbuf line, lines;
	bool dropping, eof, closing, reading;
	struct sched_waitq readers;
	struct ctl_conn *next;
	bool announced;                /* handed out by control_accepted() */
};

struct ctl_srv {
	uv_pipe_t pipe;
	char *path;
	struct ctl_conn *conns;
	uint32_t next_id;
	struct sched_waitq accepts;
	bool listening;                /* pipe is a Unix socket listening */
	char rbuf[64 * 1024];
};

static struct ctl_srv *srv_of(struct l_speaker *s)
{
	return s->ctl;
}

static struct ctl_srv *srv_get(struct l_speaker *s)
{
	if (!s->ctl) {
		struct ctl_srv *srv = calloc(1, sizeof(*srv));

		if (!srv)
			return NULL;
		sched_waitq_init(&srv->accepts);
		s->ctl = srv;
	}
	return s->ctl;
}

static struct ctl_conn *conn_find(struct l_speaker *s, uint32_t id)
{
	struct ctl_srv *srv = srv_of(s);

	for (struct ctl_conn *c = srv ? srv->conns : NULL; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

static void conn_freed(uv_handle_t *h)
{
	struct ctl_conn *c = h->data;

	/* named pipes: the second handle closes the conn */
	if (c->fifo) {
		c->fifo = false;
		return;
	}
	wbuf_fini(&c->line);
	wbuf_fini(&c->lines);
	free(c);
}

static void conn_unlink(struct ctl_conn *c)
{
	struct ctl_srv *srv = srv_of(c->s);

	for (struct ctl_conn **p = &srv->conns; *p; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			break;
		}
}

static void on_shut(uv_shutdown_t *req, int status)
{
	struct ctl_conn *c = req->data;

	(void)status;
	free(req);
	uv_close((uv_handle_t *)&c->pipe, conn_freed);
}

/* A socket client's replies still queued are written first (a shutdown
 * waits for them), then the connection closes. */
static void conn_close(struct ctl_conn *c)
{
	uv_shutdown_t *req;

	if (c->closing)
		return;
	c->closing = true;
	c->eof = true;
	sched_waitq_wake_all(&c->readers);
	conn_unlink(c);
	if (c->fifo) {
		uv_close((uv_handle_t *)&c->out, conn_freed);
		uv_close((uv_handle_t *)&c->pipe, conn_freed);
		return;
	}
	uv_read_stop((uv_stream_t *)&c->pipe);
	req = malloc(sizeof(*req));
	if (req) {
		req->data = c;
		if (uv_shutdown(req, (uv_stream_t *)&c->pipe, on_shut) == 0)
			return;
		free(req);
	}
	uv_close((uv_handle_t *)&c->pipe, conn_freed);
}

/* libuv reads into the server's buffer: each read is consumed (take())
 * before the next one */
static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct ctl_conn *c = h->data;

	(void)suggested;
	buf->base = srv_of(c->s)->rbuf;
	buf->len = sizeof(srv_of(c->s)->rbuf);
}

/* A line's bytes: kept up to CTL_MAX_LINE, then the line is dropped. */
static void take(struct ctl_conn *c, const char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t k = nl ? (size_t)(nl - (p + i)) : n - i;

		if (!c->dropping && c->line.len + k > CTL_MAX_LINE)
			c->dropping = true;
		if (!c->dropping)
			wbuf_put(&c->line, p + i, k);
		i += k;
		if (!nl)
			break;
		i++;
		if (!c->dropping) {
			wbuf_put(&c->lines, c->line.data, c->line.len);
			wbuf_u8(&c->lines, '\n');
		} else {
			/* its place in the order, for an error answer */
			wbuf_put(&c->lines, SPK_LINE_DROPPED "\n", sizeof(SPK_LINE_DROPPED));
		}
		c->dropping = false;
		wbuf_reset(&c->line);
	}
}

static void on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
	struct ctl_conn *c = st->data;

	if (n < 0) {
		/* a last command without its newline is a command all the same */
		if (c->line.len && !c->dropping)
			take(c, "\n", 1);
		c->eof = true;
		uv_read_stop(st);
		c->reading = false;
		sched_waitq_wake_all(&c->readers);
		return;
	}
	take(c, buf->base, (size_t)n);
	if (c->lines.len > CTL_MAX_QUEUED) {
		uv_read_stop(st);
		c->reading = false;
	}
	if (c->lines.len)
		sched_waitq_wake_all(&c->readers);
}

static void on_connection(uv_stream_t *server, int status)
{
	struct l_speaker *s = server->data;
	struct ctl_srv *srv = srv_of(s);
	struct ctl_conn *c;

	if (status < 0)
		return;
	c = calloc(1, sizeof(*c));
	if (!c)
		return;
	c->s = s;
	c->id = ++srv->next_id;
	wbuf_init(&c->line, 0);
	wbuf_init(&c->lines, 0);
	sched_waitq_init(&c->readers);
	uv_pipe_init(&s->loop, &c->pipe, 0);
	c->pipe.data = c;
	if (uv_accept(server, (uv_stream_t *)&c->pipe) < 0) {
		uv_close((uv_handle_t *)&c->pipe, conn_freed);
		return;
	}
	c->next = srv->conns;
	srv->conns = c;
	c->reading = uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read) == 0;
	sched_waitq_wake_all(&srv->accepts);
}

/* A socket file left by a daemon that is gone is replaced; one that
 * answers belongs to a running daemon and is left alone. */
static bool in_use(const char *path)
{
	struct sockaddr_un a;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), rc;

	if (fd < 0)
		return false;
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	rc = connect(fd, (struct sockaddr *)&a, sizeof(a));
	close(fd);
	return rc == 0;
}

static int l_control_listen(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	size_t n;
	const char *path = luaL_checklstring(L, 2, &n);
	struct ctl_srv *srv;
	int rc;

	if (s->ctl && s->ctl->path)
		return luaL_error(L, "control_listen: listening already");
	if (n >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s: path too long for a Unix socket", path);
		return 2;
	}
	if (in_use(path)) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s: another daemon answers on it", path);
		return 2;
	}
	unlink(path);
	srv = srv_get(s);
	if (!srv || !(srv->path = strdup(path)))
		return luaL_error(L, "out of memory");
	uv_pipe_init(&s->loop, &srv->pipe, 0);
	srv->pipe.data = s;
	srv->listening = true;
	/* 0600 from the start: no window where another user could connect */
	{
		mode_t old = umask(0177);

		rc = uv_pipe_bind(&srv->pipe, path);
		umask(old);
	}
	if (rc == 0)
		rc = uv_listen((uv_stream_t *)&srv->pipe, 16, on_connection);
	if (rc < 0) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s: %s", path, uv_strerror(rc));
		return 2;
	}
	lua_pushboolean(L, 1);
	return 1;
}

static int open_fifo(const char *path, int *fd, char *why, size_t n)
{
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISFIFO(st.st_mode)) {
		snprintf(why, n, "%s is not a named pipe (mkfifo -m 0600 %s)", path, path);
		return -1;
	}
	/* read and write: it is never at end of file, and writing never
	 * blocks on a missing reader */
	*fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (*fd < 0) {
		snprintf(why, n, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int l_control_pipes(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	const char *in = luaL_checkstring(L, 2), *out = luaL_checkstring(L, 3);
	struct ctl_srv *srv = srv_get(s);
	struct ctl_conn *c;
	char why[512];
	int fin = -1, fout = -1;

	if (!srv)
		return luaL_error(L, "out of memory");
	if (open_fifo(in, &fin, why, sizeof(why)) < 0 ||
	    open_fifo(out, &fout, why, sizeof(why)) < 0) {
		if (fin >= 0)
			close(fin);
		lua_pushnil(L);
		lua_pushstring(L, why);
		return 2;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fin);
		close(fout);
		return luaL_error(L, "out of memory");
	}
	c->s = s;
	c->id = ++srv->next_id;
	c->fifo = true;
	wbuf_init(&c->line, 0);
	wbuf_init(&c->lines, 0);
	sched_waitq_init(&c->readers);
	uv_pipe_init(&s->loop, &c->pipe, 0);
	uv_pipe_init(&s->loop, &c->out, 0);
	c->pipe.data = c->out.data = c;
	uv_pipe_open(&c->pipe, fin);
	uv_pipe_open(&c->out, fout);
	c->next = srv->conns;
	srv->conns = c;
	c->reading = uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read) == 0;
	sched_waitq_wake_all(&srv->accepts);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_control_accepted(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct ctl_srv *srv = srv_of(s);
	int k = 0;

	for (struct ctl_conn *c = srv ? srv->conns : NULL; c; c = c->next) {
		if (c->announced)
			continue;
		if (!k)
			lua_newtable(L);
		c->announced = true;
		lua_pushinteger(L, c->id);
		lua_rawseti(L, -2, ++k);
	}
	if (!k)
		lua_pushnil(L);
	return 1;
}

static int l_await_control(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);

	if (!srv_get(s) || !s->sched)
		return luaL_error(L, "await_control: no scheduler");
	return l_sched_await(L, s->sched, &srv_of(s)->accepts, l_sched_timeout(L, 2));
}

static int l_control_take(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct ctl_conn *c = conn_find(s, (uint32_t)luaL_checkinteger(L, 2));

	if (!c || (c->eof && !c->lines.len)) {
		lua_pushboolean(L, 0);
		return 1;
	}
	if (!c->lines.len) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushlstring(L, (const char *)c->lines.data, c->lines.len);
	wbuf_reset(&c->lines);
	if (!c->reading && !c->eof)
		c->reading = uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read) == 0;
	return 1;
}

static int l_await_control_lines(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct ctl_conn *c = conn_find(s, (uint32_t)luaL_checkinteger(L, 2));

	if (!c) {
		lua_pushstring(L, "woken");
		return 1;
	}
	if (!s->sched)
		return luaL_error(L, "await_control_lines: no scheduler");
	return l_sched_await(L, s->sched, &c->readers, l_sched_timeout(L, 3));
}

static void on_written(uv_write_t *req, int status)
{
	(void)status;
	free(req);
}

static int l_control_send(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct ctl_conn *c = conn_find(s, (uint32_t)luaL_checkinteger(L, 2));
	size_t n;
	const char *text = luaL_checklstring(L, 3, &n);
	uv_write_t *req;
	uv_buf_t buf;

	if (!c || c->closing) {
		lua_pushboolean(L, 0);
		return 1;
	}
	/* nobody reads the named pipe: what does not fit is dropped rather
	 * than queued without end (exabgpcli drains it before a command); a
	 * socket client that reads nothing is let go */
	if (c->fifo && uv_stream_get_write_queue_size((uv_stream_t *)&c->out) > CTL_MAX_QUEUED) {
		lua_pushboolean(L, 0);
		return 1;
	}
	if (!c->fifo &&
	    uv_stream_get_write_queue_size((uv_stream_t *)&c->pipe) > CTL_MAX_QUEUED) {
		conn_close(c);
		lua_pushboolean(L, 0);
		return 1;
	}
	/* the request and the bytes in one block, freed when written */
	req = malloc(sizeof(*req) + n);
	if (!req)
		return luaL_error(L, "out of memory");
	memcpy(req + 1, text, n);
	buf = uv_buf_init((char *)(req + 1), (unsigned)n);
	if (uv_write(req, (uv_stream_t *)(c->fifo ? &c->out : &c->pipe), &buf, 1, on_written) < 0) {
		free(req);
		lua_pushboolean(L, 0);
		return 1;
	}
	lua_pushboolean(L, 1);
	return 1;
}

static int l_control_close(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct ctl_conn *c = conn_find(s, (uint32_t)luaL_checkinteger(L, 2));

	if (c)
		conn_close(c);
	return 0;
}

static void srv_freed(uv_handle_t *h)
{
	free(h->data);
}

void l_ctl_close(struct l_speaker *s)
{
	struct ctl_srv *srv = srv_of(s);

	if (!srv)
		return;
	while (srv->conns)
		conn_close(srv->conns);
	sched_waitq_wake_all(&srv->accepts);
	s->ctl = NULL;
	if (!srv->listening) {
		free(srv);
		return;
	}
	unlink(srv->path);
	free(srv->path);
	srv->pipe.data = srv;
	uv_close((uv_handle_t *)&srv->pipe, srv_freed);
}

/* --- the client ------------------------------------------------------------- */

static bool is_answer(const char *p, size_t n)
{
	return (n == 4 && !memcmp(p, "done", 4)) || (n == 5 && !memcmp(p, "error", 5)) ||
	       (n == 8 && !memcmp(p, "shutdown", 8));
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int request_fail(lua_State *L, int fd, const char *why, const char *path)
{
	if (fd >= 0)
		close(fd);
	lua_pushnil(L);
	lua_pushfstring(L, "%s: %s", path, why);
	return 2;
}

static int l_control_request(lua_State *L)
{
	size_t n, plen;
	const char *path = luaL_checklstring(L, 1, &plen);
	const char *cmd = luaL_checklstring(L, 2, &n);
	int64_t deadline = now_ms() + (int64_t)(luaL_optnumber(L, 3, 10) * 1000);
	struct sockaddr_un a;
	struct wbuf in;
	int fd, k = 0;
	size_t start = 0;

	if (plen >= sizeof(a.sun_path))
		return request_fail(L, -1, "path too long for a Unix socket", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	memcpy(a.sun_path, path, plen);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		return request_fail(L, fd, strerror(errno), path);
	if (write(fd, cmd, n) != (ssize_t)n || write(fd, "\n", 1) != 1)
		return request_fail(L, fd, strerror(errno), path);
	lua_newtable(L);
	wbuf_init(&in, 4096);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		char buf[4096];
		int64_t left = deadline - now_ms();
		ssize_t got;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0) {
			wbuf_fini(&in);
			return request_fail(L, fd, "no answer in time", path);
		}
		got = read(fd, buf, sizeof(buf));
		if (got <= 0)
			break;
		wbuf_put(&in, buf, (size_t)got);
		/* whole lines: the reply ends with its answer */
		for (size_t i = start; i < in.len; i++) {
			const char *line;
			size_t len;

			if (in.data[i] != '\n')
				continue;
			line = (const char *)in.data + start;
			len = i - start;
			start = i + 1;
			if (is_answer(line, len)) {
				lua_pushlstring(L, line, len);
				wbuf_fini(&in);
				close(fd);
				return 2;
			}
			lua_pushlstring(L, line, len);
			lua_rawseti(L, -2, ++k);
		}
	}
	wbuf_fini(&in);
	close(fd);
	lua_pushnil(L);
	return 2;
}

static const luaL_Reg methods[] = {
	{ "control_listen", l_control_listen },
	{ "control_accepted", l_control_accepted },
	{ "control_pipes", l_control_pipes },
	{ "await_control", l_await_control },
	{ "control_take", l_control_take },
	{ "await_control_lines", l_await_control_lines },
	{ "control_send", l_control_send },
	{ "control_close", l_control_close },
	{ NULL, NULL },
};

static const luaL_Reg funcs[] = {
	{ "control_request", l_control_request },
	{ NULL, NULL },
};

void l_ctl_register_methods(lua_State *L)
{
	luaL_register(L, NULL, methods);
}

void l_ctl_register(lua_State *L)
{
	luaL_register(L, NULL, funcs);
}
