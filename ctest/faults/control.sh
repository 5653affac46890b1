#!/usr/bin/env bash
# The control socket (issue 4): `luabgp run` and `luabgp cli` against a live
# daemon; the socket is 0600; a second daemon does not take a socket that
# answers; a socket left by a dead daemon is replaced; bad commands get
# `error` with the reason and change nothing.
#   ctest/faults/control.sh LUABGP_BINARY
set -uo pipefail
luabgp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-control.XXXXXX")
PID= PID2=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	[ -n "$PID2" ] && kill "$PID2" 2>/dev/null && wait "$PID2" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
SOCK=$WORK/luabgp.sock
cat >"$WORK/c.conf" <<'CONF'
neighbor 127.0.0.9 {
	router-id 1.2.3.4;
	local-address 127.0.0.1;
	local-as 65001;
	peer-as 65002;
	passive;
}
CONF
start() {
	exabgp_daemon_user=$(id -un) exabgp_api_socketpath=$SOCK exabgp_tcp_bind= \
		"$luabgp" "$WORK/c.conf" >>"$WORK/$1.log" 2>&1 &
	echo $!
}
wait_socket() { # until the daemon answers on it (a stale file does not)
	for _ in $(seq 50); do "$luabgp" run -s "$SOCK" version >/dev/null 2>&1 && return 0; sleep 0.1; done
	return 1
}
fail=0
expect() { # expect WHAT ACTUAL EXPECTED
	if [ "$2" != "$3" ]; then echo "FAIL $1: got [$2], expected [$3]"; fail=1; else echo "ok   $1"; fi
}
run() { "$luabgp" run -s "$SOCK" "$@"; }

# a stale socket file (a daemon that died) is replaced
python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])" "$SOCK"
PID=$(start one)
wait_socket || { echo "no socket"; cat "$WORK/one.log"; exit 1; }
expect "socket mode" "$(stat -c %a "$SOCK")" 600
expect "show neighbor summary" "$(run show neighbor summary | awk 'NR==2 {print $1, $2, $3, $4}')" \
	"127.0.0.9 65002 down active"
expect "show neighbor extensive" \
	"$(run show neighbor 127.0.0.9 extensive | grep -E '^   (state|AS|ID|open:) ' | tr -s ' ' | tr '\n' '|')" \
	" state ACTIVE | AS 65001 65002 | ID 1.2.3.4 n/a | open: 0 0 |"
expect "show neighbor json" "$(run show neighbor json | python3 -c '
import json, sys
n = json.load(sys.stdin)[0]
print(n["state"], n["fsm"], n["peer"]["address"], n["local"]["as"], n["peer"]["id"],
      n["capabilities"], n["messages"]["sent"]["open"])')" "down ACTIVE 127.0.0.9 65001 None [] 0"
expect "show neighbor configuration" "$(run show neighbor configuration | grep -E 'peer-as|passive|^neighbor' | tr '\n' '|')" \
	"neighbor 127.0.0.9 {|	passive;|	peer-as 65002;|"
expect "show neighbor without a layout" "$(run show neighbor | head -1)" \
	"please specify summary, extensive or configuration"
expect "announce: done" "$(run announce route 10.0.0.0/24 next-hop 192.0.2.1; echo $?)" 0
expect "routes out after announce" "$(run show adj-rib out | wc -l)" 1
out=$(run announce route 10.0.0.0/33 next-hop 192.0.2.1 2>&1; echo "rc=$?")
case $out in
*"error: prefix length 33"*"rc=1") echo "ok   a bad prefix is refused with the reason" ;;
*) echo "FAIL bad prefix: $out"; fail=1 ;;
esac
expect "nothing changed by the refused command" "$(run show adj-rib out | wc -l)" 1
expect "json output" "$(run --json version | sed 's/luabgp[^"]*/V/')" '{"answer": "done", "lines": ["V"]}'
expect "cli, several commands" "$(printf 'version\nfrobnicate\n' | "$luabgp" cli -s "$SOCK" | tail -2 | tr '\n' '|')" \
	"error: unknown command 'frobnicate'|error|"
