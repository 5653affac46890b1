/* See attrset.h. */
#include <stdlib.h>
#include <string.h>

#include "rib/attrset.h"

struct key {
	const uint8_t *attrs;
	size_t len;
	const uint8_t *nh;
	size_t nh_len;
};

static bool same(const void *item, const void *key)
{
	const struct attrset *a = item;
	const struct key *k = key;

	/* (memcmp must not see NULL, even for 0 octets) */
	return a->len == k->len && a->nh_len == k->nh_len &&
	       (k->len == 0 || memcmp(a->data, k->attrs, k->len) == 0) &&
	       (k->nh_len == 0 || memcmp(a->nh, k->nh, k->nh_len) == 0);
}

/* The next hop is hashed after the attributes, its length folded in so that
 * (attrs, nh) pairs that concatenate alike still differ. */
static uint64_t hash_of(const struct attrset_pool *p, const struct key *k)
{
	uint64_t h = k->len ? htab_hash(p->key, k->attrs, k->len) : 0;

	if (k->nh_len)
		h ^= htab_hash(p->key, k->nh, k->nh_len) * 0x9E3779B97F4A7C15ULL + k->nh_len;
	return h;
}

void attrset_pool_init(struct attrset_pool *p, const uint8_t key[16])
{
	memset(p, 0, sizeof(*p));
	htab_init(&p->tab);
	memcpy(p->key, key, sizeof(p->key));
}

void attrset_pool_fini(struct attrset_pool *p)
{
	void *item;

	for (size_t i = 0; htab_next(&p->tab, &i, &item);)
		free(item);
	htab_fini(&p->tab);
	p->count = 0;
	p->bytes = 0;
}

struct attrset *attrset_intern(struct attrset_pool *p, const uint8_t *attrs,
			       size_t len, const uint8_t *nh, size_t nh_len)
{
	struct key k = { attrs, len, nh, nh_len };
	struct attrset *a;
	uint64_t h;

	if (nh_len > ATTRSET_NH_MAX || len > UINT32_MAX)
		return NULL;
	h = hash_of(p, &k);
	a = htab_find(&p->tab, h, &k, same);
	if (a)
		return attrset_ref(a);
	a = malloc(sizeof(*a) + len);
	if (!a)
		return NULL;
	memset(a, 0, sizeof(*a));
	a->hash = h;
	a->refs = 1;
	a->len = (uint32_t)len;
	a->nh_len = (uint8_t)nh_len;
	if (nh_len)
		memcpy(a->nh, nh, nh_len);
	if (len)
		memcpy(a->data, attrs, len);
	if (htab_insert(&p->tab, h, a) < 0) {
		free(a);
		return NULL;
	}
	p->count++;
	p->bytes += sizeof(*a) + len;
	return a;
}

static bool is_item(const void *item, const void *key)
{
	return item == key;
}

void attrset_unref(struct attrset_pool *p, struct attrset *a)
{
	if (--a->refs > 0)
		return;
	htab_remove(&p->tab, a->hash, a, is_item);
	p->count--;
	p->bytes -= sizeof(*a) + a->len;
	free(a);
}
