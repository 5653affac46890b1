/* The catalogue of RELIABILITY.md §2: malformed input that crashed or
 * misled other BGP implementations, one row per entry, each decoded as a
 * whole message the way `luabgp decode` and the daemon decode it, with the
 * outcome RFC 7606 (or the family's RFC) asks for.  The §2.2 rows (U-a..U-q)
 * live in test_update.c beside the framing rules they exercise.
 *
 * Every row is also a seed of the fuzz_message corpus, so the fuzzer starts
 * from each of these shapes: with CATALOGUE_SEEDS=DIR in the environment the
 * program writes them there (selector byte 0, then the message), as
 * ctest/fuzz/corpus/fuzz_message/catalogue-* were written.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "emit/decode.h"
#include "testutil.h"
#include "wire/message.h"
#include "wire/update_encode.h"
#include "wire/update_json.h"

/* outcomes */
enum {
	OK,        /* clean decode */
	DISCARD,   /* attribute discard (RFC 7606 §2) */
	WITHDRAW,  /* treat-as-withdraw */
	DROPPED,   /* decoded; the faulty element is left out (no act asked) */
	RESET,     /* NOTIFICATION and session reset */
	NORESET,   /* anything but a reset (the point is: no crash, no reset) */
	ANY,       /* any outcome: the point is that decoding ends cleanly */
};

/* contexts */
enum {
	EBGP = 1 << 0,  /* peer AS 65001, local 65000 */
	AS2 = 1 << 1,   /* 2-octet AS session */
	RT = 1 << 2,    /* decode → JSON tree → encode gives the same bytes */
};

/* attributes of every well-formed announcement */
#define MAND "40010100" "400200" "4003040A000001"
#define NLRI "180A0000"
#define ROUTE "10.0.0.0/24"

struct row {
	const char *id;
	unsigned ctx;
	uint8_t type;              /* message type */
	const char *a;             /* UPDATE: path attributes; else the body */
	const char *nlri;          /* UPDATE: the NLRI field */
	void (*gen)(struct wbuf *w); /* appended after `a` (large inputs) */
	int outcome;
	uint8_t code, subcode;     /* RESET: the NOTIFICATION (0/0: any) */
	const char *has;           /* the JSON must contain this */
	const char *hasnt;         /* ... and must not contain this */
};

/* --- large inputs -------------------------------------------------------- */

/* A3: one tunnel TLV holding 10 000 empty sub-TLVs of an unassigned type */
static void gen_a3(struct wbuf *w)
{
	wbuf_u8(w, 0xD0), wbuf_u8(w, 23), wbuf_u16(w, 4 + 20000);
	wbuf_u16(w, 1), wbuf_u16(w, 20000);
	for (int i = 0; i < 10000; i++)
		wbuf_u8(w, 100), wbuf_u8(w, 0);
}

/* A9: OTC of 1024 octets */
static void gen_a9(struct wbuf *w)
{
	wbuf_u8(w, 0xD0), wbuf_u8(w, 35), wbuf_u16(w, 1024);
	for (int i = 0; i < 1024; i++)
		wbuf_u8(w, 0);
}

/* AS_PATH with the given segment sizes of AS `as` (4-octet) */
static void as_path(struct wbuf *w, const int *segs, int nseg, uint32_t as)
{
	size_t len = 0;

	for (int i = 0; i < nseg; i++)
		len += 2 + 4 * (size_t)segs[i];
	wbuf_u8(w, 0x50), wbuf_u8(w, 2), wbuf_u16(w, (uint16_t)len);
	for (int i = 0; i < nseg; i++) {
		wbuf_u8(w, 2), wbuf_u8(w, (uint8_t)segs[i]);
		for (int k = 0; k < segs[i]; k++)
			wbuf_u32(w, as);
	}
}

