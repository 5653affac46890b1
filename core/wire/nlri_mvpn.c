/* MCAST-VPN NLRI, RFC 6514 §4:
 *
 *   <route type 1> <length 1> <route type specific, length octets>
 *
 * Route types 5, 6 and 7 are decoded, as ExaBGP does:
 *   5  Source Active A-D (§4.6):  <RD 8> <source len 1> <source> <group len 1> <group>
 *   6  C-multicast Shared Tree Join and
 *   7  C-multicast Source Tree Join (§4.6):
 *                          <RD 8> <source AS 4> <source len 1> <source> <group len 1> <group>
 * where each address length is 32 or 128 bits and the lengths add up to the
 * route's (18/42 for type 5, 22/46 for 6 and 7, both addresses of one
 * family).  A route of these types whose fields do not add up makes the
 * NLRI field unparseable (RFC 7606 §5.3, ExaBGP resets too).  Types 1 to 4
 * are kept as their bytes.  Any other type, framed by a valid length, is
 * dropped on its own (RFC 7606 §5.4); so is a Source Active A-D route for a
 * group in the SSM range (RFC 6514 §4.5 "MUST be discarded", the range of
 * RFC 4607 §1: 232/8, FF3x::/32).  ExaBGP drops those only when announced
 * and prints them when withdrawn; a family codec cannot tell the two apart,
 * so luabgp drops them in both.
 *
 * JSON, ExaBGP's ("raw" is the whole NLRI, type and length included):
 *   { "code": 6, "parsed": true, "raw": "0616...", "name": "C-Multicast Shared Tree Join route",
 *     "rd": "65000:99999", "source-as": "65000", "source": "10.99.199.1",
 *     "group": "239.251.255.228" }                  ("source-as" only for 6 and 7)
 *   { "code": 3, "parsed": false, "raw": "0302ABCD" }   types 1 to 4
 * No path-information: ExaBGP prints none for this family.
 */
#include <string.h>

#include "base/hex.h"
#include "wire/common.h"
#include "wire/nlri.h"

enum {
	MVPN_SOURCE_AD = 5,
	MVPN_SHARED_JOIN = 6,
	MVPN_SOURCE_JOIN = 7,
};

struct mvpn {
	uint8_t code;
	uint8_t rd[8];
	uint32_t source_as;
	uint8_t source[16], group[16];
	uint8_t slen, glen;       /* address octets: 4 or 16 */
};

static const char *route_name(uint8_t code)
{
	switch (code) {
	case MVPN_SOURCE_AD:
		return "Source Active A-D Route";
	case MVPN_SHARED_JOIN:
		return "C-Multicast Shared Tree Join route";
	case MVPN_SOURCE_JOIN:
		return "C-Multicast Source Tree Join route";
	}
	return NULL;
}

/* ExaBGP's short names, used by its text form */
static const char *route_short(uint8_t code)
{
	switch (code) {
	case MVPN_SOURCE_AD:
		return "sourcead";
	case MVPN_SHARED_JOIN:
		return "shared-join";
	case MVPN_SOURCE_JOIN:
		return "source-join";
	}
	return "unknown";
}

static bool is_parsed(uint8_t code)
{
	return code >= MVPN_SOURCE_AD && code <= MVPN_SOURCE_JOIN;
}

/* Read "<len bits> <address>" where the length must be 32 or 128. */
static int read_addr(struct rd *r, uint8_t *addr, uint8_t *len)
{
	uint8_t bits;

	if (rd_u8(r, &bits) < 0 || (bits != 32 && bits != 128))
		return -1;
	*len = bits / 8;
	return rd_bytes(r, addr, *len);
}

/* The fields of a type 5, 6 or 7 route from its body. */
static int body_parse(struct rd *r, struct mvpn *x)
{
	if (rd_bytes(r, x->rd, 8) < 0)
		return -1;
	if (x->code != MVPN_SOURCE_AD && rd_u32(r, &x->source_as) < 0)
		return -1;
	if (read_addr(r, x->source, &x->slen) < 0 ||
	    read_addr(r, x->group, &x->glen) < 0)
		return -1;
	/* the two addresses of one family: the only lengths RFC 6514 knows */
	return rd_left(r) == 0 && x->slen == x->glen ? 0 : -1;
}

/* RFC 4607 §1: 232.0.0.0/8 and FF3x::/32 */
static bool is_ssm(const uint8_t *g, uint8_t len)
{
	if (len == 4)
		return g[0] == 232;
	return g[0] == 0xFF && (g[1] >> 4) == 0x3 && g[2] == 0 && g[3] == 0;
}

static int mvpn_next(const struct wire_family *f, struct rd *r,
		     const struct wire_ctx *ctx, struct wire_nlri *n,
		     struct lb_err *err)
{
	size_t start = rd_offset(r);
	const uint8_t *p = r->p;
	struct mvpn x;
	struct rd body;
	uint8_t len;

