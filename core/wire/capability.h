/* Capabilities (RFC 5492 §4) as a descriptor table, one row per code in
 * BIRD's bgp_af_table shape: the length the code's RFC allows, the JSON
 * and text walkers (every copy of the code in an OPEN merged the way
 * ExaBGP's capability dict merges them) and the encoder.  Private to the
 * OPEN codec (open.c). */
#ifndef LUABGP_WIRE_CAPABILITY_H
#define LUABGP_WIRE_CAPABILITY_H

#include "wire/message.h"

enum {
	CAP_MP = 1,              /* RFC 4760 §8 */
	CAP_REFRESH = 2,         /* RFC 2918 §2 */
	CAP_NEXTHOP = 5,         /* RFC 8950 §3 */
	CAP_EXT_MSG = 6,         /* RFC 8654 §3 */
	CAP_ROLE = 9,            /* RFC 9234 §4.1 */
	CAP_GRACEFUL = 64,       /* RFC 4724 §3 */
	CAP_ASN4 = 65,           /* RFC 6793 §3 */
	CAP_MULTISESSION = 68,   /* draft-ietf-idr-bgp-multisession */
	CAP_ADDPATH = 69,        /* RFC 7911 §4 */
	CAP_ENHANCED_REFRESH = 70, /* RFC 7313 §3 */
	CAP_HOSTNAME = 73,       /* draft-walton-bgp-hostname-capability */
	CAP_SOFTWARE = 75,       /* draft-abraitis-bgp-version-capability */
	CAP_PATHS_LIMIT = 76,    /* draft-abraitis-idr-addpath-paths-limit */
	CAP_LINK_LOCAL = 77,     /* draft-ietf-idr-linklocal-capability */
	CAP_REFRESH_CISCO = 128, /* pre-standard route refresh */
	CAP_MULTISESSION_CISCO = 131,
	CAP_OPERATIONAL = 185,   /* ExaBGP's draft-ietf-idr-operational-message */
};

#define CAP_ROLES 5 /* RFC 9234 §4.1: provider, rs, rs-client, customer, peer */

/* Is the value's length one the capability allows?  2/0 when not (RELIABILITY
 * §1.2: never read past it); an unassigned role is 2/11 (RFC 9234 §4.2). */
int cap_check(const struct wire_cap *c, struct lb_err *err);

/* The JSON object / ExaBGP's str() of capability `code` of a checked OPEN,
 * every copy merged. */
void cap_json(struct sink *s, const struct wire_open *o, uint8_t code);
void cap_text(struct wbuf *w, const struct wire_open *o, uint8_t code);

/* Append the <code, length, value> triples of a "capabilities" object
 * (members keyed by code, each of the cap_json() shape), in member order. */
int cap_encode(struct wbuf *tlvs, const struct val *caps, struct lb_err *err);

const char *cap_role_name(uint8_t role);

#endif