/* A12: 255 × 4294967295 */
static void gen_a12(struct wbuf *w)
{
	static const int segs[] = { 255 };

	as_path(w, segs, 1, 4294967295u);
	wbuf_put(w, "\x40\x03\x04\x0a\x00\x00\x01", 7);
}

/* A16: 1000 ASNs in four segments */
static void gen_a16(struct wbuf *w)
{
	static const int segs[] = { 255, 255, 255, 235 };

	as_path(w, segs, 4, 65000);
	wbuf_put(w, "\x40\x03\x04\x0a\x00\x00\x01", 7);
}

/* A19: unknown optional transitive attribute 99 of 3000 octets */
static void gen_a19(struct wbuf *w)
{
	wbuf_u8(w, 0xD0), wbuf_u8(w, 99), wbuf_u16(w, 3000);
	for (int i = 0; i < 3000; i++)
		wbuf_u8(w, (uint8_t)i);
}

/* A20: 300 ASNs in two segments */
static void gen_a20(struct wbuf *w)
{
	static const int segs[] = { 255, 45 };

	as_path(w, segs, 2, 65000);
	wbuf_put(w, "\x40\x03\x04\x0a\x00\x00\x01", 7);
}

/* OPEN body up to the optional parameters: version 4, AS 65001, hold 180,
 * BGP id 10.0.0.2 */
#define OPEN_HEAD "04FDE900B40A000002"

/* C11: a 4096-octet OPEN (RFC 9072 form) full of unknown capabilities */
static void gen_c11(struct wbuf *w)
{
	/* 4096 - 19 header - 10 fixed - 3 (FF FF + 2-octet length)
	 * = 4064: one parameter of type 2 with a 2-octet length (3 octets)
	 * holding 4061 octets of capabilities: 4061 = 18 × 225 + 11 */
	wbuf_u8(w, 0xFF), wbuf_u8(w, 0xFF), wbuf_u16(w, 4064);
	wbuf_u8(w, 2), wbuf_u16(w, 4061);
	for (int i = 0; i < 18; i++) {
		wbuf_u8(w, 200), wbuf_u8(w, 223);
		for (int k = 0; k < 223; k++)
			wbuf_u8(w, 0xAA);
	}
	wbuf_u8(w, 201), wbuf_u8(w, 9);
	for (int k = 0; k < 9; k++)
		wbuf_u8(w, 0xBB);
}

/* C17: one RFC 9072 parameter holding ~670 multiprotocol capabilities
 * (duplicates included): 670 × 6 = 4020 octets */
static void gen_c17(struct wbuf *w)
{
	wbuf_u8(w, 0xFF), wbuf_u8(w, 0xFF), wbuf_u16(w, 3 + 4020);
	wbuf_u8(w, 2), wbuf_u16(w, 4020);
	for (int i = 0; i < 670; i++) {
		wbuf_u8(w, 1), wbuf_u8(w, 4);
		wbuf_u16(w, 1), wbuf_u8(w, 0), wbuf_u8(w, (uint8_t)(1 + i % 2));
	}
}

/* C3: a legacy OPEN whose optional parameters total exactly 255 octets,
 * the first of type 2: 255 = 2 + 253, 253 = unknown cap (2 + 251) */
static void gen_c3(struct wbuf *w)
{
	wbuf_u8(w, 255);
	wbuf_u8(w, 2), wbuf_u8(w, 253);
	wbuf_u8(w, 200), wbuf_u8(w, 251);
	for (int k = 0; k < 251; k++)
		wbuf_u8(w, 0x11);
}

