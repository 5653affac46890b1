-- The route-carrying sections of a neighbor: `static`, `announce`, `flow`,
-- `l2vpn` and `operational` (EXABGP.md §1.7-§1.10). Each finished route
-- is handed to emit(p, neighbor_state, route, at) at once.
local lpeg = require "lpeg"
local lexer = require "luabgp.config.lexer"
local parser = require "luabgp.config.parser"
local route = require "luabgp.config.route"
local values = require "luabgp.config.values"
local nonprefix = require "luabgp.config.families"

local M = {}

local function emit(p, n, r, at)
  n.emit(p, n, r, at)
end

-- Large route tables (issue 3, S1) are `route PREFIX ATTRS;` lines where a
-- few ATTRS texts repeat over many prefixes. The first line of each ATTRS
-- text is read by the grammar like any other; when its route is a plain
-- unicast or multicast one it becomes the template of the later lines with
-- the same text, which skip the lexer and the grammar: only their prefix
-- is read. Routes made from one template share its attribute table, so a
-- route is read-only once emitted.
local FAST_TEMPLATES = 4096 -- per neighbor: past that, lines are read in full
local fast_pattern
do
  local P, R, S, C = lpeg.P, lpeg.R, lpeg.S, lpeg.C
  local blank, sep = S " \t\r\n\v\f" ^ 0, S " \t\r\n\v\f" ^ 1
  local prefix = (R("09", "af", "AF") + S ".:") ^ 1 * P "/" * R "09" ^ 1
  -- the rest of the statement: no second statement, block, quote,
  -- comment or continuation, which the lexer alone understands
  fast_pattern = blank * P "route" * sep * C(prefix) * sep
    * C((1 - S ";{}\"'#\\") ^ 0) * P ";" * blank * -1
end
local plain_family = { ["ipv4 unicast"] = true, ["ipv6 unicast"] = true,
  ["ipv4 multicast"] = true, ["ipv6 multicast"] = true }
local template_keys = { attribute = true, nlri = true, family = true, nexthop = true }

-- The template a route read in full gives, or false when its lines must
-- be read in full (split, watchdog, labels, path ids...).
local function template_of(r)
  if not plain_family[r.family] then return false end
  for k in pairs(r) do
    if not template_keys[k] then return false end
  end
  for k in pairs(r.nlri) do
    if k ~= "nlri" then return false end
  end
  local t = {}
  for k, v in pairs(r) do t[k] = v end
  t.nlri = { nlri = r.nlri.nlri }
  return t
end

-- The route of a template for prefix text pfx, handed on: through the
-- neighbor's emit_fast (the daemon keeps such routes in bulk) or as a
-- route table. False when pfx is not a prefix of the template's family,
-- written plainly: the grammar then reads the line.
local function fast_emit(p, n, t, pfx, line, lineno)
  if n.emit_fast then
    return n.emit_fast(p, n, t, pfx, lineno)
  end
  local v, afi = values.network(pfx)
  if not v or afi ~= t.family:sub(1, 4) then return false end
  local r = {}
  for k, x in pairs(t) do r[k] = x end
  r.nlri = { nlri = v }
  emit(p, n, r, { line = lineno, col = line:find("r", 1, true), text = "route" })
  return true
end

local function fast_line(p, n, line, lineno)
  local pfx, rest = fast_pattern:match(line)
  if not pfx then return false end
  local key = (pfx:find(":", 1, true) and "6 " or "4 ") .. rest
  local cache = n.fast_cache
  if not cache then
    cache = { size = 0 }
    n.fast_cache = cache
  end
  local t = cache[key]
  if t == nil then
    -- read in full; route_statement makes the template
    if cache.size < FAST_TEMPLATES then
      p.fast_capture = { cache = cache, key = key, n = n }
    end
    return false
  end
  return t and fast_emit(p, n, t, pfx, line, lineno)
end

-- route PREFIX ATTRS; (inline) — words[1] is `route`
local function route_statement(p, n, words)
  if not words[2] then p:fail(words[1], "route needs a prefix") end
  local r = route.new()
  route.prefix(p, r, words[2])
  route.attributes(p, r, words, 3)
  r = route.finish(p, r, words[1])
  local capture = p.fast_capture
  if capture then
    p.fast_capture = nil
    if capture.n == n then
      local t = template_of(r)
      capture.cache[capture.key] = t
      if t then capture.cache.size = capture.cache.size + 1 end
    end
  end
  emit(p, n, r, words[1])
end

