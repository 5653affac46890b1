-- ExaBGP's settings: defaults, precedence (dotted env > underscore env >
-- ini file > default), value errors naming their source, warnings.
local settings = require "luabgp.settings"

local tmp = os.tmpname()

local function write(text)
  local f = assert(io.open(tmp, "w"))
  f:write(text)
  f:close()
  return tmp
end

local function load(environ, ini, extra)
  local warnings = {}
  local opts = { environ = environ or {}, search = {}, warn = function(m)
    warnings[#warnings + 1] = m
  end }
  if ini then
    opts.env_file = write(ini)
  end
  for k, v in pairs(extra or {}) do
    opts[k] = v
  end
  local s, err = settings.load(opts)
  return s, err, warnings
end

describe("settings", function()
  teardown(function()
    os.remove(tmp)
  end)

  it("has ExaBGP's defaults", function()
    local s = load()
    assert.equal(179, s.tcp.port)
    assert.same({}, s.tcp.bind)
    assert.equal(60, s.bgp.openwait)
    assert.is_true(s.api.ack)
    assert.equal("json", s.api.encoder)
    assert.equal(tonumber("137", 8), s.daemon.umask)
    assert.equal("INFO", s.log.level)
    assert.equal(0, s.tcp.attempts)
    assert.is_nil(s.version)
  end)

  it("takes the conformance runner's environment", function()
    local s, err, warnings = load {
      exabgp_tcp_port = "4321", exabgp_tcp_connections = "1", exabgp_tcp_bind = "",
      exabgp_api_version = "4", exabgp_api_cli = "false", exabgp_debug_rotate = "true",
      exabgp_debug_configuration = "true", exabgp_log_enable = "false",
      exabgp_version = "5.0.0-0+test",
    }
    assert.is_nil(err)
    assert.equal(4321, s.tcp.port)
    assert.equal(1, s.tcp.attempts)
    assert.same({}, s.tcp.bind)
    assert.is_false(s.api.cli)
    assert.is_true(s.debug.rotate)
    assert.is_false(s.log.enable)
    assert.equal("5.0.0-0+test", s.version)
    assert.equal("environment exabgp_tcp_port", s.source["tcp.port"])
    -- every one of them known and honoured: not a single warning (api.cli
    -- false is what luabgp does without a control socket)
    assert.same({}, warnings)
  end)

  it("prefers the dotted variable, then the underscore one, then the ini file", function()
    local ini = "[exabgp.tcp]\nport = 1001\nbind = 127.0.0.1 ::1\n"
    local s = load({ ["exabgp.tcp.port"] = "1003", exabgp_tcp_port = "1002" }, ini)
    assert.equal(1003, s.tcp.port)
    s = load({ exabgp_tcp_port = "1002" }, ini)
    assert.equal(1002, s.tcp.port)
    s = load({}, ini)
    assert.equal(1001, s.tcp.port)
    assert.same({ "127.0.0.1", "::1" }, s.tcp.bind)
    assert.equal(tmp .. ":2", s.source["tcp.port"])
  end)

  it("reads ConfigParser's forms: colon, quotes, comments, any case", function()
    local s, err = load({}, table.concat({
      "# a comment", "; another", "", "[exabgp.log]", "Level: 'debug'",
      "destination = \"stderr\"", "[exabgp.daemon]", "umask = 0o077", "user = bgp", "",
    }, "\n"))
    assert.is_nil(err)
    assert.equal("DEBUG", s.log.level)
    assert.equal("stderr", s.log.destination)
    assert.equal(tonumber("77", 8), s.daemon.umask)
    assert.equal("bgp", s.daemon.user)
  end)

  it("lets tcp.attempts win over its old name tcp.connections", function()
    local s = load { exabgp_tcp_connections = "3", exabgp_tcp_attempts = "5" }
    assert.equal(5, s.tcp.attempts)
  end)

  it("reads only the first settings file that exists", function()
    local other = os.tmpname()
    local f = assert(io.open(other, "w"))
    f:write("[exabgp.tcp]\nport = 2002\n")
    f:close()
    local s = load({}, "[exabgp.bgp]\nopenwait = 5\n", { search = { other } })
    os.remove(other)
    assert.equal(5, s.bgp.openwait)
    assert.equal(179, s.tcp.port)
    s = load({}, nil, { search = { "/nonexistent/exabgp.env", tmp } })
    assert.equal(5, s.bgp.openwait)
  end)

  describe("refuses, naming where the value came from", function()
    local cases = {
      { { exabgp_tcp_port = "http" }, nil,
        "environment exabgp_tcp_port: tcp.port: 'http' is not a TCP port (1-65535)" },
      { { exabgp_tcp_port = "70000" }, nil, "is not a TCP port" },
      { { ["exabgp.api.ack"] = "maybe" }, nil,
        "environment exabgp.api.ack: api.ack: 'maybe' is not a boolean" },
      { {}, "[exabgp.tcp]\nbind = 127.0.0.1 not-an-ip\n",
        ":2: tcp.bind: 'not-an-ip' is not an IPv4 address" },
      { {}, "[exabgp.log]\nlevel = LOUD\n", ":2: log.level: 'LOUD' is not a log level" },
      { {}, "[exabgp.api]\nencoder = xml\n", "'xml' is not an encoder (json or text)" },
      { {}, "[exabgp.api]\nversion = 5\n", "'5' is not an API version (4 or 6)" },
      { {}, "[exabgp.daemon]\numask = 999\n", "'999' is not an octal umask" },
      { {}, "port = 1\n", ":1: `port` comes before any [section]" },
      { {}, "[exabgp.tcp\n", ":1: a section header must look like [exabgp.tcp]" },
      { {}, "[exabgp.tcp]\njust words\n", ":2: expected `key = value`" },
      { {}, "[exabgp.tcp]\nport = 1\n  more\n", ":3: continuation lines are not supported" },
    }
    for i, c in ipairs(cases) do
      it("case " .. i .. ": " .. c[3], function()
        local s, err = load(c[1], c[2])
        assert.is_nil(s)
        assert.truthy(err:find(c[3], 1, true), err)
      end)
    end

    it("a missing --env file", function()
      local s, err = settings.load { env_file = "/nonexistent/x.env", environ = {} }
      assert.is_nil(s)
      assert.equal("/nonexistent/x.env: cannot read the settings file", err)
    end)
  end)

  it("warns about unknown keys and keys without effect, and still loads", function()
    local s, err, warnings = load({ exabgp_tcp_portt = "1", exabgp_reactor_speed = "2.0" },
      "[exabgp.tcp]\nfrobnicate = 1\n[other]\nx = 1\n")
    assert.is_nil(err)
    assert.equal(2.0, s.reactor.speed)
    local all = table.concat(warnings, "\n")
    assert.truthy(all:find("environment exabgp_tcp_portt: unknown setting tcp.portt", 1, true))
    assert.truthy(all:find(":2: unknown setting tcp.frobnicate, ignored", 1, true))
    assert.truthy(all:find("section [other] is not an ExaBGP section", 1, true))
    assert.truthy(all:find("reactor.speed has no effect in luabgp", 1, true))
  end)

  it("prints every key as an ini file that loads back to the same values", function()
    local s = load { exabgp_tcp_bind = "127.0.0.1 ::1", exabgp_daemon_umask = "022" }
    local text = settings.ini(s)
    assert.truthy(text:find("[exabgp.tcp]\n", 1, true))
    assert.truthy(text:find("\nport = 179\n", 1, true))
    assert.truthy(text:find("\nbind = '127.0.0.1 ::1'\n", 1, true))
    local back = load({}, text)
    s.source, back.source, s.file, back.file = nil, nil, nil, nil
    assert.same(s, back)
  end)

  it("reads the process's own environment by default", function()
    local s = settings.load { search = {} }
    assert.is_table(s.tcp)
  end)
end)

describe("luabgp --fi", function()
  local function run(args, env)
    local p = io.popen((env or "") .. " " .. LUABGP_BIN .. " " .. args .. " 2>&1; echo \"rc=$?\"")
    local out = p:read("*a")
    p:close()
    return out
  end

  it("prints the settings with the environment applied", function()
    local out = run("--fi", "exabgp_tcp_port=1790")
    assert.truthy(out:find("[exabgp.tcp]\n", 1, true), out)
    assert.truthy(out:find("\nport = 1790\n", 1, true), out)
    assert.truthy(out:find("rc=0\n$"), out)
  end)

  it("names a bad value and exits 1", function()
    local out = run("--fi", "exabgp_tcp_port=x")
    assert.truthy(out:find("luabgp: environment exabgp_tcp_port: tcp.port: 'x' is not", 1, true),
      out)
    assert.truthy(out:find("rc=1\n$"), out)
  end)

  it("reads -e FILE", function()
    local out = run("-e /nonexistent/luabgp.env --fi")
    assert.truthy(out:find("/nonexistent/luabgp.env: cannot read the settings file", 1, true), out)
    assert.truthy(out:find("rc=1\n$"), out)
  end)
end)
