/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/nlri.h"
#include "wire/pending.h"

PENDING_FAMILY(l2vpn_vpls, WIRE_AFI_L2VPN, WIRE_SAFI_VPLS, WIRE_FAM_L2VPN_VPLS, "l2vpn vpls", "l2vpn", "vpls");
