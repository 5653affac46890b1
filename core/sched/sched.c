/* See sched.h. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched/sched.h"

#define TASK_OF(ptr, field) ((struct sched_task *)((char *)(ptr)-offsetof(struct sched_task, field)))
/* the count hook of guarded tasks: how many VM instructions between looks
 * at the clock (a look costs a clock_gettime) */
#define STALL_HOOK_COUNT 1000

static uint64_t now_ms(void)
{
	return uv_hrtime() / 1000000u;
}

static uint64_t id_hash(uint32_t id)
{
	/* task ids are ours, not a peer's: no keyed hash needed */
	return (uint64_t)id * 0x9E3779B97F4A7C15ull;
}

static bool id_eq(const void *item, const void *key)
{
	return ((const struct sched_task *)item)->id == *(const uint32_t *)key;
}

static void logf_err(struct sched *s, const char *msg)
{
	if (s->log)
		lb_logf(s->log, LB_LOG_ERR, LB_TOPIC_REACTOR, "%s", msg);
	else
		fprintf(stderr, "luabgp: %s\n", msg);
}

/* --- the ready list ------------------------------------------------------- */

static void on_idle(uv_idle_t *h);

static bool in_ready(const struct sched *s, const struct sched_task *t)
{
	return t->ready_next || s->ready_tail == t;
}

static void make_ready(struct sched_task *t, const char *why)
{
	struct sched *s = t->s;

	t->why = why;
	if (s->closed || t->state == SCHED_DONE || in_ready(s, t))
		return;
	t->state = SCHED_READY;
	if (s->ready_tail)
		s->ready_tail->ready_next = t;
	else
		s->ready_head = t;
	s->ready_tail = t;
	if (!s->closed && !uv_is_active((uv_handle_t *)&s->idle))
		uv_idle_start(&s->idle, on_idle);
}

static struct sched_task *pop_ready(struct sched *s)
{
	struct sched_task *t = s->ready_head;

	if (!t)
		return NULL;
	s->ready_head = t->ready_next;
	if (!s->ready_head)
		s->ready_tail = NULL;
	t->ready_next = NULL;
	return t;
}

/* --- a task's life -------------------------------------------------------- */

static void task_map(struct sched_task *t, bool on);

/* --- deadlines ------------------------------------------------------------ */

static void on_deadline(uv_timer_t *h);

/* The timer at the earliest deadline (none: stopped). */
static void arm(struct sched *s)
{
	struct sched_deadline *d = sched_deadlines_first(&s->deadlines);
	uint64_t now = uv_now(s->loop);

	if (!d)
		uv_timer_stop(&s->timer);
	else
		uv_timer_start(&s->timer, on_deadline, d->due > now ? d->due - now : 0, 0);
}

static void no_deadline(struct sched_task *t)
{
	/* the timer may fire for nothing then: arm() again finds the next */
	sched_deadlines_remove(&t->s->deadlines, &t->deadline);
}

/* The task is over: whoever waits for its end is woken, its thread is let
 * go; its memory goes when it leaves the ready list (if it is on it). */
static void finish(struct sched_task *t)
{
	struct sched *s = t->s;

	if (t->state == SCHED_DONE)
		return;
	t->state = SCHED_DONE;
	htab_remove(&s->tasks, id_hash(t->id), &t->id, id_eq);
	sched_waiter_unlink(&t->w);
	no_deadline(t);
	if (t->guarded)
		task_map(t, false);
	if (t->returned && !s->closed && s->npool < SCHED_POOL && lua_status(t->co) == 0) {
		lua_settop(t->co, 0);
		/* a task may have given its thread other globals (setfenv(0, ...)):
		 * the next one starts with the scheduler's, as on a new thread */
		lua_pushvalue(s->L, LUA_GLOBALSINDEX);
		lua_xmove(s->L, t->co, 1);
		lua_replace(t->co, LUA_GLOBALSINDEX);
		s->pool[s->npool].co = t->co;
		s->pool[s->npool++].ref = t->ref;
	} else {
		luaL_unref(s->L, LUA_REGISTRYINDEX, t->ref);
	}
	t->ref = LUA_NOREF;
	t->co = NULL;
	sched_waitq_wake_all(&t->ended);
	if (!in_ready(s, t))
		free(t);
}

