-- Route statements: `route PREFIX ATTRIBUTES`, their block form, the
-- `attributes ... nlri ...` form and the `announce { ipv4 { unicast ... } }`
-- form, turned into the JSON update shape that luabgp's codecs consume:
--   { family = "ipv4 unicast", nexthop = "192.0.2.1",
--     nlri = { nlri = "10.0.0.0/24", ["path-information"] = "0.0.0.1", ... },
--     attribute = { origin = "igp", ["as-path"] = {...}, med = 100, ... } }
-- plus the configuration-only members `split`, `watchdog`, `withdraw`,
-- `name`. The keywords are those of EXABGP.md §1.7.
local values = require "luabgp.config.values"

local M = {}

local function text(t) return t.text end

-- RFC 1997 and IANA's well-known communities
local well_known = {
  ["no-export"] = { 65535, 65281 }, ["no-advertise"] = { 65535, 65282 },
  ["no-export-subconfed"] = { 65535, 65283 }, nopeer = { 65535, 65284 },
  blackhole = { 65535, 666 }, ["accept-own"] = { 65535, 1 },
  ["llgr-stale"] = { 65535, 6 }, ["no-llgr"] = { 65535, 7 },
  ["graceful-shutdown"] = { 65535, 0 },
}

local function community(p, t)
  local wk = well_known[t.text:lower()]
  if wk then return { wk[1], wk[2] } end
  local a, b = t.text:match("^(%d+):(%d+)$")
  if a then
    a, b = tonumber(a), tonumber(b)
    if a > 65535 or b > 65535 then
      p:fail(t, "community '" .. t.text .. "': " .. (a > 65535 and a or b)
        .. " is above 65535 (each half is 16 bits)")
    end
    return { a, b }
  end
  local n = values.integer(t.text, 0, 4294967295)
  if n then
    return { math.floor(n / 65536), n % 65536 }
  end
  p:fail(t, "'" .. t.text .. "' is not a community (ASN:VALUE or a well-known name)")
end

local function large_community(p, t)
  local a, b, c = t.text:match("^(%d+):(%d+):(%d+)$")
  if not a then
    p:fail(t, "'" .. t.text .. "' is not a large community (ASN:VALUE:VALUE)")
  end
  a, b, c = tonumber(a), tonumber(b), tonumber(c)
  if a > 4294967295 or b > 4294967295 or c > 4294967295 then
    p:fail(t, "large community '" .. t.text .. "': each part must be 0..4294967295")
  end
  return { a, b, c }
end

-- RFC 4360 §4 / RFC 5668: route-target and route-origin, from the
-- 2-octet-AS, IPv4 or 4-octet-AS global administrator's form.
local ext_subtype = { target = 2, origin = 3 }

local function ip_number(ip)
  local a, b, c, d = ip:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
  return ((tonumber(a) * 256 + tonumber(b)) * 256 + tonumber(c)) * 256 + tonumber(d)
end

-- the value member only when a double holds it exactly (below 2^53);
-- larger ones are given by their string, which the codec reads
local function ext(value, s)
  if value < 2 ^ 53 then
    return { value = value, string = s }
  end
  return { string = s }
end

local function extended_community(p, t)
  local s = t.text
  if s:match("^0[xX]%x+$") then
    if #s > 18 then
      p:fail(t, "extended community '" .. s .. "' is longer than 8 octets")
    end
    return ext(tonumber(s:sub(3), 16), s:lower())
  end
  local kind, ga, la = s:match("^([%a-]+):([^:]+):(%d+)$")
  if not kind then
    kind, ga, la = "target", s:match("^([^:]+):(%d+)$")
  end
  if not ga then
    -- keywords with other shapes (rate-limit:N, redirect:..., l2info...)
    -- are left as their text; the codec validates them
    if not s:match("^[%w.:/%-]+$") then
      p:fail(t, "'" .. s .. "' is not an extended community")
    end
    return { string = s }
  end
  local sub = ext_subtype[kind]
  la = tonumber(la)
  if sub == nil then
    return { string = s }
  end
  local typ, gv
  if ga:find(".", 1, true) then
    if not values.ipv4(ga) then
      p:fail(t, "extended community '" .. s .. "': '" .. ga .. "' is not an IPv4 address")
    end
    typ, gv = 1, ip_number(ga)
    if la > 65535 then p:fail(t, "extended community '" .. s .. "': local part above 65535") end
    return ext(((typ * 256 + sub) * 2 ^ 32 + gv) * 65536 + la, s)
  end
  -- ExaBGP marks a 4-octet AS with a trailing L (RFC 5668)
  local four = ga:match("^(%d+)L$")
  gv = values.asn(four or ga)
  if not gv then
    p:fail(t, "extended community '" .. s .. "': '" .. ga .. "' is not an AS number")
  end
  if gv <= 65535 and not four then
    if la > 4294967295 then p:fail(t, "extended community '" .. s .. "': local part too big") end
    return ext((sub * 65536 + gv) * 2 ^ 32 + la, s)
  end
  if la > 65535 then p:fail(t, "extended community '" .. s .. "': local part above 65535") end
  return ext(((2 * 256 + sub) * 2 ^ 32 + gv) * 65536 + la, s)
