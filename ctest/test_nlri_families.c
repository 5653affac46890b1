/* NLRI codecs of the typed families: l2vpn vpls (RFC 4761), mcast-vpn
 * (RFC 6514), mup (draft-mpmz-bess-mup-safi), sr-policy (RFC 9830) and rtc
 * (RFC 4684).
 *
 * Each vector is one NLRI: its bytes, decoded, must print ExaBGP's JSON
 * (compact, exactly the member order ExaBGP prints), and the tree of that
 * JSON must encode back to the same bytes.  The vectors come from the
 * conformance folders api-vpls, conf-l2vpn, api-mvpn, conf-mvpn,
 * conf-srv6-mup, conf-sr-policy and decoding/bgp-sr-policy-1, where
 * ExaBGP's JSON for the whole UPDATE was recorded.
 */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "testutil.h"
#include "wire/message.h"
#include "wire/nlri.h"
#include "wire/wire.h"

struct vec {
	const struct wire_family *f;
	const char *hex;
	const char *json;
};

static const struct vec vectors[] = {
	/* from the conformance vectors */
	{ &wire_fam_l2vpn_vpls,
	  "00110001C0A8C901007B000500010008029CE1",
	  "{\"rd\":\"192.168.201.1:123\",\"endpoint\":5,\"base\":10702,\"offset\":1,\"size\":8}" },
	{ &wire_fam_l2vpn_vpls,
	  "00110001C0A8C901007C000500010008029EC1",
	  "{\"rd\":\"192.168.201.1:124\",\"endpoint\":5,\"base\":10732,\"offset\":1,\"size\":8}" },
	{ &wire_fam_ipv4_mcast_vpn,
	  "06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4",
	  "{\"code\":6,\"parsed\":true,\"raw\":\"06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4\",\"name\":\"C-Multicast Shared Tree Join route\",\"rd\":\"65000:99999\",\"source-as\":\"65000\",\"source\":\"10.99.199.1\",\"group\":\"239.251.255.228\"}" },
	{ &wire_fam_ipv4_mcast_vpn,
	  "07160000FDE80001869F0000FDE8200A630C0220EFFBFFE4",
	  "{\"code\":7,\"parsed\":true,\"raw\":\"07160000FDE80001869F0000FDE8200A630C0220EFFBFFE4\",\"name\":\"C-Multicast Source Tree Join route\",\"rd\":\"65000:99999\",\"source-as\":\"65000\",\"source\":\"10.99.12.2\",\"group\":\"239.251.255.228\"}" },
	{ &wire_fam_ipv6_mcast_vpn,
	  "062E0000FDE80001869F0000FDE880FD00000000000000000000000000000180FF0E0000000000000000000000000001",
	  "{\"code\":6,\"parsed\":true,\"raw\":\"062E0000FDE80001869F0000FDE880FD00000000000000000000000000000180FF0E0000000000000000000000000001\",\"name\":\"C-Multicast Shared Tree Join route\",\"rd\":\"65000:99999\",\"source-as\":\"65000\",\"source\":\"fd00::1\",\"group\":\"ff0e::1\"}" },
	{ &wire_fam_ipv6_mcast_vpn,
	  "072E0000FDE80001869F0000FDE880FD12000000000000000000000000000280FF0E0000000000000000000000000001",
	  "{\"code\":7,\"parsed\":true,\"raw\":\"072E0000FDE80001869F0000FDE880FD12000000000000000000000000000280FF0E0000000000000000000000000001\",\"name\":\"C-Multicast Source Tree Join route\",\"rd\":\"65000:99999\",\"source-as\":\"65000\",\"source\":\"fd12::2\",\"group\":\"ff0e::1\"}" },
	{ &wire_fam_ipv6_mcast_vpn,
	  "052A0000FDE80001869F80FD12000000000000000000000000000480FF0E0000000000000000000000000001",
	  "{\"code\":5,\"parsed\":true,\"raw\":\"052A0000FDE80001869F80FD12000000000000000000000000000480FF0E0000000000000000000000000001\",\"name\":\"Source Active A-D Route\",\"rd\":\"65000:99999\",\"source\":\"fd12::4\",\"group\":\"ff0e::1\"}" },
	{ &wire_fam_ipv4_mcast_vpn,
	  "05120000FDE80001869F200A630C0420EFFBFFE4",
	  "{\"code\":5,\"parsed\":true,\"raw\":\"05120000FDE80001869F200A630C0420EFFBFFE4\",\"name\":\"Source Active A-D Route\",\"rd\":\"65000:99999\",\"source\":\"10.99.12.4\",\"group\":\"239.251.255.228\"}" },
	{ &wire_fam_ipv4_mup,
	  "0100010C0000006400000064180A0001",
	  "{\"name\":\"InterworkSegmentDiscoveryRoute\",\"arch\":1,\"code\":1,\"prefix_ip_len\":24,\"prefix_ip\":\"10.0.1.0\",\"rd\":\"100:100\",\"raw\":\"0100010C0000006400000064180A0001\"}" },
	{ &wire_fam_ipv4_mup,
	  "0100020C00000064000000640A000001",
	  "{\"name\":\"DirectSegmentDiscoveryRoute\",\"arch\":1,\"code\":2,\"ip\":\"10.0.0.1\",\"rd\":\"100:100\",\"raw\":\"0100020C00000064000000640A000001\"}" },
	{ &wire_fam_ipv4_mup,
	  "01000317000000640000006420C0A800010000303909200A000001",
	  "{\"name\":\"Type1SessionTransformedRoute\",\"arch\":1,\"code\":3,\"prefix_ip_len\":32,\"prefix_ip\":\"192.168.0.1\",\"teid\":\"12345\",\"qfi\":\"9\",\"rd\":\"100:100\",\"endpoint_ip_len\":32,\"endpoint_ip\":\"10.0.0.1\",\"source_ip_len\":0,\"source_ip\":\"b''\",\"raw\":\"01000317000000640000006420C0A800010000303909200A000001\"}" },
	{ &wire_fam_ipv4_mup,
	  "010004110000006400000064400A00000100003039",
	  "{\"name\":\"Type2SessionTransformedRoute\",\"arch\":1,\"code\":4,\"endpoint_len\":64,\"endpoint_ip\":\"10.0.0.1\",\"rd\":\"100:100\",\"teid\":\"12345\",\"raw\":\"010004110000006400000064400A00000100003039\"}" },
	{ &wire_fam_ipv4_mup,
	  "010004100000006400000064370A000001003039",
	  "{\"name\":\"Type2SessionTransformedRoute\",\"arch\":1,\"code\":4,\"endpoint_len\":55,\"endpoint_ip\":\"10.0.0.1\",\"rd\":\"100:100\",\"teid\":\"12345\",\"raw\":\"010004100000006400000064370A000001003039\"}" },
	{ &wire_fam_ipv4_mup,
	  "0100040D0000006400000064200A000001",
	  "{\"name\":\"Type2SessionTransformedRoute\",\"arch\":1,\"code\":4,\"endpoint_len\":32,\"endpoint_ip\":\"10.0.0.1\",\"rd\":\"100:100\",\"teid\":\"0\",\"raw\":\"0100040D0000006400000064200A000001\"}" },
	{ &wire_fam_ipv6_mup,
	  "010001110000006400000064402001000000000000",
	  "{\"name\":\"InterworkSegmentDiscoveryRoute\",\"arch\":1,\"code\":1,\"prefix_ip_len\":64,\"prefix_ip\":\"2001::\",\"rd\":\"100:100\",\"raw\":\"010001110000006400000064402001000000000000\"}" },
	{ &wire_fam_ipv6_mup,
	  "01000218000000640000006420010000000000000000000000000001",
	  "{\"name\":\"DirectSegmentDiscoveryRoute\",\"arch\":1,\"code\":2,\"ip\":\"2001::1\",\"rd\":\"100:100\",\"raw\":\"01000218000000640000006420010000000000000000000000000001\"}" },
	{ &wire_fam_ipv6_mup,
	  "0100032F00000064000000648020010DB800010001000000000000000100003039098020010000000000000000000000000001",
	  "{\"name\":\"Type1SessionTransformedRoute\",\"arch\":1,\"code\":3,\"prefix_ip_len\":128,\"prefix_ip\":\"2001:db8:1:1::1\",\"teid\":\"12345\",\"qfi\":\"9\",\"rd\":\"100:100\",\"endpoint_ip_len\":128,\"endpoint_ip\":\"2001::1\",\"source_ip_len\":0,\"source_ip\":\"b''\",\"raw\":\"0100032F00000064000000648020010DB800010001000000000000000100003039098020010000000000000000000000000001\"}" },
	{ &wire_fam_ipv6_mup,
	  "0100041D0000006400000064A02001000000000000000000000000000100003039",
	  "{\"name\":\"Type2SessionTransformedRoute\",\"arch\":1,\"code\":4,\"endpoint_len\":160,\"endpoint_ip\":\"2001::1\",\"rd\":\"100:100\",\"teid\":\"12345\",\"raw\":\"0100041D0000006400000064A02001000000000000000000000000000100003039\"}" },
	/* conf-sr-policy (the JSON as decoding/bgp-sr-policy-1 prints it) */
	{ &wire_fam_ipv4_sr_policy,
	  "6000000000000000640A000001",
	  "{\"distinguisher\":0,\"color\":100,\"endpoint\":\"10.0.0.1\"}" },
	{ &wire_fam_ipv4_sr_policy,
	  "6000000001000000C80A000002",
	  "{\"distinguisher\":1,\"color\":200,\"endpoint\":\"10.0.0.2\"}" },
	{ &wire_fam_ipv4_sr_policy,
	  "60000000000000012C0A000003",
	  "{\"distinguisher\":0,\"color\":300,\"endpoint\":\"10.0.0.3\"}" },
	{ &wire_fam_ipv6_sr_policy,
	  "C0000000000000006420010DB8000000000000000000000001",
	  "{\"distinguisher\":0,\"color\":100,\"endpoint\":\"2001:db8::1\"}" },
	/* RFC 9830 §2.1: the largest values */
	{ &wire_fam_ipv4_sr_policy,
	  "60FFFFFFFFFFFFFFFFFFFFFFFF",
	  "{\"distinguisher\":4294967295,\"color\":4294967295,\"endpoint\":\"255.255.255.255\"}" },
	/* RFC 4684 §4: the default route target, a full one of each type, an
	 * origin alone, a partial prefix, and a value that is no route target */
	{ &wire_fam_ipv4_rtc, "00",
	  "{\"origin\":0,\"route-target\":null}" },
	{ &wire_fam_ipv4_rtc, "600000FDE80002FDE800000001",
	  "{\"origin\":65000,\"route-target\":\"target:65000:1\"}" },
	{ &wire_fam_ipv4_rtc, "600000FDE80102C00002010005",
	  "{\"origin\":65000,\"route-target\":\"target:192.0.2.1:5\"}" },
	{ &wire_fam_ipv4_rtc, "60000100000202000100000001",
	  "{\"origin\":65536,\"route-target\":\"target:65536:1\"}" },
	{ &wire_fam_ipv4_rtc, "200000FDE8",
	  "{\"origin\":65000,\"route-target\":null,\"prefix-length\":32,\"route-target-prefix\":\"0x\"}" },
	{ &wire_fam_ipv4_rtc, "2C0000FDE80002",
	  "{\"origin\":65000,\"route-target\":null,\"prefix-length\":44,\"route-target-prefix\":\"0x0002\"}" },
	{ &wire_fam_ipv4_rtc, "600000FDE80003FDE800000001",
	  "{\"origin\":65000,\"route-target\":\"0x0003FDE800000001\"}" },
	/* RFC 4761 §3.2.2: the largest label base and block */
	{ &wire_fam_l2vpn_vpls,
	  "00110000000000000000FFFFFFFF0000FFFFF1",
	  "{\"rd\":\"0:0\",\"endpoint\":65535,\"base\":1048575,\"offset\":65535,\"size\":0}" },
	/* an RD of a type without a text form prints as hex and reads back
	 * (found by fuzz_nlri_families) */
	{ &wire_fam_l2vpn_vpls,
	  "00112D00010008021200000000640000006441",
	  "{\"rd\":\"0x2D00010008021200\",\"endpoint\":0,\"base\":1604,\"offset\":100,\"size\":0}" },
	/* RFC 6514 §4: types 1 to 4 are kept as bytes */
	{ &wire_fam_ipv4_mcast_vpn, "010C0000FDE80001869F0A000001",
	  "{\"code\":1,\"parsed\":false,\"raw\":\"010C0000FDE80001869F0A000001\"}" },
	{ &wire_fam_ipv6_mcast_vpn, "0400",
	  "{\"code\":4,\"parsed\":false,\"raw\":\"0400\"}" },
	/* draft-mpmz-bess-mup-safi: a T1ST with a source address */
	{ &wire_fam_ipv4_mup,
	  "0100031C000000640000006420C0A800010000303909200A00000120C0A80002",
	  "{\"name\":\"Type1SessionTransformedRoute\",\"arch\":1,\"code\":3,\"prefix_ip_len\":32,"
	  "\"prefix_ip\":\"192.168.0.1\",\"teid\":\"12345\",\"qfi\":\"9\",\"rd\":\"100:100\","
	  "\"endpoint_ip_len\":32,\"endpoint_ip\":\"10.0.0.1\",\"source_ip_len\":32,"
	  "\"source_ip\":\"192.168.0.2\",\"raw\":\"0100031C000000640000006420C0A800010000303909200A00000120C0A80002\"}" },
};

