/* Wire codecs for Lua: decode messages to tables or to ExaBGP's JSON text.
 *
 *   core.decode(bytes [, opts])       -> table | nil, reason, details
 *   core.encode(table [, opts])       -> bytes | nil, reason
 *   core.decode_json(bytes [, opts])  -> text, warning | nil, reason, details
 *   core.hex_decode(text)             -> bytes | nil, reason, details
 *   core.hex_encode(bytes)            -> "FFFF..."
 *   core.families()                   -> { "ipv4 unicast", ... }
 *   core.family("ipv4 flow")          -> 1, 133 (AFI, SAFI) | nil
 *   core.encode_attribute(name, value [, opts]) -> attribute bytes | nil, why
 *   core.encode_operational{ name = "ADM", afi = "ipv4", safi = "unicast",
 *                            advisory = TEXT | router-id, sequence, counter }
 *                                     -> an OPERATIONAL message | nil, why
 *
 * opts: kind = "update" | "open" | "nlri", family = "ipv4 flow", and the
 *       session context of l_ctx_from_opts() (asn4, ibgp, ext_msg, addpath,
 *       json).  encode takes ExaBGP's "update" object (or { eor = {...} })
 *       and returns one whole UPDATE message.
 */
#include <lauxlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "base/hex.h"
#include "base/arena.h"
#include "emit/decode.h"
#include "wire/message.h"
#include "wire/update_encode.h"
#include "lua/module.h"

static bool opt_bool(lua_State *L, int idx, const char *name, bool dflt)
{
	bool v = dflt;

	lua_getfield(L, idx, name);
	if (!lua_isnil(L, -1))
		v = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return v;
}

void l_ctx_from_opts(lua_State *L, int idx, struct wire_ctx *ctx)
{
	const char *json;

	wire_ctx_init_decode(ctx);
	if (lua_isnoneornil(L, idx))
		return;
	luaL_checktype(L, idx, LUA_TTABLE);
	ctx->asn4 = opt_bool(L, idx, "asn4", true);
	ctx->ibgp = opt_bool(L, idx, "ibgp", true);
	ctx->ext_msg = opt_bool(L, idx, "ext_msg", true);
	if (!ctx->ibgp)
		ctx->peer_as = ctx->local_as + 1;
	lua_getfield(L, idx, "addpath");
	if (lua_istable(L, -1)) {
		for (int i = 1;; i++) {
			const struct wire_family *f;

			lua_rawgeti(L, -1, i);
			if (lua_isnil(L, -1)) {
				lua_pop(L, 1);
				break;
			}
			f = wire_family_by_name(luaL_checkstring(L, -1));
			if (!f)
				luaL_argerror(L, idx, "addpath: unknown family");
			ctx->addpath_rx |= WIRE_FAM_BIT(f->fam);
			lua_pop(L, 1);
		}
	} else if (lua_toboolean(L, -1)) {
		ctx->addpath_rx = ctx->families;
	}
	lua_pop(L, 1);
	ctx->addpath_tx = ctx->addpath_rx;
	lua_getfield(L, idx, "json");
	json = lua_tostring(L, -1);
	if (json && strcmp(json, "v42") == 0)
		ctx->json_flags |= WIRE_JSON_V42;
	lua_pop(L, 1);
	lua_getfield(L, idx, "compact");
	if (lua_toboolean(L, -1))
		ctx->json_flags |= WIRE_JSON_COMPACT;
	lua_pop(L, 1);
}

static void read_opts(lua_State *L, int idx, struct emit_decode_opts *o)
{
	const char *kind = "update", *family = NULL;

	memset(o, 0, sizeof(*o));
	if (!lua_isnoneornil(L, idx)) {
		luaL_checktype(L, idx, LUA_TTABLE);
		lua_getfield(L, idx, "kind");
		kind = luaL_optstring(L, -1, "update");
		lua_getfield(L, idx, "family");
		family = luaL_optstring(L, -1, NULL);
		lua_getfield(L, idx, "addpath");
		o->addpath = lua_toboolean(L, -1);
		lua_pop(L, 3);
	}
	if (strcmp(kind, "update") == 0)
		o->kind = EMIT_DECODE_UPDATE;
	else if (strcmp(kind, "open") == 0)
		o->kind = EMIT_DECODE_OPEN;
	else if (strcmp(kind, "nlri") == 0)
		o->kind = EMIT_DECODE_NLRI;
	else
		luaL_argerror(L, idx, "kind must be \"update\", \"open\" or \"nlri\"");
	if (family && family[0]) {
		o->fam = wire_family_by_name(family);
		if (!o->fam)
			luaL_argerror(L, idx, "unknown family");
	}
}

