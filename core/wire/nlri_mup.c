/* BGP Mobile User Plane NLRI, draft-mpmz-bess-mup-safi §3.1:
 *
 *   <architecture type 1> <route type 2> <length 1> <route type specific>
 *
 * The route types of the 3gpp-5g architecture (type 1) are decoded, with
 * ExaBGP's checks:
 *   1 Interwork Segment Discovery (ISD)   <RD 8> <prefix len 1> <prefix>
 *   2 Direct Segment Discovery (DSD)      <RD 8> <address 4|16>
 *   3 Type 1 Session Transformed (T1ST)   <RD 8> <prefix len 1> <prefix>
 *         <TEID 4> <QFI 1> <endpoint len 1> <endpoint>
 *         [<source len 1> <source>]           address lengths 32 or 128 bits
 *   4 Type 2 Session Transformed (T2ST)   <RD 8> <endpoint len 1>
 *         <endpoint, of the AFI> <TEID, endpoint len - address bits (0-32)>
 * The prefixes are of the AFI's family (at most 32 or 128 bits) and every
 * route fills its length exactly; one that does not makes the NLRI field
 * unparseable (RFC 7606 §5.3; ExaBGP resets too).  Any other architecture or
 * route type, framed by a valid length, is dropped on its own (RFC 7606
 * §5.4).
 *
 * JSON, ExaBGP's (member names with underscores, TEID and QFI as strings,
 * "raw" the whole NLRI, header included):
 *   { "name": "InterworkSegmentDiscoveryRoute", "arch": 1, "code": 1,
 *     "prefix_ip_len": 24, "prefix_ip": "10.0.1.0", "rd": "100:100", "raw": "..." }
 *   { "name": "DirectSegmentDiscoveryRoute", "arch": 1, "code": 2,
 *     "ip": "10.0.0.1", "rd": "100:100", "raw": "..." }
 *   { "name": "Type1SessionTransformedRoute", "arch": 1, "code": 3,
 *     "prefix_ip_len": 32, "prefix_ip": "192.168.0.1", "teid": "12345",
 *     "qfi": "9", "rd": "100:100", "endpoint_ip_len": 32,
 *     "endpoint_ip": "10.0.0.1", "source_ip_len": 0, "source_ip": "b''",
 *     "raw": "..." }       (ExaBGP prints a missing source as Python's b'')
 *   { "name": "Type2SessionTransformedRoute", "arch": 1, "code": 4,
 *     "endpoint_len": 64, "endpoint_ip": "10.0.0.1", "rd": "100:100",
 *     "teid": "12345", "raw": "..." }
 * No path-information: ExaBGP prints none for this family.
 */
#include <string.h>

#include "base/hex.h"
#include "wire/common.h"
#include "wire/nlri.h"

#define MUP_ARCH_3GPP_5G 1
#define MUP_HEADER 4
#define NO_SOURCE "b''"

enum {
	MUP_ISD = 1,
	MUP_DSD = 2,
	MUP_T1ST = 3,
	MUP_T2ST = 4,
};

static const char *const names[] = {
	[MUP_ISD] = "InterworkSegmentDiscoveryRoute",
	[MUP_DSD] = "DirectSegmentDiscoveryRoute",
	[MUP_T1ST] = "Type1SessionTransformedRoute",
	[MUP_T2ST] = "Type2SessionTransformedRoute",
};

/* the configuration's words for the route types */
static const char *const words[] = {
	[MUP_ISD] = "mup-isd",
	[MUP_DSD] = "mup-dsd",
	[MUP_T1ST] = "mup-t1st",
	[MUP_T2ST] = "mup-t2st",
};

static const char *const shorts[] = {
	[MUP_ISD] = "isd",
	[MUP_DSD] = "dsd",
	[MUP_T1ST] = "t1st",
	[MUP_T2ST] = "t2st",
};

/* One route of a known type.  Addresses are kept as their octets (a
 * prefix zero-padded to the AFI's size, its bits past the length as
 * received: ExaBGP prints them so). */
