/* Tunnel Encapsulation (RFC 9012, SR Policy sub-TLVs of RFC 9830) and BGP
 * Prefix-SID (RFC 8669, RFC 9252) attributes.
 *
 * Vector rows are whole attributes (flags, type, length, value): decoded,
 * they must print ExaBGP's JSON member exactly, and that JSON, as a tree,
 * must encode back to the same bytes.  The rows marked "conformance" are
 * the attributes of decoding/bgp-sr-policy-1, encoding/conf-sr-policy,
 * decoding/vpnv4-extended-nexthop-1, encoding/conf-srv6-mup and
 * api/api-ipv4, where ExaBGP's bytes and JSON were recorded.
 *
 * Malformed rows are carried in an UPDATE (no NLRI, the attribute at
 * offset 23) and must give the RFC's action with the offset of the faulty
 * element and a reason naming it.
 */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "testutil.h"
#include "wire/attr.h"
#include "wire/message.h"
#include "wire/update_json.h"
#include "wire/wire.h"

struct vec {
	const char *hex;       /* the whole attribute */
	const char *json;      /* its member of the "attribute" object */
	int canonical;         /* encoding the JSON gives the same bytes */
};

static const struct vec vectors[] = {
	/* conformance: bgp-sr-policy-1 / conf-sr-policy, MPLS BSID, type A */
	{ "C01728000F00240C060000000000640D06100005DC010080001100090600000000"
	  "00010106000003E81100",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"preference\":100,\"binding-sid\":"
	  "{\"type\":\"mpls\",\"label\":24000},\"segment-lists\":[{\"weight\":1,"
	  "\"segments\":[{\"type\":\"A\",\"label\":16001,\"tc\":0,\"s\":true,"
	  "\"ttl\":0}]}]}}}", 1 },
	/* conformance: conf-sr-policy, SRv6 BSID, type B with a behavior,
	 * names after the segment list on the wire, before it in the JSON */
	{ "C01760000F005C0C060000000000C814120000FC00000000000000000000000000"
	  "00018000250009060000000000020D1A1000FC0000000000000000000000000000"
	  "01004100002000100082000A006D792D706F6C696379810008007072696D617279",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"preference\":200,"
	  "\"srv6-binding-sid\":\"fc00::1\",\"policy-name\":\"my-policy\","
	  "\"candidate-path-name\":\"primary\",\"segment-lists\":[{\"weight\":2,"
	  "\"segments\":[{\"type\":\"B\",\"sid\":\"fc00::1\",\"endpoint-behavior\":"
	  "{\"behavior\":65,\"lb-length\":32,\"ln-length\":0,\"fun-length\":16,"
	  "\"arg-length\":0}}]}]}}}", 1 },
	/* conformance: conf-sr-policy, two segment lists */
	{ "C01734000F00300C0600000000012C80001100090600000000000101060000"
	  "03E81100800011000906000000000002010600000" "3E82100",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"preference\":300,\"segment-lists\":"
	  "[{\"weight\":1,\"segments\":[{\"type\":\"A\",\"label\":16001,\"tc\":0,"
	  "\"s\":true,\"ttl\":0}]},{\"weight\":2,\"segments\":[{\"type\":\"A\","
	  "\"label\":16002,\"tc\":0,\"s\":true,\"ttl\":0}]}]}}}", 1 },
	/* conformance: conf-sr-policy, IPv6 policy, type B without behavior */
	{ "C0172C000F00280C0600000000006480001D0009060000000000010D12000020010D"
	  "B8000100000000000000000001",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"preference\":100,\"segment-lists\":"
	  "[{\"weight\":1,\"segments\":[{\"type\":\"B\",\"sid\":\"2001:db8:1::1\"}]}]}}}",
	  1 },
	/* RFC 9012 §3: a VXLAN tunnel (type 8) with an Encapsulation sub-TLV,
	 * not interpreted: hex, as ExaBGP prints it */
	{ "C0170E0008000A01080000000000000000",
	  "{\"tunnel-encap\":{\"tunnel-type-8\":\"0x01080000000000000000\"}}", 1 },
	/* BSID null, ENLP, priority, an unknown sub-TLV (99) and a two-octet
	 * length sub-TLV above 128 (200) kept as hex */
	{ "C01723000F001F0D0200000E030000030F020A006302ABCDC800030102030C0600"
	  "00000000FF",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"binding-sid\":null,\"enlp\":3,"
	  "\"priority\":10,\"unknown-subtlv-99\":\"0xABCD\","
	  "\"unknown-subtlv-200\":\"0x010203\",\"preference\":255}}}", 1 },
	/* RFC 9830 §2.4.2: an SRv6 Binding SID in the Binding SID sub-TLV */
	{ "C01718000F00140D12000020010DB8000000000000000000000001",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"binding-sid\":{\"type\":\"srv6\","
	  "\"sid\":\"2001:db8::1\"}}}}", 1 },
	/* RFC 9830 §2.4.3: SRv6 BSID with endpoint behavior and structure */
	{ "C01720000F001C141A2000FC0000000000000000000000000000010041000020"
	  "101000",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"srv6-binding-sid\":{\"sid\":\"fc00::1\","
	  "\"behavior\":65,\"lb-length\":32,\"ln-length\":16,\"fun-length\":16,"
	  "\"arg-length\":0}}}}", 1 },
	/* RFC 9831 segment types C (with SID), D, E, F (with SID) */
	{ "C0174C000F0048800045000906000000000005030A40020A000001003E81000412"
	  "400120010DB8000000000000000000000005050A0000000000070A000002060E00"
	  "000A0000010A000002007D0000",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"segment-lists\":[{\"weight\":5,"
	  "\"segments\":[{\"type\":\"C\",\"ipv4_node\":\"10.0.0.1\",\"algorithm\":2,"
	  "\"sid\":1000,\"tc\":0,\"s\":true,\"ttl\":0},{\"type\":\"D\","
	  "\"ipv6_node\":\"2001:db8::5\",\"algorithm\":1},{\"type\":\"E\","
	  "\"local_if_id\":7,\"ipv4_node\":\"10.0.0.2\"},{\"type\":\"F\","
	  "\"local_ipv4\":\"10.0.0.1\",\"remote_ipv4\":\"10.0.0.2\",\"sid\":2000}]}]}}}",
	  1 },
	/* RFC 9831 segment types H, I (SID and behavior), K (no SID) */
	{ "C01784000F008080007D0009060000000000010822000020010DB8000000000000"
	  "00000000000120010DB80000000000000000000000020E2A100120010DB8000000"
	  "00000000000000000AFC00000000000000000000000000000A0030000020100801"
	  "1022800020010DB800000000000000000000000120010DB80000000000000000"
	  "00000002",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"segment-lists\":[{\"weight\":1,"
	  "\"segments\":[{\"type\":\"H\",\"local_ipv6\":\"2001:db8::1\","
	  "\"remote_ipv6\":\"2001:db8::2\"},{\"type\":\"I\",\"ipv6_node\":"
	  "\"2001:db8::a\",\"algorithm\":1,\"sid\":\"fc00::a\",\"endpoint-behavior\":"
	  "{\"behavior\":48,\"lb-length\":32,\"ln-length\":16,\"fun-length\":8,"
	  "\"arg-length\":1}},{\"type\":\"K\",\"local_ipv6\":\"2001:db8::1\","
	  "\"remote_ipv6\":\"2001:db8::2\",\"algorithm\":0}]}]}}}", 0 },
	/* RFC 9012 §13: a malformed sub-TLV (preference of 4 octets) is an
	 * unrecognized one; a repeated single-occurrence sub-TLV is ignored */
	{ "C0171A000F00160C04000000640C060000000000010C06000000000002",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"unknown-subtlv-12\":\"0x00000064\","
	  "\"preference\":1}}}", 0 },
	/* an SRv6 Binding SID sub-TLV of no octet: unrecognized, and its
	 * flags octet, which is not there, is not read (ASan) */
	{ "C01706000F00021400",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"unknown-subtlv-20\":\"0x\"}}}", 1 },
	/* RFC 9012 §13: a segment list with a malformed segment (type A of 5
	 * octets) is an unrecognized sub-TLV: kept as hex, the policy stays */
	{ "C0171F000F001B0C0600000000000780001000090600000000000101050000003E81",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"preference\":7,"
	  "\"unknown-subtlv-128\":\"0x00090600000000000101050000003E81\"}}}", 1 },
	/* ... a segment running past its list */
	{ "C01714000F001080000D00090600000000000101090000",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"unknown-subtlv-128\":"
	  "\"0x00090600000000000101090000\"}}}", 1 },
	/* ... a weight of 4 octets (RFC 9830 §2.4.4.1: 6) */
	{ "C0170E000F000A80000700090400000001",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"unknown-subtlv-128\":"
	  "\"0x00090400000001\"}}}", 1 },
	/* ... no reserved octet at all */
	{ "C01707000F0003800000",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"unknown-subtlv-128\":\"0x\"}}}", 1 },
	/* ... a type B segment whose B flag announces a behavior not there */
	{ "C01724000F002080001D0009060000000000010D121000FC00000000000000000000"
	  "0000000001",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"unknown-subtlv-128\":"
	  "\"0x0009060000000000010D121000FC000000000000000000000000000001\"}}}", 1 },
	/* an unknown segment type (2) is skipped, as ExaBGP does */
	{ "C0171C000F00188000150009060000000000030202AABB0106000000064100",
	  "{\"tunnel-encap\":{\"sr-policy\":{\"segment-lists\":[{\"weight\":3,"
	  "\"segments\":[{\"type\":\"A\",\"label\":100,\"tc\":0,\"s\":true,"
	  "\"ttl\":0}]}]}}}", 0 },
	/* an unknown tunnel type with a two-octet-length sub-TLV (RFC 9012 §2) */
	{ "C0170900080005800002AABB",
	  "{\"tunnel-encap\":{\"tunnel-type-8\":\"0x800002AABB\"}}", 1 },

	/* conformance: vpnv4-extended-nexthop-1, SRv6 L3 service, no structure */
	{ "C0281C05001900010015002001000100000000000000000000000000000000",
	  "{\"bgp-prefix-sid\":{\"l3-service\":[{\"sid\":\"2001:1::\",\"flags\":0,"
	  "\"endpoint_behavior\":0}]}}", 1 },
	/* conformance: conf-srv6-mup / api-ipv4, with the SID structure */
	{ "C028250500220001001E0020010DB8000100010000000000000000000048000100"
	  "06401810000000",
	  "{\"bgp-prefix-sid\":{\"l3-service\":[{\"sid\":\"2001:db8:1:1::\",\"flags\":0,"
	  "\"endpoint_behavior\":72,\"structure\":{\"locator-block-length\":64,"
	  "\"locator-node-length\":24,\"function-length\":16,\"argument-length\":0,"
	  "\"transposition-length\":0,\"transposition-offset\":0}}]}}", 1 },
	/* RFC 8669 §3: Label-Index 100 and an SRGB of 8000 labels at 16000 */
	{ "C02815010007000000000000640300080000003E80001F40",
	  "{\"bgp-prefix-sid\":{\"sr-label-index\":100,\"sr-srgbs\":[[16000,8000]]}}",
	  1 },
	/* RFC 9252 §6: L2 service with an unknown sub-TLV (GoBGP looped on it),
	 * an unknown TLV, and SID flags that ExaBGP prints and sends as 0 */
	{ "C0280E06000600070002ABCD0A00021234",
	  "{\"bgp-prefix-sid\":{\"l2-service\":[{\"type\":7,\"raw\":\"abcd\"}],"
	  "\"attribute-not-implemented-10\":\"0x1234\"}}", 1 },
	{ "C0282005001D00010019002001000100000000000000000000000080004100020001"
	  "AA",
	  "{\"bgp-prefix-sid\":{\"l3-service\":[{\"sid\":\"2001:1::\",\"flags\":0,"
	  "\"endpoint_behavior\":65,\"unknown-subsubtlv-2\":\"aa\"}]}}", 0 },
	/* RELIABILITY.md N18 (GoBGP looped): an unknown sub-TLV before the SID
	 * Information sub-TLV of an L3 service */
	{ "C0282105001E0009000201020100150020010DB800000000000000000000000100"
	  "001300",
	  "{\"bgp-prefix-sid\":{\"l3-service\":[{\"type\":9,\"raw\":\"0102\"},"
	  "{\"sid\":\"2001:db8::1\",\"flags\":0,\"endpoint_behavior\":19}]}}", 1 },
	/* no TLV at all: nothing RFC 8669 §6 calls malformed */
	{ "C02800", "{\"bgp-prefix-sid\":{}}", 1 },
};

