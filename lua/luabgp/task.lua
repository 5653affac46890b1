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
--                                   -- cancelled when the time is up (its
--                                   -- cleanup done before this returns)
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

-- The handles of each scheduler's tasks, by id, while they run: the
-- scheduler says when one ends (S:on_end) and with what.  Weak both ways:
-- the handles refer to their scheduler, and LuaJIT's weak keys would keep
-- it alive through them; the end function (held by the scheduler until it
-- is closed) and the Tasks objects hold each list.
local running = setmetatable({}, { __mode = "kv" })

local function handles_of(S)
  local byid = running[S]
  if byid then return byid end
  byid = {}
  running[S] = byid
  S:on_end(function(id, ok, ...)
    local h = byid[id]
    if not h then return end
    byid[id] = nil
    h.result = pack(ok, ...)
    local e = ...
    if not ok and e ~= M.Cancelled then
      h.T.log("task " .. (h.name or h.id) .. " failed: " .. tostring(e))
    end
  end)
  return byid
end

-- opts: log(msg) (stderr by default), cleanup (seconds a timeout waits
-- for the cleanup of the task it cancelled: 5 by default)
function M.new(S, opts)
  opts = opts or {}
  return setmetatable({ S = S, log = opts.log or function(msg)
    io.stderr:write("luabgp: ", msg, "\n")
  end, cleanup = opts.cleanup or 5, byid = handles_of(S) }, Tasks)
end

-- opts: name (for the log), guarded (the stall limit applies: the JIT is
-- turned off for fn and what it defines, so that the limit can act).  The
-- task runs xpcall(fn, handler, ...) itself: nothing else under it.
function Tasks:spawn_with(opts, fn, ...)
  local h = setmetatable({ T = self, name = opts.name }, Handle)
  if opts.guarded then
    jit.off(fn, true)
    h.id = self.S:spawn_guarded(xpcall, fn, handler, ...)
  else
    h.id = self.S:spawn(xpcall, fn, handler, ...)
  end
  self.byid[h.id] = h
  return h
end

local PLAIN = {}
function Tasks:spawn(fn, ...)
  return self:spawn_with(PLAIN, fn, ...)
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
    -- its cleanup has run when the caller goes on (as asyncio.wait_for),
    -- unless it takes more than self.cleanup seconds: then it goes on alone
    if h:cancel() and not h.result and self:join(h, self.cleanup) == nil then
      self.log("a task cancelled by its timeout still runs its cleanup after "
        .. self.cleanup .. " s")
    end
    return nil, "timeout"
  end
  return unpack(r, 1, r.n)
end

function Handle:cancel()
  if self.result then return false end
  local n = self.T.S:cancel(self.id)
  if n == 2 then
    -- dropped before it ran: it has no end to report
    self.result = { n = 2, false, M.Cancelled }
    self.T.byid[self.id] = nil
  end
  return n > 0
end

function Handle:done() return self.result ~= nil end

return M
