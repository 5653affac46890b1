-- The scheduler keeps the threads of tasks whose function returned for the
-- next tasks (core/sched/sched.c, SCHED_POOL): their stacks keep the size
-- they grew to.  A thread stopped by the stall limit is not kept.
local core = require "luabgp.core"
local task = require "luabgp.task"
local tasks = require "spec.helpers.tasks"

describe("task threads", function()
  it("are used again after a task returns, with nothing of it left", function()
    local ok, same, fresh = tasks.run(function(T)
      local first
      local leak = T:spawn(function()
        first = coroutine.running()
        local deep = {}
        for k = 1, 100 do deep[k] = k end
        return unpack(deep)
      end)
      T:join(leak)
      local again, extra
      T:join(T:spawn(function(...)
        again = coroutine.running()
        extra = select("#", ...)
      end, "a"))
      return again == first, extra
    end)
    assert.is_true(ok)
    assert.is_true(same)
    assert.equal(1, fresh)
  end)

  it("are used again after an error the task caught, not after a stall", function()
    local S = core.scheduler()
    S:settings { stall = 0.05 }
    local T = task.new(S, { log = function() end })
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
    assert.is_not_nil(threads[3])
    assert.are_not.equal(threads[3], threads[4])
  end)
end)
