/* What two OPENs agree on (RFC 4271 §4.2 and §6.2, RFC 5492 capabilities).
 *
 * sess_caps_parse() reads the parts of an OPEN that the session acts on —
 * version, AS, hold time, BGP identifier, and the capabilities that change
 * how messages are framed, decoded or encoded — and checks them as RFC
 * 4271 §6.2 asks.  Printing an OPEN (every capability, ExaBGP's JSON) is the
 * wire codec's business (wire/message.h); this is the session's.
 * sess_negotiate() then intersects ours and the peer's into a wire_ctx and
 * the session parameters. */
#ifndef LUABGP_SESSION_NEGOTIATE_H
#define LUABGP_SESSION_NEGOTIATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "wire/wire.h"

/* RFC 7911 §4 send/receive flags, per family (WIRE_FAM_BIT) */
struct sess_caps {
	uint8_t version;
	uint32_t asn;              /* the 4-octet AS when given, else My AS */
	uint16_t my_as;            /* the 2-octet field (AS_TRANS with asn4) */
	uint16_t hold_time;
	uint32_t bgp_id;
	bool mp_any;               /* any multiprotocol capability (RFC 4760) */
	uint64_t families;         /* families of the MP capabilities */
	bool asn4;                 /* RFC 6793 */
	uint64_t addpath_rx;       /* it can receive path ids */
	uint64_t addpath_tx;       /* it will send path ids */
	bool route_refresh;        /* RFC 2918 (code 2, or 128 pre-standard) */
	bool enhanced_refresh;     /* RFC 7313 */
	bool ext_msg;              /* RFC 8654 */
	uint64_t ext_nexthop;      /* RFC 8950: IPv4 families with IPv6 next hops */
	bool graceful_restart;     /* RFC 4724 */
	uint16_t restart_time;
	uint64_t gr_families;      /* the capability's AFI/SAFI tuples (§3) */
	uint64_t gr_forwarding;    /* those with the F bit: state kept */
	bool operational;          /* ExaBGP's OPERATIONAL (capability 185) */
};

/* Parse a whole OPEN (header included), checked by wire_open_decode()
 * (RFC 4271 §6.2, RFC 5492, RFC 9072: its errors are the NOTIFICATION to
 * send).  Unknown capabilities and families are skipped (RFC 5492 §3). */
int sess_caps_parse(const uint8_t *msg, size_t len, struct sess_caps *c,
		    struct lb_err *err);

/* What the session uses. */
struct sess_negotiated {
	struct wire_ctx ctx;       /* families, asn4, add-path, ext msg, ... */
	uint16_t hold_time;        /* the smaller one, 0: no keepalives */
	bool route_refresh;
	bool enhanced_refresh;
	bool operational;
	size_t max_msg;            /* 4096, or 65535 with RFC 8654 */
};

/* Intersect ours and theirs.  peer_as is the configured peer AS (0: any):
 * another one is 2/2 Bad Peer AS.  RFC 6286 §2.2: the BGP identifiers of
 * an iBGP session must differ (2/3).  RFC 4760 §8: a peer with no
 * multiprotocol capability speaks IPv4 unicast only. */
int sess_negotiate(const struct sess_caps *ours, const struct sess_caps *theirs,
		   uint32_t peer_as, struct sess_negotiated *n, struct lb_err *err);

#endif
