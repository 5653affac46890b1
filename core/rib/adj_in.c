/* See adj_in.h. */
#include <stdlib.h>
#include <string.h>

#include "rib/adj_in.h"
#include "rib/route_key.h"

static bool route_is(const void *item, const void *key)
{
	const struct adj_in_route *r = item;

	return route_key_is(key, r->fam, r->path_id, r->nlri, r->len);
}

static bool same_route(const void *item, const void *key)
{
	return item == key;
}

static uint64_t route_hash(const struct adj_in *in, const struct route_key *k)
{
	return route_key_hash(in->pool->key, k);
}

static void route_free(struct adj_in *in, struct adj_in_route *r)
{
	attrset_unref(in->pool, r->a);
	in->stale -= r->stale;
	in->count--;
	in->bytes -= sizeof(*r) + r->len;
	free(r);
}

void adj_in_init(struct adj_in *in, struct attrset_pool *pool)
{
	memset(in, 0, sizeof(*in));
	in->pool = pool;
	htab_init(&in->routes);
}

void adj_in_clear(struct adj_in *in)
{
	void *item;

	for (size_t i = 0; htab_next(&in->routes, &i, &item);)
		route_free(in, item);
	htab_fini(&in->routes);
	htab_init(&in->routes);
}

void adj_in_fini(struct adj_in *in)
{
	adj_in_clear(in);
	htab_fini(&in->routes);
}

/* adj_in_announce() with the route's hash h already computed. */
static int announce_hashed(struct adj_in *in, const struct route_key *k, uint64_t h,
			   struct attrset *a)
{
	struct adj_in_route *r = htab_find(&in->routes, h, k, route_is);

	if (r) {
		attrset_ref(a);
		attrset_unref(in->pool, r->a);
		r->a = a;
		in->stale -= r->stale;
		r->stale = 0;
		return 0;
	}
	if (k->len > UINT16_MAX || !(r = malloc(sizeof(*r) + k->len)))
		return -1;
	r->hash = h;
	r->a = a;
	r->path_id = k->path_id;
	r->fam = k->fam;
	r->stale = 0;
	r->len = (uint16_t)k->len;
	memcpy(r->nlri, k->nlri, k->len);
	if (htab_insert(&in->routes, h, r) < 0) {
		free(r);
		return -1;
	}
	attrset_ref(a);
	in->count++;
	in->bytes += sizeof(*r) + k->len;
	return 0;
}

int adj_in_announce(struct adj_in *in, uint8_t fam, uint32_t path_id, const uint8_t *nlri,
		    size_t len, struct attrset *a)
{
	struct route_key k = { fam, path_id, nlri, len };

	return announce_hashed(in, &k, route_hash(in, &k), a);
}

/* Up to ADJ_IN_BATCH routes: every hash first, each slot prefetched, then
 * the lookups, whose cache misses the prefetches have overlapped. */
static int announce_chunk(struct adj_in *in, const struct route_key *keys, size_t n,
			  struct attrset *a)
{
	uint64_t h[ADJ_IN_BATCH];
	int failed = 0;

	for (size_t i = 0; i < n; i++) {
		h[i] = route_hash(in, &keys[i]);
		htab_prefetch(&in->routes, h[i]);
	}
	for (size_t i = 0; i < n; i++)
		if (announce_hashed(in, &keys[i], h[i], a) < 0)
			failed++;
	return failed;
}

int adj_in_announce_batch(struct adj_in *in, const struct route_key *keys, size_t n,
			  struct attrset *a)
{
	int failed = 0;

	for (size_t i = 0; i < n; i += ADJ_IN_BATCH)
		failed += announce_chunk(in, keys + i, n - i < ADJ_IN_BATCH ? n - i : ADJ_IN_BATCH,
					 a);
	return failed;
}

void adj_in_withdraw(struct adj_in *in, uint8_t fam, uint32_t path_id, const uint8_t *nlri,
		     size_t len)
{
	struct route_key k = { fam, path_id, nlri, len };
	struct adj_in_route *r = htab_remove(&in->routes, route_hash(in, &k), &k, route_is);

	if (r)
		route_free(in, r);
}

void adj_in_mark_stale(struct adj_in *in)
{
	void *item;

	for (size_t i = 0; htab_next(&in->routes, &i, &item);)
		((struct adj_in_route *)item)->stale = 1;
	in->stale = in->count;
}

size_t adj_in_sweep_stale(struct adj_in *in, uint64_t families,
			  void (*gone)(void *arg, const struct adj_in_route *r), void *arg)
{
	size_t n = 0;
	void *item;

	if (!in->stale)
		return 0;
	/* Removing while walking, which htab_next() does not promise: it
	 * holds for backward-shift deletion, which only moves items of the
	 * same run back into the freed slot, so the walk looks at that slot
	 * again; an item it brings from before the walk's start (a run that
	 * wraps) was seen already. */
	for (size_t i = 0; htab_next(&in->routes, &i, &item);) {
		struct adj_in_route *r = item;

		if (!r->stale || !(families & ((uint64_t)1 << r->fam)))
			continue;
		if (gone)
			gone(arg, r);
		htab_remove(&in->routes, r->hash, r, same_route);
		route_free(in, r);
		n++;
		i--;
	}
	return n;
}

struct attrset *adj_in_find(const struct adj_in *in, uint8_t fam, uint32_t path_id,
			    const uint8_t *nlri, size_t len)
{
	struct route_key k = { fam, path_id, nlri, len };
	const struct adj_in_route *r = htab_find(&in->routes, route_hash(in, &k), &k, route_is);

	return r ? r->a : NULL;
}

bool adj_in_next(const struct adj_in *in, size_t *pos, const struct adj_in_route **r)
{
	void *item;

	if (!htab_next(&in->routes, pos, &item))
		return false;
	*r = item;
	return true;
}
