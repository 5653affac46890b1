-- ExaBGP's healthcheck, in the daemon: copy this file into the scripts
-- directory (luabgp --scripts DIR) with a healthcheck.conf beside it, in
-- the format of ExaBGP's `healthcheck --config` (`option = value` lines):
--
--   ip = 192.0.2.1/32
--   command = curl -fs http://127.0.0.1/health
--   rise = 2
--   fall = 2
--
-- The check runs as a child process that the script awaits: a slow check
-- never holds up the sessions or the other scripts. See
-- lua/luabgp/healthcheck.lua for the options and the state machine.
local bgp = ...
local healthcheck = require "luabgp.healthcheck"

local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
local conf = here .. "/healthcheck.conf"

local function read(path)
  local f, why = io.open(path, "r")
  if not f then return nil, why end
  local text = f:read("*a")
  f:close()
  return text
end

local o, why = healthcheck.options({ "--config", conf }, read)
if not o then
  bgp.log("healthcheck: " .. why, "error")
  return
end
local name = o.name and ("healthcheck " .. o.name) or "healthcheck"

healthcheck.run(o, {
  check = function(command, timeout)
    local status = bgp.run({ "/bin/sh", "-c", command }, timeout)
    return status == 0
  end,
  exists = function(path)
    local f = io.open(path, "r")
    if f then f:close() end
    return f ~= nil
  end,
  sleep = bgp.sleep,
  send = function(line)
    local ok, err = bgp.command(line)
    if not ok then bgp.log(name .. ": " .. line .. ": " .. tostring(err), "warning") end
  end,
  execute = function(command) bgp.run({ "/bin/sh", "-c", command }, o.timeout) end,
  log = function(msg) bgp.log(name .. ": " .. msg) end,
})
