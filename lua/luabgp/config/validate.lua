-- Validation of parsed routes through the core's encoder: a route must
-- encode (its attributes and NLRI), or the configuration is refused.
local M = {}

local ok_core, core = pcall(require, "luabgp.core")

-- members of a route that are configuration only, not UPDATE content
local config_only = { split = true, watchdog = true, withdraw = true, name = true,
  ["then"] = true, scope = true }

-- The UPDATE (JSON shape) announcing route r from neighbor nb.
function M.update(r, nb)
  local nexthop = r.nexthop
  if nexthop == "self" or nexthop == nil then
    -- resolved per session; any address of the family validates the rest
    local la = nb and nb["local-address"]
    if la and la ~= "auto" and (la:find(":", 1, true) ~= nil) == (r.family:sub(1, 4) == "ipv6")
    then
      nexthop = la
    else
      nexthop = r.family:sub(1, 4) == "ipv6" and "::1" or "127.0.0.1"
    end
  end
  return { attribute = r.attribute, announce = { [r.family] = { [nexthop] = { r.nlri } } } }
end

-- Returns nil when the route encodes (or cannot be checked yet), or the
-- encoder's reason.
function M.route(r, nb)
  if not ok_core or not core.encode or r.nlri.raw then
    return nil
  end
  for k in pairs(r) do
    if config_only[k] then return nil end
  end
  if r.family:find("flow", 1, true) or r.family:find("vpls", 1, true) then
    return nil
  end
  local bytes, reason = core.encode(M.update(r, nb))
  if bytes then
    return nil
  end
  return reason
end

return M
