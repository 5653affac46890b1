/* The speaker for Lua: the configuration (Lua) sets it up, then C runs it.
 *
 *   sp = core.speaker()
 *   i  = sp:neighbor{ remote, port, local, passive, hold_time, open,
 *                     peer_as, group_updates, manual_eor, attempts, adj_rib_in,
 *                     connect_retry, openwait, md5, ttl, gtsm }
 *   sp:route(i, update [, pos])  a route of the configuration: ExaBGP's
 *                             "update" shape (pos: the bulk routes
 *                             configured before it)
 *   sp:static_routes(i, store, { { family = "ipv4 unicast", update = u }, ... })
 *                             its routes kept in bulk (l_static.c): store's
 *                             records, each announced with the attributes of
 *                             its template's update
 *   sp:commit(i)              the routes given so far are the neighbor's:
 *                             encoded for each session's negotiated context
 *                             when it comes up; on a session that is up (a
 *                             reload) what changed is sent at once
 *   sp:adj_rib_in(i)          routes and octets of its Adj-RIB-In
 *   sp:neighbor_remove(i, subcode), sp:neighbor_start(i)  what a reload changes
 *   sp:log{ enable, level = 0..7, destination, short, topics = { network = true, ... } }
 *   sp:listen(address, port)
 *   sp:delay(seconds)         neighbors start that late (tcp.delay)
 *   sp:privileges{ user, drop }  run as user once listening (daemon.user)
 *   sp:events{ compact }      JSON events as api.compact asks
 *   sp:shutdown()             Cease to every peer (before close)
 *   p  = sp:process{ name, argv = { ... }, cwd, text, respawn }
 *   sp:subscribe(i, p, { state = true, update = true, open = true, ... })
 *   why = sp:run()            until every neighbor gave up ("done"), a
 *                             SIGTERM/SIGHUP/SIGINT (its name, Cease sent first),
 *                             or SIGUSR1/SIGUSR2/SIGALRM (sessions kept: the
 *                             caller reloads, then runs again)
 *
 * Lua is not called back while the loop runs (issue 4's scheduler is the
 * one place that will resume Lua): routes are kept as trees in C and state
 * changes are logged here.
 */
#include <lauxlib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/privileges.h"
#include "lua/l_routes.h"
#include "lua/l_speaker.h"
#include "lua/module.h"
#include "wire/message.h"
#include "speaker/speaker.h"
#include "wire/message.h"

struct l_speaker *l_speaker_check(lua_State *L, int idx)
{
	struct l_speaker *s = luaL_checkudata(L, idx, SPEAKER_MT);

	if (s->closed)
		luaL_error(L, "the speaker is closed");
	return s;
}

#define check_speaker l_speaker_check

/* --- the speaker's callbacks (no Lua) ------------------------------------ */

static void established(struct spk_nb *nb, const struct sess_negotiated *n)
{
	struct l_nb *ln = nb->data;

	(void)n;
	l_routes_announce(&ln->cur, nb, ln->name, true);
}

static size_t nb_index(const struct spk_nb *nb)
{
	size_t i = 0;

	while (i < nb->sp->nnb && nb->sp->nbs[i] != nb)
		i++;
	return i + 1;
}

/* connected, up and down, as the processes get them */
static void lua_state_event(struct spk_nb *nb, enum fsm_state from, enum fsm_state to,
			    const char *why)
{
	struct l_speaker *s = nb->sp->data;
	char text[LB_ERR_REASON_MAX + 16];
	int n;

	if (!s->lua_events)
		return;
	if (to == FSM_OPENSENT)
		n = snprintf(text, sizeof(text), "connected ");
	else if (to == FSM_ESTABLISHED)
		n = snprintf(text, sizeof(text), "up ");
	else if (to == FSM_IDLE && from >= FSM_OPENSENT)
		n = snprintf(text, sizeof(text), "down %s", why ? why : "");
	else
		return;
	if (n >= (int)sizeof(text))
		n = (int)sizeof(text) - 1;
	l_control_event(s, 2, nb_index(nb), text, (size_t)n);
}

static void received(struct spk_nb *nb, const uint8_t *msg, size_t len,
		     const struct wire_update *u)
{
	struct l_speaker *s = nb->sp->data;

	(void)u;
	if (s->lua_events && len > WIRE_HEADER_LEN && msg[18] == WIRE_MSG_UPDATE)
		l_control_event(s, 1, nb_index(nb), msg, len);
}

