/* decode → tree → encode → decode: for every UPDATE accepted without a
 * fault, whatever the encoder produces from its tree must decode to the
 * same tree, and encoding that tree again must give the same bytes.
 * Input: the fuzz_update format (a selector byte, then the body). */
#include <stdlib.h>
#include <string.h>

#include "base/json_sink.h"
#include "fuzzutil.h"
#include "wire/message.h"
#include "wire/update_encode.h"
#include "wire/update_json.h"

static struct wire_update u;

/* The tree of a decoded message, as JSON text (for comparison). */
static int to_tree(const uint8_t *msg, size_t len, const struct wire_ctx *ctx,
		   struct arena *a, struct val **tree, struct wbuf *text)
{
	struct val_sink vs;
	struct json_sink j;

	if (wire_update_decode(&u, msg, len, msg + WIRE_HEADER_LEN, len - WIRE_HEADER_LEN,
			       ctx) < 0 || u.err.act != LB_ACT_NONE || u.ndiscarded || u.nskipped)
		return -1;
	val_sink_init(&vs, a);
	sink_obj(&vs.base);
	wire_update_json(&vs.base, &u, ctx);
	sink_obj_end(&vs.base);
	*tree = val_sink_root(&vs);
	val_sink_fini(&vs);
	json_sink_init(&j, text, 1);
	val_emit(*tree, &j.base);
	json_sink_fini(&j);
	return *tree ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_ctx ctx;
	struct arena a;
	struct val *t1, *t2;
	struct wbuf in, y, z, j1, j2;
	struct lb_err err;

	if (size < 1 || size > WIRE_MAX_EXT_MSG - WIRE_HEADER_LEN)
		return 0;
	fuzz_ctx(&ctx, data[0]);
	ctx.addpath_tx = ctx.addpath_rx;
	arena_init(&a, 4096);
	wbuf_init(&in, 0);
	wbuf_init(&y, 0);
	wbuf_init(&z, 0);
	wbuf_init(&j1, 0);
	wbuf_init(&j2, 0);
	wire_header_write(&in, WIRE_MSG_UPDATE, (uint16_t)(size - 1 + WIRE_HEADER_LEN));
	wbuf_put(&in, data + 1, size - 1);
	if (to_tree(in.data, in.len, &ctx, &a, &t1, &j1) == 0 &&
	    wire_update_encode(&y, t1, &ctx, &err) == 0) {
		if (to_tree(y.data, y.len, &ctx, &a, &t2, &j2) < 0)
			abort(); /* we wrote what we cannot read back */
		if (j1.len != j2.len || memcmp(j1.data, j2.data, j1.len))
			abort(); /* the round trip changed the meaning */
		if (wire_update_encode(&z, t2, &ctx, &err) < 0 || z.len != y.len ||
		    memcmp(z.data, y.data, y.len))
			abort(); /* encoding is not a fixed point */
	}
	wbuf_fini(&in);
	wbuf_fini(&y);
	wbuf_fini(&z);
	wbuf_fini(&j1);
	wbuf_fini(&j2);
	arena_fini(&a);
	return 0;
}
