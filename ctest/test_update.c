/* UPDATE framing and the RFC 7606 outcomes decided by update.c
 * (RELIABILITY.md §1.3 and the §2.2 catalogue), and the UPDATE encoder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "testutil.h"
#include "wire/message.h"
#include "wire/update_encode.h"
#include "wire/update_json.h"

/* attributes that every well-formed announcement below carries */
#define ORIGIN_IGP "40010100"
#define ASPATH_EMPTY "400200"
#define NEXTHOP_1 "4003040A000001"
#define MANDATORY ORIGIN_IGP ASPATH_EMPTY NEXTHOP_1

static struct wire_update U;
static uint8_t msg[70000];
static size_t msg_len;

/* Decode an UPDATE given as hex pieces: withdrawn, attributes, NLRI (the
 * two length fields are computed) in a context. */
static int decode3(const char *withdrawn, const char *attrs, const char *nlri,
		   const struct wire_ctx *ctx)
{
	uint8_t w[4096], a[65536], n[4096];
	size_t wl = tu_hex(withdrawn, w, sizeof(w));
	size_t al = tu_hex(attrs, a, sizeof(a));
	size_t nl = tu_hex(nlri, n, sizeof(n));
	struct wbuf b;

	wbuf_init_fixed(&b, msg, sizeof(msg));
	wire_header_write(&b, WIRE_MSG_UPDATE, (uint16_t)(19 + 4 + wl + al + nl));
	wbuf_u16(&b, (uint16_t)wl);
	wbuf_put(&b, w, wl);
	wbuf_u16(&b, (uint16_t)al);
	wbuf_put(&b, a, al);
	wbuf_put(&b, n, nl);
	assert_false(b.failed);
	msg_len = b.len;
	return wire_update_decode(&U, msg, msg_len, msg + 19, msg_len - 19, ctx);
}

static int decode(const char *withdrawn, const char *attrs, const char *nlri)
{
	struct wire_ctx ctx;

	wire_ctx_init_decode(&ctx);
	return decode3(withdrawn, attrs, nlri, &ctx);
}

/* Decode a raw body (lengths as given, possibly lying). */
static int decode_body(const char *body)
{
	struct wire_ctx ctx;
	struct wbuf b;
	uint8_t tmp[4096];
	size_t n = tu_hex(body, tmp, sizeof(tmp));

	wire_ctx_init_decode(&ctx);
	wbuf_init_fixed(&b, msg, sizeof(msg));
	wire_header_write(&b, WIRE_MSG_UPDATE, (uint16_t)(19 + n));
	wbuf_put(&b, tmp, n);
	msg_len = b.len;
	return wire_update_decode(&U, msg, msg_len, msg + 19, n, &ctx);
}

static void assert_reset(int rc, uint8_t code, uint8_t sub)
{
	if (rc != -1 || U.err.code != code || U.err.subcode != sub)
		print_error("got %d: %u/%u %s (%s)\n", rc, U.err.code, U.err.subcode,
			    U.err.reason, lb_act_name(U.err.act));
	assert_int_equal(rc, -1);
	assert_int_equal(U.err.act, LB_ACT_RESET);
	assert_int_equal(U.err.code, code);
	assert_int_equal(U.err.subcode, sub);
}

static void assert_withdraw(int rc, uint8_t sub)
{
	assert_int_equal(rc, 0);
	assert_int_equal(U.err.act, LB_ACT_WITHDRAW);
	assert_int_equal(U.err.code, LB_NOTIFY_UPDATE);
	assert_int_equal(U.err.subcode, sub);
}

