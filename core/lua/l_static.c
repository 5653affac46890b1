/* Configured routes in bulk for Lua (rib/static_routes.h):
 *
 *   store = core.static_routes()
 *   ok = store:add(template, afi, "10.0.0.0/24")  template from 1, afi 4
 *                             or 6; false: not a plain prefix of that afi
 *                             (the configuration's general path takes it)
 *   n = store:count()
 *
 * A speaker takes the records over with sp:static_routes(i, store, ...).
 */
#include <lauxlib.h>

#include "lua/module.h"

#define STATIC_MT "luabgp.static_routes"

struct static_routes *l_static_check(lua_State *L, int idx)
{
	return luaL_checkudata(L, idx, STATIC_MT);
}

static int l_new(lua_State *L)
{
	struct static_routes *s = lua_newuserdata(L, sizeof(*s));

	static_routes_init(s);
	luaL_getmetatable(L, STATIC_MT);
	lua_setmetatable(L, -2);
	return 1;
}

static int l_add(lua_State *L)
{
	struct static_routes *s = l_static_check(L, 1);
	lua_Integer tmpl = luaL_checkinteger(L, 2), afi = luaL_checkinteger(L, 3);
	size_t n;
	const char *text = luaL_checklstring(L, 4, &n);
	int rc;

	if (tmpl < 1 || tmpl > STATIC_ROUTES_TEMPLATES)
		return luaL_argerror(L, 2, "template number out of range");
	rc = static_routes_add(s, (unsigned)(tmpl - 1), (int)afi, text, n);
	if (rc < 0)
		return luaL_error(L, "out of memory");
	lua_pushboolean(L, rc);
	return 1;
}

static int l_count(lua_State *L)
{
	lua_pushnumber(L, (lua_Number)l_static_check(L, 1)->count);
	return 1;
}

static int l_gc(lua_State *L)
{
	static_routes_fini(l_static_check(L, 1));
	return 0;
}

static const luaL_Reg methods[] = {
	{ "add", l_add },
	{ "count", l_count },
	{ NULL, NULL },
};

void l_static_register(lua_State *L)
{
	luaL_newmetatable(L, STATIC_MT);
	lua_newtable(L);
	luaL_register(L, NULL, methods);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, l_gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);
	lua_pushcfunction(L, l_new);
	lua_setfield(L, -2, "static_routes");
}
