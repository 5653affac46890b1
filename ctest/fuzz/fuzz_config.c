/* The configuration grammar (lua/luabgp/config/) through the Lua C API, as
 * RELIABILITY.md §6.2 G1 asks: any text given as an ExaBGP configuration
 * must either load or come back as nil and an error that config.format()
 * turns into "file:line:column: ...", never raise a Lua error (which would
 * be a traceback instead of a message for the user) nor hang.  Routes are
 * counted by a sink, not kept, as `luabgp --check` does. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzutil.h"
#include "lua/module.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

/* libFuzzer's entry points cannot carry a context: the Lua state lives for
 * the whole run, with the config module in its registry */
static lua_State *L;
static int config_ref, load_ref, format_ref;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	L = luaL_newstate();
	luaL_openlibs(L);
	lua_getglobal(L, "package");
	lua_pushstring(L, LUABGP_SOURCE_LUA_DIR "/?.lua;" LUABGP_SOURCE_LUA_DIR "/?/init.lua");
	lua_setfield(L, -2, "path");
	lua_getfield(L, -1, "preload");
	lua_pushcfunction(L, luaopen_luabgp_core);
	lua_setfield(L, -2, "luabgp.core");
	lua_pop(L, 2);
	lua_getglobal(L, "require");
	lua_pushstring(L, "luabgp.config");
	if (lua_pcall(L, 1, 1, 0) != 0)
		abort();
	lua_getfield(L, -1, "load_string");
	load_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_getfield(L, -1, "format");
	format_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	config_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

static int count_route(lua_State *S)
{
	(void)S;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int top = lua_gettop(L);

	if (size > 65536)
		return 0;
	lua_rawgeti(L, LUA_REGISTRYINDEX, load_ref);
	lua_pushlstring(L, (const char *)data, size);
	lua_pushstring(L, "fuzz.conf");
	lua_createtable(L, 0, 1);
	lua_pushcfunction(L, count_route);
	lua_setfield(L, -2, "sink");
	if (lua_pcall(L, 3, 2, 0) != 0)
		abort(); /* a Lua error escaped: the user would see a traceback */
	if (lua_isnil(L, -2)) {
		/* the error must format as file:line:column: what */
		lua_rawgeti(L, LUA_REGISTRYINDEX, format_ref);
		lua_pushvalue(L, -2);
		if (lua_pcall(L, 1, 1, 0) != 0 || !lua_isstring(L, -1) ||
		    strncmp(lua_tostring(L, -1), "fuzz.conf:", 10) != 0)
			abort();
	}
	lua_settop(L, top);
	lua_gc(L, LUA_GCSTEP, 0);
	return 0;
}
