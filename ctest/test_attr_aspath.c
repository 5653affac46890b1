/* AS_PATH, AS4_PATH, COMMUNITIES and LARGE_COMMUNITY (attr_aspath.c,
 * attr_community.c).
 *
 * Vector rows: the attributes of an UPDATE as hex must print ExaBGP's JSON
 * (and text), and the tree of that JSON must encode to the given bytes (the
 * input itself unless the row says otherwise).  The first rows come from
 * the conformance folders (api-attributes, api-vpls, conf-parity,
 * conf-no-asn4, conf-flow, conf-largecommunity, decoding/bgp-ls-2), where
 * ExaBGP's JSON was recorded.  Malformed rows check the RFC 7606 / RFC 6793
 * outcome, subcode and offset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "emit/text.h"
#include "testutil.h"
#include "wire/attr.h"
#include "wire/message.h"
#include "wire/update_encode.h"
#include "wire/update_json.h"

/* session variants */
enum {
	AS4 = 0,        /* 4-octet AS, iBGP: the decode command's context */
	AS2 = 1 << 0,   /* no 4-octet AS capability */
	EBGP = 1 << 1,  /* peer AS 65001, local 65533 */
	FIRST = 1 << 2, /* enforce_first_as */
	V42 = 1 << 3,   /* ExaBGP 4.2's JSON */
};

#define NLRI "180A0001"
#define OTHER_OFF 27 /* attributes after header, lengths and ORIGIN */

static struct wire_update U;
static uint8_t msg[70000];
static size_t msg_len;

static void ctx_of(struct wire_ctx *c, unsigned how)
{
	wire_ctx_init_decode(c);
	c->asn4 = !(how & AS2);
	if (how & EBGP) {
		c->ibgp = false;
		c->peer_as = 65001;
	}
	c->enforce_first_as = (how & FIRST) != 0;
	if (how & V42)
		c->json_flags |= WIRE_JSON_V42;
}

static int decode(const char *attrs, const char *nlri, const struct wire_ctx *ctx)
{
	static uint8_t a[65536], n[4096];
	size_t al = tu_hex(attrs, a, sizeof(a));
	size_t nl = tu_hex(nlri, n, sizeof(n));
	struct wbuf b;

	wbuf_init_fixed(&b, msg, sizeof(msg));
	wire_header_write(&b, WIRE_MSG_UPDATE, (uint16_t)(19 + 4 + al + nl));
	wbuf_u16(&b, 0);
	wbuf_u16(&b, (uint16_t)al);
	wbuf_put(&b, a, al);
	wbuf_put(&b, n, nl);
	assert_false(b.failed);
	msg_len = b.len;
	return wire_update_decode(&U, msg, msg_len, msg + 19, msg_len - 19, ctx);
}

static char *attrs_json(const struct wire_ctx *ctx)
{
	static char text[65536];
	struct json_sink j;
	struct wbuf w;

	wbuf_init_fixed(&w, text, sizeof(text) - 1);
	json_sink_init(&j, &w, 1);
	wire_update_attrs_json(&j.base, &U, ctx, false);
	json_sink_fini(&j);
	assert_false(w.failed);
	text[w.len] = 0;
	return text;
}

static char *attrs_text(const struct wire_ctx *ctx)
{
	static char text[65536];
	struct wbuf w;

	wbuf_init_fixed(&w, text, sizeof(text) - 1);
	emit_text_attributes(&w, &U, ctx);
	assert_false(w.failed);
	text[w.len] = 0;
	return text;
}

/* Encode the members of the attribute object of U, in order. */
static void encode_attrs(const struct wire_ctx *ctx, struct wbuf *w)
{
	struct val_sink vs;
	struct arena a;
	struct lb_err err;
	const struct val *root;

	arena_init(&a, 4096);
	val_sink_init(&vs, &a);
	wire_update_attrs_json(&vs.base, &U, ctx, false);
	root = val_sink_root(&vs);
	assert_non_null(root);
	for (const struct val *m = root->kids.first; m; m = m->next) {
		const struct wire_attr_desc *d = wire_attr_desc_by_name(m->key, m->klen);

		/* this file's attributes only (4.2's "as-set" and
		 * "confederation-*" have no encoder) */
		if (d != &wire_attr_as_path && d != &wire_attr_as4_path &&
		    d != &wire_attr_community && d != &wire_attr_large_community)
			continue;
		lb_err_clear(&err);
		if (d->encode(w, m, ctx, &err) < 0) {
			print_error("%s: encode failed: %s\n", m->key, err.reason);
			fail();
		}
	}
	val_sink_fini(&vs);
	arena_fini(&a);
}

