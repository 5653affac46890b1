-- ExaBGP main's target-first commands (lua/luabgp/api/v6.lua), read as the
-- v4 commands they stand for.
local v6 = require "luabgp.api.v6"

describe("v6 command syntax", function()
  local cases = {
    { "daemon shutdown", "shutdown" },
    { "daemon reload", "reload" },
    { "session ack silence", "silence-ack" },
    { "session sync enable", "enable-sync" },
    { "session ping", "ping" },
    { "system version", "version" },
    { "rib show in extensive", "show adj-rib in extensive" },
    { "rib show out", "show adj-rib out" },
    { "rib flush out", "flush adj-rib out" },
    { "rib clear in", "clear adj-rib in" },
    { "peer list", "show neighbor summary" },
    { "peer show extensive", "show neighbor extensive" },
    { "peer 10.0.0.1 show extensive", "show neighbor 10.0.0.1 extensive" },
    { "peer 10.0.0.1 show", "show neighbor 10.0.0.1 summary" },
    { "peer * announce route 10.0.0.0/24 next-hop 1.2.3.4",
      "neighbor * announce route 10.0.0.0/24 next-hop 1.2.3.4" },
    { "peer 10.0.0.1 teardown 2", "neighbor 10.0.0.1 teardown 2" },
    { "peer [ 10.0.0.1 local-as 1 , 10.0.0.2 ] withdraw route 10.0.0.0/24",
      "neighbor 10.0.0.1 local-as 1 , neighbor 10.0.0.2 withdraw route 10.0.0.0/24" },
    { "peer create 10.0.0.9 local-as 1 peer-as 2",
      "create neighbor 10.0.0.9 local-as 1 peer-as 2" },
    { "peer delete 10.0.0.9", "delete neighbor 10.0.0.9" },
    -- v4 commands go through as they are
    { "show neighbor summary", "show neighbor summary" },
    { "announce route 10.0.0.0/24 next-hop 1.2.3.4",
      "announce route 10.0.0.0/24 next-hop 1.2.3.4" },
  }
  for _, c in ipairs(cases) do
    it(c[1], function() assert.equal(c[2], v6.translate(c[1])) end)
  end

  it("says what is wrong with a v6 command it cannot read", function()
    local errors = {
      { "daemon explode", "unknown command 'daemon explode'" },
      { "peer", "peer needs a selector" },
      { "peer 10.0.0.1", "which command" },
      { "peer [ 10.0.0.1 announce route 10.0.0.0/24", "no closing ']'" },
      { "peer [ , 10.0.0.1 ] announce route 10.0.0.0/24", "an empty selector" },
    }
    for _, e in ipairs(errors) do
      local r, why = v6.translate(e[1])
      assert.is_nil(r)
      assert.truthy(why:find(e[2], 1, true), why)
    end
  end)
end)
