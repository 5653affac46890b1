-- The tokens of an ExaBGP configuration file, read line by line so that a
-- file of a million routes is never held in memory whole.
--
-- ExaBGP's lexical rules (EXABGP.md §1.1): words separated by blanks;
-- `;` ends a statement, `{ }` delimit blocks, `[ ]` and `( )` delimit
-- lists inside a value; `"..."` and `'...'` quote a word; `#` starts a
-- comment that runs to the end of the line; a `\` ending a line joins the
-- next one to it.
local lpeg = require "lpeg"

local P, S, C, Cc, Cp, Ct = lpeg.P, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cp, lpeg.Ct

local M = {}

local blank = S " \t\r\f\v" ^ 0
local special = S ";{}[]()"
local quote = P '"' * C((1 - P '"') ^ 0) * P '"' + P "'" * C((1 - P "'") ^ 0) * P "'"
local word = C((1 - S " \t\r\f\v;{}[]()\"'#") ^ 1)
-- each token is captured as a position, a kind and a text
local token = Cp() * (C(special) * Cc "punct" + quote * Cc "string" + word * Cc "word")
local unterminated = Cp() * S "\"'" * Cc "unterminated"
local line_pattern = Ct((blank * Ct(token + unterminated)) ^ 0) * blank * (P "#" * P(1) ^ 0) ^ -1
  * Cp()

-- Splits one (joined) line into tokens {text, kind, line, col}; columns are
-- 1-based. Returns the tokens, or nil, line, col and a reason. origin maps
-- an offset of the joined text back to (line, col) across lines joined
-- with a backslash.
local function split(text, origin)
  local caps, stop = line_pattern:match(text)
  if stop <= #text then
    local line, col = origin(stop)
    return nil, line, col, "unexpected character '" .. text:sub(stop, stop) .. "'"
  end
  local out = {}
  for i = 1, #caps do
    local c = caps[i]
    if c[2] == "unterminated" then
      local line, col = origin(c[1])
      return nil, line, col, "unterminated quoted string"
    end
    local line, col = origin(c[1])
    out[i] = { text = c[2], kind = c[3], line = line, col = col }
  end
  return out
end

-- Returns an iterator over the tokens of the lines produced by next_line
-- (a function returning a line or nil, like io.lines). Each call returns a
-- token, or nil at the end; a lexical error is raised as
-- { line =, col =, msg = }. hook(line, lineno), when given, is offered
-- each line that does not continue on the next one before it is split: a
-- true answer means the hook took the whole line, which yields no token.
function M.tokens(next_line, hook)
  local lineno = 0
  local queue, qi = {}, 1
  local function refill()
    local line = next_line()
    if not line then return false end
    lineno = lineno + 1
    if hook and line:byte(-1) ~= 92 and hook(line, lineno) then -- 92: '\\'
      return true
    end
    local first = lineno
    local starts = { 1 }
    -- a trailing backslash continues the statement on the next line
    while line:sub(-1) == "\\" do
      local more = next_line()
      if not more then
        line = line:sub(1, -2)
        break
      end
      lineno = lineno + 1
      line = line:sub(1, -2) .. " " .. more
      starts[#starts + 1] = #line - #more + 1
    end
    local function origin(offset)
      local k = #starts
      while k > 1 and starts[k] > offset do k = k - 1 end
      return first + k - 1, offset - starts[k] + 1
    end
    local toks, eline, ecol, emsg = split(line, origin)
    if not toks then
      error({ line = eline, col = ecol, msg = emsg }, 0)
    end
    queue, qi = toks, 1
    return true
  end
  return function()
    while qi > #queue do
      if not refill() then return nil end
    end
    local t = queue[qi]
    qi = qi + 1
    return t
  end
end

-- The line iterator of a string (for tests and API strings).
function M.string_lines(s)
  return s:gmatch("([^\n]*)\n?")
end

return M