# on a terminal: Tab completes commands, the live neighbors and the
# Adj-RIB-Out's prefixes (lua-readline), and the history is kept
out=$(HOME=$WORK python3 - "$luabgp" "$SOCK" <<'PY'
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], ["luabgp", "cli", "-s", sys.argv[2]])
def read(seconds):
    out, end = b"", time.time() + seconds
    while time.time() < end:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                out += os.read(fd, 4096)
            except OSError:
                break
    return out
read(1)
# each key sequence, and what the terminal must show after it
steps = ((b"show n\t", "show neighbor "), (b"127\t", "127.0.0.9 "),
         (b"su\t\n", "127.0.0.9       65002"), (b"withdraw route 10.0\t", "10.0.0.0/24 "),
         (b"\x15frobnicate md5-password secret\n", "error"), (b"exit\n", ""))
got = []
for keys, want in steps:
    os.write(fd, keys)
    got.append("ok" if want in read(1).decode(errors="replace") else repr(keys))
os.waitpid(pid, 0)
print(" ".join(got))
PY
)
expect "cli completion" "$out" "ok ok ok ok ok ok"
expect "cli history" "$(head -1 "$WORK/.luabgp_history")" "show neighbor 127.0.0.9 summary"
expect "cli history: private, no password" \
	"$(stat -c %a "$WORK/.luabgp_history") $(grep -c password "$WORK/.luabgp_history")" "600 0"
# every client's connection is closed when it is done (the review of
# issue 4 found each one kept open: a descriptor lost per luabgp run)
fds() { ls /proc/"$PID"/fd | wc -l; }
before=$(fds)
for _ in $(seq 20); do run version >/dev/null; done
sleep 0.2
expect "descriptors after 20 clients" "$(fds)" "$before"
# a command over the 1 MiB cap is dropped and answered with an error
out=$(python3 -c "import sys; print('announce route ' + 'x' * 1200000)" | "$luabgp" cli -s "$SOCK" | tr '\n' '|')
expect "an overlong command" "$out" "error: a command longer than 1 MiB was dropped|error|"
# a second daemon leaves the live socket alone (and says so)
PID2=$(start two)
sleep 1
grep -q "another daemon answers on it" "$WORK/two.log" || { echo "FAIL second daemon did not warn"; fail=1; }
kill "$PID2"; wait "$PID2" 2>/dev/null; PID2=
expect "the first daemon still answers" "$(run version >/dev/null; echo $?)" 0
# Debian's exabgpcli, through ExaBGP 4.2's named pipes (made with mkfifo
# in /run/exabgp/ as for ExaBGP, under a name of this test's own)
if command -v exabgpcli >/dev/null && { [ -w /run/exabgp ] || mkdir -p /run/exabgp 2>/dev/null; }; then
	NAME=luabgp-test-$$
	FIFOS="/run/exabgp/$NAME.in /run/exabgp/$NAME.out"
	mkfifo -m 0600 $FIFOS
	kill "$PID"; wait "$PID" 2>/dev/null
	PID=$(exabgp_api_pipename=$NAME start pipes)
	wait_socket || { echo "FAIL the daemon with pipes did not start"; fail=1; }
	out=$(exabgp_api_pipename=$NAME timeout 10 exabgpcli show neighbor summary | awk 'NR==2 {print $1}')
	expect "exabgpcli show neighbor summary" "$out" "127.0.0.9"
	out=$(exabgp_api_pipename=$NAME timeout 10 exabgpcli frobnicate 2>&1)
	case $out in *"unknown command 'frobnicate'"*"ExaBGP returns an error"*) echo "ok   exabgpcli gets the error" ;;
	*) echo "FAIL exabgpcli error: $out"; fail=1 ;; esac
	rm -f $FIFOS
else
	echo "skip exabgpcli (not installed, or /run/exabgp not writable)"
fi
expect "shutdown: done" "$(run shutdown >/dev/null; echo $?)" 0
for _ in $(seq 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$PID" 2>/dev/null && { echo "FAIL the daemon did not stop"; fail=1; }
wait "$PID" 2>/dev/null; PID=
[ -e "$SOCK" ] && { echo "FAIL the socket was left behind"; fail=1; }
if [ $fail = 1 ]; then cat "$WORK/one.log"; exit 1; fi
echo "PASS control socket"
