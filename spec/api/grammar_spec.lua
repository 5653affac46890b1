-- The API commands' grammar (lua/luabgp/api/grammar.lua): each command
-- form read into its name and arguments, and the texts that are no
-- command, or a command whose words do not fit, refused with the reason.
local grammar = require "luabgp.api.grammar"

-- text reads as name with exactly the arguments args
local function reads(text, name, args, selected)
  local got, got_args = grammar.parse(text, selected)
  assert.equal(name, got, text .. ": " .. tostring(got_args))
  assert.same(args or {}, got_args, text)
end

-- text is refused with exactly why
local function refused(text, why, selected)
  local got, got_why = grammar.parse(text, selected)
  assert.is_nil(got, text .. " was read as " .. tostring(got))
  assert.equal(why, got_why, text)
end

local function each_reads(cases)
  for _, c in ipairs(cases) do
    it(string.format("%q", c[1]), function() reads(c[1], c[2], c[3]) end)
  end
end

local function each_refused(cases, selected)
  for _, c in ipairs(cases) do
    it(string.format("%q", c[1]), function() refused(c[1], c[2], selected) end)
  end
end

describe("announce and withdraw", function()
  each_reads({
    { "announce route 10.0.0.0/24 next-hop 192.0.2.1 med 5", "announce route",
      { text = "10.0.0.0/24 next-hop 192.0.2.1 med 5" } },
    { "withdraw route 10.0.0.0/24", "withdraw route", { text = "10.0.0.0/24" } },
    { "announce attributes next-hop 1.1.1.1 nlri 10.0.0.0/24 10.0.1.0/24", "announce attributes",
      { text = "next-hop 1.1.1.1 nlri 10.0.0.0/24 10.0.1.0/24" } },
    -- ExaBGP's other spelling, the same command
    { "announce attribute next-hop 1.1.1.1 nlri 10.0.0.0/24", "announce attributes",
      { text = "next-hop 1.1.1.1 nlri 10.0.0.0/24" } },
    { "withdraw attributes nlri 10.0.0.0/24", "withdraw attributes",
      { text = "nlri 10.0.0.0/24" } },
    { "announce flow route source 10.0.0.0/24 discard", "announce flow",
      { text = "route source 10.0.0.0/24 discard" } },
    { "withdraw flow route { match { source 10.0.0.0/24; } then { discard; } }", "withdraw flow",
      { text = "route { match { source 10.0.0.0/24; } then { discard; } }" } },
    { "announce vpls endpoint 5 base 100 offset 1 size 8 rd 1:1 next-hop 1.1.1.1",
      "announce vpls", { text = "endpoint 5 base 100 offset 1 size 8 rd 1:1 next-hop 1.1.1.1" } },
    { "withdraw vpls endpoint 5", "withdraw vpls", { text = "endpoint 5" } },
    { "announce ipv4 unicast 10.0.0.0/24 next-hop 1.1.1.1", "announce ipv4",
      { text = "unicast 10.0.0.0/24 next-hop 1.1.1.1" } },
    { "withdraw ipv6 unicast 2001:db8::/32", "withdraw ipv6", { text = "unicast 2001:db8::/32" } },
    { "announce l2vpn evpn x", "announce l2vpn", { text = "evpn x" } },
    { "withdraw l2vpn evpn x", "withdraw l2vpn", { text = "evpn x" } },
    { "announce eor", "announce eor", { text = "" } },
    { "announce eor ipv6 unicast", "announce eor", { text = "ipv6 unicast" } },
    { "announce route-refresh ipv4 unicast", "announce route-refresh", { text = "ipv4 unicast" } },
    { "announce operational rpcq afi ipv4 safi unicast", "announce operational",
      { text = "rpcq afi ipv4 safi unicast" } },
    { "announce watchdog dog", "announce watchdog", { text = "dog" } },
    { "withdraw watchdog dog", "withdraw watchdog", { text = "dog" } },
    -- the body's blanks stay as written (the route reader's business)
    { "announce\troute   10.0.0.0/24  next-hop 1.1.1.1", "announce route",
      { text = "10.0.0.0/24  next-hop 1.1.1.1" } },
    -- no body: the route reader says what is missing
    { "announce route", "announce route", { text = "" } },
  })

  each_refused({
    { "announce", "'announce' needs what to announce" },
    { "withdraw", "'withdraw' needs what to withdraw" },
    { "announce frob 10.0.0.0/24", "unknown command 'announce frob'" },
    { "announce routes 10.0.0.0/24", "unknown command 'announce routes'" },
    { "announce route10.0.0.0/24", "unknown command 'announce route10.0.0.0/24'" },
    { "withdraw eor", "unknown command 'withdraw eor'" },
    { "withdraw route-refresh ipv4 unicast", "unknown command 'withdraw route-refresh'" },
    { "withdraw operational rpcq", "unknown command 'withdraw operational'" },
    { "announcex route 10.0.0.0/24", "unknown command 'announcex route 10.0.0.0/24'" },
  })
