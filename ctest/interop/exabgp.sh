#!/usr/bin/env bash
# luabgp <-> ExaBGP 4.2 on loopback (issue 3, live interop, ExaBGP as the
# reference): luabgp's IPv4/IPv6 routes (MED, communities, AS paths) reach
# ExaBGP's API process intact, ExaBGP's routes reach luabgp's process as
# JSON events, and stopping luabgp withdraws its routes (ExaBGP reports
# the session down).
#   ctest/interop/exabgp.sh LUABGP_BINARY [active|passive]
set -uo pipefail
luabgp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MODE=${2:-active}
. "$(dirname "$0")/lib.sh"
for t in jq; do
	command -v "$t" >/dev/null || { echo "exabgp.sh: missing $t (make deps)"; exit 1; }
done
command -v exabgp >/dev/null || [ -x /usr/sbin/exabgp ] || { echo "exabgp.sh: missing exabgp (make deps)"; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-exabgp.XXXXXX")
trap cleanup EXIT
trap 'exit 130' INT TERM
NET=$(random_net)
LB=$NET.2 PEER=$NET.6 PORT=1790 AS_LB=65002 AS_PEER=65006
FLOW=0 write_luabgp_conf
cat >"$WORK/exa-routes.conf" <<'CONF'
    static {
        route 10.16.1.0/24 next-hop 198.51.100.6 med 61 community [65006:1] as-path [65006 64961];
        route 2001:db8:16:1::/64 next-hop 2001:db8:ffff::6 med 62 community [65006:61];
    }
CONF
cat >"$WORK/expect-luabgp" <<CONF
10.16.1.0/24|65006 64961|61|65006:1|198.51.100.6
2001:db8:16:1::/64|65006|62|65006:61|2001:db8:ffff::6
CONF
# ExaBGP 4.2 prints the AS path as a list; main as segments
read_exa() {
	[ -s "$WORK/exabgp/exabgp-events.json" ] || return 0
	jq -r 'def aspath: if type == "array" then . else [to_entries | sort_by(.key | tonumber)[] | .value.value[]] end;
	  select(.type == "update") | .neighbor.message.update | select(.announce) |
	  .attribute as $a | .announce | to_entries[] | select(.key | test("unicast")) |
	  .value | to_entries[] | .key as $nh | .value[] |
	  [ .nlri, ($a["as-path"] // [] | aspath | map(tostring) | join(" ")), ($a.med // "" | tostring),
	    (($a.community // []) | map("\(.[0]):\(.[1])") | join(" ")), $nh ] | join("|")' \
	  "$WORK/exabgp/exabgp-events.json" 2>/dev/null | sort -u
}
exa_down() { jq -r 'select(.type == "state") | .neighbor.state' "$WORK/exabgp/exabgp-events.json" 2>/dev/null | grep -c down; }
check_peer() { diff <(read_exa) "$WORK/expect-peer"; }
check_events() { diff <(read_events) "$WORK/expect-luabgp"; }
check_gone() { [ "$(exa_down)" -ge 1 ] || echo "ExaBGP did not see the session go down"; }

peer_port=$PORT
[ "$MODE" = active ] && peer_port=0
exa_port=$PORT
if ! PEER_PID=$(FAMILIES="ipv4 unicast; ipv6 unicast;" "$INTEROP/start-exabgp.sh" "$WORK/exabgp" "$PEER" \
	$exa_port "$LB" $peer_port $AS_PEER $AS_LB "$WORK/exa-routes.conf" 2>"$WORK/start.log"); then
	echo "exabgp.sh: ExaBGP did not start"; cat "$WORK/start.log"; exit 1
fi
start_luabgp
fail=0
echo "== $MODE: ExaBGP's process saw luabgp's routes"
wait_clean check_peer || fail=1
echo "== $MODE: luabgp's process saw ExaBGP's routes"
wait_clean check_events || fail=1
echo "== $MODE: luabgp stops: ExaBGP sees the session down"
stop_luabgp
wait_clean check_gone || fail=1
if [ $fail = 1 ]; then
	echo "--- luabgp log"; grep -v warning "$WORK/luabgp.log" | tail -20
	echo "--- ExaBGP log"; tail -20 "$WORK/exabgp/exabgp.log"
	exit 1
fi
echo "PASS luabgp <-> ExaBGP ($MODE)"