/* The neighbor ExaBGP's decode command reports. */
static const struct emit_peer decode_peer = {
	.local_addr = "127.0.0.1",
	.peer_addr = "127.0.0.1",
	.local_as = 65533,
	.peer_as = 65533,
	.router_id = "127.0.0.1",
};

static int l_decode_json(lua_State *L)
{
	size_t n;
	const char *p = luaL_checklstring(L, 1, &n);
	struct emit_decode_opts o;
	struct wire_ctx ctx;
	struct emit_env env = { .version = "4.0.1", .host = "localhost", .counter = 1 };
	struct lb_err err, warn;
	struct wbuf out;
	char host[256];

	read_opts(L, 2, &o);
	l_ctx_from_opts(L, 2, &ctx);
	if (o.addpath)
		ctx.addpath_rx = ctx.addpath_tx = ctx.families;
	o.ctx = &ctx;
	if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = 0;
		env.host = host;
	}
	{
		struct timeval tv;

		gettimeofday(&tv, NULL);
		env.time = (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
	}
	env.pid = (long)getpid();
	env.ppid = (long)getppid();
	o.env = &env;
	o.peer = &decode_peer;
	wbuf_init(&out, 1024);
	if (emit_decode(&out, (const uint8_t *)p, n, &o, &err, &warn) < 0) {
		wbuf_fini(&out);
		return l_err_push(L, &err);
	}
	lua_pushlstring(L, (const char *)out.data, out.len);
	wbuf_fini(&out);
	if (warn.act != LB_ACT_NONE) {
		lua_pushfstring(L, "offset %d: %s (%s)", (int)warn.offset, warn.reason,
				lb_act_name((enum lb_act)warn.act));
		return 2;
	}
	return 1;
}

static int l_decode(lua_State *L)
{
	size_t n;
	const char *p = luaL_checklstring(L, 1, &n);
	struct emit_decode_opts o;
	struct lb_err err, warn;
	struct l_sink ls;
	struct wire_ctx ctx;
	int top = lua_gettop(L);

	read_opts(L, 2, &o);
	l_ctx_from_opts(L, 2, &ctx);
	if (o.addpath)
		ctx.addpath_rx = ctx.addpath_tx = ctx.families;
	o.ctx = &ctx;
	if (o.kind == EMIT_DECODE_NLRI)
		return luaL_argerror(L, 2, "kind \"nlri\" is for decode_json");
	l_sink_init(&ls, L);
	if (emit_decode_sink(&ls.base, (const uint8_t *)p, n, &o, &err, &warn) < 0) {
		l_sink_fini(&ls);
		lua_settop(L, top);
		return l_err_push(L, &err);
	}
	l_sink_fini(&ls);
	if (ls.base.failed) {
		lua_settop(L, top);
		lua_pushnil(L);
		lua_pushstring(L, "out of memory building the table");
		return 2;
	}
	/* stack: ..., table */
	if (warn.act != LB_ACT_NONE) {
		lua_pushfstring(L, "offset %d: %s (%s)", (int)warn.offset, warn.reason,
				lb_act_name((enum lb_act)warn.act));
		return 2;
	}
	return 1;
}

/* What encode_with() makes of its value. */
enum encode_what { ENCODE_UPDATE, ENCODE_ATTRIBUTE, ENCODE_OPERATIONAL };

/* Encode the Lua value at idx (an UPDATE, one attribute with desc, or an
 * OPERATIONAL message) and push the bytes, or nil and why. */
