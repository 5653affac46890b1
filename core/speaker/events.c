/* See events.h. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emit/decode.h"
#include "emit/event.h"
#include "emit/text.h"
#include "speaker/speaker.h"
#include "wire/message.h"

/* ExaBGP restarts a helper at most this often before giving up on it */
#define RESPAWN_MAX 5
#define RESPAWN_WINDOW_MS 60000

static char *dup_str(const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0;
	char *d = n ? malloc(n) : NULL;

	if (d)
		memcpy(d, s, n);
	return d;
}

static void proc_free_cfg(struct spk_proc *pr)
{
	for (size_t i = 0; pr->argv && pr->argv[i]; i++)
		free(pr->argv[i]);
	free(pr->argv);
	free(pr->name);
	free(pr->cwd);
	free(pr);
}

static void proc_closed(uv_handle_t *h)
{
	proc_free_cfg(h->data);
}

int spk_process_add(struct spk *sp, const struct spk_proc_cfg *c, struct lb_err *err)
{
	struct spk_proc *pr = calloc(1, sizeof(*pr)), **grown;
	size_t argc = 0;

	while (c->argv[argc])
		argc++;
	grown = realloc(sp->procs, (sp->nprocs + 1) * sizeof(*sp->procs));
	if (grown)
		sp->procs = grown;
	if (!pr || !grown || !(pr->argv = calloc(argc + 1, sizeof(char *))))
		goto nomem;
	for (size_t i = 0; i < argc; i++)
		if (!(pr->argv[i] = dup_str(c->argv[i])))
			goto nomem;
	pr->name = dup_str(c->name);
	pr->cwd = c->cwd ? dup_str(c->cwd) : NULL;
	if (!pr->name || (c->cwd && !pr->cwd))
		goto nomem;
	pr->sp = sp;
	uv_timer_init(sp->loop, &pr->stall_timer);
	pr->stall_timer.data = pr;
	wbuf_init(&pr->lines, 0);
	sched_waitq_init(&pr->readers);
	spk_fast_init(&pr->fast);
	pr->text = c->text;
	pr->respawn = c->respawn;
	sp->procs[sp->nprocs++] = pr;
	return (int)sp->nprocs - 1;
nomem:
	if (pr)
		proc_free_cfg(pr);
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory");
}

int spk_subscribe(struct spk_nb *nb, size_t proc, uint32_t flags)
{
	struct spk_sub *grown = realloc(nb->subs, (nb->nsubs + 1) * sizeof(*nb->subs));

	if (!grown)
		return -1;
	nb->subs = grown;
	nb->subs[nb->nsubs].proc = proc;
	nb->subs[nb->nsubs].flags = flags;
	nb->nsubs++;
	/* a neighbor added while its process is behind waits with the others */
	spk_repause(nb->sp);
	return 0;
}

/* --- the processes ------------------------------------------------------- */

static int start(struct spk_proc *pr, struct lb_err *err);

static void on_line(struct net_proc *p, const char *line, size_t n)
{
	struct spk_proc *pr = p->data;

	if (memchr(line, '\0', n)) {
		line = SPK_LINE_NUL;
		n = sizeof(SPK_LINE_NUL) - 1;
	}
	if (wbuf_put(&pr->lines, line, n) < 0 || wbuf_u8(&pr->lines, '\n') < 0) {
		lb_logf(&pr->sp->log, LB_LOG_ERR, LB_TOPIC_PROCESSES,
			"process %s: a command was dropped (no memory)", pr->name);
		return;
	}
	if (pr->lines.len > SPK_LINES_MAX)
		net_proc_read(p, false);
	sched_waitq_wake_all(&pr->readers);
}

bool spk_process_take(struct spk_proc *pr, struct wbuf *out)
{
	struct wbuf w;

	if (!pr->lines.len)
		return false;
	wbuf_reset(out);
	w = *out;
	*out = pr->lines;
	pr->lines = w;
	if (pr->p)
		net_proc_read(pr->p, true);
	return true;
}

