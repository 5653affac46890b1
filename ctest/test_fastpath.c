/* fastpath: a process's known `announce route PREFIX ATTRS` lines go
 * straight into every target neighbor's Adj-RIB-Out, in order, until the
 * first line the Lua handler must read; a line left to the handler has
 * changed nothing. */
#include <stdio.h>
#include <string.h>

#include "speaker/fastpath.h"
#include "speaker/speaker.h"
#include "testutil.h"
#include "wire/wire.h"

#define MARKER "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
/* AS 65001, hold 30, 1.1.1.1: ipv4 unicast, 4-octet AS */
static const char OPEN[] = MARKER "002D01" "04FDE9001E01010101" "10" "0206010400010001"
			   "020641040000FDE9";
/* origin igp, next-hop 192.0.2.1 */
static const char ATTRS[] = "40010100" "400304C0000201";

static const char TEXT[] = "next-hop 192.0.2.1 med 5";

struct fixture {
	uv_loop_t loop;
	struct spk sp;
	struct spk_nb *nb[2];
	struct attrset *a;
	struct spk_fast f;
};

static const struct spk_ops ops = { 0 };

static int setup(void **state)
{
	static struct fixture x;
	struct spk_nb_cfg c;
	struct lb_err err;
	uint8_t open[64], attrs[32];
	size_t olen = tu_hex(OPEN, open, sizeof(open));
	size_t alen = tu_hex(ATTRS, attrs, sizeof(attrs));

	memset(&x, 0, sizeof(x));
	assert_int_equal(uv_loop_init(&x.loop), 0);
	assert_int_equal(spk_init(&x.sp, &x.loop, &ops, &x), 0);
	x.sp.log.enabled = false;
	for (int i = 0; i < 2; i++) {
		memset(&c, 0, sizeof(c));
		net_addr_parse(i ? "127.0.0.2" : "127.0.0.3", 179, &c.sess.remote);
		c.sess.local.ss_family = AF_UNSPEC;
		c.sess.passive = true;
		c.sess.hold_time = 90;
		c.open = open;
		c.open_len = olen;
		c.group_updates = true;
		x.nb[i] = spk_neighbor_add(&x.sp, &c, NULL, &err);
		assert_non_null(x.nb[i]);
	}
	x.a = attrset_intern(&x.sp.pool, attrs, alen, NULL, 0);
	assert_non_null(x.a);
	spk_fast_init(&x.f);
	*state = &x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;

	spk_fast_fini(&x->f, &x->sp.pool);
	attrset_unref(&x->sp.pool, x->a);
	spk_fini(&x->sp);
	uv_run(&x->loop, UV_RUN_DEFAULT);
	spk_release(&x->sp);
	assert_int_equal(uv_loop_close(&x->loop), 0);
	return 0;
}

static void learn(struct fixture *x, uint64_t version, const char *text, size_t nuses)
{
	struct spk_fast_use uses[2];

	for (size_t i = 0; i < nuses; i++)
		uses[i] = (struct spk_fast_use){ x->nb[i], x->a, x->nb[i]->ctx_gen,
						 WIRE_FAM_IPV4_UNICAST };
	assert_int_equal(spk_fast_learn(&x->sp, &x->f, version, false, text, strlen(text), uses,
					nuses),
			 0);
}

static size_t run(struct fixture *x, uint64_t version, const char *lines, size_t *nlines)
{
	return spk_fast_run(&x->sp, &x->f, version, lines, strlen(lines), nlines);
}

static size_t routes(const struct spk_nb *nb)
{
	return nb->out.count;
}

static void test_known_lines_until_the_first_other(void **state)
{
	struct fixture *x = *state;
	static const char LINES[] = "announce route 10.0.0.0/24 next-hop 192.0.2.1 med 5\n"
				    "announce route 10.0.1.0/24 next-hop 192.0.2.1 med 5\n"
				    "announce route 10.0.2.0/24 next-hop 192.0.2.1 med 6\n"
				    "announce route 10.0.3.0/24 next-hop 192.0.2.1 med 5\n";
	size_t n;

	learn(x, 7, TEXT, 2);
	assert_int_equal(run(x, 7, LINES, &n), strchr(strchr(LINES, '\n') + 1, '\n') + 1 - LINES);
	assert_int_equal(n, 2);
	assert_int_equal(routes(x->nb[0]), 2);
	assert_int_equal(routes(x->nb[1]), 2);
	assert_true(x->nb[0]->dirty && x->nb[1]->dirty);
	/* the same prefix again is the same route */
	assert_int_equal(run(x, 7, LINES, &n), (size_t)(strchr(LINES, '\n') + 1 - LINES) * 2);
	assert_int_equal(routes(x->nb[0]), 2);
}

