/* Route Target Constraint NLRI, RFC 4684 §4:
 *
 *   <length 1, in bits> <origin AS 4> <route target 8>
 *
 * It is a prefix: length 0 is the default route target (no other octet),
 * 32 is the origin AS alone and 33 to 96 carry that many bits of the route
 * target, in ceil(length / 8) octets.  Any other length makes the NLRI field
 * unparseable: session reset (RFC 7606 §5.3).  The route target is an
 * extended community whose type octet has its high two bits (IANA authority,
 * transitivity) cleared for comparison (§4: "the high-order bits of the
 * type ... are ignored"), as ExaBGP stores it; so a value with those bits
 * set re-encodes with them cleared.
 *
 * JSON, as ExaBGP prints it:
 *   { "origin": 0, "route-target": null }                     length 0
 *   { "origin": 65000, "route-target": "target:65000:1" }     length 96
 *   { "origin": 65000, "route-target": null, "prefix-length": 40,
 *     "route-target-prefix": "0x00" }                         32 to 95
 * A route target that is not one (sub-type 2 of types 0, 1, 2) prints as
 * "0x" and 16 hex digits.
 */
#include <string.h>

#include "base/hex.h"
#include "wire/common.h"
#include "wire/nlri.h"

#define RTC_MIN_BITS 32
#define RTC_MAX_BITS 96
#define RT_SUBTYPE 0x02

struct rtc {
	uint8_t bits;
	uint32_t origin;
	uint8_t rt[8];   /* the octets present, flags cleared, zero-padded */
	size_t rt_len;   /* how many of them the NLRI carries */
};

static int rtc_next(const struct wire_family *f, struct rd *r,
		    const struct wire_ctx *ctx, struct wire_nlri *n,
		    struct lb_err *err)
{
	size_t start = rd_offset(r);
	const uint8_t *p = r->p;
	uint8_t bits;
	size_t bytes;

	(void)ctx;
	if (rd_u8(r, &bits) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: length missing", f->name);
	if (bits != 0 && (bits < RTC_MIN_BITS || bits > RTC_MAX_BITS))
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: length %u bits is neither 0 nor 32 to 96",
				  f->name, bits);
	bytes = (bits + 7u) / 8u;
	if (rd_skip(r, bytes) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: prefix of %u bits runs past the NLRI field",
				  f->name, bits);
	n->p = p;
	n->len = 1 + bytes;
	return 0;
}

static void rtc_view(const struct wire_nlri *n, struct rtc *x)
{
	memset(x, 0, sizeof(*x));
	if (n->len < 1)
		return;
	x->bits = n->p[0];
	if (n->len >= 5)
		x->origin = get_u32(n->p + 1);
	if (n->len > 5) {
		x->rt_len = n->len - 5 > 8 ? 8 : n->len - 5;
		memcpy(x->rt, n->p + 5, x->rt_len);
		x->rt[0] &= 0x3F;
	}
}

/* ExaBGP's text of an extended community when it is a route target:
 * "target:65000:1", "target:1.2.3.4:5", "target:65536:1"; otherwise
 * "0x" and the 8 octets in upper-case hex. */
static void rt_text(struct wbuf *w, const uint8_t rt[8])
{
	uint8_t as_rd[8];

	if (rt[1] == RT_SUBTYPE && (rt[0] & 0x0F) <= 2) {
		/* the RD types 0, 1, 2 have the same value layouts */
		as_rd[0] = 0;
		as_rd[1] = rt[0] & 0x0F;
		memcpy(as_rd + 2, rt + 2, 6);
		wbuf_str(w, "target:");
		wire_rd_text(w, as_rd);
		return;
	}
	wbuf_str(w, "0x");
	wbuf_hex(w, rt, 8, 1);
}

static void rtc_json(const struct wire_family *f, struct sink *s,
		     const struct wire_nlri *n, const struct wire_nh *nh,
		     const struct wire_ctx *ctx)
{
	struct rtc x;
	struct wbuf *w;

	(void)f, (void)nh, (void)ctx;
	rtc_view(n, &x);
	sink_obj(s);
	sink_kuint(s, "origin", x.origin);
	sink_key(s, "route-target");
	if (x.bits == RTC_MAX_BITS) {
		rt_text(sink_text(s), x.rt);
		sink_text_end(s);
	} else {
		sink_null(s);
	}
	if (x.bits != 0 && x.bits != RTC_MAX_BITS) {
		sink_kuint(s, "prefix-length", x.bits);
		sink_key(s, "route-target-prefix");
		w = sink_text(s);
		wbuf_str(w, "0x");
		wbuf_hex(w, x.rt, x.rt_len, 1);
		sink_text_end(s);
	}
	sink_obj_end(s);
}

