/* What `show neighbor extensive|summary|json` tells of a session, as
 * ExaBGP's neighbor_cli_data has it (lua/luabgp/api/show.lua lays it out):
 *
 *   t = sp:session(i)   { since = SECONDS (wall clock: up, or down, since),
 *                         up = BOOL, peer_id = "A.B.C.D", peer_hold = N,
 *                         peer_as = N (the last three with the peer's OPEN),
 *                         messages = { open = { SENT, RECEIVED }, update,
 *                           notification, keepalive, refresh, total },
 *                         capabilities = { { NAME, LOCAL, PEER }, ... },
 *                         families = { { NAME, LOCAL, COMMON, SEND, RECEIVE }, ... } }
 *                         (SEND, RECEIVE: ADD-PATH path ids, RFC 7911)
 *
 * A capability or family the peer's OPEN did not say anything about yet
 * (no OPEN) is nil there, as ExaBGP prints n/a.
 */
#include <lauxlib.h>
#include <stdio.h>

#include "lua/l_speaker.h"
#include "wire/message.h"

static void pair(lua_State *L, const char *name, uint64_t sent, uint64_t rcvd)
{
	lua_createtable(L, 2, 0);
	lua_pushnumber(L, (lua_Number)sent);
	lua_rawseti(L, -2, 1);
	lua_pushnumber(L, (lua_Number)rcvd);
	lua_rawseti(L, -2, 2);
	lua_setfield(L, -2, name);
}

static void push_messages(lua_State *L, struct spk_nb *nb)
{
	static const struct { const char *name; unsigned type; } kinds[] = {
		{ "open", WIRE_MSG_OPEN }, { "notification", WIRE_MSG_NOTIFICATION },
		{ "keepalive", WIRE_MSG_KEEPALIVE }, { "update", WIRE_MSG_UPDATE },
		{ "refresh", WIRE_MSG_ROUTE_REFRESH },
	};
	uint64_t sent[NET_MSG_KINDS], rcvd[NET_MSG_KINDS], ts = 0, tr = 0;

	sess_peer_counts(&nb->peer, sent, rcvd);
	lua_createtable(L, 0, 6);
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		pair(L, kinds[k].name, sent[kinds[k].type], rcvd[kinds[k].type]);
		ts += sent[kinds[k].type];
		tr += rcvd[kinds[k].type];
	}
	pair(L, "total", ts, tr);
	lua_setfield(L, -2, "messages");
}

/* { name, local, peer }: peer only when theirs is known */
static void cap(lua_State *L, int *k, const char *name, bool local, const bool *peer)
{
	lua_createtable(L, 3, 0);
	lua_pushstring(L, name);
	lua_rawseti(L, -2, 1);
	lua_pushboolean(L, local);
	lua_rawseti(L, -2, 2);
	if (peer) {
		lua_pushboolean(L, *peer);
		lua_rawseti(L, -2, 3);
	}
	lua_rawseti(L, -2, (*k)++);
}

static void push_capabilities(lua_State *L, const struct sess_caps *ours,
			      const struct sess_caps *theirs)
{
	const bool no = false;
	bool p[6];
	int k = 1;

	if (theirs) {
		p[0] = theirs->asn4;
		p[1] = theirs->route_refresh;
		p[2] = theirs->operational;
		p[3] = theirs->addpath_rx || theirs->addpath_tx;
		p[4] = theirs->ext_msg;
		p[5] = theirs->graceful_restart;
	}
	lua_createtable(L, 7, 0);
	cap(L, &k, "asn4", ours->asn4, theirs ? &p[0] : NULL);
	cap(L, &k, "route-refresh", ours->route_refresh, theirs ? &p[1] : NULL);
	/* RFC 4271's multi-session drafts: neither side of luabgp offers it */
	cap(L, &k, "multi-session", false, theirs ? &no : NULL);
	cap(L, &k, "operational", ours->operational, theirs ? &p[2] : NULL);
	cap(L, &k, "add-path", ours->addpath_rx || ours->addpath_tx, theirs ? &p[3] : NULL);
	cap(L, &k, "extended-message", ours->ext_msg, theirs ? &p[4] : NULL);
	cap(L, &k, "graceful-restart", ours->graceful_restart, theirs ? &p[5] : NULL);
	lua_setfield(L, -2, "capabilities");
}

/* Our families: negotiated or not, and the ADD-PATH directions agreed on
 * them (known once the peer's OPEN is; before, false where we offer none) */
static void push_families(lua_State *L, const struct spk_nb *nb, const struct sess_open *o)
{
	uint64_t fams = nb->ours.mp_any ? nb->ours.families : WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST);
	int k = 1;

	lua_newtable(L);
	for (unsigned f = 0; f < WIRE_FAM_COUNT; f++) {
		uint64_t bit = WIRE_FAM_BIT(f);

		if (!(fams & bit))
			continue;
		lua_createtable(L, 5, 0);
		lua_pushstring(L, wire_family_by_index(f)->name);
		lua_rawseti(L, -2, 1);
		lua_pushboolean(L, 1);
		lua_rawseti(L, -2, 2);
		if (o) {
			lua_pushboolean(L, (o->neg.ctx.families & bit) != 0);
			lua_rawseti(L, -2, 3);
			lua_pushboolean(L, (o->neg.ctx.addpath_tx & bit) != 0);
			lua_rawseti(L, -2, 4);
			lua_pushboolean(L, (o->neg.ctx.addpath_rx & bit) != 0);
			lua_rawseti(L, -2, 5);
		} else {
			if (!(nb->ours.addpath_tx & bit)) {
				lua_pushboolean(L, 0);
				lua_rawseti(L, -2, 4);
			}
			if (!(nb->ours.addpath_rx & bit)) {
				lua_pushboolean(L, 0);
				lua_rawseti(L, -2, 5);
			}
		}
		lua_rawseti(L, -2, k++);
	}
	lua_setfield(L, -2, "families");
}

static int l_session(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_nb *nb = l_speaker_nb(L, s, 2);
	/* the peer's OPEN is known from OpenConfirm on (session/peer.h) */
	const struct sess_open *o = nb->peer.state == FSM_OPENCONFIRM ||
					    nb->peer.state == FSM_ESTABLISHED
					    ? &nb->peer.open : NULL;
	char id[16];

	lua_createtable(L, 0, 8);
	lua_pushnumber(L, (lua_Number)nb->since);
	lua_setfield(L, -2, "since");
	lua_pushboolean(L, nb->peer.state == FSM_ESTABLISHED);
	lua_setfield(L, -2, "up");
	if (o) {
		snprintf(id, sizeof(id), "%u.%u.%u.%u", o->bgp_id >> 24, (o->bgp_id >> 16) & 255,
			 (o->bgp_id >> 8) & 255, o->bgp_id & 255);
		lua_pushstring(L, id);
		lua_setfield(L, -2, "peer_id");
		lua_pushnumber(L, o->hold_time);
		lua_setfield(L, -2, "peer_hold");
		lua_pushnumber(L, o->asn);
		lua_setfield(L, -2, "peer_as");
	}
	push_messages(L, nb);
	push_capabilities(L, &nb->ours, o ? &o->theirs : NULL);
	push_families(L, nb, o);
	return 1;
}

static const luaL_Reg methods[] = {
	{ "session", l_session },
	{ NULL, NULL },
};

void l_session_register(lua_State *L)
{
	luaL_register(L, NULL, methods);
}
