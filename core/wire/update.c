/* UPDATE decoding (RFC 4271 §4.3, §6.3) with the error handling of
 * RFC 7606.
 *
 * The decoder walks the message once, validating every field, and records
 * views: the withdrawn routes, each attribute kept, the MP_REACH/MP_UNREACH
 * contents and the NLRI field.  Faults are sorted into the RFC 7606 §2
 * approaches and the strongest one is kept (§3 h):
 *
 *   session reset      the lengths do not add up (§3 b), MP_* twice (§3 g),
 *                      an NLRI field or MP_* contents that cannot be parsed
 *                      (§3 i, §5.3, §7.11), or a withdraw-class fault in an
 *                      UPDATE that carries no reachable NLRI (§5.2);
 *   treat-as-withdraw  an attribute whose flags (§3 c) or value are wrong and
 *                      whose own rule says so, a mandatory attribute missing
 *                      (§3 d), an attribute running past the attribute field
 *                      (§4);
 *   attribute discard  the attribute is dropped and the rest goes on.
 *
 * Attributes that were discarded or that triggered treat-as-withdraw are not
 * in u->attr, so nothing downstream can trust half-parsed values (the
 * "state after a parse error" bug class of RELIABILITY.md §2).
 */
#include <string.h>

#include "wire/attr.h"
#include "wire/nlri.h"
#include "wire/wire.h"

static int reset(struct wire_update *u, uint8_t sub, size_t off,
		 const char *reason)
{
	struct lb_err e;

	lb_err_clear(&e);
	lb_err_set(&e, LB_ACT_RESET, LB_NOTIFY_UPDATE, sub, off, "%s", reason);
	lb_err_merge(&u->err, &e);
	return -1;
}

static void withdraw(struct wire_update *u, const struct lb_err *e)
{
	lb_err_merge(&u->err, e);
}

void wire_nlri_iter_init(struct wire_nlri_iter *it, const struct wire_family *f,
			 const struct wire_ctx *ctx, const uint8_t *msg,
			 const uint8_t *p, size_t n)
{
	it->r.p = p;
	it->r.end = p + n;
	it->r.origin = msg ? msg : p;
	it->fam = f;
	it->ctx = ctx;
	it->addpath = (ctx->addpath_rx & WIRE_FAM_BIT(f->fam)) != 0;
	lb_err_clear(&it->err);
	it->skipped = 0;
}

int wire_nlri_iter_next(struct wire_nlri_iter *it, struct wire_nlri *n)
{
	struct lb_err e;
	int rc;

	while (rd_left(&it->r)) {
		memset(n, 0, sizeof(*n));
		n->fam = it->fam->fam;
		if (it->addpath) {
			n->has_path_id = 1;
			if (rd_u32(&it->r, &n->path_id) < 0) {
				lb_err_set(&it->err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10,
					   rd_offset(&it->r),
					   "%s: path identifier truncated",
					   it->fam->name);
				return -1;
			}
		}
		lb_err_clear(&e);
		rc = it->fam->next(it->fam, &it->r, it->ctx, n, &e);
		if (rc < 0) {
			if (e.act < LB_ACT_AFI_DISABLE)
				e.act = LB_ACT_RESET;
			lb_err_merge(&it->err, &e);
			it->err = e;
			return -1;
		}
		n->offset = (size_t)(n->p - it->r.origin);
		if (rc == 0)
			return 1;
		/* one NLRI dropped on its own (RFC 7606 §5.4) or the whole
		 * UPDATE to be treated as withdraw */
		it->skipped++;
		lb_err_merge(&it->err, &e);
	}
	return 0;
}

/* Walk one NLRI field to validate it; NLRI faults that cannot be skipped
 * reset the session with the given subcode (3/10 for the base fields,
 * 3/9 for MP_* contents). */
