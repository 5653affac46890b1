/* The speaker's Lua object, shared by the files that bind it: l_speaker.c
 * (configuration and running), l_control.c (what commands and scripts do
 * to a running speaker). */
#ifndef LUABGP_LUA_L_SPEAKER_H
#define LUABGP_LUA_L_SPEAKER_H

#include <lua.h>
#include <stdbool.h>
#include <uv.h>

#include "base/arena.h"
#include "base/wbuf.h"
#include "lua/l_routes.h"
#include "sched/sched.h"
#include "speaker/speaker.h"

#define SPEAKER_MT "luabgp.speaker"

struct l_nb {
	struct arena arena;            /* what lives as long as the neighbor */
	struct l_routes cur;           /* the configuration's routes */
	struct l_routes next;          /* a reload's, until sp:commit() */
	char name[64];                 /* "neighbor 127.0.0.1" */
};

struct ctl_srv;
struct l_child;

struct l_speaker {
	uv_loop_t loop;
	struct spk sp;
	uv_signal_t sigterm, sigint, sighup, sigusr1, sigusr2, sigalrm;
	uv_timer_t delay;              /* tcp.delay: until the neighbors start */
	uint64_t delay_ms;
	char *user;                    /* daemon.user: run as this user */
	bool drop_first;               /* daemon.drop: before the processes */
	bool started, closed, running;
	const char *why;               /* what ended run() */
	char why_buf[32];              /* a command's reason to stop */
	struct l_nb **nbs;
	size_t nnb;
	struct sched *sched;           /* sp:scheduler(), NULL until asked */
	int sched_ref;                 /* its userdata, anchored */
	struct wbuf take;              /* lines handed to Lua */
	/* events for Lua handlers (sp:events_on()): records of l_control.c,
	 * taken by sp:take_events(); while more than EVENTS_HIGH octets wait,
	 * every peer is paused (as for a process that is behind) */
	bool lua_events;
	struct wbuf events;
	struct sched_waitq events_q;
	struct ctl_srv *ctl;           /* the control socket (l_ctl.c) */
	struct l_child *children;      /* commands run by tasks (l_child.c) */
	uint32_t next_child;
};

#define ATTRSET_MT "luabgp.attrset"

/* An attribute set held for Lua, in the context of one neighbor's session
 * (gen).  Its userdata's environment holds the speaker, so the speaker
 * outlives it; after sp:close() the pool is gone and nothing is released. */
struct l_attrset {
	struct l_speaker *s;
	struct attrset *a;
	struct spk_nb *nb;
	uint32_t gen;
	uint8_t fam;
};

#define EVENTS_HIGH (16u << 20)

/* Queue an event for the Lua handlers: kind 1 a message received (msg),
 * 2 a change of state (msg: the state's name, a space, the reason), 3 a
 * received UPDATE for the import policy.  -1 (logged) when memory runs
 * out: nothing was queued. */
int l_control_event(struct l_speaker *s, unsigned kind, size_t nb_index, const void *msg,
		    size_t len);
/* Kind 4: routes for the export policy, an UPDATE to be answered with
 * spk_export_apply() and gen. */
int l_control_export_event(struct l_speaker *s, size_t nb_index, uint32_t gen, const void *msg,
			   size_t len);

/* The speaker at idx (open), or a Lua error. */
struct l_speaker *l_speaker_check(lua_State *L, int idx);
/* Neighbor i (1-based) of the speaker at idx 1, or an argument error. */
struct spk_nb *l_speaker_nb(lua_State *L, struct l_speaker *s, int idx);
/* The speaker's scheduler, or a Lua error when sp:scheduler() was not
 * called yet. */
struct sched *l_speaker_sched(lua_State *L, struct l_speaker *s);
/* Send what commands changed (the scheduler's after-turn hook). */
void l_control_flush(void *arg);
/* l_control.c's methods, into the table on top. */
void l_control_register(lua_State *L);
/* l_process.c's methods (the processes' lines, the commands' fast path),
 * into the table on top. */
void l_process_register(lua_State *L);
/* l_ctl.c: the control socket's methods (into the table on top), its
 * functions (core.control_request), and closing it with the speaker. */
void l_ctl_register_methods(lua_State *L);
void l_ctl_register(lua_State *L);
void l_ctl_close(struct l_speaker *s);
/* l_child.c: commands run by tasks; killing and closing them all. */
void l_child_register(lua_State *L);
void l_child_close_all(struct l_speaker *s);
/* l_rib.c: the Adj-RIBs as text. */
void l_rib_register(lua_State *L);
/* l_policy.c: import and export policies. */
void l_policy_register(lua_State *L);
/* l_session.c: a session's details for show neighbor. */
void l_session_register(lua_State *L);
/* l_view.c: sp:view(), views of received UPDATEs for the scripts. */
void l_view_register(lua_State *L);

#endif
