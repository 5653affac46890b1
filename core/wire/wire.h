/* The BGP wire layer: shared types.
 *
 * Codecs are descriptor tables, one row per address family (family.c) and
 * one row per path attribute (attr.c), in BIRD's bgp_af_table[] /
 * bgp_attr_table[] shape.  Every row names the functions that check, walk
 * (to a sink, in ExaBGP's JSON shape), print (ExaBGP's text) and encode (from
 * a struct val in the same JSON shape) its kind.  Decoding never allocates:
 * decoders validate and hand out views into the message buffer; walkers read
 * those views again through bounded readers.
 */
#ifndef LUABGP_WIRE_WIRE_H
#define LUABGP_WIRE_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/sink.h"
#include "base/val.h"
#include "base/wbuf.h"

#define WIRE_MARKER_LEN 16
#define WIRE_HEADER_LEN 19
#define WIRE_MAX_MSG 4096       /* RFC 4271 §4.1 */
#define WIRE_MAX_EXT_MSG 65535  /* RFC 8654 */

enum wire_msg_type {
	WIRE_MSG_OPEN = 1,
	WIRE_MSG_UPDATE = 2,
	WIRE_MSG_NOTIFICATION = 3,
	WIRE_MSG_KEEPALIVE = 4,
	WIRE_MSG_ROUTE_REFRESH = 5,
	WIRE_MSG_OPERATIONAL = 6, /* ExaBGP's draft, capability 0xB9 */
};

/* AFI (IANA address family numbers) */
enum {
	WIRE_AFI_IPV4 = 1,
	WIRE_AFI_IPV6 = 2,
	WIRE_AFI_L2VPN = 25,
	WIRE_AFI_BGPLS = 16388,
};

/* SAFI (IANA SAFI namespace) */
enum {
	WIRE_SAFI_UNICAST = 1,
	WIRE_SAFI_MULTICAST = 2,
	WIRE_SAFI_NLRI_MPLS = 4,   /* RFC 8277 labeled unicast */
	WIRE_SAFI_MCAST_VPN = 5,   /* RFC 6514 */
	WIRE_SAFI_VPLS = 65,       /* RFC 4761 */
	WIRE_SAFI_EVPN = 70,       /* RFC 7432 */
	WIRE_SAFI_BGPLS = 71,      /* RFC 9552 */
	WIRE_SAFI_BGPLS_VPN = 72,
	WIRE_SAFI_SR_POLICY = 73,  /* RFC 9830 */
	WIRE_SAFI_MUP = 85,        /* draft-mpmz-bess-mup-safi */
	WIRE_SAFI_MPLS_VPN = 128,  /* RFC 4364 */
	WIRE_SAFI_RTC = 132,       /* RFC 4684 */
	WIRE_SAFI_FLOW = 133,      /* RFC 8955 */
	WIRE_SAFI_FLOW_VPN = 134,
};

/* Every family luabgp knows, as a dense index (bit positions in masks). */
enum wire_fam {
	WIRE_FAM_IPV4_UNICAST,
	WIRE_FAM_IPV4_MULTICAST,
	WIRE_FAM_IPV4_NLRI_MPLS,
	WIRE_FAM_IPV4_MCAST_VPN,
	WIRE_FAM_IPV4_MPLS_VPN,
	WIRE_FAM_IPV4_FLOW,
	WIRE_FAM_IPV4_FLOW_VPN,
	WIRE_FAM_IPV4_MUP,
	WIRE_FAM_IPV4_SR_POLICY,
	WIRE_FAM_IPV4_RTC,
	WIRE_FAM_IPV6_UNICAST,
	WIRE_FAM_IPV6_MULTICAST,
	WIRE_FAM_IPV6_NLRI_MPLS,
	WIRE_FAM_IPV6_MCAST_VPN,
	WIRE_FAM_IPV6_MPLS_VPN,
	WIRE_FAM_IPV6_FLOW,
	WIRE_FAM_IPV6_FLOW_VPN,
	WIRE_FAM_IPV6_MUP,
	WIRE_FAM_IPV6_SR_POLICY,
	WIRE_FAM_L2VPN_VPLS,
	WIRE_FAM_L2VPN_EVPN,
	WIRE_FAM_BGPLS,
	WIRE_FAM_BGPLS_VPN,
	WIRE_FAM_COUNT,
	WIRE_FAM_NONE = 0xff,
};

#define WIRE_FAM_BIT(f) ((uint64_t)1 << (f))

