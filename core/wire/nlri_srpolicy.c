/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/nlri.h"
#include "wire/pending.h"

PENDING_FAMILY(ipv4_sr_policy, WIRE_AFI_IPV4, WIRE_SAFI_SR_POLICY, WIRE_FAM_IPV4_SR_POLICY, "ipv4 sr-policy", "ipv4", "sr-policy");
PENDING_FAMILY(ipv6_sr_policy, WIRE_AFI_IPV6, WIRE_SAFI_SR_POLICY, WIRE_FAM_IPV6_SR_POLICY, "ipv6 sr-policy", "ipv6", "sr-policy");
