-- luabgp decode: BGP messages in hex to ExaBGP's JSON, one line each.
--
--   luabgp decode [-f "AFI SAFI"] [-i] [--v42] [--open|--update|--nlri] HEX|- ...
--
-- HEX is a whole message (recognised by its marker) or a message body; "-"
-- reads one message per line from standard input.  A bad message prints a
-- reason naming the offset on standard error, nothing on standard output, and
-- makes the exit status 1 (as `exabgp decode` does).
local argparse = require("argparse")
local core = require("luabgp.core")

local M = {}

local function parser()
  local p = argparse("luabgp decode", "Print ExaBGP's JSON for BGP messages given in hex.")
  p:option("-f --family", "Family of the NLRI (\"ipv4 unicast\"); \"\" for none.")
  p:flag("-i --path-information", "ADD-PATH path identifiers are present (RFC 7911).")
  p:mutex(
    p:flag("--open", "The message is an OPEN."),
    p:flag("--update", "The message is an UPDATE (the default)."),
    p:flag("--nlri", "The bytes are NLRI of the given family.")
  )
  p:flag("--v42", "ExaBGP 4.2's JSON shapes where they differ (as-path as a list, ...).")
  p:argument("messages", "Hex of each message, or - to read them from standard input.")
    :args("+")
  return p
end

local function describe(reason, details)
  local text = reason
  if details and details.offset then
    text = ("offset %d: %s"):format(details.offset, reason)
  end
  if details and details.code and details.code > 0 then
    text = ("%s (NOTIFICATION %d/%d)"):format(text, details.code, details.subcode)
  end
  return text
end

-- Decode one hex text; returns true when it printed its JSON.
local function decode_one(label, text, opts)
  local bytes, reason, details = core.hex_decode(text)
  if not bytes then
    io.stderr:write(("luabgp decode: %s: bad hex: %s\n"):format(label,
      describe(reason, details)))
    return false
  end
  if #bytes == 0 then
    io.stderr:write(("luabgp decode: %s: empty message\n"):format(label))
    return false
  end
  local json, warning
  json, warning, details = core.decode_json(bytes, opts)
  if not json then
    io.stderr:write(("luabgp decode: %s: %s\n"):format(label, describe(warning, details)))
    return false
  end
  if warning then
    io.stderr:write(("luabgp decode: %s: warning: %s\n"):format(label, warning))
  end
  io.stdout:write(json)
  return true
end

function M.run(argv)
  local ok, args = parser():pparse(argv)
  if not ok then
    io.stderr:write("luabgp decode: ", args, "\n")
    io.stderr:write(parser():get_usage(), "\n")
    return 1
  end
  local opts = { kind = "update", addpath = args.path_information or false,
    json = args.v42 and "v42" or nil }
  if args.open then
    opts.kind = "open"
  elseif args.nlri then
    opts.kind = "nlri"
  end
  if args.family and args.family ~= "" then
    local known = false
    for _, name in ipairs(core.families()) do
      if name == args.family or name == args.family:gsub("/", " ") then
        known = true
      end
    end
    if not known then
      io.stderr:write(("luabgp decode: unknown family %q (try \"ipv4 unicast\")\n")
        :format(args.family))
      return 1
    end
    opts.family = args.family:gsub("/", " ")
  end
  if opts.kind == "nlri" and not opts.family then
    io.stderr:write("luabgp decode: --nlri needs the family (-f \"AFI SAFI\")\n")
    return 1
  end
  local status = 0
  local count = 0
  for _, message in ipairs(args.messages) do
    if message == "-" then
      for line in io.stdin:lines() do
        if line:match("%S") then
          count = count + 1
          if not decode_one("line " .. count, line, opts) then
            status = 1
          end
        end
      end
    else
      count = count + 1
      if not decode_one("message " .. count, message, opts) then
        status = 1
      end
    end
  end
  io.stdout:flush()
  return status
end

return M
