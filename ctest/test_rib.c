/* The hash table, the attribute interner and the adj-rib-out packer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/htab.h"
#include "rib/adj_in.h"
#include "rib/adj_out.h"
#include "rib/attrset.h"
#include "testutil.h"
#include "wire/message.h"
#include "wire/nlri.h"

static const uint8_t KEY[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

/* --- htab --------------------------------------------------------------- */

static bool int_is(const void *item, const void *key)
{
	return *(const int *)item == *(const int *)key;
}

/* SipHash-2-4 of bytes 00..0e under key 00..0f: the paper's Appendix A
 * vector, which checks the rounds that SipHash-1-3 shares. */
static void siphash_vector(void **state)
{
	uint8_t msg[15];

	(void)state;
	for (int i = 0; i < 15; i++)
		msg[i] = (uint8_t)i;
	assert_true(htab_siphash(KEY, msg, 15, 2, 4) == 0xa129ca6149be45e5ULL);
	assert_true(htab_hash(KEY, msg, 15) == htab_siphash(KEY, msg, 15, 1, 3));
	assert_true(htab_hash(KEY, msg, 15) != htab_hash(KEY, msg, 14));
}

/* Every item found, removed in a scrambled order with the rest still found:
 * with few distinct hashes, the probe runs are long and backward-shift
 * deletion is exercised. */
static void htab_runs(void **state)
{
	enum { N = 2000 };
	static int items[N];
	struct htab h;

	(void)state;
	htab_init(&h);
	for (int i = 0; i < N; i++) {
		items[i] = i;
		assert_int_equal(htab_insert(&h, (uint64_t)(i % 7), &items[i]), 0);
	}
	assert_int_equal(h.count, N);
	for (int i = 0; i < N; i++)
		assert_ptr_equal(htab_find(&h, (uint64_t)(i % 7), &i, int_is), &items[i]);
	for (int k = 0; k < N; k++) {
		int i = (k * 769) % N;

		assert_ptr_equal(htab_remove(&h, (uint64_t)(i % 7), &i, int_is), &items[i]);
		assert_null(htab_find(&h, (uint64_t)(i % 7), &i, int_is));
		if (k % 97 == 0) {
			for (int m = k + 1; m < N; m++) {
				int j = (m * 769) % N;

				assert_ptr_equal(htab_find(&h, (uint64_t)(j % 7), &j, int_is), &items[j]);
			}
		}
	}
	assert_int_equal(h.count, 0);
	htab_fini(&h);
}

/* --- attrset ------------------------------------------------------------ */

static void interning(void **state)
{
	struct attrset_pool p;
	const uint8_t a1[] = { 0x40, 1, 1, 0 }, a2[] = { 0x40, 1, 1, 2 };
	const uint8_t nh[] = { 0x20, 0x01, 0x0d, 0xb8 };
	struct attrset *x, *y, *z, *w;

	(void)state;
	attrset_pool_init(&p, KEY);
	x = attrset_intern(&p, a1, sizeof(a1), NULL, 0);
	y = attrset_intern(&p, a1, sizeof(a1), NULL, 0);
	z = attrset_intern(&p, a2, sizeof(a2), NULL, 0);
	w = attrset_intern(&p, a1, sizeof(a1), nh, sizeof(nh));
	assert_ptr_equal(x, y);
	assert_ptr_not_equal(x, z);
	assert_ptr_not_equal(x, w); /* same attributes, another next hop */
	assert_int_equal(x->refs, 2);
	assert_int_equal(p.count, 3);
	assert_true(p.bytes >= 3 * sizeof(struct attrset) + 12);
	attrset_unref(&p, y);
	assert_int_equal(p.count, 3);
	attrset_unref(&p, x);
	assert_int_equal(p.count, 2);
	/* interned again after the last reference went: a fresh copy */
	x = attrset_intern(&p, a1, sizeof(a1), NULL, 0);
	assert_int_equal(x->refs, 1);
	attrset_unref(&p, x);
	attrset_unref(&p, z);
	attrset_unref(&p, w);
	assert_int_equal(p.count, 0);
	assert_int_equal(p.bytes, 0);
	/* a next hop longer than any family's is refused */
	assert_null(attrset_intern(&p, a1, sizeof(a1), (const uint8_t *)KEY, 49));
	attrset_pool_fini(&p);
}

/* A set still referenced when the pool ends (a Lua handle collected after
 * its speaker closed) goes with the pool, not leaked. */
static void fini_frees_sets_still_held(void **state)
{
	static const uint8_t a1[] = { 0x40, 0x01, 0x01, 0x00 };
	struct attrset_pool p;

	(void)state;
	attrset_pool_init(&p, KEY);
	assert_non_null(attrset_intern(&p, a1, sizeof(a1), NULL, 0));
	assert_non_null(attrset_intern(&p, a1, sizeof(a1), NULL, 0));
	attrset_pool_fini(&p);
	assert_int_equal(p.count, 0);
	assert_int_equal(p.bytes, 0);
}

