/* What commands and scripts do to a running speaker (l_speaker.h):
 *
 *   S = sp:scheduler()          the tasks' scheduler, on the speaker's loop
 *   (the processes' methods: l_process.c)
 *   ok, why = sp:announce(i, update [, conf])  ExaBGP's "update" shape
 *                               into neighbor i's Adj-RIB-Out (sent after
 *                               this loop turn); conf: the file's route
 *   h = sp:attrset(i, update)   the attribute set of an UPDATE's first
 *                               route, for announce_prefix (nil, why)
 *   ok, why = sp:announce_prefix(i, h, "10.0.0.0/24")  that prefix with
 *                               h's attributes, straight into the
 *                               Adj-RIB-Out (the commands' fast path);
 *                               nil, "stale" when the session's context
 *                               changed since h was made
 *   sp:clear_out(i)             withdraw everything announced
 *   ok, why = sp:flush_out(i)   send everything announced again (with
 *                               enhanced route refresh: between BoRR and
 *                               EoRR; refused while routes are pending)
 *   sp:clear_in(i)              forget what the peer sent (adj-rib-in)
 *   ok = sp:send_message(i, bytes)  a whole message, after what is pending
 *   sp:teardown(i, subcode)     Cease, then connect again
 *   t = sp:info(i)              { state, established, families = {...},
 *                               routes_out, pending_out, routes_in, ... }
 *   why = sp:await_state(i [, seconds])   in a task: until its state changes
 *   why = sp:await_written(i [, seconds]) in a task: until nothing is left
 *                               to send (or the session is down)
 *   sp:written(i)               nothing left to send?
 *   sp:limits{ queue = OCTETS, stall = SECONDS }  processes' back-pressure
 *                               (speaker/events.h)
 *   sp:log_line(level, text)    into the daemon's log (level 0-7, topic
 *                               processes)
 *   sp:events_on()              queue events for Lua handlers (below)
 *   (the policies' methods: l_policy.c)
 *   msg, why = sp:encode(i, update [, how])  ExaBGP's update shape as an
 *                               UPDATE in the session's context; how
 *                               "export": spk_export_ctx's; "received": as
 *                               the peer writes its own (its ADD-PATH path
 *                               ids, for the import policy)
 *   list = sp:take_events()     { { kind = "update"|"import", i = I, msg = BYTES },
 *                               { kind = "export", i = I, gen = G, msg = BYTES },
 *                               { kind = "state", i = I, state = "up",
 *                               reason = TEXT }, ... } or nil (none)
 *   why = sp:await_events([seconds])  in a task: until an event is queued
 *   t = sp:decode(i, msg [, how])  an UPDATE of neighbor i as a table
 *                               (ExaBGP's JSON shape): how "received" (the
 *                               default) as the peer sent it, "export" one
 *                               of an export event's
 *   sp:stop(why)                sp:run() returns why (a command's shutdown,
 *                               reload or restart)
 */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "lua/l_speaker.h"
#include "lua/module.h"
#include "emit/decode.h"
#include "wire/message.h"
#include "wire/update_encode.h"

struct spk_nb *l_speaker_nb(lua_State *L, struct l_speaker *s, int idx)
{
	lua_Integer i = luaL_checkinteger(L, idx);

	if (i < 1 || (size_t)i > s->sp.nnb)
		luaL_argerror(L, idx, "no such neighbor");
	return s->sp.nbs[i - 1];
}

void l_control_flush(void *arg)
{
	struct l_speaker *s = arg;

	for (size_t i = 0; i < s->sp.nnb; i++) {
		struct spk_nb *nb = s->sp.nbs[i];

		if (nb->dirty) {
			nb->dirty = false;
			spk_flush(nb);
		}
	}
}

static int l_scheduler(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);

	if (!s->sched) {
		s->sched = l_sched_new(L, &s->loop);
		s->sched->log = &s->sp.log;
		s->sched->after = l_control_flush;
		s->sched->after_arg = s;
		lua_pushvalue(L, -1);
		s->sched_ref = luaL_ref(L, LUA_REGISTRYINDEX);
		return 1;
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, s->sched_ref);
	return 1;
}

struct sched *l_speaker_sched(lua_State *L, struct l_speaker *s)
{
	if (!s->sched)
		luaL_error(L, "no scheduler: call sp:scheduler() first");
	return s->sched;
}

/* --- routes ---------------------------------------------------------------- */

/* ExaBGP's update shape at idx as an UPDATE in nb's context (spk_context):
 * 0, or -1 with err. */
