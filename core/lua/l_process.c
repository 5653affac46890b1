/* The processes' lines, for the tasks that run their commands
 * (lua/luabgp/api/source.lua):
 *
 *   text = sp:take_lines(p)     the lines process p printed, each + "\n"
 *                               (nil: none waiting)
 *   at = sp:fast_run(p, text, at, run, ack, version)  the known
 *                               announcements of text from at done in C
 *                               (fastpath.h): where the next line starts
 *   sp:fast_learn(p, version, prefix, attrs, h...)  make attrs a known text
 *   sp:fast_known(p, version, prefix, attrs)  whether it is one
 *   why = sp:await_lines(p [, seconds])  in a task: until p prints, starts
 *                               or ends
 *   t = sp:process_info(p)      { name, running, runs, gave_up, text, queued }
 *   bytes, lines = sp:process_queue(p)  what waits for p to read it
 *   ok = sp:send(p, text [, run])  to p's stdin (false: it is not running,
 *                               or it is no longer run number run)
 */
#include <lauxlib.h>
#include <string.h>

#include "lua/module.h"
#include "lua/l_speaker.h"
#include "speaker/fastpath.h"

static struct spk_proc *proc_arg(lua_State *L, struct l_speaker *s, int idx)
{
	lua_Integer p = luaL_checkinteger(L, idx);

	if (p < 1 || (size_t)p > s->sp.nprocs)
		luaL_argerror(L, idx, "no such process");
	return s->sp.procs[p - 1];
}

/* "done\n" for each of n commands of run (acknowledgements on) */
static void acknowledge(struct spk_proc *pr, lua_Integer run, size_t n)
{
	static const char DONE[] = "done\n";
	char chunk[(sizeof(DONE) - 1) * 256];
	size_t per = sizeof(chunk) / (sizeof(DONE) - 1);

	if (!pr->p || run != (lua_Integer)pr->nstarts)
		return;
	for (size_t i = 0; i < per && i < n; i++)
		memcpy(chunk + i * (sizeof(DONE) - 1), DONE, sizeof(DONE) - 1);
	while (n) {
		size_t k = n < per ? n : per;

		if (net_proc_send(pr->p, chunk, k * (sizeof(DONE) - 1)) < 0)
			return;
		n -= k;
	}
}

static int l_take_lines(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_proc *pr = proc_arg(L, s, 2);

	if (!spk_process_take(pr, &s->take)) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushlstring(L, (const char *)s->take.data, s->take.len);
	/* the buffer of a flood is not kept */
	if (s->take.cap > (1u << 20)) {
		wbuf_fini(&s->take);
		wbuf_init(&s->take, 0);
	}
	return 1;
}

/* sp:fast_run(p, text, at, run, ack, version): the known announcements of
 * text from position at (1-based) done, and answered "done" to run when
 * ack is true; the position of the first line left (fastpath.h). */
static int l_fast_run(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_proc *pr = proc_arg(L, s, 2);
	size_t n, nlines;
	const char *text = luaL_checklstring(L, 3, &n);
	lua_Integer at = luaL_checkinteger(L, 4);
	lua_Integer run = luaL_checkinteger(L, 5);
	bool ack = lua_toboolean(L, 6);
	uint64_t version = (uint64_t)luaL_checkinteger(L, 7);
	size_t done;

	luaL_argcheck(L, at >= 1 && (size_t)at <= n + 1, 4, "not a position in the text");
	done = spk_fast_run(&s->sp, &pr->fast, version, text + at - 1, n - (size_t)(at - 1),
			    &nlines);
	if (ack && nlines)
		acknowledge(pr, run, nlines);
	lua_pushinteger(L, at + (lua_Integer)done);
	return 1;
}

/* At most this many neighbors' sets per text: more stay with the handler. */
#define FAST_USES_MAX 64

/* The text a call is about: (sp, p, version, prefix, text, ...). */
struct fast_key {
	struct l_speaker *s;
	struct spk_proc *pr;
	uint64_t version;
	bool v6;                      /* the prefix's kind */
	const char *text;
	size_t n;
};

static struct fast_key fast_key_args(lua_State *L)
{
	struct fast_key k;
	size_t plen;
	const char *prefix;

	k.s = l_speaker_check(L, 1);
	k.pr = proc_arg(L, k.s, 2);
	k.version = (uint64_t)luaL_checkinteger(L, 3);
	prefix = luaL_checklstring(L, 4, &plen);
	k.v6 = memchr(prefix, ':', plen) != NULL;
	k.text = luaL_checklstring(L, 5, &k.n);
	return k;
}

