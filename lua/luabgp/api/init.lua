-- The API of a running daemon: a task per process reading its commands
-- (source.lua, commands.lua), on the speaker's scheduler.
--
--   local d = api.start(st, settings, version_text)
--
-- st is the daemon's state (run.lua): st.sp the speaker, st.procs the
-- processes by name, st.nbs the neighbors by address ({ i, nb, procs }).
local show = require "luabgp.api.show"
local source = require "luabgp.api.source"
local task = require "luabgp.task"

local M = {}

local D = {}
D.__index = D

local levels = { error = 3, warning = 4, notice = 5, info = 6, debug = 7 }

function M.start(st, s, version_text)
  local d = setmetatable({ st = st, sp = st.sp, ack = s.api.ack, version_text = version_text,
    started = os.time() }, D)
  d.log = function(level, msg) d.sp:log_line(levels[level] or 3, msg) end
  d.S = st.sp:scheduler()
  d.S:settings { budget = s.reactor.budget, stall = s.reactor.stall }
  d.T = task.new(d.S, { log = function(msg) d.log("error", msg) end })
  local byindex = {}
  for name, p in pairs(st.procs or {}) do byindex[p] = name end
  for p, name in ipairs(byindex) do
    d.T:spawn_with({ name = "process " .. name }, source.serve, d, p)
  end
  return d
end

local function by_index(a, b) return a.i < b.i end

-- The neighbors, in the order they were configured (the list is made
-- again when st.version says the neighbors changed).  Called for every
-- command: no closure is made in it, which LuaJIT would not compile (and
-- every command's trace would be given up with it).
function D:neighbors()
  local st = self.st
  if self.nbs_version ~= st.version or not self.nbs_list then
    local list = {}
    for _, n in pairs(st.nbs) do list[#list + 1] = n end
    table.sort(list, by_index)
    self.nbs_list, self.nbs_version = list, st.version
  end
  return self.nbs_list
end

function D:stop(why)
  self.sp:stop(why)
end

-- Routes of a watchdog (`watchdog NAME` in the configuration) are held
-- out of the configured routes: announced at start unless configured with
-- `withdraw`, then as `announce watchdog NAME` / `withdraw watchdog NAME`
-- say; the last command about a name is kept across reloads.
local function watchdog_apply(d, n, name, withdraw)
  local routes = require "luabgp.daemon.routes"
  for _, r in ipairs(n.watchdog[name] or {}) do
    local route = {}
    for k, v in pairs(r) do route[k] = v end
    route.withdraw = nil
    local each, why = routes.expand(route)
    if not each then return nil, why end
    for _, x in ipairs(each) do
      local upd
      if withdraw then
        upd = { withdraw = { [x.family] = { x.nlri } } }
        if not x.family:match(" unicast$") and not x.family:match(" multicast$") then
          upd.attribute = routes.session_attributes(x.attribute, n.nb)
        end
      else
        upd, why = routes.update_of(x, n.nb)
        if not upd then return nil, why end
      end
      -- the file's routes: a reload without them withdraws them
      local ok, aerr = d.sp:announce(n.i, upd, true)
      if not ok then return nil, aerr end
    end
  end
  return true
end

-- At start and after a reload: the held routes (n.held, from the
-- configuration) by watchdog name, those whose watchdog stands announced
-- (or that have no `withdraw` when no command said otherwise) announced.
function D:watchdogs()
  self.watchdog_state = self.watchdog_state or {}
  for _, n in ipairs(self:neighbors()) do
    n.watchdog = {}
    for _, r in ipairs(n.held or {}) do
      local list = n.watchdog[r.watchdog] or {}
      n.watchdog[r.watchdog] = list
      list[#list + 1] = r
      local st = self.watchdog_state[r.watchdog]
      if st == "announce" or (st == nil and not r.withdraw) then
        local one = { watchdog = { [r.watchdog] = { r } }, nb = n.nb, i = n.i }
        local ok, why = watchdog_apply(self, one, r.watchdog, false)
        if not ok then self.log("warning", "watchdog " .. r.watchdog .. ": " .. why) end
      end
    end
  end
end

function D:watchdog(body, withdraw, tgts)
  local name = body:match("^(%S+)%s*$")
  if not name then return nil, "watchdog needs a name" end
  local found = false
  for _, n in ipairs(tgts) do
    if n.watchdog and n.watchdog[name] then
      found = true
      local ok, why = watchdog_apply(self, n, name, withdraw)
      if not ok then return nil, why end
    end
  end
  if not found then return nil, "no route of watchdog '" .. name .. "'" end
  self.watchdog_state[name] = withdraw and "withdraw" or "announce"
  return true
end

-- ExaBGP's `show neighbor` in each of its layouts (api/show.lua); without
-- one, its hint.
function D:show_neighbors(src, tgts, mode, json)
  local now = os.time()
  if json or mode == "json" then
    local datas = {}
    for _, n in ipairs(tgts) do datas[#datas + 1] = show.data(self, n, now) end
    src:write(show.json(datas))
  elseif mode == "summary" then
    src:write(show.SUMMARY_HEADER)
    for _, n in ipairs(tgts) do src:write(show.summary(show.data(self, n, now))) end
  elseif mode == "extensive" then
    for _, n in ipairs(tgts) do
      for _, l in ipairs(show.extensive(show.data(self, n, now))) do src:write(l) end
    end
  elseif mode == "configuration" then
    for _, n in ipairs(tgts) do
      for _, l in ipairs(show.configuration(n.nb)) do src:write(l) end
    end
  else
    src:write("please specify summary, extensive or configuration")
    src:write("you can filter by peer ip address adding it after the word neighbor")
  end
  return true
end

-- ExaBGP's `show adj-rib in|out [extensive]`: `neighbor IP FAMILY NLRI`
-- per route, or with extensive the neighbor's description and the whole
-- route in the API's syntax (next hop and attributes).
function D:show_adj_rib(src, tgts, dir, extensive)
  for _, n in ipairs(tgts) do
    local nb = n.nb
    local who = "neighbor " .. tostring(nb["peer-address"])
    if extensive then
      who = string.format("%s local-ip %s local-as %s peer-as %s router-id %s", who,
        tostring(nb["local-address"]), tostring(nb["local-as"]), tostring(nb["peer-as"]),
        tostring(nb["router-id"]))
    end
    for _, r in ipairs(self.sp:rib(n.i, dir)) do
      local route = r.route
      if not extensive then
        route = route:match("^(.-) next%-hop ") or route:match("^(.-) origin ") or route
      end
      src:write(who .. " " .. r.family .. " " .. route)
    end
  end
  return true
end

return M
