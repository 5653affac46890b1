-- Every command runs in a task of its own, which its source's task awaits
-- (lua/luabgp/api/source.lua, DESIGN.md "The scheduler"): order and one
-- answer per command kept, a cancelled source cancelling its command.
local api = require "spec.helpers.api_fake"
local core = require "luabgp.core"
local source = require "luabgp.api.source"
local task = require "luabgp.task"

local wrap = api.wrap

describe("a source's commands", function()
  it("each run in a task of their own, named for the source, one after the other", function()
    local d, src, _, out = api.fake()
    local seen, ids = {}, {}
    wrap(d, { announce = function()
      local me = d.T:current()
      seen[#seen + 1] = me.name
      ids[#ids + 1] = me.id
      return true
    end })
    src:run("announce route 10.0.0.0/24 next-hop 1.1.1.1")
    src:run("announce route 10.0.1.0/24 next-hop 1.1.1.1 med 5")
    assert.same({ "test", "test" }, seen)
    -- the fake runs each line in a task of id 1 (a scheduler per line):
    -- the commands ran in others
    assert.same({ 2, 2 }, ids)
    assert.same({ "done\n", "done\n" }, out)
  end)

  it("are cancelled with their source, their cleanup run where they await", function()
    local d = api.fake()
    local out, cleaned = {}, false
    local S = core.scheduler()
    local T = task.new(S, { log = function() end })
    d.T = T
    -- sync on: the acknowledgement waits until the route is written, 2 s
    -- here: the source is cancelled long before
    local written = false
    wrap(d, {
      written = function() return written end,
      await_written = function()
        local why = S:sleep(2)
        if why == "cancelled" then cleaned = true end
        written = true
        return why
      end,
    })
    local src = source.new(d, { name = "test", proc = 1,
      write = function(t) out[#out + 1] = t end })
    local reader = T:spawn(function()
      src:run("enable-sync")
      src:run("announce route 10.0.0.0/24 next-hop 1.1.1.1")
      src:run("version")
    end)
    T:spawn(function()
      T:sleep(0.05)
      reader:cancel()
    end)
    S:run()
    S:close()
    assert.is_true(cleaned)
    assert.same({ false, task.Cancelled }, { reader.result[1], reader.result[2] })
    -- enable-sync answered; the announcement never, nor what came after it
    assert.same({ "done\n" }, out)
  end)
end)
