/* BGP-LS NLRI, RFC 9552 §5.2 (AFI 16388, SAFI 71 "bgp-ls" and SAFI 72
 * "bgp-ls-vpn"), and the SRv6 SID NLRI of RFC 9514 §6:
 *
 *   <NLRI type 2> <total length 2> [<RD 8> on SAFI 72]
 *   <protocol-id 1> <identifier 8> <TLVs ...>
 *
 * Types: 1 node, 2 link, 3 IPv4 topology prefix, 4 IPv6 topology prefix,
 * 6 SRv6 SID.  The descriptors are TLVs (type 2, length 2):
 *   256/257  local / remote node descriptors, holding sub-TLVs 512 AS,
 *            513 BGP-LS identifier, 514 OSPF area, 515 IGP router id,
 *            516 BGP router id, 517 member AS (RFC 9086 §4)
 *   258..263 link descriptors (RFC 9552 §5.2.2)
 *   263..265 prefix descriptors (§5.2.3)
 *   518      SRv6 SID information (RFC 9514 §6.1)
 *
 * Error handling, RFC 9552 §8.2.2: the total length delimits the NLRI, so
 * a fault inside it (a TLV or sub-TLV length that does not add up, a
 * descriptor of the wrong size) lets the rest of the UPDATE be read and the
 * NLRI is treated as withdrawn.  A total length that runs past the NLRI
 * field leaves the rest undelimited: AFI/SAFI disable (the RFC's SHOULD;
 * the session layer falls back to a reset when nothing else is carried).
 *
 * JSON, ExaBGP's (pinned by the bgp-ls-* decoding vectors):
 *   node:   { "ls-nlri-type": "bgpls-node", "l3-routing-topology": 4,
 *             "protocol-id": 1, "node-descriptors": [ {...}, ... ],
 *             "nexthop": "192.168.252.139" }
 *   link:   { ..., "local-node-descriptors": [...],
 *             "remote-node-descriptors": [...], "interface-addresses": [...],
 *             "neighbor-addresses": [...], "multi-topology-ids": [...],
 *             "link-identifiers": [ { "link-local-id", "link-remote-id" } ] }
 *   prefix: { ..., "node-descriptors": [...], "ip-reachability-tlv":
 *             "10.134.2.88/30", "ip-reach-prefix": "10.134.2.88/30",
 *             "nexthop": "...", "ospf-route-type": 1 }
 *   srv6:   { ..., "node-descriptors": [...], "srv6-sid-descriptors":
 *             { "multi-topology-ids": [...], "srv6-sid": "fc00::1" } }
 *   other:  { "code": 5, "parsed": false, "raw": "<hex of the value>" }
 * and "rd" last on SAFI 72.  A node descriptor prints as one object per
 * sub-TLV: { "autonomous-system": 65001 }, { "bgp-ls-identifier": "0" }
 * (a string), { "ospf-area-id": "0.0.0.0" }, { "router-id": ... }.  The IGP
 * router id is an address for OSPF, direct and static (protocol 3 to 6, and
 * ExaBGP's 227), with "designated-router-id" for a pseudonode (8 octets);
 * for IS-IS and any other protocol it prints as lowercase hex (the system
 * id), with "psn" (a string) when the pseudonode octet is non-zero.
 *
 * What ExaBGP's JSON leaves out (so the encoder cannot rebuild it): link
 * and prefix TLVs it does not know, link identifiers other than the last,
 * and the order of TLVs.  The encoder writes the TLVs in ascending order
 * (RFC 9552 §5.1), which is how conforming speakers send them.
 *
 * Text: ExaBGP prints these NLRIs as their JSON (str() is json()), in its
 * hand-built spaced layout; luabgp prints the same members in that layout.
 */
#include <string.h>

#include <stdio.h>

#include "base/hex.h"
#include "base/json_sink.h"
#include "wire/common.h"
#include "wire/nlri.h"

enum ls_type {
	LS_NODE = 1,
	LS_LINK = 2,
	LS_PREFIX_V4 = 3,
	LS_PREFIX_V6 = 4,
	LS_SRV6_SID = 6,
};

enum ls_tlv_code {
	TLV_LOCAL_NODE = 256,
	TLV_REMOTE_NODE = 257,
	TLV_LINK_ID = 258,
	TLV_IPV4_IFACE = 259,
	TLV_IPV4_NEIGH = 260,
	TLV_IPV6_IFACE = 261,
	TLV_IPV6_NEIGH = 262,
	TLV_MT_ID = 263,
	TLV_OSPF_ROUTE = 264,
	TLV_IP_REACH = 265,
	SUB_AS = 512,
	SUB_BGPLS_ID = 513,
	SUB_OSPF_AREA = 514,
	SUB_IGP_ROUTER = 515,
	SUB_BGP_ROUTER = 516,
	SUB_MEMBER_AS = 517,
	TLV_SRV6_SID_INFO = 518,
};

#define LS_HEAD 4      /* NLRI type + total length */
#define LS_FIXED 9     /* protocol-id + identifier */
#define MT_ID_MASK 0x0FFFu /* RFC 9552 §5.2.2.1: 4 reserved bits, 12-bit id */

