/* Tunnel Encapsulation attribute (type 23), RFC 9012, and the SR Policy
 * tunnel type (15) with its sub-TLVs, RFC 9830.
 *
 * The value is a sequence of Tunnel TLVs: <type 2> <length 2> <value>.  A
 * TLV value is a sequence of sub-TLVs whose length field is one octet for
 * types 0-127 and two octets for 128-255 (RFC 9012 §2).  Only the SR Policy
 * tunnel type is interpreted, as ExaBGP does; any other type is kept and
 * printed as hex ("tunnel-type-N"), after its sub-TLV framing was checked.
 *
 * Errors (RFC 9012 §13):
 *  - a TLV whose final octet is not the final octet of its final sub-TLV,
 *    a TLV running past the attribute, or an attribute without any TLV:
 *    treat-as-withdraw;
 *  - a second SR Policy TLV: treat-as-withdraw (RFC 9830 §2.4);
 *  - a malformed sub-TLV (wrong length for its type, a segment list whose
 *    own sub-TLVs do not add up): treated as an unrecognized sub-TLV, i.e.
 *    kept and printed as hex ("unknown-subtlv-N"), the route stays;
 *  - a sub-TLV that may appear once (RFC 9830 §2.4.1-2.4.8) and appears
 *    again: all but the first are disregarded (not printed) and the TLV is
 *    not malformed.
 *
 * JSON (ExaBGP's): { "sr-policy": { "preference": 100, "binding-sid":
 * { "type": "mpls", "label": 24000 }, "segment-lists": [ { "weight": 1,
 * "segments": [ { "type": "A", "label": 16001, "tc": 0, "s": true,
 * "ttl": 0 } ] } ] } }: members in wire order, the segment lists gathered
 * at the end.  The JSON drops flags and reserved octets, so the encoder
 * writes ExaBGP's values for them (the Binding SID's 0x10 flag and S bit as
 * ExaBGP sends them); it puts the segment lists back before the names, where
 * ExaBGP's configuration places them, which gives the bytes of the
 * conformance vectors.  Whatever it writes decodes to the same JSON.
 */
#include <string.h>

#include "base/hex.h"
#include "wire/attr.h"
#include "wire/common.h"

#define TUNNEL_SR_POLICY 15

/* SR Policy sub-TLV types, RFC 9830 §2.4 */
enum {
	ST_PREFERENCE = 12,
	ST_BSID = 13,
	ST_ENLP = 14,
	ST_PRIORITY = 15,
	ST_SRV6_BSID = 20,
	ST_SEGLIST = 128,
	ST_CP_NAME = 129,
	ST_POLICY_NAME = 130,
};

#define SS_WEIGHT 9            /* RFC 9830 §2.4.4.1 */
#define SEG_FLAG_A 0x40        /* SR algorithm present, RFC 9831 §2.1 */
#define SEG_FLAG_B 0x10        /* endpoint behavior present, §2.4.4.2.2 */
#define SRV6_BSID_FLAG_B 0x20  /* RFC 9830 §2.4.3 */
#define BSID_FLAGS_MPLS 0x10   /* what ExaBGP sends with an MPLS BSID */
#define EB_LEN 8               /* SRv6 Endpoint Behavior and SID Structure */

/* One TLV, sub-TLV or sub-sub-TLV cut out of its parent. */
struct tlv {
	uint16_t type;
	uint16_t len;
	const uint8_t *v;
	size_t off;              /* of its header, in the message */
};

/* --- framing ------------------------------------------------------------ */

/* Next sub-TLV of a Tunnel TLV: 1 found, 0 at the end, -1 framing fault
 * (RFC 9012 §2: types 0-127 have a one-octet length). */
static int next_sub(struct rd *r, struct tlv *t)
{
	uint8_t type = 0, l8;
	uint16_t l16;

	if (!rd_left(r))
		return 0;
	t->off = rd_offset(r);
	rd_u8(r, &type);
	t->type = type;
	if (type < 128) {
		if (rd_u8(r, &l8) < 0)
			return -1;
		l16 = l8;
	} else if (rd_u16(r, &l16) < 0) {
		return -1;
	}
	t->len = l16;
	return rd_view(r, l16, &t->v) < 0 ? -1 : 1;
}

/* Next sub-TLV of a segment list (one-octet length whatever the type). */
static int next_sub1(struct rd *r, struct tlv *t)
{
	uint8_t type = 0, len;

	if (!rd_left(r))
		return 0;
	t->off = rd_offset(r);
	rd_u8(r, &type);
	t->type = type;
	if (rd_u8(r, &len) < 0)
		return -1;
	t->len = len;
	return rd_view(r, len, &t->v) < 0 ? -1 : 1;
}

static int next_tunnel(struct rd *r, struct tlv *t)
{
	if (!rd_left(r))
		return 0;
	t->off = rd_offset(r);
	t->type = 0;
	t->len = 0;
	if (rd_u16(r, &t->type) < 0 || rd_u16(r, &t->len) < 0)
		return -1;
	return rd_view(r, t->len, &t->v) < 0 ? -1 : 1;
}

static void rd_at(struct rd *r, const struct rd *parent, const struct tlv *t)
{
	r->p = t->v;
	r->end = t->v + t->len;
	r->origin = parent->origin;
}

/* --- segments (RFC 9830 §2.4.4.2, RFC 9831 types C to K) --------------- */