static void assert_clean(int rc)
{
	if (rc != 0 || U.err.act != LB_ACT_NONE)
		print_error("unexpected fault: %s (%s)\n", U.err.reason,
			    lb_act_name(U.err.act));
	assert_int_equal(rc, 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
}

/* JSON of the decoded UPDATE ("update" member and what it holds) */
static char *json(void)
{
	static char text[65536];
	struct wire_ctx ctx;
	struct wbuf w;
	struct json_sink j;

	wire_ctx_init_decode(&ctx);
	wbuf_init_fixed(&w, text, sizeof(text) - 1);
	json_sink_init(&j, &w, 1);
	sink_obj(&j.base);
	wire_update_json(&j.base, &U, &ctx);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	text[w.len] = 0;
	return text;
}

/* U1: the lengths must add up (RFC 7606 §3 b) */
static void u1_lengths_past_the_message_reset(void **state)
{
	(void)state;
	assert_reset(decode_body("0005 18"), 3, 1);           /* withdrawn runs past */
	assert_reset(decode_body("0000 0010 400101"), 3, 1); /* attributes run past */
	assert_reset(decode_body("00"), 3, 1);                /* no room for a length */
	/* U-a: withdrawn length 1 holding the start of a /24 */
	assert_reset(decode_body("0001 18 0000"), 3, 10);
}

/* U2/U3: NLRI fields that cannot be parsed reset with 3/10 */
static void u2_u3_bad_nlri_fields_reset(void **state)
{
	(void)state;
	assert_reset(decode("21 0A000000", "", ""), 3, 10);             /* /33 */
	assert_reset(decode("18 0A00", "", ""), 3, 10);                 /* short */
	assert_reset(decode("", MANDATORY, "21 0A000000"), 3, 10);
	assert_reset(decode("", MANDATORY, "18 0A"), 3, 10);
	assert_int_equal(U.err.offset, 19 + 2 + 2 + 14);                /* names the NLRI */
}

/* U4/U5: an attribute running past the attribute field, or a truncated
 * header: treat-as-withdraw, and the NLRI is still found */
static void u4_u5_attribute_overrun_withdraws(void **state)
{
	(void)state;
	assert_withdraw(decode("", MANDATORY "400104", "180A0000"), 5);
	assert_true(strstr(json(), "\"withdraw\":{\"ipv4 unicast\":[{\"nlri\":\"10.0.0.0/24\"}]}"));
	assert_withdraw(decode("", MANDATORY "40", "180A0000"), 1);
	assert_withdraw(decode("", MANDATORY "5001", "180A0000"), 1); /* ext length, 1 octet of it */
}

/* U6: MP_REACH_NLRI or MP_UNREACH_NLRI twice resets (RFC 7606 §3 g) */
static void u6_mp_attribute_twice_resets(void **state)
{
	(void)state;
	assert_reset(decode("", "800F03000201" "800F03000201", ""), 3, 1);
	assert_reset(decode("", MANDATORY "800E1500020110" "20010DB8000000000000000000000001" "00"
			    "800E1500020110" "20010DB8000000000000000000000001" "00", ""), 3, 1);
}

/* U7 / U-g: a repeated attribute keeps the first (RFC 7606 §3 g) */
static void u7_duplicate_attribute_keeps_first(void **state)
{
	const struct wire_attr *a;

	(void)state;
	assert_clean(decode("", MANDATORY "40010101", "180A0000"));
	a = wire_update_attr(&U, WIRE_ATTR_ORIGIN);
	assert_non_null(a);
	assert_int_equal(a->val[0], 0);
}

/* U8: the Optional/Transitive bits must match the definition */
static void u8_flag_conflict_withdraws(void **state)
{
	(void)state;
	/* ORIGIN sent as optional transitive */
	assert_withdraw(decode("", "C0010100" ASPATH_EMPTY NEXTHOP_1, "180A0000"), 4);
	assert_null(wire_update_attr(&U, WIRE_ATTR_ORIGIN));
	/* U8b: Partial on a well-known attribute */
	assert_withdraw(decode("", "60010100" ASPATH_EMPTY NEXTHOP_1, "180A0000"), 4);
	/* Partial on an optional attribute is fine: MED with 0xA0 */
	assert_clean(decode("", MANDATORY "A00404" "00000064", "180A0000"));
	assert_non_null(wire_update_attr(&U, WIRE_ATTR_MED));
}

/* U9, U10: low flag bits ignored; extended length on a short attribute */
static void u9_u10_flag_oddities_accepted(void **state)
{
	(void)state;
	assert_clean(decode("", "4F010100" ASPATH_EMPTY NEXTHOP_1, "180A0000"));
	assert_clean(decode("", "5001000100" ASPATH_EMPTY NEXTHOP_1, "180A0000"));
	assert_int_equal(wire_update_attr(&U, WIRE_ATTR_ORIGIN)->len, 1);
}

/* U11: missing well-known attributes (RFC 7606 §3 d) */
static void u11_missing_mandatory_withdraws(void **state)
{
	(void)state;
	assert_withdraw(decode("", ASPATH_EMPTY NEXTHOP_1, "180A0000"), 3);
	assert_int_equal(U.err.data_len, 1);
	assert_int_equal(U.err.inline_data[0], WIRE_ATTR_ORIGIN);
	assert_withdraw(decode("", ORIGIN_IGP NEXTHOP_1, "180A0000"), 3);
	assert_withdraw(decode("", ORIGIN_IGP ASPATH_EMPTY, "180A0000"), 3);
	/* NEXT_HOP is not needed for MP_REACH only (RFC 4760 §3) */
	assert_clean(decode("", ORIGIN_IGP ASPATH_EMPTY
			    "800E1F00020110" "20010DB8000000000000000000000001" "00" "2020010DB8" "2020010DB9",
			    ""));
}

/* U-b: NLRI with no attributes at all */
static void ub_nlri_without_attributes_withdraws(void **state)
{
	(void)state;
	assert_withdraw(decode("", "", "180A0000"), 3);
	assert_true(strstr(json(), "\"withdraw\""));
	assert_null(strstr(json(), "\"announce\""));
}

/* U-c: NLRI whose only attribute is an unknown optional transitive one */
static void uc_only_unknown_attribute_withdraws(void **state)
{
	(void)state;
	assert_withdraw(decode("", "C01F10" "00112233445566778899AABBCCDDEEFF", "180A0000"), 3);
}

/* U-d: MP_UNREACH with NLRI in the NLRI field and no mandatory attributes */
static void ud_unreach_plus_nlri_withdraws(void **state)
{
	(void)state;
	assert_withdraw(decode("", "800F0700010118 0A0100", "180A0000"), 3);
	assert_null(strstr(json(), "\"announce\""));
}

/* U13: a withdraw-class fault with nothing reachable resets */
static void u13_withdraw_fault_without_nlri_resets(void **state)
{
	(void)state;
	assert_reset(decode("180A0000", "C0010100", ""), 3, 1);
	/* U-e: an EoR-looking UPDATE with a bad attribute is not an EoR */
	assert_reset(decode("", "800F03000201" "C0010100", ""), 3, 1);
	assert_false(U.eor);
}

/* U14: End-of-RIB markers */
static void u14_end_of_rib(void **state)
{
	(void)state;
	assert_clean(decode("", "", ""));
	assert_true(U.eor);
	assert_int_equal(U.eor_fam, WIRE_FAM_IPV4_UNICAST);
	assert_string_equal(json(), "{\"eor\":{\"afi\":\"ipv4\",\"safi\":\"unicast\"}}");
	assert_clean(decode("", "800F03000201", ""));
	assert_true(U.eor);
	assert_int_equal(U.eor_fam, WIRE_FAM_IPV6_UNICAST);
	assert_clean(decode("", "800F03400447", ""));
	assert_string_equal(json(), "{\"eor\":{\"afi\":\"bgp-ls\",\"safi\":\"bgp-ls\"}}");
	/* an MP_UNREACH that withdraws something is no EoR */
	assert_clean(decode("", "800F0700010118" "0A0000", ""));
	assert_false(U.eor);
}

/* U15 / U-h: attributes without NLRI are a valid no-op */
static void u15_attributes_without_nlri(void **state)
{
	(void)state;
	assert_clean(decode("", MANDATORY, ""));
	assert_false(U.eor);
	assert_non_null(strstr(json(), "{\"update\":{\"attribute\":{\"origin\":"));
	assert_null(strstr(json(), "\"announce\""));
	assert_null(strstr(json(), "\"withdraw\""));
}

/* U16: an unknown well-known attribute: treat-as-withdraw on a session
 * (DESIGN.md); the decode command shows it as ExaBGP does (kept when
 * transitive, as the conf-generic-attribute vectors print it, else
 * ignored) */
static void u16_unknown_well_known_withdraws(void **state)
{
	struct wire_ctx ctx;

	(void)state;
	wire_ctx_init_decode(&ctx);
	ctx.keep_unknown_wellknown = false;
	assert_withdraw(decode3("", MANDATORY "40F00100", "180A0000", &ctx), 2);
	assert_int_equal(U.err.attr, 0xF0);
	assert_clean(decode("", MANDATORY "40F00100" "00F10100", "180A0000"));
	assert_non_null(wire_update_attr(&U, 0xF0));
	assert_null(wire_update_attr(&U, 0xF1));
}

/* U17/U18: unknown optional transitive kept, non-transitive ignored */
static void u17_u18_unknown_optional(void **state)
{
	(void)state;
	assert_clean(decode("", MANDATORY "C0F0020102" "80F1020304", "180A0000"));
	assert_non_null(wire_update_attr(&U, 0xF0));
	assert_null(wire_update_attr(&U, 0xF1));
}

/* U12: several faults in one UPDATE, the strongest wins whatever the order
 * (RFC 7606 §3 h): reset > treat-as-withdraw > attribute discard */
static void u12_strongest_fault_wins(void **state)
{
	(void)state;
	/* ATOMIC_AGGREGATE of 1 octet (discard, §7.6) and MED of 3 (withdraw,
	 * §7.4), in both orders */
	assert_withdraw(decode("", MANDATORY "40060100" "800403000000", "180A0000"), 5);
	assert_int_equal(U.err.attr, WIRE_ATTR_MED);
	assert_int_equal(U.ndiscarded, 1);
	assert_int_equal(U.discarded.attr, WIRE_ATTR_ATOMIC_AGGREGATE);
	assert_withdraw(decode("", MANDATORY "800403000000" "40060100", "180A0000"), 5);
	assert_int_equal(U.err.attr, WIRE_ATTR_MED);
	assert_int_equal(U.ndiscarded, 1);
	/* an ORIGIN of value 3 (withdraw, §7.1) and an NLRI field that cannot
	 * be parsed (reset, §3 i): the reset wins */
	assert_reset(decode("", "40010103" ASPATH_EMPTY NEXTHOP_1, "21 0A000000"), 3, 10);
	/* ... and MP_UNREACH_NLRI twice after a withdraw-class fault (§3 g) */
	assert_reset(decode("", MANDATORY "800403000000" "800F03000201" "800F03000201",
			    "180A0000"), 3, 1);
	/* two withdraw-class faults: the first is reported */
	assert_withdraw(decode("", MANDATORY "800403000000" "C00803000100", "180A0000"), 5);
	assert_int_equal(U.err.attr, WIRE_ATTR_MED);
	assert_int_equal(U.err.offset, 19 + 4 + 14);
}

/* the attribute placed first: its header (19 + 4) or its empty value */
static bool at_attr(size_t offset)
{
	return offset == 19 + 4 || offset == 19 + 4 + 3;
}

/* U19: attributes that cannot be empty, sent empty, get their own rule
 * (RFC 7606 §7, RELIABILITY.md §1.4); the ones that may be empty pass.
 * FRR CVE-2023-41358 crashed on zero-length attributes. */
static void u19_zero_length_attributes(void **state)
{
	static const struct {
		const char *attr;
		uint8_t act;
	} rows[] = {
		{ "400100", LB_ACT_WITHDRAW },   /* ORIGIN §7.1 */
		{ "400300", LB_ACT_WITHDRAW },   /* NEXT_HOP §7.3 */
		{ "800400", LB_ACT_WITHDRAW },   /* MED §7.4 */
		{ "400500", LB_ACT_WITHDRAW },   /* LOCAL_PREF (iBGP) §7.5 */
		{ "400600", LB_ACT_NONE },       /* ATOMIC_AGGREGATE: empty is its form */
		{ "C00700", LB_ACT_DISCARD },    /* AGGREGATOR §7.7 */
		{ "C00800", LB_ACT_WITHDRAW },   /* COMMUNITIES §7.8 */
		{ "800900", LB_ACT_WITHDRAW },   /* ORIGINATOR_ID (iBGP) §7.9 */
		{ "800A00", LB_ACT_WITHDRAW },   /* CLUSTER_LIST (iBGP) §7.10 */
		{ "C01000", LB_ACT_WITHDRAW },   /* EXTENDED_COMMUNITIES §7.14 */
		{ "C01100", LB_ACT_DISCARD },    /* AS4_PATH, RFC 6793 §6 */
		{ "C01200", LB_ACT_DISCARD },    /* AS4_AGGREGATOR, RFC 6793 §6 */
		{ "C01600", LB_ACT_WITHDRAW },   /* PMSI_TUNNEL, RFC 6514 §5 */
		{ "C01700", LB_ACT_WITHDRAW },   /* TUNNEL_ENCAPSULATION, RFC 9012 §13 */
		{ "C01900", LB_ACT_WITHDRAW },   /* IPV6_EXT_COMMUNITIES §7.15 */
		{ "801A00", LB_ACT_DISCARD },    /* AIGP, RFC 7311 §3.2 */
		{ "C02000", LB_ACT_WITHDRAW },   /* LARGE_COMMUNITY, RFC 8092 §6 */
		{ "C02300", LB_ACT_WITHDRAW },   /* OTC, RFC 9234 §5 */
	};
	char attrs[128];

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char hex[3] = { rows[i].attr[2], rows[i].attr[3], 0 };
		uint8_t code = (uint8_t)strtoul(hex, NULL, 16);
		const struct lb_err *e;
		int rc;

		/* the attribute first, then whichever mandatory ones it is not */
		snprintf(attrs, sizeof(attrs), "%s%s%s%s", rows[i].attr,
			 code == WIRE_ATTR_ORIGIN ? "" : ORIGIN_IGP, ASPATH_EMPTY,
			 code == WIRE_ATTR_NEXT_HOP ? "" : NEXTHOP_1);
		rc = decode("", attrs, "180A0000");
		e = rows[i].act == LB_ACT_DISCARD ? &U.discarded : &U.err;
		if (rc != 0 || e->act != rows[i].act ||
		    (rows[i].act != LB_ACT_NONE && (e->attr != code || !at_attr(e->offset))))
			print_error("%s: rc %d, %s (%s) attr %u at %zu\n", rows[i].attr, rc,
				    lb_act_name(e->act), e->reason, e->attr, e->offset);
		assert_int_equal(rc, 0);
		assert_int_equal(e->act, rows[i].act);
		if (rows[i].act == LB_ACT_DISCARD)
			assert_int_equal(U.err.act, LB_ACT_NONE);
		if (rows[i].act != LB_ACT_NONE) {
			assert_int_equal(e->code, LB_NOTIFY_UPDATE);
			assert_int_equal(e->attr, code);
			assert_true(at_attr(e->offset));
			assert_null(wire_update_attr(&U, code));
		}
	}
	/* MP_REACH_NLRI and MP_UNREACH_NLRI hide the NLRI: reset (§7.11, §7.12) */
	assert_reset(decode("", MANDATORY "800E00", ""), 3, 9);
	assert_reset(decode("", "800F00", ""), 3, 9);
}

