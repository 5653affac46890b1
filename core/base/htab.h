/* An open-addressing hash table of pointers (linear probing, backward-shift
 * deletion, power-of-two capacity).  The table stores each item's hash; the
 * caller compares keys through an eq callback, so one table type serves
 * interned attribute sets, adj-rib entries and any other keyed set.
 *
 * Keys that a peer controls (NLRI, attributes) must be hashed with a keyed
 * hash, or a peer could send a set of prefixes that all collide: htab_hash()
 * is SipHash-1-3 with a 128-bit key the owner draws at start-up. */
#ifndef LUABGP_BASE_HTAB_H
#define LUABGP_BASE_HTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct htab_slot {
	uint64_t hash;
	void *item;             /* NULL: empty */
};

struct htab {
	struct htab_slot *slots;
	size_t cap;             /* 0 or a power of two */
	size_t count;
};

typedef bool (*htab_eq_fn)(const void *item, const void *key);

void htab_init(struct htab *h);
void htab_fini(struct htab *h);

/* The item whose hash is `hash` and for which eq(item, key) holds. */
void *htab_find(const struct htab *h, uint64_t hash, const void *key, htab_eq_fn eq);
/* Start bringing the slot where a lookup of `hash` begins into the cache: a
 * caller that knows its next keys asks for them all first, so that in a
 * table larger than the cache their misses overlap instead of following
 * one another. */
static inline void htab_prefetch(const struct htab *h, uint64_t hash)
{
	if (h->cap)
		__builtin_prefetch(&h->slots[(size_t)hash & (h->cap - 1)]);
}
/* Add an item (the caller made sure it is not there yet).  -1 when memory
 * runs out (the table is unchanged). */
int htab_insert(struct htab *h, uint64_t hash, void *item);
/* Remove and return the matching item, NULL if absent. */
void *htab_remove(struct htab *h, uint64_t hash, const void *key, htab_eq_fn eq);

/* Iterate: for (size_t i = 0; htab_next(h, &i, &item);) ... ; the table must
 * not change meanwhile. */
bool htab_next(const struct htab *h, size_t *pos, void **item);

/* SipHash-1-3 of n bytes under key (16 bytes). */
uint64_t htab_hash(const uint8_t key[16], const void *p, size_t n);
/* SipHash-c-d, e.g. (2, 4) for the paper's test vectors. */
uint64_t htab_siphash(const uint8_t key[16], const void *p, size_t n, int c, int d);

#endif
