#!/usr/bin/env python3
"""Fault tests against a running luabgp (issue 3), with a scripted peer on loopback.

  peer_faults.py LUABGP_BINARY

1. reset: the peer resets the TCP connection (RST) in the middle of the first
   UPDATE; luabgp reconnects after its back-off and sends every route again,
   then End-of-RIB.
2. malformed: the peer sends an UPDATE whose MED has length 5: RFC 7606 §7.4
   treat-as-withdraw, so luabgp keeps the session (no NOTIFICATION) and still
   answers KEEPALIVEs.
3. garbage: the peer sends bytes that are not a BGP header: luabgp answers
   NOTIFICATION 1/1 (Connection Not Synchronized) and closes, without crashing
   (it connects again afterwards).
And daemon.pid: the pid file holds luabgp's pid while it runs, and goes
when it stops.

Stops by itself within a bounded time; ends only the luabgp it started.
"""
import os
import pwd
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

MARKER = b"\xff" * 16
ROUTES = ["10.21.%d.0/24" % i for i in range(1, 4)]


def msg(kind, body=b""):
    return MARKER + struct.pack("!HB", 19 + len(body), kind) + body


def open_msg(asn=65001, hold=30, router_id="10.0.0.2", extra_caps=b""):
    caps = (bytes.fromhex("0206010400010001") + b"\x02\x06\x41\x04" + struct.pack("!I", asn)
            + extra_caps)
    body = struct.pack("!BHH", 4, asn, hold) + socket.inet_aton(router_id)
    return msg(1, body + bytes([len(caps)]) + caps)


def read_msg(sock, deadline):
    """One whole message (type, body), or None when the peer closed."""
    head = b""
    while len(head) < 19:
        sock.settimeout(max(0.1, deadline - time.time()))
        chunk = sock.recv(19 - len(head))
        if not chunk:
            return None
        head += chunk
    length, kind = struct.unpack("!HB", head[16:19])
    body = b""
    while len(body) < length - 19:
        sock.settimeout(max(0.1, deadline - time.time()))
        chunk = sock.recv(length - 19 - len(body))
        if not chunk:
            return None
        body += chunk
    return kind, body


def nlris(body):
    wlen = struct.unpack("!H", body[:2])[0]
    alen = struct.unpack("!H", body[2 + wlen:4 + wlen])[0]
    field = body[4 + wlen + alen:]
    out = []
    while field:
        bits = field[0]
        n = (bits + 7) // 8
        addr = field[1:1 + n] + b"\x00" * (4 - n)
        out.append("%s/%d" % (socket.inet_ntoa(addr), bits))
        field = field[1 + n:]
    return out