/* Each of these is the handler's, and changes nothing. */
static void test_lines_left_to_the_handler(void **state)
{
	struct fixture *x = *state;
	static const char *const OTHERS[] = {
		"announce route 10.0.0.1/24 next-hop 192.0.2.1 med 5\n",   /* host bits */
		"announce route 10.0.0.0/33 next-hop 192.0.2.1 med 5\n",
		"announce route 10.0.0.0/024x next-hop 192.0.2.1 med 5\n",
		"announce route 2001:db8::/32 next-hop 192.0.2.1 med 5\n", /* not its family */
		"announce route 10.0.0.0/24 next-hop 192.0.2.1 med 5 \n",  /* blanks */
		"announce route 10.0.0.0/24 next-hop 192.0.2.1 med 5\r\n",
		" announce route 10.0.0.0/24 next-hop 192.0.2.1 med 5\n",
		"announce route  10.0.0.0/24 next-hop 192.0.2.1 med 5\n",
		"neighbor 127.0.0.2 announce route 10.0.0.0/24 next-hop 192.0.2.1 med 5\n",
		"withdraw route 10.0.0.0/24 next-hop 192.0.2.1 med 5\n",
		"announce route 10.0.0.0/24\n",
		"announce route 10.0.0.0/24 next-hop 192.0.2.1 med 5",     /* no end */
		"\n",
	};
	size_t n;

	learn(x, 1, TEXT, 2);
	for (size_t i = 0; i < sizeof(OTHERS) / sizeof(OTHERS[0]); i++) {
		assert_int_equal(run(x, 1, OTHERS[i], &n), 0);
		assert_int_equal(n, 0);
	}
	assert_int_equal(routes(x->nb[0]), 0);
	assert_int_equal(routes(x->nb[1]), 0);
}

/* A new session (another context) on one neighbor stops the line before
 * the other neighbor got it; another version of the neighbor list stops
 * everything, and a text learnt under it forgets the others. */
static void test_stale_sets_and_versions(void **state)
{
	struct fixture *x = *state;
	static const char LINE[] = "announce route 10.0.0.0/24 next-hop 192.0.2.1 med 5\n";
	static const char LINE6[] = "announce route 10.0.9.0/24 next-hop 192.0.2.1 med 6\n";
	size_t n;

	learn(x, 1, TEXT, 2);
	x->nb[1]->ctx_gen++;
	assert_int_equal(run(x, 1, LINE, &n), 0);
	assert_int_equal(routes(x->nb[0]), 0);
	learn(x, 1, TEXT, 2);
	assert_int_equal(run(x, 1, LINE, &n), sizeof(LINE) - 1);
	assert_int_equal(run(x, 2, LINE, &n), 0);
	learn(x, 2, "next-hop 192.0.2.1 med 6", 1);
	assert_int_equal(run(x, 2, LINE, &n), 0);
	assert_int_equal(run(x, 2, LINE6, &n), sizeof(LINE6) - 1);
	assert_int_equal(routes(x->nb[0]), 2);
	assert_int_equal(routes(x->nb[1]), 1);
	/* no sets: the text is unknown again */
	learn(x, 2, "next-hop 192.0.2.1 med 6", 0);
	assert_int_equal(run(x, 2, "announce route 10.0.8.0/24 next-hop 192.0.2.1 med 6\n", &n),
			 0);
	/* a removed neighbor is not announced to */
	learn(x, 2, TEXT, 2);
	x->nb[1]->removed = true;
	assert_int_equal(run(x, 2, LINE, &n), 0);
}

static void test_sets_of_two_families_are_not_taken(void **state)
{
	struct fixture *x = *state;
	struct spk_fast_use uses[2] = {
		{ x->nb[0], x->a, 0, WIRE_FAM_IPV4_UNICAST },
		{ x->nb[1], x->a, 0, WIRE_FAM_IPV4_MULTICAST },
	};
	size_t n;

	assert_int_equal(spk_fast_learn(&x->sp, &x->f, 1, false, TEXT, strlen(TEXT), uses, 2), 0);
	assert_false(spk_fast_known(&x->sp, &x->f, 1, false, TEXT, strlen(TEXT)));
	assert_int_equal(run(x, 1, "announce route 10.0.0.0/24 next-hop 192.0.2.1 med 5\n", &n),
			 0);
}

/* Past 4,096 texts the others are forgotten, and the handler can tell
 * (spk_fast_known) that it has to hand them again. */