/* --- adj-rib-in --------------------------------------------------------- */

/* RFC 4271 §3.1: an advertisement replaces the previous one of the same
 * NLRI (path id included); a withdrawal removes it; the references to the
 * attribute sets follow, so that nothing is left once the routes are gone. */
static void adj_in_routes(void **state)
{
	struct attrset_pool p;
	struct adj_in in;
	const uint8_t a1[] = { 0x40, 1, 1, 0 }, a2[] = { 0x40, 1, 1, 2 };
	const uint8_t n1[] = { 24, 10, 0, 1 }, n2[] = { 24, 10, 0, 2 };
	const struct adj_in_route *r;
	struct attrset *x, *y;
	size_t seen = 0;

	(void)state;
	attrset_pool_init(&p, KEY);
	adj_in_init(&in, &p);
	x = attrset_intern(&p, a1, sizeof(a1), NULL, 0);
	y = attrset_intern(&p, a2, sizeof(a2), NULL, 0);
	assert_int_equal(adj_in_announce(&in, WIRE_FAM_IPV4_UNICAST, 0, n1, 4, x), 0);
	assert_int_equal(adj_in_announce(&in, WIRE_FAM_IPV4_UNICAST, 7, n1, 4, x), 0);
	assert_int_equal(adj_in_announce(&in, WIRE_FAM_IPV4_MULTICAST, 0, n1, 4, x), 0);
	assert_int_equal(in.count, 3);
	assert_int_equal(x->refs, 4);
	/* the same route again, other attributes: replaced */
	assert_int_equal(adj_in_announce(&in, WIRE_FAM_IPV4_UNICAST, 0, n1, 4, y), 0);
	assert_int_equal(in.count, 3);
	assert_ptr_equal(adj_in_find(&in, WIRE_FAM_IPV4_UNICAST, 0, n1, 4), y);
	assert_ptr_equal(adj_in_find(&in, WIRE_FAM_IPV4_UNICAST, 7, n1, 4), x);
	assert_null(adj_in_find(&in, WIRE_FAM_IPV4_UNICAST, 0, n2, 4));
	assert_int_equal(x->refs, 3);
	/* a withdrawal of what we do not have changes nothing */
	adj_in_withdraw(&in, WIRE_FAM_IPV4_UNICAST, 0, n2, 4);
	adj_in_withdraw(&in, WIRE_FAM_IPV4_UNICAST, 7, n1, 4);
	assert_int_equal(in.count, 2);
	assert_null(adj_in_find(&in, WIRE_FAM_IPV4_UNICAST, 7, n1, 4));
	for (size_t i = 0; adj_in_next(&in, &i, &r);)
		seen++;
	assert_int_equal(seen, 2);
	assert_true(in.bytes > 0);
	adj_in_clear(&in);
	assert_int_equal(in.count, 0);
	assert_int_equal(in.bytes, 0);
	attrset_unref(&p, x);
	attrset_unref(&p, y);
	assert_int_equal(p.count, 0);
	adj_in_fini(&in);
	attrset_pool_fini(&p);
}

/* A batch is the same as its routes one by one: a route twice in one batch
 * is stored once, one already there is replaced, a batch longer than
 * ADJ_IN_BATCH is taken in parts, and the references follow. */
static void adj_in_batches(void **state)
{
	struct attrset_pool p;
	struct adj_in in;
	const uint8_t a1[] = { 0x40, 1, 1, 0 }, a2[] = { 0x40, 1, 1, 2 };
	enum { N = ADJ_IN_BATCH * 2 + 3 };
	uint8_t nl[N][4];
	struct route_key b[N];
	struct attrset *x, *y;

	(void)state;
	attrset_pool_init(&p, KEY);
	adj_in_init(&in, &p);
	x = attrset_intern(&p, a1, sizeof(a1), NULL, 0);
	y = attrset_intern(&p, a2, sizeof(a2), NULL, 0);
	for (int i = 0; i < N; i++) {
		nl[i][0] = 24, nl[i][1] = 10, nl[i][2] = 1, nl[i][3] = (uint8_t)i;
		b[i] = (struct route_key){ WIRE_FAM_IPV4_UNICAST, 0, nl[i], 4 };
	}
	assert_int_equal(adj_in_announce(&in, WIRE_FAM_IPV4_UNICAST, 0, nl[2], 4, x), 0);
	b[1] = b[0]; /* the same route twice */
	assert_int_equal(adj_in_announce_batch(&in, b, 4, y), 0);
	assert_int_equal(in.count, 3);
	assert_ptr_equal(adj_in_find(&in, WIRE_FAM_IPV4_UNICAST, 0, nl[2], 4), y);
	assert_int_equal(x->refs, 1);
	assert_int_equal(y->refs, 4);
	/* every route of a batch past ADJ_IN_BATCH: all but nl[1] */
	assert_int_equal(adj_in_announce_batch(&in, b, N, x), 0);
	assert_int_equal(in.count, N - 1);
	assert_ptr_equal(adj_in_find(&in, WIRE_FAM_IPV4_UNICAST, 0, nl[N - 1], 4), x);
	assert_null(adj_in_find(&in, WIRE_FAM_IPV4_UNICAST, 0, nl[1], 4));
	assert_int_equal(y->refs, 1);
	assert_int_equal(x->refs, N);
	assert_int_equal(adj_in_announce_batch(&in, b, 0, x), 0);
	adj_in_fini(&in);
	attrset_unref(&p, x);
	attrset_unref(&p, y);
	assert_int_equal(p.count, 0);
	attrset_pool_fini(&p);
}

