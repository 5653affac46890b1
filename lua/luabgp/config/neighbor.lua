-- The `neighbor` block (EXABGP.md §1.4) and its companion blocks `family`,
-- `capability`, `add-path`, `nexthop`, `api` and `tcp-ao` (§1.5, §1.6).
-- A neighbor's settings are normalised into one flat table whose keys are
-- ExaBGP's keyword names; routes are handed on by the route sections.
local values = require "luabgp.config.values"

local M = {}

-- AFI → SAFIs accepted in `family`, `add-path` and `nexthop` (4.2 ∪ main)
M.safis = {
  ipv4 = { unicast = true, multicast = true, ["nlri-mpls"] = true, ["labeled-unicast"] = true,
    ["mpls-vpn"] = true, flow = true, ["flow-vpn"] = true, ["mcast-vpn"] = true, mup = true,
    ["sr-policy"] = true, rtc = true },
  ipv6 = { unicast = true, multicast = true, ["nlri-mpls"] = true, ["labeled-unicast"] = true,
    ["mpls-vpn"] = true, flow = true, ["flow-vpn"] = true, ["mcast-vpn"] = true, mup = true,
    ["sr-policy"] = true },
  l2vpn = { vpls = true, evpn = true },
  ["bgp-ls"] = { ["bgp-ls"] = true, ["bgp-ls-vpn"] = true },
}

-- the family names ExaBGP prints (labeled-unicast is an alias of nlri-mpls)
local alias = { ["labeled-unicast"] = "nlri-mpls" }

-- Reads `AFI SAFI` at words[i]; returns "afi safi" and the next index.
function M.family(p, words, i)
  local a, s = words[i], words[i + 1]
  if not a then p:fail(words[i - 1], "expected an AFI and a SAFI") end
  local safis = M.safis[a.text]
  if not safis then
    p:fail(a, "unknown AFI '" .. a.text .. "' (ipv4, ipv6, l2vpn, bgp-ls)")
  end
  if not s then p:fail(a, "AFI '" .. a.text .. "' needs a SAFI") end
  if s.text == "minimal" then
    p:fail(s, "'minimal' is deprecated and not supported")
  end
  if not safis[s.text] then
    p:fail(s, "unknown SAFI '" .. s.text .. "' for AFI " .. a.text)
  end
  return a.text .. " " .. (alias[s.text] or s.text), i + 2
end

-- The defaults of ExaBGP (§1.4: adj-rib-in/out true when not configured).
-- No `connect` default: without one, the port is the tcp.port setting.
function M.defaults()
  return {
    ["hold-time"] = 180, passive = false, ["group-updates"] = true, ["auto-flush"] = true,
    ["adj-rib-in"] = true, ["adj-rib-out"] = true, ["manual-eor"] = false,
    ["md5-base64"] = false,
  }
end

-- a bare keyword's value (the parser's "default when no value" table)
local bare = {
  passive = true, ["group-updates"] = true, ["auto-flush"] = true,
  ["md5-base64"] = false, ["adj-rib-in"] = false, ["adj-rib-out"] = false, ["manual-eor"] = false,
}

local function boolean(key)
  return function(p, n, words)
    if #words == 1 then
      n.set[key] = bare[key]
      return
    end
    n.set[key] = p:check(p:one(words), values.boolean)
  end
end

local function checked(key, checker, ...)
  local extra = { ... }
  return function(p, n, words)
    local t = p:one(words)
    local v, why = checker(t.text, unpack(extra))
    if v == nil then p:fail(t, key .. ": " .. why) end
    n.set[key] = v
  end
end

local function auto_or(checker)
  return function(text)
    if text == "auto" then return "auto" end
    return checker(text)
  end
end

local function text_value(key)
  return function(p, n, words)
    n.set[key] = p:one(words).text
  end
end

local kw = {}
M.keywords = kw
kw["router-id"] = checked("router-id", function(text)
  local v, why = values.ipv4(text)
  return v, why and (why .. " (a dotted quad)")
end)
kw["local-address"] = checked("local-address", auto_or(values.ip))
kw["local-as"] = checked("local-as", auto_or(values.asn))
kw["peer-as"] = checked("peer-as", auto_or(values.asn))
kw["hold-time"] = function(p, n, words)
  local t = p:one(words)
  local v = p:check(t, values.integer, 0, 65535)
  if v == 1 or v == 2 then
    p:fail(t, "hold-time must be 0 or at least 3 seconds (RFC 4271 §4.2)")
  end
  n.set["hold-time"] = v
