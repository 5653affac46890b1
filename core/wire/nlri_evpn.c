/* l2vpn evpn NLRI, RFC 7432 §7 and RFC 9136 §3:
 *
 *   <route type 1> <length 1> <route type specific, length octets>
 *
 * with the route types ExaBGP decodes (RD 8, ESI 10, Ethernet Tag 4, labels
 * of 3 octets, IP lengths in bits):
 *   1 Ethernet Auto-Discovery (§7.1)   RD ESI etag label...         22 + 3k
 *   2 MAC/IP Advertisement (§7.2)      RD ESI etag <48> MAC 6 <iplen> IP
 *                                      label1 [label2]    33/36, 37/40, 49/52
 *   3 Inclusive Multicast Ethernet Tag (§7.3)  RD etag <iplen> IP   17, 29
 *   4 Ethernet Segment (§7.4)          RD ESI <iplen> IP             23, 35
 *   5 IP Prefix (RFC 9136 §3.1)        RD ESI etag <plen> prefix gateway
 *                                      label                          34, 58
 * RFC 7432 §7.1 gives type 1 one label; ExaBGP reads a whole stack there
 * (up to the bottom-of-stack bit), and so does luabgp.
 *
 * Errors (RFC 7606):
 *  - the type and length octets missing, or a length running past the NLRI
 *    field: the field cannot be delimited, session reset (§5.3);
 *  - a route of a known type whose length does not fit its layout, a MAC
 *    length other than 48 (RFC 7432 §7.2), an IP length other than 0 (type
 *    2 only), 32 or 128 or disagreeing with the route's length, a prefix
 *    longer than its address (RFC 9136 §3.1), a type 1 label stack cut
 *    mid-entry: the length octet still delimits the route, so the UPDATE is
 *    treated as withdraw (§5.3 "treat-as-withdraw" when the NLRI can be
 *    delimited, as the flow codec does);
 *  - a route of an unknown type is dropped on its own (§5.4 "MUST NOT
 *    consider an unrecognized NLRI type to be malformed", RFC 7432 §7 types
 *    are typed NLRI).  ExaBGP drops those when announced and prints them
 *    when withdrawn; a family codec cannot tell the two apart, so luabgp
 *    drops them in both, as the mcast-vpn codec does.
 *
 * JSON, ExaBGP's ("raw" is the whole NLRI, type and length included, in
 * upper-case hex; the ESI of all zeros prints "-"):
 *   { "code": 2, "parsed": true, "raw": "...", "name": "MAC/IP advertisement",
 *     "rd": "65000:1", "esi": "-", "ethernet-tag": 0,
 *     "mac": "00:11:22:33:44:55", "label": [ [ 100, 1601 ] ],
 *     "ip": "10.0.0.1" }                       ("ip" only when present)
 *   type 1: code parsed raw name rd esi ethernet-tag label (none: no member)
 *   type 3: code parsed raw name rd ethernet-tag ip
 *   type 4: code parsed raw name rd esi ip
 *   type 5: code parsed raw name rd esi ethernet-tag label ip iplen gateway
 *   other:  { "code": 9, "parsed": false, "raw": "..." }
 * Type 2 prints its first label only, as ExaBGP does (the second stays in
 * "raw").  No path-information: ExaBGP prints none for this family.
 */
#include <string.h>

#include "base/hex.h"
#include "wire/common.h"
#include "wire/nlri.h"

enum {
	EVPN_AD = 1,
	EVPN_MAC = 2,
	EVPN_MULTICAST = 3,
	EVPN_SEGMENT = 4,
	EVPN_PREFIX = 5,
};

#define EVPN_HEADER 2
#define ESI_LEN 10
#define MAC_LEN 6
#define MAX_LABELS 85 /* 255 octets of 3-octet entries */

static const char LAYOUT[] = "route length does not fit its type's layout";

struct evpn {
	uint8_t code;
	uint8_t rd[8];
	uint8_t esi[ESI_LEN];
	uint32_t etag;
	uint8_t mac[MAC_LEN];
	uint8_t iplen;           /* address octets: 0, 4 or 16 */
	uint8_t ip[16];          /* type 2 IP, 3/4 originator, 5 prefix */
	uint8_t plen;            /* type 5 prefix length in bits */
	uint8_t gw[16];          /* type 5 gateway, iplen octets */
	int nlabels;
	uint32_t labels[MAX_LABELS];
};