/* --- adj-rib-out -------------------------------------------------------- */

#define ATTRS_V4 "40010100" "400200" "4003040A000001" "40050400000064"
#define ATTRS_MP "40010100" "400200" "40050400000064"

struct sent {
	int msgs;
	int fail_after;        /* emit refuses once this many were taken (0: never) */
	size_t max_len;
	unsigned announced, withdrawn;
	uint32_t last_path_id;
	struct wire_ctx ctx;
};

static void count_field(struct sent *s, const struct wire_family *f,
			const struct wire_update *u, const uint8_t *p, size_t n,
			bool announce)
{
	struct wire_nlri_iter it;
	struct wire_nlri nl;

	wire_nlri_iter_init(&it, f, &s->ctx, u->msg, p, n);
	while (wire_nlri_iter_next(&it, &nl) > 0) {
		if (announce)
			s->announced++;
		else
			s->withdrawn++;
		s->last_path_id = nl.path_id;
	}
	assert_int_equal(it.err.act, LB_ACT_NONE);
}

/* Decode every UPDATE and count its routes. */
static int take(void *arg, const uint8_t *msg, size_t len)
{
	static struct wire_update u;
	struct sent *s = arg;
	const struct wire_family *v4 = &wire_fam_ipv4_unicast;

	if (s->fail_after && s->msgs >= s->fail_after)
		return -1;
	s->msgs++;
	if (len > s->max_len)
		s->max_len = len;
	assert_int_equal(wire_update_decode(&u, msg, len, msg + 19, len - 19, &s->ctx), 0);
	assert_int_equal(u.err.act, LB_ACT_NONE);
	/* RFC 7606 §5.1 (RELIABILITY.md U20): at most one of withdrawn
	 * routes, NLRI, MP_REACH_NLRI and MP_UNREACH_NLRI per UPDATE */
	assert_true((u.withdrawn_len > 0) + (u.nlri_len > 0) + u.reach.present +
		    u.unreach.present <= 1);
	count_field(s, v4, &u, u.withdrawn, u.withdrawn_len, false);
	count_field(s, v4, &u, u.nlri, u.nlri_len, true);
	if (u.reach.present)
		count_field(s, u.reach.fam, &u, u.reach.nlri, u.reach.nlri_len, true);
	if (u.unreach.present)
		count_field(s, u.unreach.fam, &u, u.unreach.nlri, u.unreach.nlri_len, false);
	return 0;
}

struct rig {
	struct attrset_pool pool;
	struct adj_out out;
	struct sent s;
	struct attrset *v4, *v4b, *v6;
};

static struct attrset *intern_hex(struct rig *g, const char *hex, const char *nh)
{
	uint8_t a[4096], n[64];
	size_t al = tu_hex(hex, a, sizeof(a));
	size_t nl = nh ? tu_hex(nh, n, sizeof(n)) : 0;

	return attrset_intern(&g->pool, a, al, n, nl);
}

static void rig_init(struct rig *g, bool group)
{
	memset(g, 0, sizeof(*g));
	attrset_pool_init(&g->pool, KEY);
	adj_out_init(&g->out, &g->pool, group);
	wire_ctx_init_decode(&g->s.ctx);
	g->s.ctx.ext_msg = false;
	g->v4 = intern_hex(g, ATTRS_V4, NULL);
	g->v4b = intern_hex(g, "40010102" "400200" "4003040A000002", NULL);
	g->v6 = intern_hex(g, ATTRS_MP, "20010DB8000000000000000000000001");
}

static void rig_fini(struct rig *g)
{
	attrset_unref(&g->pool, g->v4);
	attrset_unref(&g->pool, g->v4b);
	attrset_unref(&g->pool, g->v6);
	adj_out_fini(&g->out);
	assert_int_equal(g->pool.count, 0); /* nothing leaked a reference */
	attrset_pool_fini(&g->pool);
}

