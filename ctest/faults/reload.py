#!/usr/bin/env python3
"""Reloads of a running luabgp (issue 3, ExaBGP's signals), with a scripted peer.

  reload.py LUABGP_BINARY

1. SIGUSR1 after the configuration changed its routes: the removed route is
   withdrawn, the new one announced, the changed one sent again with its new
   MED, and the session stays up (no NOTIFICATION).  Then the same with
   routes kept in bulk (lines sharing their attributes): only what changed
   goes out, including routes moving between the two kinds.
   The process bound with `signal` gets ExaBGP's signal event.
2. SIGUSR1 with a broken configuration: refused, nothing changes.
3. SIGUSR2: every neighbor starts again: Cease 6/6 (other configuration
   change), then a new session with the routes of the file.
4. SIGUSR1 while the peer is away: the next session has the new routes
   only (nothing of the old file is kept for it).
"""
import json
import os
import signal
import socket
import struct
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_faults import (clean, end, listener, msg, read_msg, routes_until_eor,  # noqa: E402
                         session, start)

HEAD = ("process events {\n run ./events.sh;\n encoder json;\n}\n"
        "neighbor 127.0.0.1 {\n router-id 10.0.0.1;\n local-address 127.0.0.1;\n"
        " local-as 65000;\n peer-as 65001;\n hold-time 30;\n family { ipv4 unicast; }\n"
        " api { processes [ events ]; signal; }\n static {\n")


def write(conf, routes):
    with open(conf, "w") as f:
        f.write(HEAD)
        for r in routes:
            f.write("  route %s;\n" % r)
        f.write(" }\n}\n")


def parse_update(body, withdrawn, announced):
    """Adds an UPDATE's withdrawn prefixes and announced prefixes with MED."""
    wlen = struct.unpack("!H", body[:2])[0]
    field = body[2:2 + wlen]
    while field:
        n = (field[0] + 7) // 8
        withdrawn.append("%s/%d" % (socket.inet_ntoa(field[1:1 + n] + b"\0" * (4 - n)), field[0]))
        field = field[1 + n:]
    alen = struct.unpack("!H", body[2 + wlen:4 + wlen])[0]
    attrs, nlri = body[4 + wlen:4 + wlen + alen], body[4 + wlen + alen:]
    med = None
    while attrs:
        flags, code = attrs[0], attrs[1]
        ext = flags & 0x10
        length = struct.unpack("!H", attrs[2:4])[0] if ext else attrs[2]
        value = attrs[4 if ext else 3:][:length]
        if code == 4:
            med = struct.unpack("!I", value)[0]
        attrs = attrs[(4 if ext else 3) + length:]
    while nlri:
        n = (nlri[0] + 7) // 8
        announced["%s/%d" % (socket.inet_ntoa(nlri[1:1 + n] + b"\0" * (4 - n)), nlri[0])] = med
        nlri = nlri[1 + n:]


def changes(sock, count, deadline):
    """The next count UPDATEs: (withdrawn prefixes, announced prefixes with MED)."""
    withdrawn, announced = [], {}
    for _ in range(count):
        m = read_msg(sock, deadline)
        assert m, "luabgp closed the session"
        kind, body = m
        if kind == 4:
            continue
        assert kind == 2, "expected an UPDATE, got type %d" % kind
        parse_update(body, withdrawn, announced)
    return withdrawn, announced


def quiet_changes(sock, quiet):
    """(withdrawn, announced) of the UPDATEs until nothing comes for quiet
    seconds; any other message but a KEEPALIVE fails."""
    withdrawn, announced = [], {}
    while True:
        try:
            m = read_msg(sock, time.time() + quiet)
        except socket.timeout:
            return withdrawn, announced
        assert m, "luabgp closed the session"
        assert m[0] in (2, 4), "expected an UPDATE or a KEEPALIVE, got type %d" % m[0]
        if m[0] == 2:
            parse_update(m[1], withdrawn, announced)


def reload_bulk(proc, conf, sock):
    """Routes whose attributes repeat are kept in bulk: a reload sends only
    what changed, whichever kind a route was and is."""
    nh = "next-hop 10.0.0.1 med "
    steps = [
        # 10.31.5 and .6 repeat the attributes of 10.31.3: bulk, new
        ([nh + "22", nh + "3", "10.31.5.0/24 " + nh + "3", "10.31.6.0/24 " + nh + "3"],
         [], {"10.31.5.0/24": 3, "10.31.6.0/24": 3}),
        # .5 removed, .7 added, .6 unchanged (not sent again)
        ([nh + "22", nh + "3", "10.31.6.0/24 " + nh + "3", "10.31.7.0/24 " + nh + "3"],
         ["10.31.5.0/24"], {"10.31.7.0/24": 3}),
        # .6 takes the attributes of 10.31.2 (bulk again), .7 is read in
        # full (its line has a comment) with the same attributes
        ([nh + "22", nh + "3", "10.31.6.0/24 " + nh + "22", "10.31.7.0/24 " + nh + "3 # kept"],
         [], {"10.31.6.0/24": 22}),
        # .2 written twice: the bulk copy stays; .3 removed as a tree
        ([nh + "22", "10.31.2.0/24 " + nh + "22", "10.31.6.0/24 " + nh + "22"],
         ["10.31.3.0/24", "10.31.7.0/24"], {}),
        # the same file again: nothing at all (.2's two copies included)
        ([nh + "22", "10.31.2.0/24 " + nh + "22", "10.31.6.0/24 " + nh + "22"], [], {}),
        # .2's bulk copy goes, its tree stays: .2 is still announced
        ([nh + "22", "10.31.6.0/24 " + nh + "22"], [], {}),
        # .6 first as a tree with MED 3, then in bulk with MED 22: the later
        # line is the route, so nothing changes
        ([nh + "22", "10.31.6.0/24 " + nh + "3", "10.31.6.0/24 " + nh + "22"], [], {}),
    ]
    for routes, want_withdrawn, want_announced in steps:
        write(conf, [r if r[0].isdigit() else (
            "10.31.2.0/24 " + r if r.endswith("22") else "10.31.3.0/24 " + r) for r in routes])
        proc.send_signal(signal.SIGUSR1)
        withdrawn, announced = quiet_changes(sock, 1.5)
        assert sorted(withdrawn) == want_withdrawn, "withdrawn: %s, want %s" % (
            withdrawn, want_withdrawn)
        assert announced == want_announced, "announced: %s, want %s" % (announced, want_announced)
    print("PASS SIGUSR1: routes in bulk changed on a running session")


