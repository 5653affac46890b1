/* Flow Specification NLRI (RFC 8955, RFC 8956): ipv4/ipv6 flow and
 * flow-vpn.
 *
 * Each vector is one NLRI (length octet included): decoded, it must print
 * ExaBGP's JSON (compact), and the tree of that JSON must encode back to
 * the same bytes.  The first vectors are cut out of the conformance folders
 * conf-flow, conf-flow-redirect and decoding/bgp-flow-2/4, where ExaBGP's
 * JSON for the whole UPDATE was recorded; the others cover the remaining
 * component types and operators, written to ExaBGP's printing rules
 * (NumericString / BinaryString, Resource names).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "testutil.h"
#include "wire/nlri.h"
#include "wire/wire.h"

#define F4 (&wire_fam_ipv4_flow)
#define F4V (&wire_fam_ipv4_flow_vpn)
#define F6 (&wire_fam_ipv6_flow)
#define F6V (&wire_fam_ipv6_flow_vpn)

struct vec {
	const struct wire_family *f;
	const char *hex;
	const char *json;
};

static const struct vec vectors[] = {
	/* conf-flow */
	{ F4V, "0E0000FFFF0001000002200A000001",
	  "{\"source-ipv4\":[\"10.0.0.1/32\"],\"rd\":\"65535:65536\","
	  "\"string\":\"flow source-ipv4 10.0.0.1/32 rd 65535:65536\"}" },
	{ F4, "0602200A000002",
	  "{\"source-ipv4\":[\"10.0.0.2/32\"],\"string\":\"flow source-ipv4 10.0.0.2/32\"}" },
	{ F4, "1301200A00000202200A00000103810605910C38",
	  "{\"destination-ipv4\":[\"10.0.0.2/32\"],\"source-ipv4\":[\"10.0.0.1/32\"],"
	  "\"protocol\":[\"=tcp\"],\"destination-port\":[\"=3128\"],"
	  "\"string\":\"flow destination-ipv4 10.0.0.2/32 source-ipv4 10.0.0.1/32 protocol =tcp destination-port =3128\"}" },
	{ F4, "030C8008",
	  "{\"fragment\":[\"last-fragment\"],\"string\":\"flow fragment last-fragment\"}" },
	{ F6, "300180002A020B80001500007ACA39FFFEAEA87A028078000000000000000000000000000000010381110B81650D9107DD",
	  "{\"destination-ipv6\":[\"2a02:b80:15:0:7aca:39ff:feae:a87a/128/0\"],\"source-ipv6\":[\"::1/128/120\"],"
	  "\"next-header\":[\"=udp\"],\"traffic-class\":[\"=101\"],\"flow-label\":[\"=2013\"],"
	  "\"string\":\"flow destination-ipv6 2a02:b80:15:0:7aca:39ff:feae:a87a/128/0 source-ipv6 ::1/128/120 "
	  "next-header =udp traffic-class =101 flow-label =2013\"}" },
	{ F4, "0C0A02C854012C120190D401F4",
	  "{\"packet-length\":[\">200&<300\",\">400&<500\"],"
	  "\"string\":\"flow packet-length [ >200&<300 >400&<500 ]\"}" },
	{ F4, "250120C0A8000102200A0000020301118106040150911F9005121F90541F98910C3806920400",
	  "{\"destination-ipv4\":[\"192.168.0.1/32\"],\"source-ipv4\":[\"10.0.0.2/32\"],"
	  "\"protocol\":[\"=udp\",\"=tcp\"],\"port\":[\"=80\",\"=8080\"],"
	  "\"destination-port\":[\">8080&<8088\",\"=3128\"],\"source-port\":[\">1024\"],"
	  "\"string\":\"flow destination-ipv4 192.168.0.1/32 source-ipv4 10.0.0.2/32 protocol [ =udp =tcp ] "
	  "port [ =80 =8080 ] destination-port [ >8080&<8088 =3128 ] source-port >1024\"}" },
	{ F4, "1C0120C0A8000102200A00000A038606048600059601BB060650961F90",
	  "{\"destination-ipv4\":[\"192.168.0.1/32\"],\"source-ipv4\":[\"10.0.0.10/32\"],"
	  "\"protocol\":[\"!=tcp\"],\"port\":[\"!=0\"],\"destination-port\":[\"!=443\"],"
	  "\"source-port\":[\"!=80\",\"!=8080\"],"
	  "\"string\":\"flow destination-ipv4 192.168.0.1/32 source-ipv4 10.0.0.10/32 protocol !=tcp "
	  "port !=0 destination-port !=443 source-port [ !=80 !=8080 ]\"}" },
	{ F4, "1C01200A00000202200A00000103810605910C3809000200044001C308",
	  "{\"destination-ipv4\":[\"10.0.0.2/32\"],\"source-ipv4\":[\"10.0.0.1/32\"],"
	  "\"protocol\":[\"=tcp\"],\"destination-port\":[\"=3128\"],\"tcp-flags\":[\"syn\",\"rst&fin&!=push\"],"
	  "\"string\":\"flow destination-ipv4 10.0.0.2/32 source-ipv4 10.0.0.1/32 protocol =tcp "
	  "destination-port =3128 tcp-flags [ syn rst&fin&!=push ]\"}" },
	/* conf-flow-redirect: every IPv4 component type */
	{ F4, "4C0120C0A8000102200A0000010301068111040150911F9005121F90541F98910C380692040007010301088100"
	      "080101810009002080040A02C854012C120190D401F40B010A81140C00048008",
	  "{\"destination-ipv4\":[\"192.168.0.1/32\"],\"source-ipv4\":[\"10.0.0.1/32\"],"
	  "\"protocol\":[\"=tcp\",\"=udp\"],\"port\":[\"=80\",\"=8080\"],"
	  "\"destination-port\":[\">8080&<8088\",\"=3128\"],\"source-port\":[\">1024\"],"
	  "\"icmp-type\":[\"=unreachable\",\"=echo-request\",\"=echo-reply\"],\"icmp-code\":[\"=1\",\"=0\"],"
	  "\"tcp-flags\":[\"urg\",\"rst\"],\"packet-length\":[\">200&<300\",\">400&<500\"],"
	  "\"dscp\":[\"=10\",\"=20\"],\"fragment\":[\"first-fragment\",\"last-fragment\"],"
	  "\"string\":\"flow destination-ipv4 192.168.0.1/32 source-ipv4 10.0.0.1/32 protocol [ =tcp =udp ] "
	  "port [ =80 =8080 ] destination-port [ >8080&<8088 =3128 ] source-port >1024 "
	  "icmp-type [ =unreachable =echo-request =echo-reply ] icmp-code [ =1 =0 ] tcp-flags [ urg rst ] "
	  "packet-length [ >200&<300 >400&<500 ] dscp [ =10 =20 ] fragment [ first-fragment last-fragment ]\"}" },
	/* decoding/bgp-flow-2 and bgp-flow-4 */
	{ F4, "050901048109",
	  "{\"tcp-flags\":[\"=rst\",\"=fin+push\"],\"string\":\"flow tcp-flags [ =rst =fin+push ]\"}" },
	{ F4, "05090090C241",
	  "{\"tcp-flags\":[\"ack+cwr&!fin+ece\"],\"string\":\"flow tcp-flags [ ack+cwr&!fin+ece ]\"}" },
	/* RFC 8956: next-header, ICMPv6 type without an ExaBGP name,
	 * traffic-class, a 4-octet flow label */
	{ F6, "0F0381060781800B81650DA1000F4240",
	  "{\"next-header\":[\"=tcp\"],\"icmp-type\":[\"=128\"],\"traffic-class\":[\"=101\"],"
	  "\"flow-label\":[\"=1000000\"],"
	  "\"string\":\"flow next-header =tcp icmp-type =128 traffic-class =101 flow-label =1000000\"}" },
	/* a protocol without a name, an 8-octet value, "true" alone and an
	 * and-ed "false" that prints its value (ExaBGP's short()) */
	{ F4, "1203814004B2FFFFFFFFFFFFFFFF070700C000",
	  "{\"protocol\":[\"=64\"],\"port\":[\">18446744073709551615\"],"
	  "\"icmp-type\":[\"true&falseecho-reply\"],"
	  "\"string\":\"flow protocol =64 port >18446744073709551615 icmp-type [ true&falseecho-reply ]\"}" },
	/* bitmask operators: not, match, and; a 2-octet flag value with an
	 * unnamed bit; a zero value; fragment bits joined with "+" */
	{ F4, "0D09020C51020181000C0301C006",
	  "{\"tcp-flags\":[\"!rst+push&=fin+unknown tcp flag type 513\",\"=\"],"
	  "\"fragment\":[\"!=dont-fragment&is-fragment+first-fragment\"],"
	  "\"string\":\"flow tcp-flags [ !rst+push&=fin+unknown tcp flag type 513 = ] "
	  "fragment [ !=dont-fragment&is-fragment+first-fragment ]\"}" },
	{ F4, "0409910100",
	  "{\"tcp-flags\":[\"=ns\"],\"string\":\"flow tcp-flags =ns\"}" },
	/* every numeric comparison */
	{ F4, "110A01010202030304040505060607008700",
	  "{\"packet-length\":[\"=1\",\">2\",\">=3\",\"<4\",\"<=5\",\"!=6\",\"true\",\"true\"],"
	  "\"string\":\"flow packet-length [ =1 >2 >=3 <4 <=5 !=6 true true ]\"}" },
	{ F4, "0D0A000042024303450547078000",
	  "{\"packet-length\":[\"false&>2&>=3&<=5&true7\",\"false\"],"
	  "\"string\":\"flow packet-length [ false&>2&>=3&<=5&true7 false ]\"}" },
	/* ipv6 flow-vpn: RD, a short prefix, the default prefix */
	{ F6V, "150000FDE80000000101200020010DB8020000038111",
	  "{\"destination-ipv6\":[\"2001:db8::/32/0\"],\"source-ipv6\":[\"::/0/0\"],\"next-header\":[\"=udp\"],"
	  "\"rd\":\"65000:1\",\"string\":\"flow destination-ipv6 2001:db8::/32/0 source-ipv6 ::/0/0 "
	  "next-header =udp rd 65000:1\"}" },
	/* host bits past the prefix length are kept, as ExaBGP prints them */
	{ F4, "030101FF",
	  "{\"destination-ipv4\":[\"255.0.0.0/1\"],\"string\":\"flow destination-ipv4 255.0.0.0/1\"}" },
};

