/* The BGP-LS attribute, path attribute 29 (RFC 9552 §5.3): optional,
 * non-transitive, a sequence of TLVs (type 2, length 2) describing the node,
 * link or prefix of the NLRI it travels with, plus the Segment Routing
 * (RFC 9085), SRv6 (RFC 9514) and performance metric (RFC 8571) TLVs.
 *
 * Error handling, RFC 9552 §8.2.2: a BGP-LS attribute whose TLVs do not add
 * up, or a TLV luabgp knows whose length is wrong for it, makes the whole
 * attribute malformed: attribute discard (the NLRI stays, without it).
 * Unknown TLVs are kept (RFC 9552 §5.3: they are carried, not refused).
 *
 * JSON, ExaBGP's (the bgp-ls-* decoding vectors pin it): one object whose
 * members follow the TLVs in the order they first appear; every TLV of one
 * kind prints where the first of that kind is.  Kinds that ExaBGP merges
 * print as one list ("local-router-ids" takes both 1028 and 1029,
 * "remote-router-ids" 1030 and 1031, "area-ids", "srv6-endx", "sr-adjs",
 * "sr-adj-lan-sids", "srv6-lan-endx-isis"/"-ospf"); the others print one
 * member each time (so a repeated TLV repeats its key, as ExaBGP prints
 * it).  A TLV luabgp does not decode prints as "generic-lsid-<type>":
 * ["0x<hex>"].  Flags print as ExaBGP's dict of names, one "RSV" standing
 * for the reserved bits (the value of the last reserved bit: RFC 9552 asks
 * reserved bits to be ignored, where ExaBGP refuses them).  Floats (IEEE
 * 754 single precision bandwidths) print as Python prints the widened
 * double; a bandwidth that is not a finite number is malformed.  The
 * opaque TLVs (1025, 1097, 1157) print as lowercase hex, as ExaBGP's main
 * branch does (older versions printed 1097 and 1157 as text).
 *
 * Where ExaBGP differs from the RFCs or cannot print, luabgp keeps to the
 * RFC and says so here:
 *  - 1100 LAN Adj-SID and 1107/1108 LAN End.X: ExaBGP's merge path cannot
 *    serialise the first and nests the others in one-element lists;
 *    luabgp prints one flat list of the objects their json() means.
 *  - 1108 OSPF SRv6 LAN End.X: the SID follows the 4-octet neighbor id
 *    (RFC 9514 §4.2); ExaBGP reads it over the neighbor id.
 *  - 1034 SR capabilities: a SID/Label sub-TLV that is neither 3 nor 4
 *    octets is malformed (RFC 9085 §2.1.1); ExaBGP drops the range.
 *  - 1100 LAN Adj-SID: one SID, 11 or 12 octets for OSPF, 13 or 14 for
 *    IS-IS (RFC 9085 §2.2.2); ExaBGP also reads no SID or several and
 *    prints the last, which its JSON cannot give back.
 *  - 1027 area id: printed as ExaBGP's decimal integer, up to 64 octets
 *    (IS-IS areas are at most 13); a longer one is malformed.
 *
 * Text: ExaBGP's text API prints " bgp-ls " and str() of the attribute,
 * the TLVs' Python reprs joined by ", " in wire order: "<name>: <content>"
 * with the content as Python's str() shows it (dicts {'O': 0}, lists
 * [1, 2], strings bare at the top and quoted inside, floats as repr,
 * opaque octets as a bytes literal b'...'), "Attribute with code [ N ] not
 * implemented" for a TLV it does not know.  Names are ExaBGP's REPR as
 * its main branch registers them (the older names where a class has none:
 * "SrAlgorithms", "ISIS area id", the SR adjacency and prefix SID ones).
 * The SRv6 capabilities and locator TLVs print their members only
 * ("flags: {...}, algorithm: 0, metric: 10"), the endpoint behavior and SID
 * structure TLVs their own __str__, the adjacency and prefix SIDs (1099,
 * 1158) the "adj_flags: ..., sids: ..." of their __repr__, as ExaBGP's
 * classes do; the other Segment Routing TLVs (1100, 1106-1108) print the
 * name and their JSON members in Python's form, where ExaBGP's reprs are
 * ad hoc and change from release to release.
 *
 * What the JSON loses (the encoder writes the canonical form instead, and
 * the result prints the same JSON): the order of TLVs whose kind appeared
 * before (they are written with the first of their kind), leading zero
 * octets of an area id, reserved flag bits but the last and every reserved
 * field, the IGP metric's width (RFC 9552 §5.3.2.4 allows 1 to 3 octets:
 * written in 3, IS-IS wide metrics), the width of a lone adjacency SID
 * that disagrees with its V and L flags, the top 4 bits of 3-octet labels, SRv6 capability flags but
 * ExaBGP's O (0x0040), the flags octet of the endpoint behaviour TLV, the
 * sub-TLVs of the SRv6 locator TLV, octets past the fixed SID structure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/hex.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "wire/attr.h"
#include "wire/common.h"

enum ls_kind {
	K_GENERIC,
	K_UINT,        /* big-endian unsigned of the TLV's length */
	K_FLOAT,       /* IEEE 754 single */
	K_FLOATS,      /* list of IEEE 754 singles */
	K_IP,          /* IPv4 or IPv6 address */
	K_FLAGS,       /* first octet as a flag dict */
	K_STRING,      /* the octets as text */
	K_HEXSTR,      /* lowercase hex, no 0x */
	K_AREA,        /* decimal integer of the octets */
	K_U32S,        /* list of 4-octet values */
	K_U64S,        /* list of 8-octet values */
	K_LINK_IDS,
	K_SR_CAP,
	K_SR_ALGOS,
	K_SRV6_CAP,
	K_DELAY,
	K_MINMAX,
	K_DELAY_VAR,
	K_LOSS,
	K_ADJ,
	K_LAN_ADJ,
	K_PREFIX_SID,
	K_LOCATOR,
	K_ENDPOINT,
	K_SID_STRUCT,
	K_ENDX,
	K_LAN_ENDX_ISIS,
	K_LAN_ENDX_OSPF,
};

enum {
	TLV_SID_LABEL = 1161,   /* RFC 9085 §2.1.1 */
	TLV_SID_STRUCTURE = 1252,
	AREA_MAX = 64,
	ENDX_FIXED = 22,        /* RFC 9514 §4.1 */
	LAN_ENDX_ISIS_FIXED = 28, /* §4.2, 6-octet system id */
	LAN_ENDX_OSPF_FIXED = 26, /* §4.2, 4-octet router id */
};

#define LOSS_UNIT 0.000003      /* RFC 8571 §4.4: percent per unit */

