/* BGP Prefix-SID attribute (type 40): RFC 8669 (Label-Index TLV 1,
 * Originator SRGB TLV 3) and RFC 9252 (SRv6 L3 and L2 Service TLVs 5 and
 * 6, their SRv6 SID Information sub-TLV and its SID Structure
 * sub-sub-TLV).
 *
 * The value is a sequence of TLVs <type 1> <length 2> <value>; the service
 * TLVs hold a reserved octet and sub-TLVs of the same shape, and the SID
 * Information sub-TLV holds sub-sub-TLVs of the same shape again.
 *
 * Errors: RFC 8669 §6 makes a malformed Prefix-SID attribute (a TLV running
 * past the attribute, a Label-Index TLV whose length is not 7, an
 * Originator SRGB TLV whose length is not 2 plus a non-zero multiple of 6)
 * an "attribute discard" (RFC 7606 §2): the attribute goes, the route
 * stays.  The SRv6 Service TLVs of RFC 9252 are TLVs of that attribute, so
 * their length faults (framing, a SID Information sub-TLV shorter than its
 * 21 fixed octets, a SID Structure sub-sub-TLV whose length is not 6) are
 * "a TLV length that doesn't conform to the length constraints for the
 * TLV" of RFC 8669 §6 and are discarded alike, as ExaBGP and FRR do.  TLV type 0 is reserved in the IANA registry: an
 * attribute made of zeros (the May 2025 incident, RELIABILITY.md A7) is
 * discarded too.  Unknown TLVs, sub-TLVs and sub-sub-TLVs are kept and
 * printed as hex.
 *
 * JSON (ExaBGP's): { "sr-label-index": 100, "sr-srgbs": [ [ 16000, 8000 ] ],
 * "l3-service": [ { "sid": "2001:db8::", "flags": 0, "endpoint_behavior":
 * 72, "structure": { "locator-block-length": 64, ... } } ] }.  ExaBGP
 * prints the SID flags as 0 whatever they are and sends 0; so does the
 * encoder, and the reserved octets are 0.
 */
#include <string.h>

#include "base/hex.h"
#include "wire/attr.h"
#include "wire/common.h"

enum {
	PS_LABEL_INDEX = 1,
	PS_SRGB = 3,
	PS_L3_SERVICE = 5,
	PS_L2_SERVICE = 6,
};

#define SUB_SID_INFO 1        /* RFC 9252 §3.1 */
#define SUBSUB_STRUCTURE 1    /* RFC 9252 §3.2.1 */
#define SID_INFO_FIXED 21     /* reserved, SID, flags, behavior, reserved */

struct tlv {
	uint8_t type;
	uint16_t len;
	const uint8_t *v;
	size_t off;           /* of its header, in the message */
};

/* Next <type 1> <length 2> element: 1 found, 0 at the end, -1 it runs past
 * its parent. */
static int next_tlv(struct rd *r, struct tlv *t)
{
	if (!rd_left(r))
		return 0;
	t->off = rd_offset(r);
	t->type = 0;
	t->len = 0;
	if (rd_u8(r, &t->type) < 0 || rd_u16(r, &t->len) < 0)
		return -1;
	return rd_view(r, t->len, &t->v) < 0 ? -1 : 1;
}

static void rd_at(struct rd *r, const struct rd *parent, const uint8_t *p, size_t n)
{
	r->p = p;
	r->end = p + n;
	r->origin = parent->origin;
}

/* --- check -------------------------------------------------------------- */

/* RFC 8669 §6: attribute discard; 3/9 (Optional Attribute Error, RFC 4271
 * §6.3) should a NOTIFICATION be sent instead.  The reason names the TLV
 * and the offset of its header in the message. */
#define DISCARD(err, off, fmt, ...)                                            \
	lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 9, off,              \
		   "bgp-prefix-sid: " fmt " at offset %zu", __VA_ARGS__, off)

static int check_sid_info(const struct rd *parent, const struct tlv *t,
			  struct lb_err *err)
{
	struct rd r;
	struct tlv x;
	int rc;

