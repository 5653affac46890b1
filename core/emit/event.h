/* The envelope of ExaBGP's JSON events.
 *
 *   { "exabgp": "4.0.1", "time": 1700000000.5, "host" : "h", "pid" : 1,
 *     "ppid" : 1, "counter": 1, "type": "update",
 *     "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" },
 *                   "asn": { "local": 65533, "peer": 65533 } ,
 *                   "router-id": "127.0.0.1", "direction": "in",
 *                   "message": { ... } } }
 *
 * The head is written as ExaBGP writes it (including the space before the
 * colon of "host", "pid" and "ppid", and before the comma after "asn"), then
 * the caller emits the body members through a JSON sink positioned inside the
 * neighbor object, then emit_event_end() closes it.
 */
#ifndef LUABGP_EMIT_EVENT_H
#define LUABGP_EMIT_EVENT_H

#include <stdint.h>

#include "base/json_sink.h"
#include "base/wbuf.h"

struct emit_peer {
	const char *local_addr;
	const char *peer_addr;
	uint32_t local_as;
	uint32_t peer_as;
	const char *router_id;  /* NULL: no "router-id" member */
};

struct emit_env {
	const char *version;    /* the "exabgp" member */
	const char *host;
	long pid;
	long ppid;
	double time;
	uint64_t counter;       /* 0: no "counter" member */
};

/* Write the head of an event about peer (NULL: an event without a
 * neighbor, whose members follow "type" directly) and set up j to write the
 * rest of the members into out. */
void emit_event_begin(struct json_sink *j, struct wbuf *out,
		      const struct emit_env *env, const char *type,
		      const struct emit_peer *peer, const char *direction);
void emit_event_end(struct json_sink *j, const struct emit_peer *peer);

#endif
