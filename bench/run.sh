#!/bin/bash
# The benchmarks of bench/README.md, on this machine, in one run.
#   bench/run.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "== decode benchmark (C core, one core)"
taskset -c 0 "$build/bench/decode_bench" 1000000

echo "== Adj-RIB-In inserts (C core, one core)"
taskset -c 0 "$build/bench/adj_in_bench" 1000000

# the same UPDATEs through both command lines: 20 messages, 20,000 prefixes
messages=20
"$build/bench/decode_bench" $((messages * 1000)) --hex "$tmp/u.hex" >/dev/null
cat >"$tmp/exabgp.conf" <<'CONF'
neighbor 127.0.0.1 {
  router-id 127.0.0.1; local-address 127.0.0.1; local-as 65533; peer-as 65533;
}
CONF
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }

echo "== luabgp decode vs Debian's exabgp --decode, $messages UPDATEs ($(wc -c <"$tmp/u.hex") hex characters)"
lb_one=$(seconds sh -c "'$build/luabgp' decode - <'$tmp/u.hex'")
# exabgp 4.2 decodes one message per run (several --decode arguments fail)
lb_each=$(seconds sh -c "while read -r h; do '$build/luabgp' decode \"\$h\"; done <'$tmp/u.hex'")
exa_each=$(seconds sh -c "cd '$tmp' && while read -r h; do env exabgp_log_enable=true exabgp --decode \"\$h\" exabgp.conf; done <'$tmp/u.hex'")
printf 'luabgp, one process for all:   %8.3f s\n' "$lb_one"
printf 'luabgp, one process each:      %8.3f s\n' "$lb_each"
printf 'exabgp, one process each:      %8.3f s\n' "$exa_each"
printf 'ratio (one process each):      %8.1f x\n' "$(echo "$exa_each / $lb_each" | bc -l)"
printf 'ratio (each tool at its best): %8.1f x\n' "$(echo "$exa_each / $lb_one" | bc -l)"

# S1 (issue 3): N static routes from a speaker's configuration to BIRD 2.
# Opt-in, as it needs bird2 and exabgp and takes minutes at N = 1M:
#   S1=1 bench/run.sh                            N = 1M, one run per sender
#   S1=1 S1_ARGS="-n 100000 -r 3" bench/run.sh   (any bench/s1.sh options)
if [ "${S1:-0}" != 0 ]; then
	echo "== S1: static routes to BIRD 2 (bench/s1.sh ${S1_ARGS:-})"
	# shellcheck disable=SC2086  # S1_ARGS is a list of options
	"$here/s1.sh" --build "$build" ${S1_ARGS:-}
else
	echo "== S1 (static routes to BIRD 2) skipped: S1=1 bench/run.sh runs it (bench/s1.sh)"
fi

# S2 (issue 4): announce commands from a process to BIRD 2, against ExaBGP.
#   S2=1 bench/run.sh                            N = 100k
#   S2=1 S2_ARGS="-n 1000000 --senders luabgp" bench/run.sh
if [ "${S2:-0}" != 0 ]; then
	echo "== S2: announce commands from a process to BIRD 2 (bench/s2.sh ${S2_ARGS:-})"
	# shellcheck disable=SC2086  # S2_ARGS is a list of options
	"$here/s2.sh" --build "$build" ${S2_ARGS:-}
fi

echo "== scheduler: 100k sleeping tasks, deadlines over 2 s (bench/sched.lua)"
(cd "$here/.." && luajit bench/sched.lua 100000 2)

# S3 and S4 (issue 4): opt-in as S1 and S2 (they need bird2 and exabgp)
if [ "${S3:-0}" != 0 ]; then
	echo "== S3: BIRD's routes to a process as JSON events (bench/s3.sh ${S3_ARGS:-})"
	# shellcheck disable=SC2086
	"$here/s3.sh" --build "$build" ${S3_ARGS:-}
fi
if [ "${S4:-0}" != 0 ]; then
	echo "== S4: luabgp -> luabgp into a Lua handler (bench/s4.sh ${S4_ARGS:-})"
	# shellcheck disable=SC2086
	"$here/s4.sh" --build "$build" ${S4_ARGS:-}
fi
