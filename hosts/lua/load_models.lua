-- Loads and prepares each model file given and prints one line per model, for the tests that compare
-- the Lua build with Node on malformed models:
--
--   lua5.4 hosts/lua/load_models.lua DIST_LUA MAX_ARENA_BYTES MODEL...
--
-- "ok <arena bytes>" when it loads and prepares, "error <ModelError message>" (the code first) when
-- the runtime refuses it, "crash <what>" for anything else (a bug: the runtime must not throw other errors).

local args = { ... }
package.path = args[1] .. "/?.lua;" .. package.path
local maxArena = tonumber(args[2])
local js = require("tinyml_js")
local tinyml = require("tinyml")

local new = js.new

for k = 3, #args do
  local f = assert(io.open(args[k], "rb"))
  local bytes = js.bufferFromString(f:read("*a"))
  f:close()
  local ok, result = pcall(function()
    local it = new(tinyml.Interpreter, tinyml.Model:from(bytes), { kernels = "portable", maxArenaBytes = maxArena })
    return it.arenaBytes
  end)
  local line
  if ok then
    line = "ok " .. js.numberToString(result)
  elseif type(result) == "table" and type(result.code) == "string" then
    line = "error " .. tostring(result.message)
  else
    line = "crash " .. (type(result) == "table" and tostring(result.name) .. ": " .. tostring(result.message) or tostring(result))
  end
  io.stdout:write((line:gsub("\n", " ")), "\n")
end