static struct wire_ctx ctx;

static int setup(void **state)
{
	(void)state;
	wire_ctx_init_decode(&ctx);
	return 0;
}

/* Input bytes in a heap block of exactly their size (ASan catches any read
 * past the end). */
static uint8_t *from_hex(const char *hex, size_t *len)
{
	static uint8_t tmp[8192];
	uint8_t *p;

	*len = tu_hex(hex, tmp, sizeof(tmp));
	p = malloc(*len ? *len : 1);
	assert_non_null(p);
	memcpy(p, tmp, *len);
	return p;
}

static void nlri_json(const struct wire_family *f, const struct wire_nlri *n,
		      const struct wire_nh *nh, struct wbuf *out, int compact)
{
	struct json_sink j;

	json_sink_init(&j, out, compact);
	f->json(f, &j.base, n, nh, &ctx);
	json_sink_fini(&j);
}

/* Encode the tree of n's JSON into w. */
static int reencode(const struct wire_family *f, const struct wire_nlri *n,
		    struct wbuf *w, struct lb_err *err)
{
	struct val_sink vs;
	struct arena a;
	int rc;

	arena_init(&a, 1024);
	val_sink_init(&vs, &a);
	f->json(f, &vs.base, n, NULL, &ctx);
	lb_err_clear(err);
	rc = f->encode(f, w, val_sink_root(&vs), &ctx, err);
	val_sink_fini(&vs);
	arena_fini(&a);
	return rc;
}