static int check_nlris(struct wire_update *u, const struct wire_family *f,
		       const struct wire_ctx *ctx, const uint8_t *p, size_t n,
		       uint8_t sub)
{
	struct wire_nlri_iter it;
	struct wire_nlri nlri;
	int rc;

	wire_nlri_iter_init(&it, f, ctx, u->msg, p, n);
	while ((rc = wire_nlri_iter_next(&it, &nlri)) > 0)
		;
	if (rc < 0) {
		it.err.subcode = sub;
		it.err.code = LB_NOTIFY_UPDATE;
		lb_err_merge(&u->err, &it.err);
		return -1;
	}
	u->nskipped += it.skipped;
	if (it.err.act >= LB_ACT_WITHDRAW)
		withdraw(u, &it.err);
	return 0;
}

int wire_nh_decode(const struct wire_family *f, const uint8_t *p, size_t n,
		   struct wire_nh *nh, struct lb_err *err, size_t offset)
{
	memset(nh, 0, sizeof(*nh));
	nh->len = (uint8_t)n;
	nh->raw = p;
	switch (n) {
	case 0:
		break;
	case 4:
		nh->afi = WIRE_AFI_IPV4;
		memcpy(nh->addr, p, 4);
		break;
	case 12: /* RFC 4364 §4.3.2: RD (zero) + IPv4 */
		nh->afi = WIRE_AFI_IPV4;
		nh->has_rd = 1;
		memcpy(nh->addr, p + 8, 4);
		break;
	case 16:
		nh->afi = WIRE_AFI_IPV6;
		memcpy(nh->addr, p, 16);
		break;
	case 24: /* RFC 4659 §3.2.1.1: RD + IPv6 */
		nh->afi = WIRE_AFI_IPV6;
		nh->has_rd = 1;
		memcpy(nh->addr, p + 8, 16);
		break;
	case 32: /* RFC 2545 §3: global + link-local */
		nh->afi = WIRE_AFI_IPV6;
		nh->has_ll = 1;
		memcpy(nh->addr, p, 16);
		memcpy(nh->ll, p + 16, 16);
		break;
	case 40: /* RD + global + link-local, as ExaBGP accepts it */
		nh->afi = WIRE_AFI_IPV6;
		nh->has_rd = 1;
		nh->has_ll = 1;
		memcpy(nh->addr, p + 8, 16);
		memcpy(nh->ll, p + 24, 16);
		break;
	case 48: /* RFC 4659 §3.2.1.2: (RD + global) + (RD + link-local) */
		nh->afi = WIRE_AFI_IPV6;
		nh->has_rd = 1;
		nh->has_ll = 1;
		memcpy(nh->addr, p + 8, 16);
		memcpy(nh->ll, p + 32, 16);
		break;
	default:
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 9, offset,
				  "MP_REACH_NLRI: %s next-hop length %zu is invalid",
				  f ? f->name : "", n);
	}
	return 0;
}

void wire_nh_text(struct wbuf *w, const struct wire_nh *nh)
{
	if (!nh || nh->len == 0)
		wbuf_str(w, "no-nexthop");
	else if (nh->afi == WIRE_AFI_IPV4)
		wbuf_ipv4(w, nh->addr);
	else
		wbuf_ipv6(w, nh->addr);
}

static bool nh_len_ok(const struct wire_family *f, const struct wire_ctx *ctx,
		      size_t n)
{
	if (n < 64 && (f->nh_lens & ((uint64_t)1 << n)))
		return true;
	/* RFC 8950: an IPv6 next hop for an IPv4 family */
	if ((ctx->ext_nexthop & WIRE_FAM_BIT(f->fam)) && f->afi == WIRE_AFI_IPV4)
		return n == 16 || n == 32 || (n == 24 && f->safi == WIRE_SAFI_MPLS_VPN) ||
		       (n == 48 && f->safi == WIRE_SAFI_MPLS_VPN);
	return false;
}