static const char *const F_NODE[8] = { "O", "T", "E", "B", "R", "V", "RSV", "RSV" };
static const char *const F_SR_CAP[8] = { "I", "V", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV" };
static const char *const F_MPLS[8] = { "LDP", "RSVP-TE", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV" };
static const char *const F_PROTECT[8] = { "ExtraTrafic", "Unprotected", "Shared",
					  "Dedicated 1:1", "Dedicated 1+1", "Enhanced",
					  "RSV", "RSV" };
static const char *const F_IGP[8] = { "D", "N", "L", "P", "RSV", "RSV", "RSV", "RSV" };
static const char *const F_PFX_ATTR[8] = { "X", "R", "N", "RSV", "RSV", "RSV", "RSV", "RSV" };
static const char *const F_ADJ[8] = { "F", "B", "V", "L", "S", "P", "RSV", "RSV" };
static const char *const F_PFX_SID[8] = { "R", "N", "P", "E", "V", "L", "RSV", "RSV" };
static const char *const F_ENDX[8] = { "B", "S", "P", "RSV", "RSV", "RSV", "RSV", "RSV" };
static const char *const F_LOCATOR[8] = { "D", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV" };

struct ls_desc {
	uint16_t code;
	uint16_t group;        /* TLVs printed together share the first code */
	const char *key;
	uint8_t kind;
	bool merge;            /* one list for every TLV of the group */
	uint16_t min, max;     /* allowed value lengths */
	uint8_t step;          /* length must be a multiple (0: any) */
	const char *const *flags;
};

#define ANY 0xFFFF

static const struct ls_desc descs[] = {
	{ 258, 258, "link-local-remote-identifiers", K_LINK_IDS, false, 8, 8, 0, NULL },
	{ 1024, 1024, "node-flags", K_FLAGS, false, 1, 1, 0, F_NODE },
	{ 1025, 1025, "opaque", K_HEXSTR, false, 0, ANY, 0, NULL },
	{ 1026, 1026, "node-name", K_STRING, false, 0, 255, 0, NULL },
	{ 1027, 1027, "area-ids", K_AREA, true, 1, AREA_MAX, 0, NULL },
	{ 1028, 1028, "local-router-ids", K_IP, true, 4, 16, 0, NULL },
	{ 1029, 1028, "local-router-ids", K_IP, true, 4, 16, 0, NULL },
	{ 1030, 1030, "remote-router-ids", K_IP, true, 4, 16, 0, NULL },
	{ 1031, 1030, "remote-router-ids", K_IP, true, 4, 16, 0, NULL },
	{ 1034, 1034, "sr-capability-flags", K_SR_CAP, false, 2, ANY, 0, F_SR_CAP },
	{ 1035, 1035, "sr-algorithms", K_SR_ALGOS, false, 0, ANY, 0, NULL },
	{ 1038, 1038, "srv6-capabilities", K_SRV6_CAP, false, 4, ANY, 0, NULL },
	{ 1088, 1088, "admin-group-mask", K_UINT, false, 4, 4, 0, NULL },
	{ 1089, 1089, "maximum-link-bandwidth", K_FLOAT, false, 4, 4, 0, NULL },
	{ 1090, 1090, "maximum-reservable-link-bandwidth", K_FLOAT, false, 4, 4, 0, NULL },
	{ 1091, 1091, "unreserved-bandwidth", K_FLOATS, false, 32, 32, 0, NULL },
	{ 1092, 1092, "te-metric", K_UINT, false, 4, 4, 0, NULL },
	{ 1093, 1093, "link-protection-flags", K_FLAGS, false, 2, 2, 0, F_PROTECT },
	{ 1094, 1094, "mpls-mask", K_FLAGS, false, 1, 1, 0, F_MPLS },
	{ 1095, 1095, "igp-metric", K_UINT, false, 1, 3, 0, NULL },
	{ 1096, 1096, "shared-risk-link-groups", K_U32S, false, 0, ANY, 4, NULL },
	{ 1097, 1097, "opaque-link", K_HEXSTR, false, 0, ANY, 0, NULL },
	{ 1098, 1098, "link-name", K_STRING, false, 0, 255, 0, NULL },
	{ 1099, 1099, "sr-adjs", K_ADJ, true, 4, ANY, 0, F_ADJ },
	{ 1100, 1100, "sr-adj-lan-sids", K_LAN_ADJ, true, 11, 14, 0, F_ADJ },
	{ 1106, 1106, "srv6-endx", K_ENDX, true, ENDX_FIXED, ANY, 0, F_ENDX },
	{ 1107, 1107, "srv6-lan-endx-isis", K_LAN_ENDX_ISIS, true, LAN_ENDX_ISIS_FIXED, ANY, 0, F_ENDX },
	{ 1108, 1108, "srv6-lan-endx-ospf", K_LAN_ENDX_OSPF, true, LAN_ENDX_OSPF_FIXED, ANY, 0, F_ENDX },
	{ 1114, 1114, "unidirectional-link-delay", K_DELAY, false, 4, 4, 0, NULL },
	{ 1115, 1115, "minmax-unidirectional-link-delay", K_MINMAX, false, 8, 8, 0, NULL },
	{ 1116, 1116, "unidirectional-delay-variation", K_DELAY_VAR, false, 4, 4, 0, NULL },
	{ 1117, 1117, "unidirectional-link-loss", K_LOSS, false, 4, 4, 0, NULL },
	{ 1118, 1118, "unidirectional-residual-bandwidth", K_FLOAT, false, 4, 4, 0, NULL },
	{ 1119, 1119, "unidirectional-available-bandwidth", K_FLOAT, false, 4, 4, 0, NULL },
	{ 1120, 1120, "unidirectional-utilized-bandwidth", K_FLOAT, false, 4, 4, 0, NULL },
	{ 1152, 1152, "igp-flags", K_FLAGS, false, 1, 1, 0, F_IGP },
	{ 1153, 1153, "igp-route-tags", K_U32S, false, 0, ANY, 4, NULL },
	{ 1154, 1154, "igp-extended-route-tags", K_U64S, false, 0, ANY, 8, NULL },
	{ 1155, 1155, "prefix-metric", K_UINT, false, 4, 4, 0, NULL },
	{ 1156, 1156, "ospf-forwarding-address", K_IP, false, 4, 16, 0, NULL },
	{ 1157, 1157, "opaque-prefix", K_HEXSTR, false, 0, ANY, 0, NULL },
	{ 1158, 1158, "sr-prefix-flags", K_PREFIX_SID, false, 4, ANY, 0, F_PFX_SID },
	{ 1162, 1162, "srv6-locator", K_LOCATOR, false, 8, ANY, 0, F_LOCATOR },
	{ 1170, 1170, "sr-prefix-attribute-flags", K_FLAGS, false, 1, 1, 0, F_PFX_ATTR },
	{ 1171, 1171, "sr-source-router-id", K_IP, false, 4, 16, 0, NULL },
	{ 1250, 1250, "srv6-endpoint-behavior", K_ENDPOINT, false, 4, ANY, 0, NULL },
	{ 1252, 1252, "srv6-sid-structure", K_SID_STRUCT, false, 4, ANY, 0, NULL },
};

#define NDESCS (sizeof(descs) / sizeof(descs[0]))

static const struct ls_desc *desc_of(uint16_t code)
{
	for (size_t i = 0; i < NDESCS; i++)
		if (descs[i].code == code)
			return &descs[i];
	return NULL;
}

static uint16_t group_of(uint16_t code)
{
	const struct ls_desc *d = desc_of(code);

	return d ? d->group : code;
}

static int tlv_next(struct rd *r, uint16_t *type, struct rd *val)
{
	uint16_t len;

	if (rd_u16(r, type) < 0 || rd_u16(r, &len) < 0)
		return -1;
	return rd_sub(r, len, val);
}

static uint64_t get_be(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static double get_float(const uint8_t *p)
{
	uint32_t bits = get_u32(p);
	float f;

	memcpy(&f, &bits, sizeof(f));
	return (double)f;
}

/* --- validation ----------------------------------------------------------- */

static int malformed(struct lb_err *err, const struct rd *at, uint16_t code,
		     const char *what)
{
	return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 5, rd_offset(at),
			  "bgp-ls: TLV %u: %s", code, what);
}

/* RFC 9085 §2.1.2: ranges, each a 3-octet size and a SID/Label sub-TLV. */
static int check_sr_cap(struct rd v, uint16_t code, struct lb_err *err)
{
	uint16_t t;
	struct rd sub;

	rd_skip(&v, 2);
	while (rd_left(&v)) {
		if (rd_skip(&v, 3) < 0 || tlv_next(&v, &t, &sub) < 0)
			return malformed(err, &v, code, "SR range runs past the TLV");
		if (t != TLV_SID_LABEL)
			return malformed(err, &sub, code, "SR range without a SID/Label sub-TLV");
		/* RFC 9085 §2.1.1: a 3-octet label or a 4-octet SID */
		if (rd_left(&sub) != 3 && rd_left(&sub) != 4)
			return malformed(err, &sub, code, "SID/Label is neither 3 nor 4 octets");
	}
	return 0;
}

/* Sub-TLVs after the fixed part of the SRv6 End.X TLVs (RFC 9514 §4). */
static int check_subtlvs(struct rd v, size_t fixed, uint16_t code,
			 struct lb_err *err)
{
	uint16_t t;
	struct rd sub;

	rd_skip(&v, fixed);
	while (rd_left(&v)) {
		if (tlv_next(&v, &t, &sub) < 0)
			return malformed(err, &v, code, "sub-TLV runs past the TLV");
		if (t == TLV_SID_STRUCTURE && rd_left(&sub) < 4)
			return malformed(err, &sub, code, "SRv6 SID structure shorter than 4 octets");
	}
	return 0;
}

/* RFC 9085 §2.3.1: an index (V and L clear) is 4 octets, a label (both
 * set) 3 octets each; ExaBGP refuses the other lengths. */
static int check_prefix_sid(struct rd v, uint16_t code, struct lb_err *err)
{
	uint8_t flags = v.p[0];
	size_t n = rd_left(&v) - 4;
	bool vf = flags & 0x08, lf = flags & 0x04;

	if (!vf && !lf && n != 4 && n != 0)
		return malformed(err, &v, code, "SR prefix SID index is not 4 octets");
	if (vf && lf && n % 3)
		return malformed(err, &v, code, "SR prefix SID labels are not 3 octets each");
	return 0;
}

/* RFC 3630 §2.5.6: bandwidths are IEEE floats in bytes per second; one
 * that is no number (NaN, infinite) has no meaning and no JSON form. */
static int check_floats(struct rd v, uint16_t code, struct lb_err *err)
{
	for (size_t i = 0; i + 4 <= rd_left(&v); i += 4)
		if (!isfinite(get_float(v.p + i)))
			return malformed(err, &v, code, "bandwidth is not a finite number");
	return 0;
}

static int check_tlv(uint16_t code, struct rd v, struct lb_err *err)
{
	const struct ls_desc *d = desc_of(code);
	size_t n = rd_left(&v);

	if (!d)
		return 0;
	if (n < d->min || n > d->max || (d->step && n % d->step))
		return malformed(err, &v, code, "length is wrong for this TLV");
	if (d->kind == K_IP && n != 4 && n != 16)
		return malformed(err, &v, code, "address is neither 4 nor 16 octets");
	switch (d->kind) {
	case K_FLOAT:
	case K_FLOATS:
		return check_floats(v, code, err);
	case K_SR_CAP:
		return check_sr_cap(v, code, err);
	case K_ENDX:
		return check_subtlvs(v, ENDX_FIXED, code, err);
	case K_LAN_ENDX_ISIS:
		return check_subtlvs(v, LAN_ENDX_ISIS_FIXED, code, err);
	case K_LAN_ENDX_OSPF:
		return check_subtlvs(v, LAN_ENDX_OSPF_FIXED, code, err);
	case K_PREFIX_SID:
		return check_prefix_sid(v, code, err);
	default:
		return 0;
	}
}

static int bgpls_check(struct rd *r, const struct wire_attr *a,
		       const struct wire_ctx *ctx, struct lb_err *err)
{
	uint16_t code;
	struct rd v;

	(void)a, (void)ctx;
	while (rd_left(r)) {
		struct rd at = *r;

		if (tlv_next(r, &code, &v) < 0)
			return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 5,
					  rd_offset(&at),
					  "bgp-ls: TLV runs past the attribute");
		if (check_tlv(code, v, err) < 0)
			return -1;
	}
	return 0;
}

/* --- JSON ----------------------------------------------------------------- */

static bool is_rsv(const char *name)
{
	return !strcmp(name, "RSV");
}

/* ExaBGP's flag dict (Python's dict(zip(FLAGS, bits))): names in order,
 * "RSV" once, at its first place, with the value of the last reserved
 * bit. */
static void flags_json(struct sink *s, const char *const *names, uint8_t v)
{
	unsigned rsv = 0;
	bool rsv_done = false;

	for (int i = 0; i < 8; i++)
		if (is_rsv(names[i]))
			rsv = (v >> (7 - i)) & 1u;
	sink_obj(s);
	for (int i = 0; i < 8; i++) {
		if (!is_rsv(names[i])) {
			sink_kuint(s, names[i], (v >> (7 - i)) & 1u);
		} else if (!rsv_done) {
			sink_kuint(s, "RSV", rsv);
			rsv_done = true;
		}
	}
	sink_obj_end(s);
}

/* Python's int.from_bytes(area, 'big') in decimal: long division by ten
 * of a copy of at most AREA_MAX octets. */
static void area_json(struct sink *s, const uint8_t *p, size_t n)
{
	uint8_t num[AREA_MAX];
	char digits[AREA_MAX * 3 + 2];
	size_t nd = 0, len = n;

	memcpy(num, p, n);
	do {
		unsigned rem = 0;
		bool zero = true;

		for (size_t i = 0; i < len; i++) {
			unsigned cur = rem * 256u + num[i];

			num[i] = (uint8_t)(cur / 10u);
			rem = cur % 10u;
			if (num[i])
				zero = false;
		}
		digits[nd++] = (char)('0' + rem);
		if (zero)
			break;
	} while (nd < sizeof(digits));
	{
		struct wbuf *w = sink_text(s);

		while (nd)
			wbuf_u8(w, (uint8_t)digits[--nd]);
		sink_text_end(s);
	}
}

static void kip_json(struct sink *s, const uint8_t *p, size_t n)
{
	wire_ip_text(sink_text(s), p, n);
	sink_text_end(s);
}

static void sid_v6(struct sink *s, const char *key, const uint8_t *p)
{
	sink_key(s, key);
	kip_json(s, p, 16);
}

static void sysid_json(struct sink *s, const uint8_t *p)
{
	wbuf_hex(sink_text(s), p, 6, 0);
	sink_text_end(s);
}

/* RFC 9514 §8: the SID structure sub-TLV as ExaBGP names its members. */
static void sid_struct_json(struct sink *s, const uint8_t *p)
{
	sink_obj(s);
	sink_kuint(s, "loc_block_len", p[0]);
	sink_kuint(s, "loc_node_len", p[1]);
	sink_kuint(s, "func_len", p[2]);
	sink_kuint(s, "arg_len", p[3]);
	sink_obj_end(s);
}

/* Sub-TLVs of the End.X TLVs, merged into their object: the SID
 * structure by name, others as hex under a key naming their code (ExaBGP
 * spells it "unknown-subtlv-N" in End.X, "N-undecoded" in LAN End.X). */
static void endx_subs_json(struct sink *s, struct rd v, bool lan)
{
	uint16_t t;
	struct rd sub;

	while (rd_left(&v) && tlv_next(&v, &t, &sub) == 0) {
		if (t == TLV_SID_STRUCTURE && rd_left(&sub) >= 4) {
			sink_key(s, "srv6-sid-structure");
			sid_struct_json(s, sub.p);
			continue;
		}
		char key[32];

		snprintf(key, sizeof(key), lan ? "%u-undecoded" : "unknown-subtlv-%u", t);
		sink_key(s, key);
		sink_hex(s, sub.p, rd_left(&sub));
	}
}

/* RFC 9085 §2.2.1: Adj-SID SIDs, read as ExaBGP reads them: three octets
 * are a label and four an index whatever the flags say; longer values
 * follow V and L (both set: labels, both clear: indexes), and what is left
 * is "undecoded". */
static void adj_sids(const uint8_t *p, size_t n, uint8_t flags, struct sink *s,
		     bool last_only)
{
	bool label = (flags & 0x20) && (flags & 0x10);
	bool index = !(flags & 0x20) && !(flags & 0x10);
	size_t size = label ? 3 : 4, i = 0;
	uint64_t last = 0;

	if (n == 3 || n == 4) {
		label = n == 3;
		index = !label;
		size = n;
	}
	if (!last_only)
		sink_arr(s);
	while (i < n && (label || index) && n - i >= size) {
		last = size == 3 ? get_u24(p + i) & 0xFFFFFu : get_u32(p + i);
		if (!last_only)
			sink_uint(s, last);
		i += size;
	}
	if (last_only) {
		sink_uint(s, last);
		sink_key(s, "undecoded");
	} else {
		sink_arr_end(s);
		sink_key(s, "undecoded-sids");
	}
	sink_arr(s);
	if (i < n)
		sink_hex(s, p + i, n - i);
	sink_arr_end(s);
}

static void adj_json(struct sink *s, const uint8_t *p, size_t n)
{
	sink_obj(s);
	sink_key(s, "flags");
	flags_json(s, F_ADJ, p[0]);
	sink_key(s, "sids");
	adj_sids(p + 4, n - 4, p[0], s, false);
	sink_kuint(s, "weight", p[1]);
	sink_obj_end(s);
}

/* RFC 9085 §2.2.2: OSPF's neighbor id is 4 octets (TLV of 11 or 12),
 * IS-IS's system id 6. */
static void lan_adj_json(struct sink *s, const uint8_t *p, size_t n)
{
	bool ospf = n == 11 || n == 12;
	size_t at = ospf ? 8 : 10;

	sink_obj(s);
	sink_key(s, "flags");
	flags_json(s, F_ADJ, p[0]);
	sink_kuint(s, "weight", p[1]);
	if (ospf) {
		sink_key(s, "neighbor-id");
		kip_json(s, p + 4, 4);
	} else {
		sink_key(s, "system-id");
		sysid_json(s, p + 4);
	}
	sink_key(s, "sid");
	adj_sids(p + at, n - at, p[0], s, true);
	sink_obj_end(s);
}

static void endx_json(struct sink *s, struct rd v, uint8_t kind)
{
	const uint8_t *p = v.p;
	size_t sid_at = ENDX_FIXED - 16, fixed = ENDX_FIXED;

	sink_obj(s);
	sink_key(s, "flags");
	flags_json(s, F_ENDX, p[2]);
	if (kind == K_LAN_ENDX_ISIS) {
		sink_key(s, "neighbor-id");
		sysid_json(s, p + 6);
		sid_at = 12;
		fixed = LAN_ENDX_ISIS_FIXED;
	} else if (kind == K_LAN_ENDX_OSPF) {
		sink_key(s, "neighbor-id");
		kip_json(s, p + 6, 4);
		sid_at = 10;
		fixed = LAN_ENDX_OSPF_FIXED;
	}
	sink_kuint(s, "behavior", get_u16(p));
	sink_kuint(s, "algorithm", p[3]);
	sink_kuint(s, "weight", p[4]);
	sid_v6(s, "sid", p + sid_at);
	rd_skip(&v, fixed);
	endx_subs_json(s, v, kind != K_ENDX);
	sink_obj_end(s);
}

static void sr_cap_json(struct sink *s, struct rd v)
{
	uint16_t t;
	struct rd sub;

	flags_json(s, F_SR_CAP, v.p[0]);
	sink_key(s, "sids");
	sink_arr(s);
	rd_skip(&v, 2);
	while (rd_left(&v) >= 3) {
		uint32_t range = get_u24(v.p);

		rd_skip(&v, 3);
		if (tlv_next(&v, &t, &sub) < 0)
			break;
		sink_arr(s);
		sink_uint(s, range);
		sink_uint(s, rd_left(&sub) == 3 ? get_u24(sub.p) & 0xFFFFFu
						 : get_u32(sub.p));
		sink_arr_end(s);
	}
	sink_arr_end(s);
}

static void prefix_sid_json(struct sink *s, const uint8_t *p, size_t n)
{
	bool vf = p[0] & 0x08, lf = p[0] & 0x04;
	size_t i = 4;

	flags_json(s, F_PFX_SID, p[0]);
	sink_key(s, "sids");
	sink_arr(s);
	while ((vf == lf) && i < n) {
		sink_uint(s, vf ? get_u24(p + i) : get_u32(p + i));
		i += vf ? 3 : 4;
	}
	sink_arr_end(s);
	sink_key(s, "undecoded-sids");
	sink_arr(s);
	if (i < n)
		sink_hex(s, p + i, n - i);
	sink_arr_end(s);
	sink_kuint(s, "sr-algorithm", p[1]);
}

static void nums_json(struct sink *s, const uint8_t *p, size_t n, size_t size)
{
	sink_arr(s);
	for (size_t i = 0; i + size <= n; i += size)
		sink_uint(s, get_be(p + i, size));
	sink_arr_end(s);
}

/* The value of one TLV (the key is written by the caller). */
static void value_json(struct sink *s, const struct ls_desc *d, struct rd v)
{
	const uint8_t *p = v.p;
	size_t n = rd_left(&v);

	if (!d) {
		sink_arr(s);
		sink_hex(s, p, n);
		sink_arr_end(s);
		return;
	}
	switch (d->kind) {
	case K_UINT:
		sink_uint(s, get_be(p, n));
		break;
	case K_FLOAT:
		sink_dbl(s, get_float(p));
		break;
	case K_FLOATS:
		sink_arr(s);
		for (size_t i = 0; i + 4 <= n; i += 4)
			sink_dbl(s, get_float(p + i));
		sink_arr_end(s);
		break;
	case K_IP:
		kip_json(s, p, n);
		break;
	case K_FLAGS:
		flags_json(s, d->flags, p[0]);
		break;
	case K_STRING:
		sink_strn(s, (const char *)p, n);
		break;
	case K_HEXSTR:
		wbuf_hex(sink_text(s), p, n, 0);
		sink_text_end(s);
		break;
	case K_AREA:
		area_json(s, p, n);
		break;
	case K_U32S:
		nums_json(s, p, n, 4);
		break;
	case K_U64S:
		nums_json(s, p, n, 8);
		break;
	case K_LINK_IDS:
		sink_obj(s);
		sink_kuint(s, "local-id", get_u32(p));
		sink_kuint(s, "remote-id", get_u32(p + 4));
		sink_obj_end(s);
		break;
	case K_SR_CAP:
		sr_cap_json(s, v);
		break;
	case K_SR_ALGOS:
		nums_json(s, p, n, 1);
		break;
	case K_SRV6_CAP:
		/* ExaBGP tests 1 << 6 of the 16-bit flags and prints the
		 * masked value */
		sink_obj(s);
		sink_key(s, "flags");
		sink_obj(s);
		sink_kuint(s, "O", get_u16(p) & 0x40u);
		sink_obj_end(s);
		sink_obj_end(s);
		break;
	case K_DELAY:
		sink_obj(s);
		sink_kuint(s, "delay-us", get_u24(p + 1));
		sink_kbool(s, "anomalous", p[0] & 0x80);
		sink_obj_end(s);
		break;
	case K_MINMAX:
		sink_obj(s);
		sink_kuint(s, "min-delay-us", get_u24(p + 1));
		sink_kuint(s, "max-delay-us", get_u24(p + 5));
		sink_kbool(s, "anomalous", p[0] & 0x80);
		sink_obj_end(s);
		break;
	case K_DELAY_VAR:
		sink_uint(s, get_u24(p + 1));
		break;
	case K_LOSS:
		/* RFC 8571 §4.4: units of 0.000003 % */
		sink_obj(s);
		sink_key(s, "loss-percent");
		sink_dbl(s, (double)get_u24(p + 1) * LOSS_UNIT);
		sink_kbool(s, "anomalous", p[0] & 0x80);
		sink_obj_end(s);
		break;
	case K_ADJ:
		adj_json(s, p, n);
		break;
	case K_LAN_ADJ:
		lan_adj_json(s, p, n);
		break;
	case K_PREFIX_SID:
		prefix_sid_json(s, p, n);
		break;
	case K_LOCATOR:
		sink_obj(s);
		sink_key(s, "flags");
		flags_json(s, F_LOCATOR, p[0]);
		sink_kuint(s, "algorithm", p[1]);
		sink_kuint(s, "metric", get_u32(p + 4));
		sink_obj_end(s);
		break;
	case K_ENDPOINT:
		sink_obj(s);
		sink_kuint(s, "endpoint-behavior", get_u16(p));
		sink_key(s, "flags");
		sink_arr(s);
		sink_arr_end(s);
		sink_kuint(s, "algorithm", p[3]);
		sink_obj_end(s);
		break;
	case K_SID_STRUCT:
		sid_struct_json(s, p);
		break;
	case K_ENDX:
	case K_LAN_ENDX_ISIS:
	case K_LAN_ENDX_OSPF:
		endx_json(s, v, d->kind);
		break;
	default:
		break;
	}
}

static void tlv_key(struct sink *s, const struct ls_desc *d, uint16_t code)
{
	char key[32];

	if (d) {
		sink_key(s, d->key);
		return;
	}
	snprintf(key, sizeof(key), "generic-lsid-%u", code);
	sink_key(s, key);
}

/* One TLV's place in the JSON: its group, where the group first appears
 * and where it is. */
struct ls_ent {
	uint32_t first;
	uint32_t pos;
	uint16_t group;
};

static int by_group(const void *x, const void *y)
{
	const struct ls_ent *a = x, *b = y;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int by_first(const void *x, const void *y)
{
	const struct ls_ent *a = x, *b = y;

	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* The TLVs of one group, e[0..n): one list for a merged group, else one
 * member each. */
static void group_json(struct sink *s, const uint8_t *p, size_t len,
		       const struct ls_ent *e, size_t n)
{
	bool merge = false;

	for (size_t i = 0; i < n; i++) {
		struct rd r, v;
		uint16_t code;
		const struct ls_desc *d;

		rd_init(&r, p + e[i].pos, len - e[i].pos);
		if (tlv_next(&r, &code, &v) < 0)
			break;
		d = desc_of(code);
		if (i == 0) {
			merge = d && d->merge;
			tlv_key(s, d, code);
			if (merge)
				sink_arr(s);
		} else if (!merge) {
			tlv_key(s, d, code);
		}
		value_json(s, d, v);
	}
	if (merge)
		sink_arr_end(s);
}

/* RFC 9552 §5.3 in ExaBGP's shape: members in the order their group first
 * appears, every TLV of a group where its first one is.  Two sorts keep
 * this O(n log n) in the number of TLVs (a 64 KiB attribute of repeated
 * TLVs took seconds when each group looked for its own); up to 64 TLVs the
 * table lives on the stack, more take one allocation. */
static void bgpls_obj(struct sink *s, const uint8_t *p, size_t len)
{
	struct ls_ent small[64], *e = small;
	size_t n = 0, cap = sizeof(small) / sizeof(small[0]);
	struct rd r, v;
	uint16_t code;

	rd_init(&r, p, len);
	while (rd_left(&r) && tlv_next(&r, &code, &v) == 0)
		n++;
	if (n > cap) {
		e = malloc(n * sizeof(*e));
		if (!e) {
			s->failed = 1;
			return;
		}
	}
	rd_init(&r, p, len);
	for (size_t i = 0; i < n; i++) {
		e[i].pos = (uint32_t)rd_offset(&r);
		tlv_next(&r, &code, &v);
		e[i].group = group_of(code);
	}
	qsort(e, n, sizeof(*e), by_group);
	for (size_t i = 0; i < n; i++)
		e[i].first = i && e[i].group == e[i - 1].group ? e[i - 1].first : e[i].pos;
	qsort(e, n, sizeof(*e), by_first);
	sink_obj(s);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && e[j].first == e[i].first; j++)
			;
		group_json(s, p, len, e + i, j - i);
	}
	sink_obj_end(s);
	if (e != small)
		free(e);
}

static void bgpls_json(struct sink *s, const struct wire_attr *a,
		       const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	sink_key(s, "bgp-ls");
	bgpls_obj(s, a->val, a->len);
}

/* --- text: ExaBGP's str() of the attribute ------------------------------ */

/* REPR of ExaBGP's TLV classes (main branch, register_lsid repr_name). */
static const struct {
	uint16_t code;
	const char *name;
} ls_reprs[] = {
	{ 258, "Link Local/Remote Identifiers" },
	{ 1024, "Node Flags" },
	{ 1025, "Node Opaque attribute" },
	{ 1026, "Node Name" },
	{ 1027, "ISIS area id" },
	{ 1028, "Local Router IDs" },
	{ 1029, "Local Router IDs" },
	{ 1030, "Remote Router ID" },
	{ 1031, "Remote Router ID" },
	{ 1034, "SR Capability Flags" },
	{ 1035, "SrAlgorithms" },
	{ 1038, "SRv6 Capabilities" },   /* members only, see tlv_text() */
	{ 1088, "Admin Group mask" },
	{ 1089, "Maximum link bandwidth" },
	{ 1090, "Maximum reservable link bandwidth" },
	{ 1091, "Maximum link bandwidth" }, /* sic, ExaBGP's unreserved bandwidth */
	{ 1092, "TE Default Metric" },
	{ 1093, "Link protection mask" },
	{ 1094, "MPLS Protocol mask" },
	{ 1095, "IGP Metric" },
	{ 1096, "link SRLG values" },
	{ 1097, "Link Opaque attribute" },
	{ 1098, "Link Name" },
	{ 1099, "adj_flags" },
	{ 1100, "sr_adj_lan_flags" },
	{ 1106, "SRv6 End.X SID" },
	{ 1107, "SRv6 LAN End.X SID" },
	{ 1108, "SRv6 LAN End.X SID" },
	{ 1114, "Unidirectional Link Delay" },
	{ 1115, "Min/Max Unidirectional Link Delay" },
	{ 1116, "Unidirectional Delay Variation" },
	{ 1117, "Unidirectional Link Loss" },
	{ 1118, "Unidirectional Residual Bandwidth" },
	{ 1119, "Unidirectional Available Bandwidth" },
	{ 1120, "Unidirectional Utilized Bandwidth" },
	{ 1152, "IGP flags" },
	{ 1153, "IGP Route Tags" },
	{ 1154, "IGP Extended Route Tags" },
	{ 1155, "prefix_metric" },
	{ 1156, "Ospf forwarding address" },
	{ 1157, "Opaque Prefix Attribute" },
	{ 1158, "prefix_flags" },
	{ 1162, "SRv6 Locator" },        /* members only, see tlv_text() */
	{ 1170, "Prefix Attr Flags" },
	{ 1171, "Source router identifier" },
	{ 1250, "SRv6 Endpoint Behavior" }, /* own __str__, see tlv_text() */
	{ 1252, "SRv6 SID Structure" },
};

static const char *repr_of(uint16_t code)
{
	for (size_t i = 0; i < sizeof(ls_reprs) / sizeof(ls_reprs[0]); i++)
		if (ls_reprs[i].code == code)
			return ls_reprs[i].name;
	return NULL;
}

/* Python's repr() of str or bytes: single quotes unless the text holds a
 * single quote and no double one; backslash escapes for the quote, the
 * backslash and control characters, so the line stays one line. */
static void py_quoted(struct wbuf *w, const uint8_t *p, size_t n, bool bytes)
{
	char q = n && memchr(p, '\'', n) && !memchr(p, '"', n) ? '"' : '\'';

	if (bytes)
		wbuf_u8(w, 'b');
	wbuf_u8(w, (uint8_t)q);
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];

		if (c == '\\' || c == (uint8_t)q)
			wbuf_printf(w, "\\%c", c);
		else if (c == '\n')
			wbuf_str(w, "\\n");
		else if (c == '\r')
			wbuf_str(w, "\\r");
		else if (c == '\t')
			wbuf_str(w, "\\t");
		else if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80))
			wbuf_printf(w, "\\x%02x", c);
		else
			wbuf_u8(w, c);
	}
	wbuf_u8(w, (uint8_t)q);
}