static void v4_route(uint8_t nlri[4], unsigned i)
{
	nlri[0] = 24, nlri[1] = (uint8_t)(10 + (i >> 16)), nlri[2] = (uint8_t)(i >> 8),
	nlri[3] = (uint8_t)i;
}

static int flush(struct rig *g, size_t max)
{
	return adj_out_flush(&g->out, &g->s.ctx, max, take, &g->s);
}

/* 10 000 /24s of one attribute set fill 4096-octet UPDATEs. */
static void packs_full_messages(void **state)
{
	struct rig g;
	uint8_t nlri[4];
	int msgs;

	(void)state;
	rig_init(&g, true);
	for (unsigned i = 0; i < 10000; i++) {
		v4_route(nlri, i);
		assert_int_equal(adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4, g.v4), 0);
	}
	msgs = flush(&g, 0);
	/* 19 + 2 + 2 + 25 octets of attributes leave 4048 for 1012 NLRI */
	assert_int_equal(msgs, 10);
	assert_int_equal(g.s.announced, 10000);
	assert_int_equal(g.s.max_len, 4096);
	assert_int_equal(g.out.npending, 0);
	/* nothing changed: nothing to send */
	v4_route(nlri, 5);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4, g.v4);
	assert_int_equal(flush(&g, 0), 0);
	rig_fini(&g);
}

/* Two attribute sets, two families, withdrawals: one UPDATE each, the
 * withdrawals first. */
static void groups_by_set_and_family(void **state)
{
	struct rig g;
	uint8_t v4[4], v6[] = { 32, 0x20, 0x01, 0x0d, 0xb8 };

	(void)state;
	rig_init(&g, true);
	for (unsigned i = 0; i < 3; i++) {
		v4_route(v4, i);
		adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, v4, 4, i == 1 ? g.v4b : g.v4);
	}
	adj_out_announce(&g.out, WIRE_FAM_IPV6_UNICAST, 0, v6, sizeof(v6), g.v6);
	assert_int_equal(flush(&g, 0), 3);
	assert_int_equal(g.s.announced, 4);
	/* withdraw one of each, re-announce one with the other set */
	v4_route(v4, 0);
	adj_out_withdraw(&g.out, WIRE_FAM_IPV4_UNICAST, 0, v4, 4);
	adj_out_withdraw(&g.out, WIRE_FAM_IPV6_UNICAST, 0, v6, sizeof(v6));
	v4_route(v4, 2);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, v4, 4, g.v4b);
	memset(&g.s.announced, 0, 2 * sizeof(unsigned));
	assert_int_equal(flush(&g, 0), 3);
	assert_int_equal(g.s.withdrawn, 2);
	assert_int_equal(g.s.announced, 1);
	/* the withdrawn routes are gone from the table */
	assert_int_equal(g.out.count, 2);
	rig_fini(&g);
}

static int capture(void *arg, const uint8_t *msg, size_t len)
{
	return wbuf_put(arg, msg, len);
}

/* A route never announced is withdrawn when asked (ExaBGP's api-fast does
 * `withdraw route 2.2.0.0/25` first); these are the bytes it expects. */
static void withdraws_what_it_never_sent(void **state)
{
	uint8_t want[64];
	size_t n = tu_hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001C02000519020200000000", want, sizeof(want));
	struct rig g;
	const uint8_t nlri[] = { 25, 2, 2, 0, 0 };
	struct wbuf w;

	(void)state;
	rig_init(&g, true);
	wbuf_init(&w, 0);
	adj_out_withdraw(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, sizeof(nlri));
	assert_int_equal(adj_out_flush(&g.out, &g.s.ctx, 0, capture, &w), 1);
	assert_bytes(want, n, w.data, w.len);
	assert_int_equal(g.out.count, 0);
	wbuf_fini(&w);
	rig_fini(&g);
}

/* A withdrawal goes out even when the announcement it follows was never
 * sent (api-fast's second batch), and for a route the peer has, even while
 * it is to be sent again after a ROUTE-REFRESH (the review of issue 4 found
 * that one lost); in a session's first UPDATEs it goes nowhere (api-fast's
 * first batch). */
static void withdrawals_of_unsent_routes(void **state)
{
	struct rig g;
	uint8_t nlri[4];

	(void)state;
	rig_init(&g, true);
	v4_route(nlri, 1);
	adj_out_session_start(&g.out);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4, g.v4);
	adj_out_withdraw(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4);
	assert_int_equal(flush(&g, 0), 0);
	assert_int_equal(g.out.count, 0);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4, g.v4);
	adj_out_withdraw(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4);
	assert_int_equal(flush(&g, 0), 1);
	assert_int_equal(g.s.withdrawn, 1);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4, g.v4);
	assert_int_equal(flush(&g, 0), 1);
	adj_out_resend(&g.out, WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST));
	adj_out_withdraw(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4);
	assert_int_equal(flush(&g, 0), 1);
	assert_int_equal(g.s.withdrawn, 2);
	assert_int_equal(g.out.count, 0);
	rig_fini(&g);
}

