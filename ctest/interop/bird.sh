#!/usr/bin/env bash
# luabgp <-> BIRD 2 on loopback (issue 3, live interop), both ways and in
# both roles:
#   - luabgp announces IPv4 and IPv6 unicast routes with MED, communities,
#     large communities and an AS path; BIRD must hold them exactly so
#     (read from BIRD's own control socket);
#   - BIRD announces one IPv4 and one IPv6 route; a luabgp process must get
#     them as ExaBGP JSON events;
#   - luabgp stopped (SIGTERM): BIRD is told (Cease) and drops the routes.
# MODE=active: luabgp connects, BIRD waits; MODE=passive: the other way.
#   ctest/interop/bird.sh LUABGP_BINARY [active|passive]
# Uses ../shared/interop (start-bird.sh, bird-json.py, stop.sh); stops by
# itself within TIMEOUT seconds and ends only the processes it started.
set -uo pipefail
luabgp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MODE=${2:-active}
HERE=$(cd "$(dirname "$0")" && pwd)
INTEROP=${SHARED_DIR:-$HERE/../../../shared}/interop
TIMEOUT=${TIMEOUT:-30}
for t in bird birdc jq python3; do
	command -v "$t" >/dev/null || { echo "bird.sh: missing $t (make deps)"; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-bird.XXXXXX")
LUA_PID= BIRD_PID=
cleanup() {
	[ -n "$LUA_PID" ] && kill "$LUA_PID" 2>/dev/null && wait "$LUA_PID" 2>/dev/null
	[ -n "$BIRD_PID" ] && "$INTEROP/stop.sh" "$BIRD_PID" >/dev/null
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

NET=127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1))
LB=$NET.2 BIRD=$NET.3 PORT=1790 AS_LB=65002 AS_BIRD=65003

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

cat >"$WORK/print-events.sh" <<'CONF'
#!/bin/sh
exec cat >>"$(dirname "$0")/events.json"
CONF
chmod +x "$WORK/print-events.sh"
passive=""
[ "$MODE" = passive ] && passive="passive;"
cat >"$WORK/luabgp.conf" <<CONF
process events {
	run ./print-events.sh;
	encoder json;
}
neighbor $BIRD {
	router-id $LB;
	local-address $LB;
	local-as $AS_LB;
	peer-as $AS_BIRD;
	hold-time 30;
	$passive
	family { ipv4 unicast; ipv6 unicast; }
	api { processes [ events ]; neighbor-changes; receive { parsed; update; } }
	static {
		route 10.11.1.0/24 next-hop 198.51.100.2 med 101 community [ 65002:1 65002:101 ] large-community [ 65002:1:2 ] as-path [ 64901 ];
		route 10.11.2.0/24 next-hop 198.51.100.2 med 102 community [ 65002:2 ] as-path [ 64902 64903 ];
		route 10.11.3.0/24 next-hop 198.51.100.2 med 103 community [ 65002:3 ];
		route 2001:db8:11:1::/64 next-hop 2001:db8:ffff::2 med 201 community [ 65002:61 ] as-path [ 64961 ];
		route 2001:db8:11:2::/64 next-hop 2001:db8:ffff::2 med 202 large-community [ 65002:62:1 ];
	}
}
CONF
# what BIRD must hold from luabgp: prefix|as-path|med|communities|large|next-hop
cat >"$WORK/expect-bird" <<CONF
10.11.1.0/24|65002 64901|101|65002:1 65002:101|65002:1:2|198.51.100.2
10.11.2.0/24|65002 64902 64903|102|65002:2||198.51.100.2
10.11.3.0/24|65002|103|65002:3||198.51.100.2
2001:db8:11:1::/64|65002 64961|201|65002:61||2001:db8:ffff::2
2001:db8:11:2::/64|65002|202||65002:62:1|2001:db8:ffff::2
CONF
# what luabgp's process must see from BIRD: prefix|as-path|med|communities|next-hop
cat >"$WORK/expect-luabgp" <<CONF
10.13.1.0/24|65003 64931|31|65003:1|$BIRD
2001:db8:13:1::/64|65003|61|65003:61|2001:db8:ffff::3
CONF

read_bird() {
	"$INTEROP/bird-json.py" "$WORK/bird/bird.ctl" routes table all 2>/dev/null | jq -r --arg from "$LB" '
	  .[] | select(.from == $from and (.net | test("^(10\\.|2001)"))) |
	  [ .net, (.attrs.as_path // [] | map(tostring) | join(" ")), (.attrs.med // "" | tostring),
	    (.attrs.community // [] | map("\(.[0]):\(.[1])") | join(" ")),
	    (.attrs.large_community // [] | map("\(.[0]):\(.[1]):\(.[2])") | join(" ")),
	    (.attrs.next_hop // "" | tostring) ] | join("|")' | sort
}
read_events() {
	[ -s "$WORK/events.json" ] || return 0
	jq -r 'select(.type == "update") | .neighbor.message.update as $u | $u.announce // {} | to_entries[] |
	  .value | to_entries[] | .key as $nh | .value[] |
	  [ .nlri, ($u.attribute["as-path"]["0"].value // [] | map(tostring) | join(" ")),
	    ($u.attribute.med // "" | tostring),
	    ($u.attribute.community // [] | map("\(.[0]):\(.[1])") | join(" ")), $nh ] | join("|")' \
	  "$WORK/events.json" | sort
}
# poll a check until it prints nothing or TIMEOUT
wait_clean() {
	local i=0 out
	while [ $i -lt $((TIMEOUT * 4)) ]; do
		out=$("$@")
		[ -z "$out" ] && return 0
		sleep 0.25
		i=$((i + 1))
	done
	echo "$out"
	return 1
}
check_bird() { diff <(read_bird) "$WORK/expect-bird"; }
check_events() { diff <(read_events) "$WORK/expect-luabgp"; }
check_gone() { [ -z "$(read_bird)" ] || echo "BIRD still holds luabgp's routes"; }

bird_peer_port=$PORT
[ "$MODE" = active ] && bird_peer_port=0
if ! BIRD_PID=$(EXPORT_FILTER=keep_med HOLD=30 "$INTEROP/start-bird.sh" "$WORK/bird" "$BIRD" $PORT "$LB" \
	$bird_peer_port $AS_BIRD $AS_LB "$WORK/bird-routes.conf" 2>"$WORK/start.log"); then
	echo "bird.sh: BIRD did not start"; cat "$WORK/start.log"; exit 1
fi
bind=""
[ "$MODE" = passive ] && bind=$LB
exabgp_tcp_port=$PORT exabgp_tcp_bind=$bind "$luabgp" "$WORK/luabgp.conf" 2>"$WORK/luabgp.log" &
LUA_PID=$!

fail=0
echo "== $MODE: BIRD holds luabgp's routes"
wait_clean check_bird || fail=1
echo "== $MODE: luabgp's process saw BIRD's routes"
wait_clean check_events || fail=1
echo "== $MODE: luabgp stops: BIRD is told and drops the routes"
kill "$LUA_PID"; wait "$LUA_PID" 2>/dev/null; LUA_PID=
wait_clean check_gone || fail=1
grep -q "Received: Administrative shutdown" "$WORK/bird/bird.log" || {
	echo "BIRD did not log luabgp's Cease"; fail=1; }
if [ $fail = 1 ]; then
	echo "--- luabgp log"; grep -v warning "$WORK/luabgp.log" | tail -20
	echo "--- BIRD log"; tail -20 "$WORK/bird/bird.log"
	exit 1
fi
echo "PASS luabgp <-> BIRD ($MODE)"
