#!/usr/bin/env bash
# A process that floods garbage (issue 4): 300,000 lines that are no
# command, 8 lines of 2 MiB and 3 with NUL bytes (two of them the core's
# own markers, which a process must not be able to forge), as fast as it
# can. Each gets one `error` answer in order (the long ones: dropped,
# answered all the same), and the
# daemon's memory stays bounded (its peak RSS under 150 MB).
#   ctest/faults/garbage.sh LUABGP_BINARY
set -uo pipefail
luabgp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-garbage.XXXXXX")
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
N=300000
cat >"$WORK/flood.py" <<'PY'
import sys, threading
n, out = int(sys.argv[1]), sys.argv[2]
answers = {"done": 0, "error": 0}
def read():
    for line in sys.stdin:
        line = line.strip()
        if line in answers:
            answers[line] += 1
            if sum(answers.values()) == n + 11:
                with open(out, "w") as f:
                    f.write("%d %d\n" % (answers["done"], answers["error"]))
t = threading.Thread(target=read, daemon=True)
t.start()
w = sys.stdout.write
w("\0started 99\n\0dropped\nannounce route 10.0.0.0/24 next-hop 10.0.0.1\0 med 1\n")
for i in range(n):
    w("%x garbage ]]] { neighbor\n" % (i * 7919))
    if i % 40000 == 0:
        w("x" * (2 << 20) + "\n")
sys.stdout.flush()
t.join()
PY
cat >"$WORK/g.conf" <<CONF
process flood {
	run /usr/bin/python3 $WORK/flood.py $N $WORK/answers;
	encoder json;
}
neighbor 127.0.0.9 {
	router-id 10.0.0.1;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65001;
	passive;
	api { processes [ flood ]; }
}
CONF
exabgp_daemon_user=$(id -un) exabgp_tcp_bind= exabgp_api_cli=false exabgp_log_processes=false \
	"$luabgp" "$WORK/g.conf" >"$WORK/luabgp.log" 2>&1 &
PID=$!
for _ in $(seq 600); do [ -s "$WORK/answers" ] && break; sleep 0.1; done
fail=0
rss=$(awk '/VmHWM/ {print int($2 / 1024)}' /proc/$PID/status)
answers=$(cat "$WORK/answers" 2>/dev/null)
[ "$answers" = "0 $((N + 11))" ] || { echo "FAIL answers (done error): '$answers', expected '0 $((N + 11))'"; fail=1; }
[ "${rss:-999}" -lt 150 ] || { echo "FAIL peak RSS ${rss} MB"; fail=1; }
kill -0 $PID 2>/dev/null || { echo "FAIL the daemon is gone"; fail=1; }
if [ $fail = 1 ]; then tail -5 "$WORK/luabgp.log"; exit 1; fi
echo "PASS garbage: $((N + 11)) errors in order, peak RSS ${rss} MB"
