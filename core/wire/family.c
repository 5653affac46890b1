/* The family table: one row per AFI/SAFI luabgp decodes and encodes. */
#include <string.h>

#include "wire/nlri.h"
#include "wire/wire.h"

static const struct wire_family *const table[WIRE_FAM_COUNT] = {
	[WIRE_FAM_IPV4_UNICAST] = &wire_fam_ipv4_unicast,
	[WIRE_FAM_IPV4_MULTICAST] = &wire_fam_ipv4_multicast,
	[WIRE_FAM_IPV4_NLRI_MPLS] = &wire_fam_ipv4_nlri_mpls,
	[WIRE_FAM_IPV4_MCAST_VPN] = &wire_fam_ipv4_mcast_vpn,
	[WIRE_FAM_IPV4_MPLS_VPN] = &wire_fam_ipv4_mpls_vpn,
	[WIRE_FAM_IPV4_FLOW] = &wire_fam_ipv4_flow,
	[WIRE_FAM_IPV4_FLOW_VPN] = &wire_fam_ipv4_flow_vpn,
	[WIRE_FAM_IPV4_MUP] = &wire_fam_ipv4_mup,
	[WIRE_FAM_IPV4_SR_POLICY] = &wire_fam_ipv4_sr_policy,
	[WIRE_FAM_IPV4_RTC] = &wire_fam_ipv4_rtc,
	[WIRE_FAM_IPV6_UNICAST] = &wire_fam_ipv6_unicast,
	[WIRE_FAM_IPV6_MULTICAST] = &wire_fam_ipv6_multicast,
	[WIRE_FAM_IPV6_NLRI_MPLS] = &wire_fam_ipv6_nlri_mpls,
	[WIRE_FAM_IPV6_MCAST_VPN] = &wire_fam_ipv6_mcast_vpn,
	[WIRE_FAM_IPV6_MPLS_VPN] = &wire_fam_ipv6_mpls_vpn,
	[WIRE_FAM_IPV6_FLOW] = &wire_fam_ipv6_flow,
	[WIRE_FAM_IPV6_FLOW_VPN] = &wire_fam_ipv6_flow_vpn,
	[WIRE_FAM_IPV6_MUP] = &wire_fam_ipv6_mup,
	[WIRE_FAM_IPV6_SR_POLICY] = &wire_fam_ipv6_sr_policy,
	[WIRE_FAM_L2VPN_VPLS] = &wire_fam_l2vpn_vpls,
	[WIRE_FAM_L2VPN_EVPN] = &wire_fam_l2vpn_evpn,
	[WIRE_FAM_BGPLS] = &wire_fam_bgpls,
	[WIRE_FAM_BGPLS_VPN] = &wire_fam_bgpls_vpn,
};

static const struct {
	uint16_t afi;
	const char *name;
} afis[] = {
	{ WIRE_AFI_IPV4, "ipv4" },
	{ WIRE_AFI_IPV6, "ipv6" },
	{ WIRE_AFI_L2VPN, "l2vpn" },
	{ WIRE_AFI_BGPLS, "bgp-ls" },
};

static const struct {
	uint8_t safi;
	const char *name;
} safis[] = {
	{ WIRE_SAFI_UNICAST, "unicast" },
	{ WIRE_SAFI_MULTICAST, "multicast" },
	{ WIRE_SAFI_NLRI_MPLS, "nlri-mpls" },
	{ WIRE_SAFI_MCAST_VPN, "mcast-vpn" },
	{ WIRE_SAFI_VPLS, "vpls" },
	{ WIRE_SAFI_EVPN, "evpn" },
	{ WIRE_SAFI_BGPLS, "bgp-ls" },
	{ WIRE_SAFI_BGPLS_VPN, "bgp-ls-vpn" },
	{ WIRE_SAFI_SR_POLICY, "sr-policy" },
	{ WIRE_SAFI_MUP, "mup" },
	{ WIRE_SAFI_MPLS_VPN, "mpls-vpn" },
	{ WIRE_SAFI_RTC, "rtc" },
	{ WIRE_SAFI_FLOW, "flow" },
	{ WIRE_SAFI_FLOW_VPN, "flow-vpn" },
};

const struct wire_family *wire_family_by_index(unsigned fam)
{
	return fam < WIRE_FAM_COUNT ? table[fam] : NULL;
}

const struct wire_family *wire_family_by_code(uint16_t afi, uint8_t safi)
{
	for (unsigned i = 0; i < WIRE_FAM_COUNT; i++)
		if (table[i]->afi == afi && table[i]->safi == safi)
			return table[i];
	return NULL;
}

const char *wire_afi_name(uint16_t afi)
{
	for (size_t i = 0; i < sizeof(afis) / sizeof(afis[0]); i++)
		if (afis[i].afi == afi)
			return afis[i].name;
	return NULL;
}

const char *wire_safi_name(uint8_t safi)
{
	for (size_t i = 0; i < sizeof(safis) / sizeof(safis[0]); i++)
		if (safis[i].safi == safi)
			return safis[i].name;
	return NULL;
}

const struct wire_family *wire_family_by_names(const char *afi, const char *safi)
{
	/* "labeled-unicast" is the newer spelling of nlri-mpls (ExaBGP 5) */
	if (strcmp(safi, "labeled-unicast") == 0)
		safi = "nlri-mpls";
	for (unsigned i = 0; i < WIRE_FAM_COUNT; i++)
		if (strcmp(table[i]->afi_name, afi) == 0 &&
		    strcmp(table[i]->safi_name, safi) == 0)
			return table[i];
	return NULL;
}

const struct wire_family *wire_family_by_name(const char *name)
{
	char afi[16], safi[24];
	size_t i = 0, j = 0;

	while (name[i] == ' ')
		i++;
	while (name[i] && name[i] != ' ' && name[i] != '/' && j + 1 < sizeof(afi))
		afi[j++] = name[i++];
	afi[j] = 0;
	if (name[i] != ' ' && name[i] != '/')
		return NULL;
	while (name[i] == ' ' || name[i] == '/')
		i++;
	j = 0;
	while (name[i] && name[i] != ' ' && j + 1 < sizeof(safi))
		safi[j++] = name[i++];
	safi[j] = 0;
	while (name[i] == ' ')
		i++;
	if (name[i])
		return NULL;
	return wire_family_by_names(afi, safi);
}

void wire_ctx_init_decode(struct wire_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->asn4 = true;
	ctx->ext_msg = true;
	ctx->ibgp = true;
	ctx->local_as = 65533;
	ctx->peer_as = 65533;
	ctx->families = WIRE_FAM_BIT(WIRE_FAM_COUNT) - 1;
	ctx->ext_nexthop = ctx->families;
	ctx->keep_unknown_wellknown = true;
}
