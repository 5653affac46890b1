-- busted helper: where the specs find the build and the shared vectors.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*)/spec/helpers/")
_G.LUABGP_ROOT = here or "."
_G.SHARED_DIR = os.getenv("SHARED_DIR") or (_G.LUABGP_ROOT .. "/../shared")
_G.LUABGP_BIN = os.getenv("LUABGP_BIN") or (_G.LUABGP_ROOT .. "/build/luabgp")

-- LUABGP_GC_STRESS: keep the collector always running, so that a C binding that
-- keeps a pointer to a Lua value without anchoring it fails at once
-- (the GC-stress job of luv's CI).
if os.getenv("LUABGP_GC_STRESS") then
  collectgarbage("setpause", 0)
end
