/* Interned attribute sets (DESIGN.md, "Data and performance rules"): one
 * copy of each distinct set of path attributes, shared by every route that
 * carries it and counted, so that a million routes with ten attribute sets
 * hold ten blobs.
 *
 * A set is the wire form of the path attributes as they go into an UPDATE,
 * MP_REACH_NLRI and MP_UNREACH_NLRI excepted, plus the next hop of
 * MP_REACH_NLRI (RFC 4760 §3) when the family carries it there: routes that
 * share both can share one UPDATE. */
#ifndef LUABGP_RIB_ATTRSET_H
#define LUABGP_RIB_ATTRSET_H

#include <stddef.h>
#include <stdint.h>

#include "base/htab.h"

#define ATTRSET_NH_MAX 48 /* RD + IPv6 global + RD + link-local (RFC 4659) */

struct attrset {
	uint64_t hash;
	uint32_t refs;
	uint32_t len;             /* bytes of data */
	uint8_t nh_len;           /* bytes of nh (0: none or in NEXT_HOP) */
	uint8_t nh[ATTRSET_NH_MAX];
	uint8_t data[];           /* path attributes, wire form */
};

struct attrset_pool {
	struct htab tab;
	uint8_t key[16];          /* the hash key, drawn by the owner */
	size_t count;             /* distinct sets */
	size_t bytes;             /* memory they take, headers included */
};

void attrset_pool_init(struct attrset_pool *p, const uint8_t key[16]);
/* Frees the sets still referenced too (handles a Lua state collects after
 * its speaker closed): nothing may use them after. */
void attrset_pool_fini(struct attrset_pool *p);

/* The set of these attributes and next hop, with one reference taken for
 * the caller; NULL when memory runs out or nh_len > ATTRSET_NH_MAX. */
struct attrset *attrset_intern(struct attrset_pool *p, const uint8_t *attrs,
			       size_t len, const uint8_t *nh, size_t nh_len);
static inline struct attrset *attrset_ref(struct attrset *a)
{
	a->refs++;
	return a;
}
/* Drop a reference; the last one frees the set. */
void attrset_unref(struct attrset_pool *p, struct attrset *a);

#endif