end)

describe("the commands about neighbors", function()
  each_reads({
    { "teardown 3", "teardown", { code = 3 } },
    { "teardown 0", "teardown", { code = 0 } },
    { "teardown 255", "teardown", { code = 255 } },
    { "teardown 007", "teardown", { code = 7 } },
    { "flush adj-rib out", "flush adj-rib", { direction = "out" } },
    { "flush adj-rib in", "flush adj-rib", { direction = "in" } },
    { "clear adj-rib in", "clear adj-rib", { direction = "in" } },
    { "clear adj-rib out", "clear adj-rib", { direction = "out" } },
    { "show adj-rib in", "show adj-rib", { direction = "in" } },
    { "show adj-rib out extensive", "show adj-rib", { direction = "out", extensive = true } },
    -- extensive only right after the direction; words after are ignored
    { "show adj-rib in json extensive", "show adj-rib", { direction = "in" } },
    { "show neighbor", "show neighbor", { json = false } },
    { "show neighbors summary", "show neighbor", { mode = "summary", json = false } },
    { "show neighbor extensive", "show neighbor", { mode = "extensive", json = false } },
    { "show neighbor configuration", "show neighbor", { mode = "configuration", json = false } },
    { "show neighbor json", "show neighbor", { mode = "json", json = true } },
    { "show neighbor summary json", "show neighbor", { mode = "summary", json = true } },
    { "show neighbor 10.0.0.1 summary", "show neighbor",
      { selectors = { { ["peer-address"] = "10.0.0.1" } }, mode = "summary", json = false } },
    { "show neighbor * extensive json", "show neighbor",
      { selectors = { { ["peer-address"] = "*" } }, mode = "extensive", json = true } },
    { "show neighbors 10.0.0.1 local-as 65000 , neighbor 10.0.0.2 configuration",
      "show neighbor", { selectors = { { ["peer-address"] = "10.0.0.1", ["local-as"] = "65000" },
        { ["peer-address"] = "10.0.0.2" } }, mode = "configuration", json = false } },
    -- an address and nothing after it is no selector (no word follows it)
    { "show neighbor 10.0.0.1", "show neighbor", { mode = "10.0.0.1", json = false } },
    -- nor one that a comma leaves hanging
    { "show neighbor 10.0.0.1, summary", "show neighbor", { mode = "10.0.0.1,", json = false } },
    { "create neighbor 10.0.0.9", "create neighbor", { ip = "10.0.0.9", settings = {} } },
    { "create neighbor 10.0.0.9 local-address 10.0.0.1 local-as 1 peer-as 2",
      "create neighbor", { ip = "10.0.0.9", settings = { { "local-address", "10.0.0.1" },
        { "local-as", "1" }, { "peer-as", "2" } } } },
    { "delete neighbor 10.0.0.9", "delete neighbor", { ip = "10.0.0.9" } },
  })

  each_refused({
    { "teardown", "teardown needs a Cease subcode (0-255)" },
    { "teardown 256", "teardown takes a Cease subcode (0-255)" },
    { "teardown 3x", "teardown takes a Cease subcode (0-255)" },
    { "teardown 3 4", "teardown takes a Cease subcode (0-255)" },
    { "teardown -1", "teardown takes a Cease subcode (0-255)" },
    { "teardownx 3", "unknown command 'teardownx 3'" },
    { "flush adj-rib", "'flush adj-rib' needs in or out" },
    { "flush", "'flush adj-rib' needs in or out" },
    { "clear adj-rib sideways", "'clear adj-rib' needs in or out" },
    { "clear adj-rib in out", "'clear adj-rib' needs in or out" },
    { "clear adj-ribs in", "'clear adj-rib' needs in or out" },
    { "adj-rib in", "unknown command 'adj-rib in'" },
    { "show", "'show' needs neighbor or adj-rib" },
    { "show routes", "'show' needs neighbor or adj-rib" },
    { "show neighborx", "'show' needs neighbor or adj-rib" },
    { "show adj-rib", "'show adj-rib' needs in or out" },
    { "show adj-rib sideways", "'show adj-rib' needs in or out" },
    { "show adj-rib inx", "'show adj-rib' needs in or out" },
    { "create", "'create' needs 'neighbor IP'" },
    { "create neighbor", "'create' needs 'neighbor IP'" },
    { "create neighbors 10.0.0.9", "'create' needs 'neighbor IP'" },
    { "create neighbor 10.0.0.9 local-as 1 peer-as", "'peer-as' needs a value" },
    { "delete", "'delete' needs 'neighbor IP'" },
    { "delete neighbor", "'delete' needs 'neighbor IP'" },
    { "delete neighbor 10.0.0.9 now", "delete neighbor takes only the address" },
  })
end)

