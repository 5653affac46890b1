/* OPEN, NOTIFICATION, ROUTE-REFRESH and OPERATIONAL: hex → exact JSON →
 * encode → the same bytes, ExaBGP's text forms, and the malformed cases of
 * RELIABILITY.md §1.2 (OPEN), §1.5 (NOTIFICATION) and §1.7 (ROUTE-REFRESH). */
#include <stdio.h>
#include <string.h>

#include "base/json_sink.h"
#include "testutil.h"
#include "wire/common.h"
#include "wire/message.h"

typedef int (*event_fn)(struct sink *, const uint8_t *, size_t,
			const struct wire_ctx *, struct lb_err *);
typedef int (*encode_fn)(struct wbuf *, const struct val *, struct lb_err *);
typedef int (*text_fn)(struct wbuf *, const uint8_t *, size_t, struct lb_err *);

struct kind {
	event_fn json;
	encode_fn encode;
	text_fn text;
	const char *member;
};

static const struct kind k_open = { wire_open_event_json, wire_open_encode,
				     wire_open_text, "open" };
static const struct kind k_notif = { wire_notification_event_json,
				     wire_notification_encode,
				     wire_notification_text, "notification" };
static const struct kind k_refresh = { wire_refresh_event_json, wire_refresh_encode,
				       wire_refresh_text, "route-refresh" };
static const struct kind k_op = { wire_operational_event_json,
				  wire_operational_encode, wire_operational_text,
				  "operational" };

static uint8_t m[8192];
static size_t mlen;

static void load(const char *hex)
{
	mlen = tu_hex(hex, m, sizeof(m));
}

/* {"member":{...}} in compact JSON, or NULL with *err on a fault */
static const char *json(const struct kind *k, struct lb_err *err)
{
	static char text[16384];
	struct wire_ctx ctx;
	struct json_sink j;
	struct wbuf w;
	int rc;

	wire_ctx_init_decode(&ctx);
	wbuf_init_fixed(&w, text, sizeof(text) - 1);
	json_sink_init(&j, &w, 1);
	sink_obj(&j.base);
	rc = k->json(&j.base, m, mlen, &ctx, err);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	text[w.len] = 0;
	return rc < 0 ? NULL : text;
}

static void expect_json(const struct kind *k, const char *hex, const char *want)
{
	struct lb_err err;
	const char *got;

	load(hex);
	lb_err_clear(&err);
	got = json(k, &err);
	if (!got) {
		print_error("%s: %s\n", hex, err.reason);
		fail();
	}
	tu_assert_text(want, got, strlen(got));
}

/* decode → tree → encode gives the same bytes (same = true) or at least the
 * same JSON again */
static void round_trip(const struct kind *k, bool same)
{
	struct wire_ctx ctx;
	struct arena a;
	struct val_sink vs;
	struct lb_err err;
	struct wbuf w;
	char first[16384];
	const char *again;

	wire_ctx_init_decode(&ctx);
	arena_init(&a, 1024);
	val_sink_init(&vs, &a);
	sink_obj(&vs.base);
	assert_int_equal(k->json(&vs.base, m, mlen, &ctx, &err), 0);
	sink_obj_end(&vs.base);
	snprintf(first, sizeof(first), "%s", json(k, &err));
	wbuf_init(&w, 0);
	if (k->encode(&w, val_get(val_sink_root(&vs), k->member), &err) < 0) {
		print_error("encode: %s\n", err.reason);
		fail();
	}
	if (same)
		assert_bytes(m, mlen, w.data, w.len);
	assert_true(w.len <= sizeof(m));
	memcpy(m, w.data, w.len);
	mlen = w.len;
	again = json(k, &err);
	assert_non_null(again);
	tu_assert_text(first, again, strlen(again));
	wbuf_fini(&w);
	val_sink_fini(&vs);
	arena_fini(&a);
}

static void expect_text(const struct kind *k, const char *hex, const char *want)
{
	struct lb_err err;
	struct wbuf w;

	load(hex);
	wbuf_init(&w, 0);
	assert_int_equal(k->text(&w, m, mlen, &err), 0);
	tu_assert_text(want, (const char *)w.data, w.len);
	wbuf_fini(&w);
}

/* the decoder refuses the message with this error */
static void expect_err(const struct kind *k, const char *hex, uint8_t act,
		       uint8_t code, uint8_t sub, size_t offset)
{
	struct lb_err err;

	load(hex);
	lb_err_clear(&err);
	if (json(k, &err)) {
		print_error("%s: accepted\n", hex);
		fail();
	}
	if (err.act != act || err.code != code || err.subcode != sub ||
	    err.offset != offset)
		print_error("%s: %s (act %u, %u/%u at %zu)\n", hex, err.reason,
			    err.act, err.code, err.subcode, err.offset);
	assert_int_equal(err.act, act);
	assert_int_equal(err.code, code);
	assert_int_equal(err.subcode, sub);
	assert_int_equal(err.offset, offset);
}

#define M16 "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

/* --- OPEN ----------------------------------------------------------------- */