/* MP_REACH_NLRI, RFC 4760 §3; errors per RFC 7606 §7.11. */
static int decode_mp_reach(struct wire_update *u, struct rd *r, size_t off,
			   const struct wire_ctx *ctx)
{
	struct wire_mp *mp = &u->reach;
	const uint8_t *nh;
	uint8_t nhlen, reserved;
	struct lb_err e;

	if (rd_u16(r, &mp->afi) < 0 || rd_u8(r, &mp->safi) < 0 ||
	    rd_u8(r, &nhlen) < 0)
		return reset(u, 9, off, "MP_REACH_NLRI: shorter than 5 octets");
	if (rd_view(r, nhlen, &nh) < 0 || rd_u8(r, &reserved) < 0)
		return reset(u, 9, off, "MP_REACH_NLRI: next hop runs past the attribute");
	mp->present = true;
	mp->offset = off;
	mp->nlri = r->p;
	mp->nlri_len = rd_left(r);
	mp->nlri_offset = rd_offset(r);
	mp->fam = wire_family_by_code(mp->afi, mp->safi);
	/* a family we do not know or did not negotiate is ignored, not an
	 * error (DESIGN.md "Decisions"; its NLRI cannot be judged) */
	if (!mp->fam || !(ctx->families & WIRE_FAM_BIT(mp->fam->fam))) {
		mp->fam = NULL;
		return 0;
	}
	if (!nh_len_ok(mp->fam, ctx, nhlen))
		return reset(u, 9, off, "MP_REACH_NLRI: next-hop length does not suit the family");
	lb_err_clear(&e);
	if (wire_nh_decode(mp->fam, nh, nhlen, &mp->nh, &e, off) < 0) {
		lb_err_merge(&u->err, &e);
		return -1;
	}
	return check_nlris(u, mp->fam, ctx, mp->nlri, mp->nlri_len, 9);
}

/* MP_UNREACH_NLRI, RFC 4760 §4; errors per RFC 7606 §7.12. */
static int decode_mp_unreach(struct wire_update *u, struct rd *r, size_t off,
			     const struct wire_ctx *ctx)
{
	struct wire_mp *mp = &u->unreach;

	if (rd_u16(r, &mp->afi) < 0 || rd_u8(r, &mp->safi) < 0)
		return reset(u, 9, off, "MP_UNREACH_NLRI: shorter than 3 octets");
	mp->present = true;
	mp->offset = off;
	mp->nlri = r->p;
	mp->nlri_len = rd_left(r);
	mp->nlri_offset = rd_offset(r);
	mp->fam = wire_family_by_code(mp->afi, mp->safi);
	if (!mp->fam || !(ctx->families & WIRE_FAM_BIT(mp->fam->fam))) {
		mp->fam = NULL;
		return 0;
	}
	return check_nlris(u, mp->fam, ctx, mp->nlri, mp->nlri_len, 9);
}

/* RFC 7606 §3 c: wrong Optional/Transitive bits are treat-as-withdraw unless
 * the attribute's own specification says otherwise: AIGP (RFC 7311 §5),
 * BGP-LS (RFC 9552 §8.2.2) and Prefix-SID (RFC 8669 §6) are discarded. */
static enum lb_act flags_action(uint8_t code)
{
	switch (code) {
	case WIRE_ATTR_AIGP:
	case WIRE_ATTR_BGP_LS:
	case WIRE_ATTR_PREFIX_SID:
	case WIRE_ATTR_AS4_PATH:
	case WIRE_ATTR_AS4_AGGREGATOR:
		return LB_ACT_DISCARD;
	default:
		return LB_ACT_WITHDRAW;
	}
}

/* Do the flags match the attribute's definition?  The Partial bit is
 * ignored on optional attributes; on a well-known attribute it must be 0
 * (RFC 4271 §4.3), which ExaBGP and FRR enforce (RELIABILITY.md U8b). The
 * Extended Length bit and the four low bits play no part (U9, U10). */