static bool is_known(uint8_t code)
{
	return code >= EVPN_AD && code <= EVPN_PREFIX;
}

static const char *route_name(uint8_t code)
{
	switch (code) {
	case EVPN_AD:
		return "Ethernet Auto-Discovery";
	case EVPN_MAC:
		return "MAC/IP advertisement";
	case EVPN_MULTICAST:
		return "Inclusive Multicast Ethernet Tag";
	case EVPN_SEGMENT:
		return "Ethernet Segment";
	case EVPN_PREFIX:
		return "IP Prefix Advertisement";
	}
	return "unknown";
}

/* ExaBGP's short names (lower-cased), used by its text form and accepted
 * as "code" by the encoder */
static const char *route_short(uint8_t code)
{
	switch (code) {
	case EVPN_AD:
		return "ethernetad";
	case EVPN_MAC:
		return "macadv";
	case EVPN_MULTICAST:
		return "multicast";
	case EVPN_SEGMENT:
		return "segment";
	case EVPN_PREFIX:
		return "prfxadv";
	}
	return "unknown";
}

/* An IP length octet in bits, 0, 32 or 128, and its address: the octets
 * it takes must be what the route's length leaves for it.  On a fault r
 * stays at the length octet. */
static int read_ip(struct rd *r, uint8_t want, struct evpn *x,
		   const char **why)
{
	uint8_t bits;

	if (rd_peek(r, 0, &bits) < 0)
		return -1;
	if (bits != 0 && bits != 32 && bits != 128) {
		*why = "IP address length is not 0, 32 or 128 bits (RFC 7432 §7)";
		return -1;
	}
	if (bits / 8 != want) {
		*why = "IP address length disagrees with the route's length";
		return -1;
	}
	x->iplen = want;
	rd_skip(r, 1);
	return rd_bytes(r, x->ip, want);
}

/* A label stack as ExaBGP reads it (RFC 3032 §2.1): entries up to the one
 * with the bottom-of-stack bit or the end of the route; entries after the
 * bottom of stack are not labels and are left out. */
static void read_labels(struct rd *r, struct evpn *x)
{
	uint32_t v;

	while (x->nlabels < MAX_LABELS && rd_u24(r, &v) == 0) {
		x->labels[x->nlabels++] = v;
		if (v & 1)
			break;
	}
}

/* Octets a type 2 route leaves for its IP address (1 or 2 labels follow). */
static int mac_ip_octets(size_t len, uint8_t *want)
{
	switch (len) {
	case 33: case 36:
		*want = 0;
		return 0;
	case 37: case 40:
		*want = 4;
		return 0;
	case 49: case 52:
		*want = 16;
		return 0;
	}
	return -1;
}

/* The fields of a route of a known type from its body (r holds exactly
 * the body).  On a fault *why says what; r stops at the faulty field (at
 * the start for a layout fault, *why == LAYOUT). */
