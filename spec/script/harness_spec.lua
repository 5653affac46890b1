-- spec/helpers/script.lua: users' scripts run in a speaker of their own,
-- driven by made-up events and a virtual clock (and the health check,
-- scripts/healthcheck.lua, tested the way a user would test a script).
local script = require "spec.helpers.script"

local CONFIG = [[
neighbor 127.0.0.2 {
  router-id 10.0.0.1;
  local-address 127.0.0.1;
  local-as 65000;
  peer-as 65001;
}
neighbor 127.0.0.3 {
  router-id 10.0.0.1;
  local-address 127.0.0.1;
  local-as 65000;
  peer-as 65000;
}
]]

local function has(lines, text)
  for _, l in ipairs(lines) do
    if l:find(text, 1, true) then return true end
  end
  return false
end

describe("the script helper", function()
  it("runs a script's state handlers and shows what it announced", function()
    script.run({ config = CONFIG, source = [[
      local bgp = ...
      bgp.on("state", function(n, state)
        if state == "up" then
          bgp.announce("route 10.1.0.0/24 next-hop 127.0.0.1 med 7", "neighbor " .. n.address)
        else
          bgp.withdraw("route 10.1.0.0/24", "neighbor " .. n.address)
        end
      end)
    ]] }, function(t)
      assert.same({}, t:adj_rib_out())
      t:state("127.0.0.2", "up")
      local out = t:adj_rib_out("127.0.0.2")
      assert.equal(1, #out)
      assert.truthy(out[1]:find("10.1.0.0/24 next-hop 127.0.0.1", 1, true), out[1])
      assert.truthy(out[1]:find("med 7", 1, true), out[1])
      assert.same({}, t:adj_rib_out("127.0.0.3"))
      t:state("127.0.0.2", "down", "hold timer expired")
      assert.same({}, t:adj_rib_out("127.0.0.2"))
    end)
  end)

  it("moves the script's clock only when the test says", function()
    script.run({ config = CONFIG, source = [[
      local bgp = ...
      bgp.sleep(10)
      bgp.announce("route 10.2.0.0/24 next-hop 127.0.0.1")
      bgp.log("announced at " .. bgp.now())
    ]] }, function(t)
      assert.equal(1, t:sleeping())
      t:advance(9.5)
      assert.same({}, t:adj_rib_out())
      t:advance(0.5)
      assert.equal(2, #t:adj_rib_out())
      assert.equal(10, t:now())
      assert.truthy(has(t:log_lines(), "announced at 10"))
    end)
  end)

  it("runs handlers in a task of their own: one asleep holds up the events, not the test",
    function()
      script.run({ config = CONFIG, source = [[
        local bgp = ...
        bgp.on("state", function(n, state)
          bgp.log("handling " .. state)
          if state ~= "up" then return end
          bgp.sleep(5)
          bgp.announce("route 10.5.0.0/24 next-hop 127.0.0.1", "neighbor " .. n.address)
        end)
      ]] }, function(t)
        t:state("127.0.0.2", "up")
        t:state("127.0.0.2", "down")
        assert.falsy(has(t:log_lines(), "handling down"))
        t:advance(5)
        assert.equal(1, #t:adj_rib_out("127.0.0.2"))
        assert.truthy(has(t:log_lines(), "handling down"))
      end)
    end)

  it("fails a test that does not end in time", function()
    local ok, err = pcall(script.run, { config = CONFIG, source = "", timeout = 0.3 },
      function(t) t:wait(function() return false end, 60) end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("did not end within 0.3 s", 1, true), err)
  end)

  it("hands updates through the import policies to the update handlers", function()
    local log = script.run({ config = CONFIG, source = [[
      local bgp = ...
      bgp.policy("import", function(_, u)
        if u.attribute and u.attribute.med == 666 then return false end
        u.attribute.med = 1
        return u
      end)
      bgp.on("update", function(n, u)
        bgp.log(n.address .. " med " .. tostring(u.attribute.med))
      end)
    ]] }, function(t)
      local route = { ["ipv4 unicast"] = { ["127.0.0.2"] = { { nlri = "10.3.0.0/24" } } } }
      local got = t:update("127.0.0.2", { attribute = { med = 5 }, announce = route })
      assert.equal(1, got.attribute.med)
      assert.is_nil(t:update("127.0.0.2", { attribute = { med = 666 }, announce = route }))
    end)
    assert.truthy(has(log, "127.0.0.2 med 1"))
    assert.falsy(has(log, "med 666"))
  end)

  it("hands routes to the export policies of the neighbor", function()
    script.run({ config = CONFIG, source = [[
      local bgp = ...
      bgp.policy("export", function(_, u)
        if u.attribute.med == 666 then return false end
        u.attribute.med = 50
        return u
      end, "neighbor 127.0.0.2")
    ]] }, function(t)
      local route = { ["ipv4 unicast"] = { ["127.0.0.1"] = { { nlri = "10.4.0.0/24" } } } }
      assert.equal(50, t:export("127.0.0.2", { attribute = { med = 9 }, announce = route })
        .attribute.med)
      assert.is_nil(t:export("127.0.0.2", { attribute = { med = 666 }, announce = route }))
      -- not the policy's neighbor: as given
      assert.equal(9, t:export("127.0.0.3", { attribute = { med = 9 }, announce = route })
        .attribute.med)
    end)
  end)

  it("logs a script that fails and reports the test's own failure", function()
    local log = script.run({ config = CONFIG, source = "error('broken script')" },
      function() end)
    assert.truthy(has(log, "broken script"))
    local ok, err = pcall(script.run, { config = CONFIG, source = "" }, function()
      error("the test's assertion")
    end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("the test's assertion", 1, true))
  end)

  it("refuses a configuration that does not load", function()
    local ok, err = pcall(script.run, { config = "neighbor {", source = "" }, function() end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("bgp.conf", 1, true), err)
  end)
end)

describe("the health check as a script", function()
  it("announces the service when the check passes and worsens it when it fails", function()
    local flag = os.tmpname()
    script.run({ config = CONFIG, script = LUABGP_ROOT .. "/scripts/healthcheck.lua",
      files = { ["healthcheck.conf"] = table.concat({
        "ip = 192.0.2.1/32", "command = test -e " .. flag, "rise = 2", "fall = 2",
        "interval = 5", "fast-interval = 1", "next-hop = 127.0.0.1", "" }, "\n") },
    }, function(t)
      local function route()
        local out = t:adj_rib_out("127.0.0.2")
        return #out == 1 and out[1]
      end
      local function asleep() return t:sleeping() == 1 end
      -- first check passes: RISING, nothing announced yet
      t:wait(asleep)
      assert.is_false(route())
      t:advance(1)
      t:wait(function() return route() end)
      assert.truthy(route():find("192.0.2.1/32 next-hop 127.0.0.1 ", 1, true), route())
      assert.truthy(route():find(" med 100$"), route())
      -- the check fails twice: DOWN, announced with the down metric
      os.remove(flag)
      t:wait(asleep)
      t:advance(5)
      t:wait(asleep)
      t:advance(1)
      t:wait(function() return route() and route():find(" med 1000$") end)
      assert.truthy(has(t:log_lines(), "state FALLING -> DOWN"))
    end)
    os.remove(flag)
  end)
end)