/* --- helpers -------------------------------------------------------------- */

static struct wire_ctx ctx_plain, ctx_addpath, ctx_no_ext_nh;

static int setup(void **state)
{
	(void)state;
	wire_ctx_init_decode(&ctx_plain);
	wire_ctx_init_decode(&ctx_addpath);
	ctx_addpath.addpath_rx = ctx_addpath.families;
	wire_ctx_init_decode(&ctx_no_ext_nh);
	ctx_no_ext_nh.ext_nexthop = 0;
	return 0;
}

/* Input bytes in a heap block of exactly their size, so that ASan catches
 * any read past the end. */
static uint8_t *from_hex(const char *hex, size_t *len)
{
	uint8_t tmp[1024];
	uint8_t *p;

	*len = tu_hex(hex, tmp, sizeof(tmp));
	p = malloc(*len ? *len : 1);
	assert_non_null(p);
	memcpy(p, tmp, *len);
	return p;
}

/* Walk an NLRI field of family f; the JSON of each NLRI, compact, joined
 * by "," goes to out.  Returns the iterator's last answer (0 at the end,
 * -1 on an error) and the iterator itself for its error and skip count. */
static int walk(const struct wire_family *f, const struct wire_ctx *ctx,
		const uint8_t *p, size_t n, struct wbuf *out,
		struct wire_nlri_iter *it)
{
	struct wire_nlri nlri;
	struct json_sink j;
	int rc, count = 0;