/* sp:fast_learn(p, version, prefix, text, h...): lines of p with attribute
 * text text and a prefix of prefix's kind (IPv6 or not) go to the
 * neighbors of handles h (sp:attrset()) from now on, while the neighbor
 * list is at version (fastpath.h): true, or nil and why.  Stale handles
 * (their session changed), or more than 64, leave the text unknown: its
 * lines stay with the Lua handler. */
static int l_fast_learn(lua_State *L)
{
	struct fast_key k = fast_key_args(L);
	int nuses = lua_gettop(L) - 5;
	struct spk_fast_use uses[FAST_USES_MAX];
	bool usable = nuses <= FAST_USES_MAX;

	for (int i = 0; i < nuses; i++) {
		struct l_attrset *h = luaL_checkudata(L, 6 + i, ATTRSET_MT);

		if (h->s != k.s)
			return luaL_argerror(L, 6 + i, "a set of another speaker");
		if (!h->a || h->gen != h->nb->ctx_gen)
			usable = false;
		else if (usable)
			uses[i] = (struct spk_fast_use){ h->nb, h->a, h->gen, h->fam };
	}
	if (spk_fast_learn(&k.s->sp, &k.pr->fast, k.version, k.v6, k.text, k.n, uses,
			   usable ? (size_t)nuses : 0) < 0) {
		lua_pushnil(L);
		lua_pushliteral(L, "no memory for the commands' fast path");
		return 2;
	}
	lua_pushboolean(L, 1);
	return 1;
}

/* sp:fast_known(p, version, prefix, text): whether fast_run does such
 * lines (the text may have been forgotten since it was handed over). */
static int l_fast_known(lua_State *L)
{
	struct fast_key k = fast_key_args(L);

	lua_pushboolean(L, spk_fast_known(&k.s->sp, &k.pr->fast, k.version, k.v6, k.text, k.n));
	return 1;
}

static int l_await_lines(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_proc *pr = proc_arg(L, s, 2);

	return l_sched_await(L, l_speaker_sched(L, s), &pr->readers, l_sched_timeout(L, 3));
}

static int l_process_info(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_proc *pr = proc_arg(L, s, 2);

	lua_createtable(L, 0, 8);
	lua_pushstring(L, pr->name);
	lua_setfield(L, -2, "name");
	lua_pushboolean(L, pr->p != NULL);
	lua_setfield(L, -2, "running");
	lua_pushinteger(L, (lua_Integer)pr->nstarts);
	lua_setfield(L, -2, "runs");
	lua_pushboolean(L, pr->gave_up);
	lua_setfield(L, -2, "gave_up");
	lua_pushboolean(L, pr->text);
	lua_setfield(L, -2, "text");
	lua_pushnumber(L, pr->p ? (lua_Number)net_proc_pending(pr->p) : 0);
	lua_setfield(L, -2, "queued");
	if (pr->p) {
		lua_pushinteger(L, pr->p->pid);
		lua_setfield(L, -2, "pid");
	}
	return 1;
}

static int l_process_queue(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_proc *pr = proc_arg(L, s, 2);

	lua_pushnumber(L, pr->p ? (lua_Number)net_proc_pending(pr->p) : 0);
	lua_pushnumber(L, pr->p ? (lua_Number)net_proc_pending_lines(pr->p) : 0);
	return 2;
}

static int l_send(lua_State *L)
{
	struct l_speaker *s = l_speaker_check(L, 1);
	struct spk_proc *pr = proc_arg(L, s, 2);
	size_t n;
	const char *text = luaL_checklstring(L, 3, &n);
	lua_Integer run = luaL_optinteger(L, 4, 0);

	/* an answer to a command of an earlier run goes nowhere */
	if (run && run != (lua_Integer)pr->nstarts) {
		lua_pushboolean(L, 0);
		return 1;
	}
	lua_pushboolean(L, pr->p && net_proc_send(pr->p, text, n) == 0);
	return 1;
}

static const luaL_Reg methods[] = {
	{ "take_lines", l_take_lines },
	{ "fast_run", l_fast_run },
	{ "fast_learn", l_fast_learn },
	{ "fast_known", l_fast_known },
	{ "await_lines", l_await_lines },
	{ "process_info", l_process_info },
	{ "process_queue", l_process_queue },
	{ "send", l_send },
	{ NULL, NULL },
};

void l_process_register(lua_State *L)
{
	luaL_register(L, NULL, methods);
}
