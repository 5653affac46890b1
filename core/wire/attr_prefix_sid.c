/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/attr.h"
#include "wire/pending.h"

PENDING_ATTR(prefix_sid, 40, 0xC0, "bgp-prefix-sid");
