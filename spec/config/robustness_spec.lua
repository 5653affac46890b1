-- Mangled configurations are refused with a located error, never with a
-- Lua error: each valid conformance configuration is cut, and has tokens
-- dropped, repeated or swapped, with a fixed seed.
local config = require "luabgp.config"

local VECTORS = SHARED_DIR .. "/conformance/parsing/valid/"

local function read(path)
  local f = assert(io.open(path, "r"))
  local s = f:read("*a")
  f:close()
  return s
end

local function pieces(text)
  local out = {}
  for piece in text:gmatch("%s*[^%s;{}%[%]()]*[;{}%[%]()]?") do
    if piece ~= "" then out[#out + 1] = piece end
  end
  return out
end

local function mutate(list, rnd)
  local out = {}
  for i, p in ipairs(list) do out[i] = p end
  for _ = 1, rnd(3) do
    local i, j = rnd(#out), rnd(#out)
    local op = rnd(4)
    if op == 1 then
      table.remove(out, i)
    elseif op == 2 then
      table.insert(out, i, out[j])
    elseif op == 3 then
      out[i], out[j] = out[j], out[i]
    else
      for k = i, #out do out[k] = nil end
    end
    if #out == 0 then break end
  end
  return table.concat(out)
end

describe("config robustness", function()
  it("refuses mangled configurations with a located error", function()
    math.randomseed(7)
    local rnd = math.random
    local p = io.popen("ls " .. VECTORS)
    local names = {}
    for name in p:lines() do names[#names + 1] = name end
    p:close()
    for _, name in ipairs(names) do
      local list = pieces(read(VECTORS .. name))
      local whole = read(VECTORS .. name)
      for round = 1, 150 do
        local text
        if round % 3 == 0 then
          -- one character dropped or replaced
          local at = rnd(#whole)
          local chars = "{}[]();#\"':/. x0\\"
          local k = rnd(#chars + 1)
          text = whole:sub(1, at - 1) .. chars:sub(k, k) .. whole:sub(at + 1)
        else
          text = mutate(list, function(n) return rnd(math.max(n, 1)) end)
        end
        local ok, c, err = pcall(config.load_string, text, name)
        assert(ok, name .. ": " .. tostring(c) .. "\n" .. text)
        if not c then
          assert(type(err) == "table" and err.line and err.col and err.msg, name)
        end
      end
    end
  end)
end)
