-- Our OPEN against the encoding vectors that inspect it
-- (option:open:inspect-open-message): byte for byte.
local config = require "luabgp.config"
local open = require "luabgp.daemon.open"

local function vector(name)
  local dir = SHARED_DIR .. "/conformance/encoding/" .. name
  local raw
  for line in io.lines(dir .. "/" .. name .. ".ci") do
    raw = raw or line:match("^1:raw:(.*)$")
  end
  return dir .. "/" .. name .. ".conf", raw:gsub(":", "")
end

local function hex(bytes)
  return (bytes:gsub(".", function(c) return string.format("%02X", c:byte()) end))
end

describe("our OPEN", function()
  for _, name in ipairs { "conf-cap-link-local-nexthop", "conf-cap-software-version",
    "conf-hostname" } do
    it("is ExaBGP's for " .. name, function()
      local conf, want = vector(name)
      local cfg = assert(config.load(conf))
      local msg = assert(open.build(cfg.neighbors[1], { software = "ExaBGP/5.0.0-0+test" }))
      assert.equal(want, hex(msg))
    end)
  end

  it("puts AS_TRANS in My AS for a 4-octet AS (RFC 6793 §4.1)", function()
    local msg = assert(open.build({ ["local-as"] = 4200000000, ["router-id"] = "10.0.0.1",
      families = { "ipv4 unicast" } }))
    assert.equal("5BA0", hex(msg:sub(21, 22)))
    assert.truthy(hex(msg):find("0206" .. "4104" .. "FA56EA00", 1, true))
  end)

  it("offers route refresh, graceful restart and add-path when configured", function()
    local msg = assert(open.build({ ["local-as"] = 65000, ["router-id"] = "10.0.0.1",
      families = { "ipv4 unicast", "ipv6 unicast" },
      capability = { ["route-refresh"] = true, ["graceful-restart"] = 120,
        ["add-path"] = "send/receive" },
      ["add-path"] = { { family = "ipv4 unicast" } } }))
    local h = hex(msg)
    assert.truthy(h:find("02024600", 1, true))                       -- enhanced refresh
    assert.truthy(h:find("02020200", 1, true))                       -- route refresh
    assert.truthy(h:find("020C40" .. "0A" .. "0078" .. "00010180" .. "00020180", 1, true))
    assert.truthy(h:find("020645" .. "04" .. "00010103", 1, true))  -- add-path
  end)

  it("uses RFC 9072's extended parameters past 255 octets", function()
    local msg = assert(open.build({ ["local-as"] = 65000, ["router-id"] = "10.0.0.1",
      families = { "ipv4 unicast" }, ["host-name"] = string.rep("h", 200),
      ["domain-name"] = string.rep("d", 50) }))
    -- non-ext length 255, type 255, then each parameter with 2-octet length
    assert.equal("FFFF", hex(msg:sub(29, 30)))
    assert.equal(#msg - 32, tonumber(hex(msg:sub(31, 32)), 16))
    assert.truthy(hex(msg):find("02" .. "00FE" .. "49" .. "FC" .. "C8", 1, true))
  end)

  it("refuses a neighbor without an IPv4 router-id", function()
    local msg, why = open.build({ ["local-as"] = 65000, ["local-address"] = "::1" })
    assert.is_nil(msg)
    assert.equal("router-id is missing (an IPv4 address is needed)", why)
  end)
end)
