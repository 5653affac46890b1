-- In-process Lua scripts (docs/lua-api.md): each `*.lua` of the scripts
-- directory runs as a task of its own, with the `luabgp` table below as its
-- argument and as a global of its environment. Scripts are guarded: the JIT
-- is off for their code and a script that runs longer than reactor.stall
-- without yielding is stopped with a logged error (DESIGN.md, "Decisions").
--
--   local bgp = ...
--   bgp.on("update", function(neighbor, update) ... end)
--   bgp.on("state", function(neighbor, state, reason) ... end)
--   local ok, why = bgp.announce("route 10.0.0.0/24 next-hop 192.0.2.1")
--   bgp.sleep(5)
local commands = require "luabgp.api.commands"
local routes = require "luabgp.daemon.routes"
local selector = require "luabgp.api.selector"
local source = require "luabgp.api.source"
local task = require "luabgp.task"

local M = {}

local function neighbor_view(d, n)
  local info = d.sp:info(n.i)
  local nb = n.nb
  return {
    address = tostring(nb["peer-address"]), local_address = tostring(nb["local-address"]),
    local_as = nb["local-as"], peer_as = nb["peer-as"], router_id = tostring(nb["router-id"]),
    state = info.state:lower(), established = info.established, families = info.families,
    routes_out = info.routes_out, routes_in = info.routes_in, index = n.i,
  }
end