/* §1.4 codes 14/15: NLRI inside MP_REACH_NLRI or MP_UNREACH_NLRI that cannot
 * be parsed (a prefix longer than the AFI allows, a prefix running past the
 * attribute) reset the session (RFC 7606 §5.3, §7.11, §7.12) */
static void mp_nlri_that_cannot_be_parsed_resets(void **state)
{
	int rc;

	(void)state;
	/* MP_REACH IPv6 unicast: /129, then a /32 with 2 of its 4 octets */
	rc = decode("", ORIGIN_IGP ASPATH_EMPTY "800E1E00020110" "20010DB8000000000000000000000001" "00"
		    "81" "20010DB8000000000000000000000000", "");
	assert_int_equal(rc, -1);
	assert_int_equal(U.err.act, LB_ACT_RESET);
	assert_int_equal(U.err.code, LB_NOTIFY_UPDATE);
	rc = decode("", ORIGIN_IGP ASPATH_EMPTY "800E1800020110" "20010DB8000000000000000000000001" "00"
		    "20" "2001", "");
	assert_int_equal(rc, -1);
	assert_int_equal(U.err.act, LB_ACT_RESET);
	assert_int_equal(U.err.code, LB_NOTIFY_UPDATE);
	/* MP_UNREACH IPv6 unicast: /129, and a /32 cut short */
	rc = decode("", "800F0E000201" "81" "20010DB8000000000000000000000000", "");
	assert_int_equal(rc, -1);
	assert_int_equal(U.err.act, LB_ACT_RESET);
	assert_int_equal(U.err.code, LB_NOTIFY_UPDATE);
	rc = decode("", "800F06000201" "20" "2001", "");
	assert_int_equal(rc, -1);
	assert_int_equal(U.err.act, LB_ACT_RESET);
	assert_int_equal(U.err.code, LB_NOTIFY_UPDATE);
	/* the fault names a place inside the attribute */
	assert_true(U.err.offset >= 19 + 4 && U.err.offset < msg_len);
}