static void vectors_decode_to_exabgp_json_and_encode_back(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vec *v = &vectors[i];
		struct wire_nlri_iter it;
		struct wire_nlri n;
		struct lb_err err;
		struct wbuf out;
		size_t len;
		uint8_t *p = from_hex(v->hex, &len);

		wbuf_init(&out, 64);
		wire_nlri_iter_init(&it, v->f, &ctx, p, p, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
		assert_int_equal(n.len, len);
		nlri_json(v->f, &n, NULL, &out, 1);
		tu_assert_text(v->json, (const char *)out.data, out.len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 0);
		wbuf_reset(&out);
		if (reencode(v->f, &n, &out, &err) < 0) {
			print_error("%s %s: encode failed: %s\n", v->f->name,
				    v->hex, err.reason);
			fail();
		}
		assert_bytes(p, len, out.data, out.len);
		wbuf_fini(&out);
		free(p);
	}
}

/* ExaBGP's API v4 shape names the next hop inside the NLRI object, before
 * "string", which does not carry it (conf-flow jsv4 lines); the layout is
 * ExaBGP's ({ "k": v, ... }). */
static void next_hop_member_and_layout(void **state)
{
	struct wire_nlri_iter it;
	struct wire_nlri n;
	struct wire_nh nh;
	struct lb_err err;
	struct wbuf out;
	size_t len;
	uint8_t *p = from_hex("0E0000FFFF0001000002200A000003", &len);
	static const uint8_t addr[4] = { 5, 6, 7, 8 };

	(void)state;
	assert_int_equal(wire_nh_decode(F4V, addr, 4, &nh, &err, 0), 0);
	wbuf_init(&out, 64);
	wire_nlri_iter_init(&it, F4V, &ctx, p, p, len);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
	nlri_json(F4V, &n, &nh, &out, 0);
	tu_assert_text("{ \"source-ipv4\": [ \"10.0.0.3/32\" ], \"rd\": \"65535:65536\", "
		       "\"next-hop\": \"5.6.7.8\", \"string\": \"flow source-ipv4 10.0.0.3/32 rd 65535:65536\" }",
		       (const char *)out.data, out.len);
	wbuf_reset(&out);
	F4V->text(F4V, &out, &n, &ctx);
	tu_assert_text("flow source-ipv4 10.0.0.3/32 rd 65535:65536",
		       (const char *)out.data, out.len);
	wbuf_fini(&out);
	free(p);
}

