std = "luajit"
max_line_length = 100
files["spec/**/*_spec.lua"] = { std = "+busted" }
read_globals = { "LUABGP_ROOT", "SHARED_DIR", "LUABGP_BIN" }
files["spec/helpers/env.lua"] = { globals = { "LUABGP_ROOT", "SHARED_DIR", "LUABGP_BIN" } }