end
kw.description = text_value("description")
kw["host-name"] = text_value("host-name")
kw["domain-name"] = text_value("domain-name")
kw["source-interface"] = text_value("source-interface")
kw.passive = boolean("passive")
kw.listen = checked("listen", values.integer, 1, 65535)
kw.connect = checked("connect", values.integer, 1, 65535)
kw["outgoing-ttl"] = checked("outgoing-ttl", values.integer, 1, 255)
kw["incoming-ttl"] = checked("incoming-ttl", values.integer, 1, 255)
kw["md5-password"] = text_value("md5-password")
kw["md5-base64"] = boolean("md5-base64")
kw["md5-ip"] = checked("md5-ip", values.ip)
kw["rate-limit"] = function(p, n, words)
  local t = p:one(words)
  n.set["rate-limit"] = t.text == "disable" and 0 or p:check(t, values.integer, 0)
end
kw["group-updates"] = boolean("group-updates")
kw["auto-flush"] = boolean("auto-flush")
kw["adj-rib-in"] = boolean("adj-rib-in")
kw["adj-rib-out"] = boolean("adj-rib-out")
kw["manual-eor"] = boolean("manual-eor")
kw["local-link-local"] = checked("local-link-local", values.ipv6)
kw["ttl-security"] = function(p, _, words)
  p:fail(words[1], "there is no 'ttl-security' keyword: use incoming-ttl (GTSM, RFC 5082)")
