/* core/base: readers, writers, hex, the JSON sink and the value tree. */
#include <arpa/inet.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/hex.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "base/wbuf.h"
#include "testutil.h"

static void reader_never_reads_past_end(void **state)
{
	const uint8_t data[] = { 1, 2, 3, 4, 5 };
	struct rd r, sub;
	uint32_t v32;
	uint16_t v16;
	uint8_t v8;

	(void)state;
	rd_init(&r, data, sizeof(data));
	assert_int_equal(rd_u16(&r, &v16), 0);
	assert_int_equal(v16, 0x0102);
	assert_int_equal(rd_u32(&r, &v32), -1);       /* 3 left */
	assert_int_equal(rd_left(&r), 3);              /* nothing consumed */
	assert_int_equal(rd_sub(&r, 2, &sub), 0);
	assert_int_equal(rd_left(&r), 1);
	assert_int_equal(rd_offset(&sub), 2);          /* origin carried */
	assert_int_equal(rd_u8(&sub, &v8), 0);
	assert_int_equal(v8, 3);
	assert_int_equal(rd_u16(&sub, &v16), -1);      /* sub holds 1 more */
	assert_int_equal(rd_sub(&r, 2, &sub), -1);
	assert_int_equal(rd_u8(&r, &v8), 0);
	assert_int_equal(v8, 5);
	assert_int_equal(rd_u8(&r, &v8), -1);
}

static void fixed_writer_latches_failure(void **state)
{
	uint8_t mem[4];
	struct wbuf w;
	int errs = 0;

	(void)state;
	wbuf_init_fixed(&w, mem, sizeof(mem));
	errs += wbuf_u16(&w, 0xabcd);
	errs += wbuf_u16(&w, 0x1234);
	assert_int_equal(errs, 0);
	errs += wbuf_u8(&w, 1);
	assert_true(errs != 0);
	assert_true(w.failed);
	assert_int_equal(w.len, 4);
	assert_int_equal(mem[0], 0xab);
	assert_int_equal(mem[3], 0x34);
}

static void growing_writer_and_numbers(void **state)
{
	struct wbuf w;

	(void)state;
	wbuf_init(&w, 0);
	for (int i = 0; i < 1000; i++)
		wbuf_u8(&w, (uint8_t)i);
	assert_int_equal(w.len, 1000);
	wbuf_reset(&w);
	wbuf_uint(&w, 18446744073709551615ull);
	wbuf_u8(&w, ' ');
	wbuf_int(&w, -9223372036854775807ll - 1);
	wbuf_u8(&w, ' ');
	wbuf_uint(&w, 0);
	tu_assert_text("18446744073709551615 -9223372036854775808 0",
		       (const char *)w.data, w.len);
	wbuf_fini(&w);
}

/* found by fuzz_hex: hex of nothing into a buffer without memory yet
 * computed NULL + 0 (undefined behaviour, caught by UBSan) */
static void empty_writes_into_an_empty_buffer(void **state)
{
	struct wbuf w;
	uint8_t none[1];

	(void)state;
	wbuf_init(&w, 0);
	assert_int_equal(wbuf_hex(&w, none, 0, 1), 0);
	assert_int_equal(wbuf_put(&w, none, 0), 0);
	assert_int_equal(w.len, 0);
	wbuf_fini(&w);
}

/* a borrowed buffer moves to the heap when outgrown, keeping its bytes */
static void borrowed_buffer_moves_to_the_heap(void **state)
{
	uint8_t mem[4];
	struct wbuf w;

	(void)state;
	wbuf_init_borrowed(&w, mem, sizeof(mem));
	wbuf_u32(&w, 0x01020304);
	assert_ptr_equal(w.data, mem);
	wbuf_u8(&w, 5);
	assert_ptr_not_equal(w.data, mem);
	assert_int_equal(w.len, 5);
	assert_int_equal(w.data[0], 1);
	assert_int_equal(w.data[4], 5);
	wbuf_fini(&w);
}

