/* Decode benchmark (issue 2): 1M IPv4 /24 prefixes packed into full
 * 4096-octet UPDATEs with 4 attribute sets, decoded, then decoded and
 * printed as ExaBGP JSON events, on one core.  An allocation counter wraps
 * malloc/calloc/realloc to show that nothing is allocated per prefix.
 *
 *   decode_bench [PREFIXES] [--hex FILE]   (--hex: also write the UPDATEs
 *                                            as hex lines, for luabgp decode
 *                                            and exabgp on the same input)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emit/event.h"
#include "wire/message.h"
#include "wire/update_json.h"

/* --- allocation counter (glibc's entry points stay reachable) ---------- */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
static unsigned long long allocs;

void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);

void *malloc(size_t n)
{
	allocs++;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
	allocs++;
	return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
	allocs++;
	return __libc_realloc(p, n);
}

/* --- input -------------------------------------------------------------- */

struct msgs {
	uint8_t *data;
	size_t len;
	size_t count;
	size_t prefixes;
};

/* Attribute set k of 4: ORIGIN, AS_PATH, NEXT_HOP, MED, LOCAL_PREF and a
 * community, each set differing in AS_PATH, next hop and MED. */
static size_t attrs(uint8_t *p, int k)
{
	uint8_t a[] = {
		0x40, 1, 1, 0,                                  /* ORIGIN IGP */
		0x40, 2, 10, 2, 2, 0, 0, 0xfd, 0xe9, 0, 0, 0xfd, (uint8_t)(0xea + k),
		0x40, 3, 4, 192, 0, 2, (uint8_t)(1 + k),        /* NEXT_HOP */
		0x80, 4, 4, 0, 0, 0, (uint8_t)(10 * k),        /* MED */
		0x40, 5, 4, 0, 0, 0, 100,                       /* LOCAL_PREF */
		0xc0, 8, 4, 0xfd, 0xe9, 0, (uint8_t)k,          /* COMMUNITY */
	};
	memcpy(p, a, sizeof(a));
	return sizeof(a);
}

