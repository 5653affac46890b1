-- The commands' fast path in the core: an attribute set made once, then
-- prefixes straight into the Adj-RIB-Out (sp:attrset, sp:announce_prefix).
local core = require "luabgp.core"
local open = require "luabgp.daemon.open"

local function speaker()
  local nb = { ["peer-address"] = "127.0.0.12", ["local-address"] = "127.0.0.11",
    ["local-as"] = 65011, ["peer-as"] = 65012, ["router-id"] = "127.0.0.11",
    ["hold-time"] = 180, family = {}, capability = {} }
  local sp = core.speaker()
  local msg = assert(open.build(nb, { software = "test" }))
  local i = assert(sp:neighbor { remote = "127.0.0.12", port = 1790, open = msg,
    ["local"] = "127.0.0.11", passive = true })
  return sp, i
end

describe("fast path", function()
  it("announces prefixes with one attribute set, plain prefixes of its family only", function()
    local sp, i = speaker()
    local h = assert(sp:attrset(i, { attribute = { origin = "igp", med = 5 },
      announce = { ["ipv4 unicast"] = { ["192.0.2.1"] = { { nlri = "10.0.0.0/24" } } } } }))
    assert.is_true(sp:announce_prefix(i, h, "10.0.0.0/24"))
    assert.is_true(sp:announce_prefix(i, h, "10.0.1.0/24"))
    assert.is_true(sp:announce_prefix(i, h, "10.0.1.0/24")) -- again: one route
    assert.is_true(sp:announce_prefix(i, h, "0.0.0.0/0"))
    assert.is_true(sp:announce_prefix(i, h, "10.9.9.9"))
    for _, bad in ipairs { "10.0.0.1/24", "2001:db8::/32", "10.0.0.0/33", "10.0.0.0/",
      "/24", "10.0.0.0/24x", "x" } do
      local ok, why = sp:announce_prefix(i, h, bad)
      assert.is_nil(ok, bad)
      assert.equal("not a plain prefix of the family", why)
    end
    assert.equal(4, sp:info(i).routes_out)
    local routes = {}
    for _, r in ipairs(sp:rib(i, "out")) do routes[#routes + 1] = r.route end
    table.sort(routes)
    assert.same({ "0.0.0.0/0 next-hop 192.0.2.1 origin igp med 5",
      "10.0.0.0/24 next-hop 192.0.2.1 origin igp med 5",
      "10.0.1.0/24 next-hop 192.0.2.1 origin igp med 5",
      "10.9.9.9/32 next-hop 192.0.2.1 origin igp med 5" }, routes)
    sp:close()
  end)

  it("refuses an update that announces nothing, and a handle after close", function()
    local sp, i = speaker()
    local h, why = sp:attrset(i, { withdraw = { ["ipv4 unicast"] = { { nlri = "10.0.0.0/24" } } } })
    assert.is_nil(h)
    assert.is_string(why)
    h = assert(sp:attrset(i, { attribute = { origin = "igp" },
      announce = { ["ipv6 unicast"] = { ["2001:db8::1"] = { { nlri = "2001:db8::/32" } } } } }))
    assert.is_true(sp:announce_prefix(i, h, "2001:db8:1::/48"))
    assert.is_nil((sp:announce_prefix(i, h, "10.0.0.0/8")))
    sp:close()
    -- a handle that outlives the speaker's close releases nothing
    assert.is_false((pcall(sp.announce_prefix, sp, i, h, "2001:db8::/32")))
  end)
end)