/* Python's str() of a value (top: a bare string), repr() inside
 * containers. */
static void py_str(struct wbuf *w, const struct val *v, bool top)
{
	const struct val *k;

	switch (v->type) {
	case VAL_BOOL:
		wbuf_str(w, v->b ? "True" : "False");
		break;
	case VAL_INT:
		wbuf_printf(w, "%lld", (long long)v->i);
		break;
	case VAL_UINT:
		wbuf_printf(w, "%llu", (unsigned long long)v->u);
		break;
	case VAL_DBL:
		json_write_double(w, v->d);
		break;
	case VAL_STR:
		if (top)
			for (size_t i = 0; i < v->s.n; i++) /* one line */
				wbuf_u8(w, (uint8_t)v->s.p[i] < 0x20 || v->s.p[i] == 0x7f
						   ? ' ' : (uint8_t)v->s.p[i]);
		else
			py_quoted(w, (const uint8_t *)v->s.p, v->s.n, false);
		break;
	case VAL_ARR:
	case VAL_OBJ:
		wbuf_u8(w, v->type == VAL_ARR ? '[' : '{');
		for (k = v->kids.first; k; k = k->next) {
			if (k != v->kids.first)
				wbuf_str(w, ", ");
			if (v->type == VAL_OBJ) {
				py_quoted(w, (const uint8_t *)k->key, k->klen, false);
				wbuf_str(w, ": ");
			}
			py_str(w, k, false);
		}
		wbuf_u8(w, v->type == VAL_ARR ? ']' : '}');
		break;
	default:
		wbuf_str(w, "None");
		break;
	}
}