static void build(struct msgs *m, size_t prefixes)
{
	size_t cap = prefixes * 4 + (prefixes / 900 + 2) * 128, per;
	uint8_t a[64];

	m->data = malloc(cap);
	m->len = m->count = m->prefixes = 0;
	for (size_t done = 0; done < prefixes;) {
		int k = (int)(m->count % 4);
		size_t alen = attrs(a, k), n, body;
		uint8_t *p = m->data + m->len;

		per = (4096 - 19 - 4 - alen) / 4;
		n = prefixes - done < per ? prefixes - done : per;
		body = 4 + alen + 4 * n;
		memset(p, 0xff, 16);
		p[16] = (uint8_t)((19 + body) >> 8);
		p[17] = (uint8_t)(19 + body);
		p[18] = 2;
		p[19] = 0, p[20] = 0;
		p[21] = (uint8_t)(alen >> 8), p[22] = (uint8_t)alen;
		memcpy(p + 23, a, alen);
		for (size_t i = 0; i < n; i++) {
			uint32_t net = (uint32_t)(done + i); /* 0.0.0.0/24 .. */
			uint8_t *q = p + 23 + alen + 4 * i;

			q[0] = 24;
			q[1] = (uint8_t)(net >> 16);
			q[2] = (uint8_t)(net >> 8);
			q[3] = (uint8_t)net;
		}
		m->len += 19 + body;
		m->count++;
		done += n;
	}
	m->prefixes = prefixes;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t count_nlri(const struct wire_update *u, const struct wire_ctx *ctx)
{
	const struct wire_family *f = wire_family_by_index(WIRE_FAM_IPV4_UNICAST);
	struct wire_nlri_iter it;
	struct wire_nlri n;
	size_t count = 0;

	wire_nlri_iter_init(&it, f, ctx, u->msg, u->nlri, u->nlri_len);
	while (wire_nlri_iter_next(&it, &n) > 0)
		count++;
	return count;
}

int main(int argc, char **argv)
{
	size_t prefixes = 1000000, seen = 0;
	const char *hexfile = NULL;
	static struct wire_update u;
	struct wire_ctx ctx;
	struct msgs m;
	struct wbuf out;
	struct json_sink j;
	const struct emit_peer peer = { "127.0.0.1", "127.0.0.1", 65533, 65533, "127.0.0.1" };
	struct emit_env env = { "4.0.1", "bench", 1, 1, 0, 1 };
	unsigned long long a0;
	double t0, t_decode, t_json, json_bytes = 0;
	int rounds = 5;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--hex") == 0 && i + 1 < argc)
			hexfile = argv[++i];
		else
			prefixes = strtoul(argv[i], NULL, 10);
	}
	build(&m, prefixes);
	wire_ctx_init_decode(&ctx);
	ctx.ibgp = true;
	if (hexfile) {
		FILE *f = fopen(hexfile, "w");
		struct wbuf w;

		wbuf_init(&w, 0);
		for (size_t off = 0; off < m.len;) {
			size_t len = (size_t)m.data[off + 16] << 8 | m.data[off + 17];
			wbuf_reset(&w);
			wbuf_hex(&w, m.data + off, len, 1);
			fprintf(f, "%.*s\n", (int)w.len, (const char *)w.data);
			off += len;
		}
		wbuf_fini(&w);
		fclose(f);
	}

	/* decode: validate every field and walk every prefix */
	a0 = allocs;
	t0 = now();
	for (int r = 0; r < rounds; r++) {
		for (size_t off = 0; off < m.len;) {
			size_t len = (size_t)m.data[off + 16] << 8 | m.data[off + 17];
			if (wire_update_decode(&u, m.data + off, len, m.data + off + 19,
					       len - 19, &ctx) < 0 || u.err.act) {
				fprintf(stderr, "decode failed: %s\n", u.err.reason);
				return 1;
			}
			seen += count_nlri(&u, &ctx);
			off += len;
		}
	}
	t_decode = (now() - t0) / rounds;
	a0 = allocs - a0;
	printf("messages: %zu UPDATEs of up to 4096 octets, %zu prefixes, 4 attribute sets\n",
	       m.count, m.prefixes);
	printf("decode:        %.2f M prefixes/s  (%.1f ms per 1M)  allocations: %llu\n",
	       (double)m.prefixes / t_decode / 1e6, t_decode * 1e3 * 1e6 / (double)m.prefixes,
	       a0);

	/* decode + ExaBGP JSON event per UPDATE, into one reused buffer */
	wbuf_init(&out, 1 << 20);
	a0 = allocs;
	t0 = now();
	for (int r = 0; r < rounds; r++) {
		for (size_t off = 0; off < m.len;) {
			size_t len = (size_t)m.data[off + 16] << 8 | m.data[off + 17];
			wire_update_decode(&u, m.data + off, len, m.data + off + 19, len - 19, &ctx);
			wbuf_reset(&out);
			emit_event_begin(&j, &out, &env, "update", &peer, "receive");
			sink_key(&j.base, "message");
			sink_obj(&j.base);
			wire_update_json(&j.base, &u, &ctx);
			sink_obj_end(&j.base);
			emit_event_end(&j, &peer);
			json_bytes += (double)out.len;
			off += len;
		}
	}
	t_json = (now() - t0) / rounds;
	a0 = allocs - a0;
	printf("decode + JSON: %.2f M prefixes/s  (%.1f MB of JSON per 1M)  allocations: %llu"
	       " (%.4f per prefix)\n",
	       (double)m.prefixes / t_json / 1e6, json_bytes / rounds / 1e6 * 1e6 / (double)m.prefixes,
	       a0, (double)a0 / (double)(m.prefixes * (size_t)rounds));
	wbuf_fini(&out);
	free(m.data);
	(void)seen;
	return 0;
}