static void test_texts_beyond_the_cap_start_over(void **state)
{
	struct fixture *x = *state;
	char text[64];

	learn(x, 1, TEXT, 1);
	for (int i = 0; i < 4095; i++) {
		snprintf(text, sizeof(text), "next-hop 192.0.2.1 med %d", 1000 + i);
		learn(x, 1, text, 1);
	}
	assert_true(spk_fast_known(&x->sp, &x->f, 1, false, TEXT, strlen(TEXT)));
	learn(x, 1, "next-hop 192.0.2.1 med 99999", 1);
	assert_false(spk_fast_known(&x->sp, &x->f, 1, false, TEXT, strlen(TEXT)));
	assert_true(spk_fast_known(&x->sp, &x->f, 1, false, "next-hop 192.0.2.1 med 99999",
				   strlen("next-hop 192.0.2.1 med 99999")));
	/* another version: nothing is known */
	assert_false(spk_fast_known(&x->sp, &x->f, 2, false, "next-hop 192.0.2.1 med 99999",
				    strlen("next-hop 192.0.2.1 med 99999")));
}

/* An IPv6 text is forgotten by handing it again with no sets (the v6 key,
 * not the IPv4 one of the same text). */
static void test_v6_text_forgotten(void **state)
{
	struct fixture *x = *state;
	struct spk_fast_use use = { x->nb[0], x->a, x->nb[0]->ctx_gen, WIRE_FAM_IPV6_UNICAST };

	assert_int_equal(spk_fast_learn(&x->sp, &x->f, 1, true, TEXT, strlen(TEXT), &use, 1), 0);
	learn(x, 1, TEXT, 1);
	assert_true(spk_fast_known(&x->sp, &x->f, 1, true, TEXT, strlen(TEXT)));
	assert_int_equal(spk_fast_learn(&x->sp, &x->f, 1, true, TEXT, strlen(TEXT), NULL, 0), 0);
	assert_false(spk_fast_known(&x->sp, &x->f, 1, true, TEXT, strlen(TEXT)));
	assert_true(spk_fast_known(&x->sp, &x->f, 1, false, TEXT, strlen(TEXT)));
	/* an IPv6 set is not taken for IPv4 prefixes */
	assert_int_equal(spk_fast_learn(&x->sp, &x->f, 1, false, TEXT, strlen(TEXT), &use, 1), 0);
	assert_false(spk_fast_known(&x->sp, &x->f, 1, false, TEXT, strlen(TEXT)));
}

static void test_prefix_nlri(void **state)
{
	uint8_t out[17];
	size_t len;
	static const char *const BAD4[] = { "10.0.0.1/24", "10.0.0.0/33", "10.0.0.0/", "/24",
					    "10.0.0.0/24x", "x", "", "10.0.0.0/0024",
					    "2001:db8::/32", "10.0.0.0 /24" };

	(void)state;
	assert_int_equal(spk_prefix_nlri("10.1.2.0/23", 11, WIRE_FAM_IPV4_UNICAST, out, &len), 0);
	assert_int_equal(len, 4);
	assert_memory_equal(out, "\x17\x0a\x01\x02", 4);
	assert_int_equal(spk_prefix_nlri("0.0.0.0/0", 9, WIRE_FAM_IPV4_UNICAST, out, &len), 0);
	assert_int_equal(len, 1);
	assert_int_equal(out[0], 0);
	assert_int_equal(spk_prefix_nlri("10.9.9.9", 8, WIRE_FAM_IPV4_MULTICAST, out, &len), 0);
	assert_int_equal(len, 5);
	assert_int_equal(out[0], 32);
	assert_int_equal(spk_prefix_nlri("2001:db8::/32", 13, WIRE_FAM_IPV6_UNICAST, out, &len),
			 0);
	assert_int_equal(len, 5);
	assert_memory_equal(out, "\x20\x20\x01\x0d\xb8", 5);
	/* a length that stops short of the text reads only that much */
	assert_int_equal(spk_prefix_nlri("10.0.0.0/24 more", 11, WIRE_FAM_IPV4_UNICAST, out, &len),
			 0);
	assert_int_equal(out[0], 24);
	for (size_t i = 0; i < sizeof(BAD4) / sizeof(BAD4[0]); i++)
		assert_int_equal(spk_prefix_nlri(BAD4[i], strlen(BAD4[i]), WIRE_FAM_IPV4_UNICAST,
						 out, &len),
				 -1);
	assert_int_equal(spk_prefix_nlri("10.0.0.0/8", 10, WIRE_FAM_IPV4_FLOW, out, &len), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_known_lines_until_the_first_other, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lines_left_to_the_handler, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_sets_and_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sets_of_two_families_are_not_taken, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_texts_beyond_the_cap_start_over, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_v6_text_forgotten, setup, teardown),
		cmocka_unit_test(test_prefix_nlri),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