struct vec {
	unsigned how;
	const char *attrs;   /* hex of the attributes */
	const char *json;    /* the attribute object, compact */
	const char *text;    /* emit_text_attributes() */
	const char *again;   /* what the JSON encodes to; NULL: attrs */
};

static const struct vec vectors[] = {
	/* conformance: decoding/bgp-ls-2 */
	{ AS4, "40020602010000FDE9",
	  "{\"as-path\":{\"0\":{\"element\":\"as-sequence\",\"value\":[65001]}}}",
	  " as-path [ 65001 ]", NULL },
	/* api-attributes */
	{ AS4, "400212" "020400000001000000020000000300000004",
	  NULL, NULL, NULL },
	/* conf-parity */
	{ AS4, "40020E0203000062620000FDE80000FC00",
	  "{\"as-path\":{\"0\":{\"element\":\"as-sequence\",\"value\":[25186,65000,64512]}}}",
	  " as-path [ 25186 65000 64512 ]", NULL },
	/* api-vpls, conf-l2vpn */
	{ AS4, "40021E020700007814000078140000781400007814000078140000781400007814",
	  "{\"as-path\":{\"0\":{\"element\":\"as-sequence\",\"value\":[30740,30740,30740,30740,30740,30740,30740]}}}",
	  NULL, NULL },
	/* conf-no-asn4: a 2-octet session */
	{ AS2, "40020402010064",
	  "{\"as-path\":{\"0\":{\"element\":\"as-sequence\",\"value\":[100]}}}",
	  " as-path [ 100 ]", NULL },
	/* api-vpls: communities */
	{ AS4, "C00804D53F007B", "{\"community\":[[54591,123]]}",
	  " community 54591:123", NULL },
	/* conf-flow */
	{ AS4, "C008087814000078147814", "{\"community\":[[30740,0],[30740,30740]]}",
	  " community [ 30740:0 30740:30740 ]", NULL },
	/* conf-largecommunity */
	{ AS4, "C0201800000B62000000000000029A00000B6200000CF80000007B",
	  "{\"large-community\":[[2914,0,666],[2914,3320,123]]}",
	  " large-community [ 2914:0:666 2914:3320:123 ]", NULL },

	/* an empty AS_PATH prints nothing (ExaBGP leaves it out) */
	{ AS4, "400200", "{}", "", "" },
	/* every segment type; confederation segments are named as-sequence
	 * as ExaBGP does, so they come back as plain sequences */
	{ AS4, "4002240202000000010000000201020000000300000004030200000005000000060401" "00000007",
	  "{\"as-path\":{\"0\":{\"element\":\"as-sequence\",\"value\":[1,2]},"
	  "\"1\":{\"element\":\"as-set\",\"value\":[3,4]},"
	  "\"2\":{\"element\":\"as-sequence\",\"value\":[5,6]},"
	  "\"3\":{\"element\":\"as-sequence\",\"value\":[7]}}}",
	  " as-path [ 1 2 ( 3 4 ) ][ 5 6 ( 7 ) ]",
	  "4002240202000000010000000201020000000300000004020200000005000000060201" "00000007" },
	/* the same in ExaBGP 4.2's shape */
	{ AS4 | V42, "4002240202000000010000000201020000000300000004030200000005000000060401" "00000007",
	  "{\"as-path\":[1,2],\"as-set\":[3,4],\"confederation-path\":[5,6],\"confederation-set\":[7]}",
	  " as-path [ 1 2 ( 3 4 ) ][ 5 6 ( 7 ) ]", "40020A020200000001" "00000002" },
	{ AS4 | V42, "40020E0203000062620000FDE80000FC00",
	  "{\"as-path\":[25186,65000,64512],\"confederation-path\":[]}",
	  " as-path [ 25186 65000 64512 ]",
	  "40020E0203000062620000FDE80000FC00" },
	{ AS4 | V42, "40020A01020000000300000004",
	  "{\"as-path\":[],\"as-set\":[3,4],\"confederation-path\":[]}",
	  " as-path [ ( 3 4 )]", "400200" },
	/* a 2-octet AS_PATH with AS_TRANS and the AS4_PATH that completes it
	 * (RFC 6793 §4.2.3): the cut sequence and AS4_PATH's are one segment;
	 * encoded again, AS4_PATH carries the whole path as ExaBGP writes it */
	{ AS2, "40020802030064" "5BA0" "5BA0" "C0110A02020001117000013880",
	  "{\"as-path\":{\"0\":{\"element\":\"as-sequence\",\"value\":[100,70000,80000]}}}",
	  " as-path [ 100 70000 80000 ]",
	  "40020802030064" "5BA0" "5BA0" "C0110E0203000000640001117000013880" },
	/* AS4_PATH longer than AS_PATH: ignored */
	{ AS2, "400204020100C8" "C0110A02020001117000013880",
	  "{\"as-path\":{\"0\":{\"element\":\"as-sequence\",\"value\":[200]}}}",
	  " as-path [ 200 ]", "400204020100C8" },
	/* AGGREGATOR (not AS_TRANS) with AS4_AGGREGATOR: a 2-octet speaker
	 * aggregated, AS4_PATH is stale (RFC 6793 §4.2.3) */
	{ AS2, "400204020100C8" "C00706FDE80A000001" "C01106" "0201" "00011170"
	  "C01208000111700A000001",
	  NULL, NULL, "400204020100C8" },
	/* AGGREGATOR alone says nothing about AS4_PATH */
	{ AS2, "400204020100C8" "C00706FDE80A000001" "C01106" "0201" "00011170",
	  NULL, NULL, "40020402015BA0" "C01106" "0201" "00011170" },
	/* segments beyond the AS4_PATH part are kept, sets count one, and the
	 * confederation segments of AS4_PATH are dropped (RFC 6793 §6) */
	{ AS2, "400210" "0202" "0001" "0002" "0102" "0003" "5BA0" "0201" "5BA0"
	  "C01112" "0301" "0000000A" "0101" "00011170" "0201" "00013880",
	  "{\"as-path\":{\"0\":{\"element\":\"as-sequence\",\"value\":[1,2]},"
	  "\"1\":{\"element\":\"as-set\",\"value\":[70000]},"
	  "\"2\":{\"element\":\"as-sequence\",\"value\":[80000]}}}",
	  " as-path [ 1 2 80000 ( 70000 ) ]",
	  "40020E" "020200010002" "01015BA0" "02015BA0"
	  "C01116" "02020000000100000002" "010100011170" "020100013880" },

	/* an AS4_PATH with no AS_PATH (nothing announced) is its own member */
	{ AS2, "C01106" "0201" "00011170",
	  "{\"as4-path\":{\"0\":{\"element\":\"as-sequence\",\"value\":[70000]}}}",
	  " as4-path [ 70000 ]", NULL },

	/* an empty AS_PATH does not take AS4_PATH in (ExaBGP drops it first) */
	{ AS2, "400200" "C01106" "0201" "00011170",
	  "{\"as4-path\":{\"0\":{\"element\":\"as-sequence\",\"value\":[70000]}}}",
	  " as4-path [ 70000 ]", "C01106" "0201" "00011170" },

	/* communities: sorted as ExaBGP main keeps them, duplicates stay,
	 * well-known names in the text */
	{ AS4, "C00814FFFFFF01" "FFFF029A" "0001000A" "FFFFFF04" "0001000A",
	  "{\"community\":[[1,10],[1,10],[65535,666],[65535,65281],[65535,65284]]}",
	  " community [ 1:10 1:10 blackhole no-export no-peer ]",
	  "C008140001000A0001000AFFFF029AFFFFFF01FFFFFF04" },
	{ AS4 | V42, "C00808FFFFFF020001000A",
	  "{\"community\":[[65535,65282],[1,10]]}",
	  " community [ 1:10 no-advertise ]", "C008080001000AFFFFFF02" },
	{ AS4, "C00804FFFFFF03", "{\"community\":[[65535,65283]]}",
	  " community no-export-subconfed", NULL },
	/* large communities: sorted, duplicates dropped (4.2: wire order) */
	{ AS4, "C02024" "000000030000000200000001" "000000010000000200000003"
	  "000000030000000200000001",
	  "{\"large-community\":[[1,2,3],[3,2,1]]}",
	  " large-community [ 1:2:3 3:2:1 ]",
	  "C02018000000010000000200000003000000030000000200000001" },
	{ AS4 | V42, "C02024" "000000030000000200000001" "000000010000000200000003"
	  "000000030000000200000001",
	  "{\"large-community\":[[3,2,1],[1,2,3]]}",
	  " large-community [ 1:2:3 3:2:1 ]",
	  "C02018000000010000000200000003000000030000000200000001" },
	{ AS4, "C0200C000000010000000200000003", "{\"large-community\":[[1,2,3]]}",
	  " large-community 1:2:3", NULL },
};

