#!/usr/bin/env python3
"""The commands' fast path (issue 4, S2), end to end with a scripted peer.

  fastpath.py LUABGP_BINARY

A process prints thousands of `announce route PREFIX ATTRS` lines whose
ATTRS repeat: the core does those without Lua once the Lua handler has
read the text (speaker/fastpath.h).  Between them come lines only the
handler can do (errors, withdrawals, disable-ack/enable-ack, a group,
sync), and a second batch comes after the session is up (its context is
new, so the attribute sets are made again).  Then the process exits once
it has its answers and its second run sends a third batch: texts the core
learnt from the first run, done for the second (its answers go to it), a
selector line between them.  Checked:
  - every command is answered exactly once, in command order, and none
    while acknowledgements are off;
  - the peer ends up with exactly the routes the commands leave, with
    their MED: a withdrawal between two fast lines takes effect in order.

Stops by itself within a bounded time; ends only the luabgp it started.
"""
import os
import socket
import struct
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_faults import clean, end, listener, read_msg, session, start  # noqa: E402

NH = "next-hop 10.0.0.1"

PROCESS = r'''
import os, sys, threading, time
work = sys.argv[1]
def copy_answers():
    with open(os.path.join(work, "answers"), "a") as out:
        for line in sys.stdin:
            out.write(line)
            out.flush()
threading.Thread(target=copy_answers, daemon=True).start()
def send(name):
    with open(os.path.join(work, name)) as f:
        sys.stdout.write(f.read())
    sys.stdout.flush()
def answered():
    path = os.path.join(work, "answers")
    if not os.path.exists(path):
        return 0
    return sum(1 for l in open(path) if l.strip() in ("done", "error"))
if os.path.exists(os.path.join(work, "run1-done")):
    send("batch-c")
    time.sleep(3600)
send("batch-a")
while not os.path.exists(os.path.join(work, "go")):
    time.sleep(0.05)
send("batch-b")
with open(os.path.join(work, "count-ab")) as f:
    count = int(f.read())
while answered() < count:
    time.sleep(0.05)
open(os.path.join(work, "run1-done"), "w").close()
sys.exit(0)
'''


def host(net, i):
    return "%s.%d.%d/32" % (net, i >> 8, i & 255)


class Script:
    """Commands, the answers they get, and the routes they leave."""

    def __init__(self):
        self.lines, self.answers, self.routes, self.ack = [], [], {}, True

    def cmd(self, line, answer="done"):
        self.lines.append(line)
        if self.ack and answer:
            self.answers.append(answer)

    def announce(self, prefix, med):
        self.cmd("announce route %s %s med %d" % (prefix, NH, med))
        self.routes[prefix] = med

    def withdraw(self, prefix):
        self.cmd("withdraw route %s" % prefix)
        self.routes.pop(prefix, None)

    def text(self):
        out = "\n".join(self.lines) + "\n"
        self.lines = []
        return out


def batch_a(s):
    s.announce("10.50.0.0/24", 5)
    for i in range(1, 1501):
        s.announce(host("10.60", i), 5)
    s.announce("10.61.0.0/24", 6)
    s.announce("10.61.1.0/24", 6)
    s.cmd("announce route 10.62.0.0/24 %s med 5 bogus" % NH, "error")
    s.announce(host("10.60", 7), 6)
    s.withdraw(host("10.60", 8))
    s.announce(host("10.60", 9), 5)
    s.withdraw(host("10.60", 9))
    s.withdraw(host("10.60", 10))
    s.announce(host("10.60", 10), 5)
    s.cmd("disable-ack")  # answered, as in ExaBGP; the next ones are not
    s.ack = False
    for i in range(100):
        s.announce(host("10.63", i), 5)
    s.ack = True
    s.cmd("enable-ack")
    s.announce("10.63.1.0/24", 5)


def batch_b(s):
    for i in range(500):
        s.announce(host("10.64", i), 5)
    s.announce(host("10.60", 11), 6)
    s.cmd("group start")
    for i in range(3):
        s.announce(host("10.66", i), 5)
    s.cmd("group end")
    s.cmd("enable-sync")
    s.announce(host("10.67", 0), 5)
    s.announce(host("10.67", 1), 5)
    s.cmd("disable-sync")
    s.announce("10.65.0.0/24", 5)


def batch_c(s):
    s.announce(host("10.60", 12), 6)
    for i in range(300):
        s.announce(host("10.68", i), 5)
    s.cmd("neighbor 127.0.0.1 announce route 10.69.0.0/24 %s med 7" % NH)
    s.routes["10.69.0.0/24"] = 7
    s.withdraw(host("10.68", 5))
    s.announce(host("10.68", 300), 6)


