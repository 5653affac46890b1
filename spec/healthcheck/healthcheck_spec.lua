-- ExaBGP's healthcheck (lua/luabgp/healthcheck.lua): options, the state
-- machine, the commands of each state, and the loop on a fake clock.
local healthcheck = require "luabgp.healthcheck"
local fake_clock = require "spec.helpers.fake_clock"

local function options(argv)
  local o, why = healthcheck.options(argv, function() return nil, "no file" end)
  assert(o, why)
  return o
end

-- Runs the loop until `until_t` seconds of fake time; checks[i] is the
-- outcome of the i-th check (the last one repeats).
local function run(argv, checks, until_t, disabled_at)
  local clock = fake_clock.new()
  local sent, log, n = {}, {}, 0
  local disabled = false
  if disabled_at then
    clock.at(disabled_at[1], function() disabled = true end)
    clock.at(disabled_at[2], function() disabled = false end)
  end
  healthcheck.run(options(argv), {
    check = function()
      n = n + 1
      return checks[math.min(n, #checks)]
    end,
    exists = function() return disabled end,
    sleep = clock.sleep,
    send = function(line) sent[#sent + 1] = string.format("%g %s", clock.now(), line) end,
    execute = function(cmd) log[#log + 1] = "exec " .. cmd end,
    log = function(msg) log[#log + 1] = string.format("%g %s", clock.now(), msg) end,
    stop = function() return clock.now() >= until_t end,
  })
  return sent, log
end

describe("healthcheck options", function()
  it("has ExaBGP's defaults and completes addresses", function()
    local o = options { "--ip", "192.0.2.1", "--ip", "2001:db8::1" }
    assert.same({ "192.0.2.1/32", "2001:db8::1/128" }, o.ip)
    assert.equal(5, o.interval)
    assert.equal(1, o.fast_interval)
    assert.equal(3, o.rise)
    assert.equal(3, o.fall)
    assert.equal(100, o.up_metric)
    assert.equal(1000, o.down_metric)
    assert.equal(500, o.disabled_metric)
    assert.equal("self", o.next_hop)
  end)

  it("reads --config files of `option = value` lines", function()
    local words = healthcheck.config_args(
      "# comment\nip = 10.0.0.1/32\nrise=2\nwithdraw-on-down\n")
    assert.same({ "--ip", "10.0.0.1/32", "--rise", "2", "--withdraw-on-down" }, words)
    assert.is_nil((healthcheck.config_args("what is this\n")))
  end)

  it("refuses a check without an address", function()
    local o, why = healthcheck.options({ "--cmd", "true" })
    assert.is_nil(o)
    assert.matches("no %-%-ip", why)
  end)
end)

describe("healthcheck state machine", function()
  local o = { rise = 3, fall = 2 }
  it("rises after rise successes and falls after fall failures", function()
    local s, c = healthcheck.step("INIT", 0, true, false, o)
    assert.same({ "RISING", 1 }, { s, c })
    s, c = healthcheck.step(s, c, true, false, o)
    assert.same({ "RISING", 2 }, { s, c })
    s, c = healthcheck.step(s, c, true, false, o)
    assert.same({ "UP", 0 }, { s, c })
    s, c = healthcheck.step(s, c, false, false, o)
    assert.same({ "FALLING", 1 }, { s, c })
    s, c = healthcheck.step(s, c, true, false, o)
    assert.same({ "RISING", 1 }, { s, c })
    s, c = healthcheck.step("FALLING", 1, false, false, o)
    assert.same({ "DOWN", 0 }, { s, c })
  end)

  it("goes DISABLED from any state, and back through INIT", function()
    for _, st in ipairs { "INIT", "RISING", "FALLING", "UP", "DOWN" } do
      assert.equal("DISABLED", (healthcheck.step(st, 1, true, true, o)))
    end
    assert.equal("DISABLED", (healthcheck.step("DISABLED", 0, true, true, o)))
    assert.equal("INIT", (healthcheck.step("DISABLED", 0, true, false, o)))
  end)
end)

describe("healthcheck commands", function()
  it("announces each address with the state's metric, increased per address", function()
    local o = options { "--ip", "192.0.2.1", "--ip", "192.0.2.2", "--community", "65000:1",
      "--local-preference", "200", "--neighbor", "10.0.0.1" }
    local tail = " community [ 65000:1 ] local-preference 200"
    assert.same({
      "neighbor 10.0.0.1 announce route 192.0.2.1/32 next-hop self med 100" .. tail,
      "neighbor 10.0.0.1 announce route 192.0.2.2/32 next-hop self med 101" .. tail,
    }, healthcheck.announces("UP", o))
    assert.same({}, healthcheck.announces("RISING", o))
  end)

  it("withdraws when down with --withdraw-on-down", function()
    local o = options { "--ip", "192.0.2.1", "--withdraw-on-down", "--next-hop", "10.1.1.1" }
    assert.same({ "withdraw route 192.0.2.1/32 next-hop 10.1.1.1" },
      healthcheck.announces("DOWN", o))
  end)
end)

describe("healthcheck loop (fake clock)", function()
  it("checks every interval, fast while rising, and announces UP after rise", function()
    local sent, log = run({ "--ip", "192.0.2.1", "--cmd", "probe", "--rise", "2" },
      { true }, 12)
    -- t=0 INIT->RISING (fast: 1 s), t=1 RISING->UP, then every 5 s
    assert.same({ "1 announce route 192.0.2.1/32 next-hop self med 100",
      "6 announce route 192.0.2.1/32 next-hop self med 100",
      "11 announce route 192.0.2.1/32 next-hop self med 100" }, sent)
    assert.same({ "0 state INIT -> RISING", "1 state RISING -> UP" }, log)
  end)

  it("debounces: sends only on changes", function()
    local sent = run({ "--ip", "192.0.2.1", "--cmd", "probe", "--rise", "1", "--fall", "1",
      "--debounce" }, { true, true, false, false, true }, 30)
    assert.same({ "0 announce route 192.0.2.1/32 next-hop self med 100",
      "10 announce route 192.0.2.1/32 next-hop self med 1000",
      "20 announce route 192.0.2.1/32 next-hop self med 100" }, sent)
  end)

  -- disabled from 7 s to 13 s: the check at 10 disables, the one at 15 goes
  -- back to INIT, the one at 20 (rise 1) announces UP again
  it("goes DISABLED while the disable file exists, and runs the hooks", function()
    local sent, log = run({ "--ip", "192.0.2.1", "--cmd", "probe", "--rise", "1",
      "--disable", "/x", "--disabled-execute", "notify", "--debounce" }, { true }, 21, { 7, 13 })
    assert.same({ "0 announce route 192.0.2.1/32 next-hop self med 100",
      "10 announce route 192.0.2.1/32 next-hop self med 500",
      "20 announce route 192.0.2.1/32 next-hop self med 100" }, sent)
    assert.is_truthy(table.concat(log, "|"):find("exec notify", 1, true))
  end)
end)
