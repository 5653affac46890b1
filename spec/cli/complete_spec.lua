-- Tab completion of `luabgp cli` (lua/luabgp/cli/complete.lua): command
-- words, neighbors and prefixes from the live daemon, attribute keywords.
local complete = require "luabgp.cli.complete"

local asked
local live = {
  neighbors = function()
    asked.neighbors = (asked.neighbors or 0) + 1
    return { "192.0.2.1", "192.0.2.10", "2001:db8::1" }
  end,
  routes = function()
    asked.routes = (asked.routes or 0) + 1
    return { "10.0.0.0/24", "10.0.1.0/24", "2001:db8:1::/48" }
  end,
}

local function c(line) return complete.candidates(line, live) end

describe("cli completion", function()
  before_each(function() asked = {} end)

  it("offers the commands, by their start", function()
    assert.same({ "show", "shutdown", "silence-ack", "status" }, c("s"))
    assert.same({ "announce" }, c("ann"))
    assert.same({ "queue-status" }, c("qu"))
    assert.equal(26, #c(""))
    assert.same({}, c("frobnicate "))
  end)

  it("offers every kind the grammar reads after announce and withdraw", function()
    assert.same({ "attributes", "eor", "flow", "ipv4", "ipv6", "l2vpn", "operational", "route",
      "route-refresh", "vpls", "watchdog" }, c("announce "))
    assert.same({ "attributes", "flow", "ipv4", "ipv6", "l2vpn", "route", "vpls", "watchdog" },
      c("withdraw "))
  end)

  it("walks show, flush and clear", function()
    assert.same({ "adj-rib", "neighbor" }, c("show "))
    assert.same({ "in", "out" }, c("show adj-rib "))
    assert.same({ "extensive" }, c("show adj-rib out e"))
    assert.same({ "out" }, c("flush adj-rib "))
    assert.same({ "in", "out" }, c("clear adj-rib "))
  end)

  it("offers the live neighbors after neighbor, and the layouts", function()
    assert.same({ "192.0.2.1", "192.0.2.10" }, c("show neighbor 192"))
    assert.same({ "configuration", "extensive", "json", "summary" }, c("show neighbor 192.0.2.1 "))
    assert.same({ "*", "192.0.2.1", "192.0.2.10", "2001:db8::1" }, c("neighbor "))
    assert.same({ "2001:db8::1" }, c("delete neighbor 2001"))
  end)

  it("goes on after neighbor selectors", function()
    assert.same({ ",", "announce", "clear", "family-allowed", "flush", "local-as", "local-ip",
      "peer-as", "router-id", "show", "teardown", "withdraw" }, c("neighbor 192.0.2.1 "))
    assert.same({}, c("neighbor 192.0.2.1 peer-as "))
    assert.same({ "announce" }, c("neighbor 192.0.2.1 peer-as 65000 an"))
    assert.same({ "neighbor" }, c("neighbor 192.0.2.1 , "))
    assert.same({ "route", "route-refresh" }, c("neighbor 192.0.2.1 , neighbor * announce rou"))
  end)

  it("offers the Adj-RIB-Out's prefixes to withdraw, asked only then", function()
    assert.same({ "10.0.0.0/24", "10.0.1.0/24" }, c("withdraw route 10."))
    assert.equal(1, asked.routes)
    assert.same({}, c("announce route "))
    assert.same({ "2001:db8:1::/48" }, c("withdraw ipv6 unicast 2001"))
    c("show adj-rib ")
    assert.equal(2, asked.routes)
    assert.is_nil(asked.neighbors)
  end)

  it("offers attribute keywords after the prefix, values where they are few", function()
    assert.same({ "med" }, c("announce route 10.0.0.0/24 next-hop self m"))
    assert.same({ "self" }, c("announce route 10.0.0.0/24 next-hop "))
    assert.same({}, c("announce route 10.0.0.0/24 next-hop 192.0.2.1 med "))
    assert.same({ "igp", "incomplete" }, c("announce route 10.0.0.0/24 origin i"))
    assert.same({ "local-preference" },
      c("announce route 10.0.0.0/24 community [ 1:1 2:2 ] atomic-aggregate local"))
  end)

  it("offers families for eor, route-refresh and operational", function()
    assert.same({ "bgp-ls", "ipv4", "ipv6", "l2vpn" }, c("announce eor "))
    assert.same({ "evpn", "vpls" }, c("announce route-refresh l2vpn "))
    assert.same({ "afi" }, c("announce operational adm "))
    assert.same({ "flow", "flow-vpn" }, c("announce ipv4 fl"))
  end)
end)