/* ExaBGP's words for the changes an operator follows */
static void state(struct spk_nb *nb, enum fsm_state from, enum fsm_state to, const char *why)
{
	struct l_nb *ln = nb->data;

	const struct lb_log *log = &nb->sp->log;

	if (to == FSM_OPENSENT)
		lb_logf(log, LB_LOG_INFO, LB_TOPIC_NETWORK, "%s connected", ln->name);
	else if (to == FSM_ESTABLISHED)
		lb_logf(log, LB_LOG_NOTICE, LB_TOPIC_NETWORK, "%s up", ln->name);
	else if (to == FSM_IDLE && from != FSM_IDLE)
		lb_logf(log, LB_LOG_NOTICE, LB_TOPIC_NETWORK, "%s down: %s", ln->name,
			why ? why : "");
	lua_state_event(nb, from, to, why);
}

static void all_done(struct spk *sp)
{
	struct l_speaker *s = sp->data;

	s->why = "done";
	uv_stop(&s->loop);
}

/* an UPDATE for the import policy (lua/luabgp/script.lua) */
static void import(struct spk_nb *nb, const uint8_t *msg, size_t len)
{
	l_control_event(nb->sp->data, 3, nb_index(nb), msg, len);
}

/* routes for the export policy, behind the gen they are answered with */
static int export(struct spk_nb *nb, uint32_t gen, const uint8_t *msg, size_t len)
{
	return l_control_export_event(nb->sp->data, nb_index(nb), gen, msg, len);
}

static const struct spk_ops ops = { .established = established, .state = state,
				    .received = received, .import = import,
				    .export = export, .all_done = all_done };

/* The `signal` event of every neighbor whose api asks for it (ExaBGP sends
 * it for each signal it acts on, before acting). */
static void signal_events(struct l_speaker *s, int signum)
{
	for (size_t i = 0; i < s->sp.nnb; i++)
		if (!s->sp.nbs[i]->removed)
			spk_event_signal(s->sp.nbs[i], signum);
}

/* SIGUSR1 (reload), SIGUSR2 (reload, every neighbor restarted), SIGALRM
 * (restart): ExaBGP's meanings; run() returns to the Lua side, which
 * reads the configuration again, while sessions stay up. */
static void on_reload_signal(uv_signal_t *h, int signum)
{
	struct l_speaker *s = h->data;

	signal_events(s, signum);
	s->why = signum == SIGUSR1 ? "SIGUSR1" : signum == SIGUSR2 ? "SIGUSR2" : "SIGALRM";
	uv_stop(&s->loop);
}

/* SIGTERM / SIGHUP / SIGINT: Cease to every peer (RFC 4486 6/2,
 * Administrative Shutdown, as ExaBGP sends on exit), then stop.  ExaBGP
 * reports the first two to the processes (SIGINT stops it as an exception
 * would, unreported). */
static void on_signal(uv_signal_t *h, int signum)
{
	struct l_speaker *s = h->data;

	if (signum != SIGINT)
		signal_events(s, signum);
	s->why = signum == SIGTERM ? "SIGTERM" : signum == SIGHUP ? "SIGHUP" : "SIGINT";
	spk_shutdown(&s->sp, 2);
	uv_stop(&s->loop);
}

/* --- Lua functions ---------------------------------------------------------- */

static int l_speaker_new(lua_State *L)
{
	struct l_speaker *s = lua_newuserdata(L, sizeof(*s));

	memset(s, 0, sizeof(*s));
	wbuf_init(&s->take, 0);
	wbuf_init(&s->events, 0);
	sched_waitq_init(&s->events_q);
	s->closed = true;
	luaL_getmetatable(L, SPEAKER_MT);
	lua_setmetatable(L, -2);
	if (uv_loop_init(&s->loop) < 0)
		return luaL_error(L, "cannot create the event loop");
	if (spk_init(&s->sp, &s->loop, &ops, s) < 0) {
		uv_loop_close(&s->loop);
		return luaL_error(L, "cannot start the speaker (keepalive thread)");
	}
	s->closed = false;
	return 1;
}

static const char *opt_string(lua_State *L, int t, const char *k, const char *dflt)
{
	const char *v;

	lua_getfield(L, t, k);
	v = lua_isnil(L, -1) ? dflt : luaL_checkstring(L, -1);
	lua_pop(L, 1);
	return v;
}

