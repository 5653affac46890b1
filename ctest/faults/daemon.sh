#!/bin/sh
# daemon.user, daemon.drop and daemon.daemonize, as ExaBGP has them:
# 1. started as root with user nobody: the daemon runs as nobody, and so
#    does its process (drop, the default, comes before the processes);
# 2. drop false: the process still runs as root, the daemon as nobody;
# 3. an unknown user: luabgp refuses to run as root (status 1, the reason);
# 4. daemonize with the logs in a file: the command returns at once and the
#    daemon goes on in a session of its own, its pid in daemon.pid; with the
#    logs on stderr it stays in the foreground.
#   ctest/faults/daemon.sh LUABGP_BINARY
# Needs root (skipped otherwise, status 77).  Ends only the luabgp it
# started (by PID, the daemonized one by its pid file).
set -u
luabgp=$1
[ "$(id -u)" = 0 ] || { echo "SKIP: daemon.user needs root"; exit 77; }
nobody_uid=$(id -u nobody) || { echo "SKIP: no user nobody"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-daemon.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"
mkdir "$work/out"
chmod 1777 "$work/out"
cat >"$work/whoami.sh" <<'SH'
#!/bin/sh
id -u >"$(dirname "$0")/out/process-uid"
exec cat >/dev/null
SH
chmod 755 "$work/whoami.sh"
cat >"$work/luabgp.conf" <<'CONF'
process whoami {
	run ./whoami.sh;
	encoder json;
}
neighbor 127.0.0.1 {
	router-id 10.0.0.1;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65001;
	passive;
	api { processes [ whoami ]; neighbor-changes; }
}
CONF
fail=0
export exabgp_tcp_bind= exabgp_api_respawn=false exabgp_log_destination=stderr

# wait_for FILE: up to 5 s for it to be there and not empty
wait_for() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$1" ]
}

# run_as DROP: the daemon's uid and its process's, "daemon process"
run_as() {
	rm -f "$work/out/process-uid"
	exabgp_daemon_user=nobody exabgp_daemon_drop=$1 "$luabgp" "$work/luabgp.conf" \
		>"$work/log" 2>&1 &
	pid=$!
	wait_for "$work/out/process-uid"
	daemon_uid=$(awk '/^Uid:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
	echo "$daemon_uid $(cat "$work/out/process-uid" 2>/dev/null)"
	kill "$pid"
	wait "$pid"
	pid=
}

got=$(run_as true)
if [ "$got" = "$nobody_uid $nobody_uid" ]; then
	echo "PASS daemon.user nobody: daemon and process run as nobody"
else
	echo "FAIL daemon.user nobody: uids (daemon process) '$got'"; cat "$work/log"; fail=1
fi
got=$(run_as false)
if [ "$got" = "$nobody_uid 0" ]; then
	echo "PASS daemon.drop false: the process runs as root, the daemon as nobody"
else
	echo "FAIL daemon.drop false: uids (daemon process) '$got'"; cat "$work/log"; fail=1
fi

exabgp_daemon_user=no-such-user-luabgp timeout 5 "$luabgp" "$work/luabgp.conf" >"$work/log" 2>&1
rc=$?
if [ $rc = 1 ] && grep -q "could not drop privileges to 'no-such-user-luabgp'" "$work/log"; then
	echo "PASS an unknown daemon.user: refused to run as root"
else
	echo "FAIL an unknown daemon.user: status $rc"; cat "$work/log"; fail=1
fi

rm -f "$work/pid"
exabgp_daemon_user=root exabgp_daemon_daemonize=true exabgp_daemon_pid="$work/pid" \
	exabgp_log_destination="$work/daemon.log" timeout 5 "$luabgp" "$work/luabgp.conf" \
	>"$work/log" 2>&1
rc=$?
wait_for "$work/pid"
pid=$(cat "$work/pid" 2>/dev/null)
if [ $rc = 0 ] && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
	[ "$(ps -o sid= -p "$pid" | tr -d ' ')" != "$(ps -o sid= -p $$ | tr -d ' ')" ]; then
	echo "PASS daemon.daemonize: in the background, a session of its own"
else
	echo "FAIL daemon.daemonize: status $rc, pid '$pid'"; cat "$work/log"; fail=1
fi
if [ -n "$pid" ]; then
	kill "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	kill -0 "$pid" 2>/dev/null && { echo "FAIL the daemon did not stop"; fail=1; }
	pid=
fi

exabgp_daemon_user=root exabgp_daemon_daemonize=true timeout 1 "$luabgp" "$work/luabgp.conf" \
	>"$work/log" 2>&1
rc=$?
if [ $rc = 124 ] && grep -q "not forking while the logs go to stderr" "$work/log"; then
	echo "PASS daemon.daemonize with logs on stderr: stays in the foreground"
else
	echo "FAIL daemon.daemonize with logs on stderr: status $rc"; cat "$work/log"; fail=1
fi
exit $fail
