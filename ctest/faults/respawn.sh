#!/usr/bin/env bash
# A process that exits is started again (api.respawn), and what the first
# run printed is still run, but answered to nobody: the second run's first
# answer is to its own first command (the review of issue 4 found the old
# run's acknowledgements reaching the new one).
#   ctest/faults/respawn.sh LUABGP_BINARY
set -uo pipefail
luabgp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-respawn.XXXXXX")
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
cat >"$WORK/p.py" <<'PY'
import os, sys
work = sys.argv[1]
runs = os.path.join(work, "runs")
n = int(open(runs).read()) + 1 if os.path.exists(runs) else 1
open(runs, "w").write(str(n))
if n == 1:
    # many commands (more than a pipe holds), then gone before any answer
    sys.stdout.write("announce route 10.0.0.0/24 next-hop 192.0.2.1\nfrobnicate\n" * 20000)
    sys.stdout.flush()
    sys.exit(0)
sys.stdout.write("show neighbor summary\n")
sys.stdout.flush()
first = sys.stdin.readline().strip()
open(os.path.join(work, "first"), "w").write(first + "\n")
sys.stdin.read()
PY
cat >"$WORK/r.conf" <<CONF
process p {
	run /usr/bin/python3 $WORK/p.py $WORK;
	encoder text;
}
neighbor 127.0.0.9 {
	router-id 10.0.0.1;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65001;
	passive;
	api { processes [ p ]; }
}
CONF
exabgp_daemon_user=$(id -un) exabgp_tcp_bind= exabgp_api_cli=false exabgp_api_socketpath=$WORK/s.sock \
	"$luabgp" "$WORK/r.conf" >"$WORK/luabgp.log" 2>&1 &
PID=$!
for _ in $(seq 100); do [ -s "$WORK/first" ] && break; sleep 0.1; done
fail=0
[ "$(cat "$WORK/runs" 2>/dev/null)" = 2 ] || { echo "FAIL the process was not started again"; fail=1; }
first=$(cat "$WORK/first" 2>/dev/null)
case $first in
Peer*) echo "ok   the new run's first answer is its own" ;;
*) echo "FAIL the new run first read '$first'"; fail=1 ;;
esac
grep -q "frobnicate: unknown command" "$WORK/luabgp.log" || {
	echo "FAIL the first run's commands were not run"; fail=1; }
if [ $fail = 1 ]; then tail -5 "$WORK/luabgp.log"; exit 1; fi
echo "PASS respawn"