enum fkind { F_END, F_U32, F_IP4, F_IP6 };
enum tail {
	T_LABEL,     /* A: a label stack entry, mandatory */
	T_LSE,       /* C-H: an optional SR-MPLS SID (label stack entry) */
	T_SID,       /* B: an SRv6 SID, then the behavior if flag B */
	T_SID_OPT,   /* I-K: an optional SRv6 SID, then the behavior if flag B */
};

struct segdef {
	uint8_t code;
	char letter;
	uint8_t algo;            /* octet 1 is an SR algorithm, else reserved */
	uint8_t tail;
	uint8_t full_lse;        /* JSON shows tc, s and ttl of the SID */
	struct {
		uint8_t kind;
		const char *name;
	} f[5];
};

static const struct segdef segdefs[] = {
	{ 1, 'A', 0, T_LABEL, 1, { { F_END, NULL } } },
	{ 13, 'B', 0, T_SID, 0, { { F_END, NULL } } },
	{ 3, 'C', 1, T_LSE, 1, { { F_IP4, "ipv4_node" }, { F_END, NULL } } },
	{ 4, 'D', 1, T_LSE, 0, { { F_IP6, "ipv6_node" }, { F_END, NULL } } },
	{ 5, 'E', 0, T_LSE, 0,
	  { { F_U32, "local_if_id" }, { F_IP4, "ipv4_node" }, { F_END, NULL } } },
	{ 6, 'F', 0, T_LSE, 0,
	  { { F_IP4, "local_ipv4" }, { F_IP4, "remote_ipv4" }, { F_END, NULL } } },
	{ 7, 'G', 0, T_LSE, 0,
	  { { F_U32, "local_if_id" }, { F_IP6, "local_ipv6" },
	    { F_U32, "remote_if_id" }, { F_IP6, "remote_ipv6" }, { F_END, NULL } } },
	{ 8, 'H', 0, T_LSE, 0,
	  { { F_IP6, "local_ipv6" }, { F_IP6, "remote_ipv6" }, { F_END, NULL } } },
	{ 14, 'I', 1, T_SID_OPT, 0, { { F_IP6, "ipv6_node" }, { F_END, NULL } } },
	{ 15, 'J', 1, T_SID_OPT, 0,
	  { { F_U32, "local_if_id" }, { F_IP6, "local_ipv6" },
	    { F_U32, "remote_if_id" }, { F_IP6, "remote_ipv6" }, { F_END, NULL } } },
	{ 16, 'K', 1, T_SID_OPT, 0,
	  { { F_IP6, "local_ipv6" }, { F_IP6, "remote_ipv6" }, { F_END, NULL } } },
};

static const struct segdef *segdef_by_code(uint8_t code)
{
	for (size_t i = 0; i < sizeof(segdefs) / sizeof(segdefs[0]); i++)
		if (segdefs[i].code == code)
			return &segdefs[i];
	return NULL;
}

static const struct segdef *segdef_by_letter(const char *p, size_t n)
{
	if (n != 1)
		return NULL;
	for (size_t i = 0; i < sizeof(segdefs) / sizeof(segdefs[0]); i++)
		if (segdefs[i].letter == p[0])
			return &segdefs[i];
	return NULL;
}

static size_t fsize(uint8_t kind)
{
	return kind == F_IP6 ? 16 : 4;
}

/* Flags, algorithm/reserved and the fixed fields. */
static size_t seg_base(const struct segdef *d)
{
	size_t n = 2;

	for (int i = 0; d->f[i].kind != F_END; i++)
		n += fsize(d->f[i].kind);
	return n;
}

/* Is n a length RFC 9830 / RFC 9831 allow for this segment type, given its
 * flags? */
static int seg_len_ok(const struct segdef *d, uint8_t flags, size_t n)
{
	size_t base = seg_base(d);
	size_t eb = (flags & SEG_FLAG_B) ? EB_LEN : 0;

	switch (d->tail) {
	case T_LABEL:
		return n == base + 4;
	case T_LSE:
		return n == base || n == base + 4;
	case T_SID:
		return n == base + 16 + eb;
	default:
		return n == base || n == base + 16 + eb;
	}
}

/* RFC 9830 §2.4.4: a segment list is a reserved octet, then sub-TLVs with
 * one-octet lengths: the weight (§2.4.4.1, 6 octets) and segments.
 * Unknown types are skipped (ExaBGP's reading); anything that does not add
 * up makes the whole segment list malformed. */
static int seglist_ok(const uint8_t *p, size_t n)
{
	struct rd r;
	struct tlv t;
	const struct segdef *d;
	int rc;

	if (n < 1)
		return 0;
	rd_init(&r, p + 1, n - 1);
	while ((rc = next_sub1(&r, &t)) == 1) {
		if (t.type == SS_WEIGHT) {
			if (t.len != 6)
				return 0;
		} else if ((d = segdef_by_code((uint8_t)t.type)) != NULL) {
			if (t.len < 1 || !seg_len_ok(d, t.v[0], t.len))
				return 0;
		}
	}
	return rc == 0;
}

/* Does a known SR Policy sub-TLV have a length its section allows?  A
 * sub-TLV that does not is malformed and treated as unrecognized
 * (RFC 9012 §13). */