def update(body):
    """(withdrawn, {prefix: med}) of an IPv4 UPDATE body."""
    def prefixes(field):
        out = []
        while field:
            n = (field[0] + 7) // 8
            out.append("%s/%d" % (socket.inet_ntoa(field[1:1 + n] + b"\0" * (4 - n)), field[0]))
            field = field[1 + n:]
        return out
    wlen = struct.unpack("!H", body[:2])[0]
    withdrawn = prefixes(body[2:2 + wlen])
    alen = struct.unpack("!H", body[2 + wlen:4 + wlen])[0]
    attrs, med = body[4 + wlen:4 + wlen + alen], None
    while attrs:
        flags, kind = attrs[0], attrs[1]
        if flags & 0x10:
            size, at = struct.unpack("!H", attrs[2:4])[0], 4
        else:
            size, at = attrs[2], 3
        if kind == 4:
            med = struct.unpack("!I", attrs[at:at + 4])[0]
        attrs = attrs[at + size:]
    return withdrawn, {p: med for p in prefixes(body[4 + wlen + alen:])}


def answers_of(path):
    """The terminal answers (done, error), checking each error has its reason."""
    if not os.path.exists(path):
        return []
    out, reason = [], False
    for line in open(path).read().splitlines():
        if line.startswith("error: "):
            reason = True
            continue
        if line.startswith("group "):  # "group started", "group processed: ..."
            continue
        assert line in ("done", "error"), "unexpected answer %r" % line
        assert line == "done" or reason, "an error without its reason"
        out.append(line)
        reason = False
    return out


def main():
    luabgp = os.path.abspath(sys.argv[1])
    server, port = listener()
    work = tempfile.mkdtemp(prefix="luabgp-fastpath.")
    s = Script()
    batch_a(s)
    with open(os.path.join(work, "batch-a"), "w") as f:
        f.write(s.text())
    batch_b(s)
    with open(os.path.join(work, "batch-b"), "w") as f:
        f.write(s.text())
    with open(os.path.join(work, "count-ab"), "w") as f:
        f.write(str(len(s.answers)))
    batch_c(s)
    with open(os.path.join(work, "batch-c"), "w") as f:
        f.write(s.text())
    with open(os.path.join(work, "gen.py"), "w") as f:
        f.write(PROCESS)
    conf = os.path.join(work, "luabgp.conf")
    with open(conf, "w") as f:
        f.write("process gen {\n run %s %s %s;\n encoder text;\n}\n"
                "neighbor 127.0.0.1 {\n router-id 10.0.0.1;\n local-address 127.0.0.1;\n"
                " local-as 65000;\n peer-as 65001;\n hold-time 30;\n"
                " family { ipv4 unicast; }\n api { processes [ gen ]; }\n}\n"
                % (sys.executable, os.path.join(work, "gen.py"), work))
    proc, log = start(luabgp, conf, work, exabgp_tcp_port=str(port), exabgp_api_cli="false")
    status = 1
    try:
        deadline = time.time() + 30
        sock = session(server, deadline)
        open(os.path.join(work, "go"), "w").close()
        held = {}
        while held != s.routes and time.time() < deadline:
            try:
                m = read_msg(sock, deadline)
            except socket.timeout:
                break
            assert m, "luabgp closed the session"
            if m[0] == 2 and len(m[1]) > 4:
                withdrawn, announced = update(m[1])
                for p in withdrawn:
                    held.pop(p, None)
                held.update(announced)
        missing = {p: m for p, m in s.routes.items() if held.get(p) != m}
        extra = sorted(set(held) - set(s.routes))
        assert not missing and not extra, "routes differ: missing or other MED %r, extra %r" % (
            sorted(missing.items())[:5], extra[:5])
        path = os.path.join(work, "answers")
        got = answers_of(path)
        while len(got) < len(s.answers) and time.time() < deadline:
            time.sleep(0.1)
            got = answers_of(path)
        time.sleep(0.3)
        got = answers_of(path)
        assert got == s.answers, "answers differ: %d got, %d expected, first difference at %r" % (
            len(got), len(s.answers),
            next((i for i, (a, b) in enumerate(zip(got, s.answers)) if a != b), None))
        print("PASS %d commands answered in order; the peer holds the %d routes they leave"
              % (len(s.answers), len(s.routes)))
        status = 0
        sock.close()
    except AssertionError as e:
        print("FAIL %s" % e)
    finally:
        end(proc)
        if status and os.path.exists(os.path.join(work, "answers")):
            print(open(os.path.join(work, "answers")).read()[-200:])
        clean(work, log, status)
    return status


if __name__ == "__main__":
    sys.exit(main())
