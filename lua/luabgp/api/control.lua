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

local function serve_client(d, id)
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
        if line:match("^%s*bye%s*$") then
          sp:control_close(id)
          return
        end
      end
    else
      task.check(sp:await_control_lines(id))
    end
  end
end

function M.start(d, path)
  local ok, why = d.sp:control_listen(path)
  if not ok then return nil, why end
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
