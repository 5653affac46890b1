/* Extended communities (attribute 16, RFC 4360) and IPv6 address specific
 * extended communities (attribute 25, RFC 5701): every kind ExaBGP names,
 * as hex → JSON → text → encode → same bytes; the configuration texts the
 * encoder reads; and the malformed lengths RFC 7606 §7.14 makes
 * treat-as-withdraw. */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "testutil.h"
#include "wire/attr.h"
#include "wire/message.h"

struct row {
	const char *hex;    /* the attribute value */
	const char *json;   /* its member, compact */
	const char *text;   /* ExaBGP's text, leading space included */
};

#define EC(h, v, s) { h, "{\"extended-community\":[{\"value\":" v ",\"string\":\"" s "\"}]}", \
		      " extended-community " s }

static const struct row ec_rows[] = {
	/* RFC 4360 §4 route target, the three global administrator types */
	EC("0002fde800000001", "842122827661313", "target:65000:1"),
	EC("0102c0a85e0c0005", "72832373356232709", "target:192.168.94.12:5"),
	EC("0202000100000005", "144678142324244485", "target:65536:5"),
	/* non-transitive: ExaBGP matches on the low nibble of the type */
	EC("400200010000000a", "4612248972675776522", "target:1:10"),
	/* RFC 4360 §5 route origin (2-octet AS prints its number as IPv4) */
	EC("0003092906070809", "854496729565193", "origin:2345:6.7.8.9"),
	EC("0103020304051a85", "72904230943660677", "origin:2.3.4.5:6789"),
	EC("0203000100010005", "144959617301020677", "origin:65537:5"),
	/* RFC 8955 §7 flow actions */
	EC("8006000000000000", "9225060886715039744", "rate-limit:0"),
	EC("8006fde8447a0000", "9225340060738125824", "rate-limit:1000"),
	EC("800600004f000000", "9225060888040439808", "rate-limit:2147483648"),
	EC("80060000447a0666", "9225060887863887462", "rate-limit:1000"),
	EC("80060000c47a0000", "9225060890011369472", "rate-limit:-1000"),
	EC("800600007f800000", "9225060888854134784", "rate-limit:inf"),
	EC("800c0000447a0000", "9226749737724149760", "rate-limit:1000:packets"),
	EC("8007000000000003", "9225342361691750403", "action sample-terminal"),
	EC("8007000000000002", "9225342361691750402", "action sample"),
	EC("8007000000000001", "9225342361691750401", "action terminal"),
	EC("8008ffdc00003039", "9225905157026361401", "redirect:65500:12345"),
	EC("800900000000000a", "9225905311645171722", "mark 10"),
	/* draft-ietf-idr-flowspec-redirect-ip and draft-simpson */
	EC("010c010203040000", "75436401910611968", "redirect-to-nexthop-ietf 1.2.3.4"),
	EC("010c010203040001", "75436401910611969",
	   "copy-to-nexthop-ietf 1.2.3.4 (with copy)"),
	EC("0800000000000000", "576460752303423488", "redirect-to-nexthop"),
	EC("0800000000000001", "576460752303423489", "copy-to-nexthop"),
	/* RFC 4761 §3.2.4 */
	EC("800a130005dc006f", "9226207677441114223", "l2info:19:0:1500:111"),
	/* RFC 9012 §4.1 encapsulation */
	EC("030c00000000000a", "219550481834311690", "encap:MPLS"),
	EC("030c000000000008", "219550481834311688", "encap:VXLAN"),
	EC("030c000000000063", "219550481834311779", "encap:encap:UNKNOWN-99"),
	/* RFC 7432 §7.5, §7.6, §7.7 */
	EC("06000000000000ff", "432345564227567871", "mac-mobility:255"),
	EC("06000100000000ff", "432346663739195647", "mac-mobility:255:sticky"),
	EC("0601010000000640", "432628138715907648", "esi-label:100:single-active"),
	EC("0601000000000640", "432627039204279872", "esi-label:100:all-active"),
	EC("0602aabbccddeeff", "433096237753691903", "es-import:aa:bb:cc:dd:ee:ff"),
	/* interface-set, link bandwidth, MUP, CHSO, RT record */
	{ "07020000fde8400a",
	  "{\"extended-community\":[{\"value\":504966112478773258,\"string\":\"interface-set:input:65000:10\",\"transitive\":true}]}",
	  " extended-community interface-set:input:65000:10" },
	{ "07020000fde8c00a",
	  "{\"extended-community\":[{\"value\":504966112478806026,\"string\":\"interface-set:input-output:65000:10\",\"transitive\":true}]}",
	  " extended-community interface-set:input-output:65000:10" },
	{ "07020000fde8000a",
	  "{\"extended-community\":[{\"value\":504966112478756874,\"string\":\"interface-set:0:65000:10\",\"transitive\":true}]}",
	  " extended-community interface-set:0:65000:10" },
	/* non-transitive interface-set, a group id of 14 bits */
	{ "47020000fde87fff",
	  "{\"extended-community\":[{\"value\":5116652130906177535,\"string\":\"interface-set:input:65000:16383\",\"transitive\":false}]}",
	  " extended-community interface-set:input:65000:16383" },
	EC("4004fde84b3ebc20", "4613091092470873120", "bandwidth:65000:12500000"),
	EC("0c00000a0000000a", "864691171404808202", "mup:10:10"),
	EC("03140000000a0000", "221802281648652288", "consistentHashSortOrder:10"),
	EC("00130001000000ff", "5348028852470015", "rtrecord:1:255"),
};