/* The parts of one NLRI that next() accepted. */
struct ls_view {
	uint16_t type;
	const uint8_t *rd;      /* SAFI 72 only */
	uint8_t proto;
	uint64_t id;
	const uint8_t *tlv;     /* descriptors */
	size_t tlv_len;
	const uint8_t *body;    /* everything after the RD (unknown types) */
	size_t body_len;
};

static bool is_vpn(const struct wire_family *f)
{
	return f->safi == WIRE_SAFI_BGPLS_VPN;
}

static bool known_type(uint16_t t)
{
	return t == LS_NODE || t == LS_LINK || t == LS_PREFIX_V4 ||
	       t == LS_PREFIX_V6 || t == LS_SRV6_SID;
}

/* Read one TLV header and cut its value; -1 when it does not fit. */
static int tlv_next(struct rd *r, uint16_t *type, struct rd *val)
{
	uint16_t len;

	if (rd_u16(r, type) < 0 || rd_u16(r, &len) < 0)
		return -1;
	return rd_sub(r, len, val);
}

/* How IGP router ids read, RFC 9552 §5.2.1.4, with ExaBGP's protocol
 * table: IS-IS takes a system id, the OSPF-like ones a router id. */
static bool proto_isis(uint8_t proto)
{
	return proto == 1 || proto == 2;
}

static bool proto_ospf(uint8_t proto)
{
	return (proto >= 3 && proto <= 6) || proto == 227;
}

/* --- validation ----------------------------------------------------------- */

static int bad(struct lb_err *err, const struct wire_family *f,
	       const struct rd *r, const char *what, unsigned code)
{
	return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 10,
			  rd_offset(r), "%s: %s (TLV %u)", f->name, what, code);
}

static int check_sub(const struct wire_family *f, uint8_t proto,
		     uint16_t code, const struct rd *v, struct lb_err *err)
{
	size_t n = rd_left(v);

	switch (code) {
	case SUB_AS:
	case SUB_BGPLS_ID:
	case SUB_BGP_ROUTER:
	case SUB_MEMBER_AS:
		if (n != 4)
			return bad(err, f, v, "node descriptor sub-TLV is not 4 octets", code);
		return 0;
	case SUB_OSPF_AREA:
		if (n != 4 && n != 16)
			return bad(err, f, v, "OSPF area id is neither 4 nor 16 octets", code);
		return 0;
	case SUB_IGP_ROUTER:
		if (proto_isis(proto) && n != 6 && n != 7)
			return bad(err, f, v, "IS-IS router id is neither 6 nor 7 octets", code);
		if (proto_ospf(proto) && n != 4 && n != 8)
			return bad(err, f, v, "OSPF router id is neither 4 nor 8 octets", code);
		if (n == 0)
			return bad(err, f, v, "IGP router id is empty", code);
		return 0;
	default:
		return 0;
	}
}

/* RFC 9552 §5.2.1: sub-TLVs, each at most once, in ascending order. */
static int check_node(const struct wire_family *f, uint8_t proto,
		      struct rd *r, struct lb_err *err)
{
	uint16_t code, prev = 0;
	struct rd v;

	while (rd_left(r)) {
		size_t at = rd_offset(r);

		if (tlv_next(r, &code, &v) < 0)
			return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 10, at,
					  "%s: node descriptor sub-TLV runs past its TLV",
					  f->name);
		if (code <= prev)
			return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 10, at,
					  "%s: node descriptor sub-TLV %u repeated or out of order",
					  f->name, code);
		prev = code;
		if (check_sub(f, proto, code, &v, err) < 0)
			return -1;
	}
	return 0;
}

static int check_reach(const struct wire_family *f, uint16_t type,
		       const struct rd *v, struct lb_err *err)
{
	unsigned max = type == LS_PREFIX_V6 ? 128 : 32;
	uint8_t plen;

	if (rd_peek(v, 0, &plen) < 0 || plen > max ||
	    rd_left(v) != 1u + (plen + 7u) / 8u)
		return bad(err, f, v, "IP reachability prefix length does not match", TLV_IP_REACH);
	return 0;
}

static int check_tlv(const struct wire_family *f, const struct ls_view *lv,
		     uint16_t code, struct rd *v, struct lb_err *err)
{
	size_t n = rd_left(v);

	switch (code) {
	case TLV_LOCAL_NODE:
	case TLV_REMOTE_NODE:
		return check_node(f, lv->proto, v, err);
	case TLV_LINK_ID:
		return n == 8 ? 0 : bad(err, f, v, "link identifiers are not 8 octets", code);
	case TLV_IPV4_IFACE:
	case TLV_IPV4_NEIGH:
		return n == 4 ? 0 : bad(err, f, v, "IPv4 address is not 4 octets", code);
	case TLV_IPV6_IFACE:
	case TLV_IPV6_NEIGH:
		return n == 16 ? 0 : bad(err, f, v, "IPv6 address is not 16 octets", code);
	case TLV_MT_ID:
		return n && n % 2 == 0 ? 0 : bad(err, f, v, "multi-topology ids are not 2-octet values", code);
	case TLV_OSPF_ROUTE:
		return n == 1 ? 0 : bad(err, f, v, "OSPF route type is not 1 octet", code);
	case TLV_IP_REACH:
		return check_reach(f, lv->type, v, err);
	case TLV_SRV6_SID_INFO:
		return n == 16 ? 0 : bad(err, f, v, "SRv6 SID is not 16 octets", code);
	default:
		return 0;
	}
}