static int body_parse(struct rd *r, struct evpn *x, const char **why)
{
	/* once the length fits the type's layout, the fixed reads below
	 * cannot run short: their results are not checked again */
	size_t len = rd_left(r);
	uint8_t maclen, want;

	*why = LAYOUT;
	x->nlabels = 0;
	switch (x->code) {
	case EVPN_AD:
		if (len < 22 || (len - 22) % 3)
			return -1;
		rd_bytes(r, x->rd, 8);
		rd_bytes(r, x->esi, ESI_LEN);
		rd_u32(r, &x->etag);
		read_labels(r, x);
		return 0;
	case EVPN_MAC:
		if (mac_ip_octets(len, &want) < 0)
			return -1;
		rd_bytes(r, x->rd, 8);
		rd_bytes(r, x->esi, ESI_LEN);
		rd_u32(r, &x->etag);
		if (rd_peek(r, 0, &maclen) < 0 || maclen != 48) {
			*why = "MAC address length is not 48 bits (RFC 7432 §7.2)";
			return -1;
		}
		rd_skip(r, 1);
		rd_bytes(r, x->mac, MAC_LEN);
		if (read_ip(r, want, x, why) < 0)
			return -1;
		/* the first label only, as ExaBGP prints it */
		rd_u24(r, &x->labels[0]);
		x->nlabels = 1;
		return 0;
	case EVPN_MULTICAST:
		if (len != 17 && len != 29)
			return -1;
		rd_bytes(r, x->rd, 8);
		rd_u32(r, &x->etag);
		return read_ip(r, len == 17 ? 4 : 16, x, why);
	case EVPN_SEGMENT:
		if (len != 23 && len != 35)
			return -1;
		rd_bytes(r, x->rd, 8);
		rd_bytes(r, x->esi, ESI_LEN);
		return read_ip(r, len == 23 ? 4 : 16, x, why);
	case EVPN_PREFIX:
		if (len != 34 && len != 58)
			return -1;
		want = len == 34 ? 4 : 16;
		rd_bytes(r, x->rd, 8);
		rd_bytes(r, x->esi, ESI_LEN);
		rd_u32(r, &x->etag);
		if (rd_peek(r, 0, &x->plen) < 0 || x->plen > want * 8) {
			*why = "IP prefix length is longer than its address (RFC 9136 §3.1)";
			return -1;
		}
		rd_skip(r, 1);
		x->iplen = want;
		rd_bytes(r, x->ip, want);
		rd_bytes(r, x->gw, want);
		rd_u24(r, &x->labels[0]);
		x->nlabels = 1;
		return 0;
	}
	return -1;
}

static int evpn_next(const struct wire_family *f, struct rd *r,
		     const struct wire_ctx *ctx, struct wire_nlri *n,
		     struct lb_err *err)
{
	size_t start = rd_offset(r);
	const uint8_t *p = r->p;
	const char *why;
	struct evpn x;
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
	n->len = EVPN_HEADER + (size_t)len;
	if (!is_known(x.code)) {
		lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 10, start,
			   "%s: unknown route type %u dropped (RFC 7606 §5.4)",
			   f->name, x.code);
		return 1;
	}
	if (body_parse(&body, &x, &why) < 0) {
		/* a layout fault is the length octet's, others the field's */
		lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 10,
			   why == LAYOUT ? start + 1 : rd_offset(&body),
			   "%s: %s of %u octets: %s", f->name,
			   route_name(x.code), len, why);
		return 1;
	}
	return 0;
}

/* The fields of an NLRI; false when it is not a route of a known type
 * with a valid layout (only next()-accepted NLRIs reach the walkers, but
 * they must stay safe on any bytes). */
static bool evpn_view(const struct wire_nlri *n, struct evpn *x)
{
	const char *why;
	struct rd body;

	memset(x, 0, sizeof(*x));
	if (n->len < EVPN_HEADER || n->p[1] != n->len - EVPN_HEADER)
		return false;
	x->code = n->p[0];
	rd_init(&body, n->p + EVPN_HEADER, n->len - EVPN_HEADER);
	return is_known(x->code) && body_parse(&body, x, &why) == 0;
}

/* "-" for the all-zero ESI, else lower-case hex octets joined by ':' */
static void esi_text(struct wbuf *w, const uint8_t *esi)
{
	static const uint8_t zero[ESI_LEN];

	if (memcmp(esi, zero, ESI_LEN) == 0) {
		wbuf_u8(w, '-');
		return;
	}
	for (int i = 0; i < ESI_LEN; i++)
		wbuf_printf(w, i ? ":%02x" : "%02x", esi[i]);
}

/* upper-case hex octets joined by ':' */
static void mac_text(struct wbuf *w, const uint8_t *mac)
{
	for (int i = 0; i < MAC_LEN; i++)
		wbuf_printf(w, i ? ":%02X" : "%02X", mac[i]);
}

/* ExaBGP's label text: " label 100 (1601)", " label [ 1 (17) 2 (33) ]",
 * nothing without labels; the raw value is left out when it is 0. */
