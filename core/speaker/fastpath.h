/* The commands' fast path (issue 4, S2): a process's `announce route
 * PREFIX ATTRS` lines whose ATTRS text the command handler (the Lua side,
 * lua/luabgp/api/commands.lua) has read once already are done here,
 * without Lua.  The handler hands over, for that text, the attribute set
 * it made for each neighbor the process's commands go to; a later line
 * with the same text then only needs its prefix read, and the prefix goes
 * straight into those neighbors' Adj-RIB-Out.
 *
 * Anything else stops the run and is left to the handler, in order: an
 * unknown text, a selector, surrounding blanks, a prefix that is not a
 * plain one of the family, a session that changed since a set was made.
 * The handler's neighbor list has a version; sets handed over for another
 * version are forgotten, and none are used until the handler hands over
 * sets for the version it has now.  The texts are the process's, not one
 * run's: a new run's lines go to the same neighbors, so they are done with
 * what an earlier run handed over (answered to the run that sent them).
 */
#ifndef LUABGP_SPEAKER_FASTPATH_H
#define LUABGP_SPEAKER_FASTPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/htab.h"

struct spk;
struct spk_nb;
struct attrset;
struct attrset_pool;

/* One neighbor's attribute set for a text. */
struct spk_fast_use {
	struct spk_nb *nb;
	struct attrset *a;
	uint32_t gen;                 /* nb->ctx_gen when a was made */
	uint8_t fam;                  /* the route's family (WIRE_FAM_*) */
};

struct spk_fast {
	struct htab texts;            /* the known texts (fastpath.c) */
	uint64_t version;             /* of the neighbor list they are for */
};

void spk_fast_init(struct spk_fast *f);
/* Forget every text; the sets' references go back to pool. */
void spk_fast_fini(struct spk_fast *f, struct attrset_pool *pool);

/* The sets for lines whose attribute text is text[0..n) and whose prefix
 * is an IPv6 one (v6) or not, one per neighbor the lines go to (a
 * reference is taken on each); they replace what the text had.  A version
 * other than f's forgets every text first.  No sets, or sets of different
 * families: the text is forgotten; a new text beyond 4,096 forgets the
 * others (the handler sees it with spk_fast_known() and hands it again).
 * -1: no memory (the text is unknown then). */
int spk_fast_learn(struct spk *sp, struct spk_fast *f, uint64_t version, bool v6,
		   const char *text, size_t n, const struct spk_fast_use *uses, size_t nuses);

/* Whether lines with that text and such a prefix are done here. */
bool spk_fast_known(struct spk *sp, struct spk_fast *f, uint64_t version, bool v6,
		    const char *text, size_t n);

/* Do the leading lines of text[0..len) (each ends in "\n") that are known
 * announcements, while the handler's list is at version: the octets they
 * take (0: the first line is the handler's); *nlines says how many. */
size_t spk_fast_run(struct spk *sp, struct spk_fast *f, uint64_t version, const char *text,
		    size_t len, size_t *nlines);

/* "10.0.0.0/24" (n octets, no "\0" needed) as an NLRI of family fam: the
 * length octet, then the prefix's octets; *len says how many.  Only plain
 * prefixes without host bits, of a unicast or multicast family: -1
 * otherwise. */
int spk_prefix_nlri(const char *text, size_t n, uint8_t fam, uint8_t out[17], size_t *len);

#endif