/* §1.4 code 3: a NEXT_HOP of the right length but semantically wrong
 * (0.0.0.0, multicast) never causes a NOTIFICATION (RFC 4271 §6.3: "a
 * NOTIFICATION message SHOULD NOT be sent").  The route is not dropped
 * here: ExaBGP reports it and so does luabgp (documented divergence from
 * the RFC's "SHOULD be ignored", docs/reliability-coverage.md). */
static void next_hop_semantically_wrong_is_no_notification(void **state)
{
	(void)state;
	assert_clean(decode("", ORIGIN_IGP ASPATH_EMPTY "40030400000000", "180A0000"));
	assert_non_null(strstr(json(), "\"0.0.0.0\":[{\"nlri\":\"10.0.0.0/24\"}]"));
	assert_clean(decode("", ORIGIN_IGP ASPATH_EMPTY "400304E0000001", "180A0000"));
	assert_non_null(strstr(json(), "\"224.0.0.1\":[{\"nlri\":\"10.0.0.0/24\"}]"));
}

/* §1.4 "ATTR_SET" (128, RFC 6368) and the Traffic Engineering attribute
 * (136, RFC 5543) are not implemented: RFC 4271 §5 makes them unrecognized
 * optional transitive attributes, kept as received (U17) whatever their
 * length, so the RFC 7606 §7.13/§7.16 length rules (for speakers that
 * implement them) do not apply. */
