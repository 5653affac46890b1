/* BGP-LS: the NLRI codec (RFC 9552 §5.2, RFC 9514 §6) of the families
 * "bgp-ls bgp-ls" and "bgp-ls bgp-ls-vpn".
 *
 * Each vector is one NLRI: its bytes, decoded, must print ExaBGP's JSON
 * (compact, ExaBGP's member order) and the tree of that JSON must encode
 * back to the same bytes.  The first rows are the NLRIs of the conformance
 * vectors decoding/bgp-ls-1 to -9, whose JSON ExaBGP recorded; the others
 * cover the descriptors those vectors do not carry (IPv6 prefixes, the
 * SRv6 SID NLRI, OSPF route types, IS-IS pseudonodes, IPv6 link addresses,
 * the RD of SAFI 72, an NLRI type luabgp does not know).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "testutil.h"
#include "wire/attr.h"
#include "wire/nlri.h"
#include "wire/wire.h"

struct vec {
	const struct wire_family *f;
	const char *hex;
	const char *json;
};

#define ISIS_NODE_65001 \
	"{\"autonomous-system\":65001},{\"bgp-ls-identifier\":\"0\"},{\"router-id\":\"000000000015\"}"

static const struct vec nlri_vectors[] = {
	/* decoding/bgp-ls-1: OSPF link, router ids as addresses */
	{ &wire_fam_bgpls,
	  "0002005103000000000000000001000020020000040000000102010004C0A87A7E0202000400000000020300040A0A0A0A"
	  "01010020020000040000000102010004C0A87A7E0202000400000000020300040A020202",
	  "{\"ls-nlri-type\":\"bgpls-link\",\"l3-routing-topology\":0,\"protocol-id\":3,"
	  "\"local-node-descriptors\":[{\"autonomous-system\":1},{\"bgp-ls-identifier\":\"3232266878\"},"
	  "{\"ospf-area-id\":\"0.0.0.0\"},{\"router-id\":\"10.10.10.10\"}],"
	  "\"remote-node-descriptors\":[{\"autonomous-system\":1},{\"bgp-ls-identifier\":\"3232266878\"},"
	  "{\"ospf-area-id\":\"0.0.0.0\"},{\"router-id\":\"10.2.2.2\"}],"
	  "\"interface-addresses\":[],\"neighbor-addresses\":[],\"multi-topology-ids\":[],\"link-identifiers\":[]}" },
	/* decoding/bgp-ls-2 and -3: OSPF pseudonode (designated router) */
	{ &wire_fam_bgpls,
	  "0002006503000000000000000001000020020000040000FDE902010004000000000202000400000000020300040A010101"
	  "010100240200000400"
	  "00FDE902010004000000000202000400000000020300080A0104010A010102010300040A010101010400040A010102",
	  "{\"ls-nlri-type\":\"bgpls-link\",\"l3-routing-topology\":0,\"protocol-id\":3,"
	  "\"local-node-descriptors\":[{\"autonomous-system\":65001},{\"bgp-ls-identifier\":\"0\"},"
	  "{\"ospf-area-id\":\"0.0.0.0\"},{\"router-id\":\"10.1.1.1\"}],"
	  "\"remote-node-descriptors\":[{\"autonomous-system\":65001},{\"bgp-ls-identifier\":\"0\"},"
	  "{\"ospf-area-id\":\"0.0.0.0\"},{\"router-id\":\"10.1.4.1\",\"designated-router-id\":\"10.1.1.2\"}],"
	  "\"interface-addresses\":[\"10.1.1.1\"],\"neighbor-addresses\":[\"10.1.1.2\"],"
	  "\"multi-topology-ids\":[],\"link-identifiers\":[]}" },
	/* decoding/bgp-ls-4: IS-IS level 2 link */
	{ &wire_fam_bgpls,
	  "000200550200000000000000020100001A0200000400000D1802010004000000B2020300061921682522400101001A02"
	  "00000400000D1802010004000000B20203000619216825216201030004C0A8C75401040004C0A8C755",
	  "{\"ls-nlri-type\":\"bgpls-link\",\"l3-routing-topology\":2,\"protocol-id\":2,"
	  "\"local-node-descriptors\":[{\"autonomous-system\":3352},{\"bgp-ls-identifier\":\"178\"},"
	  "{\"router-id\":\"192168252240\"}],"
	  "\"remote-node-descriptors\":[{\"autonomous-system\":3352},{\"bgp-ls-identifier\":\"178\"},"
	  "{\"router-id\":\"192168252162\"}],"
	  "\"interface-addresses\":[\"192.168.199.84\"],\"neighbor-addresses\":[\"192.168.199.85\"],"
	  "\"multi-topology-ids\":[],\"link-identifiers\":[]}" },
	/* decoding/bgp-ls-6: multi-topology and link identifiers */
	{ &wire_fam_bgpls,
	  "000200570200000000000000000100001A0200000400021C900201000400000000020300060000000000150101001A02"
	  "00000400021C90020100040000000002030006000300000009010200080000002700000035010700020002",
	  "{\"ls-nlri-type\":\"bgpls-link\",\"l3-routing-topology\":0,\"protocol-id\":2,"
	  "\"local-node-descriptors\":[{\"autonomous-system\":138384},{\"bgp-ls-identifier\":\"0\"},"
	  "{\"router-id\":\"000000000015\"}],"
	  "\"remote-node-descriptors\":[{\"autonomous-system\":138384},{\"bgp-ls-identifier\":\"0\"},"
	  "{\"router-id\":\"000300000009\"}],"
	  "\"interface-addresses\":[],\"neighbor-addresses\":[],\"multi-topology-ids\":[2],"
	  "\"link-identifiers\":[{\"link-local-id\":39,\"link-remote-id\":53}]}" },
	/* decoding/bgp-ls-7: IS-IS level 1 node */
	{ &wire_fam_bgpls,
	  "000100270100000000000000040100001A020000040000FC13020100040000008B02030006192168251231",
	  "{\"ls-nlri-type\":\"bgpls-node\",\"l3-routing-topology\":4,\"protocol-id\":1,"
	  "\"node-descriptors\":[{\"autonomous-system\":64531},{\"bgp-ls-identifier\":\"139\"},"
	  "{\"router-id\":\"192168251231\"}],\"nexthop\":\"no-nexthop\"}" },
	/* decoding/bgp-ls-8: IPv4 topology prefix */
	{ &wire_fam_bgpls,
	  "000300300200000000000002BC0100001A0200000400003E34020100040000000002030006010135000041010900051E0A860258",
	  "{\"ls-nlri-type\":\"bgpls-prefix-v4\",\"l3-routing-topology\":700,\"protocol-id\":2,"
	  "\"node-descriptors\":[{\"autonomous-system\":15924},{\"bgp-ls-identifier\":\"0\"},"
	  "{\"router-id\":\"010135000041\"}],"
	  "\"ip-reachability-tlv\":\"10.134.2.88/30\",\"ip-reach-prefix\":\"10.134.2.88/30\",\"nexthop\":\"no-nexthop\"}" },
	/* decoding/bgp-ls-9 */
	{ &wire_fam_bgpls,
	  "000100270200000000000002BC0100001A0200000400003E34020100040000000002030006010134000041",
	  "{\"ls-nlri-type\":\"bgpls-node\",\"l3-routing-topology\":700,\"protocol-id\":2,"
	  "\"node-descriptors\":[{\"autonomous-system\":15924},{\"bgp-ls-identifier\":\"0\"},"
	  "{\"router-id\":\"010134000041\"}],\"nexthop\":\"no-nexthop\"}" },
	/* RFC 9552 §5.2.3: IPv6 topology prefix */
	{ &wire_fam_bgpls,
	  "000400300200000000000000000100001A020000040000FDE9020100040000000002030006000000000015"
	  "010900052020010DB8",
	  "{\"ls-nlri-type\":\"bgpls-prefix-v6\",\"l3-routing-topology\":0,\"protocol-id\":2,"
	  "\"node-descriptors\":[" ISIS_NODE_65001 "],"
	  "\"ip-reachability-tlv\":\"2001:db8::/32\",\"ip-reach-prefix\":\"2001:db8::/32\",\"nexthop\":\"no-nexthop\"}" },
	/* RFC 9552 §5.2.3.1: OSPF route type, printed last */
	{ &wire_fam_bgpls,
	  "00030033030000000000000000010000180200000400000001020200040000000002030004010101010108000101010900051E0A860258",
	  "{\"ls-nlri-type\":\"bgpls-prefix-v4\",\"l3-routing-topology\":0,\"protocol-id\":3,"
	  "\"node-descriptors\":[{\"autonomous-system\":1},{\"ospf-area-id\":\"0.0.0.0\"},{\"router-id\":\"1.1.1.1\"}],"
	  "\"ip-reachability-tlv\":\"10.134.2.88/30\",\"ip-reach-prefix\":\"10.134.2.88/30\",\"nexthop\":\"no-nexthop\",\"ospf-route-type\":1}" },
	/* RFC 9514 §6: SRv6 SID NLRI */
	{ &wire_fam_bgpls,
	  "000600410200000000000000000100001A020000040000FDE9020100040000000002030006000000000015"
	  "01070002000202060010FC000000000000000000000000000001",
	  "{\"ls-nlri-type\":\"bgpls-srv6sid\",\"l3-routing-topology\":0,\"protocol-id\":2,"
	  "\"node-descriptors\":[" ISIS_NODE_65001 "],"
	  "\"srv6-sid-descriptors\":{\"multi-topology-ids\":[\"2\"],\"srv6-sid\":\"fc00::1\"}}" },
	/* RFC 9552 §5.2.1.4: an IS-IS pseudonode (7-octet router id) */
	{ &wire_fam_bgpls,
	  "0001002002000000000000000001000013020000040000FDE90203000700000000001502",
	  "{\"ls-nlri-type\":\"bgpls-node\",\"l3-routing-topology\":0,\"protocol-id\":2,"
	  "\"node-descriptors\":[{\"autonomous-system\":65001},{\"router-id\":\"00000000001502\",\"psn\":\"2\"}],\"nexthop\":\"no-nexthop\"}" },
	/* RFC 9552 §5.2.2: IPv6 interface and neighbour addresses */
	{ &wire_fam_bgpls,
	  "000200650200000000000000000100001A020000040000FDE9020100040000000002030006000000000015"
	  "01010012020000040000FDE9020300060000000000160105001020010DB8000000000000000000000001"
	  "0106001020010DB8000000000000000000000002",
	  "{\"ls-nlri-type\":\"bgpls-link\",\"l3-routing-topology\":0,\"protocol-id\":2,"
	  "\"local-node-descriptors\":[" ISIS_NODE_65001 "],"
	  "\"remote-node-descriptors\":[{\"autonomous-system\":65001},{\"router-id\":\"000000000016\"}],"
	  "\"interface-addresses\":[\"2001:db8::1\"],\"neighbor-addresses\":[\"2001:db8::2\"],"
	  "\"multi-topology-ids\":[],\"link-identifiers\":[]}" },
	/* RFC 9552 §5.2: SAFI 72 puts an RD before the protocol id */
	{ &wire_fam_bgpls_vpn,
	  "0001002F0000FDE8000000010100000000000000040100001A020000040000FC13020100040000008B02030006192168251231",
	  "{\"ls-nlri-type\":\"bgpls-node\",\"l3-routing-topology\":4,\"protocol-id\":1,"
	  "\"node-descriptors\":[{\"autonomous-system\":64531},{\"bgp-ls-identifier\":\"139\"},"
	  "{\"router-id\":\"192168251231\"}],\"nexthop\":\"no-nexthop\",\"rd\":\"65000:1\"}" },
	/* RFC 9514 §6.1: a descriptor luabgp does not know (found by
	 * fuzz_bgpls: it did not encode) */
	{ &wire_fam_bgpls,
	  "0006003902000000000000000001000012020000040000FDE90203000600000000001502060010FC"
	  "00000000000000000000000000000103E80002ABCD",
	  "{\"ls-nlri-type\":\"bgpls-srv6sid\",\"l3-routing-topology\":0,\"protocol-id\":2,"
	  "\"node-descriptors\":[{\"autonomous-system\":65001},{\"router-id\":\"000000000015\"}],"
	  "\"srv6-sid-descriptors\":{\"multi-topology-ids\":[],\"srv6-sid\":\"fc00::1\","
	  "\"generic-tlv-1000\":[\"0xABCD\"]}}" },
	/* a node descriptor sub-TLV luabgp does not know (found by
	 * fuzz_bgpls: it did not encode) */
	{ &wire_fam_bgpls,
	  "0001002002000000000000000001000013020000040000FDE92503000700003100001502",
	  "{\"ls-nlri-type\":\"bgpls-node\",\"l3-routing-topology\":0,\"protocol-id\":2,"
	  "\"node-descriptors\":[{\"autonomous-system\":65001},"
	  "{\"generic-tlv\":\"9475\",\"raw\":\"0x00003100001502\"}],\"nexthop\":\"no-nexthop\"}" },
	/* RFC 9552 §5.2: an NLRI type without a codec is kept as bytes */
	{ &wire_fam_bgpls, "00050003AABBCC",
	  "{\"code\":5,\"parsed\":false,\"raw\":\"AABBCC\"}" },
};