struct mup {
	uint8_t arch;
	uint16_t code;
	uint8_t rd[8];
	uint8_t plen;                 /* ISD, T1ST: prefix length in bits */
	uint8_t prefix[16];
	uint8_t ip[16], iplen;        /* DSD address; T1ST, T2ST endpoint */
	uint8_t ep_bits;              /* T1ST: 32/128; T2ST: endpoint length */
	uint32_t teid;                /* T1ST, T2ST */
	uint8_t qfi;                  /* T1ST */
	uint8_t src[16], srclen;      /* T1ST source, 0 when absent */
};

static unsigned afi_bits(const struct wire_family *f)
{
	return f->afi == WIRE_AFI_IPV6 ? 128 : 32;
}

static bool is_known(uint8_t arch, uint16_t code)
{
	return arch == MUP_ARCH_3GPP_5G && code >= MUP_ISD && code <= MUP_T2ST;
}

/* "<len bits> <prefix>", at most the AFI's bits */
static int read_prefix(const struct wire_family *f, struct rd *r, struct mup *x)
{
	if (rd_u8(r, &x->plen) < 0 || x->plen > afi_bits(f))
		return -1;
	return rd_bytes(r, x->prefix, (x->plen + 7u) / 8u);
}

/* "<len bits> <address>" with a length of 32 or 128 bits */
static int read_addr(struct rd *r, uint8_t *addr, uint8_t *len)
{
	uint8_t bits;

	if (rd_u8(r, &bits) < 0 || (bits != 32 && bits != 128))
		return -1;
	*len = bits / 8;
	return rd_bytes(r, addr, *len);
}

static int t1st_parse(const struct wire_family *f, struct rd *r, struct mup *x)
{
	if (read_prefix(f, r, x) < 0 || rd_u32(r, &x->teid) < 0 ||
	    rd_u8(r, &x->qfi) < 0 || read_addr(r, x->ip, &x->iplen) < 0)
		return -1;
	x->ep_bits = (uint8_t)(x->iplen * 8);
	if (rd_left(r) && read_addr(r, x->src, &x->srclen) < 0)
		return -1;
	return 0;
}

static int t2st_parse(const struct wire_family *f, struct rd *r, struct mup *x)
{
	uint8_t teid[4] = { 0 };
	size_t tbytes;

	if (rd_u8(r, &x->ep_bits) < 0 || x->ep_bits < afi_bits(f) ||
	    x->ep_bits > afi_bits(f) + 32)
		return -1;
	x->iplen = (uint8_t)(afi_bits(f) / 8);
	tbytes = (x->ep_bits - afi_bits(f) + 7u) / 8u;
	if (rd_bytes(r, x->ip, x->iplen) < 0 ||
	    rd_bytes(r, teid + 4 - tbytes, tbytes) < 0)
		return -1;
	x->teid = get_u32(teid);
	return 0;
}

/* The fields of a route of a known type from its body; -1 unless they
 * fill it exactly. */
static int body_parse(const struct wire_family *f, struct rd *r, struct mup *x)
{
	int rc = -1;

	if (rd_bytes(r, x->rd, 8) < 0)
		return -1;
	switch (x->code) {
	case MUP_ISD:
		rc = read_prefix(f, r, x);
		break;
	case MUP_DSD:
		x->iplen = (uint8_t)rd_left(r);
		rc = (x->iplen == 4 || x->iplen == 16) ?
		     rd_bytes(r, x->ip, x->iplen) : -1;
		break;
	case MUP_T1ST:
		rc = t1st_parse(f, r, x);
		break;
	case MUP_T2ST:
		rc = t2st_parse(f, r, x);
		break;
	}
	return rc == 0 && rd_left(r) == 0 ? 0 : -1;
}

static int mup_next(const struct wire_family *f, struct rd *r,
		    const struct wire_ctx *ctx, struct wire_nlri *n,
		    struct lb_err *err)
{
	size_t start = rd_offset(r);
	const uint8_t *p = r->p;
	struct mup x;
	struct rd body;
	uint8_t len;

	(void)ctx;
	memset(&x, 0, sizeof(x));
	if (rd_u8(r, &x.arch) < 0 || rd_u16(r, &x.code) < 0 || rd_u8(r, &len) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: header truncated", f->name);
	if (rd_sub(r, len, &body) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: route of %u octets runs past the NLRI field",
				  f->name, len);
	n->p = p;
	n->len = MUP_HEADER + len;
	if (!is_known(x.arch, x.code)) {
		lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 10, start,
			   "%s: unknown architecture %u route type %u dropped (RFC 7606 §5.4)",
			   f->name, x.arch, x.code);
		return 1;
	}
	if (body_parse(f, &body, &x) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: %s of %u octets is malformed", f->name,
				  names[x.code], len);
	return 0;
}