static size_t attr_of(const char *hex, uint8_t *buf, size_t cap, struct wire_attr *a)
{
	size_t n = tu_hex(hex, buf, cap);
	size_t h = (buf[0] & WIRE_ATTR_F_EXTLEN) ? 4 : 3;

	memset(a, 0, sizeof(*a));
	a->flags = buf[0];
	a->code = buf[1];
	a->val = buf + h;
	a->len = n - h;
	return n;
}

static void attr_json(const struct wire_attr *a, struct wbuf *w)
{
	const struct wire_attr_desc *d = wire_attr_desc(a->code);
	struct wire_ctx ctx;
	struct json_sink j;

	wire_ctx_init_decode(&ctx);
	json_sink_init(&j, w, 1);
	sink_obj(&j.base);
	d->json(&j.base, a, NULL, &ctx);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	wbuf_u8(w, 0);
}

/* decode → tree → encode */
static void attr_encode(const struct wire_attr *a, struct wbuf *w, struct arena *ar)
{
	const struct wire_attr_desc *d = wire_attr_desc(a->code);
	struct wire_ctx ctx;
	struct val_sink vs;
	struct lb_err err;
	const struct val *root;

	wire_ctx_init_decode(&ctx);
	val_sink_init(&vs, ar);
	sink_obj(&vs.base);
	d->json(&vs.base, a, NULL, &ctx);
	sink_obj_end(&vs.base);
	root = val_sink_root(&vs);
	assert_non_null(root);
	if (d->encode(w, val_get(root, d->name), &ctx, &err) < 0) {
		print_error("encode: %s\n", err.reason);
		fail();
	}
	val_sink_fini(&vs);
}

