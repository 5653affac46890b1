-- The health check of ExaBGP (EXABGP.md §5.2): a command run every
-- interval; rise successes bring the service UP, fall failures DOWN; a
-- disable file makes it DISABLED. Each state announces the service's
-- addresses with its metric as MED (or withdraws them with
-- --withdraw-on-down).
--
-- The state machine (step), the commands of a state (announces) and the
-- loop (run) are independent of how commands are run, time passes and
-- lines are sent: scripts/healthcheck.lua runs them in the daemon,
-- `luabgp healthcheck` as an ExaBGP-style process, the specs with a fake
-- clock.
local argparse = require "argparse"

local M = {}

-- the options of ExaBGP's healthcheck (defaults as ExaBGP's)
function M.parser(name)
  local p = argparse(name or "luabgp healthcheck", "ExaBGP's healthcheck, for luabgp.")
  p:option("-n --name", "name of the service")
  p:option("--config", "a file of `option = value` lines (the long option names)")
  p:option("--pid", "write the pid to this file")
  p:option("--user", "(accepted; run luabgp as the user instead)")
  p:option("--group", "(accepted; run luabgp as the group instead)")
  p:flag("--sudo", "(accepted, ignored)")
  p:flag("-s --silent", "log nothing")
  p:option("--syslog-facility", "(accepted, ignored)")
  p:flag("--no-syslog", "(accepted, ignored)")
  p:flag("-d --debug", "log every check")
  p:option("-i --interval", "seconds between checks", "5"):convert(tonumber)
  p:option("--fast-interval", "seconds between checks while rising or falling", "1")
    :convert(tonumber)
  p:option("-t --timeout", "seconds the command may take", "5"):convert(tonumber)
  p:option("--rise", "successes before UP", "3"):convert(tonumber)
  p:option("--fall", "failures before DOWN", "3"):convert(tonumber)
  p:option("--disable", "while this file exists, the service is DISABLED")
  p:option("-c --command --cmd", "the check (a shell command; none: always up)")
  p:option("-N --next-hop", "next hop of the routes", "self")
  p:option("--ip", "an address of the service (repeatable)"):count("*")
  p:option("--local-preference", "LOCAL_PREF of the routes"):convert(tonumber)
  p:option("--up-metric", "MED while UP", "100"):convert(tonumber)
  p:option("--down-metric", "MED while DOWN", "1000"):convert(tonumber)
  p:option("--disabled-metric", "MED while DISABLED", "500"):convert(tonumber)
  p:option("--increase", "added to the metric of each next address", "1"):convert(tonumber)
  p:option("--community", "communities of the routes")
  p:option("--extended-community", "extended communities of the routes")
  p:option("--large-community", "large communities of the routes")
  p:option("--disabled-community", "communities added while DISABLED")
  p:option("--as-path", "AS path of the routes")
  p:option("--up-as-path", "AS path while UP")
  p:option("--down-as-path", "AS path while DOWN")
  p:option("--disabled-as-path", "AS path while DISABLED")
  p:flag("--withdraw-on-down", "withdraw the routes instead of a worse metric")
  p:option("--path-id", "path identifier (ADD-PATH) of the routes")
  p:option("--neighbor", "send the commands to this neighbor (a selector: IP or *)")
  p:flag("--debounce", "send the routes only when the state changes")
  p:flag("--no-ack", "do not read acknowledgements (api.ack false)")
  p:option("-e --execute", "run on every state change (repeatable)"):count("*")
  p:option("--up-execute", "run when UP (repeatable)"):count("*")
  p:option("--down-execute", "run when DOWN (repeatable)"):count("*")
  p:option("--disabled-execute", "run when DISABLED (repeatable)"):count("*")
  p:flag("--no-ip-setup", "(luabgp never adds addresses to interfaces)")
  p:flag("--dynamic-ip-setup", "(accepted, ignored)")
  p:option("--label", "(accepted, ignored: luabgp does not set up addresses)")
  p:flag("--label-exact-match", "(accepted, ignored)")
  p:flag("--deaggregate-networks", "(accepted, ignored)")
  p:option("--start-ip", "(accepted, ignored)")
  p:option("--ip-ifname", "(accepted, ignored)"):count("*")
  return p
end

