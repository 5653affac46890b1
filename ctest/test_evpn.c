/* l2vpn evpn NLRI codec (RFC 7432 §7, RFC 9136 §3).
 *
 * Each vector is one NLRI: decoded, it must print ExaBGP's JSON (compact,
 * ExaBGP's member order), the tree of that JSON must encode back to the
 * same bytes ("raw" wins, as for mcast-vpn), and the same tree without
 * "raw" must encode from its fields to the same bytes where the JSON holds
 * every field (a type 2 route's second label is not printed).  The JSON
 * was checked against ExaBGP 4.2's decoder and ExaBGP main's source
 * (src/exabgp/bgp/message/update/nlri/evpn/): the two differ only on type 1
 * label stacks, where main reads up to the bottom of stack and leaves the
 * member out when there is none, and main rules.  No conformance vector of
 * this family is in the shared folder.
 */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "testutil.h"
#include "wire/message.h"
#include "wire/nlri.h"
#include "wire/update_json.h"
#include "wire/wire.h"

static const struct wire_family *const F = &wire_fam_l2vpn_evpn;

struct vec {
	const char *hex;
	const char *json;
	bool fields_same; /* the JSON without "raw" encodes to the same bytes */
};

static const struct vec vectors[] = {
	/* RFC 7432 §7.1 Ethernet A-D: a label, the per-ES form (MAX-ET,
	 * label 0), a stack of two (ExaBGP reads up to bottom of stack), none */
	{ "01190000FDE8000000010011223344556677889A00000064000641",
	  "{\"code\":1,\"parsed\":true,\"raw\":\"01190000FDE8000000010011223344556677889A00000064000641\",\"name\":\"Ethernet Auto-Discovery\",\"rd\":\"65000:1\",\"esi\":\"00:11:22:33:44:55:66:77:88:9a\",\"ethernet-tag\":100,\"label\":[[100,1601]]}", true },
	{ "01190001C0A80001000A00000000000000000000FFFFFFFF000000",
	  "{\"code\":1,\"parsed\":true,\"raw\":\"01190001C0A80001000A00000000000000000000FFFFFFFF000000\",\"name\":\"Ethernet Auto-Discovery\",\"rd\":\"192.168.0.1:10\",\"esi\":\"-\",\"ethernet-tag\":4294967295,\"label\":[[0]]}", true },
	{ "011C000200010000000A0011223344556677889A00000001000640000C81",
	  "{\"code\":1,\"parsed\":true,\"raw\":\"011C000200010000000A0011223344556677889A00000001000640000C81\",\"name\":\"Ethernet Auto-Discovery\",\"rd\":\"65536:10\",\"esi\":\"00:11:22:33:44:55:66:77:88:9a\",\"ethernet-tag\":1,\"label\":[[100,1600],[200,3201]]}", true },
	{ "01160000FDE8000000010011223344556677889A00000001",
	  "{\"code\":1,\"parsed\":true,\"raw\":\"01160000FDE8000000010011223344556677889A00000001\",\"name\":\"Ethernet Auto-Discovery\",\"rd\":\"65000:1\",\"esi\":\"00:11:22:33:44:55:66:77:88:9a\",\"ethernet-tag\":1}", true },
	/* RFC 7432 §7.2 MAC/IP: no IP, one or two labels (ExaBGP prints the
	 * first), IPv4, IPv6; the RD of each type */
	{ "02210000FDE800000001000000000000000000000000000030AABBCCDDEEFF00000641",
	  "{\"code\":2,\"parsed\":true,\"raw\":\"02210000FDE800000001000000000000000000000000000030AABBCCDDEEFF00000641\",\"name\":\"MAC/IP advertisement\",\"rd\":\"65000:1\",\"esi\":\"-\",\"ethernet-tag\":0,\"mac\":\"AA:BB:CC:DD:EE:FF\",\"label\":[[100,1601]]}", true },
	{ "02240000FDE8000000010011223344556677889A0000000530AABBCCDDEEFF00000641000C81",
	  "{\"code\":2,\"parsed\":true,\"raw\":\"02240000FDE8000000010011223344556677889A0000000530AABBCCDDEEFF00000641000C81\",\"name\":\"MAC/IP advertisement\",\"rd\":\"65000:1\",\"esi\":\"00:11:22:33:44:55:66:77:88:9a\",\"ethernet-tag\":5,\"mac\":\"AA:BB:CC:DD:EE:FF\",\"label\":[[100,1601]]}", false },
	{ "02280001C0A80001000A0011223344556677889A0000000530AABBCCDDEEFF20C0000201000641000C81",
	  "{\"code\":2,\"parsed\":true,\"raw\":\"02280001C0A80001000A0011223344556677889A0000000530AABBCCDDEEFF20C0000201000641000C81\",\"name\":\"MAC/IP advertisement\",\"rd\":\"192.168.0.1:10\",\"esi\":\"00:11:22:33:44:55:66:77:88:9a\",\"ethernet-tag\":5,\"mac\":\"AA:BB:CC:DD:EE:FF\",\"label\":[[100,1601]],\"ip\":\"192.0.2.1\"}", false },
	{ "0231000200010000000A000000000000000000000000000530AABBCCDDEEFF8020010DB8000000000000000000000001000640",
	  "{\"code\":2,\"parsed\":true,\"raw\":\"0231000200010000000A000000000000000000000000000530AABBCCDDEEFF8020010DB8000000000000000000000001000640\",\"name\":\"MAC/IP advertisement\",\"rd\":\"65536:10\",\"esi\":\"-\",\"ethernet-tag\":5,\"mac\":\"AA:BB:CC:DD:EE:FF\",\"label\":[[100,1600]],\"ip\":\"2001:db8::1\"}", true },
	{ "0234000200010000000A000000000000000000000000000530AABBCCDDEEFF8020010DB8000000000000000000000001000641000C81",
	  "{\"code\":2,\"parsed\":true,\"raw\":\"0234000200010000000A000000000000000000000000000530AABBCCDDEEFF8020010DB8000000000000000000000001000641000C81\",\"name\":\"MAC/IP advertisement\",\"rd\":\"65536:10\",\"esi\":\"-\",\"ethernet-tag\":5,\"mac\":\"AA:BB:CC:DD:EE:FF\",\"label\":[[100,1601]],\"ip\":\"2001:db8::1\"}", false },
	/* RFC 7432 §7.3 Inclusive Multicast Ethernet Tag, IPv4 and IPv6 */
	{ "03110000FDE80000000100000064200A000001",
	  "{\"code\":3,\"parsed\":true,\"raw\":\"03110000FDE80000000100000064200A000001\",\"name\":\"Inclusive Multicast Ethernet Tag\",\"rd\":\"65000:1\",\"ethernet-tag\":100,\"ip\":\"10.0.0.1\"}", true },
	{ "031D0001C0A80001000A000000008020010DB8000000000000000000000001",
	  "{\"code\":3,\"parsed\":true,\"raw\":\"031D0001C0A80001000A000000008020010DB8000000000000000000000001\",\"name\":\"Inclusive Multicast Ethernet Tag\",\"rd\":\"192.168.0.1:10\",\"ethernet-tag\":0,\"ip\":\"2001:db8::1\"}", true },
	/* RFC 7432 §7.4 Ethernet Segment, IPv4 and IPv6 */
	{ "04170000FDE8000000010011223344556677889A200A000001",
	  "{\"code\":4,\"parsed\":true,\"raw\":\"04170000FDE8000000010011223344556677889A200A000001\",\"name\":\"Ethernet Segment\",\"rd\":\"65000:1\",\"esi\":\"00:11:22:33:44:55:66:77:88:9a\",\"ip\":\"10.0.0.1\"}", true },
	{ "04230000FDE800000001000000000000000000008020010DB8000000000000000000000001",
	  "{\"code\":4,\"parsed\":true,\"raw\":\"04230000FDE800000001000000000000000000008020010DB8000000000000000000000001\",\"name\":\"Ethernet Segment\",\"rd\":\"65000:1\",\"esi\":\"-\",\"ip\":\"2001:db8::1\"}", true },
	/* RFC 9136 §3.1 IP Prefix: IPv4 with and without gateway, IPv6 */
	{ "05220000FDE8000000010000000000000000000000000000180A00010000000000000641",
	  "{\"code\":5,\"parsed\":true,\"raw\":\"05220000FDE8000000010000000000000000000000000000180A00010000000000000641\",\"name\":\"IP Prefix Advertisement\",\"rd\":\"65000:1\",\"esi\":\"-\",\"ethernet-tag\":0,\"label\":[[100,1601]],\"ip\":\"10.0.1.0\",\"iplen\":24,\"gateway\":\"0.0.0.0\"}", true },
	{ "05220001C0A80001000A0011223344556677889A00000007200A0001010A0000FE000000",
	  "{\"code\":5,\"parsed\":true,\"raw\":\"05220001C0A80001000A0011223344556677889A00000007200A0001010A0000FE000000\",\"name\":\"IP Prefix Advertisement\",\"rd\":\"192.168.0.1:10\",\"esi\":\"00:11:22:33:44:55:66:77:88:9a\",\"ethernet-tag\":7,\"label\":[[0]],\"ip\":\"10.0.1.1\",\"iplen\":32,\"gateway\":\"10.0.0.254\"}", true },
	{ "053A0000FDE80000000100000000000000000000000000004020010DB800010000000000000000000020010DB8000000000000000000000001000641",
	  "{\"code\":5,\"parsed\":true,\"raw\":\"053A0000FDE80000000100000000000000000000000000004020010DB800010000000000000000000020010DB8000000000000000000000001000641\",\"name\":\"IP Prefix Advertisement\",\"rd\":\"65000:1\",\"esi\":\"-\",\"ethernet-tag\":0,\"label\":[[100,1601]],\"ip\":\"2001:db8:1::\",\"iplen\":64,\"gateway\":\"2001:db8::1\"}", true },
};