/* What the two speakers agreed on, as far as decoding and encoding care. */
struct wire_ctx {
	bool asn4;              /* RFC 6793: 4-octet AS numbers on this session */
	bool ext_msg;           /* RFC 8654: messages up to 65535 octets */
	bool ibgp;              /* same AS on both sides */
	bool enforce_first_as;  /* RFC 4271 §6.3: an eBGP peer's AS leads its AS_PATH */
	uint32_t local_as;
	uint32_t peer_as;
	uint64_t families;      /* negotiated families (WIRE_FAM_BIT) */
	uint64_t addpath_rx;    /* RFC 7911: path ids present in what we read */
	uint64_t addpath_tx;    /* RFC 7911: path ids present in what we write */
	uint64_t ext_nexthop;   /* RFC 8950: IPv6 next hop allowed for these IPv4 families */
	unsigned json_flags;    /* WIRE_JSON_* */
	/* An unrecognized attribute with Optional = 0 is kept as a generic
	 * one when Transitive, ignored otherwise (ExaBGP's reading, for the
	 * decode command), instead of treat-as-withdraw (RELIABILITY.md U16,
	 * what sessions do). */
	bool keep_unknown_wellknown;
};

/* JSON variants. */
enum {
	WIRE_JSON_V42 = 1 << 0, /* ExaBGP 4.2's shapes where they differ (as-path list, ...) */
	/* api.compact (ExaBGP 4.2): a unicast or multicast NLRI without path
	 * id as a plain string, not { "nlri": ... } */
	WIRE_JSON_COMPACT = 1 << 1,
};

/* A context that accepts everything ExaBGP's decoder accepts: 4-octet AS,
 * extended messages, every family, no ADD-PATH (the `decode` command's). */
void wire_ctx_init_decode(struct wire_ctx *ctx);

/* --- families ----------------------------------------------------------- */

/* A next hop as found in MP_REACH_NLRI (RFC 4760 §3) or NEXT_HOP. */
struct wire_nh {
	uint8_t len;           /* bytes on the wire (0: none) */
	uint8_t afi;           /* WIRE_AFI_IPV4 / _IPV6 of `addr`, 0 when len is 0 */
	uint8_t has_rd;        /* VPN next hop: an RD (zero) precedes the address */
	uint8_t has_ll;        /* IPv6 global + link-local (RFC 2545 §3) */
	uint8_t addr[16];
	uint8_t ll[16];
	const uint8_t *raw;    /* the bytes as received */
};

/* One NLRI, cut out of a message. */
struct wire_nlri {
	uint8_t fam;           /* enum wire_fam */
	uint8_t has_path_id;
	uint32_t path_id;      /* RFC 7911 */
	const uint8_t *p;      /* the NLRI's bytes, path id excluded */
	size_t len;
	size_t offset;         /* of p in the message */
};

struct wire_family {
	uint16_t afi;
	uint8_t safi;
	uint8_t fam;             /* enum wire_fam */
	const char *name;        /* "ipv4 unicast", as in ExaBGP's JSON */
	const char *afi_name;    /* "ipv4" */
	const char *safi_name;   /* "unicast" */
	/* Cut the next NLRI off r (the path id, if any, is already read):
	 *  0  *n describes one NLRI;
	 *  1  one NLRI was consumed but must be ignored: err says why, and
	 *     err->act is DISCARD (drop this NLRI, RFC 7606 §5.4) or WITHDRAW
	 *     (treat the whole UPDATE as withdraw);
	 * -1  the rest cannot be delimited: err->act is RESET or AFI_DISABLE. */
	int (*next)(const struct wire_family *f, struct rd *r,
		    const struct wire_ctx *ctx, struct wire_nlri *n,
		    struct lb_err *err);
	/* The JSON object of one NLRI, ExaBGP's members in ExaBGP's order.
	 * nh is the next hop it was announced with, NULL for a withdrawal. */
	void (*json)(const struct wire_family *f, struct sink *s,
		     const struct wire_nlri *n, const struct wire_nh *nh,
		     const struct wire_ctx *ctx);
	/* ExaBGP's text of one NLRI (what `str(nlri)` prints). */
	void (*text)(const struct wire_family *f, struct wbuf *w,
		     const struct wire_nlri *n, const struct wire_ctx *ctx);
	/* Encode one NLRI from an object of the json() shape (path id
	 * excluded: the caller writes it). */
	int (*encode)(const struct wire_family *f, struct wbuf *w,
		      const struct val *v, const struct wire_ctx *ctx,
		      struct lb_err *err);
	/* Next-hop lengths allowed in MP_REACH_NLRI: bit n set = n bytes
	 * (bits 0..63), e.g. (1<<4)|(1<<16)|(1<<32) */
	uint64_t nh_lens;
};

