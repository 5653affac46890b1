-- Every configuration of the conformance kit is a valid ExaBGP
-- configuration: parsing/valid, and the .conf files of the session tests
-- (encoding/ and api/) must all load; parsing/invalid must all be refused
-- with an error that names the problem stated on their first line.
local config = require "luabgp.config"

local VECTORS = SHARED_DIR .. "/conformance"

local function files(pattern)
  local out = {}
  local p = io.popen("ls " .. VECTORS .. "/" .. pattern .. " 2>/dev/null")
  for line in p:lines() do out[#out + 1] = line end
  p:close()
  return out
end

describe("conformance configurations", function()
  for _, pattern in ipairs({ "parsing/valid/*.conf", "encoding/*/*.conf", "api/*/*.conf" }) do
    local list = files(pattern)
    it("accepts every " .. pattern .. " (" .. #list .. ")", function()
      assert.is_true(#list > 0)
      for _, path in ipairs(list) do
        local c, err = config.load(path, { sink = function() end })
        assert(c, err and config.format(err))
      end
    end)
  end

  -- the words of the reason given on each invalid file's first line that
  -- the error must contain
  local named = {
    ["bad-community"] = "above 65535", ["bad-family"] = "unknown SAFI",
    ["bad-local-address"] = "local-address: '127.0.0.256' is not an IPv4 address",
    ["bad-netmask"] = "prefix length 33 is not an IPv4 netmask",
    ["bad-next-hop"] = "next-hop: '192.0.2.300'", ["bad-origin"] = "is not igp, egp or incomplete",
    ["bad-router-id"] = "router-id: '1.2.3' is not an IPv4 address (a dotted quad)",
    ["bad-top-level"] = "unknown top-level section 'neighbour'",
  }
  for _, path in ipairs(files("parsing/invalid/*.conf")) do
    local name = path:match("([^/]+)%.conf$")
    it("refuses " .. name, function()
      local c, err = config.load(path)
      assert.is_nil(c)
      assert.is_truthy(named[name], "no expectation for " .. name)
      assert.is_truthy(config.format(err):find(named[name], 1, true), config.format(err))
    end)
  end
end)
