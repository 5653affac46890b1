/* Message header checks, RELIABILITY.md §1.1 (H1-H6) and RFC 8654. */
#include <string.h>

#include "testutil.h"
#include "wire/message.h"

static uint8_t m[70000];

/* a header of type t claiming len octets, with n octets present */
static size_t make(uint8_t t, uint16_t len)
{
	memset(m, 0xff, 16);
	m[16] = (uint8_t)(len >> 8);
	m[17] = (uint8_t)len;
	m[18] = t;
	memset(m + 19, 0, sizeof(m) - 19);
	return len;
}

static void expect(size_t n, size_t max, bool op, uint8_t code, uint8_t sub,
		   const uint8_t *data, size_t dlen)
{
	struct wire_header h;
	struct lb_err e;
	size_t got;
	const uint8_t *d;

	lb_err_clear(&e);
	assert_int_equal(wire_header_decode(m, n, max, op, &h, &e), -1);
	assert_int_equal(e.act, LB_ACT_RESET);
	assert_int_equal(e.code, code);
	assert_int_equal(e.subcode, sub);
	d = lb_err_data(&e, &got);
	assert_bytes(data, dlen, d, got);
}

static void accept(size_t n, size_t max, bool op)
{
	struct wire_header h;
	struct lb_err e;

	assert_int_equal(wire_header_decode(m, n, max, op, &h, &e), 0);
	assert_int_equal(h.len, get_u16(m + 16));
	assert_int_equal(h.type, m[18]);
}

static void h1_marker(void **state)
{
	(void)state;
	make(WIRE_MSG_KEEPALIVE, 19);
	m[7] = 0xfe;
	expect(19, 4096, false, 1, 1, NULL, 0);
}

static void h2_h3_length_bounds(void **state)
{
	const uint8_t l18[] = { 0, 18 }, l4097[] = { 0x10, 0x01 };

	(void)state;
	make(WIRE_MSG_UPDATE, 18);
	expect(19, 4096, false, 1, 2, l18, 2);
	make(WIRE_MSG_UPDATE, 4097);
	expect(4097, 4096, false, 1, 2, l4097, 2);
	/* with extended messages (RFC 8654) an UPDATE may be 65535 */
	make(WIRE_MSG_UPDATE, 65535);
	accept(65535, 65535, false);
}

static void h4_open_and_keepalive_keep_4096(void **state)
{
	const uint8_t l4097[] = { 0x10, 0x01 }, l20[] = { 0, 20 };

	(void)state;
	make(WIRE_MSG_OPEN, 4097);
	expect(4097, 65535, false, 1, 2, l4097, 2);
	make(WIRE_MSG_KEEPALIVE, 20);
	expect(20, 65535, false, 1, 2, l20, 2);
}

static void h5_length_per_type(void **state)
{
	static const struct {
		uint8_t type;
		uint16_t bad, good;
	} cases[] = {
		{ WIRE_MSG_OPEN, 28, 29 },
		{ WIRE_MSG_UPDATE, 22, 23 },
		{ WIRE_MSG_NOTIFICATION, 20, 21 },
		{ WIRE_MSG_ROUTE_REFRESH, 22, 23 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t l[2] = { 0, (uint8_t)cases[i].bad };

		make(cases[i].type, cases[i].bad);
		expect(cases[i].bad, 4096, false, 1, 2, l, 2);
		make(cases[i].type, cases[i].good);
		accept(cases[i].good, 4096, false);
	}
}

static void h6_message_types(void **state)
{
	const uint8_t t6[] = { 6 }, t0[] = { 0 }, t255[] = { 255 };

	(void)state;
	make(0, 19);
	expect(19, 4096, false, 1, 3, t0, 1);
	make(255, 19);
	expect(19, 4096, false, 1, 3, t255, 1);
	/* type 6 only once the operational capability was negotiated */
	make(WIRE_MSG_OPERATIONAL, 19);
	expect(19, 4096, false, 1, 3, t6, 1);
	accept(19, 4096, true);
}

static void short_input_is_an_error_not_a_read(void **state)
{
	struct wire_header h;
	struct lb_err e;

	(void)state;
	make(WIRE_MSG_KEEPALIVE, 19);
	for (size_t n = 0; n < 19; n++)
		assert_int_equal(wire_header_decode(m, n, 4096, false, &h, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(h1_marker),
		cmocka_unit_test(h2_h3_length_bounds),
		cmocka_unit_test(h4_open_and_keepalive_keep_4096),
		cmocka_unit_test(h5_length_per_type),
		cmocka_unit_test(h6_message_types),
		cmocka_unit_test(short_input_is_an_error_not_a_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
