/* luabgp: the executable.  C owns the process; the command line, the
 * configuration and the commands are Lua (lua/luabgp/main.lua), which calls
 * back into the core through the luabgp.core module linked in here. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lua/module.h"

/* Where lua/luabgp/ is: $LUABGP_LUA_PATH, the source tree of this build,
 * or the installed copy, in that order. */
static const char *lua_dir(void)
{
	const char *env = getenv("LUABGP_LUA_PATH");

	if (env && *env)
		return env;
	if (access(LUABGP_SOURCE_LUA_DIR "/luabgp/main.lua", R_OK) == 0)
		return LUABGP_SOURCE_LUA_DIR;
	return LUABGP_INSTALL_LUA_DIR;
}

static int traceback(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);

	if (!msg)
		msg = "(error object is not a string)";
	luaL_traceback(L, L, msg, 1);
	return 1;
}

static void set_path(lua_State *L, const char *dir)
{
	lua_getglobal(L, "package");
	lua_pushfstring(L, "%s/?.lua;%s/?/init.lua;", dir, dir);
	lua_getfield(L, -2, "path");
	lua_concat(L, 2);
	lua_setfield(L, -2, "path");
	lua_getfield(L, -1, "preload");
	lua_pushcfunction(L, luaopen_luabgp_core);
	lua_setfield(L, -2, "luabgp.core");
	lua_pop(L, 2);
}

int main(int argc, char **argv)
{
	lua_State *L = luaL_newstate();
	int status, code = 1;

	if (!L) {
		fprintf(stderr, "luabgp: cannot create the Lua state\n");
		return 1;
	}
	luaL_openlibs(L);
	set_path(L, lua_dir());
	lua_pushcfunction(L, traceback);
	lua_getglobal(L, "require");
	lua_pushstring(L, "luabgp.main");
	status = lua_pcall(L, 1, 1, 1);
	if (status == 0) {
		lua_getfield(L, -1, "main");
		lua_createtable(L, argc, 0);
		for (int i = 1; i < argc; i++) {
			lua_pushstring(L, argv[i]);
			lua_rawseti(L, -2, i);
		}
		lua_pushstring(L, LUABGP_VERSION);
		status = lua_pcall(L, 2, 1, 1);
	}
	if (status != 0) {
		fprintf(stderr, "luabgp: internal error: %s\n", lua_tostring(L, -1));
	} else {
		code = (int)luaL_optinteger(L, -1, 0);
	}
	lua_close(L);
	return code;
}