	(void)ctx;
	memset(&x, 0, sizeof(x));
	if (rd_u8(r, &x.code) < 0 || rd_u8(r, &len) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: route type and length truncated", f->name);
	if (rd_sub(r, len, &body) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: route of %u octets runs past the NLRI field",
				  f->name, len);
	n->p = p;
	n->len = 2u + len;
	if (x.code < 1 || x.code > MVPN_SOURCE_JOIN) {
		lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 10, start,
			   "%s: unknown route type %u dropped (RFC 7606 §5.4)",
			   f->name, x.code);
		return 1;
	}
	if (!is_parsed(x.code))
		return 0;
	if (body_parse(&body, &x) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: %s of %u octets: source and group lengths do not add up",
				  f->name, route_name(x.code), len);
	if (x.code == MVPN_SOURCE_AD && is_ssm(x.group, x.glen)) {
		lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 10, start,
			   "%s: Source Active A-D route for an SSM group dropped (RFC 6514 §4.5)",
			   f->name);
		return 1;
	}
	return 0;
}

/* The fields of an NLRI next() accepted. */
static void mvpn_view(const struct wire_nlri *n, struct mvpn *x)
{
	struct rd body;

	memset(x, 0, sizeof(*x));
	if (n->len < 2)
		return;
	x->code = n->p[0];
	rd_init(&body, n->p + 2, n->len - 2);
	if (is_parsed(x->code) && body_parse(&body, x) < 0)
		x->code = 0;
}

static void put_ip(struct sink *s, const char *key, const uint8_t *a, size_t n)
{
	sink_key(s, key);
	wire_ip_text(sink_text(s), a, n);
	sink_text_end(s);
}

static void mvpn_json(const struct wire_family *f, struct sink *s,
		      const struct wire_nlri *n, const struct wire_nh *nh,
		      const struct wire_ctx *ctx)
{
	struct mvpn x;
	struct wbuf *w;

	(void)f, (void)nh, (void)ctx;
	mvpn_view(n, &x);
	sink_obj(s);
	sink_kuint(s, "code", n->len ? n->p[0] : 0);
	sink_kbool(s, "parsed", is_parsed(x.code));
	sink_key(s, "raw");
	w = sink_text(s);
	wbuf_hex(w, n->p, n->len, 1);
	sink_text_end(s);
	if (is_parsed(x.code)) {
		sink_kstr(s, "name", route_name(x.code));
		sink_key(s, "rd");
		wire_rd_text(sink_text(s), x.rd);
		sink_text_end(s);
		if (x.code != MVPN_SOURCE_AD) {
			/* a string in ExaBGP's JSON */
			sink_key(s, "source-as");
			wbuf_uint(sink_text(s), x.source_as);
			sink_text_end(s);
		}
		put_ip(s, "source", x.source, x.slen);
		put_ip(s, "group", x.group, x.glen);
	}
	sink_obj_end(s);
}

/* "mvpn:shared-join:65000:99999:65000:10.99.199.1:239.251.255.228",
 * "mvpn:sourcead:65000:99999:10.99.12.4:239.251.255.228",
 * "mvpn:unknown:0x<body in lower-case hex>" for types 1 to 4 */
static void mvpn_text(const struct wire_family *f, struct wbuf *w,
		      const struct wire_nlri *n, const struct wire_ctx *ctx)
{
	struct mvpn x;

	(void)f, (void)ctx;
	mvpn_view(n, &x);
	wbuf_printf(w, "mvpn:%s:", route_short(x.code));
	if (!is_parsed(x.code)) {
		wbuf_str(w, "0x");
		if (n->len > 2)
			wbuf_hex(w, n->p + 2, n->len - 2, 0);
		return;
	}
	wire_rd_text(w, x.rd);
	wbuf_u8(w, ':');
	if (x.code != MVPN_SOURCE_AD)
		wbuf_printf(w, "%u:", x.source_as);
	wire_ip_text(w, x.source, x.slen);
	wbuf_u8(w, ':');
	wire_ip_text(w, x.group, x.glen);
}

/* "raw": the whole NLRI in hex.  It must be one NLRI that the decoder can
 * delimit and, for types 5 to 7, parse; a type the decoder would drop on
 * receipt may still be sent. */
static int encode_raw(const struct wire_family *f, struct wbuf *w,
		      const struct val *raw, struct lb_err *err)
{
	uint8_t buf[2 + 255];
	struct wire_nlri n;
	struct lb_err e;
	struct wbuf tmp;
	struct rd r;
	const char *p;
	size_t len, bad;

	wbuf_init_fixed(&tmp, buf, sizeof(buf));
	if (val_as_str(raw, &p, &len) < 0 || hex_decode(p, len, &tmp, &bad) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"raw\" must be hex", f->name);
	if (tmp.len < 2 || buf[1] != tmp.len - 2)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"raw\" must be one NLRI: its length octet does not match",
				  f->name);
	rd_init(&r, buf, tmp.len);
	if (mvpn_next(f, &r, NULL, &n, &e) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: \"raw\": %s",
				  f->name, e.reason);
	return wbuf_put(w, buf, tmp.len);
}