/* RFC 9552 §5.2: the first TLV of every known type is the (local) node
 * descriptor; TLV lengths must add up to the NLRI's. */
static int check_body(const struct wire_family *f, const struct ls_view *lv,
		      struct rd *r, struct lb_err *err)
{
	bool first = true;
	uint16_t code;
	struct rd v;

	while (rd_left(r)) {
		size_t at = rd_offset(r);

		if (tlv_next(r, &code, &v) < 0)
			return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 10, at,
					  "%s: descriptor TLV runs past the NLRI", f->name);
		if (first && code != TLV_LOCAL_NODE)
			return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 10, at,
					  "%s: first descriptor is TLV %u, not the local node descriptors",
					  f->name, code);
		first = false;
		if (check_tlv(f, lv, code, &v, err) < 0)
			return -1;
	}
	if (first)
		return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 10,
				  rd_offset(r), "%s: no local node descriptors", f->name);
	return 0;
}

/* Split an NLRI of total length len (header included) at p. */
static int ls_split(const struct wire_family *f, const uint8_t *p, size_t len,
		    struct ls_view *lv)
{
	size_t rd_len = is_vpn(f) ? WIRE_RD_LEN : 0;

	memset(lv, 0, sizeof(*lv));
	if (len < LS_HEAD + rd_len)
		return -1;
	lv->type = get_u16(p);
	lv->rd = rd_len ? p + LS_HEAD : NULL;
	lv->body = p + LS_HEAD + rd_len;
	lv->body_len = len - LS_HEAD - rd_len;
	if (!known_type(lv->type))
		return 0;
	if (lv->body_len < LS_FIXED)
		return -1;
	lv->proto = lv->body[0];
	lv->id = get_u64(lv->body + 1);
	lv->tlv = lv->body + LS_FIXED;
	lv->tlv_len = lv->body_len - LS_FIXED;
	return 0;
}

static int ls_next(const struct wire_family *f, struct rd *r,
		   const struct wire_ctx *ctx, struct wire_nlri *n,
		   struct lb_err *err)
{
	size_t start = rd_offset(r);
	const uint8_t *p = r->p;
	struct ls_view lv;
	uint16_t type, len;
	struct rd body;

	(void)ctx;
	if (rd_u16(r, &type) < 0 || rd_u16(r, &len) < 0)
		return lb_err_set(err, LB_ACT_AFI_DISABLE, LB_NOTIFY_UPDATE, 10, start,
				  "%s: NLRI header truncated", f->name);
	if (rd_sub(r, len, &body) < 0)
		return lb_err_set(err, LB_ACT_AFI_DISABLE, LB_NOTIFY_UPDATE, 10, start,
				  "%s: NLRI length %u runs past the NLRI field",
				  f->name, len);
	n->p = p;
	n->len = LS_HEAD + (size_t)len;
	if (ls_split(f, p, n->len, &lv) < 0) {
		/* delimited by its total length: only this NLRI is lost */
		lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 10, start,
			   "%s: NLRI of %u octets is too short for its fixed fields",
			   f->name, len);
		return 1;
	}
	if (!known_type(lv.type))
		return 0;
	rd_skip(&body, (size_t)(lv.tlv - body.p));
	return check_body(f, &lv, &body, err) < 0 ? 1 : 0;
}

/* --- JSON ----------------------------------------------------------------- */

static void kip(struct sink *s, const char *key, const uint8_t *p, size_t n)
{
	sink_key(s, key);
	wire_ip_text(sink_text(s), p, n);
	sink_text_end(s);
}

static void router_id_json(struct sink *s, uint8_t proto, const uint8_t *p,
			   size_t n)
{
	sink_key(s, "router-id");
	if (proto_ospf(proto) && (n == 4 || n == 8)) {
		wire_ip_text(sink_text(s), p, 4);
		sink_text_end(s);
		if (n == 8)
			kip(s, "designated-router-id", p + 4, 4);
		return;
	}
	wbuf_hex(sink_text(s), p, n, 0);
	sink_text_end(s);
	if (proto_isis(proto) && n == 7 && p[6]) {
		sink_key(s, "psn");
		sink_strf(s, "%u", p[6]);
	}
}

static void sub_json(struct sink *s, uint8_t proto, uint16_t code,
		     const uint8_t *p, size_t n)
{
	sink_obj(s);
	switch (code) {
	case SUB_AS:
		sink_kuint(s, "autonomous-system", get_u32(p));
		break;
	case SUB_BGPLS_ID:
		sink_key(s, "bgp-ls-identifier");
		sink_strf(s, "%u", get_u32(p));
		break;
	case SUB_OSPF_AREA:
		kip(s, "ospf-area-id", p, n);
		break;
	case SUB_IGP_ROUTER:
		router_id_json(s, proto, p, n);
		break;
	case SUB_BGP_ROUTER:
		kip(s, "bgp-router-id", p, n);
		break;
	case SUB_MEMBER_AS:
		sink_kuint(s, "member-asn", get_u32(p));
		break;
	default:
		sink_key(s, "generic-tlv");
		sink_strf(s, "%u", code);
		sink_key(s, "raw");
		sink_hex(s, p, n);
		break;
	}
	sink_obj_end(s);
}

