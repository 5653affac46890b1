#!/usr/bin/env python3
"""An import policy on an ADD-PATH session (issue 4), with a scripted peer.

  import_addpath.py LUABGP_BINARY

luabgp receives path ids (ADD-PATH receive, RFC 7911) but sends none: the
peer sends 10.40.1.0/24 with path ids 1 and 2, a script's import policy
sets their MED, and the Adj-RIB-In holds both paths with the new MED (an
UPDATE changed by the policy is written as the peer writes its own, path
ids included, not as luabgp writes its UPDATEs).

Stops by itself within a bounded time; ends only the luabgp it started.
"""
import os
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_faults import clean, end, listener, msg, session, start  # noqa: E402

# ADD-PATH: ipv4 unicast, the peer sends path ids (RFC 7911 §4)
ADD_PATH_SEND = bytes.fromhex("0206450400010102")


def adj_rib_in(luabgp, sock_path):
    out = subprocess.run([luabgp, "run", "-s", sock_path, "show", "adj-rib", "in", "extensive"],
                         capture_output=True, text=True, timeout=10)
    return [l for l in out.stdout.splitlines() if "10.40.1.0/24" in l]


def main():
    luabgp = os.path.abspath(sys.argv[1])
    server, port = listener()
    work = tempfile.mkdtemp(prefix="luabgp-addpath.")
    os.mkdir(os.path.join(work, "scripts"))
    with open(os.path.join(work, "scripts", "policy.lua"), "w") as f:
        f.write('local bgp = ...\n'
                'bgp.policy("import", function(_, u)\n'
                '  if not u.announce then return true end\n'
                '  u.attribute.med = 77\n'
                '  return u\n'
                'end)\n')
    conf = os.path.join(work, "luabgp.conf")
    with open(conf, "w") as f:
        f.write("neighbor 127.0.0.1 {\n router-id 10.0.0.1;\n local-address 127.0.0.1;\n"
                " local-as 65000;\n peer-as 65001;\n hold-time 30;\n adj-rib-in true;\n"
                " family { ipv4 unicast; }\n capability { add-path receive; }\n"
                " add-path { ipv4 unicast; }\n}\n")
    sock_path = os.path.join(work, "s.sock")
    env = dict(exabgp_tcp_port=str(port), exabgp_api_socketpath=sock_path,
               exabgp_api_scripts=os.path.join(work, "scripts"))
    proc, log = start(luabgp, conf, work, **env)
    status = 1
    try:
        deadline = time.time() + 20
        sock = session(server, deadline, ADD_PATH_SEND)
        attrs = bytes.fromhex("40010100" "40020602010000FDE9" "4003040A000002")
        nlri = bytes.fromhex("00000001" "180A2801" "00000002" "180A2801")
        sock.sendall(msg(2, struct.pack("!HH", 0, len(attrs)) + attrs + nlri))
        want = ["path-information 0.0.0.1 ", "path-information 0.0.0.2 "]
        got = []
        while time.time() < deadline:
            got = adj_rib_in(luabgp, sock_path)
            if len(got) == 2:
                break
            time.sleep(0.2)
        assert len(got) == 2, "the Adj-RIB-In holds %r" % got
        for line, path in zip(sorted(got), want):
            assert path in line and "med 77" in line, "not as the policy made it: %s" % line
        print("PASS an import policy on an ADD-PATH session keeps the path ids")
        status = 0
        sock.close()
    except AssertionError as e:
        print("FAIL %s" % e)
    finally:
        end(proc)
        os.unlink(os.path.join(work, "scripts", "policy.lua"))
        os.rmdir(os.path.join(work, "scripts"))
        clean(work, log, status)
    return status


if __name__ == "__main__":
    sys.exit(main())
