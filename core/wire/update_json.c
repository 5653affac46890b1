/* The JSON (and text) of a decoded UPDATE, in ExaBGP's shape:
 *
 *   "update": { "attribute": { ... },
 *               "announce": { "ipv4 unicast": { "<next-hop>": [ {nlri}, ... ] } },
 *               "withdraw": { "ipv4 unicast": [ {nlri}, ... ] } }
 *
 * or "eor": { "afi": "ipv4", "safi": "unicast" } for an End-of-RIB.
 * Attributes come in type-code order; the IPv4 NLRI field comes before
 * MP_REACH_NLRI and the withdrawn routes field before MP_UNREACH_NLRI, the
 * order in which ExaBGP collects them.  NEXT_HOP is not an attribute member
 * (it is the announce key) unless the UPDATE withdraws something.
 */
#include <string.h>

#include "wire/attr.h"
#include "wire/nlri.h"
#include "wire/update_json.h"

static void emit_nlris(struct sink *s, const struct wire_update_group *g,
		       const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct wire_nlri_iter it;
	struct wire_nlri n;

	wire_nlri_iter_init(&it, g->fam, ctx, u->msg, g->p, g->n);
	while (wire_nlri_iter_next(&it, &n) > 0)
		g->fam->json(g->fam, s, &n, g->nh, ctx);
}

static int same_nh(const struct wire_nh *a, const struct wire_nh *b)
{
	if (a->len == 0 || b->len == 0)
		return a->len == b->len;
	return a->afi == b->afi &&
	       memcmp(a->addr, b->addr, a->afi == WIRE_AFI_IPV4 ? 4 : 16) == 0;
}

static void nh_key(struct sink *s, const struct wire_nh *nh)
{
	struct wbuf *w = sink_text(s);

	wire_nh_text(w, nh);
	sink_keyn(s, (const char *)w->data, w->len);
}

/* announce: { family: { nh: [ ... ] } }.  There are at most two groups (the
 * NLRI field and MP_REACH_NLRI); when both are of one family they share the
 * family member, and one list when their next hops are equal too. */
static void emit_announce(struct sink *s, const struct wire_update_group *g, int ng,
			  const struct wire_update *u, const struct wire_ctx *ctx)
{
	bool same_fam = ng == 2 && g[0].fam == g[1].fam;
	bool same_list = same_fam && same_nh(g[0].nh, g[1].nh);

	sink_key(s, "announce");
	sink_obj(s);
	for (int i = 0; i < ng; i++) {
		if (i == 0 || !same_fam) {
			sink_key(s, g[i].fam->name);
			sink_obj(s);
		}
		if (i == 0 || !same_list) {
			nh_key(s, g[i].nh);
			sink_arr(s);
		}
		emit_nlris(s, &g[i], u, ctx);
		if (i == ng - 1 || !same_list)
			sink_arr_end(s);
		if (i == ng - 1 || !same_fam)
			sink_obj_end(s);
	}
	sink_obj_end(s);
}

/* withdraw: { family: [ ... ] }; the groups come family by family
 * (wire_update_groups), every group of a family in its one list */
static void emit_withdraw(struct sink *s, const struct wire_update_group *g, int ng,
			  const struct wire_update *u, const struct wire_ctx *ctx)
{
	sink_key(s, "withdraw");
	sink_obj(s);
	for (int i = 0; i < ng; i++) {
		if (i == 0 || g[i].fam != g[i - 1].fam) {
			if (i)
				sink_arr_end(s);
			sink_key(s, g[i].fam->name);
			sink_arr(s);
		}
		emit_nlris(s, &g[i], u, ctx);
	}
	if (ng)
		sink_arr_end(s);
	sink_obj_end(s);
}

static bool has_nlri(const struct wire_family *f, const struct wire_ctx *ctx,
		     const struct wire_update *u, const uint8_t *p, size_t n)
{
	struct wire_nlri_iter it;
	struct wire_nlri nlri;

	if (!f || !n)
		return false;
	wire_nlri_iter_init(&it, f, ctx, u->msg, p, n);
	return wire_nlri_iter_next(&it, &nlri) > 0;
}

void wire_update_attrs_json(struct sink *s, const struct wire_update *u,
			    const struct wire_ctx *ctx, bool with_nexthop)
{
	sink_obj(s);
	for (unsigned code = 0; code < 256; code++) {
		const struct wire_attr *a = wire_update_attr(u, (uint8_t)code);
		const struct wire_attr_desc *d;

		if (!a || (code == WIRE_ATTR_NEXT_HOP && !with_nexthop))
			continue;
		d = wire_attr_desc((uint8_t)code);
		if (!d)
			d = &wire_attr_generic;
		d->json(s, a, u, ctx);
	}
	sink_obj_end(s);
}

/* Some attributes print no member of their own (an empty AS_PATH,
 * AS4_AGGREGATOR folded into "aggregator", ...), and ExaBGP writes no
 * "attribute" member when nothing is in it: a sink that only notes whether
 * a member was written answers the question exactly. */
struct probe {
	struct sink base;
	int depth;
	bool member;
};

static void probe_open(struct sink *s)
{
	((struct probe *)s)->depth++;
}

static void probe_close(struct sink *s)
{
	((struct probe *)s)->depth--;
}

static void probe_key(struct sink *s, const char *k, size_t n)
{
	struct probe *p = (struct probe *)s;

	(void)k, (void)n;
	if (p->depth == 1)
		p->member = true;
}