/* "key: value, ..." of first and the members after it. */
static void py_members(struct wbuf *w, const struct val *first, bool sep)
{
	for (const struct val *k = first; k; k = k->next) {
		if (sep)
			wbuf_str(w, ", ");
		sep = true;
		wbuf_put(w, k->key, k->klen);
		wbuf_str(w, ": ");
		py_str(w, k, false);
	}
}

/* "<head><flags>, sids: [...]<tail>[...]": the reprs of ExaBGP's SR
 * adjacency and prefix SID classes. */
static void sr_repr(struct wbuf *w, const char *head, const struct val *flags,
		    const struct val *sids, const struct val *undecoded,
		    const char *tail)
{
	if (!flags || !sids || !undecoded) {
		w->failed = 1;
		return;
	}
	wbuf_str(w, head);
	py_str(w, flags, false);
	wbuf_str(w, ", sids: ");
	py_str(w, sids, false);
	wbuf_str(w, tail);
	py_str(w, undecoded, false);
}

/* The TLVs ExaBGP prints from their octets: 1 when done. */
static bool raw_text(struct wbuf *w, const struct ls_desc *d, uint16_t code,
		     const char *name, struct rd v)
{
	if (d->kind == K_ENDPOINT) {
		/* its __str__, "0x" before the decimal value included */
		wbuf_printf(w, "srv6-endpoint-behavior [0x%u, flags: [], algorithm: %u]",
			    get_u16(v.p), v.p[3]);
	} else if (d->kind == K_SID_STRUCT) {
		wbuf_printf(w, "sid-structure [%u,%u,%u,%u,]", v.p[0], v.p[1], v.p[2],
			    v.p[3]);
	} else if (d->kind == K_HEXSTR || code == 1098) {
		/* opaque TLVs and the link name hold bytes in ExaBGP */
		wbuf_printf(w, "%s: ", name);
		py_quoted(w, v.p, rd_left(&v), true);
	} else {
		return false;
	}
	return true;
}

