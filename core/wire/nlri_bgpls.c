/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/nlri.h"
#include "wire/pending.h"

PENDING_FAMILY(bgpls, WIRE_AFI_BGPLS, WIRE_SAFI_BGPLS, WIRE_FAM_BGPLS, "bgp-ls bgp-ls", "bgp-ls", "bgp-ls");
PENDING_FAMILY(bgpls_vpn, WIRE_AFI_BGPLS, WIRE_SAFI_BGPLS_VPN, WIRE_FAM_BGPLS_VPN, "bgp-ls bgp-ls-vpn", "bgp-ls", "bgp-ls-vpn");
