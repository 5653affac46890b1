#!/usr/bin/env bash
# A process that announces 100k routes and never reads its stdin (DESIGN.md,
# "a helper process that stops reading"; ExaBGP deadlocks on it), with
# api.queue lowered to 256 KiB so that the whole back-pressure path runs:
#   - its acknowledgements pile up past the mark: the peer feeding it
#     (BIRD) is no longer read, and its session stays up all the same,
#     though the hold time (3 s) is shorter than the pause (api.stall, 6 s):
#     the hold timer waits while the peer is unread;
#   - it takes nothing for api.stall seconds: it is restarted, the peer is
#     read again (logged) and asked for a route refresh (RFC 2918) for the
#     new one;
#   - every route it announced reaches BIRD; no session is lost.
#   ctest/faults/backpressure.sh LUABGP_BINARY
# Stops by itself within TIMEOUT seconds; ends only what it started.
set -uo pipefail
luabgp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MODE=active
. "$(dirname "$0")/../interop/lib.sh"
for t in bird birdc python3; do
	command -v "$t" >/dev/null || { echo "backpressure.sh: missing $t (make deps)"; exit 1; }
done
TIMEOUT=${TIMEOUT:-60}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-backpressure.XXXXXX")
trap cleanup EXIT
trap 'exit 130' INT TERM
NET=$(random_net)
LB=$NET.2 PEER=$NET.3 PORT=1790 AS_LB=65002 AS_PEER=65003 N=100000

cat >"$WORK/flood.py" <<'PY'
import sys, time
out = sys.stdout
for i in range(int(sys.argv[1])):
    out.write("announce route 10.%d.%d.%d/32 next-hop 198.51.100.2\n" % (i >> 16, (i >> 8) & 255, i & 255))
out.flush()
time.sleep(3600)  # never reads what luabgp writes
PY
cat >"$WORK/luabgp.conf" <<CONF
process flood {
	run /usr/bin/python3 $WORK/flood.py $N;
	encoder json;
}
neighbor $PEER {
	router-id $LB;
	local-address $LB;
	local-as $AS_LB;
	peer-as $AS_PEER;
	hold-time 3;
	family { ipv4 unicast; }
	capability { route-refresh; }
	api { processes [ flood ]; neighbor-changes; receive { parsed; update; } }
}
CONF
cat >"$WORK/bird-routes.conf" <<'CONF'
protocol static static4 {
    ipv4;
    route 10.200.1.0/24 blackhole;
}
CONF
if ! PEER_PID=$("$INTEROP/start-bird.sh" "$WORK/bird" "$PEER" $PORT "$LB" 0 $AS_PEER $AS_LB \
	"$WORK/bird-routes.conf" 2>"$WORK/start.log"); then
	echo "backpressure.sh: BIRD did not start"; cat "$WORK/start.log"; exit 1
fi
exabgp_daemon_user=$(id -un) exabgp_tcp_port=$PORT exabgp_api_queue=262144 exabgp_api_stall=6 \
	exabgp_log_processes=true "$luabgp" "$WORK/luabgp.conf" >"$WORK/luabgp.log" 2>&1 &
LUA_PID=$!

bird_count() {
	birdc -s "$WORK/bird/bird.ctl" show route count table master4 2>/dev/null |
	  sed -n 's/^\([0-9]*\) of .*/\1/p'
}
check_routes() { local n; n=$(bird_count); [ "${n:-0}" -ge $((N + 1)) ] || echo "BIRD has ${n:-0} routes of $((N + 1))"; }
check_log() { grep -qs "$1" "$WORK/luabgp.log" || echo "luabgp did not log: $1"; }

fail=0
echo "== the peers feeding the process are paused when it falls behind"
wait_clean check_log "behind on its events" || fail=1
wait_clean check_log "neighbor $PEER: not read while its events wait" || fail=1
echo "== the process that takes nothing is restarted, and a route refresh asked for"
wait_clean check_log "restarting it" || fail=1
wait_clean check_log "route refresh asked of neighbor $PEER" || fail=1
wait_clean check_log "neighbor $PEER: read again" || fail=1
echo "== every route reached BIRD"
wait_clean check_routes || fail=1
echo "== no session was lost"
if grep -q "down" <(grep "neighbor $PEER" "$WORK/luabgp.log"); then
	echo "a session went down"; fail=1
fi
birdc -s "$WORK/bird/bird.ctl" show protocols peer1 | grep -q Established || {
	echo "BIRD's session is not established"; fail=1; }
if [ $fail = 1 ]; then
	echo "--- luabgp log"; tail -30 "$WORK/luabgp.log"
	echo "--- BIRD log"; tail -20 "$WORK/bird/bird.log"
	exit 1
fi
echo "PASS back-pressure: paused, restarted, refreshed, $N routes at BIRD, sessions kept"
