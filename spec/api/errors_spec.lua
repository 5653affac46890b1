-- Every error reply of the API commands (lua/luabgp/api): `error: REASON`
-- naming what is wrong, then `error`, and nothing changed on the speaker;
-- against the recording daemon of spec/helpers/api_fake.lua.
local core = require "luabgp.core"

local api = require "spec.helpers.api_fake"
local fake = api.fake

-- the calls that only read the speaker; any other changes something
local reads = { info = true, written = true, fast_known = true }

local function changes(calls)
  local got = {}
  for _, c in ipairs(calls) do
    if not reads[c[1]] then got[#got + 1] = c[1] end
  end
  return got
end

local wrap = api.wrap

-- Runs line on a fresh fake (prepared by setup, if given) and checks that
-- it is answered with one reasoned error naming reason (plain text) and
-- changes nothing.
local function refuses(line, reason, setup)
  local d, src, calls, out = fake()
  if setup then setup(d, calls) end
  src:run(line)
  assert.equal(1, #out, line)
  local why = out[1]:match("^error: ([^\n]+)\nerror\n$")
  assert.is_string(why, "not a reasoned error: " .. out[1])
  assert.truthy(why:find(reason, 1, true), "'" .. why .. "' does not say '" .. reason .. "'")
  assert.same({}, changes(calls), line)
  return why
end

local function each(cases, setup)
  for _, c in ipairs(cases) do
    it(c[1], function() refuses(c[1], c[2], setup) end)
  end
end

describe("End-of-RIB and ROUTE-REFRESH with a missing or bad family", function()
  each({
    { "announce eor ipv4", "expected AFI SAFI" },
    { "announce eor ipv4 unicast extra", "expected AFI SAFI" },
    { "announce eor ipv9 unicast", "unknown family 'ipv9 unicast'" },
    { "announce eor ipv4 frob", "unknown family 'ipv4 frob'" },
    { "announce route-refresh", "expected AFI SAFI" },
    { "announce route-refresh ipv4", "expected AFI SAFI" },
    { "announce route-refresh ipv6 frob", "unknown family 'ipv6 frob'" },
    { "withdraw eor", "unknown command 'withdraw eor'" },
    { "withdraw route-refresh ipv4 unicast", "unknown command 'withdraw route-refresh'" },
    { "neighbor 10.9.9.9 announce eor", "no neighbor matching" },
    { "neighbor 10.9.9.9 announce route-refresh ipv4 unicast", "no neighbor matching" },
  })
end)

describe("adj-rib commands", function()
  each({
    { "flush adj-rib in", "'flush adj-rib in' means nothing" },
    { "flush adj-rib", "'flush adj-rib' needs in or out" },
    { "clear adj-rib", "'clear adj-rib' needs in or out" },
    { "clear adj-rib foo", "'clear adj-rib' needs in or out" },
    { "clear adj-rib in out", "'clear adj-rib' needs in or out" },
    { "adj-rib in", "unknown command 'adj-rib in'" },
    { "neighbor 10.9.9.9 clear adj-rib in", "no neighbor matching" },
    { "rib clear sideways", "unknown command 'rib clear sideways'" },
  })

  it("says why the speaker could not flush", function()
    local d, src, calls, out = fake()
    wrap(d, { flush_out = function(_, i)
      calls[#calls + 1] = { "flush_out?", i }
      return nil, "session is not established"
    end })
    src:run("flush adj-rib out")
    assert.same({ "error: session is not established\nerror\n" }, out)
    assert.same({ { "flush_out?", 1 } }, calls)
  end)
end)

describe("teardown", function()
  each({
    { "teardown 4", "teardown needs a 'neighbor IP' selector" },
    -- ExaBGP answers an error too when the code is missing
    { "neighbor 127.0.0.2 teardown", "teardown needs a Cease subcode (0-255)" },
    { "neighbor 127.0.0.2 teardown 256", "teardown takes a Cease subcode (0-255)" },
    { "neighbor 127.0.0.2 teardown x", "teardown takes a Cease subcode (0-255)" },
    { "neighbor 127.0.0.2 teardown -1", "teardown takes a Cease subcode (0-255)" },
    { "neighbor 127.0.0.2 teardown 4 5", "teardown takes a Cease subcode (0-255)" },
    { "neighbor 10.9.9.9 teardown 4", "no neighbor matching" },
  })
end)

describe("show", function()
  each({
    { "show", "'show' needs neighbor or adj-rib" },
    { "show foo", "'show' needs neighbor or adj-rib" },
    { "show adj-rib", "'show adj-rib' needs in or out" },
    { "show adj-rib sideways", "'show adj-rib' needs in or out" },
  })
end)

describe("create neighbor / delete neighbor", function()
  -- the fake daemon refuses both
  each({
    { "create neighbor 10.0.0.9 local-address 10.0.0.1 local-as 1 peer-as 2", "refused" },
    { "peer create 10.0.0.9 local-as 1 peer-as 2", "refused" },
    { "delete neighbor 10.0.0.9", "no such neighbor" },
    { "peer delete 10.0.0.9", "no such neighbor" },
    { "create neighbor", "'create' needs 'neighbor IP'" },
    { "create", "'create' needs 'neighbor IP'" },
    { "delete neighbor", "'delete' needs 'neighbor IP'" },
    { "create neighbor 10.0.0.9 local-as", "'local-as' needs a value" },
    { "delete neighbor 10.0.0.9 extra", "delete neighbor takes only the address" },
  })

  it("does not reconcile the scripts' policies when refused", function()
    local reconciled = 0
    refuses("create neighbor 10.0.0.9 local-as 1 peer-as 2", "refused", function(d)
      d.scripts = { reconcile = function() reconciled = reconciled + 1 end }
    end)
    assert.equal(0, reconciled)
  end)

  it("does not ask the daemon when the command is malformed", function()
    local asked = 0
    refuses("create neighbor 10.0.0.9 local-as 1 peer-as", "'peer-as' needs a value", function(d)
      d.st.create_neighbor = function() asked = asked + 1; return true end
      d.st.delete_neighbor = d.st.create_neighbor
    end)
    refuses("delete neighbor 10.0.0.9 10.0.0.8", "takes only the address", function(d)
      d.st.delete_neighbor = function() asked = asked + 1; return true end
    end)
    assert.equal(0, asked)
  end)
end)

describe("announce route with a bad attribute", function()
  local R = "announce route 10.0.0.0/24 next-hop 1.1.1.1 "
  each({
    { R .. "med x", "'x' is not a number" },
    { R .. "med 4294967296", "'4294967296' is out of range (0..4294967295)" },
    { R .. "med", "'med' needs a value" },
    { R .. "local-preference -1", "'-1' is not a number" },
    { R .. "origin frob", "origin 'frob' is not igp, egp or incomplete" },
    { R .. "origin", "'origin' needs a value" },
    { R .. "as-path [ 1 x ]", "'x' is not an AS number" },
    { R .. "community 70000:1", "70000 is above 65535" },
    { R .. "community [ 65000:1 foo ]", "'foo' is not a community" },
    { R .. "community [ 65000:1", "'[' is not closed" },
    { R .. "large-community [ 1:2 ]", "'1:2' is not a large community" },
    { R .. "extended-community [ target:x.y:1 ]", "'x.y' is not an IPv4 address" },
    { R .. "extended-community [ target:65000:99999999999 ]", "local part too big" },
    { R .. "originator-id foo", "'foo' is not an IPv4 address" },
    { R .. "cluster-list [ 1.1.1 ]", "'1.1.1' is not an IPv4 address" },
    { R .. "aggregator ( foo )", "aggregator must be ASN:IPv4" },
    { R .. "label 2000000", "'2000000' is out of range (0..1048575)" },
    { R .. "rd foo", "'foo' is not a route distinguisher" },
    { R .. "path-information x", "'x' is not a number" },
    { R .. "aigp x", "'x' is not a number" },
    { R .. "attribute [ 0x63 0xc0 ]", "attribute needs [ CODE FLAG DATA ]" },
    { R .. "split 25", "split needs /LENGTH" },
    { R .. "split /20", "split /20 must be between the prefix length and 32" },
    { R .. "frob 1", "unknown route attribute 'frob'" },
    { "announce route", "route needs a prefix" },
    { "announce route 10.0.0.0/ next-hop 1.1.1.1", "'10.0.0.0/' is not a prefix" },
    { "announce route 10.0.0.0/33 next-hop 1.1.1.1", "prefix length 33 is not an IPv4 netmask" },
    -- bits past the length: ExaBGP's own words
    { "announce route 10.0.0.1/24 next-hop 1.1.1.1", "invalid network 10.0.0.1 for netmask 24" },
    { "announce route 10.0.128.0/16 next-hop 1.1.1.1",
      "invalid network 10.0.128.0 for netmask 16" },
    { "announce route 2001:db8::1/32 next-hop ::1", "invalid network 2001:db8::1 for netmask 32" },
    { "announce attributes next-hop 1.1.1.1 nlri 10.0.0.0/24 10.0.1.1/24",
      "invalid network 10.0.1.1 for netmask 24" },
    { "announce route 2001:db8::/129 next-hop 2001:db8::1",
      "prefix length 129 is not an IPv6 netmask" },
    { "announce route 10.0.0.0/24 next-hop 999.1.1.1", "octet 999 above 255" },
    { "announce", "'announce' needs what to announce" },
    { "withdraw", "'withdraw' needs what to withdraw" },
    { "announce frob 10.0.0.0/24", "unknown command 'announce frob'" },
    { "announce attributes next-hop 1.1.1.1 10.0.0.0/24", "'attributes' needs 'nlri'" },
    { "announce attributes next-hop 1.1.1.1 med x nlri 10.0.0.0/24", "'x' is not a number" },
    { "announce ipv4 frob 10.0.0.0/24 next-hop 1.1.1.1", "unknown SAFI 'frob' for AFI ipv4" },
    { "announce ipv4 unicast 2001:db8::/32 next-hop 1.1.1.1",
      "'2001:db8::/32' is not an ipv4 prefix" },
    { "announce ipv6 mpls-vpn 2001:db8::/32 rd bad label 5 next-hop 2001:db8::1",
      "'bad' is not a route distinguisher" },
  })

  it("gives the column of what is wrong", function()
    local why = refuses("announce route 10.0.0.0/24 next-hop 1.1.1.1 med x", "is not a number")
    assert.truthy(why:find("(column 40)", 1, true), why)
  end)

  it("refuses the whole command when one prefix of many is bad", function()
    refuses("announce attributes next-hop 1.1.1.1 nlri 10.0.0.0/24 10.0.1.0/33",
      "prefix length 33")
  end)
end)

describe("announce flow with a bad match or action", function()
  each({
    { "announce flow route { match { frob 1; } then { discard; } }", "unknown flow match 'frob'" },
    { "announce flow route { match { source 10.0.0.0/40; } then { discard; } }",
      "prefix length 40 is not an IPv4 netmask" },
    { "announce flow route { match { source 10.0.0.0/24; } then { frob; } }",
      "unknown flow action 'frob'" },
    { "announce flow route { match { source 10.0.0.0/24; } then { rate-limit abc; } }",
      "'abc' is not a number" },
    { "announce flow route { match { source 10.0.0.0/24; } then { redirect foo; } }",
      "redirect needs ASN:NN, IP:NN or IP, not 'foo'" },
    { "announce flow route { match { source 10.0.0.0/24; } }", "flow route has no 'then' action" },
    { "announce flow route source 10.0.0.0/24", "flow route has no 'then' action" },
    { "announce flow route source 10.0.0.0/40 discard", "prefix length 40" },
    { "announce ipv4 flow rd 1:1 source 10.0.0.0/24 discard",
      "ipv4 flow takes no rd (ipv4 flow-vpn does)" },
    { "announce ipv4 flow-vpn source 10.0.0.0/24 discard", "ipv4 flow-vpn needs an rd" },
    { "announce ipv6 flow source 10.0.0.0/24 discard",
      "ipv6 flow cannot match 'source-ipv4' (ipv4)" },
    { "announce ipv4 flow next-header 6 discard", "ipv4 flow cannot match 'next-header' (ipv6)" },
    -- several wrong keys: the first by name, every run
    { "announce ipv4 flow source 10.0.0.0/24 traffic-class 1 next-header 6 flow-label 3 discard",
      "ipv4 flow cannot match 'flow-label' (ipv6)" },
    { "announce ipv4 flow source 10.0.0.0/24", "flow route has no 'then' action" },
    -- a word that is no keyword is not taken as a second prefix
    { "announce flow route source 10.0.0.0/24 frob 1 discard", "unknown flow keyword 'frob'" },
    { "announce flow route { match { destination [ 10.0.0.0/24 10.1.0.0/24 ]; }"
      .. " then { discard; } }", "destination takes one prefix" },
    { "announce flow route source 10.0.0.0/24 discard frob", "unknown flow keyword 'frob'" },
    { "announce flow frob", "flow commands are 'flow route ...'" },
  })

  -- values the grammar keeps as text are the codec's to read: the speaker
  -- refuses the UPDATE (sp:announce encodes it), and that reason is the answer
  local function encoding(d, calls)
    wrap(d, { announce = function(_, i, upd)
      local bytes, why = core.encode(upd, {})
      if not bytes then return nil, why end
      calls[#calls + 1] = { "announce", i, upd }
      return true
    end })
  end
  each({
    { "announce flow route source 10.0.0.0/24 destination-port =abc discard",
      "invalid destination-port" },
    { "announce flow route { match { source 10.0.0.0/24; protocol frob; } then { discard; } }",
      "invalid protocol" },
    { "neighbor * announce flow route source 10.0.0.0/24 packet-length >abc discard",
      "invalid packet-length" },
  }, encoding)
end)

describe("vpls with a missing field", function()
  local fields = {
    endpoint = "endpoint 5", base = "base 10702", offset = "offset 1", size = "size 8",
    rd = "rd 192.0.2.1:123", ["next-hop"] = "next-hop 192.0.2.1",
  }
  local order = { "endpoint", "base", "offset", "size", "rd", "next-hop" }
  for _, missing in ipairs(order) do
    for _, verb in ipairs({ "announce", "withdraw" }) do
      if not (verb == "withdraw" and missing == "next-hop") then
        local words = {}
        for _, k in ipairs(order) do
          if k ~= missing then words[#words + 1] = fields[k] end
        end
        local line = verb .. " vpls " .. table.concat(words, " ")
        it(line, function() refuses(line, "vpls needs '" .. missing .. "'") end)
      end
    end
  end

  it("names the first missing one in the order of the fields, whatever else is missing", function()
    refuses("announce vpls endpoint 5 size 8 rd 192.0.2.1:123 next-hop 192.0.2.1",
      "vpls needs 'base'")
    refuses("announce vpls rd 192.0.2.1:123 next-hop 192.0.2.1", "vpls needs 'endpoint'")
  end)

  each({
    { "announce vpls endpoint 5 base x offset 1 size 8 rd 192.0.2.1:123 next-hop 192.0.2.1",
      "'x' is not a number" },
    { "announce vpls endpoint 70000 base 1 offset 1 size 8 rd 192.0.2.1:123 next-hop 192.0.2.1",
      "'70000' is out of range (0..65535)" },
  })
end)

describe("announce operational", function()
  local O = "announce operational rpcq afi ipv4 safi unicast"
  each({
    { "announce operational rpcq afi ipv9 safi unicast router-id 10.0.0.1 sequence 1",
      "operational: bad afi" },
    { "announce operational rpcq afi ipv4 safi frob router-id 10.0.0.1 sequence 1",
      "operational: bad safi" },
    { "announce operational frob afi ipv4 safi unicast", "unknown name" },
    { "announce operational", "operational needs a message name" },
    { "announce operational asm afi ipv4 safi unicast", "advisory must be text" },
    { O .. " sequence x", "sequence is a number" },
    { O .. " router-id 10.0.0.1 sequence 1 counter x", "counter is a number" },
    { O .. " frob 1", "unknown operational field 'frob'" },
    { O .. " sequence", "'sequence' needs a value" },
    { "announce operational rpcp afi ipv4 safi unicast", "bad router-id" },
    { "neighbor 10.9.9.9 " .. O, "no neighbor matching" },
  })

  it("refuses when no session negotiated it", function()
    refuses(O .. " router-id 10.0.0.1 sequence 1", "no session that negotiated it is up",
      function(d)
        wrap(d, { info = function() return { established = true, operational = false } end })
      end)
  end)
end)

describe("an internal error in a handler", function()
  it("answers error to its source, logs it, and the next command is answered", function()
    local d, src, calls, out = fake()
    local logged = {}
    d.log = function(level, msg) logged[#logged + 1] = { level, msg } end
    local boom = true
    wrap(d, { announce = function(_, i, upd)
      if boom then error("speaker exploded") end
      calls[#calls + 1] = { "announce", i, upd }
      return true
    end })
    src:run("announce route 10.0.0.0/24 next-hop 1.1.1.1")
    assert.same({ "error: internal error running the command (see the log)\nerror\n" }, out)
    assert.same({}, changes(calls))
    assert.equal(1, #logged)
    assert.equal("error", logged[1][1])
    assert.truthy(logged[1][2]:find("announce route 10.0.0.0/24", 1, true))
    assert.truthy(logged[1][2]:find("speaker exploded", 1, true))
    -- the next commands of the source run and are answered
    boom = false
    src:run("announce route 10.0.1.0/24 next-hop 1.1.1.1")
    src:run("frobnicate")
    assert.equal("done\n", out[2])
    assert.equal("error: unknown command 'frobnicate'\nerror\n", out[3])
    assert.same({ "announce" }, changes(calls))
  end)

  it("in the fast path too", function()
    local d, src, calls, out = fake()
    src:run("announce route 10.0.0.0/24 next-hop 1.1.1.1")
    wrap(d, { announce_prefix = function() error("no memory left") end })
    src:run("announce route 10.0.1.0/24 next-hop 1.1.1.1")
    assert.equal("error: internal error running the command (see the log)\nerror\n", out[2])
    assert.equal(1, #api.announces(calls))
    src:run("version")
    assert.same({ "luabgp test\n", "done\n" }, { out[3], out[4] })
  end)
end)

describe("lines the core stood in for", function()
  it("a line over the length cap, and one holding a NUL byte", function()
    local _, src, calls, out = fake()
    src:run("\0dropped")
    src:run("\0nul")
    assert.same({ "error: a command longer than 1 MiB was dropped\nerror\n",
      "error: a command with a NUL byte was refused\nerror\n" }, out)
    assert.same({}, calls)
  end)
end)
