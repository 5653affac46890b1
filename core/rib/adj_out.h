/* Adj-RIB-Out (RFC 4271 §3.2): what we want a peer to have, what it has,
 * and the UPDATEs that take it from one to the other.
 *
 * Each route (family, path id, NLRI bytes) holds the attribute set we want
 * announced (`want`, NULL for withdrawn) and the one the peer was last sent
 * (`sent`).  A change puts the route on the pending list; adj_out_flush()
 * groups the pending routes by attribute set and family and packs each group
 * into as few UPDATEs as the negotiated size allows (DESIGN.md: "groups
 * pending changes by attribute set so that packing UPDATEs is linear"), or
 * one route per UPDATE when grouping is off (ExaBGP's group-updates false).
 */
#ifndef LUABGP_RIB_ADJ_OUT_H
#define LUABGP_RIB_ADJ_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/htab.h"
#include "rib/attrset.h"
#include "wire/wire.h"

struct adj_out_route {
	uint64_t hash;
	struct attrset *want;          /* NULL: to be withdrawn */
	struct attrset *sent;          /* NULL: the peer does not have it */
	struct attrset *with;          /* sent along with its withdrawal */
	struct adj_out_route *next;    /* pending list */
	uint32_t path_id;
	uint8_t fam;                   /* enum wire_fam */
	uint8_t pending;
	uint8_t forced;                /* withdraw even if never sent */
	uint8_t wfirst;                /* a withdrawal goes before want */
	uint8_t marked;                /* announced since adj_out_unmark() */
	uint8_t conf;                  /* the configuration's (from_conf) */
	uint8_t resend;                /* to be sent again (adj_out_resend) */
	uint16_t len;
	uint8_t nlri[];                /* NLRI as on the wire, no path id */
};

struct adj_out {
	struct attrset_pool *pool;
	struct htab routes;
	struct adj_out_route *head, **tail; /* pending, in change order */
	size_t npending;
	size_t count;                  /* routes held */
	size_t bytes;                  /* their memory */
	size_t unsendable;             /* routes too big for one UPDATE */
	bool group;                    /* pack several NLRI per UPDATE */
	bool fresh;                    /* a new session's first UPDATEs */
	bool from_conf;                /* announcements now are the configuration's
					* routes, not the API's or the scripts' */
};

/* Called with each UPDATE built; a negative return stops the flush (the
 * routes not written stay pending). */
typedef int (*adj_out_emit_fn)(void *arg, const uint8_t *msg, size_t len);

void adj_out_init(struct adj_out *o, struct attrset_pool *pool, bool group);
void adj_out_fini(struct adj_out *o);

/* Want this route announced with a (a reference is taken).  -1: no memory,
 * or an NLRI longer than 65535 octets. */
int adj_out_announce(struct adj_out *o, uint8_t fam, uint32_t path_id,
		     const uint8_t *nlri, size_t len, struct attrset *a);
/* Want it withdrawn.  The withdrawal is sent even when the peer never had
 * the route, its announcement still pending: ExaBGP sends what the API asks
 * for ("an extra withdrawal is harmless", its outgoing RIB says), and the
 * api-fast and api-flow vectors pin it.  An announcement that follows a
 * withdrawal still pending is sent after it, not instead of it. */
int adj_out_withdraw(struct adj_out *o, uint8_t fam, uint32_t path_id,
		     const uint8_t *nlri, size_t len);
/* The same, with attributes sent along in the withdrawing UPDATE (NULL:
 * none; a reference is taken).  ExaBGP writes them after MP_UNREACH_NLRI
 * for every family but IPv4 unicast. */
int adj_out_withdraw_with(struct adj_out *o, uint8_t fam, uint32_t path_id,
			  const uint8_t *nlri, size_t len, struct attrset *with);
/* Want it no longer, if it is here: a route the peer has is withdrawn
 * (with: attributes sent along, as adj_out_withdraw_with()), one still on
 * its way is not sent, one never given changes nothing (an export policy
 * that rejects a route it never let through, speaker/export.h). */