enum encode_ctx { ENCODE_OURS, ENCODE_EXPORT, ENCODE_RECEIVED };

static int encode_update(lua_State *L, struct spk_nb *nb, int idx, enum encode_ctx how,
			 struct wbuf *w, struct lb_err *err)
{
	struct arena a;
	struct wire_ctx ctx;
	const struct val *v;
	const char *why;
	int rc;

	arena_init(&a, 4096);
	v = l_val_from_lua(L, idx, &a, &why);
	if (!v) {
		lb_err_set(err, LB_ACT_NONE, 0, 0, 0, "%s", why);
		arena_fini(&a);
		return -1;
	}
	if (how == ENCODE_EXPORT) {
		spk_export_ctx(nb, &ctx);
	} else if (how == ENCODE_RECEIVED) {
		/* spk_import_apply() reads it as a received UPDATE */
		spk_received_context(nb, &ctx);
	} else {
		spk_context(nb, &ctx);
	}
	rc = wire_update_encode(w, v, &ctx, err);
	arena_fini(&a);
	return rc;
}

static int l_announce(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	struct wbuf w;
	struct lb_err err;
	int rc;

	luaL_checktype(L, 3, LUA_TTABLE);
	wbuf_init(&w, 4096);
	rc = encode_update(L, nb, 3, ENCODE_OURS, &w, &err);
	if (rc == 0) {
		/* the configuration's routes (its watchdogs') are withdrawn by a
		 * reload that no longer has them */
		spk_rib_given(nb)->from_conf = lua_toboolean(L, 4);
		rc = spk_announce(nb, w.data, w.len, &err);
		spk_rib_given(nb)->from_conf = false;
	}
	wbuf_fini(&w);
	if (rc < 0) {
		lua_pushnil(L);
		lua_pushstring(L, err.reason);
		return 2;
	}
	nb->dirty = true;
	lua_pushboolean(L, 1);
	return 1;
}

static int l_attrset_gc(lua_State *L)
{
	struct l_attrset *h = luaL_checkudata(L, 1, ATTRSET_MT);

	if (h->a && !h->s->closed)
		attrset_unref(&h->s->sp.pool, h->a);
	h->a = NULL;
	return 0;
}


static int l_attrset(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	struct l_attrset *h;
	struct lb_err err;
	struct wbuf w;
	uint8_t fam;
	struct attrset *a;

	luaL_checktype(L, 3, LUA_TTABLE);
	wbuf_init(&w, 1024);
	a = encode_update(L, nb, 3, ENCODE_OURS, &w, &err) < 0 ? NULL
						     : spk_attrset_of(nb, w.data, w.len, &fam, &err);
	wbuf_fini(&w);
	if (!a) {
		lua_pushnil(L);
		lua_pushstring(L, err.reason);
		return 2;
	}
	h = lua_newuserdata(L, sizeof(*h));
	h->s = s;
	h->a = a;
	h->nb = nb;
	h->gen = nb->ctx_gen;
	h->fam = fam;
	luaL_getmetatable(L, ATTRSET_MT);
	lua_setmetatable(L, -2);
	/* the speaker stays while the handle does */
	lua_createtable(L, 1, 0);
	lua_pushvalue(L, 1);
	lua_rawseti(L, -2, 1);
	lua_setfenv(L, -2);
	return 1;
}

static int l_announce_prefix(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	struct l_attrset *h = luaL_checkudata(L, 3, ATTRSET_MT);
	size_t tn;
	const char *text = luaL_checklstring(L, 4, &tn);
	uint8_t nlri[17];
	size_t n;

	if (!h->a || h->nb != nb || h->gen != nb->ctx_gen) {
		lua_pushnil(L);
		lua_pushliteral(L, "stale");
		return 2;
	}
	if (spk_prefix_nlri(text, tn, h->fam, nlri, &n) < 0) {
		lua_pushnil(L);
		lua_pushliteral(L, "not a plain prefix of the family");
		return 2;
	}
	/* the wire form without the length octet: adj_out keys on the whole
	 * NLRI (length octet included), as spk_announce() gives it */
	if (adj_out_announce(spk_rib_given(nb), h->fam, 0, nlri, n, h->a) < 0)
		return luaL_error(L, "out of memory");
	nb->dirty = true;
	lua_pushboolean(L, 1);
	return 1;
}

static int l_clear_out(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);

	adj_out_unmark(spk_rib_given(nb));
	adj_out_withdraw_unmarked(spk_rib_given(nb));
	nb->dirty = true;
	return 0;
}