static void attr_set_and_te_attribute_are_unrecognized(void **state)
{
	(void)state;
	assert_clean(decode("", MANDATORY "C0800201 02", "180A0000"));
	assert_non_null(wire_update_attr(&U, 128));
	assert_non_null(strstr(json(), "\"attribute-0x80-0xE0\":\"0x0102\""));
	assert_clean(decode("", MANDATORY "C0880100", "180A0000"));
	assert_non_null(wire_update_attr(&U, 136));
	assert_clean(decode("", MANDATORY "C08000", "180A0000"));
}

/* found by fuzz_update: a NEXT_HOP of the wrong length was copied as 4
 * octets whatever its length (over-read) */
static void nexthop_of_wrong_length_is_no_next_hop(void **state)
{
	(void)state;
	decode("", ORIGIN_IGP ASPATH_EMPTY "400300", "180A0000");
	assert_int_equal(U.nexthop.len, 0);
	decode("", ORIGIN_IGP ASPATH_EMPTY "40030201", "180A0000");
	assert_int_equal(U.nexthop.len, 0);
}

/* found by fuzz_update_roundtrip: the bits past a prefix length survive a
 * round trip (ExaBGP neither masks them when reading nor when writing) */
static void prefix_trailing_bits_round_trip(void **state)
{
	(void)state;
	assert_clean(decode("19020200 02", "", ""));
	assert_non_null(strstr(json(), "2.2.0.2/25"));
}