static void labels_text(struct wbuf *w, const struct evpn *x)
{
	if (x->nlabels == 0)
		return;
	wbuf_str(w, x->nlabels > 1 ? " label [" : " label");
	for (int i = 0; i < x->nlabels; i++) {
		wbuf_printf(w, " %u", x->labels[i] >> 4);
		if (x->labels[i])
			wbuf_printf(w, " (%u)", x->labels[i]);
	}
	if (x->nlabels > 1)
		wbuf_str(w, " ]");
}

static void put_rd(struct sink *s, const uint8_t *rd)
{
	sink_key(s, "rd");
	wire_rd_text(sink_text(s), rd);
	sink_text_end(s);
}

static void put_esi(struct sink *s, const uint8_t *esi)
{
	sink_key(s, "esi");
	esi_text(sink_text(s), esi);
	sink_text_end(s);
}

static void put_ip(struct sink *s, const char *key, const uint8_t *a, size_t n)
{
	sink_key(s, key);
	wire_ip_text(sink_text(s), a, n);
	sink_text_end(s);
}

static void put_labels(struct sink *s, const struct evpn *x)
{
	if (x->nlabels == 0)
		return;
	sink_key(s, "label");
	wire_labels_json(s, x->labels, x->nlabels);
}

static void evpn_json(const struct wire_family *f, struct sink *s,
		      const struct wire_nlri *n, const struct wire_nh *nh,
		      const struct wire_ctx *ctx)
{
	struct evpn x;
	bool parsed;

	(void)f, (void)nh, (void)ctx;
	parsed = evpn_view(n, &x);
	sink_obj(s);
	sink_kuint(s, "code", n->len ? n->p[0] : 0);
	sink_kbool(s, "parsed", parsed);
	sink_key(s, "raw");
	wbuf_hex(sink_text(s), n->p, n->len, 1);
	sink_text_end(s);
	if (!parsed) {
		sink_obj_end(s);
		return;
	}
	sink_kstr(s, "name", route_name(x.code));
	put_rd(s, x.rd);
	if (x.code != EVPN_MULTICAST)
		put_esi(s, x.esi);
	if (x.code != EVPN_SEGMENT)
		sink_kuint(s, "ethernet-tag", x.etag);
	switch (x.code) {
	case EVPN_AD:
		put_labels(s, &x);
		break;
	case EVPN_MAC:
		sink_key(s, "mac");
		mac_text(sink_text(s), x.mac);
		sink_text_end(s);
		put_labels(s, &x);
		if (x.iplen)
			put_ip(s, "ip", x.ip, x.iplen);
		break;
	case EVPN_MULTICAST:
	case EVPN_SEGMENT:
		put_ip(s, "ip", x.ip, x.iplen);
		break;
	case EVPN_PREFIX:
		put_labels(s, &x);
		put_ip(s, "ip", x.ip, x.iplen);
		sink_kuint(s, "iplen", x.plen);
		put_ip(s, "gateway", x.gw, x.iplen);
		break;
	}
	sink_obj_end(s);
}

/* ExaBGP's str(): "evpn:<short>:" then the fields joined by ':' (its
 * format adds one ':' after the prefix's own, hence the "::"):
 *   evpn:ethernetad::65000:1:-:0: label 100 (1601)
 *   evpn:macadv::65000:1:-:0:00:11:22:33:44:55/48:10.0.0.1: label 100 (1601)
 *   evpn:multicast::65000:1:0:10.0.0.1        (no ESI)
 *   evpn:segment::65000:1:00:11:..:99:10.0.0.1  (no Ethernet Tag)
 *   evpn:prfxadv::65000:1:-:0:10.0.0.0/24:0.0.0.0: label 100 (1601)
 *   evpn:unknown:0x<body in lower-case hex>
 * The MAC always carries "/48": ExaBGP compares the MAC's length in octets
 * with 48 bits. */