const struct wire_family *wire_family_by_index(unsigned fam);
const struct wire_family *wire_family_by_code(uint16_t afi, uint8_t safi);
/* "ipv4 unicast", "ipv4/unicast" or two words afi + safi; NULL if unknown */
const struct wire_family *wire_family_by_name(const char *name);
const struct wire_family *wire_family_by_names(const char *afi, const char *safi);
const char *wire_afi_name(uint16_t afi);    /* "ipv4", or NULL */
const char *wire_safi_name(uint8_t safi);   /* "unicast", or NULL */

/* Decode an MP_REACH next hop of n bytes for family f. */
int wire_nh_decode(const struct wire_family *f, const uint8_t *p, size_t n,
		   struct wire_nh *nh, struct lb_err *err, size_t offset);
/* The next hop as ExaBGP prints it ("10.0.0.1", "2001:db8::1", or
 * "no-nexthop" when absent). */
void wire_nh_text(struct wbuf *w, const struct wire_nh *nh);
/* Encode a next hop given as text for family f. */
int wire_nh_encode(struct wbuf *w, const struct wire_family *f,
		   const char *text, size_t n, struct lb_err *err);

/* --- path attributes ---------------------------------------------------- */

enum {
	WIRE_ATTR_F_OPTIONAL = 0x80,
	WIRE_ATTR_F_TRANSITIVE = 0x40,
	WIRE_ATTR_F_PARTIAL = 0x20,
	WIRE_ATTR_F_EXTLEN = 0x10,
};

enum wire_attr_code {
	WIRE_ATTR_ORIGIN = 1,
	WIRE_ATTR_AS_PATH = 2,
	WIRE_ATTR_NEXT_HOP = 3,
	WIRE_ATTR_MED = 4,
	WIRE_ATTR_LOCAL_PREF = 5,
	WIRE_ATTR_ATOMIC_AGGREGATE = 6,
	WIRE_ATTR_AGGREGATOR = 7,
	WIRE_ATTR_COMMUNITY = 8,
	WIRE_ATTR_ORIGINATOR_ID = 9,
	WIRE_ATTR_CLUSTER_LIST = 10,
	WIRE_ATTR_MP_REACH = 14,
	WIRE_ATTR_MP_UNREACH = 15,
	WIRE_ATTR_EXT_COMMUNITY = 16,
	WIRE_ATTR_AS4_PATH = 17,
	WIRE_ATTR_AS4_AGGREGATOR = 18,
	WIRE_ATTR_PMSI_TUNNEL = 22,
	WIRE_ATTR_TUNNEL_ENCAP = 23,
	WIRE_ATTR_IPV6_EXT_COMMUNITY = 25,
	WIRE_ATTR_AIGP = 26,
	WIRE_ATTR_BGP_LS = 29,
	WIRE_ATTR_LARGE_COMMUNITY = 32,
	WIRE_ATTR_OTC = 35,
	WIRE_ATTR_PREFIX_SID = 40,
	WIRE_ATTR_ATTR_SET = 128,
};

/* One attribute as found in a message. */
struct wire_attr {
	uint8_t code;
	uint8_t flags;          /* as received */
	size_t len;
	const uint8_t *val;     /* value bytes */
	size_t offset;          /* of the attribute header in the message */
};

struct wire_update;

struct wire_attr_desc {
	uint8_t code;
	uint8_t flags;          /* the O and T bits the attribute must carry */
	const char *name;       /* JSON member name, e.g. "origin" */
	uint8_t malformed;      /* RFC 7606 action when it is malformed */
	/* Validate the value (r holds exactly the value).  On a fault fill err
	 * (act, reason; code/subcode for the reset fallback) and return -1. */
	int (*check)(struct rd *r, const struct wire_attr *a,
		     const struct wire_ctx *ctx, struct lb_err *err);
	/* Emit the member(s) of the "attribute" object for this attribute:
	 * sink_key() then the value.  u is the whole update (AS4_PATH merge
	 * needs it) and may be NULL. */
	void (*json)(struct sink *s, const struct wire_attr *a,
		     const struct wire_update *u, const struct wire_ctx *ctx);
	/* ExaBGP's text form, e.g. " community [ 65000:1 65000:2 ]" (the
	 * leading space included, as ExaBGP joins them). */
	void (*text)(struct wbuf *w, const struct wire_attr *a,
		     const struct wire_update *u, const struct wire_ctx *ctx);
	/* Encode the whole attribute (flags, type, length, value) from the
	 * value found under `name` in an "attribute" object. */
	int (*encode)(struct wbuf *w, const struct val *v,
		      const struct wire_ctx *ctx, struct lb_err *err);
};

