/* Update views: a received UPDATE handed to Lua without a table per prefix
 * (DESIGN.md: "Lua never sees one object per prefix on a hot path").
 *
 *   v = sp:view(i, msg [, how])  a view of msg read in neighbor i's session
 *                            (or nil, reason when it does not decode);
 *                            how "ours": read as written by sp:encode(i, t)
 *                            (the test helper's made-up updates)
 *   v:count()                -> announced, withdrawn (NLRIs, all families)
 *   for family, nlri, nh in v:announced() do ... end
 *   for family, nlri in v:withdrawn() do ... end
 *   v:eor()                  -> "afi safi" of an End-of-RIB, or nil
 *   v:attributes()           -> the "attribute" table of ExaBGP's JSON
 *   v:table()                -> the whole "update" table (what sp:decode gives)
 *   v:raw()                  -> the message
 *
 * A view holds its own copy of the message and of the session's context, so
 * it stays valid after the handler returns and whatever the session does
 * meanwhile.  The NLRIs are cut out one by one as the loop asks for them:
 * their text is the only thing made per prefix, and only when read.
 */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "emit/decode.h"
#include "lua/l_speaker.h"
#include "lua/module.h"
#include "wire/message.h"
#include "wire/nlri.h"
#include "wire/update_json.h"

#define VIEW_MT "luabgp.update_view"
#define VIEW_ITER_MT "luabgp.update_view_iter"

/* An NLRI field of the UPDATE, in the order ExaBGP's JSON lists them. */
struct field {
	const struct wire_family *fam;
	size_t off, len;        /* in the message */
	bool announce;
	struct wire_nh nh;      /* for an announcement */
};

struct l_view {
	struct wire_ctx ctx;
	struct field field[4];
	int nfield;
	int announced, withdrawn; /* -1 until counted */
	bool eor;
	uint16_t eor_afi;
	uint8_t eor_safi;
	size_t len;
	uint8_t msg[];
};

struct view_iter {
	struct wire_nlri_iter it;
	int next_field;         /* the field to start after this one */
	bool announce;          /* which fields the loop walks */
	bool started;
};

static struct l_view *view_check(lua_State *L, int idx)
{
	return luaL_checkudata(L, idx, VIEW_MT);
}

static void add_field(struct l_view *v, const struct wire_family *fam, const uint8_t *p,
		      size_t n, bool announce, const struct wire_nh *nh)
{
	struct field *f;

	if (!fam || !n)
		return;
	f = &v->field[v->nfield++];
	f->fam = fam;
	f->off = (size_t)(p - v->msg);
	f->len = n;
	f->announce = announce;
	memset(&f->nh, 0, sizeof(f->nh));
	if (nh)
		f->nh = *nh;
	f->nh.raw = NULL; /* wire_nh_text reads the address, never the bytes */
}

/* The fields of u, a decode of v->msg: withdrawn routes, MP_UNREACH, the
 * NLRI field, MP_REACH (wire_update_json's order); RFC 7606 §2
 * treat-as-withdraw makes the announced ones withdrawals. */
static void cut_fields(struct l_view *v, const struct wire_update *u)
{
	bool as_withdraw = u->err.act >= LB_ACT_WITHDRAW;
	static const struct wire_nh none;

	v->eor = u->eor;
	v->eor_afi = u->eor_afi;
	v->eor_safi = u->eor_safi;
	if (u->eor)
		return;
	add_field(v, &wire_fam_ipv4_unicast, u->withdrawn, u->withdrawn_len, false, NULL);
	add_field(v, u->unreach.fam, u->unreach.nlri, u->unreach.nlri_len, false, NULL);
	add_field(v, &wire_fam_ipv4_unicast, u->nlri, u->nlri_len, !as_withdraw,
		  u->nexthop.len ? &u->nexthop : &none);
	add_field(v, u->reach.fam, u->reach.nlri, u->reach.nlri_len, !as_withdraw,
		  &u->reach.nh);
}