static void on_overlong(struct net_proc *p, size_t dropped)
{
	struct spk_proc *pr = p->data;

	lb_logf(&pr->sp->log, LB_LOG_WARNING, LB_TOPIC_PROCESSES,
		"process %s: a line of %zu bytes was dropped (too long)", pr->name, dropped);
	/* answered with an error in its place (lua/luabgp/api/source.lua) */
	wbuf_put(&pr->lines, SPK_LINE_DROPPED "\n", sizeof(SPK_LINE_DROPPED));
	sched_waitq_wake_all(&pr->readers);
}

static void on_errline(struct net_proc *p, const char *line, size_t n)
{
	struct spk_proc *pr = p->data;

	lb_logf(&pr->sp->log, LB_LOG_INFO, LB_TOPIC_PROCESSES, "process %s: %.*s", pr->name,
		(int)n, line);
}

static size_t proc_index(const struct spk_proc *pr)
{
	size_t i = 0;

	while (i < pr->sp->nprocs && pr->sp->procs[i] != pr)
		i++;
	return i;
}

static bool feeds(const struct spk_nb *nb, size_t proc)
{
	for (size_t k = 0; k < nb->nsubs; k++)
		if (nb->subs[k].proc == proc)
			return true;
	return false;
}

/* Is any reason to leave nb unread left: a process it feeds above its
 * mark, or the scripts' events above theirs (sp->events_paused)? */
static bool should_pause(const struct spk_nb *nb)
{
	const struct spk *sp = nb->sp;

	if (sp->events_paused)
		return true;
	for (size_t k = 0; k < nb->nsubs; k++)
		if (nb->subs[k].proc < sp->nprocs && sp->procs[nb->subs[k].proc]->above)
			return true;
	return false;
}

void spk_repause(struct spk *sp)
{
	for (size_t i = 0; i < sp->nnb; i++) {
		struct spk_nb *nb = sp->nbs[i];
		bool want = should_pause(nb);

		if (want == nb->peer.rx_paused)
			continue;
		sess_peer_pause(&nb->peer, want);
		/* the operator sees when and why a peer is left unread */
		if (nb->peer.state == FSM_ESTABLISHED)
			lb_logf(&sp->log, LB_LOG_NOTICE, LB_TOPIC_REACTOR, "neighbor %s: %s",
				nb->peer_text,
				want ? "not read while its events wait for a process or a script"
				     : "read again");
	}
}

/* The peers whose events go to pr: paused while it is above its mark
 * (recomputed from every reason, so that sources never undo each other). */
static void pause_feeders(struct spk_proc *pr, bool pause)
{
	if (pr->above == pause)
		return;
	pr->above = pause;
	if (pause)
		pr->above_since = net_now_ms();
	spk_repause(pr->sp);
}

/* RFC 2918 §3: every family of the session again, for a new process */
static void refresh_feeders(struct spk_proc *pr)
{
	struct spk *sp = pr->sp;
	size_t idx = proc_index(pr);
	uint8_t msg[WIRE_REFRESH_LEN];

	for (size_t i = 0; i < sp->nnb; i++) {
		struct spk_nb *nb = sp->nbs[i];

		if (!feeds(nb, idx) || nb->peer.state != FSM_ESTABLISHED)
			continue;
		if (!nb->neg.route_refresh) {
			lb_logf(&sp->log, LB_LOG_WARNING, LB_TOPIC_PROCESSES,
				"process %s: no route refresh with neighbor %s (not negotiated): "
				"the new process sees only its changes from now on",
				pr->name, nb->peer_text);
			continue;
		}
		for (unsigned f = 0; f < WIRE_FAM_COUNT; f++) {
			const struct wire_family *fam = wire_family_by_index(f);

			if (!(nb->neg.ctx.families & WIRE_FAM_BIT(f)))
				continue;
			struct wire_refresh rr = { fam->afi, WIRE_REFRESH_REQUEST, fam->safi };

			wire_refresh_write(msg, &rr);
			sess_peer_send(&nb->peer, msg, sizeof(msg));
		}
		lb_logf(&sp->log, LB_LOG_NOTICE, LB_TOPIC_PROCESSES,
			"process %s: route refresh asked of neighbor %s for the new process",
			pr->name, nb->peer_text);
	}
}