/* The other TLVs from the tree of their JSON value: root holds it under ""
 * and, for some kinds, members after it. */
static void tree_text(struct wbuf *w, const struct ls_desc *d, const char *name,
		      const struct val *root)
{
	const struct val *v = root->kids.first;

	if (d->kind == K_ADJ && v->type == VAL_OBJ) {
		/* SrAdjacency.__repr__, its missing colon included */
		sr_repr(w, "adj_flags: ", val_get(v, "flags"), val_get(v, "sids"),
			val_get(v, "undecoded-sids"), ", undecoded_sid ");
	} else if (d->kind == K_PREFIX_SID) {
		/* SrPrefix.__repr__ */
		sr_repr(w, "prefix_flags: ", v, val_get(root, "sids"),
			val_get(root, "undecoded-sids"), ", undecoded_sid: ");
	} else if ((d->kind == K_SRV6_CAP || d->kind == K_LOCATOR) &&
		   v->type == VAL_OBJ) {
		py_members(w, v->kids.first, false);
	} else {
		wbuf_printf(w, "%s: ", name);
		py_str(w, v, true);
		py_members(w, v->next, true);
	}
}

/* One TLV as its Python repr.  Its JSON value goes through a tree so that
 * the text shows the same values as the JSON. */
static void tlv_text(struct wbuf *w, uint16_t code, struct rd v)
{
	const struct ls_desc *d = desc_of(code);
	const char *name = repr_of(code);
	struct arena a;
	struct val_sink vs;
	const struct val *root;

	if (!d || !name) {
		wbuf_printf(w, "Attribute with code [ %u ] not implemented", code);
		return;
	}
	if (raw_text(w, d, code, name, v))
		return;
	arena_init(&a, 1024);
	val_sink_init(&vs, &a);
	sink_obj(&vs.base);
	sink_key(&vs.base, "");
	value_json(&vs.base, d, v);
	sink_obj_end(&vs.base);
	root = val_sink_root(&vs);
	if (root && root->type == VAL_OBJ && root->kids.first)
		tree_text(w, d, name, root);
	else
		w->failed = 1;
	val_sink_fini(&vs);
	arena_fini(&a);
}