static void evpn_text(const struct wire_family *f, struct wbuf *w,
		      const struct wire_nlri *n, const struct wire_ctx *ctx)
{
	struct evpn x;

	(void)f, (void)ctx;
	if (!evpn_view(n, &x)) {
		wbuf_str(w, "evpn:unknown:0x");
		if (n->len > EVPN_HEADER)
			wbuf_hex(w, n->p + EVPN_HEADER, n->len - EVPN_HEADER, 0);
		return;
	}
	wbuf_printf(w, "evpn:%s::", route_short(x.code));
	wire_rd_text(w, x.rd);
	wbuf_u8(w, ':');
	if (x.code != EVPN_MULTICAST) {
		esi_text(w, x.esi);
		wbuf_u8(w, ':');
	}
	if (x.code != EVPN_SEGMENT)
		wbuf_printf(w, "%u:", x.etag);
	switch (x.code) {
	case EVPN_MAC:
		mac_text(w, x.mac);
		wbuf_str(w, "/48:");
		if (x.iplen)
			wire_ip_text(w, x.ip, x.iplen);
		wbuf_u8(w, ':');
		break;
	case EVPN_MULTICAST:
	case EVPN_SEGMENT:
		wire_ip_text(w, x.ip, x.iplen);
		return;
	case EVPN_PREFIX:
		wire_ip_text(w, x.ip, x.iplen);
		wbuf_printf(w, "/%u:", x.plen);
		wire_ip_text(w, x.gw, x.iplen);
		wbuf_u8(w, ':');
		break;
	}
	labels_text(w, &x);
}

/* --- encoding ------------------------------------------------------------- */

static int enc_fail(const struct wire_family *f, struct lb_err *err,
		const char *what)
{
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: %s", f->name, what);
}

/* "raw": the whole NLRI in hex.  It must be one NLRI that the decoder can
 * delimit and, for types 1 to 5, parse; an unknown type (which the decoder
 * drops on receipt) may still be sent. */
static int encode_raw(const struct wire_family *f, struct wbuf *w,
		      const struct val *raw, struct lb_err *err)
{
	uint8_t buf[EVPN_HEADER + 255];
	struct wire_nlri n;
	struct lb_err e;
	struct wbuf tmp;
	struct rd r;
	const char *p;
	size_t len, bad;

	wbuf_init_fixed(&tmp, buf, sizeof(buf));
	if (val_as_str(raw, &p, &len) < 0 || hex_decode(p, len, &tmp, &bad) < 0)
		return enc_fail(f, err, "\"raw\" must be hex");
	if (tmp.len < EVPN_HEADER || buf[1] != tmp.len - EVPN_HEADER)
		return enc_fail(f, err, "\"raw\" must be one NLRI: its length octet does not match");
	rd_init(&r, buf, tmp.len);
	lb_err_clear(&e);
	if (evpn_next(f, &r, NULL, &n, &e) < 0 || e.act == LB_ACT_WITHDRAW)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: \"raw\": %s",
				  f->name, e.reason);
	return wbuf_put(w, buf, tmp.len);
}

/* "code": 1 to 5 or ExaBGP's short names */
static int code_from_val(const struct val *v, uint8_t *code)
{
	uint64_t num;

	for (uint8_t c = EVPN_AD; c <= EVPN_PREFIX; c++)
		if (val_is_str(v, route_short(c))) {
			*code = c;
			return 0;
		}
	if (val_as_u64(v, &num) < 0 || num > 255 || !is_known((uint8_t)num))
		return -1;
	*code = (uint8_t)num;
	return 0;
}

/* n octets in hex pairs joined by ':' ("00:11:22:33:44:55") */
static int octets_parse(const char *s, size_t len, uint8_t *out, size_t n)
{
	char pair[2];
	struct wbuf w;
	size_t bad;

	if (len != n * 3 - 1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (i && s[i * 3 - 1] != ':')
			return -1;
		pair[0] = s[i * 3];
		pair[1] = s[i * 3 + 1];
		wbuf_init_fixed(&w, out + i, 1);
		if (hex_decode(pair, 2, &w, &bad) < 0 || w.len != 1)
			return -1;
	}
	return 0;
}

/* "esi": "-" (all zeros) or ten octets; absent means all zeros */
static int esi_from_val(const struct val *v, uint8_t *esi)
{
	const char *p;
	size_t n;

	memset(esi, 0, ESI_LEN);
	if (!v)
		return 0;
	if (val_as_str(v, &p, &n) < 0)
		return -1;
	if (n == 1 && p[0] == '-')
		return 0;
	return octets_parse(p, n, esi, ESI_LEN);
}

