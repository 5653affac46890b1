/* Scratch memory with one lifetime (BIRD's linpool, saved and restored
 * around each message).  Allocations are bumped out of chunks; nothing is
 * freed one by one; arena_reset() keeps the first chunk so that steady-state
 * use does not call malloc at all.
 */
#ifndef LUABGP_BASE_ARENA_H
#define LUABGP_BASE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* current chunk, list of older ones behind */
	size_t chunk_size;
	size_t used;              /* bytes handed out since the last reset */
};

void arena_init(struct arena *a, size_t chunk_size);
void arena_fini(struct arena *a);
/* Forget every allocation; keep one chunk for reuse. */
void arena_reset(struct arena *a);
/* n bytes aligned for any type, or NULL when memory is exhausted. */
void *arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of n bytes. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

#endif