static const struct row rows[] = {
	/* §2.1 OPEN / capabilities (RFC 4271 §6.2, RFC 5492, RFC 9072) */
	{ "C1 ext marker cut", 0, 1, OPEN_HEAD "FFFF", NULL, NULL, RESET, 2, 0, NULL, NULL },
	{ "C1 ext length cut", 0, 1, OPEN_HEAD "FFFF00", NULL, NULL, RESET, 2, 0, NULL, NULL },
	{ "C1 ext length past", 0, 1, OPEN_HEAD "FFFF0010" "0206", NULL, NULL, RESET, 2, 0, NULL, NULL },
	{ "C2 ends on opt len", 0, 1, OPEN_HEAD "08", NULL, NULL, RESET, 2, 0, NULL, NULL },
	{ "C3 legacy 255", 0, 1, OPEN_HEAD, NULL, gen_c3, OK, 0, 0, "\"hold_time\": 180", NULL },
	{ "C4 truncated cap", 0, 1, OPEN_HEAD "0402024104", NULL, NULL, RESET, 2, 0, NULL, NULL },
	{ "C6 version len", 0, 1, OPEN_HEAD "0602044B02FF41", NULL, NULL, RESET, 2, 0, NULL, NULL },
	{ "C7 version len 0", 0, 1, OPEN_HEAD "0502034B0100", NULL, NULL, NORESET, 0, 0, NULL, NULL },
	{ "C8 param len +1", 0, 1, OPEN_HEAD "0E020D" "010400010001" "41040000FDE9", NULL, NULL, RESET, 2, 0, NULL, NULL },
	{ "C8 param len -1", 0, 1, OPEN_HEAD "0E020B" "010400010001" "41040000FDE9", NULL, NULL, RESET, 2, 0, NULL, NULL },
	{ "C9 as4 len 0", 0, 1, OPEN_HEAD "06020441000200", NULL, NULL, RESET, 2, 0, NULL, NULL },
	{ "C10 addpath len -1", 0, 1, OPEN_HEAD "0702054503000101", NULL, NULL, RESET, 2, 0, NULL, NULL },
	{ "C11 4096 unknown caps", 0, 1, OPEN_HEAD, NULL, gen_c11, OK, 0, 0, NULL, NULL },
	{ "C12 gr len 1", 0, 1, OPEN_HEAD "050203400100", NULL, NULL, RESET, 2, 0, NULL, NULL },
	{ "C12 gr len 3", 0, 1, OPEN_HEAD "0702054003000000", NULL, NULL, RESET, 2, 0, NULL, NULL },
	{ "C13 llgr len 5", 0, 1, OPEN_HEAD "090207" "47050001010100", NULL, NULL, NORESET, 0, 0, NULL, NULL },
	{ "C15 mp unknown family", 0, 1, OPEN_HEAD "08020601 04FFFF00FF", NULL, NULL, OK, 0, 0, NULL, NULL },
	{ "C16 orf count past", 0, 1, OPEN_HEAD "090207" "0305000100 01FF", NULL, NULL, NORESET, 0, 0, NULL, NULL },
	{ "C17 670 mp caps", 0, 1, OPEN_HEAD, NULL, gen_c17, OK, 0, 0, NULL, NULL },

	/* §2.3 attributes (RFC 7606 §7 and the attributes' RFCs) */
	{ "A1 tunnel outer len", 0, 2, MAND "C01705" "0007000401", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "A2 tunnel sub-TLV len", 0, 2, MAND "C01707" "0001000301FF00", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "A3 10000 sub-TLVs", 0, 2, MAND, NLRI, gen_a3, NORESET, 0, 0, NULL, NULL },
	{ "A4 bgp-ls attr on unicast", 0, 2, MAND "801D05" "040000FF00", NLRI, NULL, DISCARD, 0, 0, ROUTE, "bgp-ls" },
	{ "A5 med len 5", 0, 2, MAND "8004050000000000", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "A6 tunnel on ebgp", EBGP, 2, "40010100" "400206020100 00FDE9" "4003040A000001" "C01705" "0007000401", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "A7 prefix-sid zeros", 0, 2, MAND "C02806" "000000000000", NLRI, NULL, NORESET, 0, 0, ROUTE, NULL },
	{ "A8 prefix-sid cut", 0, 2, MAND "C02802" "0100", NLRI, NULL, DISCARD, 0, 0, ROUTE, "prefix-sid" },
	{ "A8 prefix-sid overrun", 0, 2, MAND "C02806" "0100FF000000", NLRI, NULL, DISCARD, 0, 0, ROUTE, "prefix-sid" },
	{ "A9 otc len 3", 0, 2, MAND "C02303000000", NLRI, NULL, WITHDRAW, 0, 0, NULL, "otc" },
	{ "A9 otc len 5", 0, 2, MAND "C0230500000001" "00", NLRI, NULL, WITHDRAW, 0, 0, NULL, "otc" },
	{ "A9 otc len 1024", 0, 2, MAND, NLRI, gen_a9, WITHDRAW, 0, 0, NULL, "otc" },
	{ "A10 aigp len 0", 0, 2, MAND "801A00", NLRI, NULL, DISCARD, 0, 0, ROUTE, "aigp" },
	{ "A10 aigp len 1", 0, 2, MAND "801A0101", NLRI, NULL, DISCARD, 0, 0, ROUTE, "aigp" },
	{ "A10 aigp len 2", 0, 2, MAND "801A020100", NLRI, NULL, DISCARD, 0, 0, ROUTE, "aigp" },
	{ "A10 aigp tlv len 0", 0, 2, MAND "801A03010000", NLRI, NULL, DISCARD, 0, 0, ROUTE, "aigp" },
	{ "A11 as4_path seg 0", AS2, 2, "40010100" "40020402015BA0" "4003040A000001" "C0110600010001 0000", NLRI, NULL, DISCARD, 0, 0, ROUTE, NULL },
	{ "A12 255 x 4294967295", 0, 2, "40010100", NLRI, gen_a12, OK, 0, 0, "4294967295", NULL },
	{ "A13 as_path seg 0", 0, 2, "40010100" "40020600010000FDE8" "4003040A000001", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "A13 as_path seg 5", 0, 2, "40010100" "40020605010000FDE8" "4003040A000001", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "A13 as_path seg 255", 0, 2, "40010100" "400206FF010000FDE8" "4003040A000001", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "A14 as_pathlimit", 0, 2, MAND "C0150100", NLRI, NULL, OK, 0, 0, ROUTE, NULL },
	{ "A15 extcomm len 0", 0, 2, MAND "C01000", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "A15 extcomm len 7", 0, 2, MAND "C01007" "00020000FDE800", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "A15 extcomm len 9", 0, 2, MAND "C01009" "00020000FDE8000001", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "A16 1000 asns", RT, 2, "40010100", NLRI, gen_a16, OK, 0, 0, ROUTE, NULL },
	{ "A17 empty segment", 0, 2, "40010100" "400208020100 00FDE80200" "4003040A000001", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "A18 as4_path confed", AS2, 2, "40010100" "40020402015BA0" "4003040A000001" "C0110603010001 0000", NLRI, NULL, DROPPED, 0, 0, ROUTE, "as-confed" },
	{ "A19 3000-octet unknown", 0, 2, MAND, NLRI, gen_a19, OK, 0, 0, "attribute-0x63-", NULL },
	{ "A20 300 asns", RT, 2, "40010100", NLRI, gen_a20, OK, 0, 0, ROUTE, NULL },
	{ "A21 large community len 13", 0, 2, MAND "C0200D" "0000FDE8000000010000000200", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "A22 shutdown text", 0, 3, "0602" "06" "FF220A004142", NULL, NULL, OK, 0, 0, "\"subcode\": 2", NULL },

	/* §2.4 NLRI */
	{ "N1 nh len 16, 8 left", 0, 2, MAND "800E0C000201" "10" "20010DB800000000", "", NULL, RESET, 3, 9, NULL, NULL },
	{ "N2 nh len 0 unicast", 0, 2, MAND "800E0A000201" "00" "00" "2020010DB8", "", NULL, RESET, 3, 9, NULL, NULL },
	{ "N2 nh len 0 flow", 0, 2, MAND "800E0B000185" "00" "00" "0501180A0000", "", NULL, OK, 0, 0, "10.0.0.0/24", NULL },
	{ "N3 vpn nh too short", 0, 2, MAND "800E18000180" "04" "0A000001" "00" "70800001" "0000FDE800000001" "0A0000", "", NULL, RESET, 3, 9, NULL, NULL },
	{ "N4 label without bos", 0, 2, MAND "800E10000104" "04" "0A000001" "00" "48000010000020", "", NULL, RESET, 0, 0, NULL, NULL },
	{ "N6 vpnv4 len 255", 0, 2, MAND "800E15000180" "0C" "00000000000000000A000001" "00" "FF000011", "", NULL, RESET, 0, 0, NULL, NULL },
	{ "N7 flow len 0", 0, 2, MAND "800E06000185" "00" "00" "00", "", NULL, NORESET, 0, 0, NULL, "\"ipv4 flow\": { \"no-nexthop\": [ {" },
	{ "N9 flow 8-octet port", 0, 2, MAND "800E10000185" "00" "00" "0A" "04B1" "0000000000000050", "", NULL, NORESET, 0, 0, NULL, NULL },
	{ "N9 flow order 3,1", 0, 2, MAND "800E0E000185" "00" "00" "08" "038106" "01180A0000", "", NULL, WITHDRAW, 0, 0, NULL, "destination-ipv4" },
	{ "N10 flow without attrs", 0, 2, "800E0B000185" "00" "00" "0501180A0000", "", NULL, WITHDRAW, 0, 0, NULL, "\"announce\"" },
	{ "N11 flow type 14", 0, 2, MAND "800E0E000185" "00" "00" "08" "01180A0000" "0E8106", "", NULL, WITHDRAW, 0, 0, NULL, "destination-ipv4" },
	{ "N12 ipv6 extcomm len 8", 0, 2, MAND "C01908" "000D000000000000", NLRI, NULL, WITHDRAW, 0, 0, "\"withdraw\"", "\"announce\"" },
	{ "N14 igp router-id 16", 0, 2, MAND "800E36400447" "04" "0A000001" "00" "0001" "0029" "02" "0000000000000000" "0100" "001C" "02000004 0000FDE8" "0203 0010 00112233445566778899AABBCCDDEEFF", "", NULL, NORESET, 0, 0, NULL, NULL },
	{ "N14 duplicate tlv 512", 0, 2, MAND "800E32400447" "04" "0A000001" "00" "0001" "0025" "02" "0000000000000000" "0100" "0018" "02000004 0000FDE8" "02000004 0000FDE9" "0203 0004 01020304", "", NULL, NORESET, 0, 0, NULL, NULL },
	{ "N15 bgp-ls attr overrun", 0, 2, MAND "801D05" "040000FF00", NLRI, NULL, DISCARD, 0, 0, ROUTE, NULL },
	{ "N17 ipv4 mask 33", 0, 2, MAND, "210A000000", NULL, RESET, 3, 0, NULL, NULL },
	{ "N17 label stack short", 0, 2, MAND "800E0C000104" "04" "0A000001" "00" "180000", "", NULL, RESET, 0, 0, NULL, NULL },
	{ "N17 rd short", 0, 2, MAND "800E19000180" "0C" "00000000000000000A000001" "00" "58000011" "0000FDE8", "", NULL, RESET, 0, 0, NULL, NULL },
	{ "N17 flow value cut", 0, 2, MAND "800E08000185" "00" "00" "02" "0391", "", NULL, WITHDRAW, 0, 0, NULL, NULL },
	{ "N17 vpls short", 0, 2, MAND "800E10001941" "04" "0A000001" "00" "0005" "00010001C0", "", NULL, ANY, 0, 0, NULL, NULL },
	{ "N18 srv6 unknown sub-TLV", 0, 2, MAND "C0280A" "050007" "00" "C8000300 0000", NLRI, NULL, NORESET, 0, 0, ROUTE, NULL },
	{ "N20 srv6 trailing byte", 0, 2, MAND "C0280C" "050009" "00" "01000400000000" "00", NLRI, NULL, NORESET, 0, 0, ROUTE, NULL },

	/* §2.5 ROUTE-REFRESH, NOTIFICATION */
	{ "R1 orf record", 0, 5, "00010001" "0140FF0000", NULL, NULL, ANY, 0, 0, NULL, NULL },
	{ "R2 exactly 23", 0, 5, "00010001", NULL, NULL, OK, 0, 0, NULL, NULL },
	{ "R4 shutdown len 255", 0, 3, "0602" "FF414243", NULL, NULL, OK, 0, 0, NULL, NULL },
	{ "R4 shutdown len 0", 0, 3, "0602" "00", NULL, NULL, OK, 0, 0, NULL, NULL },
	{ "R5 notification 9/99", 0, 3, "0963", NULL, NULL, OK, 0, 0, NULL, NULL },
	{ "R5 notification 6/255", 0, 3, "06FF", NULL, NULL, OK, 0, 0, NULL, NULL },
	{ "R5 notification 3/0", 0, 3, "0300", NULL, NULL, OK, 0, 0, NULL, NULL },
};

