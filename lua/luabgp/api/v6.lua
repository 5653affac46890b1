-- ExaBGP main's target-first command syntax (its API v6: EXABGP.md §2.3),
-- read as the v4 command it stands for, as ExaBGP main itself translates
-- between the two:
--
--   daemon shutdown            -> shutdown
--   session ack enable         -> enable-ack
--   rib show in extensive      -> show adj-rib in extensive
--   peer * announce route ...  -> neighbor * announce route ...
--   peer [ 10.0.0.1 local-as 1, 10.0.0.2 ] withdraw ...
--                              -> neighbor 10.0.0.1 local-as 1 , neighbor 10.0.0.2 withdraw ...
--
--   v6.translate(text) -> the v4 text, or nil and why (text itself when
--   it is not in the v6 form: v4 commands never start with these words)
local M = {}

local FIXED = {
  ["daemon shutdown"] = "shutdown", ["daemon reload"] = "reload",
  ["daemon restart"] = "restart", ["daemon status"] = "status",
  ["session ack enable"] = "enable-ack", ["session ack disable"] = "disable-ack",
  ["session ack silence"] = "silence-ack", ["session sync enable"] = "enable-sync",
  ["session sync disable"] = "disable-sync", ["session reset"] = "reset",
  ["session ping"] = "ping", ["session bye"] = "bye",
  ["system help"] = "help", ["system version"] = "version",
  ["rib flush out"] = "flush adj-rib out", ["rib clear in"] = "clear adj-rib in",
  ["rib clear out"] = "clear adj-rib out", ["peer list"] = "show neighbor summary",
}

local FIRST = { daemon = true, session = true, system = true, rib = true, peer = true }

local function words_of(text)
  local words = {}
  for w in text:gmatch("%S+") do words[#words + 1] = w end
  return words
end

-- `peer SELECTOR COMMAND...` with SELECTOR `*`, an address, or
-- `[ IP [KEY VALUE]... , IP ... ]`
local function peer(words)
  local sel, k = {}, 3
  if words[2] == "[" then
    local cur = {}
    k = 3
    while words[k] and words[k] ~= "]" do
      local w = words[k]
      if w == "," then
        if #cur == 0 then return nil, "peer [ ... ]: an empty selector" end
        sel[#sel + 1] = "neighbor " .. table.concat(cur, " ")
        cur = {}
      else
        cur[#cur + 1] = w
      end
      k = k + 1
    end
    if words[k] ~= "]" then return nil, "peer [ ... ]: no closing ']'" end
    if #cur == 0 then return nil, "peer [ ... ]: an empty selector" end
    sel[#sel + 1] = "neighbor " .. table.concat(cur, " ")
    k = k + 1
  elseif words[2] then
    sel[1] = "neighbor " .. words[2]
  else
    return nil, "peer needs a selector (*, an address, or [ ... ]) and a command"
  end
  if not words[k] then return nil, "peer " .. words[2] .. ": which command?" end
  local rest = table.concat(words, " ", k)
  if words[k] == "show" then
    -- `peer IP show [summary|extensive|configuration]`: the neighbor's
    return "show neighbor " .. table.concat(words, " ", 2, k - 1) ..
      (words[k + 1] and " " .. table.concat(words, " ", k + 1) or " summary")
  end
  return table.concat(sel, " , ") .. " " .. rest
end

function M.translate(text)
  local words = words_of(text)
  if not FIRST[words[1]] then return text end
  local head3 = table.concat(words, " ", 1, math.min(3, #words))
  if FIXED[head3] and #words == 3 then return FIXED[head3] end
  local head2 = table.concat(words, " ", 1, math.min(2, #words))
  if FIXED[head2] and #words == 2 then return FIXED[head2] end
  if words[1] == "rib" and words[2] == "show" and (words[3] == "in" or words[3] == "out") then
    return "show adj-rib " .. table.concat(words, " ", 3)
  end
  if words[1] == "peer" and (words[2] == "create" or words[2] == "delete") then
    return words[2] .. " neighbor " .. table.concat(words, " ", 3)
  end
  if words[1] == "peer" and words[2] == "show" then
    return "show neighbor " .. table.concat(words, " ", 3)
  end
  if words[1] == "peer" then return peer(words) end
  return nil, "unknown command '" .. text .. "'"
end

return M
