-- The scheduler (core/sched) and its Lua face (luabgp.task): budget,
-- fairness, cancellation, timeouts, error containment, the stall limit.
local core = require "luabgp.core"
local task = require "luabgp.task"
local tasks = require "spec.helpers.tasks"

local new = tasks.new

describe("scheduler", function()
  it("resumes at most the budget per loop turn, in FIFO order", function()
    local S, T = new { budget = 3 }
    local order, turns = {}, {}
    for i = 1, 9 do
      T:spawn(function() order[#order + 1] = i; turns[#turns + 1] = S:turns() end)
    end
    S:run()
    assert.same({ 1, 2, 3, 4, 5, 6, 7, 8, 9 }, order)
    assert.same({ 1, 1, 1, 2, 2, 2, 3, 3, 3 }, turns)
  end)

  it("is fair: tasks that pause take turns", function()
    local S, T = new()
    local out = {}
    for _, name in ipairs { "a", "b", "c" } do
      T:spawn(function()
        for i = 1, 3 do out[#out + 1] = name .. i; T:pause() end
      end)
    end
    S:run()
    assert.same({ "a1", "b1", "c1", "a2", "b2", "c2", "a3", "b3", "c3" }, out)
  end)

  it("wakes sleepers in deadline order", function()
    local S, T = new()
    local out = {}
    for _, d in ipairs { 0.03, 0.01, 0.02 } do
      T:spawn(function() T:sleep(d); out[#out + 1] = d end)
    end
    S:run()
    assert.same({ 0.01, 0.02, 0.03 }, out)
  end)

  -- libuv reads its clock once per iteration, before the resumes: a timer
  -- must not be late by as long as the tasks of the turn ran
  it("keeps timers on time after a long turn", function()
    local S, T = new()
    local late
    T:spawn(function()
      local deadline = S:now() + 150
      T:sleep(0.15)
      late = S:now() - deadline
    end)
    T:spawn(function()
      local t0 = os.clock()
      while os.clock() - t0 < 0.1 do end
      T:sleep(0.3)
    end)
    S:run()
    assert.is_true(late < 40, "late by " .. late .. " ms")
  end)

  -- and a sleep that starts late in a long turn lasts as long as asked
  it("counts a sleep from when it starts, not from the turn's start", function()
    local ffi = require "ffi"
    pcall(ffi.cdef, "struct timespec { long tv_sec; long tv_nsec; };"
      .. "int clock_gettime(int clk, struct timespec *ts);")
    local ts = ffi.new("struct timespec")
    local function wall_ms()
      ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
      return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
    end
    local S, T = new()
    local slept
    T:spawn(function()
      local t0 = os.clock()
      while os.clock() - t0 < 0.1 do end
    end)
    T:spawn(function()
      local t0 = wall_ms()
      T:sleep(0.05)
      slept = wall_ms() - t0
    end)
    S:run()
    assert.is_true(slept >= 45, "slept " .. slept .. " ms of 50")
  end)

  it("refuses to be run or closed by a task's end function", function()
    local S, T = new()
    local why = {}
    S:on_end(function()
      why[#why + 1] = select(2, pcall(S.close, S))
      why[#why + 1] = select(2, pcall(S.run, S))
    end)
    T:spawn(function() end)
    S:run()
    assert.equal(2, #why)
    assert.matches("from a task", why[1])
    assert.matches("from a task", why[2])
  end)

  it("joins a task and gets its results", function()
    local S, T = new()
    local got
    local a = T:spawn(function(x) T:sleep(0.01); return x * 2, "ok" end, 21)
    T:spawn(function() got = { T:join(a) } end)
    S:run()
    assert.same({ true, 42, "ok" }, got)
  end)

  it("cancels a waiting task at its await point, which can clean up", function()
    local S, T = new()
    local cleaned, after = false, false
    local a = T:spawn(function()
      local ok, e = pcall(function() T:sleep(10) end)
      cleaned = not ok and e == task.Cancelled
      error(e, 0)
    end)
    T:spawn(function() T:pause(); assert.is_true(a:cancel()); after = true end)
    local t0 = S:now()
    S:run()
    assert.is_true(cleaned and after)
    assert.is_true(S:now() - t0 < 1000)
    assert.same({ n = 2, false, task.Cancelled }, a.result)
  end)

  it("drops a task cancelled before it ran", function()
    local S, T = new()
    local ran = false
    local a = T:spawn(function() ran = true end)
    assert.is_true(a:cancel())
    S:run()
    assert.is_false(ran)
    assert.is_false(a.result[1])
  end)

  it("times out: timeout() cancels the slow function", function()
    local S, T = new()
    local r, cancelled
    T:spawn(function()
      r = { T:timeout(0.02, function()
        local ok, e = pcall(T.sleep, T, 5)
        cancelled = not ok and e == task.Cancelled
        error(e, 0)
      end) }
    end)
    S:run()
    assert.same({ nil, "timeout" }, { r[1], r[2] })
    assert.is_true(cancelled)
  end)

  it("times out once the cancelled function's cleanup ran, or gives up on it", function()
    local S = core.scheduler()
    local logged = {}
    local T = task.new(S, { cleanup = 0.05, log = function(m) logged[#logged + 1] = m end })
    local order, r = {}, nil
    T:spawn(function()
      r = { T:timeout(0.02, function()
        pcall(T.sleep, T, 5)
        order[#order + 1] = "cleanup"
        T:sleep(0.3) -- a cleanup longer than the timeout waits for
        order[#order + 1] = "cleanup done"
      end) }
      order[#order + 1] = "returned"
    end)
    S:run()
    assert.same({ nil, "timeout" }, { r[1], r[2] })
    assert.same({ "cleanup", "returned", "cleanup done" }, order)
    assert.truthy(logged[1]:find("still runs its cleanup after 0.05 s", 1, true), logged[1])
  end)

  it("contains a task's error: logged with a traceback, the others go on", function()
    local S, T, logged = new()
    local other = false
    local bad = T:spawn(function() T:pause(); error("boom") end)
    T:spawn(function() T:pause(); T:pause(); other = true end)
    S:run()
    assert.is_true(other)
    assert.is_false(bad.result[1])
    assert.matches("boom", logged[1])
    assert.matches("stack traceback", logged[1])
  end)

  it("refuses to await outside a task", function()
    local S = new()
    assert.has_error(function() S:sleep(0) end,
      "awaiting outside a task (or inside a coroutine of a task)")
  end)

  -- the scheduler logs the stop (to stderr here: no daemon log) and drops
  -- the task where it is; a pcall inside the loop cannot catch it
  it("stops a guarded task that does not yield, even through pcall", function()
    local S, T = new { stall = 0.1 }
    local other, after = false, false
    local loop = T:spawn_with({ guarded = true, name = "spin" }, function()
      while true do pcall(function() while true do end end) end
    end)
    local plain = T:spawn_with({ guarded = true }, function()
      local ok = pcall(function() while true do end end)
      after = ok ~= nil
    end)
    T:spawn(function() other = true end)
    local t0 = S:now()
    assert.equal(0, S:run())
    assert.is_true(other)
    assert.is_false(after)
    -- a join gets why
    for _, h in ipairs { loop, plain } do
      assert.same({ n = 2, false, "stopped: it ran past the stall limit without yielding" },
        h.result)
    end
    assert.is_true(S:now() - t0 < 2000)
  end)

  it("holds 100k sleeping tasks", function()
    local S, T = new()
    local woke = 0
    for _ = 1, 100000 do
      T:spawn(function() T:sleep(0.01); woke = woke + 1 end)
    end
    S:settings { budget = 100000 }
    S:run()
    assert.equal(100000, woke)
    assert.equal(0, S:count())
  end)
end)

describe("spec helpers", function()
  it("runs a task to completion and returns its results", function()
    local ok, v, logged = tasks.run(function(T, x)
      T:sleep(0.01)
      T:spawn(function() error("inner") end)
      return x + 1
    end, 41)
    assert.is_true(ok)
    assert.equal(42, v)
    assert.matches("inner", logged[1])
  end)
end)
