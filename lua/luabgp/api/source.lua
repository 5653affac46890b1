-- A source of commands: a process (its stdout), a control connection, a
-- script. Its commands run one after the other, in the order received,
-- each in a task of its own, each answered exactly once (`done`, or
-- `error: why` then `error`) while acknowledgements are on (api.ack;
-- enable-ack, disable-ack, silence-ack).
local commands = require "luabgp.api.commands"
local grammar = require "luabgp.api.grammar"
local task = require "luabgp.task"

local M = {}

local Source = {}
Source.__index = Source

-- opts: name (for the log), write(text) (to the source), proc (the process
-- index, for the neighbors that send to it) or all (every neighbor).
function M.new(d, opts)
  return setmetatable({
    d = d, name = opts.name, writer = opts.write, proc = opts.proc, all = opts.all,
    ack = d.ack, sync = false, parse_state = {}, task_opts = { name = opts.name },
  }, Source)
end

-- The arguments of sp:fast_run() with which the core does the known
-- announcements at the start of the lines itself (commands.lua's fast
-- path, speaker/fastpath.h): none while a group is open or sync is on,
-- since those commands wait here.
function Source:fast_args()
  if self.group or self.sync or not self.run_number then return nil end
  return self.run_number, self.ack, commands.version_of(self.d)
end

function Source:write(line)
  self.writer(line .. "\n")
end

function Source:answer(ok, why)
  if not self.ack then return end
  if ok then
    self.writer("done\n")
  else
    self.writer("error: " .. tostring(why):gsub("\n", " ") .. "\nerror\n")
  end
end

local function handler(e)
  if e == task.Cancelled then return e end
  return debug.traceback(tostring(e), 2)
end

