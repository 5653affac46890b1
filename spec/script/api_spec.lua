-- The bgp.* calls of a script (lua/luabgp/script.lua, docs/lua-api.md),
-- each through a script run by spec/helpers/script.lua: the RIBs as
-- tables, awaiting a neighbor's state, tasks, withdrawals given as tables.
local script = require "spec.helpers.script"

local CONFIG = [[
neighbor 127.0.0.2 {
  router-id 10.0.0.1;
  local-address 127.0.0.1;
  local-as 65000;
  peer-as 65001;
}
]]

-- the lines the script logged with bgp.log(...), without the log's prefix
local function said(t)
  local out = {}
  for _, l in ipairs(t:log_lines()) do
    local msg = l:match("api%.lua: (.*)$")
    if msg then out[#out + 1] = msg end
  end
  return out
end

local function run(source, fn)
  return script.run({ config = CONFIG, name = "api.lua", source = "local bgp = ...\n" .. source },
    fn)
end

describe("bgp.rib", function()
  it("gives the Adj-RIB-Out as update tables, one route each", function()
    run([[
      bgp.announce("route 10.1.0.0/24 next-hop 127.0.0.1 med 7 community [65000:1]")
      bgp.announce({ attribute = { med = 50 }, announce = {
        ["ipv4 unicast"] = { ["127.0.0.9"] = { { nlri = "10.2.0.0/24" } } } } })
      local out = bgp.rib("127.0.0.2", "out")
      table.sort(out, function(a, b)
        return a.announce["ipv4 unicast"] ~= nil and next(a.announce["ipv4 unicast"]) <
          next(b.announce["ipv4 unicast"])
      end)
      bgp.log(#out .. " routes, " .. #bgp.rib("127.0.0.2", "in") .. " in")
      for _, u in ipairs(out) do
        for nh, list in pairs(u.announce["ipv4 unicast"]) do
          bgp.log(list[1].nlri .. " via " .. nh .. " med " .. tostring(u.attribute.med) .. " " ..
            table.concat(u.attribute.community and { u.attribute.community[1][1] .. ":" ..
              u.attribute.community[1][2] } or {}, ""))
        end
      end
    ]], function(t)
      assert.same({ "2 routes, 0 in", "10.1.0.0/24 via 127.0.0.1 med 7 65000:1",
        "10.2.0.0/24 via 127.0.0.9 med 50 " }, said(t))
    end)
  end)

  it("refuses a direction that is not in or out, and names an unknown neighbor", function()
    run([[
      bgp.log(select(2, pcall(bgp.rib, "127.0.0.2", "sideways")))
      bgp.log(select(2, pcall(bgp.rib, "192.0.2.99", "out")))
    ]], function(t)
      local lines = said(t)
      assert.truthy(lines[1]:find("bgp.rib: 'in' or 'out'", 1, true), lines[1])
      assert.truthy(lines[2]:find("no neighbor 192.0.2.99", 1, true), lines[2])
    end)
  end)
end)

describe("bgp.await_state", function()
  it("returns at once in the state, times out otherwise, refuses a state that is none", function()
    run([[
      bgp.log(tostring(bgp.await_state("127.0.0.2", "down")))
      bgp.log(tostring(bgp.await_state("127.0.0.2", bgp.neighbors()[1].state, 0)))
      local t0 = bgp.now()
      local ok, why = bgp.await_state("127.0.0.2", "up", 0.2)
      bgp.log(tostring(ok) .. " " .. why)
      bgp.log(select(2, pcall(bgp.await_state, "127.0.0.2", "sideways")))
    ]], function(t)
      t:wait(function() return #said(t) == 4 end)
      local lines = said(t)
      assert.same({ "true", "true", "nil timeout" }, { lines[1], lines[2], lines[3] })
      assert.truthy(lines[4]:find("no state 'sideways'", 1, true), lines[4])
    end)
  end)
end)

describe("bgp.spawn, bgp.join, bgp.timeout", function()
  it("joins a task's results, and cancels one that runs past its time", function()
    run([[
      local h = bgp.spawn(function(a) bgp.sleep(5) return a * 2 end, 21)
      local ok, v = bgp.join(h)
      bgp.log("joined " .. tostring(ok) .. " " .. tostring(v))
      local r, why = bgp.timeout(0.05, function()
        local cleaned = false
        local ok2, e = pcall(bgp.sleep, 3600)
        cleaned = not ok2 and e == bgp.Cancelled
        bgp.log("cancelled, cleaned up: " .. tostring(cleaned))
        error(e, 0)
      end)
      bgp.log("timeout " .. tostring(r) .. " " .. tostring(why))
    ]], function(t)
      assert.equal(1, t:sleeping())
      t:advance(5)
      t:wait(function() return #said(t) == 3 end)
      assert.same({ "joined true 42", "cancelled, cleaned up: true", "timeout nil timeout" },
        said(t))
    end)
  end)
end)

describe("bgp.withdraw with a table", function()
  it("takes the route out of the Adj-RIB-Out", function()
    run([[
      bgp.announce("route 10.1.0.0/24 next-hop 127.0.0.1")
      bgp.announce("route 10.3.0.0/24 next-hop 127.0.0.1")
      bgp.withdraw({ ["ipv4 unicast"] = { { nlri = "10.1.0.0/24" } } }, "neighbor 127.0.0.2")
    ]], function(t)
      local out = t:adj_rib_out()
      assert.equal(1, #out)
      assert.truthy(out[1]:find("10.3.0.0/24", 1, true), out[1])
    end)
  end)
end)
