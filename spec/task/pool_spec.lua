-- The scheduler keeps the threads of tasks whose function returned for the
-- next tasks (core/sched/sched.c, SCHED_POOL).  A thread stopped by the
-- stall limit is not kept; a kept one starts with the scheduler's globals;
-- Lua code that kept a thread and resumes it itself cannot run or crash
-- the task that has it now.
local tasks = require "spec.helpers.tasks"

local new = tasks.new

describe("task threads", function()
  it("are used again after a task returns, and get only their own arguments", function()
    local ok, same, nargs = tasks.run(function(T)
      local first
      T:join(T:spawn(function()
        first = coroutine.running()
        local many = {}
        for k = 1, 100 do many[k] = k end
        return unpack(many)
      end))
      local again, n
      T:join(T:spawn(function(...)
        again = coroutine.running()
        n = select("#", ...)
      end, "a"))
      return again == first, n
    end)
    assert.is_true(ok)
    assert.is_true(same)
    assert.equal(1, nargs)
  end)

  it("are used again after the task's function raised, not after a stall", function()
    local S, T = new { stall = 0.05 }
    local threads = {}
    local function mine(k) return function() threads[k] = coroutine.running() end end
    T:spawn(function()
      T:join(T:spawn(function() mine(1)(); error("broken", 0) end))
      T:join(T:spawn(mine(2)))
      T:join(T:spawn_with({ guarded = true }, function() mine(3)(); while true do end end))
      T:join(T:spawn(mine(4)))
    end)
    S:run()
    S:close()
    assert.equal(threads[1], threads[2])
    assert.equal(threads[2], threads[3])
    assert.are_not.equal(threads[3], threads[4])
  end)

  it("start with the scheduler's globals, whatever the last task made of its own", function()
    local ok, seen = tasks.run(function(T)
      T:join(T:spawn(function()
        setfenv(0, setmetatable({ sandboxed = true }, { __index = _G }))
      end))
      local got
      T:join(T:spawn(function() got = loadstring("return sandboxed")() end))
      return got
    end)
    assert.is_true(ok)
    assert.is_nil(seen)
  end)

  it("resumed by Lua code that kept them end the task that has them, nothing else", function()
    local S, T, logged = new()
    local victim, hijack
    T:spawn(function()
      local old
      T:join(T:spawn(function() old = coroutine.running() end))
      -- the next task gets that thread; it has not started yet
      victim = T:spawn(function(a) return a end, "x")
      hijack = { coroutine.resume(old) }
      T:join(victim)
    end)
    S:run()
    S:close()
    assert.is_false(victim.result[1])
    assert.equal("its thread was resumed outside the scheduler",
      victim.result[2]:match("^[^\n]*"))
    assert.is_true(#logged >= 1)
    assert.is_not_nil(hijack)
  end)
end)
