/* UPDATE in its negotiated contexts (2/4-octet AS x ADD-PATH x iBGP/eBGP):
 * decode, then print the JSON of what was accepted and check it is JSON.
 * Input: one selector byte, then the UPDATE body. */
#include <stdlib.h>

#include "base/json_sink.h"
#include "fuzzutil.h"
#include "wire/message.h"
#include "wire/update_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wire_update u;
	struct wire_ctx ctx;
	struct json_sink j;
	struct wbuf w, out;

	if (size < 1 || size > WIRE_MAX_EXT_MSG - WIRE_HEADER_LEN)
		return 0;
	fuzz_ctx(&ctx, data[0]);
	/* give the decoder a whole message, as the session does */
	wbuf_init(&w, size + WIRE_HEADER_LEN);
	wire_header_write(&w, WIRE_MSG_UPDATE, (uint16_t)(size - 1 + WIRE_HEADER_LEN));
	wbuf_put(&w, data + 1, size - 1);
	if (wire_update_decode(&u, w.data, w.len, w.data + WIRE_HEADER_LEN,
			       w.len - WIRE_HEADER_LEN, &ctx) == 0) {
		wbuf_init(&out, 0);
		json_sink_init(&j, &out, 0);
		sink_obj(&j.base);
		wire_update_json(&j.base, &u, &ctx);
		sink_obj_end(&j.base);
		json_sink_fini(&j);
		fuzz_check_json(out.data, out.len);
		wbuf_fini(&out);
	} else if (u.err.act != LB_ACT_RESET && u.err.act != LB_ACT_AFI_DISABLE) {
		abort(); /* a failure must say the session resets */
	}
	wbuf_fini(&w);
	return 0;
}