/* --- helpers -------------------------------------------------------------- */

static struct wire_ctx ctx_plain, ctx_addpath;

static int setup(void **state)
{
	(void)state;
	wire_ctx_init_decode(&ctx_plain);
	wire_ctx_init_decode(&ctx_addpath);
	ctx_addpath.addpath_rx = ctx_addpath.families;
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

/* Walk an NLRI field; the compact JSON of each NLRI, joined by ",", goes to
 * out.  Returns the iterator's last answer (0 at the end, -1 on an error). */
static int walk(const struct wire_ctx *ctx, const uint8_t *p, size_t n,
		struct wbuf *out, struct wire_nlri_iter *it)
{
	struct wire_nlri nlri;
	struct json_sink j;
	int rc, count = 0;

	wire_nlri_iter_init(it, F, ctx, p, p, n);
	while ((rc = wire_nlri_iter_next(it, &nlri)) > 0) {
		if (count++)
			wbuf_u8(out, ',');
		json_sink_init(&j, out, 1);
		F->json(F, &j.base, &nlri, NULL, ctx);
		json_sink_fini(&j);
	}
	return rc;
}

/* Unlink the member "raw" from an object tree. */
static void drop_raw(struct val *obj)
{
	struct val **pp = &obj->kids.first;

	for (struct val *k = obj->kids.first; k; pp = &k->next, k = k->next)
		if (k->klen == 3 && memcmp(k->key, "raw", 3) == 0) {
			*pp = k->next;
			if (obj->kids.last == k)
				obj->kids.last = NULL;
			obj->kids.n--;
			return;
		}
}

/* Encode the tree of one NLRI's JSON (without "raw" when asked); the
 * bytes go to w. */
static void encode_json_of(const struct wire_nlri *n, bool without_raw,
			   struct wbuf *w)
{
	struct val_sink vs;
	struct arena a;
	struct lb_err err;

	arena_init(&a, 1024);
	val_sink_init(&vs, &a);
	F->json(F, &vs.base, n, NULL, &ctx_plain);
	assert_non_null(val_sink_root(&vs));
	if (without_raw)
		drop_raw(val_sink_root(&vs));
	lb_err_clear(&err);
	if (F->encode(F, w, val_sink_root(&vs), &ctx_plain, &err) < 0) {
		print_error("encode failed: %s\n", err.reason);
		fail();
	}
	val_sink_fini(&vs);
	arena_fini(&a);
}

static void text_of(const struct wire_nlri *n, struct wbuf *w)
{
	F->text(F, w, n, &ctx_plain);
}

/* --- vectors -------------------------------------------------------------- */

static void vectors_decode_to_exabgp_json_and_encode_back(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vec *v = &vectors[i];
		struct wire_nlri_iter it;
		struct wire_nlri n, again;
		struct wbuf out, enc, t1, t2;
		size_t len;
		uint8_t *p = from_hex(v->hex, &len);

		wbuf_init(&out, 64);
		assert_int_equal(walk(&ctx_plain, p, len, &out, &it), 0);
		assert_int_equal(it.skipped, 0);
		tu_assert_text(v->json, (const char *)out.data, out.len);
		wire_nlri_iter_init(&it, F, &ctx_plain, p, p, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
		assert_int_equal(n.len, len);

		wbuf_init(&enc, 0);
		encode_json_of(&n, false, &enc);
		assert_bytes(p, len, enc.data, enc.len);

		/* from the fields: the same bytes, or at least the same route */
		wbuf_reset(&enc);
		encode_json_of(&n, true, &enc);
		if (v->fields_same)
			assert_bytes(p, len, enc.data, enc.len);
		wire_nlri_iter_init(&it, F, &ctx_plain, enc.data, enc.data, enc.len);
		assert_int_equal(wire_nlri_iter_next(&it, &again), 1);
		wbuf_init(&t1, 0);
		wbuf_init(&t2, 0);
		text_of(&n, &t1);
		text_of(&again, &t2);
		tu_assert_text(wbuf_cstr(&t1), (const char *)t2.data, t2.len);
		wbuf_fini(&t1);
		wbuf_fini(&t2);
		wbuf_fini(&enc);
		wbuf_fini(&out);
		free(p);
	}
}

/* Several routes in one field, with and without ADD-PATH path identifiers
 * (which ExaBGP does not print for this family). */
static void fields_hold_several_routes_with_or_without_path_ids(void **state)
{
	static const char *joined =
		"{\"code\":3,\"parsed\":true,\"raw\":\"03110000FDE80000000100000064200A000001\","
		"\"name\":\"Inclusive Multicast Ethernet Tag\",\"rd\":\"65000:1\",\"ethernet-tag\":100,"
		"\"ip\":\"10.0.0.1\"},"
		"{\"code\":4,\"parsed\":true,\"raw\":\"04170000FDE8000000010011223344556677889A200A000001\","
		"\"name\":\"Ethernet Segment\",\"rd\":\"65000:1\",\"esi\":\"00:11:22:33:44:55:66:77:88:9a\","
		"\"ip\":\"10.0.0.1\"}";
	struct wire_nlri_iter it;
	struct wire_nlri n;
	struct wbuf out;
	uint8_t *p;
	size_t len;

	(void)state;
	wbuf_init(&out, 64);
	p = from_hex("03110000FDE80000000100000064200A000001"
		     "04170000FDE8000000010011223344556677889A200A000001", &len);
	assert_int_equal(walk(&ctx_plain, p, len, &out, &it), 0);
	tu_assert_text(joined, (const char *)out.data, out.len);
	free(p);

	wbuf_reset(&out);
	p = from_hex("00000001 03110000FDE80000000100000064200A000001"
		     "00000002 04170000FDE8000000010011223344556677889A200A000001", &len);
	assert_int_equal(walk(&ctx_addpath, p, len, &out, &it), 0);
	tu_assert_text(joined, (const char *)out.data, out.len);
	wire_nlri_iter_init(&it, F, &ctx_addpath, p, p, len);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
	assert_int_equal(n.path_id, 1);
	assert_int_equal(n.offset, 4);
	assert_int_equal(n.len, 19);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
	assert_int_equal(n.path_id, 2);
	assert_int_equal(n.offset, 27);
	assert_int_equal(wire_nlri_iter_next(&it, &n), 0);
	free(p);
	wbuf_fini(&out);
}

/* The JSON text in ExaBGP's own layout (the JSON sink's normal mode). */
static void json_text_has_exabgps_layout(void **state)
{
	static const struct vec cases[] = {
		{ "02280001C0A80001000A0011223344556677889A0000000530AABBCCDDEEFF20C0000201000641000C81",
		  "{ \"code\": 2, \"parsed\": true, \"raw\": \"02280001C0A80001000A0011223344556677889A0000000530AABBCCDDEEFF20C0000201000641000C81\", "
		  "\"name\": \"MAC/IP advertisement\", \"rd\": \"192.168.0.1:10\", \"esi\": \"00:11:22:33:44:55:66:77:88:9a\", "
		  "\"ethernet-tag\": 5, \"mac\": \"AA:BB:CC:DD:EE:FF\", \"label\": [ [ 100, 1601 ] ], \"ip\": \"192.0.2.1\" }", true },
		{ "05220000FDE8000000010000000000000000000000000000180A00010000000000000641",
		  "{ \"code\": 5, \"parsed\": true, \"raw\": \"05220000FDE8000000010000000000000000000000000000180A00010000000000000641\", "
		  "\"name\": \"IP Prefix Advertisement\", \"rd\": \"65000:1\", \"esi\": \"-\", \"ethernet-tag\": 0, "
		  "\"label\": [ [ 100, 1601 ] ], \"ip\": \"10.0.1.0\", \"iplen\": 24, \"gateway\": \"0.0.0.0\" }", true },
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
		wire_nlri_iter_init(&it, F, &ctx_plain, p, p, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
		json_sink_init(&j, &out, 0);
		F->json(F, &j.base, &n, NULL, &ctx_plain);
		json_sink_fini(&j);
		tu_assert_text(cases[i].json, (const char *)out.data, out.len);
		wbuf_fini(&out);
		free(p);
	}
}

/* ExaBGP's str() of each route type (its format puts "::" after the type
 * name, and "/48" after every MAC). */
static void text_is_exabgps(void **state)
{
	static const struct { const char *hex, *text; } cases[] = {
		{ "01190000FDE8000000010011223344556677889A00000064000641",
		  "evpn:ethernetad::65000:1:00:11:22:33:44:55:66:77:88:9a:100: label 100 (1601)" },
		{ "01190001C0A80001000A00000000000000000000FFFFFFFF000000",
		  "evpn:ethernetad::192.168.0.1:10:-:4294967295: label 0" },
		{ "011C000200010000000A0011223344556677889A00000001000640000C81",
		  "evpn:ethernetad::65536:10:00:11:22:33:44:55:66:77:88:9a:1: label [ 100 (1600) 200 (3201) ]" },
		{ "01160000FDE8000000010011223344556677889A00000001",
		  "evpn:ethernetad::65000:1:00:11:22:33:44:55:66:77:88:9a:1:" },
		{ "02210000FDE800000001000000000000000000000000000030AABBCCDDEEFF00000641",
		  "evpn:macadv::65000:1:-:0:AA:BB:CC:DD:EE:FF/48:: label 100 (1601)" },
		{ "02280001C0A80001000A0011223344556677889A0000000530AABBCCDDEEFF20C0000201000641000C81",
		  "evpn:macadv::192.168.0.1:10:00:11:22:33:44:55:66:77:88:9a:5:AA:BB:CC:DD:EE:FF/48:192.0.2.1: label 100 (1601)" },
		{ "0231000200010000000A000000000000000000000000000530AABBCCDDEEFF8020010DB8000000000000000000000001000640",
		  "evpn:macadv::65536:10:-:5:AA:BB:CC:DD:EE:FF/48:2001:db8::1: label 100 (1600)" },
		{ "03110000FDE80000000100000064200A000001",
		  "evpn:multicast::65000:1:100:10.0.0.1" },
		{ "04230000FDE800000001000000000000000000008020010DB8000000000000000000000001",
		  "evpn:segment::65000:1:-:2001:db8::1" },
		{ "05220001C0A80001000A0011223344556677889A00000007200A0001010A0000FE000000",
		  "evpn:prfxadv::192.168.0.1:10:00:11:22:33:44:55:66:77:88:9a:7:10.0.1.1/32:10.0.0.254: label 0" },
		{ "053A0000FDE80000000100000000000000000000000000004020010DB800010000000000000000000020010DB8000000000000000000000001000641",
		  "evpn:prfxadv::65000:1:-:0:2001:db8:1::/64:2001:db8::1: label 100 (1601)" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wire_nlri_iter it;
		struct wire_nlri n;
		struct wbuf out;
		size_t len;
		uint8_t *p = from_hex(cases[i].hex, &len);

		wbuf_init(&out, 64);
		wire_nlri_iter_init(&it, F, &ctx_plain, p, p, len);
		assert_int_equal(wire_nlri_iter_next(&it, &n), 1);
		text_of(&n, &out);
		tu_assert_text(cases[i].text, (const char *)out.data, out.len);
		wbuf_fini(&out);
		free(p);
	}
}

/* A route of an unknown type never comes out of the walk, but the walkers
 * print any NLRI they are handed as ExaBGP's GenericEVPN does. */
static void unknown_types_print_as_generic(void **state)
{
	static const uint8_t nlri[] = { 0x09, 0x03, 0xAB, 0xCD, 0xEF };
	struct wire_nlri n = { .p = nlri, .len = sizeof(nlri) };
	struct json_sink j;
	struct wbuf out;

	(void)state;
	wbuf_init(&out, 64);
	json_sink_init(&j, &out, 0);
	F->json(F, &j.base, &n, NULL, &ctx_plain);
	json_sink_fini(&j);
	tu_assert_text("{ \"code\": 9, \"parsed\": false, \"raw\": \"0903ABCDEF\" }",
		       (const char *)out.data, out.len);
	wbuf_reset(&out);
	text_of(&n, &out);
	tu_assert_text("evpn:unknown:0xabcdef", (const char *)out.data, out.len);
	wbuf_fini(&out);
}

/* --- malformed input ------------------------------------------------------ */

/* Every vector cut short at every octet: the length octet then claims more
 * than is there and the field cannot be delimited, so the walk stops with
 * a session reset (RFC 7606 §5.3), never reading past the cut. */
static void truncation_at_every_octet_resets(void **state)
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
			assert_int_equal(walk(&ctx_plain, p, cut, &out, &it), -1);
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

#define RD "0000FDE800000001"
#define ESI0 "00000000000000000000"
#define ESI1 "0011223344556677889A"
#define MAC "30AABBCCDDEEFF"
#define IMET "03110000FDE80000000100000064200A000001"
#define IMET_JSON "{\"code\":3,\"parsed\":true,\"raw\":\"" IMET "\"," \
	"\"name\":\"Inclusive Multicast Ethernet Tag\",\"rd\":\"65000:1\",\"ethernet-tag\":100,\"ip\":\"10.0.0.1\"}"

struct bad {
	const char *hex;
	int rc;             /* the walk's answer: -1 stopped, 0 completed */
	unsigned skipped;   /* routes left out */
	uint8_t act;        /* the strongest outcome */
	size_t offset;      /* of the first fault of that strength */
	const char *reason; /* a part of the reason */
	const char *json;   /* what was printed */
};

static const struct bad bad_cases[] = {
	/* RFC 7606 §5.3: the field cannot be delimited */
	{ "02", -1, 0, LB_ACT_RESET, 0, "route type and length truncated", "" },
	{ IMET "03", -1, 0, LB_ACT_RESET, 19, "route type and length truncated", IMET_JSON },
	{ "0225" RD ESI0 "00000000" MAC "200A000001 0006", -1, 0, LB_ACT_RESET, 0,
	  "route of 37 octets runs past the NLRI field", "" },
	/* a known type whose length does not fit its layout: treat-as-withdraw
	 * at the length octet, the next route still read */
	{ "0222" RD ESI0 "00000000" MAC "00 000641 00" IMET, 0, 1, LB_ACT_WITHDRAW, 1,
	  "MAC/IP advertisement of 34 octets: route length does not fit its type's layout",
	  IMET_JSON },
	{ "0115" RD ESI1 "000001", 0, 1, LB_ACT_WITHDRAW, 1,
	  "Ethernet Auto-Discovery of 21 octets", "" },
	{ "011A" RD ESI1 "00000001 000641 00", 0, 1, LB_ACT_WITHDRAW, 1,
	  "Ethernet Auto-Discovery of 26 octets", "" },
	{ "0312" RD "00000064 20 0A000001 00", 0, 1, LB_ACT_WITHDRAW, 1,
	  "Inclusive Multicast Ethernet Tag of 18 octets", "" },
	{ "0400", 0, 1, LB_ACT_WITHDRAW, 1, "Ethernet Segment of 0 octets", "" },
	{ "0523" RD ESI0 "00000000 18 0A000100 00000000 000641 00", 0, 1, LB_ACT_WITHDRAW, 1,
	  "IP Prefix Advertisement of 35 octets", "" },
	/* RFC 7432 §7.2: the MAC length is 48 bits */
	{ "0221" RD ESI0 "00000000 2FAABBCCDDEEFF 00 000641", 0, 1, LB_ACT_WITHDRAW, 24,
	  "MAC address length is not 48 bits", "" },
	{ "0221" RD ESI0 "00000000 31AABBCCDDEEFF 00 000641", 0, 1, LB_ACT_WITHDRAW, 24,
	  "MAC address length is not 48 bits", "" },
	/* RFC 7432 §7: IP lengths 0, 32, 128, agreeing with the route's length */
	{ "0225" RD ESI0 "00000000" MAC "00 0A000001 000641", 0, 1, LB_ACT_WITHDRAW, 31,
	  "IP address length disagrees with the route's length", "" },
	{ "0221" RD ESI0 "00000000" MAC "20 000641", 0, 1, LB_ACT_WITHDRAW, 31,
	  "IP address length disagrees with the route's length", "" },
	{ "0225" RD ESI0 "00000000" MAC "18 0A000001 000641", 0, 1, LB_ACT_WITHDRAW, 31,
	  "IP address length is not 0, 32 or 128 bits", "" },
	{ "0231" RD ESI0 "00000000" MAC "20 20010DB8000000000000000000000001 000641", 0, 1,
	  LB_ACT_WITHDRAW, 31, "IP address length disagrees", "" },
	{ "0311" RD "00000064 80 0A000001", 0, 1, LB_ACT_WITHDRAW, 14,
	  "IP address length disagrees", "" },
	{ "0311" RD "00000064 00 0A000001", 0, 1, LB_ACT_WITHDRAW, 14,
	  "IP address length disagrees", "" },
	{ "0417" RD ESI1 "21 0A000001", 0, 1, LB_ACT_WITHDRAW, 20,
	  "IP address length is not 0, 32 or 128 bits", "" },
	/* RFC 9136 §3.1: a prefix no longer than its address */
	{ "0522" RD ESI0 "00000000 21 0A000100 00000000 000641", 0, 1, LB_ACT_WITHDRAW, 24,
	  "IP prefix length is longer than its address", "" },
	{ "053A" RD ESI0 "00000000 81 20010DB8000100000000000000000000"
	  "20010DB8000000000000000000000001 000641", 0, 1, LB_ACT_WITHDRAW, 24,
	  "IP prefix length is longer than its address", "" },
	/* RFC 7606 §5.4: a route of an unknown type is dropped alone */
	{ "0600 " IMET, 0, 1, LB_ACT_DISCARD, 0, "unknown route type 6 dropped", IMET_JSON },
	{ "0003ABCDEF FF00", 0, 2, LB_ACT_DISCARD, 0, "unknown route type 0 dropped", "" },
	/* a withdraw outranks a discard; the first fault of that kind is told */
	{ "0700 0400 0311" RD "00000064 80 0A000001", 0, 3, LB_ACT_WITHDRAW, 3,
	  "Ethernet Segment of 0 octets", "" },
};

static void malformed_routes_get_their_rfc7606_outcome(void **state)
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
		rc = walk(&ctx_plain, p, len, &out, &it);
		if (rc != b->rc || it.skipped != b->skipped || it.err.act != b->act ||
		    it.err.offset != b->offset || !strstr(it.err.reason, b->reason)) {
			print_error("case %zu %s: rc %d skipped %u act %s offset %zu: %s\n",
				    i, b->hex, rc, it.skipped, lb_act_name(it.err.act),
				    it.err.offset, it.err.reason);
			fail();
		}
		assert_int_equal(it.err.code, LB_NOTIFY_UPDATE);
		tu_assert_text(b->json, (const char *)out.data, out.len);
		wbuf_fini(&out);
		free(p);
	}
}

/* In a whole UPDATE: a malformed route in MP_REACH_NLRI makes the UPDATE a
 * withdrawal of what it carries (RFC 7606 §5.3, §2), an unknown type is
 * left out alone (§5.4), and a route running past the attribute resets the
 * session. */
static int decode_mp_reach(struct wire_update *u, uint8_t *msg, size_t cap,
			   const char *nlri_hex)
{
	uint8_t nlri[512], mp[600];
	size_t nl = tu_hex(nlri_hex, nlri, sizeof(nlri));
	struct wire_ctx ctx;
	struct wbuf b, m;

	wbuf_init_fixed(&m, mp, sizeof(mp));
	wbuf_u16(&m, WIRE_AFI_L2VPN);
	wbuf_u8(&m, WIRE_SAFI_EVPN);
	wbuf_u8(&m, 4);
	wbuf_u32(&m, 0x0A000001);
	wbuf_u8(&m, 0);
	wbuf_put(&m, nlri, nl);
	wbuf_init_fixed(&b, msg, cap);
	wire_header_write(&b, WIRE_MSG_UPDATE, (uint16_t)(19 + 4 + 7 + 4 + m.len));
	wbuf_u16(&b, 0);
	wbuf_u16(&b, (uint16_t)(7 + 4 + m.len));
	wbuf_put(&b, "\x40\x01\x01\x00\x40\x02\x00", 7);
	wbuf_put(&b, "\x90\x0e", 2);
	wbuf_u16(&b, (uint16_t)m.len);
	wbuf_put(&b, mp, m.len);
	assert_false(b.failed);
	wire_ctx_init_decode(&ctx);
	return wire_update_decode(u, msg, b.len, msg + 19, b.len - 19, &ctx);
}

static void updates_carry_the_outcome(void **state)
{
	static struct wire_update u;
	static uint8_t msg[1024];

	(void)state;
	assert_int_equal(decode_mp_reach(&u, msg, sizeof(msg), IMET), 0);
	assert_int_equal(u.err.act, LB_ACT_NONE);

	assert_int_equal(decode_mp_reach(&u, msg, sizeof(msg),
					 "0221" RD ESI0 "00000000 2FAABBCCDDEEFF 00 000641" IMET), 0);
	assert_int_equal(u.err.act, LB_ACT_WITHDRAW);

	assert_int_equal(decode_mp_reach(&u, msg, sizeof(msg), "0900 " IMET), 0);
	assert_int_equal(u.err.act, LB_ACT_NONE);
	assert_int_equal(u.nskipped, 1);

	assert_int_equal(decode_mp_reach(&u, msg, sizeof(msg), IMET "0312"), -1);
	assert_int_equal(u.err.act, LB_ACT_RESET);
}

/* --- encoder -------------------------------------------------------------- */

static struct val *obj(struct arena *a)
{
	return val_new(a, VAL_OBJ);
}

static void kstr(struct arena *a, struct val *o, const char *k, const char *s)
{
	assert_int_equal(val_push(a, o, k, val_new_str(a, s, strlen(s))), 0);
}

static void kint(struct arena *a, struct val *o, const char *k, int64_t i)
{
	assert_int_equal(val_push(a, o, k, val_new_int(a, i)), 0);
}

/* [ [ l1 ], [ l2 ] ] with n entries (l < 0: a bare number -l instead) */
static void klabels(struct arena *a, struct val *o, const int64_t *l, int n)
{
	struct val *arr = val_new(a, VAL_ARR);

	for (int i = 0; i < n; i++) {
		if (l[i] < 0) {
			val_push(a, arr, NULL, val_new_int(a, -l[i]));
			continue;
		}
		struct val *e = val_new(a, VAL_ARR);
		val_push(a, e, NULL, val_new_int(a, l[i]));
		val_push(a, arr, NULL, e);
	}
	assert_int_equal(val_push(a, o, "label", arr), 0);
}

static void assert_encodes(const struct val *v, const char *hex)
{
	uint8_t want[512];
	size_t n = tu_hex(hex, want, sizeof(want));
	struct lb_err err;
	struct wbuf w;

	wbuf_init(&w, 0);
	lb_err_clear(&err);
	if (F->encode(F, &w, v, &ctx_plain, &err) < 0) {
		print_error("encode failed: %s\n", err.reason);
		fail();
	}
	assert_bytes(want, n, w.data, w.len);
	wbuf_fini(&w);
}

static void assert_refused(const struct val *v, const char *reason)
{
	struct lb_err err;
	struct wbuf w;

	wbuf_init(&w, 0);
	lb_err_clear(&err);
	assert_int_equal(F->encode(F, &w, v, &ctx_plain, &err), -1);
	if (!strstr(err.reason, reason)) {
		print_error("reason \"%s\" lacks \"%s\"\n", err.reason, reason);
		fail();
	}
	wbuf_fini(&w);
}

/* Routes from the members a configuration or script would give: short
 * names for "code", no "esi" for the all-zero one, labels as numbers
 * (the last gets the bottom-of-stack bit). */
static void encoder_builds_routes_from_fields(void **state)
{
	struct arena a;
	struct val *v;
	int64_t one[] = { 100 }, two[] = { -100, -200 };

	(void)state;
	arena_init(&a, 4096);
	v = obj(&a);
	kstr(&a, v, "code", "macadv");
	kstr(&a, v, "rd", "65000:1");
	kint(&a, v, "ethernet-tag", 5);
	kstr(&a, v, "mac", "aa:bb:cc:dd:ee:ff");
	klabels(&a, v, two, 2);
	kstr(&a, v, "ip", "10.0.0.1");
	assert_encodes(v, "0228" RD ESI0 "00000005" MAC "20 0A000001 000640 000C81");

	v = obj(&a);
	kint(&a, v, "code", 1);
	kstr(&a, v, "rd", "65000:1");
	kstr(&a, v, "esi", "00:11:22:33:44:55:66:77:88:9A");
	kint(&a, v, "ethernet-tag", 100);
	klabels(&a, v, one, 1);
	assert_encodes(v, "0119" RD ESI1 "00000064 000641");

	v = obj(&a);
	kstr(&a, v, "code", "multicast");
	kstr(&a, v, "rd", "65000:1");
	kint(&a, v, "ethernet-tag", 100);
	kstr(&a, v, "ip", "10.0.0.1");
	assert_encodes(v, IMET);

	v = obj(&a);
	kstr(&a, v, "code", "segment");
	kstr(&a, v, "rd", "65000:1");
	kstr(&a, v, "esi", "-");
	kstr(&a, v, "ip", "2001:db8::1");
	assert_encodes(v, "0423" RD ESI0 "80 20010DB8000000000000000000000001");

	v = obj(&a);
	kstr(&a, v, "code", "prfxadv");
	kstr(&a, v, "rd", "65000:1");
	kint(&a, v, "ethernet-tag", 0);
	klabels(&a, v, one, 1);
	kstr(&a, v, "ip", "10.0.1.0");
	kint(&a, v, "iplen", 24);
	kstr(&a, v, "gateway", "0.0.0.0");
	assert_encodes(v, "0522" RD ESI0 "00000000 18 0A000100 00000000 000641");

	/* "raw" wins over every other member */
	v = obj(&a);
	kstr(&a, v, "raw", IMET);
	kint(&a, v, "code", 4);
	assert_encodes(v, IMET);
	/* and may carry a type the decoder drops */
	v = obj(&a);
	kstr(&a, v, "raw", "0903abcdef");
	assert_encodes(v, "0903ABCDEF");
	arena_fini(&a);
}

static void encoder_refuses_what_it_cannot_send(void **state)
{
	struct arena a;
	struct val *v;
	int64_t one[] = { 100 }, two[] = { 100, 200 }, three[] = { 1, 2, 3 };

	(void)state;
	arena_init(&a, 4096);
	v = obj(&a);
	kstr(&a, v, "raw", "0312" RD "00000064 20 0A000001 00");
	assert_refused(v, "does not fit its type's layout");
	v = obj(&a);
	kstr(&a, v, "raw", "0311" RD);
	assert_refused(v, "length octet does not match");
	v = obj(&a);
	kstr(&a, v, "raw", "03zz");
	assert_refused(v, "\"raw\" must be hex");

	v = obj(&a);
	kint(&a, v, "code", 6);
	assert_refused(v, "\"code\" must be 1 to 5");
	v = obj(&a);
	kint(&a, v, "code", 3);
	kstr(&a, v, "rd", "nope");
	assert_refused(v, "\"rd\"");
	v = obj(&a);
	kint(&a, v, "code", 4);
	kstr(&a, v, "rd", "65000:1");
	kstr(&a, v, "esi", "00:11");
	assert_refused(v, "\"esi\"");
	v = obj(&a);
	kint(&a, v, "code", 3);
	kstr(&a, v, "rd", "65000:1");
	kint(&a, v, "ethernet-tag", 4294967296);
	assert_refused(v, "\"ethernet-tag\"");

	v = obj(&a);
	kint(&a, v, "code", 2);
	kstr(&a, v, "rd", "65000:1");
	kint(&a, v, "ethernet-tag", 0);
	kstr(&a, v, "mac", "aa:bb:cc:dd:ee");
	klabels(&a, v, one, 1);
	assert_refused(v, "\"mac\"");
	v = obj(&a);
	kint(&a, v, "code", 2);
	kstr(&a, v, "rd", "65000:1");
	kint(&a, v, "ethernet-tag", 0);
	kstr(&a, v, "mac", "aa:bb:cc:dd:ee:ff");
	klabels(&a, v, three, 3);
	assert_refused(v, "one or two labels");
	v = obj(&a);
	kint(&a, v, "code", 2);
	kstr(&a, v, "rd", "65000:1");
	kint(&a, v, "ethernet-tag", 0);
	kstr(&a, v, "mac", "aa:bb:cc:dd:ee:ff");
	assert_refused(v, "one or two labels");

	v = obj(&a);
	kint(&a, v, "code", 5);
	kstr(&a, v, "rd", "65000:1");
	kint(&a, v, "ethernet-tag", 0);
	klabels(&a, v, two, 2);
	assert_refused(v, "one label");
	v = obj(&a);
	kint(&a, v, "code", 5);
	kstr(&a, v, "rd", "65000:1");
	kint(&a, v, "ethernet-tag", 0);
	klabels(&a, v, one, 1);
	kstr(&a, v, "ip", "10.0.1.0");
	kint(&a, v, "iplen", 24);
	kstr(&a, v, "gateway", "::");
	assert_refused(v, "of one family");
	v = obj(&a);
	kint(&a, v, "code", 5);
	kstr(&a, v, "rd", "65000:1");
	kint(&a, v, "ethernet-tag", 0);
	klabels(&a, v, one, 1);
	kstr(&a, v, "ip", "10.0.1.0");
	kint(&a, v, "iplen", 33);
	kstr(&a, v, "gateway", "0.0.0.0");
	assert_refused(v, "\"iplen\"");
	arena_fini(&a);
}

/* A type 1 label stack as long as the length octet allows still fits; one
 * more does not. */
static void encoder_bounds_the_route_length(void **state)
{
	struct arena a;
	struct val *v;
	int64_t labels[78];
	struct lb_err err;
	struct wbuf w;

	(void)state;
	for (int i = 0; i < 78; i++)
		labels[i] = -(i + 1);
	arena_init(&a, 65536);
	v = obj(&a);
	kint(&a, v, "code", 1);
	kstr(&a, v, "rd", "65000:1");
	kint(&a, v, "ethernet-tag", 0);
	klabels(&a, v, labels, 77);
	wbuf_init(&w, 0);
	assert_int_equal(F->encode(F, &w, v, &ctx_plain, &err), 0);
	assert_int_equal(w.len, 2 + 22 + 77 * 3);
	assert_int_equal(w.data[1], 22 + 77 * 3);
	wbuf_fini(&w);

	v = obj(&a);
	kint(&a, v, "code", 1);
	kstr(&a, v, "rd", "65000:1");
	kint(&a, v, "ethernet-tag", 0);
	klabels(&a, v, labels, 78);
	assert_refused(v, "longer than 255 octets");
	arena_fini(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors_decode_to_exabgp_json_and_encode_back),
		cmocka_unit_test(fields_hold_several_routes_with_or_without_path_ids),
		cmocka_unit_test(json_text_has_exabgps_layout),
		cmocka_unit_test(text_is_exabgps),
		cmocka_unit_test(unknown_types_print_as_generic),
		cmocka_unit_test(truncation_at_every_octet_resets),
		cmocka_unit_test(malformed_routes_get_their_rfc7606_outcome),
		cmocka_unit_test(updates_carry_the_outcome),
		cmocka_unit_test(encoder_builds_routes_from_fields),
		cmocka_unit_test(encoder_refuses_what_it_cannot_send),
		cmocka_unit_test(encoder_bounds_the_route_length),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