/* kinds ExaBGP does not know: an empty JSON string, hex in the text */
static const struct row ec_unknown[] = {
	{ "0a0b0c0d0e0f0102",
	  "{\"extended-community\":[{\"value\":723685415333069058,\"string\":\"\"}]}",
	  " extended-community 0x0A0B0C0D0E0F0102" },
	{ "8108010203040064",
	  "{\"extended-community\":[{\"value\":9297682538858545252,\"string\":\"\"}]}",
	  " extended-community 0x8108010203040064" },
	/* RFC 7674 4-octet AS redirect: ExaBGP registers it without a text */
	{ "820800010000000a",
	  "{\"extended-community\":[{\"value\":9369739029039284234,\"string\":\"\"}]}",
	  " extended-community 0x820800010000000A" },
	{ "0000000000000000",
	  "{\"extended-community\":[{\"value\":0,\"string\":\"\"}]}",
	  " extended-community 0x0000000000000000" },
	/* several: JSON in wire order, text sorted by octets */
	{ "0002fde8000000010002fde800000000",
	  "{\"extended-community\":[{\"value\":842122827661313,\"string\":\"target:65000:1\"},"
	  "{\"value\":842122827661312,\"string\":\"target:65000:0\"}]}",
	  " extended-community [ target:65000:0 target:65000:1 ]" },
	{ "0002fde80000000100000000000000000002fde800000001",
	  "{\"extended-community\":[{\"value\":842122827661313,\"string\":\"target:65000:1\"},"
	  "{\"value\":0,\"string\":\"\"},"
	  "{\"value\":842122827661313,\"string\":\"target:65000:1\"}]}",
	  " extended-community [ 0x0000000000000000 target:65000:1 target:65000:1 ]" },
};

static const struct row ec6_rows[] = {
	/* the conformance vector (bgp-flow-5 style) */
	{ "000c2a020b80000000010000000000000001" "0000",
	  "{\"extended-community-ipv6\":[{\"value\":271268354242357201462255214013497395816497152,"
	  "\"string\":\"redirect-to-nexthop-ietf 2a02:b80:0:1::1\"}]}",
	  " extended-community-ipv6 redirect-to-nexthop-ietf 2a02:b80:0:1::1" },
	{ "000c20010db8000000000000000000000001" "0001",
	  "{\"extended-community-ipv6\":[{\"value\":270396894049897293703898678829571923249266689,"
	  "\"string\":\"copy-to-nexthop-ietf 2001:db8::1 (with copy)\"}]}",
	  " extended-community-ipv6 copy-to-nexthop-ietf 2001:db8::1 (with copy)" },
	/* redirect to an IPv6 route target: ExaBGP registers it without a text */
	{ "800b20010db8000000000000000000000001" "000a",
	  "{\"extended-community-ipv6\":[{\"value\":730998914814302825772404779318698433389709557770,"
	  "\"string\":\"\"}]}",
	  " extended-community-ipv6 0x800B20010DB8000000000000000000000001000A" },
	{ "000220010db8000000000000000000000001" "0005",
	  "{\"extended-community-ipv6\":[{\"value\":47389442064591062288541496103088308189462533,"
	  "\"string\":\"\"}]}",
	  " extended-community-ipv6 0x220010DB80000000000000000000000010005" },
	{ "0000000000000000000000000000000000000000",
	  "{\"extended-community-ipv6\":[{\"value\":0,\"string\":\"\"}]}",
	  " extended-community-ipv6 0x0000000000000000" },
};