/* While above its mark: a process that took nothing for proc_stall_ms is
 * restarted (its queue goes with it). */
static void on_stall_check(uv_timer_t *t)
{
	struct spk_proc *pr = t->data;
	uint64_t now = net_now_ms();

	if (!pr->p || !pr->above) {
		uv_timer_stop(t);
		return;
	}
	/* progress is counted from when it fell behind at the earliest: a
	 * process idle for long is not killed at its first burst */
	if (now - (pr->p->last_progress_ms > pr->above_since ? pr->p->last_progress_ms
							     : pr->above_since) <
	    pr->sp->proc_stall_ms)
		return;
	lb_logf(&pr->sp->log, LB_LOG_ERR, LB_TOPIC_PROCESSES,
		"process %s: read nothing of its %zu queued octets for %llu s: restarting it",
		pr->name, net_proc_pending(pr->p),
		(unsigned long long)(pr->sp->proc_stall_ms / 1000));
	uv_timer_stop(t);
	pr->stalled = true;
	net_proc_kill(pr->p, SIGKILL);
}

static void on_pressure(struct net_proc *p, bool above)
{
	struct spk_proc *pr = p->data;

	lb_logf(&pr->sp->log, LB_LOG_WARNING, LB_TOPIC_PROCESSES, "process %s: %s", pr->name,
		above ? "behind on its events: its peers are not read until it catches up"
		      : "caught up: its peers are read again");
	pause_feeders(pr, above);
	if (above) {
		uint64_t tick = pr->sp->proc_stall_ms < 1000 ? pr->sp->proc_stall_ms : 1000;

		uv_timer_start(&pr->stall_timer, on_stall_check, tick ? tick : 1, tick ? tick : 1);
	} else {
		uv_timer_stop(&pr->stall_timer);
	}
}

/* How many starts fall in the respawn window. */
static unsigned recent_starts(const struct spk_proc *pr, uint64_t now)
{
	unsigned n = 0;

	for (unsigned i = 0; i < pr->nstarts && i < RESPAWN_MAX; i++)
		if (now - pr->starts[i] < RESPAWN_WINDOW_MS)
			n++;
	return n;
}

static void on_exited(struct net_proc *p, int64_t status, int signal)
{
	struct spk_proc *pr = p->data;
	struct lb_err err;

	if (signal)
		lb_logf(&pr->sp->log, LB_LOG_WARNING, LB_TOPIC_PROCESSES,
			"process %s: ended by signal %d", pr->name, signal);
	else
		lb_logf(&pr->sp->log, LB_LOG_WARNING, LB_TOPIC_PROCESSES,
			"process %s: exited with status %lld", pr->name, (long long)status);
	net_proc_free(p);
	pr->p = NULL;
	uv_timer_stop(&pr->stall_timer);
	pause_feeders(pr, false);
	sched_waitq_wake_all(&pr->readers);
	/* api.terminate: ExaBGP exits when a helper process dies */
	if (pr->sp->terminate) {
		lb_logf(&pr->sp->log, LB_LOG_ERR, LB_TOPIC_PROCESSES,
			"process %s ended: stopping (api.terminate)", pr->name);
		if (pr->sp->ops->all_done)
			pr->sp->ops->all_done(pr->sp);
		return;
	}
	if (!pr->respawn) {
		pr->gave_up = true;
		return;
	}
	if (recent_starts(pr, net_now_ms()) >= RESPAWN_MAX) {
		lb_logf(&pr->sp->log, LB_LOG_ERR, LB_TOPIC_PROCESSES,
			"process %s: started %d times in %d s, not again", pr->name, RESPAWN_MAX,
			RESPAWN_WINDOW_MS / 1000);
		pr->gave_up = true;
		return;
	}
	if (start(pr, &err) < 0) {
		lb_logf(&pr->sp->log, LB_LOG_ERR, LB_TOPIC_PROCESSES, "process %s: %s", pr->name,
			err.reason);
		pr->gave_up = true;
	}
}

static const struct net_proc_ops proc_ops = { on_line, on_overlong, on_errline, on_pressure,
					      on_exited };

