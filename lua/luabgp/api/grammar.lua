-- The API commands (EXABGP.md §2.3) as one LPeg grammar. The text of a
-- command after its neighbor selectors (selector.parse splits those off)
-- is read into the command's name, the key of its handler in commands.lua
-- (service.lua's among them; source.lua's for groups), and its arguments:
-- the fields the grammar can name, or the rest of the text for the readers
-- of route bodies (config.parse_routes), families and operational messages.
--
--   name, args = grammar.parse(text, selected)
--   nil, why     no command: "unknown command 'TEXT'", or the reason a
--                known command's words do not fit it
--
-- text is trimmed, as selector.parse leaves it. selected: selectors came
-- before it, after which only the commands about neighbors are commands.
--
--   name                                          args
--   announce|withdraw route|attributes|flow|       text
--     vpls|ipv4|ipv6|l2vpn|watchdog
--   announce eor|route-refresh|operational        text
--   teardown                                      code (a number)
--   flush adj-rib, clear adj-rib                  direction ("in", "out")
--   show adj-rib                                  direction, extensive (true or nil)
--   show neighbor                                 selectors, mode, json (a boolean)
--   create neighbor                               ip, settings ({ KEY, VALUE }...)
--   delete neighbor                               ip
--   help, version, status, queue-status, ping     output ("json", "text" or nil)
--   api version                                   version, output
--   shutdown, reload, restart, reset, crash, bye, enable-ack, disable-ack,
--     silence-ack, enable-sync, disable-sync, group start, group end
--   group                                         text (its commands, `;` between)
local lpeg = require "lpeg"
local selector = require "luabgp.api.selector"

local M = {}

local P, R, S, C, Cc, Cg, Ct, Cmt = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct,
  lpeg.Cmt

-- Lua's %s: the words are split where ExaBGP's tokeniser splits them
local space = S " \t\n\v\f\r"
local blanks = space ^ 1
local word = (1 - space) ^ 1
local eos = -P(1)
local any = P(1) ^ 0

-- the whole word w, not the start of a longer one (announcex, route-refresh)
local function kw(w) return P(w) * -(1 - space) end

-- every name the grammar gives (for the specs: each has its handler)
M.NAMES = {}

-- the command name, its words, then args (patterns of named groups) up to
-- the end of the text
local function cmd(name, words, args)
  M.NAMES[name] = true
  return Cc(name) * words * Ct(args or P(true)) * eos
end

-- a known command whose words do not fit: false and why in place of a
-- name and its arguments (why: a string, or a capture of it)
local function refuse(why)
  if type(why) == "string" then why = Cc(why) end
  return Cc(false) * why * any
end

local text = Cg(space ^ 0 * C(any), "text")
local output = Cg(C(kw "json" + kw "text"), "output")
local direction = Cg(C(kw "in" + kw "out"), "direction")

-- --- announce and withdraw -----------------------------------------------------

local ANNOUNCE = { "route", "attributes", "flow", "vpls", "ipv4", "ipv6", "l2vpn", "watchdog",
  "eor", "route-refresh", "operational" }
local WITHDRAW = { "route", "attributes", "flow", "vpls", "ipv4", "ipv6", "l2vpn", "watchdog" }
-- what may follow each verb (the CLI completes them)
M.ANNOUNCE, M.WITHDRAW = ANNOUNCE, WITHDRAW

-- `VERB KIND TEXT` for each kind of the list (attribute: ExaBGP's other
-- spelling of attributes)
local function announcement(verb, kinds)
  local each = P(false)
  for _, kind in ipairs(kinds) do
    local w = kind == "attributes" and (kw "attributes" + kw "attribute") or kw(kind)
    each = each + cmd(verb .. " " .. kind, w, text)
  end
  return kw(verb) * blanks * each
    + kw(verb) * eos * refuse("'" .. verb .. "' needs what to " .. verb)
    + kw(verb) * blanks * refuse(C(word) / ("unknown command '" .. verb .. " %1'"))
end

-- --- the commands about neighbors ----------------------------------------------

-- a Cease NOTIFICATION's subcode is one octet (RFC 4486 §4)
local subcode = Cmt(C(R "09" ^ 1), function(_, at, digits)
  local n = tonumber(digits)
  if n <= 255 then return at, n end
end)

local teardown = cmd("teardown", kw "teardown", blanks * Cg(subcode, "code"))
  + kw "teardown" * eos * refuse("teardown needs a Cease subcode (0-255)")
  + kw "teardown" * refuse("teardown takes a Cease subcode (0-255)")