-- Any API command from src, as a process would write it: ok (or nil,
-- why) and the lines it printed (each call its own: tasks of a script may
-- run commands at the same time).
function M.command(d, src, line)
  local lines = {}
  local call = setmetatable({ writer = function(text)
    lines[#lines + 1] = (text:gsub("\n$", ""))
  end }, { __index = src })
  local r, why = commands.run(d, call, line)
  if r == nil then return nil, why, lines end
  return true, nil, lines
end

-- The update of a decoded message (its event without the envelope).
local function update_of(t)
  return t and (t.message and t.message.update or t)
end

-- The API a script gets (one per script: its handlers are its own).
local function api_for(d, name, handlers)
  local T = d.T
  local bgp = {}
  local src = source.new(d, { name = "script " .. name, all = true, write = function() end })
  src.ack = false
  -- the caches of the commands' fast path, shared by every call
  src.fast = commands.fast_cache()

  function bgp.command(line) return M.command(d, src, line) end
  -- text: the rest of an API command; a table: ExaBGP's "update" shape
  -- (attribute, announce, withdraw), sent to every neighbor, or to those
  -- a selector ("neighbor 192.0.2.2", "neighbor *") picks
  local function update_table(t, selector_text)
    local sels = {}
    if selector_text then
      local rest
      sels, rest = selector.parse(selector_text .. " x")
      if not sels or rest ~= "x" then return nil, "not a neighbor selector: " .. selector_text end
    end
    local tgts = commands.targets(d, { all = true }, sels)
    if #tgts == 0 then return nil, "no neighbor matching the command" end
    for _, n in ipairs(tgts) do
      local upd = {}
      for k, v in pairs(t) do upd[k] = v end
      if t.announce then upd.attribute = routes.session_attributes(t.attribute, n.nb) end
      local ok, why = d.sp:announce(n.i, upd)
      if not ok then return nil, why end
    end
    return true
  end
  function bgp.announce(what, selector_text)
    if type(what) == "table" then return update_table(what, selector_text) end
    return bgp.command((selector_text and selector_text .. " " or "") .. "announce " .. what)
  end
  function bgp.withdraw(what, selector_text)
    if type(what) == "table" then return update_table({ withdraw = what }, selector_text) end
    return bgp.command((selector_text and selector_text .. " " or "") .. "withdraw " .. what)
  end
  -- opts.view (update only): the handler gets a view of the UPDATE
  -- (core/lua/l_view.c) instead of a table per route
  function bgp.on(event, fn, opts)
    if event ~= "update" and event ~= "state" then
      error("on: unknown event '" .. tostring(event) .. "' (update or state)", 2)
    end
    if type(fn) ~= "function" then error("on: the handler must be a function", 2) end
    if opts ~= nil and type(opts) ~= "table" then
      error("on: options must be a table (such as { view = true })", 2)
    end
    local list = handlers[event]
    list[#list + 1] = { fn = fn, view = opts and opts.view and event == "update" or nil }
  end
  -- A policy: fn(neighbor, update) for the neighbors the selector picks
  -- (all without one).  "import": every UPDATE received, before the
  -- Adj-RIB-In, the processes and the on("update") handlers see it;
  -- "export": the routes given for the neighbor (configuration, commands,
  -- scripts), in batches as UPDATEs, before its Adj-RIB-Out.  It returns
  -- true (as it is), a table (the update as changed: encoded again), or
  -- false/nil (dropped; withdrawals stand all the same, so that no route
  -- stays that was withdrawn).
  function bgp.policy(kind, fn, selector_text)
    if kind ~= "import" and kind ~= "export" then
      error("policy: 'import' or 'export', not '" .. tostring(kind) .. "'", 2)
    end
    if type(fn) ~= "function" then error("policy: a function, not " .. type(fn), 2) end
    local sels = {}
    if selector_text then
      local rest
      sels, rest = selector.parse(selector_text .. " x")
      if not sels or rest ~= "x" then
        error("policy: not a neighbor selector: " .. selector_text, 2)
      end
    end
    local list = handlers[kind]
    list[#list + 1] = { fn = fn, name = name, sels = sels }
    for _, n in ipairs(commands.targets(d, { all = true }, sels)) do
      if kind == "import" then
        d.sp:import_policy(n.i, true)
      else
        local ok, why = d.sp:export_policy(n.i, true)
        if not ok then error("policy: " .. why, 2) end
      end
    end
  end

  function bgp.neighbors()
    local list = {}
    for _, n in ipairs(d:neighbors()) do list[#list + 1] = neighbor_view(d, n) end
    return list
  end
  -- the neighbor of a peer address, or an error naming it
  local function neighbor_of(address, level)
    for _, n in ipairs(d:neighbors()) do
      if tostring(n.nb["peer-address"]) == address then return n end
    end
    error("no neighbor " .. tostring(address), level + 1)
  end
  -- The routes of a neighbor's Adj-RIB-In or Adj-RIB-Out, each as the
  -- update table an "update" handler gets (one route per table).
  function bgp.rib(address, dir)
    if dir ~= "in" and dir ~= "out" then error("bgp.rib: 'in' or 'out'", 2) end
    local n = neighbor_of(address, 2)
    local list = {}
    for _, t in ipairs(d.sp:rib(n.i, dir, "table")) do list[#list + 1] = update_of(t) end
    return list
  end
  -- Await neighbor address in state: "up" (established), "down" (not),
  -- or an FSM state ("idle", "active", "connect", "opensent",
  -- "openconfirm", "established"); true, or nil and "timeout".
  local STATES = { up = true, down = true, idle = true, active = true, connect = true,
    opensent = true, openconfirm = true, established = true }
  function bgp.await_state(address, state, seconds)
    if not STATES[state] then error("bgp.await_state: no state '" .. tostring(state) .. "'", 2) end
    local n = neighbor_of(address, 2)
    local deadline = seconds and (d.S:now() + seconds * 1000)
    while true do
      local info = d.sp:info(n.i)
      local now = info.state:lower()
      if now == state or (state == "up" and info.established)
        or (state == "down" and not info.established) then
        return true
      end
      local left = deadline and math.max(0, deadline - d.S:now()) / 1000
      if left == 0 then return nil, "timeout" end
      task.check(d.sp:await_state(n.i, left))
    end
  end
  -- d.clock: a test's virtual clock (spec/helpers/script.lua), in place
  -- of the loop's for sleep and now
  function bgp.sleep(seconds)
    if d.clock then return d.clock.sleep(seconds) end
    T:sleep(seconds)
  end
  function bgp.pause() T:pause() end
  -- a script's tasks end with it (a reload cancels them all)
  function bgp.spawn(fn, ...)
    local h = T:spawn_with({ guarded = true, name = name }, fn, ...)
    local tasks = d.scripts and d.scripts.tasks
    if tasks then tasks[#tasks + 1] = h end
    return h
  end
  function bgp.join(h, seconds) return T:join(h, seconds) end
  function bgp.timeout(seconds, fn, ...) return T:timeout(seconds, fn, ...) end
  function bgp.now()
    if d.clock then return d.clock.now() end
    return d.S:now() / 1000
  end
  -- A command (argv list) run as a child, awaited: its exit status and
  -- signal, or nil and why (cannot start, "timeout": it was killed).
  function bgp.run(argv, seconds)
    local id, why = d.sp:child(argv)
    if not id then return nil, why end
    local ok, r1, r2 = pcall(function()
      local deadline = seconds and (d.S:now() + seconds * 1000)
      while true do
        local status, sig = d.sp:child_status(id)
        if status then return status, sig end
        local left = deadline and math.max(0, deadline - d.S:now()) / 1000
        if task.check(d.sp:await_child(id, left)) == "timeout"
          and not d.sp:child_status(id) then
          return nil, "timeout"
        end
      end
    end)
    d.sp:child_forget(id) -- killed if it still runs (a timeout, a cancel)
    if not ok then error(r1, 0) end
    return r1, r2
  end
  function bgp.log(msg, level) d.log(level or "info", name .. ": " .. tostring(msg)) end
  bgp.Cancelled = task.Cancelled
  return bgp
end

local function call_handler(d, h, ...)
  local ok, err = xpcall(h.fn, debug.traceback, ...)
  if not ok and err == task.Cancelled then error(err, 0) end
  if not ok then
    d.log("error", h.name .. ": handler failed: " .. tostring(err))
  end
end

local function call_handlers(d, list, ...)
  for _, h in ipairs(list) do call_handler(d, h, ...) end
end

-- A received UPDATE (msg, from neighbor i) to the "update" handlers, in
-- their order: decoded once into a table for the handlers that take one,
-- one view for those that asked for views; neither is made when no
-- handler wants it.
local function update_to_handlers(d, list, nview, i, msg)
  local forms = {}
  for _, h in ipairs(list) do
    local kind = h.view and "view" or "table"
    if forms[kind] == nil then
      local x, why
      if h.view then
        x, why = d.sp:view(i, msg)
      else
        x, why = d.sp:decode(i, msg)
        x = update_of(x)
      end
      if not x then d.log("warning", "an update not handed to the scripts: " .. tostring(why)) end
      forms[kind] = x or false
    end
    if forms[kind] then call_handler(d, h, nview, forms[kind], msg) end
  end
end

local function applies(p, n)
  if #p.sels == 0 then return true end
  for _, sel in ipairs(p.sels) do
    if selector.match(sel, n.nb) then return true end
  end
  return false
end

-- upd through the policies of one kind that apply to neighbor n: the
-- update (changed: true when a policy made a new one), or nil (dropped).
local function run_policies(d, kind, policies, n, view, upd)
  local changed = false
  for _, p in ipairs(policies) do
    if applies(p, n) then
      local ok, r = xpcall(p.fn, debug.traceback, view, upd)
      -- a reload stops the task: the answer is asked again of the new one
      if not ok and r == task.Cancelled then error(r, 0) end
      if not ok then
        -- a policy that fails keeps nothing it was asked about
        d.log("error", p.name .. ": " .. kind .. " policy failed (routes dropped): " ..
          tostring(r))
        r = false
      end
      if r == false or r == nil then return nil end
      if type(r) == "table" then upd, changed = r, true end
    end
  end
  return upd, changed
end

-- An UPDATE through the import policies that apply to neighbor n, then
-- back to the core (as received, as changed, or only its withdrawals).
local function import(d, policies, n, view, ev)
  local sp = d.sp
  local msg = ev.msg
  local upd = update_of(sp:decode(ev.i, msg))
  local changed, dropped = false, false
  if upd then
    local kept
    kept, changed = run_policies(d, "import", policies, n, view, upd)
    dropped = kept == nil
    upd = kept or upd
  end
  if dropped then
    if not upd.withdraw or next(upd.withdraw) == nil then return end
    upd, changed = { withdraw = upd.withdraw }, true
  end
  if changed then
    local why
    msg, why = sp:encode(ev.i, upd, "received")
    if not msg then
      d.log("error", "import policy: the changed update does not encode (dropped): " .. why)
      -- its withdrawals stand, as when a policy drops an update
      local w = update_of(sp:decode(ev.i, ev.msg))
      if not w or not w.withdraw or next(w.withdraw) == nil then return end
      msg = sp:encode(ev.i, { withdraw = w.withdraw }, "received")
      if not msg then return end
    end
  end
  local ok, why = sp:import_apply(ev.i, msg)
  if not ok then d.log("warning", "import policy: update not applied: " .. tostring(why)) end
end

-- Routes given for neighbor n (an UPDATE in the export context) through
-- its export policies, then into its Adj-RIB-Out as they answer: as
-- given, as changed, or not at all (its withdrawals stand).
local function export(d, policies, n, view, ev)
  local sp = d.sp
  local t, why = sp:decode(ev.i, ev.msg, "export")
  local upd = update_of(t)
  local answer = false
  if not upd then
    d.log("error", "export policy: routes not decoded (not sent): " .. tostring(why))
  else
    local kept, changed = run_policies(d, "export", policies, n, view, upd)
    if kept and changed then
      answer, why = sp:encode(ev.i, kept, "export")
      if not answer then
        d.log("error", "export policy: the changed update does not encode (not sent): " .. why)
        answer = false
      end
    elseif kept then
      answer = nil
    end
  end
  local ok
  ok, why = sp:export_apply(ev.i, ev.gen, ev.msg, answer)
  if not ok then d.log("warning", "export policy: routes not applied: " .. tostring(why)) end
end

local function any_applies(policies, n)
  for _, p in ipairs(policies) do
    if applies(p, n) then return true end
  end
  return false
end

-- Each neighbor gets the policies of the scripts that apply to it, and
-- none other: when the events' task starts (after a reload an export
-- policy that stays was on throughout, so nothing given meanwhile went out
-- unfiltered), and for a neighbor made since (create neighbor).  With
-- resync the export policies are asked about everything again: answers
-- the task owed when it was stopped are lost.
local function reconcile(d, all, resync)
  for _, n in ipairs(d:neighbors()) do
    d.sp:import_policy(n.i, any_applies(all.import, n))
    local on = any_applies(all.export, n)
    local ok, why = d.sp:export_policy(n.i, on)
    if not ok then
      d.log("error", "neighbor " .. tostring(n.nb["peer-address"]) .. ": export policy " ..
        (on and "not set: " or "not removed: ") .. tostring(why))
    elseif on and resync then
      d.sp:export_resync(n.i)
    end
  end
end

-- One event to the handlers and policies of the scripts.
local function handle(d, all, views, ev)
  local n
  for _, x in ipairs(d:neighbors()) do
    if x.i == ev.i then n = x end
  end
  if not n then return end
  views[ev.i] = views[ev.i] or neighbor_view(d, n)
  if ev.kind == "update" and #all.update > 0 then
    update_to_handlers(d, all.update, views[ev.i], ev.i, ev.msg)
  elseif ev.kind == "import" then
    import(d, all.import, n, views[ev.i], ev)
  elseif ev.kind == "export" then
    export(d, all.export, n, views[ev.i], ev)
  elseif ev.kind == "state" then
    views[ev.i] = nil
    call_handlers(d, all.state, neighbor_view(d, n), ev.state, ev.reason)
  end
end

-- One task hands the queued events to every script's handlers, in order.
-- The events taken from the core and not handled yet are the daemon's
-- (d.events_backlog), not the task's: when it is stopped (a reload, a
-- handler that never yields) the next one goes on from there, past the
-- event it was handling.
local function dispatch(d, all)
  local sp = d.sp
  local q = d.events_backlog or { list = {}, k = 1 }
  local views = {}
  d.events_backlog = q
  reconcile(d, all, true)
  while true do
    if q.k > #q.list then
      local batch = sp:take_events()
      if batch then
        q.list, q.k, views = batch, 1, {}
      else
        task.check(sp:await_events())
      end
    else
      local ev = q.list[q.k]
      q.k = q.k + 1
      handle(d, all, views, ev)
      -- a large batch is not handled in one go: the stall limit counts
      -- one resume, and the loop has other work
      if q.k % 256 == 0 then d.T:pause() end
    end
  end
end

-- Load every script of dir (sorted by name): true, or nil and why (a
-- script that does not compile stops nothing else; it is reported).
function M.start(d, dir)
  local files = {}
  local p = io.popen("ls -1 " .. string.format("%q", dir) .. " 2>/dev/null")
  for f in p:lines() do
    if f:match("%.lua$") then files[#files + 1] = f end
  end
  p:close()
  table.sort(files)
  local all = { update = {}, state = {}, import = {}, export = {} }
  d.scripts = { tasks = {}, all = all }
  local problems = {}
  for _, f in ipairs(files) do
    local path = dir .. "/" .. f
    local chunk, why = loadfile(path)
    if not chunk then
      problems[#problems + 1] = why
    else
      local mine = { update = {}, state = {}, import = {}, export = {} }
      local bgp = api_for(d, f, mine)
      setfenv(chunk, setmetatable({ luabgp = bgp }, { __index = _G }))
      for _, event in ipairs { "update", "state" } do
        setmetatable(mine[event], { __newindex = function(t, k, h)
          rawset(t, k, h)
          all[event][#all[event] + 1] = { fn = h.fn, view = h.view, name = f }
        end })
      end
      for _, kind in ipairs { "import", "export" } do
        setmetatable(mine[kind], { __newindex = function(t, k, pol)
          rawset(t, k, pol)
          all[kind][#all[kind] + 1] = pol
        end })
      end
      d.scripts.tasks[#d.scripts.tasks + 1] =
        d.T:spawn_with({ guarded = true, name = "script " .. f }, chunk, bgp)
    end
  end
  d.sp:events_on()
  -- the handlers run in a guarded task: one that a handler's endless loop
  -- got stopped is replaced (the event it was handling is lost, and logged
  -- as its failure; the export policies are asked again)
  local scripts = d.scripts
  scripts.reconcile = function() reconcile(d, all, false) end
  scripts.supervisor = d.T:spawn_with({ name = "script events supervisor" }, function()
    while true do
      scripts.dispatcher = d.T:spawn_with({ guarded = true, name = "script events" },
        dispatch, d, all)
      d.T:join(scripts.dispatcher)
      d.log("error", "script events: the handlers' task ended; starting it again")
      d.T:sleep(0.1)
    end
  end)
  if #problems > 0 then return nil, table.concat(problems, "; ") end
  return true
end

-- An event made up by a test (spec/helpers/script.lua) for neighbor n,
-- handed to the scripts' handlers as the events' task hands a real one:
-- ("state", state, reason), the neighbor seen in that state;
-- ("update", update), through the import policies first: returns the
-- update the handlers got (nil: a policy dropped it); or ("export",
-- update), routes given for the neighbor: returns what its export
-- policies let through (nil: none of it).
function M.deliver(d, n, kind, a, b)
  local all = d.scripts.all
  local view = neighbor_view(d, n)
  if kind == "state" then
    view.state, view.established = a, a == "up"
    call_handlers(d, all.state, view, a, b)
    return
  end
  if kind == "export" then return run_policies(d, "export", all.export, n, view, a) end
  local upd = a
  if any_applies(all.import, n) then upd = run_policies(d, "import", all.import, n, view, upd) end
  if not upd then return nil end
  -- raw, and what the view handlers read: the UPDATE as written in the
  -- context our OPEN offers (no session made one here)
  local msg, why = d.sp:encode(n.i, upd)
  local v
  if msg then v, why = d.sp:view(n.i, msg, "ours") end
  for _, h in ipairs(all.update) do
    if not h.view then
      call_handler(d, h, view, upd, msg)
    elseif v then
      call_handler(d, h, view, v, msg)
    else
      d.log("warning", h.name .. ": an update not handed to a view handler: " .. tostring(why))
    end
  end
  return upd
end

-- Stop every script task (reload): sessions and routes are left alone.
function M.stop(d)
  if not d.scripts then return end
  -- the new scripts set their policies again; what is received meanwhile
  -- goes through unchanged, what is given waits (reconcile_exports)
  for _, n in ipairs(d:neighbors()) do d.sp:import_policy(n.i, false) end
  for _, t in ipairs(d.scripts.tasks) do t:cancel() end
  d.scripts.supervisor:cancel()
  if d.scripts.dispatcher then d.scripts.dispatcher:cancel() end
  d.scripts = nil
end

return M