static void vectors_decode_print_and_encode_back(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vec *v = &vectors[i];
		struct wire_ctx ctx;
		uint8_t want[4096];
		size_t wl;
		struct wbuf w;

		ctx_of(&ctx, v->how);
		if (decode(v->attrs, "", &ctx) < 0 || U.err.act != LB_ACT_NONE || U.ndiscarded) {
			print_error("row %zu: %s\n", i, U.err.act ? U.err.reason : U.discarded.reason);
			fail();
		}
		if (v->json)
			tu_assert_text(v->json, attrs_json(&ctx), strlen(attrs_json(&ctx)));
		if (v->text)
			tu_assert_text(v->text, attrs_text(&ctx), strlen(attrs_text(&ctx)));
		wl = tu_hex(v->again ? v->again : v->attrs, want, sizeof(want));
		wbuf_init(&w, 0);
		encode_attrs(&ctx, &w);
		assert_bytes(want, wl, w.data, w.len);
		wbuf_fini(&w);
	}
}

struct bad {
	unsigned how;
	const char *attrs;   /* with ORIGIN and NEXT_HOP, before the NLRI */
	uint8_t act;
	uint8_t sub;
	size_t offset;       /* from the start of attrs */
	const char *reason;  /* a piece of it */
};

static const struct bad bad_cases[] = {
	/* RFC 7606 §7.2 */
	{ AS4, "400204" "0202FFDC", LB_ACT_WITHDRAW, 11, 3, "runs past" },
	{ AS4, "400206" "050100000001", LB_ACT_WITHDRAW, 11, 3, "unknown segment type" },
	{ AS4, "400206" "000100000001", LB_ACT_WITHDRAW, 11, 3, "unknown segment type" },
	{ AS4, "400208" "020100000001" "0200", LB_ACT_WITHDRAW, 11, 9, "length 0" },
	{ AS4, "400207" "020100000001" "02", LB_ACT_WITHDRAW, 11, 9, "single octet" },
	{ AS2, "400205" "0202000100", LB_ACT_WITHDRAW, 11, 3, "runs past" },
	/* RFC 7607: AS 0 */
	{ AS4, "40020A" "02020000000100000000", LB_ACT_WITHDRAW, 11, 9, "AS 0" },
	/* RFC 5065 §5: confederation segments from outside */
	{ EBGP, "40020C" "0201" "0000FDE9" "0301" "00000005", LB_ACT_WITHDRAW, 11, 9,
	  "confederation" },
	/* RFC 4271 §6.3 when asked for: the peer's AS first */
	{ EBGP | FIRST, "400206" "02010000FDEA", LB_ACT_WITHDRAW, 11, 3, "leftmost" },
	{ EBGP | FIRST, "400206" "01010000FDE9", LB_ACT_WITHDRAW, 11, 3, "leftmost" },
	{ EBGP | FIRST, "400200", LB_ACT_WITHDRAW, 11, 0, "empty" },
	/* RFC 7606 §7.8, RFC 8092 §6 */
	{ AS4, "400200" "C00803000100", LB_ACT_WITHDRAW, 5, 3, "COMMUNITIES" },
	{ AS4, "400200" "C00800", LB_ACT_WITHDRAW, 5, 3, "COMMUNITIES" },
	{ AS4, "400200" "C0080500010002FF", LB_ACT_WITHDRAW, 5, 3, "COMMUNITIES" },
	{ AS4, "400200" "C0200B0000000100000002000000", LB_ACT_WITHDRAW, 5, 3, "LARGE_COMMUNITY" },
	{ AS4, "400200" "C02000", LB_ACT_WITHDRAW, 5, 3, "LARGE_COMMUNITY" },
	{ AS4, "400200" "C0200D00000001000000020000000300", LB_ACT_WITHDRAW, 5, 3,
	  "LARGE_COMMUNITY" },
	/* RFC 6793 §6: AS4_PATH is discarded, the UPDATE goes on */
	{ AS4, "400200" "C01106" "0201" "00011170", LB_ACT_DISCARD, 9, 3, "4-octet AS session" },
	{ AS2, "400200" "C0110402010001", LB_ACT_DISCARD, 9, 6, "runs past" },
	{ AS2, "400200" "C011060201" "00000000", LB_ACT_DISCARD, 9, 8, "AS 0" },
	{ AS2, "400200" "C01100", LB_ACT_DISCARD, 9, 3, "empty" },
	{ AS2, "400200" "C011060001" "00011170", LB_ACT_DISCARD, 9, 6, "segment type" },
	/* RFC 7606 §3 c with RFC 6793 §6: wrong flags discard AS4_PATH */
	{ AS2, "400200" "401106" "0201" "00011170", LB_ACT_DISCARD, 4, 3, "flags" },
};

