/* The fixed-size path attributes of attr_basic.c and the verbatim ones of
 * attr_generic.c.
 *
 * Well-formed vectors: the attributes, decoded in an UPDATE, print
 * ExaBGP's "attribute" members (compact JSON) and text, and the tree of
 * that JSON encodes back to the same bytes.  Malformed vectors: each case of
 * RELIABILITY.md §1.4 for these attributes gives the RFC 7606 action, the
 * NOTIFICATION subcode and the offset of the fault.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "testutil.h"
#include "wire/attr.h"
#include "wire/message.h"
#include "wire/update_json.h"

/* session kinds */
enum { AS4_IBGP, AS2_IBGP, AS4_EBGP };

static struct wire_update U;
static uint8_t msg[70000];

static void ctx_of(int kind, struct wire_ctx *ctx)
{
	wire_ctx_init_decode(ctx);
	ctx->asn4 = kind != AS2_IBGP;
	ctx->ibgp = kind != AS4_EBGP;
	if (!ctx->ibgp)
		ctx->peer_as = 65001;
}

/* An UPDATE of these attributes and NLRI (hex), no withdrawn routes. */
static int decode(const char *attrs, const char *nlri, int kind)
{
	uint8_t a[65536], n[256];
	size_t al = tu_hex(attrs, a, sizeof(a));
	size_t nl = tu_hex(nlri, n, sizeof(n));
	struct wire_ctx ctx;
	struct wbuf b;

	ctx_of(kind, &ctx);
	wbuf_init_fixed(&b, msg, sizeof(msg));
	wire_header_write(&b, WIRE_MSG_UPDATE, (uint16_t)(19 + 4 + al + nl));
	wbuf_u16(&b, 0);
	wbuf_u16(&b, (uint16_t)al);
	wbuf_put(&b, a, al);
	wbuf_put(&b, n, nl);
	assert_false(b.failed);
	return wire_update_decode(&U, msg, b.len, msg + 19, b.len - 19, &ctx);
}

/* The "attribute" object of U, next hop included, as compact JSON. */
static const char *attrs_json(int kind)
{
	static char text[65536];
	struct wire_ctx ctx;
	struct json_sink j;
	struct wbuf w;

	ctx_of(kind, &ctx);
	wbuf_init_fixed(&w, text, sizeof(text) - 1);
	json_sink_init(&j, &w, 1);
	wire_update_attrs_json(&j.base, &U, &ctx, true);
	json_sink_fini(&j);
	text[w.len] = 0;
	return text;
}

/* The text of every attribute kept, in type-code order. */
static const char *attrs_text(int kind)
{
	static char text[4096];
	struct wire_ctx ctx;
	struct wbuf w;

	ctx_of(kind, &ctx);
	wbuf_init_fixed(&w, text, sizeof(text) - 1);
	for (unsigned code = 0; code < 256; code++) {
		const struct wire_attr *a = wire_update_attr(&U, (uint8_t)code);
		const struct wire_attr_desc *d = wire_attr_desc((uint8_t)code);

		if (a)
			(d ? d : &wire_attr_generic)->text(&w, a, &U, &ctx);
	}
	text[w.len] = 0;
	return text;
}

/* Encode every member of an "attribute" object with its row. */
static int encode_attrs(struct wbuf *w, const struct val *obj, int kind,
			struct lb_err *err)
{
	struct wire_ctx ctx;

	ctx_of(kind, &ctx);
	for (const struct val *m = obj->kids.first; m; m = m->next) {
		const struct wire_attr_desc *d = wire_attr_desc_by_name(m->key, m->klen);

		assert_non_null(d);
		if (d->encode(w, m, &ctx, err) < 0)
			return -1;
	}
	return 0;
}

struct vec {
	int kind;
	const char *hex;    /* the attributes */
	const char *json;   /* the "attribute" object */
	const char *text;
};