	if (t->len < SID_INFO_FIXED)
		return DISCARD(err, t->off, "SRv6 SID Information sub-TLV of %u "
			       "octets, shorter than %u", t->len, SID_INFO_FIXED);
	rd_at(&r, parent, t->v + SID_INFO_FIXED, t->len - SID_INFO_FIXED);
	while ((rc = next_tlv(&r, &x)) == 1)
		if (x.type == SUBSUB_STRUCTURE && x.len != 6)
			return DISCARD(err, x.off, "SRv6 SID Structure sub-sub-TLV "
				       "has length %u, not %u", x.len, 6);
	if (rc < 0)
		return DISCARD(err, x.off, "SRv6 sub-sub-TLV type %u runs past "
			       "its SID Information sub-TLV", x.type);
	return 0;
}

static int check_service(const struct rd *parent, const struct tlv *t,
			 struct lb_err *err)
{
	struct rd r;
	struct tlv x;
	int rc;

	if (t->len < 1)
		return DISCARD(err, t->off, "SRv6 Service TLV %u without its "
			       "reserved octet", t->type);
	rd_at(&r, parent, t->v + 1, t->len - 1u);
	while ((rc = next_tlv(&r, &x)) == 1)
		if (x.type == SUB_SID_INFO && check_sid_info(parent, &x, err) < 0)
			return -1;
	if (rc < 0)
		return DISCARD(err, x.off, "SRv6 Service sub-TLV type %u runs past "
			       "TLV %u", x.type, t->type);
	return 0;
}

static int ps_check(struct rd *r, const struct wire_attr *a,
		    const struct wire_ctx *ctx, struct lb_err *err)
{
	struct tlv t;
	int rc;

	(void)a, (void)ctx;
	while ((rc = next_tlv(r, &t)) == 1) {
		switch (t.type) {
		case 0:
			return DISCARD(err, t.off, "TLV type %u is reserved", 0);
		case PS_LABEL_INDEX:  /* RFC 8669 §3.1 */
			if (t.len != 7)
				return DISCARD(err, t.off, "Label-Index TLV has length "
					       "%u, not %u", t.len, 7);
			break;
		case PS_SRGB:         /* RFC 8669 §3.2 */
			if (t.len < 8 || (t.len - 2) % 6)
				return DISCARD(err, t.off, "Originator SRGB TLV has "
					       "length %u, not 2 + n*%u", t.len, 6);
			break;
		case PS_L3_SERVICE:
		case PS_L2_SERVICE:
			if (check_service(r, &t, err) < 0)
				return -1;
			break;
		default:
			break;
		}
	}
	if (rc < 0)
		return DISCARD(err, t.off, "TLV type %u runs past the attribute",
			       t.type);
	return 0;
}

/* --- JSON --------------------------------------------------------------- */

static void json_raw_lower(struct sink *s, const uint8_t *p, size_t n)
{
	wbuf_hex(sink_text(s), p, n, 0);
	sink_text_end(s);
}

static void json_sid_info(struct sink *s, const struct tlv *t)
{
	static const char *const names[] = {
		"locator-block-length", "locator-node-length", "function-length",
		"argument-length", "transposition-length", "transposition-offset",
	};
	struct rd r;
	struct tlv x;
	struct wbuf *w;

	sink_obj(s);
	sink_key(s, "sid");
	sink_ipv6(s, t->v + 1);
	sink_kuint(s, "flags", 0);
	sink_kuint(s, "endpoint_behavior", get_u16(t->v + 18));
	rd_init(&r, t->v + SID_INFO_FIXED, t->len - SID_INFO_FIXED);
	while (next_tlv(&r, &x) == 1) {
		if (x.type == SUBSUB_STRUCTURE) {
			sink_key(s, "structure");
			sink_obj(s);
			for (int i = 0; i < 6; i++)
				sink_kuint(s, names[i], x.v[i]);
			sink_obj_end(s);
			continue;
		}
		w = sink_text(s);
		wbuf_printf(w, "unknown-subsubtlv-%u", x.type);
		sink_keyn(s, (const char *)w->data, w->len);
		json_raw_lower(s, x.v, x.len);
	}
	sink_obj_end(s);
}

static void json_service(struct sink *s, const struct tlv *t)
{
	struct rd r;
	struct tlv x;

	sink_key(s, t->type == PS_L3_SERVICE ? "l3-service" : "l2-service");
	sink_arr(s);
	rd_init(&r, t->v + 1, t->len - 1u);
	while (next_tlv(&r, &x) == 1) {
		if (x.type == SUB_SID_INFO) {
			json_sid_info(s, &x);
			continue;
		}
		sink_obj(s);
		sink_kuint(s, "type", x.type);
		sink_key(s, "raw");
		json_raw_lower(s, x.v, x.len);
		sink_obj_end(s);
	}
	sink_arr_end(s);
}

