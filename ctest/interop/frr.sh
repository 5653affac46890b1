#!/usr/bin/env bash
# luabgp <-> FRR bgpd on loopback (issue 3, live interop): luabgp's IPv4/IPv6
# routes (MED, communities, AS paths) and FlowSpec rules reach FRR intact
# (vtysh JSON), FRR's routes reach a luabgp process as JSON events, and
# stopping luabgp withdraws its routes.
#   ctest/interop/frr.sh LUABGP_BINARY [active|passive]
set -uo pipefail
luabgp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MODE=${2:-active}
. "$(dirname "$0")/lib.sh"
for t in vtysh jq; do
	command -v "$t" >/dev/null || { echo "frr.sh: missing $t (make deps)"; exit 1; }
done
[ -x /usr/lib/frr/bgpd ] || { echo "frr.sh: missing /usr/lib/frr/bgpd (make deps)"; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-frr.XXXXXX")
trap cleanup EXIT
trap 'exit 130' INT TERM
NET=$(random_net)
LB=$NET.2 PEER=$NET.5 PORT=1790 AS_LB=65002 AS_PEER=65005
write_luabgp_conf
cat >"$WORK/frr-routes.conf" <<'CONF'
route-map SET4 permit 10
 set metric 51
 set community 65005:1 65005:2
 set as-path prepend 64951
exit
route-map SET6 permit 10
 set metric 61
 set community 65005:61
exit
router bgp 65005
 address-family ipv4 unicast
  network 10.15.1.0/24 route-map SET4
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:15:1::/64 route-map SET6
 exit-address-family
exit
CONF
cat >"$WORK/expect-luabgp" <<CONF
10.15.1.0/24|65005 64951|51|65005:1 65005:2|198.51.100.5
2001:db8:15:1::/64|65005|61|65005:61|2001:db8:ffff::5
CONF
vty() { vtysh --vty_socket "$WORK/frr" -c "$1" 2>/dev/null; }
read_frr() {
	for fam in ipv4 ipv6; do vty "show bgp $fam unicast json detail"; done | jq -r --arg from "$LB" '
	  .routes | to_entries[] | .key as $p | .value[] | select(.aspath and .peer.peerId == $from) |
	  [ $p, .aspath.string, (.metric // "" | tostring), (.community.string // ""), .nexthops[0].ip ] |
	  join("|")' | sort
}
count_flows() { vty 'show bgp ipv4 flowspec json' | jq '.routes // {} | length'; }
check_peer() { diff <(read_frr) "$WORK/expect-peer"; [ "$(count_flows)" = 2 ] || echo "flowspec: $(count_flows) of 2"; }
check_events() { diff <(read_events) "$WORK/expect-luabgp"; }
check_gone() { [ -z "$(read_frr)" ] || echo "FRR still holds luabgp's routes"; }

peer_port=$PORT
[ "$MODE" = active ] && peer_port=0
if ! PEER_PID=$(NEXT_HOP4=198.51.100.5 NEXT_HOP6=2001:db8:ffff::5 "$INTEROP/start-frr.sh" "$WORK/frr" \
	"$PEER" $PORT "$LB" $peer_port $AS_PEER $AS_LB "$WORK/frr-routes.conf" 2>"$WORK/start.log"); then
	echo "frr.sh: FRR did not start"; cat "$WORK/start.log"; exit 1
fi
start_luabgp
fail=0
echo "== $MODE: FRR holds luabgp's routes (unicast, and FlowSpec received)"
wait_clean check_peer || fail=1
echo "== $MODE: luabgp's process saw FRR's routes"
wait_clean check_events || fail=1
echo "== $MODE: luabgp stops: FRR drops the routes"
stop_luabgp
wait_clean check_gone || fail=1
if [ $fail = 1 ]; then
	echo "--- luabgp log"; grep -v warning "$WORK/luabgp.log" | tail -20
	echo "--- FRR log"; tail -20 "$WORK/frr/bgpd.log"
	exit 1
fi
echo "PASS luabgp <-> FRR ($MODE)"
