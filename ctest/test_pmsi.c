/* PMSI_TUNNEL (RFC 6514 §5): ExaBGP's string for every tunnel type,
 * hex → JSON → text → encode (the same bytes where ExaBGP's string keeps
 * them all, ExaBGP's canonical bytes where it does not), the texts the
 * encoder refuses and the malformed lengths that are treat-as-withdraw. */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "testutil.h"
#include "wire/attr.h"

struct row {
	const char *hex;
	const char *string;
	const char *encoded; /* what the string encodes to, NULL: hex itself */
};

static const struct row rows[] = {
	{ "00 06 000641 0a000001", "pmsi:ingressreplication:0:100(1601):10.0.0.1", NULL },
	{ "00 06 000000 0a000001", "pmsi:ingressreplication:0:0:10.0.0.1", NULL },
	{ "01 06 000641 20010db8000000000000000000000001",
	  "pmsi:ingressreplication:1:100(1601):2001:db8::1", NULL },
	{ "00 00 000640", "pmsi:notunnel:0:100:", NULL },
	{ "00 00 000000", "pmsi:notunnel:0:0:", NULL },
	/* ExaBGP drops the bottom-of-stack bit and what follows no tunnel */
	{ "00 00 000641 aabb", "pmsi:notunnel:0:100:", "00 00 000640" },
	{ "80 01 001230 0102030405060708", "pmsi:rsvp-tep2mplsp:128:291:0x0102030405060708", NULL },
	{ "80 01 001231 0102030405060708", "pmsi:rsvp-tep2mplsp:128:291:0x0102030405060708",
	  "80 01 001230 0102030405060708" },
	{ "00 02 000000 01", "pmsi:mldpp2mplsp:0:0:0x01", NULL },
	{ "00 03 000000", "pmsi:pim-ssmtree:0:0:", NULL },
	{ "00 04 fffff0 c0a80001c0a80002", "pmsi:pim-smtree:0:1048575:0xC0A80001C0A80002", NULL },
	{ "00 05 000000 00", "pmsi:bidir-pimtree:0:0:0x00", NULL },
	{ "00 07 000010 ab", "pmsi:mldpmp2mplsp:0:1:0xAB", NULL },
};

static struct wire_ctx CTX;

static int setup(void **state)
{
	(void)state;
	wire_ctx_init_decode(&CTX);
	return 0;
}

static void attr_of(const uint8_t *v, size_t n, struct wire_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->code = WIRE_ATTR_PMSI_TUNNEL;
	a->flags = 0xC0;
	a->len = n;
	a->val = v;
}

static void test_types(void **state)
{
	const struct wire_attr_desc *d = &wire_attr_pmsi_tunnel;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint8_t v[64], want[70];
		size_t n = tu_hex(rows[i].hex, v, sizeof(v)), wl;
		char json[160], text[160];
		struct wire_attr a;
		struct rd r;
		struct lb_err err;
		struct wbuf out;
		struct json_sink j;
		struct arena ar;
		struct val_sink vs;

		attr_of(v, n, &a);
		rd_init(&r, v, n);
		assert_int_equal(d->check(&r, &a, &CTX, &err), 0);

		snprintf(json, sizeof(json), "{\"pmsi\":\"%s\"}", rows[i].string);
		wbuf_init(&out, 0);
		json_sink_init(&j, &out, 1);
		sink_obj(&j.base);
		d->json(&j.base, &a, NULL, &CTX);
		sink_obj_end(&j.base);
		json_sink_fini(&j);
		tu_assert_text(json, wbuf_cstr(&out), out.len);
		wbuf_reset(&out);
		snprintf(text, sizeof(text), " pmsi %s", rows[i].string);
		d->text(&out, &a, NULL, &CTX);
		tu_assert_text(text, wbuf_cstr(&out), out.len);

		arena_init(&ar, 1024);
		val_sink_init(&vs, &ar);
		sink_obj(&vs.base);
		d->json(&vs.base, &a, NULL, &CTX);
		sink_obj_end(&vs.base);
		wbuf_reset(&out);
		assert_int_equal(d->encode(&out, val_get(val_sink_root(&vs), "pmsi"), &CTX, &err), 0);
		want[0] = 0xC0;
		want[1] = WIRE_ATTR_PMSI_TUNNEL;
		wl = tu_hex(rows[i].encoded ? rows[i].encoded : rows[i].hex, want + 3,
			    sizeof(want) - 3);
		want[2] = (uint8_t)wl;
		assert_bytes(want, wl + 3, out.data, out.len);
		val_sink_fini(&vs);
		arena_fini(&ar);
		wbuf_fini(&out);
	}
}