static lua_Number opt_number(lua_State *L, int t, const char *k, lua_Number dflt)
{
	lua_Number v;

	lua_getfield(L, t, k);
	v = lua_isnil(L, -1) ? dflt : luaL_checknumber(L, -1);
	lua_pop(L, 1);
	return v;
}

static bool opt_flag(lua_State *L, int t, const char *k, bool dflt)
{
	bool v;

	lua_getfield(L, t, k);
	v = lua_isnil(L, -1) ? dflt : lua_toboolean(L, -1);
	lua_pop(L, 1);
	return v;
}

static int fail(lua_State *L, const char *fmt, const char *what)
{
	lua_pushnil(L);
	lua_pushfstring(L, fmt, what);
	return 2;
}

/* sp:neighbor{...} -> index | nil, reason */
static int l_neighbor(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	struct spk_nb_cfg c;
	struct l_nb *ln, **grown;
	struct spk_nb *nb;
	struct lb_err err;
	const char *remote, *local, *open;
	size_t open_len;
	int port;

	luaL_checktype(L, 2, LUA_TTABLE);
	memset(&c, 0, sizeof(c));
	remote = opt_string(L, 2, "remote", NULL);
	local = opt_string(L, 2, "local", NULL);
	port = (int)opt_number(L, 2, "port", 179);
	lua_getfield(L, 2, "open");
	open = luaL_checklstring(L, -1, &open_len);
	lua_pop(L, 1);
	if (!remote || net_addr_parse(remote, port, &c.sess.remote) < 0)
		return fail(L, "neighbor: '%s' is not an IP address", remote ? remote : "(none)");
	c.sess.local.ss_family = AF_UNSPEC;
	if (local && net_addr_parse(local, 0, &c.sess.local) < 0)
		return fail(L, "neighbor: local address '%s' is not an IP address", local);
	c.sess.passive = opt_flag(L, 2, "passive", false);
	c.sess.hold_time = (uint16_t)opt_number(L, 2, "hold_time", 180);
	c.sess.connect_retry_ms = (uint32_t)(opt_number(L, 2, "connect_retry", 5) * 1000);
	c.sess.backoff_ms = 1000;
	c.sess.backoff_max_ms = 60000;
	c.sess.openwait_ms = (uint32_t)(opt_number(L, 2, "openwait", 60) * 1000);
	c.sess.attempts = (uint32_t)opt_number(L, 2, "attempts", 0);
	c.sess.tcp.md5 = opt_string(L, 2, "md5", NULL);
	c.sess.tcp.ttl = (int)opt_number(L, 2, "ttl", 0);
	c.sess.tcp.gtsm_hops = (int)opt_number(L, 2, "gtsm", 0);
	c.open = (const uint8_t *)open;
	c.open_len = open_len;
	c.peer_as = (uint32_t)opt_number(L, 2, "peer_as", 0);
	c.group_updates = opt_flag(L, 2, "group_updates", true);
	c.adj_rib_in = opt_flag(L, 2, "adj_rib_in", false);
	c.manual_eor = opt_flag(L, 2, "manual_eor", false);

	ln = calloc(1, sizeof(*ln));
	grown = realloc(s->nbs, (s->nnb + 1) * sizeof(*s->nbs));
	if (grown)
		s->nbs = grown;
	if (!ln || !grown) {
		free(ln);
		return luaL_error(L, "out of memory");
	}
	snprintf(ln->name, sizeof(ln->name), "neighbor %s", remote);
	arena_init(&ln->arena, 1024);
	l_routes_init(&ln->cur);
	l_routes_init(&ln->next);
	nb = spk_neighbor_add(&s->sp, &c, ln, &err);
	if (!nb) {
		arena_fini(&ln->arena);
		l_routes_fini(&ln->cur);
		l_routes_fini(&ln->next);
		free(ln);
		return fail(L, "neighbor: our OPEN: %s", err.reason);
	}
	/* md5 points into Lua's string: the session keeps the pointer */
	if (c.sess.tcp.md5) {
		nb->peer.cfg.tcp.md5 = arena_strndup(&ln->arena, c.sess.tcp.md5,
						     strlen(c.sess.tcp.md5));
		nb->cfg.sess.tcp.md5 = nb->peer.cfg.tcp.md5;
	}
	s->nbs[s->nnb++] = ln;
	lua_pushinteger(L, (lua_Integer)s->nnb);
	return 1;
}

