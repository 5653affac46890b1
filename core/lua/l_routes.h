/* A neighbor's configured routes, as one configuration gives them (for
 * l_speaker.c): trees of ExaBGP's "update" shape and routes kept in bulk
 * (rib/static_routes.h), interleaved in the configuration's order, and
 * how they go into the neighbor's Adj-RIB-Out. */
#ifndef LUABGP_LUA_L_ROUTES_H
#define LUABGP_LUA_L_ROUTES_H

#include <lua.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/val.h"
#include "rib/static_routes.h"
#include "speaker/speaker.h"

struct l_route {
	struct val *tree;
	struct l_route *next;
	size_t pos;                    /* bulk routes configured before it */
};

/* What the bulk routes are sent with: one UPDATE shape each */
struct l_tmpl {
	struct val *tree;
	uint8_t fam;                   /* enum wire_fam */
};

struct l_routes {
	struct arena arena;            /* the trees and the templates */
	struct l_route *head, **tail;
	struct static_routes bulk;     /* routes kept in bulk, in order */
	struct l_tmpl *tmpls;          /* their templates */
	size_t ntmpl;
};

void l_routes_init(struct l_routes *rs);
void l_routes_fini(struct l_routes *rs);
/* to takes from's routes (to's own are freed); from is left empty. */
void l_routes_move(struct l_routes *to, struct l_routes *from);

/* Add the tree of the table at idx, pos bulk routes after the previous
 * one: 0, or -1 with *why. */
int l_routes_add(lua_State *L, struct l_routes *rs, int idx, size_t pos, const char **why);
/* Take store's records as the bulk routes, with the templates of the list
 * at idx ({ family = NAME, update = TABLE }, ...).  Raises a Lua error on
 * a template or a record it cannot take. */
void l_routes_set_bulk(lua_State *L, struct l_routes *rs, int store_idx, int idx);

/* Every route of rs into nb's Adj-RIB-Out, in configuration order, its
 * failures logged with name.  With barriers an NLRI given twice is sent
 * twice, as ExaBGP's initial update does; a reload wants the last word
 * only.  Either way the routes announced are the marked ones afterwards. */
void l_routes_announce(const struct l_routes *rs, struct spk_nb *nb, const char *name,
		       bool barriers);

#endif
