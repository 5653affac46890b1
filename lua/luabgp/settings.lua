-- ExaBGP's settings (`exabgp --fi`, exabgp.env): every key ExaBGP 4.2 and
-- the current version know, read with ExaBGP's precedence:
--   1. the environment, dotted form   exabgp.tcp.port=1790
--   2. the environment, underscores   exabgp_tcp_port=1790
--   3. the ini file: the one given with --env, else /etc/exabgp/exabgp.env
--      (only the first that exists is read, as ExaBGP does)
--   4. the default
-- Unlike ExaBGP, a value that does not parse is an error naming where it
-- came from, and an unknown key is a warning rather than silence.
local values = require "luabgp.config.values"

local M = {}

-- How each kind of value is read: text -> value, or nil and what is wrong.
local read = {}

local truth = {
  ["1"] = true, yes = true, on = true, enable = true, ["true"] = true,
  ["0"] = false, no = false, off = false, disable = false, ["false"] = false, [""] = false,
}

function read.boolean(text)
  local v = truth[text:lower()]
  if v == nil then
    return nil, "'" .. text .. "' is not a boolean (true, false, yes, no, on, off, 1, 0)"
  end
  return v
end

function read.integer(text)
  local n = text:match("^%-?%d+$") and tonumber(text)
  if not n then
    return nil, "'" .. text .. "' is not an integer"
  end
  return n
end

function read.count(text)
  local n = text:match("^%d+$") and tonumber(text)
  if not n then
    return nil, "'" .. text .. "' is not a number (0 or more)"
  end
  return n
end

function read.port(text)
  local n = text:match("^%d+$") and tonumber(text)
  if not n or n < 1 or n > 65535 then
    return nil, "'" .. text .. "' is not a TCP port (1-65535)"
  end
  return n
end

function read.real(text)
  local n = tonumber(text)
  if not n or text:match("^0[xX]") then
    return nil, "'" .. text .. "' is not a number"
  end
  return n
end

function read.string(text)
  return text
end

