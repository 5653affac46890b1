-- Every configuration error: `file:line:column: what is wrong`.
-- luacheck: max line length 120
local config = require "luabgp.config"

local head = "neighbor 127.0.0.1 {\n\trouter-id 1.2.3.4;\n\tlocal-address 127.0.0.1;\n"
  .. "\tlocal-as 65000;\n\tpeer-as 65000;\n"

-- text: the configuration; expected: "line:col: message" (plain text)
local cases = {
  { "unknown top-level section", "neighbour 1.2.3.4 { }\n",
    "1:1: unknown top-level section 'neighbour' (process, neighbor, template, group)" },
  { "unknown neighbor keyword", head .. "\tpeer-asn 1;\n}\n",
    "6:2: unknown keyword 'peer-asn' in neighbor" },
  { "unknown block", head .. "\tstatik { }\n}\n", "6:2: unknown block 'statik' in neighbor" },
  { "bad router-id", head .. "\trouter-id 1.2.3;\n}\n",
    "6:12: router-id: '1.2.3' is not an IPv4 address (a dotted quad)" },
  { "bad local-address", head .. "\tlocal-address 127.0.0.256;\n}\n",
    "6:16: local-address: '127.0.0.256' is not an IPv4 address (octet 256 above 255)" },
  { "bad ASN", head .. "\tlocal-as 4294967296;\n}\n",
    "6:11: local-as: '4294967296' is not an AS number" },
  { "hold-time 1", head .. "\thold-time 2;\n}\n",
    "6:12: hold-time must be 0 or at least 3 seconds (RFC 4271 §4.2)" },
  { "bad boolean", head .. "\tgroup-updates maybe;\n}\n",
    "6:16: 'maybe' is not a boolean (true, false, enable, disable)" },
  { "ttl-security", head .. "\tttl-security 1;\n}\n",
    "6:2: there is no 'ttl-security' keyword: use incoming-ttl (GTSM, RFC 5082)" },
  { "two values", head .. "\thold-time 90 100;\n}\n", "6:15: 'hold-time' takes one value, got '100'" },
  { "missing value", head .. "\thold-time;\n}\n", "6:2: 'hold-time' needs a value" },
  { "unknown SAFI", head .. "\tfamily { ipv4 nosuchsafi; }\n}\n",
    "6:16: unknown SAFI 'nosuchsafi' for AFI ipv4" },
  { "unknown AFI", head .. "\tfamily { ipv5 unicast; }\n}\n",
    "6:11: unknown AFI 'ipv5' (ipv4, ipv6, l2vpn, bgp-ls)" },
  { "minimal family", head .. "\tfamily { ipv4 minimal; }\n}\n",
    "6:16: 'minimal' is deprecated and not supported" },
  { "graceful-restart time past 12 bits (RFC 4724 §3)", head .. "\tcapability { graceful-restart 4096; }\n}\n",
    "6:32: '4096' is out of range (0..4095)" },
  { "unknown capability", head .. "\tcapability { teleport enable; }\n}\n",
    "6:15: unknown capability 'teleport'" },
  { "bad add-path mode", head .. "\tcapability { add-path sometimes; }\n}\n",
    "6:24: add-path must be disable, receive, send or send/receive, not 'sometimes'" },
  { "unknown api option", head .. "\tapi { receive { gossip; } }\n}\n",
    "6:18: unknown api receive option 'gossip'" },
  { "api without process", head .. "\tapi { processes [ ghost ]; }\n}\n",
    "1:1: api: no process named 'ghost'" },
  { "inherit unknown template", head .. "\tinherit nothing;\n}\n",
    "6:10: inherit: no template named 'nothing'" },
  { "no local-as", "neighbor 10.0.0.1 { peer-as 1; }\n", "1:1: neighbor 10.0.0.1 has no local-as" },
  { "no peer-as", "neighbor 10.0.0.1 { local-as 1; }\n", "1:1: neighbor 10.0.0.1 has no peer-as" },
  { "bad neighbor address", "neighbor 10.0.0 { }\n", "1:10: '10.0.0' is not an IPv4 address" },
  { "netmask", head .. "\tstatic { route 10.0.0.0/33 next-hop 1.2.3.4; }\n}\n",
    "6:17: prefix length 33 is not an IPv4 netmask (0..32)" },
  { "bad next-hop", head .. "\tstatic { route 10.0.0.0/24 next-hop 1.2.3.300; }\n}\n",
    "6:38: next-hop: '1.2.3.300' is not an IPv4 address (octet 300 above 255)" },
  { "no next-hop", head .. "\tstatic { route 10.0.0.0/24 med 1; }\n}\n",
    "6:11: route 10.0.0.0/24 has no next-hop" },
  { "bad origin", head .. "\tstatic { route 10.0.0.0/24 next-hop 1.2.3.4 origin nowhere; }\n}\n",
    "6:53: origin 'nowhere' is not igp, egp or incomplete" },
  { "community half", head .. "\tstatic { route 10.0.0.0/24 next-hop 1.2.3.4 community 65536:1; }\n}\n",
    "6:56: community '65536:1': 65536 is above 65535 (each half is 16 bits)" },
  { "bad community", head .. "\tstatic { route 10.0.0.0/24 next-hop 1.2.3.4 community [ x ]; }\n}\n",
    "6:58: 'x' is not a community (ASN:VALUE or a well-known name)" },
  { "bad large community",
    head .. "\tstatic { route 10.0.0.0/24 next-hop 1.2.3.4 large-community 1:2; }\n}\n",
    "6:62: '1:2' is not a large community (ASN:VALUE:VALUE)" },
  { "unknown attribute", head .. "\tstatic { route 10.0.0.0/24 next-hop 1.2.3.4 colour red; }\n}\n",
    "6:46: unknown route attribute 'colour'" },
  { "bad med", head .. "\tstatic { route 10.0.0.0/24 next-hop 1.2.3.4 med ten; }\n}\n",
    "6:50: 'ten' is not a number" },
  { "bad rd", head .. "\tstatic { route 10.0.0.0/24 next-hop 1.2.3.4 rd 1; }\n}\n",
    "6:49: '1' is not a route distinguisher (ASN:N or IPv4:N)" },
  { "bad split", head .. "\tstatic { route 10.0.0.0/24 next-hop 1.2.3.4 split /16; }\n}\n",
    "6:11: split /16 must be between the prefix length and 32" },
  { "aggregator", head .. "\tstatic { route 10.0.0.0/24 next-hop 1.2.3.4 aggregator ( x ); }\n}\n",
    "6:59: aggregator must be ASN:IPv4" },
  { "announce family mismatch", head .. "\tannounce { ipv6 { unicast 10.0.0.0/24 next-hop ::1; } }\n}\n",
    "6:28: '10.0.0.0/24' is not an ipv6 prefix" },
  { "flow match", head .. "\tflow { route x { match { colour red; } then { discard; } } }\n}\n",
    "6:27: unknown flow match 'colour'" },
  { "flow action", head .. "\tflow { route x { match { source 10.0.0.0/8; } then { explode; } } }\n}\n",
    "6:55: unknown flow action 'explode'" },
  { "flow redirect", head .. "\tflow { route x { match { source 10.0.0.0/8; } then { redirect nowhere; } } }\n}\n",
    "6:64: redirect needs ASN:NN, IP:NN or IP, not 'nowhere'" },
  { "flow rate-limit unit", head .. "\tflow { route x { match { source 10.0.0.0/8; } then { rate-limit 5 b; } } }\n}\n",
    "6:68: rate-limit takes a rate and optionally 'packets'" },
  { "flow mark", head .. "\tflow { route x { match { source 10.0.0.0/8; } then { mark 64; } } }\n}\n",
    "6:60: '64' is out of range (0..63)" },
  { "flow action value", head .. "\tflow { route x { match { source 10.0.0.0/8; } then { action drop; } } }\n}\n",
    "6:62: action must be sample, terminal or sample-terminal" },
  { "flow without then", head .. "\tflow { route x { match { source 10.0.0.0/8; } } }\n}\n",
    "6:9: flow route has no 'then' action" },
  { "flow IPv4 offset", head .. "\tflow { route x { match { source 10.0.0.0/8/2; } then { discard; } } }\n}\n",
    "6:34: a prefix offset is only valid for IPv6" },
  { "vpls incomplete", head .. "\tl2vpn { vpls a endpoint 1 base 2 offset 3 size 4 rd 1:1; }\n}\n",
    "6:10: vpls needs 'next-hop'" },
  { "operational", head .. "\toperational { shout afi ipv4; }\n}\n",
    "6:16: unknown operational message 'shout'" },
  { "process without run", "process p { encoder json; }\n", "1:1: process p has no 'run' line" },
  { "process encoder", "process p { run ./x; encoder xml; }\n",
    "1:30: encoder must be text or json, not 'xml'" },
  { "process twice", "process p { run ./x; }\nprocess p { run ./y; }\n",
    "2:9: process 'p' is defined twice" },
  { "template twice", "template { neighbor t { } neighbor t { } }\n",
    "1:27: template 't' is defined twice" },
  { "unclosed block", head, "1:1: block 'neighbor' is never closed (missing '}')" },
  { "stray brace", "}\n", "1:1: '}' without an open block" },
  { "unclosed bracket", head .. "\tstatic { route 10.0.0.0/24 next-hop 1.2.3.4 community [ 1:1; }\n}\n",
    "6:56: '[' is not closed before ';'" },
  { "stray bracket", head .. "\tfamily ] ;\n}\n", "6:9: ']' without a matching opening bracket" },
  { "unterminated string", head .. "\tdescription \"open;\n}\n", "6:14: unterminated quoted string" },
  { "missing semicolon at end", "neighbor 1.2.3.4 { local-as 1; peer-as 1; } x",
    "1:45: missing ';' at the end of the file" },
  { "block without name", "{ }\n", "1:1: a block needs a name before '{'" },
  { "scripts twice", "scripts a;\nscripts b;\n", "2:9: scripts is given twice" },
}