static bool flags_ok(const struct wire_attr_desc *d, uint8_t flags)
{
	if (flags & WIRE_ATTR_F_OPTIONAL)
		return (flags & (WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE)) == d->flags;
	return (flags & (WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE |
			 WIRE_ATTR_F_PARTIAL)) == d->flags;
}

static void keep(struct wire_update *u, const struct wire_attr *a)
{
	u->by_code[a->code] = (int16_t)u->nattr;
	u->attr[u->nattr++] = *a;
}

static void note_discard(struct wire_update *u, const struct lb_err *e)
{
	if (u->ndiscarded++ == 0)
		u->discarded = *e;
}

static int decode_attr(struct wire_update *u, const struct wire_attr *a,
		       struct rd *val, const struct wire_ctx *ctx)
{
	const struct wire_attr_desc *d = wire_attr_desc(a->code);
	struct lb_err e;

	lb_err_clear(&e);
	e.attr = a->code;
	if (!d) {
		if (!(a->flags & WIRE_ATTR_F_OPTIONAL) && !ctx->keep_unknown_wellknown) {
			/* RFC 4271 §6.3 says 3/2; luabgp treats it as withdraw
			 * like BIRD and FRR (RELIABILITY.md U16, DESIGN.md) */
			lb_err_set(&e, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 2, a->offset,
				   "unrecognized well-known attribute %u", a->code);
			lb_err_data_view(&e, u->msg + a->offset,
					 (size_t)(a->val - (u->msg + a->offset)) + a->len);
			e.attr = a->code;
			withdraw(u, &e);
			return 0;
		}
		/* unknown optional transitive: kept verbatim (RFC 4271 §5);
		 * unknown optional non-transitive: quietly ignored (§9) */
		if (a->flags & WIRE_ATTR_F_TRANSITIVE)
			keep(u, a);
		return 0;
	}
	if (!flags_ok(d, a->flags)) {
		lb_err_set(&e, flags_action(a->code), LB_NOTIFY_UPDATE, 4, a->offset,
			   "%s: attribute flags 0x%02x conflict with its definition",
			   d->name, a->flags);
		lb_err_data_view(&e, u->msg + a->offset,
				 (size_t)(a->val - (u->msg + a->offset)) + a->len);
		e.attr = a->code;
	} else if (d->check(val, a, ctx, &e) == 0) {
		keep(u, a);
		/* only a well-formed NEXT_HOP is a next hop, whatever a check
		 * let through */
		if (a->code == WIRE_ATTR_NEXT_HOP && a->len == 4) {
			u->nexthop.len = 4;
			u->nexthop.afi = WIRE_AFI_IPV4;
			u->nexthop.raw = a->val;
			memcpy(u->nexthop.addr, a->val, 4);
		}
		return 0;
	} else {
		if (e.act == LB_ACT_NONE)
			e.act = d->malformed;
		if (!e.code) {
			e.code = LB_NOTIFY_UPDATE;
			e.subcode = 5;
		}
		if (!e.offset)
			e.offset = a->offset;
		if (!e.data_len)
			lb_err_data_view(&e, u->msg + a->offset,
					 (size_t)(a->val - (u->msg + a->offset)) + a->len);
		e.attr = a->code;
	}
	if (e.act == LB_ACT_DISCARD) {
		note_discard(u, &e);
		return 0;
	}
	withdraw(u, &e);
	return e.act >= LB_ACT_AFI_DISABLE ? -1 : 0;
}

