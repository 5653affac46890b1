/* The scheduler for Lua (sched/sched.h):
 *
 *   S = core.scheduler()        one with its own loop (specs, tools);
 *                               the daemon's is sp:scheduler()
 *   id = S:spawn(fn, ...)       a task (resumed from the loop)
 *   id = S:spawn_guarded(fn, ...)  a task under the stall limit
 *   why = S:sleep(seconds)      in a task: "timeout", or "cancelled"
 *   why = S:join(id [, seconds])  in a task: "done" once task id is over
 *                               (at once if it is), "timeout", "cancelled"
 *   why = S:pause()             in a task: let the ready tasks run first
 *   why = S:wait([seconds])     in a task: until cancelled (or the time)
 *   n = S:cancel(id)            1 cancelled, 2 dropped before it ran, 0 none
 *   id = S:current()            the running task (nil outside tasks)
 *   S:settings{ budget = N, stall = SECONDS }
 *   S:on_end(fn)                fn(id, ...) as each task ends: what its
 *                               function returned, or false and why
 *   S:count(), S:resumes(), S:turns() (loop turns that resumed tasks),
 *   S:now() (ms of the loop's clock)
 *   S:run()                     own loop only: until no task is left
 *   S:close()
 */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "lua/module.h"

#define SCHED_MT "luabgp.scheduler"

struct l_sched {
	struct sched s;
	uv_loop_t own;
	int anchor_ref;                /* the thread tasks are made from */
	bool owns_loop, closed;
};

struct sched *l_sched_check(lua_State *L, int idx)
{
	struct l_sched *ls = luaL_checkudata(L, idx, SCHED_MT);

	if (ls->closed)
		luaL_error(L, "the scheduler is closed");
	return &ls->s;
}

struct sched *l_sched_new(lua_State *L, uv_loop_t *loop)
{
	struct l_sched *ls = lua_newuserdata(L, sizeof(*ls));
	lua_State *anchor;

	memset(ls, 0, sizeof(*ls));
	ls->closed = true;
	luaL_getmetatable(L, SCHED_MT);
	lua_setmetatable(L, -2);
	if (!loop) {
		if (uv_loop_init(&ls->own) < 0)
			luaL_error(L, "cannot create the event loop");
		ls->owns_loop = true;
		loop = &ls->own;
	}
	/* a thread of its own to make tasks from: the coroutine that asks for
	 * a scheduler may be gone long before it */
	anchor = lua_newthread(L);
	ls->anchor_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	sched_init(&ls->s, loop, anchor);
	ls->closed = false;
	return &ls->s;
}

void l_sched_close(struct sched *s)
{
	struct l_sched *ls = (struct l_sched *)s;

	if (ls->closed)
		return;
	ls->closed = true;
	sched_fini(&ls->s);
	luaL_unref(ls->s.L, LUA_REGISTRYINDEX, ls->anchor_ref);
	if (ls->owns_loop) {
		uv_run(&ls->own, UV_RUN_DEFAULT);
		uv_loop_close(&ls->own);
	}
}

/* The task running on L, or a Lua error: awaiting makes sense only in the
 * task's own coroutine (a coroutine.wrap inside a task would yield to its
 * caller, not to the scheduler). */
int l_sched_await(lua_State *L, struct sched *s, struct sched_waitq *q, int64_t timeout_ms)
{
	if (!s->current || s->current->co != L)
		return luaL_error(L, "awaiting outside a task (or inside a coroutine of a task)");
	sched_await(s, q, timeout_ms);
	return lua_yield(L, 0);
}

int64_t l_sched_timeout(lua_State *L, int idx)
{
	lua_Number sec;

	if (lua_isnoneornil(L, idx))
		return -1;
	sec = luaL_checknumber(L, idx);
	return sec <= 0 ? 0 : (int64_t)(sec * 1000 + 0.5);
}

static int l_new(lua_State *L)
{
	l_sched_new(L, NULL);
	return 1;
}

static int spawn(lua_State *L, bool guarded)
{
	struct sched *s = l_sched_check(L, 1);
	int nargs = lua_gettop(L) - 2;
	uint32_t id;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	id = sched_spawn(s, L, nargs, guarded);
	if (!id)
		return luaL_error(L, "out of memory");
	lua_pushinteger(L, id);
	return 1;
}

static int l_spawn(lua_State *L)
{
	return spawn(L, false);
}

static int l_spawn_guarded(lua_State *L)
{
	return spawn(L, true);
}

static int l_sleep(lua_State *L)
{
	struct sched *s = l_sched_check(L, 1);
	int64_t ms = l_sched_timeout(L, 2);

	return l_sched_await(L, s, NULL, ms < 0 ? 0 : ms);
}

static int l_pause(lua_State *L)
{
	return l_sched_await(L, l_sched_check(L, 1), NULL, 0);
}

static int l_wait(lua_State *L)
{
	struct sched *s = l_sched_check(L, 1);
	int64_t ms = l_sched_timeout(L, 2);

	if (ms == 0) {
		lua_pushstring(L, "timeout");
		return 1;
	}
	return l_sched_await(L, s, NULL, ms);
}

