/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/attr.h"
#include "wire/pending.h"

PENDING_ATTR(as_path, 2, 0x40, "as-path");
PENDING_ATTR(as4_path, 17, 0xC0, "as4-path");
