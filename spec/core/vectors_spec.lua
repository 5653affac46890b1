-- The binding against every ExaBGP vector of ../shared/conformance: the
-- decoding/ captures and the (raw UPDATE, JSON) pairs of the session
-- vectors' .ci files.  For each message:
--   * core.decode gives the same tree as ExaBGP's recorded JSON,
--   * core.decode_json, read back with lua-cjson, gives that same tree (the
--     Lua sink and the JSON sink are fed by one walker and must agree),
--   * core.encode of the decoded UPDATE gives back the captured bytes.
-- ADD-PATH messages, which run.py skips because its decode command cannot
-- learn the negotiated capability, are decoded here with ADD-PATH on for the
-- families they carry.
local core = require("luabgp.core")
local cjson = require("cjson")

local VECTORS = _G.SHARED_DIR .. "/conformance"
local MARKER = string.rep("F", 32)

local function lines(path)
  local f = io.open(path, "r")
  if not f then return function() end end
  local text = f:read("*a")
  f:close()
  return text:gmatch("([^\n]*)\n?")
end

local function listdir(dir)
  local names = {}
  local p = io.popen('ls "' .. dir .. '" 2>/dev/null')
  for name in p:lines() do names[#names + 1] = name end
  p:close()
  return names
end

local function is_eor(hex)
  -- an UPDATE of 23 octets, or one holding only an empty MP_UNREACH_NLRI
  local body = hex:sub(39)
  if #body == 8 and body == "00000000" then return true end
  return body:match("^0000000[69]..0F") ~= nil and #body <= 24
end

-- run.py's json_pairs: a json/jsv4 line describes the closest raw UPDATE
-- above it that is not an End-of-RIB.
local function json_pairs(ci, name, out)
  local current
  local number = 0
  for line in lines(ci) do
    number = number + 1
    line = line:match("^%s*(.-)%s*$")
    if line ~= "" and not line:find("#", 1, true) and not line:match("^option:") then
      local _, kind, rest = line:match("^([^:]*):([^:]*):(.*)$")
      kind = kind and kind:lower()
      if kind == "raw" then
        local hex = rest:gsub("[: ]", ""):upper()
        if hex:sub(1, 32) ~= MARKER then hex = MARKER .. hex end
        if #hex >= 38 and hex:sub(37, 38) == "02" and not is_eor(hex) then
          current = { hex = hex }
        else
          current = nil
        end
      elseif (kind == "json" or kind == "jsv4") and current then
        -- named by its first expectation's line, as run.py names it
        if not current.name then
          current.name = ("json/%s:%d"):format(name, number)
          out[#out + 1] = current
        end
        current.json = rest
      end
    end
  end
end

local function collect()
  local out = {}
  for _, kind in ipairs({ "encoding", "api" }) do
    for _, name in ipairs(listdir(VECTORS .. "/" .. kind)) do
      json_pairs(("%s/%s/%s/%s.ci"):format(VECTORS, kind, name, name), name, out)
    end
  end
  local unique = out
  for _, file in ipairs(listdir(VECTORS .. "/decoding")) do
    local f = io.open(VECTORS .. "/decoding/" .. file)
    local doc = cjson.decode(f:read("*a"))
    f:close()
    unique[#unique + 1] = {
      name = "decoding/" .. doc.name, hex = doc.packet, family = doc.family,
      kind = doc.type, doc = doc.expected,
    }
  end
  return unique
end

local function pending_list()
  local set = {}
  for line in lines(_G.LUABGP_ROOT .. "/spec/core/vectors-pending.txt") do
    if line ~= "" and not line:match("^#") then set[line] = true end
  end
  return set
end

-- The families an expected "update" announces or withdraws.
local function families_of(update)
  local fams, seen = {}, {}
  for _, part in ipairs({ "announce", "withdraw" }) do
    for fam in pairs(update and update[part] or {}) do
      if not seen[fam] then
        seen[fam] = true
        fams[#fams + 1] = fam
      end
    end
  end
  return fams
end

local function check(v)
  local expected = v.doc or cjson.decode(v.json)
  local want = expected.neighbor.message
  local opts = { kind = v.kind or "update", family = v.family }
  if opts.family == "" then opts.family = nil end
  if v.json and v.json:find('"path-information"', 1, true) then
    opts.addpath = families_of(want.update)
  end
  local bytes = assert(core.hex_decode(v.hex))
  local got, reason = core.decode(bytes, opts)
  assert(got, reason)
  assert.are.same(want, got.message)

  local text = assert(core.decode_json(bytes, opts))
  assert.are.same(got.message, cjson.decode(text).neighbor.message)

  if opts.kind == "update" and not opts.family then
    local again, why = core.encode(got.message.update, opts)
    assert(again, why)
    assert.are.equal(v.hex, core.hex_encode(again))
  end
end

describe("the conformance vectors through luabgp.core", function()
  local pending = pending_list()
  for _, v in ipairs(collect()) do
    if pending[v.name] then
      -- not decoded right yet; the list must shrink, so a pass is an error
      it(v.name .. " (listed in vectors-pending.txt)", function()
        local ok = pcall(check, v)
        assert.is_false(ok, "passes now: remove it from spec/core/vectors-pending.txt")
      end)
    else
      it(v.name, function() check(v) end)
    end
  end
end)
