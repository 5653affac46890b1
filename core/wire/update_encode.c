/* UPDATE encoding from ExaBGP's JSON shape (the value of "update", or an
 * object holding "eor"), the inverse of update_json.c:
 *
 *   { "attribute": { "origin": "igp", ... },
 *     "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.0.0.0/24" } ] } },
 *     "withdraw": { "ipv6 unicast": [ { "nlri": "2001:db8::/32" } ] } }
 *
 * Layout as ExaBGP writes it: IPv4 unicast withdrawals in the withdrawn
 * routes field and IPv4 unicast announcements with an IPv4 next hop in the
 * NLRI field (with NEXT_HOP); everything else in MP_UNREACH_NLRI and
 * MP_REACH_NLRI (RFC 4760), which come after the other attributes, in that
 * order.  Attributes are written in type-code order.  One message is
 * produced: a tree that needs more (two MP families, or more than the
 * negotiated size) is refused with a reason; splitting routes into messages
 * is the adj-rib-out's job.
 */
#include <stdlib.h>
#include <string.h>

#include "wire/attr.h"
#include "wire/common.h"
#include "wire/message.h"
#include "wire/nlri.h"
#include "wire/update_encode.h"

static int fail(struct lb_err *err, const char *fmt, const char *what)
{
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, fmt, what);
}

/* Members of an object, or of an empty table that a Lua caller could not
 * mark as an object. */
static bool is_object(const struct val *v)
{
	return v && (v->type == VAL_OBJ || (v->type == VAL_ARR && v->kids.n == 0));
}

static int write_path_id(struct wbuf *w, const struct val *nlri,
			 const struct wire_family *f, const struct wire_ctx *ctx,
			 struct lb_err *err)
{
	const struct val *pi;
	uint64_t id = 0;
	const char *p;
	size_t n;
	uint8_t a[16];
	uint16_t afi;

	if (!(ctx->addpath_tx & WIRE_FAM_BIT(f->fam)))
		return 0;
	pi = val_get(nlri, "path-information");
	if (pi && val_as_u64(pi, &id) < 0) {
		/* ExaBGP prints path ids as dotted quads */
		if (val_as_str(pi, &p, &n) < 0 || wire_ip_parse(p, n, &afi, a) < 0 ||
		    afi != WIRE_AFI_IPV4)
			return fail(err, "%s: \"path-information\" must be a number or a dotted quad",
				    f->name);
		id = get_u32(a);
	}
	if (id > UINT32_MAX)
		return fail(err, "%s: \"path-information\" does not fit 32 bits", f->name);
	return wbuf_u32(w, (uint32_t)id);
}

/* Every NLRI object of a list, path id first when negotiated. */
static int write_nlris(struct wbuf *w, const struct val *list,
		       const struct wire_family *f, const struct wire_ctx *ctx,
		       struct lb_err *err)
{
	if (!list || list->type != VAL_ARR)
		return fail(err, "%s: expected a list of NLRI", f->name);
	for (const struct val *n = list->kids.first; n; n = n->next) {
		if (!is_object(n))
			return fail(err, "%s: each NLRI must be an object", f->name);
		if (write_path_id(w, n, f, ctx, err) < 0 ||
		    f->encode(f, w, n, ctx, err) < 0)
			return -1;
	}
	return 0;
}

struct plan {
	/* IPv4 unicast in the base fields */
	const struct val *v4_withdraw;
	const struct val *v4_announce;
	/* an IPv4 next hop of a family carried in MP_REACH_NLRI: ExaBGP
	 * sends it in NEXT_HOP too (conf-vpn, conf-mvpn, extended-nexthop) */
	const struct val *nh4;
	const struct val *v4_nh;            /* its next-hop member */
	/* the one MP family */
	const struct wire_family *mp;
	const struct val *mp_withdraw;
	const struct val *mp_announce;     /* { nh: [ ... ] } */
	const struct val *attrs;
};

static int plan_family(struct plan *pl, const struct wire_family *f,
		       struct lb_err *err)
{
	if (pl->mp && pl->mp != f)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "one UPDATE carries one multiprotocol family: %s and %s",
				  pl->mp->name, f->name);
	pl->mp = f;
	return 0;
}

/* Does the "next-hop" member say the same as the announce key nh? */
static bool same_next_hop(const struct val *attrs, const struct val *nh)
{
	const struct val *m = attrs ? val_get(attrs, "next-hop") : NULL;
	const char *p;
	size_t n;

	return m && val_as_str(m, &p, &n) == 0 && n == nh->klen && memcmp(p, nh->key, n) == 0;
}

