/* The Adj-RIBs for Lua (show adj-rib in|out, scripts):
 *
 *   list = sp:rib(i, "in"|"out")   { { family = "ipv4 unicast",
 *                                    route = "10.0.0.0/24 next-hop 192.0.2.1
 *                                    origin igp med 10" }, ... }
 *   list = sp:rib(i, "in"|"out", "table")   each route as the decoded
 *                                    message of an event ({ type = "update",
 *                                    message = { update = ... } })
 *
 * Each route is written as one UPDATE (the Adj-RIB-Out's own packing, one
 * NLRI per message), then read back: by ExaBGP's text encoder, so a route
 * shows as the `announced` part of a text event (the API's syntax), or
 * into the table a script's "update" handler gets.
 */
#include <lauxlib.h>
#include <string.h>

#include "emit/decode.h"
#include "emit/text.h"
#include "lua/l_speaker.h"
#include "lua/module.h"
#include "wire/message.h"

/* The routes are gathered as text in C (family, tab, route, newline), and
 * the Lua table is made once the temporary Adj-RIB-Out is gone: a Lua
 * error while it exists would leak it and its attribute references. */
struct rib_walk {
	struct spk_nb *nb;
	struct wire_ctx ctx;
	struct wbuf text, lines;
	bool raw;                /* lines: the messages themselves */
};

static const char *find(const char *s, size_t n, const char *what, size_t k)
{
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(s + i, what, k))
			return s + i;
	return NULL;
}

/* One UPDATE of one route: its `announced` line's text. */
static int one(void *arg, const uint8_t *msg, size_t len)
{
	static const char mark[] = " announced ";
	struct rib_walk *w = arg;
	struct wire_update *u = w->nb->sp->scratch;
	const struct wire_family *f;
	const char *s, *end, *hit;

	if (w->raw)
		return wbuf_put(&w->lines, msg, len);
	if (wire_update_decode(u, msg, len, msg + WIRE_HEADER_LEN, len - WIRE_HEADER_LEN,
			       &w->ctx) < 0)
		return 0;
	f = u->reach.present && u->reach.fam ? u->reach.fam
					     : wire_family_by_index(WIRE_FAM_IPV4_UNICAST);
	wbuf_reset(&w->text);
	emit_text_update(&w->text, w->nb->peer_text, "send", u, &w->ctx);
	s = (const char *)w->text.data;
	end = s + w->text.len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		hit = find(s, n, mark, sizeof(mark) - 1);
		if (hit) {
			wbuf_str(&w->lines, f->name);
			wbuf_u8(&w->lines, '\t');
			wbuf_put(&w->lines, hit + sizeof(mark) - 1,
				 n - (size_t)(hit - s) - (sizeof(mark) - 1));
			wbuf_u8(&w->lines, '\n');
		}
		s += n + 1;
	}
	return 0;
}

static void gather(struct rib_walk *w, bool in)
{
	struct spk_nb *nb = w->nb;
	struct adj_out tmp;
	void *item;

	adj_out_init(&tmp, &nb->sp->pool, false);
	if (!in) {
		for (size_t pos = 0; htab_next(&nb->out.routes, &pos, &item);) {
			const struct adj_out_route *r = item;

			if (r->want)
				adj_out_announce(&tmp, r->fam, r->path_id, r->nlri, r->len, r->want);
		}
	} else {
		const struct adj_in_route *r;

		for (size_t pos = 0; adj_in_next(&nb->in, &pos, &r);)
			adj_out_announce(&tmp, r->fam, r->path_id, r->nlri, r->len, r->a);
	}
	adj_out_flush(&tmp, &w->ctx, 0, one, w);
	adj_out_fini(&tmp);
}

/* The messages (one after the other, each with its header) as a list
 * of the tables their events carry; a message that does not decode is
 * left out. */
static void push_tables(lua_State *L, struct rib_walk *w, bool in, const uint8_t *p, size_t n)
{
	struct emit_decode_opts o;
	struct lb_err err, warn;
	int k = 0;

	memset(&o, 0, sizeof(o));
	o.kind = EMIT_DECODE_UPDATE;
	o.ctx = &w->ctx;
	o.direction = in ? "receive" : "send";
	lua_newtable(L);
	while (n >= WIRE_HEADER_LEN) {
		size_t len = (size_t)p[16] << 8 | p[17];
		struct l_sink ls;
		int top = lua_gettop(L);

		if (len < WIRE_HEADER_LEN || len > n)
			break;
		l_sink_init(&ls, L);
		/* a message decoded leaves its one table on the stack */
		if (emit_decode_sink(&ls.base, p, len, &o, &err, &warn) < 0 || ls.base.failed ||
		    lua_gettop(L) != top + 1 || !lua_istable(L, -1))
			lua_settop(L, top);
		else
			lua_rawseti(L, -2, ++k);
		l_sink_fini(&ls);
		p += len;
		n -= len;
	}
}

static int l_rib(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	const char *which = luaL_checkstring(L, 3);
	static const char *const forms[] = { "text", "table", NULL };
	struct rib_walk w = { .nb = nb };
	const char *p, *end;
	size_t n;
	int k = 0;

	if (strcmp(which, "in") && strcmp(which, "out"))
		return luaL_argerror(L, 3, "in or out");
	w.raw = luaL_checkoption(L, 4, "text", forms) == 1;
	spk_context(nb, &w.ctx);
	/* what the peer sent carries its path ids (RFC 7911), not ours */
	if (which[0] == 'i')
		w.ctx.addpath_tx = w.ctx.addpath_rx = nb->neg.ctx.addpath_rx;
	/* the routes as they are held: every family, no packing */
	w.ctx.families = ~(uint64_t)0;
	w.ctx.ext_msg = true;
	wbuf_init(&w.text, 1024);
	wbuf_init(&w.lines, 4096);
	gather(&w, which[0] == 'i');
	wbuf_fini(&w.text);
	/* from here Lua may raise: the text is moved into a Lua string first */
	lua_pushlstring(L, (const char *)w.lines.data, w.lines.len);
	wbuf_fini(&w.lines);
	p = lua_tolstring(L, -1, &n);
	if (w.raw) {
		push_tables(L, &w, which[0] == 'i', (const uint8_t *)p, n);
		return 1;
	}
	end = p + n;
	lua_newtable(L);
	while (p < end) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		const char *nl = tab ? memchr(tab, '\n', (size_t)(end - tab)) : NULL;

		if (!nl)
			break;
		lua_createtable(L, 0, 2);
		lua_pushlstring(L, p, (size_t)(tab - p));
		lua_setfield(L, -2, "family");
		lua_pushlstring(L, tab + 1, (size_t)(nl - tab - 1));
		lua_setfield(L, -2, "route");
		lua_rawseti(L, -2, ++k);
		p = nl + 1;
	}
	return 1;
}

static const luaL_Reg methods[] = {
	{ "rib", l_rib },
	{ NULL, NULL },
};

void l_rib_register(lua_State *L)
{
	luaL_register(L, NULL, methods);
}