static void on_wake(struct sched_waiter *w)
{
	struct sched_task *t = TASK_OF(w, w);

	no_deadline(t);
	make_ready(t, "woken");
}

static void on_deadline(uv_timer_t *h)
{
	struct sched *s = h->data;
	uint64_t now = uv_now(s->loop);
	struct sched_deadline *d;

	while ((d = sched_deadlines_first(&s->deadlines)) && d->due <= now) {
		struct sched_task *t = TASK_OF(d, deadline);

		sched_deadlines_remove(&s->deadlines, d);
		sched_waiter_unlink(&t->w);
		make_ready(t, "timeout");
	}
	arm(s);
}

/* --- the stall limit ------------------------------------------------------ */

/* The task a guarded coroutine runs: the registry maps the thread (as a
 * light userdata) to its task while the task lives, so that each
 * scheduler finds its own tasks whatever other schedulers exist. */
static struct sched_task *task_of(lua_State *L)
{
	struct sched_task *t;

	lua_pushlightuserdata(L, L);
	lua_rawget(L, LUA_REGISTRYINDEX);
	t = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return t;
}

static void task_map(struct sched_task *t, bool on)
{
	lua_State *L = t->s->L;

	lua_pushlightuserdata(L, t->co);
	if (on)
		lua_pushlightuserdata(L, t);
	else
		lua_pushnil(L);
	lua_rawset(L, LUA_REGISTRYINDEX);
}

/* Past the limit the task is stopped where it is: a yield from the hook
 * (Lua 5.1 lets count hooks yield) goes through every pcall of the task,
 * which an error would not, and resume() drops a stalled task. */
static void stall_hook(lua_State *L, lua_Debug *ar)
{
	struct sched_task *t = task_of(L);
	struct sched *s = t ? t->s : NULL;
	uint64_t ran;
	char msg[160];

	(void)ar;
	if (!t || !t->guarded || !s->stall_ms || s->current != t)
		return;
	ran = now_ms() - t->resumed_at;
	if (ran <= s->stall_ms)
		return;
	t->stalled = true;
	snprintf(msg, sizeof(msg), "task %u ran %llu ms without yielding (limit %llu ms): stopped",
		 (unsigned)t->id, (unsigned long long)ran, (unsigned long long)s->stall_ms);
	logf_err(s, msg);
	lua_yield(L, 0);
}

/* --- resuming ------------------------------------------------------------- */

/* An error that escaped the task's function: logged with its traceback,
 * which is left on s->L for the end function. */
static void report(struct sched *s, struct sched_task *t, int rc)
{
	char msg[1024];
	const char *err = lua_tostring(t->co, -1);

	luaL_traceback(s->L, t->co, err ? err : "(error object is not a string)", 0);
	snprintf(msg, sizeof(msg), "task %u failed%s: %s", (unsigned)t->id,
		 rc == LUA_ERRMEM ? " (out of memory)" : "", lua_tostring(s->L, -1));
	logf_err(s, msg);
}

static int end_traceback(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);

	luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
	return 1;
}

