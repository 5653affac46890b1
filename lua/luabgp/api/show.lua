-- `show neighbor [IP] summary|extensive|configuration|json`, laid out as
-- ExaBGP lays them out (its neighbor command: the summary table, the
-- extensive blocks of `%-20s %15s %15s %15s` lines, main's JSON objects),
-- from what the speaker knows of each session (sp:info, sp:session).
local cjson = require "cjson"

local M = {}

-- Python's str(timedelta(seconds=n)): "H:MM:SS", "1 day, H:MM:SS"
function M.timedelta(seconds)
  local n = math.max(0, math.floor(seconds))
  local days = math.floor(n / 86400)
  local rest = n % 86400
  local hms = string.format("%d:%02d:%02d", math.floor(rest / 3600), math.floor(rest / 60) % 60,
    rest % 60)
  if days == 0 then return hms end
  return string.format("%d day%s, %s", days, days == 1 and "" or "s", hms)
end

-- One neighbor as ExaBGP's cli_data has it.
function M.data(d, n, now)
  local info, s = d.sp:info(n.i), d.sp:session(n.i)
  local nb = n.nb
  local age = math.max(0, (now or os.time()) - s.since)
  return {
    peer_address = tostring(nb["peer-address"]), local_address = tostring(nb["local-address"]),
    state = info.state:upper(), up = s.up, duration = s.up and age or 0, down = age,
    local_as = nb["local-as"], peer_as = nb["peer-as"], local_id = tostring(nb["router-id"]),
    peer_id = s.peer_id, local_hold = nb["hold-time"], peer_hold = s.peer_hold,
    capabilities = s.capabilities, families = s.families, messages = s.messages,
  }
end

local function en(v)
  if v == nil then return "n/a" end
  return v and "enabled" or "disabled"
end

local function pr(v)
  if v == nil then return "n/a" end
  return tostring(v)
end

local function addpath(send, receive)
  if send and receive then return "send/receive" end
  if send then return "send" end
  if receive then return "receive" end
  return "disabled"
end

local MESSAGES = { "open", "notification", "keepalive", "update", "refresh", "total" }

M.SUMMARY_HEADER = "Peer            AS        up/down state       |     #sent     #recvd"

function M.summary(t)
  return string.format("%-15s %-7s %9s %-12s %10d %10d", t.peer_address, pr(t.peer_as),
    t.up and M.timedelta(t.duration) or "down", t.state:lower(), t.messages.update[1],
    t.messages.update[2])
end

local function kv(a, b, c, e)
  return string.format("   %-20s %15s %15s %15s", a, b, c, e)
end

-- The extensive block of one neighbor, as lines (the last one empty).
function M.extensive(t)
  local out = { "Neighbor " .. t.peer_address, "",
    "    Session                         Local",
    kv("local", t.local_address, "", ""), kv("state", t.state, "", ""),
    t.up and kv("up for", M.timedelta(t.duration), "", "")
      or kv("down for", M.timedelta(t.down), "", ""),
    "", "    Setup                           Local          Remote",
    kv("AS", tostring(t.local_as), pr(t.peer_as), ""),
    kv("ID", t.local_id, pr(t.peer_id), ""),
    kv("hold-time", tostring(t.local_hold), pr(t.peer_hold), ""),
    "", "    Capability                      Local          Remote" }
  for _, c in ipairs(t.capabilities) do out[#out + 1] = kv(c[1] .. ":", en(c[2]), en(c[3]), "") end
  out[#out + 1] = ""
  out[#out + 1] = "    Families                        Local          Remote        Add-Path"
  for _, f in ipairs(t.families) do
    out[#out + 1] = kv(f[1] .. ":", en(f[2]), en(f[3]), addpath(f[4], f[5]))
  end
  out[#out + 1] = ""
  out[#out + 1] = "    Message Statistic                Sent        Received"
  for _, m in ipairs(MESSAGES) do
    local sr = t.messages[m]
    out[#out + 1] = kv(m .. ":", string.format("%d", sr[1]), string.format("%d", sr[2]), "")
  end
  out[#out + 1] = ""
  return out
end

-- JSON with the keys in the order given: obj{ {k, v}, ... }, where v is a
-- Lua value (nil: null), or raw JSON made by obj/list.
local RAW = {}
local function raw(text) return setmetatable({ text }, RAW) end
local function value(v)
  if v == nil then return "null" end
  if getmetatable(v) == RAW then return v[1] end
  return cjson.encode(v)
end
local function obj(pairs_)
  local parts = {}
  for _, p in ipairs(pairs_) do parts[#parts + 1] = cjson.encode(p[1]) .. ": " .. value(p[2]) end
  return raw("{" .. table.concat(parts, ", ") .. "}")
end
local function list(items)
  local parts = {}
  for _, v in ipairs(items) do parts[#parts + 1] = value(v) end
  return raw("[" .. table.concat(parts, ", ") .. "]")
end

-- One neighbor as ExaBGP main's `show neighbor json` object.
local function json_object(t)
  local caps = { l = {}, p = {}, both = {} }
  for _, c in ipairs(t.capabilities) do
    caps.l[#caps.l + 1] = { c[1], c[2] }
    caps.p[#caps.p + 1] = { c[1], c[3] }
    if c[2] and c[3] then caps.both[#caps.both + 1] = c[1] end
  end
  local fams = { l = {}, p = {}, ls = {}, pr = {}, both = {}, ap = {} }
  for _, f in ipairs(t.families) do
    fams.l[#fams.l + 1] = { f[1], f[2] }
    fams.p[#fams.p + 1] = { f[1], f[3] }
    fams.ls[#fams.ls + 1] = { f[1], f[4] }
    fams.pr[#fams.pr + 1] = { f[1], f[5] }
    if f[2] and f[3] then fams.both[#fams.both + 1] = f[1] end
    fams.ap[#fams.ap + 1] = { f[1], addpath(f[4], f[5]) }
  end
  local sent, received = {}, {}
  for _, m in ipairs(MESSAGES) do
    sent[#sent + 1] = { m, t.messages[m][1] }
    received[#received + 1] = { m, t.messages[m][2] }
  end
  return obj {
    { "state", t.up and "up" or "down" },
    { "duration", t.up and t.duration or t.down },
    { "fsm", t.state },
    { "local", obj { { "capabilities", obj(caps.l) }, { "families", obj(fams.l) },
      { "add-path", obj(fams.ls) }, { "address", t.local_address }, { "as", t.local_as },
      { "id", t.local_id }, { "hold", t.local_hold } } },
    { "peer", obj { { "capabilities", obj(caps.p) }, { "families", obj(fams.p) },
      { "add-path", obj(fams.pr) }, { "address", t.peer_address }, { "as", t.peer_as },
      { "id", t.peer_id }, { "hold", t.peer_hold } } },
    { "messages", obj { { "sent", obj(sent) }, { "received", obj(received) } } },
    { "capabilities", list(caps.both) },
    { "families", list(fams.both) },
    { "add-path", obj(fams.ap) },
  }
end

-- Every neighbor's object, as one line.
function M.json(datas)
  local items = {}
  for i, t in ipairs(datas) do items[i] = json_object(t) end
  return list(items)[1]
end

-- The neighbor's settings as configuration text (its routes are what
-- `show adj-rib out` lists).
local SKIP = { ["peer-address"] = true, families = true, capability = true, api = true,
  processes = true, ["processes-match"] = true, routes = true, ["add-path"] = true,
  nexthop = true, watchdog = true, flow = true, l2vpn = true, file = true, name = true,
  -- a secret stays in the configuration file
  ["md5-password"] = true }

local function setting(k, v)
  if v == true then return "\t" .. k .. ";" end
  if type(v) == "string" and v:find("[%s;{}]") then v = string.format("%q", v) end
  return "\t" .. k .. " " .. tostring(v) .. ";"
end

function M.configuration(nb)
  local out = { "neighbor " .. tostring(nb["peer-address"]) .. " {" }
  local keys = {}
  for k, v in pairs(nb) do
    local tv = type(v)
    if not SKIP[k] and type(k) == "string" and (tv == "string" or tv == "number" or
      tv == "boolean" or (tv == "table" and getmetatable(v) and getmetatable(v).__tostring)) then
      keys[#keys + 1] = k
    end
  end
  table.sort(keys)
  for _, k in ipairs(keys) do
    if nb[k] ~= false then out[#out + 1] = setting(k, nb[k]) end
  end
  if nb.families and #nb.families > 0 then
    out[#out + 1] = "\tfamily {"
    for _, f in ipairs(nb.families) do out[#out + 1] = "\t\t" .. f .. ";" end
    out[#out + 1] = "\t}"
  end
  if type(nb.capability) == "table" and next(nb.capability) then
    local caps = {}
    for k in pairs(nb.capability) do caps[#caps + 1] = k end
    table.sort(caps)
    out[#out + 1] = "\tcapability {"
    for _, k in ipairs(caps) do
      local v = nb.capability[k]
      out[#out + 1] = "\t\t" .. k .. " " .. (v == true and "enable" or v == false and "disable"
        or tostring(v)) .. ";"
    end
    out[#out + 1] = "\t}"
  end
  if nb.processes and #nb.processes > 0 then
    out[#out + 1] = "\tapi {"
    out[#out + 1] = "\t\tprocesses [ " .. table.concat(nb.processes, " ") .. " ];"
    out[#out + 1] = "\t}"
  end
  out[#out + 1] = "}"
  return out
end

return M