static int sub_ok(const struct tlv *t)
{
	switch (t->type) {
	case ST_PREFERENCE:
		return t->len == 6;     /* RFC 9830 §2.4.1 */
	case ST_BSID:                   /* §2.4.2: no BSID, MPLS or SRv6 */
		return t->len == 2 || t->len == 6 || t->len == 18;
	case ST_ENLP:
		return t->len == 3;     /* §2.4.5 */
	case ST_PRIORITY:
		return t->len == 2;     /* §2.4.6 */
	case ST_SRV6_BSID:              /* §2.4.3 */
		return t->len >= 18 &&
		       t->len == 18 + ((t->v[0] & SRV6_BSID_FLAG_B) ? EB_LEN : 0);
	case ST_SEGLIST:
		return seglist_ok(t->v, t->len);
	case ST_CP_NAME:                /* §2.4.7, §2.4.8: flags, then the name */
	case ST_POLICY_NAME:
		return t->len >= 1;
	default:
		return 0;
	}
}

/* The sub-TLVs RFC 9830 allows once per SR Policy; bit per type. */
static unsigned once_bit(uint16_t type)
{
	switch (type) {
	case ST_PREFERENCE: return 1u << 0;
	case ST_BSID: return 1u << 1;
	case ST_ENLP: return 1u << 2;
	case ST_PRIORITY: return 1u << 3;
	case ST_CP_NAME: return 1u << 4;
	case ST_POLICY_NAME: return 1u << 5;
	default: return 0;
	}
}

/* --- check -------------------------------------------------------------- */

static int fault(struct lb_err *err, size_t off, const char *what, unsigned type)
{
	/* RFC 9012 §13: treat-as-withdraw; RFC 4271 §6.3: Optional Attribute
	 * Error should the session be reset instead */
	return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 9, off,
			  "tunnel-encap: %s (tunnel type %u at offset %zu)", what,
			  type, off);
}

static int te_check(struct rd *r, const struct wire_attr *a,
		    const struct wire_ctx *ctx, struct lb_err *err)
{
	struct tlv t, s;
	struct rd v;
	int rc, rs, sr_seen = 0;

	(void)a, (void)ctx;
	if (!rd_left(r))
		return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 9,
				  rd_offset(r),
				  "tunnel-encap: no Tunnel TLV (RFC 9012 §13)");
	while ((rc = next_tunnel(r, &t)) == 1) {
		if (t.type == TUNNEL_SR_POLICY && sr_seen++)
			return fault(err, t.off, "second SR Policy TLV (RFC 9830 §2.4)",
				     t.type);
		rd_at(&v, r, &t);
		while ((rs = next_sub(&v, &s)) == 1)
			;
		if (rs < 0)
			return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 9,
					  s.off,
					  "tunnel-encap: sub-TLV %u at offset %zu runs past its "
					  "Tunnel TLV (type %u at offset %zu, RFC 9012 §13)",
					  s.type, s.off, t.type, t.off);
	}
	if (rc < 0)
		return fault(err, t.off, "Tunnel TLV runs past the attribute", t.type);
	return 0;
}

/* --- JSON --------------------------------------------------------------- */

static void json_eb(struct sink *s, const uint8_t *p)
{
	sink_kuint(s, "behavior", get_u16(p));
	sink_kuint(s, "lb-length", p[4]);
	sink_kuint(s, "ln-length", p[5]);
	sink_kuint(s, "fun-length", p[6]);
	sink_kuint(s, "arg-length", p[7]);
}

static void json_lse(struct sink *s, const char *key, uint32_t e, int full)
{
	sink_kuint(s, key, e >> 12);
	if (!full)
		return;
	sink_kuint(s, "tc", (e >> 9) & 7);
	sink_kbool(s, "s", (e >> 8) & 1);
	sink_kuint(s, "ttl", e & 0xff);
}

static void json_ip(struct sink *s, const char *key, const uint8_t *p, size_t n)
{
	sink_key(s, key);
	wire_ip_text(sink_text(s), p, n);
	sink_text_end(s);
}

/* One segment (already checked by seglist_ok). */
static void json_segment(struct sink *s, const struct segdef *d, const struct tlv *t)
{
	const uint8_t *p = t->v + 2, *end = t->v + t->len;
	char letter[2] = { d->letter, 0 };

	sink_obj(s);
	sink_kstr(s, "type", letter);
	for (int i = 0; d->f[i].kind != F_END; i++) {
		if (d->f[i].kind == F_U32)
			sink_kuint(s, d->f[i].name, get_u32(p));
		else
			json_ip(s, d->f[i].name, p, fsize(d->f[i].kind));
		p += fsize(d->f[i].kind);
	}
	if (d->algo)
		sink_kuint(s, "algorithm", t->v[1]);
	switch (d->tail) {
	case T_LABEL:
		json_lse(s, "label", get_u32(p), 1);
		break;
	case T_LSE:
		if (end - p >= 4)
			json_lse(s, "sid", get_u32(p), d->full_lse);
		break;
	default:
		if (end - p < 16)
			break;
		json_ip(s, "sid", p, 16);
		p += 16;
		if (end - p >= EB_LEN && (t->v[0] & SEG_FLAG_B)) {
			sink_key(s, "endpoint-behavior");
			sink_obj(s);
			json_eb(s, p);
			sink_obj_end(s);
		}
		break;
	}
	sink_obj_end(s);
}

