/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/nlri.h"
#include "wire/pending.h"

PENDING_FAMILY(l2vpn_evpn, WIRE_AFI_L2VPN, WIRE_SAFI_EVPN, WIRE_FAM_L2VPN_EVPN, "l2vpn evpn", "l2vpn", "evpn");