/* N1/N2: MP_REACH next hops that do not fit (RFC 7606 §7.11: reset) */
static void n1_n2_bad_mp_next_hop_resets(void **state)
{
	(void)state;
	/* next-hop length 16 with 8 octets present */
	assert_reset(decode("", ORIGIN_IGP ASPATH_EMPTY "800E0C000201" "10" "20010DB800000000", ""), 3, 9);
	/* next-hop length 9 for IPv6 unicast */
	assert_reset(decode("", ORIGIN_IGP ASPATH_EMPTY "800E0E000201" "09" "000000000000000000" "00", ""),
		     3, 9);
	/* next-hop length 0 for IPv6 unicast */
	assert_reset(decode("", ORIGIN_IGP ASPATH_EMPTY "800E0A000201" "00" "00" "2020010DB8", ""), 3, 9);
	/* shorter than 5 octets */
	assert_reset(decode("", ORIGIN_IGP ASPATH_EMPTY "800E03000201", ""), 3, 9);
	/* MP_UNREACH shorter than 3 octets */
	assert_reset(decode("", "800F020002", ""), 3, 9);
	/* IPv4 unicast in MP_REACH: 4, or 16/32 with RFC 8950; 8 is neither */
	assert_clean(decode("", ORIGIN_IGP ASPATH_EMPTY "800E19000101" "10"
			    "20010DB8000000000000000000000001" "00" "180A0000", ""));
	assert_clean(decode("", ORIGIN_IGP ASPATH_EMPTY "800E0D000101" "04" "0A000001" "00"
			    "180A0000", ""));
	assert_reset(decode("", ORIGIN_IGP ASPATH_EMPTY "800E11000101" "08"
			    "0A0000010A000002" "00" "180A0000", ""), 3, 9);
}

