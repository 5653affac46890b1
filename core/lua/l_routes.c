/* See l_routes.h. */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "lua/l_routes.h"
#include "lua/module.h"
#include "wire/update_encode.h"

void l_routes_init(struct l_routes *rs)
{
	memset(rs, 0, sizeof(*rs));
	arena_init(&rs->arena, 64 * 1024);
	rs->tail = &rs->head;
	static_routes_init(&rs->bulk);
}

void l_routes_fini(struct l_routes *rs)
{
	arena_fini(&rs->arena);
	static_routes_fini(&rs->bulk);
	memset(rs, 0, sizeof(*rs));
}

void l_routes_move(struct l_routes *to, struct l_routes *from)
{
	l_routes_fini(to);
	*to = *from;
	if (!to->head)
		to->tail = &to->head;
	l_routes_init(from);
}

int l_routes_add(lua_State *L, struct l_routes *rs, int idx, size_t pos, const char **why)
{
	struct l_route *r = arena_alloc(&rs->arena, sizeof(*r));

	if (!r) {
		*why = "out of memory";
		return -1;
	}
	r->tree = l_val_from_lua(L, idx, &rs->arena, why);
	if (!r->tree)
		return -1;
	r->pos = pos;
	r->next = NULL;
	*rs->tail = r;
	rs->tail = &r->next;
	return 0;
}

void l_routes_set_bulk(lua_State *L, struct l_routes *rs, int store_idx, int idx)
{
	struct static_routes *store = l_static_check(L, store_idx);
	size_t count = lua_objlen(L, idx);
	struct static_route r;
	const struct wire_family *f;
	struct l_tmpl *t;
	const char *why;

	if (count > STATIC_ROUTES_TEMPLATES)
		luaL_error(L, "static_routes: more than %d templates", STATIC_ROUTES_TEMPLATES);
	t = arena_alloc(&rs->arena, (count ? count : 1) * sizeof(*t));
	if (!t)
		luaL_error(L, "out of memory");
	for (size_t k = 0; k < count; k++) {
		lua_rawgeti(L, idx, (int)k + 1);
		luaL_checktype(L, -1, LUA_TTABLE);
		lua_getfield(L, -1, "family");
		f = wire_family_by_name(luaL_checkstring(L, -1));
		if (!f)
			luaL_error(L, "static_routes: unknown family %s", lua_tostring(L, -1));
		lua_pop(L, 1);
		t[k].fam = f->fam;
		lua_getfield(L, -1, "update");
		t[k].tree = l_val_from_lua(L, lua_gettop(L), &rs->arena, &why);
		if (!t[k].tree)
			luaL_error(L, "static_routes: %s", why);
		lua_pop(L, 2);
	}
	for (size_t off = 0; static_routes_next(store, &off, &r);)
		if (r.tmpl >= count)
			luaL_argerror(L, store_idx, "a route names a template not given");
	static_routes_move(&rs->bulk, store);
	rs->tmpls = t;
	rs->ntmpl = count;
}

/* --- into the Adj-RIB-Out -------------------------------------------------- */

/* The attribute sets of the templates in the session's context, made when
 * a route first needs one. */
struct tmpl_sets {
	const struct l_routes *rs;
	const char *name;
	struct attrset **a;
	uint8_t *state;                /* 0 not made, 1 made, 2 failed */
	uint8_t *fam;
	struct wbuf w;
};

static int tmpl_sets_init(struct tmpl_sets *t, const struct l_routes *rs, const char *name)
{
	size_t n = rs->ntmpl ? rs->ntmpl : 1;

	t->rs = rs;
	t->name = name;
	t->a = calloc(n, sizeof(*t->a));
	t->state = calloc(n, 2);
	t->fam = t->state ? t->state + n : NULL;
	wbuf_init(&t->w, 4096);
	return t->a && t->state ? 0 : -1;
}

static void tmpl_sets_fini(struct tmpl_sets *t, struct spk_nb *nb)
{
	for (size_t i = 0; i < t->rs->ntmpl && t->a; i++)
		if (t->a[i])
			attrset_unref(&nb->sp->pool, t->a[i]);
	free(t->a);
	free(t->state);
	wbuf_fini(&t->w);
}

