/* Shared checks for the fuzz targets. */
#ifndef LUABGP_FUZZUTIL_H
#define LUABGP_FUZZUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "wire/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A decoding context chosen by one selector byte: 2- or 4-octet AS,
 * ADD-PATH on every family or none, iBGP or eBGP. */
void fuzz_ctx(struct wire_ctx *ctx, uint8_t selector);

/* Abort (a finding) unless p[0..n) is one valid JSON text in valid UTF-8. */
void fuzz_check_json(const uint8_t *p, size_t n);

#endif
