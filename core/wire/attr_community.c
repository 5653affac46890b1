/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/attr.h"
#include "wire/pending.h"

PENDING_ATTR(community, 8, 0xC0, "community");
PENDING_ATTR(large_community, 32, 0xC0, "large-community");
