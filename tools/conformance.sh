#!/bin/sh
# Run the conformance vectors against this build and hold the line: every
# test listed in ctest/conformance-pass.txt must pass (a ratchet while the
# codecs are being completed; the goal is every vector).  Tests that pass
# but are not listed are reported so the list can grow.
#   tools/conformance.sh BUILD_DIR SHARED_DIR KIND...
set -eu
build=$1 shared=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
baseline=$root/ctest/conformance-pass.txt
out=$(mktemp)
trap 'rm -f "$out" "$out.json"' EXIT
kinds=""
for k in "$@"; do kinds="$kinds --kind $k"; done
# shellcheck disable=SC2086
LUABGP="$build/luabgp" python3 "$shared/conformance/run.py" --vectors "$shared/conformance" \
	$kinds --decode "$root/tools/conformance-adapter decode {type} {family} {hex}" \
	--speaker "$root/tools/conformance-adapter run {config}" --require-exit \
	--jobs 2 --json "$out.json" >"$out" 2>&1 || true
tail -1 "$out"
python3 - "$out.json" "$baseline" "$@" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
kinds = set(sys.argv[3:])
# only the kinds of this run are held to the list
want = {l.strip() for l in open(sys.argv[2])
        if l.strip() and not l.startswith('#') and l.split('/')[0] in kinds}
status = {f"{r['kind']}/{r['name']}": r for r in results}
lost = sorted(n for n in want if n in status and status[n]['status'] not in ('pass', 'pass-on-retry'))
gone = sorted(n for n in want if n not in status)
new = sorted(n for n, r in status.items() if r['status'] == 'pass' and n not in want)
for n in lost:
    print(f"REGRESSION {n}: {status[n]['reason']}")
for n in gone:
    print(f"MISSING {n}: no longer run")
if new:
    print(f"{len(new)} more pass than ctest/conformance-pass.txt lists:")
    for n in new:
        print(f"  {n}")
sys.exit(1 if lost or gone else 0)
PY
