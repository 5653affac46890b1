/* core/net/process: helper processes over libuv pipes — lines both ways,
 * exit status and signals, overlong lines, back-pressure marks towards a
 * child that does not read, spawn failures, freeing a running child. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "net/process.h"
#include "testutil.h"

#define MAX_LINES 16

struct seen {
	char lines[MAX_LINES][64];
	int nlines;
	char errlines[MAX_LINES][64];
	int nerr;
	size_t overlong;
	int ups, downs;          /* pressure above / back under */
	bool exited;
	int64_t status;
	int signal;
};

static void copy_line(char (*to)[64], int *n, const char *s, size_t len)
{
	if (*n >= MAX_LINES)
		return;
	if (len > 63)
		len = 63;
	memcpy(to[*n], s, len);
	to[*n][len] = 0;
	(*n)++;
}

static void on_line(struct net_proc *p, const char *s, size_t n)
{
	struct seen *w = p->data;

	copy_line(w->lines, &w->nlines, s, n);
}

static void on_errline(struct net_proc *p, const char *s, size_t n)
{
	struct seen *w = p->data;

	copy_line(w->errlines, &w->nerr, s, n);
}

static void on_overlong(struct net_proc *p, size_t dropped)
{
	((struct seen *)p->data)->overlong += dropped;
}

static void on_pressure(struct net_proc *p, bool above)
{
	struct seen *w = p->data;

	if (above)
		w->ups++;
	else
		w->downs++;
}

static void on_exited(struct net_proc *p, int64_t status, int sig)
{
	struct seen *w = p->data;

	w->exited = true;
	w->status = status;
	w->signal = sig;
	uv_stop(p->loop);
}

static const struct net_proc_ops ops = { on_line, on_overlong, on_errline, on_pressure,
					 on_exited };

static void on_deadline(uv_timer_t *t)
{
	uv_stop(t->loop);
}

/* Run the loop until a callback stops it, or 10 s (a failure). */
static void run_bounded(uv_loop_t *loop)
{
	uv_timer_t t;

	uv_timer_init(loop, &t);
	uv_timer_start(&t, on_deadline, 10000, 0);
	uv_run(loop, UV_RUN_DEFAULT);
	uv_close((uv_handle_t *)&t, NULL);
	uv_run(loop, UV_RUN_NOWAIT);
}

static struct net_proc *start(uv_loop_t *loop, struct seen *w, const char *script)
{
	const char *argv[] = { "/bin/sh", "-c", script, NULL };
	struct net_proc *p = net_proc_new(loop, &ops, w);
	struct lb_err err;

	assert_non_null(p);
	memset(w, 0, sizeof(*w));
	assert_int_equal(net_proc_spawn(p, argv, NULL, NULL, &err), 0);
	assert_true(p->pid > 0);
	return p;
}

/* Free p and run the loop until every handle is closed. */
static void finish(uv_loop_t *loop, struct net_proc *p)
{
	net_proc_free(p);
	uv_run(loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_alive(loop), 0);
}

static void test_lines_and_status(void **state)
{
	uv_loop_t loop;
	struct seen w;
	struct net_proc *p;

	(void)state;
	uv_loop_init(&loop);
	p = start(&loop, &w, "read a; echo \"got $a\"; read b; echo \"got $b\" >&2; "
			     "printf 'no newline'; exit 3");
	assert_int_equal(net_proc_send(p, "one\r\ntwo\n", 9), 0);
	run_bounded(&loop);
	assert_true(w.exited);
	assert_int_equal(w.status, 3);
	assert_int_equal(w.signal, 0);
	/* CR LF ends a line like LF; the last line counts without its LF */
	assert_int_equal(w.nlines, 2);
	assert_string_equal(w.lines[0], "got one");
	assert_string_equal(w.lines[1], "no newline");
	assert_int_equal(w.nerr, 1);
	assert_string_equal(w.errlines[0], "got two");
	assert_int_equal(net_proc_send(p, "late\n", 5), -1);
	finish(&loop, p);
	uv_loop_close(&loop);
}

static void test_killed(void **state)
{
	uv_loop_t loop;
	struct seen w;
	struct net_proc *p;

	(void)state;
	uv_loop_init(&loop);
	p = start(&loop, &w, "exec sleep 30");
	assert_int_equal(net_proc_kill(p, SIGTERM), 0);
	run_bounded(&loop);
	assert_true(w.exited);
	assert_int_equal(w.signal, SIGTERM);
	assert_int_equal(net_proc_kill(p, SIGTERM), -1);
	finish(&loop, p);
	uv_loop_close(&loop);
}

