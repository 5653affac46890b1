/* The attribute table: one row per path attribute type code. */
#include <string.h>

#include "wire/attr.h"

static const struct wire_attr_desc *const table[256] = {
	[WIRE_ATTR_ORIGIN] = &wire_attr_origin,
	[WIRE_ATTR_AS_PATH] = &wire_attr_as_path,
	[WIRE_ATTR_NEXT_HOP] = &wire_attr_next_hop,
	[WIRE_ATTR_MED] = &wire_attr_med,
	[WIRE_ATTR_LOCAL_PREF] = &wire_attr_local_pref,
	[WIRE_ATTR_ATOMIC_AGGREGATE] = &wire_attr_atomic_aggregate,
	[WIRE_ATTR_AGGREGATOR] = &wire_attr_aggregator,
	[WIRE_ATTR_COMMUNITY] = &wire_attr_community,
	[WIRE_ATTR_ORIGINATOR_ID] = &wire_attr_originator_id,
	[WIRE_ATTR_CLUSTER_LIST] = &wire_attr_cluster_list,
	[WIRE_ATTR_EXT_COMMUNITY] = &wire_attr_ext_community,
	[WIRE_ATTR_AS4_PATH] = &wire_attr_as4_path,
	[WIRE_ATTR_AS4_AGGREGATOR] = &wire_attr_as4_aggregator,
	[WIRE_ATTR_PMSI_TUNNEL] = &wire_attr_pmsi_tunnel,
	[WIRE_ATTR_TUNNEL_ENCAP] = &wire_attr_tunnel_encap,
	[WIRE_ATTR_IPV6_EXT_COMMUNITY] = &wire_attr_ipv6_ext_community,
	[WIRE_ATTR_AIGP] = &wire_attr_aigp,
	[WIRE_ATTR_BGP_LS] = &wire_attr_bgp_ls,
	[WIRE_ATTR_LARGE_COMMUNITY] = &wire_attr_large_community,
	[WIRE_ATTR_OTC] = &wire_attr_otc,
	[WIRE_ATTR_PREFIX_SID] = &wire_attr_prefix_sid,
};

const struct wire_attr_desc *wire_attr_desc(uint8_t code)
{
	return table[code];
}

const struct wire_attr_desc *wire_attr_desc_by_name(const char *name, size_t n)
{
	static const char generic[] = "attribute-0x";

	for (unsigned i = 0; i < 256; i++)
		if (table[i] && strlen(table[i]->name) == n &&
		    memcmp(table[i]->name, name, n) == 0)
			return table[i];
	if (n > sizeof(generic) - 1 && memcmp(name, generic, sizeof(generic) - 1) == 0)
		return &wire_attr_generic;
	return NULL;
}

size_t wire_attr_begin(struct wbuf *w, uint8_t flags, uint8_t code)
{
	size_t mark;

	/* start with a 2-octet length: wire_attr_end() shrinks it when the
	 * value fits one octet */
	wbuf_u8(w, flags | WIRE_ATTR_F_EXTLEN);
	wbuf_u8(w, code);
	mark = w->len;
	wbuf_u16(w, 0);
	return mark;
}

int wire_attr_end(struct wbuf *w, size_t mark)
{
	size_t len;
	uint8_t flags;

	if (w->failed || mark < 2 || mark + 2 > w->len)
		return -1;
	len = w->len - mark - 2;
	if (len > UINT16_MAX)
		return -1;
	flags = w->data[mark - 2];
	/* RFC 4271 §4.3: extended length only when the value needs it, as
	 * ExaBGP does (wire_attr_put() keeps a caller's EXTLEN) */
	if (len <= 255) {
		w->data[mark - 2] = flags & (uint8_t)~WIRE_ATTR_F_EXTLEN;
		memmove(w->data + mark + 1, w->data + mark + 2, len);
		w->data[mark] = (uint8_t)len;
		w->len--;
		return 0;
	}
	return wbuf_set_u16(w, mark, (uint16_t)len);
}

int wire_attr_put(struct wbuf *w, uint8_t flags, uint8_t code,
		  const void *val, size_t len)
{
	int errs = 0;

	if (len > UINT16_MAX)
		return -1;
	if (len > 255 || (flags & WIRE_ATTR_F_EXTLEN)) {
		errs += wbuf_u8(w, flags | WIRE_ATTR_F_EXTLEN);
		errs += wbuf_u8(w, code);
		errs += wbuf_u16(w, (uint16_t)len);
	} else {
		errs += wbuf_u8(w, flags);
		errs += wbuf_u8(w, code);
		errs += wbuf_u8(w, (uint8_t)len);
	}
	errs += wbuf_put(w, val, len);
	return errs ? -1 : 0;
}