static int encode_with(lua_State *L, int idx, const struct wire_ctx *ctx,
		       const struct wire_attr_desc *desc, enum encode_what what)
{
	struct arena a;
	struct wbuf out;
	struct lb_err err;
	const struct val *v;
	const char *why;
	int rc;

	arena_init(&a, 4096);
	v = l_val_from_lua(L, idx, &a, &why);
	if (!v) {
		arena_fini(&a);
		lua_pushnil(L);
		lua_pushstring(L, why);
		return 2;
	}
	wbuf_init(&out, 256);
	lb_err_clear(&err);
	if (what == ENCODE_OPERATIONAL)
		rc = wire_operational_encode(&out, v, &err);
	else if (what == ENCODE_ATTRIBUTE)
		rc = desc->encode(&out, v, ctx, &err);
	else
		rc = wire_update_encode(&out, v, ctx, &err);
	arena_fini(&a);
	if (rc < 0) {
		wbuf_fini(&out);
		return l_err_push(L, &err);
	}
	lua_pushlstring(L, (const char *)out.data, out.len);
	wbuf_fini(&out);
	return 1;
}

static int l_encode(lua_State *L)
{
	struct wire_ctx ctx;

	luaL_checktype(L, 1, LUA_TTABLE);
	l_ctx_from_opts(L, 2, &ctx);
	return encode_with(L, 1, &ctx, NULL, ENCODE_UPDATE);
}

static int l_encode_operational(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	return encode_with(L, 1, NULL, NULL, ENCODE_OPERATIONAL);
}

static int l_hex_decode(lua_State *L)
{
	size_t n, bad;
	const char *s = luaL_checklstring(L, 1, &n);
	struct wbuf out;
	struct lb_err err;

	wbuf_init(&out, n / 2 + 1);
	if (hex_decode(s, n, &out, &bad) < 0) {
		wbuf_fini(&out);
		lb_err_clear(&err);
		if (bad >= n)
			lb_err_set(&err, LB_ACT_NONE, 0, 0, bad,
				   "odd number of hex digits");
		else
			lb_err_set(&err, LB_ACT_NONE, 0, 0, bad,
				   "character %d is not a hex digit", (int)bad + 1);
		return l_err_push(L, &err);
	}
	lua_pushlstring(L, (const char *)out.data, out.len);
	wbuf_fini(&out);
	return 1;
}

static int l_hex_encode(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	struct wbuf out;

	wbuf_init(&out, n * 2 + 1);
	wbuf_hex(&out, (const uint8_t *)s, n, 1);
	lua_pushlstring(L, (const char *)out.data, out.len);
	wbuf_fini(&out);
	return 1;
}

static int l_families(lua_State *L)
{
	lua_createtable(L, WIRE_FAM_COUNT, 0);
	for (unsigned i = 0; i < WIRE_FAM_COUNT; i++) {
		lua_pushstring(L, wire_family_by_index(i)->name);
		lua_rawseti(L, -2, (int)i + 1);
	}
	return 1;
}

/* core.encode_attribute("extended-community", value [, opts]) -> the
 * attribute's bytes (header included) | nil, reason */
static int l_encode_attribute(lua_State *L)
{
	size_t n;
	const char *name = luaL_checklstring(L, 1, &n);
	const struct wire_attr_desc *d = wire_attr_desc_by_name(name, n);
	struct wire_ctx ctx;

	if (!d) {
		lua_pushnil(L);
		lua_pushfstring(L, "unknown attribute \"%s\"", name);
		return 2;
	}
	l_ctx_from_opts(L, 3, &ctx);
	return encode_with(L, 2, &ctx, d, ENCODE_ATTRIBUTE);
}

/* core.family("ipv4 flow") -> afi, safi | nil */
static int l_family(lua_State *L)
{
	const struct wire_family *f = wire_family_by_name(luaL_checkstring(L, 1));

	if (!f)
		return 0;
	lua_pushinteger(L, f->afi);
	lua_pushinteger(L, f->safi);
	return 2;
}

static const luaL_Reg funcs[] = {
	{ "decode", l_decode },
	{ "decode_json", l_decode_json },
	{ "encode", l_encode },
	{ "hex_decode", l_hex_decode },
	{ "hex_encode", l_hex_encode },
	{ "families", l_families },
	{ "family", l_family },
	{ "encode_attribute", l_encode_attribute },
	{ "encode_operational", l_encode_operational },
	{ NULL, NULL },
};

void l_wire_register(lua_State *L)
{
	luaL_register(L, NULL, funcs);
}