end
kw.inherit = function(p, n, words)
  local toks = p:list(words, 2)
  for _, t in ipairs(toks) do
    n.inherit[#n.inherit + 1] = t
  end
end

-- family { AFI SAFI; ... } or { all; }
M.family_section = {
  name = "family",
  any_keyword = function(p, n, words)
    if words[1].text == "all" and #words == 1 then
      n.set.families = n.set.families or {}
      for afi, safis in pairs(M.safis) do
        for safi in pairs(safis) do
          if not alias[safi] then
            n.set.families[#n.set.families + 1] = afi .. " " .. safi
          end
        end
      end
      table.sort(n.set.families)
      return
    end
    local f, j = M.family(p, words, 1)
    if words[j] then p:fail(words[j], "unexpected '" .. words[j].text .. "' after " .. f) end
    n.set.families = n.set.families or {}
    n.set.families[#n.set.families + 1] = f
  end,
}

-- capability { ... } (§1.6)
local cap_bool = {
  asn4 = true, ["route-refresh"] = true, ["multi-session"] = true, operational = true,
  aigp = true, ["extended-message"] = true, nexthop = true, ["software-version"] = true,
  ["link-local-nexthop"] = true, ["link-local-prefer"] = true,
}
local addpath_modes = {
  disable = "disable", receive = "receive", send = "send", ["send/receive"] = "send/receive",
  ["receive/send"] = "send/receive", enable = "send/receive",
}
M.capability_section = {
  name = "capability",
  any_keyword = function(p, n, words)
    local key = words[1].text
    local caps = n.set.capability or {}
    n.set.capability = caps
    if cap_bool[key] then
      caps[key] = #words == 1 or p:check(p:one(words), values.boolean)
    elseif key == "graceful-restart" then
      if #words == 1 then
        caps[key] = true
      else
        local t = p:one(words)
        local b = values.boolean(t.text)
        caps[key] = b == nil and p:check(t, values.integer, 0, 4095) or b
      end
    elseif key == "add-path" then
      local t = p:one(words)
      caps[key] = addpath_modes[t.text] or p:fail(t, "add-path must be disable, receive, send"
        .. " or send/receive, not '" .. t.text .. "'")
    else
      p:fail(words[1], "unknown capability '" .. key .. "'")
    end
  end,
}

-- add-path { AFI SAFI [limit N]; }
M.addpath_section = {
  name = "add-path",
  any_keyword = function(p, n, words)
    local f, j = M.family(p, words, 1)
    local entry = { family = f }
    if words[j] and words[j].text == "limit" then
      entry.limit = p:check(words[j + 1] or words[j], values.integer, 0, 65535)
      j = j + 2
    elseif words[j] then
      local mode = addpath_modes[words[j].text]
      if not mode then p:fail(words[j], "unexpected '" .. words[j].text .. "' after " .. f) end
      entry.mode = mode
      j = j + 1
    end
    if words[j] then p:fail(words[j], "unexpected '" .. words[j].text .. "'") end
    n.set["add-path"] = n.set["add-path"] or {}
    table.insert(n.set["add-path"], entry)
  end,
}

-- nexthop { AFI SAFI NH-AFI; } (RFC 8950)
M.nexthop_section = {
  name = "nexthop",
  any_keyword = function(p, n, words)
    local f, j = M.family(p, words, 1)
    local nh = words[j]
    if not nh or (nh.text ~= "ipv4" and nh.text ~= "ipv6") then
      p:fail(nh or words[j - 1], "nexthop needs AFI SAFI NEXTHOP-AFI (ipv4 or ipv6)")
    end
    if words[j + 1] then p:fail(words[j + 1], "unexpected '" .. words[j + 1].text .. "'") end
    n.set.nexthop = n.set.nexthop or {}
    table.insert(n.set.nexthop, { family = f, nexthop = nh.text })
  end,
}

-- tcp-ao { keyid; algorithm; password; base64; } (RFC 5925)
M.tcpao_section = {
  name = "tcp-ao",
  keywords = {
    keyid = function(p, n, words)
      n.set["tcp-ao"].keyid = p:check(p:one(words), values.integer, 0, 255)
    end,
    algorithm = function(p, n, words)
      local t = p:one(words)
      local ok = { ["hmac-sha-1-96"] = true, ["aes-128-cmac-96"] = true, ["hmac-sha-256"] = true }
      if not ok[t.text] then p:fail(t, "unknown TCP-AO algorithm '" .. t.text .. "'") end
      n.set["tcp-ao"].algorithm = t.text
    end,
    password = function(p, n, words) n.set["tcp-ao"].password = p:one(words).text end,
    base64 = function(p, n, words)
      n.set["tcp-ao"].base64 = #words == 1 or p:check(p:one(words), values.boolean)
    end,
  },
}

-- api [NAME] { processes [ ... ]; processes-match [ ... ]; neighbor-changes;
--   receive { packets; parsed; consolidate; open; update; ... } send { ... } }
local api_flags = {
  packets = true, parsed = true, consolidate = true, open = true, update = true,
  notification = true, keepalive = true, refresh = true, operational = true, ["route-refresh"]
  = true, negotiated = true, fsm = true, signal = true, state = true,
}
local function api_direction(dir)
  return {
    name = "api " .. dir,
    any_keyword = function(p, api, words)
      local key = words[1].text
      if not api_flags[key] then
        p:fail(words[1], "unknown api " .. dir .. " option '" .. key .. "'")
      end
      if #words > 1 then p:fail(words[2], "'" .. key .. "' takes no value") end
      api[dir][key] = true
    end,
  }
end
-- `[ a b ]`, `[ a, b ]` or `a`
local function names(p, words, out)
  for _, t in ipairs((p:list(words, 2))) do
    for name in t.text:gmatch("[^,]+") do out[#out + 1] = name end
  end
end

M.api_section = {
  name = "api",
  keywords = {
    processes = function(p, api, words) names(p, words, api.processes) end,
    ["processes-match"] = function(p, api, words) names(p, words, api["processes-match"]) end,
    ["neighbor-changes"] = function(_, api) api.receive.state = true end,
    -- ExaBGP 4.2 has these beside neighbor-changes (they are events too)
    negotiated = function(_, api) api.receive.negotiated = true end,
    fsm = function(_, api) api.receive.fsm = true end,
    signal = function(_, api) api.receive.signal = true end,
  },
  blocks = {
    receive = function(_, api) return api_direction("receive"), api end,
    send = function(_, api) return api_direction("send"), api end,
  },
}

function M.new_api(name)
  return { name = name, processes = {}, ["processes-match"] = {}, receive = {}, send = {} }
end

return M