static void ps_json(struct sink *s, const struct wire_attr *a,
		    const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct rd r;
	struct tlv t;
	struct wbuf *w;

	(void)u, (void)ctx;
	sink_key(s, "bgp-prefix-sid");
	sink_obj(s);
	rd_init(&r, a->val, a->len);
	while (next_tlv(&r, &t) == 1) {
		switch (t.type) {
		case PS_LABEL_INDEX:
			sink_kuint(s, "sr-label-index", get_u32(t.v + 3));
			break;
		case PS_SRGB:
			sink_key(s, "sr-srgbs");
			sink_arr(s);
			for (size_t i = 2; i + 6 <= t.len; i += 6) {
				sink_arr(s);
				sink_uint(s, get_u24(t.v + i));
				sink_uint(s, get_u24(t.v + i + 3));
				sink_arr_end(s);
			}
			sink_arr_end(s);
			break;
		case PS_L3_SERVICE:
		case PS_L2_SERVICE:
			json_service(s, &t);
			break;
		default:
			w = sink_text(s);
			wbuf_printf(w, "attribute-not-implemented-%u", t.type);
			sink_keyn(s, (const char *)w->data, w->len);
			sink_hex(s, t.v, t.len);
			break;
		}
	}
	sink_obj_end(s);
}

/* --- text --------------------------------------------------------------- */

static void text_srgb(struct wbuf *w, const struct tlv *t)
{
	wbuf_str(w, "[ ");
	for (size_t i = 2; i + 6 <= t->len; i += 6)
		wbuf_printf(w, "%s( %u,%u )", i > 2 ? ", " : "", get_u24(t->v + i),
			    get_u24(t->v + i + 3));
	wbuf_str(w, " ]");
}

/* ExaBGP's str() of a SID Information sub-TLV.  Its closing bracket is
 * never written (ExaBGP builds it and drops it), nor here. */
static void text_sid_info(struct wbuf *w, const struct tlv *t)
{
	struct rd r;
	struct tlv x;
	int first = 1;

	wbuf_str(w, "sid-information [ sid:");
	wire_ip_text(w, t->v + 1, 16);
	wbuf_printf(w, " flags:0 endpoint_behavior:0x%x ", get_u16(t->v + 18));
	if (t->len == SID_INFO_FIXED)
		return;
	wbuf_str(w, " [ ");
	rd_init(&r, t->v + SID_INFO_FIXED, t->len - SID_INFO_FIXED);
	while (next_tlv(&r, &x) == 1) {
		if (!first)
			wbuf_str(w, ", ");
		first = 0;
		if (x.type == SUBSUB_STRUCTURE)
			wbuf_printf(w, "sid-structure [%u,%u,%u,%u,%u,%u]", x.v[0],
				    x.v[1], x.v[2], x.v[3], x.v[4], x.v[5]);
		else
			wbuf_printf(w, "SRv6 Service Data Sub-Sub-TLV type %u not "
				    "implemented", x.type);
	}
	wbuf_str(w, " ]");
}

static void text_service(struct wbuf *w, const struct tlv *t)
{
	struct rd r;
	struct tlv x;
	int first = 1;

	wbuf_str(w, t->type == PS_L3_SERVICE ? "l3-service [ " : "l2-service [ ");
	rd_init(&r, t->v + 1, t->len - 1u);
	while (next_tlv(&r, &x) == 1) {
		if (!first)
			wbuf_str(w, ", ");
		first = 0;
		if (x.type == SUB_SID_INFO)
			text_sid_info(w, &x);
		else
			wbuf_printf(w, "SRv6 Service Sub-TLV type %u not implemented",
				    x.type);
	}
	wbuf_str(w, " ]");
}

/* " bgp-prefix-sid [ 100, [ ( 16000,8000 ) ] ]" when a Label-Index TLV is
 * there (with the first SRGB TLV if any), otherwise every TLV's str(). */