static void nodes_json(struct sink *s, const char *key, uint8_t proto,
		       struct rd r)
{
	uint16_t code;
	struct rd v;

	sink_key(s, key);
	sink_arr(s);
	while (tlv_next(&r, &code, &v) == 0)
		sub_json(s, proto, code, v.p, rd_left(&v));
	sink_arr_end(s);
}

/* The first TLV of code `code` in the descriptors (the node descriptor is
 * always first, next() made sure). */
static bool find_tlv(const struct ls_view *lv, uint16_t code, struct rd *out)
{
	struct rd r;
	uint16_t c;

	rd_init(&r, lv->tlv, lv->tlv_len);
	while (tlv_next(&r, &c, out) == 0)
		if (c == code)
			return true;
	return false;
}

static void addrs_json(struct sink *s, const char *key,
		       const struct ls_view *lv, uint16_t v4, uint16_t v6)
{
	struct rd r, v;
	uint16_t c;

	rd_init(&r, lv->tlv, lv->tlv_len);
	sink_key(s, key);
	sink_arr(s);
	while (tlv_next(&r, &c, &v) == 0)
		if (c == v4 || c == v6) {
			wire_ip_text(sink_text(s), v.p, rd_left(&v));
			sink_text_end(s);
		}
	sink_arr_end(s);
}

static void mt_ids(struct sink *s, const struct ls_view *lv, bool as_text)
{
	struct rd r, v;
	uint16_t c, id;

	rd_init(&r, lv->tlv, lv->tlv_len);
	sink_key(s, "multi-topology-ids");
	sink_arr(s);
	while (tlv_next(&r, &c, &v) == 0) {
		if (c != TLV_MT_ID)
			continue;
		while (rd_u16(&v, &id) == 0) {
			if (as_text)
				sink_strf(s, "%u", id & MT_ID_MASK);
			else
				sink_uint(s, id & MT_ID_MASK);
		}
	}
	sink_arr_end(s);
}

/* ExaBGP keeps the last link identifiers TLV only. */
static void link_ids(struct sink *s, const struct ls_view *lv)
{
	const uint8_t *last = NULL;
	struct rd r, v;
	uint16_t c;

	rd_init(&r, lv->tlv, lv->tlv_len);
	while (tlv_next(&r, &c, &v) == 0)
		if (c == TLV_LINK_ID)
			last = v.p;
	sink_key(s, "link-identifiers");
	sink_arr(s);
	if (last) {
		sink_obj(s);
		sink_kuint(s, "link-local-id", get_u32(last));
		sink_kuint(s, "link-remote-id", get_u32(last + 4));
		sink_obj_end(s);
	}
	sink_arr_end(s);
}

static void node_desc(struct sink *s, const char *key,
		      const struct ls_view *lv, uint16_t code)
{
	struct rd v;

	if (!find_tlv(lv, code, &v))
		rd_init(&v, lv->tlv, 0);
	nodes_json(s, key, lv->proto, v);
}

static void nexthop_json(struct sink *s, const struct wire_nh *nh)
{
	struct wire_nh none;

	if (!nh) {
		memset(&none, 0, sizeof(none));
		nh = &none;
	}
	sink_key(s, "nexthop");
	wire_nh_text(sink_text(s), nh);
	sink_text_end(s);
}

static void reach_json(struct sink *s, const struct ls_view *lv)
{
	uint16_t afi = lv->type == LS_PREFIX_V6 ? WIRE_AFI_IPV6 : WIRE_AFI_IPV4;
	uint8_t addr[16] = { 0 };
	struct rd v;
	uint8_t plen;

	if (!find_tlv(lv, TLV_IP_REACH, &v) || rd_u8(&v, &plen) < 0)
		return;
	memcpy(addr, v.p, rd_left(&v));
	sink_key(s, "ip-reachability-tlv");
	wire_prefix_text(sink_text(s), afi, addr, plen);
	sink_text_end(s);
	sink_key(s, "ip-reach-prefix");
	wire_prefix_text(sink_text(s), afi, addr, plen);
	sink_text_end(s);
}

static void srv6_descs(struct sink *s, const struct ls_view *lv)
{
	struct rd r, v;
	uint16_t c;

	sink_key(s, "srv6-sid-descriptors");
	sink_obj(s);
	mt_ids(s, lv, true);
	if (find_tlv(lv, TLV_SRV6_SID_INFO, &v))
		kip(s, "srv6-sid", v.p, 16);
	rd_init(&r, lv->tlv, lv->tlv_len);
	while (tlv_next(&r, &c, &v) == 0) {
		char key[24];

		if (c == TLV_LOCAL_NODE || c == TLV_MT_ID || c == TLV_SRV6_SID_INFO)
			continue;
		snprintf(key, sizeof(key), "generic-tlv-%u", c);
		sink_key(s, key);
		sink_arr(s);
		sink_hex(s, v.p, rd_left(&v));
		sink_arr_end(s);
	}
	sink_obj_end(s);
}