-- fn(...) guarded: its two results, or nil and `failure` when it raised
-- (logged as "NAME: WHAT failed[: LINE]: " and the error's traceback)
local function contained(d, name, what, line, failure, fn, ...)
  local ok, r, why = xpcall(fn, handler, ...)
  if ok then return r, why end
  if r == task.Cancelled then error(r, 0) end
  d.log("error", name .. ": " .. what .. " failed" .. (line and ": " .. line or "") .. ": " ..
    tostring(r))
  return nil, failure
end

-- fn(...) in a task of its own (issue 4: every command is a task), which
-- the source's task awaits, so that the source's commands stay in order
-- and each is answered once.  Should the source's task be cancelled while
-- it waits, the command is cancelled too and its cleanup (at its await
-- point) has run, or had T.cleanup seconds, when the source's task goes
-- on ending.  The task is named for the source: commands come by the
-- hundred thousand, and `contained` logs a failed one with its text.
local function in_task(src, fn, ...)
  local T = src.d.T
  local h = T:spawn_with(src.task_opts, fn, ...)
  local joined, ok, r, why = pcall(T.join, T, h)
  if not joined then
    h:cancel()
    pcall(T.join, T, h, T.cleanup)
    error(ok, 0)
  end
  if not ok then
    -- `contained` answers what fn raises: this is the command's task
    -- itself ended from outside
    return nil, "the command's task was stopped before it ended"
  end
  return r, why
end

local INTERNAL = "internal error running the command (see the log)"

function Source:execute(line)
  local r, why = in_task(self, contained, self.d, self.name, "command", line, INTERNAL,
    commands.run, self.d, self, line)
  if not r and why ~= INTERNAL then
    self.d.log("warning", self.name .. ": command refused: " .. line .. ": " .. tostring(why))
  end
  return r, why
end

local NESTED = "already in group block (nested groups not allowed)"

-- `group start` ... `group end` (ExaBGP main): the announcements and
-- withdrawals between are read and answered as they come, a bad one
-- refused with its reason, and the routes of the good ones go into the
-- Adj-RIB-Outs together at the end (nothing is sent in between); other
-- commands run when they come.
function Source:group_start()
  if self.group then return self:answer(false, NESTED) end
  self.group = commands.new_group()
  self:write("group started")
  self:answer(true)
end

function Source:group_end()
  local g = self.group
  if not g then return self:answer(false, "not in group block") end
  self.group = nil
  if g.commands == 0 then
    self:write("group ended (0 commands)")
    return self:answer(true)
  end
  local r, why = in_task(self, contained, self.d, self.name, "group", nil,
    "internal error applying the group (see the log)", commands.apply_group, self.d, self, g)
  if not r then return self:answer(false, why) end
  self:write(string.format("group processed: %d announced, %d withdrawn%s", g.announced,
    g.withdrawn, g.refused > 0 and (", " .. g.refused .. " errors") or ""))
  self:answer(true)
end

-- The parts of `group CMD ; CMD ...`: split at the semicolons outside
-- braces and brackets (a flow's block form has its own).
local function parts_of(text)
  local parts, depth, from = {}, 0, 1
  for k = 1, #text do
    local c = text:sub(k, k)
    if c == "{" or c == "[" or c == "(" then
      depth = depth + 1
    elseif c == "}" or c == "]" or c == ")" then
      depth = depth - 1
    elseif c == ";" and depth == 0 then
      parts[#parts + 1] = text:sub(from, k - 1)
      from = k + 1
    end
  end
  parts[#parts + 1] = text:sub(from)
  local out = {}
  for _, p in ipairs(parts) do
    p = commands.trim(p)
    if p ~= "" then out[#out + 1] = p end
  end
  return out
end

-- `group CMD ; CMD ...`: the parts (announcements and withdrawals only)
-- as a group, answered once; a bad part refuses the whole line (its reason
-- named) and applies nothing.
function Source:group_inline(text)
  if self.group then return self:answer(false, NESTED) end
  local parts = parts_of(text)
  if #parts == 0 then return self:answer(false, "empty group") end
  local g = commands.new_group()
  self.group = g
  for k, part in ipairs(parts) do
    local r, why
    if commands.groupable(part) then
      r, why = self:execute(part)
      g.commands = g.commands + 1
    else
      why = "only announcements and withdrawals can be grouped"
    end
    if not r then
      self.group = nil
      return self:answer(false, string.format("group part %d (%s): %s", k, part, tostring(why)))
    end
  end
  return self:group_end()
end

-- the commands about groups, by their names in grammar.lua; a group's
-- text is its commands
local groups = {
  ["group start"] = Source.group_start,
  ["group end"] = Source.group_end,
  group = function(self, args) return self:group_inline(args.text) end,
}

-- The group command in line, if it is one: its handler and arguments.
-- Only a line that starts with the word is read by the grammar here: the
-- others are commands.run's, most of which never get past its fast path.
local function group_command(line)
  if line:sub(1, 5) ~= "group" then return nil end
  local name, args = grammar.parse(line)
  return groups[name], args
end

function Source:run(line)
  if line == "\0dropped" then
    -- the core dropped a line over its length cap (1 MiB) in its place
    return self:answer(false, "a command longer than 1 MiB was dropped")
  end
  if line == "\0nul" then
    -- the core refused a line holding a NUL byte in its place
    return self:answer(false, "a command with a NUL byte was refused")
  end
  local group, args = group_command(commands.trim(line))
  if group then return group(self, args) end
  local r, why = self:execute(line)
  if self.group and commands.groupable(line) then
    self.group.commands = self.group.commands + 1
    if not r then self.group.refused = self.group.refused + 1 end
  end
  if r == "quiet" then return end
  self:answer(r, why)
end

-- The lines of text, in order, for the process's current source
-- (starter.src, which a "\0started" line changes): the core does the
-- known announcements among them (sp:fast_run), the rest run here.
local function run_lines(sp, p, text, starter)
  local pos, len = 1, #text
  while pos <= len do
    local src = starter.src
    if src then
      local run, ack, version = src:fast_args()
      if run then
        pos = sp:fast_run(p, text, pos, run, ack, version)
        if pos > len then return end
      end
    end
    local nl = text:find("\n", pos, true)
    if not nl then return end
    starter:run(text:sub(pos, nl - 1))
    pos = nl + 1
  end
end

-- The task that reads process p's commands for as long as it runs (and
-- runs again). The core marks each start in the lines ("\0started N"): the
-- lines after it are a new source (acknowledgements on again, answered to
-- that run only), those before it the previous run's.
function M.serve(d, p)
  local sp = d.sp
  local starter = {}
  function starter.run(self, line)
    if line:sub(1, 9) == "\0started " then
      local run = tonumber(line:sub(10))
      self.src = M.new(d, { name = "process " .. sp:process_info(p).name, proc = p,
        write = function(text) sp:send(p, text, run) end })
      self.src.run_number = run
      return
    end
    if self.src then self.src:run(line) end
  end
  while true do
    local text = sp:take_lines(p)
    if text then
      run_lines(sp, p, text, starter)
    else
      local info = sp:process_info(p)
      if info.gave_up and not info.running then return end
      task.check(sp:await_lines(p))
    end
  end
end

return M