static const struct {
	const char *hex, *json;
} open_vectors[] = {
	/* conformance decoding/bgp-open-sofware-version */
	{ M16 "00510104FFFD00B40A000002340206010400010001020641040000FFFD02224B201F"
	      "4578614247502F6D61696E2D633261326561386562642D3230323430373135",
	  "{\"open\":{\"version\":4,\"asn\":65533,\"hold_time\":180,\"router_id\":"
	  "\"10.0.0.2\",\"capabilities\":{\"1\":{\"name\":\"multiprotocol\",\"families\":"
	  "[\"ipv4/unicast\"]},\"65\":{\"name\":\"asn4\",\"asn4\":65533},\"75\":"
	  "{\"software\":\"ExaBGP/main-c2a2ea8ebd-20240715\"}}}}" },
	/* ExaBGP's own OPEN in encoding/conf-hostname */
	{ M16 "00550104FFFD00B40A000002380206010400010001020641040000FFFD0202060002"
	      "2249200C6D792D686F73742D6E616D65126D792D646F6D61696E2D6E616D652E636F6D",
	  "{\"open\":{\"version\":4,\"asn\":65533,\"hold_time\":180,\"router_id\":"
	  "\"10.0.0.2\",\"capabilities\":{\"1\":{\"name\":\"multiprotocol\",\"families\":"
	  "[\"ipv4/unicast\"]},\"65\":{\"name\":\"asn4\",\"asn4\":65533},\"6\":{\"name\":"
	  "\"extended-message\",\"size\":65535},\"73\":{\"host-name\":\"my-host-name\","
	  "\"domain-name\":\"my-domain-name.com\"}}}}" },
	/* ... in encoding/conf-cap-software-version */
	{ M16 "00490104FFFD00B40A0000022C0206010400010001020641040000FFFD0202060002"
	      "164B14134578614247502F352E302E302D302B74657374",
	  "{\"open\":{\"version\":4,\"asn\":65533,\"hold_time\":180,\"router_id\":"
	  "\"10.0.0.2\",\"capabilities\":{\"1\":{\"name\":\"multiprotocol\",\"families\":"
	  "[\"ipv4/unicast\"]},\"65\":{\"name\":\"asn4\",\"asn4\":65533},\"6\":{\"name\":"
	  "\"extended-message\",\"size\":65535},\"75\":{\"software\":\"ExaBGP/5.0.0-0+test\"}}}}" },
	/* ... and in encoding/conf-cap-link-local-nexthop */
	{ M16 "00350104FFFD00B40A000002180206010400020001020641040000FFFD0202060002024D00",
	  "{\"open\":{\"version\":4,\"asn\":65533,\"hold_time\":180,\"router_id\":"
	  "\"10.0.0.2\",\"capabilities\":{\"1\":{\"name\":\"multiprotocol\",\"families\":"
	  "[\"ipv6/unicast\"]},\"65\":{\"name\":\"asn4\",\"asn4\":65533},\"6\":{\"name\":"
	  "\"extended-message\",\"size\":65535},\"77\":{\"name\":\"link-local-nexthop\"}}}}" },
	/* every capability luabgp names, and unknown ones (O8: kept); the
	 * Cisco code 128 read last makes both route refresh entries "Cisco",
	 * as ExaBGP's shared class does */
	{ M16 "00A60104FDE800B40A0000018902060104000100010206010400020001020202000202"
	      "4600020C400A80780001018000020100020641040000FDE8020A4508000101030002"
	      "01010208050600010001000202020600020309010302034401000202B900020C490A"
	      "02727206646F6D61696E020947070001018000012C02030301AB0202C80002028000"
	      "02074C05000101000A02024D00",
	  "{\"open\":{\"version\":4,\"asn\":65000,\"hold_time\":180,\"router_id\":"
	  "\"10.0.0.1\",\"capabilities\":{\"1\":{\"name\":\"multiprotocol\",\"families\":"
	  "[\"ipv4/unicast\",\"ipv6/unicast\"]},\"2\":{\"name\":\"route-refresh\","
	  "\"variant\":\"Cisco\"},\"70\":{\"name\":\"enhanced-route-refresh\"},\"64\":"
	  "{\"name\":\"graceful restart\",\"time\":120,\"address-family-flags\":"
	  "{\"ipv4/unicast\":[\"restart\"],\"ipv6/unicast\":[]},\"restart-flags\":"
	  "[\"forwarding\"]},\"65\":{\"name\":\"asn4\",\"asn4\":65000},\"69\":{\"name\":"
	  "\"addpath\",\"ipv4/unicast\":\"send/receive\",\"ipv6/unicast\":\"receive\"},"
	  "\"5\":{\"name\":\"nexthop\",\"conversion\":[\"ipv4/unicast/ipv6\"]},\"6\":"
	  "{\"name\":\"extended-message\",\"size\":65535},\"9\":{\"name\":\"role\","
	  "\"role\":\"customer\"},\"68\":{\"name\":\"multisession\",\"variant\":\"RFC\","
	  "\"capabilities\":[]},\"185\":{\"name\":\"operational\"},\"73\":{\"host-name\":"
	  "\"rr\",\"domain-name\":\"domain\"},\"71\":{\"name\":\"unknown\",\"iana\":"
	  "\"unassigned\",\"value\":71,\"raw\":\"0001018000012C\"},\"3\":{\"name\":"
	  "\"unknown\",\"iana\":\"unknown\",\"value\":3,\"raw\":\"AB\"},\"200\":{\"name\":"
	  "\"unknown\",\"iana\":\"reserved\",\"value\":200,\"raw\":\"\"},\"128\":{\"name\":"
	  "\"route-refresh\",\"variant\":\"Cisco\"},\"76\":{\"name\":\"paths-limit\","
	  "\"ipv4/unicast\":10},\"77\":{\"name\":\"link-local-nexthop\"}}}}" },
	/* O14-adjacent: no optional parameters at all */
	{ M16 "001D0104FDE8005A0A00000100",
	  "{\"open\":{\"version\":4,\"asn\":65000,\"hold_time\":90,\"router_id\":"
	  "\"10.0.0.1\",\"capabilities\":{}}}" },
};

static void open_vectors_decode_and_encode_back(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(open_vectors) / sizeof(open_vectors[0]); i++) {
		expect_json(&k_open, open_vectors[i].hex, open_vectors[i].json);
		round_trip(&k_open, true);
	}
}

/* Copies of a capability in one parameter merge as in ExaBGP's dict: lists
 * grow, single values are the last copy's, GR families are updated in
 * place; an ADD-PATH copy with a Send/Receive value of 4 is ignored (RFC
 * 7911 §4); a paths limit of 0 is no entry, a repeated family keeps its
 * first limit. */
static void open_duplicate_capabilities_merge(void **state)
{
	(void)state;
	expect_json(&k_open,
		    M16 "007E01045BA000B40A00000161025F0104000100014104000100004006"
			"000000010100010400010001410400030000400A00B400020180000101"
			"80450400010101450800010102000201040506000100010002050600010"
			"001000249004C0F0001010000000201000A0002010005",
		    "{\"open\":{\"version\":4,\"asn\":23456,\"hold_time\":180,"
		    "\"router_id\":\"10.0.0.1\",\"capabilities\":{\"1\":{\"name\":"
		    "\"multiprotocol\",\"families\":[\"ipv4/unicast\",\"ipv4/unicast\"]},"
		    "\"65\":{\"name\":\"asn4\",\"asn4\":196608},\"64\":{\"name\":"
		    "\"graceful restart\",\"time\":180,\"address-family-flags\":"
		    "{\"ipv4/unicast\":[\"restart\"],\"ipv6/unicast\":[\"restart\"]},"
		    "\"restart-flags\":[]},\"69\":{\"name\":\"addpath\",\"ipv4/unicast\":"
		    "\"receive\"},\"5\":{\"name\":\"nexthop\",\"conversion\":"
		    "[\"ipv4/unicast/ipv6\"]},\"73\":{\"host-name\":\"\",\"domain-name\":"
		    "\"\"},\"76\":{\"name\":\"paths-limit\",\"ipv6/unicast\":10}}}}");
	round_trip(&k_open, false);
}

/* codes 2, 128, 2: ExaBGP shows "RFC" for both (the class takes the code
 * read last); written back, 2 is repeated after 128 to keep that (a bug
 * found by fuzz_open) */
