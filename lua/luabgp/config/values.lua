-- Value checkers of the configuration: each takes a token's text and
-- returns the normalised value, or nil and what is wrong with it.
local bit = require "bit"
local ffi = require "ffi"
local lpeg = require "lpeg"

local P, R = lpeg.P, lpeg.R

pcall(ffi.cdef, "int inet_pton(int af, const char *src, void *dst);")
local AF_INET6 = 10 -- Linux's value

local M = {}

local digit = R "09"
local hex = R("09", "af", "AF")
local octet = digit * digit ^ -2
local ipv4_shape = octet * (P "." * octet) * (P "." * octet) * (P "." * octet) * -1
local h16 = hex * hex ^ -3
local v4tail = octet * P "." * octet * P "." * octet * P "." * octet
local ipv6_shape = (h16 + P ":" + v4tail + P ".") ^ 1 * -1

function M.ipv4(text)
  if not ipv4_shape:match(text) then
    return nil, "'" .. text .. "' is not an IPv4 address"
  end
  for o in text:gmatch("%d+") do
    if tonumber(o) > 255 then
      return nil, "'" .. text .. "' is not an IPv4 address (octet " .. o .. " above 255)"
    end
  end
  return text
end

-- IPv6 in any RFC 4291 text form (hex groups, one `::`, optional IPv4 tail)
function M.ipv6(text)
  if not text:find(":", 1, true) or not ipv6_shape:match(text) then
    return nil, "'" .. text .. "' is not an IPv6 address"
  end
  local _, doubles = text:gsub("::", "")
  if doubles > 1 or text:find(":::", 1, true) then
    return nil, "'" .. text .. "' is not an IPv6 address"
  end
  local head, v4 = text:match("^(.*):(%d+%.%d+%.%d+%.%d+)$")
  local groups, hexpart = 0, text
  if v4 then
    if not M.ipv4(v4) then
      return nil, "'" .. text .. "' is not an IPv6 address"
    end
    groups = 2
    hexpart = head .. ":"
  end
  for g in hexpart:gmatch("[^:]+") do
    if #g > 4 or not g:match("^%x+$") then
      return nil, "'" .. text .. "' is not an IPv6 address"
    end
    groups = groups + 1
  end
  -- a single ':' may not start or end the address
  if (hexpart:match("^:[^:]") or hexpart:match("[^:]:$")) and not v4 then
    return nil, "'" .. text .. "' is not an IPv6 address"
  end
  if groups > 8 or (doubles == 0 and groups ~= 8) then
    return nil, "'" .. text .. "' is not an IPv6 address"
  end
  return text
end

function M.ip(text)
  if text:find(":", 1, true) then
    return M.ipv6(text)
  end
  return M.ipv4(text)
end

-- "ipv4" or "ipv6" for an address text known to be valid
function M.afi(text)
  return text:find(":", 1, true) and "ipv6" or "ipv4"
end

-- A prefix `IP/LEN` (a bare IP is a host route); returns the prefix text,
-- the AFI and the length.
function M.prefix(text)
  local ip, len = text:match("^([^/]+)/(%d+)$")
  if not ip then
    if text:find("/", 1, true) then
      return nil, "'" .. text .. "' is not a prefix"
    end
    ip = text
  end
  local ok, why = M.ip(ip)
  if not ok then return nil, why end
  local afi = M.afi(ip)
  local max = afi == "ipv4" and 32 or 128
  len = len and tonumber(len) or max
  if len > max then
    return nil, "prefix length " .. len .. " is not an " .. (afi == "ipv4" and "IPv4" or "IPv6")
      .. " netmask (0.." .. max .. ")"
  end
  return ip .. "/" .. len, afi, len
end

-- A route's prefix: as prefix(), with no bit set past its length (ExaBGP
-- refuses `10.0.0.1/24`: "invalid network 10.0.0.1 for netmask 24").
function M.network(text)
  local pfx, afi, len = M.prefix(text)
  if not pfx then return nil, afi end
  local ip = pfx:match("^(.*)/")
  local buf, n = ffi.new("uint8_t[16]"), 16
  if afi == "ipv4" then
    -- (octets read as numbers: ipv4() takes leading zeros, inet_pton not)
    n = 0
    for o in ip:gmatch("%d+") do
      buf[n] = tonumber(o)
      n = n + 1
    end
  elseif ffi.C.inet_pton(AF_INET6, ip, buf) ~= 1 then
    return nil, "'" .. text .. "' is not a prefix"
  end
  for k = 0, n - 1 do
    local keep = math.max(0, math.min(8, len - k * 8))
    if bit.band(buf[k], bit.rshift(0xff, keep)) ~= 0 then
      return nil, "invalid network " .. ip .. " for netmask " .. len
    end
  end
  return pfx, afi, len
end

function M.integer(text, min, max)
  local n
  if text:match("^%d+$") then
    n = tonumber(text)
  elseif text:match("^0[xX]%x+$") then
    n = tonumber(text:sub(3), 16)
  end
  if not n then
    return nil, "'" .. text .. "' is not a number"
  end
  if (min and n < min) or (max and n > max) then
    return nil, "'" .. text .. "' is out of range (" .. (min or 0) .. ".." .. (max or "") .. ")"
  end
  return n
end

-- ASN: plain (0..2^32-1) or asdot `X.Y`
function M.asn(text)
  local hi, lo = text:match("^(%d+)%.(%d+)$")
  if hi then
    hi, lo = tonumber(hi), tonumber(lo)
    if hi > 65535 or lo > 65535 then
      return nil, "'" .. text .. "' is not an AS number"
    end
    return hi * 65536 + lo
  end
  local n = M.integer(text, 0, 4294967295)
  if not n then
    return nil, "'" .. text .. "' is not an AS number"
  end
  return n
end

local truth = {
  ["true"] = true, enable = true, enabled = true, yes = true, on = true,
  ["false"] = false, disable = false, disabled = false, no = false, off = false,
}

function M.boolean(text)
  local v = truth[text]
  if v == nil then
    return nil, "'" .. text .. "' is not a boolean (true, false, enable, disable)"
  end
  return v
end

return M