/* *others counts the attributes other than MP_UNREACH_NLRI (RFC 7606 §5.2) */
static int decode_attrs(struct wire_update *u, const struct wire_ctx *ctx,
			unsigned *others)
{
	uint8_t seen[32] = { 0 };
	struct rd r;
	struct lb_err e;

	r.p = u->attrs;
	r.end = u->attrs + u->attrs_len;
	r.origin = u->msg;
	while (rd_left(&r)) {
		struct wire_attr a;
		struct rd val;
		uint16_t len16;
		uint8_t len8;

		a.offset = rd_offset(&r);
		lb_err_clear(&e);
		(*others)++;
		/* RFC 7606 §4: too few octets for a header, or a length that
		 * runs past the attribute field: treat-as-withdraw, and the
		 * attributes that follow cannot be found any more */
		if (rd_u8(&r, &a.flags) < 0 || rd_u8(&r, &a.code) < 0 ||
		    ((a.flags & WIRE_ATTR_F_EXTLEN) ? rd_u16(&r, &len16) < 0
						   : rd_u8(&r, &len8) < 0)) {
			lb_err_set(&e, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 1, a.offset,
				   "attribute header truncated at the end of the attribute field");
			withdraw(u, &e);
			return 0;
		}
		a.len = (a.flags & WIRE_ATTR_F_EXTLEN) ? len16 : len8;
		if (rd_sub(&r, a.len, &val) < 0) {
			lb_err_set(&e, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 5, a.offset,
				   "attribute %u: length %zu runs past the attribute field",
				   a.code, a.len);
			e.attr = a.code;
			withdraw(u, &e);
			return 0;
		}
		a.val = val.p;
		if (a.code == WIRE_ATTR_MP_REACH || a.code == WIRE_ATTR_MP_UNREACH) {
			struct wire_mp *mp = a.code == WIRE_ATTR_MP_REACH ? &u->reach : &u->unreach;
			int rc;

			if (mp->present)
				return reset(u, 1, a.offset, a.code == WIRE_ATTR_MP_REACH
					     ? "MP_REACH_NLRI appears twice"
					     : "MP_UNREACH_NLRI appears twice");
			rc = a.code == WIRE_ATTR_MP_REACH
				     ? decode_mp_reach(u, &val, a.offset, ctx)
				     : decode_mp_unreach(u, &val, a.offset, ctx);
			if (rc < 0)
				return -1;
			if (a.code == WIRE_ATTR_MP_UNREACH)
				(*others)--;
			mp->present = true;
			if ((a.flags & (WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE)) !=
			    WIRE_ATTR_F_OPTIONAL) {
				lb_err_set(&e, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 4, a.offset,
					   "%s: attribute flags 0x%02x conflict with its definition",
					   a.code == WIRE_ATTR_MP_REACH ? "MP_REACH_NLRI"
									 : "MP_UNREACH_NLRI",
					   a.flags);
				withdraw(u, &e);
			}
			continue;
		}
		/* RFC 7606 §3 g: keep the first of a repeated attribute */
		if (seen[a.code / 8] & (1u << (a.code % 8)))
			continue;
		seen[a.code / 8] |= (uint8_t)(1u << (a.code % 8));
		if (decode_attr(u, &a, &val, ctx) < 0)
			return -1;
	}
	return 0;
}

/* RFC 7606 §3 d: ORIGIN and AS_PATH go with any reachable NLRI, NEXT_HOP
 * with a non-empty NLRI field (RFC 4760 §3 made it optional for MP). */
static void check_mandatory(struct wire_update *u)
{
	static const uint8_t codes[] = { WIRE_ATTR_ORIGIN, WIRE_ATTR_AS_PATH,
					 WIRE_ATTR_NEXT_HOP };
	struct lb_err e;
	bool reach = u->nlri_len > 0 || (u->reach.present && u->reach.nlri_len > 0);

	if (!reach || u->err.act >= LB_ACT_WITHDRAW)
		return;
	for (size_t i = 0; i < sizeof(codes); i++) {
		if (codes[i] == WIRE_ATTR_NEXT_HOP && u->nlri_len == 0)
			continue;
		if (u->by_code[codes[i]] >= 0)
			continue;
		lb_err_clear(&e);
		lb_err_set(&e, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 3, 0,
			   "missing well-known attribute %s",
			   codes[i] == WIRE_ATTR_ORIGIN ? "ORIGIN"
			   : codes[i] == WIRE_ATTR_AS_PATH ? "AS_PATH" : "NEXT_HOP");
		lb_err_data_copy(&e, &codes[i], 1);
		e.attr = codes[i];
		withdraw(u, &e);
		return;
	}
}