#define NVEC(a) (sizeof(a) / sizeof((a)[0]))

/* --- helpers -------------------------------------------------------------- */

static struct wire_ctx ctx;

static int setup(void **state)
{
	(void)state;
	wire_ctx_init_decode(&ctx);
	return 0;
}

/* Input bytes in a heap block of exactly their size, so that ASan catches
 * any read past the end. */
static uint8_t *from_hex(const char *hex, size_t *len)
{
	uint8_t tmp[2048];
	uint8_t *p;

	*len = tu_hex(hex, tmp, sizeof(tmp));
	p = malloc(*len ? *len : 1);
	assert_non_null(p);
	memcpy(p, tmp, *len);
	return p;
}

static void nlri_json(const struct wire_family *f, const struct wire_nlri *n,
		      struct wbuf *out)
{
	struct json_sink j;

	json_sink_init(&j, out, 1);
	f->json(f, &j.base, n, NULL, &ctx);
	json_sink_fini(&j);
}

static void nlri_reencodes(const struct wire_family *f,
			   const struct wire_nlri *n)
{
	struct val_sink vs;
	struct arena a;
	struct lb_err err;
	struct wbuf w;

	arena_init(&a, 1024);
	val_sink_init(&vs, &a);
	f->json(f, &vs.base, n, NULL, &ctx);
	assert_non_null(val_sink_root(&vs));
	wbuf_init(&w, 0);
	lb_err_clear(&err);
	if (f->encode(f, &w, val_sink_root(&vs), &ctx, &err) < 0) {
		print_error("%s: encode failed: %s\n", f->name, err.reason);
		fail();
	}
	assert_bytes(n->p, n->len, w.data, w.len);
	wbuf_fini(&w);
	val_sink_fini(&vs);
	arena_fini(&a);
}

/* --- NLRI ----------------------------------------------------------------- */