static const struct vec vectors[] = {
	/* decoding/ipv4-unicast-2 (ExaBGP's own sample) without its AS_PATH */
	{ AS4_IBGP, "40010100 80040400000000 40050400000064 400600 C0070800AA00AA0A0A0A0A",
	  "{\"origin\":\"igp\",\"med\":0,\"local-preference\":100,"
	  "\"atomic-aggregate\":true,\"aggregator\":\"11141290:10.10.10.10\"}",
	  " origin igp med 0 local-preference 100 atomic-aggregate"
	  " aggregator ( 11141290:10.10.10.10 )" },
	{ AS4_IBGP, "40010101", "{\"origin\":\"egp\"}", " origin egp" },
	{ AS4_IBGP, "40010102", "{\"origin\":\"incomplete\"}", " origin incomplete" },
	{ AS4_IBGP, "4003040A000001", "{\"next-hop\":\"10.0.0.1\"}", " next-hop 10.0.0.1" },
	{ AS4_IBGP, "8004 04 FFFFFFFF", "{\"med\":4294967295}", " med 4294967295" },
	{ AS4_IBGP, "4005 04 000000C8", "{\"local-preference\":200}", " local-preference 200" },
	/* conformance api-rr: route reflection attributes */
	{ AS4_IBGP, "800904C0A81601 800A08 03030303 C0A8C901",
	  "{\"originator-id\":\"192.168.22.1\",\"cluster-list\":[\"3.3.3.3\",\"192.168.201.1\"]}",
	  " originator-id 192.168.22.1 cluster-list [ 3.3.3.3 192.168.201.1 ]" },
	/* ExaBGP prints a single cluster id without brackets */
	{ AS4_IBGP, "800A04 0C040101", "{\"cluster-list\":[\"12.4.1.1\"]}",
	  " cluster-list 12.4.1.1" },
	/* 2-octet AS session: AGGREGATOR of 6 octets */
	{ AS2_IBGP, "C00706 FDE8 01020304", "{\"aggregator\":\"65000:1.2.3.4\"}",
	  " aggregator ( 65000:1.2.3.4 )" },
	/* RFC 6793 §4.2.3: AS_TRANS in AGGREGATOR, the real AS in AS4_AGGREGATOR */
	{ AS2_IBGP, "C00706 5BA0 01020304 C01208 00010000 01020304",
	  "{\"aggregator\":\"65536:1.2.3.4\"}", " aggregator ( 65536:1.2.3.4 )" },
	/* RFC 7311: AIGP, one AIGP TLV; ExaBGP prints the metric in hex */
	{ AS4_IBGP, "801A0B 01000B 000000000000000A", "{\"aigp\":\"0x000000000000000a\"}",
	  " aigp 0x000000000000000a" },
	/* RFC 9234: OTC */
	{ AS4_IBGP, "C02304 0000FDE8", "{\"otc\":65000}", " otc 65000" },
	/* conformance conf-generic-attribute: unknown optional transitive,
	 * Partial set in the name as ExaBGP does, lower-case value */
	{ AS4_IBGP, "E09904 0000ABCD", "{\"attribute-0x99-0xE0\":\"0x0000abcd\"}",
	  " attribute [ 0x99 0xE0 0x0000abcd ]" },
	/* the Extended Length bit is kept in the name and on the wire */
	{ AS4_IBGP, "F0990004 00000064", "{\"attribute-0x99-0xF0\":\"0x00000064\"}",
	  " attribute [ 0x99 0xF0 0x00000064 ]" },
	{ AS4_IBGP, "E0FE00", "{\"attribute-0xFE-0xE0\":\"0x\"}", " attribute [ 0xFE 0xE0 0x ]" },
};

static void well_formed_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vec *v = &vectors[i];
		uint8_t want[4096];
		size_t n = tu_hex(v->hex, want, sizeof(want));
		struct val_sink vs;
		struct arena a;
		struct wire_ctx ctx;
		struct lb_err err;
		struct wbuf w;
		const char *text;

		if (decode(v->hex, "", v->kind) != 0 || U.err.act != LB_ACT_NONE ||
		    U.ndiscarded) {
			print_error("vector %zu: %s\n", i, U.err.reason[0] ? U.err.reason
									 : U.discarded.reason);
			fail();
		}
		tu_assert_text(v->json, attrs_json(v->kind), strlen(attrs_json(v->kind)));
		text = attrs_text(v->kind);
		tu_assert_text(v->text, text, strlen(text));

		ctx_of(v->kind, &ctx);
		arena_init(&a, 1024);
		val_sink_init(&vs, &a);
		wire_update_attrs_json(&vs.base, &U, &ctx, true);
		wbuf_init(&w, 0);
		if (encode_attrs(&w, val_sink_root(&vs), v->kind, &err) < 0) {
			print_error("vector %zu: %s\n", i, err.reason);
			fail();
		}
		assert_bytes(want, n, w.data, w.len);
		wbuf_fini(&w);
		val_sink_fini(&vs);
		arena_fini(&a);
	}
}