static int ip_from_val(const struct val *v, uint8_t *addr, uint8_t *len)
{
	const char *p;
	size_t n;
	uint16_t afi;

	if (val_as_str(v, &p, &n) < 0 || wire_ip_parse(p, n, &afi, addr) < 0)
		return -1;
	*len = afi == WIRE_AFI_IPV6 ? 16 : 4;
	return 0;
}

/* "label": [ [ 100, 1601 ] ], [ [ 100 ] ], [ 100, 200 ] or 100.  A raw
 * value is written as given; a label given by number alone gets the
 * bottom-of-stack bit when it is the last, except [ 0 ], the form the JSON
 * gives a raw value of 0. */
static int labels_from_val(const struct val *v, struct evpn *x)
{
	uint64_t num;

	x->nlabels = 0;
	if (!v)
		return 0;
	if (v->type != VAL_ARR) {
		if (val_as_u64(v, &num) < 0 || num > 0xFFFFF)
			return -1;
		x->labels[x->nlabels++] = (uint32_t)num << 4 | 1;
		return 0;
	}
	for (const struct val *e = v->kids.first; e; e = e->next) {
		const struct val *lab = e->type == VAL_ARR ? val_at(e, 0) : e;
		const struct val *raw = e->type == VAL_ARR ? val_at(e, 1) : NULL;
		bool last = e->next == NULL;

		if (x->nlabels >= MAX_LABELS)
			return -1;
		if (raw) {
			if (val_as_u64(raw, &num) < 0 || num > 0xFFFFFF)
				return -1;
			x->labels[x->nlabels++] = (uint32_t)num;
			continue;
		}
		if (val_as_u64(lab, &num) < 0 || num > 0xFFFFF)
			return -1;
		x->labels[x->nlabels++] = (uint32_t)num << 4 |
			(last && !(e->type == VAL_ARR && num == 0));
	}
	return 0;
}

static int put_labels_wire(struct wbuf *w, const struct evpn *x)
{
	int errs = 0;

	for (int i = 0; i < x->nlabels; i++)
		errs += wbuf_u24(w, x->labels[i]);
	return errs;
}

/* The fields of one route type from the object; on error *what names the
 * first member at fault. */
static int fields_from_val(const struct val *v, struct evpn *x,
			   const char **what)
{
	uint64_t num;
	uint8_t len;
	const char *p;
	size_t n;

	*what = "\"rd\" must be a route distinguisher such as 65000:1";
	if (val_as_str(val_get(v, "rd"), &p, &n) < 0 ||
	    wire_rd_parse(p, n, x->rd) < 0)
		return -1;
	*what = "\"esi\" must be \"-\" or ten hex octets joined by ':'";
	if (x->code != EVPN_MULTICAST &&
	    esi_from_val(val_get(v, "esi"), x->esi) < 0)
		return -1;
	*what = "\"ethernet-tag\" must be a number from 0 to 4294967295";
	if (x->code != EVPN_SEGMENT) {
		if (val_as_u64(val_get(v, "ethernet-tag"), &num) < 0 ||
		    num > UINT32_MAX)
			return -1;
		x->etag = (uint32_t)num;
	}
	*what = "\"label\" must be a label stack such as [ [ 100 ] ]";
	if (labels_from_val(val_get(v, "label"), x) < 0)
		return -1;
	switch (x->code) {
	case EVPN_AD:
		return 0;
	case EVPN_MAC:
		*what = "\"mac\" must be six hex octets joined by ':'";
		if (val_as_str(val_get(v, "mac"), &p, &n) < 0 ||
		    octets_parse(p, n, x->mac, MAC_LEN) < 0)
			return -1;
		*what = "\"label\" must hold one or two labels (RFC 7432 §7.2)";
		if (x->nlabels < 1 || x->nlabels > 2)
			return -1;
		*what = "\"ip\" must be an IP address";
		if (val_get(v, "ip") && ip_from_val(val_get(v, "ip"), x->ip, &x->iplen) < 0)
			return -1;
		return 0;
	case EVPN_MULTICAST:
	case EVPN_SEGMENT:
		*what = "\"ip\" must be an IP address";
		return ip_from_val(val_get(v, "ip"), x->ip, &x->iplen);
	case EVPN_PREFIX:
		*what = "\"label\" must hold one label (RFC 9136 §3.1)";
		if (x->nlabels != 1)
			return -1;
		*what = "\"ip\" and \"gateway\" must be IP addresses of one family";
		if (ip_from_val(val_get(v, "ip"), x->ip, &x->iplen) < 0 ||
		    ip_from_val(val_get(v, "gateway"), x->gw, &len) < 0 ||
		    len != x->iplen)
			return -1;
		*what = "\"iplen\" must be a prefix length that fits the address";
		if (val_as_u64(val_get(v, "iplen"), &num) < 0 ||
		    num > (uint64_t)x->iplen * 8)
			return -1;
		x->plen = (uint8_t)num;
		return 0;
	}
	return -1;
}

