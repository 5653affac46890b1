-- `luabgp [options] CONFIG...`: run an ExaBGP configuration.
--
-- ExaBGP 4.2's options are accepted so that wrappers and unit files keep
-- working (--env/-e FILE, --debug/-d, --once, --root DIR, --pdb and the
-- profiling flags, which mean nothing here and are ignored with a warning).
-- Settings come from settings.lua (environment, ini file, defaults).
--
-- What runs today: the neighbors with their OPEN, their static routes
-- (sent as soon as each session is up, then End-of-RIB), passive/active
-- sessions, tcp.bind listeners and per-neighbor `listen` ports,
-- tcp.attempts/tcp.once (exit once every
-- neighbor has given up), SIGTERM/SIGHUP/SIGINT (Cease to every peer, then
-- exit).
local argparse = require "argparse"
local core = require "luabgp.core"
local config = require "luabgp.config"
local settings = require "luabgp.settings"
local open = require "luabgp.daemon.open"
local routes = require "luabgp.daemon.routes"
local api = require "luabgp.api"

local M = {}

local function parser()
  local p = argparse("luabgp", "Run ExaBGP configuration files.")
  p:argument("config", "configuration file(s)"):args("+")
  p:option("-e --env", "settings file (ExaBGP's exabgp.env)")
  p:flag("-t --test --check", "validate the configuration files and exit")
  p:flag("-d --debug", "log everything to stderr (log.level DEBUG)")
  p:flag("--once", "one connection attempt per peer (tcp.once)")
  p:option("--root", "ExaBGP's installation root (accepted, unused)")
  p:flag("-p --pdb", "ExaBGP's python debugger (accepted, ignored)")
  p:option("--profile", "ExaBGP's profiler output (accepted, ignored)")
  p:flag("--memory", "ExaBGP's memory report (accepted, ignored)")
  p:flag("-s --signal", "ExaBGP's signal handling debug (accepted, ignored)")
  p:option("--scripts", "a directory of Lua scripts to run in the daemon (docs/lua-api.md)")
  p:flag("--decode", "use `luabgp decode` instead"):hidden(true)
  return p
end

local function warn(msg)
  io.stderr:write("luabgp: warning: ", msg, "\n")
end

local function neighbor_opts(nb, s, msg)
  local once = s.tcp.once and 1 or 0
  return {
    remote = nb["peer-address"],
    port = nb.connect or s.tcp.port,
    ["local"] = nb["local-address"] ~= "auto" and nb["local-address"] or nil,
    passive = nb.passive or s.bgp.passive,
    hold_time = nb["hold-time"],
    open = msg,
    peer_as = nb["peer-as"],
    group_updates = nb["group-updates"],
    adj_rib_in = nb["adj-rib-in"],
    manual_eor = nb["manual-eor"],
    attempts = s.tcp.attempts > 0 and s.tcp.attempts or once,
    openwait = s.bgp.openwait,
    md5 = nb["md5-password"],
    ttl = nb["outgoing-ttl"],
    gtsm = nb["incoming-ttl"] and (256 - nb["incoming-ttl"]) or nil,
  }
end

local function dirname(path)
  return path:match("^(.*)/[^/]*$") or "."
end

-- `process` blocks: a program path with a "/" that is not absolute is
-- relative to the configuration's directory (ExaBGP's rule).
local function add_processes(sp, cfg, path, s)
  local index = {}
  for name, pr in pairs(cfg.processes or {}) do
    local argv = {}
    for i, w in ipairs(pr.run or {}) do
      argv[i] = w
    end
    if argv[1] and argv[1]:find("/", 1, true) and argv[1]:sub(1, 1) ~= "/" then
      argv[1] = dirname(path) .. "/" .. argv[1]
    end
    local encoder = pr.encoder or s.api.encoder
    local respawn = pr.respawn
    if respawn == nil then
      respawn = s.api.respawn
    end
    local i, why = sp:process { name = name, argv = argv, text = encoder == "text",
      respawn = respawn }
    if not i then
      return nil, path .. ": process " .. name .. ": " .. why
    end
    index[name] = i
  end
  return index
end