static int l_join(lua_State *L)
{
	struct sched *s = l_sched_check(L, 1);
	struct sched_task *t = sched_find(s, (uint32_t)luaL_checkinteger(L, 2));
	int64_t ms = l_sched_timeout(L, 3);

	if (!t) {
		lua_pushstring(L, "done");
		return 1;
	}
	if (t == s->current)
		return luaL_error(L, "a task cannot wait for its own end");
	if (ms == 0) {
		lua_pushstring(L, "timeout");
		return 1;
	}
	return l_sched_await(L, s, &t->ended, ms);
}

static int l_cancel(lua_State *L)
{
	struct sched *s = l_sched_check(L, 1);

	lua_pushinteger(L, sched_cancel(s, (uint32_t)luaL_checkinteger(L, 2)));
	return 1;
}

static int l_current(lua_State *L)
{
	struct sched *s = l_sched_check(L, 1);

	if (s->current && s->current->co == L)
		lua_pushinteger(L, s->current->id);
	else
		lua_pushnil(L);
	return 1;
}

static int l_settings(lua_State *L)
{
	struct sched *s = l_sched_check(L, 1);

	luaL_checktype(L, 2, LUA_TTABLE);
	lua_getfield(L, 2, "budget");
	if (!lua_isnil(L, -1)) {
		lua_Integer b = luaL_checkinteger(L, -1);

		if (b < 1)
			return luaL_error(L, "budget: at least one resume per loop turn");
		s->budget = (unsigned)b;
	}
	lua_getfield(L, 2, "stall");
	if (!lua_isnil(L, -1)) {
		lua_Number sec = luaL_checknumber(L, -1);

		s->stall_ms = sec > 0 ? (uint64_t)(sec * 1000) : 0;
	}
	lua_pop(L, 2);
	return 0;
}

static int l_count(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)sched_count(l_sched_check(L, 1)));
	return 1;
}

static int l_resumes(lua_State *L)
{
	lua_pushnumber(L, (lua_Number)l_sched_check(L, 1)->resumes);
	return 1;
}

static int l_turns(lua_State *L)
{
	lua_pushnumber(L, (lua_Number)l_sched_check(L, 1)->turns);
	return 1;
}

static int l_on_end(lua_State *L)
{
	struct sched *s = l_sched_check(L, 1);

	luaL_checktype(L, 2, LUA_TFUNCTION);
	if (s->end_ref != LUA_NOREF)
		luaL_unref(L, LUA_REGISTRYINDEX, s->end_ref);
	lua_settop(L, 2);
	s->end_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

static int l_now(lua_State *L)
{
	struct sched *s = l_sched_check(L, 1);

	uv_update_time(s->loop);
	lua_pushnumber(L, (lua_Number)uv_now(s->loop));
	return 1;
}

/* The loop stops once no task is left (checked after each turn's resumes) */
static void stop_when_idle(void *arg)
{
	struct sched *s = arg;

	if (!sched_count(s))
		uv_stop(s->loop);
}

static int l_run(lua_State *L)
{
	struct l_sched *ls = luaL_checkudata(L, 1, SCHED_MT);

	l_sched_check(L, 1);
	if (!ls->owns_loop)
		return luaL_error(L, "run: this scheduler runs on the speaker's loop (sp:run())");
	if (ls->s.current)
		return luaL_error(L, "run: called from a task");
	ls->s.after = stop_when_idle;
	ls->s.after_arg = &ls->s;
	if (sched_count(&ls->s))
		uv_run(&ls->own, UV_RUN_DEFAULT);
	ls->s.after = NULL;
	lua_pushinteger(L, (lua_Integer)sched_count(&ls->s));
	return 1;
}

static int l_gc(lua_State *L)
{
	struct l_sched *ls = luaL_checkudata(L, 1, SCHED_MT);

	if (ls->owns_loop)
		l_sched_close(&ls->s);
	return 0;
}

static int l_close(lua_State *L)
{
	struct l_sched *ls = luaL_checkudata(L, 1, SCHED_MT);

	if (ls->s.current)
		return luaL_error(L, "close: called from a task");
	l_sched_close(&ls->s);
	return 0;
}

static const luaL_Reg methods[] = {
	{ "spawn", l_spawn },
	{ "spawn_guarded", l_spawn_guarded },
	{ "sleep", l_sleep },
	{ "pause", l_pause },
	{ "wait", l_wait },
	{ "join", l_join },
	{ "cancel", l_cancel },
	{ "current", l_current },
	{ "settings", l_settings },
	{ "count", l_count },
	{ "resumes", l_resumes },
	{ "turns", l_turns },
	{ "now", l_now },
	{ "on_end", l_on_end },
	{ "run", l_run },
	{ "close", l_close },
	{ NULL, NULL },
};

static const luaL_Reg funcs[] = {
	{ "scheduler", l_new },
	{ NULL, NULL },
};

void l_sched_register(lua_State *L)
{
	luaL_newmetatable(L, SCHED_MT);
	lua_newtable(L);
	luaL_register(L, NULL, methods);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, l_gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);
	luaL_register(L, NULL, funcs);
}