static const char *type_name(uint16_t type)
{
	switch (type) {
	case LS_NODE:
		return "bgpls-node";
	case LS_LINK:
		return "bgpls-link";
	case LS_PREFIX_V4:
		return "bgpls-prefix-v4";
	case LS_PREFIX_V6:
		return "bgpls-prefix-v6";
	default:
		return "bgpls-srv6sid";
	}
}

static void body_json(struct sink *s, const struct ls_view *lv,
		      const struct wire_nh *nh)
{
	struct rd v;

	sink_kstr(s, "ls-nlri-type", type_name(lv->type));
	sink_kuint(s, "l3-routing-topology", lv->id);
	sink_kuint(s, "protocol-id", lv->proto);
	switch (lv->type) {
	case LS_NODE:
		node_desc(s, "node-descriptors", lv, TLV_LOCAL_NODE);
		nexthop_json(s, nh);
		break;
	case LS_LINK:
		node_desc(s, "local-node-descriptors", lv, TLV_LOCAL_NODE);
		node_desc(s, "remote-node-descriptors", lv, TLV_REMOTE_NODE);
		addrs_json(s, "interface-addresses", lv, TLV_IPV4_IFACE, TLV_IPV6_IFACE);
		addrs_json(s, "neighbor-addresses", lv, TLV_IPV4_NEIGH, TLV_IPV6_NEIGH);
		mt_ids(s, lv, false);
		link_ids(s, lv);
		break;
	case LS_PREFIX_V4:
	case LS_PREFIX_V6:
		node_desc(s, "node-descriptors", lv, TLV_LOCAL_NODE);
		reach_json(s, lv);
		nexthop_json(s, nh);
		if (find_tlv(lv, TLV_OSPF_ROUTE, &v))
			sink_kuint(s, "ospf-route-type", v.p[0]);
		break;
	default:
		node_desc(s, "node-descriptors", lv, TLV_LOCAL_NODE);
		srv6_descs(s, lv);
		break;
	}
}

static void ls_json(const struct wire_family *f, struct sink *s,
		    const struct wire_nlri *n, const struct wire_nh *nh,
		    const struct wire_ctx *ctx)
{
	struct ls_view lv;

	(void)ctx;
	sink_obj(s);
	if (ls_split(f, n->p, n->len, &lv) == 0 && known_type(lv.type)) {
		body_json(s, &lv, nh);
	} else {
		sink_kuint(s, "code", lv.type);
		sink_kbool(s, "parsed", 0);
		sink_key(s, "raw");
		wbuf_hex(sink_text(s), lv.body, lv.body_len, 1);
		sink_text_end(s);
	}
	/* RFC 9514 §6: the SRv6 SID NLRI has no VPN form; ExaBGP drops the RD */
	if (lv.rd && lv.type != LS_SRV6_SID) {
		sink_key(s, "rd");
		wire_rd_text(sink_text(s), lv.rd);
		sink_text_end(s);
	}
	sink_obj_end(s);
}

/* str() is json(): the JSON sink's spaced (non-compact) layout. */
static void ls_text(const struct wire_family *f, struct wbuf *w,
		    const struct wire_nlri *n, const struct wire_ctx *ctx)
{
	struct json_sink j;

	json_sink_init(&j, w, 0);
	ls_json(f, &j.base, n, NULL, ctx);
	json_sink_fini(&j);
}

/* --- encoder -------------------------------------------------------------- */

static int enc_fail(const struct wire_family *f, struct lb_err *err,
		    const char *what)
{
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: %s", f->name, what);
}

/* A number given as a number or as a decimal/0x string. */
static int get_num(const struct val *v, uint64_t max, uint64_t *out)
{
	const char *p;
	size_t n;

	if (val_as_u64(v, out) == 0)
		return *out <= max ? 0 : -1;
	if (val_as_str(v, &p, &n) < 0)
		return -1;
	return wire_parse_uint(p, n, max, out);
}

static int get_ip(const struct val *v, uint16_t afi, uint8_t addr[16],
		  size_t *len)
{
	const char *p;
	size_t n;
	uint16_t got;

	if (val_as_str(v, &p, &n) < 0 || wire_ip_parse(p, n, &got, addr) < 0)
		return -1;
	if (afi && got != afi)
		return -1;
	*len = got == WIRE_AFI_IPV4 ? 4 : 16;
	return 0;
}

static int put_tlv(struct wbuf *w, uint16_t code, const void *p, size_t n)
{
	int errs = 0;

	if (n > 0xFFFF)
		return -1;
	errs += wbuf_u16(w, code);
	errs += wbuf_u16(w, (uint16_t)n);
	errs += wbuf_put(w, p, n);
	return errs ? -1 : 0;
}

/* Write a TLV header whose length is patched by tlv_end(). */
static size_t tlv_begin(struct wbuf *w, uint16_t code)
{
	wbuf_u16(w, code);
	wbuf_u16(w, 0);
	return w->len;
}

