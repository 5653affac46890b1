#!/usr/bin/env bash
# In-process Lua scripts against BIRD 2 (issue 4, docs/lua-api.md):
#   - a script's on("state") and on("update") handlers see the session come
#     up and BIRD's route arrive, decoded (as tables and as update views);
#   - an import policy drops one of BIRD's routes and changes the MED of
#     another: the handlers and the Adj-RIB-In see only what it let through;
#   - a script announces routes (as text and as a table) once the session is
#     up: BIRD holds them;
#   - an export policy drops one configured route of an UPDATE and changes
#     the MED of the others, a command's route included: BIRD and the
#     Adj-RIB-Out hold what it let through; a withdrawal passes;
#   - a script that loops forever without yielding, with reactor.stall
#     (12 s) above the hold time (9 s): BIRD keeps getting KEEPALIVEs on
#     time, the session stays up, and the script is stopped with a logged
#     error.
#   ctest/interop/scripts.sh LUABGP_BINARY
# Stops by itself within TIMEOUT seconds; ends only what it started.
set -uo pipefail
luabgp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MODE=active
. "$(dirname "$0")/lib.sh"
for t in bird birdc; do
	command -v "$t" >/dev/null || { echo "scripts.sh: missing $t (make deps)"; exit 1; }
done
TIMEOUT=${TIMEOUT:-40}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luabgp-scripts.XXXXXX")
trap cleanup EXIT
trap 'exit 130' INT TERM
NET=$(random_net)
LB=$NET.2 PEER=$NET.3 PORT=1790 AS_LB=65002 AS_PEER=65003
mkdir -p "$WORK/scripts"