/* sp:route(i, update [, pos]) -> true | nil, reason: a route of the
 * configuration being given (sp:commit() applies it) */
static int l_route(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	lua_Integer i = luaL_checkinteger(L, 2);
	const char *why;

	luaL_checktype(L, 3, LUA_TTABLE);
	if (i < 1 || (size_t)i > s->nnb)
		return luaL_argerror(L, 2, "no such neighbor");
	if (l_routes_add(L, &s->nbs[i - 1]->next, 3, (size_t)luaL_optinteger(L, 4, 0), &why) < 0)
		return fail(L, "route: %s", why);
	lua_pushboolean(L, 1);
	return 1;
}

/* sp:static_routes(i, store, templates) -> true: the bulk routes of the
 * configuration being given (store's records are taken) */
static int l_static_routes(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	lua_Integer i = luaL_checkinteger(L, 2);

	luaL_checktype(L, 4, LUA_TTABLE);
	if (i < 1 || (size_t)i > s->nnb)
		return luaL_argerror(L, 2, "no such neighbor");
	l_routes_set_bulk(L, &s->nbs[i - 1]->next, 3, 4);
	lua_pushboolean(L, 1);
	return 1;
}

/* sp:commit(i): the routes given since the last commit become the
 * neighbor's.  On a session that is up the difference goes out (RFC 4271
 * §9.1.3: what is no longer configured is withdrawn, the Adj-RIB-Out sends
 * only what changed); on one that is not, nothing of the old file's
 * routes is kept for the next session.  What the API and the scripts
 * announced stays either way, as in ExaBGP. */
static int l_commit(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	lua_Integer i = luaL_checkinteger(L, 2);
	struct l_nb *ln;
	struct spk_nb *nb;

	if (i < 1 || (size_t)i > s->nnb)
		return luaL_argerror(L, 2, "no such neighbor");
	ln = s->nbs[i - 1];
	nb = s->sp.nbs[i - 1];
	l_routes_move(&ln->cur, &ln->next);
	if (s->started && nb->peer.state == FSM_ESTABLISHED) {
		l_routes_announce(&ln->cur, nb, ln->name, false);
		adj_out_withdraw_unmarked_conf(spk_rib_given(nb));
		spk_flush(nb);
	} else if (s->started) {
		/* the new file's routes go out when the session comes up */
		adj_out_unmark(spk_rib_given(nb));
		adj_out_withdraw_unmarked_conf(spk_rib_given(nb));
	}
	return 0;
}

/* sp:adj_rib_in(i) -> routes, octets: what the neighbor's Adj-RIB-In holds */
static int l_adj_rib_in(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	lua_Integer i = luaL_checkinteger(L, 2);
	const struct adj_in *in;

	if (i < 1 || (size_t)i > s->nnb)
		return luaL_argerror(L, 2, "no such neighbor");
	in = &s->sp.nbs[i - 1]->in;
	lua_pushnumber(L, (lua_Number)in->count);
	lua_pushnumber(L, (lua_Number)in->bytes);
	return 2;
}

/* sp:neighbor_remove(i, subcode): Cease (RFC 4486 subcode: 3 peer
 * de-configured, 6 other configuration change) and the neighbor is gone. */
static int l_neighbor_remove(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	lua_Integer i = luaL_checkinteger(L, 2);
	int subcode = (int)luaL_optinteger(L, 3, 3);

	if (i < 1 || (size_t)i > s->nnb)
		return luaL_argerror(L, 2, "no such neighbor");
	spk_neighbor_remove(s->sp.nbs[i - 1], (uint8_t)subcode);
	lua_pushboolean(L, 1);
	return 1;
}

/* sp:neighbor_start(i): a neighbor added after run() began */
static int l_neighbor_start(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	lua_Integer i = luaL_checkinteger(L, 2);

	if (i < 1 || (size_t)i > s->nnb)
		return luaL_argerror(L, 2, "no such neighbor");
	/* during tcp.delay, the end of the delay starts every neighbor */
	if (s->started && !uv_is_active((uv_handle_t *)&s->delay))
		sess_peer_start(&s->sp.nbs[i - 1]->peer);
	lua_pushboolean(L, 1);
	return 1;
}

