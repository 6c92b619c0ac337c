-- For test/lua/compare_op_models.ts: runs each model of a list (one line each: MODEL<TAB>INPUT...,
-- one file of raw bytes per graph input) once and prints "NAME ok HEX..." (the outputs' bytes),
-- "NAME error MESSAGE" (load or prepare refused) or "NAME invoke-error MESSAGE".
--   lua test/lua/run_models.lua DIST_LUA LIST
local args = { ... }
package.path = args[1] .. "/?.lua;" .. package.path
local js = require("tinyml_js")
local tinyml = require("tinyml")

local new = js.new

local function readAll(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local function message(e)
  return tostring(type(e) == "table" and e.message or e)
end

for line in io.lines(args[2]) do
  local parts = {}
  for x in line:gmatch("[^\t]+") do parts[#parts + 1] = x end
  local name = parts[1]:match("([^/]+)$")
  local out
  local ok, it = pcall(function()
    return new(tinyml.Interpreter, tinyml.Model:from(js.bufferFromString(readAll(parts[1]))), { kernels = "portable", maxArenaBytes = 16777216 })
  end)
  if not ok then
    out = "error " .. message(it)
  else
    for i = 2, #parts do it:input(i - 2).bytes:set(new(js.Uint8Array, js.bufferFromString(readAll(parts[i])))) end
    local ok2, e = pcall(function() it:invoke() end)
    if not ok2 then
      out = "invoke-error " .. message(e)
    else
      local outs = {}
      for i = 0, it.outputCount - 1 do
        local b, hex = it:output(i).bytes, {}
        for k = 0, b.length - 1 do hex[k + 1] = string.format("%02x", b[k]) end
        outs[i + 1] = table.concat(hex)
      end
      out = "ok " .. table.concat(outs, " ")
    end
  end
  io.stdout:write(name, " ", (out:gsub("\n", " ")), "\n")
end