/* sp:view(i, msg): a view of an UPDATE received from neighbor i. */
static int l_view_new(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	size_t n;
	const uint8_t *msg = (const uint8_t *)luaL_checklstring(L, 3, &n);
	struct l_view *v;
	struct wire_update *u;
	struct lb_err err;
	static const char *const hows[] = { "received", "ours", NULL };
	bool ours = luaL_checkoption(L, 4, "received", hows) == 1;

	if (n < WIRE_HEADER_LEN || n > WIRE_MAX_EXT_MSG || !wire_has_marker(msg, n) ||
	    msg[18] != WIRE_MSG_UPDATE || get_u16(msg + 16) != n) {
		lb_err_set(&err, LB_ACT_NONE, 0, 0, 0, "not a whole UPDATE message");
		return l_err_push(L, &err);
	}
	v = lua_newuserdata(L, sizeof(*v) + n);
	memset(v, 0, sizeof(*v));
	memcpy(v->msg, msg, n);
	v->len = n;
	if (ours) {
		spk_context(nb, &v->ctx);
		v->ctx.addpath_rx = v->ctx.addpath_tx;
	} else {
		v->ctx = nb->neg.ctx;
	}
	v->announced = v->withdrawn = -1;
	u = malloc(sizeof(*u));
	if (!u) {
		lb_err_set(&err, LB_ACT_NONE, 0, 0, 0, "out of memory");
		return l_err_push(L, &err);
	}
	if (wire_update_decode(u, v->msg, n, v->msg + WIRE_HEADER_LEN, n - WIRE_HEADER_LEN,
			       &v->ctx) < 0) {
		err = u->err;
		free(u);
		return l_err_push(L, &err);
	}
	cut_fields(v, u);
	free(u);
	luaL_getmetatable(L, VIEW_MT);
	lua_setmetatable(L, -2);
	return 1;
}

static int count_field(const struct l_view *v, const struct field *f)
{
	struct wire_nlri_iter it;
	struct wire_nlri nlri;
	int k = 0;

	wire_nlri_iter_init(&it, f->fam, &v->ctx, v->msg, v->msg + f->off, f->len);
	while (wire_nlri_iter_next(&it, &nlri) > 0)
		k++;
	return k;
}

static int l_count(lua_State *L)
{
	struct l_view *v = view_check(L, 1);

	if (v->announced < 0) {
		v->announced = v->withdrawn = 0;
		for (int i = 0; i < v->nfield; i++) {
			int k = count_field(v, &v->field[i]);

			if (v->field[i].announce)
				v->announced += k;
			else
				v->withdrawn += k;
		}
	}
	lua_pushinteger(L, v->announced);
	lua_pushinteger(L, v->withdrawn);
	return 2;
}

/* The next field of the loop's kind from it->next_field on; false at the
 * end. */
static bool iter_open_field(struct view_iter *it, const struct l_view *v)
{
	while (it->next_field < v->nfield) {
		const struct field *f = &v->field[it->next_field++];

		if (f->announce != it->announce)
			continue;
		wire_nlri_iter_init(&it->it, f->fam, &v->ctx, v->msg, v->msg + f->off, f->len);
		it->started = true;
		return true;
	}
	return false;
}

static void push_wbuf(lua_State *L, struct wbuf *w)
{
	lua_pushlstring(L, w->failed ? "" : (const char *)w->data, w->failed ? 0 : w->len);
	w->len = 0;
}

/* The loop's step: upvalue 1 the view, 2 the cursor. */
static int l_iter_step(lua_State *L)
{
	struct l_view *v = view_check(L, lua_upvalueindex(1));
	struct view_iter *it = luaL_checkudata(L, lua_upvalueindex(2), VIEW_ITER_MT);
	struct wire_nlri nlri;
	const struct field *f;
	struct wbuf w;

	for (;;) {
		if (it->started && wire_nlri_iter_next(&it->it, &nlri) > 0)
			break;
		if (!iter_open_field(it, v))
			return 0;
	}
	f = &v->field[it->next_field - 1];
	lua_pushstring(L, f->fam->name);
	wbuf_init(&w, 64);
	f->fam->text(f->fam, &w, &nlri, &v->ctx);
	push_wbuf(L, &w);
	if (!it->announce) {
		wbuf_fini(&w);
		return 2;
	}
	wire_nh_text(&w, &f->nh);
	push_wbuf(L, &w);
	wbuf_fini(&w);
	return 3;
}