/* RFC 8955 §4.1: 240 octets and more take the two-octet 0xFnnn length;
 * the encoder chooses the same. */
static void long_nlri_takes_a_two_octet_length(void **state)
{
	char hex[2 * 300 + 8];
	struct wire_nlri_iter it;
	struct wire_nlri n;
	struct lb_err err;
	struct wbuf out;
	size_t len, k = 0;
	uint8_t *p;

	(void)state;
	/* packet-length with 120 "=1" operators: 1 + 240 octets */
	k += (size_t)sprintf(hex + k, "F0F10A");
	for (int i = 0; i < 119; i++)
		k += (size_t)sprintf(hex + k, "0101");
	sprintf(hex + k, "8101");
	p = from_hex(hex, &len);
	assert_int_equal(len, 243);
	wbuf_init(&out, 64);
	wire_nlri_iter_init(&it, F4, &ctx, p, p, len);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
	assert_int_equal(n.len, 243);
	assert_int_equal(reencode(F4, &n, &out, &err), 0);
	assert_bytes(p, len, out.data, out.len);
	wbuf_fini(&out);
	free(p);

	/* 239 octets keep the one-octet form */
	k = (size_t)sprintf(hex, "EF0A");
	for (int i = 0; i < 118; i++)
		k += (size_t)sprintf(hex + k, "0101");
	sprintf(hex + k, "8101");
	p = from_hex(hex, &len);
	wbuf_init(&out, 64);
	wire_nlri_iter_init(&it, F4, &ctx, p, p, len);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
	assert_int_equal(reencode(F4, &n, &out, &err), 0);
	assert_bytes(p, len, out.data, out.len);
	wbuf_fini(&out);
	free(p);
}

