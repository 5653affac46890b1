/* NOTIFICATION (RFC 4271 §4.5) with the Shutdown Communication of Cease
 * Administrative Shutdown and Administrative Reset (RFC 9003).
 *
 * ExaBGP does not print the data as received: for 6/2 and 6/4 it prints a
 * sentence about the Shutdown Communication ('Shutdown Communication:
 * "text"', or why it is invalid with the bytes in hex), and "data" is the
 * hex of that sentence.  A bad Shutdown Communication is only reported,
 * never answered (RFC 9003 §3: the session is closing anyway).
 */
#include <string.h>

#include "base/hex.h"
#include "wire/common.h"
#include "wire/message.h"
#include "wire/msg_family.h"

#define NOTIFY_MIN_LEN 21   /* header + code + subcode */

static const char *const code_names[] = {
	NULL, "Message header error", "OPEN message error", "UPDATE message error",
	"Hold timer expired", "State machine error", "Cease",
};

static const struct {
	uint8_t code, subcode;
	const char *name;
} subcode_names[] = {
	{ 1, 0, "Unspecific" },
	{ 1, 1, "Connection Not Synchronized" },
	{ 1, 2, "Bad Message Length" },
	{ 1, 3, "Bad Message Type" },
	{ 2, 0, "Unspecific" },
	{ 2, 1, "Unsupported Version Number" },
	{ 2, 2, "Bad Peer AS" },
	{ 2, 3, "Bad BGP Identifier" },
	{ 2, 4, "Unsupported Optional Parameter" },
	{ 2, 5, "Authentication Notification (Deprecated)" },
	{ 2, 6, "Unacceptable Hold Time" },
	{ 2, 7, "Unsupported Capability" },
	{ 2, 8, "Grouping Conflict" },
	{ 2, 9, "Grouping Required" },
	{ 2, 10, "Capability Value Mismatch" },
	{ 3, 0, "Unspecific" },
	{ 3, 1, "Malformed Attribute List" },
	{ 3, 2, "Unrecognized Well-known Attribute" },
	{ 3, 3, "Missing Well-known Attribute" },
	{ 3, 4, "Attribute Flags Error" },
	{ 3, 5, "Attribute Length Error" },
	{ 3, 6, "Invalid ORIGIN Attribute" },
	{ 3, 7, "AS Routing Loop" },
	{ 3, 8, "Invalid NEXT_HOP Attribute" },
	{ 3, 9, "Optional Attribute Error" },
	{ 3, 10, "Invalid Network Field" },
	{ 3, 11, "Malformed AS_PATH" },
	{ 4, 0, "Unspecific" },
	{ 5, 0, "Unspecific" },
	{ 5, 1, "Receive Unexpected Message in OpenSent State" },
	{ 5, 2, "Receive Unexpected Message in OpenConfirm State" },
	{ 5, 3, "Receive Unexpected Message in Established State" },
	{ 6, 0, "Unspecific" },
	{ 6, 1, "Maximum Number of Prefixes Reached" },
	{ 6, 2, "Administrative Shutdown" },
	{ 6, 3, "Peer De-configured" },
	{ 6, 4, "Administrative Reset" },
	{ 6, 5, "Connection Rejected" },
	{ 6, 6, "Other Configuration Change" },
	{ 6, 7, "Connection Collision Resolution" },
	{ 6, 8, "Out of Resources" },
	{ 7, 1, "Invalid Message Length" },
	{ 7, 2, "Malformed Message Subtype" },
};

/* ExaBGP's spellings, "unknow reason" included. */
const char *wire_notification_code_name(uint8_t code)
{
	if (code < sizeof(code_names) / sizeof(code_names[0]) && code_names[code])
		return code_names[code];
	return "unknown error";
}