-- A neighbor's `api` bindings: which events go to which process.  Neither
-- `parsed` nor `packets` means parsed, as in ExaBGP.
local function subscribe(sp, i, nb, procs)
  local bound = {} -- the indexes of the processes it sends to
  for _, binding in ipairs(nb.api or {}) do
    local flags = {}
    for k, v in pairs(binding.receive or {}) do
      flags[k] = v
    end
    if not flags.packets then
      flags.parsed = true
    end
    if next(binding.send or {}) then
      flags.send = true
    end
    local names = {}
    for _, name in ipairs(binding.processes or {}) do
      names[name] = true
    end
    for _, pattern in ipairs(binding["processes-match"] or {}) do
      for name in pairs(procs) do
        if name:match(pattern) then
          names[name] = true
        end
      end
    end
    for name in pairs(names) do
      if not procs[name] then
        return nil, "api: no process named '" .. name .. "'"
      end
      sp:subscribe(i, procs[name], flags)
      bound[procs[name]] = true
    end
  end
  return bound
end

local levels = { EMERG = 0, ALERT = 1, CRIT = 2, ERR = 3, WARNING = 4, NOTICE = 5, INFO = 6,
  DEBUG = 7 }
local topics = { "network", "processes", "reactor", "daemon", "configuration", "packets", "rib",
  "message", "timers", "routes", "parser" }

-- log.* settings for the speaker's log (log.all turns every topic on)
local function log_settings(s)
  local t = {}
  for _, name in ipairs(topics) do
    t[name] = s.log.all or s.log[name]
  end
  return { enable = s.log.enable, level = levels[s.log.level], short = s.log.short,
    destination = s.log.destination, topics = t }
end