static struct attrset *tmpl_set(struct tmpl_sets *t, struct spk_nb *nb, unsigned k,
				uint8_t *fam)
{
	struct lb_err err;

	if (k >= t->rs->ntmpl)
		return NULL;
	if (t->state[k] == 0) {
		t->state[k] = 2;
		wbuf_reset(&t->w);
		if (wire_update_encode(&t->w, t->rs->tmpls[k].tree, &nb->neg.ctx, &err) < 0 ||
		    !(t->a[k] = spk_attrset_of(nb, t->w.data, t->w.len, &t->fam[k], &err)))
			lb_logf(&nb->sp->log, LB_LOG_ERR, LB_TOPIC_RIB, "%s: routes not sent: %s",
				t->name, err.reason);
		else
			t->state[k] = 1;
	}
	*fam = t->fam[k];
	return t->a[k];
}

/* Bulk and tree routes alike: with barriers an NLRI configured twice is
 * sent twice, what came before it first; the routes announced so far in
 * this pass are the marked ones. */
static void announce_bulk(struct tmpl_sets *t, struct spk_nb *nb, const struct static_route *r,
			  bool barriers)
{
	struct attrset *a;
	uint8_t fam;

	a = tmpl_set(t, nb, r->tmpl, &fam);
	if (!a)
		return;
	if (barriers && adj_out_marked(spk_rib_given(nb), fam, 0, r->nlri, r->len))
		spk_flush_routes(nb);
	if (adj_out_announce(spk_rib_given(nb), fam, 0, r->nlri, r->len, a) < 0)
		lb_logf(&nb->sp->log, LB_LOG_ERR, LB_TOPIC_RIB, "%s: route not stored (no memory)",
			t->name);
}

static void announce_tree(struct tmpl_sets *t, struct spk_nb *nb, const struct l_route *r,
			  struct wire_update *check)
{
	struct lb_err err;

	wbuf_reset(&t->w);
	if (wire_update_encode(&t->w, r->tree, &nb->neg.ctx, &err) < 0) {
		lb_logf(&nb->sp->log, LB_LOG_ERR, LB_TOPIC_RIB, "%s: route not sent: %s", t->name,
			err.reason);
		return;
	}
	if (check && spk_announces_again(nb, t->w.data, t->w.len, check))
		spk_flush_routes(nb);
	if (spk_announce(nb, t->w.data, t->w.len, &err) < 0)
		lb_logf(&nb->sp->log, LB_LOG_ERR, LB_TOPIC_RIB, "%s: route not sent: %s", t->name,
			err.reason);
}

void l_routes_announce(const struct l_routes *rs, struct spk_nb *nb, const char *name,
		       bool barriers)
{
	struct wire_update *check = NULL;
	struct tmpl_sets t;
	struct static_route b;
	size_t off = 0, done = 0;
	bool more;

	if (tmpl_sets_init(&t, rs, name) < 0 ||
	    (barriers && rs->head && !(check = malloc(sizeof(*check))))) {
		lb_logf(&nb->sp->log, LB_LOG_ERR, LB_TOPIC_RIB, "%s: routes not sent (no memory)",
			name);
		tmpl_sets_fini(&t, nb);
		return;
	}
	adj_out_unmark(spk_rib_given(nb));
	spk_rib_given(nb)->from_conf = true;
	more = static_routes_next(&rs->bulk, &off, &b);
	for (const struct l_route *r = rs->head; r; r = r->next) {
		for (; more && done < r->pos; done++, more = static_routes_next(&rs->bulk, &off, &b))
			announce_bulk(&t, nb, &b, barriers);
		announce_tree(&t, nb, r, check);
	}
	for (; more; more = static_routes_next(&rs->bulk, &off, &b))
		announce_bulk(&t, nb, &b, barriers);
	spk_rib_given(nb)->from_conf = false;
	free(check);
	tmpl_sets_fini(&t, nb);
}