static int make_plan(struct plan *pl, const struct val *upd, struct lb_err *err)
{
	const struct val *ann = val_get(upd, "announce");
	const struct val *wd = val_get(upd, "withdraw");
	const struct wire_family *f;

	memset(pl, 0, sizeof(*pl));
	pl->attrs = val_get(upd, "attribute");
	if (pl->attrs && !is_object(pl->attrs))
		return fail(err, "%s: must be an object", "\"attribute\"");
	if (wd && !is_object(wd))
		return fail(err, "%s: must be an object of families", "\"withdraw\"");
	if (ann && !is_object(ann))
		return fail(err, "%s: must be an object of families", "\"announce\"");
	for (const struct val *fam = wd ? wd->kids.first : NULL; fam; fam = fam->next) {
		f = wire_family_by_name(fam->key);
		if (!f)
			return fail(err, "withdraw: unknown family \"%s\"", fam->key);
		if (f->fam == WIRE_FAM_IPV4_UNICAST) {
			pl->v4_withdraw = fam;
			continue;
		}
		if (plan_family(pl, f, err) < 0)
			return -1;
		pl->mp_withdraw = fam;
	}
	for (const struct val *fam = ann ? ann->kids.first : NULL; fam; fam = fam->next) {
		f = wire_family_by_name(fam->key);
		if (!f)
			return fail(err, "announce: unknown family \"%s\"", fam->key);
		if (!is_object(fam) || val_len(fam) != 1)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "announce: %s must map exactly one next hop to its NLRI",
					  f->name);
		if (f->fam == WIRE_FAM_IPV4_UNICAST) {
			uint8_t a[16];
			uint16_t afi;
			const struct val *nh = fam->kids.first;

			/* an IPv6 next hop for IPv4 (RFC 8950) goes in MP_REACH;
			 * so do IPv4 routes whose UPDATE had no NEXT_HOP, which
			 * the JSON shows when it has withdrawals (there a
			 * NEXT_HOP would print as "next-hop") */
			if (wire_ip_parse(nh->key, nh->klen, &afi, a) == 0 &&
			    afi == WIRE_AFI_IPV4 && !pl->v4_announce &&
			    (!(pl->v4_withdraw || pl->mp_withdraw) || same_next_hop(pl->attrs, nh))) {
				pl->v4_announce = nh;
				continue;
			}
		}
		if (plan_family(pl, f, err) < 0)
			return -1;
		if (pl->mp_announce)
			return fail(err, "announce: %s given twice", f->name);
		pl->mp_announce = fam;
		{
			uint8_t a[16];
			uint16_t afi;
			const struct val *nh = fam->kids.first;

			/* IP families only, and not FlowSpec's redirect next
			 * hop: ExaBGP sends none there (conf-l2vpn, conf-flow),
			 * nor with an SR Policy (conf-sr-policy) */
			if (wire_ip_parse(nh->key, nh->klen, &afi, a) == 0 && afi == WIRE_AFI_IPV4 &&
			    (f->afi == WIRE_AFI_IPV4 || f->afi == WIRE_AFI_IPV6) &&
			    f->safi != WIRE_SAFI_FLOW && f->safi != WIRE_SAFI_FLOW_VPN &&
			    f->safi != WIRE_SAFI_SR_POLICY)
				pl->nh4 = nh;
		}
	}
	/* with withdrawals the JSON shows NEXT_HOP as "next-hop": then that
	 * member says what it was (or that there was none), and the implicit
	 * one is not added */
	if (pl->nh4 && (pl->v4_withdraw || pl->mp_withdraw))
		pl->nh4 = NULL;
	return 0;
}

/* One attribute member: its row, or NULL for members that are not
 * attributes on the wire. */
struct member {
	uint8_t code;
	const struct wire_attr_desc *d;
	const struct val *v;
};

static int by_code(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	return (int)x->code - (int)y->code;
}

static int generic_code(const struct val *v, uint8_t *code)
{
	char tmp[5];
	unsigned long c;

	/* "attribute-0xNN-0xFF" */
	if (v->klen < 16)
		return -1;
	memcpy(tmp, v->key + 10, 4);
	tmp[4] = 0;
	c = strtoul(tmp, NULL, 16);
	if (c > 255)
		return -1;
	*code = (uint8_t)c;
	return 0;
}

static bool has_member(const struct member *m, size_t n, uint8_t code)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].code == code)
			return true;
	return false;
}

