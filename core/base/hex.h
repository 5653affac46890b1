/* Hexadecimal text to bytes (for `luabgp decode` and the Lua binding). */
#ifndef LUABGP_BASE_HEX_H
#define LUABGP_BASE_HEX_H

#include <stddef.h>

#include "base/wbuf.h"

/* Append the bytes written as hex in s[0..n) to out.  An optional "0x"
 * prefix is allowed, and spaces, tabs, colons and the trailing line end are
 * ignored between digits (ExaBGP's test files write "FFFF:0013:04").
 * Returns 0, or -1 with *bad set to the offset of the first character that
 * is not a hex digit (or to n when a digit is missing at the end). */
int hex_decode(const char *s, size_t n, struct wbuf *out, size_t *bad);

#endif