static struct wire_ctx CTX;

static int setup(void **state)
{
	(void)state;
	wire_ctx_init_decode(&CTX);
	return 0;
}

static void attr_of(const struct wire_attr_desc *d, const uint8_t *v, size_t n,
		    struct wire_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->code = d->code;
	a->flags = 0xC0;
	a->len = n;
	a->val = v;
}

static void check_row(const struct wire_attr_desc *d, const struct row *r)
{
	uint8_t v[256], want[260];
	size_t n = tu_hex(r->hex, v, sizeof(v));
	struct wire_attr a;
	struct rd rd;
	struct lb_err err;
	struct wbuf out, enc;
	struct json_sink j;
	struct arena ar;
	struct val_sink vs;

	attr_of(d, v, n, &a);
	rd_init(&rd, v, n);
	lb_err_clear(&err);
	assert_int_equal(d->check(&rd, &a, &CTX, &err), 0);

	wbuf_init(&out, 0);
	json_sink_init(&j, &out, 1);
	sink_obj(&j.base);
	d->json(&j.base, &a, NULL, &CTX);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	tu_assert_text(r->json, wbuf_cstr(&out), out.len);

	wbuf_reset(&out);
	d->text(&out, &a, NULL, &CTX);
	tu_assert_text(r->text, wbuf_cstr(&out), out.len);
	wbuf_fini(&out);

	/* the walker's tree encodes to the same attribute */
	arena_init(&ar, 4096);
	val_sink_init(&vs, &ar);
	sink_obj(&vs.base);
	d->json(&vs.base, &a, NULL, &CTX);
	sink_obj_end(&vs.base);
	assert_non_null(val_sink_root(&vs));
	wbuf_init(&enc, 0);
	assert_int_equal(d->encode(&enc, val_get(val_sink_root(&vs), d->name), &CTX, &err), 0);
	want[0] = 0xC0;
	want[1] = d->code;
	want[2] = (uint8_t)n;
	memcpy(want + 3, v, n);
	assert_bytes(want, n + 3, enc.data, enc.len);
	wbuf_fini(&enc);
	val_sink_fini(&vs);
	arena_fini(&ar);
}

static void test_kinds(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ec_rows) / sizeof(ec_rows[0]); i++)
		check_row(&wire_attr_ext_community, &ec_rows[i]);
}

static void test_unknown_and_lists(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ec_unknown) / sizeof(ec_unknown[0]); i++)
		check_row(&wire_attr_ext_community, &ec_unknown[i]);
}

static void test_ipv6(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ec6_rows) / sizeof(ec6_rows[0]); i++)
		check_row(&wire_attr_ipv6_ext_community, &ec6_rows[i]);
}

/* Encode a list of strings (no "value": the configuration's shape). */
static int encode_strings(const struct wire_attr_desc *d, const char *const *s, size_t n,
			  struct wbuf *w, struct lb_err *err)
{
	struct arena ar;
	struct val *list;
	int rc;

	arena_init(&ar, 1024);
	list = val_new(&ar, VAL_ARR);
	for (size_t i = 0; i < n; i++) {
		struct val *o = val_new(&ar, VAL_OBJ);

		val_push(&ar, o, "string", val_new_str(&ar, s[i], strlen(s[i])));
		val_push(&ar, list, NULL, o);
	}
	rc = d->encode(w, list, &CTX, err);
	arena_fini(&ar);
	return rc;
}

struct text_row {
	const char *text;
	const char *hex;
};

