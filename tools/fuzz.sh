#!/bin/bash
# Replay every committed corpus through its target, then fuzz each target
# for an equal share of a fixed budget.  Any crash, sanitizer report, leak or
# timeout fails the run; the finding is left in $WORK for inspection.
#   tools/fuzz.sh BUILD_DIR/ctest/fuzz ctest/fuzz/corpus BUDGET_SECONDS
set -euo pipefail
bin_dir=$1 corpus_dir=$2 budget=${3:-480}
# scratch corpora and findings under the build directory (kept on failure)
work=${WORK:-$bin_dir/work}
rm -rf "$work"
mkdir -p "$work"
jobs=${FUZZ_JOBS:-2}

targets=()
for t in "$bin_dir"/fuzz_*; do
	[ -x "$t" ] && targets+=("$t")
done
if [ ${#targets[@]} -eq 0 ]; then
	echo "fuzz: no targets in $bin_dir" >&2
	exit 1
fi
per=$(( budget * jobs / ${#targets[@]} ))
[ "$per" -lt 5 ] && per=5
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

run_one() {
	local t=$1 name corpus scratch
	name=$(basename "$t")
	corpus="$corpus_dir/$name"
	scratch="$work/$name"
	mkdir -p "$scratch/corpus" "$scratch/artifacts"
	if [ -d "$corpus" ] && [ -n "$(ls -A "$corpus")" ]; then
		cp "$corpus"/* "$scratch/corpus/"
		if ! "$t" -runs=0 -timeout=5 -rss_limit_mb=1024 "$corpus" \
			>"$scratch/replay.log" 2>&1; then
			echo "FAIL replay $name (log: $scratch/replay.log)"
			tail -30 "$scratch/replay.log"
			return 1
		fi
	fi
	if ! "$t" -max_total_time="$per" -timeout=5 -rss_limit_mb=1024 \
		-artifact_prefix="$scratch/artifacts/" -print_final_stats=1 \
		"$scratch/corpus" >"$scratch/fuzz.log" 2>&1; then
		echo "FAIL fuzz $name (log: $scratch/fuzz.log, inputs: $scratch/artifacts)"
		tail -40 "$scratch/fuzz.log"
		return 1
	fi
	echo "ok   $name: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$scratch/fuzz.log" | awk '{print $2}') runs in ${per}s"
}
export -f run_one
export corpus_dir work per

status=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} || status=1
if [ $status -eq 0 ]; then
	rm -rf "$work"
else
	echo "fuzz: findings are under $work (copy each into ctest/fuzz/corpus/TARGET/ with a name)"
fi
exit $status