def signal_events(work, deadline):
    """The signal events the process got: (code, name, peer address)."""
    while True:
        got = []
        with open(os.path.join(work, "events.json")) as f:
            for line in f:
                ev = json.loads(line)
                if ev["type"] == "signal":
                    nb = ev["neighbor"]
                    got.append((nb["code"], nb["name"], nb["address"]["peer"]))
        if got or time.time() > deadline:
            return got
        time.sleep(0.1)


def main():
    luabgp = os.path.abspath(sys.argv[1])
    server, port = listener()
    work = tempfile.mkdtemp(prefix="luabgp-reload.")
    conf = os.path.join(work, "luabgp.conf")
    # 10.31.1 twice: as a tree (its attributes' first line), then in bulk
    # (the attributes of 10.31.2 again): ExaBGP sends both, the first alone
    write(conf, ["10.31.1.0/24 next-hop 10.0.0.1 med 1", "10.31.2.0/24 next-hop 10.0.0.1 med 2",
                 "10.31.1.0/24 next-hop 10.0.0.1 med 2"])
    with open(os.path.join(work, "events.sh"), "w") as f:
        f.write('#!/bin/sh\nexec cat >>"$(dirname "$0")/events.json"\n')
    os.chmod(os.path.join(work, "events.sh"), 0o755)
    open(os.path.join(work, "events.json"), "w").close()
    proc, log = start(luabgp, conf, work, exabgp_tcp_port=str(port))
    status = 0
    try:
        deadline = time.time() + 20
        sock = session(server, deadline)
        got = routes_until_eor(sock, deadline)
        assert got == ["10.31.1.0/24", "10.31.2.0/24", "10.31.1.0/24"], got

        write(conf, ["10.31.2.0/24 next-hop 10.0.0.1 med 22", "10.31.3.0/24 next-hop 10.0.0.1 med 3"])
        proc.send_signal(signal.SIGUSR1)
        withdrawn, announced = changes(sock, 3, time.time() + 10)
        assert withdrawn == ["10.31.1.0/24"], "withdrawn: %s" % withdrawn
        assert announced == {"10.31.2.0/24": 22, "10.31.3.0/24": 3}, "announced: %s" % announced
        print("PASS SIGUSR1: routes changed on a running session")
        got = signal_events(work, time.time() + 5)
        assert got == [("10", "SIGUSR1", "127.0.0.1")], "signal events: %s" % got
        print("PASS SIGUSR1: the process got the signal event")
        reload_bulk(proc, conf, sock)

        with open(conf, "a") as f:
            f.write("neighbor {\n")
        proc.send_signal(signal.SIGUSR1)
        sock.sendall(msg(4))
        sock.settimeout(1.5)
        try:
            data = sock.recv(4096)
            assert data and data[18] == 4, "after a refused reload luabgp sent %s" % data[:40].hex()
        except socket.timeout:
            pass
        print("PASS SIGUSR1 with a broken file: refused, session kept")

        write(conf, ["10.31.4.0/24 next-hop 10.0.0.1 med 4"])
        proc.send_signal(signal.SIGUSR2)
        deadline = time.time() + 20
        while True:
            m = read_msg(sock, deadline)
            assert m, "luabgp closed without a NOTIFICATION"
            if m[0] == 3:
                break
        assert m[1][:2] == b"\x06\x06", "expected Cease 6/6, got %s" % m[1][:2].hex()
        sock.close()
        sock = session(server, deadline)
        got = routes_until_eor(sock, deadline)
        assert got == ["10.31.4.0/24"], got
        print("PASS SIGUSR2: Cease 6/6, a new session with the file's routes")

        # the peer goes away; a reload while there is no session: the next
        # session gets the new file's routes only, not the old ones too
        sock.close()
        time.sleep(0.3)
        write(conf, ["10.31.5.0/24 next-hop 10.0.0.1 med 5"])
        proc.send_signal(signal.SIGUSR1)
        time.sleep(0.5)
        sock = session(server, time.time() + 20)
        got = routes_until_eor(sock, time.time() + 20)
        assert got == ["10.31.5.0/24"], got
        print("PASS SIGUSR1 without a session: the next one has the new routes only")
    except (AssertionError, OSError) as e:
        print("FAIL", e)
        status = 1
    finally:
        end(proc)
        clean(work, log, status)
    return status


if __name__ == "__main__":
    sys.exit(main())
