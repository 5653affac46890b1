-- Route statements of the families whose NLRI is not a prefix: mcast-vpn
-- (RFC 6514), mup (draft-ietf-bess-mup-safi) and sr-policy (RFC 9830), in
-- ExaBGP's syntax (EXABGP.md §1.7), turned into the JSON update shape that
-- their codecs' encoders read:
--   mcast-vpn  TYPE (source|rp) IP group IP rd RD [source-as ASN] ATTRS
--   mup        mup-isd PREFIX rd RD | mup-dsd IP rd RD
--              | mup-t1st PREFIX rd RD teid N qfi N endpoint IP [source IP]
--              | mup-t2st IP rd RD teid N/BITS                       ATTRS
--   sr-policy  distinguisher N color N endpoint IP POLICY ATTRS
-- The NLRI words come first and in that order, as ExaBGP reads them; then
-- the route attributes of route.lua, and for sr-policy the keywords of the
-- SR Policy tunnel (RFC 9830 §2.4) in any order among them.
local route = require "luabgp.config.route"
local values = require "luabgp.config.values"

local M = {}

local afi_name = { ipv4 = "IPv4", ipv6 = "IPv6" }

-- The token after words[i - 1], or a located error naming what is missing.
local function value_at(p, words, i, what)
  local t = words[i]
  if not t or t.kind == "punct" then
    p:fail(words[i - 1] or words[#words], "'" .. words[i - 1].text .. "' needs " .. what)
  end
  return t
end

-- words[i] must be the keyword kw.
local function expect(p, words, i, kw)
  local t = words[i]
  if not t or t.text ~= kw then
    p:fail(t or words[i - 1], "expected '" .. kw .. "'"
      .. (t and (", got '" .. t.text .. "'") or " after '" .. words[i - 1].text .. "'"))
  end
  return i + 1
end

-- An address of the AFI afi at words[i].
local function address(p, words, i, afi, what)
  local t = value_at(p, words, i, what or ("an " .. afi_name[afi] .. " address"))
  local ip = p:check(t, values.ip)
  if values.afi(ip) ~= afi then
    p:fail(t, "'" .. t.text .. "' is not an " .. afi_name[afi] .. " address")
  end
  return ip
end

local function number(p, words, i, max, what)
  return p:check(value_at(p, words, i, what or "a number"), values.integer, 0, max)
end

-- A prefix IP/LEN of the AFI afi (the length is required, as ExaBGP's
-- parse_ip_prefix asks); returns the address and the length.
local function prefix(p, words, i, afi)
  local t = value_at(p, words, i, "a prefix")
  if not t.text:find("/", 1, true) then
    p:fail(t, "'" .. t.text .. "' is not a prefix (IP/LENGTH)")
  end
  local _, pafi, len = p:check(t, values.prefix)
  if pafi ~= afi then
    p:fail(t, "'" .. t.text .. "' is not an " .. afi_name[afi] .. " prefix")
  end
  return t.text:match("^([^/]+)/"), len
end

local function rd(p, words, i)
  i = expect(p, words, i, "rd")
  return route.rd(p, value_at(p, words, i, "a route distinguisher")), i + 1
end

-- A route: the NLRI parsed by nlri_of, then the attributes.
local function finish(p, r, at)
  if r.nexthop == nil and not r.withdraw then
    p:fail(at, r.family .. " route has no next-hop")
  end
  return r
end

-- mcast-vpn --------------------------------------------------------------

-- RFC 6514 §4: the route types ExaBGP configures (5, 6 and 7), with the
-- word that introduces the source (the RP for a shared-tree join)
local mvpn_types = {
  ["source-ad"] = { code = 5, name = "Source Active A-D Route", source = "source" },
  ["shared-join"] = { code = 6, name = "C-Multicast Shared Tree Join route", source = "rp",
    as = true },
  ["source-join"] = { code = 7, name = "C-Multicast Source Tree Join route", source = "source",
    as = true },
}

-- words[first] is the route type.
function M.mvpn(p, afi, words, first)
  local t = value_at(p, words, first, "a route type")
  local def = mvpn_types[t.text]
  if not def then
    p:fail(t, "unknown mcast-vpn route type '" .. t.text
      .. "' (source-ad, shared-join, source-join)")
  end
  local r = route.new()
  r.family = afi .. " mcast-vpn"
  local n = r.nlri
  n.code, n.name = def.code, def.name
  local i = expect(p, words, first + 1, def.source)
  n.source = address(p, words, i, afi)
  i = expect(p, words, i + 1, "group")
  n.group = address(p, words, i, afi)
  n.rd, i = rd(p, words, i + 1)
  if def.as then
    i = expect(p, words, i, "source-as")
    -- ExaBGP's JSON prints the source AS as a string
    n["source-as"] = tostring(number(p, words, i, 4294967295, "an AS number"))
    i = i + 1
  end
  route.attributes(p, r, words, i)
  return finish(p, r, words[first - 1] or t)
end

-- mup --------------------------------------------------------------------

local mup_names = {
  "InterworkSegmentDiscoveryRoute", "DirectSegmentDiscoveryRoute",
  "Type1SessionTransformedRoute", "Type2SessionTransformedRoute",
}
local mup_codes = { ["mup-isd"] = 1, ["mup-dsd"] = 2, ["mup-t1st"] = 3, ["mup-t2st"] = 4 }
local bits = { ipv4 = 32, ipv6 = 128 }

local mup_nlri = {
  -- ISD: <RD> <prefix>
  function(p, n, afi, words, i)
    n.prefix_ip, n.prefix_ip_len = prefix(p, words, i, afi)
    n.rd, i = rd(p, words, i + 1)
    return i
  end,
  -- DSD: <RD> <address>
  function(p, n, afi, words, i)
    n.ip = address(p, words, i, afi)
    n.rd, i = rd(p, words, i + 1)
    return i
  end,
  -- T1ST: <RD> <prefix> <TEID 4> <QFI 1> <endpoint> [<source>]
  function(p, n, afi, words, i)
    n.prefix_ip, n.prefix_ip_len = prefix(p, words, i, afi)
    n.rd, i = rd(p, words, i + 1)
    i = expect(p, words, i, "teid")
    -- ExaBGP's JSON prints the TEID and the QFI as strings
    n.teid = tostring(number(p, words, i, 4294967295, "a TEID"))
    i = expect(p, words, i + 1, "qfi")
    n.qfi = tostring(number(p, words, i, 255, "a QFI"))
    i = expect(p, words, i + 1, "endpoint")
    n.endpoint_ip, n.endpoint_ip_len = address(p, words, i, afi), bits[afi]
    i = i + 1
    if words[i] and words[i].text == "source" then
      n.source_ip, n.source_ip_len = address(p, words, i + 1, afi), bits[afi]
      i = i + 2
    end
    return i
  end,
  -- T2ST: <RD> <endpoint length> <endpoint> <TEID, its bits>
  function(p, n, afi, words, i)
    n.endpoint_ip = address(p, words, i, afi)
    n.rd, i = rd(p, words, i + 1)
    i = expect(p, words, i, "teid")
    local t = value_at(p, words, i, "TEID/BITS")
    local teid, len = t.text:match("^(%d+)/(%d+)$")
    if not teid then
      p:fail(t, "teid must be TEID/BITS (BITS 0 to 32), not '" .. t.text .. "'")
    end
    teid, len = tonumber(teid), tonumber(len)
    if len > 32 then
      p:fail(t, "teid '" .. t.text .. "': at most 32 bits")
    end
    if teid >= 2 ^ len then
      p:fail(t, "teid '" .. t.text .. "': " .. teid .. " does not fit in " .. len .. " bits")
    end
    n.teid, n.endpoint_len = tostring(teid), bits[afi] + len
    return i + 1
  end,
}

-- words[first] is the route type (mup-isd, ...).
function M.mup(p, afi, words, first)
  local t = value_at(p, words, first, "a route type")
  local code = mup_codes[t.text]
  if not code then
    p:fail(t, "unknown mup route type '" .. t.text
      .. "' (mup-isd, mup-dsd, mup-t1st, mup-t2st)")
  end
  local r = route.new()
  r.family = afi .. " mup"
  local n = r.nlri
  n.name, n.arch, n.code = mup_names[code], 1, code
  local i = mup_nlri[code](p, n, afi, words, first + 1)
  route.attributes(p, r, words, i)
  -- an IPv4 next hop of an IPv6 route travels IPv4-mapped, as ExaBGP
  -- sends it (RFC 4291 §2.5.5.2; conf-srv6-mup)
  if afi == "ipv6" and r.nexthop and r.nexthop ~= "self" and values.afi(r.nexthop) == "ipv4" then
    r.nexthop = "::ffff:" .. r.nexthop
  end
  return finish(p, r, words[first - 1] or t)
end

-- sr-policy --------------------------------------------------------------

local label_max = 1048575

-- The SRv6 Endpoint Behavior and SID Structure (RFC 9830 §2.4.4.2.4):
-- `endpoint-behavior BEHAVIOR LB LN FUN ARG`, words[i] the keyword.
local function endpoint_behavior(p, words, i)
  for k = i + 1, i + 5 do
    if not words[k] or words[k].kind == "punct" then
      p:fail(words[i], "'endpoint-behavior' needs five numbers (BEHAVIOR LB LN FUN ARG)")
    end
  end
  local eb = { behavior = number(p, words, i + 1, 65535) }
  for k, key in ipairs({ "lb-length", "ln-length", "fun-length", "arg-length" }) do
    eb[key] = number(p, words, i + 1 + k, 255)
  end
  return eb, i + 6
end

-- Segment types (RFC 9830 §2.4.4.2, RFC 9831): the words each one reads,
-- as (keyword, member, kind), then what its optional `sid` is (an MPLS
-- label or an SRv6 SID, the latter optionally followed by the behavior).
local segment_types = {
  ["type-a"] = { letter = "A", { "mpls", "label", "label" } },
  ["type-b"] = { letter = "B", { "srv6", "sid", "ipv6" }, eb = true },
  ["type-c"] = { letter = "C", { "ipv4", "ipv4_node", "ipv4" }, { "algorithm", "algorithm", "u8" },
    sid = "label" },
  ["type-d"] = { letter = "D", { "ipv6", "ipv6_node", "ipv6" }, { "algorithm", "algorithm", "u8" },
    sid = "label" },
  ["type-e"] = { letter = "E", { "local-if-id", "local_if_id", "u32" },
    { "ipv4", "ipv4_node", "ipv4" }, sid = "label" },
  ["type-f"] = { letter = "F", { "local", "local_ipv4", "ipv4" },
    { "remote", "remote_ipv4", "ipv4" }, sid = "label" },
  ["type-g"] = { letter = "G", { "local-if-id", "local_if_id", "u32" },
    { "local-ipv6", "local_ipv6", "ipv6" }, { "remote-if-id", "remote_if_id", "u32" },
    { "remote-ipv6", "remote_ipv6", "ipv6" }, sid = "label" },
  ["type-h"] = { letter = "H", { "local", "local_ipv6", "ipv6" },
    { "remote", "remote_ipv6", "ipv6" }, sid = "label" },
  ["type-i"] = { letter = "I", { "ipv6", "ipv6_node", "ipv6" }, { "algorithm", "algorithm", "u8" },
    sid = "ipv6", eb = true },
  ["type-j"] = { letter = "J", { "local-if-id", "local_if_id", "u32" },
    { "local-ipv6", "local_ipv6", "ipv6" }, { "remote-if-id", "remote_if_id", "u32" },
    { "remote-ipv6", "remote_ipv6", "ipv6" }, { "algorithm", "algorithm", "u8" },
    sid = "ipv6", eb = true },
  ["type-k"] = { letter = "K", { "local", "local_ipv6", "ipv6" },
    { "remote", "remote_ipv6", "ipv6" }, { "algorithm", "algorithm", "u8" },
    sid = "ipv6", eb = true },
}

local function field(p, words, i, kind)
  if kind == "label" then return number(p, words, i, label_max, "an MPLS label") end
  if kind == "u8" then return number(p, words, i, 255) end
  if kind == "u32" then return number(p, words, i, 4294967295) end
  return address(p, words, i, kind)
end

-- `segment TYPE ...`, words[i] the type; returns the segment and the next index.
local function segment(p, words, i)
  local t = value_at(p, words, i, "a segment type")
  local def = segment_types[t.text]
  if not def then
    p:fail(t, "unknown segment type '" .. t.text .. "' (type-a to type-k)")
  end
  local seg = { type = def.letter }
  i = i + 1
  for _, f in ipairs(def) do
    i = expect(p, words, i, f[1])
    seg[f[2]] = field(p, words, i, f[3])
    i = i + 1
  end
  if def.sid and words[i] and words[i].text == "sid" then
    seg.sid = field(p, words, i + 1, def.sid)
    i = i + 2
  end
  if def.eb and words[i] and words[i].text == "endpoint-behavior" then
    seg["endpoint-behavior"], i = endpoint_behavior(p, words, i)
  end
  return seg, i
end

-- The sr-policy keywords, handlers of route.attributes: each records its
-- member once, in the order written (the encoder writes the sub-TLVs in
-- the members' order, RFC 9830 §2.4; segment lists before the names).
local function member(p, r, t, key, v)
  local pol = r.policy
  if pol[key] ~= nil and key ~= "segment-lists" then
    p:fail(t, "'" .. t.text .. "' is given twice")
  end
  if pol[key] == nil then
    r.order[#r.order + 1] = key
  end
  pol[key] = v
end

local policy_keywords = {
  preference = function(p, r, words, i)
    member(p, r, words[i - 1], "preference", number(p, words, i, 4294967295))
    return i + 1
  end,
  priority = function(p, r, words, i)
    member(p, r, words[i - 1], "priority", number(p, words, i, 255))
    return i + 1
  end,
  ["binding-sid"] = function(p, r, words, i)
    local t = value_at(p, words, i, "mpls LABEL")
    if t.text == "mpls" then
      member(p, r, words[i - 1], "binding-sid",
        { type = "mpls", label = number(p, words, i + 1, label_max, "an MPLS label") })
      return i + 2
    end
    if t.text == "null" then
      p:fail(t, "binding-sid null is not supported yet")
    end
    p:fail(t, "binding-sid must be 'mpls LABEL', not '" .. t.text .. "'")
  end,
  ["srv6-binding-sid"] = function(p, r, words, i)
    member(p, r, words[i - 1], "srv6-binding-sid", address(p, words, i, "ipv6", "an SRv6 SID"))
    return i + 1
  end,
  ["policy-name"] = function(p, r, words, i)
    member(p, r, words[i - 1], "policy-name", value_at(p, words, i, "a name").text)
    return i + 1
  end,
  ["candidate-path-name"] = function(p, r, words, i)
    member(p, r, words[i - 1], "candidate-path-name", value_at(p, words, i, "a name").text)
    return i + 1
  end,
  ["segment-list"] = function(p, r, words, i)
    i = expect(p, words, i, "weight")
    local sl = { weight = number(p, words, i, 4294967295, "a weight"), segments = {} }
    i = i + 1
    while words[i] and words[i].text == "segment" do
      sl.segments[#sl.segments + 1], i = segment(p, words, i + 1)
    end
    local lists = r.policy["segment-lists"] or {}
    lists[#lists + 1] = sl
    member(p, r, words[i - 1], "segment-lists", lists)
    return i
  end,
}

-- words[first] is `distinguisher`. afi is the block's, or nil in `static`
-- where the endpoint gives it.
function M.srpolicy(p, afi, words, first)
  local i = expect(p, words, first, "distinguisher")
  local r = route.new()
  local n = r.nlri
  n.distinguisher = number(p, words, i, 4294967295, "a number")
  i = expect(p, words, i + 1, "color")
  n.color = number(p, words, i, 4294967295, "a number")
  i = expect(p, words, i + 1, "endpoint")
  if not afi then
    afi = values.afi(p:check(value_at(p, words, i, "an address"), values.ip))
  end
  n.endpoint = address(p, words, i, afi)
  r.family = afi .. " sr-policy"
  r.policy, r.order = {}, {}
  route.attributes(p, r, words, i + 1, policy_keywords)
  if next(r.policy) then
    -- the members' order is the sub-TLVs' order: l_val reads __order
    r.attribute["tunnel-encap"] = {
      ["sr-policy"] = setmetatable(r.policy, { __order = r.order }),
    }
  end
  r.policy, r.order = nil, nil
  return finish(p, r, words[first - 1] or words[first])
end

return M