/* sp:process{ name, argv, cwd, text, respawn } -> index | nil, reason */
static int l_process(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	struct spk_proc_cfg c;
	const char *argv[64];
	struct lb_err err;
	int n = 0, idx;

	luaL_checktype(L, 2, LUA_TTABLE);
	memset(&c, 0, sizeof(c));
	c.name = opt_string(L, 2, "name", "process");
	c.cwd = opt_string(L, 2, "cwd", NULL);
	c.text = opt_flag(L, 2, "text", false);
	c.respawn = opt_flag(L, 2, "respawn", true);
	lua_getfield(L, 2, "argv");
	luaL_checktype(L, -1, LUA_TTABLE);
	for (int i = 1; n < 63; i++, n++) {
		lua_rawgeti(L, -1, i);
		if (lua_isnil(L, -1)) {
			lua_pop(L, 1);
			break;
		}
		argv[n] = luaL_checkstring(L, -1);
		lua_pop(L, 1);
	}
	argv[n] = NULL;
	if (n == 0)
		return fail(L, "process %s: nothing to run", c.name);
	c.argv = argv;
	idx = spk_process_add(&s->sp, &c, &err);
	lua_pop(L, 1);
	if (idx < 0)
		return fail(L, "process: %s", err.reason);
	lua_pushinteger(L, idx + 1);
	return 1;
}

static const struct {
	const char *name;
	uint32_t flag;
} receive_flags[] = {
	{ "state", SPK_EV_STATE },         { "update", SPK_EV_UPDATE },
	{ "open", SPK_EV_OPEN },           { "notification", SPK_EV_NOTIFICATION },
	{ "keepalive", SPK_EV_KEEPALIVE }, { "refresh", SPK_EV_REFRESH },
	{ "operational", SPK_EV_OPERATIONAL }, { "packets", SPK_EV_PACKETS },
	{ "parsed", SPK_EV_PARSED },       { "send", SPK_EV_SEND },
	{ "negotiated", SPK_EV_NEGOTIATED }, { "fsm", SPK_EV_FSM },
	{ "signal", SPK_EV_SIGNAL },
	{ "route-refresh", SPK_EV_REFRESH },
};

/* sp:subscribe(i, p, flags) -> true */
static int l_subscribe(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	lua_Integer i = luaL_checkinteger(L, 2), p = luaL_checkinteger(L, 3);
	uint32_t flags = 0;

	luaL_checktype(L, 4, LUA_TTABLE);
	if (i < 1 || (size_t)i > s->nnb)
		return luaL_argerror(L, 2, "no such neighbor");
	if (p < 1 || (size_t)p > s->sp.nprocs)
		return luaL_argerror(L, 3, "no such process");
	for (size_t k = 0; k < sizeof(receive_flags) / sizeof(receive_flags[0]); k++)
		if (opt_flag(L, 4, receive_flags[k].name, false))
			flags |= receive_flags[k].flag;
	if (spk_subscribe(s->sp.nbs[i - 1], (size_t)(p - 1), flags) < 0)
		return luaL_error(L, "out of memory");
	lua_pushboolean(L, 1);
	return 1;
}

/* sp:log{...} -> true | nil, reason (the settings of log.*) */
static int l_log(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	struct lb_log *log = &s->sp.log;
	const char *dest;

	luaL_checktype(L, 2, LUA_TTABLE);
	log->enabled = opt_flag(L, 2, "enable", log->enabled);
	log->level = (enum lb_log_level)opt_number(L, 2, "level", log->level);
	if (log->level > LB_LOG_DEBUG)
		log->level = LB_LOG_DEBUG;
	log->short_form = opt_flag(L, 2, "short", log->short_form);
	lua_getfield(L, 2, "topics");
	if (lua_istable(L, -1)) {
		for (int t = 0; t < LB_TOPIC_COUNT; t++) {
			lua_getfield(L, -1, lb_log_topic_name((enum lb_log_topic)t));
			if (!lua_isnil(L, -1)) {
				if (lua_toboolean(L, -1))
					log->topics |= 1u << t;
				else
					log->topics &= ~(1u << t);
			}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	dest = opt_string(L, 2, "destination", NULL);
	if (dest && lb_log_destination(log, dest) < 0)
		return fail(L, "log.destination: cannot open '%s'", dest);
	lua_pushboolean(L, 1);
	return 1;
}

/* sp:shutdown(): Cease 6/2 to every peer, as on SIGTERM (the caller then
 * closes the speaker) */
static int l_shutdown(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);

	spk_shutdown(&s->sp, 2);
	return 0;
}

/* sp:terminate_with_processes(on): api.terminate */
static int l_terminate(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);

	s->sp.terminate = lua_toboolean(L, 2);
	return 0;
}