static int start(struct spk_proc *pr, struct lb_err *err)
{
	pr->p = net_proc_new(pr->sp->loop, &proc_ops, pr);
	if (!pr->p)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory");
	if (net_proc_spawn(pr->p, (const char *const *)pr->argv, pr->cwd, NULL, err) < 0) {
		net_proc_free(pr->p);
		pr->p = NULL;
		return -1;
	}
	pr->starts[pr->nstarts++ % RESPAWN_MAX] = net_now_ms();
	wbuf_put(&pr->lines, SPK_LINE_STARTED, sizeof(SPK_LINE_STARTED) - 1);
	wbuf_printf(&pr->lines, " %u\n", pr->nstarts);
	pr->p->high = pr->sp->proc_queue;
	pr->p->low = pr->sp->proc_queue / 4;
	if (pr->stalled) {
		pr->stalled = false;
		refresh_feeders(pr);
	}
	sched_waitq_wake_all(&pr->readers);
	return 0;
}

int spk_processes_start(struct spk *sp, struct lb_err *err)
{
	for (size_t i = 0; i < sp->nprocs; i++)
		if (start(sp->procs[i], err) < 0)
			return -1;
	return 0;
}

void spk_processes_stop(struct spk *sp)
{
	for (size_t i = 0; i < sp->nprocs; i++) {
		struct spk_proc *pr = sp->procs[i];

		if (pr->p)
			net_proc_free(pr->p);
		pr->p = NULL;
		pr->gave_up = true;
		sched_waitq_wake_all(&pr->readers);
		wbuf_fini(&pr->lines);
		spk_fast_fini(&pr->fast, &sp->pool);
		uv_close((uv_handle_t *)&pr->stall_timer, proc_closed);
	}
	free(sp->procs);
	sp->procs = NULL;
	sp->nprocs = 0;
}

/* --- events --------------------------------------------------------------- */