static int iterate(lua_State *L, bool announce)
{
	struct view_iter *it;

	view_check(L, 1);
	lua_settop(L, 1);
	it = lua_newuserdata(L, sizeof(*it));
	memset(it, 0, sizeof(*it));
	it->announce = announce;
	luaL_getmetatable(L, VIEW_ITER_MT);
	lua_setmetatable(L, -2);
	lua_pushcclosure(L, l_iter_step, 2);
	return 1;
}

static int l_announced(lua_State *L) { return iterate(L, true); }
static int l_withdrawn(lua_State *L) { return iterate(L, false); }

static int l_eor(lua_State *L)
{
	struct l_view *v = view_check(L, 1);
	const struct wire_family *f;

	if (!v->eor) {
		lua_pushnil(L);
		return 1;
	}
	f = wire_family_by_code(v->eor_afi, v->eor_safi);
	if (f)
		lua_pushstring(L, f->name);
	else
		lua_pushfstring(L, "%d %d", (int)v->eor_afi, (int)v->eor_safi);
	return 1;
}

/* The UPDATE decoded again into tables, through `emit` (an event, or the
 * attributes alone). */
static int to_table(lua_State *L, bool attributes_only)
{
	struct l_view *v = view_check(L, 1);
	struct l_sink ls;
	struct lb_err err, warn;
	int top = lua_gettop(L);
	struct wire_update *u;
	int rc = 0;

	l_sink_init(&ls, L);
	if (attributes_only) {
		u = malloc(sizeof(*u));
		if (!u || wire_update_decode(u, v->msg, v->len, v->msg + WIRE_HEADER_LEN,
					     v->len - WIRE_HEADER_LEN, &v->ctx) < 0) {
			lb_err_set(&err, LB_ACT_NONE, 0, 0, 0, u ? "the update does not decode"
								 : "out of memory");
			rc = -1;
		} else {
			wire_update_attrs_json(&ls.base, u, &v->ctx, false);
		}
		free(u);
	} else {
		struct emit_decode_opts o;

		memset(&o, 0, sizeof(o));
		o.kind = EMIT_DECODE_UPDATE;
		o.ctx = &v->ctx;
		o.direction = "receive";
		rc = emit_decode_sink(&ls.base, v->msg, v->len, &o, &err, &warn);
	}
	l_sink_fini(&ls);
	if (rc == 0 && ls.base.failed) {
		lb_err_set(&err, LB_ACT_NONE, 0, 0, 0, "out of memory building the table");
		rc = -1;
	}
	if (rc < 0) {
		lua_settop(L, top);
		return l_err_push(L, &err);
	}
	if (!attributes_only) {
		/* the event's "update", as sp:decode's callers take it */
		lua_getfield(L, -1, "message");
		if (lua_istable(L, -1))
			lua_getfield(L, -1, "update");
	}
	return 1;
}

static int l_table(lua_State *L) { return to_table(L, false); }
static int l_attributes(lua_State *L) { return to_table(L, true); }

static int l_raw(lua_State *L)
{
	struct l_view *v = view_check(L, 1);

	lua_pushlstring(L, (const char *)v->msg, v->len);
	return 1;
}

static int l_tostring(lua_State *L)
{
	struct l_view *v = view_check(L, 1);

	lua_pushfstring(L, "update view (%d octets)", (int)v->len);
	return 1;
}

static const luaL_Reg view_methods[] = {
	{ "count", l_count },
	{ "announced", l_announced },
	{ "withdrawn", l_withdrawn },
	{ "eor", l_eor },
	{ "attributes", l_attributes },
	{ "table", l_table },
	{ "raw", l_raw },
	{ NULL, NULL },
};

void l_view_register(lua_State *L)
{
	lua_pushcfunction(L, l_view_new);
	lua_setfield(L, -2, "view");
	luaL_newmetatable(L, VIEW_MT);
	lua_newtable(L);
	luaL_register(L, NULL, view_methods);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, l_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushliteral(L, "update view");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
	luaL_newmetatable(L, VIEW_ITER_MT);
	lua_pop(L, 1);
}