describe("the commands about the daemon and the session", function()
  each_reads({
    { "help", "help" }, { "help json", "help", { output = "json" } },
    { "version", "version" }, { "version json", "version", { output = "json" } },
    { "version text", "version", { output = "text" } },
    { "shutdown", "shutdown" }, { "reload", "reload" }, { "restart", "restart" },
    { "reset", "reset" }, { "crash", "crash" },
    { "enable-ack", "enable-ack" }, { "disable-ack", "disable-ack" },
    { "silence-ack", "silence-ack" }, { "enable-sync", "enable-sync" },
    { "disable-sync", "disable-sync" },
    { "ping", "ping" },
    { "ping 7f1c2d3e-0000-4000-8000-000000000000 1700000000", "ping" },
    -- the last output word counts, wherever it is
    { "ping text 7f1c 1700", "ping", { output = "text" } },
    { "ping json 7f1c text", "ping", { output = "text" } },
    { "bye", "bye" }, { "bye 7f1c2d3e", "bye" },
    { "status", "status" }, { "status json", "status", { output = "json" } },
    { "queue-status", "queue-status" },
    { "queue-status text", "queue-status", { output = "text" } },
    { "api version", "api version" },
    { "api version 4", "api version", { version = "4" } },
    { "api version 6 json", "api version", { version = "6", output = "json" } },
    { "api version json 4", "api version", { version = "4", output = "json" } },
    { "api version json", "api version", { output = "json" } },
    -- the last output word is the output, the other the version asked for
    { "api version text json", "api version", { version = "text", output = "json" } },
    { "api version 7", "api version", { version = "7" } },
    { "group start", "group start" }, { "group end", "group end" },
    { "group", "group", { text = "" } },
    { "group announce route 10.0.0.0/24 next-hop 1.1.1.1 ; withdraw route 10.1.0.0/24",
      "group",
      { text = "announce route 10.0.0.0/24 next-hop 1.1.1.1 ; withdraw route 10.1.0.0/24" } },
    { "group start now", "group", { text = "start now" } },
  })

  each_refused({
    { "", "unknown command ''" },
    { "frobnicate", "unknown command 'frobnicate'" },
    { "helpme", "unknown command 'helpme'" },
    { "help me", "'help' takes no argument" },
    { "help json json", "'help' takes no argument" },
    { "version 2", "'version' takes no argument" },
    { "shutdown now", "'shutdown' takes no argument" },
    { "reload json", "'reload' takes no argument" },
    { "restart all", "'restart' takes no argument" },
    { "reset now", "'reset' takes no argument" },
    { "crash it", "'crash' takes no argument" },
    { "status all", "'status' takes no argument" },
    { "queue-status json text", "'queue-status' takes no argument" },
    -- the ack and sync controls with more words are no command at all
    { "enable-ack now", "unknown command 'enable-ack now'" },
    { "disable-ack 1", "unknown command 'disable-ack 1'" },
    { "silence-ack x", "unknown command 'silence-ack x'" },
    { "enable-sync please", "unknown command 'enable-sync please'" },
    { "disable-sync x", "unknown command 'disable-sync x'" },
    { "api", "unknown command 'api'" },
    { "api frobnicate", "unknown command 'api frobnicate'" },
    { "api version 4 6", "'api version' takes one version at most" },
    { "api version 4 json 6", "'api version' takes one version at most" },
    { "groups start", "unknown command 'groups start'" },
    { "# a comment", "unknown command '# a comment'" },
  })
end)

