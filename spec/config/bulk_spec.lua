-- Route lines that repeat their attributes (config/routes.lua) skip the
-- lexer and the grammar once the first of them was read in full: the
-- configuration they give must be the one the grammar gives, line for line.
local config = require "luabgp.config"
local dump = require "luabgp.config.dump"

-- The same text with every `route ...;` line ending in a comment, which
-- the shortcut never takes: the grammar reads all of it.
local function in_full(text)
  return (text:gsub("(route [^\n]-;)\n", "%1 # read in full\n"))
end

local function both(text, opts)
  local fast, ferr = config.load_string(text, "bulk.conf", opts)
  local full, err = config.load_string(in_full(text), "bulk.conf", opts)
  return fast, full, ferr and config.format(ferr), err and config.format(err)
end

local head = [[
neighbor 192.0.2.1 {
  local-as 65000;
  peer-as 65001;
  local-address 192.0.2.2;
  static {
]]

local shapes = [[
    route 10.0.0.0/24 next-hop 192.0.2.9 med 10 community [ 65000:1 65000:2 ] as-path [ 1 2 ];
    route 10.0.1.0/24 next-hop 192.0.2.9 med 10 community [ 65000:1 65000:2 ] as-path [ 1 2 ];
    route 10.0.2.1/32 next-hop 192.0.2.9 med 10 community [ 65000:1 65000:2 ] as-path [ 1 2 ];
    route 010.0.3.0/24 next-hop 192.0.2.9 med 10 community [ 65000:1 65000:2 ] as-path [ 1 2 ];
    route 2001:db8::/32 next-hop 192.0.2.9 med 10 community [ 65000:1 65000:2 ] as-path [ 1 2 ];
    route 2001:db8:1::/48 next-hop 192.0.2.9 med 10 community [ 65000:1 65000:2 ] as-path [ 1 2 ];
    route 10.1.0.0/16 next-hop self local-preference 200;
    route 10.2.0.0/16 next-hop self local-preference 200;
    route 10.3.0.0/16 next-hop 192.0.2.9 split /18;
    route 10.4.0.0/16 next-hop 192.0.2.9 split /18;
    route 10.5.0.0/16 next-hop 192.0.2.9 label 100;
    route 10.6.0.0/16 next-hop 192.0.2.9 label 100;
    route 10.7.0.0/16 next-hop 192.0.2.9 rd 65000:1 label 5;
    route 10.8.0.0/16 next-hop 192.0.2.9 rd 65000:1 label 5;
    route 10.9.0.0/16 next-hop 192.0.2.9 path-information 7;
    route 10.10.0.0/16 next-hop 192.0.2.9 path-information 7;
    route 10.11.0.0/16 next-hop 192.0.2.9 watchdog dog withdraw;
    route 10.12.0.0/16 next-hop 192.0.2.9 watchdog dog withdraw;
    route 10.13.0.0/16 next-hop 192.0.2.9 name web;
    route 10.14.0.0/16 next-hop 192.0.2.9 name web;
    route 10.15.0.0/16 next-hop 192.0.2.9; route 10.16.0.0/16 next-hop 192.0.2.9;
    route 10.17.0.0/16 next-hop 192.0.2.9;
    route 10.18.0.0/16 { next-hop 192.0.2.9; }
    route 10.0.0.0/24 next-hop 192.0.2.9 med 10 community [ 65000:1 65000:2 ] as-path [ 1 2 ];
]]

describe("route lines that repeat their attributes", function()
  it("give the configuration the grammar gives, whatever the route", function()
    local fast, full, ferr, err = both(head .. shapes .. "  }\n}\n")
    assert.is_nil(ferr)
    assert.is_nil(err)
    assert.are.equal(dump.dump(full), dump.dump(fast))
    assert.are.equal(25, #fast.neighbors[1].routes)
  end)

  it("are read in full inside templates and groups", function()
    local text = "template {\n  neighbor t {\n    static {\n" .. shapes
      .. "    }\n  }\n}\n" .. "neighbor 192.0.2.1 {\n  inherit t;\n  local-as 1;\n  peer-as 2;\n}\n"
      .. "group g {\n  local-as 1;\n  peer-as 3;\n  static {\n" .. shapes
      .. "  }\n  neighbor 192.0.2.3 { }\n}\n"
    local fast, full, ferr, err = both(text)
    assert.is_nil(ferr)
    assert.is_nil(err)
    assert.are.equal(dump.dump(full), dump.dump(fast))
  end)

  it("report errors at the same line and column", function()
    local rest = " next-hop 192.0.2.9 med 10 community [ 65000:1 65000:2 ] as-path [ 1 2 ];\n"
    for _, bad in ipairs { "10.0.0.256/24", "10.0.0.0/40", "2001:db8::/32::" } do
      local _, _, ferr, err = both(head .. shapes .. "    route " .. bad .. rest .. "  }\n}\n")
      assert.is_string(err)
      assert.are.equal(err, ferr)
      assert.matches("^bulk.conf:30:", ferr)
    end
  end)

  it("stop being remembered past 4096 attribute texts, and are read in full", function()
    local lines = {}
    for i = 0, 4200 do
      local med = "route 10.%d.%d.0/24 next-hop 192.0.2.9 med " .. i .. ";"
      lines[#lines + 1] = "    " .. med:format(math.floor(i / 256), i % 256)
      lines[#lines + 1] = "    " .. med:format(100 + math.floor(i / 256), i % 256)
    end
    local fast, full = both(head .. table.concat(lines, "\n") .. "\n  }\n}\n")
    assert.are.equal(8402, #fast.neighbors[1].routes)
    assert.are.equal(dump.dump(full), dump.dump(fast))
  end)

  it("go to fast_sink as template and prefix text; what it refuses goes to sink", function()
    local seen = {}
    local opts = {
      sink = function(r) seen[#seen + 1] = "route " .. r.nlri.nlri end,
      fast_sink = function(t, prefix, nb, lineno)
        assert.are.equal("192.0.2.1", nb["peer-address"])
        assert.are.equal("ipv4 unicast", t.family)
        if prefix == "10.0.2.0/24" then return false end
        seen[#seen + 1] = ("fast %s %s line %d"):format(t.nlri.nlri, prefix, lineno)
        return true
      end,
    }
    local c, err = config.load_string(head .. [[
    route 10.0.0.0/24 next-hop 192.0.2.9 med 10;
    route 10.0.1.0/24 next-hop 192.0.2.9 med 10;
    route 10.0.2.0/24 next-hop 192.0.2.9 med 10;
    route 10.0.3.0/24 next-hop 192.0.2.9 med 10;
  }
}
]], "bulk.conf", opts)
    assert.is_truthy(c, err and config.format(err))
    assert.are.same({
      "route 10.0.0.0/24",
      "fast 10.0.0.0/24 10.0.1.0/24 line 7",
      "route 10.0.2.0/24",
      "fast 10.0.0.0/24 10.0.3.0/24 line 9",
    }, seen)
  end)
end)