static void bgpls_text(struct wbuf *w, const struct wire_attr *a,
		       const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct rd r, v;
	uint16_t code;
	bool first = true;

	(void)u, (void)ctx;
	wbuf_str(w, " bgp-ls ");
	rd_init(&r, a->val, a->len);
	while (rd_left(&r) && tlv_next(&r, &code, &v) == 0) {
		if (!first)
			wbuf_str(w, ", ");
		first = false;
		tlv_text(w, code, v);
	}
}

/* --- encoder -------------------------------------------------------------- */

static int enc_fail(struct lb_err *err, const struct val *m, const char *what)
{
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "bgp-ls: \"%.*s\": %s",
			  m && m->key ? (int)m->klen : 0, m && m->key ? m->key : "",
			  what);
}

static bool key_is(const struct val *m, const char *k)
{
	return m && m->key && wire_streq(m->key, m->klen, k);
}

static int get_num(const struct val *v, uint64_t max, uint64_t *out)
{
	const char *p;
	size_t n;

	if (!v)
		return -1;
	if (val_as_u64(v, out) == 0)
		return *out <= max ? 0 : -1;
	if (val_as_str(v, &p, &n) < 0)
		return -1;
	return wire_parse_uint(p, n, max, out);
}

static int get_dbl(const struct val *v, double *out)
{
	int64_t i;

	if (v && v->type == VAL_DBL) {
		*out = v->d;
		return 0;
	}
	if (v && v->type == VAL_UINT) {
		*out = (double)v->u;
		return 0;
	}
	if (val_as_i64(v, &i) < 0)
		return -1;
	*out = (double)i;
	return 0;
}

static int get_bool(const struct val *v, bool *out)
{
	int b;
	uint64_t x;

	if (val_as_bool(v, &b) == 0) {
		*out = b;
		return 0;
	}
	if (get_num(v, 1, &x) < 0)
		return -1;
	*out = x;
	return 0;
}

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
	return wbuf_set_u16(w, mark - 2, (uint16_t)n);
}

/* Flags from ExaBGP's dict; "RSV" stands for the last reserved bit. */
static int enc_flags(const struct val *o, const char *const *names,
		     uint8_t *out)
{
	int last_rsv = -1;

	*out = 0;
	if (!o || o->type != VAL_OBJ)
		return -1;
	for (int i = 0; i < 8; i++)
		if (is_rsv(names[i]))
			last_rsv = i;
	for (int i = 0; i < 8; i++) {
		const struct val *b;
		uint64_t x;

		if (is_rsv(names[i]) && i != last_rsv)
			continue;
		b = val_get(o, names[i]);
		if (!b)
			continue;
		if (get_num(b, 1, &x) < 0)
			return -1;
		if (x)
			*out |= (uint8_t)(0x80u >> i);
	}
	return 0;
}

static int enc_ip(struct wbuf *w, const struct val *v, size_t *len)
{
	uint8_t a[16];
	uint16_t afi;
	const char *p;
	size_t n;

	if (val_as_str(v, &p, &n) < 0 || wire_ip_parse(p, n, &afi, a) < 0)
		return -1;
	*len = afi == WIRE_AFI_IPV4 ? 4 : 16;
	return wbuf_put(w, a, *len);
}

static int enc_ip6(struct wbuf *w, const struct val *v)
{
	uint8_t a[16];
	const char *p;
	size_t n;

	if (val_as_str(v, &p, &n) < 0 ||
	    wire_ip_parse_afi(p, n, WIRE_AFI_IPV6, a) < 0)
		return -1;
	return wbuf_put(w, a, 16);
}

static int enc_ip4(struct wbuf *w, const struct val *v)
{
	uint8_t a[16];
	const char *p;
	size_t n;

	if (val_as_str(v, &p, &n) < 0 ||
	    wire_ip_parse_afi(p, n, WIRE_AFI_IPV4, a) < 0)
		return -1;
	return wbuf_put(w, a, 4);
}