/* "code": 5, 6, 7 or the configuration's words for them */
static int code_from_val(const struct val *v, uint8_t *code)
{
	uint64_t num;

	if (val_is_str(v, "source-ad"))
		num = MVPN_SOURCE_AD;
	else if (val_is_str(v, "shared-join"))
		num = MVPN_SHARED_JOIN;
	else if (val_is_str(v, "source-join"))
		num = MVPN_SOURCE_JOIN;
	else if (val_as_u64(v, &num) < 0)
		return -1;
	if (num > 255 || !is_parsed((uint8_t)num))
		return -1;
	*code = (uint8_t)num;
	return 0;
}

static int addr_from_val(const struct val *v, uint8_t *addr, uint8_t *len)
{
	const char *p;
	size_t n;
	uint16_t afi;

	if (val_as_str(v, &p, &n) < 0 || wire_ip_parse(p, n, &afi, addr) < 0)
		return -1;
	*len = afi == WIRE_AFI_IPV6 ? 16 : 4;
	return 0;
}

/* Input: { "raw": "0616..." } encodes those bytes (any route type, the
 * length octet must match); when "raw" is present every other member is
 * ignored, as derived.  Otherwise a route of type 5, 6 or 7 from
 *   { "code": 5|6|7 or "source-ad"|"shared-join"|"source-join",
 *     "rd": "65000:1", "source-as": N (6 and 7; number or string),
 *     "source": IP ("rp" accepted for 6), "group": IP }
 * with source and group of one address family. */
static int mvpn_encode(const struct wire_family *f, struct wbuf *w,
		       const struct val *v, const struct wire_ctx *ctx,
		       struct lb_err *err)
{
	const struct val *raw = val_get(v, "raw");
	const struct val *src;
	struct mvpn x;
	uint64_t as = 0;
	const char *p;
	size_t n;
	int errs = 0;

	(void)ctx;
	if (raw)
		return encode_raw(f, w, raw, err) < 0 ? -1 : 0;
	memset(&x, 0, sizeof(x));
	if (code_from_val(val_get(v, "code"), &x.code) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"code\" must be 5, 6 or 7 (or \"raw\" given)",
				  f->name);
	if (val_as_str(val_get(v, "rd"), &p, &n) < 0 ||
	    wire_rd_parse(p, n, x.rd) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"rd\" must be a route distinguisher such as 65000:1",
				  f->name);
	if (x.code != MVPN_SOURCE_AD &&
	    (val_as_u64(val_get(v, "source-as"), &as) < 0 || as > UINT32_MAX))
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"source-as\" must be an AS number", f->name);
	src = val_get(v, "source");
	if (!src && x.code == MVPN_SHARED_JOIN)
		src = val_get(v, "rp");
	if (addr_from_val(src, x.source, &x.slen) < 0 ||
	    addr_from_val(val_get(v, "group"), x.group, &x.glen) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"source\" and \"group\" must be IP addresses",
				  f->name);
	if (x.slen != x.glen)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"source\" and \"group\" must be of one address family",
				  f->name);
	errs += wbuf_u8(w, x.code);
	errs += wbuf_u8(w, (uint8_t)(8 + (x.code != MVPN_SOURCE_AD ? 4 : 0) +
				     2 + x.slen + x.glen));
	errs += wbuf_put(w, x.rd, 8);
	if (x.code != MVPN_SOURCE_AD)
		errs += wbuf_u32(w, (uint32_t)as);
	errs += wbuf_u8(w, (uint8_t)(x.slen * 8));
	errs += wbuf_put(w, x.source, x.slen);
	errs += wbuf_u8(w, (uint8_t)(x.glen * 8));
	errs += wbuf_put(w, x.group, x.glen);
	return errs ? -1 : 0;
}

#define NH(n) ((uint64_t)1 << (n))
#define MVPN_OPS .next = mvpn_next, .json = mvpn_json, .text = mvpn_text, \
		 .encode = mvpn_encode

/* Next hops as ExaBGP's Family.size: IPv4 only under AFI 1, IPv4 or IPv6
 * under AFI 2. */
const struct wire_family wire_fam_ipv4_mcast_vpn = {
	WIRE_AFI_IPV4, WIRE_SAFI_MCAST_VPN, WIRE_FAM_IPV4_MCAST_VPN,
	"ipv4 mcast-vpn", "ipv4", "mcast-vpn", MVPN_OPS, .nh_lens = NH(4),
};
const struct wire_family wire_fam_ipv6_mcast_vpn = {
	WIRE_AFI_IPV6, WIRE_SAFI_MCAST_VPN, WIRE_FAM_IPV6_MCAST_VPN,
	"ipv6 mcast-vpn", "ipv6", "mcast-vpn", MVPN_OPS,
	.nh_lens = NH(4) | NH(16),
};
