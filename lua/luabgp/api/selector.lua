-- Neighbor selectors of API commands (EXABGP.md §2.2):
--
--   neighbor IP [local-ip IP] [local-as ASN] [peer-as ASN] [router-id ID]
--            [family-allowed FAMILIES] [, neighbor ...] COMMAND
--   neighbor * COMMAND
--
-- parse() splits a command line into its selectors and the command's
-- words; match() says whether a neighbor's configuration satisfies one.
local lpeg = require "lpeg"
local open = require "luabgp.daemon.open"

local M = {}

-- The grammar (LPeg): `neighbor VALUE` then `KEY VALUE` pairs, the
-- selectors separated by `,`; a value ends at a blank or a comma.
local grammar
do
  local P, S, C, Cc, Cf, Cg, Ct, Cp = lpeg.P, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cf, lpeg.Cg, lpeg.Ct,
    lpeg.Cp
  local blank, blanks = S " \t" ^ 0, S " \t" ^ 1
  local value = C((1 - S " \t,") ^ 1)
  -- each key, and the configuration's name of what it selects on
  local function key(word, name) return P(word) * #blanks * Cc(name) end
  local keys = key("local-ip", "local-address") + key("local-as", "local-as")
    + key("peer-as", "peer-as") + key("router-id", "router-id")
    + key("family-allowed", "family-allowed")
  local pair = blanks * Cg(keys * blanks * value)
  local one = Cf(Ct(Cg(value, "peer-address")) * pair ^ 0, rawset)
  local selector = P "neighbor" * blanks * one
  -- the list, from the address of the first (`show neighbor IP ...` has
  -- its own word before it: grammar.lua)
  M.after_neighbor = Ct(one * (blank * "," * blank * selector) ^ 0)
  grammar = blank * (P "neighbor" * blanks * M.after_neighbor + Ct "") * blank * Cp()
end

-- Splits a command line into its selectors (a list, empty when it has
-- none) and the rest of the line, the command; or nil and why.
function M.parse(line)
  local sels, at = grammar:match(line)
  local rest = line:sub(at)
  if #sels > 0 and rest:sub(1, 1) == "," then
    return nil, "',' must be followed by another 'neighbor' selector"
  end
  rest = rest:match("^(.-)%s*$")
  if #sels > 0 and rest == "" then
    return nil, "a neighbor selector needs a command after it"
  end
  return sels, rest
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
