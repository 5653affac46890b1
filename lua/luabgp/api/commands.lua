-- ExaBGP's API commands (EXABGP.md §2.3), one handler each.
--
-- run(d, src, line) runs one command line from source src (source.lua)
-- against daemon d (the running speaker and its neighbors: d.sp, d.T,
-- d:neighbors()) and returns what to acknowledge: true (done), or nil and
-- why (error), or "quiet" when the handler answered itself (ack control).
-- A line goes through the fast path of known announcements first (the
-- bulk of them), then ExaBGP main's v6 forms are read as v4 ones, the
-- selectors split off, the rest read by grammar.lua into a command's name
-- and arguments, and the name's handler (M.handlers) called.
-- A source runs each command in a task of its own (source.lua): a handler
-- that must wait (sync mode, the End-of-RIB order) awaits there, and the
-- next command of that source waits for it.
local config = require "luabgp.config"
local core = require "luabgp.core"
local config_routes = require "luabgp.config.routes"
local grammar = require "luabgp.api.grammar"
local routes = require "luabgp.daemon.routes"
local selector = require "luabgp.api.selector"
local service = require "luabgp.api.service"
local task = require "luabgp.task"
local v6 = require "luabgp.api.v6"

local M = {}

-- --- which neighbors a command is for ----------------------------------------

-- the version of the neighbor list (daemon/run.lua counts its changes)
local function version_of(d)
  return d.st and d.st.version or 0
end

