-- A daemon for the API commands (lua/luabgp/api) whose speaker records
-- what it is asked, for specs of what a command does without sessions.
--
--   local api = require "spec.helpers.api_fake"
--   local d, src, calls, out = api.fake()   -- src: the process source
--   src:run("announce route ...")           -- calls: { name, args... }
--   api.announces(calls)                    -- what reached an Adj-RIB-Out
--   api.wrap(d, { announce = fn })          -- some speaker methods replaced
local source = require "luabgp.api.source"
local tasks = require "spec.helpers.tasks"

local M = {}

function M.nb(addr, extra)
  local t = { ["peer-address"] = addr, ["local-address"] = "127.0.0.1", ["local-as"] = 1,
    ["peer-as"] = 1, ["router-id"] = "1.2.3.4" }
  for k, v in pairs(extra or {}) do t[k] = v end
  return t
end

-- A daemon whose speaker records what it is asked.
function M.fake()
  local calls, out = {}, {}
  local sp = setmetatable({}, { __index = function(_, name)
    return function(_, ...)
      calls[#calls + 1] = { name, ... }
      if name == "info" then return { established = true, families = {}, operational = true } end
      if name == "written" then return true end
      return true
    end
  end })
  local list = {
    { i = 1, nb = M.nb("127.0.0.1"), procs = { [1] = true } },
    { i = 2, nb = M.nb("127.0.0.2", { ["peer-as"] = 2 }), procs = {} },
  }
  local d = { sp = sp, ack = true, version_text = "luabgp test", log = function() end }
  function d.neighbors() return list end
  function d.stop(_, why) calls[#calls + 1] = { "stop", why } end
  -- the daemon's own handlers (api/init.lua, run.lua) are the live tests'
  function d.watchdog(_, name) return nil, "no route of watchdog '" .. name .. "'" end
  function d.show_neighbors() return true end
  function d.show_adj_rib() return true end
  d.st = { create_neighbor = function() return nil, "refused" end,
    delete_neighbor = function() return nil, "no such neighbor" end }
  local src = source.new(d, { name = "test", proc = 1, write = function(t) out[#out + 1] = t end })
  -- each line runs as in the daemon: in a task (the source's), its command
  -- in a task of its own, under a scheduler that ends with them
  local run = src.run
  function src.run(self, line)
    local r = { tasks.run(function(T)
      d.T = T
      return run(self, line)
    end) }
    d.T = nil
    if not r[1] then error(r[2], 0) end
  end
  return d, src, calls, out
end

-- The speaker of d with some of its methods replaced (the others still
-- recorded by the fake).
function M.wrap(d, methods)
  local inner = d.sp
  d.sp = setmetatable({}, { __index = function(_, name)
    return methods[name] or inner[name]
  end })
end

-- what reached an Adj-RIB-Out: UPDATE shapes, and prefixes of the fast path
function M.announces(calls)
  local got = {}
  for _, c in ipairs(calls) do
    if c[1] == "announce" then got[#got + 1] = { i = c[2], upd = c[3] } end
    if c[1] == "announce_prefix" then got[#got + 1] = { i = c[2], prefix = c[4] } end
  end
  return got
end

return M