const char *wire_notification_subcode_name(uint8_t code, uint8_t subcode)
{
	for (size_t i = 0; i < sizeof(subcode_names) / sizeof(subcode_names[0]); i++)
		if (subcode_names[i].code == code && subcode_names[i].subcode == subcode)
			return subcode_names[i].name;
	return "unknow reason";
}

static bool is_shutdown(uint8_t code, uint8_t subcode)
{
	return code == LB_NOTIFY_CEASE && (subcode == 2 || subcode == 4);
}

/* Strict UTF-8 (RFC 3629 §4): no overlong forms, no surrogates, nothing
 * above U+10FFFF, as Python's decoder. */
static bool utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t c = p[i];
		size_t k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i <= k)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((p[i + j] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + j] & 0x3f);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return false;
		i += k + 1;
	}
	return true;
}

static void put_hexstring(struct wbuf *w, const uint8_t *p, size_t n)
{
	wbuf_put(w, "0x", 2);
	wbuf_hex(w, p, n, 1);
}

/* RFC 9003 §2: one length octet (0-255), then that many octets of UTF-8.
 * Writes ExaBGP's sentence about it. */
static void shutdown_text(struct wbuf *w, const uint8_t *d, size_t n)
{
	size_t len;
	const char *why = NULL;

	if (n == 0)
		return;
	len = d[0];
	d++;
	n--;
	if (len == 0) {
		wbuf_str(w, "empty Shutdown Communication.");
		return;
	}
	if (n < len)
		why = "buffer underrun";
	else if (!utf8_valid(d, len))
		why = "invalid UTF-8";
	if (why) {
		wbuf_printf(w, "invalid Shutdown Communication (%s) length : %zu [",
			    why, len);
		put_hexstring(w, d, n);
		wbuf_u8(w, ']');
		return;
	}
	wbuf_str(w, "Shutdown Communication: \"");
	for (size_t i = 0; i < len; i++) /* ExaBGP keeps it on one line */
		wbuf_u8(w, d[i] == '\r' || d[i] == '\n' ? ' ' : d[i]);
	wbuf_u8(w, '"');
	if (n > len) {
		wbuf_str(w, ", trailing data: ");
		put_hexstring(w, d + len, n - len);
	}
}

/* The data as ExaBGP holds it: the sentence for a shutdown, else the
 * bytes as received. */
static void notification_data(struct wbuf *w, const uint8_t *msg, size_t len)
{
	const uint8_t *d = msg + NOTIFY_MIN_LEN;
	size_t n = len - NOTIFY_MIN_LEN;

	if (is_shutdown(msg[19], msg[20]))
		shutdown_text(w, d, n);
	else
		wbuf_put(w, d, n);
}

static int too_short(size_t len, struct lb_err *err)
{
	return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_HEADER, 2, 16,
			  "a NOTIFICATION is at least 21 octets, %zu given", len);
}

int wire_notification_event_json(struct sink *s, const uint8_t *msg, size_t len,
				 const struct wire_ctx *ctx, struct lb_err *err)
{
	struct wbuf data;

	(void)ctx;
	if (len < NOTIFY_MIN_LEN)
		return too_short(len, err);
	wbuf_init(&data, 64);
	notification_data(&data, msg, len);
	sink_key(s, "notification");
	sink_obj(s);
	sink_kuint(s, "code", msg[19]);
	sink_kuint(s, "subcode", msg[20]);
	sink_key(s, "data");
	sink_hex(s, data.data, data.len);
	sink_key(s, "message");
	sink_strn(s, (const char *)data.data, data.len);
	sink_obj_end(s);
	if (data.failed)
		s->failed = 1;
	wbuf_fini(&data);
	return 0;
}

int wire_notification_text(struct wbuf *w, const uint8_t *msg, size_t len,
			   struct lb_err *err)
{
	struct wbuf data;