static int tlv_end(struct wbuf *w, size_t mark)
{
	size_t n;

	if (w->failed || w->len < mark)
		return -1;
	n = w->len - mark;
	if (n > 0xFFFF)
		return -1;
	w->data[mark - 2] = (uint8_t)(n >> 8);
	w->data[mark - 1] = (uint8_t)n;
	return 0;
}

static void put_u32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/* Hex text into at most cap bytes. */
static int hex_bytes(const char *p, size_t n, uint8_t *out, size_t cap,
		     size_t *len)
{
	struct wbuf hb;
	size_t bad_at;

	wbuf_init_fixed(&hb, out, cap);
	if (hex_decode(p, n, &hb, &bad_at) < 0 || hb.failed)
		return -1;
	*len = hb.len;
	return 0;
}

static int enc_u32_sub(struct wbuf *w, uint16_t code, const struct val *v)
{
	uint8_t b[4];
	uint64_t x;

	if (get_num(v, 0xFFFFFFFFu, &x) < 0)
		return -1;
	put_u32(b, (uint32_t)x);
	return put_tlv(w, code, b, 4);
}

static int enc_ip_sub(struct wbuf *w, uint16_t code, const struct val *v)
{
	uint8_t a[16];
	size_t n;

	if (get_ip(v, 0, a, &n) < 0)
		return -1;
	return put_tlv(w, code, a, n);
}

static int enc_router_id(struct wbuf *w, uint8_t proto, const struct val *o)
{
	const struct val *dr = val_get(o, "designated-router-id");
	const struct val *psn = val_get(o, "psn");
	uint8_t b[17], b2[16];
	const char *p;
	size_t n, len;
	uint64_t x;

	if (proto_ospf(proto)) {
		if (get_ip(val_get(o, "router-id"), WIRE_AFI_IPV4, b, &len) < 0)
			return -1;
		if (dr && get_ip(dr, WIRE_AFI_IPV4, b2, &len) < 0)
			return -1;
		memcpy(b + 4, b2, 4);
		return put_tlv(w, SUB_IGP_ROUTER, b, dr ? 8 : 4);
	}
	if (val_as_str(val_get(o, "router-id"), &p, &n) < 0)
		return -1;
	if (hex_bytes(p, n, b, sizeof(b) - 1, &len) < 0)
		return -1;
	/* the JSON prints the pseudonode octet both inside the router id and
	 * as "psn"; a 6-octet id takes it from "psn" */
	if (psn) {
		if (get_num(psn, 0xFF, &x) < 0 || (len != 6 && len != 7) ||
		    (len == 7 && b[6] != x))
			return -1;
		b[6] = (uint8_t)x;
		len = 7;
	}
	return put_tlv(w, SUB_IGP_ROUTER, b, len);
}

/* A sub-TLV luabgp does not know: its code and "0x" hex. */
static int enc_generic(struct wbuf *w, const struct val *code,
		       const struct val *raw)
{
	const char *p;
	size_t n, bad_at, mark;
	uint64_t c;

	if (get_num(code, 0xFFFF, &c) < 0 || val_as_str(raw, &p, &n) < 0 ||
	    n < 2 || p[0] != '0' || p[1] != 'x')
		return -1;
	mark = tlv_begin(w, (uint16_t)c);
	if (hex_decode(p + 2, n - 2, w, &bad_at) < 0)
		return -1;
	return tlv_end(w, mark);
}

static int enc_sub(struct wbuf *w, uint8_t proto, const struct val *o)
{
	const struct val *v;

	if ((v = val_get(o, "autonomous-system")))
		return enc_u32_sub(w, SUB_AS, v);
	if ((v = val_get(o, "bgp-ls-identifier")))
		return enc_u32_sub(w, SUB_BGPLS_ID, v);
	if ((v = val_get(o, "ospf-area-id")))
		return enc_ip_sub(w, SUB_OSPF_AREA, v);
	if (val_get(o, "router-id"))
		return enc_router_id(w, proto, o);
	if ((v = val_get(o, "bgp-router-id")))
		return enc_ip_sub(w, SUB_BGP_ROUTER, v);
	if ((v = val_get(o, "member-asn")))
		return enc_u32_sub(w, SUB_MEMBER_AS, v);
	if ((v = val_get(o, "generic-tlv")))
		return enc_generic(w, v, val_get(o, "raw"));
	return -1;
}

static int enc_nodes(struct wbuf *w, uint16_t code, uint8_t proto,
		     const struct val *arr)
{
	size_t mark;

	if (!arr)
		return 0;
	mark = tlv_begin(w, code);
	for (size_t i = 0; i < val_len(arr); i++)
		if (enc_sub(w, proto, val_at(arr, i)) < 0)
			return -1;
	return tlv_end(w, mark);
}

/* Addresses of one family from a list that may hold both. */
static int enc_addrs(struct wbuf *w, uint16_t code, uint16_t afi,
		     const struct val *arr)
{
	uint8_t a[16];
	uint16_t got;
	const char *p;
	size_t n;

	for (size_t i = 0; arr && i < val_len(arr); i++) {
		if (val_as_str(val_at(arr, i), &p, &n) < 0 ||
		    wire_ip_parse(p, n, &got, a) < 0)
			return -1;
		if (got == afi && put_tlv(w, code, a, afi == WIRE_AFI_IPV4 ? 4 : 16) < 0)
			return -1;
	}
	return 0;
}