/* A retraction takes away only what the table has: a route sent is
 * withdrawn, one still on its way is not sent, one never given stays
 * unknown (no withdrawal of it); copying the wants carries their
 * attributes over. */
static void retract_only_what_is_there(void **state)
{
	struct rig g;
	struct adj_out copy;
	uint8_t a[4], b[4], c[4];

	(void)state;
	rig_init(&g, true);
	v4_route(a, 1);
	v4_route(b, 2);
	v4_route(c, 3);
	adj_out_retract(&g.out, WIRE_FAM_IPV4_UNICAST, 0, c, 4, NULL);
	assert_int_equal(g.out.npending, 0);
	assert_int_equal(g.out.count, 0);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, a, 4, g.v4);
	assert_int_equal(flush(&g, 0), 1);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, b, 4, g.v4);
	adj_out_init(&copy, &g.pool, true);
	assert_int_equal(adj_out_copy_wants(&copy, &g.out), 0);
	assert_int_equal(copy.count, 2);
	assert_int_equal(copy.npending, 2);
	adj_out_fini(&copy);
	adj_out_retract(&g.out, WIRE_FAM_IPV4_UNICAST, 0, a, 4, NULL);
	adj_out_retract(&g.out, WIRE_FAM_IPV4_UNICAST, 0, b, 4, NULL);
	assert_int_equal(flush(&g, 0), 1);
	assert_int_equal(g.s.withdrawn, 1);
	assert_int_equal(g.s.announced, 1);
	assert_int_equal(g.out.count, 0);
	rig_fini(&g);
}

/* Holding keeps the peer's view: a route it has stays as it has it, one
 * it never had is not sent; a withdrawal still goes.  Retracting what
 * another table does not want leaves the rest. */
static void hold_and_retract_unwanted(void **state)
{
	struct rig g;
	struct adj_out other;
	uint8_t a[4], b[4], c[4];

	(void)state;
	rig_init(&g, true);
	v4_route(a, 1);
	v4_route(b, 2);
	v4_route(c, 3);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, a, 4, g.v4);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, c, 4, g.v4);
	assert_int_equal(flush(&g, 0), 1);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, a, 4, g.v4b);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, b, 4, g.v4);
	adj_out_withdraw(&g.out, WIRE_FAM_IPV4_UNICAST, 0, c, 4);
	adj_out_hold(&g.out);
	memset(&g.s.announced, 0, 2 * sizeof(unsigned));
	assert_int_equal(flush(&g, 0), 1);
	assert_int_equal(g.s.withdrawn, 1);
	assert_int_equal(g.s.announced, 0);
	assert_int_equal(g.out.count, 1);
	assert_true(adj_out_wants(&g.out, WIRE_FAM_IPV4_UNICAST, 0, a, 4));
	/* a is all the other table does not want */
	adj_out_init(&other, &g.pool, true);
	adj_out_announce(&other, WIRE_FAM_IPV4_UNICAST, 0, b, 4, g.v4);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, b, 4, g.v4);
	adj_out_retract_unwanted(&g.out, &other);
	adj_out_fini(&other);
	memset(&g.s.announced, 0, 2 * sizeof(unsigned));
	assert_int_equal(flush(&g, 0), 2);
	assert_int_equal(g.s.withdrawn, 1);
	assert_int_equal(g.s.announced, 1);
	assert_false(adj_out_wants(&g.out, WIRE_FAM_IPV4_UNICAST, 0, a, 4));
	assert_true(adj_out_wants(&g.out, WIRE_FAM_IPV4_UNICAST, 0, b, 4));
	rig_fini(&g);
}

/* A reload withdraws the configuration's routes it no longer has, and
 * leaves those the API announced (ExaBGP keeps them too); a route the API
 * announces again is the API's from then on. */