static void open_route_refresh_variant_survives_encoding(void **state)
{
	(void)state;
	expect_json(&k_open, M16 "00290104FDE800B40A000001 0C 02020200 02028000 02020200",
		    "{\"open\":{\"version\":4,\"asn\":65000,\"hold_time\":180,"
		    "\"router_id\":\"10.0.0.1\",\"capabilities\":{\"2\":{\"name\":"
		    "\"route-refresh\",\"variant\":\"RFC\"},\"128\":{\"name\":"
		    "\"route-refresh\",\"variant\":\"RFC\"}}}}");
	round_trip(&k_open, true);
	/* 131 then 68 then 131 for multisession */
	expect_json(&k_open, M16 "002C0104FDE800B40A000001 0F 0203830100 0203440100 0203830100",
		    "{\"open\":{\"version\":4,\"asn\":65000,\"hold_time\":180,"
		    "\"router_id\":\"10.0.0.1\",\"capabilities\":{\"131\":{\"name\":"
		    "\"multisession\",\"variant\":\"Cisco\",\"capabilities\":[]},"
		    "\"68\":{\"name\":\"multisession\",\"variant\":\"Cisco\","
		    "\"capabilities\":[]}}}}");
	round_trip(&k_open, true);
}

/* RFC 9072: the extended form is read (O12), and written only when the
 * parameters pass 255 octets (O13) */
static void open_extended_parameters(void **state)
{
	struct wbuf w;
	uint8_t sw[200], host[150];

	(void)state;
	/* 255, 255, length 9, one Capabilities parameter of 2-octet length */
	expect_json(&k_open, M16 "00290104FDE800B40A000001FFFF0009020006410400010000",
		    "{\"open\":{\"version\":4,\"asn\":65000,\"hold_time\":180,"
		    "\"router_id\":\"10.0.0.1\",\"capabilities\":{\"65\":{\"name\":"
		    "\"asn4\",\"asn4\":65536}}}}");
	round_trip(&k_open, false); /* written back in the short form */
	/* a Non-Ext OP Len of 255 without the marker is an ordinary length */
	expect_err(&k_open, M16 "001D0104FDE800B40A000001FF", LB_ACT_RESET, 2, 0, 28);

	/* software version (203 octets) + hostname (154) do not fit in 255 */
	memcpy(sw, "ExaBGP/", 7);
	memset(sw + 7, 'x', sizeof(sw) - 7);
	memset(host, 'h', sizeof(host));
	wbuf_init(&w, 0);
	wire_header_write(&w, WIRE_MSG_OPEN, 0);
	wbuf_put(&w, "\x04\xfd\xe8\x00\xb4\x0a\x00\x00\x01\xff\xff", 11);
	wbuf_u16(&w, 3 + 203 + 3 + 154 + 3 + 6);
	wbuf_put(&w, "\x02\x00\xcb\x4b\xc9\xc8", 6);
	wbuf_put(&w, sw, sizeof(sw));
	wbuf_put(&w, "\x02\x00\x9a\x49\x98\x64", 6);
	wbuf_put(&w, host, 100);
	wbuf_u8(&w, 50);
	wbuf_put(&w, host, 50);
	wbuf_put(&w, "\x02\x00\x06\x41\x04\x00\x01\x00\x00", 9);
	wbuf_set_u16(&w, 16, (uint16_t)w.len);
	assert_false(w.failed);
	memcpy(m, w.data, w.len);
	mlen = w.len;
	wbuf_fini(&w);
	round_trip(&k_open, true);
}

/* RELIABILITY §1.2, O1-O12: every OPEN fault resets, with the subcode of
 * RFC 4271 §6.2 and the offset of the field */
static void open_malformed(void **state)
{
	struct lb_err err;
	const uint8_t *d;
	size_t n;

	(void)state;
	/* O1: version 3, data = 0x0004, the version we support */
	expect_err(&k_open, M16 "001D0103FDE800B40A00000100", LB_ACT_RESET, 2, 1, 19);
	load(M16 "001D0103FDE800B40A00000100");
	assert_int_equal(wire_open_decode(&(struct wire_open){ 0 }, m, mlen, &err), -1);
	d = lb_err_data(&err, &n);
	assert_bytes((const uint8_t *)"\x00\x04", 2, d, n);
	/* O4: hold time 1 and 2; 0 and 3 are fine */
	expect_err(&k_open, M16 "001D0104FDE800010A00000100", LB_ACT_RESET, 2, 6, 22);
	expect_err(&k_open, M16 "001D0104FDE800020A00000100", LB_ACT_RESET, 2, 6, 22);
	expect_json(&k_open, M16 "001D0104FDE800000A00000100",
		    "{\"open\":{\"version\":4,\"asn\":65000,\"hold_time\":0,"
		    "\"router_id\":\"10.0.0.1\",\"capabilities\":{}}}");
	expect_json(&k_open, M16 "001D0104FDE800030A00000100",
		    "{\"open\":{\"version\":4,\"asn\":65000,\"hold_time\":3,"
		    "\"router_id\":\"10.0.0.1\",\"capabilities\":{}}}");
	/* O5: BGP Identifier 0 */
	expect_err(&k_open, M16 "001D0104FDE800B40000000000", LB_ACT_RESET, 2, 3, 24);
	/* O6: parameter types other than 2 (1 is the deprecated authentication) */
	expect_err(&k_open, M16 "00200104FDE800B40A00000103010100", LB_ACT_RESET, 2, 4, 29);
	expect_err(&k_open, M16 "00200104FDE800B40A00000103030100", LB_ACT_RESET, 2, 4, 29);
	/* O9: Opt Parm Len past the message, and short of it */
	expect_err(&k_open, M16 "00200104FDE800B40A00000104020100", LB_ACT_RESET, 2, 0, 28);
	expect_err(&k_open, M16 "00200104FDE800B40A00000102020000", LB_ACT_RESET, 2, 0, 28);
	/* O10: a parameter past Opt Parm Len, a capability past its parameter */
	expect_err(&k_open, M16 "00200104FDE800B40A00000103020500", LB_ACT_RESET, 2, 0, 29);
	expect_err(&k_open, M16 "00220104FDE800B40A000001050203410400", LB_ACT_RESET, 2, 0, 31);
	expect_err(&k_open, M16 "00210104FDE800B40A000001 04 0202 4104", LB_ACT_RESET, 2, 0, 31);
	/* O11: the message ends after the marker or inside the extended length */
	expect_err(&k_open, M16 "001E0104FDE800B40A000001FFFF", LB_ACT_RESET, 2, 0, 30);
	expect_err(&k_open, M16 "001F0104FDE800B40A000001FFFF00", LB_ACT_RESET, 2, 0, 30);
	/* O12: extended length not what follows; a parameter overrunning it */
	expect_err(&k_open, M16 "00210104FDE800B40A000001FFFF000202", LB_ACT_RESET, 2, 0, 30);
	expect_err(&k_open, M16 "00230104FDE800B40A000001FFFF0003020009", LB_ACT_RESET, 2, 0, 32);
	/* an extended form with no parameter is valid */
	expect_json(&k_open, M16 "00200104FDE800B40A000001FFFF0000",
		    "{\"open\":{\"version\":4,\"asn\":65000,\"hold_time\":180,"
		    "\"router_id\":\"10.0.0.1\",\"capabilities\":{}}}");
}

