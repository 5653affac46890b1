#!/usr/bin/env python3
"""A neighbor's `listen PORT` (ExaBGP: one more listener for that neighbor),
with tcp.bind empty so that nothing else listens.

  listen.py LUABGP_BINARY

The scripted peer connects to the neighbor's port, exchanges OPENs and gets
the configured route, then End-of-RIB.  Stops by itself within a bounded
time; ends only the luabgp it started.
"""
import os
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_faults import clean, end, msg, open_msg, read_msg, routes_until_eor, start  # noqa: E402


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def connect(port, deadline):
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=1)
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def main():
    luabgp = os.path.abspath(sys.argv[1])
    port = free_port()
    work = tempfile.mkdtemp(prefix="luabgp-listen.")
    conf = os.path.join(work, "luabgp.conf")
    with open(conf, "w") as f:
        f.write("neighbor 127.0.0.1 {\n router-id 10.0.0.1;\n local-address 127.0.0.1;\n"
                " local-as 65000;\n peer-as 65001;\n passive;\n listen %d;\n"
                " static {\n  route 10.41.1.0/24 next-hop 10.0.0.1;\n }\n}\n" % port)
    proc, log = start(luabgp, conf, work, exabgp_tcp_bind="")
    status = 0
    try:
        deadline = time.time() + 20
        sock = connect(port, deadline)
        sock.sendall(open_msg())
        kind, _ = read_msg(sock, deadline)
        assert kind == 1, "expected OPEN, got type %d" % kind
        sock.sendall(msg(4))
        got = routes_until_eor(sock, deadline)
        assert got == ["10.41.1.0/24"], got
        print("PASS listen %d: the peer connected there and got the route" % port)
    except (AssertionError, OSError) as e:
        print("FAIL", e)
        status = 1
    finally:
        end(proc)
        clean(work, log, status)
    return status


if __name__ == "__main__":
    sys.exit(main())