/* The fields of an NLRI next() accepted. */
static void mup_view(const struct wire_family *f, const struct wire_nlri *n,
		     struct mup *x)
{
	struct rd body;

	memset(x, 0, sizeof(*x));
	if (n->len < MUP_HEADER)
		return;
	x->arch = n->p[0];
	x->code = get_u16(n->p + 1);
	rd_init(&body, n->p + MUP_HEADER, n->len - MUP_HEADER);
	if (!is_known(x->arch, x->code) || body_parse(f, &body, x) < 0)
		x->code = 0;
}

static void put_ip(struct sink *s, const char *key, const uint8_t *a, size_t n)
{
	sink_key(s, key);
	wire_ip_text(sink_text(s), a, n);
	sink_text_end(s);
}

static void put_num_str(struct sink *s, const char *key, uint64_t v)
{
	sink_key(s, key);
	wbuf_uint(sink_text(s), v);
	sink_text_end(s);
}

static void put_rd(struct sink *s, const uint8_t rd[8])
{
	sink_key(s, "rd");
	wire_rd_text(sink_text(s), rd);
	sink_text_end(s);
}

static void mup_json(const struct wire_family *f, struct sink *s,
		     const struct wire_nlri *n, const struct wire_nh *nh,
		     const struct wire_ctx *ctx)
{
	size_t asize = afi_bits(f) / 8;
	struct wbuf *w;
	struct mup x;

	(void)nh, (void)ctx;
	mup_view(f, n, &x);
	sink_obj(s);
	if (x.code) {
		sink_kstr(s, "name", names[x.code]);
		sink_kuint(s, "arch", x.arch);
		sink_kuint(s, "code", x.code);
	}
	switch (x.code) {
	case MUP_ISD:
		sink_kuint(s, "prefix_ip_len", x.plen);
		put_ip(s, "prefix_ip", x.prefix, asize);
		put_rd(s, x.rd);
		break;
	case MUP_DSD:
		put_ip(s, "ip", x.ip, x.iplen);
		put_rd(s, x.rd);
		break;
	case MUP_T1ST:
		sink_kuint(s, "prefix_ip_len", x.plen);
		put_ip(s, "prefix_ip", x.prefix, asize);
		put_num_str(s, "teid", x.teid);
		put_num_str(s, "qfi", x.qfi);
		put_rd(s, x.rd);
		sink_kuint(s, "endpoint_ip_len", x.ep_bits);
		put_ip(s, "endpoint_ip", x.ip, x.iplen);
		sink_kuint(s, "source_ip_len", x.srclen * 8u);
		if (x.srclen)
			put_ip(s, "source_ip", x.src, x.srclen);
		else
			sink_kstr(s, "source_ip", NO_SOURCE);
		break;
	case MUP_T2ST:
		sink_kuint(s, "endpoint_len", x.ep_bits);
		put_ip(s, "endpoint_ip", x.ip, x.iplen);
		put_rd(s, x.rd);
		put_num_str(s, "teid", x.teid);
		break;
	}
	sink_key(s, "raw");
	w = sink_text(s);
	wbuf_hex(w, n->p, n->len, 1);
	sink_text_end(s);
	sink_obj_end(s);
}

/* ExaBGP's str():
 *   mup:isd:100:100:10.0.1.0/24
 *   mup:dsd:100:100:10.0.0.1
 *   mup:t1st:100:100:192.168.0.1/32:12345:9:10.0.0.1/32[:SOURCE/LEN]
 *       (the endpoint followed by the prefix length, as ExaBGP writes it)
 *   mup:t2st:100:100:64:10.0.0.1:12345: */