static int write_attrs(struct wbuf *w, const struct plan *pl,
		       const struct wire_ctx *ctx, struct lb_err *err)
{
	static const struct val empty_path = { .type = VAL_OBJ };
	struct member m[258];
	size_t n = 0;

	for (const struct val *a = pl->attrs ? pl->attrs->kids.first : NULL; a; a = a->next) {
		const struct wire_attr_desc *d = wire_attr_desc_by_name(a->key, a->klen);
		uint8_t code;

		if (!d)
			return fail(err, "unknown attribute \"%s\"", a->key);
		code = d->code;
		if (d == &wire_attr_generic && generic_code(a, &code) < 0)
			return fail(err, "attribute name \"%s\" does not give a type code", a->key);
		/* the next hop of IPv4 unicast routes comes from the announce key */
		if (code == WIRE_ATTR_NEXT_HOP && (pl->v4_announce || pl->nh4))
			continue;
		if (n + 2 >= sizeof(m) / sizeof(m[0])) /* room for the two below */
			return fail(err, "%s", "too many attributes");
		m[n++] = (struct member){ code, d, a };
	}
	if (pl->v4_announce || pl->nh4)
		m[n++] = (struct member){ WIRE_ATTR_NEXT_HOP, &wire_attr_next_hop, NULL };
	/* an empty AS_PATH has no JSON member (as in ExaBGP), but routes
	 * cannot go without one (RFC 4271 §5.1.2) */
	if ((pl->v4_announce || pl->mp_announce) && !has_member(m, n, WIRE_ATTR_AS_PATH))
		m[n++] = (struct member){ WIRE_ATTR_AS_PATH, &wire_attr_as_path, &empty_path };
	qsort(m, n, sizeof(m[0]), by_code);
	for (size_t i = 0; i < n; i++) {
		if (i && m[i].code == m[i - 1].code)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "attribute %u given twice", m[i].code);
		if (!m[i].v) {
			/* NEXT_HOP from the announce key */
			const struct val *nh = pl->v4_announce ? pl->v4_announce : pl->nh4;
			uint8_t a[16];
			uint16_t afi;

			wire_ip_parse(nh->key, nh->klen, &afi, a);
			if (wire_attr_put(w, WIRE_ATTR_F_TRANSITIVE, WIRE_ATTR_NEXT_HOP, a, 4) < 0)
				return fail(err, "%s", "out of memory");
			continue;
		}
		if (m[i].d->encode(w, m[i].v, ctx, err) < 0)
			return -1;
	}
	return 0;
}

static int write_mp_unreach(struct wbuf *w, const struct plan *pl,
			    const struct wire_ctx *ctx, struct lb_err *err)
{
	size_t mark;

	if (!pl->mp_withdraw)
		return 0;
	mark = wire_attr_begin(w, WIRE_ATTR_F_OPTIONAL, WIRE_ATTR_MP_UNREACH);
	wbuf_u16(w, pl->mp->afi);
	wbuf_u8(w, pl->mp->safi);
	if (write_nlris(w, pl->mp_withdraw, pl->mp, ctx, err) < 0)
		return -1;
	if (wire_attr_end(w, mark) < 0)
		return fail(err, "%s: MP_UNREACH_NLRI longer than 65535 octets", pl->mp->name);
	return 0;
}

static int write_mp_reach(struct wbuf *w, const struct plan *pl,
			  const struct wire_ctx *ctx, struct lb_err *err)
{
	const struct val *nh;
	size_t mark, nhmark;

	if (!pl->mp_announce)
		return 0;
	nh = pl->mp_announce->kids.first;
	mark = wire_attr_begin(w, WIRE_ATTR_F_OPTIONAL, WIRE_ATTR_MP_REACH);
	wbuf_u16(w, pl->mp->afi);
	wbuf_u8(w, pl->mp->safi);
	nhmark = w->len;
	wbuf_u8(w, 0);
	if (wire_nh_encode(w, pl->mp, nh->key, nh->klen, err) < 0)
		return -1;
	if (w->len - nhmark - 1 > 255)
		return fail(err, "%s: next hop too long", pl->mp->name);
	wbuf_set_u8(w, nhmark, (uint8_t)(w->len - nhmark - 1));
	wbuf_u8(w, 0); /* reserved, RFC 4760 §3 */
	if (write_nlris(w, nh, pl->mp, ctx, err) < 0)
		return -1;
	if (wire_attr_end(w, mark) < 0)
		return fail(err, "%s: MP_REACH_NLRI longer than 65535 octets", pl->mp->name);
	return 0;
}

