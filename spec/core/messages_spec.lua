-- OPEN, NOTIFICATION, ROUTE-REFRESH and OPERATIONAL through luabgp.core:
-- the same walkers as the JSON events, seen as Lua tables.
local core = require("luabgp.core")

local MARKER = string.rep("\255", 16)

local function message(type_, hex)
  local body = assert(core.hex_decode(hex))
  local len = 19 + #body
  return MARKER .. string.char(math.floor(len / 256), len % 256, type_) .. body
end

describe("luabgp.core non-UPDATE messages", function()
  it("gives an OPEN and its capabilities keyed by code", function()
    local t = assert(core.decode(message(1,
      "04FDE800B40A000001 14 0206 0104 00010001 0206 4104 0000FDE8 0202 4600")))
    assert.are.equal("open", t.type)
    assert.are.equal(65000, t.open.asn)
    assert.are.equal("10.0.0.1", t.open.router_id)
    assert.are.same({ "ipv4/unicast" }, t.open.capabilities["1"].families)
    assert.are.equal(65000, t.open.capabilities["65"].asn4)
    assert.are.equal("enhanced-route-refresh", t.open.capabilities["70"].name)
  end)

  it("refuses an OPEN with hold time 1 with 2/6", function()
    local t, _, details = core.decode(message(1, "04FDE800010A00000100"))
    assert.is_nil(t)
    assert.are.equal(2, details.code)
    assert.are.equal(6, details.subcode)
    assert.are.equal("session-reset", details.action)
  end)

  it("reads an RFC 9003 shutdown communication", function()
    local t = assert(core.decode(message(3, "0602 03 627965")))
    assert.are.equal(6, t.notification.code)
    assert.are.equal('Shutdown Communication: "bye"', t.notification.message)
  end)

  it("gives a ROUTE-REFRESH and ignores an unknown subtype", function()
    local t = assert(core.decode(message(5, "00020180")))
    assert.are.same({ afi = "ipv6", safi = "mpls-vpn", subtype = "begin" }, t["route-refresh"])
    local none, reason = core.decode(message(5, "00010301"))
    assert.is_nil(none)
    assert.matches("ignored", reason)
  end)

  it("refuses a BoRR of the wrong length with 7/1", function()
    local t, _, details = core.decode(message(5, "0001010100"))
    assert.is_nil(t)
    assert.are.equal(7, details.code)
    assert.are.equal(1, details.subcode)
  end)

  it("gives an OPERATIONAL counter", function()
    local t = assert(core.decode(message(6, "0004000F0001010A0000010000000500000007")))
    assert.are.same({ name = "RPCP", afi = "ipv4", safi = "unicast", ["router-id"] = "10.0.0.1",
      sequence = 5, counter = 7 }, t.operational)
  end)
end)
