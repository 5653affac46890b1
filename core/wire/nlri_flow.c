/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/nlri.h"
#include "wire/pending.h"

PENDING_FAMILY(ipv4_flow, WIRE_AFI_IPV4, WIRE_SAFI_FLOW, WIRE_FAM_IPV4_FLOW, "ipv4 flow", "ipv4", "flow");
PENDING_FAMILY(ipv4_flow_vpn, WIRE_AFI_IPV4, WIRE_SAFI_FLOW_VPN, WIRE_FAM_IPV4_FLOW_VPN, "ipv4 flow-vpn", "ipv4", "flow-vpn");
PENDING_FAMILY(ipv6_flow, WIRE_AFI_IPV6, WIRE_SAFI_FLOW, WIRE_FAM_IPV6_FLOW, "ipv6 flow", "ipv6", "flow");
PENDING_FAMILY(ipv6_flow_vpn, WIRE_AFI_IPV6, WIRE_SAFI_FLOW_VPN, WIRE_FAM_IPV6_FLOW_VPN, "ipv6 flow-vpn", "ipv6", "flow-vpn");