/* sp:events{ compact = BOOL }: the shape of the JSON events (api.compact) */
static int l_events(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);

	luaL_checktype(L, 2, LUA_TTABLE);
	s->sp.json_flags = opt_flag(L, 2, "compact", false) ? WIRE_JSON_COMPACT : 0;
	return 0;
}

/* sp:listen(address, port) -> true | nil, reason */
static int l_listen(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	const char *ip = luaL_checkstring(L, 2);
	int port = (int)luaL_checkinteger(L, 3);
	struct sockaddr_storage ss;
	struct lb_err err;

	if (net_addr_parse(ip, port, &ss) < 0)
		return fail(L, "listen: '%s' is not an IP address", ip);
	if (spk_listen(&s->sp, (struct sockaddr *)&ss, &err) < 0)
		return fail(L, "listen: %s", err.reason);
	lua_pushboolean(L, 1);
	return 1;
}

static void delay_over(uv_timer_t *t)
{
	struct l_speaker *s = t->data;

	lb_logf(&s->sp.log, LB_LOG_INFO, LB_TOPIC_REACTOR, "tcp.delay over: connecting");
	spk_start(&s->sp);
}

/* sp:delay(seconds): the neighbors start that much after run() (ExaBGP's
 * tcp.delay; processes and listeners start at once). */
static int l_delay(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	lua_Number sec = luaL_checknumber(L, 2);

	if (s->started)
		return luaL_error(L, "delay: the speaker runs already");
	s->delay_ms = sec > 0 ? (uint64_t)(sec * 1000) : 0;
	return 0;
}

/* Processes and privileges in ExaBGP's order: with daemon.drop the
 * processes start as the unprivileged user, without it as root. */
static int start_processes(struct l_speaker *s, char *why, size_t n)
{
	struct lb_err err;

	if (s->user && s->drop_first && lb_drop_privileges(s->user, why, n) < 0)
		return -1;
	if (spk_processes_start(&s->sp, &err) < 0) {
		snprintf(why, n, "process: %s", err.reason);
		return -1;
	}
	if (s->user && !s->drop_first && lb_drop_privileges(s->user, why, n) < 0)
		return -1;
	return 0;
}

static int start(struct l_speaker *s, char *why, size_t n)
{
	uv_signal_init(&s->loop, &s->sigterm);
	uv_signal_init(&s->loop, &s->sigint);
	uv_signal_init(&s->loop, &s->sighup);
	uv_signal_init(&s->loop, &s->sigusr1);
	uv_signal_init(&s->loop, &s->sigusr2);
	uv_signal_init(&s->loop, &s->sigalrm);
	uv_timer_init(&s->loop, &s->delay);
	s->sigterm.data = s->sigint.data = s->sighup.data = s;
	s->sigusr1.data = s->sigusr2.data = s->sigalrm.data = s;
	s->delay.data = s;
	s->started = true;
	uv_signal_start(&s->sigterm, on_signal, SIGTERM);
	uv_signal_start(&s->sigint, on_signal, SIGINT);
	uv_signal_start(&s->sighup, on_signal, SIGHUP);
	uv_signal_start(&s->sigusr1, on_reload_signal, SIGUSR1);
	uv_signal_start(&s->sigusr2, on_reload_signal, SIGUSR2);
	uv_signal_start(&s->sigalrm, on_reload_signal, SIGALRM);
	/* a process that dies while we write to it must not kill us */
	signal(SIGPIPE, SIG_IGN);
	if (start_processes(s, why, n) < 0)
		return -1;
	if (s->delay_ms) {
		lb_logf(&s->sp.log, LB_LOG_INFO, LB_TOPIC_REACTOR, "tcp.delay: connecting in %llu s",
			(unsigned long long)(s->delay_ms / 1000));
		uv_timer_start(&s->delay, delay_over, s->delay_ms, 0);
	} else {
		spk_start(&s->sp);
	}
	return 0;
}

/* sp:run() -> "done" | "SIGTERM" | "SIGHUP" | "SIGINT" | a reload signal,
 * or nil, why when it cannot start */
