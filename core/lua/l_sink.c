/* A sink that turns a walker's events into Lua tables.  Objects become
 * tables with string keys, arrays become sequences; a 64-bit number that a
 * double cannot hold exactly is pushed as its decimal string.
 *
 * Stack discipline: every open container sits on the stack above its
 * parent; a member key waits on the stack above its container until the
 * value arrives.  When done, the first top-level value is left on top.
 */
#include <lauxlib.h>
#include <stdio.h>

#include "lua/module.h"

static struct l_sink *LS(struct sink *s)
{
	return (struct l_sink *)s;
}

/* The value on top of the stack is complete: store it in its parent. */
static void attach(struct l_sink *ls)
{
	lua_State *L = ls->L;

	if (ls->depth == 0)
		return; /* the root stays on the stack */
	if (ls->frame[ls->depth - 1].is_array) {
		lua_rawseti(L, -2, (int)++ls->frame[ls->depth - 1].next);
	} else if (ls->frame[ls->depth - 1].has_key) {
		lua_rawset(L, -3);
		ls->frame[ls->depth - 1].has_key = 0;
	} else {
		lua_pop(L, 1); /* a value without a key: dropped */
	}
}

static void open_container(struct sink *s, int is_array)
{
	struct l_sink *ls = LS(s);

	if (ls->depth >= sizeof(ls->frame) / sizeof(ls->frame[0]) ||
	    !lua_checkstack(ls->L, 4)) {
		s->failed = 1;
		return;
	}
	lua_newtable(ls->L);
	ls->frame[ls->depth].is_array = (uint8_t)is_array;
	ls->frame[ls->depth].has_key = 0;
	ls->frame[ls->depth].next = 0;
	ls->depth++;
}

static void close_container(struct sink *s)
{
	struct l_sink *ls = LS(s);

	if (ls->depth == 0)
		return;
	ls->depth--;
	attach(ls);
}

static void ls_obj_open(struct sink *s) { open_container(s, 0); }
static void ls_arr_open(struct sink *s) { open_container(s, 1); }

static void ls_key(struct sink *s, const char *k, size_t n)
{
	struct l_sink *ls = LS(s);

	if (!ls->depth || !lua_checkstack(ls->L, 2)) {
		s->failed = 1;
		return;
	}
	lua_pushlstring(ls->L, k, n);
	ls->frame[ls->depth - 1].has_key = 1;
}

static void ls_str(struct sink *s, const char *p, size_t n)
{
	lua_pushlstring(LS(s)->L, p, n);
	attach(LS(s));
}

static void ls_i64(struct sink *s, int64_t v)
{
	char tmp[24];

	if (v > (int64_t)1 << 53 || v < -((int64_t)1 << 53)) {
		snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
		lua_pushstring(LS(s)->L, tmp);
	} else {
		lua_pushnumber(LS(s)->L, (lua_Number)v);
	}
	attach(LS(s));
}

static void ls_u64(struct sink *s, uint64_t v)
{
	char tmp[24];

	if (v > (uint64_t)1 << 53) {
		snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);
		lua_pushstring(LS(s)->L, tmp);
	} else {
		lua_pushnumber(LS(s)->L, (lua_Number)v);
	}
	attach(LS(s));
}

static void ls_dbl(struct sink *s, double v)
{
	lua_pushnumber(LS(s)->L, v);
	attach(LS(s));
}

static void ls_bool(struct sink *s, int v)
{
	lua_pushboolean(LS(s)->L, v);
	attach(LS(s));
}

/* JSON null has no Lua counterpart that survives in a table: a light
 * userdata NULL stands for it, as lua-cjson does (cjson.null). */
static void ls_null(struct sink *s)
{
	lua_pushlightuserdata(LS(s)->L, NULL);
	attach(LS(s));
}

static const struct sink_ops l_sink_ops = {
	.obj_open = ls_obj_open,
	.obj_close = close_container,
	.arr_open = ls_arr_open,
	.arr_close = close_container,
	.key = ls_key,
	.str = ls_str,
	.i64 = ls_i64,
	.u64 = ls_u64,
	.dbl = ls_dbl,
	.boolean = ls_bool,
	.null = ls_null,
};

void l_sink_init(struct l_sink *ls, lua_State *L)
{
	sink_base_init(&ls->base, &l_sink_ops);
	ls->L = L;
	ls->base_top = lua_gettop(L);
	ls->depth = 0;
}

void l_sink_fini(struct l_sink *ls)
{
	sink_base_fini(&ls->base);
}