-- A stable text of a Lua value (sorted keys), to compare configurations.
local function canonical(v)
  if type(v) ~= "table" then
    return type(v) == "string" and string.format("%q", v) or tostring(v)
  end
  local keys = {}
  for k in pairs(v) do
    keys[#keys + 1] = k
  end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local parts = {}
  for _, k in ipairs(keys) do
    parts[#parts + 1] = tostring(k) .. "=" .. canonical(v[k])
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

-- A neighbor's settings, routes left out: what restarts its session when
-- it changes on reload.
local function settings_key(nb)
  local copy = {}
  for k, v in pairs(nb) do
    if k ~= "routes" then
      copy[k] = v
    end
  end
  return canonical(copy)
end

-- Add one neighbor and its routes to the speaker: its state, or nil, why.
local function add_neighbor(st, nb, problems, bulk)
  local name = "neighbor " .. tostring(nb["peer-address"])
  local msg, why = open.build(nb, { software = st.s.software })
  if not msg then
    return nil, name .. ": " .. why
  end
  local i, bound
  i, why = st.sp:neighbor(neighbor_opts(nb, st.s, msg))
  if i then
    local serr
    bound, serr = subscribe(st.sp, i, nb, st.procs)
    if not bound then
      i, why = nil, serr
    end
  end
  if not i then
    return nil, name .. ": " .. why
  end
  local n = { i = i, key = settings_key(nb), nb = nb, procs = bound, held = {} }
  routes.give(st.sp, n.i, nb, problems, bulk and bulk[nb], n.held)
  nb.routes = nil -- given: the speaker has them
  return n
end

-- A listening socket on ip:port, once.
local function listen(st, ip, port)
  local key = ip .. " " .. port
  if st.listening[key] then
    return true
  end
  local ok, why = st.sp:listen(ip, port)
  if ok then
    st.listening[key] = true
  end
  return ok, why
end

-- A neighbor's `listen PORT`: ExaBGP opens one more listener, on the
-- neighbor's local address (every address when it has none), whatever
-- tcp.bind says.
local function neighbor_listen(st, nb)
  if not nb.listen then
    return true
  end
  local ip = nb["local-address"]
  if not ip or ip == "auto" then
    ip = tostring(nb["peer-address"]):find(":", 1, true) and "::" or "0.0.0.0"
  end
  local ok, why = listen(st, ip, nb.listen)
  if not ok then
    return nil, "neighbor " .. tostring(nb["peer-address"]) .. ": " .. why
  end
  return true
end

-- Set up the speaker from one configuration: the daemon's state, or nil
-- and the error.
local function setup(path, s)
  local st = { sp = core.speaker(), s = s, nbs = {} }
  local logged, lerr = st.sp:log(log_settings(s))
  -- api.terminate: the daemon ends when a process does
  st.sp:terminate_with_processes(s.api.terminate)
  st.sp:events { compact = s.api.compact }
  st.sp:limits { queue = s.api.queue, stall = s.api.stall }
  if not logged then
    return nil, lerr
  end
  local bulk = {}
  local cfg, err = config.load(path, routes.sinks(bulk))
  if not cfg then
    return nil, config.format(err)
  end
  st.scripts = cfg.scripts
  st.procs, err = add_processes(st.sp, cfg, path, s)
  if not st.procs then
    return nil, err
  end
  st.listening = {}
  for _, ip in ipairs(s.tcp.bind) do
    local ok, why = listen(st, ip, s.tcp.port)
    if not ok then
      return nil, why
    end
  end
  for _, nb in ipairs(cfg.neighbors) do
    local ok, why = neighbor_listen(st, nb)
    if not ok then
      return nil, path .. ": " .. why
    end
  end
  local problems = {}
  for _, nb in ipairs(cfg.neighbors) do
    local n, why = add_neighbor(st, nb, problems, bulk)
    if not n then
      return nil, path .. ": " .. why
    end
    st.nbs[nb["peer-address"]] = n
    st.version = (st.version or 0) + 1
  end
  for _, p in ipairs(problems) do
    warn(p)
  end
  collectgarbage()
  return st
end

-- ExaBGP's reload: neighbors whose settings changed (every one with
-- restart) start again (Cease 6/6), removed ones stop (Cease 6/3), new
-- ones start, and route changes go to the others without a reset.  A
-- configuration that does not load leaves everything as it was.
local function reload(st, path, restart)
  local bulk = {}
  local cfg, err = config.load(path, routes.sinks(bulk))
  if not cfg then
    warn("reload of " .. path .. " refused: " .. config.format(err))
    return false, config.format(err)
  end
  st.scripts = cfg.scripts
  local problems, seen = {}, {}
  for _, nb in ipairs(cfg.neighbors) do
    local key = nb["peer-address"]
    local n = st.nbs[key]
    seen[key] = true
    if n and not restart and n.key == settings_key(nb) then
      n.held = {}
      routes.give(st.sp, n.i, nb, problems, bulk[nb], n.held)
      nb.routes = nil
      n.nb = nb
    else
      if n then
        st.sp:neighbor_remove(n.i, 6)
      end
      local added, why = add_neighbor(st, nb, problems, bulk)
      if added then
        local ok, lerr = neighbor_listen(st, nb)
        if not ok then
          problems[#problems + 1] = lerr
        end
        st.nbs[key] = added
        st.version = (st.version or 0) + 1
        st.sp:neighbor_start(added.i)
      else
        problems[#problems + 1] = why
      end
    end
  end
  for key, n in pairs(st.nbs) do
    if not seen[key] then
      st.sp:neighbor_remove(n.i, 3)
      st.nbs[key] = nil
      st.version = (st.version or 0) + 1
    end
  end
  for _, p in ipairs(problems) do
    warn(p)
  end
  return true
end

-- The API's `create neighbor IP KEY VALUE ... [api PROCESS]...` (ExaBGP
-- main's dynamic peers, without a reload): the pairs become a neighbor
-- block read by the configuration grammar, so every check of a configured
-- neighbor applies; the neighbor starts at once. true, or nil and why.
local function create_neighbor(st, ip, pairs_list)
  if st.nbs[ip] then
    return nil, "neighbor " .. ip .. " exists already"
  end
  local lines, procs = { "neighbor " .. ip .. " {" }, {}
  for _, kv in ipairs(pairs_list) do
    local k, v = kv[1], kv[2]
    if k == "api" then
      if not st.procs[v] then return nil, "api: no process named '" .. v .. "'" end
      procs[#procs + 1] = v
    elseif k == "family-allowed" then
      lines.family = true
      lines[#lines + 1] = "family {"
      for fam in v:gmatch("[^/,]+") do
        lines[#lines + 1] = (fam:gsub("%-", " ", 1)) .. ";"
      end
      lines[#lines + 1] = "}"
    elseif not k:match("^[%w%-]+$") or v:find("[;{}]") then
      return nil, "'" .. k .. " " .. v .. "' is not a neighbor setting"
    else
      lines[#lines + 1] = k .. " " .. v .. ";"
    end
  end
  -- without family-allowed, the unicast family of the peer's address
  -- (ExaBGP's peer create), not every family a configured neighbor gets
  if not lines.family then
    lines[#lines + 1] = ip:find(":", 1, true) and "family { ipv6 unicast; }"
      or "family { ipv4 unicast; }"
  end
  lines[#lines + 1] = "}"
  local cfg, err = config.load_string(table.concat(lines, "\n"), "create neighbor")
  if not cfg then return nil, err.msg end
  local nb = cfg.neighbors[1]
  nb.api = { { processes = procs, receive = {}, send = {} } }
  local problems = {}
  local n, why = add_neighbor(st, nb, problems)
  if not n then return nil, why end
  st.nbs[nb["peer-address"]] = n
  st.version = (st.version or 0) + 1
  st.sp:neighbor_start(n.i)
  for _, p in ipairs(problems) do warn(p) end
  return true
end

-- The API's `delete neighbor IP`: Cease 6/3 (peer de-configured).
local function delete_neighbor(st, ip)
  local n = st.nbs[ip]
  if not n then return nil, "no neighbor " .. ip end
  st.sp:neighbor_remove(n.i, 3)
  st.nbs[ip] = nil
  st.version = (st.version or 0) + 1
  return true
end

local ffi = require "ffi"
pcall(ffi.cdef, "int getpid(void); unsigned int umask(unsigned int mask);")
pcall(ffi.cdef, [[
int fork(void);
int setsid(void);
int getppid(void);
void _exit(int status);
int open(const char *path, int flags, ...);
int dup2(int from, int to);
int close(int fd);
long readlink(const char *path, char *buf, size_t n);
]])

-- Is standard input a socket (a supervisor such as systemd or inetd)?
local function stdin_is_socket()
  local buf = ffi.new("char[64]")
  local n = ffi.C.readlink("/proc/self/fd/0", buf, 64)
  return n > 0 and ffi.string(buf, n):sub(1, 7) == "socket:"
end

-- daemon.daemonize, as ExaBGP: not while logs go to stdout or stderr, nor
-- under a supervisor (started by init, or stdin a socket); otherwise the
-- double fork, a new session, and the standard streams on /dev/null.
-- Runs before anything starts a thread (fork keeps only the caller's).
local function daemonize(s)
  if not s.daemon.daemonize then
    return
  end
  local dest = s.log.destination:lower()
  if s.log.enable and (dest == "stdout" or dest == "stderr") then
    warn("daemon.daemonize: not forking while the logs go to " .. dest)
    return
  end
  if ffi.C.getppid() == 1 or stdin_is_socket() then
    return
  end
  for round = 1, 2 do
    local pid = ffi.C.fork()
    if pid < 0 then
      warn("daemon.daemonize: fork failed, staying in the foreground")
      return
    end
    if pid > 0 then
      ffi.C._exit(0)
    end
    if round == 1 then
      ffi.C.setsid()
    end
  end
  io.stdout:flush()
  local null = ffi.C.open("/dev/null", 2) -- O_RDWR
  if null >= 0 then
    for fd = 0, 2 do
      ffi.C.dup2(null, fd)
    end
    if null > 2 then
      ffi.C.close(null)
    end
  end
end

-- daemon.umask (ExaBGP's default 0137 covers the files it writes) and
-- daemon.pid: the pid file written at start and removed at exit.
local function daemon_start(s)
  ffi.C.umask(s.daemon.umask)
  if s.daemon.pid ~= "" then
    local f, why = io.open(s.daemon.pid, "w")
    if not f then
      return nil, "daemon.pid: cannot write " .. s.daemon.pid .. ": " .. tostring(why)
    end
    f:write(tostring(ffi.C.getpid()), "\n")
    f:close()
  end
  return true
end

local function daemon_stop(s)
  if s.daemon.pid ~= "" then
    os.remove(s.daemon.pid)
  end
end

-- tcp.delay N (minutes): the seconds from now (a time in seconds since
-- the epoch) until the next multiple of N minutes of the clock, when
-- ExaBGP starts connecting.
-- the speaker of a configuration, set up and not yet run (for
-- spec/helpers/script.lua, which runs users' scripts in one)
M.setup = setup

function M.delay_seconds(minutes, now)
  if minutes <= 0 then
    return 0
  end
  local period = minutes * 60
  return period - now % period
end

-- argv: the arguments after the program name, version: luabgp's.
-- Returns the exit status.
function M.run(argv, version)
  local ok, args = parser():pparse(argv)
  if not ok then
    io.stderr:write("luabgp: ", args, "\n")
    return 1
  end
  for _, flag in ipairs { "pdb", "profile", "memory", "signal" } do
    if args[flag] then
      warn("--" .. flag .. " is ExaBGP's (python) and has no effect in luabgp")
    end
  end
  local s, err = settings.load { env_file = args.env, warn = warn }
  if not s then
    io.stderr:write("luabgp: ", err, "\n")
    return 1
  end
  -- `exabgp --env FILE --test CONF`, as wrappers run it
  if args.test then
    return require("luabgp.cli.check").run(args.config)
  end
  if args.once then
    s.tcp.once = true
  end
  if args.debug then
    s.log.level, s.log.all = "DEBUG", true
  end
  -- exabgp_version: the version a speaker in ExaBGP's place reports
  s.software = s.version and ("ExaBGP/" .. s.version) or ("luabgp/" .. version)
  -- debug.rotate: each reload moves to the next file; the first one runs
  local current = 1
  local st, started
  daemonize(s)
  st, err = setup(args.config[current], s)
  if st then
    started, err = daemon_start(s)
    st.sp:delay(M.delay_seconds(s.tcp.delay, os.time()))
    -- daemon.user once the listeners are open (ports below 1024 need root)
    st.sp:privileges { user = s.daemon.user, drop = s.daemon.drop }
  end
  if not st or not started then
    io.stderr:write("luabgp: ", err, "\n")
    return 1
  end
  st.create_neighbor = create_neighbor
  st.delete_neighbor = delete_neighbor
  local d = api.start(st, s, s.software)
  d:watchdogs()
  if s.api.cli then
    local control = require "luabgp.api.control"
    local path, perr = control.path(s)
    local pok, pwhy = control.pipes(d, s)
    if pok == nil then warn("api.cli: named pipes: " .. pwhy) end
    local cok
    if path then cok, perr = control.start(d, path) end
    if not cok then
      warn("api.cli: no control socket: " .. perr)
      if pok then control.start(d, nil) end
    end
  end
  -- --scripts DIR, the configuration's `scripts DIR;`, or the api.scripts
  -- setting (an env file, a unit), in that order
  local function scripts_dir()
    return args.scripts or st.scripts or (s.api.scripts ~= "" and s.api.scripts or nil)
  end
  local running_scripts = scripts_dir()
  if running_scripts then
    local sok, serr = require("luabgp.script").start(d, running_scripts)
    if not sok then warn("scripts: " .. serr) end
  end
  local why
  -- what the API's shutdown, reload and restart commands stand for
  local commanded = { reload = "SIGUSR1", restart = "SIGUSR2" }
  while true do
    why, err = st.sp:run()
    if why == "shutdown" then
      st.sp:shutdown()
      why = "SIGTERM"
    end
    why = commanded[why] or why
    if why ~= "SIGUSR1" and why ~= "SIGUSR2" and why ~= "SIGALRM" then
      break
    end
    if s.debug.rotate then
      current = current % #args.config + 1
    end
    local loaded, lerr = reload(st, args.config[current], why ~= "SIGUSR1")
    d:watchdogs()
    -- scripts are read again on every reload (from where the configuration
    -- now says); sessions are left alone
    if running_scripts or scripts_dir() then
      local script = require "luabgp.script"
      script.stop(d)
      running_scripts = scripts_dir()
      if running_scripts then
        local sok, serr = script.start(d, running_scripts)
        if not sok then warn("scripts: " .. serr) end
      end
    end
    -- debug.configuration: ExaBGP stops on a configuration that does not load
    if not loaded and s.debug.configuration then
      st.sp:shutdown()
      why, err = nil, "debug.configuration: stopping on " .. lerr
      break
    end
  end
  if not why then
    io.stderr:write("luabgp: ", err, "\n")
  end
  st.sp:close()
  daemon_stop(s)
  return (why == "done" or why == "SIGTERM" or why == "SIGHUP" or why == "SIGINT") and 0 or 1
end

return M
