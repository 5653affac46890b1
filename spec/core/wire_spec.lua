-- luabgp.core wire bindings, against the real module.
local core = require("luabgp.core")

local MARKER = string.rep("\255", 16)

local function message(type_, body)
  local len = 19 + #body
  return MARKER .. string.char(math.floor(len / 256), len % 256, type_) .. body
end

describe("luabgp.core hex", function()
  it("decodes hex with separators and an 0x prefix", function()
    assert.are.equal("\255\255\000\019", core.hex_decode("0xFFff:00 13"))
  end)

  it("names the offset of a bad character", function()
    local bytes, reason, details = core.hex_decode("FFGG")
    assert.is_nil(bytes)
    assert.matches("character 3", reason)
    assert.are.equal(2, details.offset)
  end)

  it("refuses an odd number of digits", function()
    local bytes, reason = core.hex_decode("FFF")
    assert.is_nil(bytes)
    assert.matches("odd", reason)
  end)

  it("encodes upper-case hex", function()
    assert.are.equal("00FF10", core.hex_encode("\000\255\016"))
  end)
end)

describe("luabgp.core decode", function()
  it("gives an End-of-RIB as a table", function()
    local t = assert(core.decode(message(2, "\000\000\000\000")))
    assert.are.equal("update", t.type)
    assert.are.same({ afi = "ipv4", safi = "unicast" }, t.message.eor)
  end)

  it("gives withdrawn prefixes", function()
    local t = assert(core.decode(message(2, "\000\004\024\192\168\001\000\000")))
    assert.are.same({ { nlri = "192.168.1.0/24" } }, t.message.update.withdraw["ipv4 unicast"])
  end)

  it("accepts a body without its header", function()
    local t = assert(core.decode("\000\000\000\000", { kind = "update" }))
    assert.are.same({ afi = "ipv4", safi = "unicast" }, t.message.eor)
  end)

  it("returns nil, the reason and the NOTIFICATION for a broken UPDATE", function()
    local t, reason, details = core.decode(message(2, "\000\009\024\192"))
    assert.is_nil(t)
    assert.matches("withdrawn routes length", reason)
    assert.are.equal(3, details.code)
    assert.are.equal(1, details.subcode)
    assert.are.equal("session-reset", details.action)
  end)

  it("refuses a KEEPALIVE longer than 19 octets with 1/2", function()
    local t, reason, details = core.decode(message(4, "\000"))
    assert.is_nil(t)
    assert.matches("exactly 19", reason)
    assert.are.equal(1, details.code)
    assert.are.equal(2, details.subcode)
    assert.are.equal(16, details.offset)
  end)

  it("prints one JSON line in ExaBGP's layout", function()
    local json = assert(core.decode_json(message(4, "")))
    assert.matches('^{ "exabgp": "4.0.1", "time": [%d.]+, "host" : ', json)
    assert.matches('"type": "keepalive"', json)
    assert.matches("\n$", json)
  end)

  it("lists the families it knows", function()
    local names = core.families()
    assert.is_true(#names >= 20)
    assert.are.equal("ipv4 unicast", names[1])
  end)

  it("rejects a bad kind as a programming error", function()
    assert.has_error(function() core.decode("", { kind = "bogus" }) end)
  end)
end)

describe("luabgp.core encode", function()
  it("encodes an End-of-RIB", function()
    assert.are.equal("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170200000000",
      core.hex_encode(assert(core.encode({ eor = { afi = "ipv4", safi = "unicast" } }))))
    assert.are.equal("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001D0200000006800F03000201",
      core.hex_encode(assert(core.encode({ eor = { afi = "ipv6", safi = "unicast" } }))))
  end)

  it("round-trips withdrawals through decode", function()
    local update = { withdraw = {
      ["ipv4 unicast"] = { { nlri = "10.0.0.0/24" }, { nlri = "10.1.0.0/16" } },
      ["ipv6 unicast"] = { { nlri = "2001:db8::/32" } },
    } }
    local bytes = assert(core.encode(update))
    local t = assert(core.decode(bytes))
    assert.are.same(update.withdraw, t.message.update.withdraw)
  end)

  it("writes path identifiers when ADD-PATH is on", function()
    local update = { withdraw = { ["ipv4 unicast"] = {
      { nlri = "10.0.0.0/24", ["path-information"] = "0.0.0.7" } } } }
    local bytes = assert(core.encode(update, { addpath = { "ipv4 unicast" } }))
    assert.are.equal("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001F02000800000007180A00000000",
      core.hex_encode(bytes))
    local t = assert(core.decode(bytes, { addpath = { "ipv4 unicast" } }))
    assert.are.same(update.withdraw, t.message.update.withdraw)
  end)

  it("names what is wrong", function()
    local bad = { withdraw = { ["ipv4 unicast"] = { { nlri = "10.0.0.0/33" } } } }
    local bytes, reason = core.encode(bad)
    assert.is_nil(bytes)
    assert.matches('"nlri" must be a prefix', reason)
    bytes, reason = core.encode({ withdraw = { ["ipv9 unicast"] = {} } })
    assert.is_nil(bytes)
    assert.matches("unknown family", reason)
    bytes, reason = core.encode({ withdraw = { ["ipv4 unicast"] = { { nlri = function() end } } } })
    assert.is_nil(bytes)
    assert.matches("only tables, strings", reason)
  end)
end)
