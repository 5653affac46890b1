-- The configuration grammar against golden files: each
-- spec/config/golden/NAME.conf loads to the config object whose stable
-- dump is NAME.dump.
local config = require "luabgp.config"
local dump = require "luabgp.config.dump"

local GOLDEN = LUABGP_ROOT .. "/spec/config/golden/"

local function read(path)
  local f = assert(io.open(path, "r"))
  local s = f:read("*a")
  f:close()
  return s
end

local function load_golden(name)
  -- the dump records the file name as given: load it by the same relative path
  local c, err = config.load_string(read(GOLDEN .. name .. ".conf"),
    "spec/config/golden/" .. name .. ".conf")
  assert(c, err and config.format(err))
  return c
end

describe("config golden files", function()
  for _, name in ipairs({ "basic", "template", "group", "flow" }) do
    it(name, function()
      assert.are.equal(read(GOLDEN .. name .. ".dump"), dump.dump(load_golden(name)))
    end)
  end
end)

describe("config object", function()
  it("normalises neighbor settings with ExaBGP's defaults", function()
    local nb = load_golden("basic").neighbors[1]
    assert.are.equal("192.0.2.1", nb["peer-address"])
    assert.are.equal(90, nb["hold-time"])
    assert.is_true(nb.passive)
    assert.is_false(nb["adj-rib-out"])
    assert.is_true(nb["adj-rib-in"])
    assert.is_true(nb["auto-flush"])
    assert.are.same({ "ipv4 unicast", "ipv6 unicast", "ipv4 nlri-mpls" }, nb.families)
    assert.are.same({ "feed" }, nb.processes)
    assert.is_true(nb.api[1].receive.update)
    assert.is_true(nb.api[1].send.packets)
  end)

  it("expresses routes in ExaBGP's JSON update shape", function()
    local routes = load_golden("basic").neighbors[1].routes
    local r = routes[1]
    assert.are.equal("ipv4 unicast", r.family)
    assert.are.equal("self", r.nexthop)
    assert.are.same({ nlri = "10.0.0.0/24" }, r.nlri)
    assert.are.same({ { 65000, 1 }, { 65535, 65281 } }, r.attribute.community)
    assert.are.same({ { 65000, 1, 2 } }, r.attribute["large-community"])
    assert.are.same({ value = 842122827661313, string = "target:65000:1" },
      r.attribute["extended-community"][1])
    assert.are.same({ ["0"] = { element = "as-sequence", value = { 65001, 65002 } } },
      r.attribute["as-path"])
    local vpn = routes[4]
    assert.are.equal("ipv4 mpls-vpn", vpn.family)
    assert.are.same({ nlri = "10.2.0.0/24", rd = "65000:1", label = { { 100, 1601 } },
      ["path-information"] = "0.0.0.7" }, vpn.nlri)
    assert.are.equal("10.3.1.0/24", routes[6].nlri.nlri)
    assert.are.equal(5, routes[6].attribute.med)
    assert.are.equal("ipv6 unicast", routes[8].family)
  end)

  it("resolves templates: the neighbor's own settings win, routes are inherited", function()
    local nb = load_golden("template").neighbors[1]
    assert.are.equal(60, nb["hold-time"])
    assert.are.equal(65533, nb["local-as"])
    assert.are.same({ "ipv4 unicast" }, nb.families)
    assert.are.equal("1.0.0.0/8", nb.routes[1].nlri.nlri)
  end)

  it("reads 4.x groups", function()
    local c = load_golden("group")
    assert.are.equal(2, #c.neighbors)
    assert.are.equal(65001, c.neighbors[1]["peer-as"])
    assert.are.equal(65002, c.neighbors[2]["peer-as"])
    assert.are.equal("192.0.2.0/24", c.neighbors[2].routes[1].nlri.nlri)
  end)

  it("reads flow routes, vpls and operational", function()
    local nb = load_golden("flow").neighbors[1]
    assert.are.equal("ipv4 flow", nb.routes[1].family)
    assert.are.same({ "=53" }, nb.routes[1].nlri["destination-port"])
    assert.are.same({ "10.0.0.0/24" }, nb.routes[1].nlri["source-ipv4"])
    assert.are.same({ "=udp" }, nb.routes[1].nlri.protocol)
    assert.are.same({ { string = "rate-limit:9600" } },
      nb.routes[1].attribute["extended-community"])
    assert.are.equal("ipv6 flow-vpn", nb.routes[2].family)
    assert.are.equal("l2vpn vpls", nb.routes[3].family)
    assert.are.equal(10702, nb.routes[3].nlri.base)
    assert.are.same({ 'asm afi ipv4 safi unicast advisory hello' }, nb.operational)
  end)

  it("reads process blocks", function()
    local p = load_golden("basic").processes.feed
    assert.are.same({ "./feed.py", "--fast" }, p.run)
    assert.are.equal("json", p.encoder)
    assert.is_false(p.respawn)
  end)

  it("takes a process block after the neighbor that names it, as ExaBGP does", function()
    local text = "neighbor 127.0.0.1 {\n\trouter-id 1.2.3.4;\n\tlocal-as 1;\n\tpeer-as 1;\n"
      .. "\tapi { processes [ late ]; }\n}\nprocess late {\n\trun /bin/cat;\n\tencoder json;\n}\n"
    local c = assert(config.load_string(text, "late.conf"))
    assert.same({ "late" }, c.neighbors[1].processes)
    local bad, err = config.load_string(text:gsub("%[ late %]", "[ never ]"), "late.conf")
    assert.is_nil(bad)
    assert.equal("late.conf:1:1: api: no process named 'never'", config.format(err))
  end)
end)

describe("config streaming", function()
  it("hands each route to the sink as soon as its statement ends", function()
    local lines, seen = 0, {}
    local text = { "neighbor 10.0.0.1 { local-as 1; peer-as 2; static {" }
    for i = 1, 1000 do
      text[#text + 1] = ("route 10.%d.%d.0/24 next-hop 10.0.0.2;")
        :format(math.floor(i / 256), i % 256)
    end
    text[#text + 1] = "} }"
    local i = 0
    local c = assert(config.load("stream.conf", {
      lines = function()
        return function()
          i = i + 1
          lines = i
          return text[i]
        end
      end,
      sink = function(route, nb, at)
        -- the route arrives while its own line is the last one read
        assert.are.equal(lines, at.line)
        assert.are.equal("10.0.0.1", nb["peer-address"])
        seen[#seen + 1] = route.nlri.nlri
      end,
    }))
    assert.are.equal(1000, #seen)
    assert.are.equal("10.0.1.0/24", seen[1])
    assert.is_nil(c.neighbors[1].routes)
  end)
end)
