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
};

/* The speaker at idx (open), or a Lua error. */
struct l_speaker *l_speaker_check(lua_State *L, int idx);
/* Neighbor i (1-based) of the speaker at idx 1, or an argument error. */
struct spk_nb *l_speaker_nb(lua_State *L, struct l_speaker *s, int idx);
/* Send what commands changed (the scheduler's after-turn hook). */
void l_control_flush(void *arg);
/* l_control.c's methods, into the table on top. */
void l_control_register(lua_State *L);

#endif