/* The JSON does not keep value widths: wider values re-encode in the
 * smallest width, as ExaBGP writes them; a two-octet length below 240
 * re-encodes in one octet. */
static void non_minimal_widths_reencode_minimal(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "04 0A 91 0050", "03 0A 81 50" },
		{ "06 0A A1 00000050", "03 0A 81 50" },
		{ "0A 0A B1 0000000000000050", "03 0A 81 50" },
		{ "F003 0A 8150", "03 0A 81 50" },
		/* "true" alone drops its value */
		{ "03 0A 87 09", "03 0A 87 00" },
		/* reserved operator bits are ignored (RFC 8955 §4.2.1.1/2) */
		{ "03 0A 89 05", "03 0A 81 05" },
		{ "03 09 8D 05", "03 09 81 05" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wire_nlri_iter it;
		struct wire_nlri n;
		struct lb_err err;
		struct wbuf out;
		uint8_t want[64];
		size_t len, wlen = tu_hex(cases[i].out, want, sizeof(want));
		uint8_t *p = from_hex(cases[i].in, &len);

		wbuf_init(&out, 64);
		wire_nlri_iter_init(&it, F4, &ctx, p, p, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
		assert_int_equal(reencode(F4, &n, &out, &err), 0);
		assert_bytes(want, wlen, out.data, out.len);
		wbuf_fini(&out);
		free(p);
	}
}

struct bad {
	const struct wire_family *f;
	const char *hex;
	int rc;             /* iterator: -1 stops (reset), 0 completed */
	uint8_t act;        /* RFC 7606 outcome */
	size_t offset;      /* of the fault */
	const char *reason; /* part of the reason */
};

static const struct bad bad_cases[] = {
	/* the length cannot be trusted: RFC 7606 §5.3 */
	{ F4, "05 0381", -1, LB_ACT_RESET, 0, "runs past" },
	{ F4, "F0", -1, LB_ACT_RESET, 0, "truncated" },
	{ F4, "F1 00", -1, LB_ACT_RESET, 0, "runs past" },
	/* contents malformed, NLRI delimited: treat-as-withdraw (RFC 8955
	 * §4.2, RFC 7606 §2) */
	{ F4, "00", 0, LB_ACT_WITHDRAW, 1, "no component" },
	{ F4, "03 0E8106", 0, LB_ACT_WITHDRAW, 1, "unknown component type" },
	{ F4, "03 008106", 0, LB_ACT_WITHDRAW, 1, "unknown component type" },
	{ F4, "03 0D8101", 0, LB_ACT_WITHDRAW, 1, "unknown component type" },
	{ F4, "06 038106 028101", 0, LB_ACT_WITHDRAW, 4, "order" },
	{ F4, "06 038106 038111", 0, LB_ACT_WITHDRAW, 4, "order" },
	{ F4, "0C 01200A000001 01200A000002", 0, LB_ACT_WITHDRAW, 7, "order" },
	{ F4, "03 0A 9101", 0, LB_ACT_WITHDRAW, 2, "past the NLRI" },
	{ F4, "05 0A A1000000", 0, LB_ACT_WITHDRAW, 2, "past the NLRI" },
	{ F4, "03 0A 0101", 0, LB_ACT_WITHDRAW, 4, "end-of-list" },
	{ F4, "01 0A", 0, LB_ACT_WITHDRAW, 2, "end-of-list" },
	{ F4, "03 0121FF", 0, LB_ACT_WITHDRAW, 2, "longer than the address" },
	{ F4, "03 0120FF", 0, LB_ACT_WITHDRAW, 2, "past the NLRI" },
	{ F4, "01 01", 0, LB_ACT_WITHDRAW, 2, "length missing" },
	{ F6, "04 01810000", 0, LB_ACT_WITHDRAW, 2, "longer than the address" },
	{ F6, "04 01081020", 0, LB_ACT_WITHDRAW, 2, "offset above" },
	{ F6, "02 0108", 0, LB_ACT_WITHDRAW, 2, "offset missing" },
	{ F4V, "05 0000FDE800", 0, LB_ACT_WITHDRAW, 0, "route distinguisher" },
	{ F4V, "08 0000FDE800000001", 0, LB_ACT_WITHDRAW, 9, "no component" },
	{ F6V, "0E 0000FDE800000001 0D8101 038106", 0, LB_ACT_WITHDRAW, 12, "order" },
};