static void test_overlong_line(void **state)
{
	uv_loop_t loop;
	struct seen w;
	struct net_proc *p;
	const char *argv[] = { "/bin/sh", "-c",
			       "printf '%0100d\\nok\\n' 0; printf '%0300d\\n' 0 >&2", NULL };
	struct lb_err err;

	(void)state;
	uv_loop_init(&loop);
	memset(&w, 0, sizeof(w));
	p = net_proc_new(&loop, &ops, &w);
	p->max_line = 16;
	assert_int_equal(net_proc_spawn(p, argv, NULL, NULL, &err), 0);
	run_bounded(&loop);
	assert_true(w.exited);
	/* the long stdout line is dropped whole, the next one survives */
	assert_int_equal(w.overlong, 100);
	assert_int_equal(w.nlines, 1);
	assert_string_equal(w.lines[0], "ok");
	/* stderr is only logged: cut, not dropped */
	assert_int_equal(w.nerr, 1);
	assert_int_equal(strlen(w.errlines[0]), 16);
	finish(&loop, p);
	uv_loop_close(&loop);
}

struct feeder {
	struct net_proc *p;
	uv_timer_t t;
	int ticks;
	size_t max_pending;
	char chunk[64 * 1024];
};

/* Keep offering 64 KiB every 5 ms while the owner is not told to stop, as
 * the daemon does with events; once the child drains, let it finish. */
static void on_feed(uv_timer_t *t)
{
	struct feeder *f = t->data;
	struct seen *w = f->p->data;

	if (w->ups == 0)
		assert_int_equal(net_proc_send(f->p, f->chunk, sizeof(f->chunk)), 0);
	if (net_proc_pending(f->p) > f->max_pending)
		f->max_pending = net_proc_pending(f->p);
	if (++f->ticks > 1500 || (w->downs > 0 && net_proc_pending(f->p) == 0)) {
		uv_timer_stop(t);
		net_proc_kill(f->p, SIGTERM);
	}
}

static void test_back_pressure(void **state)
{
	uv_loop_t loop;
	struct seen w;
	struct feeder f;

	(void)state;
	uv_loop_init(&loop);
	memset(&f, 0, sizeof(f));
	memset(f.chunk, 'e', sizeof(f.chunk));
	/* it reads nothing for a second, then everything */
	f.p = start(&loop, &w, "sleep 1; exec cat >/dev/null");
	f.p->high = 256 * 1024;
	f.p->low = 64 * 1024;
	uv_timer_init(&loop, &f.t);
	f.t.data = &f;
	uv_timer_start(&f.t, on_feed, 5, 5);
	run_bounded(&loop);
	assert_true(w.exited);
	assert_int_equal(w.ups, 1);
	assert_int_equal(w.downs, 1);
	/* the owner stopped at the mark: the queue stayed near it (one
	 * chunk over, plus what the pipe itself holds is not counted) */
	assert_true(f.max_pending <= f.p->high + 64 * 1024);
	assert_true(f.p->written > 0);
	uv_close((uv_handle_t *)&f.t, NULL);
	finish(&loop, f.p);
	uv_loop_close(&loop);
}

static void test_spawn_failure(void **state)
{
	uv_loop_t loop;
	struct seen w;
	struct net_proc *p;
	const char *argv[] = { "/nonexistent/helper", NULL };
	struct lb_err err;

	(void)state;
	uv_loop_init(&loop);
	memset(&w, 0, sizeof(w));
	p = net_proc_new(&loop, &ops, &w);
	assert_int_equal(net_proc_spawn(p, argv, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.reason, "/nonexistent/helper: cannot start"));
	assert_int_equal(net_proc_send(p, "x\n", 2), -1);
	finish(&loop, p);
	assert_false(w.exited);
	uv_loop_close(&loop);
}

static void test_free_running(void **state)
{
	uv_loop_t loop;
	struct seen w;
	struct net_proc *p;
	int pid;
	uint64_t t0;

	(void)state;
	uv_loop_init(&loop);
	p = start(&loop, &w, "exec sleep 30");
	pid = p->pid;
	t0 = uv_hrtime();
	/* freed while running: SIGTERM, reaped at once, no callback */
	finish(&loop, p);
	assert_true(uv_hrtime() - t0 < 5000000000ull);
	assert_false(w.exited);
	assert_int_equal(kill(pid, 0), -1);
	assert_int_equal(errno, ESRCH);
	uv_loop_close(&loop);
}

/* What waits for a child that reads nothing: its bytes and its lines. */
static void test_pending_lines(void **state)
{
	uv_loop_t loop;
	struct seen w;
	struct net_proc *p;

	(void)state;
	uv_loop_init(&loop);
	p = start(&loop, &w, "exec sleep 30");
	assert_int_equal(net_proc_pending_lines(p), 0);
	assert_int_equal(net_proc_send(p, "done\n", 5), 0);
	assert_int_equal(net_proc_send(p, "error: x\nerror\n", 15), 0);
	assert_int_equal(net_proc_send(p, "partial", 7), 0);
	assert_int_equal(net_proc_pending(p), 27);
	assert_int_equal(net_proc_pending_lines(p), 3);
	finish(&loop, p);
	uv_loop_close(&loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_and_status),
		cmocka_unit_test(test_killed),
		cmocka_unit_test(test_overlong_line),
		cmocka_unit_test(test_back_pressure),
		cmocka_unit_test(test_spawn_failure),
		cmocka_unit_test(test_free_running),
		cmocka_unit_test(test_pending_lines),
	};

	/* a child that dies while we write must give EPIPE, not kill us */
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