static const struct text_row ec_texts[] = {
	{ "target:65000:1", "0002fde800000001" },
	{ "target:192.168.94.12:5", "0102c0a85e0c0005" },
	{ "target:120000L:123", "02020001d4c0007b" },
	{ "target:65536:5", "0202000100000005" },
	{ "target:10283:4.249.92.120", "0002282b04f95c78" },
	{ "target:10283:83451000", "0002282b04f95c78" },
	{ "origin:2345:6.7.8.9", "0003092906070809" },
	{ "origin:2.3.4.5:6789", "0103020304051a85" },
	{ "origin:130000:1234", "02030001fbd004d2" },
	{ "rate-limit:0", "8006000000000000" },
	{ "rate-limit:9600", "8006000046160000" },
	{ "rate-limit:1000:packets", "800c0000447a0000" },
	{ "redirect:65500:12345", "8008ffdc00003039" },
	{ "redirect:65536:10", "820800010000000a" },
	{ "redirect:1.2.3.4:100", "8108010203040064" },
	{ "mark 10", "800900000000000a" },
	{ "action sample-terminal", "8007000000000003" },
	{ "action terminal", "8007000000000001" },
	{ "redirect-to-nexthop-ietf 1.2.3.4", "010c010203040000" },
	{ "copy-to-nexthop-ietf 1.2.3.4 (with copy)", "010c010203040001" },
	{ "redirect-to-nexthop", "0800000000000000" },
	{ "copy-to-nexthop", "0800000000000001" },
	{ "l2info:19:0:1500:111", "800a130005dc006f" },
	{ "encap:VXLAN", "030c000000000008" },
	{ "encap:encap:UNKNOWN-99", "030c000000000063" },
	{ "mac-mobility:255:sticky", "06000100000000ff" },
	{ "mac-mobility:7", "0600000000000007" },
	{ "esi-label:100:single-active", "0601010000000640" },
	{ "es-import:aa:bb:cc:dd:ee:ff", "0602aabbccddeeff" },
	{ "interface-set:input:65000:10", "07020000fde8400a" },
	{ "interface-set:output:65000:10", "07020000fde8800a" },
	{ "interface-set:input:65000:16383", "07020000fde87fff" },
	{ "mup:10:10", "0c00000a0000000a" },
	{ "bandwidth:65000:12500000", "4004fde84b3ebc20" },
	{ "consistentHashSortOrder:10", "03140000000a0000" },
	{ "rtrecord:1:255", "00130001000000ff" },
	{ "72:0.0.0.1", "0002004800000001" },
	{ "65000:1", "0002fde800000001" },
	{ "1.2.3.4:5", "0102010203040005" },
	{ "target4:1:2", "0202000000010002" },
	{ "origin4:1:2", "0203000000010002" },
	{ "0x0002fde800000001", "0002fde800000001" },
	{ "0x800600003f800000", "800600003f800000" },
	{ "0x1", "0000000000000001" },
};

static const struct text_row ec6_texts[] = {
	{ "redirect-to-nexthop-ietf 2a02:b80:0:1::1", "000c2a020b800000000100000000000000010000" },
	{ "copy-to-nexthop-ietf 2001:db8::1 (with copy)", "000c20010db80000000000000000000000010001" },
	{ "redirect 2001:db8::1:10", "800b20010db8000000000000000000000001000a" },
	{ "0x000c20010db80000000000000000000000010001", "000c20010db80000000000000000000000010001" },
};

static void check_texts(const struct wire_attr_desc *d, const struct text_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t want[64];
		size_t wl;
		struct wbuf w;
		struct lb_err err;

		want[0] = 0xC0;
		want[1] = d->code;
		wl = tu_hex(rows[i].hex, want + 3, sizeof(want) - 3);
		want[2] = (uint8_t)wl;
		wbuf_init(&w, 0);
		lb_err_clear(&err);
		if (encode_strings(d, &rows[i].text, 1, &w, &err) < 0)
			fail_msg("%s: %s", rows[i].text, err.reason);
		assert_bytes(want, wl + 3, w.data, w.len);
		wbuf_fini(&w);
	}
}

static void test_encode_texts(void **state)
{
	(void)state;
	check_texts(&wire_attr_ext_community, ec_texts, sizeof(ec_texts) / sizeof(ec_texts[0]));
	check_texts(&wire_attr_ipv6_ext_community, ec6_texts,
		    sizeof(ec6_texts) / sizeof(ec6_texts[0]));
}

/* The encoder keeps the order it is given. */
static void test_encode_order(void **state)
{
	static const char *const two[] = { "target:65000:1", "target:10000:1" };
	uint8_t want[32];
	size_t wl = tu_hex("C0 10 10 0002fde800000001 0002271000000001", want, sizeof(want));
	struct wbuf w;
	struct lb_err err;

	(void)state;
	wbuf_init(&w, 0);
	assert_int_equal(encode_strings(&wire_attr_ext_community, two, 2, &w, &err), 0);
	assert_bytes(want, wl, w.data, w.len);
	wbuf_fini(&w);
}

