-- The value checkers and the lexer of the configuration.
local values = require "luabgp.config.values"
local lexer = require "luabgp.config.lexer"

describe("config values", function()
  it("checks IPv4 addresses", function()
    assert.are.equal("192.0.2.1", values.ipv4("192.0.2.1"))
    for _, bad in ipairs({ "1.2.3", "1.2.3.4.5", "1.2.3.256", "a.b.c.d", "1.2.3.4/24", "" }) do
      assert.is_nil(values.ipv4(bad), bad)
    end
  end)

  it("checks IPv6 addresses in every RFC 4291 text form", function()
    for _, good in ipairs({ "::", "::1", "2001:db8::1", "fe80::1:2:3:4",
      "2001:db8:0:0:0:0:0:1", "::ffff:192.0.2.1", "2a02:b80:15::7aca:39ff:feae:a87a" }) do
      assert.are.equal(good, values.ipv6(good), good)
    end
    for _, bad in ipairs({ "1::2::3", "2001:db8:::1", "12345::1", "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9", "::ffff:192.0.2.300", "g::1", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:" }) do
      assert.is_nil(values.ipv6(bad), bad)
    end
  end)

  it("checks prefixes and returns their AFI and length", function()
    assert.are.same({ "10.0.0.0/8", "ipv4", 8 }, { values.prefix("10.0.0.0/8") })
    assert.are.same({ "10.0.0.1/32", "ipv4", 32 }, { values.prefix("10.0.0.1") })
    assert.are.same({ "2001:db8::/32", "ipv6", 32 }, { values.prefix("2001:db8::/32") })
    assert.is_nil(values.prefix("10.0.0.0/33"))
    assert.is_nil(values.prefix("::/129"))
    assert.is_nil(values.prefix("10.0.0.0/x"))
  end)

  it("checks AS numbers, plain and asdot", function()
    assert.are.equal(4294967295, values.asn("4294967295"))
    assert.are.equal(65536 + 1, values.asn("1.1"))
    assert.is_nil(values.asn("4294967296"))
    assert.is_nil(values.asn("65536.1"))
    assert.is_nil(values.asn("-1"))
  end)

  it("reads integers in decimal and hex, with bounds", function()
    assert.are.equal(255, values.integer("0xff"))
    assert.is_nil(values.integer("256", 0, 255))
    assert.is_nil(values.integer("1e3"))
  end)

  it("reads ExaBGP's booleans", function()
    assert.is_true(values.boolean("enable"))
    assert.is_false(values.boolean("false"))
    assert.is_nil(values.boolean("maybe"))
  end)
end)

describe("config lexer", function()
  local function tokens(text)
    local out = {}
    for t in lexer.tokens(lexer.string_lines(text)) do
      out[#out + 1] = ("%s@%d:%d"):format(t.text, t.line, t.col)
    end
    return out
  end

  it("splits words and punctuation, skips comments", function()
    assert.are.same({ "a@1:1", "[@1:3", "1:2@1:4", "]@1:7", ";@1:8", "x@2:3" },
      tokens("a [1:2]; # c [\n  x"))
  end)

  it("keeps quoted words whole", function()
    assert.are.same({ "description@1:1", "a b; {c} # d@1:13", ";@1:27" },
      tokens('description "a b; {c} # d";'))
  end)

  it("joins lines ending with a backslash and keeps each token's own line", function()
    assert.are.same({ "route@1:1", "x@2:2", "med@3:1", ";@3:4" },
      tokens("route \\\n x \\\nmed;"))
  end)
end)
