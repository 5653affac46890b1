/* Configured routes in bulk (rib/static_routes.h): which prefix texts are
 * taken and their NLRI, and the records in order. */
#include <stdio.h>
#include <string.h>

#include "rib/static_routes.h"
#include "testutil.h"

static size_t prefix_of(int afi, const char *text, uint8_t *out)
{
	return static_routes_prefix(afi, text, strlen(text), out);
}

/* Plain prefixes give their NLRI (RFC 4271 §4.3: length, then the octets
 * the length covers). */
static void prefixes_taken(void **state)
{
	static const struct {
		int afi;
		const char *text;
		const char *nlri;
	} rows[] = {
		{ 4, "10.0.0.0/24", "180a0000" },
		{ 4, "0.0.0.0/0", "00" },
		{ 4, "192.168.1.128/25", "19c0a80180" },
		{ 4, "255.255.255.255/32", "20ffffffff" },
		{ 4, "10.0.0.0/7", "070a" },
		{ 6, "2001:db8::/32", "2020010db8" },
		{ 6, "2001:DB8:1:2::/64", "4020010db800010002" },
		{ 6, "::/0", "00" },
		{ 6, "2001:db8::1/128", "8020010db8000000000000000000000001" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint8_t out[STATIC_ROUTES_NLRI_MAX], want[STATIC_ROUTES_NLRI_MAX];
		size_t n = prefix_of(rows[i].afi, rows[i].text, out);
		size_t wn = tu_hex(rows[i].nlri, want, sizeof(want));

		if (n != wn || memcmp(out, want, n) != 0) {
			print_error("%s: got %zu octets, want %s\n", rows[i].text, n, rows[i].nlri);
			fail();
		}
	}
}

/* Anything else is left to the configuration's grammar, which accepts more
 * forms or says what is wrong: nothing here may take a text the grammar
 * would read differently. */
static void prefixes_left_to_the_grammar(void **state)
{
	static const struct {
		int afi;
		const char *text;
	} rows[] = {
		{ 4, "10.0.0.1/24" },        /* a bit past the length */
		{ 4, "10.0.0.0/33" },
		{ 4, "10.0.0.0" },           /* no length: a host route */
		{ 4, "010.0.0.0/8" },        /* leading zero */
		{ 4, "10.0.0.0/024" },
		{ 4, "256.0.0.0/8" },
		{ 4, "10.0.0/24" },
		{ 4, "10.0.0.0.0/24" },
		{ 4, "1000.0.0.0/8" },
		{ 4, "10.0.0.0/" },
		{ 4, "2001:db8::/32" },      /* the wrong afi */
		{ 6, "10.0.0.0/8" },
		{ 6, "::ffff:10.0.0.0/104" }, /* an IPv4 tail */
		{ 6, "2001:db8::/129" },
		{ 6, "2001:db8::1/64" },
		{ 6, "2001:db8:::/48" },
		{ 6, "2001:db8::g/48" },
		{ 5, "10.0.0.0/8" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint8_t out[STATIC_ROUTES_NLRI_MAX];

		if (prefix_of(rows[i].afi, rows[i].text, out) != 0) {
			print_error("%s (afi %d) was taken\n", rows[i].text, rows[i].afi);
			fail();
		}
	}
}

static void records_in_order(void **state)
{
	struct static_routes s;
	struct static_route r;
	size_t off = 0;

	(void)state;
	static_routes_init(&s);
	assert_int_equal(static_routes_add(&s, 3, 4, "10.1.0.0/16", 11), 1);
	assert_int_equal(static_routes_add(&s, 0, 6, "2001:db8::/32", 13), 1);
	assert_int_equal(static_routes_add(&s, 0, 4, "10.1.0.1/16", 11), 0);
	assert_int_equal(static_routes_add(&s, STATIC_ROUTES_TEMPLATES, 4, "10.1.0.0/16", 11), 0);
	assert_int_equal(s.count, 2);
	assert_true(static_routes_next(&s, &off, &r));
	assert_int_equal(r.tmpl, 3);
	assert_int_equal(r.len, 3);
	assert_memory_equal(r.nlri, "\x10\x0a\x01", 3);
	assert_true(static_routes_next(&s, &off, &r));
	assert_int_equal(r.tmpl, 0);
	assert_int_equal(r.len, 5);
	assert_false(static_routes_next(&s, &off, &r));
	static_routes_fini(&s);
}

/* A million routes: six octets each for an IPv4 /24, read back in order. */
static void a_million_routes(void **state)
{
	struct static_routes s;
	struct static_route r;
	char text[32];
	unsigned i = 0;

	(void)state;
	static_routes_init(&s);
	for (i = 0; i < 1000000; i++) {
		int n = snprintf(text, sizeof(text), "%u.%u.%u.0/24", 10 + (i >> 16),
				 (i >> 8) & 255, i & 255);

		assert_int_equal(static_routes_add(&s, i % 4, 4, text, (size_t)n), 1);
	}
	assert_true(s.len == 6 * 1000000u);
	i = 0;
	for (size_t off = 0; static_routes_next(&s, &off, &r); i++) {
		uint8_t want[4] = { 24, (uint8_t)(10 + (i >> 16)), (uint8_t)(i >> 8), (uint8_t)i };

		if (r.tmpl != i % 4 || r.len != 4 || memcmp(r.nlri, want, 4) != 0)
			fail_msg("route %u read back wrong", i);
	}
	assert_int_equal(i, 1000000);
	static_routes_fini(&s);
}

/* A store handed over: the taker has the records, the giver none. */
static void moved(void **state)
{
	struct static_routes s, to;

	(void)state;
	static_routes_init(&s);
	static_routes_init(&to);
	assert_int_equal(static_routes_add(&to, 1, 4, "10.9.0.0/16", 11), 1);
	assert_int_equal(static_routes_add(&s, 0, 4, "10.0.0.0/24", 11), 1);
	static_routes_move(&to, &s);
	assert_int_equal(to.count, 1);
	assert_int_equal(s.count, 0);
	assert_null(s.data);
	static_routes_fini(&to);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefixes_taken),
		cmocka_unit_test(prefixes_left_to_the_grammar),
		cmocka_unit_test(records_in_order),
		cmocka_unit_test(moved),
		cmocka_unit_test(a_million_routes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