static void nlri_vectors_decode_to_exabgp_json_and_encode_back(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC(nlri_vectors); i++) {
		const struct vec *v = &nlri_vectors[i];
		struct wire_nlri_iter it;
		struct wire_nlri n;
		struct wbuf out;
		size_t len;
		uint8_t *p = from_hex(v->hex, &len);

		wire_nlri_iter_init(&it, v->f, &ctx, p, p, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
		assert_int_equal(n.len, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 0);
		assert_int_equal(it.skipped, 0);
		wire_nlri_iter_init(&it, v->f, &ctx, p, p, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
		wbuf_init(&out, 64);
		nlri_json(v->f, &n, &out);
		tu_assert_text(v->json, (const char *)out.data, out.len);
		nlri_reencodes(v->f, &n);
		wbuf_fini(&out);
		free(p);
	}
}

/* The next hop an NLRI was announced with prints inside it, as ExaBGP
 * does for node and prefix NLRIs (decoding/bgp-ls-7). */
static void nlri_prints_its_next_hop(void **state)
{
	static const char *want =
		"{\"ls-nlri-type\":\"bgpls-node\",\"l3-routing-topology\":4,\"protocol-id\":1,"
		"\"node-descriptors\":[{\"autonomous-system\":64531},{\"bgp-ls-identifier\":\"139\"},"
		"{\"router-id\":\"192168251231\"}],\"nexthop\":\"192.168.252.139\"}";
	struct wire_nlri_iter it;
	struct wire_nlri n;
	struct wire_nh nh;
	struct json_sink j;
	struct lb_err err;
	struct wbuf out;
	uint8_t nhb[4] = { 192, 168, 252, 139 };
	size_t len;
	uint8_t *p = from_hex(nlri_vectors[4].hex, &len);

	(void)state;
	assert_int_equal(wire_nh_decode(&wire_fam_bgpls, nhb, 4, &nh, &err, 0), 0);
	wire_nlri_iter_init(&it, &wire_fam_bgpls, &ctx, p, p, len);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
	wbuf_init(&out, 64);
	json_sink_init(&j, &out, 1);
	wire_fam_bgpls.json(&wire_fam_bgpls, &j.base, &n, &nh, &ctx);
	json_sink_fini(&j);
	tu_assert_text(want, (const char *)out.data, out.len);
	wbuf_fini(&out);
	free(p);
}

/* Two NLRIs back to back, and behind ADD-PATH path ids. */
static void nlri_field_holds_several(void **state)
{
	struct wire_ctx ap = ctx;
	struct wire_nlri_iter it;
	struct wire_nlri n;
	char hex[1024];
	size_t len;
	uint8_t *p;

	(void)state;
	snprintf(hex, sizeof(hex), "%s%s", nlri_vectors[4].hex, nlri_vectors[6].hex);
	p = from_hex(hex, &len);
	wire_nlri_iter_init(&it, &wire_fam_bgpls, &ctx, p, p, len);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
	assert_int_equal(n.len, 43);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
	assert_int_equal(n.offset, 43);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 0);
	free(p);

	ap.addpath_rx = WIRE_FAM_BIT(WIRE_FAM_BGPLS);
	snprintf(hex, sizeof(hex), "00000007%s", nlri_vectors[4].hex);
	p = from_hex(hex, &len);
	wire_nlri_iter_init(&it, &wire_fam_bgpls, &ap, p, p, len);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
	assert_int_equal(n.path_id, 7);
	assert_int_equal(n.offset, 4);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 0);
	free(p);
}

struct bad {
	const struct wire_family *f;
	const char *hex;
	int rc;          /* of the iterator's last call */
	uint8_t act;
	size_t offset;
	const char *reason;  /* a part of it */
};

/* RFC 9552 §8.2.2: a fault inside an NLRI whose total length fits lets the
 * rest be read, and the NLRI is treated as withdrawn; a total length that
 * does not fit leaves the rest undelimited: AFI/SAFI disable. */
static const struct bad bad_nlri[] = {
	/* header cut */
	{ &wire_fam_bgpls, "0001", -1, LB_ACT_AFI_DISABLE, 0, "header truncated" },
	/* total length past the field */
	{ &wire_fam_bgpls, "00010010AABB", -1, LB_ACT_AFI_DISABLE, 0, "runs past the NLRI field" },
	/* shorter than protocol id + identifier */
	{ &wire_fam_bgpls, "0001000402000000", 0, LB_ACT_WITHDRAW, 0, "too short" },
	/* SAFI 72 without room for its RD */
	{ &wire_fam_bgpls_vpn, "000100040000FDE8", 0, LB_ACT_WITHDRAW, 0, "too short" },
	/* the first descriptor is not the local node */
	{ &wire_fam_bgpls, "0001000D02000000000000000001070000", 0, LB_ACT_WITHDRAW, 13, "not the local node" },
	/* no descriptor at all */
	{ &wire_fam_bgpls, "00010009020000000000000000", 0, LB_ACT_WITHDRAW, 13, "no local node" },
	/* a descriptor TLV longer than the NLRI */
	{ &wire_fam_bgpls, "0001000D02000000000000000001000009", 0, LB_ACT_WITHDRAW, 13, "runs past the NLRI" },
	/* a sub-TLV longer than its descriptor */
	{ &wire_fam_bgpls, "000100110200000000000000000100000402000009", 0, LB_ACT_WITHDRAW, 17,
	  "runs past its TLV" },
	/* AS number of 3 octets */
	{ &wire_fam_bgpls, "000100140200000000000000000100000702000003000001", 0, LB_ACT_WITHDRAW, 21,
	  "not 4 octets" },
	/* sub-TLVs out of order (RFC 9552 §5.2.1.4) */
	{ &wire_fam_bgpls, "0001001D02000000000000000001000010020100040000000002000004000000FF", 0,
	  LB_ACT_WITHDRAW, 25, "out of order" },
	/* IS-IS router id of 5 octets */
	{ &wire_fam_bgpls, "00010012020000000000000000010000050203000100", 0, LB_ACT_WITHDRAW, 21,
	  "neither 6 nor 7" },
	/* OSPF router id of 6 octets */
	{ &wire_fam_bgpls, "000100170300000000000000000100000A020300060A0000000000", 0, LB_ACT_WITHDRAW, 21,
	  "neither 4 nor 8" },
	/* link identifiers of 4 octets */
	{ &wire_fam_bgpls, "00020015020000000000000000010000000102000400000001", 0,
	  LB_ACT_WITHDRAW, 21, "link identifiers" },
	/* a prefix length of 33 */
	{ &wire_fam_bgpls, "00030016020000000000000000010000000109000521 0A000001", 0,
	  LB_ACT_WITHDRAW, 21, "prefix length" },
	/* a prefix longer than its length says */
	{ &wire_fam_bgpls, "00030015020000000000000000010000000109000408 0A0000", 0,
	  LB_ACT_WITHDRAW, 21, "prefix length" },
	/* an SRv6 SID of 4 octets */
	{ &wire_fam_bgpls, "000600150200000000000000000100000002060004FC000001", 0,
	  LB_ACT_WITHDRAW, 21, "not 16 octets" },
	/* RFC 9552 §5.2.1.4: an OSPF area id of 5 octets, a BGP-LS
	 * identifier of 3; an empty IGP router id (protocol 9) */
	{ &wire_fam_bgpls, "0001001603000000000000000001000009020200050000000001", 0,
	  LB_ACT_WITHDRAW, 21, "neither 4 nor 16" },
	{ &wire_fam_bgpls, "000100140200000000000000000100000702010003000001", 0,
	  LB_ACT_WITHDRAW, 21, "not 4 octets" },
	{ &wire_fam_bgpls, "000100110900000000000000000100000402030000", 0,
	  LB_ACT_WITHDRAW, 21, "empty" },
	/* §5.2.2: an IPv4 interface address of 5 octets, an IPv6 neighbour
	 * address of 4 */
	{ &wire_fam_bgpls, "0002001602000000000000000001000000010300050A00000100", 0,
	  LB_ACT_WITHDRAW, 21, "IPv4 address" },
	{ &wire_fam_bgpls, "0002001502000000000000000001000000010600040A000001", 0,
	  LB_ACT_WITHDRAW, 21, "IPv6 address" },
	/* §5.2.3: an OSPF route type of 2 octets, an IPv6 prefix of 129 bits */
	{ &wire_fam_bgpls, "0003001303000000000000000001000000010800020101", 0,
	  LB_ACT_WITHDRAW, 21, "OSPF route type" },
	{ &wire_fam_bgpls, "000400230200000000000000000100000001090012810000000000000000000000000000000000", 0,
	  LB_ACT_WITHDRAW, 21, "prefix length" },
	/* an odd multi-topology TLV */
	{ &wire_fam_bgpls, "000200120200000000000000000100000001070001 00", 0,
	  LB_ACT_WITHDRAW, 21, "multi-topology" },
};

static void malformed_nlri_get_rfc9552_actions(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC(bad_nlri); i++) {
		const struct bad *b = &bad_nlri[i];
		struct wire_nlri_iter it;
		struct wire_nlri n;
		size_t len;
		uint8_t *p = from_hex(b->hex, &len);
		int rc;

		wire_nlri_iter_init(&it, b->f, &ctx, p, p, len);
		while ((rc = wire_nlri_iter_next(&it, &n)) > 0)
			;
		if (rc != b->rc || it.err.act != b->act || it.err.offset != b->offset ||
		    !strstr(it.err.reason, b->reason)) {
			print_error("row %zu (%s): rc %d act %d offset %zu reason \"%s\"\n",
				    i, b->hex, rc, it.err.act, it.err.offset, it.err.reason);
			fail();
		}
		if (b->rc == 0)
			assert_int_equal(it.skipped, 1);
		free(p);
	}
}

/* Every cut of a valid NLRI either disables the family (the total length
 * runs past) or, past the header, stays delimited. */
