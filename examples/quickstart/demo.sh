#!/bin/sh
# The quickstart (make demo): two luabgp speakers on loopback.  The
# collector (127.0.0.2) waits; the announcer (127.0.0.1) connects and sends
# the routes of its configuration; the collector's process receives each
# event as ExaBGP's JSON.  The demo shows them and stops both speakers.
#   examples/quickstart/demo.sh [path/to/luabgp]
set -eu
luabgp=$(cd "$(dirname "${1:-build/luabgp}")" && pwd)/$(basename "${1:-build/luabgp}")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
collector= announcer=
stop() {
	for pid in $announcer $collector; do
		kill "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap stop EXIT INT TERM

cp "$here/announcer.conf" "$here/collector.conf" "$here/print-events.sh" "$work/"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.2", 0)); print(s.getsockname()[1])')
export LUABGP_DEMO_EVENTS="$work/events.json"
# started as root, luabgp runs as daemon.user (Debian's exabgp.env: exabgp),
# which could not write to this directory: stay who we are
export exabgp_daemon_user="$(id -un)"
: >"$LUABGP_DEMO_EVENTS"

echo "== collector: luabgp collector.conf (listening on 127.0.0.2:$port)"
exabgp_tcp_bind=127.0.0.2 exabgp_tcp_port=$port \
	"$luabgp" "$work/collector.conf" >"$work/collector.log" 2>&1 &
collector=$!
sleep 0.3
echo "== announcer: luabgp announcer.conf"
exabgp_tcp_port=$port \
	"$luabgp" "$work/announcer.conf" >"$work/announcer.log" 2>&1 &
announcer=$!

# the End-of-RIB of both families closes the initial routes (RFC 4724)
i=0
while [ "$(grep -c '"eor"' "$LUABGP_DEMO_EVENTS")" -lt 2 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill "$announcer"
wait "$announcer" 2>/dev/null || true
announcer=
sleep 0.3

echo "== what the collector's process received (one JSON event per line):"
cat "$LUABGP_DEMO_EVENTS"
echo "== the speakers' logs:"
grep -v warning "$work/announcer.log" "$work/collector.log" || true
for prefix in 10.1.0.0/24 10.2.0.0/24 2001:db8:1::/48; do
	if ! grep -q "\"nlri\": \"$prefix\"" "$LUABGP_DEMO_EVENTS"; then
		echo "demo: $prefix did not arrive" >&2
		exit 1
	fi
done
if [ "$(grep -c '"eor"' "$LUABGP_DEMO_EVENTS")" -lt 2 ]; then
	echo "demo: End-of-RIB did not arrive for both families" >&2
	exit 1
fi