static void malformed_nlri_get_their_rfc7606_outcome(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad *b = &bad_cases[i];
		struct wire_nlri_iter it;
		struct wire_nlri n;
		size_t len;
		uint8_t *p = from_hex(b->hex, &len);
		int rc;

		wire_nlri_iter_init(&it, b->f, &ctx, p, p, len);
		while ((rc = wire_nlri_iter_next(&it, &n)) > 0)
			;
		if (rc != b->rc || it.err.act != b->act ||
		    it.err.offset != b->offset ||
		    !strstr(it.err.reason, b->reason)) {
			print_error("%s %s: rc %d act %d offset %zu reason %s\n",
				    b->f->name, b->hex, rc, it.err.act,
				    it.err.offset, it.err.reason);
			fail();
		}
		if (b->rc == 0)
			assert_int_equal(it.skipped, 1);
		free(p);
	}
}

/* After a malformed NLRI the next one is still read (its length is
 * trustworthy). */
static void malformed_nlri_does_not_hide_the_next(void **state)
{
	struct wire_nlri_iter it;
	struct wire_nlri n;
	size_t len;
	uint8_t *p = from_hex("03 0E8106 0602200A000002", &len);

	(void)state;
	wire_nlri_iter_init(&it, F4, &ctx, p, p, len);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
	assert_int_equal(n.offset, 4);
	assert_int_equal(n.len, 7);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 0);
	assert_int_equal(it.skipped, 1);
	assert_int_equal(it.err.act, LB_ACT_WITHDRAW);
	free(p);
}

/* Every vector cut at every octet never reads past the cut. */
static void truncation_never_reads_past_the_end(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		size_t len;
		uint8_t *whole = from_hex(vectors[i].hex, &len);

		for (size_t cut = 1; cut < len; cut++) {
			struct wire_nlri_iter it;
			struct wire_nlri n;
			uint8_t *p = malloc(cut);

			assert_non_null(p);
			memcpy(p, whole, cut);
			wire_nlri_iter_init(&it, vectors[i].f, &ctx, p, p, cut);
			if (wire_nlri_iter_next(&it, &n) != -1) {
				print_error("%s cut at %zu accepted\n",
					    vectors[i].hex, cut);
				fail();
			}
			assert_int_equal(it.err.act, LB_ACT_RESET);
			free(p);
		}
		free(whole);
	}
}

/* One member: key, then up to 3 strings (an array), or one string when
 * scalar is set. */
struct member {
	const char *key;
	const char *v[3];
	int scalar;
};

struct enc {
	const struct wire_family *f;
	struct member m[3];
	const char *hex;    /* NULL: must be refused */
};

static struct val *obj(struct arena *a, const struct member *m)
{
	struct val *o = val_new(a, VAL_OBJ);

	for (; m->key; m++) {
		struct val *v;

		if (m->scalar) {
			v = val_new_str(a, m->v[0], strlen(m->v[0]));
		} else {
			v = val_new(a, VAL_ARR);
			for (int i = 0; i < 3 && m->v[i]; i++)
				assert_int_equal(val_push(a, v, NULL, val_new_str(a, m->v[i], strlen(m->v[i]))), 0);
		}
		assert_int_equal(val_push(a, o, m->key, v), 0);
	}
	return o;
}

/* The encoder reads ExaBGP's JSON shape; names and numbers are both
 * accepted for values ExaBGP names; "string" and "next-hop" are ignored. */