static void test_encode_refused(void **state)
{
	static const char *const bad8[] = {
		"", "bogus", "target", "target:65000", "target:65536:70000",
		"target:1.2.3.4:70000", "target:4294967296:1", "target:1:2:3",
		"rate-limit:-1", "rate-limit:x", "rate-limit:1:bytes", "mark 256",
		"action bogus", "redirect:65000:1.2.3.4", "redirect-to-nexthop-ietf 2001::1",
		"copy-to-nexthop-ietf", "0x0102030405060708ff", "0x", "0xZZ",
		"esi-label:1048576:all-active", "esi-label:1:both", "es-import:aa:bb",
		"es-import:aa:bb:cc:dd:ee:fg", "encap:FOO", "encap:encap:UNKNOWN-",
		"interface-set:sideways:1:1", "interface-set:input:1:16384",
		"l2info:256:0:0:0", "mac-mobility:1:slippery", "mup:65536:1",
		"bandwidth:65536:1", "consistentHashSortOrder:4294967296",
		"65000", "1.2.3.4:65536", "target4:1:65536", "origin4:1", ":1",
	};
	static const char *const bad20[] = {
		"", "redirect-to-nexthop-ietf 1.2.3.4", "redirect 2001:db8::1",
		"redirect 2001:db8::1:65536", "target:65000:1", "0x00000000000000000000000000000000000000000000",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad8) / sizeof(bad8[0]); i++) {
		struct wbuf w;
		struct lb_err err;

		wbuf_init(&w, 0);
		lb_err_clear(&err);
		if (encode_strings(&wire_attr_ext_community, &bad8[i], 1, &w, &err) == 0)
			fail_msg("\"%s\" was accepted", bad8[i]);
		assert_int_equal(err.act, LB_ACT_RESET);
		assert_non_null(strstr(err.reason, "extended-community"));
		assert_int_equal(w.len, 0); /* nothing half-written */
		wbuf_fini(&w);
	}
	for (size_t i = 0; i < sizeof(bad20) / sizeof(bad20[0]); i++) {
		struct wbuf w;
		struct lb_err err;

		wbuf_init(&w, 0);
		if (encode_strings(&wire_attr_ipv6_ext_community, &bad20[i], 1, &w, &err) == 0)
			fail_msg("\"%s\" was accepted", bad20[i]);
		wbuf_fini(&w);
	}
}

static void test_encode_shapes(void **state)
{
	struct arena ar;
	struct wbuf w;
	struct lb_err err;
	struct val *list, *o;
	uint8_t want[32];
	size_t wl;

	(void)state;
	arena_init(&ar, 1024);
	wbuf_init(&w, 0);
	/* not a list, and an empty list (RFC 7606 §7.14 wants a non-zero length) */
	assert_int_equal(wire_attr_ext_community.encode(&w, val_new_str(&ar, "x", 1), &CTX, &err), -1);
	assert_int_equal(wire_attr_ext_community.encode(&w, val_new(&ar, VAL_ARR), &CTX, &err), -1);
	assert_int_equal(wire_attr_ext_community.encode(&w, NULL, &CTX, &err), -1);
	assert_int_equal(w.len, 0);

	/* value wins over string; the value may be a decimal or hex string
	 * (Lua hands 64-bit numbers over as strings); bare items */
	list = val_new(&ar, VAL_ARR);
	o = val_new(&ar, VAL_OBJ);
	val_push(&ar, o, "value", val_new_str(&ar, "9225060886715039744", 19));
	val_push(&ar, o, "string", val_new_str(&ar, "target:1:1", 10));
	val_push(&ar, list, NULL, o);
	val_push(&ar, list, NULL, val_new_str(&ar, "mark 10", 7));
	val_push(&ar, list, NULL, val_new_uint(&ar, 842122827661313));
	assert_int_equal(wire_attr_ext_community.encode(&w, list, &CTX, &err), 0);
	wl = tu_hex("C0 10 18 8006000000000000 800900000000000a 0002fde800000001", want,
		    sizeof(want));
	assert_bytes(want, wl, w.data, w.len);

	/* an interface-set given by its text names its T bit apart */
	wbuf_reset(&w);
	list = val_new(&ar, VAL_ARR);
	o = val_new(&ar, VAL_OBJ);
	val_push(&ar, o, "string", val_new_str(&ar, "interface-set:output:1:2", 24));
	val_push(&ar, o, "transitive", val_new(&ar, VAL_BOOL));
	val_push(&ar, list, NULL, o);
	assert_int_equal(wire_attr_ext_community.encode(&w, list, &CTX, &err), 0);
	wl = tu_hex("C0 10 08 4702000000018002", want, sizeof(want));
	assert_bytes(want, wl, w.data, w.len);

	/* an IPv6 value too wide for 160 bits, or not digits */
	wbuf_reset(&w);
	list = val_new(&ar, VAL_ARR);
	o = val_new(&ar, VAL_OBJ);
	val_push(&ar, o, "value", val_new_str(&ar, "1461501637330902918203684832716283019655932542976", 49));
	val_push(&ar, list, NULL, o);
	assert_int_equal(wire_attr_ipv6_ext_community.encode(&w, list, &CTX, &err), -1);
	list = val_new(&ar, VAL_ARR);
	o = val_new(&ar, VAL_OBJ);
	val_push(&ar, o, "value", val_new_str(&ar, "12a", 3));
	val_push(&ar, list, NULL, o);
	assert_int_equal(wire_attr_ipv6_ext_community.encode(&w, list, &CTX, &err), -1);
	/* 2^160 - 1 is the largest */
	list = val_new(&ar, VAL_ARR);
	o = val_new(&ar, VAL_OBJ);
	val_push(&ar, o, "value", val_new_str(&ar, "1461501637330902918203684832716283019655932542975", 49));
	val_push(&ar, list, NULL, o);
	assert_int_equal(wire_attr_ipv6_ext_community.encode(&w, list, &CTX, &err), 0);
	assert_int_equal(w.len, 23);
	for (size_t i = 3; i < 23; i++)
		assert_int_equal(w.data[i], 0xFF);
	wbuf_fini(&w);
	arena_fini(&ar);
}

