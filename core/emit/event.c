#include "emit/event.h"

static void kv_str(struct wbuf *w, const char *k, const char *v, const char *sep)
{
	json_write_string(w, k, strlen(k));
	wbuf_str(w, sep);
	json_write_string(w, v ? v : "", v ? strlen(v) : 0);
}

void emit_event_begin(struct json_sink *j, struct wbuf *out,
		      const struct emit_env *env, const char *type,
		      const struct emit_peer *peer, const char *direction)
{
	wbuf_str(out, "{ ");
	kv_str(out, "exabgp", env->version, ": ");
	wbuf_str(out, ", \"time\": ");
	json_write_double(out, env->time);
	wbuf_str(out, ", ");
	kv_str(out, "host", env->host, " : ");
	wbuf_printf(out, ", \"pid\" : %ld, \"ppid\" : %ld, ", env->pid, env->ppid);
	if (env->counter)
		wbuf_printf(out, "\"counter\": %llu, ", (unsigned long long)env->counter);
	kv_str(out, "type", type, ": ");
	if (peer) {
		wbuf_str(out, ", ");
		wbuf_str(out, "\"neighbor\": { \"address\": { ");
		kv_str(out, "local", peer->local_addr, ": ");
		wbuf_str(out, ", ");
		kv_str(out, "peer", peer->peer_addr, ": ");
		wbuf_printf(out, " }, \"asn\": { \"local\": %u, \"peer\": %u } ",
			    peer->local_as, peer->peer_as);
		if (peer->router_id) {
			wbuf_str(out, ", ");
			kv_str(out, "router-id", peer->router_id, ": ");
		}
		if (direction) {
			wbuf_str(out, ", ");
			kv_str(out, "direction", direction, ": ");
		}
	}
	json_sink_init_inside(j, out, 0);
}

void emit_event_end(struct json_sink *j, const struct emit_peer *peer)
{
	wbuf_str(j->out, peer ? " } }" : " }");
	json_sink_fini(j);
}
