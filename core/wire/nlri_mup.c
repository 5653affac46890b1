/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/nlri.h"
#include "wire/pending.h"

PENDING_FAMILY(ipv4_mup, WIRE_AFI_IPV4, WIRE_SAFI_MUP, WIRE_FAM_IPV4_MUP, "ipv4 mup", "ipv4", "mup");
PENDING_FAMILY(ipv6_mup, WIRE_AFI_IPV6, WIRE_SAFI_MUP, WIRE_FAM_IPV6_MUP, "ipv6 mup", "ipv6", "mup");
