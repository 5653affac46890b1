/* The commands' fast path: known `announce route PREFIX ATTRS` lines done
 * without Lua (fastpath.h). */
#include "speaker/fastpath.h"

#include <stdlib.h>
#include <string.h>

#include "rib/adj_out.h"
#include "rib/attrset.h"
#include "speaker/speaker.h"
#include "wire/common.h"
#include "wire/wire.h"

/* A known attribute text; v6: of the lines whose prefix has a ":" (the
 * handler keeps IPv4 and IPv6 prefixes' routes apart the same way). */
struct fast_text {
	bool v6;
	uint8_t fam;                  /* every use's */
	size_t nuses;
	struct spk_fast_use *uses;
	size_t n;
	char text[];
};

struct text_key {
	bool v6;
	const char *text;
	size_t n;
};

/* At most this many texts per process: a process that keeps making new
 * ones (each run of it, each text) starts over rather than grow. */
#define TEXTS_MAX 4096

static const char VERB[] = "announce route ";
#define VERB_LEN (sizeof(VERB) - 1)

static bool text_eq(const void *item, const void *key)
{
	const struct fast_text *t = item;
	const struct text_key *k = key;

	return t->v6 == k->v6 && t->n == k->n && memcmp(t->text, k->text, k->n) == 0;
}

static uint64_t text_hash(const struct spk *sp, const struct text_key *k)
{
	return htab_hash(sp->pool.key, k->text, k->n) ^ (uint64_t)k->v6;
}

static void text_free(struct fast_text *t, struct attrset_pool *pool)
{
	for (size_t i = 0; i < t->nuses; i++)
		attrset_unref(pool, t->uses[i].a);
	free(t->uses);
	free(t);
}

static void forget_all(struct spk_fast *f, struct attrset_pool *pool)
{
	void *item;

	for (size_t i = 0; htab_next(&f->texts, &i, &item);)
		text_free(item, pool);
	htab_fini(&f->texts);
	htab_init(&f->texts);
}

void spk_fast_init(struct spk_fast *f)
{
	htab_init(&f->texts);
	f->version = 0;
}

void spk_fast_fini(struct spk_fast *f, struct attrset_pool *pool)
{
	forget_all(f, pool);
	htab_fini(&f->texts);
}

static bool is_v6(uint8_t fam)
{
	return fam == WIRE_FAM_IPV6_UNICAST || fam == WIRE_FAM_IPV6_MULTICAST;
}

int spk_fast_learn(struct spk *sp, struct spk_fast *f, uint64_t version, bool v6,
		   const char *text, size_t n, const struct spk_fast_use *uses, size_t nuses)
{
	struct text_key k = { .v6 = v6, .text = text, .n = n };
	uint64_t h = text_hash(sp, &k);
	struct fast_text *t, *old;

	if (version != f->version) {
		forget_all(f, &sp->pool);
		f->version = version;
	}
	old = htab_remove(&f->texts, h, &k, text_eq);
	if (old)
		text_free(old, &sp->pool);
	else if (f->texts.count >= TEXTS_MAX)
		forget_all(f, &sp->pool);
	if (!nuses)
		return 0;
	for (size_t i = 0; i < nuses; i++)
		if (uses[i].fam != uses[0].fam || is_v6(uses[i].fam) != v6)
			return 0;
	t = malloc(sizeof(*t) + n);
	if (!t)
		return -1;
	t->uses = malloc(nuses * sizeof(*uses));
	if (!t->uses || htab_insert(&f->texts, h, t) < 0) {
		free(t->uses);
		free(t);
		return -1;
	}
	t->v6 = v6;
	t->fam = uses[0].fam;
	t->n = n;
	memcpy(t->text, text, n);
	t->nuses = nuses;
	for (size_t i = 0; i < nuses; i++) {
		t->uses[i] = uses[i];
		attrset_ref(uses[i].a);
	}
	return 0;
}

