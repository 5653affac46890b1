-- What `luabgp cli` offers on Tab: the words that may come next in an API
-- command (api/grammar.lua), the live daemon's neighbors after
-- `neighbor`, and the prefixes of its Adj-RIB-Out after `withdraw route`.
--
--   complete.candidates(line, live) -> sorted list of whole words
--
-- line is the text before the cursor (its last word is the one being
-- completed, "" after a blank); live gives neighbors() (addresses) and
-- routes() (prefixes), asked only when they are needed.
local grammar = require "luabgp.api.grammar"

local M = {}

local TOP = { "announce", "withdraw", "neighbor", "teardown", "show", "flush", "clear",
  "shutdown", "reload", "restart", "version", "help", "reset", "enable-ack", "disable-ack",
  "silence-ack", "enable-sync", "disable-sync", "ping", "bye", "status", "queue-status", "api",
  "group", "create", "delete" }
-- the commands a neighbor selector may come before
local SELECTED = { "announce", "withdraw", "teardown", "show", "flush", "clear" }
local SELECTOR_KEYS = { "local-ip", "local-as", "peer-as", "router-id", "family-allowed" }
local ANNOUNCE, WITHDRAW = grammar.ANNOUNCE, grammar.WITHDRAW
local AFI = { "ipv4", "ipv6", "l2vpn", "bgp-ls" }
local SAFI = {
  ipv4 = { "unicast", "multicast", "nlri-mpls", "mpls-vpn", "flow", "flow-vpn", "mup",
    "mcast-vpn", "rtc", "sr-policy" },
  ipv6 = { "unicast", "multicast", "nlri-mpls", "mpls-vpn", "flow", "flow-vpn", "mup",
    "mcast-vpn", "sr-policy" },
  l2vpn = { "vpls", "evpn" },
  ["bgp-ls"] = { "bgp-ls", "bgp-ls-vpn" },
}
local OPERATIONAL = { "asm", "adm", "rpcq", "rpcp", "apcq", "apcp", "lpcq", "lpcp" }
-- route attributes, and those that take no value
local ATTRIBUTES = { "next-hop", "origin", "as-path", "med", "local-preference", "community",
  "large-community", "extended-community", "atomic-aggregate", "aggregator", "originator-id",
  "cluster-list", "label", "rd", "route-distinguisher", "path-information", "split",
  "watchdog", "withdraw", "name", "aigp", "bgp-prefix-sid" }
local FLAGS = { ["atomic-aggregate"] = true, withdraw = true }
local VALUES = { origin = { "igp", "egp", "incomplete" }, ["next-hop"] = { "self" } }
local SHOW_NEIGHBOR = { "summary", "extensive", "configuration", "json" }