static void check_ok(const struct wire_attr *a)
{
	const struct wire_attr_desc *d = wire_attr_desc(a->code);
	struct wire_ctx ctx;
	struct lb_err err;
	struct rd r;

	wire_ctx_init_decode(&ctx);
	lb_err_clear(&err);
	rd_init(&r, a->val, a->len);
	if (d->check(&r, a, &ctx, &err) < 0) {
		print_error("check: %s\n", err.reason);
		fail();
	}
}

static void vectors_decode_print_and_encode(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		uint8_t buf[1024];
		struct wire_attr a;
		struct wbuf j, e, j2;
		struct arena ar;
		size_t n = attr_of(vectors[i].hex, buf, sizeof(buf), &a);

		print_message("vector %zu\n", i);
		check_ok(&a);
		wbuf_init(&j, 0);
		attr_json(&a, &j);
		tu_assert_text(vectors[i].json, (const char *)j.data, j.len - 1);
		arena_init(&ar, 4096);
		wbuf_init(&e, 0);
		attr_encode(&a, &e, &ar);
		if (vectors[i].canonical) {
			assert_bytes(buf, n, e.data, e.len);
		} else {
			/* what the encoder wrote reads back to the same JSON */
			struct wire_attr b;

			b = a;
			b.val = e.data + ((e.data[0] & WIRE_ATTR_F_EXTLEN) ? 4 : 3);
			b.len = e.len - (size_t)(b.val - e.data);
			check_ok(&b);
			wbuf_init(&j2, 0);
			attr_json(&b, &j2);
			tu_assert_text(vectors[i].json, (const char *)j2.data, j2.len - 1);
			wbuf_fini(&j2);
		}
		wbuf_fini(&e);
		wbuf_fini(&j);
		arena_fini(&ar);
	}
}