/* RELIABILITY §1.2 "capability lengths to check exactly" (O3 and the list
 * after O14): each wrong length is 2/0 at the capability's code */
static void open_capability_lengths(void **state)
{
	static const char *const bad[] = {
		"0103000100",           /* MP: 3 */
		"010500010001FF",       /* MP: 5 */
		"020100",               /* route refresh: 1 */
		"80 0100",              /* Cisco route refresh: 1 */
		"05050001000100",       /* extended next hop: 5 */
		"060100",               /* extended message: 1 */
		"4001 00",              /* GR: 1 */
		"4005 0078000101",      /* GR: 2 + 3 */
		"4103 000100",          /* asn4: 3 */
		"4105 0000010000",      /* asn4: 5 */
		"4503 000101",          /* ADD-PATH: 3 */
		"4601 00",              /* enhanced route refresh: 1 */
		"4903 05 6869",         /* FQDN: host length past the value */
		"4904 02 6869 05",      /* FQDN: domain length past the value */
		"4903 02 6869",         /* FQDN: no domain length */
		"4B00",                 /* software version: empty */
		"4B03 05 6869",         /* software version: length past the value */
		"4B04 01 686969",       /* software version: trailing octets */
		"4C04 00010100",        /* paths limit: 4 */
		"4D01 00",              /* link-local next hop: 1 */
		"0902 0101",            /* role: 2 */
	};
	char hex[256];
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t cap[64];
		size_t clen = tu_hex(bad[i], cap, sizeof(cap));

		n = (size_t)snprintf(hex, sizeof(hex), M16 "%04zX0104FDE800B40A000001%02zX02%02zX",
				     29 + 2 + clen, 2 + clen, clen);
		for (size_t k = 0; k < clen; k++)
			n += (size_t)snprintf(hex + n, sizeof(hex) - n, "%02X", cap[k]);
		expect_err(&k_open, hex, LB_ACT_RESET, 2, 0, 31);
	}
}

/* RFC 9234 §4.2: an unassigned role, or two roles, is Role Mismatch */
static void open_role_mismatch(void **state)
{
	(void)state;
	expect_err(&k_open, M16 "00220104FDE800B40A000001 05 0203 090105", LB_ACT_RESET, 2, 11, 33);
	expect_err(&k_open, M16 "00250104FDE800B40A000001 08 0206 090103 090104", LB_ACT_RESET, 2, 11, 34);
}

/* O2 and O5 with the configuration (wire_open_check) */
static void open_check_against_configuration(void **state)
{
	struct wire_open o;
	struct wire_open_expect x = { 65000, 0x0a000001, false };
	struct lb_err err;

	(void)state;
	load(M16 "001D0104FDE800B40A00000100");
	assert_int_equal(wire_open_decode(&o, m, mlen, &err), 0);
	assert_int_equal(wire_open_check(&o, &x, &err), 0); /* eBGP, same id: fine */
	x.ibgp = true;
	assert_int_equal(wire_open_check(&o, &x, &err), -1);
	assert_int_equal(err.subcode, 3);
	x.ibgp = false;
	x.peer_as = 65001;
	assert_int_equal(wire_open_check(&o, &x, &err), -1);
	assert_int_equal(err.code, 2);
	assert_int_equal(err.subcode, 2);
	/* AS 0 (RFC 7607) */
	load(M16 "001D0104000000B40A00000100");
	assert_int_equal(wire_open_decode(&o, m, mlen, &err), 0);
	x.peer_as = 0;
	assert_int_equal(wire_open_check(&o, &x, &err), -1);
	assert_int_equal(err.subcode, 2);
	/* AS_TRANS without the capability; with it, the capability's AS counts */
	load(M16 "001D01045BA000B40A00000100");
	assert_int_equal(wire_open_decode(&o, m, mlen, &err), 0);
	assert_int_equal(wire_open_check(&o, &x, &err), -1);
	load(M16 "00250104 5BA000B40A000001 08 0206 4104 00010000");
	assert_int_equal(wire_open_decode(&o, m, mlen, &err), 0);
	x.peer_as = 65536;
	assert_int_equal(wire_open_check(&o, &x, &err), 0);
	x.peer_as = 65537;
	assert_int_equal(wire_open_check(&o, &x, &err), -1);
}

static void open_text(void **state)
{
	(void)state;
	expect_text(&k_open, open_vectors[4].hex,
		    "open version 4 asn 65000 hold_time 180 router_id 10.0.0.1 "
		    "capabilities [multiprotocol(ipv4 unicast,ipv6 unicast), "
		    "cisco route refresh, unknown outbound-route-filtering, "
		    "nexthop(ipv4 unicast ipv6), extended message(65535), "
		    "role(customer), graceful restart flags 0x8 time 120 "
		    "ipv4/unicast=0x80 ipv6/unicast=0x0, asn4(65000), "
		    "multisession (rfc) , addpath(send/receive ipv4 unicast,"
		    "receive ipv6 unicast), enhanced route refresh, unassigned "
		    "unknown capability 0x47, hostname(rr domain), "
		    "pathslimit(ipv4 unicast 10), link-local nexthop, cisco route "
		    "refresh, operational, reserved unknown capability 0xc8]");
}

/* O11: an OPEN that ends right after Opt Parm Len is complete; one that
 * announces a parameter and ends is not */
static void open_ends_after_opt_parm_len(void **state)
{
	(void)state;
	expect_err(&k_open, M16 "001D0104FDE800B40A00000101", LB_ACT_RESET, 2, 0, 28);
	expect_err(&k_open, M16 "001E0104FDE800B40A0000010102", LB_ACT_RESET, 2, 0, 29);
	/* shorter than the fixed fields (the header check lets none through,
	 * the decoder does not rely on it) */
	expect_err(&k_open, M16 "001C0104FDE800B40A000001", LB_ACT_RESET, 1, 2, 16);
}