	if (len < NOTIFY_MIN_LEN)
		return too_short(len, err);
	wbuf_init(&data, 64);
	notification_data(&data, msg, len);
	wbuf_printf(w, "notification code %u subcode %u data ", msg[19], msg[20]);
	put_hexstring(w, data.data, data.len);
	if (data.failed)
		w->failed = 1;
	wbuf_fini(&data);
	return w->failed ? lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory") : 0;
}

/* --- encoding ------------------------------------------------------------ */

static bool has_prefix(const char *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(p, prefix, k) == 0;
}

static int put_shutdown(struct wbuf *w, const char *p, size_t n)
{
	if (n > 255) /* RFC 9003 §2 */
		return -1;
	wbuf_u8(w, (uint8_t)n);
	wbuf_put(w, p, n);
	return 0;
}

/* The inverse of shutdown_text() for the sentences it writes; any other
 * text is taken as the communication itself. */
static int unshutdown(struct wbuf *w, const char *p, size_t n)
{
	static const char ok[] = "Shutdown Communication: \"";
	static const char trail[] = "\", trailing data: 0x";
	static const char bad[] = "invalid Shutdown Communication (";
	size_t bad_at;

	if (n == 0)
		return 0;
	if (wire_streq(p, n, "empty Shutdown Communication.")) {
		wbuf_u8(w, 0);
		return 0;
	}
	if (has_prefix(p, n, bad)) {
		const char *lenp = memchr(p, ':', n), *open = memchr(p, '[', n);
		uint64_t len;

		if (!lenp || !open || p[n - 1] != ']' || open < lenp + 2 ||
		    wire_parse_uint(lenp + 2, (size_t)(open - lenp - 3), 255, &len) < 0)
			return -1;
		wbuf_u8(w, (uint8_t)len);
		return hex_decode(open + 1, (size_t)(p + n - 1 - open - 1), w, &bad_at);
	}
	if (has_prefix(p, n, ok)) {
		const char *body = p + sizeof(ok) - 1;
		size_t left = n - (sizeof(ok) - 1);

		if (left && body[left - 1] == '"')
			return put_shutdown(w, body, left - 1);
		for (size_t i = left; i-- > 0;) {
			if (left - i >= sizeof(trail) - 1 &&
			    memcmp(body + i, trail, sizeof(trail) - 1) == 0) {
				if (put_shutdown(w, body, i) < 0)
					return -1;
				return hex_decode(body + i + sizeof(trail) - 1,
						  left - i - (sizeof(trail) - 1), w, &bad_at);
			}
		}
		return -1;
	}
	return put_shutdown(w, p, n);
}

int wire_notification_encode(struct wbuf *w, const struct val *v,
			     struct lb_err *err)
{
	uint64_t code, subcode;
	const char *p;
	size_t n, start, bad_at;
	struct wbuf text;
	int rc = 0;

	if (msg_get_uint(v, "code", 255, &code) < 0 ||
	    msg_get_uint(v, "subcode", 255, &subcode) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "notification: code and subcode must be 0-255");
	start = msg_start(w);
	wbuf_u8(w, (uint8_t)code);
	wbuf_u8(w, (uint8_t)subcode);
	wbuf_init(&text, 64);
	if (msg_get_str(v, "data", &p, &n) == 0) {
		rc = hex_decode(p, n, &text, &bad_at);
	} else if (msg_get_str(v, "message", &p, &n) == 0) {
		wbuf_put(&text, p, n);
	} else if (val_get(v, "data") || val_get(v, "message")) {
		rc = -1;
	}
	if (rc == 0 && is_shutdown((uint8_t)code, (uint8_t)subcode))
		rc = unshutdown(w, (const char *)text.data, text.len);
	else if (rc == 0)
		wbuf_put(w, text.data, text.len);
	wbuf_fini(&text);
	if (rc < 0) {
		w->len = start;
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "notification: bad data or shutdown communication");
	}
	return msg_finish(w, start, WIRE_MSG_NOTIFICATION, WIRE_MAX_EXT_MSG, err);
}