static void json_seglist(struct sink *s, const struct tlv *t)
{
	struct rd r;
	struct tlv x;
	const struct segdef *d;
	uint32_t weight = 1;  /* ExaBGP's when the weight is absent */

	rd_init(&r, t->v + 1, t->len - 1);
	while (next_sub1(&r, &x) == 1)
		if (x.type == SS_WEIGHT)
			weight = get_u32(x.v + 2);
	sink_obj(s);
	sink_kuint(s, "weight", weight);
	sink_key(s, "segments");
	sink_arr(s);
	rd_init(&r, t->v + 1, t->len - 1);
	while (next_sub1(&r, &x) == 1)
		if ((d = segdef_by_code((uint8_t)x.type)) != NULL)
			json_segment(s, d, &x);
	sink_arr_end(s);
	sink_obj_end(s);
}

static void json_unknown_sub(struct sink *s, const struct tlv *t)
{
	struct wbuf *w = sink_text(s);

	wbuf_printf(w, "unknown-subtlv-%u", t->type);
	sink_keyn(s, (const char *)w->data, w->len);
	sink_hex(s, t->v, t->len);
}

static void json_sub(struct sink *s, const struct tlv *t)
{
	switch (t->type) {
	case ST_PREFERENCE:
		sink_kuint(s, "preference", get_u32(t->v + 2));
		break;
	case ST_BSID:
		sink_key(s, "binding-sid");
		if (t->len == 2) {
			sink_null(s);
			break;
		}
		sink_obj(s);
		if (t->len == 6) {
			sink_kstr(s, "type", "mpls");
			sink_kuint(s, "label", get_u32(t->v + 2) >> 12);
		} else {
			sink_kstr(s, "type", "srv6");
			json_ip(s, "sid", t->v + 2, 16);
		}
		sink_obj_end(s);
		break;
	case ST_ENLP:
		sink_kuint(s, "enlp", t->v[2]);
		break;
	case ST_PRIORITY:
		sink_kuint(s, "priority", t->v[0]);
		break;
	case ST_SRV6_BSID:
		if (t->len == 18) {
			json_ip(s, "srv6-binding-sid", t->v + 2, 16);
			break;
		}
		sink_key(s, "srv6-binding-sid");
		sink_obj(s);
		json_ip(s, "sid", t->v + 2, 16);
		json_eb(s, t->v + 18);
		sink_obj_end(s);
		break;
	case ST_CP_NAME:
	case ST_POLICY_NAME:
		sink_key(s, t->type == ST_CP_NAME ? "candidate-path-name" : "policy-name");
		sink_strn(s, (const char *)t->v + 1, t->len - 1u);
		break;
	default:
		break;
	}
}

static void json_sr_policy(struct sink *s, const struct rd *parent,
			   const struct tlv *t)
{
	struct rd v;
	struct tlv x;
	unsigned seen = 0, lists = 0, bit;

	sink_key(s, "sr-policy");
	sink_obj(s);
	rd_at(&v, parent, t);
	while (next_sub(&v, &x) == 1) {
		if (!sub_ok(&x)) {
			json_unknown_sub(s, &x);
			continue;
		}
		if (x.type == ST_SEGLIST) {
			lists++;
			continue;
		}
		bit = once_bit(x.type);
		if (seen & bit)
			continue; /* RFC 9012 §13: all but the first disregarded */
		seen |= bit;
		json_sub(s, &x);
	}
	if (lists) {
		sink_key(s, "segment-lists");
		sink_arr(s);
		rd_at(&v, parent, t);
		while (next_sub(&v, &x) == 1)
			if (x.type == ST_SEGLIST && sub_ok(&x))
				json_seglist(s, &x);
		sink_arr_end(s);
	}
	sink_obj_end(s);
}

static void te_json(struct sink *s, const struct wire_attr *a,
		    const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct rd r;
	struct tlv t;
	struct wbuf *w;

	(void)u, (void)ctx;
	sink_key(s, "tunnel-encap");
	sink_obj(s);
	rd_init(&r, a->val, a->len);
	while (next_tunnel(&r, &t) == 1) {
		if (t.type == TUNNEL_SR_POLICY) {
			json_sr_policy(s, &r, &t);
			continue;
		}
		w = sink_text(s);
		wbuf_printf(w, "tunnel-type-%u", t.type);
		sink_keyn(s, (const char *)w->data, w->len);
		sink_hex(s, t.v, t.len);
	}
	sink_obj_end(s);
}

/* --- text --------------------------------------------------------------- */

static void text_segment(struct wbuf *w, const struct segdef *d, const struct tlv *t)
{
	const uint8_t *p = t->v + 2;

	switch (d->letter) {
	case 'A':
		wbuf_uint(w, get_u32(p) >> 12);
		break;
	case 'B': case 'D': case 'I':
		wire_ip_text(w, p, 16);
		break;
	case 'C':
		wire_ip_text(w, p, 4);
		break;
	case 'E':
		wbuf_printf(w, "if%u:", get_u32(p));
		wire_ip_text(w, p + 4, 4);
		break;
	case 'F':
		wire_ip_text(w, p, 4);
		wbuf_str(w, "->");
		wire_ip_text(w, p + 4, 4);
		break;
	case 'G': case 'J':
		wbuf_printf(w, "if%u:", get_u32(p));
		wire_ip_text(w, p + 4, 16);
		wbuf_printf(w, "->if%u:", get_u32(p + 20));
		wire_ip_text(w, p + 24, 16);
		break;
	default: /* H, K */
		wire_ip_text(w, p, 16);
		wbuf_str(w, "->");
		wire_ip_text(w, p + 16, 16);
		break;
	}
}

static const char *enlp_name(uint8_t v)
{
	static const char *const names[] = { NULL, "push-ipv4", "push-ipv6",
					     "push-ipv4-ipv6", "no-push" };

	return v >= 1 && v <= 4 ? names[v] : NULL;
}

