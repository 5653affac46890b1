/* OPERATIONAL (message type 6, capability 185), ExaBGP's implementation of
 * draft-ietf-idr-operational-message-00: a TLV of Type (2), Length (2) and
 * a value that starts with AFI (2) and SAFI (1).
 *
 *   advisories  ADM (1), ASM (2): UTF-8 text
 *   queries     RPCQ (3), APCQ (5), LPCQ (7): router id (4), sequence (4)
 *   counters    RPCP (4), APCP (6), LPCP (8): router id, sequence, count (4)
 *
 * An advisory is at most 2048 octets: ExaBGP cuts a longer one it receives
 * to its first 2045 octets and "...", and so does luabgp, so that what the
 * JSON shows can be sent again (the encoder refuses more than 2048).
 */
#include <string.h>

#include "wire/common.h"
#include "wire/message.h"
#include "wire/msg_family.h"

#define OP_HEAD 4          /* Type + Length */
#define OP_FAMILY 3        /* AFI + SAFI */
#define OP_MAX_ADVISORY 2048
#define OP_ELLIPSIS "..."

enum op_kind { OP_ADVISORY, OP_QUERY, OP_COUNTER };

static const struct {
	const char *name;
	uint8_t kind;
} op_types[] = {
	[1] = { "ADM", OP_ADVISORY }, [2] = { "ASM", OP_ADVISORY },
	[3] = { "RPCQ", OP_QUERY },   [4] = { "RPCP", OP_COUNTER },
	[5] = { "APCQ", OP_QUERY },   [6] = { "APCP", OP_COUNTER },
	[7] = { "LPCQ", OP_QUERY },   [8] = { "LPCP", OP_COUNTER },
};

#define OP_TYPES (sizeof(op_types) / sizeof(op_types[0]))

struct op {
	uint16_t type;
	uint16_t afi;
	uint8_t safi;
	uint8_t kind;
	const uint8_t *text;  /* advisory */
	size_t text_len;
	bool cut;             /* text_len octets of a longer advisory, then "..." */
	uint8_t router_id[4];
	uint32_t sequence;
	uint32_t counter;
};

/* The length a value of each kind needs at least. */
static size_t kind_min(uint8_t kind)
{
	return kind == OP_ADVISORY ? OP_FAMILY : kind == OP_QUERY ? OP_FAMILY + 8
								 : OP_FAMILY + 12;
}

/* Anything not understood is ignored, as ExaBGP does: the draft answers
 * with an NS message, never a NOTIFICATION. */
static int op_decode(struct op *op, const uint8_t *msg, size_t len,
		     struct lb_err *err)
{
	struct rd r, v;
	uint16_t vlen;

	rd_init(&r, msg, len);
	if (rd_skip(&r, WIRE_HEADER_LEN) < 0 || rd_u16(&r, &op->type) < 0 ||
	    rd_u16(&r, &vlen) < 0)
		return lb_err_set(err, LB_ACT_NONE, 0, 0, rd_offset(&r),
				  "OPERATIONAL without its type and length, ignored");
	if (op->type == 0 || op->type >= OP_TYPES)
		return lb_err_set(err, LB_ACT_NONE, 0, 0, WIRE_HEADER_LEN,
				  "OPERATIONAL type %u ignored", op->type);
	op->kind = op_types[op->type].kind;
	if (rd_sub(&r, vlen, &v) < 0 || vlen < kind_min(op->kind))
		return lb_err_set(err, LB_ACT_NONE, 0, 0, WIRE_HEADER_LEN + 2,
				  "OPERATIONAL %s of bad length %u, ignored",
				  op_types[op->type].name, vlen);
	rd_u16(&v, &op->afi);
	rd_u8(&v, &op->safi);
	if (op->kind == OP_ADVISORY) {
		op->text = v.p;
		op->text_len = rd_left(&v);
		op->cut = op->text_len > OP_MAX_ADVISORY;
		if (op->cut)
			op->text_len = OP_MAX_ADVISORY - (sizeof(OP_ELLIPSIS) - 1);
		return 0;
	}
	rd_bytes(&v, op->router_id, 4);
	rd_u32(&v, &op->sequence);
	if (op->kind == OP_COUNTER)
		rd_u32(&v, &op->counter);
	return 0;
}