static int write_eor(struct wbuf *w, const struct val *eor, struct lb_err *err)
{
	const char *afi, *safi;
	size_t an, sn;
	char a[16], s[24];
	const struct wire_family *f;

	if (val_as_str(val_get(eor, "afi"), &afi, &an) < 0 ||
	    val_as_str(val_get(eor, "safi"), &safi, &sn) < 0 ||
	    an >= sizeof(a) || sn >= sizeof(s))
		return fail(err, "%s: needs \"afi\" and \"safi\"", "eor");
	memcpy(a, afi, an);
	a[an] = 0;
	memcpy(s, safi, sn);
	s[sn] = 0;
	f = wire_family_by_names(a, s);
	if (!f)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "eor: unknown family %s %s", a, s);
	/* RFC 4724 §2 */
	if (f->fam == WIRE_FAM_IPV4_UNICAST)
		return wbuf_u32(w, 0);
	wbuf_u16(w, 0);
	wbuf_u16(w, 6);
	wbuf_u8(w, WIRE_ATTR_F_OPTIONAL);
	wbuf_u8(w, WIRE_ATTR_MP_UNREACH);
	wbuf_u8(w, 3);
	wbuf_u16(w, f->afi);
	return wbuf_u8(w, f->safi);
}

int wire_update_encode(struct wbuf *w, const struct val *upd,
		       const struct wire_ctx *ctx, struct lb_err *err)
{
	size_t start = w->len, field;
	size_t max = ctx->ext_msg ? WIRE_MAX_EXT_MSG : WIRE_MAX_MSG;
	const struct val *eor = val_get(upd, "eor");
	struct plan pl;
	int rc;

	lb_err_clear(err);
	if (!is_object(upd))
		return fail(err, "%s: expected an object", "update");
	if (val_get(upd, "update") && !val_get(upd, "attribute") &&
	    !val_get(upd, "announce") && !val_get(upd, "withdraw"))
		upd = val_get(upd, "update");
	wire_header_write(w, WIRE_MSG_UPDATE, 0);
	if (eor) {
		rc = write_eor(w, eor, err);
	} else {
		if (make_plan(&pl, upd, err) < 0)
			goto bad;
		/* empty fields would spell an End-of-RIB (RFC 4724 §2): say so */
		if (!pl.v4_withdraw && !pl.v4_announce && !pl.mp &&
		    (!pl.attrs || val_len(pl.attrs) == 0)) {
			fail(err, "%s", "the UPDATE is empty: give \"eor\" for an End-of-RIB");
			goto bad;
		}
		/* withdrawn routes */
		field = w->len;
		wbuf_u16(w, 0);
		if (pl.v4_withdraw &&
		    write_nlris(w, pl.v4_withdraw, &wire_fam_ipv4_unicast, ctx, err) < 0)
			goto bad;
		wbuf_set_u16(w, field, (uint16_t)(w->len - field - 2));
		/* path attributes */
		field = w->len;
		wbuf_u16(w, 0);
		if (write_attrs(w, &pl, ctx, err) < 0 ||
		    write_mp_unreach(w, &pl, ctx, err) < 0 ||
		    write_mp_reach(w, &pl, ctx, err) < 0)
			goto bad;
		if (w->len - field - 2 > UINT16_MAX) {
			fail(err, "%s", "path attributes longer than 65535 octets");
			goto bad;
		}
		wbuf_set_u16(w, field, (uint16_t)(w->len - field - 2));
		/* NLRI */
		rc = 0;
		if (pl.v4_announce)
			rc = write_nlris(w, pl.v4_announce, &wire_fam_ipv4_unicast, ctx, err);
	}
	if (rc < 0)
		goto bad;
	if (w->failed) {
		fail(err, "%s", "out of memory");
		goto bad;
	}
	if (w->len - start > max) {
		lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
			   "the UPDATE needs %zu octets, more than the %zu allowed",
			   w->len - start, max);
		goto bad;
	}
	wbuf_set_u16(w, start + 16, (uint16_t)(w->len - start));
	return 0;
bad:
	w->len = start;
	return -1;
}

int wire_nh_encode(struct wbuf *w, const struct wire_family *f,
		   const char *text, size_t n, struct lb_err *err)
{
	static const uint8_t zero_rd[8];
	uint8_t a[16];
	uint16_t afi;
	bool rd = f->safi == WIRE_SAFI_MPLS_VPN;

	if (wire_streq(text, n, "no-nexthop") || n == 0)
		return 0;
	if (wire_ip_parse(text, n, &afi, a) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: next hop \"%.*s\" is not an IP address", f->name,
				  (int)(n > 64 ? 64 : n), text);
	/* RFC 4364 §4.3.2, RFC 4659 §3.2.1.1: VPN next hops carry a zero RD */
	if (rd)
		wbuf_put(w, zero_rd, 8);
	return wbuf_put(w, a, afi == WIRE_AFI_IPV4 ? 4 : 16);
}
