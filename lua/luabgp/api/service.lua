-- The commands about the daemon and the command session themselves, which
-- take no neighbor (EXABGP.md §2.1, §2.3): help, version, shutdown,
-- reload, restart, the acknowledgement and sync controls, and ExaBGP
-- main's reset, crash, ping, bye, status, queue-status and api version.
--
--   service.handlers[name](d, src, args) -> ok, why
--
-- name and args: what grammar.lua reads from the command (its words are
-- checked there: a handler gets the fields of a command that fits).
local cjson = require "cjson"
local ffi = require "ffi"

pcall(ffi.cdef, "int getpid(void);")

local M = {}

M.HELP = {
  "announce route|attributes|flow|vpls|ipv4|ipv6|l2vpn|watchdog|eor|route-refresh|operational ...",
  "withdraw route|attributes|flow|vpls|ipv4|ipv6|l2vpn|watchdog ...",
  "neighbor IP [local-ip IP] [local-as N] [peer-as N] [router-id ID] [family-allowed F]"
    .. " [, neighbor ...] COMMAND",
  "neighbor * COMMAND",
  "teardown CODE",
  "show neighbor [IP] [summary|extensive|configuration] [json]",
  "show adj-rib in|out [extensive]",
  "flush adj-rib out", "clear adj-rib in|out",
  "shutdown", "reload", "restart", "version", "help", "reset", "crash",
  "enable-ack", "disable-ack", "silence-ack", "enable-sync", "disable-sync",
  "ping [UUID START] [text]", "bye [UUID]", "status [json]", "queue-status [json]",
  "api version [4|6] [json]",
  "group start", "group end", "group COMMAND ; COMMAND ...",
  "create neighbor IP local-address IP local-as N peer-as N [router-id ID] [api PROCESS]...",
  "delete neighbor IP",
  "ExaBGP main's forms: peer *|IP|[ IP ..., IP ] COMMAND, peer list|show|create|delete,",
  "  daemon shutdown|reload|restart|status, session ack|sync ..., rib show|flush|clear ...",
}

-- The daemon's identity for ping and status: a random UUID (RFC 9562
-- §5.4, version 4), made once, and when it started (api.start sets it).
local function identity(d)
  if d.uuid then return d.uuid, d.started end
  local f = io.open("/dev/urandom", "rb")
  local raw = f and f:read(16)
  if f then f:close() end
  if not raw or #raw ~= 16 then
    raw = {}
    for k = 1, 16 do raw[k] = string.char(math.random(0, 255)) end
    raw = table.concat(raw)
  end
  local b = { raw:byte(1, 16) }
  b[7] = b[7] % 16 + 0x40 -- version 4
  b[9] = b[9] % 64 + 0x80 -- the RFC's variant
  local hex = string.format(string.rep("%02x", 16), unpack(b))
  d.uuid = hex:sub(1, 8) .. "-" .. hex:sub(9, 12) .. "-" .. hex:sub(13, 16) .. "-" ..
    hex:sub(17, 20) .. "-" .. hex:sub(21)
  d.started = d.started or os.time()
  return d.uuid, d.started
end

local function shutdown_like(message, why)
  return function(d, src)
    src:write(message)
    d:stop(why)
    return true
  end
end