/* A name as the peer sent it, except control characters: the text API is
 * one event per line, and a newline in a peer's policy name must not start
 * a forged event (ExaBGP prints the name raw). */
static void text_name(struct wbuf *w, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			wbuf_printf(w, "\\x%02x", p[i]);
		else
			wbuf_u8(w, p[i]);
	}
}

/* ExaBGP's str() of one sub-TLV. */
static void text_sub(struct wbuf *w, const struct tlv *t)
{
	struct rd r;
	struct tlv x;
	const struct segdef *d;
	uint32_t weight = 1;
	int first = 1;

	if (!sub_ok(t)) {
		wbuf_printf(w, "unknown-subtlv-%u 0x", t->type);
		wbuf_hex(w, t->v, t->len, 1);
		return;
	}
	switch (t->type) {
	case ST_PREFERENCE:
		wbuf_printf(w, "preference %u", get_u32(t->v + 2));
		break;
	case ST_BSID:
		if (t->len == 2) {
			wbuf_str(w, "binding-sid null");
		} else if (t->len == 6) {
			wbuf_printf(w, "binding-sid mpls %u", get_u32(t->v + 2) >> 12);
		} else {
			wbuf_str(w, "binding-sid srv6 ");
			wire_ip_text(w, t->v + 2, 16);
		}
		break;
	case ST_ENLP:
		if (enlp_name(t->v[2]))
			wbuf_printf(w, "enlp %s", enlp_name(t->v[2]));
		else
			wbuf_printf(w, "enlp %u", t->v[2]);
		break;
	case ST_PRIORITY:
		wbuf_printf(w, "priority %u", t->v[0]);
		break;
	case ST_SRV6_BSID:
		wbuf_str(w, "srv6-binding-sid ");
		wire_ip_text(w, t->v + 2, 16);
		if (t->len > 18)
			wbuf_printf(w, " endpoint-behavior %u", get_u16(t->v + 18));
		break;
	case ST_CP_NAME:
	case ST_POLICY_NAME:
		wbuf_str(w, t->type == ST_CP_NAME ? "candidate-path-name \"" :
						     "policy-name \"");
		text_name(w, t->v + 1, t->len - 1u);
		wbuf_str(w, "\"");
		break;
	default: /* segment list */
		rd_init(&r, t->v + 1, t->len - 1);
		while (next_sub1(&r, &x) == 1)
			if (x.type == SS_WEIGHT)
				weight = get_u32(x.v + 2);
		wbuf_printf(w, "segment-list weight %u [", weight);
		rd_init(&r, t->v + 1, t->len - 1);
		while (next_sub1(&r, &x) == 1) {
			if ((d = segdef_by_code((uint8_t)x.type)) == NULL)
				continue;
			if (!first)
				wbuf_str(w, " ");
			first = 0;
			text_segment(w, d, &x);
		}
		wbuf_str(w, "]");
		break;
	}
}

/* " tunnel-encap tunnel-encap [sr-policy {preference 100 ...}]": ExaBGP
 * prints the attribute's name, then its str(), which names it again. */
static void te_text(struct wbuf *w, const struct wire_attr *a,
		    const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct rd r, v;
	struct tlv t, x;
	int first = 1, sfirst;

	(void)u, (void)ctx;
	wbuf_str(w, " tunnel-encap tunnel-encap [");
	rd_init(&r, a->val, a->len);
	while (next_tunnel(&r, &t) == 1) {
		if (!first)
			wbuf_str(w, ", ");
		first = 0;
		if (t.type != TUNNEL_SR_POLICY) {
			wbuf_printf(w, "tunnel-type:%u", t.type);
			continue;
		}
		wbuf_str(w, "sr-policy {");
		rd_at(&v, &r, &t);
		sfirst = 1;
		while (next_sub(&v, &x) == 1) {
			if (!sfirst)
				wbuf_str(w, " ");
			sfirst = 0;
			text_sub(w, &x);
		}
		wbuf_str(w, "}");
	}
	wbuf_str(w, "]");
}

/* --- encode ------------------------------------------------------------- */

static int bad(struct lb_err *err, const char *fmt, const char *what)
{
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, fmt, what);
}

static int get_num(const struct val *obj, const char *key, uint64_t max,
		   uint64_t dflt, uint64_t *out, struct lb_err *err)
{
	const struct val *v = val_get(obj, key);

	if (!v) {
		*out = dflt;
		return 0;
	}
	if (val_as_u64(v, out) < 0 || *out > max)
		return bad(err, "tunnel-encap: \"%s\" must be a number in range", key);
	return 0;
}

static int need_num(const struct val *obj, const char *key, uint64_t max,
		    uint64_t *out, struct lb_err *err)
{
	if (!val_get(obj, key))
		return bad(err, "tunnel-encap: \"%s\" is missing", key);
	return get_num(obj, key, max, 0, out, err);
}

static int put_ip(struct wbuf *w, const struct val *obj, const char *key,
		  uint16_t afi, struct lb_err *err)
{
	uint8_t addr[16];
	const char *p;
	size_t n;

	if (val_as_str(val_get(obj, key), &p, &n) < 0 ||
	    wire_ip_parse_afi(p, n, afi, addr) < 0)
		return bad(err, "tunnel-encap: \"%s\" must be an address", key);
	return wbuf_put(w, addr, afi == WIRE_AFI_IPV6 ? 16 : 4);
}