static const struct enc enc_cases[] = {
	{ F4, { { "protocol", { "=6" }, 0 }, { "string", { "ignored" }, 1 } }, "03038106" },
	{ F4, { { "tcp-flags", { "=urgent" }, 0 } }, "03098120" },
	{ F4, { { "tcp-flags", { "=fin+syn" }, 0 } }, "03098103" },
	{ F4, { { "icmp-code", { "<=300" }, 0 } }, "040895012C" },
	{ F4, { { "fragment", { "=2" }, 0 } }, "030C8102" },
	{ F6, { { "destination-ipv6", { "2001:db8::1/128/64" }, 0 } },
	  "130180402001 0DB8000000000000000000000001" },
	{ F4, { { "packet-length", { "=1" }, 0 }, { "next-hop", { "1.2.3.4" }, 1 } }, "030A8101" },
	{ F4, { { NULL, { NULL }, 0 } }, NULL },
	{ F4, { { "protocol", { NULL }, 0 } }, NULL },
	{ F4, { { "protocol", { "=tcp" }, 1 } }, NULL },
	{ F4, { { "protocol", { "~tcp" }, 0 } }, NULL },
	{ F4, { { "protocol", { "=tcp=udp" }, 0 } }, NULL },
	{ F4, { { "protocol", { "=" }, 0 } }, NULL },
	{ F4, { { "protocol", { "" }, 0 } }, NULL },
	{ F4, { { "protocol", { "=nope" }, 0 } }, NULL },
	{ F4, { { "tcp-flags", { "=fin+" }, 0 } }, NULL },
	{ F4, { { "destination-ipv4", { "10.0.0.1/33" }, 0 } }, NULL },
	{ F4, { { "destination-ipv4", { "10.0.0.1/32", "10.0.0.2/32" }, 0 } }, NULL },
	{ F4, { { "flow-label", { "=1" }, 0 } }, NULL },
	{ F6, { { "destination-ipv6", { "::1/64/65" }, 0 } }, NULL },
	{ F6, { { "destination-ipv6", { "::1/64" }, 0 } }, NULL },
	{ F4V, { { "protocol", { "=tcp" }, 0 } }, NULL },
	{ F4V, { { "protocol", { "=tcp" }, 0 }, { "rd", { "nope" }, 1 } }, NULL },
};

static void encoder_reads_the_json_shape(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(enc_cases) / sizeof(enc_cases[0]); i++) {
		const struct enc *e = &enc_cases[i];
		struct arena a;
		struct lb_err err;
		struct wbuf out;
		uint8_t want[256];
		int rc;

		arena_init(&a, 1024);
		wbuf_init(&out, 64);
		lb_err_clear(&err);
		rc = e->f->encode(e->f, &out, obj(&a, e->m), &ctx, &err);
		if (!e->hex) {
			if (rc == 0) {
				print_error("case %zu accepted\n", i);
				fail();
			}
			assert_non_null(strstr(err.reason, e->f->name));
		} else {
			if (rc < 0) {
				print_error("case %zu: %s\n", i, err.reason);
				fail();
			}
			assert_bytes(want, tu_hex(e->hex, want, sizeof(want)),
				     out.data, out.len);
		}
		wbuf_fini(&out);
		arena_fini(&a);
	}
}

static void family_rows_are_registered(void **state)
{
	(void)state;
	assert_ptr_equal(wire_family_by_code(1, 133), F4);
	assert_ptr_equal(wire_family_by_code(1, 134), F4V);
	assert_ptr_equal(wire_family_by_code(2, 133), F6);
	assert_ptr_equal(wire_family_by_code(2, 134), F6V);
	assert_ptr_equal(wire_family_by_name("ipv6 flow-vpn"), F6V);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(family_rows_are_registered),
		cmocka_unit_test(vectors_decode_to_exabgp_json_and_encode_back),
		cmocka_unit_test(next_hop_member_and_layout),
		cmocka_unit_test(long_nlri_takes_a_two_octet_length),
		cmocka_unit_test(non_minimal_widths_reencode_minimal),
		cmocka_unit_test(malformed_nlri_get_their_rfc7606_outcome),
		cmocka_unit_test(malformed_nlri_does_not_hide_the_next),
		cmocka_unit_test(truncation_never_reads_past_the_end),
		cmocka_unit_test(encoder_reads_the_json_shape),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