	wire_nlri_iter_init(it, f, ctx, p, p, n);
	while ((rc = wire_nlri_iter_next(it, &nlri)) > 0) {
		if (count++)
			wbuf_u8(out, ',');
		json_sink_init(&j, out, 1);
		f->json(f, &j.base, &nlri, NULL, ctx);
		json_sink_fini(&j);
	}
	return rc;
}

/* The tree of one NLRI's JSON, encoded again, must give its bytes. */
static void assert_reencodes(const struct wire_family *f,
			     const struct wire_nlri *n)
{
	struct val_sink vs;
	struct arena a;
	struct lb_err err;
	struct wbuf w;

	arena_init(&a, 1024);
	val_sink_init(&vs, &a);
	f->json(f, &vs.base, n, NULL, &ctx_plain);
	assert_non_null(val_sink_root(&vs));
	wbuf_init(&w, 0);
	lb_err_clear(&err);
	if (f->encode(f, &w, val_sink_root(&vs), &ctx_plain, &err) < 0) {
		print_error("%s: encode failed: %s\n", f->name, err.reason);
		fail();
	}
	assert_bytes(n->p, n->len, w.data, w.len);
	wbuf_fini(&w);
	val_sink_fini(&vs);
	arena_fini(&a);
}

/* --- vectors -------------------------------------------------------------- */

static void vectors_decode_to_exabgp_json_and_encode_back(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vec *v = &vectors[i];
		struct wire_nlri_iter it;
		struct wire_nlri n;
		struct wbuf out;
		size_t len;
		uint8_t *p = from_hex(v->hex, &len);

		wbuf_init(&out, 64);
		assert_int_equal(walk(v->f, &ctx_plain, p, len, &out, &it), 0);
		assert_int_equal(it.skipped, 0);
		tu_assert_text(v->json, (const char *)out.data, out.len);
		wire_nlri_iter_init(&it, v->f, &ctx_plain, p, p, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
		assert_int_equal(n.len, len);
		assert_reencodes(v->f, &n);
		wbuf_fini(&out);
		free(p);
	}
}

/* Several NLRIs in one field (conf-mvpn groups two routes in one UPDATE),
 * and each behind an ADD-PATH path identifier, which ExaBGP does not print
 * for these families. */
static void fields_hold_several_nlri_with_or_without_path_ids(void **state)
{
	static const char *joined =
		"{\"code\":6,\"parsed\":true,\"raw\":\"06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4\","
		"\"name\":\"C-Multicast Shared Tree Join route\",\"rd\":\"65000:99999\",\"source-as\":\"65000\","
		"\"source\":\"10.99.199.1\",\"group\":\"239.251.255.228\"},"
		"{\"code\":7,\"parsed\":true,\"raw\":\"07160000FDE80001869F0000FDE8200A630C0220EFFBFFE4\","
		"\"name\":\"C-Multicast Source Tree Join route\",\"rd\":\"65000:99999\",\"source-as\":\"65000\","
		"\"source\":\"10.99.12.2\",\"group\":\"239.251.255.228\"}";
	struct wire_nlri_iter it;
	struct wire_nlri n;
	struct wbuf out;
	uint8_t *p;
	size_t len;

	(void)state;
	wbuf_init(&out, 64);
	p = from_hex("06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4"
		     "07160000FDE80001869F0000FDE8200A630C0220EFFBFFE4", &len);
	assert_int_equal(walk(&wire_fam_ipv4_mcast_vpn, &ctx_plain, p, len, &out, &it), 0);
	tu_assert_text(joined, (const char *)out.data, out.len);
	free(p);

	wbuf_reset(&out);
	p = from_hex("00000001 06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4"
		     "00000002 07160000FDE80001869F0000FDE8200A630C0220EFFBFFE4", &len);
	assert_int_equal(walk(&wire_fam_ipv4_mcast_vpn, &ctx_addpath, p, len, &out, &it), 0);
	tu_assert_text(joined, (const char *)out.data, out.len);
	wire_nlri_iter_init(&it, &wire_fam_ipv4_mcast_vpn, &ctx_addpath, p, p, len);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
	assert_int_equal(n.path_id, 1);
	assert_int_equal(n.len, 24);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
	assert_int_equal(n.path_id, 2);
	assert_int_equal(n.offset, 32);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 0);
	free(p);

	/* VPLS, RTC and SR Policy back to back the same way */
	wbuf_reset(&out);
	p = from_hex("00110001C0A8C901007B000500010008029CE1"
		     "00110001C0A8C901007C000500010008029EC1", &len);
	assert_int_equal(walk(&wire_fam_l2vpn_vpls, &ctx_plain, p, len, &out, &it), 0);
	tu_assert_text("{\"rd\":\"192.168.201.1:123\",\"endpoint\":5,\"base\":10702,\"offset\":1,\"size\":8},"
		       "{\"rd\":\"192.168.201.1:124\",\"endpoint\":5,\"base\":10732,\"offset\":1,\"size\":8}",
		       (const char *)out.data, out.len);
	free(p);
	wbuf_reset(&out);
	p = from_hex("00 200000FDE8 600000FDE80002FDE800000001", &len);
	assert_int_equal(walk(&wire_fam_ipv4_rtc, &ctx_plain, p, len, &out, &it), 0);
	tu_assert_text("{\"origin\":0,\"route-target\":null},"
		       "{\"origin\":65000,\"route-target\":null,\"prefix-length\":32,\"route-target-prefix\":\"0x\"},"
		       "{\"origin\":65000,\"route-target\":\"target:65000:1\"}",
		       (const char *)out.data, out.len);
	free(p);
	wbuf_fini(&out);
}

