-- busted helper: run one of your scripts (docs/lua-api.md) in a speaker
-- of its own, made from an ExaBGP configuration, and drive it from a test:
-- hand its handlers made-up events, move a virtual clock, look at the
-- neighbors' Adj-RIB-Out.  The script is loaded and started as the daemon
-- does it (same API, same environment, same handlers' task); the sessions
-- never come up (every neighbor is passive and nothing listens), so the
-- routes it announces stay in the Adj-RIB-Out, where `show adj-rib out`
-- reads them (with an export policy they wait for a session: a test
-- hands the policy routes with t:export()).
--
--   local script = require "spec.helpers.script"
--   local log = script.run({
--     config = "neighbor 127.0.0.2 { local-address 127.0.0.1; local-as 1; peer-as 2; }",
--     script = "scripts/my.lua",            -- or source = "local bgp = ... ",
--     files = { ["my.conf"] = "..." },      -- beside the script
--   }, function(t)
--     t:state("127.0.0.2", "up")
--     t:advance(5)                           -- bgp.sleep/bgp.now are virtual
--     assert.same({ "..." }, t:adj_rib_out())
--   end)
--
-- The test function runs as a task of the speaker's scheduler, after the
-- script's first run has returned or awaited: its awaits let the script
-- run.  run() returns the speaker's log lines, or raises the test's error
-- (a failed assertion) once the speaker is closed.
local run = require "luabgp.daemon.run"
local settings = require "luabgp.settings"
local api = require "luabgp.api"
local scripts = require "luabgp.script"
local source = require "luabgp.api.source"
local task = require "luabgp.task"

local M = {}

local function write(path, text)
  local f = assert(io.open(path, "w"))
  f:write(text)
  f:close()
end

local function read(path)
  local f = assert(io.open(path, "r"))
  local text = f:read("*a")
  f:close()
  return text
end

-- A directory of its own (removed by run() when it ends).
local function temp_dir()
  local p = assert(io.popen("mktemp -d /tmp/luabgp-script-test.XXXXXX"))
  local dir = p:read("*l")
  p:close()
  return dir
end

-- The virtual clock: a sleeping task waits on a gate (a task that would
-- sleep for ever) which advance() cancels when the time comes.
local function clock_of(T)
  local c = { t = 0, sleepers = {} }
  function c.now() return c.t end
  function c.sleep(seconds)
    local gate = T:spawn(function() T:sleep(1e9) end)
    c.sleepers[#c.sleepers + 1] = { at = c.t + math.max(0, seconds), gate = gate }
    T:join(gate)
  end
  -- the earliest sleeper due by then, taken off the list
  function c.due(by)
    local k
    for i, s in ipairs(c.sleepers) do
      if s.at <= by and (not k or s.at < c.sleepers[k].at) then k = i end
    end
    return k and table.remove(c.sleepers, k)
  end
  return c
end

local Test = {}
Test.__index = Test

function Test:neighbor(addr)
  local list = self.d:neighbors()
  if not addr then return assert(list[1], "no neighbor in the configuration") end
  for _, n in ipairs(list) do
    if tostring(n.nb["peer-address"]) == addr then return n end
  end
  error("no neighbor " .. addr .. " in the configuration", 2)
end

-- Let every ready task run (the script's, woken by what the test did).
function Test:settle()
  for _ = 1, 3 do self.T:sleep(0.001) end
end

-- The made-up events go to the handlers in a task of their own, one after
-- the other, as the daemon's events do: a handler that awaits (sleeps on
-- the virtual clock) holds up the events after it, not the test.
local function events_task(t)
  while true do
    local ev = table.remove(t.queue, 1)
    if ev then
      ev.result = { scripts.deliver(t.d, ev.n, ev.kind, ev.a, ev.b) }
    else
      t.idle = t.T:spawn(function() t.T:sleep(1e9) end)
      t.T:join(t.idle)
      t.idle = nil
    end
  end
end

local function post(t, addr, kind, a, b)
  local ev = { n = t:neighbor(addr), kind = kind, a = a, b = b }
  t.queue[#t.queue + 1] = ev
  if t.idle then t.idle:cancel() end
  t:settle()
  return ev
end

-- The scripts' "state" handlers see neighbor addr (the first one when
-- nil) in state ("up", "down", "connected") for reason.
function Test:state(addr, state, reason)
  post(self, addr, "state", state, reason)
end

-- An UPDATE received from addr (ExaBGP's JSON "update" shape): through the
-- import policies, then to the "update" handlers.  Returns what the
-- handlers got (nil: a policy dropped it, or they are still at it).
function Test:update(addr, upd)
  local ev = post(self, addr, "update", upd)
  return ev.result and ev.result[1]
end

-- Routes given for neighbor addr (an "update" as above) through its
-- export policies: what they let through (nil: nothing).  The speaker
-- runs them on the routes announced only once a session is up, which
-- never happens here: a test hands them the routes this way.
function Test:export(addr, upd)
  local ev = post(self, addr, "export", upd)
  return ev.result and ev.result[1]
end

-- Virtual time moves on by seconds: every sleep due meanwhile ends, in
-- the order of their deadlines, and what the woken tasks do runs.
function Test:advance(seconds)
  local c = self.clock
  local target = c.t + seconds
  while true do
    local s = c.due(target)
    if not s then break end
    c.t = math.max(c.t, s.at)
    s.gate:cancel()
    self:settle()
  end
  c.t = target
end

function Test:now() return self.clock.t end

-- Tasks asleep on the virtual clock.
function Test:sleeping() return #self.clock.sleepers end

-- Await, in real time (at most seconds, 5 by default), until fn() is
-- true: for what a script awaits besides the clock (a child's exit).
function Test:wait(fn, seconds)
  local S = self.d.S
  local deadline = S:now() + (seconds or 5) * 1000
  while not fn() do
    if S:now() > deadline then error("wait: not true after " .. (seconds or 5) .. " s", 2) end
    self.T:sleep(0.002)
  end
end

-- Any API command, as a process writes it: ok (or nil and why), then the
-- lines it wrote.
function Test:command(line)
  return scripts.command(self.d, self.src, line)
end

-- `show adj-rib out extensive` of neighbor addr (every neighbor when
-- nil): its lines, as ExaBGP prints them (a route and its attributes).
function Test:adj_rib_out(addr)
  local sel = addr and ("neighbor " .. addr .. " ") or ""
  local ok, why, lines = self:command(sel .. "show adj-rib out extensive")
  assert(ok, why)
  return lines
end

-- The speaker's log so far (the scripts' lines, the core's).
function Test:log_lines()
  local lines = {}
  local f = io.open(self.log_path, "r")
  if not f then return lines end
  for l in f:lines() do lines[#lines + 1] = l end
  f:close()
  return lines
end

local function test_settings(log_path)
  local s = assert(settings.load { environ = {}, search = {} })
  s.log.destination = log_path
  s.tcp.bind = {}
  s.bgp.passive = true
  s.api.cli = false
  s.software = "luabgp/test"
  return s
end

local function script_dir(dir, opts)
  local name = opts.name or (opts.script and opts.script:match("([^/]+)$")) or "script.lua"
  write(dir .. "/" .. name, opts.source or read(opts.script))
  for file, text in pairs(opts.files or {}) do write(dir .. "/" .. file, text) end
end

local function run_in(dir, opts, fn)
  write(dir .. "/bgp.conf", opts.config)
  local sdir = dir .. "/scripts"
  os.execute("mkdir " .. sdir)
  script_dir(sdir, opts)
  local s = test_settings(dir .. "/speaker.log")
  local st, err = run.setup(dir .. "/bgp.conf", s)
  if not st then return false, err end
  local d = api.start(st, s, s.software)
  local t = setmetatable({ d = d, T = d.T, queue = {}, log_path = dir .. "/speaker.log" }, Test)
  t.src = source.new(d, { name = "test", all = true, write = function() end })
  t.src.ack = false
  t.clock = clock_of(d.T)
  if opts.clock ~= "real" then d.clock = t.clock end
  local started, why = scripts.start(d, sdir)
  if not started then d.log("error", why) end
  d.T:spawn_with({ guarded = true, name = "test events" }, events_task, t)
  local result
  local test = d.T:spawn(function()
    t:settle()
    result = { xpcall(fn, debug.traceback, t) }
    scripts.stop(d)
    st.sp:stop("shutdown")
  end)
  -- a test that awaits what never comes (a handler asleep on the clock
  -- it should have moved, a wait for ever) fails instead of hanging
  local limit = opts.timeout or 30
  d.T:spawn(function()
    d.T:sleep(limit)
    test:cancel()
    st.sp:stop("shutdown")
  end)
  st.sp:run()
  st.sp:close()
  local log = t:log_lines()
  if not result or result[2] == task.Cancelled then
    return false, "the test did not end within " .. limit .. " s", log
  end
  if not result[1] then return false, result[2], log end
  return true, nil, log
end

-- opts: config (the configuration's text), script (a file) or source (its
-- text; name: its file name), files (name -> text, beside it), clock
-- ("real": bgp.sleep and bgp.now as the daemon has them), timeout
-- (real seconds the test may take: 30).
function M.run(opts, fn)
  local dir = temp_dir()
  local ok, passed, err, log = pcall(run_in, dir, opts, fn)
  os.execute("rm -rf " .. string.format("%q", dir))
  if not ok then error(passed, 0) end
  if not passed then error(err, 0) end
  return log
end

return M
