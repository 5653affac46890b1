-- What each API command (lua/luabgp/api) does to the speaker: the calls it
-- makes and their arguments (the UPDATE shapes of config/route.lua handed
-- to sp:announce, the bytes of the messages it sends), and its reply lines;
-- against the recording daemon of spec/helpers/api_fake.lua.  The shapes
-- are also given to the core's encoder, as the speaker's announce does.
local core = require "luabgp.core"

local api = require "spec.helpers.api_fake"
local fake, announces = api.fake, api.announces

local MARKER = string.rep("\255", 16)
local IBGP = { origin = "igp", ["as-path"] = {}, ["local-preference"] = 100 }

-- the calls named name, their arguments after the neighbor's index
local function called(calls, name)
  local got = {}
  for _, c in ipairs(calls) do
    if c[1] == name then got[#got + 1] = { unpack(c, 2) } end
  end
  return got
end

local wrap = api.wrap

-- the attributes of a command's single UPDATE, the session's defaults
-- (origin, as-path and local-preference to an internal peer) under them
local function with_defaults(t)
  local a = {}
  for k, v in pairs(IBGP) do a[k] = v end
  for k, v in pairs(t) do a[k] = v end
  return a
end

local function encodes(upd)
  local bytes, why = core.encode(upd, {})
  assert.is_string(bytes, why)
  return core.hex_encode(bytes)
end

describe("announce attributes ... nlri", function()
  it("announces each prefix with the one attribute set", function()
    local _, src, calls, out = fake()
    src:run("announce attributes next-hop 1.1.1.1 med 5 community 65000:7 "
      .. "nlri 10.0.0.0/24 10.0.1.0/24 10.0.2.0/25")
    local a = announces(calls)
    assert.equal(3, #a)
    local attrs = with_defaults({ med = 5, community = { { 65000, 7 } } })
    for k, p in ipairs({ "10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/25" }) do
      assert.equal(1, a[k].i)
      assert.same({ attribute = attrs,
        announce = { ["ipv4 unicast"] = { ["1.1.1.1"] = { { nlri = p } } } } }, a[k].upd)
    end
    assert.same({ "done\n" }, out)
  end)

  it("takes 'attribute' for 'attributes', as ExaBGP does", function()
    local _, src, calls, out = fake()
    src:run("announce attribute next-hop 1.1.1.1 nlri 10.0.0.0/24")
    assert.same({ ["1.1.1.1"] = { { nlri = "10.0.0.0/24" } } },
      announces(calls)[1].upd.announce["ipv4 unicast"])
    assert.same({ "done\n" }, out)
  end)

  it("withdraws each prefix bare", function()
    local _, src, calls, out = fake()
    src:run("withdraw attributes next-hop 1.1.1.1 med 5 nlri 10.0.0.0/24 10.0.1.0/24")
    local a = announces(calls)
    assert.equal(2, #a)
    assert.same({ withdraw = { ["ipv4 unicast"] = { { nlri = "10.0.0.0/24" } } } }, a[1].upd)
    assert.same({ withdraw = { ["ipv4 unicast"] = { { nlri = "10.0.1.0/24" } } } }, a[2].upd)
    assert.same({ "done\n" }, out)
  end)

  it("goes to the neighbors of a selector", function()
    local _, src, calls = fake()
    src:run("neighbor 127.0.0.2 announce attributes next-hop 1.1.1.1 nlri 10.0.0.0/24 10.0.1.0/24")
    local a = announces(calls)
    assert.same({ 2, 2 }, { a[1].i, a[2].i })
  end)
end)

describe("announce vpls / withdraw vpls", function()
  local VPLS = "endpoint 5 base 10702 offset 1 size 8 rd 192.0.2.1:123 next-hop 192.0.2.1"
  local NLRI = { endpoint = 5, base = 10702, offset = 1, size = 8, rd = "192.0.2.1:123" }

  it("announces an l2vpn vpls route with its next hop", function()
    local _, src, calls, out = fake()
    src:run("announce vpls " .. VPLS .. " med 9")
    local a = announces(calls)
    assert.equal(1, #a)
    assert.same({ attribute = with_defaults({ med = 9 }),
      announce = { ["l2vpn vpls"] = { ["192.0.2.1"] = { NLRI } } } }, a[1].upd)
    -- RFC 4761 §3.2.2: length 17, RD, VE ID 5, offset 1, size 8, base 10702 << 4 | BoS
    assert.truthy(encodes(a[1].upd):find("0011" .. "0001C0000201007B" .. "0005" .. "0001"
      .. "0008" .. "029CE1", 1, true))
    assert.same({ "done\n" }, out)
  end)

  it("withdraws it with its attributes, without next hop", function()
    local _, src, calls, out = fake()
    src:run("withdraw vpls " .. VPLS)
    local a = announces(calls)
    assert.equal(1, #a)
    assert.same({ attribute = IBGP, withdraw = { ["l2vpn vpls"] = { NLRI } } }, a[1].upd)
    assert.same({ "done\n" }, out)
  end)
end)

describe("announce ipv4|ipv6 SAFI / withdraw ipv4|ipv6 SAFI", function()
  it("announces an ipv4 mpls-vpn route with its RD and label", function()
    local _, src, calls, out = fake()
    src:run("announce ipv4 mpls-vpn 10.0.0.0/24 rd 65000:1 label 100 next-hop 1.1.1.1")
    local a = announces(calls)
    assert.equal(1, #a)
    local nlri = { nlri = "10.0.0.0/24", rd = "65000:1", label = { { 100, 1601 } } }
    assert.same({ attribute = IBGP,
      announce = { ["ipv4 mpls-vpn"] = { ["1.1.1.1"] = { nlri } } } }, a[1].upd)
    -- AFI 1 SAFI 128; 112 bits: label 100 (bottom of stack), RD 0:65000:1, 10.0.0/24
    assert.truthy(encodes(a[1].upd):find("800E20" .. "000180", 1, true))
    assert.truthy(encodes(a[1].upd):find("700006410000FDE8000000010A0000", 1, true))
    assert.same({ "done\n" }, out)
  end)

  it("withdraws it with its RD, label and attributes", function()
    local _, src, calls, out = fake()
    src:run("withdraw ipv4 mpls-vpn 10.0.0.0/24 rd 65000:1 label 100")
    local a = announces(calls)
    assert.same({ attribute = IBGP, withdraw = { ["ipv4 mpls-vpn"] = {
      { nlri = "10.0.0.0/24", rd = "65000:1", label = { { 100, 1601 } } } } } }, a[1].upd)
    assert.same({ "done\n" }, out)
  end)

  it("announces an ipv6 unicast route, and withdraws it bare", function()
    local _, src, calls, out = fake()
    src:run("announce ipv6 unicast 2001:db8::/32 next-hop 2001:db8::1 med 3")
    src:run("withdraw ipv6 unicast 2001:db8::/32")
    local a = announces(calls)
    assert.equal(2, #a)
    assert.same({ attribute = with_defaults({ med = 3 }),
      announce = { ["ipv6 unicast"] = { ["2001:db8::1"] = { { nlri = "2001:db8::/32" } } } } },
      a[1].upd)
    assert.same({ withdraw = { ["ipv6 unicast"] = { { nlri = "2001:db8::/32" } } } }, a[2].upd)
    assert.same({ "done\n", "done\n" }, out)
  end)

  it("announces ipv4 labeled-unicast as nlri-mpls", function()
    local _, src, calls = fake()
    src:run("announce ipv4 labeled-unicast 10.0.0.0/24 label 16 next-hop 1.1.1.1")
    local a = announces(calls)
    assert.same({ ["1.1.1.1"] = { { nlri = "10.0.0.0/24", label = { { 16, 257 } } } } },
      a[1].upd.announce["ipv4 nlri-mpls"])
  end)
end)

describe("announce ipv4|ipv6 flow|flow-vpn (the flat form, family given)", function()
  it("reads the flow of the family named, as the flat flow form", function()
    local _, src, calls, out = fake()
    src:run("announce ipv4 flow source 10.0.0.0/24 destination-port =80 discard")
    src:run("announce ipv6 flow destination-port =443 rate-limit 1000")
    src:run("announce ipv4 flow-vpn rd 65000:1 destination 10.1.0.0/16 discard")
    local a = announces(calls)
    assert.equal(3, #a)
    assert.same({ ["no-nexthop"] = { { ["source-ipv4"] = { "10.0.0.0/24" },
      ["destination-port"] = { "=80" } } } }, a[1].upd.announce["ipv4 flow"])
    -- no prefix to tell: the family named decides (AFI 2 SAFI 133)
    assert.same({ ["no-nexthop"] = { { ["destination-port"] = { "=443" } } } },
      a[2].upd.announce["ipv6 flow"])
    assert.truthy(encodes(a[2].upd):find("800E", 1, true))
    assert.truthy(encodes(a[2].upd):find("000285", 1, true))
    assert.same({ ["no-nexthop"] = { { rd = "65000:1",
      ["destination-ipv4"] = { "10.1.0.0/16" } } } }, a[3].upd.announce["ipv4 flow-vpn"])
    for _, x in ipairs(a) do encodes(x.upd) end
    assert.same({ "done\n", "done\n", "done\n" }, out)
  end)

  it("withdraws one the same way", function()
    local _, src, calls, out = fake()
    src:run("withdraw ipv4 flow source 10.0.0.0/24 discard")
    local a = announces(calls)
    assert.same({ { ["source-ipv4"] = { "10.0.0.0/24" } } }, a[1].upd.withdraw["ipv4 flow"])
    assert.same({ "done\n" }, out)
  end)
end)

describe("announce route: every attribute keyword", function()
  local function one(line)
    local _, src, calls, out = fake()
    src:run("announce route 10.0.0.0/24 next-hop 1.1.1.1 " .. line)
    assert.same({ "done\n" }, out)
    local a = announces(calls)
    assert.equal(1, #a)
    return a[1].upd
  end

  it("origin, med, local-preference, aigp", function()
    local upd = one("origin egp med 10 local-preference 200 aigp 7")
    assert.same(with_defaults({ origin = "egp", med = 10, ["local-preference"] = 200,
      aigp = 7 }), upd.attribute)
    local hex = encodes(upd)
    assert.truthy(hex:find("40010101", 1, true)) -- ORIGIN EGP
    assert.truthy(hex:find("800404" .. "0000000A", 1, true)) -- MED 10
    assert.truthy(hex:find("400504" .. "000000C8", 1, true)) -- LOCAL_PREF 200
    assert.truthy(hex:find("801A0B01000B0000000000000007", 1, true)) -- AIGP TLV 7
    assert.equal("incomplete", one("origin incomplete").attribute.origin)
  end)

  it("as-path: a sequence, a set, both", function()
    assert.same({ ["0"] = { element = "as-sequence", value = { 65001, 65002 } } },
      one("as-path [ 65001 65002 ]").attribute["as-path"])
    assert.same({ ["0"] = { element = "as-sequence", value = { 65001 } } },
      one("as-path 65001").attribute["as-path"])
    assert.same({ ["0"] = { element = "as-set", value = { 1, 2 } } },
      one("as-path ( 1 2 )").attribute["as-path"])
    local upd = one("as-path [ 1 2 ( 3 4 ) ]")
    assert.same({ ["0"] = { element = "as-sequence", value = { 1, 2 } },
      ["1"] = { element = "as-set", value = { 3, 4 } } }, upd.attribute["as-path"])
    assert.truthy(encodes(upd):find("400214" .. "02020000000100000002" .. "01020000000300000004",
      1, true))
  end)

  it("community, large-community, extended-community", function()
    local upd = one("community [ 65000:1 no-export blackhole ] large-community [ 65000:1:2 ] "
      .. "extended-community [ origin:1.2.3.4:5 target:65000:1 ]")
    assert.same({ { 65000, 1 }, { 65535, 65281 }, { 65535, 666 } }, upd.attribute.community)
    assert.same({ { 65000, 1, 2 } }, upd.attribute["large-community"])
    -- sorted by their bytes, as ExaBGP sends them: the route target (0x0002) first
    local ext = upd.attribute["extended-community"]
    assert.same({ "target:65000:1", "origin:1.2.3.4:5" }, { ext[1].string, ext[2].string })
    assert.equal(0x0002FDE800000001, ext[1].value)
    local hex = encodes(upd)
    -- communities go on the wire sorted, as ExaBGP sends them
    assert.truthy(hex:find("C0080C" .. "FDE80001" .. "FFFF029A" .. "FFFFFF01", 1, true))
    assert.truthy(hex:find("C0200C" .. "0000FDE80000000100000002", 1, true))
    assert.truthy(hex:find("C01010" .. "0002FDE800000001" .. "0103010203040005", 1, true))
  end)

  it("a single community without brackets", function()
    assert.same({ { 65000, 1 } }, one("community 65000:1").attribute.community)
  end)

  it("atomic-aggregate, aggregator, originator-id, cluster-list", function()
    local upd = one("atomic-aggregate aggregator ( 65000:192.0.2.1 ) originator-id 1.2.3.4 "
      .. "cluster-list [ 1.1.1.1 2.2.2.2 ]")
    assert.same(with_defaults({ ["atomic-aggregate"] = true,
      aggregator = { asn = 65000, speaker = "192.0.2.1" }, ["originator-id"] = "1.2.3.4",
      ["cluster-list"] = { "1.1.1.1", "2.2.2.2" } }), upd.attribute)
    local hex = encodes(upd)
    assert.truthy(hex:find("400600", 1, true))
    assert.truthy(hex:find("C00708" .. "0000FDE8C0000201", 1, true))
    assert.truthy(hex:find("800904" .. "01020304", 1, true))
    assert.truthy(hex:find("800A08" .. "0101010102020202", 1, true))
    assert.same({ asn = 65000, speaker = "192.0.2.1" },
      one("aggregator 65000:192.0.2.1").attribute.aggregator)
  end)

  it("label: a labeled-unicast route, the last label bottom of stack", function()
    local upd = one("label [ 100 200 ]")
    assert.same({ ["1.1.1.1"] = { { nlri = "10.0.0.0/24", label = { { 100, 1600 },
      { 200, 3201 } } } } }, upd.announce["ipv4 nlri-mpls"])
    assert.same({ { 7, 113 } }, one("label 7").announce["ipv4 nlri-mpls"]["1.1.1.1"][1].label)
  end)

  it("rd: an mpls-vpn route (route-distinguisher too)", function()
    local upd = one("rd 65000:1 label 100")
    assert.same({ ["1.1.1.1"] = { { nlri = "10.0.0.0/24", rd = "65000:1",
      label = { { 100, 1601 } } } } }, upd.announce["ipv4 mpls-vpn"])
    upd = one("route-distinguisher 1.2.3.4:5 label 100")
    assert.equal("1.2.3.4:5", upd.announce["ipv4 mpls-vpn"]["1.1.1.1"][1].rd)
  end)

  it("path-information, as a number or dotted quad", function()
    assert.same({ nlri = "10.0.0.0/24", ["path-information"] = "0.0.1.2" },
      one("path-information 258").announce["ipv4 unicast"]["1.1.1.1"][1])
    assert.same({ nlri = "10.0.0.0/24", ["path-information"] = "1.2.3.4" },
      one("path-information 1.2.3.4").announce["ipv4 unicast"]["1.1.1.1"][1])
  end)

  it("attribute [ CODE FLAGS DATA ]: a generic attribute", function()
    local upd = one("attribute [ 0x63 0xc0 0x0102 ]")
    assert.equal("0102", upd.attribute["attribute-0x63-0xC0"])
    assert.truthy(encodes(upd):find("C06302" .. "0102", 1, true))
  end)

  it("split: one UPDATE per more specific, in address order", function()
    local _, src, calls, out = fake()
    src:run("announce route 10.0.0.0/24 next-hop 1.1.1.1 med 4 split /26")
    local got = {}
    for _, a in ipairs(announces(calls)) do
      assert.equal(4, a.upd.attribute.med)
      got[#got + 1] = a.upd.announce["ipv4 unicast"]["1.1.1.1"][1].nlri
    end
    assert.same({ "10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26", "10.0.0.192/26" }, got)
    assert.same({ "done\n" }, out)
  end)

  it("name and watchdog tag the route, nothing of them is sent", function()
    local upd = one("name web1 watchdog web")
    assert.same({ attribute = IBGP,
      announce = { ["ipv4 unicast"] = { ["1.1.1.1"] = { { nlri = "10.0.0.0/24" } } } } }, upd)
  end)

  it("next-hop self: the session's local address", function()
    local _, src, calls = fake()
    src:run("announce route 10.0.0.0/24 next-hop self")
    assert.same({ ["127.0.0.1"] = { { nlri = "10.0.0.0/24" } } },
      announces(calls)[1].upd.announce["ipv4 unicast"])
  end)

  it("a bare address is a host route, as ExaBGP reads it", function()
    local _, src, calls, out = fake()
    src:run("announce route 10.0.0.1 next-hop 1.1.1.1")
    src:run("announce route 2001:db8::1 next-hop 2001:db8::2")
    local a = announces(calls)
    assert.equal("10.0.0.1/32", a[1].upd.announce["ipv4 unicast"]["1.1.1.1"][1].nlri)
    assert.equal("2001:db8::1/128", a[2].upd.announce["ipv6 unicast"]["2001:db8::2"][1].nlri)
    assert.same({ "done\n", "done\n" }, out)
  end)

  it("to an external peer: our AS prepended, no LOCAL_PREF", function()
    local _, src, calls = fake()
    src:run("neighbor 127.0.0.2 announce route 10.0.0.0/24 next-hop 1.1.1.1 "
      .. "local-preference 300")
    local a = announces(calls)
    assert.equal(2, a[1].i)
    assert.same({ origin = "igp",
      ["as-path"] = { ["0"] = { element = "as-sequence", value = { 1 } } } }, a[1].upd.attribute)
  end)
end)

describe("End-of-RIB and ROUTE-REFRESH", function()
  it("sends an empty UPDATE for 'announce eor' (IPv4 unicast)", function()
    local _, src, calls, out = fake()
    src:run("announce eor")
    src:run("announce eor ipv4 unicast")
    local sent = called(calls, "send_message")
    assert.same({ { 1, MARKER .. "\0\23\2\0\0\0\0" }, { 1, MARKER .. "\0\23\2\0\0\0\0" } }, sent)
    assert.same({ "done\n", "done\n" }, out)
  end)

  it("sends an MP_UNREACH_NLRI with only AFI/SAFI for another family", function()
    local _, src, calls = fake()
    src:run("neighbor * announce eor ipv4 flow")
    local sent = called(calls, "send_message")
    local eor = MARKER .. "\0\30\2\0\0\0\7\144\15\0\3\0\1\133"
    assert.same({ { 1, eor }, { 2, eor } }, sent)
  end)

  it("sends a ROUTE-REFRESH to the neighbors of a selector", function()
    local _, src, calls, out = fake()
    src:run("neighbor 127.0.0.2 announce route-refresh ipv6 unicast")
    assert.same({ { 2, MARKER .. "\0\23\5\0\2\0\1" } }, called(calls, "send_message"))
    assert.same({ "done\n" }, out)
  end)
end)

describe("announce operational", function()
  local function sent_by(line)
    local _, src, calls, out = fake()
    src:run(line)
    assert.same({ "done\n" }, out)
    local sent = called(calls, "send_message")
    assert.equal(1, #sent)
    assert.equal(1, sent[1][1])
    return sent[1][2]
  end

  -- draft-ietf-idr-operational-message: message type 6, then TYPE(2) LENGTH(2)
  it("asm: an advisory static message", function()
    assert.equal(MARKER .. "\0\31\6" .. "\0\2\0\8" .. "\0\1\1" .. "hello",
      sent_by('announce operational asm afi ipv4 safi unicast advisory "hello"'))
  end)

  local state = {
    { "rpcq", 3 }, { "apcq", 5 }, { "lpcq", 7 },
  }
  for _, s in ipairs(state) do
    it(s[1] .. ": a prefix count request with router-id and sequence", function()
      assert.equal(MARKER .. "\0\34\6" .. "\0" .. string.char(s[2]) .. "\0\11" .. "\0\1\1"
        .. "\10\0\0\1" .. "\0\0\0\3",
        sent_by("announce operational " .. s[1]
          .. " afi ipv4 safi unicast router-id 10.0.0.1 sequence 3"))
    end)
  end

  for _, s in ipairs({ { "apcp", 6 }, { "lpcp", 8 } }) do
    it(s[1] .. ": a prefix count reply with its counter", function()
      assert.equal(MARKER .. "\0\38\6" .. "\0" .. string.char(s[2]) .. "\0\15" .. "\0\1\1"
        .. "\10\0\0\1" .. "\0\0\0\3" .. "\0\0\0\9",
        sent_by("announce operational " .. s[1]
          .. " afi ipv4 safi unicast router-id 10.0.0.1 sequence 3 counter 9"))
    end)
  end

  it("goes only to sessions that negotiated it", function()
    local d, src, calls, out = fake()
    wrap(d, { info = function(_, i)
      return { established = true, operational = i == 2 }
    end })
    src:run('neighbor * announce operational adm afi ipv4 safi unicast advisory "x"')
    local sent = called(calls, "send_message")
    assert.equal(1, #sent)
    assert.equal(2, sent[1][1])
    assert.same({ "done\n" }, out)
  end)
end)

describe("teardown", function()
  it("tears the selected session down with the Cease subcode given", function()
    local _, src, calls, out = fake()
    src:run("neighbor 127.0.0.2 teardown 4")
    assert.same({ { 2, 4 } }, called(calls, "teardown"))
    assert.same({ "done\n" }, out)
  end)

  it("every neighbor a selector matches, and the v6 form", function()
    local _, src, calls, out = fake()
    src:run("neighbor * teardown 6")
    src:run("peer 127.0.0.1 teardown 3")
    assert.same({ { 1, 6 }, { 2, 6 }, { 1, 3 } }, called(calls, "teardown"))
    assert.same({ "done\n", "done\n" }, out)
  end)
end)

describe("adj-rib commands", function()
  it("flush adj-rib out sends the Adj-RIB-Out of the process's neighbors again", function()
    local _, src, calls, out = fake()
    src:run("flush adj-rib out")
    src:run("neighbor * flush adj-rib out")
    assert.same({ { 1 }, { 1 }, { 2 } }, called(calls, "flush_out"))
    assert.same({ "done\n", "done\n" }, out)
  end)

  it("clear adj-rib in / out empty the RIB of that side only", function()
    local _, src, calls, out = fake()
    src:run("clear adj-rib in")
    assert.same({ { 1 } }, called(calls, "clear_in"))
    assert.same({}, called(calls, "clear_out"))
    src:run("neighbor 127.0.0.2 clear adj-rib out")
    assert.same({ { 2 } }, called(calls, "clear_out"))
    assert.same({ { 1 } }, called(calls, "clear_in"))
    assert.same({ "done\n", "done\n" }, out)
  end)

  it("the v6 forms", function()
    local _, src, calls, out = fake()
    src:run("rib flush out")
    src:run("rib clear in")
    src:run("rib clear out")
    assert.same({ { 1 } }, called(calls, "flush_out"))
    assert.same({ { 1 } }, called(calls, "clear_in"))
    assert.same({ { 1 } }, called(calls, "clear_out"))
    assert.same({ "done\n", "done\n", "done\n" }, out)
  end)
end)

describe("daemon commands", function()
  for _, what in ipairs({ "reload", "restart" }) do
    it(what .. " says so, stops the daemon with that reason and answers done", function()
      local _, src, calls, out = fake()
      src:run(what)
      assert.same({ { what } }, called(calls, "stop"))
      assert.same({ what .. " in progress\n", "done\n" }, out)
      src:run("daemon " .. what)
      assert.same({ { what }, { what } }, called(calls, "stop"))
    end)
  end

  it("version writes the daemon's version text", function()
    local d, src, calls, out = fake()
    d.version_text = "luabgp 9.9.9"
    src:run("version")
    assert.same({ "luabgp 9.9.9\n", "done\n" }, out)
    assert.same({}, calls)
  end)

  it("help lists the commands, then done", function()
    local _, src, calls, out = fake()
    src:run("help")
    assert.is_true(#out > 10)
    assert.equal("done\n", out[#out])
    local text = table.concat(out)
    for _, c in ipairs({ "announce route", "withdraw route", "teardown", "flush adj-rib out",
      "clear adj-rib in|out", "show adj-rib in|out", "enable-sync", "create neighbor",
      "delete neighbor" }) do
      assert.truthy(text:find(c, 1, true), c)
    end
    assert.same({}, calls)
  end)

  it("status writes each neighbor's state, and changes nothing", function()
    local d, src, calls, out = fake()
    wrap(d, { info = function(_, i)
      return { established = i == 1, state = i == 1 and "established" or "active" }
    end })
    src:run("status")
    assert.equal("done\n", out[#out])
    local text = table.concat(out)
    assert.truthy(text:find("127.0.0.1: ESTABLISHED\n", 1, true))
    assert.truthy(text:find("127.0.0.2: ACTIVE\n", 1, true))
    assert.same({}, calls)
  end)

  it("ping answers pong, then done", function()
    local _, src, calls, out = fake()
    src:run("ping")
    assert.equal(2, #out)
    assert.truthy(out[1]:find("pong", 1, true))
    assert.equal("done\n", out[2])
    assert.same({}, calls)
  end)

  it("bye answers done and changes nothing", function()
    local _, src, calls, out = fake()
    src:run("bye")
    assert.same({ "done\n" }, out)
    assert.same({}, calls)
  end)
end)

describe("enable-sync / disable-sync", function()
  -- a speaker whose session has not written the routes for the first
  -- `late` questions; what was answered each time it was awaited
  local function syncing(late)
    local d, src, calls, out = fake()
    local asked, awaited = 0, {}
    wrap(d, {
      written = function(_, i)
        calls[#calls + 1] = { "written", i }
        asked = asked + 1
        return asked > late
      end,
      await_written = function(_, i, t)
        calls[#calls + 1] = { "await_written", i, t }
        awaited[#awaited + 1] = #out
        return true
      end,
    })
    return d, src, calls, out, awaited
  end

  it("with sync on, the answer waits until the routes are written", function()
    local _, src, calls, out, awaited = syncing(2)
    src:run("enable-sync")
    assert.same({ "done\n" }, out)
    src:run("announce route 10.0.0.0/24 next-hop 1.1.1.1")
    assert.same({ { 1, 0.1 }, { 1, 0.1 } }, called(calls, "await_written"))
    assert.same({ { 1 }, { 1 }, { 1 } }, called(calls, "written"))
    -- awaited while the command was not answered yet
    assert.same({ 1, 1 }, awaited)
    assert.same({ "done\n", "done\n" }, out)
    -- the announce came first
    local first_announce, first_written
    for k, c in ipairs(calls) do
      if c[1] == "announce" and not first_announce then first_announce = k end
      if c[1] == "written" and not first_written then first_written = k end
    end
    assert.is_true(first_announce < first_written)
  end)

  it("waits for withdrawals and for the fast path too", function()
    local _, src, calls, out = syncing(0)
    src:run("enable-sync")
    src:run("announce route 10.0.0.0/24 next-hop 1.1.1.1")
    src:run("announce route 10.0.1.0/24 next-hop 1.1.1.1") -- the fast path
    src:run("withdraw route 10.0.0.0/24")
    assert.equal(1, #called(calls, "announce_prefix"))
    assert.same({ { 1 }, { 1 }, { 1 } }, called(calls, "written"))
    assert.same({ "done\n", "done\n", "done\n", "done\n" }, out)
  end)

  it("waits for each target, not for a session that is down", function()
    local d, src, calls, out = syncing(0)
    wrap(d, { info = function(_, i) return { established = i == 2 } end })
    src:run("enable-sync")
    src:run("neighbor * announce route 10.0.0.0/24 next-hop 1.1.1.1")
    assert.same({ { 2 } }, called(calls, "written"))
    assert.same({ "done\n", "done\n" }, out)
  end)

  it("without sync (the default, or after disable-sync) nothing waits", function()
    local _, src, calls, out = syncing(5)
    src:run("announce route 10.0.0.0/24 next-hop 1.1.1.1")
    src:run("enable-sync")
    src:run("disable-sync")
    src:run("announce route 10.0.1.0/24 next-hop 1.1.1.1")
    assert.same({}, called(calls, "written"))
    assert.same({}, called(calls, "await_written"))
    assert.same({ "done\n", "done\n", "done\n", "done\n" }, out)
  end)

  it("the v6 forms turn it on and off", function()
    local _, src, _, _ = syncing(0)
    src:run("session sync enable")
    assert.is_true(src.sync)
    src:run("session sync disable")
    assert.is_false(src.sync)
  end)
end)

describe("create neighbor / delete neighbor", function()
  it("hands the address and the settings, in order, to the daemon", function()
    local d, src, _, out = fake()
    local got, reconciled = {}, 0
    function d.st.create_neighbor(st, ip, list)
      got[#got + 1] = { st, ip, list }
      return true
    end
    d.scripts = { reconcile = function() reconciled = reconciled + 1 end }
    src:run("create neighbor 10.0.0.9 local-address 10.0.0.1 local-as 1 peer-as 2 "
      .. "router-id 1.2.3.4 api proc1 api proc2")
    assert.equal(1, #got)
    assert.equal(d.st, got[1][1])
    assert.equal("10.0.0.9", got[1][2])
    assert.same({ { "local-address", "10.0.0.1" }, { "local-as", "1" }, { "peer-as", "2" },
      { "router-id", "1.2.3.4" }, { "api", "proc1" }, { "api", "proc2" } }, got[1][3])
    assert.equal(1, reconciled)
    assert.same({ "done\n" }, out)
    src:run("peer create 10.0.0.8 local-as 1 peer-as 3")
    assert.equal("10.0.0.8", got[2][2])
    assert.same({ { "local-as", "1" }, { "peer-as", "3" } }, got[2][3])
    assert.equal(2, reconciled)
  end)

  it("deletes a neighbor by its address", function()
    local d, src, _, out = fake()
    local got = {}
    function d.st.delete_neighbor(st, ip)
      got[#got + 1] = { st, ip }
      return true
    end
    src:run("delete neighbor 10.0.0.9")
    src:run("peer delete 10.0.0.7")
    assert.same({ { d.st, "10.0.0.9" }, { d.st, "10.0.0.7" } }, got)
    assert.same({ "done\n", "done\n" }, out)
  end)
end)