/* --- malformed, inside an UPDATE --------------------------------------- */

struct bad {
	const char *attr;      /* the whole attribute, placed at offset 23 */
	uint8_t act;
	size_t offset;
	const char *reason;    /* a substring of the reason */
};

static const struct bad bads[] = {
	/* RELIABILITY.md A1 (CVE-2023-38802, FRR topotest
	 * encap-outer-len-mismatch): the TLV claims 4 octets, 1 is there */
	{ "C01705" "0007000401", LB_ACT_WITHDRAW, 26, "runs past the attribute" },
	/* A2 (CVE-2024-44070): a sub-TLV length of 255 with 1 octet left */
	{ "C01707" "000F00030CFF00", LB_ACT_WITHDRAW, 30, "sub-TLV 12 at offset 30" },
	/* RFC 9012 §13: the TLV ends inside its last sub-TLV */
	{ "C01709" "000800050105000000", LB_ACT_WITHDRAW, 30, "(type 8 at offset 26" },
	/* RFC 9012 §13: no TLV at all */
	{ "C01700", LB_ACT_WITHDRAW, 26, "no Tunnel TLV" },
	/* a TLV header cut short */
	{ "C01703" "000F00", LB_ACT_WITHDRAW, 26, "runs past" },
	/* RFC 9830 §2.4: two SR Policy TLVs */
	{ "C01710" "000F00040F020100" "000F00040F020100", LB_ACT_WITHDRAW, 34,
	  "second SR Policy TLV" },

	/* RFC 8669 §6: Label-Index TLV of 6 octets */
	{ "C02809" "010006000000000064", LB_ACT_DISCARD, 26, "Label-Index TLV has length 6" },
	/* Originator SRGB of 7 octets */
	{ "C0280A" "0300070000003E80001F", LB_ACT_DISCARD, 26, "Originator SRGB" },
	/* RELIABILITY.md A8 (FRR topotest hex): truncated header, overrun */
	{ "C02802" "0100", LB_ACT_DISCARD, 26, "runs past the attribute" },
	{ "C02806" "0100FF000000", LB_ACT_DISCARD, 26, "runs past the attribute" },
	/* A7: an attribute of zeros (TLV type 0 is reserved) */
	{ "C02806" "000000000000", LB_ACT_DISCARD, 26, "reserved" },
	/* RFC 9252: a SID Information sub-TLV shorter than 21 octets */
	{ "C0280C" "050009000100050000000000", LB_ACT_DISCARD, 30, "shorter than 21" },
	/* GoBGP (RELIABILITY.md N19): SID Structure sub-sub-TLV of 5 octets */
	{ "C02824" "0500210001001D0020010DB8000000000000000000000000000000000100"
	  "054040404040", LB_ACT_DISCARD, 54, "not 6" },
	/* an unknown tunnel type whose two-octet sub-TLV header is cut */
	{ "C01706" "000800028000", LB_ACT_WITHDRAW, 30, "sub-TLV 128" },
	/* RELIABILITY.md N20: a trailing octet after a valid sub-TLV */
	{ "C0281D" "05001A000100150020010DB800000000000000000000000100001300"
	  "00", LB_ACT_DISCARD, 54, "runs past TLV 5" },
	/* a service sub-TLV running past its TLV */
	{ "C02807" "050004000100FF", LB_ACT_DISCARD, 30, "runs past TLV 5" },
};

