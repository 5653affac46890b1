#!/usr/bin/env bash
# luabgp <-> BIRD 2 on loopback (issue 3, live interop):
#   - luabgp announces IPv4 and IPv6 routes with MED, communities, large
#     communities and AS paths, and two FlowSpec rules; BIRD must hold them
#     exactly so (read from BIRD's own control socket);
#   - BIRD announces one IPv4 and one IPv6 route; luabgp's process must get
#     them as ExaBGP JSON events;
#   - luabgp stopped (SIGTERM): BIRD logs the Cease and drops the routes.
#   ctest/interop/bird.sh LUABGP_BINARY [active|passive]
# MODE active: luabgp connects and BIRD waits; passive: the other way.
# Stops by itself within TIMEOUT seconds; ends only what it started.
set -uo pipefail
luabgp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MODE=${2:-active}
. "$(dirname "$0")/lib.sh"
for t in bird birdc jq python3; do
	command -v "$t" >/dev/null || { echo "bird.sh: missing $t (make deps)"; exit 1; }
done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-bird.XXXXXX")
trap cleanup EXIT
trap 'exit 130' INT TERM
NET=$(random_net)
LB=$NET.2 PEER=$NET.3 PORT=1790 AS_LB=65002 AS_PEER=65003

cat >"$WORK/bird-routes.conf" <<'CONF'
filter keep_med { if defined(bgp_med) then bgp_med = bgp_med; accept; }
protocol static static4 {
    ipv4;
    route 10.13.1.0/24 blackhole { bgp_med = 31; bgp_community.add((65003,1)); bgp_path.prepend(64931); };
}
protocol static static6 {
    ipv6;
    route 2001:db8:13:1::/64 blackhole { bgp_med = 61; bgp_community.add((65003,61)); };
}
CONF
write_luabgp_conf
# BIRD also shows large communities: prefix|as-path|med|communities|large|next-hop
cat >"$WORK/expect-bird" <<CONF
10.11.1.0/24|65002 64901|101|65002:1 65002:101|65002:1:2|198.51.100.2
10.11.2.0/24|65002 64902 64903|102|65002:2||198.51.100.2
10.11.3.0/24|65002|103|65002:3||198.51.100.2
2001:db8:11:1::/64|65002 64961|201|65002:61||2001:db8:ffff::2
2001:db8:11:2::/64|65002|202||65002:62:1|2001:db8:ffff::2
CONF
cat >"$WORK/expect-luabgp" <<CONF
10.13.1.0/24|65003 64931|31|65003:1|$PEER
2001:db8:13:1::/64|65003|61|65003:61|2001:db8:ffff::3
CONF

read_bird() {
	"$INTEROP/bird-json.py" "$WORK/bird/bird.ctl" routes table all 2>/dev/null | jq -r --arg from "$LB" '
	  .[] | select(.from == $from and (.table == "master4" or .table == "master6")) |
	  [ .net, (.attrs.as_path // [] | map(tostring) | join(" ")), (.attrs.med // "" | tostring),
	    (.attrs.community // [] | map("\(.[0]):\(.[1])") | join(" ")),
	    (.attrs.large_community // [] | map("\(.[0]):\(.[1]):\(.[2])") | join(" ")),
	    (.attrs.next_hop // "" | tostring) ] | join("|")' | sort
}
count_flows() {
	"$INTEROP/bird-json.py" "$WORK/bird/bird.ctl" routes table flowtab4 2>/dev/null |
	  jq --arg from "$LB" '[.[] | select(.from == $from)] | length'
}
check_peer() { diff <(read_bird) "$WORK/expect-bird"; [ "$(count_flows)" = 2 ] || echo "flow4: $(count_flows) of 2"; }
check_events() { diff <(read_events) "$WORK/expect-luabgp"; }
check_gone() { [ -z "$(read_bird)" ] || echo "BIRD still holds luabgp's routes"; }

peer_port=$PORT
[ "$MODE" = active ] && peer_port=0
if ! PEER_PID=$(EXPORT_FILTER=keep_med "$INTEROP/start-bird.sh" "$WORK/bird" "$PEER" $PORT "$LB" \
	$peer_port $AS_PEER $AS_LB "$WORK/bird-routes.conf" 2>"$WORK/start.log"); then
	echo "bird.sh: BIRD did not start"; cat "$WORK/start.log"; exit 1
fi
start_luabgp
fail=0
echo "== $MODE: BIRD holds luabgp's routes (unicast and FlowSpec)"
wait_clean check_peer || fail=1
echo "== $MODE: luabgp's process saw BIRD's routes"
wait_clean check_events || fail=1
echo "== $MODE: luabgp stops: BIRD is told and drops the routes"
stop_luabgp
wait_clean check_gone || fail=1
grep -q "Received: Administrative shutdown" "$WORK/bird/bird.log" || {
	echo "BIRD did not log luabgp's Cease"; fail=1; }
if [ $fail = 1 ]; then
	echo "--- luabgp log"; grep -v warning "$WORK/luabgp.log" | tail -20
	echo "--- BIRD log"; tail -20 "$WORK/bird/bird.log"
	exit 1
fi
echo "PASS luabgp <-> BIRD ($MODE)"
