-- The routes of the families whose NLRI is not a prefix (mcast-vpn, mup,
-- sr-policy; lua/luabgp/config/families.lua): the JSON update shape each
-- statement gives, the bytes that shape encodes to (those of the
-- conformance session vectors), and the located errors.
-- luacheck: max line length 160
local config = require "luabgp.config"
local daemon_routes = require "luabgp.daemon.routes"
local core = require "luabgp.core"

local head = "neighbor 127.0.0.1 {\n\trouter-id 1.2.3.4;\n\tlocal-address 127.0.0.1;\n"
  .. "\tlocal-as 65000;\n\tpeer-as 65000;\n"

-- the routes of one `announce { AFI { STATEMENT } }` (or static) block
local function routes(afi, statement)
  local body = afi and ("\tannounce {\n\t\t" .. afi .. " {\n\t\t\t" .. statement .. "\n\t\t}\n\t}\n")
    or ("\tstatic {\n\t\t" .. statement .. "\n\t}\n")
  local c, err = config.load_string(head .. body .. "}\n", "t.conf")
  assert(c, err and config.format(err))
  return c.neighbors[1].routes, c.neighbors[1]
end

local function route(afi, statement)
  local rs = routes(afi, statement)
  assert.are.equal(1, #rs)
  return rs[1]
end

-- the error of a statement: "line:col: message" (the statement is on line 8)
local function error_of(afi, statement)
  local body = afi and ("\tannounce {\n\t\t" .. afi .. " {\n" .. statement .. "\n\t\t}\n\t}\n")
    or ("\tstatic {\n\n" .. statement .. "\n\t}\n")
  local c, err = config.load_string(head .. body .. "}\n", "t.conf")
  assert.is_nil(c)
  return (config.format(err):gsub("^t%.conf:", ""))
end

-- the UPDATE the route is sent as (iBGP, as in the vectors)
local function wire(r, nb)
  local upd = assert(daemon_routes.update_of(r, nb))
  return core.hex_encode(assert(core.encode(upd, { ibgp = true })))
end

describe("config mcast-vpn routes", function()
  it("parses a shared-tree join", function()
    local r = route("ipv4", "mcast-vpn shared-join rp 10.99.199.1 group 239.251.255.228 rd 65000:99999"
      .. " source-as 65000 next-hop 10.10.6.3 extended-community [ target:192.168.94.12:5 ];")
    assert.are.equal("ipv4 mcast-vpn", r.family)
    assert.are.equal("10.10.6.3", r.nexthop)
    assert.are.same({ code = 6, name = "C-Multicast Shared Tree Join route", rd = "65000:99999",
      ["source-as"] = "65000", source = "10.99.199.1", group = "239.251.255.228" }, r.nlri)
    assert.are.same({ { string = "target:192.168.94.12:5" } },
      r.attribute["extended-community"])
  end)

  it("encodes a source-active A-D route as ExaBGP does (conf-mvpn)", function()
    local rs, nb = routes("ipv6", "mcast-vpn source-ad source fd12::4 group ff0e::1 rd 65000:99999"
      .. " next-hop 10.10.6.4 extended-community [ target:65000:99999 ];")
    assert.are.same({ code = 5, name = "Source Active A-D Route", rd = "65000:99999",
      source = "fd12::4", group = "ff0e::1" }, rs[1].nlri)
    assert.are.equal("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF006F02000000584001010040020040030"
      .. "40A0A060440050400000064C010080002FDE80001869F800E35000205040A0A060400052A0000FDE8"
      .. "0001869F80FD12000000000000000000000000000480FF0E0000000000000000000000000001",
      wire(rs[1], nb))
  end)
end)

describe("config mup routes", function()
  it("parses an interwork segment discovery route with its SRv6 service", function()
    local r = route("ipv4", "mup mup-isd 10.0.1.0/24 rd 100:100 next-hop 2001::1 extended-community"
      .. " [ target:10:10 ] bgp-prefix-sid-srv6 ( l3-service 2001:db8:1:1:: 0x48 [64,24,16,0,0,0] );")
    assert.are.equal("ipv4 mup", r.family)
    assert.are.same({ name = "InterworkSegmentDiscoveryRoute", arch = 1, code = 1, prefix_ip = "10.0.1.0",
      prefix_ip_len = 24, rd = "100:100" }, r.nlri)
    assert.are.same({ ["l3-service"] = { { sid = "2001:db8:1:1::", flags = 0, endpoint_behavior = 72,
      structure = { ["locator-block-length"] = 64, ["locator-node-length"] = 24, ["function-length"] = 16,
        ["argument-length"] = 0, ["transposition-length"] = 0, ["transposition-offset"] = 0 } } } },
      r.attribute["bgp-prefix-sid"])
  end)

  it("gives an SRv6 service without a behavior the opaque one", function()
    local r = route("ipv6", "mup mup-dsd 2001::1 rd 100:100 next-hop 2001::2"
      .. " bgp-prefix-sid-srv6 ( l2-service 2001:db8:: );")
    assert.are.same({ ["l2-service"] = { { sid = "2001:db8::", flags = 0, endpoint_behavior = 65535 } } },
      r.attribute["bgp-prefix-sid"])
  end)

  it("parses both session transformed routes", function()
    local t1 = route("ipv4", "mup mup-t1st 192.168.0.1/32 rd 100:100 teid 12345 qfi 9 endpoint 10.0.0.1"
      .. " source 10.0.0.9 next-hop 10.0.0.2;")
    assert.are.same({ name = "Type1SessionTransformedRoute", arch = 1, code = 3, prefix_ip = "192.168.0.1",
      prefix_ip_len = 32, rd = "100:100", teid = "12345", qfi = "9", endpoint_ip = "10.0.0.1",
      endpoint_ip_len = 32, source_ip = "10.0.0.9", source_ip_len = 32 }, t1.nlri)
    local t2 = route("ipv4", "mup mup-t2st 10.0.0.1 rd 100:100 teid 12345/23 next-hop 10.0.0.2;")
    assert.are.same({ name = "Type2SessionTransformedRoute", arch = 1, code = 4, endpoint_ip = "10.0.0.1",
      rd = "100:100", teid = "12345", endpoint_len = 55 }, t2.nlri)
  end)

  it("sends an IPv4 next hop of an IPv6 route IPv4-mapped (conf-srv6-mup)", function()
    local rs, nb = routes("ipv6", "mup mup-t2st 2001::1 rd 100:100 teid 12345/32 next-hop 10.0.0.2"
      .. " extended-community [ target:10:10 mup:10:10 ];")
    assert.are.equal("::ffff:10.0.0.2", rs[1].nexthop)
    assert.are.equal("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0071020000005A4001010040020040050400000064C010100002"
      .. "000A0000000A0C00000A0000000A800E360002551000000000000000000000FFFF0A000002000100041D000000640000"
      .. "0064A02001000000000000000000000000000100003039", wire(rs[1], nb))
  end)
end)

describe("config sr-policy routes", function()
  it("parses a policy into the NLRI and the tunnel-encap attribute", function()
    local r = route(nil, "sr-policy distinguisher 0 color 300 endpoint 10.3.3.3 next-hop 192.0.2.1"
      .. " preference 100 priority 10 binding-sid mpls 24002 segment-list weight 10 segment type-a mpls 16001"
      .. " segment type-c ipv4 10.0.0.1 algorithm 128 sid 16003 segment-list weight 5"
      .. " segment type-i ipv6 fc00::1 algorithm 0 sid fc00::100 endpoint-behavior 65 32 0 16 0;")
    assert.are.equal("ipv4 sr-policy", r.family)
    assert.are.same({ distinguisher = 0, color = 300, endpoint = "10.3.3.3" }, r.nlri)
    assert.are.same({ ["sr-policy"] = { preference = 100, priority = 10,
      ["binding-sid"] = { type = "mpls", label = 24002 },
      ["segment-lists"] = {
        { weight = 10, segments = { { type = "A", label = 16001 },
          { type = "C", ipv4_node = "10.0.0.1", algorithm = 128, sid = 16003 } } },
        { weight = 5, segments = { { type = "I", ipv6_node = "fc00::1", algorithm = 0, sid = "fc00::100",
          ["endpoint-behavior"] = { behavior = 65, ["lb-length"] = 32, ["ln-length"] = 0,
            ["fun-length"] = 16, ["arg-length"] = 0 } } } } } } }, r.attribute["tunnel-encap"])
  end)

  it("takes the AFI from the endpoint in static and from the block in announce", function()
    assert.are.equal("ipv6 sr-policy", route(nil, "sr-policy distinguisher 0 color 1 endpoint 2001:db8::1"
      .. " next-hop 2001:db8::2;").family)
    assert.are.equal("ipv6 sr-policy", route("ipv6", "sr-policy distinguisher 0 color 1 endpoint 2001:db8::1"
      .. " next-hop 2001:db8::2;").family)
  end)

  it("writes the sub-TLVs in the order given, segment lists before the names (conf-sr-policy)", function()
    local rs, nb = routes("ipv4", "sr-policy distinguisher 1 color 200 endpoint 10.0.0.2 next-hop 192.0.2.1"
      .. " preference 200 srv6-binding-sid fc00::1 segment-list weight 2 segment type-b srv6 fc00::1"
      .. " endpoint-behavior 65 32 0 16 0 policy-name \"my-policy\" candidate-path-name \"primary\";")
    nb["local-as"], nb["peer-as"] = 65533, 65533
    assert.are.equal("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00A1020000008A4001010040020040050400000064C01760000F005C"
      .. "0C060000000000C814120000FC0000000000000000000000000000018000250009060000000000020D1A1000FC00000000"
      .. "0000000000000000000001004100002000100082000A006D792D706F6C696379810008007072696D617279800E160001"
      .. "4904C0000201006000000001000000C80A000002", wire(rs[1], nb))
  end)

  it("sends an MPLS policy without NEXT_HOP (conf-sr-policy)", function()
    local rs, nb = routes("ipv4", "sr-policy distinguisher 0 color 100 endpoint 10.0.0.1 next-hop 192.0.2.1"
      .. " preference 100 binding-sid mpls 24000 segment-list weight 1 segment type-a mpls 16001;")
    assert.are.equal("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF006902000000524001010040020040050400000064C01728000F0024"
      .. "0C060000000000640D06100005DC01008000110009060000000000010106000003E81100800E1600014904C000020100"
      .. "6000000000000000640A000001", wire(rs[1], nb))
  end)

  it("loads every segment type of conf-sr-policy-all-types", function()
    local c, err = config.load(SHARED_DIR .. "/conformance/parsing/valid/conf-sr-policy-all-types.conf")
    assert(c, err and config.format(err))
    local seen = {}
    for _, r in ipairs(c.neighbors[1].routes) do
      for _, sl in ipairs(r.attribute["tunnel-encap"]["sr-policy"]["segment-lists"]) do
        for _, s in ipairs(sl.segments) do seen[s.type] = true end
      end
    end
    for t in ("ABCDEFGHIJK"):gmatch(".") do
      if t ~= "B" then assert.is_true(seen[t], t) end
    end
  end)
end)

-- statement (on line 8, from column 1) and the error it gives
local errors = {
  { "ipv4", "mcast-vpn source-tree source 10.0.0.1 group 239.0.0.1 rd 1:1 next-hop 1.1.1.1;",
    "8:11: unknown mcast-vpn route type 'source-tree' (source-ad, shared-join, source-join)" },
  { "ipv4", "mcast-vpn shared-join source 10.0.0.1 group 239.0.0.1 rd 1:1 source-as 1 next-hop 1.1.1.1;",
    "8:23: expected 'rp', got 'source'" },
  { "ipv4", "mcast-vpn source-ad source fd00::1 group 239.0.0.1 rd 1:1 next-hop 1.1.1.1;",
    "8:28: 'fd00::1' is not an IPv4 address" },
  { "ipv4", "mcast-vpn source-join source 10.0.0.1 group 239.0.0.1 rd 1:1 next-hop 1.1.1.1;",
    "8:62: expected 'source-as', got 'next-hop'" },
  { "ipv4", "mcast-vpn source-join source 10.0.0.1 group 239.0.0.1 rd 1:1 source-as 4294967296 next-hop 1.1.1.1;",
    "8:72: '4294967296' is out of range (0..4294967295)" },
  { "ipv4", "mcast-vpn source-ad source 10.0.0.1 group 239.0.0.1 rd 1:1;",
    "8:1: ipv4 mcast-vpn route has no next-hop" },
  { "ipv4", "mcast-vpn source-ad source 10.0.0.1 group 239.0.0.1 rd x next-hop 1.1.1.1;",
    "8:56: 'x' is not a route distinguisher (ASN:N or IPv4:N)" },
  { "ipv4", "mcast-vpn source-ad source 10.0.0.1 group 239.0.0.1;",
    "8:43: expected 'rd' after '239.0.0.1'" },
  { "ipv4", "mup mup-xyz 10.0.0.0/24 rd 1:1 next-hop 1.1.1.1;",
    "8:5: unknown mup route type 'mup-xyz' (mup-isd, mup-dsd, mup-t1st, mup-t2st)" },
  { "ipv4", "mup mup-isd 10.0.0.1 rd 1:1 next-hop 1.1.1.1;",
    "8:13: '10.0.0.1' is not a prefix (IP/LENGTH)" },
  { "ipv6", "mup mup-isd 10.0.0.0/24 rd 1:1 next-hop 1.1.1.1;",
    "8:13: '10.0.0.0/24' is not an IPv6 prefix" },
  { "ipv4", "mup mup-t1st 10.0.0.1/32 rd 1:1 teid 1 qfi 256 endpoint 1.1.1.1 next-hop 1.1.1.1;",
    "8:44: '256' is out of range (0..255)" },
  { "ipv4", "mup mup-t2st 10.0.0.1 rd 1:1 teid 12345 next-hop 1.1.1.1;",
    "8:35: teid must be TEID/BITS (BITS 0 to 32), not '12345'" },
  { "ipv4", "mup mup-t2st 10.0.0.1 rd 1:1 teid 8/3 next-hop 1.1.1.1;",
    "8:35: teid '8/3': 8 does not fit in 3 bits" },
  { "ipv4", "mup mup-t2st 10.0.0.1 rd 1:1 teid 1/33 next-hop 1.1.1.1;",
    "8:35: teid '1/33': at most 32 bits" },
  { "ipv4", "mup mup-dsd 10.0.0.1 rd 1:1 next-hop 1.1.1.1 bgp-prefix-sid-srv6 ( l4-service 2001:: );",
    "8:68: expected 'l3-service' or 'l2-service'" },
  { "ipv4", "mup mup-dsd 10.0.0.1 rd 1:1 next-hop 1.1.1.1 bgp-prefix-sid-srv6 ( l3-service 10.0.0.1 );",
    "8:79: '10.0.0.1' is not an IPv6 address" },
  { "ipv4", "mup mup-dsd 10.0.0.1 rd 1:1 next-hop 1.1.1.1 bgp-prefix-sid-srv6 ( l3-service 2001:: 1 [1,2,3] );",
    "8:88: the SID structure needs six lengths (LBL, LNL, FL, AL, TPOSE-LEN, TPOSE-OFFSET), got 3" },
  { "ipv4", "mup mup-dsd 10.0.0.1 rd 1:1 next-hop 1.1.1.1 bgp-prefix-sid-srv6 ( l3-service 2001:: 1 [1,2,3,4,5,256] );",
    "8:99: '256' is out of range (0..255)" },
  { "ipv4", "sr-policy color 1 endpoint 10.0.0.1 next-hop 1.1.1.1;",
    "8:11: expected 'distinguisher', got 'color'" },
  { "ipv4", "sr-policy distinguisher 0 color 1 endpoint 2001::1 next-hop 1.1.1.1;",
    "8:44: '2001::1' is not an IPv4 address" },
  { "ipv4", "sr-policy distinguisher 0 color 1 endpoint 10.0.0.1 next-hop 1.1.1.1 preference 1 preference 2;",
    "8:83: 'preference' is given twice" },
  { "ipv4", "sr-policy distinguisher 0 color 1 endpoint 10.0.0.1 next-hop 1.1.1.1 binding-sid srv6 fc00::1;",
    "8:82: binding-sid must be 'mpls LABEL', not 'srv6'" },
  { "ipv4", "sr-policy distinguisher 0 color 1 endpoint 10.0.0.1 next-hop 1.1.1.1 binding-sid null;",
    "8:82: binding-sid null is not supported yet" },
  { "ipv4", "sr-policy distinguisher 0 color 1 endpoint 10.0.0.1 next-hop 1.1.1.1 segment-list segment type-a mpls 1;",
    "8:83: expected 'weight', got 'segment'" },
  { "ipv4", "sr-policy distinguisher 0 color 1 endpoint 10.0.0.1 next-hop 1.1.1.1 segment-list weight 1 segment type-z 1;",
    "8:100: unknown segment type 'type-z' (type-a to type-k)" },
  { "ipv4", "sr-policy distinguisher 0 color 1 endpoint 10.0.0.1 next-hop 1.1.1.1 segment-list weight 1 segment type-a mpls 1048576;",
    "8:112: '1048576' is out of range (0..1048575)" },
  { "ipv4", "sr-policy distinguisher 0 color 1 endpoint 10.0.0.1 next-hop 1.1.1.1 segment-list weight 1 segment type-c ipv4 10.0.0.1 sid 1;",
    "8:121: expected 'algorithm', got 'sid'" },
  { "ipv4", "sr-policy distinguisher 0 color 1 endpoint 10.0.0.1 next-hop 1.1.1.1 segment-list weight 1 segment type-b srv6 fc00::1 endpoint-behavior 65 32 0;",
    "8:120: 'endpoint-behavior' needs five numbers (BEHAVIOR LB LN FUN ARG)" },
  { "ipv4", "sr-policy distinguisher 0 color 1 endpoint 10.0.0.1 next-hop 1.1.1.1 colour 2;",
    "8:70: unknown route attribute 'colour'" },
  { nil, "sr-policy distinguisher 0 color 1 endpoint 10.0.0.300 next-hop 1.1.1.1;",
    "8:44: '10.0.0.300' is not an IPv4 address (octet 300 above 255)" },
}

describe("config flow routes of a family named (ExaBGP main's flat form)", function()
  it("reads `flow KEY VALUE... ACTION` as a flow route of that family", function()
    local r = route("ipv6", "flow destination-port =443 rate-limit 1000;")
    assert.are.equal("ipv6 flow", r.family)
    assert.same({ "=443" }, r.nlri["destination-port"])
    -- AFI 2 SAFI 133, destination-port =443, rate-limit 1000
    local hex = wire(r, { ["local-as"] = 65000, ["peer-as"] = 65000 })
    assert.truthy(hex:find("000285", 1, true))
    local vpn = route("ipv4", "flow-vpn rd 65000:1 source 10.0.0.0/24 discard;")
    assert.are.equal("ipv4 flow-vpn", vpn.family)
    assert.are.equal("65000:1", vpn.nlri.rd)
  end)

  it("locates what is wrong", function()
    assert.are.equal("8:1: ipv6 flow cannot match 'source-ipv4' (ipv4)",
      error_of("ipv6", "flow source 10.0.0.0/24 discard;"))
    assert.are.equal("8:1: unknown flow keyword 'frob'",
      error_of("ipv4", "flow source 10.0.0.0/24 frob 1 discard;"))
  end)
end)

describe("config non-prefix route errors", function()
  for _, case in ipairs(errors) do
    it(case[3], function()
      assert.are.equal(case[3], error_of(case[1], case[2]))
    end)
  end
end)