/* the iterator walks every parameter, in both forms */
static void open_capability_iterator(void **state)
{
	struct wire_open o;
	struct wire_cap_iter it;
	struct wire_cap c;
	struct lb_err err;
	uint8_t codes[8];
	size_t n = 0;

	(void)state;
	load(M16 "002A0104FDE800B40A000001 0D 0206 410400010000 0203 0201FF 0200 0202 4600");
	/* a capability of code 2 with a value is malformed */
	assert_int_equal(wire_open_decode(&o, m, mlen, &err), -1);
	load(M16 "002B0104FDE800B40A000001 0E 0206 410400010000 0200 0202 4600");
	assert_int_equal(wire_open_decode(&o, m, mlen, &err), 0);
	assert_true(o.has_asn4);
	assert_int_equal(o.asn4, 65536);
	wire_cap_iter_init(&it, &o);
	while (wire_cap_iter_next(&it, &c) > 0 && n < sizeof(codes))
		codes[n++] = c.code;
	assert_int_equal(n, 2);
	assert_int_equal(codes[0], 65);
	assert_int_equal(codes[1], 70);
	load(M16 "00320104FDE800B40A000001 FFFF 0012 020006 410400010000 020000 020003 020100");
	assert_int_equal(wire_open_decode(&o, m, mlen, &err), -1); /* 2 with a value */
	load(M16 "00310104FDE800B40A000001 FFFF 0011 020006 410400010000 020000 020002 4600");
	assert_int_equal(wire_open_decode(&o, m, mlen, &err), 0);
	assert_true(o.ext_params);
	n = 0;
	wire_cap_iter_init(&it, &o);
	while (wire_cap_iter_next(&it, &c) > 0 && n < sizeof(codes))
		codes[n++] = c.code;
	assert_int_equal(n, 2);
	assert_int_equal(codes[1], 70);
	assert_int_equal(c.offset, 0x31 - 2);
}

/* text refuses what the JSON walker refuses */
static void text_refuses_malformed_messages(void **state)
{
	struct lb_err err;
	struct wbuf w;

	(void)state;
	wbuf_init(&w, 0);
	load(M16 "001D0103FDE800B40A00000100");
	assert_int_equal(wire_open_text(&w, m, mlen, &err), -1);
	load(M16 "0018050001010100");
	assert_int_equal(wire_refresh_text(&w, m, mlen, &err), -1);
	load(M16 "0017060009000000");
	assert_int_equal(wire_operational_text(&w, m, mlen, &err), -1);
	load(M16 "0014030602");
	assert_int_equal(wire_notification_text(&w, m, mlen - 1, &err), -1);
	wbuf_fini(&w);
}

/* Encoders refuse what they cannot write and leave nothing behind. */
static struct val *obj(struct arena *a, const char *const *kv)
{
	struct val *o = val_new(a, VAL_OBJ);

	for (; kv[0]; kv += 2) {
		uint64_t u;
		struct val *v;

		if (kv[1][0] == '#' && wire_parse_uint(kv[1] + 1, strlen(kv[1] + 1),
						       UINT64_MAX, &u) == 0)
			v = val_new_uint(a, u);
		else
			v = val_new_str(a, kv[1], strlen(kv[1]));
		val_push(a, o, kv[0], v);
	}
	return o;
}

static void expect_refused(encode_fn enc, struct val *v)
{
	struct lb_err err;
	struct wbuf w;

	wbuf_init(&w, 0);
	lb_err_clear(&err);
	if (enc(&w, v, &err) == 0) {
		print_error("encoded %zu octets\n", w.len);
		fail();
	}
	assert_int_equal(w.len, 0);
	assert_true(err.reason[0] != 0);
	wbuf_fini(&w);
}

static void encoders_refuse_bad_input(void **state)
{
	static const char *const rr_bad_afi[] = { "afi", "ipv5", "safi", "unicast", NULL };
	static const char *const rr_bad_safi[] = { "afi", "ipv4", "safi", "unknown safi 256", NULL };
	static const char *const rr_bad_sub[] = { "afi", "ipv4", "safi", "unicast",
						  "subtype", "invalid", NULL };
	static const char *const n_bad_code[] = { "code", "#256", "subcode", "#0", NULL };
	static const char *const n_bad_hex[] = { "code", "#3", "subcode", "#1",
						 "data", "0xZZ", NULL };
	static const char *const n_bad_shutdown[] = {
		"code", "#6", "subcode", "#2", "data",
		"0x696E76616C69642053687574646F776E20436F6D6D756E69636174696F6E202878", NULL }; /* "invalid Shutdown Communication (x" */
	static const char *const op_bad_name[] = { "name", "XYZ", "afi", "ipv4",
						   "safi", "unicast", NULL };
	static const char *const op_no_counter[] = { "name", "RPCP", "afi", "ipv4",
						     "safi", "unicast", "router-id",
						     "10.0.0.1", "sequence", "#1", NULL };
	static const char *const op_bad_rid[] = { "name", "LPCP", "afi", "ipv4",
						  "safi", "unicast", "router-id", "::1",
						  "sequence", "#1", "counter", "#1", NULL };
	static const char *const open_bad_as[] = { "asn", "#65536", "hold_time", "#180",
						   "router_id", "10.0.0.1", NULL };
	static const char *const open_bad_id[] = { "asn", "#65000", "hold_time", "#180",
						   "router_id", "10.0.0", NULL };
	struct arena a;
	struct val *v, *caps, *cap;

	(void)state;
	arena_init(&a, 4096);
	expect_refused(wire_refresh_encode, obj(&a, rr_bad_afi));
	expect_refused(wire_refresh_encode, obj(&a, rr_bad_safi));
	expect_refused(wire_refresh_encode, obj(&a, rr_bad_sub));
	expect_refused(wire_notification_encode, obj(&a, n_bad_code));
	expect_refused(wire_notification_encode, obj(&a, n_bad_hex));
	expect_refused(wire_notification_encode, obj(&a, n_bad_shutdown));
	expect_refused(wire_operational_encode, obj(&a, op_bad_name));
	expect_refused(wire_operational_encode, obj(&a, op_no_counter));
	expect_refused(wire_operational_encode, obj(&a, op_bad_rid));
	expect_refused(wire_open_encode, obj(&a, open_bad_as));
	expect_refused(wire_open_encode, obj(&a, open_bad_id));
	/* capabilities: an unknown role, a family nobody names, bad raw hex */
	{
		static const char *const base[] = { "asn", "#65000", "hold_time", "#180",
						    "router_id", "10.0.0.1", NULL };
		static const char *const role[] = { "name", "role", "role", "boss", NULL };
		static const char *const ap[] = { "name", "addpath", "ipv4/unicorn",
						   "send", NULL };
		static const char *const raw[] = { "name", "unknown", "raw", "ABC", NULL };
		static const char *const *const bad[] = { role, ap, raw };
		static const char *const keys[] = { "9", "69", "200" };

		for (size_t i = 0; i < 3; i++) {
			v = obj(&a, base);
			caps = val_new(&a, VAL_OBJ);
			cap = obj(&a, bad[i]);
			val_push(&a, caps, keys[i], cap);
			val_push(&a, v, "capabilities", caps);
			expect_refused(wire_open_encode, v);
		}
	}
	/* trees of the wrong shape are refused, never walked */
	{
		static const char *const base[] = { "asn", "#65000", "hold_time", "#180",
						    "router_id", "10.0.0.1", NULL };
		static const char *const member[] = { "families", "conversion",
						      "address-family-flags" };
		static const char *const keys[] = { "1", "5", "64" };

		v = obj(&a, base);
		val_push(&a, v, "capabilities", val_new_str(&a, "1", 1));
		expect_refused(wire_open_encode, v);
		v = obj(&a, base);
		val_push(&a, v, "capabilities", val_new(&a, VAL_ARR));
		expect_refused(wire_open_encode, v);
		for (size_t i = 0; i < 3; i++) {
			v = obj(&a, base);
			caps = val_new(&a, VAL_OBJ);
			cap = val_new(&a, VAL_OBJ);
			val_push(&a, cap, "time", val_new_int(&a, 1));
			val_push(&a, cap, member[i], val_new_str(&a, "ipv4/unicast", 12));
			val_push(&a, caps, keys[i], cap);
			val_push(&a, v, "capabilities", caps);
			expect_refused(wire_open_encode, v);
		}
		v = obj(&a, base);
		caps = val_new(&a, VAL_OBJ);
		val_push(&a, caps, "2", val_new_str(&a, "x", 1));
		val_push(&a, v, "capabilities", caps);
		expect_refused(wire_open_encode, v);
		expect_refused(wire_open_encode, NULL);
		expect_refused(wire_notification_encode, NULL);
		expect_refused(wire_refresh_encode, NULL);
		expect_refused(wire_operational_encode, NULL);
	}
	arena_fini(&a);
}

