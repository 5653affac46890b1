#!/bin/bash
# S4 (issue 4): luabgp -> luabgp, N routes (4 attribute sets) replayed into
# a Lua on("update") handler in the receiving daemon that counts the
# announced NLRI, from decoded tables or, with --view, from update views
# (no table per route).  Measured: from the first route handled to the
# N-th (first->all), routes handled per second, the receiver's peak RSS.
#
#   bench/s4.sh [-n N] [--view] [--build DIR]
#
# Loopback only (127.0.0.41 -> 127.0.0.42:1790), a mktemp -d directory.
set -euo pipefail
N=1000000 BUILD="" VIEW=""
while [ $# -gt 0 ]; do
	case "$1" in
	-n) N=$2; shift 2 ;;
	--build) BUILD=$2; shift 2 ;;
	--view) VIEW=1; shift ;;
	*) sed -n '/^#   bench/p' "$0" >&2; exit 2 ;;
	esac
done
. "$(dirname "$0")/lib.sh"
SND=127.0.0.41 RCV=127.0.0.42 PORT=1790 AS_SND=65041 AS_RCV=65042

awk -v n="$N" -v snd=$SND -v rcv=$RCV -v as_s=$AS_SND -v as_r=$AS_RCV 'BEGIN {
	printf "neighbor %s {\n\trouter-id %s;\n\tlocal-address %s;\n\tlocal-as %d;\n\tpeer-as %d;\n\thold-time 180;\n\tfamily { ipv4 unicast; }\n\tstatic {\n", rcv, snd, snd, as_s, as_r
	for (i = 0; i < n; i++)
		printf "\t\troute %d.%d.%d.0/24 next-hop %s med 10%d community [ %d:%d ];\n", 10 + int(i / 65536), int(i / 256) % 256, i % 256, snd, i % 4, as_s, i % 4
	printf "\t}\n}\n"
}' >"$work/sender.conf"
cat >"$work/receiver.conf" <<CONF
neighbor $SND {
	router-id $RCV;
	local-address $RCV;
	local-as $AS_RCV;
	peer-as $AS_SND;
	hold-time 180;
	passive;
	adj-rib-in false;
	family { ipv4 unicast; }
}
CONF
mkdir -p "$work/scripts"
if [ -n "$VIEW" ]; then
	handler='function(_, v)
  local a = v:count()
  if a > 0 and not first then first = bgp.now() end
  count = count + a'
	opts=', { view = true }' form="update views"
else
	handler='function(_, u)
  for _, by_nh in pairs(u.announce or {}) do
    for _, list in pairs(by_nh) do
      if not first then first = bgp.now() end
      count = count + #list
    end
  end'
	opts='' form="tables"
fi
cat >"$work/scripts/count.lua" <<LUA
local bgp = ...
local n, count, first = $N, 0, nil
bgp.on("update", $handler
  if count >= n and first then
    local f = io.open("$work/all", "w")
    f:write(string.format("%.6f %.6f\\n", first, bgp.now()))
    f:close()
    first = nil
  end
end$opts)
LUA
exabgp_daemon_user=$(id -un) exabgp_tcp_bind=$RCV exabgp_tcp_port=$PORT exabgp_api_cli=false \
	"$luabgp" --scripts "$work/scripts" "$work/receiver.conf" >"$work/receiver.log" 2>&1 &
rpid=$!; PIDS+=("$rpid")
for _ in $(seq 100); do port_in_use $RCV $PORT && break; sleep 0.05; done
exabgp_daemon_user=$(id -un) exabgp_tcp_bind= exabgp_tcp_port=$PORT exabgp_api_cli=false \
	"$luabgp" "$work/sender.conf" >"$work/sender.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 3000); do [ -s "$work/all" ] && break; sleep 0.05; done
[ -s "$work/all" ] || { echo "s4.sh: the handler did not count $N routes"; tail -5 "$work/receiver.log"; exit 1; }
read -r first all <"$work/all"
rss=$(awk '/VmHWM/ {print int($2 / 1024)}' /proc/$rpid/status)
secs=$(echo "$all - $first" | bc -l)
printf 'S4: %d routes into a Lua on("update") handler (%s): %.3f s first->all, %.0f routes/s, receiver peak RSS %d MB\n' \
	"$N" "$form" "$secs" "$(echo "$N / $secs" | bc -l)" "$rss"
