-- busted helper: where the specs find the build and the shared vectors.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*)/spec/helpers/")
_G.LUABGP_ROOT = here or "."
_G.SHARED_DIR = os.getenv("SHARED_DIR") or (_G.LUABGP_ROOT .. "/../shared")
_G.LUABGP_BIN = os.getenv("LUABGP_BIN") or (_G.LUABGP_ROOT .. "/build/luabgp")