static void ps_text(struct wbuf *w, const struct wire_attr *a,
		    const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct rd r;
	struct tlv t, li = { 0 }, srgb = { 0 };
	int first = 1;

	(void)u, (void)ctx;
	wbuf_str(w, " bgp-prefix-sid [ ");
	rd_init(&r, a->val, a->len);
	while (next_tlv(&r, &t) == 1) {
		if (t.type == PS_LABEL_INDEX && !li.v)
			li = t;
		if (t.type == PS_SRGB && !srgb.v)
			srgb = t;
	}
	if (li.v) {
		wbuf_uint(w, get_u32(li.v + 3));
		if (srgb.v) {
			wbuf_str(w, ", ");
			text_srgb(w, &srgb);
		}
		wbuf_str(w, " ]");
		return;
	}
	rd_init(&r, a->val, a->len);
	while (next_tlv(&r, &t) == 1) {
		if (!first)
			wbuf_str(w, ", ");
		first = 0;
		if (t.type == PS_SRGB)
			text_srgb(w, &t);
		else if (t.type == PS_L3_SERVICE || t.type == PS_L2_SERVICE)
			text_service(w, &t);
		else
			wbuf_printf(w, "Attribute with code [ %u ] not implemented",
				    t.type);
	}
	wbuf_str(w, " ]");
}

/* --- encode ------------------------------------------------------------- */

static int bad(struct lb_err *err, const char *what)
{
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "bgp-prefix-sid: %s", what);
}

static size_t tlv_begin(struct wbuf *w, uint8_t type)
{
	size_t mark;

	wbuf_u8(w, type);
	mark = w->len;
	wbuf_u16(w, 0);
	return mark;
}

static int tlv_end(struct wbuf *w, size_t mark, struct lb_err *err)
{
	size_t len = w->len - mark - 2;

	if (w->failed || len > UINT16_MAX)
		return bad(err, "a TLV is too long");
	return wbuf_set_u16(w, mark, (uint16_t)len);
}

static int get_u(const struct val *v, uint64_t max, uint64_t *out)
{
	return v && val_as_u64(v, out) == 0 && *out <= max ? 0 : -1;
}

static int put_raw(struct wbuf *w, const struct val *v, struct lb_err *err)
{
	const char *p;
	size_t n, badpos;

	if (val_as_str(v, &p, &n) < 0 || hex_decode(p, n, w, &badpos) < 0)
		return bad(err, "raw values must be hex");
	return 0;
}

static int put_sid_info(struct wbuf *w, const struct val *o, struct lb_err *err)
{
	static const char *const names[] = {
		"locator-block-length", "locator-node-length", "function-length",
		"argument-length", "transposition-length", "transposition-offset",
	};
	const struct val *m, *st;
	uint8_t sid[16];
	const char *p;
	size_t n, mark, sub;
	uint64_t beh, x;

	if (val_as_str(val_get(o, "sid"), &p, &n) < 0 ||
	    wire_ip_parse_afi(p, n, WIRE_AFI_IPV6, sid) < 0)
		return bad(err, "\"sid\" must be an IPv6 address");
	if (get_u(val_get(o, "endpoint_behavior"), 0xFFFF, &beh) < 0)
		return bad(err, "\"endpoint_behavior\" must be a 16-bit number");
	mark = tlv_begin(w, SUB_SID_INFO);
	wbuf_u8(w, 0);
	wbuf_put(w, sid, 16);
	wbuf_u8(w, 0);      /* SID flags: none defined (RFC 9252 §3.1) */
	wbuf_u16(w, (uint16_t)beh);
	wbuf_u8(w, 0);
	for (m = o->kids.first; m; m = m->next) {
		if (wire_streq(m->key, m->klen, "structure")) {
			st = m;
			sub = tlv_begin(w, SUBSUB_STRUCTURE);
			for (int i = 0; i < 6; i++) {
				if (get_u(val_get(st, names[i]), 255, &x) < 0)
					return bad(err, "SID structure lengths must be 0-255");
				wbuf_u8(w, (uint8_t)x);
			}
		} else if (m->klen > 18 && !memcmp(m->key, "unknown-subsubtlv-", 18)) {
			if (wire_parse_uint(m->key + 18, m->klen - 18, 255, &x) < 0)
				return bad(err, "bad unknown-subsubtlv-N key");
			sub = tlv_begin(w, (uint8_t)x);
			if (put_raw(w, m, err) < 0)
				return -1;
		} else {
			continue;
		}
		if (tlv_end(w, sub, err) < 0)
			return -1;
	}
	return tlv_end(w, mark, err);
}