static void malformed_attributes_get_their_outcome(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad *b = &bad_cases[i];
		char attrs[512];
		struct wire_ctx ctx;
		const struct lb_err *e;

		snprintf(attrs, sizeof(attrs), "40010100%s4003040A000001", b->attrs);
		ctx_of(&ctx, b->how);
		assert_int_equal(decode(attrs, NLRI, &ctx), 0);
		e = b->act == LB_ACT_DISCARD ? &U.discarded : &U.err;
		if (e->act != b->act || e->subcode != b->sub || e->offset != OTHER_OFF + b->offset ||
		    !strstr(e->reason, b->reason)) {
			print_error("row %zu: act %u sub %u offset %zu \"%s\"\n", i, e->act,
				    e->subcode, e->offset, e->reason);
			fail();
		}
		if (b->act == LB_ACT_DISCARD) {
			if (U.err.act != LB_ACT_NONE)
				print_error("row %zu: %s\n", i, U.err.reason);
			assert_int_equal(U.err.act, LB_ACT_NONE);
			assert_null(wire_update_attr(&U, WIRE_ATTR_AS4_PATH));
		}
	}
}

static void well_formed_paths_pass_the_session_checks(void **state)
{
	struct wire_ctx ctx;

	(void)state;
	/* the peer's AS first; from an iBGP peer nothing is asked */
	ctx_of(&ctx, EBGP | FIRST);
	assert_int_equal(decode("40010100" "40020A020200" "00FDE9" "00000005" "4003040A000001",
				NLRI, &ctx), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	ctx_of(&ctx, EBGP);
	assert_int_equal(decode("40010100" "400206020100000005" "4003040A000001", NLRI, &ctx), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	ctx_of(&ctx, AS4);
	assert_int_equal(decode("40010100" "400206030100000005" "4003040A000001", NLRI, &ctx), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	/* a 2-octet peer whose AS does not fit leads with AS_TRANS */
	ctx_of(&ctx, AS2 | EBGP | FIRST);
	ctx.peer_as = 70000;
	assert_int_equal(decode("40010100" "40020402015BA0" "4003040A000001", NLRI, &ctx), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
}

/* ExaBGP leaves an empty AS_PATH out of its attribute collection: an
 * UPDATE with no other attribute has no "attribute" member (found by
 * fuzz_update_roundtrip: "attribute": {} did not survive re-encoding). */
static void empty_as_path_alone_prints_no_attribute_object(void **state)
{
	static char text[4096];
	struct wire_ctx ctx;
	struct json_sink j;
	struct wbuf w;

	(void)state;
	ctx_of(&ctx, AS4);
	assert_int_equal(decode("400200", "", &ctx), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	wbuf_init_fixed(&w, text, sizeof(text) - 1);
	json_sink_init(&j, &w, 1);
	sink_obj(&j.base);
	wire_update_json(&j.base, &U, &ctx);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	text[w.len] = 0;
	tu_assert_text("{\"update\":{}}", text, w.len);
	/* with another attribute the object is there, without "as-path" */
	assert_int_equal(decode("400200" "C00804FFFFFF01", "", &ctx), 0);
	wbuf_reset(&w);
	json_sink_init(&j, &w, 1);
	sink_obj(&j.base);
	wire_update_json(&j.base, &U, &ctx);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	text[w.len] = 0;
	tu_assert_text("{\"update\":{\"attribute\":{\"community\":[[65535,65281]]}}}", text, w.len);
}

/* Long attributes: a path of 255 + 99 ASes (extended length) and 4000
 * communities in reverse order, reported sorted and encoded sorted. */
static void long_attributes_round_trip(void **state)
{
	static char hex[70000], want_json[70000];
	struct wire_ctx ctx;
	uint8_t want[20000];
	size_t n = 0, k = 0, wl;
	struct wbuf w;

	(void)state;
	n += (size_t)snprintf(hex + n, sizeof(hex) - n, "5002%04X02FF", 4 * 354 + 4);
	k += (size_t)snprintf(want_json + k, sizeof(want_json) - k,
			      "{\"as-path\":{\"0\":{\"element\":\"as-sequence\",\"value\":[");
	for (unsigned i = 1; i <= 354; i++) {
		if (i == 256) {
			n += (size_t)snprintf(hex + n, sizeof(hex) - n, "0263");
			k += (size_t)snprintf(want_json + k, sizeof(want_json) - k,
					      "]},\"1\":{\"element\":\"as-sequence\",\"value\":[");
		}
		n += (size_t)snprintf(hex + n, sizeof(hex) - n, "%08X", 70000 + i);
		k += (size_t)snprintf(want_json + k, sizeof(want_json) - k, "%s%u",
				      i == 1 || i == 256 ? "" : ",", 70000 + i);
	}
	k += (size_t)snprintf(want_json + k, sizeof(want_json) - k, "]}}}");
	ctx_of(&ctx, AS4);
	assert_int_equal(decode(hex, "", &ctx), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	tu_assert_text(want_json, attrs_json(&ctx), strlen(attrs_json(&ctx)));
	wl = tu_hex(hex, want, sizeof(want));
	wbuf_init(&w, 0);
	encode_attrs(&ctx, &w);
	assert_bytes(want, wl, w.data, w.len);

	/* communities 4000..1 */
	n = (size_t)snprintf(hex, sizeof(hex), "D0083E80");
	for (unsigned i = 4000; i >= 1; i--)
		n += (size_t)snprintf(hex + n, sizeof(hex) - n, "0001%04X", i);
	assert_int_equal(decode(hex, "", &ctx), 0);
	assert_int_equal(U.err.act, LB_ACT_NONE);
	assert_non_null(strstr(attrs_json(&ctx), "[[1,1],[1,2],[1,3],"));
	assert_non_null(strstr(attrs_json(&ctx), "[1,3999],[1,4000]]}"));
	n = (size_t)snprintf(hex, sizeof(hex), "D0083E80");
	for (unsigned i = 1; i <= 4000; i++)
		n += (size_t)snprintf(hex + n, sizeof(hex) - n, "0001%04X", i);
	wl = tu_hex(hex, want, sizeof(want));
	wbuf_reset(&w);
	encode_attrs(&ctx, &w);
	assert_bytes(want, wl, w.data, w.len);
	wbuf_fini(&w);
}

/* --- encoders from hand-made trees -------------------------------------- */

static struct val *num(struct arena *a, uint64_t n)
{
	return val_new_uint(a, n);
}

static struct val *list(struct arena *a, size_t n, const uint64_t *v)
{
	struct val *l = val_new(a, VAL_ARR);

	for (size_t i = 0; i < n; i++)
		val_push(a, l, NULL, num(a, v[i]));
	return l;
}

static struct val *segment(struct arena *a, const char *element, size_t n,
			   const uint64_t *v)
{
	struct val *s = val_new(a, VAL_OBJ);

	val_push(a, s, "element", val_new_str(a, element, strlen(element)));
	val_push(a, s, "value", list(a, n, v));
	return s;
}

static int encode_with(const struct wire_attr_desc *d, const struct val *v,
		       unsigned how, struct wbuf *w, struct lb_err *err)
{
	struct wire_ctx ctx;

	ctx_of(&ctx, how);
	wbuf_reset(w);
	lb_err_clear(err);
	return d->encode(w, v, &ctx, err);
}

static void assert_encodes(const struct wire_attr_desc *d, const struct val *v,
			   unsigned how, const char *hex)
{
	uint8_t want[4096];
	size_t wl = tu_hex(hex, want, sizeof(want));
	struct lb_err err;
	struct wbuf w;

	wbuf_init(&w, 0);
	if (encode_with(d, v, how, &w, &err) < 0) {
		print_error("encode failed: %s\n", err.reason);
		fail();
	}
	assert_bytes(want, wl, w.data, w.len);
	wbuf_fini(&w);
}

static void assert_refused(const struct wire_attr_desc *d, const struct val *v,
			   const char *reason)
{
	struct lb_err err;
	struct wbuf w;

	wbuf_init(&w, 0);
	assert_int_equal(encode_with(d, v, AS4, &w, &err), -1);
	if (!strstr(err.reason, reason)) {
		print_error("reason \"%s\" does not say \"%s\"\n", err.reason, reason);
		fail();
	}
	wbuf_fini(&w);
}

static void as_path_encoder_follows_exabgp(void **state)
{
	static uint64_t many[300];
	static const uint64_t seq[] = { 65001, 4200000000u };
	static const uint64_t zero[] = { 1, 0 };
	struct arena a;
	struct val *p;
	char hex[4096];
	size_t n = 0;

	(void)state;
	arena_init(&a, 4096);
	/* {} (or an empty list) is the empty AS_PATH */
	assert_encodes(&wire_attr_as_path, val_new(&a, VAL_OBJ), AS4, "400200");
	assert_encodes(&wire_attr_as_path, val_new(&a, VAL_ARR), AS2, "400200");
	/* 4.2's list is one sequence */
	assert_encodes(&wire_attr_as_path, list(&a, 2, seq), AS4,
		       "40020A02020000FDE9FA56EA00");
	/* to a 2-octet speaker: AS_TRANS, then AS4_PATH right after */
	p = val_new(&a, VAL_OBJ);
	val_push(&a, p, "0", segment(&a, "as-sequence", 2, seq));
	val_push(&a, p, "1", segment(&a, "as-set", 0, seq));
	val_push(&a, p, "2", segment(&a, "as-set", 1, seq + 1));
	assert_encodes(&wire_attr_as_path, p, AS2,
		       "40020A0202FDE95BA001015BA0"
		       "C011100202" "0000FDE9FA56EA00" "0101FA56EA00");
	assert_encodes(&wire_attr_as_path, p, AS4,
		       "40021002020000FDE9FA56EA000101FA56EA00");
	/* more than 255 ASes: split, and the length goes extended */
	for (size_t i = 0; i < 300; i++)
		many[i] = 1;
	p = val_new(&a, VAL_OBJ);
	val_push(&a, p, "0", segment(&a, "as-sequence", 300, many));
	n += (size_t)snprintf(hex + n, sizeof(hex) - n, "5002025C02FF");
	for (size_t i = 0; i < 255; i++)
		n += (size_t)snprintf(hex + n, sizeof(hex) - n, "0001");
	n += (size_t)snprintf(hex + n, sizeof(hex) - n, "022D");
	for (size_t i = 0; i < 45; i++)
		n += (size_t)snprintf(hex + n, sizeof(hex) - n, "0001");
	assert_encodes(&wire_attr_as_path, p, AS2, hex);
	/* what it refuses */
	p = val_new(&a, VAL_OBJ);
	val_push(&a, p, "0", segment(&a, "as-sequence", 2, zero));
	assert_refused(&wire_attr_as_path, p, "AS 0");
	p = val_new(&a, VAL_OBJ);
	val_push(&a, p, "0", segment(&a, "as-confed", 1, seq));
	assert_refused(&wire_attr_as_path, p, "\"element\"");
	assert_refused(&wire_attr_as_path, num(&a, 1), "object of segments");
	p = val_new(&a, VAL_OBJ);
	val_push(&a, p, "0", num(&a, 1));
	assert_refused(&wire_attr_as_path, p, "\"value\" list");
	/* AS4_PATH given on its own */
	assert_encodes(&wire_attr_as4_path, list(&a, 1, seq), AS2, "C011060201" "0000FDE9");
	arena_fini(&a);
}

static void community_encoders_sort_as_exabgp_sends(void **state)
{
	static const uint64_t c1[] = { 65535, 65281 }, c2[] = { 65000, 1 };
	static const uint64_t big[] = { 65536, 1 };
	static const uint64_t l1[] = { 5, 6, 7 }, l2[] = { 1, 2, 3 };
	struct arena a;
	struct val *v;

	(void)state;
	arena_init(&a, 4096);
	v = val_new(&a, VAL_ARR);
	val_push(&a, v, NULL, list(&a, 2, c1));
	val_push(&a, v, NULL, list(&a, 2, c2));
	val_push(&a, v, NULL, list(&a, 2, c1));
	assert_encodes(&wire_attr_community, v, AS4, "C0080CFDE80001FFFFFF01FFFFFF01");
	/* no values, no attribute */
	assert_encodes(&wire_attr_community, val_new(&a, VAL_ARR), AS4, "");
	v = val_new(&a, VAL_ARR);
	val_push(&a, v, NULL, list(&a, 2, big));
	assert_refused(&wire_attr_community, v, "below 65536");
	v = val_new(&a, VAL_ARR);
	val_push(&a, v, NULL, list(&a, 3, l1));
	assert_refused(&wire_attr_community, v, "list of 2 numbers");
	v = val_new(&a, VAL_ARR);
	val_push(&a, v, NULL, list(&a, 3, l1));
	val_push(&a, v, NULL, list(&a, 3, l2));
	val_push(&a, v, NULL, list(&a, 3, l1));
	assert_encodes(&wire_attr_large_community, v, AS4,
		       "C02018000000010000000200000003000000050000000600000007");
	assert_refused(&wire_attr_large_community, list(&a, 2, c2), "list of 3 numbers");
	arena_fini(&a);
}

/* An announcement whose JSON has no "as-path" (an empty AS_PATH) is sent
 * with an empty AS_PATH. */
static void announcement_without_as_path_gets_an_empty_one(void **state)
{
	static const char *want =
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0025020000000A400200"
		"4003040A000001" "180A0001";
	uint8_t bytes[256];
	size_t wl = tu_hex(want, bytes, sizeof(bytes));
	struct wire_ctx ctx;
	struct lb_err err;
	struct arena a;
	struct val *upd, *ann, *fam, *nh, *nlri;
	struct wbuf w;

	(void)state;
	arena_init(&a, 4096);
	upd = val_new(&a, VAL_OBJ);
	ann = val_new(&a, VAL_OBJ);
	fam = val_new(&a, VAL_OBJ);
	nh = val_new(&a, VAL_ARR);
	nlri = val_new(&a, VAL_OBJ);
	val_push(&a, nlri, "nlri", val_new_str(&a, "10.0.1.0/24", 11));
	val_push(&a, nh, NULL, nlri);
	val_push(&a, fam, "10.0.0.1", nh);
	val_push(&a, ann, "ipv4 unicast", fam);
	val_push(&a, upd, "attribute", val_new(&a, VAL_OBJ));
	val_push(&a, upd, "announce", ann);
	ctx_of(&ctx, AS4);
	wbuf_init(&w, 0);
	if (wire_update_encode(&w, upd, &ctx, &err) < 0) {
		print_error("%s\n", err.reason);
		fail();
	}
	assert_bytes(bytes, wl, w.data, w.len);
	wbuf_fini(&w);
	arena_fini(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors_decode_print_and_encode_back),
		cmocka_unit_test(malformed_attributes_get_their_outcome),
		cmocka_unit_test(well_formed_paths_pass_the_session_checks),
		cmocka_unit_test(empty_as_path_alone_prints_no_attribute_object),
		cmocka_unit_test(long_attributes_round_trip),
		cmocka_unit_test(as_path_encoder_follows_exabgp),
		cmocka_unit_test(community_encoders_sort_as_exabgp_sends),
		cmocka_unit_test(announcement_without_as_path_gets_an_empty_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