static void detect_eor(struct wire_update *u)
{
	bool only_unreach = u->nattr == 0;

	/* RFC 4724 §2: an empty UPDATE is the IPv4 unicast End-of-RIB; an
	 * UPDATE whose only content is an empty MP_UNREACH_NLRI is the
	 * End-of-RIB of that family */
	if (u->withdrawn_len || u->nlri_len || !only_unreach || u->reach.present ||
	    u->err.act != LB_ACT_NONE || u->ndiscarded)
		return;
	if (!u->unreach.present && u->attrs_len == 0) {
		u->eor = true;
		u->eor_afi = WIRE_AFI_IPV4;
		u->eor_safi = WIRE_SAFI_UNICAST;
		u->eor_fam = WIRE_FAM_IPV4_UNICAST;
	} else if (u->unreach.present && u->unreach.nlri_len == 0) {
		u->eor = true;
		u->eor_afi = u->unreach.afi;
		u->eor_safi = u->unreach.safi;
		u->eor_fam = u->unreach.fam ? u->unreach.fam->fam : WIRE_FAM_NONE;
	}
}

int wire_update_decode(struct wire_update *u, const uint8_t *msg,
		       size_t msg_len, const uint8_t *body, size_t body_len,
		       const struct wire_ctx *ctx)
{
	struct rd r;
	uint16_t wlen, alen;
	unsigned others = 0;

	memset(u, 0, offsetof(struct wire_update, attr));
	memset(u->by_code, 0xff, sizeof(u->by_code));
	memset(&u->reach, 0, sizeof(u->reach) * 2);
	memset(&u->nexthop, 0, sizeof(u->nexthop));
	u->eor = false;
	u->eor_fam = WIRE_FAM_NONE;
	lb_err_clear(&u->err);
	lb_err_clear(&u->discarded);
	u->ndiscarded = 0;
	u->nskipped = 0;
	u->msg = msg;
	u->msg_len = msg_len;

	r.p = body;
	r.end = body + body_len;
	r.origin = msg;
	/* RFC 7606 §3 b: the lengths must add up, else nothing can be found */
	if (rd_u16(&r, &wlen) < 0 || rd_view(&r, wlen, &u->withdrawn) < 0)
		return reset(u, 1, rd_offset(&r), "withdrawn routes length runs past the message");
	u->withdrawn_len = wlen;
	if (rd_u16(&r, &alen) < 0 || rd_view(&r, alen, &u->attrs) < 0)
		return reset(u, 1, rd_offset(&r), "total path attribute length runs past the message");
	u->attrs_len = alen;
	u->nlri = r.p;
	u->nlri_len = rd_left(&r);

	if (check_nlris(u, &wire_fam_ipv4_unicast, ctx, u->withdrawn,
			u->withdrawn_len, 10) < 0)
		return -1;
	if (decode_attrs(u, ctx, &others) < 0)
		return -1;
	if (check_nlris(u, &wire_fam_ipv4_unicast, ctx, u->nlri, u->nlri_len, 10) < 0)
		return -1;
	check_mandatory(u);
	/* RFC 7606 §5.2: a withdraw-class fault among attributes that come
	 * with no reachable NLRI leaves nothing to withdraw: reset */
	if (u->err.act == LB_ACT_WITHDRAW && u->nlri_len == 0 && !u->reach.present &&
	    others > 0)
		return reset(u, 1, u->err.offset,
			     "treat-as-withdraw fault in an UPDATE without reachable NLRI");
	detect_eor(u);
	return 0;
}

const struct wire_attr *wire_update_attr(const struct wire_update *u, uint8_t code)
{
	int16_t i = u->by_code[code];

	return i >= 0 ? &u->attr[i] : NULL;
}