/* RFC 7313 §3: a ROUTE-REFRESH whose reserved octet is the subtype */
static void send_refresh(struct spk_nb *nb, const struct wire_family *f, uint8_t subtype)
{
	struct wire_refresh rr = { f->afi, subtype, f->safi };
	uint8_t msg[WIRE_REFRESH_LEN];

	wire_refresh_write(msg, &rr);
	/* after the routes before it: a BoRR after what was pending, the EoRR
	 * after the family's routes sent again */
	spk_send_after(nb, msg, sizeof(msg));
}

/* Everything announced again; with enhanced route refresh negotiated,
 * between a BoRR and an EoRR of each family (RFC 7313 §4), as ExaBGP's
 * flush adj-rib out does, so that the peer can drop what is not sent
 * again.  The BoRRs must precede every route sent again: while routes are
 * still waiting to be written, the command is refused (nil, why). */
static int l_flush_out(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	uint64_t fams = nb->neg.ctx.families;

	if (nb->peer.state != FSM_ESTABLISHED || !nb->neg.enhanced_refresh) {
		adj_out_resend(&nb->out, ~(uint64_t)0);
		nb->dirty = true;
		lua_pushboolean(L, 1);
		return 1;
	}
	nb->dirty = false;
	spk_flush_routes(nb);
	if (nb->out.npending) {
		lua_pushnil(L);
		lua_pushliteral(L, "routes are still being sent to the peer: try again");
		return 2;
	}
	for (unsigned f = 0; f < WIRE_FAM_COUNT; f++)
		if (fams & WIRE_FAM_BIT(f))
			send_refresh(nb, wire_family_by_index(f), WIRE_REFRESH_BORR);
	adj_out_resend(&nb->out, fams);
	spk_flush_routes(nb);
	for (unsigned f = 0; f < WIRE_FAM_COUNT; f++)
		if (fams & WIRE_FAM_BIT(f))
			send_refresh(nb, wire_family_by_index(f), WIRE_REFRESH_EORR);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_clear_in(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);

	adj_in_clear(&nb->in);
	return 0;
}

static int l_send_message(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	size_t n;
	const uint8_t *msg = (const uint8_t *)luaL_checklstring(L, 3, &n);

	/* what the commands before it changed goes first */
	nb->dirty = false;
	lua_pushboolean(L, spk_send_after(nb, msg, n) == 0);
	return 1;
}

static int l_teardown(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	lua_Integer sub = luaL_checkinteger(L, 3);

	if (sub < 0 || sub > 255)
		return luaL_argerror(L, 3, "a Cease subcode is 0 to 255");
	sess_peer_stop(&nb->peer, (uint8_t)sub, NULL, 0);
	if (!nb->removed)
		sess_peer_start(&nb->peer);
	return 0;
}

/* --- state ------------------------------------------------------------------ */

static void set_number(lua_State *L, const char *k, lua_Number v)
{
	lua_pushnumber(L, v);
	lua_setfield(L, -2, k);
}

static int l_info(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	int k = 1;

	lua_createtable(L, 0, 12);
	lua_pushstring(L, fsm_state_name(nb->peer.state));
	lua_setfield(L, -2, "state");
	lua_pushboolean(L, nb->peer.state == FSM_ESTABLISHED);
	lua_setfield(L, -2, "established");
	lua_pushboolean(L, nb->removed);
	lua_setfield(L, -2, "removed");
	lua_newtable(L);
	for (unsigned f = 0; f < WIRE_FAM_COUNT; f++)
		if (nb->peer.state == FSM_ESTABLISHED &&
		    (nb->neg.ctx.families & WIRE_FAM_BIT(f))) {
			lua_pushstring(L, wire_family_by_index(f)->name);
			lua_rawseti(L, -2, k++);
		}
	lua_setfield(L, -2, "families");
	lua_pushboolean(L, nb->peer.state == FSM_ESTABLISHED && nb->neg.route_refresh);
	lua_setfield(L, -2, "route_refresh");
	lua_pushboolean(L, nb->peer.state == FSM_ESTABLISHED && nb->neg.operational);
	lua_setfield(L, -2, "operational");
	set_number(L, "routes_out", (lua_Number)nb->out.count);
	set_number(L, "pending_out", (lua_Number)nb->out.npending);
	set_number(L, "routes_in", (lua_Number)nb->in.count);
	set_number(L, "hold_time", nb->peer.state == FSM_ESTABLISHED ? nb->neg.hold_time : 0);
	return 1;
}