static void nlri_truncation_never_reads_past(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC(nlri_vectors); i++) {
		size_t len;
		uint8_t *full = from_hex(nlri_vectors[i].hex, &len);

		for (size_t cut = 0; cut < len; cut++) {
			struct wire_nlri_iter it;
			struct wire_nlri n;
			uint8_t *p = malloc(cut ? cut : 1);

			memcpy(p, full, cut);
			wire_nlri_iter_init(&it, nlri_vectors[i].f, &ctx, p, p, cut);
			if (cut == 0) {
				assert_int_equal(wire_nlri_iter_next(&it, &n), 0);
			} else {
				assert_int_equal(wire_nlri_iter_next(&it, &n), -1);
				assert_int_equal(it.err.act, LB_ACT_AFI_DISABLE);
			}
			free(p);
		}
		free(full);
	}
}

/* --- the BGP-LS attribute (RFC 9552 §5.3) ---------------------------------- */

struct avec {
	const char *hex;     /* the attribute's value */
	const char *json;    /* its JSON object, compact */
	bool same_bytes;     /* the JSON keeps everything: encode gives hex */
};

static const struct avec attr_vectors[] = {
	/* decoding/bgp-ls-2 */
	{ "04470003000001",
	  "{\"igp-metric\":1}", true },
	/* decoding/bgp-ls-4 */
	{ "0102000800000172000001BB04470003001388",
	  "{\"link-local-remote-identifiers\":{\"local-id\":370,\"remote-id\":443},\"igp-metric\":5"
	  "000}", true },
	/* decoding/bgp-ls-6 */
	{ "040400040A00CA0104050010FC001000011200000000000000000001040600040A00020104070010"
	  "FC001000000200000000000000000001044100044E9502F90447000300000A0452001E0039800000"
	  "00FC0010000112E002000000000000000004E40004201010000452001E003900000000FC00100001"
	  "12E003000000000000000004E40004201010000452001E003980810000FC0010010112E002000000"
	  "000000000004E40004201010000452001E003900810000FC0010010112E003000000000000000004"
	  "E40004201010000452001E003980820000FC0010030112E002000000000000000004E40004201010"
	  "000452001E003900820000FC0010030112E003000000000000000004E4000420101000045A000400"
	  "00000A045B00080000000A0000000A045C0004000000000462002004040000100000000000000004"
	  "4400040000000A045B00080000000A00000000",
	  "{\"local-router-ids\":[\"10.0.202.1\",\"fc00:1000:112::1\"],\"remote-router-ids\":[\"10.0"
	  ".2.1\",\"fc00:1000:2::1\"],\"maximum-link-bandwidth\":1250000000.0,\"igp-metric\":10,\"s"
	  "rv6-endx\":[{\"flags\":{\"B\":1,\"S\":0,\"P\":0,\"RSV\":0},\"behavior\":57,\"algorithm\":0,\"wei"
	  "ght\":0,\"sid\":\"fc00:1000:112:e002::\",\"srv6-sid-structure\":{\"loc_block_len\":32,\"lo"
	  "c_node_len\":16,\"func_len\":16,\"arg_len\":0}},{\"flags\":{\"B\":0,\"S\":0,\"P\":0,\"RSV\":0},"
	  "\"behavior\":57,\"algorithm\":0,\"weight\":0,\"sid\":\"fc00:1000:112:e003::\",\"srv6-sid-st"
	  "ructure\":{\"loc_block_len\":32,\"loc_node_len\":16,\"func_len\":16,\"arg_len\":0}},{\"fla"
	  "gs\":{\"B\":1,\"S\":0,\"P\":0,\"RSV\":0},\"behavior\":57,\"algorithm\":129,\"weight\":0,\"sid\":\""
	  "fc00:1001:112:e002::\",\"srv6-sid-structure\":{\"loc_block_len\":32,\"loc_node_len\":16"
	  ",\"func_len\":16,\"arg_len\":0}},{\"flags\":{\"B\":0,\"S\":0,\"P\":0,\"RSV\":0},\"behavior\":57,"
	  "\"algorithm\":129,\"weight\":0,\"sid\":\"fc00:1001:112:e003::\",\"srv6-sid-structure\":{\"l"
	  "oc_block_len\":32,\"loc_node_len\":16,\"func_len\":16,\"arg_len\":0}},{\"flags\":{\"B\":1,\""
	  "S\":0,\"P\":0,\"RSV\":0},\"behavior\":57,\"algorithm\":130,\"weight\":0,\"sid\":\"fc00:1003:11"
	  "2:e002::\",\"srv6-sid-structure\":{\"loc_block_len\":32,\"loc_node_len\":16,\"func_len\":"
	  "16,\"arg_len\":0}},{\"flags\":{\"B\":0,\"S\":0,\"P\":0,\"RSV\":0},\"behavior\":57,\"algorithm\":"
	  "130,\"weight\":0,\"sid\":\"fc00:1003:112:e003::\",\"srv6-sid-structure\":{\"loc_block_len"
	  "\":32,\"loc_node_len\":16,\"func_len\":16,\"arg_len\":0}}],\"unidirectional-link-delay\":"
	  "{\"delay-us\":10,\"anomalous\":false},\"minmax-unidirectional-link-delay\":{\"min-delay"
	  "-us\":10,\"max-delay-us\":10,\"anomalous\":false},\"unidirectional-delay-variation\":0,"
	  "\"generic-lsid-1122\":[\"0x040400001000000000000000044400040000000A045B00080000000A"
	  "00000000\"]}", true },
	/* decoding/bgp-ls-7 */
	{ "040000010004020012484C354D4D54312D3130372D4958522D5236040300094900000000FF980000"
	  "04040004C0A8AF3104040004C0A8AF3304040004C0A8FBE7",
	  "{\"node-flags\":{\"O\":0,\"T\":0,\"E\":0,\"B\":0,\"R\":0,\"V\":0,\"RSV\":0},\"node-name\":\"HL5MMT1"
	  "-107-IXR-R6\",\"area-ids\":[\"1346612317385085419520\"],\"local-router-ids\":[\"192.168."
	  "175.49\",\"192.168.175.51\",\"192.168.251.231\"]}", true },
	/* decoding/bgp-ls-8 */
	{ "04830004000000640492000100",
	  "{\"prefix-metric\":100,\"sr-prefix-attribute-flags\":{\"X\":0,\"R\":0,\"N\":0,\"RSV\":0}}", true },
	/* decoding/bgp-ls-9 */
	{ "010A0002010A04020006726F7574657204030003490090040400040A860029040A000C8000001F40"
	  "04890003003E80040B00020001040C000C00000003E804890003003A98",
	  "{\"generic-lsid-266\":[\"0x010A\"],\"node-name\":\"router\",\"area-ids\":[\"4784272\"],\"loca"
	  "l-router-ids\":[\"10.134.0.41\"],\"sr-capability-flags\":{\"I\":1,\"V\":0,\"RSV\":0},\"sids\""
	  ":[[8000,16000]],\"sr-algorithms\":[0,1],\"generic-lsid-1036\":[\"0x00000003E804890003"
	  "003A98\"]}", true },

	/* RFC 9552 §5.3.1, RFC 9085 §2.1, RFC 9514 §3 */
	{ "04000001A0040100020102040200027231040300034900010405001020010DB80000000000000000"
	  "00000001040B00020001040E000400400000",
	  "{\"node-flags\":{\"O\":1,\"T\":0,\"E\":1,\"B\":0,\"R\":0,\"V\":0,\"RSV\":0},\"opaque\":\"0102\",\"nod"
	  "e-name\":\"r1\",\"area-ids\":[\"4784129\"],\"local-router-ids\":[\"2001:db8::1\"],\"sr-algor"
	  "ithms\":[0,1],\"srv6-capabilities\":{\"flags\":{\"O\":64}}}", true },
	/* RFC 9552 §5.3.2 */
	{ "040600040A00000204400004000000FF044100044B3EBC20044200044B3EBC20044300204B3EBC20"
	  "4B3EBC204B3EBC204B3EBC204B3EBC204B3EBC204B3EBC204B3EBC20044400040000000A04450002"
	  "400004460001800447000300000A044800080000000100000002044900026F70044A000465746830",
	  "{\"remote-router-ids\":[\"10.0.0.2\"],\"admin-group-mask\":255,\"maximum-link-bandwidth"
	  "\":12500000.0,\"maximum-reservable-link-bandwidth\":12500000.0,\"unreserved-bandwidt"
	  "h\":[12500000.0,12500000.0,12500000.0,12500000.0,12500000.0,12500000.0,12500000.0"
	  ",12500000.0],\"te-metric\":10,\"link-protection-flags\":{\"ExtraTrafic\":0,\"Unprotecte"
	  "d\":1,\"Shared\":0,\"Dedicated 1:1\":0,\"Dedicated 1+1\":0,\"Enhanced\":0,\"RSV\":0},\"mpls-"
	  "mask\":{\"LDP\":1,\"RSVP-TE\":0,\"RSV\":0},\"igp-metric\":10,\"shared-risk-link-groups\":[1"
	  ",2],\"opaque-link\":\"6f70\",\"link-name\":\"eth0\"}", true },
	/* RFC 9085 §2.2.1 and §2.2.2: labels (V and L) and indexes, IS-IS
	 * and OSPF (11 or 12 octets) LAN adjacencies */
	{ "044B0007300000000003E8044B00080001000000000010044C000D300000000000000000150003E9"
	  "044C000C000000000A00000100000011",
	  "{\"sr-adjs\":[{\"flags\":{\"F\":0,\"B\":0,\"V\":1,\"L\":1,\"S\":0,\"P\":0,\"RSV\":0},\"sids\":[1000]"
	  ",\"undecoded-sids\":[],\"weight\":0},{\"flags\":{\"F\":0,\"B\":0,\"V\":0,\"L\":0,\"S\":0,\"P\":0,\""
	  "RSV\":0},\"sids\":[16],\"undecoded-sids\":[],\"weight\":1}],\"sr-adj-lan-sids\":[{\"flags\""
	  ":{\"F\":0,\"B\":0,\"V\":1,\"L\":1,\"S\":0,\"P\":0,\"RSV\":0},\"weight\":0,\"system-id\":\"000000000"
	  "015\",\"sid\":1001,\"undecoded\":[]},{\"flags\":{\"F\":0,\"B\":0,\"V\":0,\"L\":0,\"S\":0,\"P\":0,\"R"
	  "SV\":0},\"weight\":0,\"neighbor-id\":\"10.0.0.1\",\"sid\":17,\"undecoded\":[]}]}", true },
	/* RFC 8571 */
	{ "045A00048000000A045B000800000005000000FF045C000400000003045D000480000064045E0004"
	  "4B3EBC20045F00044B3EBC200460000400000000",
	  "{\"unidirectional-link-delay\":{\"delay-us\":10,\"anomalous\":true},\"minmax-unidirecti"
	  "onal-link-delay\":{\"min-delay-us\":5,\"max-delay-us\":255,\"anomalous\":false},\"unidir"
	  "ectional-delay-variation\":3,\"unidirectional-link-loss\":{\"loss-percent\":0.0003000"
	  "0000000000003,\"anomalous\":true},\"unidirectional-residual-bandwidth\":12500000.0,\""
	  "unidirectional-available-bandwidth\":12500000.0,\"unidirectional-utilized-bandwidt"
	  "h\":0.0}", true },
	/* RFC 9552 §5.3.3, RFC 9085 §2.3, RFC 9514 §5 */
	{ "0480000180048100040000000A04820008000000000000000B0483000400000014048400040A0000"
	  "01048500027070048600084000000000000064048A0008800000000000000A049200018004930004"
	  "0A000009",
	  "{\"igp-flags\":{\"D\":1,\"N\":0,\"L\":0,\"P\":0,\"RSV\":0},\"igp-route-tags\":[10],\"igp-extend"
	  "ed-route-tags\":[11],\"prefix-metric\":20,\"ospf-forwarding-address\":\"10.0.0.1\",\"opa"
	  "que-prefix\":\"7070\",\"sr-prefix-flags\":{\"R\":0,\"N\":1,\"P\":0,\"E\":0,\"V\":0,\"L\":0,\"RSV\":0}"
	  ",\"sids\":[100],\"undecoded-sids\":[],\"sr-algorithm\":0,\"srv6-locator\":{\"flags\":{\"D\":"
	  "1,\"RSV\":0},\"algorithm\":0,\"metric\":10},\"sr-prefix-attribute-flags\":{\"X\":1,\"R\":0,\""
	  "N\":0,\"RSV\":0},\"sr-source-router-id\":\"10.0.0.9\"}", true },
	/* RFC 9085 §2.3.1: a prefix SID as a label */
	{ "048600070C0100000003E8",
	  "{\"sr-prefix-flags\":{\"R\":0,\"N\":0,\"P\":0,\"E\":0,\"V\":1,\"L\":1,\"RSV\":0},\"sids\":[1000],\""
	  "undecoded-sids\":[],\"sr-algorithm\":1}", true },
	/* RFC 9514 §7: SRv6 SID NLRI attributes */
	{ "04E200040030000004E4000420101000",
	  "{\"srv6-endpoint-behavior\":{\"endpoint-behavior\":48,\"flags\":[],\"algorithm\":0},\"srv"
	  "6-sid-structure\":{\"loc_block_len\":32,\"loc_node_len\":16,\"func_len\":16,\"arg_len\":0"
	  "}}", true },
	/* RFC 9514 §4: LAN End.X (IS-IS and OSPF), an End.X sub-TLV luabgp
	 * does not know */
	{ "04530024003980000A00000000000016FC00000000000000000000000000000104E4000420101000"
	  "0454001A0039008100000A000002FC0000000000000000000000000000020452001B003900000000"
	  "FC000000000000000000000000000003270F0001AB",
	  "{\"srv6-lan-endx-isis\":[{\"flags\":{\"B\":1,\"S\":0,\"P\":0,\"RSV\":0},\"neighbor-id\":\"00000"
	  "0000016\",\"behavior\":57,\"algorithm\":0,\"weight\":10,\"sid\":\"fc00::1\",\"srv6-sid-struc"
	  "ture\":{\"loc_block_len\":32,\"loc_node_len\":16,\"func_len\":16,\"arg_len\":0}}],\"srv6-l"
	  "an-endx-ospf\":[{\"flags\":{\"B\":0,\"S\":0,\"P\":0,\"RSV\":0},\"neighbor-id\":\"10.0.0.2\",\"be"
	  "havior\":57,\"algorithm\":129,\"weight\":0,\"sid\":\"fc00::2\"}],\"srv6-endx\":[{\"flags\":{\""
	  "B\":0,\"S\":0,\"P\":0,\"RSV\":0},\"behavior\":57,\"algorithm\":0,\"weight\":0,\"sid\":\"fc00::3\""
	  ",\"unknown-subtlv-9999\":\"0xAB\"}]}", true },
	/* RFC 9085 §2.2.2: an OSPF LAN adjacency whose lone SID is 4 octets
	 * although V and L are set (found by fuzz_bgpls) */
	{ "044C000C300000000A00000101000000",
	  "{\"sr-adj-lan-sids\":[{\"flags\":{\"F\":0,\"B\":0,\"V\":1,\"L\":1,\"S\":0,\"P\":0,\"RSV\":0},\"weig"
	  "ht\":0,\"neighbor-id\":\"10.0.0.1\",\"sid\":16777216,\"undecoded\":[]}]}", true },
	/* a lone adjacency SID past 20 bits with V and L set (found by
	 * fuzz_bgpls) */
	{ "044B00083900000000FBFFFF",
	  "{\"sr-adjs\":[{\"flags\":{\"F\":0,\"B\":0,\"V\":1,\"L\":1,\"S\":1,\"P\":0,\"RSV\":1},\"sids\":[16515"
	  "071],\"undecoded-sids\":[],\"weight\":0}]}", true },
	/* a prefix SID label read whole, past 20 bits (found by fuzz_bgpls) */
	{ "048600070CFF0000FF03E8",
	  "{\"sr-prefix-flags\":{\"R\":0,\"N\":0,\"P\":0,\"E\":0,\"V\":1,\"L\":1,\"RSV\":0},\"sids\":[1671268"
	  "0],\"undecoded-sids\":[],\"sr-algorithm\":255}", true },
	/* unknown TLVs print one member each, under one key: the JSON
	 * keeps their values but not their order */
	{ "04B000010004B1000004B0000101",
	  "{\"generic-lsid-1200\":[\"0x00\"],\"generic-lsid-1200\":[\"0x01\"],\"generic-lsid-1201\":[\"0x\"]}", false },
	/* RFC 9552 §5.3: the router ids of one node print as one list where
	 * the first one was; the encoder writes them together */
	{ "040400040101010104020001780404000402020202",
	  "{\"local-router-ids\":[\"1.1.1.1\",\"2.2.2.2\"],\"node-name\":\"x\"}", false },
};

