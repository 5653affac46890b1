-- The control socket (ExaBGP main's CLI transport): where it lives, and the
-- daemon's side, a task per client running its commands (source.lua).
--
-- Its path: api.socketpath when set, else NAME.sock (api.socketname) in the
-- first of ExaBGP's run directories that exists and that we may write to:
-- /run/exabgp/, /run/UID/, /run/, /var/run/exabgp/, /var/run/UID/,
-- /var/run/.
local ffi = require "ffi"
local source = require "luabgp.api.source"
local task = require "luabgp.task"

pcall(ffi.cdef, "int access(const char *path, int mode); unsigned int getuid(void);")

local M = {}

local W_OK, F_OK = 2, 0

function M.dirs()
  local uid = tostring(ffi.C.getuid())
  return { "/run/exabgp/", "/run/" .. uid .. "/", "/run/", "/var/run/exabgp/",
    "/var/run/" .. uid .. "/", "/var/run/" }
end

-- Where the daemon puts its socket: a path, or nil and why.
function M.path(s)
  if s.api.socketpath ~= "" then return s.api.socketpath end
  for _, dir in ipairs(M.dirs()) do
    if ffi.C.access(dir, W_OK) == 0 then return dir .. s.api.socketname .. ".sock" end
  end
  return nil, "no run directory we may write to (" .. table.concat(M.dirs(), " ")
    .. "): set api.socketpath"
end

-- Where a client finds it: the explicit path, else the first that exists.
function M.find(s)
  if s.api.socketpath ~= "" then return s.api.socketpath end
  for _, dir in ipairs(M.dirs()) do
    local p = dir .. s.api.socketname .. ".sock"
    if ffi.C.access(p, F_OK) == 0 then return p end
  end
  return nil, "no control socket " .. s.api.socketname .. ".sock in "
    .. table.concat(M.dirs(), " ") .. " (is the daemon running? set api.socketpath)"
end

local serve_lines

local function serve_client(d, id)
  -- the connection is closed however the task ends
  local ok, err = pcall(serve_lines, d, id)
  d.sp:control_close(id)
  if not ok then error(err, 0) end
end

serve_lines = function(d, id)
  local sp = d.sp
  local src = source.new(d, { name = "control client " .. id, all = true,
    write = function(text) sp:control_send(id, text) end })
  -- a client waits for done or error: acknowledgements are always on
  src.ack = true
  while true do
    local text = sp:control_take(id)
    if text == false then return end
    if text then
      for line in text:gmatch("([^\n]*)\n") do
        src.ack = true
        src:run(line)
        if line:match("^%s*bye%s*$") then return end
      end
    else
      task.check(sp:await_control_lines(id))
    end
  end
end

-- ExaBGP 4.2's named pipes (api.pipename), for Debian's exabgpcli: NAME.in
-- and NAME.out in the first run directory that has both (the
-- administrator makes them with mkfifo, as for ExaBGP). true when found.
function M.pipes(d, s)
  local name = s.api.pipename
  for _, dir in ipairs(M.dirs()) do
    local pin, pout = dir .. name .. ".in", dir .. name .. ".out"
    if ffi.C.access(pin, F_OK) == 0 and ffi.C.access(pout, F_OK) == 0 then
      local ok, why = d.sp:control_pipes(pin, pout)
      if not ok then return nil, why end
      return true
    end
  end
  return false
end

-- The clients: every connection to the socket at path (none: nil), and
-- the named pipes once control_pipes() added them.
function M.start(d, path)
  if path then
    local ok, why = d.sp:control_listen(path)
    if not ok then return nil, why end
  end
  d.T:spawn_with({ name = "control socket" }, function()
    while true do
      local ids = d.sp:control_accepted()
      if ids then
        for _, id in ipairs(ids) do
          d.T:spawn_with({ name = "control client " .. id }, serve_client, d, id)
        end
      else
        task.check(d.sp:await_control())
      end
    end
  end)
  return true
end

return M