bool spk_fast_known(struct spk *sp, struct spk_fast *f, uint64_t version, bool v6,
		    const char *text, size_t n)
{
	struct text_key k = { .v6 = v6, .text = text, .n = n };

	return version == f->version && htab_find(&f->texts, text_hash(sp, &k), &k, text_eq);
}

int spk_prefix_nlri(const char *text, size_t n, uint8_t fam, uint8_t out[17], size_t *len)
{
	const char *slash = memchr(text, '/', n);
	size_t iplen = slash ? (size_t)(slash - text) : n;
	bool v6 = is_v6(fam);
	unsigned max = v6 ? 128 : 32, plen = max;
	uint8_t addr[16];

	if (!v6 && fam != WIRE_FAM_IPV4_UNICAST && fam != WIRE_FAM_IPV4_MULTICAST)
		return -1;
	if (wire_ip_parse_afi(text, iplen, v6 ? WIRE_AFI_IPV6 : WIRE_AFI_IPV4, addr) < 0)
		return -1;
	if (slash) {
		const char *d = slash + 1, *end = text + n;

		if (d == end || end - d > 3)
			return -1;
		plen = 0;
		for (; d < end; d++) {
			if (*d < '0' || *d > '9')
				return -1;
			plen = plen * 10 + (unsigned)(*d - '0');
		}
		if (plen > max)
			return -1;
	}
	/* host bits: the full grammar decides what they mean */
	for (unsigned bit = plen; bit < max; bit++)
		if (addr[bit / 8] & (0x80 >> (bit % 8)))
			return -1;
	out[0] = (uint8_t)plen;
	memcpy(out + 1, addr, (plen + 7) / 8);
	*len = 1 + (plen + 7) / 8;
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The known text of line[0..n), or NULL (the handler's line); *pfx and
 * *pn: its prefix. */
static struct fast_text *known(struct spk *sp, struct spk_fast *f, const char *line, size_t n,
			       const char **pfx, size_t *pn)
{
	const char *p, *space;
	struct text_key k;

	if (n <= VERB_LEN || memcmp(line, VERB, VERB_LEN) != 0 || is_blank(line[n - 1]))
		return NULL;
	p = line + VERB_LEN;
	space = memchr(p, ' ', n - VERB_LEN);
	if (!space || space == p || space + 1 == line + n)
		return NULL;
	*pfx = p;
	*pn = (size_t)(space - p);
	k.v6 = memchr(p, ':', *pn) != NULL;
	k.text = space + 1;
	k.n = (size_t)(line + n - k.text);
	return htab_find(&f->texts, text_hash(sp, &k), &k, text_eq);
}

/* One line: true when done.  Every check comes before the first change,
 * so a line left to the handler has changed nothing. */
static bool run_line(struct spk *sp, struct spk_fast *f, const char *line, size_t n)
{
	const char *pfx;
	size_t pn, len;
	uint8_t nlri[17];
	struct fast_text *t = known(sp, f, line, n, &pfx, &pn);

	if (!t || spk_prefix_nlri(pfx, pn, t->fam, nlri, &len) < 0)
		return false;
	for (size_t i = 0; i < t->nuses; i++)
		if (t->uses[i].gen != t->uses[i].nb->ctx_gen || t->uses[i].nb->removed)
			return false;
	for (size_t i = 0; i < t->nuses; i++) {
		struct spk_nb *nb = t->uses[i].nb;

		/* no memory: the handler tries the line again (announcing the
		 * same route twice changes nothing) */
		if (adj_out_announce(spk_rib_given(nb), t->fam, 0, nlri, len, t->uses[i].a) < 0)
			return false;
		nb->dirty = true;
	}
	return true;
}

size_t spk_fast_run(struct spk *sp, struct spk_fast *f, uint64_t version, const char *text,
		    size_t len, size_t *nlines)
{
	size_t at = 0;

	*nlines = 0;
	if (version != f->version || !f->texts.count)
		return 0;
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);

		if (!nl || !run_line(sp, f, text + at, (size_t)(nl - (text + at))))
			break;
		at = (size_t)(nl - text) + 1;
		(*nlines)++;
	}
	return at;
}
