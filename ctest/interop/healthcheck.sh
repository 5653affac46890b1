#!/usr/bin/env bash
# ExaBGP's healthcheck against BIRD 2, both ways luabgp runs it:
#   - in the daemon (scripts/healthcheck.lua with a healthcheck.conf);
#   - as an API process (`luabgp healthcheck ...` in a process block).
# The service is up while a file exists: BIRD must see each address with
# MED 100 (up), then 1000 (down) once the file is gone.
#   ctest/interop/healthcheck.sh LUABGP_BINARY
# Stops by itself within TIMEOUT seconds; ends only what it started.
set -uo pipefail
luabgp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MODE=active
. "$(dirname "$0")/lib.sh"
for t in bird birdc; do
	command -v "$t" >/dev/null || { echo "healthcheck.sh: missing $t (make deps)"; exit 1; }
done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-healthcheck.XXXXXX")
trap cleanup EXIT
trap 'exit 130' INT TERM
NET=$(random_net)
LB=$NET.2 PEER=$NET.3 PORT=1790 AS_LB=65002 AS_PEER=65003
mkdir -p "$WORK/scripts"
cp "$ROOT/scripts/healthcheck.lua" "$WORK/scripts/"
cat >"$WORK/scripts/healthcheck.conf" <<CONF
# the in-process check
name = inside
ip = 10.50.0.1/32
command = test -f $WORK/up-inside
next-hop = 198.51.100.2
interval = 1
rise = 1
fall = 1
CONF
cat >"$WORK/luabgp.conf" <<CONF
process hc {
	run $luabgp healthcheck --name outside --ip 10.60.0.1 --cmd "test -f $WORK/up-outside" --next-hop 198.51.100.2 --interval 1 --rise 1 --fall 1;
	encoder text;
}
neighbor $PEER {
	router-id $LB;
	local-address $LB;
	local-as $AS_LB;
	peer-as $AS_PEER;
	hold-time 30;
	family { ipv4 unicast; }
	api { processes [ hc ]; }
}
CONF
cat >"$WORK/bird-routes.conf" <<'CONF'
filter keep_med { if defined(bgp_med) then bgp_med = bgp_med; accept; }
CONF
if ! PEER_PID=$(EXPORT_FILTER=keep_med "$INTEROP/start-bird.sh" "$WORK/bird" "$PEER" \
	$PORT "$LB" 0 $AS_PEER $AS_LB "$WORK/bird-routes.conf" 2>"$WORK/start.log"); then
	echo "healthcheck.sh: BIRD did not start"; cat "$WORK/start.log"; exit 1
fi
touch "$WORK/up-inside" "$WORK/up-outside"
exabgp_daemon_user=$(id -un) exabgp_tcp_port=$PORT exabgp_api_cli=false \
	"$luabgp" --scripts "$WORK/scripts" "$WORK/luabgp.conf" >"$WORK/luabgp.log" 2>&1 &
LUA_PID=$!

med_of() {
	birdc -s "$WORK/bird/bird.ctl" show route "$1" all 2>/dev/null |
	  sed -n 's/.*BGP.med: \([0-9]*\).*/\1/p' | head -1
}
expect_med() { local m; m=$(med_of "$1"); [ "$m" = "$2" ] || echo "$1: MED ${m:-none}, expected $2"; }

fail=0
echo "== up: both addresses announced with MED 100"
wait_clean expect_med 10.50.0.1/32 100 || fail=1
wait_clean expect_med 10.60.0.1/32 100 || fail=1
echo "== down: MED 1000"
rm -f "$WORK/up-inside" "$WORK/up-outside"
wait_clean expect_med 10.50.0.1/32 1000 || fail=1
wait_clean expect_med 10.60.0.1/32 1000 || fail=1
echo "== up again"
touch "$WORK/up-inside"
wait_clean expect_med 10.50.0.1/32 100 || fail=1
if [ $fail = 1 ]; then
	echo "--- luabgp log"; tail -20 "$WORK/luabgp.log"
	exit 1
fi
echo "PASS healthcheck: in the daemon and as a process"
