#!/bin/bash
# S3 (issue 4): BIRD 2 sends N routes (4 attribute sets, as S1's); the
# receiver hands them to a small process that counts the announced NLRI in
# the JSON update events.  Measured per receiver: from the first route
# counted until the process has counted N (first->all: the session's
# start-up, BIRD's connect delay included, is left out), and its peak RSS.
# Receivers: luabgp, exabgp (Debian's ExaBGP 4.2), and bird (BIRD -> BIRD,
# counted from BIRD's own table: the baseline of "within 1.2x").
#
#   bench/s3.sh [-n N] [--receivers "LIST"] [--build DIR]
#
# The sender BIRD gets a `show status` on its control socket every round
# (BIRD 2.0.12 otherwise may keep its last batch for 3 s, see s1.sh).
#
# Loopback only (BIRD 127.0.0.31 -> receiver 127.0.0.32:1790); everything in
# a mktemp -d directory, removed on exit; only what is started here is stopped.
set -euo pipefail
N=100000 BUILD="" RECEIVERS="luabgp exabgp bird"
while [ $# -gt 0 ]; do
	case "$1" in
	-n) N=$2; shift 2 ;;
	--receivers) RECEIVERS=${2//,/ }; shift 2 ;;
	--build) BUILD=$2; shift 2 ;;
	*) sed -n '/^#   bench/p' "$0" >&2; exit 2 ;;
	esac
done
. "$(dirname "$0")/lib.sh"
SND=127.0.0.31 RCV=127.0.0.32 PORT=1790 AS_SND=65031 AS_RCV=65032

awk -v n="$N" 'BEGIN {
	printf "protocol static static4 {\n\tipv4;\n"
	for (i = 0; i < n; i++) {
		a = i % 4
		printf "\troute %d.%d.%d.0/24 blackhole { bgp_med = 10%d; bgp_community.add((65031,%d)); };\n", 10 + int(i / 65536), int(i / 256) % 256, i % 256, a, a
	}
	printf "}\nfilter keep_med { if defined(bgp_med) then bgp_med = bgp_med; accept; }\n"
}' >"$work/bird-static.conf"
cat >"$work/count.py" <<'PY'
import sys, time
n, out = int(sys.argv[1]), sys.argv[2]
count = 0
first = None
for line in sys.stdin:
    if '"announce"' in line:
        if first is None:
            first = time.time()
        count += line.count('"nlri"')
        if count >= n:
            open(out, "w").write("%.6f %.6f\n" % (first, time.time()))
            count = -10 ** 12
PY
cat >"$work/receiver.conf" <<CONF
process count {
	run /usr/bin/python3 $work/count.py $N $work/all;
	encoder json;
}
neighbor $SND {
	router-id $RCV;
	local-address $RCV;
	local-as $AS_RCV;
	peer-as $AS_SND;
	hold-time 180;
	passive;
	family { ipv4 unicast; }
	api { processes [ count ]; receive { parsed; update; } }
}
CONF
bird_count() {
	birdc -s "$1" show route count table master4 2>/dev/null | sed -n 's/^\([0-9]*\) of .*/\1/p'
}

run_one() {
	local r=$1 d=$work/$1 rpid="" bpid t0 t1 rss
	mkdir -p "$d"; rm -f "$work/all"
	t0=$(now)
	case $r in
	luabgp)
		exabgp_daemon_user=$(id -un) exabgp_tcp_bind=$RCV exabgp_tcp_port=$PORT exabgp_api_cli=false \
			"$luabgp" "$work/receiver.conf" >"$d/log" 2>&1 &
		rpid=$! ;;
	exabgp)
		env exabgp.tcp.bind=$RCV exabgp.tcp.port=$PORT exabgp.daemon.user=$(id -un) \
			exabgp.api.cli=false exabgp.log.level=ERR exabgp "$work/receiver.conf" >"$d/log" 2>&1 &
		rpid=$! ;;
	bird)
		rpid=$(HOLD=180 "$INTEROP/start-bird.sh" "$d/rbird" $RCV $PORT $SND 0 $AS_RCV $AS_SND) ;;
	esac
	PIDS+=("$rpid")
	for _ in $(seq 100); do port_in_use $RCV $PORT && break; sleep 0.05; done
	bpid=$(HOLD=180 EXPORT_FILTER=keep_med "$INTEROP/start-bird.sh" "$d/sbird" $SND $((PORT + 1)) \
		$RCV $PORT $AS_SND $AS_RCV "$work/bird-static.conf")
	PIDS+=("$bpid")
	local first="" c
	while :; do
		if [ "$r" = bird ]; then
			c=$(bird_count "$d/rbird/bird.ctl"); c=${c:-0}
			[ -z "$first" ] && [ "$c" -gt 0 ] && first=$(now)
			[ "$c" = "$N" ] && { t1=$(now); break; }
		elif [ -s "$work/all" ]; then
			read -r first t1 <"$work/all"; break
		fi
		kill -0 "$rpid" 2>/dev/null || { echo "$r: ended"; tail -3 "$d/log"; return; }
		# BIRD 2.0.12 may hold its last export batch until its 3 s poll()
		# timeout (a lost wakeup, see s1.sh): any control command wakes it
		birdc -s "$d/sbird/bird.ctl" show status >/dev/null 2>&1 || true
		sleep 0.01
	done
	rss=$(awk '/VmHWM/ {print int($2 / 1024)}' /proc/$rpid/status)
	printf '%-8s %8.3f s  %6d MB\n' "$r" "$(echo "$t1 - $first" | bc -l)" "$rss"
	stop_pid "$bpid" 5 >/dev/null 2>&1 || true
	stop_pid "$rpid" 5 >/dev/null 2>&1 || true
}

echo "S3: BIRD sends $N routes; the receiver's process counts them from JSON events"
printf '%-8s %10s  %9s\n' receiver first-all "peak RSS"
for r in $RECEIVERS; do run_one "$r"; done
