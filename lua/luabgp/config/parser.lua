-- The statement reader and the section stack shared by every part of the
-- grammar.
--
-- The lexer's tokens are grouped into statements: the words up to a `;`
-- (a statement), up to a `{` (a block opening) or a `}` (a block closing),
-- where `[ ]` and `( )` may nest inside a statement (and a `{` inside them
-- is part of the value, as in confederation AS paths). Each open block has
-- a section: a table of keyword handlers (`keywords`), of sub-block
-- handlers (`blocks`) and a `close` hook. Nothing but the open blocks'
-- state is kept, so routes can be handed on as soon as their statement
-- ends.
local lexer = require "luabgp.config.lexer"

local M = {}

local Parser = {}
Parser.__index = Parser

local closing = { ["["] = "]", ["("] = ")" }

-- Raises the configuration error `file:line:column: msg` at token tok.
function Parser:fail(tok, msg)
  error({ file = self.file, line = tok.line, col = tok.col, msg = msg }, 0)
end

-- Reads one statement. Returns kind ("stmt", "open", "close", "eof"), the
-- words (tokens) and the token that ended it.
function Parser:statement()
  local words, nest = {}, {}
  while true do
    -- a line read now starts a statement: the section may take it whole
    self.boundary = #words == 0
    local t = self.next_token()
    if not t then
      if #nest > 0 then
        self:fail(nest[#nest], "'" .. nest[#nest].text .. "' is never closed")
      end
      if #words > 0 then
        self:fail(words[#words], "missing ';' at the end of the file")
      end
      return "eof", words, nil
    end
    local s = t.kind == "punct" and t.text
    if s == "[" or s == "(" then
      nest[#nest + 1] = t
      words[#words + 1] = t
    elseif s == "]" or s == ")" then
      local open = nest[#nest]
      if not open or closing[open.text] ~= s then
        self:fail(t, "'" .. s .. "' without a matching opening bracket")
      end
      nest[#nest] = nil
      words[#words + 1] = t
    elseif #nest > 0 and (s == "{" or s == "}") then
      words[#words + 1] = t
    elseif s == ";" then
      if #nest > 0 then
        self:fail(nest[#nest], "'" .. nest[#nest].text .. "' is not closed before ';'")
      end
      return "stmt", words, t
    elseif s == "{" then
      return "open", words, t
    elseif s == "}" then
      return "close", words, t
    else
      words[#words + 1] = t
    end
  end
end

-- Calls the handler of a statement in the current section.
function Parser:dispatch(kind, words, term)
  local frame = self.stack[#self.stack]
  local section = frame.section
  if #words == 0 then
    if kind == "open" then
      self:fail(term, "a block needs a name before '{'")
    end
    return
  end
  local key = words[1]
  if key.kind ~= "word" then
    self:fail(key, "expected a keyword, got '" .. key.text .. "'")
  end
  if kind == "open" then
    local h = section.blocks and section.blocks[key.text]
    if not h and section.any_block then
      h = section.any_block
    end
    if not h then
      self:fail(key, section.unknown_block and section.unknown_block(key.text)
        or "unknown block '" .. key.text .. "' in " .. section.name)
    end
    local child, state = h(self, frame.state, words, term)
    self.stack[#self.stack + 1] = { section = child, state = state, open = key }
  else
    local h = section.keywords and section.keywords[key.text]
    if not h and section.any_keyword then
      h = section.any_keyword
    end
    if not h then
      self:fail(key, "unknown keyword '" .. key.text .. "' in " .. section.name)
    end
    h(self, frame.state, words, term)
  end
end

function Parser:run()
  while true do
    local kind, words, term = self:statement()
    if kind == "eof" then
      if #self.stack > 1 then
        local open = self.stack[#self.stack].open
        self:fail(open, "block '" .. open.text .. "' is never closed (missing '}')")
      end
      return
    end
    if kind == "close" then
      -- ExaBGP accepts a last statement without ';' before '}'
      if #words > 0 then
        self:dispatch("stmt", words, term)
      end
      if #self.stack == 1 then
        self:fail(term, "'}' without an open block")
      end
      local frame = self.stack[#self.stack]
      self.stack[#self.stack] = nil
      if frame.section.close then
        frame.section.close(self, frame.state, frame.open, self.stack[#self.stack].state)
      end
    else
      self:dispatch(kind, words, term)
    end
  end
end

-- Helpers for handlers --------------------------------------------------

-- The single argument of `keyword VALUE;` (a word or a quoted string).
function Parser:one(words)
  if #words < 2 then
    self:fail(words[1], "'" .. words[1].text .. "' needs a value")
  end
  if #words > 2 then
    self:fail(words[3], "'" .. words[1].text .. "' takes one value, got '" .. words[3].text .. "'")
  end
  return words[2]
end

-- Applies a value checker; fails at the token with the checker's reason.
function Parser:check(tok, checker, ...)
  local v, why, extra = checker(tok.text, ...)
  if v == nil then
    self:fail(tok, why)
  end
  return v, why, extra
end

-- The words of a list value starting at words[i]: `[ a b ]` or a single
-- word. Returns the list of tokens and the index after it.
function Parser:list(words, i)
  local t = words[i]
  if not t then
    self:fail(words[i - 1], "'" .. words[i - 1].text .. "' needs a value")
  end
  if t.text == "[" or t.text == "(" then
    local out, depth, j = {}, 1, i + 1
    while true do
      local w = words[j]
      if w.kind == "punct" and (w.text == "[" or w.text == "(") then
        depth = depth + 1
      elseif w.kind == "punct" and (w.text == "]" or w.text == ")") then
        depth = depth - 1
        if depth == 0 then
          return out, j + 1
        end
      end
      out[#out + 1] = w
      j = j + 1
    end
  end
  return { t }, i + 1
end

-- Runs the grammar over the lines of one file. top is the top-level
-- section, state its state; flags are for the handlers (p.flags: the API's
-- `withdraw = true`, where routes need no next hop nor flow action).
function M.run(file, next_line, top, state, flags)
  local p = setmetatable({
    file = file,
    flags = flags or {},
    stack = { { section = top, state = state } },
  }, Parser)
  -- a section's fast_line(p, state, line, lineno) may take a line whole,
  -- without the lexer (routes.lua: the lines of large route tables)
  p.next_token = lexer.tokens(next_line, function(line, lineno)
    if not p.boundary then return false end
    local frame = p.stack[#p.stack]
    local fast = frame.section.fast_line
    return fast ~= nil and fast(p, frame.state, line, lineno)
  end)
  local ok, err = pcall(Parser.run, p)
  if not ok then
    if type(err) == "table" and err.msg then
      err.file = err.file or file
      return nil, err
    end
    error(err, 0)
  end
  return true
end

M.Parser = Parser
return M
