/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/attr.h"
#include "wire/pending.h"

PENDING_ATTR(bgp_ls, 29, 0x80, "bgp-ls");