static int enc_mt(struct wbuf *w, const struct val *arr)
{
	size_t mark;
	uint64_t x;

	if (!arr || val_len(arr) == 0)
		return 0;
	mark = tlv_begin(w, TLV_MT_ID);
	for (size_t i = 0; i < val_len(arr); i++) {
		if (get_num(val_at(arr, i), MT_ID_MASK, &x) < 0)
			return -1;
		wbuf_u16(w, (uint16_t)x);
	}
	return tlv_end(w, mark);
}

static int enc_link_ids(struct wbuf *w, const struct val *arr)
{
	const struct val *o;
	uint64_t l, r;
	uint8_t b[8];

	if (!arr || val_len(arr) == 0)
		return 0;
	o = val_at(arr, val_len(arr) - 1);
	if (get_num(val_get(o, "link-local-id"), 0xFFFFFFFFu, &l) < 0 ||
	    get_num(val_get(o, "link-remote-id"), 0xFFFFFFFFu, &r) < 0)
		return -1;
	put_u32(b, (uint32_t)l);
	put_u32(b + 4, (uint32_t)r);
	return put_tlv(w, TLV_LINK_ID, b, 8);
}

static int enc_link(struct wbuf *w, uint8_t proto, const struct val *v)
{
	const struct val *ifs = val_get(v, "interface-addresses");
	const struct val *nbs = val_get(v, "neighbor-addresses");

	if (enc_nodes(w, TLV_LOCAL_NODE, proto, val_get(v, "local-node-descriptors")) < 0 ||
	    enc_nodes(w, TLV_REMOTE_NODE, proto, val_get(v, "remote-node-descriptors")) < 0 ||
	    enc_link_ids(w, val_get(v, "link-identifiers")) < 0 ||
	    enc_addrs(w, TLV_IPV4_IFACE, WIRE_AFI_IPV4, ifs) < 0 ||
	    enc_addrs(w, TLV_IPV4_NEIGH, WIRE_AFI_IPV4, nbs) < 0 ||
	    enc_addrs(w, TLV_IPV6_IFACE, WIRE_AFI_IPV6, ifs) < 0 ||
	    enc_addrs(w, TLV_IPV6_NEIGH, WIRE_AFI_IPV6, nbs) < 0)
		return -1;
	return enc_mt(w, val_get(v, "multi-topology-ids"));
}

static int enc_prefix(struct wbuf *w, uint16_t type, uint8_t proto,
		      const struct val *v)
{
	uint16_t afi = type == LS_PREFIX_V6 ? WIRE_AFI_IPV6 : WIRE_AFI_IPV4;
	const struct val *ospf = val_get(v, "ospf-route-type");
	const struct val *pfx = val_get(v, "ip-reach-prefix");
	uint8_t addr[16];
	unsigned plen;
	const char *p;
	size_t n, mark;
	uint64_t x;

	if (enc_nodes(w, TLV_LOCAL_NODE, proto, val_get(v, "node-descriptors")) < 0)
		return -1;
	if (ospf) {
		uint8_t b;

		if (get_num(ospf, 0xFF, &x) < 0)
			return -1;
		b = (uint8_t)x;
		if (put_tlv(w, TLV_OSPF_ROUTE, &b, 1) < 0)
			return -1;
	}
	if (!pfx)
		return 0;
	if (val_as_str(pfx, &p, &n) < 0 ||
	    wire_prefix_parse(p, n, afi, addr, &plen) < 0)
		return -1;
	mark = tlv_begin(w, TLV_IP_REACH);
	wire_prefix_write(w, addr, plen);
	return tlv_end(w, mark);
}

static int enc_srv6(struct wbuf *w, uint8_t proto, const struct val *v)
{
	const struct val *d = val_get(v, "srv6-sid-descriptors");
	const struct val *sid = d ? val_get(d, "srv6-sid") : NULL;
	uint8_t a[16];
	size_t n;

	if (enc_nodes(w, TLV_LOCAL_NODE, proto, val_get(v, "node-descriptors")) < 0)
		return -1;
	if (d && enc_mt(w, val_get(d, "multi-topology-ids")) < 0)
		return -1;
	if (sid && (get_ip(sid, WIRE_AFI_IPV6, a, &n) < 0 ||
		    put_tlv(w, TLV_SRV6_SID_INFO, a, 16) < 0))
		return -1;
	/* the descriptors luabgp does not know, "generic-tlv-N": ["0x.."] */
	for (const struct val *m = d ? d->kids.first : NULL; m; m = m->next) {
		char num[8];

		if (!m->key || m->klen <= 12 || m->klen - 12 >= sizeof(num) ||
		    memcmp(m->key, "generic-tlv-", 12))
			continue;
		memcpy(num, m->key + 12, m->klen - 12);
		num[m->klen - 12] = 0;
		for (const struct val *e = m->type == VAL_ARR ? m->kids.first : NULL; e; e = e->next) {
			struct val code = { .type = VAL_STR, .s = { num, strlen(num) } };

			if (enc_generic(w, &code, e) < 0)
				return -1;
		}
	}
	return 0;
}

