-- `show neighbor` layouts (lua/luabgp/api/show.lua): ExaBGP's summary row,
-- extensive block and main's JSON object, from a session's details.
local show = require "luabgp.api.show"
local cjson = require "cjson"

local function session(up)
  local msgs = { open = { 1, 1 }, notification = { 0, 0 }, keepalive = { 3, 4 },
    update = { 12, 7 }, refresh = { 0, 1 }, total = { 16, 13 } }
  return {
    peer_address = "192.0.2.1", local_address = "192.0.2.2",
    state = up and "ESTABLISHED" or "ACTIVE",
    up = up, duration = up and 3725 or 0, down = 90061, local_as = 65001, peer_as = 65002,
    local_id = "192.0.2.2", peer_id = up and "192.0.2.1" or nil, local_hold = 180,
    peer_hold = up and 90 or nil,
    capabilities = up and { { "asn4", true, true }, { "route-refresh", true, false } }
      or { { "asn4", true }, { "route-refresh", true } },
    families = { up and { "ipv4 unicast", true, true, true, false }
      or { "ipv4 unicast", true, nil, false, false } },
    messages = msgs,
  }
end

describe("show neighbor", function()
  it("writes durations as Python's timedelta does", function()
    assert.equal("0:00:00", show.timedelta(0))
    assert.equal("1:02:05", show.timedelta(3725))
    assert.equal("1 day, 1:01:01", show.timedelta(90061))
    assert.equal("3 days, 0:00:00", show.timedelta(3 * 86400))
  end)

  it("lays a summary row under ExaBGP's header", function()
    assert.equal("Peer            AS        up/down state       |     #sent     #recvd",
      show.SUMMARY_HEADER)
    assert.equal("192.0.2.1       65002     1:02:05 established          12          7",
      show.summary(session(true)))
    assert.equal("192.0.2.1       65002        down active               12          7",
      show.summary(session(false)))
  end)

  it("lays the extensive block out in ExaBGP's columns", function()
    local lines = show.extensive(session(true))
    assert.equal("Neighbor 192.0.2.1", lines[1])
    local text = table.concat(lines, "\n")
    assert.truthy(text:find(
      "\n   state                    ESTABLISHED                                \n", 1, true))
    assert.truthy(text:find("\n   up for                       1:02:05", 1, true))
    assert.truthy(text:find(
      "\n   ID                         192.0.2.2       192.0.2.1                \n", 1, true))
    assert.truthy(text:find("\n   route-refresh:               enabled        disabled", 1, true))
    assert.truthy(text:find(
      "\n   ipv4 unicast:                enabled         enabled            send\n", 1, true))
    assert.truthy(text:find("\n   keepalive:                         3               4", 1, true))
    assert.equal("", lines[#lines])
    -- without the peer's OPEN, what it said is n/a
    text = table.concat(show.extensive(session(false)), "\n")
    assert.truthy(text:find("\n   down for              1 day, 1:01:01", 1, true))
    assert.truthy(text:find("\n   hold-time                        180             n/a", 1, true))
    assert.truthy(text:find("\n   asn4:                        enabled             n/a", 1, true))
  end)

  it("gives ExaBGP main's JSON objects, keys in its order", function()
    local text = show.json({ session(true), session(false) })
    assert.falsy(text:find("\n", 1, true))
    local list = cjson.decode(text)
    local up, down = list[1], list[2]
    assert.equal("up", up.state)
    assert.equal(3725, up.duration)
    assert.equal("ESTABLISHED", up.fsm)
    assert.same({ "asn4" }, up.capabilities)
    assert.same({ "ipv4 unicast" }, up.families)
    assert.equal("send", up["add-path"]["ipv4 unicast"])
    assert.equal(90, up.peer.hold)
    assert.equal(12, up.messages.sent.update)
    assert.equal(1, up.messages.received.refresh)
    assert.equal("down", down.state)
    assert.equal(90061, down.duration)
    assert.equal(cjson.null, down.peer.id)
    assert.truthy(text:find('"capabilities": []', 1, true))
    assert.truthy(text:find('^%[{"state": "up", "duration": 3725, "fsm": "ESTABLISHED", "local": '))
  end)

  it("writes the settings as configuration, secrets left out", function()
    local lines = show.configuration({ ["peer-address"] = "192.0.2.1", ["local-as"] = 65001,
      passive = true, ["group-updates"] = false, description = "edge router",
      ["md5-password"] = "s3cret", families = { "ipv4 unicast" },
      capability = { ["route-refresh"] = true, ["graceful-restart"] = 120 } })
    assert.same({
      "neighbor 192.0.2.1 {",
      '\tdescription "edge router";',
      "\tlocal-as 65001;",
      "\tpassive;",
      "\tfamily {", "\t\tipv4 unicast;", "\t}",
      "\tcapability {", "\t\tgraceful-restart 120;", "\t\troute-refresh enable;", "\t}",
      "}",
    }, lines)
  end)
end)
