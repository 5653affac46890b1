-- Our OPEN for a configured neighbor, byte for byte as ExaBGP sends it (the
-- encoding vectors with option:open:inspect-open-message pin it): RFC 4271
-- §4.2 fields, then each capability in an optional parameter of its own,
-- in ExaBGP's order — role, multiprotocol (one per family), 4-octet AS,
-- extended next hop, ADD-PATH, graceful restart, route refresh and
-- enhanced route refresh, operational, extended message, hostname,
-- software version, link-local next hop, multi-session.
local core = require "luabgp.core"

local M = {}

local AS_TRANS = 23456 -- RFC 6793 §9

local function u16(n)
  return string.char(math.floor(n / 256) % 256, n % 256)
end

local function u32(n)
  return u16(math.floor(n / 65536) % 65536) .. u16(n % 65536)
end

local function ipv4(text)
  local a, b, c, d = text:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
  if not a then
    return nil
  end
  return string.char(tonumber(a), tonumber(b), tonumber(c), tonumber(d))
end

-- One capability: code and value, put in its own optional parameter
-- (RFC 5492 §4) by pack().
local function param(code, value)
  return { code, value or "" }
end

local function family_code(name)
  local afi, safi = core.family(name)
  if not afi then
    return nil, "unknown family '" .. name .. "'"
  end
  return afi, safi
end

local function afi_safi(name)
  local afi, safi = family_code(name)
  return afi and (u16(afi) .. string.char(safi)) or nil
end

-- The families the session offers: those configured, else every family
-- luabgp knows (ExaBGP offers all it knows when none is configured).
function M.families(nb)
  if nb.families and #nb.families > 0 then
    return nb.families
  end
  return core.families()
end

local addpath_bits = { receive = 1, send = 2, ["send/receive"] = 3 }

local function capabilities(nb, opts)
  local caps, cap = {}, nb.capability or {}
  local families = M.families(nb)
  local roles = { provider = 0, rs = 1, ["rs-client"] = 2, customer = 3, peer = 4 }
  if nb.role and roles[nb.role] then
    caps[#caps + 1] = param(9, string.char(roles[nb.role])) -- RFC 9234 §4.1
  end
  for _, f in ipairs(families) do
    local afi, safi = family_code(f)
    if afi then
      caps[#caps + 1] = param(1, u16(afi) .. "\0" .. string.char(safi))
    end
  end
  if cap.asn4 ~= false then
    caps[#caps + 1] = param(65, u32(nb["local-as"]))
  end
  if cap.nexthop and nb.nexthop then
    local v = {}
    for _, e in ipairs(nb.nexthop) do
      local afi, safi = family_code(e.family)
      if afi then
        v[#v + 1] = u16(afi) .. u16(safi) .. u16(e.nexthop == "ipv6" and 2 or 1)
      end
    end
    caps[#caps + 1] = param(5, table.concat(v))
  end
  if cap["add-path"] and nb["add-path"] then
    local v, bits = {}, addpath_bits[cap["add-path"]] or 3
    for _, e in ipairs(nb["add-path"]) do
      local code = afi_safi(e.family)
      if code then
        v[#v + 1] = code .. string.char(bits)
      end
    end
    caps[#caps + 1] = param(69, table.concat(v))
  end
  if cap["graceful-restart"] then
    -- RFC 4724 §3: restart time, then each family with its forwarding bit
    local time = tonumber(cap["graceful-restart"]) or nb["hold-time"] or 180
    local v = { u16(time % 4096) }
    for _, f in ipairs(families) do
      local code = afi_safi(f)
      if code then
        v[#v + 1] = code .. "\128"
      end
    end
    caps[#caps + 1] = param(64, table.concat(v))
  end
  if cap["route-refresh"] then
    caps[#caps + 1] = param(2)
    caps[#caps + 1] = param(70)
  end
  if cap.operational then
    caps[#caps + 1] = param(185)
  end
  if cap["extended-message"] ~= false then
    caps[#caps + 1] = param(6)
  end
  if nb["host-name"] or nb["domain-name"] then
    local host, domain = nb["host-name"] or "", nb["domain-name"] or ""
    caps[#caps + 1] = param(73, string.char(#host) .. host .. string.char(#domain) .. domain)
  end
  if cap["software-version"] then
    local text = opts.software or "luabgp"
    caps[#caps + 1] = param(75, string.char(#text) .. text)
  end
  if cap["link-local-nexthop"] then
    caps[#caps + 1] = param(77)
  end
  if cap["multi-session"] then
    caps[#caps + 1] = param(68, string.char(1))
  end
  return caps
end

-- The optional parameters: RFC 4271's form, or RFC 9072 §2's extended one
-- (2-octet parameter lengths) when they exceed 255 octets.
local function pack(caps)
  local short = {}
  for i, c in ipairs(caps) do
    short[i] = string.char(2, #c[2] + 2, c[1], #c[2]) .. c[2]
  end
  local params = table.concat(short)
  if #params <= 255 then
    return string.char(#params) .. params
  end
  local long = {}
  for i, c in ipairs(caps) do
    long[i] = "\2" .. u16(#c[2] + 2) .. string.char(c[1], #c[2]) .. c[2]
  end
  params = table.concat(long)
  return "\255\255" .. u16(#params) .. params
end

-- The whole OPEN (header included) for neighbor nb; opts.software is what
-- the software-version capability reports (draft-abraitis-bgp-version-
-- capability), e.g. "ExaBGP/5.0.0".  nil and a reason when
-- the neighbor lacks what an OPEN needs.
function M.build(nb, opts)
  opts = opts or {}
  local asn = nb["local-as"]
  if not asn then
    return nil, "local-as is missing"
  end
  local id = nb["router-id"] or nb["local-address"]
  local id_bytes = id and ipv4(id)
  if not id_bytes then
    return nil, "router-id is missing (an IPv4 address is needed)"
  end
  local opt = pack(capabilities(nb, opts))
  local body = "\4" .. u16(asn > 65535 and AS_TRANS or asn) .. u16(nb["hold-time"] or 180)
    .. id_bytes .. opt
  return string.rep("\255", 16) .. u16(19 + #body) .. "\1" .. body
end

return M
