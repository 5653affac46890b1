-- `luabgp run [--socket PATH] [--json] COMMAND...`: one command to the
-- running daemon, its reply printed; exit status 0 when it says done.
-- `luabgp cli [--socket PATH]`: commands read from the terminal (or any
-- input), one per line, each reply printed; on a terminal with line
-- editing, history (~/.luabgp_history) and Tab completion of commands,
-- neighbors and prefixes from the live daemon (cli/complete.lua).
local argparse = require "argparse"
local complete = require "luabgp.cli.complete"
local core = require "luabgp.core"
local control = require "luabgp.api.control"
local settings = require "luabgp.settings"

local M = {}

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    local named = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t",
      ["\r"] = "\\r" }
    return named[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function socket_path(args)
  if args.socket then return args.socket end
  local s, err = settings.load { env_file = args.env, warn = function() end }
  if not s then return nil, err end
  return control.find(s)
end

local function request(path, line, timeout)
  local lines, answer = core.control_request(path, line, timeout)
  if not lines then return nil, answer end
  return lines, answer or "no answer (the daemon closed the connection)"
end

function M.run(argv)
  local p = argparse("luabgp run", "Send one command to the running daemon.")
  p:argument("command", "the command (its words)"):args("+")
  p:option("-s --socket", "the control socket's path")
  p:option("-e --env", "settings file (to find the socket)")
  p:option("-t --timeout", "seconds to wait for the answer", "10"):convert(tonumber)
  p:flag("-j --json", "print { \"answer\": ..., \"lines\": [...] }")
  local ok, args = p:pparse(argv)
  if not ok then
    io.stderr:write("luabgp run: ", args, "\n")
    return 2
  end
  local path, why = socket_path(args)
  if not path then
    io.stderr:write("luabgp run: ", why, "\n")
    return 2
  end
  local lines, answer = request(path, table.concat(args.command, " "), args.timeout)
  if not lines then
    io.stderr:write("luabgp run: ", answer, "\n")
    return 2
  end
  if args.json then
    local items = {}
    for i, l in ipairs(lines) do items[i] = json_string(l) end
    io.stdout:write('{"answer": ', json_string(answer), ', "lines": [',
      table.concat(items, ", "), "]}\n")
  else
    for _, l in ipairs(lines) do io.stdout:write(l, "\n") end
    if answer ~= "done" then io.stderr:write(answer, "\n") end
  end
  return answer == "done" and 0 or 1
end

-- The daemon's neighbors and Adj-RIB-Out prefixes for completion, asked
-- at most every few seconds.
local function live_from(path)
  local cache = {}
  local function fetch(command, pattern, want)
    local c = cache[command]
    if c and os.time() - c.at < 5 then return c.list end
    local list, seen = {}, {}
    for _, l in ipairs(request(path, command, 2) or {}) do
      local w = l:match(pattern)
      if w and (not want or want(w)) and not seen[w] then
        seen[w] = true
        list[#list + 1] = w
      end
    end
    cache[command] = { at = os.time(), list = list }
    return list
  end
  return {
    neighbors = function()
      return fetch("show neighbor summary", "^([%x:%.]+) ")
    end,
    -- `neighbor IP FAMILY(two words) NLRI`: prefixes only (not a flow's
    -- or an EVPN route's first word)
    routes = function()
      return fetch("show adj-rib out", "^neighbor %S+ %S+ %S+ (%S+)",
        function(w) return w:find("/", 1, true) ~= nil end)
    end,
  }
end

-- The history file, made readable by its owner only before anything is
-- written to it.
local function private_file(path)
  local ffi = require "ffi"
  pcall(ffi.cdef, "int open(const char *path, int flags, int mode); int close(int fd);")
  local fd = ffi.C.open(path, 0x41 --[[ O_WRONLY | O_CREAT ]], 384 --[[ 0600 ]])
  if fd >= 0 then ffi.C.close(fd) end
end

-- A line reader: readline (Debian's lua-readline) on a terminal, else
-- plain lines.  The second result saves the history.
local function reader(path, tty)
  local ok, RL
  if tty then ok, RL = pcall(require, "readline") end
  if not ok then
    return function()
      if tty then io.stdout:write("luabgp> ") io.stdout:flush() end
      return io.read("*l")
    end, function() end
  end
  local home = os.getenv("HOME")
  if home then private_file(home .. "/.luabgp_history") end
  -- a line with a password is not kept (create neighbor ... md5-password)
  RL.set_options { histfile = "~/.luabgp_history", keeplines = 1000, auto_add = false }
  RL.set_readline_name("luabgp")
  local live = live_from(path)
  RL.set_complete_function(function(text, _, to)
    return complete.candidates(text:sub(1, to), live)
  end)
  return function()
    local line = RL.readline("luabgp> ")
    if line and line:match("%S") and not line:find("password", 1, true) then
      RL.add_history(line)
    end
    return line
  end, RL.save_history
end

function M.cli(argv)
  local p = argparse("luabgp cli", "Commands to the running daemon, one per line.")
  p:option("-s --socket", "the control socket's path")
  p:option("-e --env", "settings file (to find the socket)")
  local ok, args = p:pparse(argv)
  if not ok then
    io.stderr:write("luabgp cli: ", args, "\n")
    return 2
  end
  local path, why = socket_path(args)
  if not path then
    io.stderr:write("luabgp cli: ", why, "\n")
    return 2
  end
  local tty = os.execute("test -t 0") == 0
  local read, save = reader(path, tty)
  local status = 0
  while true do
    local line = read()
    if not line or line:match("^%s*exit%s*$") or line:match("^%s*quit%s*$") then break end
    if not line:match("^%s*$") then
      local lines, answer = request(path, line, 30)
      if not lines then
        io.stderr:write("luabgp cli: ", answer, "\n")
        save()
        return 2
      end
      for _, l in ipairs(lines) do io.stdout:write(l, "\n") end
      io.stdout:write(answer, "\n")
      if answer ~= "done" then status = 1 end
    end
  end
  save()
  return status
end

return M
