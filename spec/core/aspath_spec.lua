-- AS_PATH, AS4_PATH and communities through luabgp.core: the session
-- options (asn4, json = "v42") reach the codecs.
local core = require("luabgp.core")

local function update(attrs_hex, nlri_hex)
  local attrs = core.hex_decode(attrs_hex)
  local nlri = core.hex_decode(nlri_hex or "")
  local body = "\000\000" .. string.char(math.floor(#attrs / 256), #attrs % 256) .. attrs .. nlri
  local len = 19 + #body
  return string.rep("\255", 16) .. string.char(math.floor(len / 256), len % 256, 2) .. body
end

local MANDATORY = "40010100" .. "4003040A000001"

describe("luabgp.core AS_PATH", function()
  it("merges AS4_PATH into a 2-octet AS_PATH (RFC 6793 4.2.3)", function()
    local msg = update(MANDATORY .. "400208020300645BA05BA0" .. "C0110A02020001117000013880",
      "180A0001")
    local t = assert(core.decode(msg, { asn4 = false }))
    assert.are.same({ ["0"] = { element = "as-sequence", value = { 100, 70000, 80000 } } },
      t.message.update.attribute["as-path"])
  end)

  it("discards AS4_PATH on a 4-octet session (RFC 6793 6)", function()
    local msg = update(MANDATORY .. "40020602010000FDE9" .. "C01106020100011170", "180A0001")
    local t = assert(core.decode(msg))
    assert.are.same({ ["0"] = { element = "as-sequence", value = { 65001 } } },
      t.message.update.attribute["as-path"])
    assert.is_nil(t.message.update.attribute["as4-path"])
  end)

  it("prints ExaBGP 4.2's lists with json = \"v42\"", function()
    local msg = update(MANDATORY .. "400224" .. "02020000000100000002" .. "01020000000300000004"
      .. "03020000000500000006" .. "040100000007", "180A0001")
    local text = assert(core.decode_json(msg, { json = "v42" }))
    assert.truthy(text:find('"as-path": [ 1, 2 ], "as-set": [ 3, 4 ], '
      .. '"confederation-path": [ 5, 6 ], "confederation-set": [ 7 ]', 1, true))
  end)

  it("sends AS_TRANS and AS4_PATH to a 2-octet speaker", function()
    local bytes = assert(core.encode({
      attribute = {
        ["as-path"] = { ["0"] = { element = "as-sequence", value = { 65001, 4200000000 } } },
        community = { { 65535, 65281 }, { 65000, 1 } },
      },
      announce = { ["ipv4 unicast"] = { ["10.0.0.1"] = { { nlri = "10.0.1.0/24" } } } },
    }, { asn4 = false }))
    local want = "400206" .. "0202FDE95BA0" .. "C0110A" .. "02020000FDE9FA56EA00"
      .. "4003040A000001" .. "C00808FDE80001FFFFFF01"
    assert.truthy(core.hex_encode(bytes):find(want, 1, true))
  end)
end)

describe("luabgp.core api.compact", function()
  it("prints plain unicast NLRI as strings, others as objects", function()
    local msg = update(MANDATORY .. "40020602010000FDE9", "180A0001" .. "100A02")
    local text = assert(core.decode_json(msg, { compact = true }))
    assert.truthy(text:find('"ipv4 unicast": { "10.0.0.1": [ "10.0.1.0/24", "10.2.0.0/16" ] }',
      1, true), text)
    local full = assert(core.decode_json(msg))
    assert.truthy(full:find('[ { "nlri": "10.0.1.0/24" }, { "nlri": "10.2.0.0/16" } ]', 1, true),
      full)
    -- a path id keeps the object (ExaBGP prints path-information beside it)
    local with_id = update(MANDATORY .. "40020602010000FDE9", "00000007180A0001")
    local t = assert(core.decode_json(with_id, { compact = true, addpath = true }))
    assert.truthy(t:find('{ "nlri": "10.0.1.0/24", "path-information": "0.0.0.7" }', 1, true), t)
  end)
end)
