/* Any message, as `luabgp decode` sees it: with or without its header, as
 * an UPDATE, an OPEN or NLRI of any family, with or without ADD-PATH; the
 * printed JSON must be valid, and a failure must leave nothing printed.
 * Input: a selector byte (bits 0-1: kind, bit 2: ADD-PATH, bits 3-7: the
 * family for NLRI), then the bytes. */
#include <stdlib.h>

#include "emit/decode.h"
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct emit_peer peer = { "127.0.0.1", "127.0.0.1", 65533, 65533,
					       "127.0.0.1" };
	static const struct emit_env env = { "4.0.1", "fuzz", 1, 1, 0, 1 };
	struct emit_decode_opts o = { 0 };
	struct lb_err err, warn;
	struct wbuf out;

	if (size < 1)
		return 0;
	o.kind = (enum emit_decode_kind)((data[0] & 3) % 3);
	o.addpath = (data[0] & 4) != 0;
	o.fam = wire_family_by_index((unsigned)(data[0] >> 3) % WIRE_FAM_COUNT);
	o.env = &env;
	o.peer = &peer;
	wbuf_init(&out, 0);
	if (emit_decode(&out, data + 1, size - 1, &o, &err, &warn) == 0) {
		fuzz_check_json(out.data, out.len);
	} else if (out.len != 0 && o.kind != EMIT_DECODE_NLRI) {
		abort(); /* a failed message prints nothing */
	}
	wbuf_fini(&out);
	return 0;
}