/* ORIGIN, AS_PATH, NEXT_HOP, then the NLRI 10.0.0.0/24: RFC 7606 §5.2
 * allows treat-as-withdraw only when there is something to withdraw */
static const uint8_t tail[] = {
	0x40, 0x01, 0x01, 0x00, 0x40, 0x02, 0x00, 0x40, 0x03, 0x04, 10, 0, 0, 1,
	0x18, 10, 0, 0,
};

static void malformed_give_the_rfc_action(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		static struct wire_update u;
		uint8_t attr[512], msg[600];
		size_t an = tu_hex(bads[i].attr, attr, sizeof(attr));
		size_t n = 0;
		struct wire_ctx ctx;
		const struct lb_err *e;

		print_message("bad %zu\n", i);
		memset(msg, 0xff, 16);
		n = 16;
		msg[n++] = (uint8_t)((23 + an + sizeof(tail)) >> 8);
		msg[n++] = (uint8_t)(23 + an + sizeof(tail));
		msg[n++] = 2;
		msg[n++] = 0;
		msg[n++] = 0;
		msg[n++] = (uint8_t)((an + sizeof(tail) - 4) >> 8);
		msg[n++] = (uint8_t)(an + sizeof(tail) - 4);
		memcpy(msg + n, attr, an);
		n += an;
		memcpy(msg + n, tail, sizeof(tail));
		n += sizeof(tail);
		wire_ctx_init_decode(&ctx);
		assert_int_equal(wire_update_decode(&u, msg, n, msg + 19, n - 19, &ctx), 0);
		e = bads[i].act == LB_ACT_DISCARD ? &u.discarded : &u.err;
		if (bads[i].act == LB_ACT_DISCARD) {
			assert_int_equal(u.ndiscarded, 1);
			assert_int_equal(u.err.act, LB_ACT_NONE);
		}
		assert_int_equal(e->act, bads[i].act);
		assert_int_equal(e->code, LB_NOTIFY_UPDATE);
		assert_int_equal(e->subcode, 9);
		assert_int_equal(e->offset, bads[i].offset);
		if (!strstr(e->reason, bads[i].reason)) {
			print_error("reason \"%s\" lacks \"%s\"\n", e->reason, bads[i].reason);
			fail();
		}
		/* nothing of a faulty attribute is kept */
		assert_null(wire_update_attr(&u, attr[1]));
	}
}

