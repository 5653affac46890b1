/* luabgp.core: the C core as one Lua module. */
#ifndef LUABGP_LUA_MODULE_H
#define LUABGP_LUA_MODULE_H

#include <lua.h>

#include "base/err.h"
#include "base/sink.h"

int luaopen_luabgp_core(lua_State *L);

/* Each binding file registers its functions into the table on top. */
void l_wire_register(lua_State *L);

/* Expected failures: push nil, the reason, and a table with the details
 * (offset, code, subcode, action); returns 3. */
int l_err_push(lua_State *L, const struct lb_err *e);

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