static void mup_text(const struct wire_family *f, struct wbuf *w,
		     const struct wire_nlri *n, const struct wire_ctx *ctx)
{
	size_t asize = afi_bits(f) / 8;
	struct mup x;

	(void)ctx;
	mup_view(f, n, &x);
	if (!x.code) {
		wbuf_str(w, "mup:unknown:0x");
		if (n->len > MUP_HEADER)
			wbuf_hex(w, n->p + MUP_HEADER, n->len - MUP_HEADER, 0);
		return;
	}
	wbuf_printf(w, "mup:%s:", shorts[x.code]);
	wire_rd_text(w, x.rd);
	wbuf_u8(w, ':');
	switch (x.code) {
	case MUP_ISD:
		wire_ip_text(w, x.prefix, asize);
		wbuf_printf(w, "/%u", x.plen);
		break;
	case MUP_DSD:
		wire_ip_text(w, x.ip, x.iplen);
		break;
	case MUP_T1ST:
		wire_ip_text(w, x.prefix, asize);
		wbuf_printf(w, "/%u:%u:%u:", x.plen, x.teid, x.qfi);
		wire_ip_text(w, x.ip, x.iplen);
		wbuf_printf(w, "/%u", x.plen);
		if (x.srclen) {
			wbuf_u8(w, ':');
			wire_ip_text(w, x.src, x.srclen);
			wbuf_printf(w, "/%u", x.srclen * 8u);
		}
		break;
	case MUP_T2ST:
		wbuf_printf(w, "%u:", x.ep_bits);
		wire_ip_text(w, x.ip, x.iplen);
		wbuf_printf(w, ":%u:", x.teid);
		break;
	}
}

/* --- encoding ----------------------------------------------------------- */

static int fail(const struct wire_family *f, struct lb_err *err,
		const char *what)
{
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: %s", f->name, what);
}

/* "raw": the whole NLRI in hex, one NLRI the decoder delimits and, for a
 * known type, parses (an unknown type may still be sent). */
static int encode_raw(const struct wire_family *f, struct wbuf *w,
		      const struct val *raw, struct lb_err *err)
{
	uint8_t buf[MUP_HEADER + 255];
	struct wire_nlri n;
	struct lb_err e;
	struct wbuf tmp;
	struct rd r;
	const char *p;
	size_t len, bad;

	wbuf_init_fixed(&tmp, buf, sizeof(buf));
	if (val_as_str(raw, &p, &len) < 0 || hex_decode(p, len, &tmp, &bad) < 0)
		return fail(f, err, "\"raw\" must be hex");
	rd_init(&r, buf, tmp.len);
	if (tmp.len < MUP_HEADER || buf[3] != tmp.len - MUP_HEADER)
		return fail(f, err, "\"raw\" must be one NLRI: its length octet does not match");
	if (mup_next(f, &r, NULL, &n, &e) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: \"raw\": %s",
				  f->name, e.reason);
	return wbuf_put(w, buf, tmp.len);
}

/* The route type: "code" 1-4 (with "arch" 1, the default) or the
 * configuration's word ("mup-isd", ...), else ExaBGP's "name". */
static int type_from_val(const struct val *v, struct mup *x)
{
	const struct val *code = val_get(v, "code");
	uint64_t arch = MUP_ARCH_3GPP_5G, num = 0;

	if (val_get(v, "arch") && val_as_u64(val_get(v, "arch"), &arch) < 0)
		return -1;
	for (uint16_t t = MUP_ISD; t <= MUP_T2ST; t++)
		if ((code && val_is_str(code, words[t])) ||
		    (!code && val_is_str(val_get(v, "name"), names[t])))
			num = t;
	if (!num && code && val_as_u64(code, &num) < 0)
		return -1;
	if (arch > 255 || num > 0xFFFF || !is_known((uint8_t)arch, (uint16_t)num))
		return -1;
	x->arch = (uint8_t)arch;
	x->code = (uint16_t)num;
	return 0;
}

static int addr_from_val(const struct val *v, uint16_t want_afi, uint8_t *addr,
			 uint8_t *len)
{
	const char *p;
	size_t n;
	uint16_t afi;

	if (val_as_str(v, &p, &n) < 0 || wire_ip_parse(p, n, &afi, addr) < 0 ||
	    (want_afi && afi != want_afi))
		return -1;
	*len = afi == WIRE_AFI_IPV6 ? 16 : 4;
	return 0;
}

/* "prefix_ip": "10.0.1.0" with "prefix_ip_len": 24, or "10.0.1.0/24" */
static int prefix_from_val(const struct wire_family *f, const struct val *v,
			   struct mup *x)
{
	const struct val *lenv = val_get(v, "prefix_ip_len");
	uint64_t bits;
	unsigned plen;
	uint8_t len;
	const char *p;
	size_t n;

