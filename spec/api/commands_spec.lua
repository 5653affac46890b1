-- API commands (lua/luabgp/api): selectors, the route grammar and what
-- each command does to the speaker, every error reply; against a recording
-- speaker (the sessions themselves are the api conformance vectors').
local commands = require "luabgp.api.commands"
local selector = require "luabgp.api.selector"

local api = require "spec.helpers.api_fake"
local nb, fake, announces = api.nb, api.fake, api.announces

describe("selectors", function()
  it("splits several selectors and the command", function()
    local sels, cmd = selector.parse("neighbor 127.0.0.1 router-id 1.2.3.4, "
      .. "neighbor 10.0.0.1 peer-as 3 announce route 1.0.0.0/8 next-hop 1.1.1.1")
    assert.same({ { ["peer-address"] = "127.0.0.1", ["router-id"] = "1.2.3.4" },
      { ["peer-address"] = "10.0.0.1", ["peer-as"] = "3" } }, sels)
    assert.equal("announce route 1.0.0.0/8 next-hop 1.1.1.1", cmd)
  end)

  it("refuses a dangling comma and a selector without a command", function()
    assert.is_nil((selector.parse("neighbor 1.1.1.1, announce route")))
    assert.is_nil((selector.parse("neighbor 1.1.1.1 local-as 1")))
  end)

  it("matches on every key given", function()
    assert.is_true(selector.match({ ["peer-address"] = "*" }, nb("9.9.9.9")))
    assert.is_true(selector.match({ ["peer-address"] = "127.0.0.1", ["local-as"] = "1" },
      nb("127.0.0.1")))
    assert.is_false(selector.match({ ["peer-address"] = "127.0.0.1", ["local-as"] = "2" },
      nb("127.0.0.1")))
  end)

  -- ExaBGP names a neighbor's families "in-open" unless it has multi-session,
  -- then its families as afi-safi joined by "/"
  it("matches family-allowed as ExaBGP names the families", function()
    local plain = nb("127.0.0.1", { families = { "ipv4 unicast" } })
    local multi = nb("127.0.0.1", { families = { "ipv4 unicast", "ipv6 unicast" },
      capability = { ["multi-session"] = true } })
    local function sel(v) return { ["peer-address"] = "127.0.0.1", ["family-allowed"] = v } end
    assert.is_true(selector.match(sel("in-open"), plain))
    assert.is_false(selector.match(sel("ipv4-unicast"), plain))
    assert.is_false(selector.match(sel("in-open"), multi))
    assert.is_true(selector.match(sel("ipv4-unicast"), multi))
    assert.is_true(selector.match(sel("ipv4-unicast/ipv6-unicast"), multi))
    assert.is_false(selector.match(sel("ipv4-flow"), multi))
    -- without a family block: every family
    local all = nb("127.0.0.1", { capability = { ["multi-session"] = true } })
    assert.is_true(selector.match(sel("ipv4-flow/l2vpn-vpls"), all))
  end)
end)

describe("commands", function()
  it("announces a route to the neighbors of the process, with the session's attributes", function()
    local _, src, calls, out = fake()
    src:run("announce route 1.0.0.0/24 next-hop 101.1.101.1 med 200")
    local a = announces(calls)
    assert.equal(1, #a)
    assert.equal(1, a[1].i)
    assert.same({ { nlri = "1.0.0.0/24" } }, a[1].upd.announce["ipv4 unicast"]["101.1.101.1"])
    assert.equal(200, a[1].upd.attribute.med)
    assert.equal(100, a[1].upd.attribute["local-preference"])
    assert.same({ "done\n" }, out)
  end)

  it("takes a known attribute text's prefixes straight in (the fast path)", function()
    local _, src, calls, out = fake()
    src:run("announce route 1.0.0.0/24 next-hop 101.1.101.1 med 7")
    src:run("announce route 1.0.1.0/24 next-hop 101.1.101.1 med 7")
    src:run("announce route 1.0.2.0/24 next-hop 101.1.101.1 med 8")
    local a = announces(calls)
    assert.equal(3, #a)
    assert.is_table(a[1].upd)
    assert.equal("1.0.1.0/24", a[2].prefix)
    assert.is_table(a[3].upd) -- another text: the grammar again
    local made = 0
    for _, c in ipairs(calls) do
      if c[1] == "attrset" then
        made = made + 1
        assert.equal(7, c[3].attribute.med)
      end
    end
    assert.equal(1, made)
    assert.same({ "done\n", "done\n", "done\n" }, out)
  end)

  it("splits, and sends to every neighbor with neighbor *", function()
    local _, src, calls = fake()
    src:run("neighbor * announce route 1.0.0.0/23 next-hop 1.1.1.1 split /24")
    local a = announces(calls)
    assert.equal(4, #a)
    assert.equal(2, a[4].i)
  end)

  it("withdraws unicast routes bare and flow routes with their attributes", function()
    local _, src, calls, out = fake()
    src:run("withdraw route 1.0.0.0/24")
    src:run("withdraw flow route { match { source 10.0.0.1/32; } }")
    local a = announces(calls)
    assert.same({ withdraw = { ["ipv4 unicast"] = { { nlri = "1.0.0.0/24" } } } }, a[1].upd)
    assert.equal("igp", a[2].upd.attribute.origin)
    assert.is_table(a[2].upd.withdraw["ipv4 flow"])
    assert.same({ "done\n", "done\n" }, out)
  end)

  it("reads ExaBGP's flat flow form as the block form", function()
    local _, src, calls, out = fake()
    src:run("announce flow route source 10.0.0.0/24 destination 10.1.0.0/24 "
      .. "destination-port =80 =443 protocol tcp discard")
    src:run("announce flow route { match { source 10.0.0.0/24; destination 10.1.0.0/24; "
      .. "destination-port [ =80 =443 ]; protocol tcp; } then { discard; } }")
    src:run("announce flow route source 10.0.0.0/24 discard frobnicate")
    local a = announces(calls)
    assert.equal(2, #a)
    assert.same(a[2].upd, a[1].upd)
    assert.same({ "done\n", "done\n" }, { out[1], out[2] })
    assert.matches("unknown flow keyword 'frobnicate'", out[3])
  end)

  it("answers error with the reason, and changes nothing", function()
    local _, src, calls, out = fake()
    src:run("announce route 1.0.0.0/24")
    src:run("neighbor 10.9.9.9 announce route 1.0.0.0/24 next-hop 1.1.1.1")
    src:run("announce route 999.0.0.0/24 next-hop 1.1.1.1")
    src:run("frobnicate")
    assert.equal(0, #announces(calls))
    assert.equal(4, #out)
    for _, o in ipairs(out) do assert.matches("^error: [^\n]+\nerror\n$", o) end
    assert.matches("^error: route 1.0.0.0/24 has no next%-hop", out[1])
    assert.matches("no neighbor matching", out[2])
    assert.matches("is not an IPv4 address", out[3])
    assert.matches("unknown command 'frobnicate'", out[4])
  end)

  it("sends End-of-RIB and ROUTE-REFRESH messages on the wire format", function()
    local _, src, calls = fake()
    src:run("announce eor ipv6 unicast")
    src:run("announce route-refresh ipv4 unicast")
    local sent = {}
    for _, c in ipairs(calls) do
      if c[1] == "send_message" then sent[#sent + 1] = c[3] end
    end
    assert.equal(string.rep("\255", 16) .. "\0\30\2\0\0\0\7\144\15\0\3\0\2\1", sent[1])
    assert.equal(string.rep("\255", 16) .. "\0\23\5\0\1\0\1", sent[2])
  end)

  it("sends OPERATIONAL messages (advisories, queries, counters)", function()
    local _, src, calls, out = fake()
    src:run('announce operational adm afi ipv4 safi unicast advisory "maintenance at 10:00"')
    src:run("announce operational rpcp afi ipv4 safi unicast router-id 10.0.0.1 "
      .. "sequence 3 counter 7")
    src:run("announce operational rpcp afi ipv4 safi unicast")
    src:run("announce operational frob afi ipv4 safi unicast")
    local sent = {}
    for _, c in ipairs(calls) do
      if c[1] == "send_message" then sent[#sent + 1] = c[3] end
    end
    assert.equal(2, #sent)
    assert.equal(6, sent[1]:byte(19))
    assert.truthy(sent[1]:find("maintenance at 10:00", 1, true))
    assert.equal(6, sent[2]:byte(19))
    assert.same("done\n", out[1])
    assert.same("done\n", out[2])
    assert.matches("bad router%-id", out[3])
    assert.matches("unknown name", out[4])
  end)

  it("controls acknowledgements: disable answers once, silence at once", function()
    local _, src, _, out = fake()
    src:run("disable-ack")
    src:run("announce route 1.0.0.0/24 next-hop 1.1.1.1")
    src:run("enable-ack")
    src:run("silence-ack")
    src:run("announce route 1.0.0.0/24 next-hop 1.1.1.1")
    assert.same({ "done\n", "done\n" }, out)
  end)

  it("applies a group's routes at its end, each command answered as it comes", function()
    local _, src, calls, out = fake()
    src:run("group start")
    src:run("announce route 1.0.0.0/24 next-hop 1.1.1.1")
    src:run("announce route 2.0.0.0/24 next-hop 1.1.1.1 med bogus")
    src:run("withdraw route 3.0.0.0/24")
    assert.equal(0, #announces(calls))
    assert.equal(5, #out) -- "group started", then one answer each
    src:run("group end")
    local got = announces(calls)
    assert.equal(2, #got)
    assert.same({ ["ipv4 unicast"] = { { nlri = "3.0.0.0/24" } } }, got[2].upd.withdraw)
    assert.same({ "group started\n", "done\n", "done\n" }, { unpack(out, 1, 3) })
    assert.truthy(out[4]:match("^error: .*bogus.*\nerror\n$"))
    assert.same({ "done\n", "group processed: 1 announced, 1 withdrawn, 1 errors\n", "done\n" },
      { unpack(out, 5) })
  end)

  it("refuses a nested group, an end without start, and what a group cannot hold", function()
    local _, src, calls, out = fake()
    src:run("group end")
    src:run("group start")
    src:run("group start")
    src:run("announce eor")
    src:run("group end")
    assert.same({ "error: not in group block\nerror\n", "group started\n", "done\n",
      "error: already in group block (nested groups not allowed)\nerror\n",
      "error: 'announce eor' cannot be in a group: only routes are grouped"
        .. " (send it after 'group end')\nerror\n",
      "group processed: 0 announced, 0 withdrawn, 1 errors\n", "done\n" }, out)
    assert.same({}, calls)
  end)

  -- no such command, in a group as out of one (it is not a command that
  -- a group refuses)
  it("answers `withdraw eor` in a group as the unknown command it is", function()
    local _, src, calls, out = fake()
    src:run("group start")
    src:run("withdraw eor")
    src:run("group end")
    assert.same({ "group started\n", "done\n", "error: unknown command 'withdraw eor'\nerror\n",
      "group processed: 0 announced, 0 withdrawn, 1 errors\n", "done\n" }, out)
    assert.same({}, calls)
  end)

  it("reads a tab after `group` as any other blank", function()
    local _, src, _, out = fake()
    src:run("group\tstart")
    src:run("group \t end")
    assert.same({ "group started\n", "done\n", "group ended (0 commands)\n", "done\n" }, out)
  end)

  it("runs `group CMD ; CMD` as one group with one answer", function()
    local _, src, calls, out = fake()
    src:run("group announce route 1.0.0.0/24 next-hop 1.1.1.1 ; announce flow route"
      .. " { match { destination 10.0.0.0/24; } then { discard; } } ; withdraw route 3.0.0.0/24")
    assert.equal(3, #announces(calls))
    assert.same({ "group processed: 2 announced, 1 withdrawn\n", "done\n" }, out)
  end)

  it("takes only announcements and withdrawals in a one-line group, answered once", function()
    local _, src, calls, out = fake()
    src:run("group announce route 1.0.0.0/24 next-hop 1.1.1.1 ; clear adj-rib out")
    src:run("group crash ; announce route 1.0.0.0/24 next-hop 1.1.1.1")
    assert.same({}, calls)
    assert.same({ "error: group part 2 (clear adj-rib out): only announcements and withdrawals"
      .. " can be grouped\nerror\n", "error: group part 1 (crash): only announcements and"
      .. " withdrawals can be grouped\nerror\n" }, out)
  end)

  it("ends an empty group as ExaBGP main does", function()
    local _, src, _, out = fake()
    src:run("group start")
    src:run("group end")
    assert.same({ "group started\n", "done\n", "group ended (0 commands)\n", "done\n" }, out)
  end)

  it("answers an error, once, when applying the group fails", function()
    local d, src, _, out = fake()
    local inner = d.sp
    d.sp = setmetatable({ announce = function() error("boom") end }, { __index = inner })
    src:run("group start")
    src:run("announce route 1.0.0.0/24 next-hop 1.1.1.1")
    src:run("group end")
    assert.equal("error: internal error applying the group (see the log)\nerror\n", out[4])
    assert.equal(4, #out)
  end)

  it("applies nothing of a one-line group with a bad part", function()
    local _, src, calls, out = fake()
    src:run("group announce route 1.0.0.0/24 next-hop 1.1.1.1 ; announce route 2.0.0.0/33"
      .. " next-hop 1.1.1.1")
    src:run("group ;")
    assert.same({}, announces(calls))
    assert.equal(2, #out)
    assert.truthy(out[1]:match("^error: group part 2 %(announce route 2%.0%.0%.0/33 next%-hop"
      .. " 1%.1%.1%.1%): .*33.*\nerror\n$"))
    assert.equal("error: empty group\nerror\n", out[2])
  end)

  it("stops the daemon on shutdown, after its answer", function()
    local _, src, calls, out = fake()
    src:run("shutdown")
    assert.same({ "stop", "shutdown" }, calls[#calls])
    assert.same({ "shutdown in progress\n", "done\n" }, out)
  end)

  it("reads ExaBGP main's target-first commands (api/v6.lua)", function()
    local _, src, calls, out = fake()
    src:run("daemon shutdown")
    assert.same({ "stop", "shutdown" }, calls[#calls])
    src:run("peer 127.0.0.2 announce route 3.0.0.0/24 next-hop 1.1.1.1")
    local got = announces(calls)
    assert.equal(1, #got)
    assert.equal(2, got[1].i)
    src:run("peer [ 10.9.9.9 ] announce route 3.0.0.0/24 next-hop 1.1.1.1")
    src:run("daemon explode")
    assert.same({ "shutdown in progress\n", "done\n", "done\n",
      "error: no neighbor matching the command\nerror\n",
      "error: unknown command 'daemon explode'\nerror\n" }, out)
  end)

  it("ignores comments and empty lines without an answer", function()
    local d, src, _, out = fake()
    src:run("# a comment")
    src:run("   ")
    assert.same({}, out)
    assert.equal("quiet", commands.run(d, src, ""))
  end)
end)

describe("commands against garbage", function()
  -- every line gets exactly one answer, a reasoned one: never an internal
  -- error (a Lua error in a handler)
  it("answers every random line with done or a reasoned error", function()
    local words = { "announce", "withdraw", "route", "flow", "attributes", "nlri", "neighbor",
      "*", ",", "next-hop", "self", "10.0.0.0/24", "2001:db8::/32", "med", "community", "[",
      "]", "{", "}", ";", "match", "then", "split", "/25", "eor", "ipv4", "unicast",
      "route-refresh", "watchdog", "show", "adj-rib", "in", "out", "teardown", "group",
      "start", "end", "vpls", "rd", "1:1", "as-path", "local-as", "peer-as", "router-id",
      "65000", "-1", "99999999999", "", "\0", "\255", "create", "delete", "clear", "flush" }
    math.randomseed(4)
    local _, src, _, out = fake()
    for _ = 1, 3000 do
      local n = math.random(1, 12)
      local w = {}
      for k = 1, n do w[k] = words[math.random(#words)] end
      local before = #out
      src:run(table.concat(w, " "))
      for k = before + 1, #out do
        assert.is_nil(out[k]:find("internal error", 1, true), table.concat(w, " "))
      end
    end
  end)
end)