local function words_of(line)
  local words = {}
  for w in line:gmatch("%S+") do words[#words + 1] = w end
  local partial = ""
  if line:match("%S$") then partial = table.remove(words) end
  return words, partial
end

local function slice(list, from)
  local out = {}
  for k = from, #list do out[#out + 1] = list[k] end
  return out
end

local function concat(...)
  local out = {}
  for _, list in ipairs { ... } do
    for _, w in ipairs(list) do out[#out + 1] = w end
  end
  return out
end

local function is_ip(w)
  return w:match("^%d+%.%d+%.%d+%.%d+$") ~= nil or (w:find(":", 1, true) and
    w:match("^[%x:%.]+$") ~= nil)
end

-- The attribute keywords, or the values of the one before (nothing when it
-- takes a value that cannot be listed).
local function attributes(rest)
  local last = rest[#rest]
  if last and VALUES[last] then return VALUES[last] end
  -- a keyword is followed by its value: count from the prefix on
  local k, expect_value = 1, false
  while k <= #rest do
    local w = rest[k]
    if expect_value then
      expect_value = false
      -- a [ list ] or ( pair ) runs to its closing bracket
      if w == "[" or w == "(" then
        local close = w == "[" and "]" or ")"
        while k <= #rest and rest[k] ~= close do k = k + 1 end
      end
    elseif not FLAGS[w] then
      expect_value = true
    end
    k = k + 1
  end
  if expect_value then return {} end
  return ATTRIBUTES
end

-- After `announce` or `withdraw` (rest: the words after the verb).
local function route_command(verb, rest, live)
  local kind = rest[1]
  if not kind then return verb == "announce" and ANNOUNCE or WITHDRAW end
  if kind == "route" then
    if #rest == 1 then return verb == "withdraw" and live.routes() or {} end
    return attributes(slice(rest, 3))
  elseif kind == "ipv4" or kind == "ipv6" then
    if #rest == 1 then return SAFI[kind] end
    if #rest == 2 then return verb == "withdraw" and live.routes() or {} end
    return attributes(slice(rest, 4))
  elseif kind == "eor" or kind == "route-refresh" then
    if #rest == 1 then return AFI end
    if #rest == 2 then return SAFI[rest[2]] or {} end
  elseif kind == "operational" then
    if #rest == 1 then return OPERATIONAL end
    if #rest == 2 then return { "afi" } end
    if #rest == 3 then return AFI end
    if #rest == 4 then return { "safi" } end
    if #rest == 5 then return SAFI[rest[4]] or {} end
  elseif kind == "watchdog" or kind == "attributes" or kind == "flow" or kind == "vpls" then
    return {}
  end
  return {}
end

local function show(rest, live)
  if #rest == 0 then return { "neighbor", "adj-rib" } end
  if rest[1] == "neighbor" then
    if #rest == 1 then return concat(live.neighbors(), SHOW_NEIGHBOR) end
    if #rest == 2 and is_ip(rest[2]) then return SHOW_NEIGHBOR end
  elseif rest[1] == "adj-rib" then
    if #rest == 1 then return { "in", "out" } end
    if #rest == 2 then return { "extensive" } end
  end
  return {}
end

-- A command, after any neighbor selector.
local function command(words, live)
  local verb = words[1]
  local rest = slice(words, 2)
  if not verb then return TOP end
  if verb == "announce" or verb == "withdraw" then return route_command(verb, rest, live) end
  if verb == "show" then return show(rest, live) end
  if verb == "flush" then return #rest == 0 and { "adj-rib" } or #rest == 1 and { "out" } or {} end
  if verb == "clear" then
    return #rest == 0 and { "adj-rib" } or #rest == 1 and { "in", "out" } or {}
  end
  if verb == "group" then return #rest == 0 and { "start", "end" } or {} end
  if verb == "create" then return #rest == 0 and { "neighbor" } or {} end
  if verb == "delete" then
    if #rest == 0 then return { "neighbor" } end
    if #rest == 1 then return live.neighbors() end
  end
  return {}
end

local IS_KEY = {}
for _, k in ipairs(SELECTOR_KEYS) do IS_KEY[k] = true end

-- The selectors (`neighbor IP [KEY VALUE]... [, neighbor ...]`), then the
-- command.
local function after_selectors(words, live)
  local k = 1
  while words[k] == "neighbor" do
    if not words[k + 1] then return concat(live.neighbors(), { "*" }) end
    k = k + 2
    while IS_KEY[words[k] or ""] do
      if not words[k + 1] then return {} end -- its value
      k = k + 2
    end
    if words[k] == "," then
      k = k + 1
      if not words[k] then return { "neighbor" } end
    elseif not words[k] then
      return concat(SELECTOR_KEYS, { "," }, SELECTED)
    else
      break
    end
  end
  return command(slice(words, k), live)
end

function M.candidates(line, live)
  local words, partial = words_of(line)
  local seen, out = {}, {}
  for _, w in ipairs(after_selectors(words, live)) do
    if not seen[w] and w:sub(1, #partial) == partial then
      seen[w] = true
      out[#out + 1] = w
    end
  end
  table.sort(out)
  return out
end

return M