function read.ip_list(text)
  local ips = {}
  for ip in text:gmatch("%S+") do
    local ok, why = values.ip(ip)
    if not ok then
      return nil, why
    end
    ips[#ips + 1] = ip
  end
  return ips
end

function read.umask(text)
  if not text:match("^0?[oO]?[0-7]+$") then
    return nil, "'" .. text .. "' is not an octal umask (like 0137)"
  end
  local n = tonumber(text:gsub("^0?[oO]", ""), 8)
  if n > 511 then
    return nil, "'" .. text .. "' is not a umask (at most 0777)"
  end
  return n
end

-- syslog priorities, as ExaBGP's log.level takes them
local levels = {
  EMERG = "EMERG", ALERT = "ALERT", CRIT = "CRIT", CRITICAL = "CRIT",
  ERR = "ERR", ERROR = "ERR", WARNING = "WARNING", WARN = "WARNING",
  NOTICE = "NOTICE", INFO = "INFO", DEBUG = "DEBUG",
}

function read.level(text)
  local v = levels[text:upper()]
  if not v then
    return nil, "'" .. text
      .. "' is not a log level (EMERG ALERT CRIT ERR WARNING NOTICE INFO DEBUG)"
  end
  return v
end

function read.encoder(text)
  local v = text:lower()
  if v ~= "json" and v ~= "text" then
    return nil, "'" .. text .. "' is not an encoder (json or text)"
  end
  return v
end

function read.api_version(text)
  if text ~= "4" and text ~= "6" then
    return nil, "'" .. text .. "' is not an API version (4 or 6)"
  end
  return tonumber(text)
end

-- The keys.  use: "yes" the daemon honours it; "later" known, not yet
-- implemented (a warning when set); "ignored" has no meaning for luabgp
-- (Python debugging and caching knobs: a warning when set).
-- alias: another name of the same setting (ExaBGP renamed tcp.connections
-- to tcp.attempts); it comes first, so the current name wins when both are set.
local KEYS = {
  { "profile", "enable", "boolean", "false", "ignored", "toggle profiling of the code" },
  { "profile", "file", "string", "", "ignored", "profiling result file" },
  { "pdb", "enable", "boolean", "false", "ignored", "start the python debugger on faults" },
  { "daemon", "pid", "string", "", "yes", "where to save the pid" },
  { "daemon", "user", "string", "nobody", "yes", "user to run as when started as root" },
  { "daemon", "daemonize", "boolean", "false", "yes", "run in the background" },
  { "daemon", "drop", "boolean", "true", "yes", "drop privileges before starting processes" },
  { "daemon", "umask", "umask", "0137", "yes", "umask of the daemon" },
  { "log", "enable", "boolean", "true", "yes", "enable logging" },
  { "log", "level", "level", "INFO", "yes", "lowest syslog priority logged" },
  { "log", "destination", "string", "stdout", "yes",
    "syslog, host:<address>, stdout, stderr or a file name" },
  { "log", "all", "boolean", "false", "yes", "debug information for everything" },
  { "log", "configuration", "boolean", "true", "yes", "report command parsing" },
  { "log", "reactor", "boolean", "true", "yes", "report signals and reloads" },
  { "log", "daemon", "boolean", "true", "yes", "report pid changes, forking" },
  { "log", "processes", "boolean", "true", "yes", "report the handling of processes" },
  { "log", "network", "boolean", "true", "yes", "report TCP/IP and network state" },
  -- ExaBGP's current version only; luabgp reports none yet, so false is
  -- honoured and only true warns
  { "log", "statistics", "boolean", "true", "later", "report packet statistics",
    later_if = true },
  { "log", "packets", "boolean", "false", "yes", "report BGP packets sent and received" },
  { "log", "rib", "boolean", "false", "yes", "report changes of configured routes" },
  { "log", "message", "boolean", "false", "yes", "report route changes on reload" },
  { "log", "timers", "boolean", "false", "yes", "report keepalive timers" },
  { "log", "routes", "boolean", "false", "yes", "report received routes" },
  { "log", "parser", "boolean", "false", "yes", "report BGP message parsing details" },
  { "log", "short", "boolean", "true", "yes", "short log lines (no time, level, pid)" },
  { "tcp", "once", "boolean", "false", "yes", "one connection attempt per peer" },
  { "tcp", "connections", "count", "0", "yes", "the old name of tcp.attempts",
    alias = "attempts" },
  { "tcp", "attempts", "count", "0", "yes",
    "connection attempts per peer, then exit when no peer is left (0: unlimited)" },
  { "tcp", "delay", "count", "0", "yes",
    "connect when the minute of the hour is a multiple of this" },
  { "tcp", "bind", "ip_list", "", "yes", "addresses to listen on (none: do not listen)" },
  { "tcp", "port", "port", "179", "yes",
    "port to listen on, and to connect to when a neighbor gives none" },
  { "tcp", "acl", "boolean", "", "ignored", "unimplemented in ExaBGP too" },
  { "bgp", "passive", "boolean", "false", "yes", "make every peer passive" },
  { "bgp", "openwait", "count", "60", "yes", "seconds to wait for an OPEN" },
  { "cache", "attributes", "boolean", "true", "ignored", "attribute sets are always interned" },
  { "cache", "nexthops", "boolean", "true", "ignored", "next hops are always cached" },
  { "api", "ack", "boolean", "true", "yes", "acknowledge commands with done/error" },
  { "api", "scripts", "string", "", "yes",
    "a directory of Lua scripts run in the daemon, as --scripts DIR (luabgp)" },
  { "api", "queue", "count", "67108864", "yes",
    "octets queued for a process before the peers feeding it are paused (luabgp)" },
  { "api", "stall", "count", "60", "yes",
    "seconds a process above api.queue may take nothing before it is restarted (luabgp)" },
  { "api", "chunk", "count", "1", "later", "lines printed before yielding in show output" },
  { "api", "encoder", "encoder", "json", "yes", "encoder of a process that names none" },
  { "api", "compact", "boolean", "false", "yes",
    "unicast and multicast NLRI without path id as plain strings in JSON" },
  { "api", "respawn", "boolean", "true", "yes", "restart processes that exit" },
  { "api", "terminate", "boolean", "false", "yes", "exit when a process exits" },
  { "api", "cli", "boolean", "true", "yes", "create the control socket" },
  { "api", "pipename", "string", "exabgp", "yes",
    "name of the control pipes (NAME.in and NAME.out, made with mkfifo, for exabgpcli)" },
  { "api", "socketname", "string", "exabgp", "yes",
    "name of the control socket (NAME.sock in ExaBGP's run directories)" },
  { "api", "socketpath", "string", "", "yes",
    "the control socket's path, instead of the search (ExaBGP's exabgp_api_socketpath)" },
  { "api", "version", "api_version", "4", "later",
    "API version of processes (luabgp speaks version 4)" },
  { "reactor", "speed", "real", "1.0", "ignored", "ExaBGP's reactor loop time" },
  { "reactor", "budget", "count", "50", "yes", "task resumes per loop turn (luabgp)" },
  { "reactor", "stall", "real", "10", "yes",
    "seconds a script may run without yielding before it is stopped (luabgp)" },
  { "debug", "pdb", "boolean", "false", "ignored", "python debugger on errors" },
  { "debug", "memory", "boolean", "false", "ignored", "python memory report" },
  { "debug", "configuration", "boolean", "false", "yes",
    "a configuration that does not load on reload stops the daemon" },
  { "debug", "selfcheck", "boolean", "false", "ignored", "self check of the configuration" },
  { "debug", "route", "string", "", "ignored", "decode a route with the configuration" },
  { "debug", "defensive", "boolean", "false", "ignored", "random faults on purpose" },
  { "debug", "rotate", "boolean", "false", "yes",
    "each reload moves to the next configuration file" },
}

local by_name = {}
for _, k in ipairs(KEYS) do
  k.section, k.option, k.kind, k.default, k.use, k.help = k[1], k[2], k[3], k[4], k[5], k[6]
  by_name[k.section .. "." .. k.option] = k
end

M.keys = KEYS

-- The defaults, as a fresh settings table.
function M.defaults()
  local s = {}
  for _, k in ipairs(KEYS) do
    s[k.section] = s[k.section] or {}
    if not k.alias then
      local v = read[k.kind](k.default)
      assert(v ~= nil, k.section .. "." .. k.option)
      s[k.section][k.option] = v
    end
  end
  return s
end

local function unquote(text)
  text = text:match("^%s*(.-)%s*$")
  return text:match("^'(.*)'$") or text:match('^"(.*)"$') or text
end

-- One meaningful line of an ini file: returns the section in force, or
-- nil and the error.
local function ini_line(line, section, found, path, n)
  local where = path .. ":" .. n .. ": "
  if line:match("^%s*%[") then
    local name = line:match("^%s*%[%s*([^%]]-)%s*%]%s*$")
    if not name then
      return nil, where .. "a section header must look like [exabgp.tcp]"
    end
    return name:lower()
  elseif line:match("^%s") then
    return nil, where .. "continuation lines are not supported (indented line)"
  end
  local key, value = line:match("^([^=:]-)%s*[=:]%s*(.*)$")
  if not key or key == "" then
    return nil, where .. "expected `key = value`"
  end
  if not section then
    return nil, where .. "`" .. key .. "` comes before any [section]"
  end
  local entry = { value = unquote(value), where = path .. ":" .. n }
  if not (section:match("^exabgp%.") or section == "exabgp") then
    entry.foreign = section
  end
  found[section:gsub("^exabgp%.", "") .. "." .. key:lower()] = entry
  return section
end

-- ConfigParser's syntax, as far as exabgp.env files use it: [section],
-- `key = value` or `key: value`, `#` and `;` comment lines, keys in any
-- case.  Returns { ["tcp.port"] = { value, line } }, or nil and the error.
local function parse_ini(text, path)
  local found, section = {}, nil
  local n = 0
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    n = n + 1
    line = line:gsub("\r$", "")
    -- blank lines and comments carry nothing
    if not (line:match("^%s*$") or line:match("^%s*[#;]")) then
      local err
      section, err = ini_line(line, section, found, path, n)
      if err then
        return nil, err
      end
    end
  end
  return found
end

-- The environment as a name -> value table (LuaJIT's FFI reads environ).
local function current_environ()
  local ffi = require "ffi"
  pcall(ffi.cdef, "extern char **environ;")
  local env, i = {}, 0
  while ffi.C.environ[i] ~= nil do
    local kv = ffi.string(ffi.C.environ[i])
    local k, v = kv:match("^([^=]*)=(.*)$")
    if k then
      env[k] = v
    end
    i = i + 1
  end
  return env
end

local function read_file(path)
  local f = io.open(path, "rb")
  if not f then
    return nil
  end
  local text = f:read("*a")
  f:close()
  return text
end

-- Load the settings.  opts (all optional):
--   env_file  the --env file (it must exist); environ  name -> value (the
--   process's own by default); search  ini files tried after env_file
--   (default /etc/exabgp/exabgp.env); warn  function(message).
-- Returns the settings (s.tcp.port, s.tcp.bind, ..., s.version when
-- exabgp_version is set, s.source["tcp.port"] = where it came from), or nil
-- and an error naming the file and line or the variable.
function M.load(opts)
  opts = opts or {}
  local environ = opts.environ or current_environ()
  local warn = opts.warn or function() end
  local ini, ini_path = {}, nil
  local candidates = {}
  if opts.env_file then
    if not read_file(opts.env_file) then
      return nil, opts.env_file .. ": cannot read the settings file"
    end
    candidates[1] = opts.env_file
  end
  for _, p in ipairs(opts.search or { "/etc/exabgp/exabgp.env" }) do
    candidates[#candidates + 1] = p
  end
  for _, p in ipairs(candidates) do
    local text = read_file(p)
    if text then
      local parsed, err = parse_ini(text, p)
      if not parsed then
        return nil, err
      end
      ini, ini_path = parsed, p
      break
    end
  end

  local s = M.defaults()
  s.source = {}
  for name, entry in pairs(ini) do
    if entry.foreign then
      warn(entry.where .. ": section [" .. entry.foreign .. "] is not an ExaBGP section, ignored")
    elseif not by_name[name] then
      warn(entry.where .. ": unknown setting " .. name .. ", ignored")
    end
  end
  for ename in pairs(environ) do
    local dotted = ename:match("^exabgp%.(.+)$")
    local under = ename:match("^exabgp_(.+)$")
    local name = dotted or (under and under:gsub("_", ".", 1))
    if name and name ~= "version" and not by_name[name] then
      warn("environment " .. ename .. ": unknown setting " .. name .. ", ignored")
    end
  end

  for _, k in ipairs(KEYS) do
    local name = k.section .. "." .. k.option
    local dotted, under = "exabgp." .. name, "exabgp_" .. name:gsub("%.", "_")
    local text, where
    if environ[dotted] then
      text, where = environ[dotted], "environment " .. dotted
    elseif environ[under] then
      text, where = environ[under], "environment " .. under
    elseif ini[name] and not ini[name].foreign then
      text, where = ini[name].value, ini[name].where
    end
    if text then
      local v, why = read[k.kind](unquote(text))
      if v == nil then
        return nil, where .. ": " .. name .. ": " .. why
      end
      local target = k.alias or k.option
      s[k.section][target] = v
      s.source[k.section .. "." .. target] = where
      if k.use ~= "yes" and text ~= k.default and (k.later_if == nil or v == k.later_if) then
        warn(where .. ": " .. name .. (k.use == "ignored" and " has no effect in luabgp"
          or " is not implemented yet"))
      end
    end
  end
  s.version = environ["exabgp_version"] or environ["exabgp.version"]
  s.file = ini_path
  return s
end

local function show(k, v)
  if k.kind == "ip_list" then
    return "'" .. table.concat(v, " ") .. "'"
  elseif k.kind == "umask" then
    return string.format("'0o%o'", v)
  elseif k.kind == "string" then
    return "'" .. v .. "'"
  end
  return tostring(v)
end

-- The settings as an ini file, ExaBGP's `--fi` layout (every key, sorted).
function M.ini(s)
  local out, sections = {}, {}
  for _, k in ipairs(KEYS) do
    if not k.alias then
      sections[k.section] = sections[k.section] or {}
      table.insert(sections[k.section], k)
    end
  end
  local names = {}
  for name in pairs(sections) do
    names[#names + 1] = name
  end
  table.sort(names)
  for _, name in ipairs(names) do
    out[#out + 1] = "[exabgp." .. name .. "]"
    table.sort(sections[name], function(a, b) return a.option < b.option end)
    for _, k in ipairs(sections[name]) do
      out[#out + 1] = k.option .. " = " .. show(k, s[k.section][k.option])
    end
    out[#out + 1] = ""
  end
  return table.concat(out, "\n")
end

return M