/* The string the encoder reads may also come from a configuration: a
 * label without its raw octets is label << 4. */
static void test_encode_texts(void **state)
{
	static const struct {
		const char *s;
		const char *hex;
	} ok[] = {
		{ "pmsi:ingressreplication:0:100:10.0.0.1", "C0 16 09 00 06 000640 0a000001" },
		{ "pmsi:ingressreplication:2:0:::1", "C0 16 15 02 06 000000 00000000000000000000000000000001" },
		{ "pmsi:notunnel:0:7(113):", "C0 16 05 00 00 000071" },
		{ "pmsi:pim-ssmtree:0:0:0xabcd", "C0 16 07 00 03 000000 abcd" },
	};
	static const char *const bad[] = {
		"", "pmsi", "pmsi:", "pmsi:notunnel:0:0", "pmsi:bogus:0:0:",
		"pmsi:unknown:0:1:0xFF", "pmsi:notunnel:0:0:0x00", "pmsi:ingressreplication:0:0:",
		"pmsi:ingressreplication:256:0:1.2.3.4", "pmsi:pim-smtree:0:1048576:",
		"pmsi:pim-smtree:0:1(33):", "pmsi:pim-smtree:0:1(16:", "pmsi:pim-smtree:0:():",
		"pmsi:pim-smtree:0::", "pmsi:pim-smtree:0:0:0xABC", "pmsi:pim-smtree:0:0:ab",
		"pmsi:pim-smtree:0:0:0x", "pmsi:pim-smtree:0:0:0xZZ", "target:1:1",
	};
	struct arena ar;
	struct wbuf w;
	struct lb_err err;

	(void)state;
	arena_init(&ar, 1024);
	wbuf_init(&w, 0);
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		uint8_t want[64];
		size_t wl = tu_hex(ok[i].hex, want, sizeof(want));

		wbuf_reset(&w);
		if (wire_attr_pmsi_tunnel.encode(&w, val_new_str(&ar, ok[i].s, strlen(ok[i].s)),
						 &CTX, &err) < 0)
			fail_msg("%s: %s", ok[i].s, err.reason);
		assert_bytes(want, wl, w.data, w.len);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		wbuf_reset(&w);
		if (wire_attr_pmsi_tunnel.encode(&w, val_new_str(&ar, bad[i], strlen(bad[i])),
						 &CTX, &err) == 0)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_int_equal(err.act, LB_ACT_RESET);
		assert_int_equal(w.len, 0);
	}
	assert_int_equal(wire_attr_pmsi_tunnel.encode(&w, val_new(&ar, VAL_ARR), &CTX, &err), -1);
	assert_int_equal(wire_attr_pmsi_tunnel.encode(&w, NULL, &CTX, &err), -1);
	wbuf_fini(&w);
	arena_fini(&ar);
}

/* RFC 6514 §5 needs 5 octets; an ingress replication endpoint is an
 * address: treat-as-withdraw otherwise. */
static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"", "00", "00 06 0006", "00 06 000641", "00 06 000641 0a0000",
		"00 06 000641 0a00000102", "00 06 000641 20010db800000000000000000000000100",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t v[64];
		size_t n = tu_hex(bad[i], v, sizeof(v));
		struct wire_attr a;
		struct rd r;
		struct lb_err err;

		attr_of(v, n, &a);
		rd_init(&r, v, n);
		lb_err_clear(&err);
		assert_int_equal(wire_attr_pmsi_tunnel.check(&r, &a, &CTX, &err), -1);
		assert_int_equal(err.act, LB_ACT_WITHDRAW);
		assert_non_null(strstr(err.reason, "pmsi"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_types, setup),
		cmocka_unit_test_setup(test_encode_texts, setup),
		cmocka_unit_test_setup(test_malformed, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