static int ls_type_of(const struct val *v, uint16_t *type)
{
	static const uint16_t types[] = { LS_NODE, LS_LINK, LS_PREFIX_V4,
					  LS_PREFIX_V6, LS_SRV6_SID };
	const char *p;
	size_t n;

	if (val_as_str(val_get(v, "ls-nlri-type"), &p, &n) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (wire_streq(p, n, type_name(types[i]))) {
			*type = types[i];
			return 0;
		}
	return -1;
}

static int enc_raw(const struct wire_family *f, struct wbuf *w,
		   const struct val *v, struct lb_err *err)
{
	uint64_t code;
	const char *p;
	size_t n, bad_at;

	if (get_num(val_get(v, "code"), 0xFFFF, &code) < 0 ||
	    val_as_str(val_get(v, "raw"), &p, &n) < 0)
		return enc_fail(f, err, "an unknown NLRI type needs \"code\" and \"raw\"");
	return hex_decode(p, n, w, &bad_at) < 0
		       ? enc_fail(f, err, "\"raw\" is not hex") : 0;
}

static int enc_body(const struct wire_family *f, struct wbuf *w,
		    const struct val *v, uint16_t type, struct lb_err *err)
{
	uint64_t id, proto;
	int rc;

	if (get_num(val_get(v, "l3-routing-topology"), UINT64_MAX, &id) < 0 ||
	    get_num(val_get(v, "protocol-id"), 0xFF, &proto) < 0)
		return enc_fail(f, err, "\"l3-routing-topology\" and \"protocol-id\" must be numbers");
	wbuf_u8(w, (uint8_t)proto);
	wbuf_u64(w, id);
	switch (type) {
	case LS_NODE:
		rc = enc_nodes(w, TLV_LOCAL_NODE, (uint8_t)proto,
			       val_get(v, "node-descriptors"));
		break;
	case LS_LINK:
		rc = enc_link(w, (uint8_t)proto, v);
		break;
	case LS_PREFIX_V4:
	case LS_PREFIX_V6:
		rc = enc_prefix(w, type, (uint8_t)proto, v);
		break;
	default:
		rc = enc_srv6(w, (uint8_t)proto, v);
		break;
	}
	return rc < 0 ? enc_fail(f, err, "a descriptor cannot be encoded") : 0;
}

/* Input: an object of the json() shape.  Node descriptors and link /
 * prefix descriptors are written in ascending TLV order (RFC 9552 §5.1). */
static int ls_encode(const struct wire_family *f, struct wbuf *w,
		     const struct val *v, const struct wire_ctx *ctx,
		     struct lb_err *err)
{
	uint16_t type = 0;
	uint8_t rd[WIRE_RD_LEN];
	const char *p;
	size_t n, mark;
	uint64_t code;

	(void)ctx;
	if (ls_type_of(v, &type) < 0) {
		if (get_num(val_get(v, "code"), 0xFFFF, &code) < 0 ||
		    known_type((uint16_t)code))
			return enc_fail(f, err, "\"ls-nlri-type\" is not a BGP-LS NLRI type");
		type = (uint16_t)code;
	}
	mark = tlv_begin(w, type);
	if (is_vpn(f)) {
		if (val_as_str(val_get(v, "rd"), &p, &n) < 0 ||
		    wire_rd_parse(p, n, rd) < 0) {
			if (type != LS_SRV6_SID)
				return enc_fail(f, err, "\"rd\" must be a route distinguisher");
			memset(rd, 0, sizeof(rd));
		}
		wbuf_put(w, rd, sizeof(rd));
	}
	if ((known_type(type) ? enc_body(f, w, v, type, err)
			      : enc_raw(f, w, v, err)) < 0)
		return -1;
	if (tlv_end(w, mark) < 0)
		return enc_fail(f, err, "NLRI longer than 65535 octets");
	return 0;
}

#define NH(n) ((uint64_t)1 << (n))

/* RFC 9552 §5.1 (RFC 4760 next hop): IPv4 or IPv6, global + link-local. */
const struct wire_family wire_fam_bgpls = {
	WIRE_AFI_BGPLS, WIRE_SAFI_BGPLS, WIRE_FAM_BGPLS,
	"bgp-ls bgp-ls", "bgp-ls", "bgp-ls",
	.next = ls_next, .json = ls_json, .text = ls_text,
	.encode = ls_encode, .nh_lens = NH(0) | NH(4) | NH(16) | NH(32),
};

const struct wire_family wire_fam_bgpls_vpn = {
	WIRE_AFI_BGPLS, WIRE_SAFI_BGPLS_VPN, WIRE_FAM_BGPLS_VPN,
	"bgp-ls bgp-ls-vpn", "bgp-ls", "bgp-ls-vpn",
	.next = ls_next, .json = ls_json, .text = ls_text,
	.encode = ls_encode, .nh_lens = NH(12) | NH(24) | NH(48) | NH(4) | NH(16),
};