static int enc_hex(struct wbuf *w, const struct val *v, bool with_0x)
{
	const char *p;
	size_t n, bad;

	if (val_as_str(v, &p, &n) < 0)
		return -1;
	if (with_0x) {
		if (n < 2 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
			return -1;
		p += 2;
		n -= 2;
	}
	return hex_decode(p, n, w, &bad);
}

static int enc_sysid(struct wbuf *w, const struct val *v)
{
	size_t at = w->len;

	if (enc_hex(w, v, false) < 0 || w->len - at != 6)
		return -1;
	return 0;
}

static int enc_be(struct wbuf *w, const struct val *v, size_t size)
{
	uint64_t x, max = size >= 8 ? UINT64_MAX : ((uint64_t)1 << (8 * size)) - 1;

	if (get_num(v, max, &x) < 0)
		return -1;
	for (size_t i = size; i-- > 0;)
		wbuf_u8(w, (uint8_t)(x >> (8 * i)));
	return 0;
}

static int enc_float(struct wbuf *w, const struct val *v)
{
	double d;
	float f;
	uint32_t bits;

	if (get_dbl(v, &d) < 0)
		return -1;
	f = (float)d;
	memcpy(&bits, &f, sizeof(bits));
	return wbuf_u32(w, bits);
}

static int enc_list(struct wbuf *w, const struct val *arr, size_t size)
{
	if (!arr || arr->type != VAL_ARR)
		return -1;
	for (const struct val *e = arr->kids.first; e; e = e->next)
		if (enc_be(w, e, size) < 0)
			return -1;
	return 0;
}

/* The decimal text of an area id back to its octets (the fewest that hold
 * it: leading zero octets are not in the JSON). */
static int enc_area(struct wbuf *w, const struct val *v)
{
	uint8_t num[AREA_MAX];
	size_t len = 0, at;
	const char *p;
	size_t n;

	if (val_as_str(v, &p, &n) < 0 || n == 0)
		return -1;
	memset(num, 0, sizeof(num));
	for (size_t i = 0; i < n; i++) {
		unsigned carry;

		if (p[i] < '0' || p[i] > '9')
			return -1;
		carry = (unsigned)(p[i] - '0');
		for (size_t k = AREA_MAX; k-- > 0;) {
			unsigned cur = num[k] * 10u + carry;

			num[k] = (uint8_t)cur;
			carry = cur >> 8;
		}
		if (carry)
			return -1;
	}
	for (at = 0; at < AREA_MAX - 1 && !num[at]; at++)
		;
	len = AREA_MAX - at;
	return wbuf_put(w, num + at, len);
}

static int enc_sid_struct(struct wbuf *w, const struct val *o)
{
	static const char *const k[4] = { "loc_block_len", "loc_node_len",
					  "func_len", "arg_len" };

	for (int i = 0; i < 4; i++)
		if (enc_be(w, val_get(o, k[i]), 1) < 0)
			return -1;
	return 0;
}

/* End.X sub-TLVs: members after the fixed ones. */
static int enc_endx_subs(struct wbuf *w, const struct val *o, bool lan)
{
	for (const struct val *m = o->kids.first; m; m = m->next) {
		size_t mark;
		unsigned long code;
		char *end;
		char key[32];

		if (key_is(m, "srv6-sid-structure")) {
			mark = tlv_begin(w, TLV_SID_STRUCTURE);
			if (enc_sid_struct(w, m) < 0 || tlv_end(w, mark) < 0)
				return -1;
			continue;
		}
		if (!m->key || m->klen >= sizeof(key))
			continue;
		memcpy(key, m->key, m->klen);
		key[m->klen] = 0;
		if (lan && m->klen > 10 && !strcmp(key + m->klen - 10, "-undecoded"))
			code = strtoul(key, &end, 10);
		else if (!lan && !strncmp(key, "unknown-subtlv-", 15))
			code = strtoul(key + 15, &end, 10);
		else
			continue;
		if (code > 0xFFFF)
			return -1;
		mark = tlv_begin(w, (uint16_t)code);
		if (enc_hex(w, m, true) < 0 || tlv_end(w, mark) < 0)
			return -1;
	}
	return 0;
}

static int enc_endx(struct wbuf *w, const struct val *o, uint8_t kind)
{
	uint8_t flags;

	if (!o || o->type != VAL_OBJ ||
	    enc_be(w, val_get(o, "behavior"), 2) < 0 ||
	    enc_flags(val_get(o, "flags"), F_ENDX, &flags) < 0)
		return -1;
	wbuf_u8(w, flags);
	if (enc_be(w, val_get(o, "algorithm"), 1) < 0 ||
	    enc_be(w, val_get(o, "weight"), 1) < 0)
		return -1;
	wbuf_u8(w, 0);
	if (kind == K_LAN_ENDX_ISIS && enc_sysid(w, val_get(o, "neighbor-id")) < 0)
		return -1;
	if (kind == K_LAN_ENDX_OSPF && enc_ip4(w, val_get(o, "neighbor-id")) < 0)
		return -1;
	if (enc_ip6(w, val_get(o, "sid")) < 0)
		return -1;
	return enc_endx_subs(w, o, kind != K_ENDX);
}

/* One SID by the flags: V and L set, a 3-octet label (20 bits), else a
 * 4-octet value; a lone SID is read by its size first, so a value past 20
 * bits goes in 4 octets whatever the flags. */
static int enc_sid(struct wbuf *w, const struct val *v, bool label, bool lone)
{
	uint64_t x;

	if (get_num(v, UINT32_MAX, &x) < 0)
		return -1;
	if (label && (x <= 0xFFFFF || !lone))
		return x <= 0xFFFFF ? wbuf_u24(w, (uint32_t)x) : -1;
	return wbuf_u32(w, (uint32_t)x);
}

/* A SID is alone when nothing follows it (no "undecoded-sids"). */
static int enc_sids(struct wbuf *w, const struct val *arr, bool label,
		    bool nothing_after)
{
	if (!arr || arr->type != VAL_ARR)
		return -1;
	for (const struct val *e = arr->kids.first; e; e = e->next)
		if (enc_sid(w, e, label, nothing_after && val_len(arr) == 1) < 0)
			return -1;
	return 0;
}

static int enc_undecoded(struct wbuf *w, const struct val *arr)
{
	if (!arr)
		return 0;
	if (arr->type != VAL_ARR)
		return -1;
	for (const struct val *e = arr->kids.first; e; e = e->next)
		if (enc_hex(w, e, true) < 0)
			return -1;
	return 0;
}

static int enc_adj(struct wbuf *w, const struct val *o, bool lan)
{
	const struct val *sids, *rest;
	uint8_t flags;
	bool label;

	if (!o || o->type != VAL_OBJ ||
	    enc_flags(val_get(o, "flags"), F_ADJ, &flags) < 0)
		return -1;
	label = (flags & 0x30) == 0x30;
	wbuf_u8(w, flags);
	if (enc_be(w, val_get(o, "weight"), 1) < 0)
		return -1;
	wbuf_u16(w, 0);
	if (!lan) {
		sids = val_get(o, "sids");
		rest = val_get(o, "undecoded-sids");
		return enc_sids(w, sids, label, val_len(rest) == 0) < 0 ? -1
			: enc_undecoded(w, rest);
	}
	if (val_get(o, "neighbor-id")) {
		if (enc_ip4(w, val_get(o, "neighbor-id")) < 0)
			return -1;
	} else if (enc_sysid(w, val_get(o, "system-id")) < 0) {
		return -1;
	}
	if (enc_sid(w, val_get(o, "sid"), label, true) < 0)
		return -1;
	return enc_undecoded(w, val_get(o, "undecoded"));
}

/* RFC 9085 §2.1.2: flags, reserved, then ranges [size, SID/Label]. */
static int enc_sr_cap(struct wbuf *w, const struct val *m)
{
	const struct val *sids = m->next;
	uint8_t flags;

	if (enc_flags(m, F_SR_CAP, &flags) < 0)
		return -1;
	wbuf_u8(w, flags);
	wbuf_u8(w, 0);
	if (!key_is(sids, "sids"))
		return 0;
	if (sids->type != VAL_ARR)
		return -1;
	for (const struct val *e = sids->kids.first; e; e = e->next) {
		uint64_t sid;

		if (val_len(e) != 2 || enc_be(w, val_at(e, 0), 3) < 0 ||
		    get_num(val_at(e, 1), UINT32_MAX, &sid) < 0)
			return -1;
		wbuf_u16(w, TLV_SID_LABEL);
		/* a label fits 20 bits and travels in 3 octets */
		if (sid <= 0xFFFFF) {
			wbuf_u16(w, 3);
			wbuf_u24(w, (uint32_t)sid);
		} else {
			wbuf_u16(w, 4);
			wbuf_u32(w, (uint32_t)sid);
		}
	}
	return 0;
}

/* RFC 9085 §2.3.1, from "sr-prefix-flags" and the members that follow it. */
static int enc_prefix_sid(struct wbuf *w, const struct val *m)
{
	const struct val *sids = NULL, *undec = NULL, *algo = NULL;
	uint8_t flags;

	for (const struct val *n = m->next; n; n = n->next) {
		if (key_is(n, "sids") && !sids)
			sids = n;
		else if (key_is(n, "undecoded-sids") && !undec)
			undec = n;
		else if (key_is(n, "sr-algorithm") && !algo)
			algo = n;
		else
			break;
	}
	if (enc_flags(m, F_PFX_SID, &flags) < 0)
		return -1;
	wbuf_u8(w, flags);
	if (algo) {
		if (enc_be(w, algo, 1) < 0)
			return -1;
	} else {
		wbuf_u8(w, 0);
	}
	wbuf_u16(w, 0);
	/* RFC 9085 §2.3.1: 3-octet labels (read whole, as ExaBGP does) or a
	 * 4-octet index */
	if (sids && enc_list(w, sids, (flags & 0x0C) == 0x0C ? 3 : 4) < 0)
		return -1;
	return enc_undecoded(w, undec);
}

static int enc_value(struct wbuf *w, const struct ls_desc *d,
		     const struct val *v)
{
	uint8_t b;
	size_t len;

	switch (d->kind) {
	case K_UINT:
		/* RFC 9552 §5.3.2.4: the IGP metric in the IS-IS wide width */
		return enc_be(w, v, d->code == 1095 ? 3 : d->max);
	case K_FLOAT:
		return enc_float(w, v);
	case K_FLOATS:
		if (!v || v->type != VAL_ARR || val_len(v) != 8)
			return -1;
		for (const struct val *e = v->kids.first; e; e = e->next)
			if (enc_float(w, e) < 0)
				return -1;
		return 0;
	case K_IP:
		return enc_ip(w, v, &len);
	case K_FLAGS:
		if (enc_flags(v, d->flags, &b) < 0)
			return -1;
		wbuf_u8(w, b);
		/* RFC 5307 §1.2: link protection is 1 octet of flags and
		 * 1 reserved */
		if (d->min == 2)
			wbuf_u8(w, 0);
		return 0;
	case K_STRING: {
		const char *p;
		size_t n;

		if (val_as_str(v, &p, &n) < 0 || n > d->max)
			return -1;
		return wbuf_put(w, p, n);
	}
	case K_HEXSTR:
		return enc_hex(w, v, false);
	case K_AREA:
		return enc_area(w, v);
	case K_U32S:
		return enc_list(w, v, 4);
	case K_U64S:
		return enc_list(w, v, 8);
	case K_SR_ALGOS:
		return enc_list(w, v, 1);
	case K_LINK_IDS:
		return enc_be(w, val_get(v, "local-id"), 4) < 0 ? -1
			: enc_be(w, val_get(v, "remote-id"), 4);
	case K_SRV6_CAP: {
		uint64_t o;

		if (get_num(val_get(val_get(v, "flags"), "O"), 0xFFFF, &o) < 0)
			return -1;
		wbuf_u16(w, o ? 0x40 : 0);
		return wbuf_u16(w, 0);
	}
	case K_DELAY:
	case K_LOSS: {
		bool anomalous;
		double pct;

		if (get_bool(val_get(v, "anomalous"), &anomalous) < 0)
			return -1;
		wbuf_u8(w, anomalous ? 0x80 : 0);
		if (d->kind == K_DELAY)
			return enc_be(w, val_get(v, "delay-us"), 3);
		if (get_dbl(val_get(v, "loss-percent"), &pct) < 0 || !(pct >= 0) ||
		    pct / LOSS_UNIT > 0xFFFFFF + 0.5)
			return -1;
		return wbuf_u24(w, (uint32_t)lround(pct / LOSS_UNIT));
	}
	case K_MINMAX: {
		bool anomalous;

		if (get_bool(val_get(v, "anomalous"), &anomalous) < 0)
			return -1;
		wbuf_u8(w, anomalous ? 0x80 : 0);
		if (enc_be(w, val_get(v, "min-delay-us"), 3) < 0)
			return -1;
		wbuf_u8(w, 0);
		return enc_be(w, val_get(v, "max-delay-us"), 3);
	}
	case K_DELAY_VAR:
		wbuf_u8(w, 0);
		return enc_be(w, v, 3);
	case K_ADJ:
		return enc_adj(w, v, false);
	case K_LAN_ADJ:
		return enc_adj(w, v, true);
	case K_LOCATOR:
		if (enc_flags(val_get(v, "flags"), F_LOCATOR, &b) < 0)
			return -1;
		wbuf_u8(w, b);
		if (enc_be(w, val_get(v, "algorithm"), 1) < 0)
			return -1;
		wbuf_u16(w, 0);
		return enc_be(w, val_get(v, "metric"), 4);
	case K_ENDPOINT:
		if (enc_be(w, val_get(v, "endpoint-behavior"), 2) < 0)
			return -1;
		wbuf_u8(w, 0);
		return enc_be(w, val_get(v, "algorithm"), 1);
	case K_SID_STRUCT:
		return enc_sid_struct(w, v);
	case K_ENDX:
	case K_LAN_ENDX_ISIS:
	case K_LAN_ENDX_OSPF:
		return enc_endx(w, v, d->kind);
	default:
		return -1;
	}
}

/* The code one element of a group travels under: the IPv6 router ids
 * (RFC 9552 §5.3.1.4, §5.3.2.1) are the next code after the IPv4 ones. */
static uint16_t code_for(const struct ls_desc *d, const struct val *e)
{
	const char *p;
	size_t n;

	if (d->kind == K_IP && d->merge && val_as_str(e, &p, &n) == 0 &&
	    memchr(p, ':', n))
		return (uint16_t)(d->code + 1);
	return d->code;
}

static const struct ls_desc *desc_by_key(const struct val *m)
{
	for (size_t i = 0; i < NDESCS; i++)
		if (key_is(m, descs[i].key))
			return &descs[i];
	return NULL;
}

/* One member of the JSON object: returns the next member to read, or
 * NULL with err set. */
static const struct val *enc_member(struct wbuf *w, const struct val *m,
				    struct lb_err *err, bool *failed)
{
	const struct ls_desc *d = desc_by_key(m);
	size_t mark;

	*failed = true;
	if (m->key && m->klen > 13 && !memcmp(m->key, "generic-lsid-", 13)) {
		char num[8];
		unsigned long code;
		char *end;

		if (m->klen - 13 >= sizeof(num) || m->type != VAL_ARR) {
			enc_fail(err, m, "not a TLV code and a list of hex");
			return NULL;
		}
		memcpy(num, m->key + 13, m->klen - 13);
		num[m->klen - 13] = 0;
		code = strtoul(num, &end, 10);
		if (*end || code > 0xFFFF) {
			enc_fail(err, m, "not a TLV code");
			return NULL;
		}
		for (const struct val *e = m->kids.first; e; e = e->next) {
			mark = tlv_begin(w, (uint16_t)code);
			if (enc_hex(w, e, true) < 0 || tlv_end(w, mark) < 0) {
				enc_fail(err, m, "not 0x hex");
				return NULL;
			}
		}
		*failed = false;
		return m->next;
	}
	if (!d) {
		enc_fail(err, m, "not a BGP-LS attribute TLV");
		return NULL;
	}
	if (d->kind == K_SR_CAP || d->kind == K_PREFIX_SID) {
		const struct val *next = m->next;

		mark = tlv_begin(w, d->code);
		if ((d->kind == K_SR_CAP ? enc_sr_cap(w, m) : enc_prefix_sid(w, m)) < 0 ||
		    tlv_end(w, mark) < 0) {
			enc_fail(err, m, "cannot be encoded");
			return NULL;
		}
		/* skip the members that belonged to it */
		while (next && (key_is(next, "sids") ||
				(d->kind == K_PREFIX_SID &&
				 (key_is(next, "undecoded-sids") || key_is(next, "sr-algorithm")))))
			next = next->next;
		*failed = false;
		return next;
	}
	if (d->merge) {
		if (m->type != VAL_ARR) {
			enc_fail(err, m, "not a list");
			return NULL;
		}
		for (const struct val *e = m->kids.first; e; e = e->next) {
			mark = tlv_begin(w, code_for(d, e));
			if (enc_value(w, d, e) < 0 || tlv_end(w, mark) < 0) {
				enc_fail(err, m, "cannot be encoded");
				return NULL;
			}
		}
		*failed = false;
		return m->next;
	}
	mark = tlv_begin(w, d->code);
	if (enc_value(w, d, m) < 0 || tlv_end(w, mark) < 0) {
		enc_fail(err, m, "cannot be encoded");
		return NULL;
	}
	*failed = false;
	return m->next;
}

static int bgpls_encode(struct wbuf *w, const struct val *v,
			const struct wire_ctx *ctx, struct lb_err *err)
{
	size_t mark;
	bool failed = false;

	(void)ctx;
	if (!v || v->type != VAL_OBJ)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "bgp-ls: the attribute is not an object");
	mark = wire_attr_begin(w, WIRE_ATTR_F_OPTIONAL, WIRE_ATTR_BGP_LS);
	for (const struct val *m = v->kids.first; m && !failed;)
		m = enc_member(w, m, err, &failed);
	if (failed)
		return -1;
	if (wire_attr_end(w, mark) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "bgp-ls: the attribute is longer than 65535 octets");
	return 0;
}

const struct wire_attr_desc wire_attr_bgp_ls = {
	.code = WIRE_ATTR_BGP_LS,
	.flags = WIRE_ATTR_F_OPTIONAL,
	.name = "bgp-ls",
	/* RFC 9552 §8.2.2: a malformed BGP-LS attribute is discarded, the
	 * NLRI it came with stays */
	.malformed = LB_ACT_DISCARD,
	.check = bgpls_check,
	.json = bgpls_json,
	.text = bgpls_text,
	.encode = bgpls_encode,
};
