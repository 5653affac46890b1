/* The key of a route in an Adj-RIB: its family, path id and NLRI octets (as
 * on the wire, without the path id).  Peers choose NLRI, so the hash is the
 * pool's keyed one (base/htab.h). */
#ifndef LUABGP_RIB_ROUTE_KEY_H
#define LUABGP_RIB_ROUTE_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/htab.h"

struct route_key {
	uint8_t fam;                   /* enum wire_fam */
	uint32_t path_id;
	const uint8_t *nlri;
	size_t len;
};

static inline uint64_t route_key_hash(const uint8_t key[16], const struct route_key *k)
{
	return htab_hash(key, k->nlri, k->len) ^
	       (((uint64_t)k->fam << 32 | k->path_id) * 0x9E3779B97F4A7C15ULL);
}

/* Is the route stored with these fields the one k names? */
static inline bool route_key_is(const struct route_key *k, uint8_t fam, uint32_t path_id,
				const uint8_t *nlri, size_t len)
{
	return fam == k->fam && path_id == k->path_id && len == k->len &&
	       memcmp(nlri, k->nlri, len) == 0;
}

#endif