static int l_await_state(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);

	return l_sched_await(L, l_speaker_sched(L, s), &nb->state_q, l_sched_timeout(L, 3));
}

static int l_await_written(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);

	return l_sched_await(L, l_speaker_sched(L, s), &nb->written_q, l_sched_timeout(L, 3));
}

static int l_written(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);

	lua_pushboolean(L, spk_written(nb) && !nb->dirty);
	return 1;
}

static int l_limits(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	lua_Number q, st;

	luaL_checktype(L, 2, LUA_TTABLE);
	lua_getfield(L, 2, "queue");
	q = luaL_optnumber(L, -1, (lua_Number)s->sp.proc_queue);
	lua_getfield(L, 2, "stall");
	st = luaL_optnumber(L, -1, (lua_Number)s->sp.proc_stall_ms / 1000);
	lua_pop(L, 2);
	if (q < 4096)
		return luaL_error(L, "queue: at least 4096 octets");
	s->sp.proc_queue = (size_t)q;
	s->sp.proc_stall_ms = st > 0 ? (uint64_t)(st * 1000) : 1;
	return 0;
}

static int l_log_line(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	lua_Integer level = luaL_checkinteger(L, 2);
	const char *text = luaL_checkstring(L, 3);

	if (level < 0 || level > LB_LOG_DEBUG)
		return luaL_argerror(L, 2, "a level is 0 (emergency) to 7 (debug)");
	lb_logf(&s->sp.log, (enum lb_log_level)level, LB_TOPIC_PROCESSES, "%s", text);
	return 0;
}

static int l_stop(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	const char *why = luaL_checkstring(L, 2);

	snprintf(s->why_buf, sizeof(s->why_buf), "%s", why);
	s->why = s->why_buf;
	uv_stop(&s->loop);
	return 0;
}

/* --- events for Lua --------------------------------------------------------- */

static void pause_all(struct l_speaker *s, bool pause)
{
	if (s->sp.events_paused == pause)
		return;
	s->sp.events_paused = pause;
	spk_repause(&s->sp);
}

/* One record: kind, neighbor, length, then gen (when given) and msg; all
 * of it or, when memory runs out, nothing (a torn record would lose the
 * ones after it). */
static int put_event(struct l_speaker *s, unsigned kind, size_t nb_index, const uint32_t *gen,
		     const void *msg, size_t len)
{
	struct wbuf *w = &s->events;
	size_t mark = w->len;

	if (wbuf_u8(w, (uint8_t)kind) < 0 || wbuf_u32(w, (uint32_t)nb_index) < 0 ||
	    wbuf_u32(w, (uint32_t)(len + (gen ? 4 : 0))) < 0 || (gen && wbuf_u32(w, *gen) < 0) ||
	    wbuf_put(w, msg, len) < 0) {
		w->len = mark;
		w->failed = 0;
		lb_logf(&s->sp.log, LB_LOG_ERR, LB_TOPIC_PROCESSES,
			"an event for the scripts was dropped (no memory)");
		return -1;
	}
	if (w->len > EVENTS_HIGH)
		pause_all(s, true);
	sched_waitq_wake_all(&s->events_q);
	return 0;
}

int l_control_event(struct l_speaker *s, unsigned kind, size_t nb_index, const void *msg,
		    size_t len)
{
	return put_event(s, kind, nb_index, NULL, msg, len);
}

int l_control_export_event(struct l_speaker *s, size_t nb_index, uint32_t gen, const void *msg,
			   size_t len)
{
	return put_event(s, 4, nb_index, &gen, msg, len);
}

static int l_encode(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	static const char *const hows[] = { "ours", "export", "received", NULL };
	enum encode_ctx how = (enum encode_ctx)luaL_checkoption(L, 4, "ours", hows);
	struct wbuf w;
	struct lb_err err;

	luaL_checktype(L, 3, LUA_TTABLE);
	wbuf_init(&w, 1024);
	lb_err_clear(&err);
	if (encode_update(L, nb, 3, how, &w, &err) < 0) {
		wbuf_fini(&w);
		lua_pushnil(L);
		lua_pushstring(L, err.reason);
		return 2;
	}
	/* Lua may raise on the copy: the buffer goes first into a string */
	lua_pushlstring(L, (const char *)w.data, w.len);
	wbuf_fini(&w);
	return 1;
}

static int l_events_on(lua_State *L)
{
	l_speaker_check(L, 1)->lua_events = true;
	return 0;
}