/* More than 255 octets of communities take an extended length. */
static void test_encode_long(void **state)
{
	struct arena ar;
	struct wbuf w;
	struct lb_err err;
	struct val *list;

	(void)state;
	arena_init(&ar, 4096);
	list = val_new(&ar, VAL_ARR);
	for (int i = 0; i < 40; i++)
		val_push(&ar, list, NULL, val_new_uint(&ar, 842122827661312u + (unsigned)i));
	wbuf_init(&w, 0);
	assert_int_equal(wire_attr_ext_community.encode(&w, list, &CTX, &err), 0);
	assert_int_equal(w.len, 4 + 320);
	assert_int_equal(w.data[0], 0xD0);
	assert_int_equal(w.data[2], 0x01);
	assert_int_equal(w.data[3], 0x40);
	wbuf_fini(&w);
	arena_fini(&ar);
}

/* RFC 7606 §7.14 and §7.15: a length that is not a non-zero multiple of
 * the community size is treat-as-withdraw (0, 7 and 9 octets crashed
 * Quagga, CVE-2010-1674). */
static void test_malformed(void **state)
{
	static const struct {
		const struct wire_attr_desc *d;
		const char *hex;
	} bad[] = {
		{ &wire_attr_ext_community, "" },
		{ &wire_attr_ext_community, "0002fde8000000" },
		{ &wire_attr_ext_community, "0002fde80000000100" },
		{ &wire_attr_ipv6_ext_community, "" },
		{ &wire_attr_ipv6_ext_community, "0002fde800000001" },
		/* GoBGP's panic (RELIABILITY.md N12): a short IPv6 redirect */
		{ &wire_attr_ipv6_ext_community, "800b20010db80000" },
		{ &wire_attr_ipv6_ext_community,
		  "000c2a020b800000000100000000000000010000" "00" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t v[64];
		size_t n = tu_hex(bad[i].hex, v, sizeof(v));
		struct wire_attr a;
		struct rd r;
		struct lb_err err;

		attr_of(bad[i].d, v, n, &a);
		rd_init(&r, v, n);
		lb_err_clear(&err);
		assert_int_equal(bad[i].d->check(&r, &a, &CTX, &err), -1);
		assert_int_equal(err.act, LB_ACT_WITHDRAW);
		assert_non_null(strstr(err.reason, bad[i].d->name));
	}
}

/* Decode an UPDATE of the mandatory attributes, `extra` (hex) after them
 * and one IPv4 NLRI. */
static int decode_with(const char *extra, struct wire_update *u)
{
	static uint8_t msg[256];
	uint8_t attrs[160];
	size_t al = tu_hex("40010100" "400200" "4003040a000001", attrs, sizeof(attrs));
	struct wbuf b;

	al += tu_hex(extra, attrs + al, sizeof(attrs) - al);
	wbuf_init_fixed(&b, msg, sizeof(msg));
	wire_header_write(&b, WIRE_MSG_UPDATE, (uint16_t)(19 + 4 + al + 4));
	wbuf_u16(&b, 0);
	wbuf_u16(&b, (uint16_t)al);
	wbuf_put(&b, attrs, al);
	wbuf_put(&b, "\x18\x0a\x00\x00", 4);
	assert_false(b.failed);
	return wire_update_decode(u, msg, b.len, msg + 19, b.len - 19, &CTX);
}

/* Through the UPDATE decoder: the routes are withdrawn and the fault names
 * the attribute at its offset (after the header, the two length fields
 * and the 14 octets of ORIGIN, AS_PATH and NEXT_HOP). */
static void test_update_withdraw(void **state)
{
	static const struct {
		const char *attr;
		uint8_t code;
	} bad[] = {
		{ "c01007" "0002fde8000000", WIRE_ATTR_EXT_COMMUNITY },
		{ "c01000", WIRE_ATTR_EXT_COMMUNITY },
		{ "c01908" "0002fde800000001", WIRE_ATTR_IPV6_EXT_COMMUNITY },
		{ "c01603" "000600", WIRE_ATTR_PMSI_TUNNEL },
		{ "c01607" "0006000641" "0a00", WIRE_ATTR_PMSI_TUNNEL },
		/* RFC 4271 §5: an optional transitive attribute without its bits */
		{ "401008" "0002fde800000001", WIRE_ATTR_EXT_COMMUNITY },
		{ "801008" "0002fde800000001", WIRE_ATTR_EXT_COMMUNITY },
	};
	static struct wire_update u;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(decode_with(bad[i].attr, &u), 0);
		assert_int_equal(u.err.act, LB_ACT_WITHDRAW);
		assert_int_equal(u.err.attr, bad[i].code);
		assert_int_equal(u.err.offset, 19 + 4 + 14);
		assert_null(wire_update_attr(&u, bad[i].code));
	}
}