static size_t attr_bytes(const char *hex, uint8_t *out, size_t cap)
{
	uint8_t val[2048];
	size_t n = tu_hex(hex, val, sizeof(val)), h;

	assert_true(n + 4 <= cap);
	if (n > 255) {
		out[0] = 0x90;
		out[1] = 29;
		out[2] = (uint8_t)(n >> 8);
		out[3] = (uint8_t)n;
		h = 4;
	} else {
		out[0] = 0x80;
		out[1] = 29;
		out[2] = (uint8_t)n;
		h = 3;
	}
	memcpy(out + h, val, n);
	return h + n;
}

/* Check and walk one attribute value; the JSON of its object goes to out
 * ({"bgp-ls":...} is unwrapped).  Returns the check's answer. */
static int attr_decode(const uint8_t *val, size_t n, struct wbuf *out,
		       struct lb_err *err)
{
	const struct wire_attr_desc *d = wire_attr_desc(WIRE_ATTR_BGP_LS);
	struct wire_attr a = { .code = 29, .flags = 0x80, .len = n, .val = val };
	struct json_sink j;
	struct rd r;
	int rc;

	rd_init(&r, val, n);
	lb_err_clear(err);
	rc = d->check(&r, &a, &ctx, err);
	if (rc < 0 || !out)
		return rc;
	json_sink_init(&j, out, 1);
	sink_obj(&j.base);
	d->json(&j.base, &a, NULL, &ctx);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	return rc;
}