static void reload_leaves_api_routes(void **state)
{
	struct rig g;
	uint8_t conf_kept[4], conf_gone[4], api[4], taken[4];

	(void)state;
	rig_init(&g, true);
	v4_route(conf_kept, 1);
	v4_route(conf_gone, 2);
	v4_route(api, 3);
	v4_route(taken, 4);
	g.out.from_conf = true;
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, conf_kept, 4, g.v4);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, conf_gone, 4, g.v4);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, taken, 4, g.v4);
	g.out.from_conf = false;
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, api, 4, g.v4);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, taken, 4, g.v4b);
	flush(&g, 0);
	/* the reload: the new file has conf_kept only */
	adj_out_unmark(&g.out);
	g.out.from_conf = true;
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, conf_kept, 4, g.v4);
	g.out.from_conf = false;
	adj_out_withdraw_unmarked_conf(&g.out);
	memset(&g.s.announced, 0, 2 * sizeof(unsigned));
	flush(&g, 0);
	assert_int_equal(g.s.withdrawn, 1);
	assert_int_equal(g.s.announced, 0);
	assert_false(adj_out_wants(&g.out, WIRE_FAM_IPV4_UNICAST, 0, conf_gone, 4));
	assert_true(adj_out_wants(&g.out, WIRE_FAM_IPV4_UNICAST, 0, conf_kept, 4));
	assert_true(adj_out_wants(&g.out, WIRE_FAM_IPV4_UNICAST, 0, api, 4));
	assert_true(adj_out_wants(&g.out, WIRE_FAM_IPV4_UNICAST, 0, taken, 4));
	/* copied into another table (an export policy's), each route stays
	 * the configuration's or the API's */
	{
		struct adj_out copy;

		adj_out_init(&copy, &g.pool, true);
		assert_int_equal(adj_out_copy_wants(&copy, &g.out), 0);
		adj_out_unmark(&copy);
		adj_out_withdraw_unmarked_conf(&copy);
		assert_false(adj_out_wants(&copy, WIRE_FAM_IPV4_UNICAST, 0, conf_kept, 4));
		assert_true(adj_out_wants(&copy, WIRE_FAM_IPV4_UNICAST, 0, api, 4));
		adj_out_fini(&copy);
	}
	/* clear adj-rib out still withdraws everything */
	adj_out_unmark(&g.out);
	adj_out_withdraw_unmarked(&g.out);
	flush(&g, 0);
	assert_int_equal(g.out.count, 0);
	rig_fini(&g);
}

/* The flow of the api-flow vector, its attributes sent along with its
 * withdrawal. */
static const uint8_t FLOW[] = { 0x13, 0x01, 0x20, 0, 0, 0, 0, 0x02, 0x20, 0, 0, 0, 0,
				0x03, 0x81, 0x06, 0x05, 0x91, 0x0c, 0x38 };
#define FLOW_WITH "4001010040020040050400000064"

/* Withdrawn then announced again before a flush: the withdrawal first,
 * then the announcement, as ExaBGP sends them (api-flow); in a session's
 * first UPDATEs the withdrawal leaves its attributes alone, no NLRI. */
static void withdrawal_then_announcement(void **state)
{
	uint8_t want[256];
	size_t n = tu_hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0025020000000E" FLOW_WITH
			  "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003F0200000028800F1700018513012000000000"
			  "02200000000003810605910C38" FLOW_WITH,
			  want, sizeof(want));
	struct rig g;
	struct attrset *with, *rate;
	struct wbuf w;
	int msgs = 0;

	(void)state;
	rig_init(&g, false);
	wbuf_init(&w, 0);
	with = intern_hex(&g, FLOW_WITH, NULL);
	rate = intern_hex(&g, FLOW_WITH "C010088006000000000000", NULL);
	adj_out_session_start(&g.out);
	for (int round = 0; round < 2; round++) {
		adj_out_withdraw_with(&g.out, WIRE_FAM_IPV4_FLOW, 0, FLOW, sizeof(FLOW), with);
		adj_out_announce(&g.out, WIRE_FAM_IPV4_FLOW, 0, FLOW, sizeof(FLOW), rate);
		while (g.out.npending) {
			int rc = adj_out_flush(&g.out, &g.s.ctx, 0, capture, &w);

			assert_true(rc > 0);
			msgs += rc;
			/* after the withdrawal, its announcement is to come */
			if (msgs == 1 || msgs == 3)
				assert_int_equal(g.out.npending, 1);
		}
	}
	assert_int_equal(msgs, 4);
	assert_int_equal(n, 0x25 + 0x3F);
	/* the withdrawals, then the announcements: compare the former */
	assert_int_equal(w.len, 0x25 + 0x4C + 0x3F + 0x4C);
	assert_bytes(want, 0x25, w.data, 0x25);
	assert_bytes(want + 0x25, 0x3F, w.data + 0x25 + 0x4C, 0x3F);
	assert_int_equal(g.out.count, 1);
	attrset_unref(&g.pool, with);
	attrset_unref(&g.pool, rate);
	wbuf_fini(&w);
	rig_fini(&g);
}

/* A withdrawal still pending when the table goes keeps no reference to
 * the attributes it was to carry. */
static void fini_releases_withdrawal_attributes(void **state)
{
	struct rig g;

	(void)state;
	rig_init(&g, false);
	adj_out_withdraw_with(&g.out, WIRE_FAM_IPV4_FLOW, 0, FLOW, sizeof(FLOW), g.v4b);
	rig_fini(&g);
}

/* An IPv6 route goes into MP_REACH_NLRI after the other attributes, as
 * ExaBGP writes it (conformance api-ipv6 shape). */