static void probe_str(struct sink *s, const char *p, size_t n)
{
	(void)s, (void)p, (void)n;
}

static void probe_i64(struct sink *s, int64_t v)
{
	(void)s, (void)v;
}

static void probe_u64(struct sink *s, uint64_t v)
{
	(void)s, (void)v;
}

static void probe_dbl(struct sink *s, double v)
{
	(void)s, (void)v;
}

static void probe_bool(struct sink *s, int v)
{
	(void)s, (void)v;
}

static void probe_null(struct sink *s)
{
	(void)s;
}

static const struct sink_ops probe_ops = {
	probe_open, probe_close, probe_open, probe_close, probe_key, probe_str,
	probe_i64, probe_u64, probe_dbl, probe_bool, probe_null, NULL,
};

static bool has_attributes(const struct wire_update *u, const struct wire_ctx *ctx,
			   bool with_nexthop)
{
	/* these always print a member: no need to walk twice (hot path) */
	static const uint8_t prints[] = { 1, 4, 5, 6, 7, 8, 9, 10, 16, 32 };
	struct probe p;

	for (unsigned i = 0; i < sizeof(prints); i++)
		if (wire_update_attr(u, prints[i]))
			return true;
	if (u->nattr == 0)
		return false;
	memset(&p, 0, sizeof(p));
	sink_base_init(&p.base, &probe_ops);
	wire_update_attrs_json(&p.base, u, ctx, with_nexthop);
	sink_base_fini(&p.base);
	return p.member;
}

/* The families in the order they first come, each with its groups
 * together in their order (ExaBGP lists a family once). */
static void group_by_family(struct wire_update_group *g, int n)
{
	struct wire_update_group out[4];
	int k = 0;

	for (int i = 0; i < n; i++) {
		bool seen = false;

		for (int j = 0; j < i; j++)
			seen = seen || g[j].fam == g[i].fam;
		for (int j = i; j < n && !seen; j++)
			if (g[j].fam == g[i].fam)
				out[k++] = g[j];
	}
	memcpy(g, out, (size_t)n * sizeof(*g));
}

bool wire_update_shows_attributes(const struct wire_update *u, const struct wire_ctx *ctx,
				  bool withdraws)
{
	return u->err.act < LB_ACT_WITHDRAW && has_attributes(u, ctx, withdraws);
}

void wire_update_groups(const struct wire_update *u, const struct wire_ctx *ctx,
			struct wire_update_group add[2], int *nadd,
			struct wire_update_group del[4], int *ndel)
{
	static const struct wire_nh none;
	const struct wire_nh *v4nh = u->nexthop.len ? &u->nexthop : &none;

	*nadd = *ndel = 0;
	if (u->eor)
		return;
	if (has_nlri(&wire_fam_ipv4_unicast, ctx, u, u->withdrawn, u->withdrawn_len))
		del[(*ndel)++] = (struct wire_update_group){
			&wire_fam_ipv4_unicast, u->withdrawn, u->withdrawn_len, NULL };
	if (has_nlri(u->unreach.fam, ctx, u, u->unreach.nlri, u->unreach.nlri_len))
		del[(*ndel)++] = (struct wire_update_group){
			u->unreach.fam, u->unreach.nlri, u->unreach.nlri_len, NULL };
	if (has_nlri(&wire_fam_ipv4_unicast, ctx, u, u->nlri, u->nlri_len))
		add[(*nadd)++] = (struct wire_update_group){
			&wire_fam_ipv4_unicast, u->nlri, u->nlri_len, v4nh };
	if (has_nlri(u->reach.fam, ctx, u, u->reach.nlri, u->reach.nlri_len))
		add[(*nadd)++] = (struct wire_update_group){
			u->reach.fam, u->reach.nlri, u->reach.nlri_len, &u->reach.nh };
	/* RFC 7606 treat-as-withdraw: what was announced is withdrawn, and
	 * the faulty attributes describe nothing */
	if (u->err.act >= LB_ACT_WITHDRAW) {
		for (int i = 0; i < *nadd; i++) {
			add[i].nh = NULL;
			del[(*ndel)++] = add[i];
		}
		*nadd = 0;
	}
	group_by_family(del, *ndel);
}

void wire_update_json(struct sink *s, const struct wire_update *u,
		      const struct wire_ctx *ctx)
{
	struct wire_update_group add[2], del[4];
	int nadd, ndel;

	if (u->eor) {
		sink_key(s, "eor");
		sink_obj(s);
		sink_key(s, "afi");
		if (wire_afi_name(u->eor_afi))
			sink_str(s, wire_afi_name(u->eor_afi));
		else
			sink_uint(s, u->eor_afi);
		sink_key(s, "safi");
		if (wire_safi_name(u->eor_safi))
			sink_str(s, wire_safi_name(u->eor_safi));
		else
			sink_uint(s, u->eor_safi);
		sink_obj_end(s);
		return;
	}
	wire_update_groups(u, ctx, add, &nadd, del, &ndel);
	sink_key(s, "update");
	sink_obj(s);
	if (wire_update_shows_attributes(u, ctx, ndel > 0)) {
		sink_key(s, "attribute");
		wire_update_attrs_json(s, u, ctx, ndel > 0);
	}
	if (nadd)
		emit_announce(s, add, nadd, u, ctx);
	if (ndel)
		emit_withdraw(s, del, ndel, u, ctx);
	sink_obj_end(s);
}
