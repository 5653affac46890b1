-- The basic path attributes (core/wire/attr_basic.c, attr_generic.c)
-- through luabgp.core: the tables scripts see and give back.
local core = require("luabgp.core")

local ATTRS = {
  origin = "igp", med = 5, ["local-preference"] = 100, ["atomic-aggregate"] = true,
  aggregator = "65000:1.2.3.4", ["originator-id"] = "1.1.1.1",
  ["cluster-list"] = { "1.1.1.1", "2.2.2.2" }, aigp = "0x000000000000000a", otc = 65001,
  ["attribute-0x99-0xE0"] = "0x0001",
}

describe("luabgp.core basic attributes", function()
  it("encode and decode give back the same attribute table", function()
    local bytes = assert(core.encode({ attribute = ATTRS }))
    local want = ("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0063020000004C"
      .. "40010100" .. "800404 00000005" .. "400504 00000064" .. "400600"
      .. "C00708 0000FDE8 01020304" .. "800904 01010101" .. "800A08 01010101 02020202"
      .. "801A0B 01000B 000000000000000A" .. "C02304 0000FDE9" .. "E09902 0001"):gsub(" ", "")
    assert.are.equal(want, core.hex_encode(bytes))
    local t = assert(core.decode(bytes))
    assert.are.same(ATTRS, t.message.update.attribute)
  end)

  it("sends a 4-octet aggregator AS to a 2-octet peer as AS_TRANS and AS4_AGGREGATOR", function()
    local bytes = assert(core.encode({ attribute = { aggregator = "4200000000:10.0.0.1" } },
      { asn4 = false }))
    assert.are.equal("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002B02000000"
      .. "14C007065BA00A000001C01208FA56EA000A000001", core.hex_encode(bytes))
    local t = assert(core.decode(bytes, { asn4 = false }))
    assert.are.same({ aggregator = "4200000000:10.0.0.1" }, t.message.update.attribute)
  end)

  it("refuses values it cannot write", function()
    local bytes, reason = core.encode({ attribute = { origin = "nowhere" } })
    assert.is_nil(bytes)
    assert.matches("origin", reason)
  end)
end)
