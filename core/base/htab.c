/* See htab.h. */
#include <stdlib.h>
#include <string.h>

#include "base/htab.h"

#define MIN_CAP 16

void htab_init(struct htab *h)
{
	memset(h, 0, sizeof(*h));
}

void htab_fini(struct htab *h)
{
	free(h->slots);
	memset(h, 0, sizeof(*h));
}

void *htab_find(const struct htab *h, uint64_t hash, const void *key, htab_eq_fn eq)
{
	size_t mask = h->cap - 1;

	if (h->cap == 0)
		return NULL;
	for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
		const struct htab_slot *s = &h->slots[i];

		if (!s->item)
			return NULL;
		if (s->hash == hash && eq(s->item, key))
			return s->item;
	}
}

static void place(struct htab_slot *slots, size_t cap, uint64_t hash, void *item)
{
	size_t mask = cap - 1;
	size_t i = (size_t)hash & mask;

	while (slots[i].item)
		i = (i + 1) & mask;
	slots[i].hash = hash;
	slots[i].item = item;
}

/* Keep the load at most 3/4 so that probes stay short. */
static int grow(struct htab *h)
{
	size_t cap = h->cap ? h->cap * 2 : MIN_CAP;
	struct htab_slot *slots;

	if (cap < h->cap || cap > SIZE_MAX / sizeof(*slots))
		return -1;
	slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -1;
	for (size_t i = 0; i < h->cap; i++)
		if (h->slots[i].item)
			place(slots, cap, h->slots[i].hash, h->slots[i].item);
	free(h->slots);
	h->slots = slots;
	h->cap = cap;
	return 0;
}

int htab_insert(struct htab *h, uint64_t hash, void *item)
{
	if ((h->count + 1) * 4 > h->cap * 3 && grow(h) < 0)
		return -1;
	place(h->slots, h->cap, hash, item);
	h->count++;
	return 0;
}

void *htab_remove(struct htab *h, uint64_t hash, const void *key, htab_eq_fn eq)
{
	size_t mask = h->cap - 1;
	size_t i, j;
	void *item;

	if (h->cap == 0)
		return NULL;
	for (i = (size_t)hash & mask;; i = (i + 1) & mask) {
		if (!h->slots[i].item)
			return NULL;
		if (h->slots[i].hash == hash && eq(h->slots[i].item, key))
			break;
	}
	item = h->slots[i].item;
	/* backward shift: move up every later item of the run whose home
	 * slot is not between the hole and itself (Knuth 6.4, Algorithm R) */
	for (j = (i + 1) & mask; h->slots[j].item; j = (j + 1) & mask) {
		size_t home = (size_t)h->slots[j].hash & mask;

		if (((j - home) & mask) >= ((j - i) & mask)) {
			h->slots[i] = h->slots[j];
			i = j;
		}
	}
	h->slots[i].item = NULL;
	h->count--;
	return item;
}

bool htab_next(const struct htab *h, size_t *pos, void **item)
{
	while (*pos < h->cap) {
		void *it = h->slots[(*pos)++].item;

		if (it) {
			*item = it;
			return true;
		}
	}
	return false;
}

/* --- SipHash-c-d (Aumasson & Bernstein, "SipHash: a fast short-input PRF",
 * 2012): c rounds per word, d to finish ---------------------- */

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

struct sip {
	uint64_t v0, v1, v2, v3;
};

static void sipround(struct sip *s)
{
	s->v0 += s->v1, s->v1 = ROTL(s->v1, 13), s->v1 ^= s->v0, s->v0 = ROTL(s->v0, 32);
	s->v2 += s->v3, s->v3 = ROTL(s->v3, 16), s->v3 ^= s->v2;
	s->v0 += s->v3, s->v3 = ROTL(s->v3, 21), s->v3 ^= s->v0;
	s->v2 += s->v1, s->v1 = ROTL(s->v1, 17), s->v1 ^= s->v2, s->v2 = ROTL(s->v2, 32);
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

uint64_t htab_siphash(const uint8_t key[16], const void *data, size_t n,
		     int c, int d)
{
	const uint8_t *p = data;
	uint64_t k0 = le64(key), k1 = le64(key + 8);
	struct sip s = {
		k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
		k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL,
	};
	uint64_t last = (uint64_t)n << 56;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		uint64_t m = le64(p + i);

		s.v3 ^= m;
		for (int r = 0; r < c; r++)
			sipround(&s);
		s.v0 ^= m;
	}
	for (size_t k = 0; i + k < n; k++)
		last |= (uint64_t)p[i + k] << (8 * k);
	s.v3 ^= last;
	for (int r = 0; r < c; r++)
		sipround(&s);
	s.v0 ^= last;
	s.v2 ^= 0xff;
	for (int r = 0; r < d; r++)
		sipround(&s);
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

uint64_t htab_hash(const uint8_t key[16], const void *p, size_t n)
{
	return htab_siphash(key, p, n, 1, 3);
}