/* --- NOTIFICATION ------------------------------------------------------- */

static const struct {
	const char *hex, *json;
	bool same; /* encodes back to the same bytes */
} notif_vectors[] = {
	/* RFC 9003: ExaBGP prints a sentence, and "data" is its hex */
	{ M16 "001903060203627965",
	  "{\"notification\":{\"code\":6,\"subcode\":2,\"data\":\"0x53687574646F776E"
	  "20436F6D6D756E69636174696F6E3A202262796522\",\"message\":\"Shutdown "
	  "Communication: \\\"bye\\\"\"}}", true },
	{ M16 "0015030602",
	  "{\"notification\":{\"code\":6,\"subcode\":2,\"data\":\"0x\",\"message\":\"\"}}",
	  true },
	{ M16 "001603060400",
	  "{\"notification\":{\"code\":6,\"subcode\":4,\"data\":\"0x656D7074792053687574"
	  "646F776E20436F6D6D756E69636174696F6E2E\",\"message\":\"empty Shutdown "
	  "Communication.\"}}", true },
	/* a bad length or bad UTF-8 is shown in hex, nothing is refused */
	{ M16 "0018030602054142",
	  "{\"notification\":{\"code\":6,\"subcode\":2,\"data\":\"0x696E76616C6964205368"
	  "7574646F776E20436F6D6D756E69636174696F6E202862756666657220756E646572"
	  "72756E29206C656E677468203A2035205B3078343134325D\",\"message\":\"invalid "
	  "Shutdown Communication (buffer underrun) length : 5 [0x4142]\"}}", true },
	{ M16 "001803060402C328",
	  "{\"notification\":{\"code\":6,\"subcode\":4,\"data\":\"0x696E76616C6964205368"
	  "7574646F776E20436F6D6D756E69636174696F6E2028696E76616C6964205554462D"
	  "3829206C656E677468203A2032205B3078433332385D\",\"message\":\"invalid "
	  "Shutdown Communication (invalid UTF-8) length : 2 [0xC328]\"}}", true },
	{ M16 "001A0306020268690102",
	  "{\"notification\":{\"code\":6,\"subcode\":2,\"data\":\"0x53687574646F776E2043"
	  "6F6D6D756E69636174696F6E3A20226869222C20747261696C696E6720646174613A"
	  "20307830313032\",\"message\":\"Shutdown Communication: \\\"hi\\\", trailing "
	  "data: 0x0102\"}}", true },
	/* ExaBGP puts line ends on one line: not reversible */
	{ M16 "001A03060204610D0A62",
	  "{\"notification\":{\"code\":6,\"subcode\":2,\"data\":\"0x53687574646F776E2043"
	  "6F6D6D756E69636174696F6E3A20226120206222\",\"message\":\"Shutdown "
	  "Communication: \\\"a  b\\\"\"}}", false },
	/* RELIABILITY §1.9: the attacker's text reaches the API escaped:
	 * a quote, a backslash and a control character, and non-ASCII UTF-8
	 * kept as is (ExaBGP issue #912: 4.x crashed on non-ASCII) */
	{ M16 "001D03060207C3A9220A5C0141",
	  "{\"notification\":{\"code\":6,\"subcode\":2,\"data\":\"0x53687574646F776E2043"
	  "6F6D6D756E69636174696F6E3A2022C3A922205C014122\",\"message\":\"Shutdown "
	  "Communication: \\\"\xc3\xa9\\\" \\\\\\u0001A\\\"\"}}", false },
	/* other codes keep their data as received */
	{ M16 "00170303010102",
	  "{\"notification\":{\"code\":3,\"subcode\":1,\"data\":\"0x0102\",\"message\":"
	  "\"\\u0001\\u0002\"}}", true },
	{ M16 "0015030400",
	  "{\"notification\":{\"code\":4,\"subcode\":0,\"data\":\"0x\",\"message\":\"\"}}",
	  true },
	/* codes no table knows (Quagga CVE-2018-5380 indexed past its table) */
	{ M16 "001503FFFF",
	  "{\"notification\":{\"code\":255,\"subcode\":255,\"data\":\"0x\",\"message\":"
	  "\"\"}}", true },
};

static void notification_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(notif_vectors) / sizeof(notif_vectors[0]); i++) {
		expect_json(&k_notif, notif_vectors[i].hex, notif_vectors[i].json);
		round_trip(&k_notif, notif_vectors[i].same);
	}
}

/* RFC 9003 §2: up to 255 octets (RFC 8203 said 128) */
static void notification_long_shutdown_communication(void **state)
{
	char hex[1024];
	size_t n;
	struct lb_err err;
	const char *got;

	(void)state;
	n = (size_t)snprintf(hex, sizeof(hex), M16 "%04X030602FF", 19 + 3 + 255);
	for (int i = 0; i < 255; i++)
		n += (size_t)snprintf(hex + n, sizeof(hex) - n, "41");
	load(hex);
	got = json(&k_notif, &err);
	assert_non_null(got);
	assert_non_null(strstr(got, "\"message\":\"Shutdown Communication: \\\"AAAA"));
	round_trip(&k_notif, true);
}

