/* The Adj-RIB-Out's routes: what is announced, withdrawn, sent, marked
 * by a reload.  Their UPDATEs are adj_out_flush.c's.  See adj_out.h. */
#include <stdlib.h>
#include <string.h>

#include "rib/adj_out.h"
#include "rib/adj_out_route.h"
#include "rib/route_key.h"

/* --- routes ------------------------------------------------------------- */

static bool route_is(const void *item, const void *key)
{
	const struct adj_out_route *r = item;

	return route_key_is(key, r->fam, r->path_id, r->nlri, r->len);
}

static bool same_item(const void *item, const void *key)
{
	return item == key;
}

static uint64_t route_hash(const struct adj_out *o, const struct route_key *k)
{
	return route_key_hash(o->pool->key, k);
}

void adj_out_pend(struct adj_out *o, struct adj_out_route *r)
{
	if (r->pending)
		return;
	r->pending = 1;
	r->next = NULL;
	*o->tail = r;
	o->tail = &r->next;
	o->npending++;
}

static struct adj_out_route *route_get(struct adj_out *o, const struct route_key *k)
{
	uint64_t h = route_hash(o, k);
	struct adj_out_route *r = htab_find(&o->routes, h, k, route_is);

	if (r)
		return r;
	if (k->len > UINT16_MAX)
		return NULL;
	r = calloc(1, sizeof(*r) + k->len);
	if (!r)
		return NULL;
	r->hash = h;
	r->fam = k->fam;
	r->path_id = k->path_id;
	r->len = (uint16_t)k->len;
	memcpy(r->nlri, k->nlri, k->len);
	if (htab_insert(&o->routes, h, r) < 0) {
		free(r);
		return NULL;
	}
	o->count++;
	o->bytes += sizeof(*r) + k->len;
	return r;
}

void adj_out_drop_with(struct adj_out *o, struct adj_out_route *r)
{
	if (r->with)
		attrset_unref(o->pool, r->with);
	r->with = NULL;
}

void adj_out_route_free(struct adj_out *o, struct adj_out_route *r)
{
	htab_remove(&o->routes, r->hash, r, same_item);
	if (r->want)
		attrset_unref(o->pool, r->want);
	if (r->sent)
		attrset_unref(o->pool, r->sent);
	if (r->with)
		attrset_unref(o->pool, r->with);
	o->count--;
	o->bytes -= sizeof(*r) + r->len;
	free(r);
}

void adj_out_init(struct adj_out *o, struct attrset_pool *pool, bool group)
{
	memset(o, 0, sizeof(*o));
	o->pool = pool;
	o->group = group;
	o->tail = &o->head;
	htab_init(&o->routes);
}

void adj_out_fini(struct adj_out *o)
{
	void *item;

	for (size_t i = 0; htab_next(&o->routes, &i, &item);) {
		struct adj_out_route *r = item;

		if (r->want)
			attrset_unref(o->pool, r->want);
		if (r->sent)
			attrset_unref(o->pool, r->sent);
		if (r->with)
			attrset_unref(o->pool, r->with);
		free(r);
	}
	htab_fini(&o->routes);
	memset(o, 0, sizeof(*o));
}

int adj_out_announce(struct adj_out *o, uint8_t fam, uint32_t path_id,
		     const uint8_t *nlri, size_t len, struct attrset *a)
{
	struct route_key k = { fam, path_id, nlri, len };
	struct adj_out_route *r = route_get(o, &k);

	if (!r)
		return -1;
	attrset_ref(a);
	if (r->want)
		attrset_unref(o->pool, r->want);
	/* a withdrawal still to be sent goes first (ExaBGP's outgoing RIB
	 * keeps both, api-flow) */
	if (r->pending && !r->want && r->forced)
		r->wfirst = 1;
	if (!r->wfirst)
		adj_out_drop_with(o, r);
	r->want = a;
	r->forced = 0;
	r->marked = 1;
	r->conf = o->from_conf;
	adj_out_pend(o, r);
	return 0;
}

/* The route is wanted no longer; with (referenced again) goes along with
 * its withdrawal. */
static void unwant(struct adj_out *o, struct adj_out_route *r, struct attrset *with)
{
	if (r->want)
		attrset_unref(o->pool, r->want);
	r->want = NULL;
	if (with)
		attrset_ref(with);
	adj_out_drop_with(o, r);
	r->with = with;
}

int adj_out_withdraw(struct adj_out *o, uint8_t fam, uint32_t path_id,
		     const uint8_t *nlri, size_t len)
{
	return adj_out_withdraw_with(o, fam, path_id, nlri, len, NULL);
}

int adj_out_withdraw_with(struct adj_out *o, uint8_t fam, uint32_t path_id,
			  const uint8_t *nlri, size_t len, struct attrset *with)
{
	struct route_key k = { fam, path_id, nlri, len };
	struct adj_out_route *r = route_get(o, &k);

	if (!r)
		return -1;
	unwant(o, r, with);
	r->forced = 1;
	r->wfirst = 0;
	adj_out_pend(o, r);
	return 0;
}

static void retract(struct adj_out *o, struct adj_out_route *r, struct attrset *with)
{
	if (!r->want && !r->wfirst)
		return;
	/* a withdrawal already owed (adj_out_withdraw, then an announcement
	 * after it) still goes */
	if (r->wfirst)
		r->forced = 1;
	r->wfirst = 0;
	unwant(o, r, with);
	adj_out_pend(o, r);
}

