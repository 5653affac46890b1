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

local function run(source, fn, config)
  return script.run({ config = config or CONFIG, name = "api.lua",
    source = "local bgp = ...\n" .. source }, fn)
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

describe("bgp.on update views", function()
  local both = CONFIG:gsub("peer%-as 65001;", "%0\n  family { ipv4 unicast; ipv6 unicast; }")
  local function routes(list, nh)
    local out = {}
    for k, p in ipairs(list) do out[k] = { nlri = p } end
    return { [nh] = out }
  end

  it("counts and walks the NLRIs without a table per route, families and next hops named",
    function()
    run([[
      bgp.on("update", function(_, v, raw)
        local a, w = v:count()
        bgp.log(tostring(v) .. ": " .. a .. " announced, " .. w .. " withdrawn, raw " ..
          tostring(raw == v:raw()))
        for fam, nlri, nh in v:announced() do bgp.log("+ " .. fam .. " " .. nlri .. " " .. nh) end
        for fam, nlri in v:withdrawn() do bgp.log("- " .. fam .. " " .. nlri) end
        bgp.log("med " .. tostring(v:attributes().med) .. ", eor " .. tostring(v:eor()))
        bgp.log("table " .. v:table().attribute.med)
      end, { view = true })
    ]], function(t)
      t:update("127.0.0.2", { attribute = { origin = "igp", ["as-path"] = { 65001 }, med = 20 },
        announce = { ["ipv4 unicast"] = routes({ "10.1.0.0/24", "10.2.0.0/16" }, "127.0.0.2") },
        withdraw = { ["ipv4 unicast"] = { { nlri = "10.9.0.0/24" } } } })
      t:update("127.0.0.2", { attribute = { origin = "igp", ["as-path"] = { 65001 }, med = 30 },
        announce = { ["ipv6 unicast"] = routes({ "2001:db8::/32" }, "2001:db8::1") } })
      t:wait(function() return #said(t) >= 10 end)
      local lines = said(t)
      assert.truthy(lines[1]:find(": 2 announced, 1 withdrawn, raw true$"), lines[1])
      assert.truthy(lines[7]:find(": 1 announced, 0 withdrawn, raw true$"), lines[7])
      lines[1], lines[7] = "", ""
      assert.same({ "",
        "+ ipv4 unicast 10.1.0.0/24 127.0.0.2",
        "+ ipv4 unicast 10.2.0.0/16 127.0.0.2",
        "- ipv4 unicast 10.9.0.0/24",
        "med 20, eor nil",
        "table 20",
        "",
        "+ ipv6 unicast 2001:db8::/32 2001:db8::1",
        "med 30, eor nil",
        "table 30",
      }, { unpack(lines, 1, 10) })
    end, both)
  end)

  it("gives table handlers their table and view handlers their view, in their order", function()
    run([[
      bgp.on("update", function(_, u) bgp.log("table " .. type(u.announce)) end)
      bgp.on("update", function(_, v) bgp.log("view " .. select(1, v:count())) end,
        { view = true })
      bgp.log(select(2, pcall(bgp.on, "update", function() end, "view")))
      bgp.log(select(2, pcall(bgp.on, "update", "not a function")))
    ]], function(t)
      t:update("127.0.0.2", { attribute = { origin = "igp", ["as-path"] = { 65001 } },
        announce = { ["ipv4 unicast"] = routes({ "10.1.0.0/24" }, "127.0.0.2") } })
      t:wait(function() return #said(t) >= 4 end)
      local lines = said(t)
      assert.truthy(lines[1]:find("options must be a table", 1, true), lines[1])
      assert.truthy(lines[2]:find("handler must be a function", 1, true), lines[2])
      assert.same({ "table table", "view 1" }, { lines[3], lines[4] })
    end)
  end)
end)

describe("sp:view", function()
  local MARKER = string.rep("\255", 16)
  local function update(body)
    return MARKER .. string.char(0, 19 + #body) .. "\2" .. body
  end
  -- ORIGIN, AS_PATH (one 2-octet AS: not negotiated here), NEXT_HOP
  local function attrs(origin)
    return "\64\1\1" .. string.char(origin) .. "\64\2\4\2\1\253\233" .. "\64\3\4\127\0\0\2"
  end
  local function body_of(a, nlri)
    return "\0\0" .. string.char(0, #a) .. a .. nlri
  end

  it("refuses what is no UPDATE, reads an End-of-RIB and RFC 7606 treat-as-withdraw", function()
    run("", function(t)
      local sp, i = t.d.sp, t:neighbor("127.0.0.2").i
      local v, why = sp:view(i, "garbage")
      assert.is_nil(v)
      assert.equal("not a whole UPDATE message", why)
      assert.is_nil(sp:view(i, update(body_of(attrs(0), "\24\10\1\0")):sub(1, -2)))
      local eor = sp:view(i, update("\0\0\0\0"))
      assert.equal("ipv4 unicast", eor:eor())
      assert.same({ 0, 0 }, { eor:count() })
      local ok = sp:view(i, update(body_of(attrs(0), "\24\10\1\0")))
      assert.same({ 1, 0 }, { ok:count() })
      assert.is_nil(ok:eor())
      -- ORIGIN 5 is no origin: the route is withdrawn (RFC 7606 §7.1)
      local bad = sp:view(i, update(body_of(attrs(5), "\24\10\1\0")))
      assert.same({ 0, 1 }, { bad:count() })
      local seen = {}
      for fam, nlri in bad:withdrawn() do seen[#seen + 1] = fam .. " " .. nlri end
      assert.same({ "ipv4 unicast 10.1.0.0/24" }, seen)
      assert.is_nil(bad:announced()())
      assert.has_error(function() sp:view(i, update("\0\0\0\0"), "sideways") end)
    end)
  end)

  it("gives attributes() and table() as the table form has them", function()
    run("", function(t)
      local sp, i = t.d.sp, t:neighbor("127.0.0.2").i
      local function same(msg)
        local v = assert(sp:view(i, msg))
        local tbl = v:table()
        local ev = assert(sp:decode(i, msg))
        local want = ev.message and ev.message.update or ev
        assert.same(want, tbl)
        assert.same(want.attribute, v:attributes())
        return v
      end
      -- treat-as-withdraw: no attribute member
      assert.is_nil(same(update(body_of(attrs(5), "\24\10\1\0"))):attributes())
      -- an UPDATE that also withdraws: NEXT_HOP is one of its attributes
      local both = "\0\4\24\10\9\0" .. string.char(0, #attrs(0)) .. attrs(0) .. "\24\10\1\0"
      assert.equal("127.0.0.2", same(update(both)):attributes()["next-hop"])
      -- End-of-RIB: the whole event, as update_of gives it
      assert.same({ afi = "ipv4", safi = "unicast" }, same(update("\0\0\0\0")):table().message.eor)
      -- a withdrawal alone: no attributes
      assert.is_nil(same(update("\0\4\24\10\9\0\0\0")):attributes())
    end)
  end)

  it("refuses an iterator given another view (debug.setupvalue)", function()
    run("", function(t)
      local sp, i = t.d.sp, t:neighbor("127.0.0.2").i
      local a = assert(sp:view(i, update(body_of(attrs(0), "\24\10\1\0"))))
      local b = assert(sp:view(i, update(body_of(attrs(0), "\24\10\2\0"))))
      local step = a:announced()
      debug.setupvalue(step, 1, b)
      assert.has_error(step, "update view iterator: not its view")
    end)
  end)
end)
