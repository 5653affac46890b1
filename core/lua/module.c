/* luaopen_luabgp_core: one module for the whole C core (DESIGN.md). */
#include <lauxlib.h>

#include "lua/module.h"

int l_err_push(lua_State *L, const struct lb_err *e)
{
	lua_pushnil(L);
	lua_pushstring(L, e->reason[0] ? e->reason : "unknown error");
	lua_createtable(L, 0, 4);
	lua_pushnumber(L, (lua_Number)e->offset);
	lua_setfield(L, -2, "offset");
	lua_pushinteger(L, e->code);
	lua_setfield(L, -2, "code");
	lua_pushinteger(L, e->subcode);
	lua_setfield(L, -2, "subcode");
	lua_pushstring(L, lb_act_name((enum lb_act)e->act));
	lua_setfield(L, -2, "action");
	return 3;
}

int luaopen_luabgp_core(lua_State *L)
{
	lua_newtable(L);
	l_wire_register(L);
	l_speaker_register(L);
	l_static_register(L);
	l_sched_register(L);
	return 1;
}
