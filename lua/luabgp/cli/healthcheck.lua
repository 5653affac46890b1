-- `luabgp healthcheck [options]`: ExaBGP's healthcheck as an API process
-- (`process hc { run luabgp healthcheck --ip 192.0.2.1 --cmd "..."; }`):
-- it prints its commands and reads their acknowledgements (unless
-- --no-ack). The options and the state machine are luabgp.healthcheck's.
local ffi = require "ffi"
local healthcheck = require "luabgp.healthcheck"

pcall(ffi.cdef, "int poll(void *fds, unsigned long n, int timeout); int getpid(void);")

local M = {}

local function read(path)
  local f, why = io.open(path, "r")
  if not f then return nil, why end
  local text = f:read("*a")
  f:close()
  return text
end

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

function M.run(argv)
  local o, why = healthcheck.options(argv, read)
  if not o then
    io.stderr:write("luabgp healthcheck: ", why, "\n")
    return 2
  end
  if o.pid then
    local f = io.open(o.pid, "w")
    if f then f:write(ffi.C.getpid(), "\n") f:close() end
  end
  local name = o.name and ("healthcheck " .. o.name) or "healthcheck"
  local stop = false
  healthcheck.run(o, {
    check = function(command, timeout)
      local rc = os.execute("timeout " .. tostring(timeout) .. " /bin/sh -c "
        .. quote(command) .. " >/dev/null 2>&1")
      return rc == 0 or rc == true
    end,
    exists = function(path) return read(path) ~= nil end,
    sleep = function(seconds) ffi.C.poll(nil, 0, math.floor(seconds * 1000)) end,
    send = function(line)
      io.stdout:write(line, "\n")
      io.stdout:flush()
      if o.no_ack then return end
      -- until this command's answer (events may come first)
      while true do
        local answer = io.stdin:read("*l")
        if answer == nil or answer == "shutdown" then stop = true return end
        if answer == "done" or answer == "error" then return end
      end
    end,
    execute = function(command) os.execute(command) end,
    log = function(msg) io.stderr:write(name, ": ", msg, "\n") end,
    stop = function() return stop end,
  })
  return 0
end

return M