-- --config FILE: `name = value` (or `name` for a flag) lines, # comments,
-- as ExaBGP's healthcheck reads it; returned as argv words.
function M.config_args(text)
  local words = {}
  local lineno = 0
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    lineno = lineno + 1
    local body = line:gsub("#.*$", ""):match("^%s*(.-)%s*$")
    if body ~= "" then
      local k, v = body:match("^([%w%-_]+)%s*=%s*(.-)$")
      if not k then
        k = body:match("^([%w%-_]+)$")
        if not k then return nil, "line " .. lineno .. ": expected `option = value`" end
      end
      words[#words + 1] = "--" .. k:gsub("_", "-")
      if v and v ~= "" then words[#words + 1] = v end
    end
  end
  return words
end

-- The options from argv (and the --config file they name, read with
-- read_file): a table, or nil and why.
function M.options(argv, read_file)
  local p = M.parser()
  local ok, o = p:pparse(argv)
  if not ok then return nil, o end
  if o.config then
    local text, why = read_file(o.config)
    if not text then return nil, "--config " .. o.config .. ": " .. tostring(why) end
    local words, cerr = M.config_args(text)
    if not words then return nil, o.config .. ": " .. cerr end
    for _, w in ipairs(argv) do words[#words + 1] = w end
    ok, o = p:pparse(words)
    if not ok then return nil, o end
  end
  if #o.ip == 0 then return nil, "no --ip: nothing to announce" end
  for i, ip in ipairs(o.ip) do
    if not ip:find("/", 1, true) then
      o.ip[i] = ip .. (ip:find(":", 1, true) and "/128" or "/32")
    end
  end
  return o
end

-- One check's outcome on the state (ExaBGP's healthcheck FSM): the new
-- state and the count of checks in it.
function M.step(state, checks, successful, disabled, o)
  if state ~= "DISABLED" and disabled then
    return "DISABLED", 0
  elseif state == "INIT" then
    if successful then
      if o.rise <= 1 then return "UP", 0 end
      return "RISING", 1
    end
    if o.fall <= 1 then return "DOWN", 0 end
    return "FALLING", 1
  elseif state == "DISABLED" then
    if not disabled then return "INIT", 0 end
  elseif state == "RISING" then
    if not successful then return "FALLING", 1 end
    checks = checks + 1
    if checks >= o.rise then return "UP", 0 end
  elseif state == "FALLING" then
    if successful then return "RISING", 1 end
    checks = checks + 1
    if checks >= o.fall then return "DOWN", 0 end
  elseif state == "UP" then
    if not successful then
      if o.fall <= 1 then return "DOWN", 0 end
      return "FALLING", 1
    end
  elseif state == "DOWN" then
    if successful then
      if o.rise <= 1 then return "UP", 0 end
      return "RISING", 1
    end
  end
  return state, checks
end

local function list_value(v)
  if v:match("^%[") then return v end
  return "[ " .. v .. " ]"
end

-- The commands a state sends: one per address (none while rising or
-- falling, whose routes stay as they were).
function M.announces(state, o)
  if state ~= "UP" and state ~= "DOWN" and state ~= "DISABLED" then return {} end
  local metric = o[state:lower() .. "_metric"]
  local out = {}
  for _, ip in ipairs(o.ip) do
    local line
    if o.withdraw_on_down and state ~= "UP" then
      line = "withdraw route " .. ip .. " next-hop " .. o.next_hop
    else
      line = "announce route " .. ip .. " next-hop " .. o.next_hop .. " med " .. metric
      local community = o.community
      if state == "DISABLED" and o.disabled_community then
        community = community and (community .. " " .. o.disabled_community)
          or o.disabled_community
      end
      if community then line = line .. " community " .. list_value(community) end
      if o.extended_community then
        line = line .. " extended-community " .. list_value(o.extended_community)
      end
      if o.large_community then
        line = line .. " large-community " .. list_value(o.large_community)
      end
      local as_path = o[state:lower() .. "_as_path"] or o.as_path
      if as_path then line = line .. " as-path " .. list_value(as_path) end
      if o.local_preference then line = line .. " local-preference " .. o.local_preference end
    end
    if o.path_id then line = line .. " path-information " .. o.path_id end
    if o.neighbor then line = "neighbor " .. o.neighbor .. " " .. line end
    out[#out + 1] = line
    metric = metric + o.increase
  end
  return out
end

-- The loop, until io.stop() says so (nil: forever). io gives:
--   check(command, timeout) -> bool   exists(path) -> bool
--   sleep(seconds)   send(line)   execute(command)   log(message)
-- Returns the last state.
function M.run(o, io)
  local state, checks = "INIT", 0
  while not (io.stop and io.stop()) do
    local disabled = o.disable ~= nil and io.exists(o.disable)
    local successful = disabled or (o.command == nil) or io.check(o.command, o.timeout)
    if o.debug then io.log("check: " .. (successful and "success" or "failure")) end
    local new
    new, checks = M.step(state, checks, successful, disabled, o)
    local changed = new ~= state
    if changed then
      if not o.silent then io.log("state " .. state .. " -> " .. new) end
      state = new
      for _, cmd in ipairs(o.execute) do io.execute(cmd) end
      for _, cmd in ipairs(o[state:lower() .. "_execute"] or {}) do io.execute(cmd) end
    end
    if changed or not o.debounce then
      for _, line in ipairs(M.announces(state, o)) do io.send(line) end
    end
    io.sleep((state == "RISING" or state == "FALLING") and o.fast_interval or o.interval)
  end
  return state
end

return M
