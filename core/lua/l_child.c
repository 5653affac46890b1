/* Commands run from tasks (a health check's probe, a script's helper): a
 * child process with its standard streams on /dev/null, whose exit a task
 * awaits without blocking the loop.
 *
 *   id = sp:child{ "argv0", "arg", ... }     nil, why when it cannot start
 *   status, signal = sp:child_status(id)     nil while it runs
 *   why = sp:await_child(id [, seconds])     in a task: until it exits
 *   sp:child_kill(id [, signal])             SIGTERM by default
 *   sp:child_forget(id)                      its status is not kept; a
 *                                            running child is killed
 */
#include <lauxlib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "lua/l_speaker.h"
#include "lua/module.h"

#define CHILD_ARGS 256

struct l_child {
	struct l_speaker *s;
	uv_process_t proc;
	uint32_t id;
	bool exited, forgotten;
	int64_t status;
	int signal;
	struct sched_waitq waiters;
	struct l_child *next;
};

static struct l_child *child_find(struct l_speaker *s, uint32_t id)
{
	for (struct l_child *c = s->children; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

static void child_unlink(struct l_child *c)
{
	for (struct l_child **p = &c->s->children; *p; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			return;
		}
}

static void child_closed(uv_handle_t *h)
{
	free(h->data);
}

static void child_exited(uv_process_t *p, int64_t status, int term_signal)
{
	struct l_child *c = p->data;

	c->exited = true;
	c->status = status;
	c->signal = term_signal;
	sched_waitq_wake_all(&c->waiters);
	if (c->forgotten) {
		child_unlink(c);
		uv_close((uv_handle_t *)&c->proc, child_closed);
	}
}

static int l_child(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	const char *argv[CHILD_ARGS + 1];
	uv_process_options_t o;
	uv_stdio_container_t io[3];
	struct l_child *c;
	int n = 0, rc;

	luaL_checktype(L, 2, LUA_TTABLE);
	/* each argument stays on the stack until uv_spawn() has copied it: a
	 * number converted to a string exists nowhere else */
	lua_settop(L, 2);
	luaL_checkstack(L, CHILD_ARGS + 4, "too many arguments");
	while (n < CHILD_ARGS) {
		lua_rawgeti(L, 2, n + 1);
		if (lua_isnil(L, -1)) {
			lua_pop(L, 1);
			break;
		}
		if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER)
			return luaL_argerror(L, 2, "arguments are strings");
		lua_tostring(L, -1); /* in place: the stack slot holds the string */
		argv[n++] = lua_tostring(L, -1);
	}
	argv[n] = NULL;
	if (n == 0)
		return luaL_argerror(L, 2, "nothing to run");
	c = calloc(1, sizeof(*c));
	if (!c)
		return luaL_error(L, "out of memory");
	memset(&o, 0, sizeof(o));
	memset(io, 0, sizeof(io));
	for (int i = 0; i < 3; i++)
		io[i].flags = UV_IGNORE;
	o.file = argv[0];
	o.args = (char **)argv;
	o.exit_cb = child_exited;
	o.stdio = io;
	o.stdio_count = 3;
	c->s = s;
	c->proc.data = c;
	sched_waitq_init(&c->waiters);
	rc = uv_spawn(&s->loop, &c->proc, &o);
	if (rc < 0) {
		/* libuv initialised the handle: it is closed like any other */
		uv_close((uv_handle_t *)&c->proc, child_closed);
		lua_pushnil(L);
		lua_pushfstring(L, "%s: %s", argv[0], uv_strerror(rc));
		return 2;
	}
	c->id = ++s->next_child;
	c->next = s->children;
	s->children = c;
	lua_pushinteger(L, c->id);
	return 1;
}

static int l_child_status(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct l_child *c = child_find(s, (uint32_t)luaL_checkinteger(L, 2));

	if (!c)
		return luaL_argerror(L, 2, "no such child");
	if (!c->exited) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushnumber(L, (lua_Number)c->status);
	lua_pushinteger(L, c->signal);
	return 2;
}

static int l_await_child(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct l_child *c = child_find(s, (uint32_t)luaL_checkinteger(L, 2));

	if (!c || c->exited) {
		lua_pushstring(L, "woken");
		return 1;
	}
	if (!s->sched)
		return luaL_error(L, "await_child: no scheduler");
	return l_sched_await(L, s->sched, &c->waiters, l_sched_timeout(L, 3));
}

static int l_child_kill(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct l_child *c = child_find(s, (uint32_t)luaL_checkinteger(L, 2));
	int sig = (int)luaL_optinteger(L, 3, SIGTERM);

	if (c && !c->exited)
		uv_process_kill(&c->proc, sig);
	return 0;
}

static void forget(struct l_child *c)
{
	if (c->exited) {
		child_unlink(c);
		uv_close((uv_handle_t *)&c->proc, child_closed);
	} else {
		c->forgotten = true;
		uv_process_kill(&c->proc, SIGKILL);
	}
}

static int l_child_forget(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct l_child *c = child_find(s, (uint32_t)luaL_checkinteger(L, 2));

	if (c)
		forget(c);
	return 0;
}

void l_child_close_all(struct l_speaker *s)
{
	while (s->children) {
		struct l_child *c = s->children;

		child_unlink(c);
		if (!c->exited)
			uv_process_kill(&c->proc, SIGKILL);
		sched_waitq_wake_all(&c->waiters);
		uv_close((uv_handle_t *)&c->proc, child_closed);
	}
}

static const luaL_Reg methods[] = {
	{ "child", l_child },
	{ "child_status", l_child_status },
	{ "await_child", l_await_child },
	{ "child_kill", l_child_kill },
	{ "child_forget", l_child_forget },
	{ NULL, NULL },
};

void l_child_register(lua_State *L)
{
	luaL_register(L, NULL, methods);
}