/* RELIABILITY §1.9 asks to truncate a communication longer than 255
 * octets when sending; the encoder refuses it instead (RFC 9003 §2 allows
 * no more than 255; the API caller gets the reason, nothing is cut) */
static void notification_shutdown_over_255_refused(void **state)
{
	static char data[2 + 2 * 256 + 1] = "0x";
	const char *kv[] = { "code", "#6", "subcode", "#2", "data", data, NULL };
	struct arena a;

	(void)state;
	for (int i = 0; i < 256; i++)
		memcpy(data + 2 + 2 * i, "41", 2);
	arena_init(&a, 1024);
	expect_refused(wire_notification_encode, obj(&a, kv));
	arena_fini(&a);
}

/* The sentence about a Shutdown Communication must encode back to the same
 * octets even when the communication itself holds quotes or looks like the
 * sentence's "trailing data" part (fuzz_notification's round trip). */
static void notification_shutdown_sentence_encodes_back(void **state)
{
	static const char *const hex[] = {
		M16 "001B030602036122220102",  /* a"" then 0x0102 */
		M16 "002A03060214222C20747261696C696E6720646174613A203078",
		M16 "002E0306041778222C20747261696C696E6720646174613A203078303102",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(hex) / sizeof(hex[0]); i++) {
		load(hex[i]);
		round_trip(&k_notif, true);
	}
	expect_json(&k_notif, hex[2],
		    "{\"notification\":{\"code\":6,\"subcode\":4,\"data\":\"0x53687574646F776E"
		    "20436F6D6D756E69636174696F6E3A202278222C20747261696C696E6720646174613A"
		    "2030783031222C20747261696C696E6720646174613A2030783032\",\"message\":"
		    "\"Shutdown Communication: \\\"x\\\", trailing data: 0x01\\\", trailing "
		    "data: 0x02\"}}");
}

static void notification_text_and_names(void **state)
{
	(void)state;
	expect_text(&k_notif, M16 "00170303010102",
		    "notification code 3 subcode 1 data 0x0102");
	expect_text(&k_notif, M16 "001903060203627965",
		    "notification code 6 subcode 2 data 0x53687574646F776E20436F6D6D"
		    "756E69636174696F6E3A202262796522");
	assert_string_equal(wire_notification_code_name(6), "Cease");
	assert_string_equal(wire_notification_code_name(9), "unknown error");
	assert_string_equal(wire_notification_subcode_name(2, 6), "Unacceptable Hold Time");
	assert_string_equal(wire_notification_subcode_name(9, 9), "unknow reason");
	/* §1.5: every code/subcode pair has a name, none indexes past a
	 * table (Quagga CVE-2018-5380) */
	for (unsigned c = 0; c < 256; c++) {
		assert_non_null(wire_notification_code_name((uint8_t)c));
		for (unsigned sc = 0; sc < 256; sc++)
			assert_non_null(wire_notification_subcode_name((uint8_t)c, (uint8_t)sc));
	}
}

/* --- ROUTE-REFRESH ------------------------------------------------------ */

static void refresh_vectors(void **state)
{
	(void)state;
	expect_json(&k_refresh, M16 "00170500010001",
		    "{\"route-refresh\":{\"afi\":\"ipv4\",\"safi\":\"unicast\","
		    "\"subtype\":\"query\"}}");
	round_trip(&k_refresh, true);
	expect_json(&k_refresh, M16 "00170500020180",
		    "{\"route-refresh\":{\"afi\":\"ipv6\",\"safi\":\"mpls-vpn\","
		    "\"subtype\":\"begin\"}}");
	round_trip(&k_refresh, true);
	expect_json(&k_refresh, M16 "00170500190246",
		    "{\"route-refresh\":{\"afi\":\"l2vpn\",\"safi\":\"evpn\","
		    "\"subtype\":\"end\"}}");
	round_trip(&k_refresh, true);
	/* values ExaBGP has no name for */
	expect_json(&k_refresh, M16 "00170500030009",
		    "{\"route-refresh\":{\"afi\":\"unknown-afi-0x3\",\"safi\":"
		    "\"unknown safi 9\",\"subtype\":\"query\"}}");
	round_trip(&k_refresh, true);
	expect_json(&k_refresh, M16 "00170500000000",
		    "{\"route-refresh\":{\"afi\":\"undefined\",\"safi\":\"undefined\","
		    "\"subtype\":\"query\"}}");
	round_trip(&k_refresh, true);
	/* ORF entries (RFC 5291) after a request are skipped, not read */
	expect_json(&k_refresh, M16 "001E050001000101400005000102",
		    "{\"route-refresh\":{\"afi\":\"ipv4\",\"safi\":\"unicast\","
		    "\"subtype\":\"query\"}}");
	expect_text(&k_refresh, M16 "00170500020180",
		    "route-refresh afi ipv6 safi mpls-vpn begin");
}

/* RELIABILITY §1.7: BoRR/EoRR of another length is 7/1 with the whole
 * message as data; an unknown subtype is ignored (RFC 7313 §5) */
static void refresh_malformed(void **state)
{
	struct lb_err err;
	const uint8_t *d;
	size_t n;

	(void)state;
	expect_err(&k_refresh, M16 "0018050001010100", LB_ACT_RESET, 7, 1, 16);
	load(M16 "0018050001020100");
	assert_null(json(&k_refresh, &err));
	assert_int_equal(err.code, 7);
	d = lb_err_data(&err, &n);
	assert_bytes(m, mlen, d, n);
	expect_err(&k_refresh, M16 "00170500010301", LB_ACT_NONE, 0, 0, 21);
	{
		struct wire_refresh rr;

		load(M16 "00170500020180");
		assert_int_equal(wire_refresh_decode(&rr, m, mlen, &err), 0);
		assert_int_equal(rr.afi, 2);
		assert_int_equal(rr.safi, 128);
		assert_int_equal(rr.subtype, WIRE_REFRESH_BORR);
	}
	expect_err(&k_refresh, M16 "00170500010401", LB_ACT_NONE, 0, 0, 21);
	expect_err(&k_refresh, M16 "0017050001FF01", LB_ACT_NONE, 0, 0, 21);
}

/* --- OPERATIONAL -------------------------------------------------------- */

