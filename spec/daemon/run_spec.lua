-- What the session adds to configured routes before they are encoded.
local run = require "luabgp.daemon.run"
local routes = require "luabgp.daemon.routes"

local ibgp = { ["local-as"] = 65000, ["peer-as"] = 65000, ["local-address"] = "192.0.2.1" }
local ebgp = { ["local-as"] = 65000, ["peer-as"] = 65001, ["local-address"] = "192.0.2.1" }

local function route(attribute, nexthop)
  return { family = "ipv4 unicast", nexthop = nexthop, nlri = { nlri = "10.0.0.0/24" },
    attribute = attribute }
end

describe("routes as sent", function()
  it("get origin igp, an empty AS path and local-preference 100 towards iBGP", function()
    local u = assert(routes.update_of(route(nil, "10.0.0.1"), ibgp))
    assert.same({ origin = "igp", ["as-path"] = {}, ["local-preference"] = 100 }, u.attribute)
    assert.same({ ["ipv4 unicast"] = { ["10.0.0.1"] = { { nlri = "10.0.0.0/24" } } } },
      u.announce)
  end)

  it("keep what the configuration says", function()
    local u = assert(routes.update_of(route({ origin = "egp", ["local-preference"] = 200 }), ibgp))
    assert.equal("egp", u.attribute.origin)
    assert.equal(200, u.attribute["local-preference"])
    -- next-hop self: the local address
    assert.truthy(u.announce["ipv4 unicast"]["192.0.2.1"])
  end)

  it("get our AS as AS path and no local-preference towards eBGP", function()
    local u = assert(routes.update_of(route({ ["local-preference"] = 200 }, "10.0.0.1"), ebgp))
    assert.is_nil(u.attribute["local-preference"])
    assert.same({ ["0"] = { element = "as-sequence", value = { 65000 } } },
      u.attribute["as-path"])
    -- a configured path goes as written (ExaBGP does not prepend)
    u = assert(routes.update_of(route({ ["as-path"] = {
      ["0"] = { element = "as-sequence", value = { 1, 2 } } } }, "10.0.0.1"), ebgp))
    assert.same({ 1, 2 }, u.attribute["as-path"]["0"].value)
  end)

  it("say why they cannot be sent", function()
    local u, why = routes.update_of(route(nil, "self"), { ["local-as"] = 1, ["peer-as"] = 2 })
    assert.is_nil(u)
    assert.equal("next-hop self needs a local-address", why)
    local r = route(nil, "10.0.0.1")
    r.scope = { ["neighbor"] = "192.0.2.1" }
    u, why = routes.update_of(r, ibgp)
    assert.is_nil(u)
    assert.equal("'scope' is not supported yet", why)
  end)

  it("are flow routes without a next hop", function()
    local u = assert(routes.update_of({ family = "ipv4 flow", name = "x",
      ["then"] = { discard = true }, nlri = { ["destination-ipv4"] = { "10.0.0.0/24" } } }, ibgp))
    assert.truthy(u.announce["ipv4 flow"]["no-nexthop"])
  end)
end)

describe("split", function()
  it("cuts a prefix into its more specifics, in address order", function()
    assert.same({ "172.10.0.0/24", "172.10.1.0/24", "172.10.2.0/24", "172.10.3.0/24" },
      routes.split("172.10.0.0/22", 24))
    assert.same({ "10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26", "10.0.0.192/26" },
      routes.split("10.0.0.0/24", 26))
    assert.same({ "2001:db8::/48", "2001:db8:1::/48" }, routes.split("2001:db8::/47", 48))
    assert.same({ "10.0.0.0/24" }, routes.split("10.0.0.0/24", 24))
  end)

  it("refuses what does not fit", function()
    assert.same({ nil, "split /20 does not fit 10.0.0.0/24" }, { routes.split("10.0.0.0/24", 20) })
    assert.same({ nil, "split /33 does not fit 10.0.0.0/24" }, { routes.split("10.0.0.0/24", 33) })
    assert.is_nil(routes.split("10.0.0.0/8", 30))
  end)

  it("holds back a route marked withdraw, sends the other watchdog routes", function()
    assert.same({}, routes.expand({ family = "ipv4 unicast", nlri = { nlri = "10.0.0.0/24" },
      watchdog = "web", withdraw = true }))
    local r = { family = "ipv4 unicast", nlri = { nlri = "10.0.0.0/24" }, watchdog = "web" }
    assert.same({ r }, routes.expand(r))
    assert.truthy(routes.update_of(r, ibgp))
  end)

  it("copies the rest of the route to each part", function()
    local parts = assert(routes.expand({ family = "ipv4 mpls-vpn", split = 25, nexthop = "1.2.3.4",
      nlri = { nlri = "10.0.0.0/24", rd = "65000:1" }, attribute = { med = 1 } }))
    assert.equal(2, #parts)
    assert.equal("10.0.0.128/25", parts[2].nlri.nlri)
    assert.equal("65000:1", parts[2].nlri.rd)
    assert.is_nil(parts[2].split)
    assert.equal(1, parts[2].attribute.med)
  end)
end)

describe("tcp.delay", function()
  it("waits for the next multiple of N minutes of the clock", function()
    assert.are.equal(0, run.delay_seconds(0, 1000))
    -- 12:03:20 with N = 5: connect at 12:05:00
    local t = 12 * 3600 + 3 * 60 + 20
    assert.are.equal(100, run.delay_seconds(5, t))
    -- on the boundary: a whole period, as ExaBGP computes it
    assert.are.equal(300, run.delay_seconds(5, 12 * 3600))
    assert.are.equal(1, run.delay_seconds(1, 59))
  end)
end)