-- ExaBGP main's `status`: the daemon, then each neighbor's state.
local function status(d, src, args)
  local json = args.output == "json"
  local uuid, started = identity(d)
  local now = os.time()
  local up = now - started
  local peers, names = {}, {}
  for _, n in ipairs(d:neighbors()) do
    local name = "neighbor " .. tostring(n.nb["peer-address"])
    names[#names + 1] = name
    peers[name] = d.sp:info(n.i).state:upper()
  end
  if json then
    src:write(cjson.encode({ version = d.version_text, uuid = uuid, pid = ffi.C.getpid(),
      uptime = up, start_time = started, peers = peers }))
    return true
  end
  src:write("luabgp daemon status")
  src:write("====================")
  src:write("Version: " .. d.version_text)
  src:write("UUID: " .. uuid)
  src:write("PID: " .. tostring(ffi.C.getpid()))
  src:write(string.format("Uptime: %dh %dm %ds", math.floor(up / 3600),
    math.floor(up % 3600 / 60), up % 60))
  src:write("Peers: " .. #names)
  for _, name in ipairs(names) do src:write("  - " .. name .. ": " .. peers[name]) end
  return true
end

-- `ping [UUID START] [text]`: JSON unless text is asked for, as in ExaBGP
-- main; the client's UUID and start (and more words, which main ignores
-- too) are its own business.
local function ping(d, src, args)
  local json = args.output ~= "text"
  local uuid = identity(d)
  if json then
    src:write(cjson.encode({ pong = uuid, active = true }))
  else
    src:write("pong " .. uuid .. " active=true")
  end
  return true
end

-- `queue-status [json]`: what waits for each process to read it.
local function queue_status(d, src, args)
  local json = args.output == "json"
  local stats, names = {}, {}
  for name, p in pairs(d.st and d.st.procs or {}) do
    local bytes, lines = d.sp:process_queue(p)
    if bytes > 0 then
      names[#names + 1] = name
      stats[name] = { items = lines, bytes = bytes }
    end
  end
  table.sort(names)
  if json then
    src:write(next(stats) and cjson.encode(stats) or "{}")
  elseif #names == 0 then
    src:write("no queued messages")
  else
    for _, name in ipairs(names) do
      src:write(string.format("%s: %d items (%d bytes)", name, stats[name].items,
        stats[name].bytes))
    end
  end
  return true
end

-- `api version [4|6] [json]`: luabgp speaks API version 4 (ExaBGP 4.2's
-- text and JSON); main's version 6 (JSON only) is refused with its reason.
local function api_version(_, src, args)
  local json = args.output == "json"
  local want = args.version
  if want and want ~= "4" then
    if want == "6" then
      return nil, "API version 6 (JSON only) is not supported: luabgp speaks version 4"
    end
    return nil, "API version must be 4 or 6, not '" .. want .. "'"
  end
  if json then
    src:write(cjson.encode(want and { status = "API version set", version = 4 }
      or { api_version = 4, description = "legacy (text/json)" }))
  else
    src:write(want and "API version set to 4" or "API version: 4 (legacy (text/json))")
  end
  return true
end

M.handlers = {
  help = function(_, src)
    for _, l in ipairs(M.HELP) do src:write(l) end
    return true
  end,
  version = function(d, src, args)
    local json = args.output == "json"
    src:write(json and cjson.encode({ version = d.version_text, application = "luabgp" })
      or d.version_text)
    return true
  end,
  shutdown = shutdown_like("shutdown in progress", "shutdown"),
  reload = shutdown_like("reload in progress", "reload"),
  restart = shutdown_like("restart in progress", "restart"),
  -- ExaBGP drops the source's queued asynchronous work; a source's commands
  -- run here in order, so none of its own is pending when reset runs
  reset = function(_, src)
    src:write("asynchronous queue cleared")
    return true
  end,
  -- answered, then an error raised in a task of its own: the log shows it
  -- with its traceback and nothing else stops (the scheduler's contract)
  crash = function(d, src)
    if not d.T then return nil, "no scheduler to crash a task in" end
    src:answer(true)
    d.T:spawn_with({ name = "crash" }, function() error("crash test of the API", 0) end)
    return "quiet"
  end,
  ["enable-ack"] = function(_, src)
    src.ack = true
    return true
  end,
  ["disable-ack"] = function(_, src)
    src:answer(true)
    src.ack = false
    return "quiet"
  end,
  ["silence-ack"] = function(_, src)
    src.ack = false
    return "quiet"
  end,
  ["enable-sync"] = function(_, src)
    src.sync = true
    return true
  end,
  ["disable-sync"] = function(_, src)
    src.sync = false
    return true
  end,
  ping = ping,
  -- the client's farewell (ExaBGP main forgets its UUID; luabgp keeps none)
  bye = function() return true end,
  status = status,
  ["queue-status"] = queue_status,
  ["api version"] = api_version,
}

return M