static void push_state(lua_State *L, const char *p, size_t n)
{
	const char *sp = memchr(p, ' ', n);
	size_t k = sp ? (size_t)(sp - p) : n;

	lua_pushlstring(L, p, k);
	lua_setfield(L, -2, "state");
	lua_pushlstring(L, sp ? sp + 1 : p + n, sp ? n - k - 1 : 0);
	lua_setfield(L, -2, "reason");
}

/* the kinds of l_control_event() */
static const char *const event_kinds[] = { "?", "update", "state", "import", "export" };

static int l_take_events(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	const uint8_t *p = s->events.data;
	size_t off = 0, n = s->events.len;
	int k = 1;

	if (!n) {
		lua_pushnil(L);
		return 1;
	}
	lua_newtable(L);
	/* the records were written by l_control_event(): 9 octets, then len */
	while (off + 9 <= n) {
		unsigned kind = p[off];
		uint32_t i = get_u32(p + off + 1), len = get_u32(p + off + 5);

		off += 9;
		if (len > n - off)
			break;
		lua_createtable(L, 0, 4);
		lua_pushstring(L, event_kinds[kind < 5 ? kind : 0]);
		lua_setfield(L, -2, "kind");
		lua_pushinteger(L, (lua_Integer)i);
		lua_setfield(L, -2, "i");
		if (kind == 4 && len >= 4) {
			/* l_control_export_event(): the gen, then the UPDATE */
			lua_pushnumber(L, (lua_Number)get_u32(p + off));
			lua_setfield(L, -2, "gen");
			lua_pushlstring(L, (const char *)p + off + 4, len - 4);
			lua_setfield(L, -2, "msg");
		} else if (kind == 1 || kind == 3) {
			lua_pushlstring(L, (const char *)p + off, len);
			lua_setfield(L, -2, "msg");
		} else {
			push_state(L, (const char *)p + off, len);
		}
		lua_rawseti(L, -2, k++);
		off += len;
	}
	wbuf_reset(&s->events);
	if (s->events.cap > EVENTS_HIGH) {
		wbuf_fini(&s->events);
		wbuf_init(&s->events, 0);
	}
	pause_all(s, false);
	return 1;
}

static int l_await_events(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);

	return l_sched_await(L, l_speaker_sched(L, s), &s->events_q, l_sched_timeout(L, 2));
}

static int l_decode(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	size_t n;
	const uint8_t *msg = (const uint8_t *)luaL_checklstring(L, 3, &n);
	struct emit_decode_opts o;
	struct lb_err err, warn;
	struct l_sink ls;
	static const char *const hows[] = { "received", "export", NULL };
	bool ours = luaL_checkoption(L, 4, "received", hows) == 1;
	struct wire_ctx ctx = nb->neg.ctx;
	int top = lua_gettop(L);

	if (ours)
		spk_export_ctx(nb, &ctx);
	memset(&o, 0, sizeof(o));
	o.kind = EMIT_DECODE_UPDATE;
	o.ctx = &ctx;
	o.direction = ours ? "send" : "receive";
	l_sink_init(&ls, L);
	if (emit_decode_sink(&ls.base, msg, n, &o, &err, &warn) < 0 || ls.base.failed) {
		l_sink_fini(&ls);
		lua_settop(L, top);
		if (ls.base.failed)
			lb_err_set(&err, LB_ACT_NONE, 0, 0, 0, "out of memory building the table");
		return l_err_push(L, &err);
	}
	l_sink_fini(&ls);
	return 1;
}

static const luaL_Reg methods[] = {
	{ "scheduler", l_scheduler },
	{ "announce", l_announce },
	{ "attrset", l_attrset },
	{ "announce_prefix", l_announce_prefix },
	{ "clear_out", l_clear_out },
	{ "flush_out", l_flush_out },
	{ "clear_in", l_clear_in },
	{ "send_message", l_send_message },
	{ "teardown", l_teardown },
	{ "info", l_info },
	{ "await_state", l_await_state },
	{ "await_written", l_await_written },
	{ "written", l_written },
	{ "limits", l_limits },
	{ "log_line", l_log_line },
	{ "events_on", l_events_on },
	{ "encode", l_encode },
	{ "take_events", l_take_events },
	{ "await_events", l_await_events },
	{ "decode", l_decode },
	{ "stop", l_stop },
	{ NULL, NULL },
};

void l_control_register(lua_State *L)
{
	luaL_register(L, NULL, methods);
	/* the handles of sp:attrset() */
	luaL_newmetatable(L, ATTRSET_MT);
	lua_pushcfunction(L, l_attrset_gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);
}