	if (!lenv) {
		if (val_as_str(val_get(v, "prefix_ip"), &p, &n) < 0 ||
		    wire_prefix_parse(p, n, f->afi, x->prefix, &plen) < 0)
			return -1;
		x->plen = (uint8_t)plen;
		return 0;
	}
	if (val_as_u64(lenv, &bits) < 0 || bits > afi_bits(f) ||
	    addr_from_val(val_get(v, "prefix_ip"), f->afi, x->prefix, &len) < 0)
		return -1;
	x->plen = (uint8_t)bits;
	return 0;
}

static int u32_from_val(const struct val *v, uint64_t max, uint32_t *out)
{
	uint64_t num;

	if (val_as_u64(v, &num) < 0 || num > max)
		return -1;
	*out = (uint32_t)num;
	return 0;
}

/* A T1ST source given as "b''" (ExaBGP's JSON), "", null or absent is no
 * source. */
static bool no_source(const struct val *v)
{
	return !v || v->type == VAL_NULL || val_is_str(v, NO_SOURCE) ||
	       val_is_str(v, "");
}

/* T2ST: "endpoint_ip", "teid" and "endpoint_len" (the address bits plus
 * those of the TEID); "teid" may be the configuration's "12345/32", TEID
 * and its bits, in place of "endpoint_len". */
static int t2st_from_val(const struct wire_family *f, const struct val *v,
			 struct mup *x)
{
	const struct val *teid = val_get(v, "teid");
	const struct val *eplen = val_get(v, "endpoint_len");
	uint64_t num, bits = teid ? 32 : 0;
	const char *p, *slash = NULL;
	size_t n;

	if (addr_from_val(val_get(v, "endpoint_ip"), f->afi, x->ip, &x->iplen) < 0)
		return -1;
	if (val_as_str(teid, &p, &n) == 0 && (slash = memchr(p, '/', n))) {
		if (wire_parse_uint(p, (size_t)(slash - p), UINT32_MAX, &num) < 0 ||
		    wire_parse_uint(slash + 1, (size_t)(p + n - slash - 1), 32, &bits) < 0)
			return -1;
		x->teid = (uint32_t)num;
	} else if (teid && u32_from_val(teid, UINT32_MAX, &x->teid) < 0) {
		return -1;
	}
	num = afi_bits(f) + bits;
	if (eplen && !slash && (val_as_u64(eplen, &num) < 0 ||
				num < afi_bits(f) || num > afi_bits(f) + 32))
		return -1;
	x->ep_bits = (uint8_t)num;
	/* the TEID must fit the octets its length gives it */
	num = (x->ep_bits - afi_bits(f) + 7u) / 8u;
	return num == 4 || x->teid >> (8 * num) == 0 ? 0 : -1;
}

static int fields_from_val(const struct wire_family *f, const struct val *v,
			   struct mup *x)
{
	uint32_t num;

	switch (x->code) {
	case MUP_ISD:
		return prefix_from_val(f, v, x);
	case MUP_DSD:
		return addr_from_val(val_get(v, "ip"), 0, x->ip, &x->iplen);
	case MUP_T1ST:
		if (prefix_from_val(f, v, x) < 0 ||
		    u32_from_val(val_get(v, "teid"), UINT32_MAX, &x->teid) < 0 ||
		    u32_from_val(val_get(v, "qfi"), 255, &num) < 0 ||
		    addr_from_val(val_get(v, "endpoint_ip"), 0, x->ip, &x->iplen) < 0)
			return -1;
		x->qfi = (uint8_t)num;
		if (no_source(val_get(v, "source_ip")))
			return 0;
		return addr_from_val(val_get(v, "source_ip"), 0, x->src, &x->srclen);
	case MUP_T2ST:
		return t2st_from_val(f, v, x);
	}
	return -1;
}