static void mp_reach_bytes(void **state)
{
	uint8_t want[128];
	size_t n = tu_hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004202000000 2B40010100400200400504000000"
			  "64800E1A00020110" "20010DB8000000000000000000000001" "00" "2020010DB8",
			  want, sizeof(want));
	struct rig g;
	const uint8_t v6[] = { 32, 0x20, 0x01, 0x0d, 0xb8 };
	struct wbuf w;

	(void)state;
	rig_init(&g, true);
	wbuf_init(&w, 0);
	adj_out_announce(&g.out, WIRE_FAM_IPV6_UNICAST, 0, v6, sizeof(v6), g.v6);
	assert_int_equal(adj_out_flush(&g.out, &g.s.ctx, 0, capture, &w), 1);
	assert_bytes(want, n, w.data, w.len);
	/* and the End-of-RIB markers of RFC 4724 §2 */
	wbuf_reset(&w);
	assert_int_equal(adj_out_eor(&wire_fam_ipv4_unicast, capture, &w), 0);
	assert_int_equal(adj_out_eor(&wire_fam_ipv6_unicast, capture, &w), 0);
	n = tu_hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170200000000"
		   "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001E0200000007900F0003000201", want, sizeof(want));
	assert_bytes(want, n, w.data, w.len);
	wbuf_fini(&w);
	rig_fini(&g);
}

/* ExaBGP packs several NLRI per UPDATE for IPv4 unicast only (and
 * MCAST-VPN): two IPv6 routes of one attribute set are two messages. */
static void ipv6_one_nlri_per_update(void **state)
{
	const uint8_t a[] = { 48, 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
	const uint8_t b[] = { 48, 0x20, 0x01, 0x0d, 0xb8, 0, 2 };
	struct rig g;
	struct wbuf w;

	(void)state;
	rig_init(&g, true);
	wbuf_init(&w, 0);
	adj_out_announce(&g.out, WIRE_FAM_IPV6_UNICAST, 0, a, sizeof(a), g.v6);
	adj_out_announce(&g.out, WIRE_FAM_IPV6_UNICAST, 0, b, sizeof(b), g.v6);
	assert_int_equal(adj_out_flush(&g.out, &g.s.ctx, 0, capture, &w), 2);
	wbuf_fini(&w);
	rig_fini(&g);
}

/* RFC 8950: an IPv4 unicast route whose next hop is IPv6 goes in
 * MP_REACH_NLRI, not in the NLRI field (the extended-nexthop vector). */
static void ipv4_with_ipv6_next_hop(void **state)
{
	uint8_t want[128];
	size_t n = tu_hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0042020000002B4001010040020040050400000064"
			  "800E1A000101100BADCAFE0BADCAFE0BADCAFE0BADCAFE002099999999",
			  want, sizeof(want));
	const uint8_t v4[] = { 32, 0x99, 0x99, 0x99, 0x99 };
	struct attrset *a;
	struct rig g;
	struct wbuf w;

	(void)state;
	rig_init(&g, true);
	a = intern_hex(&g, ATTRS_MP, "0BADCAFE0BADCAFE0BADCAFE0BADCAFE");
	wbuf_init(&w, 0);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, v4, sizeof(v4), a);
	assert_int_equal(adj_out_flush(&g.out, &g.s.ctx, 0, capture, &w), 1);
	assert_bytes(want, n, w.data, w.len);
	attrset_unref(&g.pool, a);
	wbuf_fini(&w);
	rig_fini(&g);
}

/* RFC 7911: path ids written for the families ADD-PATH was negotiated for;
 * two paths of one prefix are two routes. */
static void addpath_ids(void **state)
{
	struct rig g;
	uint8_t nlri[4];

	(void)state;
	rig_init(&g, true);
	g.s.ctx.addpath_tx = g.s.ctx.addpath_rx = WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST);
	v4_route(nlri, 1);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 7, nlri, 4, g.v4);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 9, nlri, 4, g.v4);
	assert_int_equal(flush(&g, 0), 1);
	assert_int_equal(g.s.announced, 2);
	assert_int_equal(g.s.last_path_id, 9);
	assert_int_equal(g.out.count, 2);
	rig_fini(&g);
}

/* group-updates off: one route per UPDATE; a budget leaves the rest
 * pending; a refusing writer loses nothing. */