/* "rtc wildcard", "rtc 65000:target:65000:1", "rtc 65000:0x00/40" */
static void rtc_text(const struct wire_family *f, struct wbuf *w,
		     const struct wire_nlri *n, const struct wire_ctx *ctx)
{
	struct rtc x;

	(void)f, (void)ctx;
	rtc_view(n, &x);
	if (x.bits == 0) {
		wbuf_str(w, "rtc wildcard");
		return;
	}
	wbuf_printf(w, "rtc %u:", x.origin);
	if (x.bits == RTC_MAX_BITS) {
		rt_text(w, x.rt);
		return;
	}
	wbuf_str(w, "0x");
	wbuf_hex(w, x.rt, x.rt_len, 1);
	wbuf_printf(w, "/%u", x.bits);
}

/* "target:65000:1" (type 0), "target:1.2.3.4:5" (type 1),
 * "target:65536:1" (type 2), or "0x" and 16 hex digits. */
static int rt_parse(const char *p, size_t n, uint8_t rt[8])
{
	uint8_t rd[8];
	struct wbuf w;

	if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		size_t bad;

		wbuf_init_fixed(&w, rt, 8);
		if (n != 18 || hex_decode(p, n, &w, &bad) < 0 || w.len != 8)
			return -1;
		return 0;
	}
	if (n < 7 || memcmp(p, "target:", 7) != 0 ||
	    wire_rd_parse(p + 7, n - 7, rd) < 0)
		return -1;
	rt[0] = rd[1];
	rt[1] = RT_SUBTYPE;
	memcpy(rt + 2, rd + 2, 6);
	return 0;
}

/* "route-target-prefix": "0x..." with exactly the octets the length needs. */
static int rt_prefix_parse(const struct val *v, size_t want, uint8_t rt[8])
{
	const char *p;
	size_t n, bad;
	struct wbuf w;

	if (val_as_str(v, &p, &n) < 0)
		return -1;
	wbuf_init_fixed(&w, rt, 8);
	if (hex_decode(p, n, &w, &bad) < 0 || w.len != want)
		return -1;
	return 0;
}

/* Input, one of:
 *   {} or { "origin": 0, "route-target": null }        the default (length 0)
 *   { "origin": AS, "route-target": "target:65000:1" }  length 96 (also "0x"
 *                                                       and 16 hex digits)
 *   { "origin": AS, "prefix-length": 32..96,
 *     "route-target-prefix": "0x..." }                  a partial prefix
 * The first octet of the route target is written with its two high bits
 * cleared (§4). */
static int rtc_encode(const struct wire_family *f, struct wbuf *w,
		      const struct val *v, const struct wire_ctx *ctx,
		      struct lb_err *err)
{
	const struct val *rtv = val_get(v, "route-target");
	const struct val *lenv = val_get(v, "prefix-length");
	const struct val *ov = val_get(v, "origin");
	uint64_t origin = 0, bits;
	uint8_t rt[8] = { 0 };
	const char *p;
	size_t n, bytes;
	int errs = 0;

	(void)ctx;
	if (ov && (val_as_u64(ov, &origin) < 0 || origin > UINT32_MAX))
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"origin\" must be an AS number", f->name);
	if (rtv && rtv->type != VAL_NULL) {
		if (val_as_str(rtv, &p, &n) < 0 || rt_parse(p, n, rt) < 0)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "%s: \"route-target\" must be such as target:65000:1",
					  f->name);
		bits = RTC_MAX_BITS;
	} else if (lenv) {
		if (val_as_u64(lenv, &bits) < 0 || bits < RTC_MIN_BITS ||
		    bits > RTC_MAX_BITS)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "%s: \"prefix-length\" must be from 32 to 96",
					  f->name);
		if (rt_prefix_parse(val_get(v, "route-target-prefix"),
				    (bits + 7) / 8 - 4, rt) < 0)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "%s: \"route-target-prefix\" must be hex of %llu octets",
					  f->name, (unsigned long long)((bits + 7) / 8 - 4));
	} else {
		if (origin != 0)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "%s: an origin needs a \"route-target\"", f->name);
		return wbuf_u8(w, 0);
	}
	rt[0] &= 0x3F;
	bytes = (bits + 7) / 8;
	errs += wbuf_u8(w, (uint8_t)bits);
	errs += wbuf_u32(w, (uint32_t)origin);
	errs += wbuf_put(w, rt, bytes - 4);
	return errs ? -1 : 0;
}

#define NH(n) ((uint64_t)1 << (n))

const struct wire_family wire_fam_ipv4_rtc = {
	WIRE_AFI_IPV4, WIRE_SAFI_RTC, WIRE_FAM_IPV4_RTC,
	"ipv4 rtc", "ipv4", "rtc",
	.next = rtc_next, .json = rtc_json, .text = rtc_text,
	.encode = rtc_encode, .nh_lens = NH(4) | NH(16),
};