/* --- text (ExaBGP's str()) --------------------------------------------- */

static void text_is_exabgp_str(void **state)
{
	static const struct {
		size_t vec;
		const char *text;
	} rows[] = {
		{ 0, " tunnel-encap tunnel-encap [sr-policy {preference 100 binding-sid "
		     "mpls 24000 segment-list weight 1 [16001]}]" },
		{ 1, " tunnel-encap tunnel-encap [sr-policy {preference 200 "
		     "srv6-binding-sid fc00::1 segment-list weight 2 [fc00::1] "
		     "policy-name \"my-policy\" candidate-path-name \"primary\"}]" },
		{ 4, " tunnel-encap tunnel-encap [tunnel-type:8]" },
		{ 5, " tunnel-encap tunnel-encap [sr-policy {binding-sid null enlp "
		     "push-ipv4-ipv6 priority 10 unknown-subtlv-99 0xABCD "
		     "unknown-subtlv-200 0x010203 preference 255}]" },
		{ 8, " tunnel-encap tunnel-encap [sr-policy {segment-list weight 5 "
		     "[10.0.0.1 2001:db8::5 if7:10.0.0.2 10.0.0.1->10.0.0.2]}]" },
		/* ExaBGP never closes the sid-information bracket */
		{ 20, " bgp-prefix-sid [ l3-service [ sid-information [ "
		      "sid:2001:db8:1:1:: flags:0 endpoint_behavior:0x48  [ "
		      "sid-structure [64,24,16,0,0,0] ] ] ]" },
		{ 21, " bgp-prefix-sid [ 100, [ ( 16000,8000 ) ] ]" },
		{ 22, " bgp-prefix-sid [ l2-service [ SRv6 Service Sub-TLV type 7 not "
		      "implemented ], Attribute with code [ 10 ] not implemented ]" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint8_t buf[1024];
		struct wire_attr a;
		struct wire_ctx ctx;
		struct wbuf w;

		attr_of(vectors[rows[i].vec].hex, buf, sizeof(buf), &a);
		wire_ctx_init_decode(&ctx);
		wbuf_init(&w, 0);
		wire_attr_desc(a.code)->text(&w, &a, NULL, &ctx);
		tu_assert_text(rows[i].text, (const char *)w.data, w.len);
		wbuf_fini(&w);
	}
}

/* A peer's policy name with a newline cannot start a forged line in the
 * text API: control characters print as \xNN. */
static void text_escapes_control_characters(void **state)
{
	uint8_t buf[64];
	struct wire_attr a;
	struct wire_ctx ctx;
	struct wbuf w;

	(void)state;
	attr_of("C0170B000F000782000400610A62", buf, sizeof(buf), &a);
	check_ok(&a);
	wire_ctx_init_decode(&ctx);
	wbuf_init(&w, 0);
	wire_attr_tunnel_encap.text(&w, &a, NULL, &ctx);
	tu_assert_text(" tunnel-encap tunnel-encap [sr-policy {policy-name \"a\\x0ab\"}]",
		       (const char *)w.data, w.len);
	wbuf_fini(&w);
}

/* A small JSON reader for the encoder rows (no escapes, integers only). */
static const char *jparse(const char *p, struct sink *s)
{
	const char *q;

	while (*p == ' ')
		p++;
	if (*p == '{' || *p == '[') {
		int obj = *p++ == '{';

		obj ? sink_obj(s) : sink_arr(s);
		while (*p != '}' && *p != ']') {
			if (obj) {
				q = strchr(p + 1, '"');
				sink_keyn(s, p + 1, (size_t)(q - p - 1));
				p = q + 2;
			}
			p = jparse(p, s);
			if (*p == ',')
				p++;
		}
		obj ? sink_obj_end(s) : sink_arr_end(s);
		return p + 1;
	}
	if (*p == '"') {
		q = strchr(p + 1, '"');
		sink_strn(s, p + 1, (size_t)(q - p - 1));
		return q + 1;
	}
	if (!strncmp(p, "null", 4)) {
		sink_null(s);
		return p + 4;
	}
	if (!strncmp(p, "true", 4) || !strncmp(p, "false", 5)) {
		sink_bool(s, *p == 't');
		return p + (*p == 't' ? 4 : 5);
	}
	sink_int(s, strtoll(p, (char **)&q, 10));
	return q;
}

static struct val *tu_json_val(const char *json, struct arena *ar)
{
	struct val_sink vs;
	struct val *root;

	val_sink_init(&vs, ar);
	jparse(json, &vs.base);
	root = val_sink_root(&vs);
	val_sink_fini(&vs);
	return root;
}

static void encoder_from_json_text(void **state)
{
	/* a configuration-built policy: no "s" given, so the last label of
	 * each list gets the bottom-of-stack bit (RFC 3032 §2.1), as ExaBGP */
	static const char json[] =
		"{\"tunnel-encap\":{\"sr-policy\":{\"preference\":300,\"segment-lists\":"
		"[{\"weight\":1,\"segments\":[{\"type\":\"A\",\"label\":16001},"
		"{\"type\":\"A\",\"label\":16002}]}]}}}";
	static const char want[] =
		"C01728000F00240C0600000000012C800019000906000000000001"
		"0106000003E810000106000003E82100";
	uint8_t buf[256];
	size_t n = tu_hex(want, buf, sizeof(buf));
	struct arena ar;
	struct val *root;
	struct wbuf w;
	struct lb_err err;
	struct wire_ctx ctx;

	(void)state;
	arena_init(&ar, 4096);
	root = tu_json_val(json, &ar);
	wire_ctx_init_decode(&ctx);
	wbuf_init(&w, 0);
	assert_int_equal(wire_attr_tunnel_encap.encode(&w, val_get(root, "tunnel-encap"),
						       &ctx, &err), 0);
	assert_bytes(buf, n, w.data, w.len);
	wbuf_fini(&w);
	arena_fini(&ar);
}

/* --- encoder input errors ---------------------------------------------- */

static void encoder_refuses_bad_input(void **state)
{
	static const struct {
		uint8_t code;
		const char *json;
	} rows[] = {
		{ 23, "{\"tunnel-encap\":{}}" },
		{ 23, "{\"tunnel-encap\":{\"bogus\":1}}" },
		{ 23, "{\"tunnel-encap\":{\"sr-policy\":{\"preference\":\"x\"}}}" },
		{ 23, "{\"tunnel-encap\":{\"sr-policy\":{\"segment-lists\":[{\"weight\":1,"
		      "\"segments\":[{\"type\":\"A\",\"label\":1048576}]}]}}}" },
		{ 23, "{\"tunnel-encap\":{\"sr-policy\":{\"segment-lists\":[{\"weight\":1,"
		      "\"segments\":[{\"type\":\"Z\"}]}]}}}" },
		{ 23, "{\"tunnel-encap\":{\"tunnel-type-8\":\"0x0105\"}}" },
		{ 40, "{\"bgp-prefix-sid\":{\"sr-srgbs\":[[1]]}}" },
		{ 40, "{\"bgp-prefix-sid\":{\"l3-service\":[{\"sid\":\"10.0.0.1\","
		      "\"endpoint_behavior\":1}]}}" },
		{ 40, "{\"bgp-prefix-sid\":{\"attribute-not-implemented-0\":\"0x00\"}}" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct wire_attr_desc *d = wire_attr_desc(rows[i].code);
		struct arena ar;
		struct val *root;
		struct wbuf w;
		struct lb_err err;
		struct wire_ctx ctx;

		print_message("row %zu\n", i);
		arena_init(&ar, 4096);
		root = tu_json_val(rows[i].json, &ar);
		assert_non_null(root);
		wire_ctx_init_decode(&ctx);
		wbuf_init(&w, 0);
		lb_err_clear(&err);
		assert_int_equal(d->encode(&w, val_get(root, d->name), &ctx, &err), -1);
		assert_true(err.reason[0] != 0);
		wbuf_fini(&w);
		arena_fini(&ar);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors_decode_print_and_encode),
		cmocka_unit_test(malformed_give_the_rfc_action),
		cmocka_unit_test(text_is_exabgp_str),
		cmocka_unit_test(text_escapes_control_characters),
		cmocka_unit_test(encoder_from_json_text),
		cmocka_unit_test(encoder_refuses_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
