-- The routes of a configuration as the daemon hands them to the speaker:
-- ExaBGP's "update" shape of each configured route (what the session adds
-- to it, `split`, watchdog routes held back), and the routes of a template
-- (config/routes.lua) kept in bulk.
local core = require "luabgp.core"

local M = {}

-- The next hop a route is sent with: "self" (or none) is the session's
-- local address of the route's family.
local function nexthop_of(route, nb)
  local nh = route.nexthop
  if nh ~= nil and nh ~= "self" then
    return nh
  end
  local la = nb["local-address"]
  if la and la ~= "auto" then
    return la
  end
  return nil
end

-- members of a configured route that change what is sent and are not
-- supported yet (`name` and `then`, already turned into attributes by the
-- configuration, are only information; `split` is expand()'s; `watchdog`
-- names the group the API's watchdog commands turn on and off, and
-- `withdraw` keeps the route back until then: see M.expand)
local unsupported = { scope = true }

-- The bytes of an address text (IPv4 or IPv6), most significant first.
local function addr_bytes(text)
  if text:find(":", 1, true) then
    local head, tail = text:match("^(.-)::(.*)$")
    local groups = {}
    local function add(part)
      for g in part:gmatch("[^:]+") do
        groups[#groups + 1] = tonumber(g, 16)
      end
    end
    if head then
      add(head)
      local rest = {}
      for g in tail:gmatch("[^:]+") do
        rest[#rest + 1] = tonumber(g, 16)
      end
      for _ = 1, 8 - #groups - #rest do
        groups[#groups + 1] = 0
      end
      for _, g in ipairs(rest) do
        groups[#groups + 1] = g
      end
    else
      add(text)
    end
    local b = {}
    for _, g in ipairs(groups) do
      b[#b + 1] = math.floor(g / 256)
      b[#b + 1] = g % 256
    end
    return b
  end
  local b = {}
  for o in text:gmatch("%d+") do
    b[#b + 1] = tonumber(o)
  end
  return b
end

local function addr_text(b)
  if #b == 4 then
    return table.concat(b, ".")
  end
  local g = {}
  for i = 1, 16, 2 do
    g[#g + 1] = string.format("%x", b[i] * 256 + b[i + 1])
  end
  -- RFC 5952 §4.2.3: the longest run of zero groups becomes "::"
  local best, len, i = nil, 1, 1
  while i <= 8 do
    if g[i] == "0" then
      local j = i
      while j < 8 and g[j + 1] == "0" do
        j = j + 1
      end
      if j - i + 1 > len then
        best, len = i, j - i + 1
      end
      i = j + 1
    else
      i = i + 1
    end
  end
  if not best then
    return table.concat(g, ":")
  end
  return table.concat(g, ":", 1, best - 1) .. "::" .. table.concat(g, ":", best + len, 8)
end

-- ExaBGP's `split /N`: the prefix cut into its more specifics of length N,
-- in address order; nil and why when N does not fit.
function M.split(prefix, to)
  local addr, len = prefix:match("^(.*)/(%d+)$")
  len = tonumber(len)
  local b = addr and addr_bytes(addr)
  if not b or (#b ~= 4 and #b ~= 16) or to < len or to > #b * 8 then
    return nil, "split /" .. to .. " does not fit " .. prefix
  end
  if to - len > 16 then
    return nil, "split /" .. to .. " of " .. prefix .. " gives too many routes"
  end
  local out = {}
  for n = 0, 2 ^ (to - len) - 1 do
    local c = {}
    for i = 1, #b do
      c[i] = b[i]
    end
    -- write n into bits len .. to-1 (counted from the most significant)
    for bit = 0, to - len - 1 do
      local pos = to - 1 - bit
      local byte, mask = math.floor(pos / 8) + 1, 2 ^ (7 - pos % 8)
      local set = math.floor(n / 2 ^ bit) % 2 == 1
      local has = math.floor(c[byte] / mask) % 2 == 1
      if set and not has then
        c[byte] = c[byte] + mask
      elseif has and not set then
        c[byte] = c[byte] - mask
      end
    end
    out[#out + 1] = addr_text(c) .. "/" .. to
  end
  return out
end

-- ExaBGP keeps the extended communities it builds from configuration text
-- sorted by their bytes, and sends them so (conf-vpn, conf-flow-redirect).
local function sorted_communities(list, name)
  local keyed = {}
  for i, c in ipairs(list) do
    local bytes = core.encode_attribute(name, { c })
    if not bytes then
      return list -- the encoder will say what is wrong with it
    end
    keyed[i] = { key = bytes, c = c }
  end
  table.sort(keyed, function(a, b) return a.key < b.key end)
  local out = {}
  for i, k in ipairs(keyed) do
    out[i] = k.c
  end
  return out
end

-- What ExaBGP's session adds to a configured route: ORIGIN igp when none
-- is given (RFC 4271 §5.1.1 makes it mandatory), an AS path when none is
-- given (empty to an internal peer, our AS to an external one, §5.1.2; a
-- configured path is sent as written, as ExaBGP does) and LOCAL_PREF 100
-- to internal peers only (§5.1.5: never sent to external ones).
local function session_attributes(attribute, nb)
  local a = {}
  for k, v in pairs(attribute or {}) do
    a[k] = v
  end
  a.origin = a.origin or "igp"
  for _, name in ipairs { "extended-community", "extended-community-ipv6" } do
    if a[name] then
      a[name] = sorted_communities(a[name], name)
    end
  end
  if nb["local-as"] == nb["peer-as"] then
    a["as-path"] = a["as-path"] or {}
    if a["local-preference"] == nil then
      a["local-preference"] = 100
    end
  else
    a["as-path"] = a["as-path"]
      or { ["0"] = { element = "as-sequence", value = { nb["local-as"] } } }
    a["local-preference"] = nil
  end
  return a
end

M.session_attributes = session_attributes

local function has_nexthop(family)
  return not family:find("flow", 1, true)
end

-- ExaBGP's "update" shape of one configured route, as sent to nb.
function M.update_of(route, nb)
  local nh = "no-nexthop"
  if has_nexthop(route.family) or (route.nexthop and route.nexthop ~= "self") then
    nh = nexthop_of(route, nb)
    if not nh then
      return nil, "next-hop self needs a local-address"
    end
  end
  for k in pairs(route) do
    if unsupported[k] then
      return nil, "'" .. k .. "' is not supported yet"
    end
  end
  return { attribute = session_attributes(route.attribute, nb),
    announce = { [route.family] = { [nh] = { route.nlri } } } }
end

-- The routes a configured route stands for: itself, or with `split /N`
-- each of its more specifics (the rest of the route copied); none while it
-- is marked `withdraw` (ExaBGP's routes held back for a watchdog).
function M.expand(route)
  if route.withdraw then
    return {}
  end
  if not route.split then
    return { route }
  end
  local prefixes, why = M.split(route.nlri.nlri or "", route.split)
  if not prefixes then
    return nil, why
  end
  local out = {}
  for i, p in ipairs(prefixes) do
    local r, nlri = {}, {}
    for k, v in pairs(route) do
      r[k] = v
    end
    for k, v in pairs(route.nlri) do
      nlri[k] = v
    end
    nlri.nlri = p
    r.nlri, r.split = nlri, nil
    out[i] = r
  end
  return out
end

-- Each route a neighbor announces, in configuration order (it decides the
-- order of NLRI in UPDATEs), to fn({ upd, pos }): its UPDATE and the bulk
-- routes configured before it.  With consume, the configuration's tables
-- are let go as soon as they are turned into UPDATEs, so that a large
-- configuration is not held twice.
local function each_route(nb, problems, name, consume, fn, held)
  local list = nb.routes or {}
  for idx = 1, #list do
    local configured = list[idx]
    if consume then
      list[idx] = false
    end
    local routes, why
    if configured.watchdog and held then
      -- the API's watchdog commands announce and withdraw these
      held[#held + 1] = configured
      routes = {}
    else
      routes, why = M.expand(configured)
    end
    for _, route in ipairs(routes or {}) do
      local upd
      upd, why = M.update_of(route, nb)
      if not upd then
        break
      end
      fn({ upd = upd, pos = configured.pos })
    end
    if why then
      problems[#problems + 1] = name .. ": route "
        .. tostring(configured.nlri and (configured.nlri.nlri or configured.name)) .. ": " .. why
    end
  end
end

-- The sinks of config.load that keep each neighbor's routes until the
-- speaker takes them: route tables in nb.routes, each with the number of
-- bulk routes before it (pos), and the routes of a template (config/routes.lua)
-- in bulk[nb], a C store of a few octets a route.
function M.sinks(bulk)
  local function of(nb)
    local b = bulk[nb]
    if not b then
      b = { store = core.static_routes(), templates = {}, number = {} }
      bulk[nb] = b
    end
    return b
  end
  local function sink(r, nb)
    local list = nb.routes or {}
    nb.routes = list
    r.pos = bulk[nb] and bulk[nb].store:count() or 0
    list[#list + 1] = r
  end
  local function fast_sink(t, prefix, nb)
    local b = of(nb)
    local k = b.number[t]
    if not k then
      k = #b.templates + 1
      b.templates[k], b.number[t] = t, k
    end
    return b.store:add(k, t.family:byte(4) == 52 and 4 or 6, prefix) -- 52: "4"
  end
  return { sink = sink, fast_sink = fast_sink }
end

-- The templates of a neighbor's bulk routes as the speaker takes them,
-- each with its family and UPDATE.
local function bulk_templates(b, nb, problems, name)
  local out = {}
  for k, t in ipairs(b.templates) do
    local upd, why = M.update_of(t, nb)
    if not upd then
      -- the speaker needs a template for each number: one that announces
      -- nothing stands in, and the routes are reported
      problems[#problems + 1] = name .. ": routes like " .. t.nlri.nlri .. ": " .. why
      upd = { announce = {} }
    end
    out[k] = { family = t.family, update = upd }
  end
  return out
end

-- A neighbor's routes from one configuration, to neighbor i of speaker sp,
-- in their order: the trees and the bulk ones (b, from M.sinks, if any),
-- then commit() makes them the neighbor's (on a running session, what
-- changed is sent).  What cannot be sent goes to problems.  Routes of a
-- watchdog go to the list held instead (the API announces them).
function M.give(sp, i, nb, problems, b, held)
  local name = "neighbor " .. tostring(nb["peer-address"])
  each_route(nb, problems, name, true, function(r)
    local ok, rerr = sp:route(i, r.upd, r.pos)
    if not ok then
      problems[#problems + 1] = name .. ": " .. rerr
    end
  end, held)
  if b then
    sp:static_routes(i, b.store, bulk_templates(b, nb, problems, name))
  end
  sp:commit(i)
end

return M