void adj_out_retract(struct adj_out *o, uint8_t fam, uint32_t path_id,
		     const uint8_t *nlri, size_t len, struct attrset *with);
/* Every route src wants, announced into dst with the same attributes: -1
 * when memory runs out (what was copied stays). */
int adj_out_copy_wants(struct adj_out *dst, const struct adj_out *src);
/* The attribute sets o holds for what it is to send (wanted routes, and
 * those sent along with a withdrawal) replaced by fn's: fn returns a
 * reference of its own (the same set, referenced again, to keep it), or
 * NULL to keep it when it cannot make another. */
void adj_out_map_attrs(struct adj_out *o, struct attrset *(*fn)(void *arg, struct attrset *a),
		       void *arg);
/* Does o want this route (announced, not withdrawn)? */
bool adj_out_wants(const struct adj_out *o, uint8_t fam, uint32_t path_id,
		   const uint8_t *nlri, size_t len);
/* adj_out_retract() every route o wants that by does not. */
void adj_out_retract_unwanted(struct adj_out *o, const struct adj_out *by);
/* Every announcement still to be sent waits: the route stays as the peer
 * has it (one it never had is not sent); withdrawals still go. */
void adj_out_hold(struct adj_out *o);
/* A reload's way of saying "this is all there is": adj_out_unmark(), then
 * announce every route, then adj_out_withdraw_unmarked() withdraws the
 * routes wanted before that were not announced again. */
void adj_out_unmark(struct adj_out *o);
/* Was this route announced since adj_out_unmark()? */
bool adj_out_marked(const struct adj_out *o, uint8_t fam, uint32_t path_id,
		    const uint8_t *nlri, size_t len);
void adj_out_withdraw_unmarked(struct adj_out *o);
/* The same for the configuration's routes only: a reload leaves what the
 * API and the scripts announced alone, as ExaBGP does (it withdraws the
 * previous file's routes and announces the new file's). */
void adj_out_withdraw_unmarked_conf(struct adj_out *o);
/* Forget every route (no session: nothing to withdraw from anyone). */
void adj_out_clear(struct adj_out *o);
/* Everything announced in these families (WIRE_FAM_BIT) is to be sent
 * again (ROUTE-REFRESH, RFC 2918 §4). */
void adj_out_resend(struct adj_out *o, uint64_t families);
/* The peer has nothing any more (the session went down). */
void adj_out_reset_sent(struct adj_out *o);
/* A session starts: the first flush that has something to send carries no
 * withdrawal, as ExaBGP's first UPDATEs after the OPEN carry none (its
 * peer loop's include_withdraw).  For an MP family a withdrawal sent along
 * with attributes leaves them alone in an UPDATE of their own, no NLRI, the
 * bytes ExaBGP writes (api-flow); otherwise it leaves nothing. */
void adj_out_session_start(struct adj_out *o);

/* Pack the pending changes into UPDATEs of at most the size ctx allows,
 * path ids written for ctx->addpath_tx families: withdrawals first, then
 * announcements, one group per (family, attribute set).  With max_bytes
 * (0: no limit), a step: about that many octets of UPDATEs (one message at
 * least) made from the first ADJ_OUT_WINDOW pending routes, so that a large
 * table leaves the loop some air and each step costs what it sends, even
 * when every route has attributes of its own; what is left stays pending.
 * Returns the number of messages, -1 when emit stopped or memory ran out. */
#define ADJ_OUT_WINDOW 65536
int adj_out_flush(struct adj_out *o, const struct wire_ctx *ctx,
		  size_t max_bytes, adj_out_emit_fn emit, void *arg);

/* The End-of-RIB marker of a family (RFC 4724 §2). */
int adj_out_eor(const struct wire_family *f, adj_out_emit_fn emit, void *arg);

#endif
