/* session/negotiate: OPENs read for the session (RFC 4271 §6.2 checks,
 * RFC 5492 capabilities, RFC 9072 extended parameters) and the
 * intersection of ours and the peer's. */
#include <string.h>

#include "session/negotiate.h"
#include "testutil.h"

#define M "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

/* A whole OPEN from the hex of its body (header added, length set). */
static size_t open_msg(const char *body, uint8_t *out)
{
	size_t n = tu_hex(M "0000" "01", out, 4096);
	size_t b = tu_hex(body, out + n, 4096 - n);

	out[16] = (uint8_t)((n + b) >> 8);
	out[17] = (uint8_t)(n + b);
	return n + b;
}

static int parse(const char *body, struct sess_caps *c, struct lb_err *err)
{
	uint8_t msg[4096];
	size_t n = open_msg(body, msg);

	lb_err_clear(err);
	return sess_caps_parse(msg, n, c, err);
}

/* ExaBGP's own OPEN, from the conformance vector bgp-open-sofware-version */
static void test_exabgp_open(void **state)
{
	struct sess_caps c;
	struct lb_err err;

	(void)state;
	assert_int_equal(parse("04FFFD00B40A00000234"
			       "0206010400010001" "02064104" "0000FFFD"
			       "02224B201F4578614247502F6D61696E2D633261326561386562642D"
			       "3230323430373135",
			       &c, &err), 0);
	assert_int_equal(c.version, 4);
	assert_int_equal(c.my_as, 65533);
	assert_int_equal(c.asn, 65533);
	assert_true(c.asn4);
	assert_int_equal(c.hold_time, 180);
	assert_int_equal(c.bgp_id, 0x0A000002);
	assert_true(c.mp_any);
	assert_int_equal(c.families, WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST));
	assert_false(c.route_refresh);
}

static void test_capabilities(void **state)
{
	struct sess_caps c;
	struct lb_err err;

	(void)state;
	/* AS_TRANS with a 4-octet AS; MP ipv6 unicast and flow; route
	 * refresh (2 and 128); enhanced refresh; extended message; add-path
	 * ipv4 unicast send+receive and ipv6 unicast receive; graceful
	 * restart 120 s; extended next hop ipv4 unicast over ipv6;
	 * operational; an unknown capability 99 */
	assert_int_equal(parse("045BA000B4C0000201" "4D"
			       "0206410400030D40" "0206010400020001" "0206010400010085"
			       "02020200" "02028000" "02024600" "02020600"
			       "020A45080001010300020101" "020440028078"
			       "02080506000100010002" "0202B900" "0203630142",
			       &c, &err), 0);
	assert_int_equal(c.my_as, 23456);
	assert_int_equal(c.asn, 200000);
	assert_true(c.route_refresh);
	assert_true(c.enhanced_refresh);
	assert_true(c.ext_msg);
	assert_true(c.operational);
	assert_true(c.graceful_restart);
	assert_int_equal(c.restart_time, 120);
	assert_int_equal(c.families, WIRE_FAM_BIT(WIRE_FAM_IPV6_UNICAST) |
				     WIRE_FAM_BIT(WIRE_FAM_IPV4_FLOW));
	assert_int_equal(c.addpath_tx, WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST));
	assert_int_equal(c.addpath_rx, WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST) |
				       WIRE_FAM_BIT(WIRE_FAM_IPV6_UNICAST));
	assert_int_equal(c.ext_nexthop, WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST));
}

/* RFC 9072: non-ext length 255, type 255, then 2-octet lengths */
static void test_extended_parameters(void **state)
{
	struct sess_caps c;
	struct lb_err err;

	(void)state;
	assert_int_equal(parse("04FDE900B40A000001" "FF" "FF" "000B"
			       "020008" "0104000100 01" "0200",
			       &c, &err), 0);
	assert_int_equal(c.families, WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST));
	assert_true(c.route_refresh);
	/* a capability list that overruns its extended parameter */
	assert_int_equal(parse("04FDE900B40A000001" "FF" "FF" "0005" "020002" "0104",
			       &c, &err), -1);
	assert_int_equal(err.code, 2);
	assert_int_equal(err.subcode, 0);
}

struct bad {
	const char *body;
	uint8_t sub;
	const char *what;        /* for the reader */
};

