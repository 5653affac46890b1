-- A fake clock for specs of code that sleeps (health checks, users' own
-- scripts): sleep() advances virtual time at once, now() reads it, and
-- at(t, fn) runs fn when the time reaches t. Nothing waits for real.
--
--   local clock = require("spec.helpers.fake_clock").new()
--   clock.sleep(5); assert.equal(5, clock.now())
local M = {}

function M.new()
  local c = { t = 0, timers = {} }
  function c.now() return c.t end
  function c.at(t, fn) c.timers[#c.timers + 1] = { t = t, fn = fn } end
  function c.sleep(seconds)
    local target = c.t + seconds
    table.sort(c.timers, function(a, b) return a.t < b.t end)
    while c.timers[1] and c.timers[1].t <= target do
      local timer = table.remove(c.timers, 1)
      c.t = timer.t
      timer.fn()
    end
    c.t = target
  end
  return c
end

return M
