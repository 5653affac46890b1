/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/nlri.h"
#include "wire/pending.h"

PENDING_FAMILY(ipv4_mcast_vpn, WIRE_AFI_IPV4, WIRE_SAFI_MCAST_VPN, WIRE_FAM_IPV4_MCAST_VPN, "ipv4 mcast-vpn", "ipv4", "mcast-vpn");
PENDING_FAMILY(ipv6_mcast_vpn, WIRE_AFI_IPV6, WIRE_SAFI_MCAST_VPN, WIRE_FAM_IPV6_MCAST_VPN, "ipv6 mcast-vpn", "ipv6", "mcast-vpn");
