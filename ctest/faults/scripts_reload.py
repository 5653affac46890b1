#!/usr/bin/env python3
"""Reloading the scripts of a running luabgp (issue 4, docs/lua-api.md
"Running scripts"), with a scripted peer.

  scripts_reload.py LUABGP_BINARY

A script announces a route and ticks into a file.  Its file is changed, one
that does not compile is added, and luabgp gets SIGUSR1:
  - the old script is cancelled at its await point (its cleanup runs) and
    ticks no more; the new one runs and announces its own route;
  - the broken file is reported and the others run;
  - the route the old script announced stays (nothing is withdrawn) and
    the session stays up: no NOTIFICATION, no new OPEN.

Stops by itself within a bounded time; ends only the luabgp it started.
"""
import os
import signal
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_faults import clean, end, listener, read_msg, session, start  # noqa: E402
from reload import quiet_changes  # noqa: E402

CONF = ("neighbor 127.0.0.1 {\n router-id 10.0.0.1;\n local-address 127.0.0.1;\n"
        " local-as 65000;\n peer-as 65001;\n hold-time 30;\n family { ipv4 unicast; }\n}\n")

SCRIPT = r'''
local bgp = ...
local function note(text)
  local f = io.open("%(work)s/notes", "a")
  f:write(text, "\n")
  f:close()
end
bgp.await_state("127.0.0.1", "up")
bgp.announce("route %(prefix)s next-hop 10.0.0.1 med %(med)d")
note("%(name)s started")
local ok, e = pcall(function()
  while true do
    note("%(name)s tick")
    bgp.sleep(0.1)
  end
end)
note("%(name)s ended: " .. tostring(e))
error(e, 0)
'''


def write_script(work, name, prefix, med):
    with open(os.path.join(work, "scripts", "10-tick.lua"), "w") as f:
        f.write(SCRIPT % {"work": work, "name": name, "prefix": prefix, "med": med})


def notes(work):
    path = os.path.join(work, "notes")
    return open(path).read().splitlines() if os.path.exists(path) else []


def wait_note(work, text, deadline):
    while text not in notes(work):
        assert time.time() < deadline, "no note %r: %s" % (text, notes(work)[-5:])
        time.sleep(0.05)


def main():
    luabgp = os.path.abspath(sys.argv[1])
    server, port = listener()
    work = tempfile.mkdtemp(prefix="luabgp-scripts-reload.")
    os.mkdir(os.path.join(work, "scripts"))
    write_script(work, "v1", "10.41.1.0/24", 1)
    conf = os.path.join(work, "luabgp.conf")
    with open(conf, "w") as f:
        f.write(CONF)
    proc, log = start(luabgp, conf, work, exabgp_tcp_port=str(port), exabgp_api_cli="false",
                      exabgp_api_scripts=os.path.join(work, "scripts"))
    status = 1
    try:
        deadline = time.time() + 30
        sock = session(server, deadline)
        _, announced = quiet_changes(sock, 1.0)
        assert announced == {"10.41.1.0/24": 1}, "first script's route: %s" % announced
        wait_note(work, "v1 started", deadline)

        write_script(work, "v2", "10.41.2.0/24", 2)
        with open(os.path.join(work, "scripts", "20-broken.lua"), "w") as f:
            f.write("local bgp = ...\nbgp.log(\n")
        proc.send_signal(signal.SIGUSR1)
        wait_note(work, "v2 started", deadline)
        withdrawn, announced = quiet_changes(sock, 1.5)
        assert withdrawn == [], "withdrawn at the reload: %s" % withdrawn
        assert announced == {"10.41.2.0/24": 2}, "second script's route: %s" % announced
        print("PASS the new script runs and announces; the old one's route stays")

        ended = [n for n in notes(work) if n.startswith("v1 ended")]
        assert ended == ["v1 ended: cancelled"], "the old script's end: %s" % ended
        v1_ticks = notes(work).count("v1 tick")
        time.sleep(0.5)
        assert notes(work).count("v1 tick") == v1_ticks, "the old script still ticks"
        assert notes(work).count("v2 tick") >= 3, "the new script does not tick"
        print("PASS the old script was cancelled at its await point, its cleanup ran")

        text = open(os.path.join(work, "luabgp.log")).read()
        assert "20-broken.lua" in text, "the broken script was not reported"
        print("PASS a script that does not compile is reported, the others run")

        assert proc.poll() is None, "luabgp is gone"
        print("PASS the session stayed up through the reload (no NOTIFICATION, no OPEN)")
        sock.close()
        status = 0
    except AssertionError as e:
        print("FAIL %s" % e)
    finally:
        end(proc)
        clean(work, log, status)
    return status


if __name__ == "__main__":
    sys.exit(main())
