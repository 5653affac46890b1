-- Lua tables given to the encoders (core/lua/l_val.c): an object's members
-- are sorted, unless its metatable's __order names them in their order.
local core = require("luabgp.core")

local function tunnel(policy)
  return core.hex_encode(assert(core.encode_attribute("tunnel-encap", { ["sr-policy"] = policy })))
end

-- RFC 9830 §2.4.1 Preference (12) and §2.4.8 Priority (15) sub-TLVs
local PREFERENCE, PRIORITY = "0C06000000000064", "0F020A00"

describe("luabgp.core object member order", function()
  it("sorts the members of a plain table", function()
    assert.are.equal("C01710000F000C" .. PREFERENCE .. PRIORITY,
      tunnel({ priority = 10, preference = 100 }))
  end)

  it("follows __order, the members it does not name sorted after", function()
    local ordered = setmetatable({ preference = 100, priority = 10 },
      { __order = { "priority", "preference" } })
    assert.are.equal("C01710000F000C" .. PRIORITY .. PREFERENCE, tunnel(ordered))
    local partial = setmetatable({ preference = 100, priority = 10, enlp = 1 },
      { __order = { "priority", "absent" } })
    assert.are.equal("C01715000F0011" .. PRIORITY .. "0E03000001" .. PREFERENCE, tunnel(partial))
  end)
end)
