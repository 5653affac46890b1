-- Neighbor selectors of API commands (EXABGP.md §2.2):
--
--   neighbor IP [local-ip IP] [local-as ASN] [peer-as ASN] [router-id ID]
--            [family-allowed FAMILIES] [, neighbor ...] COMMAND
--   neighbor * COMMAND
--
-- parse() splits a command line into its selectors and the command's
-- words; match() says whether a neighbor's configuration satisfies one.
local open = require "luabgp.daemon.open"

local M = {}

local keys = {
  ["local-ip"] = "local-address", ["local-as"] = "local-as", ["peer-as"] = "peer-as",
  ["router-id"] = "router-id", ["family-allowed"] = "family-allowed",
}

-- Splits a command line into its selectors (a list, empty when it has
-- none) and the rest of the line, the command; or nil and why.
function M.parse(line)
  local sels, rest = {}, line
  while true do
    local ip, after = rest:match("^%s*neighbor%s+([^%s,]+)(.*)$")
    if not ip then break end
    local sel = { ["peer-address"] = ip }
    rest = after
    while true do
      local k, v, a = rest:match("^%s*(%S+)%s+([^%s,]+)(.*)$")
      if not (k and keys[k]) then break end
      sel[keys[k]] = v
      rest = a
    end
    sels[#sels + 1] = sel
    local more = rest:match("^%s*,(.*)$")
    if not more then break end
    if not more:match("^%s*neighbor%s") then
      return nil, "',' must be followed by another 'neighbor' selector"
    end
    rest = more
  end
  if #sels > 0 and rest:match("^%s*$") then
    return nil, "a neighbor selector needs a command after it"
  end
  return sels, rest:match("^%s*(.-)%s*$")
end

-- ExaBGP names a neighbor's families "in-open" (they are all negotiated in
-- its one OPEN) unless it has multi-session, then its families as
-- afi-safi joined by "/" ("ipv4-unicast/ipv6-unicast"); a selector naming
-- some of them matches.
local function families_match(v, nb)
  local multi = nb.capability and nb.capability["multi-session"]
  if not multi then return v == "in-open" end
  local have = {}
  for _, f in ipairs(open.families(nb)) do have[(f:gsub(" ", "-"))] = true end
  for want in v:gmatch("[^/%s]+") do
    if not have[want] then return false end
  end
  return true
end

-- Does neighbor configuration nb satisfy selector sel?
function M.match(sel, nb)
  local ip = sel["peer-address"]
  if ip ~= "*" and ip ~= tostring(nb["peer-address"]) then return false end
  for k, v in pairs(sel) do
    if k == "family-allowed" then
      if not families_match(v, nb) then return false end
    elseif k ~= "peer-address" and tostring(nb[k]) ~= v then
      return false
    end
  end
  return true
end

return M