const struct wire_attr_desc *wire_attr_desc(uint8_t code);
const struct wire_attr_desc *wire_attr_desc_by_name(const char *name, size_t n);

/* Write an attribute header and return the offset of its length field, so
 * the caller can write the value and then call wire_attr_end().  Extended
 * length is chosen at the end if the value turns out longer than 255. */
size_t wire_attr_begin(struct wbuf *w, uint8_t flags, uint8_t code);
int wire_attr_end(struct wbuf *w, size_t mark);
/* Whole attribute from a ready value. */
int wire_attr_put(struct wbuf *w, uint8_t flags, uint8_t code,
		  const void *val, size_t len);

/* --- UPDATE ------------------------------------------------------------- */

struct wire_mp {
	bool present;
	uint16_t afi;
	uint8_t safi;
	const struct wire_family *fam; /* NULL when the family is unknown */
	struct wire_nh nh;             /* MP_REACH only */
	const uint8_t *nlri;           /* NLRI field of the attribute */
	size_t nlri_len;
	size_t nlri_offset;
	size_t offset;                 /* of the attribute header */
};

/* A decoded UPDATE: views into the message, nothing owned. */
struct wire_update {
	const uint8_t *msg;            /* the whole message (header included) */
	size_t msg_len;
	const uint8_t *withdrawn;      /* IPv4 withdrawn routes field */
	size_t withdrawn_len;
	const uint8_t *attrs;          /* path attribute field */
	size_t attrs_len;
	const uint8_t *nlri;           /* IPv4 NLRI field */
	size_t nlri_len;
	uint16_t nattr;                /* attributes kept, in wire order */
	struct wire_attr attr[256];
	int16_t by_code[256];          /* code → index in attr[], or -1 */
	struct wire_mp reach, unreach;
	struct wire_nh nexthop;        /* from NEXT_HOP, len 0 if absent */
	bool eor;                      /* RFC 4724 §2 End-of-RIB marker */
	uint8_t eor_fam;               /* its family (enum wire_fam or NONE) */
	uint16_t eor_afi;
	uint8_t eor_safi;
	/* The strongest RFC 7606 outcome seen (act NONE: clean). */
	struct lb_err err;
	/* Attribute faults demoted to discard, for the log (first one). */
	struct lb_err discarded;
	unsigned ndiscarded;
	unsigned nskipped;             /* NLRIs dropped alone (RFC 7606 §5.4) */
};

/* Decode an UPDATE.  msg points at the whole message (marker included),
 * body at its body; errors that call for a session reset return -1 with
 * u->err filled; treat-as-withdraw and discard return 0 with u->err.act set
 * (and the faulty attributes left out of u->attr). */
int wire_update_decode(struct wire_update *u, const uint8_t *msg,
		       size_t msg_len, const uint8_t *body, size_t body_len,
		       const struct wire_ctx *ctx);

const struct wire_attr *wire_update_attr(const struct wire_update *u,
					 uint8_t code);

/* Iterate the NLRIs of one field (withdrawn, NLRI, MP_REACH or MP_UNREACH
 * contents) of family f.  The cursor must be initialised with
 * wire_nlri_iter_init(); wire_nlri_iter_next() returns 1 with *n set, 0 at
 * the end, -1 on an error that stops the walk (it->err). */
struct wire_nlri_iter {
	struct rd r;
	const struct wire_family *fam;
	const struct wire_ctx *ctx;
	bool addpath;
	struct lb_err err;
	unsigned skipped;
};

void wire_nlri_iter_init(struct wire_nlri_iter *it, const struct wire_family *f,
			 const struct wire_ctx *ctx, const uint8_t *msg,
			 const uint8_t *p, size_t n);
int wire_nlri_iter_next(struct wire_nlri_iter *it, struct wire_nlri *n);

#endif