/* The whole message of a row. */
static size_t build(const struct row *r, struct wbuf *w)
{
	uint8_t tmp[8192];
	size_t n = tu_hex(r->a, tmp, sizeof(tmp));
	struct wbuf part;
	size_t len;

	wbuf_init(&part, 0);
	wbuf_put(&part, tmp, n);
	if (r->gen)
		r->gen(&part);
	len = 19 + part.len;
	if (r->type == WIRE_MSG_UPDATE) {
		n = tu_hex(r->nlri, tmp, sizeof(tmp));
		len += 4 + n;
	}
	wire_header_write(w, r->type, (uint16_t)len);
	if (r->type == WIRE_MSG_UPDATE) {
		wbuf_u16(w, 0);
		wbuf_u16(w, (uint16_t)part.len);
		wbuf_put(w, part.data, part.len);
		wbuf_put(w, tmp, n);
	} else {
		wbuf_put(w, part.data, part.len);
	}
	wbuf_fini(&part);
	assert_false(w->failed);
	return w->len;
}

/* decode → tree → encode: the bytes must come back (A16, A20) */
static int round_trip(const struct row *r, const struct wbuf *msg,
		      const struct wire_ctx *ctx)
{
	static struct wire_update u;
	struct arena a;
	struct val_sink vs;
	struct wbuf w;
	struct lb_err err;
	int bad = 0;

	if (wire_update_decode(&u, msg->data, msg->len, msg->data + 19,
			       msg->len - 19, ctx) < 0)
		return 1;
	arena_init(&a, 4096);
	val_sink_init(&vs, &a);
	sink_obj(&vs.base);
	wire_update_json(&vs.base, &u, ctx);
	sink_obj_end(&vs.base);
	wbuf_init(&w, 0);
	if (wire_update_encode(&w, val_sink_root(&vs), ctx, &err) < 0) {
		print_error("%s: encode: %s\n", r->id, err.reason);
		bad = 1;
	} else if (w.len != msg->len || memcmp(w.data, msg->data, w.len) != 0) {
		print_error("%s: encode gives other bytes (%zu octets, want %zu)\n",
			    r->id, w.len, msg->len);
		bad = 1;
	}
	wbuf_fini(&w);
	val_sink_fini(&vs);
	arena_fini(&a);
	return bad;
}