/* The tree of the attribute's JSON, encoded: the whole attribute. */
static void attr_encode(const uint8_t *val, size_t n, struct wbuf *w)
{
	const struct wire_attr_desc *d = wire_attr_desc(WIRE_ATTR_BGP_LS);
	struct wire_attr a = { .code = 29, .flags = 0x80, .len = n, .val = val };
	struct val_sink vs;
	struct arena ar;
	struct lb_err err;

	arena_init(&ar, 4096);
	val_sink_init(&vs, &ar);
	sink_obj(&vs.base);
	d->json(&vs.base, &a, NULL, &ctx);
	sink_obj_end(&vs.base);
	lb_err_clear(&err);
	if (d->encode(w, val_get(val_sink_root(&vs), "bgp-ls"), &ctx, &err) < 0) {
		print_error("encode failed: %s\n", err.reason);
		fail();
	}
	val_sink_fini(&vs);
	arena_fini(&ar);
}

static void attr_vectors_decode_to_exabgp_json_and_encode_back(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC(attr_vectors); i++) {
		const struct avec *v = &attr_vectors[i];
		uint8_t whole[2100];
		size_t len = attr_bytes(v->hex, whole, sizeof(whole));
		size_t h = whole[0] & 0x10 ? 4 : 3;
		char want[8192];
		struct lb_err err;
		struct wbuf out, enc;
		uint8_t *val = malloc(len - h + 1);

		memcpy(val, whole + h, len - h);
		wbuf_init(&out, 256);
		if (attr_decode(val, len - h, &out, &err) < 0) {
			print_error("row %zu: %s\n", i, err.reason);
			fail();
		}
		snprintf(want, sizeof(want), "{\"bgp-ls\":%s}", v->json);
		tu_assert_text(want, (const char *)out.data, out.len);
		wbuf_init(&enc, 256);
		attr_encode(val, len - h, &enc);
		if (v->same_bytes) {
			assert_bytes(whole, len, enc.data, enc.len);
		} else {
			/* what the encoder wrote prints the same JSON */
			struct wbuf again;

			h = enc.data[0] & 0x10 ? 4 : 3;
			wbuf_init(&again, 256);
			assert_int_equal(attr_decode(enc.data + h, enc.len - h, &again, &err), 0);
			tu_assert_text(want, (const char *)again.data, again.len);
			wbuf_fini(&again);
		}
		wbuf_fini(&enc);
		wbuf_fini(&out);
		free(val);
	}
}

/* A small JSON reader for encoder inputs written by hand (strings without
 * escapes, integers, decimals, true/false/null). */
static struct val *jparse(struct arena *a, const char **s);

static void jskip(const char **s)
{
	while (**s == ' ')
		(*s)++;
}

static struct val *jparse_members(struct arena *a, const char **s, bool obj)
{
	struct val *v = val_new(a, obj ? VAL_OBJ : VAL_ARR);
	char close = obj ? '}' : ']';

	(*s)++;
	jskip(s);
	while (v && **s && **s != close) {
		char key[64] = "";
		struct val *kid;

		if (obj) {
			const char *e = strchr(*s + 1, '"');

			if (!e || (size_t)(e - *s - 1) >= sizeof(key))
				return NULL;
			memcpy(key, *s + 1, (size_t)(e - *s - 1));
			key[e - *s - 1] = 0;
			*s = e + 1;
			jskip(s);
			if (*(*s)++ != ':')
				return NULL;
		}
		kid = jparse(a, s);
		if (!kid || val_push(a, v, obj ? key : NULL, kid) < 0)
			return NULL;
		jskip(s);
		if (**s == ',')
			(*s)++;
		jskip(s);
	}
	if (**s != close)
		return NULL;
	(*s)++;
	return v;
}

static struct val *jparse(struct arena *a, const char **s)
{
	jskip(s);
	if (**s == '{' || **s == '[')
		return jparse_members(a, s, **s == '{');
	if (**s == '"') {
		const char *e = strchr(*s + 1, '"');
		struct val *v;

		if (!e)
			return NULL;
		v = val_new_str(a, *s + 1, (size_t)(e - *s - 1));
		*s = e + 1;
		return v;
	}
	if (!strncmp(*s, "true", 4) || !strncmp(*s, "false", 5)) {
		struct val *v = val_new(a, VAL_BOOL);

		if (v)
			v->b = **s == 't';
		*s += **s == 't' ? 4 : 5;
		return v;
	}
	if (!strncmp(*s, "null", 4)) {
		*s += 4;
		return val_new(a, VAL_NULL);
	}
	{
		char *end;
		double d = strtod(*s, &end);
		struct val *v;

		if (end == *s)
			return NULL;
		if (memchr(*s, '.', (size_t)(end - *s))) {
			v = val_new(a, VAL_DBL);
			if (v)
				v->d = d;
		} else {
			v = val_new_int(a, strtoll(*s, NULL, 10));
		}
		*s = end;
		return v;
	}
}

static struct val *tu_json(struct arena *a, const char *text)
{
	return jparse(a, &text);
}

struct abad {
	const char *hex;     /* the attribute's value */
	size_t offset;       /* of the fault, from the value's first octet */
	const char *reason;  /* a part of it */
};

/* RFC 9552 §8.2.2: each of these makes the attribute malformed, and the
 * action is attribute discard. */
