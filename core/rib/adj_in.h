/* Adj-RIB-In (RFC 4271 §3.2): the routes a peer advertised to us, as they
 * came (before any policy), each with its interned attribute set.  Kept
 * when the neighbor's `adj-rib-in` is on (ExaBGP's default), for the
 * commands that show it; emptied when the session goes down.
 *
 * NLRI come from the peer: they are hashed with the pool's keyed hash. */
#ifndef LUABGP_RIB_ADJ_IN_H
#define LUABGP_RIB_ADJ_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/htab.h"
#include "rib/attrset.h"
#include "rib/route_key.h"

struct adj_in_route {
	uint64_t hash;
	struct attrset *a;
	uint32_t path_id;
	uint8_t fam;                   /* enum wire_fam */
	uint8_t stale;                 /* kept through a graceful restart */
	uint16_t len;
	uint8_t nlri[];                /* NLRI as on the wire, no path id */
};

struct adj_in {
	struct attrset_pool *pool;
	struct htab routes;
	size_t count;
	size_t bytes;                  /* memory of the routes (sets apart) */
	size_t stale;                  /* routes marked stale */
};

void adj_in_init(struct adj_in *in, struct attrset_pool *pool);
void adj_in_fini(struct adj_in *in);

/* The route is now announced with a (a reference is taken), replacing what
 * it had (RFC 4271 §3.1: an advertisement replaces the previous one).  -1:
 * no memory, or an NLRI longer than 65535 octets (nothing changes). */
int adj_in_announce(struct adj_in *in, uint8_t fam, uint32_t path_id, const uint8_t *nlri,
		    size_t len, struct attrset *a);
/* adj_in_announce() for n routes with the same attributes.  A table of a
 * million routes does not fit a cache: the routes are taken ADJ_IN_BATCH
 * at a time, their table slots prefetched together so that the misses
 * overlap instead of following one another.  Returns how many were not
 * stored (no memory, as adj_in_announce). */
#define ADJ_IN_BATCH 32
int adj_in_announce_batch(struct adj_in *in, const struct route_key *keys, size_t n,
			  struct attrset *a);
/* The route is gone (a withdrawal of a route we never had is no error). */
void adj_in_withdraw(struct adj_in *in, uint8_t fam, uint32_t path_id, const uint8_t *nlri,
		     size_t len);
/* Every route gone (the session went down). */
void adj_in_clear(struct adj_in *in);
/* RFC 4724 §4.2: the peer restarts; every route is kept, marked stale,
 * until announced again (which makes it fresh) or swept. */
void adj_in_mark_stale(struct adj_in *in);
/* Remove the stale routes of these families (WIRE_FAM_BIT), each shown to
 * gone(arg, route) just before it goes; returns how many went. */
size_t adj_in_sweep_stale(struct adj_in *in, uint64_t families,
			  void (*gone)(void *arg, const struct adj_in_route *r), void *arg);
/* The attribute set of a route, NULL when we do not have it. */
struct attrset *adj_in_find(const struct adj_in *in, uint8_t fam, uint32_t path_id,
			    const uint8_t *nlri, size_t len);
/* Walk: for (size_t i = 0; adj_in_next(in, &i, &r);) ...; no change meanwhile. */
bool adj_in_next(const struct adj_in *in, size_t *pos, const struct adj_in_route **r);

#endif