/* A family that was not negotiated is ignored, not an error */
static void unnegotiated_family_is_ignored(void **state)
{
	struct wire_ctx ctx;

	(void)state;
	wire_ctx_init_decode(&ctx);
	ctx.families = WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST);
	assert_int_equal(decode3("", MANDATORY "800E1600020110" "20010DB8000000000000000000000001" "00"
				 "FF", "180A0000", &ctx), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	assert_null(U.reach.fam);
	/* an unknown AFI/SAFI, with a next hop that cannot be judged */
	assert_clean(decode("", MANDATORY "800E0A112233" "04" "7F000001" "00" "AA", "180A0000"));
}

/* RFC 7911: path identifiers */
static void addpath_path_ids(void **state)
{
	struct wire_ctx ctx;

	(void)state;
	wire_ctx_init_decode(&ctx);
	ctx.addpath_rx = WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST);
	assert_int_equal(decode3("", MANDATORY, "00000001180A0000" "00000002180A0000", &ctx), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	/* a truncated path id resets */
	assert_int_equal(decode3("", MANDATORY, "000000", &ctx), -1);
	assert_int_equal(U.err.subcode, 10);
}

static void json_groups_fields_in_exabgp_order(void **state)
{
	(void)state;
	/* IPv4 withdrawn + NLRI, and MP_REACH for IPv6 */
	assert_clean(decode("180B0000", ORIGIN_IGP ASPATH_EMPTY NEXTHOP_1
			    "800E1A00020110" "20010DB8000000000000000000000001" "00" "2020010DB8",
			    "180A0000"));
	/* NEXT_HOP is an attribute member only because something is withdrawn */
	assert_non_null(strstr(json(), "\"next-hop\":"));
	assert_non_null(strstr(json(),
		"},\"announce\":{\"ipv4 unicast\":{\"10.0.0.1\":[{\"nlri\":\"10.0.0.0/24\"}]},"
		"\"ipv6 unicast\":{\"2001:db8::1\":[{\"nlri\":\"2001:db8::/32\"}]}},"
		"\"withdraw\":{\"ipv4 unicast\":[{\"nlri\":\"11.0.0.0/24\"}]}}}"));
}

/* Encoder: bytes → decode → tree → encode → the same bytes.  The messages
 * are in the canonical layout ExaBGP writes. */
static void encoder_round_trips(void **state)
{
	static const char *const cases[] = {
		/* IPv4 withdrawals */
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001E020007180A0000100A010000",
		/* IPv6 withdrawal */
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0022020000000B800F080002012020010DB8",
		/* VPNv4 withdrawal with the RFC 8277 withdrawal label */
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002C0200000015800F1200018070800000 0000FDE8000000010A0000",
		/* End-of-RIB markers */
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170200000000",
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001D0200000006800F03001946",
		/* an IPv4 SR Policy: its IPv4 next hop in MP_REACH_NLRI only
		 * (conf-sr-policy) */
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF006902000000524001010040020040050400000064C017"
		"28000F00240C060000000000640D06100005DC01008000110009060000000000010106000003"
		"E81100800E1600014904C0000201006000000000000000640A000001",
		/* an IPv4 MVPN route: its next hop in NEXT_HOP too (conf-mvpn) */
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00570200000040400101004002004003040A0A060440"
		"050400000064C010080002FDE80001869F800E1D000105040A0A06040005120000FDE8000186"
		"9F200A630C0420EFFBFFE4",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t in[4096];
		size_t n = tu_hex(cases[i], in, sizeof(in));
		struct wire_ctx ctx;
		struct arena a;
		struct val_sink vs;
		struct wbuf w;
		struct lb_err err;

		wire_ctx_init_decode(&ctx);
		assert_int_equal(wire_update_decode(&U, in, n, in + 19, n - 19, &ctx), 0);
		arena_init(&a, 1024);
		val_sink_init(&vs, &a);
		sink_obj(&vs.base);
		wire_update_json(&vs.base, &U, &ctx);
		sink_obj_end(&vs.base);
		wbuf_init(&w, 0);
		if (wire_update_encode(&w, val_sink_root(&vs), &ctx, &err) < 0) {
			print_error("case %zu: %s\n", i, err.reason);
			fail();
		}
		assert_bytes(in, n, w.data, w.len);
		wbuf_fini(&w);
		val_sink_fini(&vs);
		arena_fini(&a);
	}
}