/* Is the outcome the row asks for?  Prints why not. */
static int outcome_ok(const struct row *r, int rc, const struct lb_err *err,
		      const struct lb_err *warn)
{
	int act = rc < 0 ? err->act : warn->act;
	const char *why = rc < 0 ? err->reason : warn->reason;
	int ok;

	switch (r->outcome) {
	case OK:
	case DROPPED:
		ok = rc == 0 && act == LB_ACT_NONE;
		break;
	case DISCARD:
		ok = rc == 0 && act == LB_ACT_DISCARD;
		break;
	case WITHDRAW:
		ok = rc == 0 && act == LB_ACT_WITHDRAW;
		break;
	case RESET:
		ok = rc < 0 && act == LB_ACT_RESET &&
		     (!r->code || err->code == r->code) &&
		     (!r->subcode || err->subcode == r->subcode);
		break;
	case NORESET:
		ok = !(rc < 0 && act == LB_ACT_RESET);
		break;
	default:
		ok = 1;
		break;
	}
	if (!ok)
		print_error("%s: got rc %d, %s %u/%u: %s\n", r->id, rc,
			    lb_act_name(act), rc < 0 ? err->code : warn->code,
			    rc < 0 ? err->subcode : warn->subcode, why);
	return ok;
}

/* The row as a fuzz_message seed (see the top of this file). */
static void write_seed(const char *dir, const struct row *r, const struct wbuf *msg)
{
	char path[512];
	size_t n = (size_t)snprintf(path, sizeof(path), "%s/catalogue-", dir);
	FILE *f;

	for (const char *c = r->id; *c && n + 1 < sizeof(path); c++)
		path[n++] = (char)(isalnum((unsigned char)*c) ? *c : '-');
	path[n] = 0;
	f = fopen(path, "wb");
	assert_non_null(f);
	fputc(0, f);
	fwrite(msg->data, 1, msg->len, f);
	fclose(f);
}

