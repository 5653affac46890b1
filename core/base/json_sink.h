/* A sink that writes JSON text in ExaBGP's layout.
 *
 * ExaBGP builds its JSON by hand: members are `"key": value`, separated by
 * ", ", and containers are written `{ ... }` and `[ ... ]` with a space inside
 * each bracket.  Users grep this text, so luabgp writes the same layout; empty
 * containers are `{}` and `[]`.  Strings are escaped (RFC 8259 §7): quotes,
 * backslashes and control characters, and invalid UTF-8 becomes U+FFFD, so
 * that text taken from the wire can never break the stream.  Floating point
 * numbers are printed as Python's repr() prints them.
 */
#ifndef LUABGP_BASE_JSON_SINK_H
#define LUABGP_BASE_JSON_SINK_H

#include "base/sink.h"

#define JSON_SINK_DEPTH 64

struct json_sink {
	struct sink base;
	struct wbuf *out;
	int compact;                     /* no spaces: {"a":1,"b":[1,2]} */
	unsigned depth;
	uint8_t count[JSON_SINK_DEPTH];  /* members so far per level (saturating) */
	uint8_t after_key;
};

/* Write into out (appending); compact selects the layout without spaces. */
void json_sink_init(struct json_sink *j, struct wbuf *out, int compact);
void json_sink_fini(struct json_sink *j);
/* Continue an object that already has members (written by hand): the next
 * key gets a separator. */
void json_sink_init_inside(struct json_sink *j, struct wbuf *out, int compact);

/* Escape and append one string, quotes included. */
int json_write_string(struct wbuf *w, const char *p, size_t n);
/* Python's repr() of a float: shortest text that reads back the same. */
int json_write_double(struct wbuf *w, double v);

#endif