/* Input: { "raw": "02..." } encodes those bytes (any route type, the
 * length octet must match); when "raw" is present every other member is
 * ignored, as derived.  Otherwise a route of type 1 to 5 from the members
 * the JSON prints ("code" a number or ExaBGP's short name: ethernetad,
 * macadv, multicast, segment, prfxadv; "esi" absent means "-"; "label" a
 * stack, one or two for type 2, one for type 5). */
static int evpn_encode(const struct wire_family *f, struct wbuf *w,
		       const struct val *v, const struct wire_ctx *ctx,
		       struct lb_err *err)
{
	const struct val *raw = val_get(v, "raw");
	const char *what;
	struct evpn x;
	size_t mark;
	int errs = 0;

	(void)ctx;
	if (raw)
		return encode_raw(f, w, raw, err) < 0 ? -1 : 0;
	memset(&x, 0, sizeof(x));
	if (code_from_val(val_get(v, "code"), &x.code) < 0)
		return enc_fail(f, err, "\"code\" must be 1 to 5 (or \"raw\" given)");
	if (fields_from_val(v, &x, &what) < 0)
		return enc_fail(f, err, what);
	errs += wbuf_u8(w, x.code);
	mark = w->len;
	errs += wbuf_u8(w, 0);
	errs += wbuf_put(w, x.rd, 8);
	if (x.code != EVPN_MULTICAST)
		errs += wbuf_put(w, x.esi, ESI_LEN);
	if (x.code != EVPN_SEGMENT)
		errs += wbuf_u32(w, x.etag);
	switch (x.code) {
	case EVPN_AD:
		errs += put_labels_wire(w, &x);
		break;
	case EVPN_MAC:
		errs += wbuf_u8(w, 48);
		errs += wbuf_put(w, x.mac, MAC_LEN);
		errs += wbuf_u8(w, (uint8_t)(x.iplen * 8));
		errs += wbuf_put(w, x.ip, x.iplen);
		errs += put_labels_wire(w, &x);
		break;
	case EVPN_MULTICAST:
	case EVPN_SEGMENT:
		errs += wbuf_u8(w, (uint8_t)(x.iplen * 8));
		errs += wbuf_put(w, x.ip, x.iplen);
		break;
	case EVPN_PREFIX:
		errs += wbuf_u8(w, x.plen);
		errs += wbuf_put(w, x.ip, x.iplen);
		errs += wbuf_put(w, x.gw, x.iplen);
		errs += put_labels_wire(w, &x);
		break;
	}
	if (errs)
		return -1;
	if (w->len - mark - 1 > 255)
		return enc_fail(f, err, "route longer than 255 octets");
	return wbuf_set_u8(w, mark, (uint8_t)(w->len - mark - 1));
}

#define NH(n) ((uint64_t)1 << (n))

/* Next hops as ExaBGP's Family.size: IPv4 only. */
const struct wire_family wire_fam_l2vpn_evpn = {
	WIRE_AFI_L2VPN, WIRE_SAFI_EVPN, WIRE_FAM_L2VPN_EVPN,
	"l2vpn evpn", "l2vpn", "evpn",
	.next = evpn_next, .json = evpn_json, .text = evpn_text,
	.encode = evpn_encode, .nh_lens = NH(4),
};
