/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/attr.h"
#include "wire/pending.h"

PENDING_ATTR(ext_community, 16, 0xC0, "extended-community");
PENDING_ATTR(ipv6_ext_community, 25, 0xC0, "extended-community-ipv6");
