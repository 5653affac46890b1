#!/bin/sh
# Install the Debian packages luabgp builds, tests and runs against, when
# one of them is missing (DEBIAN_FRONTEND=noninteractive; sudo -n when not
# root).  Run by `make deps`, hence by `make demo` and `make test`.
set -eu

PACKAGES="build-essential cmake pkg-config clang libclang-rt-14-dev libfuzzer-14-dev
luajit libluajit-5.1-dev libuv1-dev lua-lpeg lua-busted lua-check lua-cjson
lua-argparse lua-readline libcmocka-dev python3 jq bc iproute2 procps bird2 gobgpd frr exabgp"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -z "$missing" ]; then
	exit 0
fi

echo "deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then
	run=""
elif command -v sudo >/dev/null 2>&1; then
	run="sudo -n"
else
	echo "deps: not root and no sudo: install$missing by hand" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$run apt-get update -q
# the daemons' packages (bird2, frr, gobgpd, exabgp) would start their
# services: a policy-rc.d answering 101 ("action forbidden") keeps them
# stopped during the installation, when none is in place already
policy=/usr/sbin/policy-rc.d
ours=""
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' | $run tee "$policy" >/dev/null
	$run chmod 755 "$policy"
	ours=1
fi
status=0
$run apt-get install -y -q --no-install-recommends $missing || status=$?
[ -n "$ours" ] && $run rm -f "$policy"
exit $status
