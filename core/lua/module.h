/* luabgp.core: the C core as one Lua module. */
#ifndef LUABGP_LUA_MODULE_H
#define LUABGP_LUA_MODULE_H

#include <lua.h>

#include "base/err.h"
#include "base/sink.h"
#include "base/val.h"
#include "rib/static_routes.h"
#include "sched/sched.h"
#include "wire/wire.h"

int luaopen_luabgp_core(lua_State *L);

/* A session context from an options table at idx (absent: the decode
 * command's context): asn4 = bool, ibgp = bool, ext_msg = bool,
 * addpath = true | { "ipv4 unicast", ... } (path ids in both directions),
 * json = "v42" for ExaBGP 4.2's shapes. */
void l_ctx_from_opts(lua_State *L, int idx, struct wire_ctx *ctx);

/* Each binding file registers its functions into the table on top. */
void l_wire_register(lua_State *L);
void l_speaker_register(lua_State *L);
void l_static_register(lua_State *L);
void l_sched_register(lua_State *L);

/* The scheduler (l_sched.c): a new one pushed (loop NULL: its own loop),
 * the one at idx, closing it, and awaiting in a task: l_sched_await()
 * returns lua_yield()'s value, to be returned by the calling C function.
 * l_sched_timeout() reads seconds at idx as milliseconds (nil: -1). */
struct sched *l_sched_new(lua_State *L, uv_loop_t *loop);
struct sched *l_sched_check(lua_State *L, int idx);
void l_sched_close(struct sched *s);
int l_sched_await(lua_State *L, struct sched *s, struct sched_waitq *q, int64_t timeout_ms);
int64_t l_sched_timeout(lua_State *L, int idx);

/* The store of configured routes at idx (l_static.c), or a Lua error. */
struct static_routes *l_static_check(lua_State *L, int idx);

/* Expected failures: push nil, the reason, and a table with the details
 * (offset, code, subcode, action); returns 3. */
int l_err_push(lua_State *L, const struct lb_err *e);

/* The Lua value at idx as a tree in arena a (l_val.c); NULL with *why. */
struct val *l_val_from_lua(lua_State *L, int idx, struct arena *a, const char **why);

/* A sink that builds Lua tables (l_sink.c). */
struct l_sink {
	struct sink base;
	lua_State *L;
	int base_top;            /* stack top when the sink was created */
	unsigned depth;
	struct {
		uint8_t is_array;
		uint8_t has_key;
		uint32_t next;   /* next array index */
	} frame[64];
};

void l_sink_init(struct l_sink *ls, lua_State *L);
void l_sink_fini(struct l_sink *ls);

#endif
