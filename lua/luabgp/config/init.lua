-- config.load(paths, opts): reads ExaBGP configuration files (4.x and
-- current syntax) into a config object, or returns nil and errors of the
-- form { file =, line =, col =, msg = } (M.format makes the
-- `file:line:column: what is wrong` text).
--
-- Routes are streamed: each route is handed to opts.sink(route, neighbor,
-- at) as soon as its statement ends (at: the token {line, col} where the
-- route starts, for error messages). The default sink appends it to
-- neighbor.routes. Routes that share their attributes with many others
-- (routes.lua) go to opts.fast_sink(template, prefix, neighbor, lineno)
-- instead when it is given: the template is a route whose prefix is
-- another one's, prefix the text of this one's; fast_sink returns false
-- for a prefix it does not take, and the route then goes to opts.sink.
-- The neighbor table passed along is the one being filled, so settings
-- written after the `static` block appear in it only later;
-- `next-hop self` is left as "self" for the session to resolve.
local parser = require "luabgp.config.parser"
local neighbor = require "luabgp.config.neighbor"
local routes = require "luabgp.config.routes"
local values = require "luabgp.config.values"

local M = {}

function M.format(err)
  return string.format("%s:%d:%d: %s", err.file, err.line, err.col, err.msg)
end

local function copy(v)
  if type(v) ~= "table" then return v end
  local o = {}
  for k, x in pairs(v) do o[k] = copy(x) end
  return o
end

-- process NAME { run PROGRAM ARGS; encoder text|json; respawn BOOL; }
local process_section = {
  name = "process",
  keywords = {
    run = function(p, proc, words)
      if #words < 2 then p:fail(words[1], "'run' needs a program") end
      proc.run = {}
      for k = 2, #words do proc.run[#proc.run + 1] = words[k].text end
    end,
    encoder = function(p, proc, words)
      local t = p:one(words)
      if t.text ~= "text" and t.text ~= "json" then
        p:fail(t, "encoder must be text or json, not '" .. t.text .. "'")
      end
      proc.encoder = t.text
    end,
    respawn = function(p, proc, words)
      proc.respawn = #words == 1 or p:check(p:one(words), values.boolean)
    end,
  },
  close = function(p, proc, open)
    if not proc.run then p:fail(open, "process " .. proc.name .. " has no 'run' line") end
  end,
}