static const struct abad bad_attrs[] = {
	{ "0447", 0, "runs past the attribute" },
	{ "0447000500000001", 0, "runs past the attribute" },
	{ "04470003000001 0447", 7, "runs past the attribute" },
	/* RFC 9552 §5.3.2.4: an IGP metric of 4 octets */
	{ "0447000400000001", 4, "length is wrong" },
	/* §5.3.1.1: node flags are one octet */
	{ "040000020000", 4, "length is wrong" },
	/* §5.3.1.4: a router id of 5 octets */
	{ "040400050A00000100", 4, "neither 4 nor 16" },
	/* §5.3.2: 7 unreserved bandwidths, SRLGs of 6 octets */
	{ "04430004 00000000", 4, "length is wrong" },
	{ "04480006 000000010000", 4, "length is wrong" },
	/* RFC 3630 §2.5.6: a bandwidth that is no number */
	{ "044100047FC00000", 4, "not a finite number" },
	{ "04420004FF800000", 4, "not a finite number" },
	/* RFC 9085 §2.1.2: a range cut short, a range without its SID/Label
	 * sub-TLV, a SID/Label of 2 octets */
	{ "040A0005 8000 001F40", 9, "runs past the TLV" },
	{ "040A000C 8000 001F40 04880003003E80", 13, "without a SID/Label" },
	{ "040A000B 8000 001F40 048900023E80", 13, "neither 3 nor 4" },
	/* RFC 9085 §2.3.1: an index of 3 octets, labels of 4 */
	{ "04860007 00000000 0003E8", 4, "not 4 octets" },
	{ "04860008 0C000000 000003E8", 4, "not 3 octets each" },
	/* RFC 9085 §2.2: adjacency SIDs shorter than their fixed part */
	{ "044B0003 300000", 4, "length is wrong" },
	{ "044C0009 300000000000000000", 4, "length is wrong" },
	/* RFC 9085 §2.2.2: one SID, so 11 to 14 octets (ExaBGP read none or
	 * several and printed the last; found by fuzz_bgpls) */
	{ "044C0010 24000000 FC0010000112 0000003F0000", 4, "length is wrong" },
	{ "044C0011 30000000 0000FC001001 000000000000 00", 4, "length is wrong" },
	/* RFC 9514 §4.1: End.X shorter than 22 octets, a sub-TLV past its
	 * end, a SID structure of 2 octets */
	{ "04520010 00390000000000000000000000000000", 4, "length is wrong" },
	{ "0452001A 0039000000000000000000000000000000000000000004E40004", 30, "sub-TLV runs past" },
	{ "0452001C 0039000000000000000000000000000000000000000004E400021010", 30,
	  "shorter than 4" },
	/* RFC 8571 §4: a delay of 3 octets */
	{ "045A0003 00000A", 4, "length is wrong" },
	/* an area id of 65 octets */
	{ "04030041 01 00000000000000000000000000000000 00000000000000000000000000000000"
	  "00000000000000000000000000000000 00000000000000000000000000000000", 4, "length is wrong" },
};

static void malformed_attribute_is_discarded(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC(bad_attrs); i++) {
		const struct abad *b = &bad_attrs[i];
		struct lb_err err;
		size_t len;
		uint8_t *p = from_hex(b->hex, &len);

		if (attr_decode(p, len, NULL, &err) != -1 || err.act != LB_ACT_DISCARD ||
		    err.offset != b->offset || !strstr(err.reason, b->reason)) {
			print_error("row %zu (%s): act %d offset %zu reason \"%s\"\n", i,
				    b->hex, err.act, err.offset, err.reason);
			fail();
		}
		free(p);
	}
}

/* In a whole UPDATE (decoding/bgp-ls-8 with its prefix metric grown to
 * 5 octets): the attribute goes, the NLRI stays. */
static void malformed_attribute_leaves_the_nlri(void **state)
{
	static const char *msg =
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0076020000005F900E003D40044704C0A86402000003"
		"00300200000000000002BC0100001A0200000400003E34020100040000000002030006010135"
		"000041010900051E0A86025840010100400206020100003E34801D0E04830005000000006404"
		"92000100";
	struct wire_update *u = malloc(sizeof(*u));
	size_t len;
	uint8_t *p = from_hex(msg, &len);

	(void)state;
	assert_int_equal(wire_update_decode(u, p, len, p + 19, len - 19, &ctx), 0);
	assert_int_equal(u->err.act, LB_ACT_NONE);
	assert_int_equal(u->ndiscarded, 1);
	assert_int_equal(u->discarded.act, LB_ACT_DISCARD);
	assert_int_equal(u->discarded.attr, WIRE_ATTR_BGP_LS);
	/* the TLV's value: header 19, withdrawn 2, attribute length 2, MP_REACH
	 * 65, ORIGIN 4, AS_PATH 9, the BGP-LS header 3, the TLV header 4 */
	assert_int_equal(u->discarded.offset, 108);
	assert_null(wire_update_attr(u, WIRE_ATTR_BGP_LS));
	assert_true(u->reach.present);
	assert_int_equal(u->reach.nlri_len, 52);
	free(u);
	free(p);
}

/* Every cut of a valid value is malformed or (cut between TLVs) valid:
 * never a read past the value. */
static void attr_truncation_never_reads_past(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC(attr_vectors); i++) {
		size_t len;
		uint8_t *full = from_hex(attr_vectors[i].hex, &len);

		for (size_t cut = 0; cut < len; cut++) {
			uint8_t *p = malloc(cut ? cut : 1);
			struct lb_err err;
			struct wbuf out;

			memcpy(p, full, cut);
			wbuf_init(&out, 64);
			if (attr_decode(p, cut, &out, &err) < 0)
				assert_int_equal(err.act, LB_ACT_DISCARD);
			wbuf_fini(&out);
			free(p);
		}
		free(full);
	}
}

/* The text API line's member: ExaBGP's str() of the attribute, the TLVs'
 * Python reprs ("<REPR>: <content>") joined by ", " in wire order. */
static const struct {
	const char *hex, *text;
} attr_texts[] = {
	/* node: flags, name, local router id */
	{ "0400000180040200027231040400040A000001",
	  " bgp-ls Node Flags: {'O': 1, 'T': 0, 'E': 0, 'B': 0, 'R': 0, 'V': 0, "
	  "'RSV': 0}, Node Name: r1, Local Router IDs: 10.0.0.1" },
	/* link: IGP metric, maximum bandwidth (a float), admin group, link
	 * name (bytes in ExaBGP), delay (RFC 8571, a dict with a bool) */
	{ "0447000300000A044100044CEE6B2804400004000000010"
	  "44A000867652D302F302F30045A000480000064",
	  " bgp-ls IGP Metric: 10, Maximum link bandwidth: 125000000.0, "
	  "Admin Group mask: 1, Link Name: b'ge-0/0/0', Unidirectional Link "
	  "Delay: {'delay-us': 100, 'anomalous': True}" },
	/* prefix: metric, IGP flags, opaque octets (Python's bytes repr picks
	 * double quotes around a single quote), a TLV ExaBGP does not know */
	{ "04830004000000140480000180048500020127270F0001AB",
	  " bgp-ls prefix_metric: 20, IGP flags: {'D': 1, 'N': 0, 'L': 0, 'P': 0, "
	  "'RSV': 0}, Opaque Prefix Attribute: b\"\\x01'\", Attribute with code "
	  "[ 9999 ] not implemented" },
	/* Segment Routing: SR capabilities (name, flags, sids), adjacency SID
	 * and prefix SID (their __repr__, the missing colon of the first
	 * included) */
	{ "040A000C8000000FA004890003003E80 044B000730000000003E80 0486000840000000 00000064",
	  " bgp-ls SR Capability Flags: {'I': 1, 'V': 0, 'RSV': 0}, sids: [[4000, 16000]], "
	  "adj_flags: {'F': 0, 'B': 0, 'V': 1, 'L': 1, 'S': 0, 'P': 0, 'RSV': 0}, "
	  "sids: [16000], undecoded_sid [], prefix_flags: {'R': 0, 'N': 1, 'P': 0, "
	  "'E': 0, 'V': 0, 'L': 0, 'RSV': 0}, sids: [100], undecoded_sid: []" },
	/* a line end in a name cannot end the text API line */
	{ "04020003610A62", " bgp-ls Node Name: a b" },
	/* SRv6 locator: its members only, as its __repr__ prints; endpoint
	 * behavior and SID structure: their __str__ */
	{ "048A000800000000 0000000A 04E2000400300080 04E4000420100010",
	  " bgp-ls flags: {'D': 0, 'RSV': 0}, algorithm: 0, metric: 10, "
	  "srv6-endpoint-behavior [0x48, flags: [], algorithm: 128], "
	  "sid-structure [32,16,0,16,]" },
};

static void attr_text(void **state)
{
	const struct wire_attr_desc *d = wire_attr_desc(WIRE_ATTR_BGP_LS);

	(void)state;
	for (size_t i = 0; i < NVEC(attr_texts); i++) {
		size_t len;
		uint8_t *p = from_hex(attr_texts[i].hex, &len);
		struct wire_attr a = { .code = 29, .flags = 0x80, .len = (uint16_t)len, .val = p };
		struct wbuf w;

		wbuf_init(&w, 64);
		d->text(&w, &a, NULL, &ctx);
		tu_assert_text(attr_texts[i].text, (const char *)w.data, w.len);
		wbuf_fini(&w);
		free(p);
	}
}

/* ExaBGP's str() of a BGP-LS NLRI is its json(), in the spaced layout it
 * builds by hand: node (decoding/bgp-ls-7), link (bgp-ls-1) and prefix
 * (bgp-ls-8). */