static int body_write(const struct wire_family *f, struct wbuf *w,
		      const struct mup *x)
{
	uint8_t teid[4] = { (uint8_t)(x->teid >> 24), (uint8_t)(x->teid >> 16),
			    (uint8_t)(x->teid >> 8), (uint8_t)x->teid };
	size_t tbytes;
	int errs = 0;

	errs += wbuf_put(w, x->rd, 8);
	switch (x->code) {
	case MUP_ISD:
		errs += wbuf_u8(w, x->plen);
		errs += wbuf_put(w, x->prefix, (x->plen + 7u) / 8u);
		break;
	case MUP_DSD:
		errs += wbuf_put(w, x->ip, x->iplen);
		break;
	case MUP_T1ST:
		errs += wbuf_u8(w, x->plen);
		errs += wbuf_put(w, x->prefix, (x->plen + 7u) / 8u);
		errs += wbuf_u32(w, x->teid);
		errs += wbuf_u8(w, x->qfi);
		errs += wbuf_u8(w, (uint8_t)(x->iplen * 8));
		errs += wbuf_put(w, x->ip, x->iplen);
		if (x->srclen) {
			errs += wbuf_u8(w, (uint8_t)(x->srclen * 8));
			errs += wbuf_put(w, x->src, x->srclen);
		}
		break;
	case MUP_T2ST:
		tbytes = (x->ep_bits - afi_bits(f) + 7u) / 8u;
		errs += wbuf_u8(w, x->ep_bits);
		errs += wbuf_put(w, x->ip, x->iplen);
		errs += wbuf_put(w, teid + 4 - tbytes, tbytes);
		break;
	}
	return errs ? -1 : 0;
}

/* Input: { "raw": "0100..." } encodes those bytes; when "raw" is present
 * every other member is ignored, as derived.  Otherwise the members of the
 * JSON above ("name", "*_len" of addresses and "source_ip": "b''" are
 * optional): the route type as "code" (1-4, "arch" 1 by default) or the
 * configuration's "mup-isd" .. "mup-t2st", else "name"; "rd"; and
 *   ISD   "prefix_ip" + "prefix_ip_len" (or "prefix_ip": "10.0.1.0/24")
 *   DSD   "ip"
 *   T1ST  prefix as ISD, "teid", "qfi", "endpoint_ip", "source_ip"
 *   T2ST  "endpoint_ip" (of the AFI), "teid", "endpoint_len" (default the
 *         address bits, plus 32 when "teid" is given; "teid": "12345/23"
 *         gives both, as the configuration writes them)
 * Prefix bits past the length are written as given, as ExaBGP does. */
static int mup_encode(const struct wire_family *f, struct wbuf *w,
		      const struct val *v, const struct wire_ctx *ctx,
		      struct lb_err *err)
{
	const struct val *raw = val_get(v, "raw");
	size_t mark, blen;
	const char *p;
	struct mup x;
	size_t n;
	int errs = 0;

	(void)ctx;
	if (raw)
		return encode_raw(f, w, raw, err);
	memset(&x, 0, sizeof(x));
	if (type_from_val(v, &x) < 0)
		return fail(f, err, "\"code\" must be a route type 1-4 of architecture 1 (or \"raw\" given)");
	if (val_as_str(val_get(v, "rd"), &p, &n) < 0 || wire_rd_parse(p, n, x.rd) < 0)
		return fail(f, err, "\"rd\" must be a route distinguisher such as 65000:1");
	if (fields_from_val(f, v, &x) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: the fields of a %s are missing or out of range",
				  f->name, names[x.code]);
	errs += wbuf_u8(w, x.arch);
	errs += wbuf_u16(w, x.code);
	mark = w->len;
	errs += wbuf_u8(w, 0);
	errs += body_write(f, w, &x);
	if (errs)
		return -1;
	blen = w->len - mark - 1;
	return wbuf_set_u8(w, mark, (uint8_t)blen);
}

#define NH(n) ((uint64_t)1 << (n))
#define MUP_OPS .next = mup_next, .json = mup_json, .text = mup_text, \
		.encode = mup_encode, .nh_lens = NH(4) | NH(16)

/* Next hops as ExaBGP's Family.size: IPv4 or IPv6 under either AFI. */
const struct wire_family wire_fam_ipv4_mup = {
	WIRE_AFI_IPV4, WIRE_SAFI_MUP, WIRE_FAM_IPV4_MUP,
	"ipv4 mup", "ipv4", "mup", MUP_OPS,
};
const struct wire_family wire_fam_ipv6_mup = {
	WIRE_AFI_IPV6, WIRE_SAFI_MUP, WIRE_FAM_IPV6_MUP,
	"ipv6 mup", "ipv6", "mup", MUP_OPS,
};