/* Well-formed ones are kept, the Partial bit (RFC 4271 §4.3) included. */
static void test_update_kept(void **state)
{
	static const char *const good[] = {
		"c01008" "0002fde800000001",
		"e01008" "0002fde800000001",
		"d0100008" "0002fde800000001",
		"c01914" "000c2a020b800000000100000000000000010000",
		"c01609" "0006000641" "0a000001",
	};
	static struct wire_update u;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(decode_with(good[i], &u), 0);
		assert_int_equal(u.err.act, LB_ACT_NONE);
		assert_int_equal(u.nattr, 4);
	}
}

/* 8192 communities do not fit an attribute's 65535 octets. */
static void test_encode_too_long(void **state)
{
	struct arena ar;
	struct wbuf w;
	struct lb_err err;
	struct val *list;

	(void)state;
	arena_init(&ar, 65536);
	list = val_new(&ar, VAL_ARR);
	for (unsigned i = 0; i < 8192; i++)
		val_push(&ar, list, NULL, val_new_uint(&ar, i));
	wbuf_init(&w, 0);
	assert_int_equal(wire_attr_ext_community.encode(&w, list, &CTX, &err), -1);
	assert_non_null(strstr(err.reason, "65535"));
	wbuf_fini(&w);
	arena_fini(&ar);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_kinds, setup),
		cmocka_unit_test_setup(test_unknown_and_lists, setup),
		cmocka_unit_test_setup(test_ipv6, setup),
		cmocka_unit_test_setup(test_encode_texts, setup),
		cmocka_unit_test_setup(test_encode_order, setup),
		cmocka_unit_test_setup(test_encode_refused, setup),
		cmocka_unit_test_setup(test_encode_shapes, setup),
		cmocka_unit_test_setup(test_encode_long, setup),
		cmocka_unit_test_setup(test_malformed, setup),
		cmocka_unit_test_setup(test_update_withdraw, setup),
		cmocka_unit_test_setup(test_update_kept, setup),
		cmocka_unit_test_setup(test_encode_too_long, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