-- The state of a neighbor (or template, or 4.x group) block while it is
-- read: its settings, its templates, its api bindings and, for templates
-- and groups, the routes kept for the neighbors that use them.
local function new_node(ctx, kind, name, parent)
  local node = {
    kind = kind, name = name, set = {}, inherit = {}, api = {}, routes = {}, ctx = ctx,
    parent = parent,
  }
  if kind == "neighbor" then
    node.emit = function(_, n, r, at) ctx.sink(r, n.table, at) end
    if ctx.fast_sink then
      node.emit_fast = function(_, n, t, pfx, lineno)
        return ctx.fast_sink(t, pfx, n.table, lineno)
      end
    end
  else
    node.emit = function(_, n, r) n.routes[#n.routes + 1] = r end
  end
  return node
end

local neighbor_section -- forward: neighbor blocks nest inside groups

local function api_block(_, n, words)
  local api = neighbor.new_api(words[2] and words[2].text or nil)
  n.api[#n.api + 1] = api
  return neighbor.api_section, api
end

local function tcpao_block(_, n)
  n.set["tcp-ao"] = n.set["tcp-ao"] or {}
  return neighbor.tcpao_section, n
end

local node_blocks = {
  family = function(_, n) return neighbor.family_section, n end,
  capability = function(_, n) return neighbor.capability_section, n end,
  ["add-path"] = function(_, n) return neighbor.addpath_section, n end,
  nexthop = function(_, n) return neighbor.nexthop_section, n end,
  api = api_block,
  ["tcp-ao"] = tcpao_block,
  static = function(_, n) return routes.static_section, n end,
  announce = function(_, n) return routes.announce_section, n end,
  flow = function(_, n) return routes.flow_section, n end,
  l2vpn = function(_, n) return routes.l2vpn_section, n end,
  operational = function(_, n) return routes.operational_section, n end,
}

-- Settings and routes of `from` fill what `to` did not set itself.
local function merge(to_set, from, to_api)
  for k, v in pairs(from.set) do
    if to_set[k] == nil then to_set[k] = copy(v) end
  end
  for _, a in ipairs(from.api) do to_api[#to_api + 1] = copy(a) end
end

local function resolve(p, n)
  local ctx = n.ctx
  local sources = {}
  for _, t in ipairs(n.inherit) do
    local tpl = ctx.templates[t.text]
    if not tpl then
      p:fail(t, "inherit: no template named '" .. t.text .. "'")
    end
    sources[#sources + 1] = tpl
  end
  local g = n.parent
  while g do
    sources[#sources + 1] = g
    g = g.parent
  end
  return sources
end

local function neighbor_close(p, n, open)
  local ctx = n.ctx
  local sources = resolve(p, n)
  local nb = n.table
  for _, src in ipairs(sources) do merge(n.set, src, n.api) end
  for k, v in pairs(neighbor.defaults()) do
    if n.set[k] == nil then n.set[k] = v end
  end
  for k, v in pairs(n.set) do nb[k] = v end
  nb.api = n.api
  -- the processes this neighbor sends to, by name
  local procs = {}
  for _, a in ipairs(n.api) do
    for _, name in ipairs(a.processes) do
      -- a process block may come later in the file (ExaBGP reads it so):
      -- the name is checked once the whole file is read
      if not ctx.config.processes[name] then
        ctx.unresolved[#ctx.unresolved + 1] = { name = name, at = open }
      end
      procs[#procs + 1] = name
    end
  end
  nb.processes = procs
  if nb["router-id"] == nil and nb["local-address"] and nb["local-address"] ~= "auto"
      and values.afi(nb["local-address"]) == "ipv4" then
    nb["router-id"] = nb["local-address"]
  end
  if nb["local-as"] == nil then p:fail(open, "neighbor " .. n.name .. " has no local-as") end
  if nb["peer-as"] == nil then p:fail(open, "neighbor " .. n.name .. " has no peer-as") end
  for _, src in ipairs(sources) do
    for _, r in ipairs(src.routes) do ctx.sink(copy(r), nb, open) end
  end
end

local function node_section(kind)
  local s = {
    name = kind,
    keywords = neighbor.keywords,
    blocks = setmetatable({}, { __index = node_blocks }),
  }
  if kind == "neighbor" then
    s.close = neighbor_close
  elseif kind == "template" then
    s.close = function(p, n, open)
      if n.ctx.templates[n.name] then
        p:fail(open, "template '" .. n.name .. "' is defined twice")
      end
      n.ctx.templates[n.name] = n
    end
  end
  return s
end

local function open_neighbor(p, ctx, words, parent)
  local t = words[2]
  if not t then p:fail(words[1], "neighbor needs an address") end
  if words[3] then p:fail(words[3], "unexpected '" .. words[3].text .. "' after the address") end
  local addr = p:check(t, values.prefix)
  if addr:match("/32$") and not t.text:find("/", 1, true) or addr:match("/128$")
      and not t.text:find("/", 1, true) then
    addr = t.text
  end
  local n = new_node(ctx, "neighbor", addr, parent)
  n.table = { ["peer-address"] = addr, routes = nil }
  ctx.config.neighbors[#ctx.config.neighbors + 1] = n.table
  return neighbor_section, n
end

neighbor_section = node_section("neighbor")
local template_neighbor_section = node_section("template")

-- template { neighbor NAME { ... } }
local template_section = {
  name = "template",
  blocks = {
    neighbor = function(p, ctx, words)
      local t = words[2]
      if not t then p:fail(words[1], "a template neighbor needs a name") end
      return template_neighbor_section, new_node(ctx, "template", t.text)
    end,
  },
}

-- 4.x `group NAME { settings; neighbor IP { ... } }`: the group's settings
-- and routes are inherited by the neighbors inside it.
local group_section = node_section("group")
group_section.blocks.neighbor = function(p, g, words)
  return open_neighbor(p, g.ctx, words, g)
end
group_section.blocks.group = function(p, g, words)
  if not words[2] then p:fail(words[1], "group needs a name") end
  return group_section, new_node(g.ctx, "group", words[2].text, g)
end

-- a path as written, or relative to the directory of the file it is in
local function beside(file, path)
  if path:sub(1, 1) == "/" or not file then return path end
  local dir = file:match("^(.*)/[^/]*$")
  return dir and dir .. "/" .. path or path
end

local top_section = {
  name = "the top level",
  unknown_block = function(word)
    return "unknown top-level section '" .. word .. "' (process, neighbor, template, group)"
  end,
  keywords = {
    -- luabgp's own: the directory of in-process Lua scripts (docs/lua-api.md)
    scripts = function(p, ctx, words)
      local t = p:one(words)
      if ctx.config.scripts then p:fail(t, "scripts is given twice") end
      ctx.config.scripts = beside(ctx.config.file, t.text)
    end,
  },
  blocks = {
    process = function(p, ctx, words)
      local t = words[2]
      if not t then p:fail(words[1], "process needs a name") end
      if ctx.config.processes[t.text] then
        p:fail(t, "process '" .. t.text .. "' is defined twice")
      end
      -- respawn and encoder left unset fall back on api.respawn and
      -- api.encoder (the daemon's settings)
      local proc = { name = t.text }
      ctx.config.processes[t.text] = proc
      return process_section, proc
    end,
    neighbor = function(p, ctx, words) return open_neighbor(p, ctx, words, nil) end,
    template = function(_, ctx) return template_section, ctx end,
    group = function(p, ctx, words)
      if not words[2] then p:fail(words[1], "group needs a name") end
      return group_section, new_node(ctx, "group", words[2].text)
    end,
  },
}

-- paths: a file name or a list of them (independent configurations, as
-- ExaBGP reads them). opts.sink(route, neighbor) receives each route;
-- opts.lines(path) may supply the line iterator (tests). Returns a config
-- object or nil, err; with several files, a list of config objects.
local function load_one(path, opts)
  local config = { file = path, processes = {}, neighbors = {} }
  local ctx = { config = config, templates = {}, unresolved = {} }
  ctx.fast_sink = opts.fast_sink
  ctx.sink = opts.sink or function(r, nb)
    local list = nb.routes or {}
    nb.routes = list
    list[#list + 1] = r
  end
  local next_line
  if opts.lines then
    next_line = opts.lines(path)
  else
    local f, why = io.open(path, "r")
    if not f then
      return nil, { file = path, line = 0, col = 0, msg = "cannot read: " .. tostring(why) }
    end
    next_line = f:lines()
    ctx.file = f
  end
  local ok, err = parser.run(path, next_line, top_section, ctx)
  if ctx.file then ctx.file:close() end
  if not ok then return nil, err end
  for _, ref in ipairs(ctx.unresolved) do
    if not config.processes[ref.name] then
      return nil, { file = path, line = ref.at.line, col = ref.at.col,
        msg = "api: no process named '" .. ref.name .. "'" }
    end
  end
  config.templates = {}
  for name in pairs(ctx.templates) do config.templates[#config.templates + 1] = name end
  table.sort(config.templates)
  if not opts.sink then
    for _, nb in ipairs(config.neighbors) do nb.routes = nb.routes or {} end
  end
  return config
end

function M.load(paths, opts)
  opts = opts or {}
  if type(paths) == "string" then
    return load_one(paths, opts)
  end
  local out = {}
  for i, path in ipairs(paths) do
    local c, err = load_one(path, opts)
    if not c then return nil, err end
    out[i] = c
  end
  return out
end

-- The routes of API command text, read as the body of one of a
-- neighbor's route sections (`static`, `flow`, `announce`, `l2vpn`):
-- a list of routes, or nil and the error. state (kept by the caller from
-- one command to the next) holds the templates of repeated attribute
-- texts (routes.lua); flags.withdraw: no next hop or action needed.
function M.parse_routes(text, section, state, flags)
  local out = {}
  state.emit = function(_, _, r) out[#out + 1] = r end
  state.emit_fast = nil
  state.set = state.set or {}
  local top = routes[section .. "_section"]
  local ok, err = parser.run("command", require("luabgp.config.lexer").string_lines(text), top,
    state, flags)
  if not ok then return nil, err end
  return out
end

-- Parses configuration text (for tests and the API); name is the file
-- name used in errors.
function M.load_string(text, name, opts)
  opts = copy(opts or {})
  local sink = opts and opts.sink
  opts.sink = sink
  opts.lines = function() return require("luabgp.config.lexer").string_lines(text) end
  return load_one(name or "<string>", opts)
end

return M