-- Without a selector: the neighbors whose api sends to this process (every
-- neighbor for the CLI), kept by the source until the neighbors change
-- (commands come by the hundred thousand); with selectors, the neighbors
-- one of them matches.  The list is the caller's to read, not to change.
local function targets(d, src, sels)
  local version = version_of(d)
  if #sels == 0 and src.tgts and src.tgts_version == version then return src.tgts end
  local out = {}
  for _, n in ipairs(d:neighbors()) do
    local ok = false
    if #sels == 0 then
      ok = src.all or (src.proc ~= nil and n.procs[src.proc] == true)
    else
      for _, sel in ipairs(sels) do
        if selector.match(sel, n.nb) then ok = true end
      end
    end
    if ok then out[#out + 1] = n end
  end
  if #sels == 0 then src.tgts, src.tgts_version = out, version end
  return out
end

local function no_neighbor()
  return nil, "no neighbor matching the command"
end

-- --- routes --------------------------------------------------------------------

local function parse_error(err)
  return nil, err.msg .. " (column " .. tostring(err.col) .. ")"
end

-- The text of a route command as the configuration section that reads it
-- (or nil and why, from the flat flow form's reader).
local function route_text(kind, body)
  body = body:gsub("%s*;%s*$", "")
  if kind == "route" or kind == "attributes" then
    return kind .. " " .. body .. ";", "static"
  elseif kind == "flow" then
    if not body:find("{", 1, true) then return config_routes.flat_flow(body) end
    return body, "flow"
  elseif kind == "vpls" then
    return "vpls " .. body .. ";", "l2vpn"
  end
  -- ipv4, ipv6, l2vpn: the family-explicit forms
  return kind .. " { " .. body .. "; }", "announce"
end

-- A withdrawal carries the route's attributes, as ExaBGP sends them, in
-- every family but unicast and multicast ones (api-flow, api-ipv4, api-ipv6)
local bare_withdraw = { unicast = true, multicast = true }

local function update_for(route, n, withdraw)
  if withdraw then
    local upd = { withdraw = { [route.family] = { route.nlri } } }
    if not bare_withdraw[route.family:match("%S+$")] then
      upd.attribute = routes.session_attributes(route.attribute, n.nb)
      -- MCAST-VPN routes keep their next hop among their attributes in
      -- ExaBGP, so an IPv4 one goes along as NEXT_HOP (api-mvpn); VPLS,
      -- MUP and flow withdrawals have none (api-vpls, api-ipv4, api-flow)
      local nh = route.nexthop
      if route.family:find("mcast-vpn", 1, true) and nh and nh ~= "self"
        and not nh:find(":", 1, true) then
        upd.attribute["next-hop"] = nh
      end
    end
    return upd
  end
  return routes.update_of(route, n.nb)
end

local function announce_all(d, todo)
  for _, t in ipairs(todo) do
    local ok, aerr = d.sp:announce(t[1], t[2])
    if not ok then return nil, aerr end
  end
  return true
end

-- Every route into every target's Adj-RIB-Out. Every UPDATE shape is
-- made first, so that a route that cannot be sent (next-hop self without a
-- local address, a split that does not fit) changes nothing at all.  In a
-- group (source.lua) they are kept for its end instead.
local function apply_routes(d, list, tgts, withdraw, group)
  local todo, count = {}, 0
  for _, configured in ipairs(list) do
    local each, why = routes.expand(configured)
    if not each then return nil, why end
    if withdraw and configured.withdraw then each = { configured } end
    count = count + #each
    for _, r in ipairs(each) do
      for _, n in ipairs(tgts) do
        local upd, uwhy = update_for(r, n, withdraw)
        if not upd then return nil, uwhy end
        todo[#todo + 1] = { n.i, upd }
      end
    end
  end
  if not group then return announce_all(d, todo) end
  for _, t in ipairs(todo) do group.todo[#group.todo + 1] = t end
  for _, n in ipairs(tgts) do group.tgts[n.i] = n end
  local what = withdraw and "withdrawn" or "announced"
  group[what] = group[what] + count
  return true
end

-- sync mode: the acknowledgement waits until the routes are on the wire
local function await_written(d, src, tgts)
  if not src.sync or src.group then return end
  for _, n in ipairs(tgts) do
    while d.sp:info(n.i).established and not d.sp:written(n.i) do
      task.check(d.sp:await_written(n.i, 0.1))
    end
  end
end

-- A group's routes, kept by its commands: for group.todo.
function M.new_group()
  return { todo = {}, tgts = {}, announced = 0, withdrawn = 0, refused = 0, commands = 0 }
end

-- Is line an announcement or a withdrawal (after its selectors), what a
-- group holds?  Other commands run when they come.
function M.groupable(line)
  local sels, cmd = selector.parse(line)
  if not sels then return false end
  local verb = cmd:match("^(%S+)")
  return verb == "announce" or verb == "withdraw"
end

-- Its routes into the Adj-RIB-Outs together, at its end (with sync on,
-- the answer waits until they are on the wire).
function M.apply_group(d, src, group)
  local ok, why = announce_all(d, group.todo)
  if not ok then return nil, why end
  local tgts = {}
  for _, n in pairs(group.tgts) do tgts[#tgts + 1] = n end
  await_written(d, src, tgts)
  return true
end

local function family_args(body, default)
  local afi, safi = body:match("^(%S+)%s+(%S+)%s*$")
  if not afi then
    if body:match("^%s*$") and default then return default end
    return nil, "expected AFI SAFI (such as 'ipv4 unicast')"
  end
  local fam = afi .. " " .. safi
  if not core.family(fam) then return nil, "unknown family '" .. fam .. "'" end
  return fam
end

local function u16(n) return string.char(math.floor(n / 256), n % 256) end
local MARKER = string.rep("\255", 16)

-- RFC 4724 §2: an empty UPDATE (IPv4 unicast), or an MP_UNREACH_NLRI with
-- only AFI/SAFI (written with an extended length, as ExaBGP does)
local function eor_message(fam)
  local afi, safi = core.family(fam)
  if fam == "ipv4 unicast" then
    return MARKER .. u16(23) .. "\2" .. "\0\0\0\0"
  end
  local body = "\0\0" .. u16(7) .. "\144\15" .. u16(3) .. u16(afi) .. string.char(safi)
  return MARKER .. u16(19 + #body) .. "\2" .. body
end

-- RFC 2918 §3
local function refresh_message(fam)
  local afi, safi = core.family(fam)
  return MARKER .. u16(23) .. "\5" .. u16(afi) .. "\0" .. string.char(safi)
end

local function send_to(d, tgts, msg, what)
  local sent = 0
  for _, n in ipairs(tgts) do
    if d.sp:send_message(n.i, msg) then sent = sent + 1 end
  end
  if sent == 0 then return nil, what .. ": no session is up" end
  return true
end

-- The fast path of `announce route PREFIX ATTRS` (S2): the first command
-- with an ATTRS text is read by the grammar; when its route is a plain
-- unicast one, ATTRS becomes a template whose attribute set, made once per
-- neighbor and session, takes the later prefixes straight into the
-- Adj-RIB-Out. At most FAST_TEMPLATES texts per source are kept.
local FAST_TEMPLATES = 4096
local plain_family = { ["ipv4 unicast"] = true, ["ipv6 unicast"] = true }
local template_keys = { attribute = true, nlri = true, family = true, nexthop = true }

local function template_of(list)
  if #list ~= 1 then return nil end
  local r = list[1]
  if not plain_family[r.family] then return nil end
  for k in pairs(r) do
    if not template_keys[k] then return nil end
  end
  for k in pairs(r.nlri) do
    if k ~= "nlri" then return nil end
  end
  return r
end

-- The templates of a source: by attribute text, one table per address
-- family of the prefix (no key to build per command).
function M.fast_cache()
  return { v4 = {}, v6 = {}, count = 0 }
end

local function templates(fast, pfx)
  return pfx:find(":", 1, true) and fast.v6 or fast.v4
end

local function fast_key(body)
  local pfx, attrs = body:match("^(%S+)%s+(.-)%s*$")
  if not pfx or attrs:find(";", 1, true) then return nil end
  return attrs, pfx
end

-- at most this many targets' sets go to the core (core/lua/l_process.c)
local FAST_TARGETS_MAX = 64

-- Hands a template over to the core for a process's lines without
-- selector (sp:fast_run() then does them without Lua): again after the
-- neighbors change, a set is made again, or the core forgot the text
-- (it keeps 4,096).  No memory there: the lines stay here.
local function hand_over(d, src, entry, key, pfx, tgts)
  local version = version_of(d)
  if #tgts > FAST_TARGETS_MAX then return end
  if entry.handed == version and d.sp:fast_known(src.proc, version, pfx, key) then return end
  local sets = {}
  for k, n in ipairs(tgts) do sets[k] = entry.sets[n.i] end
  if d.sp:fast_learn(src.proc, version, pfx, key, unpack(sets, 1, #tgts)) then
    entry.handed = version
  end
end

-- true when every target took the prefix; false: the full path decides.
-- key: the template's text, when the targets are the source's own (no
-- selector).
local function fast_announce(d, src, entry, tgts, pfx, key)
  for _, n in ipairs(tgts) do
    local h = entry.sets[n.i]
    local ok = h and d.sp:announce_prefix(n.i, h, pfx)
    if not ok then
      local upd = routes.update_of(entry.route, n.nb)
      h = upd and d.sp:attrset(n.i, upd)
      if not h then return false end
      entry.sets[n.i] = h
      entry.handed = nil
      if not d.sp:announce_prefix(n.i, h, pfx) then return false end
    end
  end
  if key and src.proc then hand_over(d, src, entry, key, pfx, tgts) end
  return true
end

local function remember(src, key, pfx, list)
  local fast = src.fast
  if fast.count >= FAST_TEMPLATES then return end
  local r = template_of(list)
  templates(fast, pfx)[key] = r and { route = r, sets = {} } or false
  fast.count = fast.count + 1
end

-- announce operational ADM|ASM afi A safi S advisory "TEXT"
-- announce operational RPCQ|APCQ|LPCQ afi A safi S [router-id ID sequence N]
-- announce operational RPCP|APCP|LPCP afi A safi S router-id ID sequence N counter N
-- (draft-ietf-idr-operational-message), to neighbors that negotiated it.
local function operational(d, tgts, body)
  local name, rest = body:match("^(%S+)%s*(.*)$")
  if not name then return nil, "operational needs a message name (adm, rpcq, ...)" end
  local t = { name = name:upper() }
  while rest ~= "" do
    local k, r = rest:match("^(%S+)%s*(.*)$")
    if k == "advisory" then
      t.advisory = r:match('^"(.*)"$') or r:match("^'(.*)'$") or r
      break
    end
    local v, r2 = r:match("^(%S+)%s*(.*)$")
    if not v then return nil, "'" .. k .. "' needs a value" end
    if k == "sequence" or k == "counter" then
      v = tonumber(v)
      if not v then return nil, k .. " is a number" end
    elseif k ~= "afi" and k ~= "safi" and k ~= "router-id" then
      return nil, "unknown operational field '" .. k .. "'"
    end
    t[k] = v
    rest = r2
  end
  local msg, why = core.encode_operational(t)
  if not msg then return nil, why end
  local sent = 0
  for _, n in ipairs(tgts) do
    if d.sp:info(n.i).operational and d.sp:send_message(n.i, msg) then sent = sent + 1 end
  end
  if sent == 0 then return nil, "operational: no session that negotiated it is up" end
  return true
end

-- The commands, by the names grammar.lua gives them: each handler(d, src,
-- args, sels) with the command's arguments and its selectors.
local handlers = {}

-- what a group cannot hold: sent when it comes, it would go before the
-- group's routes
local function not_in_group(name)
  return nil, "'" .. name .. "' cannot be in a group: only routes are"
    .. " grouped (send it after 'group end')"
end

-- `announce|withdraw KIND TEXT`, KIND one of the routes' (route_text);
-- the first of a plain `announce route` ATTRS text is remembered for the
-- fast path
local function send_routes(d, src, sels, kind, body, withdraw)
  local tgts = targets(d, src, sels)
  local key, pfx
  if kind == "route" and not withdraw and not src.group then
    src.fast = src.fast or M.fast_cache()
    key, pfx = fast_key(body)
    local entry = key and templates(src.fast, pfx)[key]
    if entry and #tgts > 0 and fast_announce(d, src, entry, tgts, pfx, #sels == 0 and key) then
      await_written(d, src, tgts)
      return true
    end
  end
  local text, section = route_text(kind, body)
  if not text then return nil, section end
  local list, err = config.parse_routes(text, section, src.parse_state,
    withdraw and { withdraw = true } or nil)
  if not list then return parse_error(err) end
  if #list == 0 then return nil, "no route in the command" end
  if #tgts == 0 then return no_neighbor() end
  local ok, why = apply_routes(d, list, tgts, withdraw, src.group)
  if not ok then return nil, why end
  if key and templates(src.fast, pfx)[key] == nil then remember(src, key, pfx, list) end
  await_written(d, src, tgts)
  return true
end

for _, kind in ipairs({ "route", "attributes", "flow", "vpls", "ipv4", "ipv6", "l2vpn" }) do
  handlers["announce " .. kind] = function(d, src, args, sels)
    return send_routes(d, src, sels, kind, args.text, false)
  end
  handlers["withdraw " .. kind] = function(d, src, args, sels)
    return send_routes(d, src, sels, kind, args.text, true)
  end
end

handlers["announce eor"] = function(d, src, args, sels)
  if src.group then return not_in_group("announce eor") end
  local fam, why = family_args(args.text, "ipv4 unicast")
  if not fam then return nil, why end
  local tgts = targets(d, src, sels)
  if #tgts == 0 then return no_neighbor() end
  return send_to(d, tgts, eor_message(fam), "eor")
end

handlers["announce route-refresh"] = function(d, src, args, sels)
  if src.group then return not_in_group("announce route-refresh") end
  local fam, why = family_args(args.text)
  if not fam then return nil, why end
  local tgts = targets(d, src, sels)
  if #tgts == 0 then return no_neighbor() end
  return send_to(d, tgts, refresh_message(fam), "route-refresh")
end

handlers["announce operational"] = function(d, src, args, sels)
  if src.group then return not_in_group("announce operational") end
  local tgts = targets(d, src, sels)
  if #tgts == 0 then return no_neighbor() end
  return operational(d, tgts, args.text)
end

for _, verb in ipairs({ "announce", "withdraw" }) do
  local name = verb .. " watchdog"
  handlers[name] = function(d, src, args, sels)
    if src.group then return not_in_group(name) end
    return d:watchdog(args.text, verb == "withdraw", targets(d, src, sels))
  end
end

handlers["flush adj-rib"] = function(d, src, args, sels)
  local tgts = targets(d, src, sels)
  if #tgts == 0 then return no_neighbor() end
  if args.direction == "in" then
    return nil, "'flush adj-rib in' means nothing: only out can be sent again"
  end
  for _, n in ipairs(tgts) do
    local ok, why = d.sp:flush_out(n.i)
    if not ok then return nil, why end
  end
  return true
end

handlers["clear adj-rib"] = function(d, src, args, sels)
  local tgts = targets(d, src, sels)
  if #tgts == 0 then return no_neighbor() end
  for _, n in ipairs(tgts) do
    if args.direction == "out" then d.sp:clear_out(n.i) else d.sp:clear_in(n.i) end
  end
  return true
end

handlers.teardown = function(d, src, args, sels)
  if #sels == 0 then return nil, "teardown needs a 'neighbor IP' selector" end
  local tgts = targets(d, src, sels)
  if #tgts == 0 then return no_neighbor() end
  for _, n in ipairs(tgts) do d.sp:teardown(n.i, args.code) end
  return true
end

-- of every neighbor, not only this source's: the selectors after `show
-- neighbor` take the place of those before it
handlers["show neighbor"] = function(d, src, args, sels)
  local tgts = targets(d, { all = true }, args.selectors or sels)
  return d:show_neighbors(src, tgts, args.mode, args.json)
end

handlers["show adj-rib"] = function(d, src, args, sels)
  return d:show_adj_rib(src, targets(d, { all = true }, sels), args.direction,
    args.extensive == true)
end

-- create neighbor IP KEY VALUE ... / delete neighbor IP (ExaBGP main);
-- selectors before them select nothing
handlers["create neighbor"] = function(d, _, args)
  local ok, why = d.st.create_neighbor(d.st, args.ip, args.settings)
  -- the scripts' policies that apply to it
  if ok and d.scripts and d.scripts.reconcile then d.scripts.reconcile() end
  return ok, why
end

handlers["delete neighbor"] = function(d, _, args)
  return d.st.delete_neighbor(d.st, args.ip)
end

-- the commands about the daemon and the command session (service.lua)
-- take no selector: grammar.lua does not read them after one
for name, h in pairs(service.handlers) do handlers[name] = h end
M.handlers = handlers

local NO_SELECTOR = {}

-- Without surrounding blanks. Commands arrive by the hundred thousand:
-- the common case (nothing to strip) takes no pattern matching, which
-- LuaJIT does not compile.
local function is_blank(b) return b == 32 or (b and b >= 9 and b <= 13) end
local function trim(line)
  if not is_blank(line:byte(1)) and not is_blank(line:byte(-1)) then return line end
  return line:match("^%s*(.-)%s*$")
end
M.trim = trim

-- `announce route PREFIX ATTRS` with a known ATTRS text, without selector:
-- true when done here (the grammar is not needed)
local function try_fast(d, src, text)
  local fast = src.fast
  if not fast or src.group then return false end
  if text:sub(1, 15) ~= "announce route " then return false end
  local sp = text:find(" ", 16, true)
  if not sp or sp == 16 then return false end
  local pfx, attrs = text:sub(16, sp - 1), text:sub(sp + 1)
  local entry = templates(fast, pfx)[attrs]
  if not entry then return false end
  local tgts = targets(d, src, NO_SELECTOR)
  if #tgts == 0 or not fast_announce(d, src, entry, tgts, pfx, attrs) then return false end
  await_written(d, src, tgts)
  return true
end

-- the first letters of ExaBGP main's target-first commands (api/v6.lua)
local V6_FIRST = { [("d"):byte()] = true, [("s"):byte()] = true, [("r"):byte()] = true,
  [("p"):byte()] = true }

function M.run(d, src, line)
  local text = trim(line)
  if text == "" or text:sub(1, 1) == "#" then return "quiet" end
  if try_fast(d, src, text) then return true end
  if V6_FIRST[text:byte(1)] then
    local v4, why = v6.translate(text)
    if not v4 then return nil, why end
    text = v4
  end
  local sels, cmd = selector.parse(text)
  if not sels then return nil, cmd end
  local name, args = grammar.parse(cmd, #sels > 0)
  if not name then return nil, args end
  local handler = handlers[name]
  -- groups are the source's (source.lua): a script's command is no group
  if not handler then return nil, grammar.unknown(cmd) end
  return handler(d, src, args, sels)
end

M.targets = targets
M.version_of = version_of
return M