/* The end function with the task's id and the n values on top of s->L. */
static void call_end(struct sched *s, struct sched_task *t, int n)
{
	lua_State *L = s->L;
	int base;

	if (s->end_ref == LUA_NOREF) {
		lua_pop(L, n);
		return;
	}
	/* below the values: the traceback handler, the function, the id */
	lua_pushcfunction(L, end_traceback);
	lua_rawgeti(L, LUA_REGISTRYINDEX, s->end_ref);
	lua_pushinteger(L, t->id);
	lua_insert(L, -3 - n);
	lua_insert(L, -3 - n);
	lua_insert(L, -3 - n);
	base = lua_gettop(L) - n - 2;
	if (lua_pcall(L, n + 1, 0, base) != 0) {
		char msg[512];

		snprintf(msg, sizeof(msg), "task %u: its end function failed: %s", (unsigned)t->id,
			 lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
		lua_pop(L, 1);
		logf_err(s, msg);
	}
	lua_remove(L, base);
}

/* Why the task ended, for the end function: what it returned, or false
 * and the reason. */
static void ended(struct sched *s, struct sched_task *t, int rc)
{
	int n;

	if (rc == 0) {
		n = lua_gettop(t->co);
		lua_xmove(t->co, s->L, n);
		call_end(s, t, n);
		return;
	}
	lua_pushboolean(s->L, 0);
	if (rc == LUA_YIELD) {
		lua_pushliteral(s->L, "stopped: it ran past the stall limit without yielding");
	} else {
		report(s, t, rc);
	}
	call_end(s, t, 2);
}

static void resume(struct sched *s, struct sched_task *t)
{
	lua_State *co = t->co;
	bool guard = t->guarded && s->stall_ms;
	bool first = !t->started;
	int nargs, rc;

	if (!t->started) {
		t->started = true;
		nargs = t->nargs;
	} else {
		lua_pushstring(co, t->why ? t->why : "woken");
		nargs = 1;
	}
	t->state = SCHED_RUNNING;
	t->awaiting = false;
	s->current = t;
	s->resumes++;
	if (first ? lua_status(co) != 0 || lua_gettop(co) != nargs + 1
		  : lua_status(co) != LUA_YIELD) {
		/* Lua code that kept this thread (coroutine.running() in an
		 * earlier task of a pooled thread) resumed it itself */
		lua_settop(co, 0);
		lua_pushliteral(co, "its thread was resumed outside the scheduler");
		rc = LUA_ERRRUN;
	} else {
		if (guard) {
			t->resumed_at = now_ms();
			lua_sethook(co, stall_hook, LUA_MASKCOUNT, STALL_HOOK_COUNT);
		}
		rc = lua_resume(co, nargs);
		if (guard)
			lua_sethook(co, NULL, 0, 0);
	}
	s->current = NULL;
	if (rc == LUA_YIELD && !t->stalled) {
		lua_settop(co, 0);
		if (t->state != SCHED_RUNNING)
			return; /* woken before it yielded: ready already */
		if (t->awaiting)
			t->state = SCHED_WAITING;
		else
			make_ready(t, "woken");
		return;
	}
	/* a stalled task (stall_hook() logged it) is not resumed again; while
	 * its end function runs it is still the running task, so that the
	 * end function can neither run nor close the scheduler under it */
	s->current = t;
	t->returned = rc == 0 && !t->stalled;
	ended(s, t, rc);
	s->current = NULL;
	finish(t);
}

static void on_idle(uv_idle_t *h)
{
	struct sched *s = h->data;
	struct sched_task *t;
	unsigned n = 0;

	s->turns++;
	while (n < s->budget && (t = pop_ready(s))) {
		if (t->state == SCHED_DONE) {
			free(t); /* dropped while ready */
			continue;
		}
		resume(s, t);
		n++;
	}
	if (s->after)
		s->after(s->after_arg);
	if (!s->ready_head)
		uv_idle_stop(&s->idle);
	/* libuv read its clock before this turn's resumes and computes how
	 * long to poll from it: read it again, or every timer would be late by
	 * as long as the tasks ran */
	uv_update_time(s->loop);
}

/* --- the interface -------------------------------------------------------- */

void sched_init(struct sched *s, uv_loop_t *loop, lua_State *L)
{
	memset(s, 0, sizeof(*s));
	s->loop = loop;
	s->L = L;
	s->budget = 50;
	s->next_id = 1;
	s->end_ref = LUA_NOREF;
	htab_init(&s->tasks);
	uv_idle_init(loop, &s->idle);
	s->idle.data = s;
	sched_deadlines_init(&s->deadlines);
	uv_timer_init(loop, &s->timer);
	s->timer.data = s;
}

static void idle_closed(uv_handle_t *h)
{
	(void)h;
}

void sched_fini(struct sched *s)
{
	struct sched_task *t;
	void *item;

	if (s->closed)
		return;
	s->closed = true;
	while ((t = pop_ready(s)))
		if (t->state == SCHED_DONE)
			free(t);
	for (size_t pos = 0; htab_next(&s->tasks, &pos, &item);) {
		t = item;
		t->state = SCHED_READY; /* finish() below, outside the iteration */
	}
	while (s->tasks.count) {
		size_t pos = 0;

		htab_next(&s->tasks, &pos, &item);
		finish(item);
	}
	htab_fini(&s->tasks);
	while (s->npool)
		luaL_unref(s->L, LUA_REGISTRYINDEX, s->pool[--s->npool].ref);
	if (s->end_ref != LUA_NOREF)
		luaL_unref(s->L, LUA_REGISTRYINDEX, s->end_ref);
	s->end_ref = LUA_NOREF;
	uv_idle_stop(&s->idle);
	uv_close((uv_handle_t *)&s->idle, idle_closed);
	sched_deadlines_fini(&s->deadlines);
	uv_timer_stop(&s->timer);
	uv_close((uv_handle_t *)&s->timer, idle_closed);
}

uint32_t sched_spawn(struct sched *s, lua_State *L, int nargs, bool guarded)
{
	struct sched_task *t = calloc(1, sizeof(*t));
	uint32_t id;

	if (!t || s->closed) {
		free(t);
		lua_pop(L, nargs + 1);
		return 0;
	}
	do
		id = s->next_id++;
	while (id == 0 || sched_find(s, id));
	t->s = s;
	t->id = id;
	t->guarded = guarded;
	t->nargs = nargs;
	t->w.wake = on_wake;
	sched_waitq_init(&t->ended);
	if (htab_insert(&s->tasks, id_hash(id), t) < 0) {
		free(t);
		lua_pop(L, nargs + 1);
		return 0;
	}
	if (s->npool) {
		s->npool--;
		t->co = s->pool[s->npool].co;
		t->ref = s->pool[s->npool].ref;
	} else {
		t->co = lua_newthread(s->L);
		t->ref = luaL_ref(s->L, LUA_REGISTRYINDEX);
	}
	lua_xmove(L, t->co, nargs + 1);
	if (guarded)
		task_map(t, true);
	sched_deadline_init(&t->deadline);
	t->state = SCHED_WAITING; /* make_ready() queues it */
	make_ready(t, NULL);
	return id;
}

struct sched_task *sched_find(struct sched *s, uint32_t id)
{
	return htab_find(&s->tasks, id_hash(id), &id, id_eq);
}

int sched_cancel(struct sched *s, uint32_t id)
{
	struct sched_task *t = sched_find(s, id);

	if (!t || t == s->current || t->state == SCHED_RUNNING)
		return 0;
	if (!t->started) {
		finish(t); /* still on the ready list: freed when it leaves it */
		return 2;
	}
	if (t->state == SCHED_WAITING) {
		sched_waiter_unlink(&t->w);
		no_deadline(t);
	}
	make_ready(t, "cancelled");
	return 1;
}

int sched_await(struct sched *s, struct sched_waitq *q, int64_t timeout_ms)
{
	struct sched_task *t = s->current;

	if (!t)
		return -1;
	if (!q && timeout_ms == 0)
		return 0; /* resume() puts it back on the ready list */
	t->awaiting = true;
	if (q)
		sched_waiter_link(&t->w, q);
	if (timeout_ms >= 0) {
		struct sched_deadline *first = sched_deadlines_first(&s->deadlines);

		/* the tasks before it in this turn took time: from now, not from
		 * when the turn began */
		uv_update_time(s->loop);
		if (sched_deadlines_push(&s->deadlines, &t->deadline,
					 uv_now(s->loop) + (uint64_t)timeout_ms) < 0) {
			/* no room for it: it times out at once rather than never */
			sched_waiter_unlink(&t->w);
			make_ready(t, "timeout");
		} else if (sched_deadlines_first(&s->deadlines) != first) {
			arm(s);
		}
	}
	return 0;
}

size_t sched_count(const struct sched *s)
{
	return s->tasks.count;
}
