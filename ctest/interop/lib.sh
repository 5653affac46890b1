# Shared by the interop tests (sourced): luabgp's side of a session with a
# real peer started from ../shared/interop, what luabgp announces, how its
# process's events are read, and polling with a deadline.
#   needs: luabgp (binary), MODE (active|passive), WORK, LB, PEER, PORT,
#          AS_LB, AS_PEER set by the caller
INTEROP=${SHARED_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/shared}/interop
TIMEOUT=${TIMEOUT:-30}
LUA_PID= PEER_PID=

cleanup() {
	[ -n "$LUA_PID" ] && kill "$LUA_PID" 2>/dev/null && wait "$LUA_PID" 2>/dev/null
	[ -n "$PEER_PID" ] && "$INTEROP/stop.sh" "$PEER_PID" >/dev/null
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}

# luabgp.conf: IPv4 and IPv6 routes with MED, communities, large
# communities and AS paths, two FlowSpec rules, and a process that writes
# the events to events.json.  Next hops are not loopback addresses: GoBGP
# and FRR refuse those.
write_luabgp_conf() {
	local passive="" flow_family="" flows=""
	# FLOW=0: no FlowSpec (a peer that does not take it)
	[ "$MODE" = passive ] && passive="passive;"
	if [ "${FLOW:-1}" = 1 ]; then
		flow_family="ipv4 flow;"
		flows="flow {
		route drop-web { match { destination 10.99.1.0/24; protocol tcp; destination-port =80; } then { discard; } }
		route limit-dns { match { source 10.98.0.0/16; protocol udp; destination-port =53; } then { rate-limit 1000; } }
	}"
	fi
	cat >"$WORK/print-events.sh" <<'CONF'
#!/bin/sh
exec cat >>"$(dirname "$0")/events.json"
CONF
	chmod +x "$WORK/print-events.sh"
	cat >"$WORK/luabgp.conf" <<CONF
process events {
	run ./print-events.sh;
	encoder json;
}
neighbor $PEER {
	router-id $LB;
	local-address $LB;
	local-as $AS_LB;
	peer-as $AS_PEER;
	hold-time 30;
	$passive
	family { ipv4 unicast; ipv6 unicast; $flow_family }
	api { processes [ events ]; neighbor-changes; receive { parsed; update; } }
	static {
		route 10.11.1.0/24 next-hop 198.51.100.2 med 101 community [ 65002:1 65002:101 ] large-community [ 65002:1:2 ] as-path [ 65002 64901 ];
		route 10.11.2.0/24 next-hop 198.51.100.2 med 102 community [ 65002:2 ] as-path [ 65002 64902 64903 ];
		route 10.11.3.0/24 next-hop 198.51.100.2 med 103 community [ 65002:3 ];
		route 2001:db8:11:1::/64 next-hop 2001:db8:ffff::2 med 201 community [ 65002:61 ] as-path [ 65002 64961 ];
		route 2001:db8:11:2::/64 next-hop 2001:db8:ffff::2 med 202 large-community [ 65002:62:1 ];
	}
	$flows
}
CONF
	# what the peer must hold: prefix|as-path|med|communities|next-hop
	cat >"$WORK/expect-peer" <<CONF
10.11.1.0/24|65002 64901|101|65002:1 65002:101|198.51.100.2
10.11.2.0/24|65002 64902 64903|102|65002:2|198.51.100.2
10.11.3.0/24|65002|103|65002:3|198.51.100.2
2001:db8:11:1::/64|65002 64961|201|65002:61|2001:db8:ffff::2
2001:db8:11:2::/64|65002|202||2001:db8:ffff::2
CONF
}

start_luabgp() {
	local bind=""
	[ "$MODE" = passive ] && bind=$LB
	# daemon.user: started as root, luabgp would become Debian's exabgp user
	exabgp_daemon_user=$(id -un) exabgp_tcp_port=$PORT exabgp_tcp_bind=$bind \
		"$luabgp" "$WORK/luabgp.conf" \
		>"$WORK/luabgp.log" 2>&1 &
	LUA_PID=$!
}

stop_luabgp() {
	kill "$LUA_PID"
	wait "$LUA_PID" 2>/dev/null
	LUA_PID=
}

# What luabgp's process received: prefix|as-path|med|communities|next-hop
read_events() {
	[ -s "$WORK/events.json" ] || return 0
	jq -r 'select(.type == "update") | .neighbor.message.update as $u | $u.announce // {} |
	  to_entries[] | select(.key | test("unicast")) | .value | to_entries[] | .key as $nh |
	  .value[] |
	  [ .nlri, ($u.attribute["as-path"]["0"].value // [] | map(tostring) | join(" ")),
	    ($u.attribute.med // "" | tostring),
	    ($u.attribute.community // [] | map("\(.[0]):\(.[1])") | join(" ")), $nh ] | join("|")' \
	  "$WORK/events.json" | sort -u
}

# Poll a check until it prints nothing, or print its last output and fail.
wait_clean() {
	local i=0 out
	while [ $i -lt $((TIMEOUT * 4)) ]; do
		out=$("$@")
		[ -z "$out" ] && return 0
		sleep 0.25
		i=$((i + 1))
	done
	echo "$out"
	return 1
}

random_net() {
	echo "127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1))"
}