/* The JSON text in ExaBGP's own layout (the JSON sink's normal mode). */
static void json_text_has_exabgps_layout(void **state)
{
	static const struct vec cases[] = {
		{ &wire_fam_l2vpn_vpls, "00110001C0A8C901007B000500010008029CE1",
		  "{ \"rd\": \"192.168.201.1:123\", \"endpoint\": 5, \"base\": 10702, \"offset\": 1, \"size\": 8 }" },
		{ &wire_fam_ipv4_sr_policy, "6000000000000000640A000001",
		  "{ \"distinguisher\": 0, \"color\": 100, \"endpoint\": \"10.0.0.1\" }" },
		{ &wire_fam_ipv4_mcast_vpn, "05120000FDE80001869F200A630C0420EFFBFFE4",
		  "{ \"code\": 5, \"parsed\": true, \"raw\": \"05120000FDE80001869F200A630C0420EFFBFFE4\", "
		  "\"name\": \"Source Active A-D Route\", \"rd\": \"65000:99999\", \"source\": \"10.99.12.4\", "
		  "\"group\": \"239.251.255.228\" }" },
		{ &wire_fam_ipv4_mcast_vpn, "0300",
		  "{ \"code\": 3, \"parsed\": false, \"raw\": \"0300\" }" },
		{ &wire_fam_ipv6_mup, "01000218000000640000006420010000000000000000000000000001",
		  "{ \"name\": \"DirectSegmentDiscoveryRoute\", \"arch\": 1, \"code\": 2, \"ip\": \"2001::1\", "
		  "\"rd\": \"100:100\", \"raw\": \"01000218000000640000006420010000000000000000000000000001\" }" },
		{ &wire_fam_ipv4_rtc, "00", "{ \"origin\": 0, \"route-target\": null }" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wire_nlri_iter it;
		struct wire_nlri n;
		struct json_sink j;
		struct wbuf out;
		size_t len;
		uint8_t *p = from_hex(cases[i].hex, &len);

		wbuf_init(&out, 64);
		wire_nlri_iter_init(&it, cases[i].f, &ctx_plain, p, p, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
		json_sink_init(&j, &out, 0);
		cases[i].f->json(cases[i].f, &j.base, &n, NULL, &ctx_plain);
		json_sink_fini(&j);
		tu_assert_text(cases[i].json, (const char *)out.data, out.len);
		wbuf_fini(&out);
		free(p);
	}
}

/* ExaBGP's str() of each kind of NLRI. */
static void text_is_exabgps(void **state)
{
	static const struct vec cases[] = {
		{ &wire_fam_l2vpn_vpls, "00110001C0A8C901007B000500010008029CE1",
		  "vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8" },
		{ &wire_fam_ipv6_sr_policy, "C0000000000000006420010DB8000000000000000000000001",
		  "sr-policy distinguisher 0 color 100 endpoint 2001:db8::1" },
		{ &wire_fam_ipv4_rtc, "00", "rtc wildcard" },
		{ &wire_fam_ipv4_rtc, "600000FDE80002FDE800000001", "rtc 65000:target:65000:1" },
		{ &wire_fam_ipv4_rtc, "2C0000FDE80002", "rtc 65000:0x0002/44" },
		{ &wire_fam_ipv4_mcast_vpn, "06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4",
		  "mvpn:shared-join:65000:99999:65000:10.99.199.1:239.251.255.228" },
		{ &wire_fam_ipv4_mcast_vpn, "07160000FDE80001869F0000FDE8200A630C0220EFFBFFE4",
		  "mvpn:source-join:65000:99999:65000:10.99.12.2:239.251.255.228" },
		{ &wire_fam_ipv6_mcast_vpn, "052A0000FDE80001869F80FD12000000000000000000000000000480FF0E0000000000000000000000000001",
		  "mvpn:sourcead:65000:99999:fd12::4:ff0e::1" },
		{ &wire_fam_ipv4_mcast_vpn, "0203ABCDEF", "mvpn:unknown:0xabcdef" },
		{ &wire_fam_ipv4_mup, "0100010C0000006400000064180A0001", "mup:isd:100:100:10.0.1.0/24" },
		{ &wire_fam_ipv6_mup, "01000218000000640000006420010000000000000000000000000001",
		  "mup:dsd:100:100:2001::1" },
		{ &wire_fam_ipv4_mup, "01000317000000640000006420C0A800010000303909200A000001",
		  "mup:t1st:100:100:192.168.0.1/32:12345:9:10.0.0.1/32" },
		{ &wire_fam_ipv4_mup, "0100031C000000640000006420C0A800010000303909200A00000120C0A80002",
		  "mup:t1st:100:100:192.168.0.1/32:12345:9:10.0.0.1/32:192.168.0.2/32" },
		{ &wire_fam_ipv4_mup, "010004100000006400000064370A000001003039",
		  "mup:t2st:100:100:55:10.0.0.1:12345:" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wire_nlri_iter it;
		struct wire_nlri n;
		struct wbuf out;
		size_t len;
		uint8_t *p = from_hex(cases[i].hex, &len);

		wbuf_init(&out, 64);
		wire_nlri_iter_init(&it, cases[i].f, &ctx_plain, p, p, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
		cases[i].f->text(cases[i].f, &out, &n, &ctx_plain);
		tu_assert_text(cases[i].json, (const char *)out.data, out.len);
		wbuf_fini(&out);
		free(p);
	}
}

/* --- malformed input ------------------------------------------------------ */

/* Every vector cut short at every octet: each length field then claims
 * more than is there, and the field cannot be delimited, so the walk stops
 * with a session reset (RFC 7606 §5.3), never reading past the cut. */
static void truncation_at_every_field_resets(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		size_t len;
		uint8_t *whole = from_hex(vectors[i].hex, &len);

		for (size_t cut = 1; cut < len; cut++) {
			struct wire_nlri_iter it;
			struct wbuf out;
			uint8_t *p = malloc(cut);

			assert_non_null(p);
			memcpy(p, whole, cut);
			wbuf_init(&out, 64);
			if (walk(vectors[i].f, &ctx_plain, p, cut, &out, &it) != -1) {
				print_error("%s %s cut at %zu was accepted\n",
					    vectors[i].f->name, vectors[i].hex, cut);
				fail();
			}
			assert_int_equal(it.err.act, LB_ACT_RESET);
			assert_int_equal(it.err.code, LB_NOTIFY_UPDATE);
			assert_int_equal(it.err.subcode, 10);
			assert_int_equal(it.err.offset, 0);
			assert_int_equal(out.len, 0);
			wbuf_fini(&out);
			free(p);
		}
		free(whole);
	}
}

struct bad {
	const struct wire_family *f;
	const char *hex;
	int rc;             /* the walk's answer: -1 reset, 0 completed */
	unsigned skipped;   /* NLRIs dropped on their own */
	const char *json;   /* what was printed */
	const char *why;
};

static const struct bad bad_cases[] = {
	/* RELIABILITY N17: VPLS shorter than its fixed fields */
	{ &wire_fam_l2vpn_vpls, "00", -1, 0, "", "length field cut" },
	{ &wire_fam_l2vpn_vpls, "0010 0001C0A8C901007B000500010008029C", -1, 0, "",
	  "length 16 < 17" },
	{ &wire_fam_l2vpn_vpls, "0000", -1, 0, "", "length 0" },
	{ &wire_fam_l2vpn_vpls, "FFFF 0001C0A8C901007B000500010008029CE1", -1, 0, "",
	  "length runs past the field" },
	/* a longer VPLS NLRI is read from the front (ExaBGP main) */
	{ &wire_fam_l2vpn_vpls, "0012 0001C0A8C901007B000500010008029CE1 AA", 0, 0,
	  "{\"rd\":\"192.168.201.1:123\",\"endpoint\":5,\"base\":10702,\"offset\":1,\"size\":8}",
	  "length 18" },
	/* RFC 9830 §2.1: the length is 96 or 192 bits by AFI */
	{ &wire_fam_ipv4_sr_policy, "C0000000000000006420010DB8000000000000000000000001", -1, 0, "",
	  "IPv6 length under AFI 1" },
	{ &wire_fam_ipv6_sr_policy, "6000000000000000640A000001", -1, 0, "",
	  "IPv4 length under AFI 2" },
	{ &wire_fam_ipv4_sr_policy, "00", -1, 0, "", "length 0" },
	{ &wire_fam_ipv4_sr_policy, "5F00000000000000640A0000", -1, 0, "", "length 95" },
	/* RFC 4684 §4: 0 or 32 to 96 bits */
	{ &wire_fam_ipv4_rtc, "01FF", -1, 0, "", "length 1" },
	{ &wire_fam_ipv4_rtc, "1F0000FDE8", -1, 0, "", "length 31" },
	{ &wire_fam_ipv4_rtc, "610000FDE80002FDE80000000100", -1, 0, "", "length 97" },
	{ &wire_fam_ipv4_rtc, "FF0000FDE80002FDE800000001", -1, 0, "", "length 255" },
	/* RFC 6514 §4 / RFC 7606 §5.4: unknown types are dropped alone */
	{ &wire_fam_ipv4_mcast_vpn, "0003ABCDEF 0300", 0, 1,
	  "{\"code\":3,\"parsed\":false,\"raw\":\"0300\"}", "type 0" },
	{ &wire_fam_ipv4_mcast_vpn, "0800 FF01AA 0400", 0, 2,
	  "{\"code\":4,\"parsed\":false,\"raw\":\"0400\"}", "types 8 and 255" },
	/* RFC 6514 §4.5: a Source Active A-D route for an SSM group */
	{ &wire_fam_ipv4_mcast_vpn, "05120000FDE80001869F200A630C0420E8010101", 0, 1, "",
	  "SA A-D for 232.1.1.1" },
	{ &wire_fam_ipv6_mcast_vpn,
	  "052A0000FDE80001869F80FD12000000000000000000000000000480FF3E0000000000000000000000000001",
	  0, 1, "", "SA A-D for ff3e::1" },
	/* the fields of types 5 to 7 must add up */
	{ &wire_fam_ipv4_mcast_vpn, "05110000FDE80001869F200A630C0420EFFBFF", -1, 0, "",
	  "SA A-D of 17 octets" },
	{ &wire_fam_ipv4_mcast_vpn, "05120000FDE80001869F210A630C0420EFFBFFE4", -1, 0, "",
	  "source length 33" },
	{ &wire_fam_ipv4_mcast_vpn, "05120000FDE80001869F200A630C0480EFFBFFE4", -1, 0, "",
	  "group length 128 in 4 octets" },
	{ &wire_fam_ipv4_mcast_vpn,
	  "051E0000FDE80001869F200A630C0480FF0E0000000000000000000000000001", -1, 0, "",
	  "IPv4 source with IPv6 group" },
	{ &wire_fam_ipv4_mcast_vpn, "06120000FDE80001869F200A630C0420EFFBFFE4", -1, 0, "",
	  "shared join without source AS" },
	{ &wire_fam_ipv4_mcast_vpn, "07170000FDE80001869F0000FDE8200A630C0220EFFBFFE400", -1, 0, "",
	  "source join with a trailing octet" },
	{ &wire_fam_ipv4_mcast_vpn, "07", -1, 0, "", "length octet missing" },
	/* draft-mpmz-bess-mup-safi: unknown architecture or type dropped alone */
	{ &wire_fam_ipv4_mup, "02000102AAAA 0100020C00000064000000640A000001", 0, 1,
	  "{\"name\":\"DirectSegmentDiscoveryRoute\",\"arch\":1,\"code\":2,\"ip\":\"10.0.0.1\","
	  "\"rd\":\"100:100\",\"raw\":\"0100020C00000064000000640A000001\"}", "architecture 2" },
	{ &wire_fam_ipv6_mup, "01000500 01FFFF00", 0, 2, "", "route types 5 and 65535" },
	{ &wire_fam_ipv4_mup, "0100010C0000006400000064210A000001", -1, 0, "",
	  "ISD prefix of 33 bits" },
	{ &wire_fam_ipv4_mup, "0100010D0000006400000064180A000100", -1, 0, "",
	  "ISD with a trailing octet" },
	{ &wire_fam_ipv4_mup, "01000108 0000006400000064", -1, 0, "", "ISD without prefix length" },
	{ &wire_fam_ipv4_mup, "0100020D00000064000000640A00000100", -1, 0, "",
	  "DSD address of 5 octets" },
	{ &wire_fam_ipv4_mup, "01000317000000640000006420C0A800010000303909400A000001", -1, 0, "",
	  "T1ST endpoint length 64" },
	{ &wire_fam_ipv4_mup, "0100031D000000640000006420C0A800010000303909200A00000120C0A8000200",
	  -1, 0, "", "T1ST source with a trailing octet" },
	{ &wire_fam_ipv4_mup, "0100031B000000640000006420C0A800010000303909200A00000120C0A800",
	  -1, 0, "", "T1ST source cut" },
	{ &wire_fam_ipv4_mup, "0100040D00000064000000641F0A000001", -1, 0, "",
	  "T2ST endpoint of 31 bits" },
	{ &wire_fam_ipv4_mup, "010004120000006400000064410A0000010000303900", -1, 0, "",
	  "T2ST endpoint of 65 bits" },
	{ &wire_fam_ipv4_mup, "010004100000006400000064400A000001003039", -1, 0, "",
	  "T2ST TEID shorter than its length" },
	{ &wire_fam_ipv6_mup, "0100040D0000006400000064200A000001", -1, 0, "",
	  "T2ST IPv4 endpoint under AFI 2" },
	{ &wire_fam_ipv4_mup, "010001", -1, 0, "", "header cut" },
};

static void malformed_nlri_get_their_rfc7606_outcome(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad *b = &bad_cases[i];
		struct wire_nlri_iter it;
		struct wbuf out;
		size_t len;
		uint8_t *p = from_hex(b->hex, &len);
		int rc;

		wbuf_init(&out, 64);
		rc = walk(b->f, &ctx_plain, p, len, &out, &it);
		if (rc != b->rc || it.skipped != b->skipped) {
			print_error("%s (%s): rc %d skipped %u, expected %d and %u (%s)\n",
				    b->f->name, b->why, rc, it.skipped, b->rc,
				    b->skipped, it.err.reason);
			fail();
		}
		if (rc < 0) {
			assert_int_equal(it.err.act, LB_ACT_RESET);
			assert_int_equal(it.err.code, LB_NOTIFY_UPDATE);
			assert_int_equal(it.err.subcode, 10);
		} else if (b->skipped) {
			assert_int_equal(it.err.act, LB_ACT_DISCARD);
		}
		tu_assert_text(b->json, (const char *)out.data, out.len);
		wbuf_fini(&out);
		free(p);
	}
}

/* An ADD-PATH path identifier cut short stops the walk (N17). */
static void path_id_cut_short_resets(void **state)
{
	static const char *const fields[] = {
		"000000", "00000001 00110001C0A8C901007B000500010008029CE1 0000",
	};
	const struct wire_family *fams[] = { &wire_fam_ipv4_rtc, &wire_fam_l2vpn_vpls };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct wire_nlri_iter it;
		struct wbuf out;
		size_t len;
		uint8_t *p = from_hex(fields[i], &len);

		wbuf_init(&out, 64);
		assert_int_equal(walk(fams[i], &ctx_addpath, p, len, &out, &it), -1);
		assert_int_equal(it.err.act, LB_ACT_RESET);
		wbuf_fini(&out);
		free(p);
	}
}

/* --- next hops, through whole UPDATEs -------------------------------------- */

/* An UPDATE with ORIGIN, AS_PATH and an MP_REACH_NLRI of (afi, safi) with
 * this next hop and NLRI, read without RFC 8950 extended next hops; returns
 * the decoder's verdict. */
static enum lb_act reach_with_nh(uint16_t afi, uint8_t safi, const char *nh_hex,
				 const char *nlri_hex, struct wire_update *u)
{
	uint8_t nh[64], nlri[256], msg[512];
	size_t nhlen = tu_hex(nh_hex, nh, sizeof(nh));
	size_t nlen = tu_hex(nlri_hex, nlri, sizeof(nlri));
	size_t mp = 5 + nhlen + nlen, attrs = 4 + 3 + 3 + mp, body = 4 + attrs;
	struct wbuf w;
	int rc;

	wbuf_init_fixed(&w, msg, sizeof(msg));
	wire_header_write(&w, WIRE_MSG_UPDATE, (uint16_t)(WIRE_HEADER_LEN + body));
	wbuf_u16(&w, 0);
	wbuf_u16(&w, (uint16_t)attrs);
	wbuf_put(&w, "\x40\x01\x01\x00", 4);      /* ORIGIN IGP */
	wbuf_put(&w, "\x40\x02\x00", 3);          /* AS_PATH empty */
	wbuf_u8(&w, 0x80);
	wbuf_u8(&w, WIRE_ATTR_MP_REACH);
	wbuf_u8(&w, (uint8_t)mp);
	wbuf_u16(&w, afi);
	wbuf_u8(&w, safi);
	wbuf_u8(&w, (uint8_t)nhlen);
	wbuf_put(&w, nh, nhlen);
	wbuf_u8(&w, 0);
	wbuf_put(&w, nlri, nlen);
	assert_false(w.failed);
	rc = wire_update_decode(u, msg, w.len, msg + WIRE_HEADER_LEN,
				w.len - WIRE_HEADER_LEN, &ctx_no_ext_nh);
	if (rc < 0)
		assert_int_equal(u->err.act, LB_ACT_RESET);
	return (enum lb_act)u->err.act;
}

/* Family.size of ExaBGP: vpls 4; mcast-vpn 4 (AFI 1) and 4/16 (AFI 2); mup
 * and rtc 4/16; sr-policy 4/16/32 (RFC 9830 §2.1). */
static void next_hop_lengths_follow_exabgp(void **state)
{
	static const char *v4 = "C0000201";
	static const char *v6 = "20010DB8000000000000000000000002";
	static const char *v6ll = "20010DB8000000000000000000000002FE800000000000000000000000000002";
	static const struct {
		uint16_t afi;
		uint8_t safi;
		const char *nlri;
		bool ok4, ok16, ok32;
	} rows[] = {
		{ 25, 65, "00110001C0A8C901007B000500010008029CE1", true, false, false },
		{ 1, 5, "05120000FDE80001869F200A630C0420EFFBFFE4", true, false, false },
		{ 2, 5, "05120000FDE80001869F200A630C0420EFFBFFE4", true, true, false },
		{ 1, 85, "0100020C00000064000000640A000001", true, true, false },
		{ 2, 85, "01000218000000640000006420010000000000000000000000000001", true, true, false },
		{ 1, 73, "6000000000000000640A000001", true, true, true },
		{ 2, 73, "C0000000000000006420010DB8000000000000000000000001", true, true, true },
		{ 1, 132, "600000FDE80002FDE800000001", true, true, false },
	};
	static struct wire_update u;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		bool ok[3] = { rows[i].ok4, rows[i].ok16, rows[i].ok32 };
		const char *nh[3] = { v4, v6, v6ll };

		for (int k = 0; k < 3; k++) {
			enum lb_act act = reach_with_nh(rows[i].afi, rows[i].safi,
							nh[k], rows[i].nlri, &u);

			if ((act == LB_ACT_NONE) != ok[k]) {
				print_error("AFI %u SAFI %u next hop of %zu octets: %s (%s)\n",
					    rows[i].afi, rows[i].safi, strlen(nh[k]) / 2,
					    lb_act_name(act), u.err.reason);
				fail();
			}
		}
		assert_int_equal(reach_with_nh(rows[i].afi, rows[i].safi, "C000020100000000",
					       rows[i].nlri, &u), LB_ACT_RESET);
	}
	/* a malformed route inside MP_REACH_NLRI resets with 3/9 (§7.11) */
	assert_int_equal(reach_with_nh(1, 5, v4, "05110000FDE80001869F200A630C0420EFFBFF", &u),
			 LB_ACT_RESET);
	assert_int_equal(u.err.subcode, 9);
	/* an unknown route type alone is dropped, the UPDATE goes on */
	assert_int_equal(reach_with_nh(1, 5, v4, "0900 05120000FDE80001869F200A630C0420EFFBFFE4", &u),
			 LB_ACT_NONE);
	assert_int_equal(u.nskipped, 1);
}