/* Hex text ("0x..." as printed) of a value to copy verbatim. */
static int put_hex(struct wbuf *w, const struct val *v, const char *what,
		   struct lb_err *err)
{
	const char *p;
	size_t n, badpos;

	if (val_as_str(v, &p, &n) < 0 || hex_decode(p, n, w, &badpos) < 0)
		return bad(err, "tunnel-encap: \"%s\" must be hex", what);
	return 0;
}

/* A label stack entry; s_dflt is the bottom-of-stack bit ExaBGP would set. */
static int put_lse(struct wbuf *w, const struct val *seg, const char *key,
		   int s_dflt, struct lb_err *err)
{
	uint64_t label, tc, ttl;
	const struct val *sv = val_get(seg, "s");
	int s = s_dflt;

	if (need_num(seg, key, 0xFFFFF, &label, err) < 0 ||
	    get_num(seg, "tc", 7, 0, &tc, err) < 0 ||
	    get_num(seg, "ttl", 255, 0, &ttl, err) < 0)
		return -1;
	if (sv && val_as_bool(sv, &s) < 0)
		return bad(err, "tunnel-encap: \"%s\" must be a boolean", "s");
	return wbuf_u32(w, (uint32_t)(label << 12 | tc << 9 | (s ? 0x100u : 0) | ttl));
}

static int put_eb(struct wbuf *w, const struct val *eb, struct lb_err *err)
{
	static const char *const keys[] = { "lb-length", "ln-length", "fun-length",
					    "arg-length" };
	uint64_t beh, x;
	int errs = 0;

	if (need_num(eb, "behavior", 0xFFFF, &beh, err) < 0)
		return -1;
	errs += wbuf_u16(w, (uint16_t)beh);
	errs += wbuf_u16(w, 0);
	for (int i = 0; i < 4; i++) {
		if (get_num(eb, keys[i], 255, 0, &x, err) < 0)
			return -1;
		errs += wbuf_u8(w, (uint8_t)x);
	}
	return errs ? -1 : 0;
}

static int is_mpls_seg(const struct val *seg)
{
	const struct val *t = val_get(seg, "type");

	return val_is_str(t, "A") || (val_is_str(t, "C") && val_get(seg, "sid"));
}

static int put_segment(struct wbuf *w, const struct val *seg, int last_mpls,
		       struct lb_err *err)
{
	const struct segdef *d;
	const struct val *eb;
	const char *p;
	size_t n, mark;
	uint64_t x, algo;
	uint8_t flags = 0;
	int errs = 0;

	if (val_as_str(val_get(seg, "type"), &p, &n) < 0 ||
	    (d = segdef_by_letter(p, n)) == NULL)
		return bad(err, "tunnel-encap: segment %s must be one of A to K", "\"type\"");
	eb = d->tail >= T_SID && val_get(seg, "sid") ? val_get(seg, "endpoint-behavior") : NULL;
	if (eb)
		flags |= SEG_FLAG_B;
	if (get_num(seg, "algorithm", 255, 0, &algo, err) < 0)
		return -1;
	/* RFC 9831 §2.1: the A flag says the algorithm octet is meant, and
	 * ExaBGP's configuration sets it for a non-zero algorithm */
	if (d->algo && algo)
		flags |= SEG_FLAG_A;
	errs += wbuf_u8(w, d->code);
	mark = w->len;
	errs += wbuf_u8(w, 0);
	errs += wbuf_u8(w, flags);
	errs += wbuf_u8(w, d->algo ? (uint8_t)algo : 0);
	for (int i = 0; d->f[i].kind != F_END; i++) {
		if (d->f[i].kind == F_U32) {
			if (need_num(seg, d->f[i].name, UINT32_MAX, &x, err) < 0)
				return -1;
			errs += wbuf_u32(w, (uint32_t)x);
		} else if (put_ip(w, seg, d->f[i].name, d->f[i].kind == F_IP6 ?
				  WIRE_AFI_IPV6 : WIRE_AFI_IPV4, err) < 0) {
			return -1;
		}
	}
	switch (d->tail) {
	case T_LABEL:
		if (put_lse(w, seg, "label", last_mpls, err) < 0)
			return -1;
		break;
	case T_LSE:
		if (val_get(seg, "sid") &&
		    put_lse(w, seg, "sid", d->full_lse && last_mpls, err) < 0)
			return -1;
		break;
	default:
		if (d->tail == T_SID && !val_get(seg, "sid"))
			return bad(err, "tunnel-encap: segment %s needs a \"sid\"", "B");
		if (!val_get(seg, "sid"))
			break;
		if (put_ip(w, seg, "sid", WIRE_AFI_IPV6, err) < 0 ||
		    (eb && put_eb(w, eb, err) < 0))
			return -1;
		break;
	}
	if (errs || w->failed)
		return -1;
	return wbuf_set_u8(w, mark, (uint8_t)(w->len - mark - 1));
}

