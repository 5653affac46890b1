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
 *   v:attributes()           -> the "attribute" table of ExaBGP's JSON (nil
 *                               where the JSON has none: treat-as-withdraw)
 *   v:table()                -> what a table handler gets: the "update"
 *                               table, or the whole event for an End-of-RIB
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

/* An NLRI field of the UPDATE (wire_update_groups), as offsets into the
 * view's copy of the message. */
struct field {
	const struct wire_family *fam;
	size_t off, len;
	bool announce;
	struct wire_nh nh;      /* for an announcement */
};

struct l_view {
	struct wire_ctx ctx;
	struct field field[6];  /* wire_update_groups: 2 announced, 4 withdrawn */
	int nfield;
	int announced, withdrawn; /* -1 until counted */
	bool eor;
	uint16_t eor_afi;
	uint8_t eor_safi;
	size_t len;
	uint8_t msg[];
};

/* The cursor of a loop over one kind of field. */
struct view_iter {
	const struct l_view *v; /* the view it walks (checked at each step) */
	struct wire_nlri_iter it;
	int next_field;         /* index of the next field to open */
	bool in_field;          /* `it` walks field next_field - 1 */
	bool announce;          /* the kind of fields walked */
};

static struct l_view *view_check(lua_State *L, int idx)
{
	return luaL_checkudata(L, idx, VIEW_MT);
}

static void add_field(struct l_view *v, const struct wire_update_group *g, bool announce)
{
	struct field *f = &v->field[v->nfield++];

	f->fam = g->fam;
	f->off = (size_t)(g->p - v->msg);
	f->len = g->n;
	f->announce = announce;
	memset(&f->nh, 0, sizeof(f->nh));
	if (g->nh)
		f->nh = *g->nh;
	f->nh.raw = NULL; /* wire_nh_text reads the address, never the bytes */
}

/* The fields of u, a decode of v->msg, in the JSON's order. */
static void cut_fields(struct l_view *v, const struct wire_update *u)
{
	struct wire_update_group add[2], del[4];
	int nadd, ndel;

	v->eor = u->eor;
	v->eor_afi = u->eor_afi;
	v->eor_safi = u->eor_safi;
	wire_update_groups(u, &v->ctx, add, &nadd, del, &ndel);
	for (int i = 0; i < nadd; i++)
		add_field(v, &add[i], true);
	for (int i = 0; i < ndel; i++)
		add_field(v, &del[i], false);
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
	if (ours)
		spk_context(nb, &v->ctx);
	else
		v->ctx = nb->neg.ctx;
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

/* Open the next field of the loop's kind; false past the last. */
static bool iter_open_field(struct view_iter *it, const struct l_view *v)
{
	while (it->next_field < v->nfield) {
		const struct field *f = &v->field[it->next_field++];

		if (f->announce != it->announce)
			continue;
		wire_nlri_iter_init(&it->it, f->fam, &v->ctx, v->msg, v->msg + f->off, f->len);
		it->in_field = true;
		return true;
	}
	it->in_field = false;
	return false;
}

/* The loop's step: upvalue 1 the view, 2 the cursor. */
static int l_iter_step(lua_State *L)
{
	struct l_view *v = view_check(L, lua_upvalueindex(1));
	struct view_iter *it = luaL_checkudata(L, lua_upvalueindex(2), VIEW_ITER_MT);
	struct wire_nlri nlri;
	const struct field *f;
	uint8_t mem[256];
	struct wbuf w;

	/* the cursor points into its own view's copy: a script that swaps
	 * the upvalues (debug.setupvalue) gets an error, not another view's
	 * freed bytes */
	if (it->v != v)
		return luaL_error(L, "update view iterator: not its view");
	for (;;) {
		if (it->in_field && wire_nlri_iter_next(&it->it, &nlri) > 0)
			break;
		if (!iter_open_field(it, v))
			return 0;
	}
	f = &v->field[it->next_field - 1];
	lua_pushstring(L, f->fam->name);
	/* on the stack: nothing to free if a push raises */
	wbuf_init_borrowed(&w, mem, sizeof(mem));
	f->fam->text(f->fam, &w, &nlri, &v->ctx);
	lua_pushlstring(L, w.failed ? "" : (const char *)w.data, w.failed ? 0 : w.len);
	if (it->announce) {
		w.len = 0;
		wire_nh_text(&w, &f->nh);
		lua_pushlstring(L, w.failed ? "" : (const char *)w.data, w.failed ? 0 : w.len);
	}
	wbuf_fini(&w);
	return it->announce ? 3 : 2;
}

static int iterate(lua_State *L, bool announce)
{
	struct view_iter *it;
	struct l_view *v = view_check(L, 1);

	lua_settop(L, 1);
	it = lua_newuserdata(L, sizeof(*it));
	memset(it, 0, sizeof(*it));
	it->v = v;
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

/* The "attribute" object, or nil where the JSON has none.  The decode is
 * a userdata: nothing leaks if building the table raises. */
static int l_attributes(lua_State *L)
{
	struct l_view *v = view_check(L, 1);
	struct wire_update *u = lua_newuserdata(L, sizeof(*u));
	struct wire_update_group add[2], del[4];
	int nadd, ndel;
	struct l_sink ls;
	struct lb_err err;

	if (wire_update_decode(u, v->msg, v->len, v->msg + WIRE_HEADER_LEN,
			       v->len - WIRE_HEADER_LEN, &v->ctx) < 0) {
		err = u->err;
		return l_err_push(L, &err);
	}
	wire_update_groups(u, &v->ctx, add, &nadd, del, &ndel);
	if (u->eor || !wire_update_shows_attributes(u, &v->ctx, ndel > 0)) {
		lua_pushnil(L);
		return 1;
	}
	l_sink_init(&ls, L);
	wire_update_attrs_json(&ls.base, u, &v->ctx, ndel > 0);
	l_sink_fini(&ls);
	if (ls.base.failed)
		return luaL_error(L, "out of memory building the table");
	return 1;
}

/* What a table handler gets (script.lua's update_of): the "update" of the
 * decoded event, or the event itself when it has none (End-of-RIB). */
static int l_table(lua_State *L)
{
	struct l_view *v = view_check(L, 1);
	struct emit_decode_opts o;
	struct l_sink ls;
	struct lb_err err, warn;
	int top = lua_gettop(L);

	memset(&o, 0, sizeof(o));
	o.kind = EMIT_DECODE_UPDATE;
	o.ctx = &v->ctx;
	o.direction = "receive";
	l_sink_init(&ls, L);
	if (emit_decode_sink(&ls.base, v->msg, v->len, &o, &err, &warn) < 0 || ls.base.failed) {
		l_sink_fini(&ls);
		lua_settop(L, top);
		if (ls.base.failed)
			lb_err_set(&err, LB_ACT_NONE, 0, 0, 0, "out of memory building the table");
		return l_err_push(L, &err);
	}
	l_sink_fini(&ls);
	lua_getfield(L, -1, "message");
	if (lua_istable(L, -1)) {
		lua_getfield(L, -1, "update");
		if (!lua_isnil(L, -1))
			return 1;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return 1;
}


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