/* --- encoders ------------------------------------------------------------- */

struct kv {
	const char *key;
	const char *str;  /* a string value, or NULL: */
	int64_t num;      /* a number (-1: null) */
};

/* An object from key/value pairs, ended by a NULL key. */
static struct val *obj(struct arena *a, const struct kv *kv)
{
	struct val *o = val_new(a, VAL_OBJ);

	for (; kv->key; kv++) {
		struct val *v;

		if (kv->str)
			v = val_new_str(a, kv->str, strlen(kv->str));
		else if (kv->num < 0)
			v = val_new(a, VAL_NULL);
		else
			v = val_new_int(a, kv->num);
		assert_int_equal(val_push(a, o, kv->key, v), 0);
	}
	return o;
}

struct enc {
	const struct wire_family *f;
	struct kv in[12];
	const char *hex;    /* NULL: must be refused */
};

static const struct enc enc_cases[] = {
	/* the configuration's words and text forms */
	{ &wire_fam_l2vpn_vpls,
	  { { "rd", "192.168.201.1:123", 0 }, { "endpoint", "5", 0 }, { "base", NULL, 10702 },
	    { "offset", NULL, 1 }, { "size", "0x8", 0 }, { NULL, NULL, 0 } },
	  "00110001C0A8C901007B000500010008029CE1" },
	{ &wire_fam_ipv4_mcast_vpn,
	  { { "code", "shared-join", 0 }, { "rp", "10.99.199.1", 0 }, { "group", "239.251.255.228", 0 },
	    { "rd", "65000:99999", 0 }, { "source-as", NULL, 65000 }, { NULL, NULL, 0 } },
	  "06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4" },
	{ &wire_fam_ipv6_mcast_vpn,
	  { { "code", "source-ad", 0 }, { "source", "fd12::4", 0 }, { "group", "ff0e::1", 0 },
	    { "rd", "65000:99999", 0 }, { NULL, NULL, 0 } },
	  "052A0000FDE80001869F80FD12000000000000000000000000000480FF0E0000000000000000000000000001" },
	/* "raw" wins over the members */
	{ &wire_fam_ipv4_mcast_vpn,
	  { { "code", NULL, 5 }, { "raw", "0203ABCDEF", 0 }, { NULL, NULL, 0 } }, "0203ABCDEF" },
	{ &wire_fam_ipv4_mup,
	  { { "code", "mup-isd", 0 }, { "prefix_ip", "10.0.1.0/24", 0 }, { "rd", "100:100", 0 },
	    { NULL, NULL, 0 } },
	  "0100010C0000006400000064180A0001" },
	{ &wire_fam_ipv4_mup,
	  { { "name", "Type2SessionTransformedRoute", 0 }, { "endpoint_ip", "10.0.0.1", 0 },
	    { "rd", "100:100", 0 }, { "teid", NULL, 12345 }, { NULL, NULL, 0 } },
	  "010004110000006400000064400A00000100003039" },
	{ &wire_fam_ipv4_mup,
	  { { "code", NULL, 4 }, { "endpoint_ip", "10.0.0.1", 0 }, { "rd", "100:100", 0 },
	    { NULL, NULL, 0 } },
	  "0100040D0000006400000064200A000001" },
	{ &wire_fam_ipv4_mup,
	  { { "code", "mup-t2st", 0 }, { "endpoint_ip", "10.0.0.1", 0 }, { "rd", "100:100", 0 },
	    { "teid", "12345/23", 0 }, { NULL, NULL, 0 } },
	  "010004100000006400000064370A000001003039" },
	{ &wire_fam_ipv6_mup,
	  { { "code", "mup-t2st", 0 }, { "endpoint_ip", "2001::1", 0 }, { "rd", "100:100", 0 },
	    { "teid", "0/0", 0 }, { NULL, NULL, 0 } },
	  "0100041900000064000000648020010000000000000000000000000001" },
	{ &wire_fam_ipv4_mup,
	  { { "code", "mup-t1st", 0 }, { "prefix_ip", "192.168.0.1", 0 }, { "prefix_ip_len", NULL, 32 },
	    { "teid", "12345", 0 }, { "qfi", "9", 0 }, { "endpoint_ip", "10.0.0.1", 0 },
	    { "source_ip", NULL, -1 }, { "rd", "100:100", 0 }, { NULL, NULL, 0 } },
	  "01000317000000640000006420C0A800010000303909200A000001" },
	{ &wire_fam_ipv4_rtc,
	  { { "origin", NULL, 65000 }, { "route-target", "target:65000:1", 0 }, { NULL, NULL, 0 } },
	  "600000FDE80002FDE800000001" },
	{ &wire_fam_ipv4_rtc,
	  { { "origin", NULL, 65000 }, { "route-target", "0x4002FDE800000001", 0 }, { NULL, NULL, 0 } },
	  "600000FDE80002FDE800000001" },
	{ &wire_fam_ipv4_rtc, { { NULL, NULL, 0 } }, "00" },
	{ &wire_fam_ipv6_sr_policy,
	  { { "distinguisher", "1", 0 }, { "color", NULL, 2 }, { "endpoint", "2001:db8::1", 0 },
	    { NULL, NULL, 0 } },
	  "C0000000010000000220010DB8000000000000000000000001" },
	/* refused */
	{ &wire_fam_l2vpn_vpls,
	  { { "rd", "1:2:3", 0 }, { "endpoint", NULL, 5 }, { "base", NULL, 1 }, { "offset", NULL, 1 },
	    { "size", NULL, 8 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_l2vpn_vpls,
	  { { "rd", "65000:1", 0 }, { "endpoint", NULL, 65536 }, { "base", NULL, 1 },
	    { "offset", NULL, 1 }, { "size", NULL, 8 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_l2vpn_vpls,
	  { { "rd", "65000:1", 0 }, { "endpoint", NULL, 5 }, { "base", NULL, 1048575 },
	    { "offset", NULL, 1 }, { "size", NULL, 8 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_l2vpn_vpls,
	  { { "rd", "65000:1", 0 }, { "endpoint", NULL, 5 }, { "offset", NULL, 1 },
	    { "size", NULL, 8 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_sr_policy,
	  { { "distinguisher", NULL, 0 }, { "color", NULL, 4294967296 }, { "endpoint", "10.0.0.1", 0 },
	    { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_sr_policy,
	  { { "distinguisher", NULL, 0 }, { "color", NULL, 1 }, { "endpoint", "2001:db8::1", 0 },
	    { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mcast_vpn,
	  { { "code", NULL, 6 }, { "source", "10.0.0.1", 0 }, { "group", "ff0e::1", 0 },
	    { "rd", "65000:1", 0 }, { "source-as", NULL, 1 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mcast_vpn,
	  { { "code", NULL, 7 }, { "source", "10.0.0.1", 0 }, { "group", "239.0.0.1", 0 },
	    { "rd", "65000:1", 0 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mcast_vpn,
	  { { "code", NULL, 3 }, { "rd", "65000:1", 0 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mcast_vpn, { { "raw", "0304ABCDEF", 0 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mcast_vpn,
	  { { "raw", "05110000FDE80001869F200A630C0420EFFBFF", 0 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mcast_vpn, { { "raw", "05XX", 0 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mup,
	  { { "code", NULL, 1 }, { "prefix_ip", "10.0.1.0", 0 }, { "prefix_ip_len", NULL, 33 },
	    { "rd", "100:100", 0 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mup,
	  { { "code", NULL, 4 }, { "endpoint_ip", "10.0.0.1", 0 }, { "endpoint_len", NULL, 55 },
	    { "teid", NULL, 16777216 }, { "rd", "100:100", 0 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mup,
	  { { "code", NULL, 4 }, { "endpoint_ip", "10.0.0.1", 0 }, { "teid", "70000/16", 0 },
	    { "rd", "100:100", 0 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mup,
	  { { "code", NULL, 4 }, { "endpoint_ip", "10.0.0.1", 0 }, { "teid", "1/33", 0 },
	    { "rd", "100:100", 0 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mup,
	  { { "code", NULL, 4 }, { "endpoint_ip", "2001::1", 0 }, { "rd", "100:100", 0 },
	    { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mup,
	  { { "code", NULL, 5 }, { "rd", "100:100", 0 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mup,
	  { { "arch", NULL, 2 }, { "code", NULL, 1 }, { "rd", "100:100", 0 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_mup, { { "raw", "0100020D00000064000000640A00000100", 0 }, { NULL, NULL, 0 } },
	  NULL },
	{ &wire_fam_ipv4_rtc, { { "origin", NULL, 65000 }, { NULL, NULL, 0 } }, NULL },
	{ &wire_fam_ipv4_rtc,
	  { { "origin", NULL, 65000 }, { "route-target", "target:70000:70000", 0 }, { NULL, NULL, 0 } },
	  NULL },
	{ &wire_fam_ipv4_rtc,
	  { { "origin", NULL, 65000 }, { "route-target", NULL, -1 }, { "prefix-length", NULL, 40 },
	    { "route-target-prefix", "0x0002", 0 }, { NULL, NULL, 0 } }, NULL },
};

static void encoders_take_json_and_config_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(enc_cases) / sizeof(enc_cases[0]); i++) {
		const struct enc *c = &enc_cases[i];
		uint8_t want[256];
		struct lb_err err;
		struct arena a;
		struct wbuf w;
		int rc;

		arena_init(&a, 1024);
		wbuf_init(&w, 0);
		lb_err_clear(&err);
		rc = c->f->encode(c->f, &w, obj(&a, c->in), &ctx_plain, &err);
		if (c->hex) {
			if (rc < 0) {
				print_error("case %zu (%s): %s\n", i, c->f->name, err.reason);
				fail();
			}
			assert_bytes(want, tu_hex(c->hex, want, sizeof(want)), w.data, w.len);
		} else {
			if (rc == 0) {
				print_error("case %zu (%s) was accepted\n", i, c->f->name);
				fail();
			}
			assert_true(strstr(err.reason, c->f->name) != NULL);
		}
		wbuf_fini(&w);
		arena_fini(&a);
	}
}

/* What is not canonical on the wire decodes and re-encodes canonically:
 * a longer VPLS NLRI, a label base without bottom of stack, route target
 * flags in RTC. */
static void non_canonical_input_reencodes_canonically(void **state)
{
	static const struct {
		const struct wire_family *f;
		const char *in, *out;
	} cases[] = {
		{ &wire_fam_l2vpn_vpls, "00130001C0A8C901007B000500010008029CE1AAAA",
		  "00110001C0A8C901007B000500010008029CE1" },
		{ &wire_fam_l2vpn_vpls, "00110001C0A8C901007B000500010008029CE0",
		  "00110001C0A8C901007B000500010008029CE1" },
		{ &wire_fam_ipv4_rtc, "600000FDE8C002FDE800000001", "600000FDE80002FDE800000001" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct wire_family *f = cases[i].f;
		struct wire_nlri_iter it;
		struct wire_nlri n;
		struct val_sink vs;
		struct lb_err err;
		struct arena a;
		struct wbuf w;
		uint8_t want[64];
		size_t len;
		uint8_t *p = from_hex(cases[i].in, &len);

		wire_nlri_iter_init(&it, f, &ctx_plain, p, p, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
		arena_init(&a, 1024);
		val_sink_init(&vs, &a);
		f->json(f, &vs.base, &n, NULL, &ctx_plain);
		wbuf_init(&w, 0);
		assert_int_equal(f->encode(f, &w, val_sink_root(&vs), &ctx_plain, &err), 0);
		assert_bytes(want, tu_hex(cases[i].out, want, sizeof(want)), w.data, w.len);
		wbuf_fini(&w);
		val_sink_fini(&vs);
		arena_fini(&a);
		free(p);
	}
}

/* The rows: names, codes and lookups. */
static void family_rows_are_registered(void **state)
{
	(void)state;
	assert_ptr_equal(wire_family_by_code(25, 65), &wire_fam_l2vpn_vpls);
	assert_ptr_equal(wire_family_by_code(2, 5), &wire_fam_ipv6_mcast_vpn);
	assert_ptr_equal(wire_family_by_code(1, 85), &wire_fam_ipv4_mup);
	assert_ptr_equal(wire_family_by_code(2, 73), &wire_fam_ipv6_sr_policy);
	assert_ptr_equal(wire_family_by_code(1, 132), &wire_fam_ipv4_rtc);
	assert_ptr_equal(wire_family_by_name("ipv4 mcast-vpn"), &wire_fam_ipv4_mcast_vpn);
	assert_ptr_equal(wire_family_by_name("ipv6/mup"), &wire_fam_ipv6_mup);
	assert_ptr_equal(wire_family_by_name("ipv4 sr-policy"), &wire_fam_ipv4_sr_policy);
	assert_ptr_equal(wire_family_by_name("l2vpn vpls"), &wire_fam_l2vpn_vpls);
	assert_ptr_equal(wire_family_by_name("ipv4 rtc"), &wire_fam_ipv4_rtc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(family_rows_are_registered),
		cmocka_unit_test(vectors_decode_to_exabgp_json_and_encode_back),
		cmocka_unit_test(fields_hold_several_nlri_with_or_without_path_ids),
		cmocka_unit_test(json_text_has_exabgps_layout),
		cmocka_unit_test(text_is_exabgps),
		cmocka_unit_test(truncation_at_every_field_resets),
		cmocka_unit_test(malformed_nlri_get_their_rfc7606_outcome),
		cmocka_unit_test(path_id_cut_short_resets),
		cmocka_unit_test(next_hop_lengths_follow_exabgp),
		cmocka_unit_test(encoders_take_json_and_config_forms),
		cmocka_unit_test(non_canonical_input_reencodes_canonically),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
