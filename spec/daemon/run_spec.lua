-- What the session adds to configured routes before they are encoded.
local run = require "luabgp.daemon.run"

local ibgp = { ["local-as"] = 65000, ["peer-as"] = 65000, ["local-address"] = "192.0.2.1" }
local ebgp = { ["local-as"] = 65000, ["peer-as"] = 65001, ["local-address"] = "192.0.2.1" }

local function route(attribute, nexthop)
  return { family = "ipv4 unicast", nexthop = nexthop, nlri = { nlri = "10.0.0.0/24" },
    attribute = attribute }
end

describe("routes as sent", function()
  it("get origin igp, an empty AS path and local-preference 100 towards iBGP", function()
    local u = assert(run.update_of(route(nil, "10.0.0.1"), ibgp))
    assert.same({ origin = "igp", ["as-path"] = {}, ["local-preference"] = 100 }, u.attribute)
    assert.same({ ["ipv4 unicast"] = { ["10.0.0.1"] = { { nlri = "10.0.0.0/24" } } } },
      u.announce)
  end)

  it("keep what the configuration says", function()
    local u = assert(run.update_of(route({ origin = "egp", ["local-preference"] = 200 }), ibgp))
    assert.equal("egp", u.attribute.origin)
    assert.equal(200, u.attribute["local-preference"])
    -- next-hop self: the local address
    assert.truthy(u.announce["ipv4 unicast"]["192.0.2.1"])
  end)

  it("start the AS path with our AS and drop local-preference towards eBGP", function()
    local u = assert(run.update_of(route({ ["local-preference"] = 200 }, "10.0.0.1"), ebgp))
    assert.is_nil(u.attribute["local-preference"])
    assert.same({ ["0"] = { element = "as-sequence", value = { 65000 } } },
      u.attribute["as-path"])
    u = assert(run.update_of(route({ ["as-path"] = {
      ["0"] = { element = "as-sequence", value = { 1, 2 } } } }, "10.0.0.1"), ebgp))
    assert.same({ 65000, 1, 2 }, u.attribute["as-path"]["0"].value)
    u = assert(run.update_of(route({ ["as-path"] = {
      ["0"] = { element = "as-set", value = { 1, 2 } } } }, "10.0.0.1"), ebgp))
    assert.same({ 65000 }, u.attribute["as-path"]["0"].value)
    assert.equal("as-set", u.attribute["as-path"]["1"].element)
  end)

  it("say why they cannot be sent", function()
    local u, why = run.update_of(route(nil, "self"), { ["local-as"] = 1, ["peer-as"] = 2 })
    assert.is_nil(u)
    assert.equal("next-hop self needs a local-address", why)
    local r = route(nil, "10.0.0.1")
    r.split = 25
    u, why = run.update_of(r, ibgp)
    assert.is_nil(u)
    assert.equal("'split' is not supported yet", why)
  end)
end)
