/* The policies' side of a running speaker (lua/luabgp/script.lua):
 *
 *   sp:import_policy(i, on)     received UPDATEs go to the import policy
 *                               (events of kind "import") before anything
 *   ok, why = sp:import_apply(i, msg)  one back from the policy
 *   ok, why = sp:export_policy(i, on)  the routes given go to the export
 *                               policy (events of kind "export") before the
 *                               Adj-RIB-Out (speaker.h, spk_export_policy)
 *   ok, why = sp:export_apply(i, gen, orig [, msg])  the policy's answer:
 *                               msg as changed, orig alone as it was,
 *                               false rejected
 *   sp:export_resync(i)         answers were lost: everything is asked
 *                               again (spk_export_resync)
 */
#include <lauxlib.h>

#include "lua/l_speaker.h"

static int l_import_policy(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);

	nb->import_policy = lua_toboolean(L, 3);
	return 0;
}

static int push_result(lua_State *L, int rc, const struct lb_err *err, const char *fallback)
{
	if (rc < 0) {
		lua_pushnil(L);
		lua_pushstring(L, err->reason[0] ? err->reason : fallback);
		return 2;
	}
	lua_pushboolean(L, 1);
	return 1;
}

static int l_import_apply(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	size_t n;
	const uint8_t *msg = (const uint8_t *)luaL_checklstring(L, 3, &n);
	struct lb_err err;

	lb_err_clear(&err);
	return push_result(L, spk_import_apply(nb, msg, n, &err), &err, "not applied");
}

static int l_export_policy(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	struct lb_err err;
	int rc;

	lb_err_clear(&err);
	rc = spk_export_policy(nb, lua_toboolean(L, 3), &err);
	/* what is to be asked, or sent as given, goes at the next flush */
	nb->dirty = true;
	return push_result(L, rc, &err, "not changed");
}

static int l_export_resync(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);

	spk_export_resync(nb);
	nb->dirty = true;
	return 0;
}

static int l_export_apply(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	lua_Number gen = luaL_checknumber(L, 3);
	size_t olen, len = 0;
	const uint8_t *orig = (const uint8_t *)luaL_checklstring(L, 4, &olen);
	const uint8_t *msg = orig;
	struct lb_err err;

	if (lua_isstring(L, 5))
		msg = (const uint8_t *)lua_tolstring(L, 5, &len);
	else if (lua_isnoneornil(L, 5))
		len = olen;
	else
		msg = NULL; /* false: rejected */
	lb_err_clear(&err);
	nb->dirty = true;
	return push_result(L, spk_export_apply(nb, (uint32_t)gen, orig, olen, msg, len, &err),
			   &err, "not applied");
}

static const luaL_Reg methods[] = {
	{ "import_policy", l_import_policy },
	{ "import_apply", l_import_apply },
	{ "export_policy", l_export_policy },
	{ "export_apply", l_export_apply },
	{ "export_resync", l_export_resync },
	{ NULL, NULL },
};

void l_policy_register(lua_State *L)
{
	luaL_register(L, NULL, methods);
}
