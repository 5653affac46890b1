#!/usr/bin/env python3
"""Watchdogs, show adj-rib, commands over the control socket (issue 4), with a scripted peer.

  watchdog.py LUABGP_BINARY

Routes configured with `watchdog NAME` are announced at start unless they
also say `withdraw`; `withdraw watchdog NAME` and `announce watchdog NAME`
(sent with `luabgp run`) withdraw and announce them on the running
session; a name no route has is an error that changes nothing; a reload
whose file no longer has a watchdog's route withdraws it.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_faults import (clean, end, listener, nlris, read_msg, routes_until_eor,  # noqa: E402
                         session, start)
from reload import quiet_changes  # noqa: E402

CONF = """neighbor 127.0.0.1 {
 router-id 10.0.0.1;
 local-address 127.0.0.1;
 local-as 65000;
 peer-as 65001;
 hold-time 30;
 family { ipv4 unicast; }
 static {
  route 10.40.1.0/24 next-hop 10.0.0.1;
  route 10.40.2.0/24 next-hop 10.0.0.1 watchdog dog1;
  route 10.40.3.0/24 next-hop 10.0.0.1 watchdog dog2 withdraw;
 }
}
"""


def run(luabgp, sock_path, *command):
    p = subprocess.run([luabgp, "run", "-s", sock_path] + list(command),
                       capture_output=True, text=True, timeout=10)
    return p.returncode, p.stdout + p.stderr


def main():
    luabgp = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="luabgp-watchdog.")
    conf = os.path.join(work, "w.conf")
    ctl = os.path.join(work, "luabgp.sock")
    with open(conf, "w") as f:
        f.write(CONF)
    server, port = listener()
    proc, log = start(luabgp, conf, work, exabgp_tcp_port=str(port), exabgp_tcp_bind="",
                      exabgp_api_socketpath=ctl)
    status = 1
    try:
        deadline = time.time() + 20
        sock = session(server, deadline)
        got = sorted(routes_until_eor(sock, deadline))
        assert got == ["10.40.1.0/24", "10.40.2.0/24"], "initial routes: %s" % got
        print("ok   start: the watchdog route without `withdraw` only")
        rc, out = run(luabgp, ctl, "withdraw", "watchdog", "dog1")
        assert rc == 0, "withdraw watchdog: %s" % out
        withdrawn, announced = quiet_changes(sock, 1.0)
        assert withdrawn == ["10.40.2.0/24"] and not announced, (withdrawn, announced)
        print("ok   withdraw watchdog dog1")
        rc, out = run(luabgp, ctl, "announce", "watchdog", "dog2")
        assert rc == 0, "announce watchdog: %s" % out
        withdrawn, announced = quiet_changes(sock, 1.0)
        assert not withdrawn and list(announced) == ["10.40.3.0/24"], (withdrawn, announced)
        print("ok   announce watchdog dog2 (configured withdrawn)")
        rc, out = run(luabgp, ctl, "announce", "watchdog", "nosuch")
        assert rc == 1 and "no route of watchdog 'nosuch'" in out, (rc, out)
        withdrawn, announced = quiet_changes(sock, 1.0)
        assert not withdrawn and not announced, (withdrawn, announced)
        print("ok   an unknown watchdog is an error and sends nothing")
        rc, out = run(luabgp, ctl, "show", "adj-rib", "out")
        assert rc == 0 and sorted(out.split("\n")[:2]) == [
            "neighbor 127.0.0.1 ipv4 unicast 10.40.1.0/24",
            "neighbor 127.0.0.1 ipv4 unicast 10.40.3.0/24"], out
        rc, out = run(luabgp, ctl, "show", "adj-rib", "out", "extensive")
        assert rc == 0 and ("neighbor 127.0.0.1 local-ip 127.0.0.1 local-as 65000 peer-as 65001"
                            " router-id 10.0.0.1 ipv4 unicast 10.40.3.0/24 next-hop 10.0.0.1"
                            " origin igp as-path [ 65000 ]") in out, out
        print("ok   show adj-rib out [extensive] lists what the peer was sent")
        with open(conf, "w") as f:
            f.write(CONF.replace("  route 10.40.3.0/24 next-hop 10.0.0.1 watchdog dog2 withdraw;\n",
                                 ""))
        proc.send_signal(signal.SIGUSR1)
        withdrawn, announced = quiet_changes(sock, 1.5)
        assert withdrawn == ["10.40.3.0/24"] and not announced, (withdrawn, announced)
        print("ok   a reload without a watchdog's route withdraws it")
        status = 0
        print("PASS watchdogs")
    finally:
        end(proc)
        clean(work, log, status)
    return status


if __name__ == "__main__":
    sys.exit(main())