void adj_out_retract(struct adj_out *o, uint8_t fam, uint32_t path_id,
		     const uint8_t *nlri, size_t len, struct attrset *with)
{
	struct route_key k = { fam, path_id, nlri, len };
	struct adj_out_route *r = htab_find(&o->routes, route_hash(o, &k), &k, route_is);

	if (r)
		retract(o, r, with);
}

static void map_one(struct adj_out *o, struct attrset **slot,
		    struct attrset *(*fn)(void *arg, struct attrset *a), void *arg)
{
	struct attrset *a;

	if (!*slot || !(a = fn(arg, *slot)))
		return;
	attrset_unref(o->pool, *slot);
	*slot = a;
}

void adj_out_map_attrs(struct adj_out *o, struct attrset *(*fn)(void *arg, struct attrset *a),
		       void *arg)
{
	void *item;

	for (size_t i = 0; htab_next(&o->routes, &i, &item);) {
		struct adj_out_route *r = item;

		map_one(o, &r->want, fn, arg);
		map_one(o, &r->with, fn, arg);
	}
}

bool adj_out_wants(const struct adj_out *o, uint8_t fam, uint32_t path_id,
		   const uint8_t *nlri, size_t len)
{
	struct route_key k = { fam, path_id, nlri, len };
	const struct adj_out_route *r = htab_find(&o->routes, route_hash(o, &k), &k, route_is);

	return r && r->want;
}

void adj_out_retract_unwanted(struct adj_out *o, const struct adj_out *by)
{
	void *item;

	for (size_t i = 0; htab_next(&o->routes, &i, &item);) {
		struct adj_out_route *r = item;

		/* retract() leaves the others alone: no lookup for them */
		if ((r->want || r->wfirst) &&
		    !adj_out_wants(by, r->fam, r->path_id, r->nlri, r->len))
			retract(o, r, NULL);
	}
}

void adj_out_hold(struct adj_out *o)
{
	for (struct adj_out_route *r = o->head; r; r = r->next) {
		if (!r->want || r->want == r->sent)
			continue;
		attrset_unref(o->pool, r->want);
		r->want = r->sent;
		if (r->want)
			attrset_ref(r->want);
		if (r->wfirst)
			r->forced = 1;
		r->wfirst = 0;
		adj_out_drop_with(o, r);
	}
}

int adj_out_copy_wants(struct adj_out *dst, const struct adj_out *src)
{
	void *item;

	for (size_t i = 0; htab_next(&src->routes, &i, &item);) {
		const struct adj_out_route *r = item;

		bool was = dst->from_conf;
		int rc;

		if (!r->want)
			continue;
		/* the route stays the configuration's, or the API's */
		dst->from_conf = r->conf;
		rc = adj_out_announce(dst, r->fam, r->path_id, r->nlri, r->len, r->want);
		dst->from_conf = was;
		if (rc < 0)
			return -1;
	}
	return 0;
}

void adj_out_unmark(struct adj_out *o)
{
	void *item;

	for (size_t i = 0; htab_next(&o->routes, &i, &item);)
		((struct adj_out_route *)item)->marked = 0;
}

bool adj_out_marked(const struct adj_out *o, uint8_t fam, uint32_t path_id,
		    const uint8_t *nlri, size_t len)
{
	struct route_key k = { fam, path_id, nlri, len };
	const struct adj_out_route *r = htab_find(&o->routes, route_hash(o, &k), &k, route_is);

	return r && r->marked;
}

static void withdraw_unmarked(struct adj_out *o, bool conf_only)
{
	void *item;

	for (size_t i = 0; htab_next(&o->routes, &i, &item);) {
		struct adj_out_route *r = item;

		if (r->want && !r->marked && (r->conf || !conf_only)) {
			attrset_unref(o->pool, r->want);
			r->want = NULL;
			r->forced = 0;
			adj_out_pend(o, r);
		}
	}
}

void adj_out_withdraw_unmarked(struct adj_out *o)
{
	withdraw_unmarked(o, false);
}

void adj_out_withdraw_unmarked_conf(struct adj_out *o)
{
	withdraw_unmarked(o, true);
}

void adj_out_clear(struct adj_out *o)
{
	struct attrset_pool *pool = o->pool;
	bool group = o->group;

	adj_out_fini(o);
	adj_out_init(o, pool, group);
}

void adj_out_resend(struct adj_out *o, uint64_t families)
{
	void *item;

	for (size_t i = 0; htab_next(&o->routes, &i, &item);) {
		struct adj_out_route *r = item;

		if (r->want && (families & WIRE_FAM_BIT(r->fam))) {
			/* the peer keeps what it has (a withdrawal meanwhile is
			 * still owed to it): only the next flush sends it again */
			r->resend = 1;
			adj_out_pend(o, r);
		}
	}
}

void adj_out_reset_sent(struct adj_out *o)
{
	void *item;

	for (size_t i = 0; htab_next(&o->routes, &i, &item);) {
		struct adj_out_route *r = item;

		if (r->sent)
			attrset_unref(o->pool, r->sent);
		r->sent = NULL;
		r->forced = 0;
		r->wfirst = 0;
		r->resend = 0;
		adj_out_drop_with(o, r);
		if (r->want)
			adj_out_pend(o, r);
	}
}

void adj_out_session_start(struct adj_out *o)
{
	o->fresh = true;
}