static void test_refused(void **state)
{
	static const struct bad cases[] = {
		{ "03FDE900B40A00000100", 1, "BGP version 3, only 4 is supported" },
		{ "04FDE900020A00000100", 6, "hold time 2 (0 or at least 3)" },
		{ "04FDE900010A00000100", 6, "hold time 1" },
		{ "04FDE900B40000000000", 3, "BGP identifier 0.0.0.0" },
		{ "04FDE900B40A00000105" "0202", 0, "optional parameters length 5, 2 octets" },
		{ "04FDE900B40A00000104" "02040104", 0, "optional parameter runs past" },
		{ "04FDE900B40A00000104" "02020106", 0, "capability 1 runs past" },
		{ "04FDE900B40A00000104" "01020000", 4, "unsupported optional parameter 1" },
	};
	struct sess_caps c;
	struct lb_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].body, &c, &err), -1);
		assert_int_equal(err.code, 2);
		assert_int_equal(err.subcode, cases[i].sub);
		/* the wording is the codec's (test_messages) */
		assert_true(err.reason[0] != 0);
	}
	/* 2/1 carries the version we speak (RFC 4271 §6.2) */
	{
		size_t n;
		const uint8_t *d;

		parse("05FDE900B40A00000100", &c, &err);
		d = lb_err_data(&err, &n);
		assert_int_equal(n, 2);
		assert_int_equal(d[0], 0);
		assert_int_equal(d[1], 4);
	}
}

static void caps(struct sess_caps *c, uint32_t asn, uint16_t hold, uint32_t id)
{
	memset(c, 0, sizeof(*c));
	c->version = 4;
	c->asn = asn;
	c->hold_time = hold;
	c->bgp_id = id;
	c->asn4 = true;
}

static void test_negotiate(void **state)
{
	const uint64_t v4 = WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST);
	const uint64_t v6 = WIRE_FAM_BIT(WIRE_FAM_IPV6_UNICAST);
	struct sess_caps ours, theirs;
	struct sess_negotiated n;
	struct lb_err err;

	(void)state;
	caps(&ours, 65001, 90, 1);
	caps(&theirs, 65002, 30, 2);
	ours.mp_any = theirs.mp_any = true;
	ours.families = v4 | v6;
	theirs.families = v4;
	ours.addpath_tx = ours.addpath_rx = v4 | v6;
	theirs.addpath_rx = v4;
	ours.ext_msg = theirs.ext_msg = true;
	ours.route_refresh = true;
	assert_int_equal(sess_negotiate(&ours, &theirs, 65002, &n, &err), 0);
	assert_int_equal(n.ctx.families, v4);
	/* they receive path ids, they send none */
	assert_int_equal(n.ctx.addpath_tx, v4);
	assert_int_equal(n.ctx.addpath_rx, 0);
	assert_int_equal(n.hold_time, 30);
	assert_int_equal(n.max_msg, 65535);
	/* RFC 8654 extended messages only when both sides advertised them (as
	 * ExaBGP); one side alone keeps 4096 both ways (see X4 in
	 * docs/reliability-coverage.md) */
	theirs.ext_msg = false;
	assert_int_equal(sess_negotiate(&ours, &theirs, 65002, &n, &err), 0);
	assert_int_equal(n.max_msg, 4096);
	ours.ext_msg = false;
	theirs.ext_msg = true;
	assert_int_equal(sess_negotiate(&ours, &theirs, 65002, &n, &err), 0);
	assert_int_equal(n.max_msg, 4096);
	ours.ext_msg = true;
	assert_int_equal(sess_negotiate(&ours, &theirs, 65002, &n, &err), 0);
	assert_int_equal(n.max_msg, 65535);
	assert_false(n.route_refresh);
	assert_false(n.ctx.ibgp);
	assert_true(n.ctx.asn4);
	assert_int_equal(n.ctx.peer_as, 65002);

	/* RFC 4760 §8: a peer without multiprotocol capabilities */
	theirs.mp_any = false;
	theirs.families = 0;
	theirs.asn4 = false;
	theirs.hold_time = 0;
	assert_int_equal(sess_negotiate(&ours, &theirs, 0, &n, &err), 0);
	assert_int_equal(n.ctx.families, v4);
	assert_false(n.ctx.asn4);
	assert_int_equal(n.hold_time, 0);
	/* RFC 4271 §4.2: the smaller hold time, whichever side gives 0 */
	ours.hold_time = 0;
	theirs.hold_time = 90;
	assert_int_equal(sess_negotiate(&ours, &theirs, 0, &n, &err), 0);
	assert_int_equal(n.hold_time, 0);
	ours.hold_time = 90;

	/* 2/2 Bad Peer AS */
	assert_int_equal(sess_negotiate(&ours, &theirs, 65009, &n, &err), -1);
	assert_int_equal(err.subcode, 2);
	assert_string_equal(err.reason, "OPEN: peer AS 65002, expected 65009");
	/* RFC 6286: iBGP with our own identifier */
	caps(&theirs, 65001, 90, 1);
	assert_int_equal(sess_negotiate(&ours, &theirs, 65001, &n, &err), -1);
	assert_int_equal(err.subcode, 3);
	/* eBGP may share it */
	caps(&theirs, 65003, 90, 1);
	assert_int_equal(sess_negotiate(&ours, &theirs, 65003, &n, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exabgp_open),
		cmocka_unit_test(test_capabilities),
		cmocka_unit_test(test_extended_parameters),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_negotiate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
