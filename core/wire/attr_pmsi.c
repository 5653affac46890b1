/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/attr.h"
#include "wire/pending.h"

PENDING_ATTR(pmsi_tunnel, 22, 0xC0, "pmsi");
