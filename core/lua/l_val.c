/* Lua values to struct val trees (the input of encoders).
 *
 * A table with a value at index 1 is an array (its elements 1..n in order);
 * any other table is an object whose keys (strings, or numbers written as
 * decimal strings) are sorted, so that the order of Lua's `next` — which is
 * not the order the table was written in — can never change an encoding.
 * A table whose metatable has an `__order` array of key names gives those
 * members first and in that order (for encoders that write members in
 * their order, such as the SR Policy sub-TLVs of the Tunnel Encapsulation
 * attribute), the others sorted after them.
 * An empty table is an empty array; encoders accept it where an object is
 * expected.  Numbers with an integral value become integers; 64-bit values
 * beyond a double's precision are given as strings by Lua callers.
 */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "lua/module.h"

#define MAX_DEPTH 64

static struct val *convert(lua_State *L, int idx, struct arena *a, int depth,
			   const char **why);

static int key_cmp(const void *x, const void *y)
{
	const struct val *const *a = x, *const *b = y;
	size_t n = (*a)->klen < (*b)->klen ? (*a)->klen : (*b)->klen;
	int c = memcmp((*a)->key, (*b)->key, n);

	/* numeric keys ("0", "1", "10") in numeric order */
	if ((*a)->klen != (*b)->klen && strspn((*a)->key, "0123456789") == (*a)->klen &&
	    strspn((*b)->key, "0123456789") == (*b)->klen)
		return (*a)->klen < (*b)->klen ? -1 : 1;
	if (c)
		return c;
	return (*a)->klen < (*b)->klen ? -1 : (*a)->klen > (*b)->klen;
}

static int table_empty(lua_State *L, int idx)
{
	lua_pushnil(L);
	if (lua_next(L, idx)) {
		lua_pop(L, 2);
		return 0;
	}
	return 1;
}

/* Moves the members named by the metatable's __order array to the front, in
 * that order; the rest keep their sorted order after them. */
static void put_in_order(lua_State *L, int idx, struct val **members, size_t n)
{
	size_t front = 0;

	if (!lua_getmetatable(L, idx))
		return;
	lua_getfield(L, -1, "__order");
	if (lua_type(L, -1) == LUA_TTABLE) {
		for (int i = 1; front < n; i++) {
			size_t kl;
			const char *k;

			lua_rawgeti(L, -1, i);
			if (lua_type(L, -1) != LUA_TSTRING) {
				lua_pop(L, 1);
				break;
			}
			k = lua_tolstring(L, -1, &kl);
			for (size_t j = front; j < n; j++) {
				struct val *m = members[j];

				if (m->klen == kl && memcmp(m->key, k, kl) == 0) {
					memmove(members + front + 1, members + front,
						(j - front) * sizeof(*members));
					members[front++] = m;
					break;
				}
			}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 2);
}

static struct val *convert_table(lua_State *L, int idx, struct arena *a, int depth,
				 const char **why)
{
	struct val *v, **members;
	size_t n = 0, cap = 16;
	int is_array;

	lua_rawgeti(L, idx, 1);
	is_array = !lua_isnil(L, -1);
	lua_pop(L, 1);
	v = val_new(a, is_array || table_empty(L, idx) ? VAL_ARR : VAL_OBJ);
	if (!v)
		return NULL;
	if (v->type == VAL_ARR) {
		for (int i = 1;; i++) {
			struct val *c;

			lua_rawgeti(L, idx, i);
			if (lua_isnil(L, -1)) {
				lua_pop(L, 1);
				break;
			}
			c = convert(L, lua_gettop(L), a, depth + 1, why);
			lua_pop(L, 1);
			if (!c || val_push(a, v, NULL, c) < 0)
				return NULL;
		}
		return v;
	}
	members = malloc(cap * sizeof(*members));
	if (!members)
		return NULL;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		struct val *c;
		size_t kl;
		const char *k;

		/* stack: ..., key, value */
		if (lua_type(L, -2) != LUA_TSTRING && lua_type(L, -2) != LUA_TNUMBER) {
			*why = "table keys must be strings or numbers";
			lua_pop(L, 2);
			free(members);
			return NULL;
		}
		lua_pushvalue(L, -2);
		k = lua_tolstring(L, -1, &kl); /* a copy: tolstring on a number key would confuse next */
		c = convert(L, lua_gettop(L) - 1, a, depth + 1, why);
		if (c) {
			c->key = arena_strndup(a, k, kl);
			c->klen = kl;
		}
		lua_pop(L, 2);
		if (!c || !c->key) {
			lua_pop(L, 1);
			free(members);
			return NULL;
		}
		if (n == cap) {
			struct val **more = realloc(members, 2 * cap * sizeof(*members));
			if (!more) {
				lua_pop(L, 1);
				free(members);
				return NULL;
			}
			members = more;
			cap *= 2;
		}
		members[n++] = c;
	}
	qsort(members, n, sizeof(*members), key_cmp);
	put_in_order(L, idx, members, n);
	for (size_t i = 0; i < n; i++) {
		members[i]->next = NULL;
		if (v->kids.last)
			v->kids.last->next = members[i];
		else
			v->kids.first = members[i];
		v->kids.last = members[i];
		v->kids.n++;
	}
	free(members);
	return v;
}

static struct val *convert(lua_State *L, int idx, struct arena *a, int depth,
			   const char **why)
{
	struct val *v;
	lua_Number d;
	size_t n;
	const char *s;

	if (depth > MAX_DEPTH) {
		*why = "tables nested too deeply";
		return NULL;
	}
	if (!lua_checkstack(L, 6)) {
		*why = "Lua stack exhausted";
		return NULL;
	}
	switch (lua_type(L, idx)) {
	case LUA_TNIL:
		return val_new(a, VAL_NULL);
	case LUA_TLIGHTUSERDATA:
		if (lua_touserdata(L, idx) == NULL)
			return val_new(a, VAL_NULL);
		break;
	case LUA_TBOOLEAN:
		v = val_new(a, VAL_BOOL);
		if (v)
			v->b = lua_toboolean(L, idx);
		return v;
	case LUA_TNUMBER:
		d = lua_tonumber(L, idx);
		if (d == (lua_Number)(int64_t)d && d > -9.2e18 && d < 9.2e18)
			return val_new_int(a, (int64_t)d);
		v = val_new(a, VAL_DBL);
		if (v)
			v->d = d;
		return v;
	case LUA_TSTRING:
		s = lua_tolstring(L, idx, &n);
		return val_new_str(a, s, n);
	case LUA_TTABLE:
		return convert_table(L, idx, a, depth, why);
	default:
		break;
	}
	*why = "only tables, strings, numbers, booleans and nil can be encoded";
	return NULL;
}

struct val *l_val_from_lua(lua_State *L, int idx, struct arena *a, const char **why)
{
	struct val *v;

	*why = "out of memory";
	if (idx < 0)
		idx = lua_gettop(L) + idx + 1;
	v = convert(L, idx, a, 0, why);
	return v;
}
