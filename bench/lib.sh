# Shared by bench/s2.sh, s3.sh and s4.sh (sourced after their options are
# read): where things are, a work directory removed on exit (KEEP=1 keeps
# it), and the processes a benchmark started (PIDS) stopped by PID.
#   needs: BUILD (may be empty); sets: here repo INTEROP luabgp work PIDS
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
INTEROP=${SHARED_DIR:-$(cd "$repo/.." && pwd)/shared}/interop
. "$INTEROP/lib.sh"
luabgp=${BUILD:-$repo/build}/luabgp
work=$(mktemp -d "/tmp/$(basename "$0" .sh).XXXXXX")
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do stop_pid "$p" 5 >/dev/null 2>&1 || true; done
	if [ "${KEEP:-0}" = 1 ]; then echo "$(basename "$0"): kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
now() { date +%s.%N; }
# CPU seconds (user + system) process PID has used so far
cpu_seconds() {
	local tick
	tick=$(getconf CLK_TCK)
	sed 's/^.*) //' "/proc/$1/stat" | awk -v t="$tick" '{printf "%.2f", ($12 + $13) / t}'
}
