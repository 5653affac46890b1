-- The commands about the daemon and the session (lua/luabgp/api/service.lua):
-- ExaBGP main's status, ping, bye, reset, queue-status, api version and
-- crash, as a process sends them.
local cjson = require "cjson"
local api = require "spec.helpers.api_fake"
local script = require "spec.helpers.script"

-- the fake's speaker, with neighbor states and process queues
local function fake(queues)
  local d, src, calls, out = api.fake()
  local recorder = d.sp
  d.sp = setmetatable({
    info = function(_, i) return { state = i == 1 and "established" or "idle" } end,
    process_queue = function(_, p) return unpack(queues and queues[p] or { 0, 0 }) end,
  }, { __index = recorder })
  d.st.procs = { gen = 1, watch = 2 }
  return d, src, calls, out
end

local UUID = "^%x%x%x%x%x%x%x%x%-%x%x%x%x%-4%x%x%x%-[89ab]%x%x%x%-%x%x%x%x%x%x%x%x%x%x%x%x$"

describe("status", function()
  it("lists the daemon and each neighbor's state, as ExaBGP main", function()
    local d, src, _, out = fake()
    d.started = os.time() - 3725 -- the daemon's start, not the first status
    src:run("status")
    assert.equal("luabgp daemon status\n", out[1])
    assert.equal("Version: luabgp test\n", out[3])
    assert.truthy(out[4]:match("^UUID: (.-)\n$"):match(UUID))
    assert.truthy(out[5]:match("^PID: %d+\n$"))
    assert.truthy(out[6]:match("^Uptime: 1h 2m [56]s\n$"), out[6])
    assert.same({ "Peers: 2\n", "  - neighbor 127.0.0.1: ESTABLISHED\n",
      "  - neighbor 127.0.0.2: IDLE\n", "done\n" }, { unpack(out, 7) })
  end)

  it("answers in JSON when asked, with the UUID ping gives", function()
    local _, src, _, out = fake()
    src:run("status json")
    src:run("ping")
    local st, pong = cjson.decode(out[1]), cjson.decode(out[3])
    assert.same({ ["neighbor 127.0.0.1"] = "ESTABLISHED", ["neighbor 127.0.0.2"] = "IDLE" },
      st.peers)
    assert.equal("luabgp test", st.version)
    assert.truthy(st.uuid:match(UUID))
    assert.equal(st.uuid, pong.pong)
    assert.is_true(pong.active)
    assert.same({ "done\n", "done\n" }, { out[2], out[4] })
  end)
end)

describe("ping and bye", function()
  it("pongs in JSON unless text is asked for, with or without the client's UUID", function()
    local _, src, _, out = fake()
    src:run("ping 6d3f1c2e-0000-4000-8000-000000000001 1764961200.5")
    src:run("ping text")
    assert.truthy(cjson.decode(out[1]).pong:match(UUID))
    assert.truthy(out[3]:match("^pong (%S+) active=true\n$"):match(UUID))
    src:run("bye 6d3f1c2e-0000-4000-8000-000000000001")
    assert.same({ "done\n", "done\n", "done\n" }, { out[2], out[4], out[5] })
  end)

  it("ignores more words, as ExaBGP main does", function()
    local _, src, _, out = fake()
    src:run("ping a b c text")
    src:run("bye a b")
    assert.truthy(out[1]:match("^pong %S+ active=true\n$"))
    assert.same({ "done\n", "done\n" }, { out[2], out[3] })
  end)
end)

describe("queue-status", function()
  it("says what waits for each process, in text and JSON", function()
    local _, src, _, out = fake({ [1] = { 120, 3 } })
    src:run("queue-status")
    src:run("queue-status json")
    assert.same({ "gen: 3 items (120 bytes)\n", "done\n",
      cjson.encode({ gen = { items = 3, bytes = 120 } }) .. "\n", "done\n" }, out)
  end)

  it("says when nothing waits", function()
    local _, src, _, out = fake()
    src:run("queue-status")
    src:run("queue-status json")
    assert.same({ "no queued messages\n", "done\n", "{}\n", "done\n" }, out)
  end)
end)

describe("api version", function()
  it("is 4; 6 and others are refused with the reason", function()
    local _, src, _, out = fake()
    src:run("api version")
    src:run("api version 4")
    src:run("api version 6")
    src:run("api version 5")
    src:run("api frobnicate")
    assert.same({ "API version: 4 (legacy (text/json))\n", "done\n",
      "API version set to 4\n", "done\n",
      "error: API version 6 (JSON only) is not supported: luabgp speaks version 4\nerror\n",
      "error: API version must be 4 or 6, not '5'\nerror\n",
      "error: unknown command 'api frobnicate'\nerror\n" }, out)
  end)
end)

describe("reset", function()
  it("has nothing of the source's to drop: its commands ran in order", function()
    local _, src, calls, out = fake()
    src:run("reset")
    src:run("reset now")
    assert.same({ "asynchronous queue cleared\n", "done\n",
      "error: 'reset' takes no argument\nerror\n" }, out)
    assert.same({}, calls)
  end)
end)

describe("crash", function()
  it("is answered, and its error logged with its traceback, the speaker going on", function()
    local log = script.run({ config = [[
      neighbor 127.0.0.2 { local-address 127.0.0.1; local-as 1; peer-as 2; }
    ]], source = "local bgp = ...\nbgp.on('state', function() end)" }, function(t)
      local ok, why, lines = t:command("crash")
      assert.is_true(ok, why)
      assert.same({}, lines)
      t:wait(function()
        for _, l in ipairs(t:log_lines()) do
          if l:find("crash test of the API", 1, true) then return true end
        end
      end)
      assert.is_true((t:command("version")))
    end)
    local traced = false
    for _, l in ipairs(log) do
      if l:find("stack traceback", 1, true) then traced = true end
    end
    assert.is_true(traced)
  end)
end)