-- route PREFIX { ATTR VALUE; ... }
local route_block = {
  name = "route",
  any_keyword = function(p, st, words)
    route.attributes(p, st.route, words, 1)
  end,
  close = function(p, st, open)
    emit(p, st.n, route.finish(p, st.route, open), open)
  end,
}

-- attributes ATTRS nlri PFX PFX ...;
local function attributes_statement(p, n, words)
  local i = 2
  while words[i] and words[i].text ~= "nlri" do i = i + 1 end
  if not words[i] then p:fail(words[1], "'attributes' needs 'nlri' followed by prefixes") end
  local attrs = {}
  for k = 2, i - 1 do attrs[#attrs + 1] = words[k] end
  for k = i + 1, #words do
    local r = route.new()
    route.prefix(p, r, words[k])
    route.attributes(p, r, attrs, 1)
    emit(p, n, route.finish(p, r, words[k]), words[k])
  end
end

-- families whose routes are kept as their keyword/value words for the
-- codec of that family to read (flow, rtc in an announce block)
local function raw_route(p, family, words, first)
  local r = route.new()
  r.family = family
  local raw = {}
  for k = first, #words do raw[#raw + 1] = words[k].text end
  r.nlri.raw = table.concat(raw, " ")
  for k = first, #words - 1 do
    if words[k].text == "next-hop" then
      r.nexthop = words[k + 1].text == "self" and "self" or p:check(words[k + 1], values.ip)
    end
  end
  return r
end

-- sr-policy distinguisher N color N endpoint IP ...; (the endpoint gives the AFI)
local function srpolicy_statement(p, n, words)
  emit(p, n, nonprefix.srpolicy(p, nil, words, 2), words[1])
end

M.static_section = {
  name = "static",
  fast_line = fast_line,
  keywords = {
    route = route_statement, attributes = attributes_statement,
    ["sr-policy"] = srpolicy_statement,
  },
  blocks = {
    route = function(p, n, words)
      if not words[2] then p:fail(words[1], "route needs a prefix") end
      local r = route.new()
      route.prefix(p, r, words[2])
      route.attributes(p, r, words, 3)
      return route_block, { n = n, route = r }
    end,
  },
}

-- announce { ipv4 { unicast PFX ATTRS; ... } ipv6 {...} l2vpn {...} }
local prefix_safis = {
  unicast = true, multicast = true, ["nlri-mpls"] = true, ["labeled-unicast"] = true,
  ["mpls-vpn"] = true,
}
local safi_name = { ["labeled-unicast"] = "nlri-mpls" }
-- the families.lua parser of the SAFIs whose NLRI is not a prefix
local family_routes = { ["mcast-vpn"] = "mvpn", mup = "mup", ["sr-policy"] = "srpolicy" }

local function announce_afi(afi)
  return {
    name = "announce " .. afi,
    any_keyword = function(p, n, words)
      local safi = words[1].text
      local families = require("luabgp.config.neighbor").safis
      if not families[afi][safi] then
        p:fail(words[1], "unknown SAFI '" .. safi .. "' for AFI " .. afi)
      end
      if prefix_safis[safi] then
        if not words[2] then p:fail(words[1], safi .. " needs a prefix") end
        local r = route.new()
        route.prefix(p, r, words[2])
        if r.afi ~= afi then
          p:fail(words[2], "'" .. words[2].text .. "' is not an " .. afi .. " prefix")
        end
        route.attributes(p, r, words, 3)
        emit(p, n, route.finish(p, r, words[1], safi_name[safi] or safi), words[1])
      elseif family_routes[safi] then
        emit(p, n, nonprefix[family_routes[safi]](p, afi, words, 2), words[1])
      elseif safi == "flow" or safi == "flow-vpn" then
        emit(p, n, M.flow_of_family(p, afi, safi, words), words[1])
      else
        emit(p, n, raw_route(p, afi .. " " .. (safi_name[safi] or safi), words, 2), words[1])
      end
    end,
  }
end

-- flow { route [NAME] { rd; next-hop; match {...} then {...} scope {...} } }
local match_keys = {
  source = true, destination = true, ["source-ipv4"] = true, ["source-ipv6"] = true,
  ["destination-ipv4"] = true, ["destination-ipv6"] = true, protocol = true,
  ["next-header"] = true, port = true, ["destination-port"] = true, ["source-port"] = true,
  ["icmp-type"] = true, ["icmp-code"] = true, ["tcp-flags"] = true, ["packet-length"] = true,
  dscp = true, ["traffic-class"] = true, fragment = true, ["flow-label"] = true,
}
local then_keys = {
  accept = 0, discard = 0, ["rate-limit"] = 1, redirect = 1, ["redirect-to-nexthop"] = 0,
  ["redirect-to-nexthop-ietf"] = 1, copy = 1, mark = 1, action = 1, community = 1,
  ["large-community"] = 1, ["extended-community"] = 1,
}

M.flow_match_keys, M.flow_then_keys = match_keys, then_keys

-- ExaBGP's flat flow form, `flow route [NAME] KEY VALUE... ACTION...`
-- (`flow route source 10.0.0.0/24 destination-port =80 discard`), as the
-- block form the configuration reads: each match or action keyword takes
-- the words up to the next keyword.
local function flat_arity(k)
  if then_keys[k] == 0 then return 0 end
  if (k:match("^source") or k:match("^destination")) and not k:match("port$") then return 1 end
  return nil
end

function M.flat_flow(body)
  local words = {}
  for w in body:gmatch("%S+") do words[#words + 1] = w end
  if words[1] ~= "route" then return nil, "flow commands are 'flow route ...'" end
  local route_keys = { rd = true, ["route-distinguisher"] = true, ["next-hop"] = true }
  local match, actions, head = {}, {}, {}
  local i = 2
  local function keyword(w) return match_keys[w] or then_keys[w] or route_keys[w] end
  if words[i] and not keyword(words[i]) then
    head[#head + 1] = words[i] -- a name
    i = i + 1
  end
  local outer = {}
  while words[i] do
    local k = words[i]
    if not keyword(k) then
      return nil, "unknown flow keyword '" .. k .. "'"
    end
    local vals = {}
    i = i + 1
    -- a prefix takes one word, discard and the like none: a word past
    -- them is no value but an unknown keyword
    local most = flat_arity(k)
    while words[i] and not keyword(words[i]) and (not most or #vals < most) do
      vals[#vals + 1] = words[i]
      i = i + 1
    end
    local v = #vals > 1 and not vals[1]:match("^%[") and ("[ " .. table.concat(vals, " ") .. " ]")
      or table.concat(vals, " ")
    local stmt = k .. (v ~= "" and (" " .. v) or "") .. "; "
    if match_keys[k] then
      match[#match + 1] = stmt
    elseif route_keys[k] then
      outer[#outer + 1] = stmt
    else
      actions[#actions + 1] = stmt
    end
  end
  return "route " .. table.concat(head, " ") .. " { " .. table.concat(outer) .. "match { "
    .. table.concat(match) .. "} then { " .. table.concat(actions) .. "} }", "flow"
end

local function words_text(toks)
  local o = {}
  for k, t in ipairs(toks) do o[k] = t.text end
  return o
end

local flow_match = {
  name = "match",
  any_keyword = function(p, fr, words)
    local key = words[1].text
    if not match_keys[key] then
      p:fail(words[1], "unknown flow match '" .. key .. "'")
    end
    local toks = p:list(words, 2)
    if (key:match("^source") or key:match("^destination")) and not key:match("port$") then
      -- prefix[/offset] (IPv6 may carry a /offset, RFC 8956)
      local t = toks[1]
      if toks[2] then p:fail(toks[2], key .. " takes one prefix") end
      local pfx, offset = t.text:match("^(.+/%d+)/(%d+)$")
      local tok = { text = pfx or t.text, line = t.line, col = t.col }
      local v, afi = p:check(tok, values.prefix)
      if offset and afi ~= "ipv6" then
        p:fail(t, "a prefix offset is only valid for IPv6")
      end
      fr.afi = afi
      -- ExaBGP's JSON names the component by its family (RFC 8955 / 8956)
      if not key:match("ipv[46]$") then key = key .. "-" .. afi end
      fr.route.nlri[key] = { offset and (v .. "/" .. offset) or v }
      return
    end
    if key == "next-header" or key == "traffic-class" or key == "flow-label" then
      fr.afi = "ipv6"
    end
    local v = words_text(toks)
    -- numeric components without an operator mean equality, which
    -- ExaBGP's JSON writes out; bitmask components (tcp-flags, fragment) do not
    if key ~= "tcp-flags" and key ~= "fragment" then
      for k, x in ipairs(v) do
        if not x:match("^[=<>!&]") then v[k] = "=" .. x end
      end
    end
    fr.route.nlri[key] = v
  end,
}

-- The extended community an action is sent as (RFC 8955 §7, RFC 7674,
-- draft-simpson-idr-flowspec-redirect, draft-ietf-idr-flowspec-redirect-ip),
-- as its text in ExaBGP's JSON; the flow codec computes the value.
local function flow_action(p, r, key, words)
  local arg = words[2] and words[2].text
  if key == "discard" then
    return "rate-limit:0"
  elseif key == "rate-limit" then
    local n = p:check(words[2], values.integer, 0, 4294967295)
    if words[3] and words[3].text == "packets" then
      return "rate-limit:" .. n .. ":packets"
    elseif words[3] then
      p:fail(words[3], "rate-limit takes a rate and optionally 'packets'")
    end
    return "rate-limit:" .. n
  elseif key == "redirect" then
    -- `redirect IP`: the next hop, and draft-simpson's community, as
    -- ExaBGP sends it (conf-flow)
    if values.ip(arg) then
      r.nexthop = arg
      return "redirect-to-nexthop"
    end
    local a = arg:match("^([^:]+):%d+$")
    if not a or not (values.asn(a) or values.ip(a)) then
      p:fail(words[2], "redirect needs ASN:NN, IP:NN or IP, not '" .. arg .. "'")
    end
    return "redirect:" .. arg
  elseif key == "redirect-to-nexthop" then
    return "redirect-to-nexthop"
  elseif key == "redirect-to-nexthop-ietf" then
    -- the address travels in the community itself, not as the next hop
    -- (draft-ietf-idr-flowspec-redirect-ip; conf-flow-redirect)
    p:check(words[2], values.ip)
    return "redirect-to-nexthop-ietf " .. arg
  elseif key == "copy" then
    r.nexthop = p:check(words[2], values.ip)
    return "copy-to-nexthop"
  elseif key == "mark" then
    return "mark " .. p:check(words[2], values.integer, 0, 63)
  elseif key == "action" then
    local ok = { sample = true, terminal = true, ["sample-terminal"] = true }
    if not ok[arg] then
      p:fail(words[2], "action must be sample, terminal or sample-terminal")
    end
    return "action " .. arg
  end
  return nil
end

local flow_then = {
  name = "then",
  any_keyword = function(p, fr, words)
    local key = words[1].text
    local arity = then_keys[key]
    if not arity then
      p:fail(words[1], "unknown flow action '" .. key .. "'")
    end
    if key == "community" or key == "large-community" or key == "extended-community" then
      route.attributes(p, fr.route, words, 1)
      return
    end
    if arity == 0 and #words > 1 then
      p:fail(words[2], "'" .. key .. "' takes no value")
    end
    if arity == 1 and #words < 2 then
      p:fail(words[1], "'" .. key .. "' needs a value")
    end
    local v = {}
    for k = 2, #words do v[#v + 1] = words[k].text end
    fr.route["then"][key] = #v == 0 and true or table.concat(v, " ")
    local community = flow_action(p, fr.route, key, words)
    if community then
      -- an IPv6 address does not fit an 8-octet community: RFC 5701's
      -- IPv6-address-specific ones (attribute 25) carry it
      local name = "extended-community"
      if community:match("^redirect%-to%-nexthop%-ietf .*:") then
        name = "extended-community-ipv6"
      end
      local list = fr.route.attribute[name] or {}
      fr.route.attribute[name] = list
      list[#list + 1] = { string = community }
    end
  end,
}

local flow_scope = {
  name = "scope",
  any_keyword = function(p, fr, words)
    fr.route.scope = fr.route.scope or {}
    fr.route.scope[words[1].text] = words_text((p:list(words, 2)))
  end,
}

-- `ipv4 flow KEY VALUE... ACTION...` (and ipv6, flow-vpn with its rd),
-- ExaBGP main's family-explicit form: the flat flow form read as a flow
-- route of that family.  Components of the other family are refused.
local v6_only = { ["next-header"] = true, ["traffic-class"] = true, ["flow-label"] = true }

function M.flow_of_family(p, afi, safi, words)
  local at = words[1]
  local text, why = M.flat_flow("route " .. table.concat(words_text(words), " ", 2))
  if not text then p:fail(at, why) end
  local got = {}
  local state = { emit = function(_, _, r) got[#got + 1] = r end }
  local ok, err = parser.run("command", lexer.string_lines(text), M.flow_section, state, p.flags)
  if not ok then p:fail(at, err.msg) end
  local r = got[1]
  if safi == "flow" and r.nlri.rd then
    p:fail(at, afi .. " flow takes no rd (" .. afi .. " flow-vpn does)")
  elseif safi == "flow-vpn" and not r.nlri.rd then
    p:fail(at, afi .. " flow-vpn needs an rd")
  end
  -- sorted: with several wrong keys, the same one is named every run
  local keys = {}
  for key in pairs(r.nlri) do keys[#keys + 1] = key end
  table.sort(keys)
  for _, key in ipairs(keys) do
    local of = key:match("%-(ipv[46])$") or (v6_only[key] and "ipv6")
    if of and of ~= afi then
      p:fail(at, afi .. " " .. safi .. " cannot match '" .. key .. "' (" .. of .. ")")
    end
  end
  r.family = afi .. " " .. safi
  return r
end

local flow_route = {
  name = "flow route",
  keywords = {
    rd = function(p, fr, words) fr.route.nlri.rd = route.rd(p, p:one(words)) end,
    ["route-distinguisher"] = function(p, fr, words)
      fr.route.nlri.rd = route.rd(p, p:one(words))
    end,
    ["next-hop"] = function(p, fr, words)
      fr.route.nexthop = p:check(p:one(words), values.ip)
    end,
  },
  blocks = {
    match = function(_, fr) return flow_match, fr end,
    ["then"] = function(_, fr) return flow_then, fr end,
    scope = function(_, fr) return flow_scope, fr end,
  },
  close = function(p, fr, open)
    local r = fr.route
    if not next(r["then"]) and not r.attribute["extended-community"] and not p.flags.withdraw then
      p:fail(open, "flow route has no 'then' action")
    end
    r.family = (fr.afi or "ipv4") .. (r.nlri.rd and " flow-vpn" or " flow")
    emit(p, fr.n, r, open)
  end,
}

M.flow_section = {
  name = "flow",
  blocks = {
    route = function(_, n, words)
      local r = route.new()
      r["then"] = {}
      r.name = words[2] and words[2].text or nil
      return flow_route, { n = n, route = r }
    end,
  },
}

-- l2vpn { vpls [NAME] endpoint N base N offset N size N rd RD next-hop IP ATTRS; }
local vpls_keys = { endpoint = 65535, base = 1048575, offset = 65535, size = 65535 }
local function vpls_keywords()
  local extra = {}
  for k, max in pairs(vpls_keys) do
    extra[k] = function(p, r, words, i)
      local t = words[i]
      if not t then p:fail(words[i - 1], "'" .. k .. "' needs a value") end
      r.nlri[k] = p:check(t, values.integer, 0, max)
      return i + 1
    end
  end
  return extra
end
local vpls_extra = vpls_keywords()

-- the order the error names a missing one in (ExaBGP's order of the
-- fields), the same from run to run
local VPLS_ORDER = { "endpoint", "base", "offset", "size" }

local function vpls_finish(p, n, r, at)
  for _, k in ipairs(VPLS_ORDER) do
    if r.nlri[k] == nil then p:fail(at, "vpls needs '" .. k .. "'") end
  end
  if not r.nlri.rd then p:fail(at, "vpls needs 'rd'") end
  if not r.nexthop then p:fail(at, "vpls needs 'next-hop'") end
  r.family = "l2vpn vpls"
  r.labelled, r.afi = nil, nil
  emit(p, n, r, at)
end

local function vpls_start(p, words)
  local r = route.new()
  local i = 2
  if words[2] and not vpls_extra[words[2].text] and not route.keywords[words[2].text] then
    r.name = words[2].text
    i = 3
  end
  route.attributes(p, r, words, i, vpls_extra)
  return r
end

local vpls_block = {
  name = "vpls",
  any_keyword = function(p, st, words)
    route.attributes(p, st.route, words, 1, vpls_extra)
  end,
  close = function(p, st, open) vpls_finish(p, st.n, st.route, open) end,
}

M.l2vpn_section = {
  name = "l2vpn",
  keywords = {
    vpls = function(p, n, words) vpls_finish(p, n, vpls_start(p, words), words[1]) end,
  },
  blocks = {
    vpls = function(p, n, words) return vpls_block, { n = n, route = vpls_start(p, words) } end,
  },
}

-- operational { asm|adm|rpcq|rpcp|apcq|apcp|lpcq|lpcp afi A safi S ...; }
local operational_kinds = {
  asm = true, adm = true, rpcq = true, rpcp = true, apcq = true, apcp = true, lpcq = true,
  lpcp = true,
}
M.operational_section = {
  name = "operational",
  any_keyword = function(p, n, words)
    if not operational_kinds[words[1].text] then
      p:fail(words[1], "unknown operational message '" .. words[1].text .. "'")
    end
    n.set.operational = n.set.operational or {}
    table.insert(n.set.operational, table.concat(words_text(words), " "))
  end,
}

M.announce_section = {
  name = "announce",
  blocks = {
    ipv4 = function(_, n) return announce_afi("ipv4"), n end,
    ipv6 = function(_, n) return announce_afi("ipv6"), n end,
    l2vpn = function(_, n) return M.l2vpn_section, n end,
  },
}

return M