static void nlri_text(void **state)
{
	static const struct {
		size_t vec;
		const char *text;
	} want[] = {
		{ 4, "{ \"ls-nlri-type\": \"bgpls-node\", \"l3-routing-topology\": 4, "
		     "\"protocol-id\": 1, \"node-descriptors\": [ { \"autonomous-system\": "
		     "64531 }, { \"bgp-ls-identifier\": \"139\" }, { \"router-id\": "
		     "\"192168251231\" } ], \"nexthop\": \"no-nexthop\" }" },
		{ 0, "{ \"ls-nlri-type\": \"bgpls-link\", \"l3-routing-topology\": 0, "
		     "\"protocol-id\": 3, \"local-node-descriptors\": [ { "
		     "\"autonomous-system\": 1 }, { \"bgp-ls-identifier\": \"3232266878\" }, "
		     "{ \"ospf-area-id\": \"0.0.0.0\" }, { \"router-id\": \"10.10.10.10\" } ], "
		     "\"remote-node-descriptors\": [ { \"autonomous-system\": 1 }, { "
		     "\"bgp-ls-identifier\": \"3232266878\" }, { \"ospf-area-id\": "
		     "\"0.0.0.0\" }, { \"router-id\": \"10.2.2.2\" } ], "
		     "\"interface-addresses\": [], \"neighbor-addresses\": [], "
		     "\"multi-topology-ids\": [], \"link-identifiers\": [] }" },
		{ 5, "{ \"ls-nlri-type\": \"bgpls-prefix-v4\", \"l3-routing-topology\": 700, "
		     "\"protocol-id\": 2, \"node-descriptors\": [ { \"autonomous-system\": "
		     "15924 }, { \"bgp-ls-identifier\": \"0\" }, { \"router-id\": "
		     "\"010135000041\" } ], \"ip-reachability-tlv\": \"10.134.2.88/30\", "
		     "\"ip-reach-prefix\": \"10.134.2.88/30\", \"nexthop\": \"no-nexthop\" }" },
	};

	(void)state;
	for (size_t i = 0; i < NVEC(want); i++) {
		const struct vec *v = &nlri_vectors[want[i].vec];
		struct wire_nlri_iter it;
		struct wire_nlri n;
		struct wbuf out;
		size_t len;
		uint8_t *p = from_hex(v->hex, &len);

		wire_nlri_iter_init(&it, v->f, &ctx, p, p, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
		wbuf_init(&out, 64);
		v->f->text(v->f, &out, &n, &ctx);
		tu_assert_text(want[i].text, (const char *)out.data, out.len);
		wbuf_fini(&out);
		free(p);
	}
}

/* Encoder input that is not the JSON shape is refused, naming the member. */
static void encoder_refuses_what_is_not_the_json_shape(void **state)
{
	static const char *bad[] = {
		"{\"no-such-tlv\":1}",
		"{\"igp-metric\":16777216}",
		"{\"igp-metric\":\"x\"}",
		"{\"local-router-ids\":\"10.0.0.1\"}",
		"{\"local-router-ids\":[\"10.0.0\"]}",
		"{\"area-ids\":[\"12a\"]}",
		"{\"generic-lsid-70000\":[\"0x00\"]}",
		"{\"generic-lsid-12\":[\"00\"]}",
		"{\"srv6-endx\":[{\"flags\":{},\"behavior\":57}]}",
		"{\"unreserved-bandwidth\":[1.0]}",
		"{\"sr-capability-flags\":{\"I\":1},\"sids\":[[1]]}",
		"{\"node-flags\":{\"O\":2}}",
	};

	(void)state;
	for (size_t i = 0; i < NVEC(bad); i++) {
		struct arena ar;
		struct val *v;
		struct lb_err err;
		struct wbuf w;

		arena_init(&ar, 1024);
		v = tu_json(&ar, bad[i]);
		assert_non_null(v);
		wbuf_init(&w, 64);
		lb_err_clear(&err);
		if (wire_attr_bgp_ls.encode(&w, v, &ctx, &err) != -1) {
			print_error("row %zu (%s) encoded\n", i, bad[i]);
			fail();
		}
		assert_non_null(strstr(err.reason, "bgp-ls"));
		wbuf_fini(&w);
		arena_fini(&ar);
	}
}

/* More TLVs than the walker's stack table (64): router ids interleaved
 * with an unknown TLV still print grouped, each group where it began. */
static void many_tlvs_print_grouped(void **state)
{
	uint8_t val[80 * 12];
	struct wbuf out, want;
	struct lb_err err;
	size_t n = 0;

	(void)state;
	for (int i = 0; i < 80; i++) {
		val[n++] = 0x04;                 /* 1028, IPv4 router id */
		val[n++] = 0x04;
		val[n++] = 0;
		val[n++] = 4;
		val[n++] = 10;
		val[n++] = 0;
		val[n++] = 0;
		val[n++] = (uint8_t)i;
		if (i % 2)
			continue;
		val[n++] = 0x07;                 /* 2000, unknown */
		val[n++] = 0xD0;
		val[n++] = 0;
		val[n++] = 0;
	}
	wbuf_init(&want, 1024);
	wbuf_str(&want, "{\"bgp-ls\":{\"local-router-ids\":[");
	for (int i = 0; i < 80; i++)
		wbuf_printf(&want, "%s\"10.0.0.%d\"", i ? "," : "", i);
	wbuf_str(&want, "]");
	for (int i = 0; i < 40; i++)
		wbuf_str(&want, ",\"generic-lsid-2000\":[\"0x\"]");
	wbuf_str(&want, "}}");
	wbuf_u8(&want, 0);
	wbuf_init(&out, 1024);
	assert_int_equal(attr_decode(val, n, &out, &err), 0);
	tu_assert_text((const char *)want.data, (const char *)out.data, out.len);
	wbuf_fini(&out);
	wbuf_fini(&want);
}

/* RFC 9552 §8.2.2 in a whole UPDATE (decoding/bgp-ls-8 altered): a prefix
 * length of 33 inside the NLRI is treat-as-withdraw; a total length past
 * the MP_REACH field cannot be delimited: AFI/SAFI disable. */
static void malformed_nlri_in_an_update(void **state)
{
	static const char *withdraw =
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0075020000005E900E003D40044704C0A86402000003"
		"00300200000000000002BC0100001A0200000400003E34020100040000000002030006010135"
		"00004101090005210A86025840010100400206020100003E34801D0D04830004000000640492"
		"000100";
	static const char *disable =
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0075020000005E900E003D40044704C0A86402000003"
		"00400200000000000002BC0100001A0200000400003E34020100040000000002030006010135"
		"000041010900051E0A86025840010100400206020100003E34801D0D04830004000000640492"
		"000100";
	struct wire_update *u = malloc(sizeof(*u));
	size_t len;
	uint8_t *p = from_hex(withdraw, &len);

	(void)state;
	assert_int_equal(wire_update_decode(u, p, len, p + 19, len - 19, &ctx), 0);
	assert_int_equal(u->err.act, LB_ACT_WITHDRAW);
	assert_int_equal(u->err.offset, 83);
	assert_non_null(strstr(u->err.reason, "prefix length"));
	free(p);
	p = from_hex(disable, &len);
	wire_update_decode(u, p, len, p + 19, len - 19, &ctx);
	assert_int_equal(u->err.act, LB_ACT_AFI_DISABLE);
	assert_int_equal(u->err.offset, 36);
	free(u);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nlri_vectors_decode_to_exabgp_json_and_encode_back),
		cmocka_unit_test(nlri_prints_its_next_hop),
		cmocka_unit_test(nlri_field_holds_several),
		cmocka_unit_test(malformed_nlri_get_rfc9552_actions),
		cmocka_unit_test(nlri_truncation_never_reads_past),
		cmocka_unit_test(malformed_nlri_in_an_update),
		cmocka_unit_test(attr_vectors_decode_to_exabgp_json_and_encode_back),
		cmocka_unit_test(malformed_attribute_is_discarded),
		cmocka_unit_test(malformed_attribute_leaves_the_nlri),
		cmocka_unit_test(attr_truncation_never_reads_past),
		cmocka_unit_test(attr_text),
		cmocka_unit_test(nlri_text),
		cmocka_unit_test(many_tlvs_print_grouped),
		cmocka_unit_test(encoder_refuses_what_is_not_the_json_shape),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