/* 0 when the row behaves as the catalogue says. */
static int run_row(const struct row *r)
{
	struct wire_ctx ctx;
	static const struct emit_env env = { .version = "4.0.1", .host = "test" };
	static const struct emit_peer peer = {
		.local_addr = "127.0.0.1", .peer_addr = "127.0.0.2",
		.local_as = 65000, .peer_as = 65001,
	};
	struct emit_decode_opts o = {
		.kind = EMIT_DECODE_UPDATE, .ctx = &ctx, .env = &env, .peer = &peer,
	};
	struct lb_err err, warn;
	struct wbuf msg, out;
	const char *json;
	int rc, bad = 0;

	wire_ctx_init_decode(&ctx);
	if (r->ctx & EBGP)
		ctx.ibgp = false, ctx.local_as = 65000, ctx.peer_as = 65001;
	if (r->ctx & AS2)
		ctx.asn4 = false;
	wbuf_init(&msg, 0);
	wbuf_init(&out, 0);
	build(r, &msg);
	if (getenv("CATALOGUE_SEEDS"))
		write_seed(getenv("CATALOGUE_SEEDS"), r, &msg);
	rc = emit_decode(&out, msg.data, msg.len, &o, &err, &warn);
	wbuf_u8(&out, 0);
	json = (const char *)out.data;
	if (!outcome_ok(r, rc, &err, &warn))
		bad = 1;
	if (r->has && !strstr(json, r->has)) {
		print_error("%s: \"%s\" missing from %.400s\n", r->id, r->has, json);
		bad = 1;
	}
	if (r->hasnt && rc == 0 && strstr(json, r->hasnt)) {
		print_error("%s: \"%s\" present in %.400s\n", r->id, r->hasnt, json);
		bad = 1;
	}
	if (r->ctx & RT)
		bad |= round_trip(r, &msg, &ctx);
	wbuf_fini(&msg);
	wbuf_fini(&out);
	return bad;
}

/* Every row runs; the failures are listed together. */
static void catalogue(void **state)
{
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		failed += run_row(&rows[i]);
	if (failed)
		print_error("%d of %zu catalogue rows fail\n", failed,
			    sizeof(rows) / sizeof(rows[0]));
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(catalogue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