end

-- as-path: `[ a b ]` or `a` is an AS_SEQUENCE; `( a b )` an AS_SET
-- (main's syntax). The JSON keys segments by their index.
local function as_path(p, words, i)
  local out, n = {}, 0
  local function segment(kind, toks)
    local v = {}
    for _, t in ipairs(toks) do
      if t.kind == "word" then
        for a in t.text:gmatch("[^,]+") do
          local tok = { text = a, line = t.line, col = t.col }
          v[#v + 1] = p:check(tok, values.asn)
        end
      end
    end
    out[tostring(n)] = { element = kind, value = v }
    n = n + 1
  end
  local t = words[i]
  if t and t.text == "(" then
    local toks, j = p:list(words, i)
    segment("as-set", toks)
    return out, j
  end
  local toks, j = p:list(words, i)
  local seq, set = {}, nil
  for _, w in ipairs(toks) do
    if w.text == "(" then
      set = {}
    elseif w.text == ")" then
      if #seq > 0 then segment("as-sequence", seq); seq = {} end
      segment("as-set", set); set = nil
    elseif w.text ~= "{" and w.text ~= "}" and w.text ~= "[" and w.text ~= "]" then
      if set then set[#set + 1] = w else seq[#seq + 1] = w end
    end
  end
  if #seq > 0 or n == 0 then segment("as-sequence", seq) end
  return out, j
end

local origins = { igp = true, egp = true, incomplete = true }

-- Each handler takes (p, route, words, i) and returns the next index.
local keywords = {}
M.keywords = keywords

local function single(words, i, p)
  local t = words[i]
  if not t or t.kind == "punct" then
    p:fail(words[i - 1], "'" .. words[i - 1].text .. "' needs a value")
  end
  return t
end

keywords["next-hop"] = function(p, r, words, i)
  local t = single(words, i, p)
  if t.text == "self" then
    r.nexthop = "self"
  else
    local ok, why = values.ip(t.text)
    if not ok then p:fail(t, "next-hop: " .. why) end
    r.nexthop = ok
  end
  return i + 1
end

keywords.origin = function(p, r, words, i)
  local t = single(words, i, p)
  local o = t.text:lower()
  if not origins[o] then
    p:fail(t, "origin '" .. t.text .. "' is not igp, egp or incomplete")
  end
  r.attribute.origin = o
  return i + 1
end

keywords["as-path"] = function(p, r, words, i)
  local v, j = as_path(p, words, i)
  r.attribute["as-path"] = v
  return j
end

local function integer_attr(name, max)
  return function(p, r, words, i)
    r.attribute[name] = p:check(single(words, i, p), values.integer, 0, max)
    return i + 1
  end
end
keywords.med = integer_attr("med", 4294967295)
keywords["local-preference"] = integer_attr("local-preference", 4294967295)
keywords.aigp = integer_attr("aigp", 2 ^ 64 - 1)

local function list_attr(name, each)
  return function(p, r, words, i)
    local toks, j = p:list(words, i)
    local v = r.attribute[name] or {}
    for _, t in ipairs(toks) do
      if t.kind ~= "punct" then
        v[#v + 1] = each(p, t)
      end
    end
    r.attribute[name] = v
    return j
  end
end
keywords.community = list_attr("community", community)
keywords["large-community"] = list_attr("large-community", large_community)
keywords["extended-community"] = list_attr("extended-community", extended_community)
keywords["cluster-list"] = list_attr("cluster-list", function(p, t)
  return p:check(t, values.ipv4)
end)

keywords["originator-id"] = function(p, r, words, i)
  r.attribute["originator-id"] = p:check(single(words, i, p), values.ipv4)
  return i + 1
end

keywords["atomic-aggregate"] = function(_, r, _, i)
  r.attribute["atomic-aggregate"] = true
  return i
end

keywords.aggregator = function(p, r, words, i)
  local toks, j = p:list(words, i)
  local asn, ip
  if #toks == 1 then
    asn, ip = toks[1].text:match("^([^:]+):(.+)$")
  elseif #toks == 2 then
    asn, ip = toks[1].text, toks[2].text
  end
  local at = toks[1] or words[i]
  if not asn then
    p:fail(at, "aggregator must be ASN:IPv4")
  end
  local n = values.asn(asn)
  if not n then p:fail(at, "aggregator: '" .. asn .. "' is not an AS number") end
  if not values.ipv4(ip) then p:fail(at, "aggregator: '" .. ip .. "' is not an IPv4 address") end
  r.attribute.aggregator = { asn = n, speaker = ip }
  return j
end

-- RFC 3107: each label is sent with the bottom-of-stack bit on the last
local function labels(p, r, words, i)
  local toks, j = p:list(words, i)
  local out = {}
  for k, t in ipairs(toks) do
    local n = p:check(t, values.integer, 0, 1048575)
    out[k] = { n, n * 16 + (k == #toks and 1 or 0) }
  end
  r.nlri.label = out
  r.labelled = true
  return j
end
keywords.label = labels

local function rd(p, t)
  local a = t.text:match("^([^:]+):%d+$")
  if not a or not (values.asn(a) or values.ipv4(a)) then
    p:fail(t, "'" .. t.text .. "' is not a route distinguisher (ASN:N or IPv4:N)")
  end
  return t.text
end
M.rd = rd

keywords.rd = function(p, r, words, i)
  r.nlri.rd = rd(p, single(words, i, p))
  return i + 1
end
keywords["route-distinguisher"] = keywords.rd

keywords["path-information"] = function(p, r, words, i)
  local t = single(words, i, p)
  local v
  if t.text:find(".", 1, true) then
    v = p:check(t, values.ipv4)
  else
    local n = p:check(t, values.integer, 0, 4294967295)
    v = string.format("%d.%d.%d.%d", math.floor(n / 16777216), math.floor(n / 65536) % 256,
      math.floor(n / 256) % 256, n % 256)
  end
  r.nlri["path-information"] = v
  return i + 1
end

-- kept as written for the codec (their structures are family specific)
local function raw_group(name)
  return function(p, r, words, i)
    local toks, j = p:list(words, i)
    r.attribute[name] = table.concat((function()
      local o = {}
      for k, t in ipairs(toks) do o[k] = t.text end
      return o
    end)(), " ")
    return j
  end
end
keywords["bgp-prefix-sid"] = raw_group("bgp-prefix-sid")

-- RFC 9252 §2: `( l3-service|l2-service SID [BEHAVIOR [ LBL, LNL, FL, AL,
-- TPOSE-LEN, TPOSE-OFFSET ]] )`, an SRv6 Service TLV holding one SID
-- Information sub-TLV (behavior 0xFFFF, opaque, when none is given, as
-- ExaBGP sends it) and its optional SID Structure sub-sub-TLV.
local sid_structure = {
  "locator-block-length", "locator-node-length", "function-length", "argument-length",
  "transposition-length", "transposition-offset",
}

local function srv6_service(p, words, i)
  local open = words[i]
  if not open or open.text ~= "(" then
    p:fail(open or words[i - 1], "bgp-prefix-sid-srv6 needs ( l3-service|l2-service SID ... )")
  end
  local toks, j = p:list(words, i)
  local kind = toks[1]
  if not kind or (kind.text ~= "l3-service" and kind.text ~= "l2-service") then
    p:fail(kind or open, "expected 'l3-service' or 'l2-service'")
  end
  if not toks[2] or toks[2].kind == "punct" then
    p:fail(kind, "'" .. kind.text .. "' needs an SRv6 SID")
  end
  local sid = p:check(toks[2], values.ipv6)
  local info = { sid = sid, flags = 0, endpoint_behavior = 0xFFFF }
  if toks[3] then
    info.endpoint_behavior = p:check(toks[3], values.integer, 0, 65535)
  end
  if toks[4] then
    if toks[4].text ~= "[" then
      p:fail(toks[4], "expected '[' and the six SID structure lengths")
    end
    local nums = {}
    local k = 5
    while toks[k] and toks[k].text ~= "]" do
      local t = toks[k]
      for at, part in t.text:gmatch("()([^,]+)") do
        nums[#nums + 1] = p:check({ text = part, line = t.line, col = t.col + at - 1 },
          values.integer, 0, 255)
      end
      k = k + 1
    end
    if #nums ~= 6 then
      p:fail(toks[4], "the SID structure needs six lengths (LBL, LNL, FL, AL, "
        .. "TPOSE-LEN, TPOSE-OFFSET), got " .. #nums)
    end
    if toks[k + 1] then
      p:fail(toks[k + 1], "unexpected '" .. toks[k + 1].text .. "' after the SID structure")
    end
    local st = {}
    for n, key in ipairs(sid_structure) do st[key] = nums[n] end
    info.structure = st
  end
  return kind.text, info, j
end

keywords["bgp-prefix-sid-srv6"] = function(p, r, words, i)
  local kind, info, j = srv6_service(p, words, i)
  local ps = r.attribute["bgp-prefix-sid"]
  if type(ps) ~= "table" then
    ps = {}
    r.attribute["bgp-prefix-sid"] = ps
  end
  ps[kind] = ps[kind] or {}
  table.insert(ps[kind], info)
  return j
end

keywords.attribute = function(p, r, words, i)
  local toks, j = p:list(words, i)
  if #toks ~= 3 then
    p:fail(toks[1] or words[i], "attribute needs [ CODE FLAG DATA ]")
  end
  local code = p:check(toks[1], values.integer, 0, 255)
  local flag = p:check(toks[2], values.integer, 0, 255)
  if not toks[3].text:match("^0[xX]%x*$") then
    p:fail(toks[3], "attribute data must be hexadecimal (0x...)")
  end
  r.attribute["attribute-0x" .. string.format("%02X", code) .. "-0x"
    .. string.format("%02X", flag)] = toks[3].text:sub(3):upper()
  return j
end

keywords.name = function(p, r, words, i)
  r.name = single(words, i, p).text
  return i + 1
end
keywords.watchdog = function(p, r, words, i)
  r.watchdog = single(words, i, p).text
  return i + 1
end
keywords.withdraw = function(_, r, _, i)
  r.withdraw = true
  return i
end
keywords.split = function(p, r, words, i)
  local t = single(words, i, p)
  local n = t.text:match("^/(%d+)$")
  if not n then p:fail(t, "split needs /LENGTH") end
  r.split = tonumber(n)
  return i + 1
end

-- A new empty route.
function M.new()
  return { attribute = {}, nlri = {} }
end

-- Parses attribute keywords from words[i] on into route r.
function M.attributes(p, r, words, i, extra)
  while i <= #words do
    local t = words[i]
    local h = (extra and extra[t.text]) or keywords[t.text]
    if not h then
      p:fail(t, "unknown route attribute '" .. t.text .. "'")
    end
    i = h(p, r, words, i + 1)
  end
end

-- Sets the prefix (and family defaults) of r from token t.
function M.prefix(p, r, t)
  local pfx, afi = p:check(t, values.network)
  r.nlri.nlri = pfx
  r.afi = afi
end

-- Completes the family once every keyword is known and checks it.
function M.finish(p, r, at, safi)
  if not safi then
    if r.nlri.rd then
      safi = "mpls-vpn"
    elseif r.labelled then
      safi = "nlri-mpls"
    else
      safi = "unicast"
    end
  end
  r.family = r.afi .. " " .. safi
  r.afi, r.labelled = nil, nil
  if r.nexthop == nil and not r.withdraw and not p.flags.withdraw then
    p:fail(at, "route " .. tostring(r.nlri.nlri) .. " has no next-hop")
  end
  if r.split and r.nlri.nlri then
    local len = tonumber(r.nlri.nlri:match("/(%d+)$"))
    local max = r.family:sub(1, 4) == "ipv4" and 32 or 128
    if r.split < len or r.split > max then
      p:fail(at, "split /" .. r.split .. " must be between the prefix length and " .. max)
    end
  end
  return r
end

M.text = text
return M
