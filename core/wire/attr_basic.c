/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/attr.h"
#include "wire/pending.h"

PENDING_ATTR(origin, 1, 0x40, "origin");
PENDING_ATTR(next_hop, 3, 0x40, "next-hop");
PENDING_ATTR(med, 4, 0x80, "med");
PENDING_ATTR(local_pref, 5, 0x40, "local-preference");
PENDING_ATTR(atomic_aggregate, 6, 0x40, "atomic-aggregate");
PENDING_ATTR(aggregator, 7, 0xC0, "aggregator");
PENDING_ATTR(as4_aggregator, 18, 0xC0, "as4-aggregator");
PENDING_ATTR(originator_id, 9, 0x80, "originator-id");
PENDING_ATTR(cluster_list, 10, 0x80, "cluster-list");
PENDING_ATTR(aigp, 26, 0x80, "aigp");
PENDING_ATTR(otc, 35, 0xC0, "otc");