static int put_seglist(struct wbuf *w, const struct val *sl, struct lb_err *err)
{
	const struct val *segs = val_get(sl, "segments"), *seg;
	uint64_t weight;
	size_t mark, i, last = (size_t)-1;
	int errs = 0;

	if (get_num(sl, "weight", UINT32_MAX, 1, &weight, err) < 0)
		return -1;
	if (segs && segs->type != VAL_ARR)
		return bad(err, "tunnel-encap: %s must be a list", "\"segments\"");
	errs += wbuf_u8(w, ST_SEGLIST);
	mark = w->len;
	errs += wbuf_u16(w, 0);
	errs += wbuf_u8(w, 0);
	errs += wbuf_u8(w, SS_WEIGHT);
	errs += wbuf_u8(w, 6);
	errs += wbuf_u16(w, 0);
	errs += wbuf_u32(w, (uint32_t)weight);
	/* RFC 3032 §2.1: the S bit on the last label only, as ExaBGP sets it */
	i = 0;
	for (seg = segs ? segs->kids.first : NULL; seg; seg = seg->next, i++)
		if (is_mpls_seg(seg))
			last = i;
	i = 0;
	for (seg = segs ? segs->kids.first : NULL; seg; seg = seg->next, i++)
		if (put_segment(w, seg, i == last, err) < 0)
			return -1;
	if (errs || w->failed || w->len - mark - 2 > UINT16_MAX)
		return bad(err, "tunnel-encap: %s too long", "a segment list is");
	return wbuf_set_u16(w, mark, (uint16_t)(w->len - mark - 2));
}

/* Sub-TLV header for type, the length written by sub_end(). */
static size_t sub_begin(struct wbuf *w, uint8_t type)
{
	size_t mark;

	wbuf_u8(w, type);
	mark = w->len;
	if (type < 128)
		wbuf_u8(w, 0);
	else
		wbuf_u16(w, 0);
	return mark;
}

static int sub_end(struct wbuf *w, size_t mark, uint8_t type, struct lb_err *err)
{
	size_t len = w->len - mark - (type < 128 ? 1 : 2);

	if (w->failed)
		return -1;
	if (len > (type < 128 ? 255u : 65535u))
		return bad(err, "tunnel-encap: sub-TLV %s too long", "value");
	return type < 128 ? wbuf_set_u8(w, mark, (uint8_t)len) :
			    wbuf_set_u16(w, mark, (uint16_t)len);
}

static int put_name(struct wbuf *w, uint8_t type, const struct val *v,
		    struct lb_err *err)
{
	const char *p;
	size_t n, mark;

	if (val_as_str(v, &p, &n) < 0)
		return bad(err, "tunnel-encap: %s must be a string", "a name");
	mark = sub_begin(w, type);
	wbuf_u8(w, 0);
	wbuf_put(w, p, n);
	return sub_end(w, mark, type, err);
}

static int put_bsid(struct wbuf *w, const struct val *v, struct lb_err *err)
{
	size_t mark = sub_begin(w, ST_BSID);
	uint64_t label;

	if (v->type == VAL_NULL) {
		wbuf_u16(w, 0);
	} else if (val_is_str(val_get(v, "type"), "mpls")) {
		if (need_num(v, "label", 0xFFFFF, &label, err) < 0)
			return -1;
		wbuf_u8(w, BSID_FLAGS_MPLS);
		wbuf_u8(w, 0);
		wbuf_u32(w, (uint32_t)(label << 12) | 0x100);
	} else if (val_is_str(val_get(v, "type"), "srv6")) {
		wbuf_u16(w, 0);
		if (put_ip(w, v, "sid", WIRE_AFI_IPV6, err) < 0)
			return -1;
	} else {
		return bad(err, "tunnel-encap: %s must be null, mpls or srv6",
			   "\"binding-sid\"");
	}
	return sub_end(w, mark, ST_BSID, err);
}

static int put_srv6_bsid(struct wbuf *w, const struct val *v, struct lb_err *err)
{
	size_t mark = sub_begin(w, ST_SRV6_BSID);
	int obj = v->type == VAL_OBJ;
	const char *p;
	size_t n;
	uint8_t addr[16];

	wbuf_u8(w, obj ? SRV6_BSID_FLAG_B : 0);
	wbuf_u8(w, 0);
	if (obj) {
		if (put_ip(w, v, "sid", WIRE_AFI_IPV6, err) < 0 || put_eb(w, v, err) < 0)
			return -1;
	} else {
		if (val_as_str(v, &p, &n) < 0 ||
		    wire_ip_parse_afi(p, n, WIRE_AFI_IPV6, addr) < 0)
			return bad(err, "tunnel-encap: %s must be an IPv6 SID",
				   "\"srv6-binding-sid\"");
		wbuf_put(w, addr, 16);
	}
	return sub_end(w, mark, ST_SRV6_BSID, err);
}

/* "unknown-subtlv-N" / "tunnel-type-N": N, or -1. */
static long key_number(const struct val *m, const char *prefix, unsigned long max)
{
	size_t pl = strlen(prefix);
	uint64_t x;

	if (m->klen <= pl || memcmp(m->key, prefix, pl) != 0 ||
	    wire_parse_uint(m->key + pl, m->klen - pl, max, &x) < 0)
		return -1;
	return (long)x;
}

static int put_seglists(struct wbuf *w, const struct val *lists, struct lb_err *err)
{
	const struct val *sl;

	if (lists->type != VAL_ARR)
		return bad(err, "tunnel-encap: %s must be a list", "\"segment-lists\"");
	for (sl = lists->kids.first; sl; sl = sl->next)
		if (put_seglist(w, sl, err) < 0)
			return -1;
	return 0;
}