/* RFC 6793 §4.2.3: an AGGREGATOR that is not AS_TRANS wins over
 * AS4_AGGREGATOR; AS4_AGGREGATOR alone describes nothing */
static void as4_aggregator_is_folded_or_ignored(void **state)
{
	(void)state;
	assert_int_equal(decode("C00706 0064 01020304 C01208 00010000 05060708", "", AS2_IBGP), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	assert_string_equal(attrs_json(AS2_IBGP), "{\"aggregator\":\"100:1.2.3.4\"}");
	assert_int_equal(decode("C01208 00010000 05060708", "", AS2_IBGP), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	assert_non_null(wire_update_attr(&U, WIRE_ATTR_AS4_AGGREGATOR));
	assert_string_equal(attrs_json(AS2_IBGP), "{}");
	assert_string_equal(attrs_text(AS2_IBGP), "");
	/* AS_TRANS without AS4_AGGREGATOR is printed as it is */
	assert_int_equal(decode("C00706 5BA0 01020304", "", AS2_IBGP), 0);
	assert_string_equal(attrs_json(AS2_IBGP), "{\"aggregator\":\"23456:1.2.3.4\"}");
}

/* RFC 4271 §9: an unknown optional transitive attribute is passed on with
 * Partial set, and ExaBGP names it so */
static void generic_name_has_partial(void **state)
{
	(void)state;
	assert_int_equal(decode("C09904 00000001", "", AS4_IBGP), 0);
	assert_string_equal(attrs_json(AS4_IBGP), "{\"attribute-0x99-0xE0\":\"0x00000001\"}");
	/* unknown optional non-transitive: ignored (RFC 4271 §9) */
	assert_int_equal(decode("809904 00000001", "", AS4_IBGP), 0);
	assert_string_equal(attrs_json(AS4_IBGP), "{}");
}

/* an AIGP attribute may carry other TLVs: the first AIGP TLV is the metric */
static void aigp_other_tlvs_skipped(void **state)
{
	(void)state;
	assert_int_equal(decode("801A11 020006 AABBCC 01000B 0000000000000100", "", AS4_IBGP), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	assert_int_equal(U.ndiscarded, 0);
	assert_string_equal(attrs_json(AS4_IBGP), "{\"aigp\":\"0x0000000000000100\"}");
}

/* --- malformed attributes (RELIABILITY.md §1.4) ------------------------- */

struct bad {
	const char *name;
	int kind;
	const char *hex;  /* the faulty attribute, placed first at offset 23 */
	uint8_t act;
	uint8_t sub;
	size_t offset;
};

/* the mandatory attributes and a route, after the attribute under test */
#define REST "40010100" "400200" "4003040A000001"
#define NLRI "180A0000"
#define AT 23 /* 19 (header) + 2 (withdrawn length) + 2 (attribute length) */

static const struct bad bads[] = {
	/* RFC 7606 §7.1 */
	{ "ORIGIN length 0", AS4_IBGP, "400100", LB_ACT_WITHDRAW, 5, AT },
	{ "ORIGIN length 2", AS4_IBGP, "4001020000", LB_ACT_WITHDRAW, 5, AT },
	{ "ORIGIN value 3", AS4_IBGP, "40010103", LB_ACT_WITHDRAW, 6, AT + 3 },
	{ "ORIGIN value 255", AS4_IBGP, "400101FF", LB_ACT_WITHDRAW, 6, AT + 3 },
	/* RFC 7606 §7.3 */
	{ "NEXT_HOP length 0", AS4_IBGP, "400300", LB_ACT_WITHDRAW, 5, AT },
	{ "NEXT_HOP length 3", AS4_IBGP, "4003030A0000", LB_ACT_WITHDRAW, 5, AT },
	{ "NEXT_HOP length 16", AS4_IBGP, "40031020010DB8000000000000000000000001",
	  LB_ACT_WITHDRAW, 5, AT },
	/* RFC 7606 §7.4 */
	{ "MED length 0", AS4_IBGP, "800400", LB_ACT_WITHDRAW, 5, AT },
	{ "MED length 3", AS4_IBGP, "800403000000", LB_ACT_WITHDRAW, 5, AT },
	{ "MED length 5", AS4_IBGP, "8004050000000000", LB_ACT_WITHDRAW, 5, AT },
	/* RFC 7606 §7.5 */
	{ "LOCAL_PREF length 2", AS4_IBGP, "40050200C8", LB_ACT_WITHDRAW, 5, AT },
	{ "LOCAL_PREF length 0", AS4_IBGP, "400500", LB_ACT_WITHDRAW, 5, AT },
	{ "LOCAL_PREF from eBGP", AS4_EBGP, "40050400000064", LB_ACT_DISCARD, 5, AT },
	{ "LOCAL_PREF length 2 from eBGP", AS4_EBGP, "40050200C8", LB_ACT_DISCARD, 5, AT },
	/* RFC 7606 §7.6 */
	{ "ATOMIC_AGGREGATE length 1", AS4_IBGP, "40060100", LB_ACT_DISCARD, 5, AT },
	/* RFC 7606 §7.7, RFC 7607 */
	{ "AGGREGATOR length 6 on 4-octet AS", AS4_IBGP, "C00706FDE801020304",
	  LB_ACT_DISCARD, 5, AT },
	{ "AGGREGATOR length 8 on 2-octet AS", AS2_IBGP, "C0070800010000 01020304",
	  LB_ACT_DISCARD, 5, AT },
	{ "AGGREGATOR length 0", AS4_IBGP, "C00700", LB_ACT_DISCARD, 5, AT },
	{ "AGGREGATOR AS 0", AS4_IBGP, "C0070800000000 01020304", LB_ACT_DISCARD, 5, AT },
	{ "AGGREGATOR AS 0, 2-octet", AS2_IBGP, "C007060000 01020304", LB_ACT_DISCARD, 5, AT },
	/* RFC 6793 §6, RFC 7607 */
	{ "AS4_AGGREGATOR on 4-octet AS", AS4_IBGP, "C0120800010000 01020304",
	  LB_ACT_DISCARD, 9, AT },
	{ "AS4_AGGREGATOR length 6", AS2_IBGP, "C01206FDE801020304", LB_ACT_DISCARD, 5, AT },
	{ "AS4_AGGREGATOR AS 0", AS2_IBGP, "C0120800000000 01020304", LB_ACT_DISCARD, 9, AT },
	/* RFC 7606 §7.9, §7.10 */
	{ "ORIGINATOR_ID length 3", AS4_IBGP, "800903010101", LB_ACT_WITHDRAW, 5, AT },
	{ "ORIGINATOR_ID length 0", AS4_IBGP, "800900", LB_ACT_WITHDRAW, 5, AT },
	{ "ORIGINATOR_ID from eBGP", AS4_EBGP, "80090401010101", LB_ACT_DISCARD, 5, AT },
	{ "CLUSTER_LIST length 0", AS4_IBGP, "800A00", LB_ACT_WITHDRAW, 5, AT },
	{ "CLUSTER_LIST length 5", AS4_IBGP, "800A050101010101", LB_ACT_WITHDRAW, 5, AT },
	{ "CLUSTER_LIST from eBGP", AS4_EBGP, "800A0401010101", LB_ACT_DISCARD, 5, AT },
	/* RFC 7311 §3.2; FRR CVE-2023-41359 (RELIABILITY.md A10) */
	{ "AIGP length 0", AS4_IBGP, "801A00", LB_ACT_DISCARD, 9, AT + 3 },
	{ "AIGP length 1", AS4_IBGP, "801A0101", LB_ACT_DISCARD, 9, AT + 3 },
	{ "AIGP length 2", AS4_IBGP, "801A020100", LB_ACT_DISCARD, 9, AT + 3 },
	{ "AIGP TLV length 0", AS4_IBGP, "801A03010000", LB_ACT_DISCARD, 9, AT + 3 },
	{ "AIGP TLV length 2", AS4_IBGP, "801A03010002", LB_ACT_DISCARD, 9, AT + 3 },
	{ "AIGP TLV length 10", AS4_IBGP, "801A0A01000A00000000000000",
	  LB_ACT_DISCARD, 9, AT + 3 },
	{ "AIGP TLV runs past", AS4_IBGP, "801A0B01000C0000000000000001",
	  LB_ACT_DISCARD, 9, AT + 3 },
	{ "AIGP second TLV bad", AS4_IBGP, "801A0A020003 01000B00000000", LB_ACT_DISCARD, 9, AT + 6 },
	{ "AIGP no AIGP TLV", AS4_IBGP, "801A03020003", LB_ACT_DISCARD, 9, AT + 6 },
	/* RFC 9234 §5 */
	{ "OTC length 0", AS4_IBGP, "C02300", LB_ACT_WITHDRAW, 5, AT },
	{ "OTC length 3", AS4_IBGP, "C02303000001", LB_ACT_WITHDRAW, 5, AT },
	{ "OTC length 8", AS4_IBGP, "C0230800000001 00000001", LB_ACT_WITHDRAW, 5, AT },
	/* RFC 7606 §3 c: flags conflicting with the definition (update.c) */
	{ "MED sent transitive", AS4_IBGP, "C0040400000000", LB_ACT_WITHDRAW, 4, AT },
	{ "OTC sent non-transitive", AS4_IBGP, "80230400000001", LB_ACT_WITHDRAW, 4, AT },
	{ "ORIGIN with Partial", AS4_IBGP, "60010100", LB_ACT_WITHDRAW, 4, AT },
	{ "AIGP sent transitive", AS4_IBGP, "C01A0B01000B0000000000000001",
	  LB_ACT_DISCARD, 4, AT },
	{ "AS4_AGGREGATOR non-transitive", AS2_IBGP, "80120800010000 01020304",
	  LB_ACT_DISCARD, 4, AT },
};

static void malformed_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const struct bad *b = &bads[i];
		char attrs[512];
		uint8_t first[256];
		const struct lb_err *e;

		tu_hex(b->hex, first, sizeof(first));
		snprintf(attrs, sizeof(attrs), "%s %s", b->hex, REST);
		if (decode(attrs, NLRI, b->kind) != 0) {
			print_error("%s: reset: %s\n", b->name, U.err.reason);
			fail();
		}
		e = b->act == LB_ACT_DISCARD ? &U.discarded : &U.err;
		if (e->act != b->act || e->subcode != b->sub || e->offset != b->offset ||
		    e->code != LB_NOTIFY_UPDATE || e->attr != first[1]) {
			print_error("%s: got %s %u/%u at %zu (%s)\n", b->name,
				    lb_act_name(e->act), e->code, e->subcode, e->offset,
				    e->reason);
			fail();
		}
		/* a discarded attribute is gone and the route stays */
		if (b->act == LB_ACT_DISCARD) {
			assert_int_equal(U.err.act, LB_ACT_NONE);
			assert_int_equal(U.ndiscarded, 1);
			assert_null(wire_update_attr(&U, first[1]));
		}
		assert_non_null(e->reason);
		assert_true(strlen(e->reason) > 0);
	}
}

/* RFC 7606 §5.2: a withdraw-class fault with nothing to withdraw resets */
static void withdraw_fault_without_nlri_resets(void **state)
{
	(void)state;
	assert_int_equal(decode("40010103" "400200", "", AS4_IBGP), -1);
	assert_int_equal(U.err.act, LB_ACT_RESET);
	assert_int_equal(U.err.subcode, 1);
	/* a discard-class one does not */
	assert_int_equal(decode("40060100" "40010100", "", AS4_IBGP), 0);
	assert_int_equal(U.ndiscarded, 1);
}

/* RELIABILITY.md §2 U-f: a bad ORIGIN first, valid attributes after:
 * exactly the NLRI of the UPDATE are withdrawn */
static void u_f_bad_origin_first_withdraws_the_nlri(void **state)
{
	(void)state;
	assert_int_equal(decode("40010105 4003040A000001 80040400000001"
				"40050400000064 400600 C0070800000001 01020304"
				"800904 01010101 800A04 02020202",
				"180A0000 18140000", AS4_IBGP), 0);
	assert_int_equal(U.err.act, LB_ACT_WITHDRAW);
	assert_int_equal(U.err.subcode, 6);
	assert_string_equal(attrs_json(AS4_IBGP), "{\"next-hop\":\"10.0.0.1\",\"med\":1,"
			    "\"local-preference\":100,\"atomic-aggregate\":true,"
			    "\"aggregator\":\"1:1.2.3.4\",\"originator-id\":\"1.1.1.1\","
			    "\"cluster-list\":[\"2.2.2.2\"]}");
	assert_null(wire_update_attr(&U, WIRE_ATTR_ORIGIN));
	assert_int_equal(U.nlri_len, 8);
}

/* U-g: the first of a repeated attribute is kept (RFC 7606 §3 g) */
static void u_g_first_origin_kept(void **state)
{
	(void)state;
	assert_int_equal(decode("40010100 40010101 400200 4003040A000001", "180A0000",
				AS4_IBGP), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	assert_non_null(strstr(attrs_json(AS4_IBGP), "{\"origin\":\"igp\","));
	/* and a malformed first one is not replaced by a later good one */
	assert_int_equal(decode("40010103 40010101 400200 4003040A000001", "180A0000",
				AS4_IBGP), 0);
	assert_int_equal(U.err.act, LB_ACT_WITHDRAW);
}

/* U-l: AGGREGATOR of 5, 7 or 9 octets is discarded and the route kept
 * (ExaBGP once reset the session on it) */
static void u_l_odd_aggregator_lengths_discarded(void **state)
{
	static const char *const aggs[] = { "C007050000000001", "C00707000000010203 04",
					    "C0070900000001010203 0405" };

	(void)state;
	for (size_t i = 0; i < sizeof(aggs) / sizeof(aggs[0]); i++) {
		char attrs[256];

		snprintf(attrs, sizeof(attrs), "%s %s", aggs[i], REST);
		for (int kind = AS4_IBGP; kind <= AS2_IBGP; kind++) {
			assert_int_equal(decode(attrs, NLRI, kind), 0);
			assert_int_equal(U.err.act, LB_ACT_NONE);
			assert_int_equal(U.ndiscarded, 1);
			assert_int_equal(U.discarded.attr, WIRE_ATTR_AGGREGATOR);
			assert_null(wire_update_attr(&U, WIRE_ATTR_AGGREGATOR));
			assert_non_null(wire_update_attr(&U, WIRE_ATTR_ORIGIN));
		}
	}
}

/* U-n: NEXT_HOP of 0, 3, 5 or 16 octets: withdraw, and no next hop taken
 * from it */
static void u_n_next_hop_lengths_withdraw(void **state)
{
	static const char *const nhs[] = { "400300", "4003030A0000", "4003050A00000101",
					   "40031020010DB8000000000000000000000001" };

	(void)state;
	for (size_t i = 0; i < sizeof(nhs) / sizeof(nhs[0]); i++) {
		char attrs[256];

		snprintf(attrs, sizeof(attrs), "40010100 400200 %s", nhs[i]);
		assert_int_equal(decode(attrs, NLRI, AS4_IBGP), 0);
		assert_int_equal(U.err.act, LB_ACT_WITHDRAW);
		assert_int_equal(U.err.attr, WIRE_ATTR_NEXT_HOP);
		assert_int_equal(U.nexthop.len, 0);
	}
}

/* U-j / U-k: a repeated CLUSTER_LIST among unknown attributes, and an
 * unknown attribute of length 0 written with an extended length */
static void u_j_u_k_cluster_list_and_unknown_attributes(void **state)
{
	(void)state;
	assert_int_equal(decode("C0F100 800A0401010101 D0F20000 800A0402020202 C0F3020102 "
				REST, NLRI, AS4_IBGP), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	/* (AS_PATH, printed between ORIGIN and NEXT_HOP, is not this file's) */
	assert_non_null(strstr(attrs_json(AS4_IBGP),
			       "\"next-hop\":\"10.0.0.1\","
			       "\"cluster-list\":[\"1.1.1.1\"],\"attribute-0xF1-0xE0\":\"0x\","
			       "\"attribute-0xF2-0xF0\":\"0x\",\"attribute-0xF3-0xE0\":\"0x0102\"}"));
	assert_non_null(strstr(attrs_text(AS4_IBGP),
			       " next-hop 10.0.0.1 cluster-list 1.1.1.1"
			       " attribute [ 0xF1 0xE0 0x ] attribute [ 0xF2 0xF0 0x ]"
			       " attribute [ 0xF3 0xE0 0x0102 ]"));
}

/* a withdrawn UPDATE prints no attributes, only the withdrawal */
static void withdraw_json_has_no_attributes(void **state)
{
	char text[4096];
	struct wire_ctx ctx;
	struct json_sink j;
	struct wbuf w;

	(void)state;
	assert_int_equal(decode("40010103 " REST, NLRI, AS4_IBGP), 0);
	ctx_of(AS4_IBGP, &ctx);
	wbuf_init_fixed(&w, text, sizeof(text) - 1);
	json_sink_init(&j, &w, 1);
	sink_obj(&j.base);
	wire_update_json(&j.base, &U, &ctx);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	text[w.len] = 0;
	assert_string_equal(text,
			    "{\"update\":{\"withdraw\":{\"ipv4 unicast\":[{\"nlri\":\"10.0.0.0/24\"}]}}}");
}

/* --- encoders ----------------------------------------------------------- */

/* Encode one member {name: value} given as JSON-ish pieces built here. */
static int encode_one(const char *name, struct val *v, int kind, struct wbuf *w,
		      struct lb_err *err, struct arena *a)
{
	struct val *obj = val_new(a, VAL_OBJ);

	val_push(a, obj, name, v);
	return encode_attrs(w, obj, kind, err);
}

static void expect_bytes(const char *name, struct val *v, int kind, const char *hex,
			 struct arena *a)
{
	uint8_t want[256];
	size_t n = tu_hex(hex, want, sizeof(want));
	struct lb_err err;
	struct wbuf w;

	wbuf_init(&w, 0);
	if (encode_one(name, v, kind, &w, &err, a) < 0) {
		print_error("%s: %s\n", name, err.reason);
		fail();
	}
	assert_bytes(want, n, w.data, w.len);
	wbuf_fini(&w);
}

static void expect_refused(const char *name, struct val *v, int kind, const char *why,
			   struct arena *a)
{
	struct lb_err err;
	struct wbuf w;

	wbuf_init(&w, 0);
	assert_int_equal(encode_one(name, v, kind, &w, &err, a), -1);
	if (!strstr(err.reason, why)) {
		print_error("%s: reason \"%s\" lacks \"%s\"\n", name, err.reason, why);
		fail();
	}
	wbuf_fini(&w);
}

#define STR(s) val_new_str(&a, s, strlen(s))

static void encoders_accept_config_shapes(void **state)
{
	struct arena a;
	struct val *ag, *cl;

	(void)state;
	arena_init(&a, 4096);
	/* the configuration's aggregator object (ExaBGP's Aggregator.json()) */
	ag = val_new(&a, VAL_OBJ);
	val_push(&a, ag, "asn", val_new_int(&a, 65000));
	val_push(&a, ag, "speaker", STR("192.0.2.1"));
	expect_bytes("aggregator", ag, AS4_IBGP, "C00708 0000FDE8 C0000201", &a);
	expect_bytes("aggregator", ag, AS2_IBGP, "C00706 FDE8 C0000201", &a);
	/* RFC 6793 §4.2.2: a 4-octet AS to a 2-octet peer goes as AS_TRANS
	 * with AS4_AGGREGATOR right after, as ExaBGP sends it */
	expect_bytes("aggregator", STR("4200000000:10.0.0.1"), AS2_IBGP,
		     "C00706 5BA0 0A000001 C01208 FA56EA00 0A000001", &a);
	expect_bytes("as4-aggregator", STR("65536:10.0.0.1"), AS2_IBGP,
		     "C01208 00010000 0A000001", &a);
	/* a lone cluster id, the configuration's generic form (no 0x, upper
	 * case) and a known code given as a generic attribute (conformance
	 * conf-generic-attribute: MED as attribute [0x04 0x80 0x00000064]) */
	expect_bytes("cluster-list", STR("1.1.1.1"), AS4_IBGP, "800A04 01010101", &a);
	cl = val_new(&a, VAL_ARR);
	expect_refused("cluster-list", cl, AS4_IBGP, "non-empty", &a);
	expect_bytes("attribute-0x99-0x70", STR("00000064"), AS4_IBGP, "7099000400000064", &a);
	expect_bytes("attribute-0x04-0x80", STR("00000064"), AS4_IBGP, "80040400000064", &a);
	expect_bytes("attribute-0x99-0x60", STR("0x00000064"), AS4_IBGP, "609904 00000064", &a);
	/* AIGP from the configuration's integer, OTC, MED at its maximum */
	expect_bytes("aigp", val_new_int(&a, 10), AS4_IBGP, "801A0B01000B000000000000000A", &a);
	expect_bytes("aigp", val_new_uint(&a, UINT64_MAX), AS4_IBGP,
		     "801A0B01000BFFFFFFFFFFFFFFFF", &a);
	expect_bytes("otc", val_new_int(&a, 4200000000), AS4_IBGP, "C02304FA56EA00", &a);
	expect_bytes("med", val_new_int(&a, 4294967295), AS4_IBGP, "800404FFFFFFFF", &a);
	/* atomic-aggregate false: absent */
	expect_bytes("atomic-aggregate", val_new(&a, VAL_BOOL), AS4_IBGP, "", &a);
	arena_fini(&a);
}

static void encoders_refuse_bad_values(void **state)
{
	struct arena a;
	struct val *ag;

	(void)state;
	arena_init(&a, 4096);
	expect_refused("origin", STR("nowhere"), AS4_IBGP, "igp", &a);
	expect_refused("origin", val_new_int(&a, 0), AS4_IBGP, "igp", &a);
	expect_refused("med", val_new_int(&a, 4294967296), AS4_IBGP, "med", &a);
	expect_refused("med", val_new_int(&a, -1), AS4_IBGP, "med", &a);
	expect_refused("local-preference", STR("high"), AS4_IBGP, "local-preference", &a);
	expect_refused("otc", val_new_int(&a, 4294967296), AS4_IBGP, "otc", &a);
	expect_refused("next-hop", STR("2001:db8::1"), AS4_IBGP, "IPv4", &a);
	expect_refused("originator-id", STR("1.2.3"), AS4_IBGP, "IPv4", &a);
	expect_refused("aggregator", STR("65000"), AS4_IBGP, "<asn>:<ipv4>", &a);
	expect_refused("aggregator", STR("65000:1.2.3.4.5"), AS4_IBGP, "<asn>:<ipv4>", &a);
	expect_refused("aggregator", STR("4294967296:1.2.3.4"), AS4_IBGP, "<asn>:<ipv4>", &a);
	expect_refused("aggregator", STR(":1.2.3.4"), AS4_IBGP, "<asn>:<ipv4>", &a);
	ag = val_new(&a, VAL_OBJ);
	val_push(&a, ag, "asn", val_new_int(&a, 1));
	expect_refused("aggregator", ag, AS4_IBGP, "<asn>:<ipv4>", &a);
	expect_refused("atomic-aggregate", STR("yes"), AS4_IBGP, "true or false", &a);
	expect_refused("aigp", STR("ten"), AS4_IBGP, "aigp", &a);
	expect_refused("attribute-0x99-0xC0", STR("0x123"), AS4_IBGP, "bad hex", &a);
	expect_refused("attribute-0x99-0xC0", STR("0xZZ"), AS4_IBGP, "bad hex", &a);
	expect_refused("attribute-0x99-0xC0", val_new_int(&a, 1), AS4_IBGP, "hex string", &a);
	expect_refused("attribute-0x199-0xC0", STR("0x00"), AS4_IBGP, "attribute-0x", &a);
	expect_refused("attribute-0x99", STR("0x00"), AS4_IBGP, "attribute-0x", &a);
	expect_refused("attribute-0x99-0xGG", STR("0x00"), AS4_IBGP, "attribute-0x", &a);
	arena_fini(&a);
}

/* a generic value longer than 255 octets goes with a 2-octet length */
static void generic_long_value_extended_length(void **state)
{
	struct arena a;
	struct lb_err err;
	struct wbuf w;
	char hex[2 * 300 + 1];

	(void)state;
	arena_init(&a, 4096);
	memset(hex, 'a', 600);
	hex[600] = 0;
	wbuf_init(&w, 0);
	assert_int_equal(encode_one("attribute-0x99-0xC0", val_new_str(&a, hex, 600),
				    AS4_IBGP, &w, &err, &a), 0);
	assert_int_equal(w.len, 4 + 300);
	assert_int_equal(w.data[0], 0xD0);
	assert_int_equal(w.data[2], 0x01);
	assert_int_equal(w.data[3], 0x2C);
	wbuf_fini(&w);
	arena_fini(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(well_formed_vectors),
		cmocka_unit_test(as4_aggregator_is_folded_or_ignored),
		cmocka_unit_test(aigp_other_tlvs_skipped),
		cmocka_unit_test(generic_name_has_partial),
		cmocka_unit_test(malformed_vectors),
		cmocka_unit_test(withdraw_fault_without_nlri_resets),
		cmocka_unit_test(withdraw_json_has_no_attributes),
		cmocka_unit_test(u_f_bad_origin_first_withdraws_the_nlri),
		cmocka_unit_test(u_g_first_origin_kept),
		cmocka_unit_test(u_l_odd_aggregator_lengths_discarded),
		cmocka_unit_test(u_n_next_hop_lengths_withdraw),
		cmocka_unit_test(u_j_u_k_cluster_list_and_unknown_attributes),
		cmocka_unit_test(encoders_accept_config_shapes),
		cmocka_unit_test(encoders_refuse_bad_values),
		cmocka_unit_test(generic_long_value_extended_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
