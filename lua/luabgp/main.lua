-- The command line: `luabgp SUBCOMMAND ...` for the tools, `luabgp [options]
-- CONFIG...` for the daemon.
local M = {}

local subcommands = {
  decode = "luabgp.cli.decode",
  run = { "luabgp.cli.run", "run" },
  cli = { "luabgp.cli.run", "cli" },
  healthcheck = "luabgp.cli.healthcheck",
}

local function usage(out)
  out:write([[
usage: luabgp decode [-f "AFI SAFI"] [-i] [--open|--update|--nlri] HEX|-
       luabgp run [-s SOCKET] [--json] COMMAND...
       luabgp cli [-s SOCKET]
       luabgp healthcheck --ip IP [--cmd COMMAND] [options]
       luabgp --check|-t|--test CONFIG...
       luabgp [-e FILE] --fi
       luabgp [-e FILE] [--once] [--scripts DIR] CONFIG...
       luabgp --version

  decode    print ExaBGP's JSON for BGP messages given in hex
  run       send one API command to the running daemon, print its reply
  cli       send commands read line by line to the running daemon
  healthcheck  ExaBGP's healthcheck, as an API process (--help: its options)
  --check   validate configuration files (-t/--test: ExaBGP 4.2's name);
            errors are printed as file:line:column: what is wrong
  CONFIG    run ExaBGP configuration files (settings from the environment,
            the --env file or /etc/exabgp/exabgp.env, as ExaBGP reads them)
  --scripts run each *.lua of DIR in the daemon as a task (docs/lua-api.md)
  --fi      print every setting (environment, --env/-e FILE, defaults) as
            an exabgp.env file (ExaBGP's --full-ini)
]])
end

-- `[-e FILE] --fi`: the settings as an ini file
local function full_ini(argv)
  local env_file, i = nil, 1
  while argv[i] == "-e" or argv[i] == "--env" do
    env_file, i = argv[i + 1], i + 2
  end
  if argv[i] ~= "--fi" and argv[i] ~= "--full-ini" then
    return nil
  end
  local settings = require "luabgp.settings"
  local s, err = settings.load { env_file = env_file, warn = function(m)
    io.stderr:write("luabgp: warning: ", m, "\n")
  end }
  if not s then
    io.stderr:write("luabgp: ", err, "\n")
    return 1
  end
  io.stdout:write(settings.ini(s))
  return 0
end

local check_flags = { ["--check"] = true, ["-t"] = true, ["--test"] = true, check = true }

-- argv: the arguments (argv[1] is the first), version: the build's version.
-- Returns the exit status.
function M.main(argv, version)
  local first = argv[1]
  if first == "--version" or first == "-v" or first == "version" then
    io.stdout:write("luabgp ", version, "\n")
    return 0
  end
  if first == "--help" or first == "-h" or first == "help" then
    usage(io.stdout)
    return 0
  end
  local status = full_ini(argv)
  if status then
    return status
  end
  if check_flags[first] then
    local rest = {}
    for i = 2, #argv do
      rest[#rest + 1] = argv[i]
    end
    return require("luabgp.cli.check").run(rest)
  end
  local module = subcommands[first]
  if module then
    local rest = {}
    for i = 2, #argv do
      rest[#rest + 1] = argv[i]
    end
    if type(module) == "table" then
      return require(module[1])[module[2]](rest)
    end
    return require(module).run(rest)
  end
  if first == nil then
    usage(io.stderr)
    return 1
  end
  return require("luabgp.daemon.run").run(argv, version)
end

return M
