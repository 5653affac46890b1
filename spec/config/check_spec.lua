-- `luabgp --check` / `-t` / `--test` and the route validation behind it.
local validate = require "luabgp.config.validate"

local GOLDEN = LUABGP_ROOT .. "/spec/config/golden/"

local function run(args)
  local p = io.popen(LUABGP_BIN .. " " .. args .. " 2>&1; echo \"rc=$?\"")
  local out = p:read("*a")
  p:close()
  return out
end

describe("luabgp --check", function()
  it("accepts valid files with every spelling of the option", function()
    for _, opt in ipairs({ "--check", "-t", "--test" }) do
      local files = GOLDEN .. "basic.conf " .. GOLDEN .. "flow.conf"
      assert.are.equal("rc=0\n", run(opt .. " " .. files))
    end
  end)

  it("prints file:line:column: reason and exits 1", function()
    local bad = SHARED_DIR .. "/conformance/parsing/invalid/bad-origin.conf"
    assert.are.equal(bad .. ":12:47: origin 'nowhere' is not igp, egp or incomplete\nrc=1\n",
      run("--check " .. bad))
  end)

  it("needs a file", function()
    assert.matches("no configuration file given\nrc=1", run("--check"))
  end)
end)

describe("config validation", function()
  it("builds the UPDATE of a route, next-hop self standing for the local address", function()
    local r = { family = "ipv4 unicast", nexthop = "self", nlri = { nlri = "10.0.0.0/24" },
      attribute = { med = 1 } }
    assert.are.same({ attribute = { med = 1 },
      announce = { ["ipv4 unicast"] = { ["192.0.2.2"] = { { nlri = "10.0.0.0/24" } } } } },
      validate.update(r, { ["local-address"] = "192.0.2.2" }))
    r.family = "ipv6 unicast"
    assert.are.same({ ["::1"] = { { nlri = "10.0.0.0/24" } } },
      validate.update(r, { ["local-address"] = "192.0.2.2" }).announce["ipv6 unicast"])
  end)

  it("does not refuse a route whose codec is not written yet", function()
    local r = { family = "ipv4 unicast", nexthop = "192.0.2.1", nlri = { nlri = "10.0.0.0/24" },
      attribute = { origin = "igp" } }
    assert.is_nil(validate.route(r, {}))
  end)
end)
