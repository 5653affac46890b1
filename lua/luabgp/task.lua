-- Tasks: Lua coroutines resumed by the scheduler in C (core/sched, DESIGN.md
-- "The scheduler"). A task awaits by calling one of the functions below
-- (sleep, join, wait, or a core function that registers interest, such as
-- a process's next line); nothing else blocks.
--
--   local T = task.new(S, { log = function(msg) ... end })
--   local t = T:spawn(fn, ...)      -- a handle: t.id, t.result once over
--   T:sleep(seconds)  T:pause()     -- in a task
--   ok, ... = T:join(t [, seconds]) -- its results (nil, "timeout")
--   t:cancel()                      -- it sees task.Cancelled where it awaits
--   ok, ... = T:timeout(seconds, fn, ...)  -- fn in a task of its own,
--                                   -- cancelled when the time is up
--
-- A task's error is logged with its traceback and kept in t.result; it
-- never stops the loop or another task. A cancelled task ends with
-- (false, task.Cancelled) and is not logged.
local M = {}

M.Cancelled = setmetatable({}, { __tostring = function() return "cancelled" end })

local Tasks = {}
Tasks.__index = Tasks

local Handle = {}
Handle.__index = Handle

local pack = function(...) return { n = select("#", ...), ... } end

local function handler(e)
  if e == M.Cancelled then return e end
  return debug.traceback(tostring(e), 2)
end

-- What an await point does with the scheduler's answer.
local function check(why)
  if why == "cancelled" then error(M.Cancelled, 0) end
  return why
end
M.check = check

function M.new(S, opts)
  opts = opts or {}
  return setmetatable({ S = S, log = opts.log or function(msg)
    io.stderr:write("luabgp: ", msg, "\n")
  end, byid = setmetatable({}, { __mode = "v" }) }, Tasks)
end

local function body(T, h, fn, ...)
  local r = pack(xpcall(fn, handler, ...))
  h.result = r
  if not r[1] and r[2] ~= M.Cancelled then
    T.log("task " .. (h.name or h.id) .. " failed: " .. tostring(r[2]))
  end
  if h.on_end then h.on_end(h) end
end

-- opts: name (for the log), guarded (the stall limit applies: the JIT is
-- turned off for fn and what it defines, so that the limit can act).
function Tasks:spawn_with(opts, fn, ...)
  local h = setmetatable({ T = self, name = opts.name }, Handle)
  if opts.guarded then
    jit.off(fn, true)
    h.id = self.S:spawn_guarded(body, self, h, fn, ...)
  else
    h.id = self.S:spawn(body, self, h, fn, ...)
  end
  self.byid[h.id] = h
  return h
end

function Tasks:spawn(fn, ...)
  return self:spawn_with({}, fn, ...)
end

function Tasks:sleep(seconds) check(self.S:sleep(seconds)) end
function Tasks:pause() check(self.S:pause()) end

-- The handle of the running task (nil outside tasks)
function Tasks:current()
  local id = self.S:current()
  return id and self.byid[id]
end

function Tasks:join(h, seconds)
  while not h.result do
    local why = check(self.S:join(h.id, seconds))
    if why == "timeout" then return nil, "timeout" end
    if why == "done" and not h.result then
      -- dropped before it ever ran
      h.result = { n = 2, false, M.Cancelled }
    end
  end
  return unpack(h.result, 1, h.result.n)
end

function Tasks:timeout(seconds, fn, ...)
  local h = self:spawn(fn, ...)
  local r = pack(self:join(h, seconds))
  if r[1] == nil and r[2] == "timeout" and not h.result then
    h:cancel()
    return nil, "timeout"
  end
  return unpack(r, 1, r.n)
end

function Handle:cancel()
  if self.result then return false end
  local n = self.T.S:cancel(self.id)
  if n == 2 then self.result = { n = 2, false, M.Cancelled } end
  return n > 0
end

function Handle:done() return self.result ~= nil end

return M
