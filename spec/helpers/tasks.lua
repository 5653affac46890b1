-- busted helpers for code that runs as tasks (scripts, handlers): run a
-- function as a task of a scheduler of its own until every task it started
-- is over, and get its results.
--
--   local tasks = require "spec.helpers.tasks"
--   local ok, v = tasks.run(function(T) T:sleep(0.01); return 42 end)
--   local S, T, logged = tasks.new { budget = 3 }   -- S:run() is yours
local core = require "luabgp.core"
local task = require "luabgp.task"

local M = {}

-- A scheduler of its own with settings opts (budget, stall...), its
-- luabgp.task object, and the list its task errors are logged into: for
-- specs that run S:run() themselves.
function M.new(opts)
  local S = core.scheduler()
  local logged = {}
  local T = task.new(S, { log = function(m) logged[#logged + 1] = m end })
  if opts then S:settings(opts) end
  return S, T, logged
end

-- fn(T, ...) runs in a task; T is its luabgp.task object. Returns what fn
-- returned (true, ...) or false and its error; errors of other tasks go to
-- the list `logged` (the third result).
function M.run(fn, ...)
  local S = core.scheduler()
  local logged = {}
  local T = task.new(S, { log = function(m) logged[#logged + 1] = m end })
  local h = T:spawn(fn, T, ...)
  S:run()
  S:close()
  local r = h.result or { n = 2, false, "did not end" }
  local out = { unpack(r, 1, r.n) }
  out[r.n + 1] = logged
  return unpack(out, 1, r.n + 1)
end

return M