describe("after neighbor selectors", function()
  it("reads the commands about neighbors", function()
    reads("announce route 10.0.0.0/24 next-hop 1.1.1.1", "announce route",
      { text = "10.0.0.0/24 next-hop 1.1.1.1" }, true)
    reads("teardown 2", "teardown", { code = 2 }, true)
    reads("show adj-rib in", "show adj-rib", { direction = "in" }, true)
    reads("create neighbor 10.0.0.9", "create neighbor", { ip = "10.0.0.9", settings = {} }, true)
  end)

  -- those are about the daemon or the session: no command after selectors
  each_refused({
    { "help", "unknown command 'help'" },
    { "reset now", "unknown command 'reset now'" },
    { "enable-ack", "unknown command 'enable-ack'" },
    { "api version 7", "unknown command 'api version 7'" },
    { "group start", "unknown command 'group start'" },
  }, true)

  it("still says why a command about neighbors does not fit", function()
    refused("teardown", "teardown needs a Cease subcode (0-255)", true)
    refused("show adj-rib sideways", "'show adj-rib' needs in or out", true)
  end)
end)

describe("the names", function()
  local commands = require "luabgp.api.commands"
  local service = require "luabgp.api.service"

  it("each has its handler (the groups' are the sources')", function()
    local groups = { group = true, ["group start"] = true, ["group end"] = true }
    for name in pairs(grammar.NAMES) do
      assert.is_truthy(commands.handlers[name] or groups[name], name)
    end
    for name in pairs(commands.handlers) do assert.is_true(grammar.NAMES[name], name) end
  end)

  -- the commands a line of help's list names: its words up to the first
  -- placeholder (upper case, [ or ...), the last one's choices each
  local function named_by(line)
    local words = {}
    for w in line:gmatch("%S+") do
      if w:match("^[%u%[%.]") then break end
      words[#words + 1] = w
    end
    local last, out = table.remove(words), {}
    for choice in last:gmatch("[^|]+") do
      words[#words + 1] = choice
      out[#out + 1] = table.concat(words, " ")
      words[#words] = nil
    end
    return out
  end

  local function known(command)
    for name in pairs(grammar.NAMES) do
      if command == name or command:sub(1, #name + 1) == name .. " " then return true end
    end
    return false
  end

  it("cover every command of help's list", function()
    local checked = 0
    for _, line in ipairs(service.HELP) do
      -- the selectors, and ExaBGP main's forms (api/v6.lua reads them as these)
      if not line:match("^neighbor") and not line:match("^ExaBGP") and not line:match("^ ") then
        for _, command in ipairs(named_by(line)) do
          assert.is_true(known(command), command)
          checked = checked + 1
        end
      end
    end
    assert.is_true(checked >= 40, "only " .. checked .. " commands in help's list")
  end)
end)