static int l_run(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	char why[256];

	if (!s->started && start(s, why, sizeof(why)) < 0) {
		lua_pushnil(L);
		lua_pushstring(L, why);
		return 2;
	}
	if (s->running)
		return luaL_error(L, "run: the speaker runs already (called from a task?)");
	s->why = NULL;
	s->running = true;
	uv_run(&s->loop, UV_RUN_DEFAULT);
	s->running = false;
	lua_pushstring(L, s->why ? s->why : "stopped");
	return 1;
}

/* sp:privileges{ user = NAME, drop = BOOL }: run as that user once the
 * listeners are open (ExaBGP's daemon.user), before starting the processes
 * with drop (daemon.drop), after without. */
static int l_privileges(lua_State *L)
{
	struct l_speaker *s = check_speaker(L, 1);
	const char *user;
	char *copy;

	luaL_checktype(L, 2, LUA_TTABLE);
	user = opt_string(L, 2, "user", NULL);
	if (s->started)
		return luaL_error(L, "privileges: the speaker runs already");
	copy = user ? strdup(user) : NULL;
	if (user && !copy)
		return luaL_error(L, "out of memory");
	free(s->user);
	s->user = copy;
	s->drop_first = opt_flag(L, 2, "drop", true);
	return 0;
}

static int l_gc(lua_State *L)
{
	struct l_speaker *s = luaL_checkudata(L, 1, SPEAKER_MT);

	if (s->closed)
		return 0;
	if (s->running)
		return luaL_error(L, "close: the speaker is running (called from a task?)");
	s->closed = true;
	l_ctl_close(s);
	l_child_close_all(s);
	/* tasks wait on the neighbors' and processes' queues: they go first */
	if (s->sched) {
		l_sched_close(s->sched);
		luaL_unref(L, LUA_REGISTRYINDEX, s->sched_ref);
		s->sched = NULL;
	}
	spk_fini(&s->sp);
	if (s->started) {
		uv_close((uv_handle_t *)&s->sigterm, NULL);
		uv_close((uv_handle_t *)&s->sigint, NULL);
		uv_close((uv_handle_t *)&s->sighup, NULL);
		uv_close((uv_handle_t *)&s->delay, NULL);
		uv_close((uv_handle_t *)&s->sigusr1, NULL);
		uv_close((uv_handle_t *)&s->sigusr2, NULL);
		uv_close((uv_handle_t *)&s->sigalrm, NULL);
	}
	uv_run(&s->loop, UV_RUN_DEFAULT);
	spk_release(&s->sp);
	uv_loop_close(&s->loop);
	for (size_t i = 0; i < s->nnb; i++) {
		arena_fini(&s->nbs[i]->arena);
		l_routes_fini(&s->nbs[i]->cur);
		l_routes_fini(&s->nbs[i]->next);
		free(s->nbs[i]);
	}
	free(s->nbs);
	free(s->user);
	wbuf_fini(&s->take);
	wbuf_fini(&s->events);
	return 0;
}

static const luaL_Reg methods[] = {
	{ "neighbor", l_neighbor },
	{ "route", l_route },
	{ "static_routes", l_static_routes },
	{ "commit", l_commit },
	{ "adj_rib_in", l_adj_rib_in },
	{ "delay", l_delay },
	{ "privileges", l_privileges },
	{ "events", l_events },
	{ "shutdown", l_shutdown },
	{ "neighbor_remove", l_neighbor_remove },
	{ "neighbor_start", l_neighbor_start },
	{ "listen", l_listen },
	{ "log", l_log },
	{ "terminate_with_processes", l_terminate },
	{ "process", l_process },
	{ "subscribe", l_subscribe },
	{ "run", l_run },
	{ "close", l_gc },
	{ NULL, NULL },
};

static const luaL_Reg funcs[] = {
	{ "speaker", l_speaker_new },
	{ NULL, NULL },
};

void l_speaker_register(lua_State *L)
{
	luaL_newmetatable(L, SPEAKER_MT);
	lua_newtable(L);
	luaL_register(L, NULL, methods);
	l_control_register(L);
	l_process_register(L);
	l_ctl_register_methods(L);
	l_child_register(L);
	l_rib_register(L);
	l_policy_register(L);
	l_session_register(L);
	l_view_register(L);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, l_gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);
	luaL_register(L, NULL, funcs);
	l_ctl_register(L);
}