local function adj_rib(verb)
  return cmd(verb .. " adj-rib", kw(verb) * blanks * kw "adj-rib", blanks * direction)
    + kw(verb) * refuse("'" .. verb .. " adj-rib' needs in or out")
end

-- `show neighbor [SELECTOR] [MODE ...]`: the word after neighbor begins
-- a selector (its address, without the word neighbor again) unless it
-- begins with a letter (a mode), and only when a word follows the
-- selectors; json: the last word is json, whatever the mode
local letter = R("az", "AZ")
local show_selectors = #(1 - letter) * Cg(selector.after_neighbor, "selectors")
  * #(S " \t" ^ 0 * (1 - P ","))
local ends_in_json = #((1 - space * P "json" * eos) ^ 0 * space * P "json" * eos)

local show_neighbor = cmd("show neighbor", kw "show" * blanks * (kw "neighbors" + kw "neighbor"),
  Cg(ends_in_json * Cc(true) + Cc(false), "json") * (blanks * show_selectors) ^ -1
    * (blanks * Cg(C(word), "mode")) ^ -1 * any)

-- `show adj-rib in|out [extensive]`: words after these are ignored
local show_adj_rib = cmd("show adj-rib", kw "show" * blanks * kw "adj-rib",
  blanks * direction * (blanks * Cg(kw "extensive" * Cc(true), "extensive")) ^ -1 * any)
  + kw "show" * blanks * kw "adj-rib" * refuse("'show adj-rib' needs in or out")

local show = show_neighbor + show_adj_rib
  + kw "show" * refuse("'show' needs neighbor or adj-rib")

local neighbor = blanks * kw "neighbor" * blanks
local neighbor_ip = neighbor * Cg(C(word), "ip")
local setting = Ct(blanks * C(word) * blanks * C(word))

local create = cmd("create neighbor", kw "create", neighbor_ip * Cg(Ct(setting ^ 0), "settings"))
  + kw "create" * neighbor * word * (blanks * word * blanks * word) ^ 0 * blanks
    * refuse(C(word) / "'%1' needs a value")
  + kw "create" * refuse("'create' needs 'neighbor IP'")

local delete = cmd("delete neighbor", kw "delete", neighbor_ip)
  + kw "delete" * neighbor * word * blanks * refuse("delete neighbor takes only the address")
  + kw "delete" * refuse("'delete' needs 'neighbor IP'")

local about_neighbors = announcement("announce", ANNOUNCE) + announcement("withdraw", WITHDRAW)
  + teardown + show + adj_rib("flush") + adj_rib("clear") + create + delete

-- --- the commands about the daemon and the command session ---------------------

local function takes_nothing(name)
  return kw(name) * refuse("'" .. name .. "' takes no argument")
end

-- `NAME` or `NAME json|text`
local function with_output(name)
  return cmd(name, kw(name), (blanks * output) ^ -1) + takes_nothing(name)
end

local function alone(name)
  return cmd(name, kw(name)) + takes_nothing(name)
end

-- The ack and sync controls take no argument: with more words after them
-- the text is no command at all.
local function control(name)
  return cmd(name, kw(name))
end

-- `api version [V] [json|text]`, the output word before or after V
local wanted = Cg(C(word), "version")
local api_version = cmd("api version", kw "api" * blanks * kw "version",
  (blanks * (wanted * blanks * output + output * blanks * wanted + output + wanted)) ^ -1)
  + kw "api" * blanks * kw "version" * refuse("'api version' takes one version at most")

local about_service = with_output("help") + with_output("version") + alone("shutdown")
  + alone("reload") + alone("restart") + alone("reset") + alone("crash")
  + control("enable-ack") + control("disable-ack") + control("silence-ack")
  + control("enable-sync") + control("disable-sync")
  -- ping's UUID and start time are the client's business; its last
  -- json or text word says the output
  + cmd("ping", kw "ping", (blanks * (output + word)) ^ 0)
  + cmd("bye", kw "bye", any)
  + with_output("status") + with_output("queue-status") + api_version

local group = cmd("group start", kw "group" * blanks * kw "start")
  + cmd("group end", kw "group" * blanks * kw "end")
  + cmd("group", kw "group", text)

local SELECTED = about_neighbors
local ALL = about_neighbors + about_service + group

function M.unknown(command)
  return "unknown command '" .. command .. "'"
end

function M.parse(command, selected)
  local name, args = (selected and SELECTED or ALL):match(command)
  if name then return name, args end
  if name == false then return nil, args end
  return nil, M.unknown(command)
end

return M