static void ipv6_text_matches_inet_ntop(void **state)
{
	uint8_t a[16];
	char want[INET6_ADDRSTRLEN];
	struct wbuf w;

	(void)state;
	srand(7);
	wbuf_init(&w, 64);
	for (int i = 0; i < 2000; i++) {
		for (int j = 0; j < 16; j++)
			a[j] = (rand() % 3) ? 0 : (uint8_t)rand();
		wbuf_reset(&w);
		wbuf_ipv6(&w, a);
		inet_ntop(AF_INET6, a, want, sizeof(want));
		tu_assert_text(want, (const char *)w.data, w.len);
	}
	wbuf_fini(&w);
}

static void hex_accepts_separators_and_reports_offset(void **state)
{
	struct wbuf w;
	size_t bad = 99;

	(void)state;
	wbuf_init(&w, 0);
	assert_int_equal(hex_decode("0xFFff:00 13\n", 13, &w, &bad), 0);
	assert_int_equal(w.len, 4);
	assert_int_equal(w.data[3], 0x13);
	wbuf_reset(&w);
	assert_int_equal(hex_decode("FFGG", 4, &w, &bad), -1);
	assert_int_equal(bad, 2);
	wbuf_reset(&w);
	assert_int_equal(hex_decode("FFF", 3, &w, &bad), -1);
	assert_int_equal(bad, 3);
	wbuf_reset(&w);
	/* a separator inside a byte is not allowed */
	assert_int_equal(hex_decode("F F", 3, &w, &bad), -1);
	assert_int_equal(bad, 1);
	wbuf_fini(&w);
}

static void json_sink_layout_is_exabgps(void **state)
{
	struct wbuf w;
	struct json_sink j;

	(void)state;
	wbuf_init(&w, 0);
	json_sink_init(&j, &w, 0);
	sink_obj(&j.base);
	sink_kstr(&j.base, "origin", "igp");
	sink_key(&j.base, "as-path");
	sink_arr(&j.base);
	sink_uint(&j.base, 1);
	sink_uint(&j.base, 2);
	sink_arr_end(&j.base);
	sink_key(&j.base, "empty");
	sink_arr(&j.base);
	sink_arr_end(&j.base);
	sink_kbool(&j.base, "atomic-aggregate", 1);
	sink_key(&j.base, "o");
	sink_obj(&j.base);
	sink_obj_end(&j.base);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	tu_assert_text("{ \"origin\": \"igp\", \"as-path\": [ 1, 2 ], \"empty\": [], "
		       "\"atomic-aggregate\": true, \"o\": {} }",
		       (const char *)w.data, w.len);
	wbuf_fini(&w);
}

static void json_strings_are_escaped_and_valid_utf8(void **state)
{
	struct wbuf w;
	const char in[] = "a\"b\\c\n\x01\xc3\xa9\xff\xe2\x82";

	(void)state;
	wbuf_init(&w, 0);
	json_write_string(&w, in, sizeof(in) - 1);
	tu_assert_text("\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\\ufffd\\ufffd\\ufffd\"",
		       (const char *)w.data, w.len);
	wbuf_fini(&w);
}

static void doubles_print_as_python_repr(void **state)
{
	static const struct {
		double v;
		const char *text;
	} cases[] = {
		{ 1250000000.0, "1250000000.0" }, { 0.1, "0.1" },
		{ 1e16, "1e+16" }, { 1.5e16, "1.5e+16" }, { 1e15, "1000000000000000.0" },
		{ 0.0001, "0.0001" }, { 1e-05, "1e-05" }, { -2.5, "-2.5" },
		{ 0.0, "0.0" }, { 100.0, "100.0" }, { 1681807093.9168482, "1681807093.9168482" },
		{ 3.4028234663852886e+38, "3.4028234663852886e+38" },
	};
	struct wbuf w;

	(void)state;
	wbuf_init(&w, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wbuf_reset(&w);
		json_write_double(&w, cases[i].v);
		tu_assert_text(cases[i].text, (const char *)w.data, w.len);
	}
	wbuf_fini(&w);
}