static int put_service(struct wbuf *w, uint8_t type, const struct val *arr,
		       struct lb_err *err)
{
	const struct val *e;
	size_t mark, sub;
	uint64_t code;

	if (arr->type != VAL_ARR)
		return bad(err, "a service TLV must be a list");
	mark = tlv_begin(w, type);
	wbuf_u8(w, 0);
	for (e = arr->kids.first; e; e = e->next) {
		if (val_get(e, "sid")) {
			if (put_sid_info(w, e, err) < 0)
				return -1;
			continue;
		}
		if (get_u(val_get(e, "type"), 255, &code) < 0)
			return bad(err, "a service sub-TLV needs \"sid\" or \"type\" and \"raw\"");
		sub = tlv_begin(w, (uint8_t)code);
		if (put_raw(w, val_get(e, "raw"), err) < 0 || tlv_end(w, sub, err) < 0)
			return -1;
	}
	return tlv_end(w, mark, err);
}

static int put_member(struct wbuf *w, const struct val *m, struct lb_err *err)
{
	const struct val *e;
	uint64_t x, base, range;
	size_t mark;

	if (wire_streq(m->key, m->klen, "sr-label-index")) {
		if (get_u(m, UINT32_MAX, &x) < 0)
			return bad(err, "\"sr-label-index\" must be a 32-bit number");
		mark = tlv_begin(w, PS_LABEL_INDEX);
		wbuf_u8(w, 0);
		wbuf_u16(w, 0);
		wbuf_u32(w, (uint32_t)x);
		return tlv_end(w, mark, err);
	}
	if (wire_streq(m->key, m->klen, "sr-srgbs")) {
		if (m->type != VAL_ARR || !m->kids.first)
			return bad(err, "\"sr-srgbs\" must be a non-empty list");
		mark = tlv_begin(w, PS_SRGB);
		wbuf_u16(w, 0);
		for (e = m->kids.first; e; e = e->next) {
			if (val_len(e) != 2 || get_u(val_at(e, 0), 0xFFFFFF, &base) < 0 ||
			    get_u(val_at(e, 1), 0xFFFFFF, &range) < 0)
				return bad(err, "an SRGB is [ base, range ] of 24-bit numbers");
			wbuf_u24(w, (uint32_t)base);
			wbuf_u24(w, (uint32_t)range);
		}
		return tlv_end(w, mark, err);
	}
	if (wire_streq(m->key, m->klen, "l3-service"))
		return put_service(w, PS_L3_SERVICE, m, err);
	if (wire_streq(m->key, m->klen, "l2-service"))
		return put_service(w, PS_L2_SERVICE, m, err);
	if (m->klen > 26 && !memcmp(m->key, "attribute-not-implemented-", 26) &&
	    wire_parse_uint(m->key + 26, m->klen - 26, 255, &x) == 0 && x != 0) {
		mark = tlv_begin(w, (uint8_t)x);
		if (put_raw(w, m, err) < 0)
			return -1;
		return tlv_end(w, mark, err);
	}
	return bad(err, "unknown member");
}

/* Input: the "bgp-prefix-sid" object, members in the order given. */
static int ps_encode(struct wbuf *w, const struct val *v,
		     const struct wire_ctx *ctx, struct lb_err *err)
{
	const struct val *m;
	size_t mark;

	(void)ctx;
	if (!v || v->type != VAL_OBJ)
		return bad(err, "the value must be an object");
	mark = wire_attr_begin(w, WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE,
			       WIRE_ATTR_PREFIX_SID);
	for (m = v->kids.first; m; m = m->next)
		if (put_member(w, m, err) < 0)
			return -1;
	return wire_attr_end(w, mark) < 0 ? bad(err, "too long") : 0;
}

const struct wire_attr_desc wire_attr_prefix_sid = {
	.code = WIRE_ATTR_PREFIX_SID,
	.flags = WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE,
	.name = "bgp-prefix-sid",
	.malformed = LB_ACT_DISCARD,
	.check = ps_check,
	.json = ps_json,
	.text = ps_text,
	.encode = ps_encode,
};