static void encoder_refuses_what_one_message_cannot_hold(void **state)
{
	struct arena a;
	struct val *root, *wd, *fam, *n;
	struct wire_ctx ctx;
	struct wbuf w;
	struct lb_err err;

	(void)state;
	arena_init(&a, 1024);
	wire_ctx_init_decode(&ctx);
	root = val_new(&a, VAL_OBJ);
	wd = val_new(&a, VAL_OBJ);
	val_push(&a, root, "withdraw", wd);
	fam = val_new(&a, VAL_ARR);
	val_push(&a, wd, "ipv6 unicast", fam);
	n = val_new(&a, VAL_OBJ);
	val_push(&a, n, "nlri", val_new_str(&a, "2001:db8::/32", 13));
	val_push(&a, fam, NULL, n);
	fam = val_new(&a, VAL_ARR);
	val_push(&a, wd, "ipv6 multicast", fam);
	val_push(&a, fam, NULL, n);
	wbuf_init(&w, 0);
	assert_int_equal(wire_update_encode(&w, root, &ctx, &err), -1);
	assert_non_null(strstr(err.reason, "one multiprotocol family"));
	assert_int_equal(w.len, 0);
	/* found by fuzz_update_roundtrip: an UPDATE with only an ignored
	 * attribute prints as an empty "update", which must not re-encode as
	 * an End-of-RIB */
	assert_int_equal(wire_update_encode(&w, val_new(&a, VAL_OBJ), &ctx, &err), -1);
	assert_non_null(strstr(err.reason, "empty"));
	/* more than 4096 octets without extended messages */
	fam->kids.first = fam->kids.last = NULL;
	fam->kids.n = 0;
	val_get(wd, "ipv6 unicast");
	ctx.ext_msg = false;
	for (int i = 0; i < 2000; i++) {
		struct val *x = val_new(&a, VAL_OBJ);
		val_push(&a, x, "nlri", val_new_str(&a, "10.0.0.0/24", 11));
		val_push(&a, fam, NULL, x);
	}
	wd->kids.first = fam;
	fam->key = "ipv4 unicast";
	fam->klen = 12;
	fam->next = NULL;
	wd->kids.n = 1;
	assert_int_equal(wire_update_encode(&w, root, &ctx, &err), -1);
	assert_non_null(strstr(err.reason, "more than the 4096 allowed"));
	ctx.ext_msg = true;
	assert_int_equal(wire_update_encode(&w, root, &ctx, &err), 0);
	assert_int_equal(w.len, 19 + 4 + 2000 * 4);
	wbuf_fini(&w);
	arena_fini(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(u1_lengths_past_the_message_reset),
		cmocka_unit_test(u2_u3_bad_nlri_fields_reset),
		cmocka_unit_test(u4_u5_attribute_overrun_withdraws),
		cmocka_unit_test(u6_mp_attribute_twice_resets),
		cmocka_unit_test(u7_duplicate_attribute_keeps_first),
		cmocka_unit_test(u8_flag_conflict_withdraws),
		cmocka_unit_test(u9_u10_flag_oddities_accepted),
		cmocka_unit_test(u11_missing_mandatory_withdraws),
		cmocka_unit_test(ub_nlri_without_attributes_withdraws),
		cmocka_unit_test(uc_only_unknown_attribute_withdraws),
		cmocka_unit_test(ud_unreach_plus_nlri_withdraws),
		cmocka_unit_test(u13_withdraw_fault_without_nlri_resets),
		cmocka_unit_test(u14_end_of_rib),
		cmocka_unit_test(u15_attributes_without_nlri),
		cmocka_unit_test(u16_unknown_well_known_withdraws),
		cmocka_unit_test(u17_u18_unknown_optional),
		cmocka_unit_test(u12_strongest_fault_wins),
		cmocka_unit_test(u19_zero_length_attributes),
		cmocka_unit_test(mp_nlri_that_cannot_be_parsed_resets),
		cmocka_unit_test(next_hop_semantically_wrong_is_no_notification),
		cmocka_unit_test(attr_set_and_te_attribute_are_unrecognized),
		cmocka_unit_test(nexthop_of_wrong_length_is_no_next_hop),
		cmocka_unit_test(prefix_trailing_bits_round_trip),
		cmocka_unit_test(n1_n2_bad_mp_next_hop_resets),
		cmocka_unit_test(unnegotiated_family_is_ignored),
		cmocka_unit_test(addpath_path_ids),
		cmocka_unit_test(json_groups_fields_in_exabgp_order),
		cmocka_unit_test(encoder_round_trips),
		cmocka_unit_test(encoder_refuses_what_one_message_cannot_hold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