def listener():
    """A socket listening on 127.0.0.1 for luabgp to connect to: (socket, port)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    return server, server.getsockname()[1]


def session(server, deadline, extra_caps=b""):
    """Accept luabgp, exchange OPENs (ours with extra_caps): the connected socket."""
    server.settimeout(max(0.1, deadline - time.time()))
    sock, _ = server.accept()
    kind, _ = read_msg(sock, deadline)
    assert kind == 1, "expected OPEN, got type %d" % kind
    sock.sendall(open_msg(extra_caps=extra_caps) + msg(4))
    return sock


def routes_until_eor(sock, deadline):
    got = []
    while True:
        m = read_msg(sock, deadline)
        assert m, "luabgp closed before End-of-RIB"
        kind, body = m
        if kind == 2:
            if len(body) == 4:
                return got
            got += nlris(body)


def start(luabgp, conf, work, **settings):
    """Start luabgp on conf, as the invoking user (started as root it would
    become daemon.user), its log in work/luabgp.log: (process, log)."""
    env = dict(os.environ, exabgp_daemon_user=pwd.getpwuid(os.getuid()).pw_name,
               exabgp_log_destination="stderr", **settings)
    log = open(os.path.join(work, "luabgp.log"), "w")
    return subprocess.Popen([luabgp, conf], env=env, stdout=log, stderr=log), log


def end(proc):
    """Stop the luabgp this test started (SIGTERM, then SIGKILL after 5 s)."""
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()


def clean(work, log, status):
    """Close the log, show its end when the test failed, remove the work directory."""
    log.close()
    if status:
        print(open(os.path.join(work, "luabgp.log")).read()[-3000:])
    shutil.rmtree(work)


def test_reset(server):
    deadline = time.time() + 20
    sock = session(server, deadline)
    # read the first UPDATE's header only, then reset the connection
    while True:
        head = sock.recv(19, socket.MSG_PEEK)
        if len(head) >= 19 and head[18] == 2:
            sock.recv(21)
            break
        read_msg(sock, deadline)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()
    sock = session(server, deadline)
    got = routes_until_eor(sock, deadline)
    assert sorted(got) == sorted(ROUTES), "after the reset luabgp sent %s" % got
    return sock


def test_malformed(sock):
    deadline = time.time() + 5
    attrs = bytes.fromhex("40010100" "400200" "4003040A000002" "80040500000000" "00")
    sock.sendall(msg(2, struct.pack("!HH", 0, len(attrs)) + attrs + bytes.fromhex("180A1601")))
    sock.sendall(msg(4))
    # luabgp must not answer with a NOTIFICATION; its KEEPALIVEs come every 10 s,
    # so a quiet second with the connection open is what is checked
    sock.settimeout(1.5)
    try:
        data = sock.recv(4096)
    except socket.timeout:
        return
    assert data, "luabgp closed the session after a treat-as-withdraw fault"
    i = 0
    while i + 19 <= len(data):
        length, kind = struct.unpack("!HB", data[i + 16:i + 19])
        assert kind != 3, "luabgp sent a NOTIFICATION for a treat-as-withdraw fault"
        i += length


def test_garbage(sock, server):
    deadline = time.time() + 10
    sock.sendall(b"\x00" * 19)
    m = read_msg(sock, deadline)
    assert m and m[0] == 3, "expected a NOTIFICATION, got %r" % (m,)
    assert m[1][:2] == b"\x01\x01", "expected 1/1, got %s" % m[1][:2].hex()
    sock.close()
    # and luabgp is still there: it comes back
    session(server, time.time() + 20).close()


def main():
    luabgp = os.path.abspath(sys.argv[1])
    server, port = listener()
    work = tempfile.mkdtemp(prefix="luabgp-faults.")
    conf = os.path.join(work, "luabgp.conf")
    with open(conf, "w") as f:
        f.write("neighbor 127.0.0.1 {\n router-id 10.0.0.1;\n local-address 127.0.0.1;\n"
                " local-as 65000;\n peer-as 65001;\n hold-time 30;\n family { ipv4 unicast; }\n"
                " static {\n")
        for r in ROUTES:
            f.write("  route %s next-hop 10.0.0.1;\n" % r)
        f.write(" }\n}\n")
    pidfile = os.path.join(work, "luabgp.pid")
    proc, log = start(luabgp, conf, work, exabgp_tcp_port=str(port), exabgp_daemon_pid=pidfile)
    status = 0
    try:
        sock = test_reset(server)
        print("PASS reset mid-UPDATE: reconnected, every route sent again")
        assert open(pidfile).read() == "%d\n" % proc.pid, "daemon.pid does not hold the pid"
        test_malformed(sock)
        print("PASS malformed MED: treat-as-withdraw, session kept")
        test_garbage(sock, server)
        print("PASS garbage: NOTIFICATION 1/1, luabgp connects again")
    except (AssertionError, OSError) as e:
        print("FAIL", e)
        status = 1
    finally:
        end(proc)
        if not status and os.path.exists(pidfile):
            print("FAIL daemon.pid left behind")
            status = 1
        clean(work, log, status)
    return status


if __name__ == "__main__":
    sys.exit(main())