# the scripts directory from the configuration (beside it)
cat >"$WORK/luabgp.conf" <<CONF
scripts scripts;
neighbor $PEER {
	router-id $LB;
	local-address $LB;
	local-as $AS_LB;
	peer-as $AS_PEER;
	hold-time 9;
	family { ipv4 unicast; }
	static {
		route 10.31.1.0/24 next-hop 198.51.100.2 med 31;
		route 10.31.2.0/24 next-hop 198.51.100.2 med 31;
		route 10.31.3.0/24 next-hop 198.51.100.2 med 33;
	}
}
CONF
cat >"$WORK/scripts/10-watch.lua" <<LUA
local bgp = ...
local out = assert(io.open("$WORK/seen.txt", "a"))
out:setvbuf("line")
bgp.on("state", function(n, state) out:write("state ", n.address, " ", state, "\n") end)
bgp.on("update", function(n, u)
  for fam, by_nh in pairs(u.announce or {}) do
    for nh, list in pairs(by_nh) do
      for _, r in ipairs(list) do
        out:write("route ", fam, " ", r.nlri, " ", nh, " ", tostring(u.attribute.med), "\n")
      end
    end
  end
end)
bgp.on("update", function(n, v)
  for fam, nlri, nh in v:announced() do
    out:write("view ", fam, " ", nlri, " ", nh, " ", tostring(v:attributes().med), "\n")
  end
end, { view = true })
LUA
cat >"$WORK/scripts/05-policy.lua" <<LUA
local bgp = ...
bgp.policy("import", function(_, u)
  local by_nh = u.announce and u.announce["ipv4 unicast"]
  if not by_nh then return true end
  for nh, list in pairs(by_nh) do
    local kept = {}
    for _, r in ipairs(list) do
      if r.nlri ~= "10.13.2.0/24" then kept[#kept + 1] = r end
    end
    by_nh[nh] = #kept > 0 and kept or nil
  end
  if next(by_nh) == nil then return false end
  u.attribute.med = 99
  return u
end)
LUA
cat >"$WORK/scripts/06-export.lua" <<LUA
local bgp = ...
bgp.policy("export", function(_, u)
  local by_nh = u.announce and u.announce["ipv4 unicast"]
  if not by_nh then return true end
  for nh, list in pairs(by_nh) do
    local kept = {}
    for _, r in ipairs(list) do
      if r.nlri ~= "10.31.2.0/24" then kept[#kept + 1] = r end
    end
    by_nh[nh] = #kept > 0 and kept or nil
  end
  if next(by_nh) == nil then return false end
  if u.attribute.med == 31 then u.attribute.med = 131 end
  return u
end)
LUA
cat >"$WORK/scripts/20-announce.lua" <<LUA
local bgp = ...
bgp.on("state", function(n, state)
  if state == "up" then
    local ok, why = bgp.announce("route 10.21.0.0/24 next-hop 198.51.100.2 med 21")
    bgp.log("announced: " .. tostring(ok) .. " " .. tostring(why))
    ok, why = bgp.announce({ attribute = { med = 22 },
      announce = { ["ipv4 unicast"] = { ["198.51.100.2"] = { { nlri = "10.22.0.0/24" } } } } })
    bgp.log("announced a table: " .. tostring(ok) .. " " .. tostring(why))
    bgp.announce("route 10.31.4.0/24 next-hop 198.51.100.2 med 31")
    bgp.withdraw("route 10.31.3.0/24 next-hop 198.51.100.2")
  end
end)
LUA
cat >"$WORK/scripts/15-await.lua" <<LUA
local bgp = ...
local ok, why = bgp.await_state("$PEER", "up", 60)
bgp.log("awaited up: " .. tostring(ok) .. " " .. tostring(why))
while #bgp.rib("$PEER", "in") == 0 do bgp.sleep(0.2) end
local u = bgp.rib("$PEER", "in")[1]
local fam, by = next(u.announce)
local _, list = next(by)
bgp.log("rib in holds " .. fam .. " " .. list[1].nlri .. " med " .. tostring(u.attribute.med))
LUA
cat >"$WORK/scripts/30-spin.lua" <<LUA
local bgp = ...
bgp.sleep(5) -- after the checks above (the loop is blocked while it spins)
bgp.log("spinning")
local x = 0
while true do x = x + 1 end
LUA
cat >"$WORK/bird-routes.conf" <<'CONF'
filter keep_med { if defined(bgp_med) then bgp_med = bgp_med; accept; }
protocol static static4 {
    ipv4;
    route 10.13.1.0/24 blackhole { bgp_med = 31; };
    route 10.13.2.0/24 blackhole { bgp_med = 32; };
}
CONF
if ! PEER_PID=$(HOLD=9 EXPORT_FILTER=keep_med "$INTEROP/start-bird.sh" "$WORK/bird" "$PEER" \
	$PORT "$LB" 0 $AS_PEER $AS_LB "$WORK/bird-routes.conf" 2>"$WORK/start.log"); then
	echo "scripts.sh: BIRD did not start"; cat "$WORK/start.log"; exit 1
fi
exabgp_daemon_user=$(id -un) exabgp_tcp_port=$PORT exabgp_reactor_stall=12 \
	exabgp_api_socketpath="$WORK/s.sock" \
	exabgp_log_processes=true "$luabgp" "$WORK/luabgp.conf" \
	>"$WORK/luabgp.log" 2>&1 &
LUA_PID=$!

check_seen() {
	grep -qsx "state $PEER up" "$WORK/seen.txt" || echo "no 'up' seen by the script"
	grep -qsx "route ipv4 unicast 10.13.1.0/24 $PEER 99" "$WORK/seen.txt" ||
		echo "BIRD's route not seen by the script, with the MED the policy gave it"
	grep -qsx "view ipv4 unicast 10.13.1.0/24 $PEER 99" "$WORK/seen.txt" ||
		echo "BIRD's route not seen by the view handler, with the MED the policy gave it"
	! grep -qs "10.13.2.0/24" "$WORK/seen.txt" || echo "the route the policy drops was seen"
	"$luabgp" run -s "$WORK/s.sock" show adj-rib in extensive 2>/dev/null |
	  grep -q "10.13.1.0/24 next-hop $PEER origin igp as-path \[ $AS_PEER \] med 99" ||
		echo "the Adj-RIB-In does not hold the route as the policy changed it"
	! "$luabgp" run -s "$WORK/s.sock" show adj-rib in 2>/dev/null | grep -q 10.13.2.0 ||
		echo "the Adj-RIB-In holds the dropped route"
}
check_bird() {
	birdc -s "$WORK/bird/bird.ctl" show route 10.21.0.0/24 all 2>/dev/null |
	  grep -q "BGP.med: 21" || echo "BIRD does not hold the script's route"
	birdc -s "$WORK/bird/bird.ctl" show route 10.22.0.0/24 all 2>/dev/null |
	  grep -q "BGP.med: 22" || echo "BIRD does not hold the script's table route"
	for p in 10.31.1.0/24 10.31.4.0/24; do
		birdc -s "$WORK/bird/bird.ctl" show route $p all 2>/dev/null |
		  grep -q "BGP.med: 131" || echo "BIRD does not hold $p as the export policy made it"
	done
	for p in 10.31.2.0/24 10.31.3.0/24; do
		! birdc -s "$WORK/bird/bird.ctl" show route $p 2>/dev/null | grep -q "^$p" ||
			echo "BIRD holds $p, which the export policy dropped or a command withdrew"
	done
	"$luabgp" run -s "$WORK/s.sock" show adj-rib out extensive 2>/dev/null |
	  grep -q "10.31.1.0/24 next-hop 198.51.100.2 .*med 131" ||
		echo "the Adj-RIB-Out does not hold the route as the export policy changed it"
	! "$luabgp" run -s "$WORK/s.sock" show adj-rib out 2>/dev/null | grep -q 10.31.2.0 ||
		echo "the Adj-RIB-Out holds the route the export policy dropped"
}
check_show() { # ExaBGP's show neighbor layouts, of a session that is up
	local ext
	ext=$("$luabgp" run -s "$WORK/s.sock" show neighbor $PEER extensive 2>/dev/null | tr -s ' ')
	for l in " state ESTABLISHED " " AS $AS_LB $AS_PEER " " open: 1 1 " " asn4: enabled enabled " \
		" ipv4 unicast: enabled enabled disabled"; do
		grep -qF -- "$l" <<<"$ext" || echo "show neighbor extensive lacks [$l]"
	done
	grep -qE " update: [1-9][0-9]* [1-9]" <<<"$ext" || echo "show neighbor extensive counts no UPDATE"
	"$luabgp" run -s "$WORK/s.sock" show neighbor summary 2>/dev/null |
	  grep -qE "^$PEER +$AS_PEER +0:00:[0-9]{2} established +[1-9][0-9]* +[1-9]" ||
		echo "show neighbor summary does not show the session up, with UPDATEs both ways"
	"$luabgp" run -s "$WORK/s.sock" show neighbor json 2>/dev/null | python3 -c '
import json, sys
n = json.load(sys.stdin)[0]
assert n["state"] == "up" and n["fsm"] == "ESTABLISHED", n["fsm"]
assert n["families"] == ["ipv4 unicast"], n["families"]
assert n["messages"]["received"]["open"] == 1' 2>/dev/null || echo "show neighbor json is not as expected"
}
check_log() { grep -qs "$1" "$WORK/luabgp.log" || echo "luabgp did not log: $1"; }
established() {
	birdc -s "$WORK/bird/bird.ctl" show protocols peer1 | grep -q Established ||
		echo "BIRD's session is not established"
}

fail=0
echo "== the scripts see the session and BIRD's route"
wait_clean check_seen || fail=1
echo "== a script awaits the session, then reads the Adj-RIB-In as tables"
wait_clean check_log "awaited up: true nil" || fail=1
wait_clean check_log "rib in holds ipv4 unicast 10.13.1.0/24 med 99" || fail=1
echo "== a script's route reaches BIRD"
wait_clean check_bird || fail=1
echo "== show neighbor, with the session up"
wait_clean check_show || fail=1
echo "== a script that never yields is stopped after reactor.stall, past the hold time"
wait_clean check_log "spinning" || fail=1
wait_clean check_log "without yielding (limit 12000 ms): stopped" || fail=1
echo "== the session stayed up throughout"
established || fail=1
if grep -q "Hold timer expired\|Error:" "$WORK/bird/bird.log"; then
	echo "BIRD reported an error"; fail=1
fi
if grep -q "neighbor $PEER down" "$WORK/luabgp.log"; then
	echo "luabgp's session went down"; fail=1
fi
if [ $fail = 1 ]; then
	echo "--- luabgp log"; tail -20 "$WORK/luabgp.log"
	echo "--- seen"; cat "$WORK/seen.txt" 2>/dev/null
	echo "--- BIRD log"; tail -20 "$WORK/bird/bird.log"
	exit 1
fi
echo "PASS scripts: handlers, announce, a stalled script stopped with the session kept"
