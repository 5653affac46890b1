-- A stable text dump of a config object: keys sorted, one value per line,
-- so that golden files compare configurations exactly.
local M = {}

local reserved = {}
for w in ([[and break do else elseif end false for function goto if in local nil not or
  repeat return then true until while]]):gmatch("%a+") do reserved[w] = true end

local function key_text(k)
  if type(k) == "string" and k:match("^[%a_][%w_]*$") and not reserved[k] then return k end
  return "[" .. string.format("%q", k) .. "]"
end

local function is_list(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n == #t
end

local function write(out, v, indent)
  local tv = type(v)
  if tv == "string" then
    out[#out + 1] = string.format("%q", v)
  elseif tv == "number" and v == math.floor(v) and math.abs(v) < 2 ^ 63 then
    out[#out + 1] = string.format("%.0f", v)
  elseif tv ~= "table" then
    out[#out + 1] = tostring(v)
  elseif next(v) == nil then
    out[#out + 1] = "{}"
  else
    local pad = indent .. "  "
    out[#out + 1] = "{\n"
    if is_list(v) then
      for _, x in ipairs(v) do
        out[#out + 1] = pad
        write(out, x, pad)
        out[#out + 1] = ",\n"
      end
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = k end
      table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
      for _, k in ipairs(keys) do
        out[#out + 1] = pad .. key_text(k) .. " = "
        write(out, v[k], pad)
        out[#out + 1] = ",\n"
      end
    end
    out[#out + 1] = indent .. "}"
  end
end

function M.dump(v)
  local out = {}
  write(out, v, "")
  out[#out + 1] = "\n"
  return table.concat(out)
end

return M