static void tree_sink_round_trips_through_json(void **state)
{
	struct arena a;
	struct val_sink vs;
	struct json_sink j;
	struct wbuf w;
	const struct val *root, *m;
	uint64_t u;

	(void)state;
	arena_init(&a, 256);
	val_sink_init(&vs, &a);
	sink_obj(&vs.base);
	sink_kuint(&vs.base, "value", 9225060886715039744ull);
	sink_kstr(&vs.base, "string", "rate-limit:0");
	sink_key(&vs.base, "list");
	sink_arr(&vs.base);
	sink_int(&vs.base, -1);
	sink_null(&vs.base);
	sink_arr_end(&vs.base);
	sink_obj_end(&vs.base);
	root = val_sink_root(&vs);
	assert_non_null(root);
	assert_int_equal(root->type, VAL_OBJ);
	assert_int_equal(val_len(root), 3);
	assert_int_equal(val_as_u64(val_get(root, "value"), &u), 0);
	assert_true(u == 9225060886715039744ull);
	assert_true(val_is_str(val_get(root, "string"), "rate-limit:0"));
	m = val_get(root, "list");
	assert_int_equal(val_len(m), 2);
	assert_int_equal(val_at(m, 1)->type, VAL_NULL);
	wbuf_init(&w, 0);
	json_sink_init(&j, &w, 1);
	val_emit(root, &j.base);
	json_sink_fini(&j);
	tu_assert_text("{\"value\":9225060886715039744,\"string\":\"rate-limit:0\","
		       "\"list\":[-1,null]}", (const char *)w.data, w.len);
	wbuf_fini(&w);
	val_sink_fini(&vs);
	arena_fini(&a);
}

static void value_readers_convert_and_refuse(void **state)
{
	struct arena a;
	struct val *s;
	uint64_t u;
	int64_t i;

	(void)state;
	arena_init(&a, 0);
	s = val_new_str(&a, "0x10", 4);
	assert_int_equal(val_as_u64(s, &u), 0);
	assert_int_equal(u, 16);
	s = val_new_str(&a, "-5", 2);
	assert_int_equal(val_as_u64(s, &u), -1);
	assert_int_equal(val_as_i64(s, &i), 0);
	assert_int_equal(i, -5);
	s = val_new_str(&a, "12x", 3);
	assert_int_equal(val_as_u64(s, &u), -1);
	assert_int_equal(val_as_u64(NULL, &u), -1);
	arena_fini(&a);
}

static void errors_merge_strongest_first(void **state)
{
	struct lb_err into, e;

	(void)state;
	lb_err_clear(&into);
	lb_err_clear(&e);
	lb_err_set(&e, LB_ACT_DISCARD, 3, 5, 10, "first discard");
	lb_err_merge(&into, &e);
	lb_err_set(&e, LB_ACT_WITHDRAW, 3, 1, 20, "first withdraw");
	lb_err_merge(&into, &e);
	lb_err_set(&e, LB_ACT_WITHDRAW, 3, 1, 30, "second withdraw");
	lb_err_merge(&into, &e);
	assert_int_equal(into.act, LB_ACT_WITHDRAW);
	assert_int_equal(into.offset, 20);
	assert_string_equal(into.reason, "first withdraw");
}

static void arena_reuses_its_chunk(void **state)
{
	struct arena a;
	void *p, *q;

	(void)state;
	arena_init(&a, 1024);
	p = arena_alloc(&a, 100);
	arena_alloc(&a, 5000); /* a bigger second chunk */
	arena_reset(&a);
	q = arena_alloc(&a, 100);
	assert_non_null(p);
	assert_non_null(q);
	assert_int_equal(a.used, 112);
	arena_fini(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reader_never_reads_past_end),
		cmocka_unit_test(fixed_writer_latches_failure),
		cmocka_unit_test(growing_writer_and_numbers),
		cmocka_unit_test(empty_writes_into_an_empty_buffer),
		cmocka_unit_test(borrowed_buffer_moves_to_the_heap),
		cmocka_unit_test(ipv6_text_matches_inet_ntop),
		cmocka_unit_test(hex_accepts_separators_and_reports_offset),
		cmocka_unit_test(json_sink_layout_is_exabgps),
		cmocka_unit_test(json_strings_are_escaped_and_valid_utf8),
		cmocka_unit_test(doubles_print_as_python_repr),
		cmocka_unit_test(tree_sink_round_trips_through_json),
		cmocka_unit_test(value_readers_convert_and_refuse),
		cmocka_unit_test(errors_merge_strongest_first),
		cmocka_unit_test(arena_reuses_its_chunk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
