#!/bin/sh
# api.terminate (ExaBGP's): when a helper process ends, the daemon ends;
# without it, the daemon keeps running (api.respawn false here, so the
# process is not started again).  And SIGHUP ends it cleanly, as ExaBGP;
# with debug.configuration a reload that does not load ends it.
#   ctest/faults/terminate.sh LUABGP_BINARY
set -u
luabgp=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-terminate.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat >"$work/luabgp.conf" <<'CONF'
process short {
	run /bin/true;
	encoder json;
}
neighbor 127.0.0.1 {
	router-id 10.0.0.1;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65001;
	passive;
	api { processes [ short ]; neighbor-changes; }
}
CONF
fail=0
# started as root, luabgp would run as daemon.user: stay who we are
export exabgp_daemon_user="$(id -un)"
exabgp_api_terminate=true exabgp_api_respawn=false exabgp_log_destination=stderr \
	timeout 10 "$luabgp" "$work/luabgp.conf" >"$work/log" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	echo "FAIL api.terminate: luabgp did not end by itself (status $rc)"; cat "$work/log"; fail=1
else
	echo "PASS api.terminate: the process ended, so did luabgp"
fi
exabgp_api_terminate=false exabgp_api_respawn=false exabgp_log_destination=stderr \
	timeout 2 "$luabgp" "$work/luabgp.conf" >"$work/log" 2>&1
rc=$?
if [ $rc -ne 124 ]; then
	echo "FAIL without api.terminate luabgp stopped (status $rc)"; cat "$work/log"; fail=1
else
	echo "PASS without api.terminate: luabgp keeps running"
fi
# debug.configuration: a reload of a file that does not load stops luabgp
cp "$work/luabgp.conf" "$work/reload.conf"
exabgp_debug_configuration=true exabgp_api_respawn=false exabgp_log_destination=stderr \
	"$luabgp" "$work/reload.conf" >"$work/log" 2>&1 &
pid=$!
sleep 1
echo "neighbor {" >>"$work/reload.conf"
kill -USR1 $pid
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 $pid 2>/dev/null; then
	kill $pid; wait $pid
	echo "FAIL debug.configuration: luabgp still runs after a broken reload"; fail=1
else
	wait $pid
	rc=$?
	if [ $rc = 1 ] && grep -q "debug.configuration: stopping on" "$work/log"; then
		echo "PASS debug.configuration: a broken reload stops luabgp (status 1)"
	else
		echo "FAIL debug.configuration: status $rc"; cat "$work/log"; fail=1
	fi
fi

# SIGHUP stops ExaBGP as SIGTERM does: a clean exit
exabgp_api_respawn=false exabgp_log_destination=stderr "$luabgp" "$work/luabgp.conf" \
	>"$work/log" 2>&1 &
pid=$!
sleep 1
kill -HUP $pid
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 $pid 2>/dev/null; then
	kill $pid; wait $pid
	echo "FAIL SIGHUP: luabgp still runs"; fail=1
elif wait $pid; then
	echo "PASS SIGHUP: luabgp stopped cleanly"
else
	echo "FAIL SIGHUP: exit status $?"; cat "$work/log"; fail=1
fi
exit $fail