static int put_sr_member(struct wbuf *w, const struct val *m, struct lb_err *err)
{
	uint64_t x;
	size_t mark;
	long n;

	if (wire_streq(m->key, m->klen, "preference")) {
		if (val_as_u64(m, &x) < 0 || x > UINT32_MAX)
			return bad(err, "tunnel-encap: %s must be a 32-bit number",
				   "\"preference\"");
		mark = sub_begin(w, ST_PREFERENCE);
		wbuf_u16(w, 0);
		wbuf_u32(w, (uint32_t)x);
		return sub_end(w, mark, ST_PREFERENCE, err);
	}
	if (wire_streq(m->key, m->klen, "enlp") || wire_streq(m->key, m->klen, "priority")) {
		if (val_as_u64(m, &x) < 0 || x > 255)
			return bad(err, "tunnel-encap: %s must be a number 0-255",
				   "\"enlp\"/\"priority\"");
		if (m->key[0] == 'e') {
			mark = sub_begin(w, ST_ENLP);
			wbuf_u16(w, 0);
			wbuf_u8(w, (uint8_t)x);
			return sub_end(w, mark, ST_ENLP, err);
		}
		mark = sub_begin(w, ST_PRIORITY);
		wbuf_u8(w, (uint8_t)x);
		wbuf_u8(w, 0);
		return sub_end(w, mark, ST_PRIORITY, err);
	}
	if (wire_streq(m->key, m->klen, "binding-sid"))
		return put_bsid(w, m, err);
	if (wire_streq(m->key, m->klen, "srv6-binding-sid"))
		return put_srv6_bsid(w, m, err);
	if (wire_streq(m->key, m->klen, "policy-name"))
		return put_name(w, ST_POLICY_NAME, m, err);
	if (wire_streq(m->key, m->klen, "candidate-path-name"))
		return put_name(w, ST_CP_NAME, m, err);
	if ((n = key_number(m, "unknown-subtlv-", 255)) >= 0) {
		mark = sub_begin(w, (uint8_t)n);
		if (put_hex(w, m, "unknown-subtlv", err) < 0)
			return -1;
		return sub_end(w, mark, (uint8_t)n, err);
	}
	return bad(err, "tunnel-encap: unknown sr-policy member %s", "(see the JSON shape)");
}

static int is_name(const struct val *m)
{
	return wire_streq(m->key, m->klen, "policy-name") ||
	       wire_streq(m->key, m->klen, "candidate-path-name");
}

/* The members in their order, the segment lists before the first name
 * (where ExaBGP's configuration puts them) or at the end. */
static int put_sr_policy(struct wbuf *w, const struct val *pol, struct lb_err *err)
{
	const struct val *lists = val_get(pol, "segment-lists"), *m;

	if (pol->type != VAL_OBJ)
		return bad(err, "tunnel-encap: %s must be an object", "\"sr-policy\"");
	for (m = pol->kids.first; m; m = m->next) {
		if (lists && is_name(m)) {
			if (put_seglists(w, lists, err) < 0)
				return -1;
			lists = NULL;
		}
		if (wire_streq(m->key, m->klen, "segment-lists"))
			continue;
		if (put_sr_member(w, m, err) < 0)
			return -1;
	}
	return lists ? put_seglists(w, lists, err) : 0;
}

/* Input: the "tunnel-encap" object: "sr-policy" and "tunnel-type-N" (hex)
 * members in order. */
static int te_encode(struct wbuf *w, const struct val *v,
		     const struct wire_ctx *ctx, struct lb_err *err)
{
	const struct val *m;
	size_t amark, mark;
	long type;
	struct rd r;
	struct tlv s;
	int rc;

	(void)ctx;
	if (!v || v->type != VAL_OBJ || !v->kids.first)
		return bad(err, "tunnel-encap: %s must be a non-empty object", "the value");
	amark = wire_attr_begin(w, WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE,
				WIRE_ATTR_TUNNEL_ENCAP);
	for (m = v->kids.first; m; m = m->next) {
		if (wire_streq(m->key, m->klen, "sr-policy"))
			type = TUNNEL_SR_POLICY;
		else if ((type = key_number(m, "tunnel-type-", 65535)) < 0)
			return bad(err, "tunnel-encap: unknown member %s", "(sr-policy or tunnel-type-N)");
		wbuf_u16(w, (uint16_t)type);
		mark = w->len;
		wbuf_u16(w, 0);
		if (type == TUNNEL_SR_POLICY && m->type == VAL_OBJ) {
			if (put_sr_policy(w, m, err) < 0)
				return -1;
		} else if (put_hex(w, m, "tunnel-type", err) < 0) {
			return -1;
		}
		if (w->failed || w->len - mark - 2 > UINT16_MAX)
			return bad(err, "tunnel-encap: %s too long", "Tunnel TLV");
		wbuf_set_u16(w, mark, (uint16_t)(w->len - mark - 2));
		/* never send what RFC 9012 §13 makes a receiver withdraw */
		rd_init(&r, w->data + mark + 2, w->len - mark - 2);
		while ((rc = next_sub(&r, &s)) == 1)
			;
		if (rc < 0)
			return bad(err, "tunnel-encap: %s sub-TLVs do not add up",
				   "a Tunnel TLV's");
	}
	return wire_attr_end(w, amark) < 0 ? bad(err, "tunnel-encap: %s", "too long") : 0;
}

const struct wire_attr_desc wire_attr_tunnel_encap = {
	.code = WIRE_ATTR_TUNNEL_ENCAP,
	.flags = WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE,
	.name = "tunnel-encap",
	.malformed = LB_ACT_WITHDRAW,
	.check = te_check,
	.json = te_json,
	.text = te_text,
	.encode = te_encode,
};
