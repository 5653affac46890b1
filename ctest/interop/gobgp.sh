#!/usr/bin/env bash
# luabgp <-> GoBGP on loopback (issue 3, live interop): luabgp's IPv4/IPv6
# routes (MED, communities, AS paths) and FlowSpec rules reach GoBGP intact
# (its own JSON), GoBGP's routes reach a luabgp process as JSON events, and
# stopping luabgp withdraws its routes.
#   ctest/interop/gobgp.sh LUABGP_BINARY [active|passive]
set -uo pipefail
luabgp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MODE=${2:-active}
. "$(dirname "$0")/lib.sh"
for t in gobgpd gobgp jq; do
	command -v "$t" >/dev/null || { echo "gobgp.sh: missing $t (make deps)"; exit 1; }
done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-gobgp.XXXXXX")
trap cleanup EXIT
trap 'exit 130' INT TERM
NET=$(random_net)
LB=$NET.2 PEER=$NET.4 PORT=1790 AS_LB=65002 AS_PEER=65004
write_luabgp_conf
cat >"$WORK/expect-luabgp" <<CONF
10.14.1.0/24|65004 64941|41|65004:1|198.51.100.4
2001:db8:14:1::/64|65004|61|65004:61|2001:db8:ffff::4
CONF
gobgp_cmd() { gobgp -u "$PEER" -p 50051 "$@"; }
read_gobgp() {
	for fam in ipv4 ipv6; do gobgp_cmd global rib -a "$fam" -j 2>/dev/null; done | jq -r --arg from "$LB" '
	  to_entries[] | .key as $p | .value[] | select(.["neighbor-ip"] == $from) | .attrs as $a |
	  [ $p, ([$a[] | select(.type == 2) | .as_paths[].asns[]] | map(tostring) | join(" ")),
	    ([$a[] | select(.type == 4) | .metric][0] // "" | tostring),
	    ([$a[] | select(.type == 8) | .communities[] |
	      (. / 65536 | floor | tostring) + ":" + (. % 65536 | tostring)] | join(" ")),
	    ([$a[] | select(.type == 3 or .type == 14) | .nexthop][0]) ] | join("|")' | sort
}
count_flows() { gobgp_cmd global rib -a ipv4-flowspec -j 2>/dev/null | jq '[.[][]] | length'; }
check_peer() { diff <(read_gobgp) "$WORK/expect-peer"; [ "$(count_flows)" = 2 ] || echo "flowspec: $(count_flows) of 2"; }
check_events() { diff <(read_events) "$WORK/expect-luabgp"; }
check_gone() { [ -z "$(read_gobgp)" ] || echo "GoBGP still holds luabgp's routes"; }

peer_port=$PORT
[ "$MODE" = active ] && peer_port=0
if ! PEER_PID=$(API_PORT=50051 "$INTEROP/start-gobgp.sh" "$WORK/gobgp" "$PEER" $PORT "$LB" $peer_port \
	$AS_PEER $AS_LB 2>"$WORK/start.log"); then
	echo "gobgp.sh: GoBGP did not start"; cat "$WORK/start.log"; exit 1
fi
gobgp_cmd global rib add -a ipv4 10.14.1.0/24 nexthop 198.51.100.4 med 41 community 65004:1 aspath 64941 &&
	gobgp_cmd global rib add -a ipv6 2001:db8:14:1::/64 nexthop 2001:db8:ffff::4 med 61 community 65004:61 ||
	{ echo "gobgp.sh: gobgp rib add failed"; exit 1; }
start_luabgp
fail=0
echo "== $MODE: GoBGP holds luabgp's routes (unicast and FlowSpec)"
wait_clean check_peer || fail=1
echo "== $MODE: luabgp's process saw GoBGP's routes"
wait_clean check_events || fail=1
echo "== $MODE: luabgp stops: GoBGP drops the routes"
stop_luabgp
wait_clean check_gone || fail=1
if [ $fail = 1 ]; then
	echo "--- luabgp log"; grep -v warning "$WORK/luabgp.log" | tail -20
	echo "--- GoBGP log"; tail -20 "$WORK/gobgp/gobgpd.log"
	exit 1
fi
echo "PASS luabgp <-> GoBGP ($MODE)"
