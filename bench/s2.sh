#!/bin/bash
# S2 (issue 4): a process prints N `announce route P next-hop NH med M
# community [C]` lines as fast as it can (a thread drains its stdin, so the
# acknowledgements never block it); the speaker sends the routes to BIRD 2
# over loopback.  Measured per sender:
#   start->all  from just before the speaker starts until BIRD holds N routes
#   rate        N / start->all, commands per second
#   peak RSS    the speaker's VmHWM once all N routes are at BIRD
#   CPU         the speaker's user + system seconds by then
# Senders: luabgp, exabgp (Debian's ExaBGP 4.2, stock settings) and
# exabgp-tuned (api.ack false: no acknowledgement written per command).
#
#   bench/s2.sh [-n N] [--senders "LIST"] [--build DIR]
#     -n N         routes (default 100000)
#     --senders    any of luabgp exabgp exabgp-tuned (default: all three)
#     --build DIR  where the luabgp binary is (default: build/ of this tree)
#
# Loopback only (127.0.0.21 -> 127.0.0.22:1790); everything in a mktemp -d
# directory, removed on exit; only the processes started here are stopped.
set -euo pipefail
N=100000 BUILD="" SENDERS="luabgp exabgp exabgp-tuned"
while [ $# -gt 0 ]; do
	case "$1" in
	-n) N=$2; shift 2 ;;
	--senders) SENDERS=${2//,/ }; shift 2 ;;
	--build) BUILD=$2; shift 2 ;;
	*) sed -n '/^#   bench/,/^#     --build/p' "$0" >&2; exit 2 ;;
	esac
done
. "$(dirname "$0")/lib.sh"
SND=127.0.0.21 RCV=127.0.0.22 PORT=1790 AS_SND=65021 AS_RCV=65022

cat >"$work/gen.py" <<'PY'
import sys, threading, time
n = int(sys.argv[1])
threading.Thread(target=lambda: [None for _ in sys.stdin], daemon=True).start()
w = sys.stdout.write
for i in range(n):
    w("announce route %d.%d.%d.0/24 next-hop 198.51.100.21 med %d community [65021:%d]\n"
      % (10 + (i >> 16), (i >> 8) & 255, i & 255, i % 1000, i % 100))
sys.stdout.flush()
time.sleep(3600)
PY
cat >"$work/bird-extra.conf" <<'CONF'
filter keep_med { if defined(bgp_med) then bgp_med = bgp_med; accept; }
CONF
cat >"$work/speaker.conf" <<CONF
process gen {
	run /usr/bin/python3 $work/gen.py $N;
	encoder json;
}
neighbor $RCV {
	router-id $SND;
	local-address $SND;
	local-as $AS_SND;
	peer-as $AS_RCV;
	hold-time 180;
	family { ipv4 unicast; }
	api { processes [ gen ]; }
}
CONF

count() {
	birdc -s "$work/bird/bird.ctl" show route count table master4 2>/dev/null |
	  sed -n 's/^\([0-9]*\) of .*/\1/p'
}

run_one() { # SENDER
	local sender=$1 t0 t1 pid rss n cpu
	rm -rf "$work/bird"
	BIRD_PID=$(HOLD=180 EXPORT_FILTER=keep_med "$INTEROP/start-bird.sh" "$work/bird" "$RCV" \
		$PORT "$SND" 0 $AS_RCV $AS_SND "$work/bird-extra.conf")
	PIDS+=("$BIRD_PID")
	t0=$(now)
	case $sender in
	luabgp)
		exabgp_daemon_user=$(id -un) exabgp_tcp_port=$PORT exabgp_api_cli=false \
			"$luabgp" "$work/speaker.conf" >"$work/$sender.log" 2>&1 & ;;
	exabgp)
		env exabgp.tcp.port=$PORT exabgp.daemon.user=$(id -un) exabgp.log.level=ERR \
			exabgp "$work/speaker.conf" >"$work/$sender.log" 2>&1 & ;;
	exabgp-tuned)
		env exabgp.tcp.port=$PORT exabgp.daemon.user=$(id -un) exabgp.log.level=ERR \
			exabgp.api.ack=false exabgp "$work/speaker.conf" >"$work/$sender.log" 2>&1 & ;;
	esac
	pid=$!
	PIDS+=("$pid")
	while :; do
		n=$(count); n=${n:-0}
		[ "$n" -ge "$N" ] && break
		kill -0 "$pid" 2>/dev/null || { echo "$sender: ended early"; tail -5 "$work/$sender.log"; return; }
		sleep 0.05
	done
	t1=$(now)
	rss=$(awk '/VmHWM/ {print int($2 / 1024)}' /proc/$pid/status)
	cpu=$(cpu_seconds "$pid")
	printf '%-13s %8.2f s  %9.0f cmd/s  %6d MB  %6.2f s\n' "$sender" "$(echo "$t1 - $t0" | bc -l)" \
		"$(echo "$N / ($t1 - $t0)" | bc -l)" "$rss" "$cpu"
	stop_pid "$pid" 5 >/dev/null 2>&1 || true
	stop_pid "$BIRD_PID" 5 >/dev/null 2>&1 || true
}

echo "S2: $N announce commands from a process to BIRD 2"
printf '%-13s %10s  %13s  %9s  %8s\n' sender start-all rate "peak RSS" "CPU"
for s in $SENDERS; do run_one "$s"; done