describe("config errors", function()
  for _, case in ipairs(cases) do
    it(case[1], function()
      local c, err = config.load_string(case[2], "t.conf")
      assert.is_nil(c)
      assert.are.equal("t.conf:" .. case[3], config.format(err))
    end)
  end

  it("reads scripts DIR beside the file, or as written when absolute", function()
    assert.equal("/etc/luabgp/lua", config.load_string("scripts lua;\n", "/etc/luabgp/l.conf").scripts)
    assert.equal("/srv/lua", config.load_string("scripts /srv/lua;\n", "/etc/luabgp/l.conf").scripts)
    assert.equal("lua", config.load_string("scripts lua;\n", "l.conf").scripts)
  end)

  it("names an unreadable file", function()
    local c, err = config.load(LUABGP_ROOT .. "/spec/config/no-such.conf")
    assert.is_nil(c)
    assert.matches("no%-such%.conf:0:0: cannot read", config.format(err))
  end)

  it("joins lines ending with a backslash and keeps their columns", function()
    local c, err = config.load_string(head .. "\tstatic {\n\t\troute 10.0.0.0/24 \\\n"
      .. "\t\t\tnext-hop 1.2.3.4 \\\n\t\t\tmed x;\n\t}\n}\n", "t.conf")
    assert.is_nil(c)
    assert.are.equal("t.conf:9:8: 'x' is not a number", config.format(err))
  end)
end)