static void budget_and_back_pressure(void **state)
{
	struct rig g;
	uint8_t nlri[4];

	(void)state;
	rig_init(&g, false);
	for (unsigned i = 0; i < 5; i++) {
		v4_route(nlri, i);
		adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4, g.v4);
	}
	/* a budget of 100 octets: two of these 48-octet UPDATEs, then the
	 * step stops at the first message past it */
	assert_int_equal(flush(&g, 100), 3);
	assert_int_equal(g.out.npending, 2);
	assert_int_equal(flush(&g, 1), 1);
	assert_int_equal(g.out.npending, 1);
	g.s.fail_after = 4;
	assert_int_equal(flush(&g, 0), -1);
	assert_int_equal(g.s.msgs, 4);
	assert_int_equal(g.out.npending, 1);
	g.s.fail_after = 0;
	assert_int_equal(flush(&g, 0), 1);
	assert_int_equal(g.s.announced, 5);
	/* ROUTE-REFRESH of another family: nothing; of theirs: all five again */
	adj_out_resend(&g.out, WIRE_FAM_BIT(WIRE_FAM_IPV6_UNICAST));
	assert_int_equal(g.out.npending, 0);
	adj_out_resend(&g.out, WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST));
	assert_int_equal(flush(&g, 0), 5);
	assert_int_equal(g.s.announced, 10);
	/* the session went down: on the next one, all five again */
	adj_out_reset_sent(&g.out);
	assert_int_equal(flush(&g, 0), 5);
	rig_fini(&g);
}

/* A step takes the first ADJ_OUT_WINDOW pending routes: what it could not
 * send goes back ahead of the routes after the window, so the order of
 * arrival holds; a step costs what it sends, not the whole table. */
static void window_keeps_the_order(void **state)
{
	const unsigned n = ADJ_OUT_WINDOW + 4464;
	struct rig g;
	uint8_t nlri[4];
	unsigned sent, steps = 0;

	(void)state;
	rig_init(&g, true);
	for (unsigned i = 0; i < n; i++) {
		v4_route(nlri, i);
		assert_int_equal(adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4, g.v4), 0);
	}
	assert_int_equal(flush(&g, 1), 1);
	sent = g.s.announced;
	/* one full UPDATE: about a thousand /24s */
	assert_true(sent > 1000 && sent < 1024);
	assert_int_equal(g.out.npending, n - sent);
	/* the next pending route is the next one in arrival order */
	v4_route(nlri, sent);
	assert_memory_equal(g.out.head->nlri, nlri, 4);
	while (g.out.npending && steps++ < 1000)
		assert_true(flush(&g, 64 * 1024) > 0);
	assert_int_equal(g.s.announced, n);
	rig_fini(&g);
}

/* RELIABILITY.md §1.6: attributes that leave no room for one NLRI in a
 * 4096-octet UPDATE are not sent; a version the peer had is withdrawn. */
static void unsendable_route(void **state)
{
	struct rig g;
	uint8_t nlri[4], big[4100];
	struct attrset *huge;
	size_t n = 0;

	(void)state;
	rig_init(&g, true);
	v4_route(nlri, 1);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4, g.v4);
	assert_int_equal(flush(&g, 0), 1);
	n += (size_t)tu_hex(ATTRS_V4, big, sizeof(big));
	big[n++] = 0xD0, big[n++] = 99, big[n++] = 0x0F, big[n++] = 0xD0; /* 4048 octets */
	memset(big + n, 0xAB, 4048);
	huge = attrset_intern(&g.pool, big, n + 4048, NULL, 0);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4, huge);
	attrset_unref(&g.pool, huge);
	assert_int_equal(flush(&g, 0), 0);
	assert_int_equal(g.out.unsendable, 1);
	assert_int_equal(flush(&g, 0), 1);
	assert_int_equal(g.s.withdrawn, 1);
	/* with extended messages it goes through */
	g.s.ctx.ext_msg = true;
	huge = attrset_intern(&g.pool, big, n + 4048, NULL, 0);
	adj_out_announce(&g.out, WIRE_FAM_IPV4_UNICAST, 0, nlri, 4, huge);
	attrset_unref(&g.pool, huge);
	assert_int_equal(flush(&g, 0), 1);
	assert_true(g.s.max_len > 4096);
	rig_fini(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(siphash_vector),
		cmocka_unit_test(htab_runs),
		cmocka_unit_test(interning),
		cmocka_unit_test(fini_frees_sets_still_held),
		cmocka_unit_test(adj_in_routes),
		cmocka_unit_test(adj_in_batches),
		cmocka_unit_test(withdrawals_of_unsent_routes),
		cmocka_unit_test(withdrawal_then_announcement),
		cmocka_unit_test(retract_only_what_is_there),
		cmocka_unit_test(hold_and_retract_unwanted),
		cmocka_unit_test(reload_leaves_api_routes),
		cmocka_unit_test(fini_releases_withdrawal_attributes),
		cmocka_unit_test(packs_full_messages),
		cmocka_unit_test(groups_by_set_and_family),
		cmocka_unit_test(withdraws_what_it_never_sent),
		cmocka_unit_test(mp_reach_bytes),
		cmocka_unit_test(ipv4_with_ipv6_next_hop),
		cmocka_unit_test(ipv6_one_nlri_per_update),
		cmocka_unit_test(addpath_ids),
		cmocka_unit_test(budget_and_back_pressure),
		cmocka_unit_test(window_keeps_the_order),
		cmocka_unit_test(unsendable_route),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
