-- `luabgp --check CONFIG...` (ExaBGP 4.2: `-t/--test`): parse each file,
-- print `file:line:column: what is wrong` on stderr and exit 1 on the
-- first error, exit 0 when every file is valid. Routes are counted, not
-- kept, so a configuration of millions of routes is checked in bounded
-- memory; where the core's encoder for a route's family is complete, each
-- route is also encoded to validate its attributes.
local config = require "luabgp.config"
local validate = require "luabgp.config.validate"

local M = {}

function M.run(args)
  if #args == 0 then
    io.stderr:write("luabgp --check: no configuration file given\n")
    return 1
  end
  for _, path in ipairs(args) do
    local count = 0
    local failure
    local c, err = config.load(path, {
      sink = function(route, nb, at)
        count = count + 1
        if not failure then
          local why = validate.route(route, nb)
          if why then
            failure = string.format("%d:%d: route %s: %s", at.line, at.col,
              tostring(route.nlri.nlri), why)
          end
        end
      end,
    })
    if not c then
      io.stderr:write(config.format(err), "\n")
      return 1
    end
    if failure then
      io.stderr:write(path, ":", failure, "\n")
      return 1
    end
  end
  return 0
end

return M
