-- Scheduler figures (issue 4): N tasks that each sleep once, their
-- deadlines spread over SECONDS; memory once they all wait (after a full
-- collection: what the tasks hold), and how late each wakes.
--   luajit bench/sched.lua [N] [SECONDS]   (from the repository root,
--   with build/lua/ on package.cpath; `S=1 make bench` runs it)
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/lua/?.so;" .. package.cpath
local core = require "luabgp.core"
local task = require "luabgp.task"

local n = tonumber(arg[1]) or 100000
local seconds = tonumber(arg[2]) or 1

local function rss_mb()
  for line in io.lines("/proc/self/status") do
    local kb = line:match("^VmRSS:%s+(%d+)")
    if kb then return tonumber(kb) / 1024 end
  end
end

local before = rss_mb()
local S = core.scheduler()
S:settings { budget = 1000 }
local T = task.new(S)
local late, waiting = {}, 0
local peak, lua_kb = 0, 0
for i = 1, n do
  T:spawn(function()
    waiting = waiting + 1
    if waiting == n then
      collectgarbage()
      peak = rss_mb()
      lua_kb = collectgarbage("count")
    end
    -- a second first: every task has started by then; a sleep counts from
    -- when it is asked for (here after the collection, for the last task)
    local deadline = S:now() + 1000 + seconds * 1000 * i / n
    T:sleep(1 + seconds * i / n)
    late[i] = S:now() - deadline
  end)
end
local t0 = os.clock()
S:run()
local cpu = os.clock() - t0
table.sort(late)
print(string.format("%d sleeping tasks: %.1f MB while all wait (%.1f MB before; Lua heap %.1f MB), %.2f s CPU",
  n, peak, before, lua_kb / 1024, cpu))
print(string.format("lateness: median %.1f ms, 99%% %.1f ms, max %.1f ms (timers have 1 ms resolution)",
  late[math.floor(n / 2)], late[math.floor(n * 0.99)], late[n]))