static void env_of(struct spk_nb *nb, struct emit_env *env)
{
	struct spk *sp = nb->sp;
	uv_timeval64_t tv;

	memset(env, 0, sizeof(*env));
	/* the JSON format version of ExaBGP's API v4, not a software one */
	env->version = "4.0.1";
	env->host = sp->host;
	env->pid = (long)getpid();
	env->ppid = (long)getppid();
	if (uv_gettimeofday(&tv) == 0)
		env->time = (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
	env->counter = ++nb->counter;
}

static void peer_of(struct spk_nb *nb, struct emit_peer *peer)
{
	peer->local_addr = nb->local_text;
	peer->peer_addr = nb->peer_text;
	peer->local_as = nb->ours.asn;
	peer->peer_as = nb->neg.ctx.peer_as ? nb->neg.ctx.peer_as : nb->cfg.peer_as;
	peer->router_id = nb->router_id;
}

/* Does a binding want this kind of event, in this direction? */
static bool matches(const struct spk_sub *sub, uint32_t flag, bool sent)
{
	return (sub->flags & flag) && (!sent || (sub->flags & SPK_EV_SEND));
}

static bool wanted(const struct spk_nb *nb, uint32_t flag, bool sent)
{
	for (size_t i = 0; i < nb->nsubs; i++)
		if (matches(&nb->subs[i], flag, sent))
			return true;
	return false;
}

static void deliver(struct spk_nb *nb, uint32_t flag, bool sent, const struct wbuf *json,
		    const struct wbuf *text)
{
	for (size_t i = 0; i < nb->nsubs; i++) {
		struct spk_proc *pr;
		const struct wbuf *w;

		if (!matches(&nb->subs[i], flag, sent))
			continue;
		pr = nb->sp->procs[nb->subs[i].proc];
		w = pr->text ? text : json;
		if (pr->p && w && w->len)
			net_proc_send(pr->p, w->data, w->len);
	}
}

void spk_event_state(struct spk_nb *nb, const char *state, const char *reason)
{
	struct emit_env env;
	struct emit_peer peer;
	struct json_sink j;
	struct wbuf json, text;

	if (!wanted(nb, SPK_EV_STATE, false))
		return;
	env_of(nb, &env);
	peer_of(nb, &peer);
	wbuf_init(&json, 512);
	wbuf_init(&text, 128);
	emit_event_begin(&j, &json, &env, "state", &peer, NULL);
	sink_key(&j.base, "state");
	sink_str(&j.base, state);
	if (reason) {
		sink_key(&j.base, "reason");
		sink_str(&j.base, reason);
	}
	emit_event_end(&j, &peer);
	wbuf_u8(&json, '\n');
	/* ExaBGP's text encoder: "neighbor 127.0.0.1 down - reason" */
	wbuf_printf(&text, "neighbor %s %s%s%s\n", nb->peer_text, state, reason ? " - " : "",
		    reason ? reason : "");
	deliver(nb, SPK_EV_STATE, false, &json, &text);
	wbuf_fini(&json);
	wbuf_fini(&text);
}

/* An event without a message: { "type": TYPE, "neighbor": { ..., KEY... } }
 * whose members body() writes. */
static void simple_event(struct spk_nb *nb, uint32_t flag, const char *type,
			 void (*body)(struct sink *s, struct spk_nb *nb, const void *arg),
			 const void *arg)
{
	struct emit_env env;
	struct emit_peer peer;
	struct json_sink j;
	struct wbuf json;

	if (!wanted(nb, flag, false))
		return;
	env_of(nb, &env);
	peer_of(nb, &peer);
	wbuf_init(&json, 512);
	emit_event_begin(&j, &json, &env, type, &peer, NULL);
	body(&j.base, nb, arg);
	emit_event_end(&j, &peer);
	wbuf_u8(&json, '\n');
	/* ExaBGP's text encoder has no line for these: JSON processes only */
	deliver(nb, flag, false, &json, NULL);
	wbuf_fini(&json);
}

static void fsm_body(struct sink *s, struct spk_nb *nb, const void *arg)
{
	(void)nb;
	sink_key(s, "state");
	sink_str(s, arg);
}

void spk_event_fsm(struct spk_nb *nb, const char *state)
{
	simple_event(nb, SPK_EV_FSM, "fsm", fsm_body, state);
}

static const char *signal_name(int signum)
{
	switch (signum) {
	case SIGHUP: return "SIGHUP";
	case SIGINT: return "SIGINT";
	case SIGALRM: return "SIGALRM";
	case SIGTERM: return "SIGTERM";
	case SIGUSR1: return "SIGUSR1";
	case SIGUSR2: return "SIGUSR2";
	default: return "UNKNOWN";
	}
}

/* ExaBGP: "code" as a string of the number, then "name" */
static void signal_body(struct sink *s, struct spk_nb *nb, const void *arg)
{
	int signum = *(const int *)arg;
	char code[16];

	(void)nb;
	snprintf(code, sizeof(code), "%d", signum);
	sink_key(s, "code");
	sink_str(s, code);
	sink_key(s, "name");
	sink_str(s, signal_name(signum));
}

void spk_event_signal(struct spk_nb *nb, int signum)
{
	simple_event(nb, SPK_EV_SIGNAL, "signal", signal_body, &signum);
}

static void families_arr(struct sink *s, uint64_t fams)
{
	sink_arr(s);
	for (unsigned f = 0; f < WIRE_FAM_COUNT; f++)
		if (fams & WIRE_FAM_BIT(f))
			sink_str(s, wire_family_by_index(f)->name);
	sink_arr_end(s);
}

/* ExaBGP's "negotiated" member (its API's names) */
static void negotiated_body(struct sink *s, struct spk_nb *nb, const void *arg)
{
	const struct sess_negotiated *n = &nb->neg;

	(void)arg;
	sink_key(s, "negotiated");
	sink_obj(s);
	sink_key(s, "message_size");
	sink_uint(s, n->max_msg);
	sink_key(s, "hold_time");
	sink_uint(s, n->hold_time);
	sink_key(s, "asn4");
	sink_bool(s, n->ctx.asn4);
	sink_key(s, "multisession");
	sink_bool(s, false);
	sink_key(s, "operational");
	sink_bool(s, n->operational);
	sink_key(s, "refresh");
	sink_str(s, n->enhanced_refresh ? "enhanced" : n->route_refresh ? "normal" : "absent");
	sink_key(s, "families");
	families_arr(s, n->ctx.families);
	sink_key(s, "nexthop");
	sink_arr(s);
	for (unsigned f = 0; f < WIRE_FAM_COUNT; f++) {
		if (n->ctx.ext_nexthop & WIRE_FAM_BIT(f)) {
			struct wbuf *w = sink_text(s);

			wbuf_str(w, wire_family_by_index(f)->name);
			wbuf_str(w, " ipv6");
			sink_text_end(s);
		}
	}
	sink_arr_end(s);
	sink_key(s, "add_path");
	sink_obj(s);
	sink_key(s, "send");
	families_arr(s, n->ctx.addpath_tx);
	sink_key(s, "receive");
	families_arr(s, n->ctx.addpath_rx);
	sink_obj_end(s);
	sink_obj_end(s);
}

void spk_event_negotiated(struct spk_nb *nb)
{
	simple_event(nb, SPK_EV_NEGOTIATED, "negotiated", negotiated_body, NULL);
}

static uint32_t flag_of(uint8_t type)
{
	switch (type) {
	case WIRE_MSG_OPEN:
		return SPK_EV_OPEN;
	case WIRE_MSG_UPDATE:
		return SPK_EV_UPDATE;
	case WIRE_MSG_NOTIFICATION:
		return SPK_EV_NOTIFICATION;
	case WIRE_MSG_KEEPALIVE:
		return SPK_EV_KEEPALIVE;
	case WIRE_MSG_ROUTE_REFRESH:
		return SPK_EV_REFRESH;
	default:
		return SPK_EV_OPERATIONAL;
	}
}

/* ExaBGP's text encoder: "neighbor IP receive <what the codec prints>" */
static void text_of(struct spk_nb *nb, const uint8_t *msg, size_t len, const char *dir,
		    struct wbuf *text)
{
	struct wire_update *u = nb->sp->scratch;
	size_t mark;
	struct lb_err err;
	int rc;

	switch (msg[18]) {
	case WIRE_MSG_KEEPALIVE:
		emit_text_keepalive(text, nb->peer_text, dir);
		return;
	case WIRE_MSG_UPDATE:
		if (wire_update_decode(u, msg, len, msg + WIRE_HEADER_LEN, len - WIRE_HEADER_LEN,
				       &nb->neg.ctx) == 0)
			emit_text_update(text, nb->peer_text, dir, u, &nb->neg.ctx);
		return;
	default:
		break;
	}
	wbuf_printf(text, "neighbor %s %s ", nb->peer_text, dir);
	mark = text->len;
	switch (msg[18]) {
	case WIRE_MSG_OPEN:
		rc = wire_open_text(text, msg, len, &err);
		break;
	case WIRE_MSG_NOTIFICATION:
		rc = wire_notification_text(text, msg, len, &err);
		break;
	case WIRE_MSG_ROUTE_REFRESH:
		rc = wire_refresh_text(text, msg, len, &err);
		break;
	default:
		rc = wire_operational_text(text, msg, len, &err);
		break;
	}
	if (rc < 0 || text->len == mark)
		wbuf_reset(text);
	else
		wbuf_u8(text, '\n');
}

/* ExaBGP's raw packet event (api receive { packets; }): the type is the
 * message's name, and "message" holds its category, header and body */
static void raw_event(struct spk_nb *nb, const uint8_t *msg, size_t len, const char *dir,
		      struct wbuf *json)
{
	struct emit_env env;
	struct emit_peer peer;
	struct json_sink j;
	struct wbuf *w;

	env_of(nb, &env);
	peer_of(nb, &peer);
	emit_event_begin(&j, json, &env, wire_msg_name(msg[18]), &peer, dir);
	sink_key(&j.base, "message");
	sink_obj(&j.base);
	sink_key(&j.base, "category");
	sink_uint(&j.base, msg[18]);
	sink_key(&j.base, "header");
	w = sink_text(&j.base);
	wbuf_str(w, "0x"); /* ExaBGP's hexstring(): 0x and upper case */
	wbuf_hex(w, msg, WIRE_HEADER_LEN, 1);
	sink_text_end(&j.base);
	sink_key(&j.base, "body");
	w = sink_text(&j.base);
	wbuf_str(w, "0x");
	wbuf_hex(w, msg + WIRE_HEADER_LEN, len - WIRE_HEADER_LEN, 1);
	sink_text_end(&j.base);
	sink_obj_end(&j.base);
	emit_event_end(&j, &peer);
	wbuf_u8(json, '\n');
}

/* "parsed" subscribers (the default) and "packets" ones */
static void deliver_parsed(struct spk_nb *nb, uint32_t flag, bool sent, const struct wbuf *json,
			   const struct wbuf *text)
{
	for (size_t i = 0; i < nb->nsubs; i++) {
		const struct spk_sub *sub = &nb->subs[i];
		struct spk_proc *pr = nb->sp->procs[sub->proc];
		const struct wbuf *w = pr->text ? text : json;

		if (matches(sub, flag, sent) && (sub->flags & SPK_EV_PARSED) && pr->p && w->len)
			net_proc_send(pr->p, w->data, w->len);
	}
}

static void deliver_raw(struct spk_nb *nb, uint32_t flag, bool sent, const struct wbuf *json)
{
	for (size_t i = 0; i < nb->nsubs; i++) {
		const struct spk_sub *sub = &nb->subs[i];
		struct spk_proc *pr = nb->sp->procs[sub->proc];

		if (matches(sub, flag, sent) && (sub->flags & SPK_EV_PACKETS) && pr->p && !pr->text)
			net_proc_send(pr->p, json->data, json->len);
	}
}

/* The forms of a message some subscriber takes: JSON or text when parsed,
 * the raw JSON of packets (text processes get no packets). */
enum { FORM_JSON = 1, FORM_TEXT = 2, FORM_RAW = 4 };

static unsigned forms_wanted(const struct spk_nb *nb, uint32_t flag, bool sent)
{
	unsigned forms = 0;

	for (size_t i = 0; i < nb->nsubs; i++) {
		const struct spk_sub *sub = &nb->subs[i];
		const struct spk_proc *pr = nb->sp->procs[sub->proc];

		if (!matches(sub, flag, sent))
			continue;
		if (sub->flags & SPK_EV_PARSED)
			forms |= pr->text ? FORM_TEXT : FORM_JSON;
		if ((sub->flags & SPK_EV_PACKETS) && !pr->text)
			forms |= FORM_RAW;
	}
	return forms;
}

void spk_event_message(struct spk_nb *nb, const uint8_t *msg, size_t len, bool sent)
{
	uint32_t flag = flag_of(msg[18]);
	const char *dir = sent ? "send" : "receive";
	struct emit_decode_opts o;
	struct emit_env env;
	struct emit_peer peer;
	struct wire_ctx ctx;
	struct lb_err err, warn;
	struct wbuf json, text;
	/* each form costs a decoding: only those someone reads (a JSON
	 * process does not pay for the text lines) */
	unsigned forms = forms_wanted(nb, flag, sent);

	if (!forms)
		return;
	env_of(nb, &env);
	peer_of(nb, &peer);
	memset(&o, 0, sizeof(o));
	o.kind = EMIT_DECODE_UPDATE;
	ctx = nb->neg.ctx;
	ctx.json_flags |= nb->sp->json_flags;
	o.ctx = &ctx;
	o.env = &env;
	o.peer = &peer;
	o.direction = dir;
	wbuf_init(&json, forms & FORM_JSON ? len * 4 + 512 : 0);
	wbuf_init(&text, forms & FORM_TEXT ? 256 : 0);
	if ((forms & FORM_JSON) && emit_decode(&json, msg, len, &o, &err, &warn) < 0)
		wbuf_reset(&json);
	if (forms & FORM_TEXT)
		text_of(nb, msg, len, dir, &text);
	if (forms & (FORM_JSON | FORM_TEXT))
		deliver_parsed(nb, flag, sent, &json, &text);
	if (forms & FORM_RAW) {
		wbuf_reset(&json);
		raw_event(nb, msg, len, dir, &json);
		deliver_raw(nb, flag, sent, &json);
	}
	wbuf_fini(&json);
	wbuf_fini(&text);
}