int wire_operational_event_json(struct sink *s, const uint8_t *msg, size_t len,
				const struct wire_ctx *ctx, struct lb_err *err)
{
	struct op op;

	(void)ctx;
	if (op_decode(&op, msg, len, err) < 0)
		return -1;
	sink_key(s, "operational");
	sink_obj(s);
	sink_kstr(s, "name", op_types[op.type].name);
	sink_key(s, "afi");
	msg_afi_text(sink_text(s), op.afi);
	sink_text_end(s);
	sink_key(s, "safi");
	msg_safi_text(sink_text(s), op.safi);
	sink_text_end(s);
	if (op.kind == OP_ADVISORY) {
		struct wbuf *t;

		sink_key(s, "advisory");
		t = sink_text(s);
		wbuf_put(t, op.text, op.text_len);
		if (op.cut)
			wbuf_str(t, OP_ELLIPSIS);
		sink_text_end(s);
	} else if (op.kind == OP_COUNTER) {
		/* ExaBGP prints router id and sequence for counters only */
		sink_key(s, "router-id");
		sink_ipv4(s, op.router_id);
		sink_kuint(s, "sequence", op.sequence);
		sink_kuint(s, "counter", op.counter);
	}
	sink_obj_end(s);
	return 0;
}

int wire_operational_text(struct wbuf *w, const uint8_t *msg, size_t len,
			  struct lb_err *err)
{
	struct op op;

	if (op_decode(&op, msg, len, err) < 0)
		return -1;
	wbuf_printf(w, "operational %s afi ", op_types[op.type].name);
	msg_afi_text(w, op.afi);
	wbuf_str(w, " safi ");
	msg_safi_text(w, op.safi);
	if (op.kind == OP_ADVISORY) {
		wbuf_str(w, " advisory \"");
		msg_text_put(w, op.text, op.text_len);
		if (op.cut)
			wbuf_str(w, OP_ELLIPSIS);
		wbuf_u8(w, '"');
	} else if (op.kind == OP_COUNTER) {
		wbuf_str(w, " router-id ");
		wbuf_ipv4(w, op.router_id);
		wbuf_printf(w, " sequence %u counter %u", op.sequence, op.counter);
	}
	return w->failed ? lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory") : 0;
}

static int enc_err(struct lb_err *err, const char *what)
{
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "operational: %s", what);
}

/* Router id and sequence: given for counters; queries may omit them (the
 * JSON of a query does not show them), and are then sent as zeros. */
static int enc_sequenced(struct wbuf *w, const struct val *v, bool required,
			 struct lb_err *err)
{
	const char *p;
	size_t n;
	uint16_t afi;
	uint8_t id[16] = { 0 };
	uint64_t seq = 0;

	if (val_get(v, "router-id") || required) {
		if (msg_get_str(v, "router-id", &p, &n) < 0 ||
		    wire_ip_parse(p, n, &afi, id) < 0 || afi != WIRE_AFI_IPV4)
			return enc_err(err, "bad router-id");
	}
	if ((val_get(v, "sequence") || required) &&
	    msg_get_uint(v, "sequence", 0xffffffffu, &seq) < 0)
		return enc_err(err, "bad sequence");
	wbuf_put(w, id, 4);
	wbuf_u32(w, (uint32_t)seq);
	return 0;
}

int wire_operational_encode(struct wbuf *w, const struct val *v,
			    struct lb_err *err)
{
	const char *p;
	size_t n, start, vstart;
	uint16_t afi, type = 0;
	uint8_t safi;
	uint64_t counter;

	for (uint16_t i = 1; i < OP_TYPES; i++)
		if (val_is_str(val_get(v, "name"), op_types[i].name))
			type = i;
	if (!type)
		return enc_err(err, "unknown name");
	if (msg_get_str(v, "afi", &p, &n) < 0 || msg_afi_parse(p, n, &afi) < 0)
		return enc_err(err, "bad afi");
	if (msg_get_str(v, "safi", &p, &n) < 0 || msg_safi_parse(p, n, &safi) < 0)
		return enc_err(err, "bad safi");
	start = msg_start(w);
	wbuf_u16(w, type);
	wbuf_u16(w, 0);
	vstart = w->len;
	wbuf_u16(w, afi);
	wbuf_u8(w, safi);
	switch (op_types[type].kind) {
	case OP_ADVISORY:
		if (msg_get_str(v, "advisory", &p, &n) < 0 || n > OP_MAX_ADVISORY) {
			w->len = start;
			return enc_err(err, "advisory must be text of at most 2048 octets");
		}
		wbuf_put(w, p, n);
		break;
	case OP_QUERY:
		if (enc_sequenced(w, v, false, err) < 0) {
			w->len = start;
			return -1;
		}
		break;
	default:
		if (enc_sequenced(w, v, true, err) < 0) {
			w->len = start;
			return -1;
		}
		if (msg_get_uint(v, "counter", 0xffffffffu, &counter) < 0) {
			w->len = start;
			return enc_err(err, "bad counter");
		}
		wbuf_u32(w, (uint32_t)counter);
		break;
	}
	wbuf_set_u16(w, vstart - 2, (uint16_t)(w->len - vstart));
	return msg_finish(w, start, WIRE_MSG_OPERATIONAL, WIRE_MAX_MSG, err);
}
