/* The family rows, one object per family, defined by the file that codes
 * that family; family.c collects them into the table. */
#ifndef LUABGP_WIRE_NLRI_H
#define LUABGP_WIRE_NLRI_H

#include "wire/wire.h"

/* nlri_prefix.c: RFC 4271 / RFC 4760 prefixes, RFC 8277 labels, RFC 4364 VPN */
extern const struct wire_family wire_fam_ipv4_unicast;
extern const struct wire_family wire_fam_ipv4_multicast;
extern const struct wire_family wire_fam_ipv4_nlri_mpls;
extern const struct wire_family wire_fam_ipv4_mpls_vpn;
extern const struct wire_family wire_fam_ipv6_unicast;
extern const struct wire_family wire_fam_ipv6_multicast;
extern const struct wire_family wire_fam_ipv6_nlri_mpls;
extern const struct wire_family wire_fam_ipv6_mpls_vpn;

/* nlri_flow.c: RFC 8955, RFC 8956 */
extern const struct wire_family wire_fam_ipv4_flow;
extern const struct wire_family wire_fam_ipv4_flow_vpn;
extern const struct wire_family wire_fam_ipv6_flow;
extern const struct wire_family wire_fam_ipv6_flow_vpn;

/* nlri_mvpn.c: RFC 6514 */
extern const struct wire_family wire_fam_ipv4_mcast_vpn;
extern const struct wire_family wire_fam_ipv6_mcast_vpn;

/* nlri_mup.c: draft-mpmz-bess-mup-safi */
extern const struct wire_family wire_fam_ipv4_mup;
extern const struct wire_family wire_fam_ipv6_mup;

/* nlri_srpolicy.c: RFC 9830 */
extern const struct wire_family wire_fam_ipv4_sr_policy;
extern const struct wire_family wire_fam_ipv6_sr_policy;

/* nlri_rtc.c: RFC 4684 */
extern const struct wire_family wire_fam_ipv4_rtc;

/* nlri_vpls.c: RFC 4761 */
extern const struct wire_family wire_fam_l2vpn_vpls;

/* nlri_evpn.c: RFC 7432, RFC 9136 */
extern const struct wire_family wire_fam_l2vpn_evpn;

/* nlri_bgpls.c: RFC 9552, RFC 9514 */
extern const struct wire_family wire_fam_bgpls;
extern const struct wire_family wire_fam_bgpls_vpn;

#endif