static void operational_vectors(void **state)
{
	(void)state;
	expect_json(&k_op, M16 "0021060002000A00010168656C6C6F2121",
		    "{\"operational\":{\"name\":\"ASM\",\"afi\":\"ipv4\",\"safi\":"
		    "\"unicast\",\"advisory\":\"hello!!\"}}");
	round_trip(&k_op, true);
	expect_json(&k_op, M16 "001A0600010003000280",
		    "{\"operational\":{\"name\":\"ADM\",\"afi\":\"ipv6\",\"safi\":"
		    "\"mpls-vpn\",\"advisory\":\"\"}}");
	round_trip(&k_op, true);
	/* ExaBGP shows neither router id nor sequence of a query */
	expect_json(&k_op, M16 "0022060003000B0001010A00000100000005",
		    "{\"operational\":{\"name\":\"RPCQ\",\"afi\":\"ipv4\",\"safi\":"
		    "\"unicast\"}}");
	round_trip(&k_op, false);
	expect_json(&k_op, M16 "0022060007000B00010100000000 00000000",
		    "{\"operational\":{\"name\":\"LPCQ\",\"afi\":\"ipv4\",\"safi\":"
		    "\"unicast\"}}");
	round_trip(&k_op, true);
	expect_json(&k_op, M16 "0026060004000F0001010A0000010000000500000007",
		    "{\"operational\":{\"name\":\"RPCP\",\"afi\":\"ipv4\",\"safi\":"
		    "\"unicast\",\"router-id\":\"10.0.0.1\",\"sequence\":5,\"counter\":7}}");
	round_trip(&k_op, true);
	expect_json(&k_op, M16 "0026060008000F0002010A00000200000001FFFFFFFF",
		    "{\"operational\":{\"name\":\"LPCP\",\"afi\":\"ipv6\",\"safi\":"
		    "\"unicast\",\"router-id\":\"10.0.0.2\",\"sequence\":1,\"counter\":"
		    "4294967295}}");
	round_trip(&k_op, true);
	expect_text(&k_op, M16 "0021060002000A00010168656C6C6F2121",
		    "operational ASM afi ipv4 safi unicast advisory \"hello!!\"");
	expect_text(&k_op, M16 "0026060004000F0001010A0000010000000500000007",
		    "operational RPCP afi ipv4 safi unicast router-id 10.0.0.1 "
		    "sequence 5 counter 7");
	expect_text(&k_op, M16 "0022060003000B0001010A00000100000005",
		    "operational RPCQ afi ipv4 safi unicast");
	/* a line end from the wire cannot forge a line of the text API */
	expect_text(&k_op, M16 "001E0600020007000101610A6E0D",
		    "operational ASM afi ipv4 safi unicast advisory \"a n \"");
	expect_text(&k_open, M16 "00250104FDE800B40A000001 08 0206 4B04 03610A62",
		    "open version 4 asn 65000 hold_time 180 router_id 10.0.0.1 "
		    "capabilities [software(a b)]");
}

/* An advisory longer than 2048 octets shows as its first 2045 and "...",
 * as ExaBGP cuts it; the JSON then encodes back (the encoder refuses more
 * than 2048), found by fuzz_operational (regress-advisory-3000). */
static void operational_long_advisory_is_cut(void **state)
{
	struct lb_err err;
	const char *got;
	size_t n, at;
	char want[2200];
	struct wbuf w;

	(void)state;
	for (size_t len = 2048; len <= 2049; len++) {
		n = WIRE_HEADER_LEN + 4 + 3 + len;
		memset(m, 0xff, 16);
		m[16] = (uint8_t)(n >> 8), m[17] = (uint8_t)n, m[18] = WIRE_MSG_OPERATIONAL;
		m[19] = 0, m[20] = 2, m[21] = (uint8_t)((len + 3) >> 8), m[22] = (uint8_t)(len + 3);
		m[23] = 0, m[24] = 1, m[25] = 1;
		memset(m + 26, 'A', len);
		mlen = n;
		got = json(&k_op, &err);
		assert_non_null(got);
		at = (size_t)snprintf(want, sizeof(want), "\"advisory\":\"");
		memset(want + at, 'A', len > 2048 ? 2045 : len);
		at += len > 2048 ? 2045 : len;
		snprintf(want + at, sizeof(want) - at, "%s\"}}", len > 2048 ? "..." : "");
		assert_non_null(strstr(got, want));
		wbuf_init(&w, 0);
		assert_int_equal(wire_operational_text(&w, m, mlen, &err), 0);
		assert_true(w.len > 5 && memcmp(w.data + w.len - 5, len > 2048 ? "A...\"" : "AAAA\"", 5) == 0);
		wbuf_fini(&w);
		round_trip(&k_op, len == 2048);
	}
}

/* what ExaBGP cannot read is ignored, never reset */
static void operational_ignored(void **state)
{
	(void)state;
	expect_err(&k_op, M16 "00150600", LB_ACT_NONE, 0, 0, 19);
	expect_err(&k_op, M16 "0017060009000000", LB_ACT_NONE, 0, 0, 19);        /* SSQ */
	expect_err(&k_op, M16 "001706FFFF000000", LB_ACT_NONE, 0, 0, 19);        /* NS */
	expect_err(&k_op, M16 "001A0600020009000101", LB_ACT_NONE, 0, 0, 21);    /* length past */
	expect_err(&k_op, M16 "001A0600040003000101", LB_ACT_NONE, 0, 0, 21);    /* counter of 3 */
	expect_err(&k_op, M16 "0019060002000200 01", LB_ACT_NONE, 0, 0, 21);     /* no SAFI */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(open_vectors_decode_and_encode_back),
		cmocka_unit_test(open_duplicate_capabilities_merge),
		cmocka_unit_test(open_route_refresh_variant_survives_encoding),
		cmocka_unit_test(open_extended_parameters),
		cmocka_unit_test(open_text),
		cmocka_unit_test(open_malformed),
		cmocka_unit_test(open_capability_lengths),
		cmocka_unit_test(open_role_mismatch),
		cmocka_unit_test(open_check_against_configuration),
		cmocka_unit_test(open_ends_after_opt_parm_len),
		cmocka_unit_test(open_capability_iterator),
		cmocka_unit_test(text_refuses_malformed_messages),
		cmocka_unit_test(encoders_refuse_bad_input),
		cmocka_unit_test(notification_vectors),
		cmocka_unit_test(notification_long_shutdown_communication),
		cmocka_unit_test(notification_shutdown_over_255_refused),
		cmocka_unit_test(notification_shutdown_sentence_encodes_back),
		cmocka_unit_test(notification_text_and_names),
		cmocka_unit_test(refresh_vectors),
		cmocka_unit_test(refresh_malformed),
		cmocka_unit_test(operational_vectors),
		cmocka_unit_test(operational_long_advisory_is_cut),
		cmocka_unit_test(operational_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
