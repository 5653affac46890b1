/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/nlri.h"
#include "wire/pending.h"

PENDING_FAMILY(ipv4_rtc, WIRE_AFI_IPV4, WIRE_SAFI_RTC, WIRE_FAM_IPV4_RTC, "ipv4 rtc", "ipv4", "rtc");
