-- For test/lua.test.ts: reads doubles (little-endian float64) from a file and prints, per value x
-- with y the next value, what tinyml_js.lua computes for JavaScript's number operations, then a
-- join of a few of them; the test computes the same lines on Node.
--   lua test/lua/js_semantics.lua DIST_LUA VALUES.bin
local args = { ... }
package.path = args[1] .. "/?.lua;" .. package.path
local js = require("tinyml_js")
local f = assert(io.open(args[2], "rb"))
local buffer = js.bufferFromString(f:read("*a"))
f:close()

local new = js.new

local values = new(js.Float64Array, buffer)
local f32 = new(js.Float32Array, 1)
local u32 = new(js.Uint32Array, f32.buffer)
local i8, i16, u16 = new(js.Int8Array, 1), new(js.Int16Array, 1), new(js.Uint16Array, 1)
local i32, u32s, f64 = new(js.Int32Array, 1), new(js.Uint32Array, 1), new(js.Float64Array, 1)
local b = js.bit32
local s = js.toString
for k = 0, values.length - 1 do
  local x, y = values[k], values[(k + 1) % values.length]
  f32[0] = x
  i8[0], i16[0], u16[0], i32[0], u32s[0], f64[0] = x, x, x, x, x, x
  local out = {
    s(x), s(b.bor(x, 0)), s(b.rshift(x, 0)), s(b.arshift(x, y)), s(b.lshift(x, y)), s(b.band(x, y)), s(b.bxor(x, y)), s(b.bnot(x)),
    s(js.imul(nil, x, y)), s(js.clz32(nil, x)), s(js.fround(nil, x)), s(u32[0]), s(i8[0]), s(i16[0]), s(u16[0]), s(js.mod(nil, x, y)),
    s(i32[0]), s(u32s[0]), s(f64[0]),
  }
  io.stdout:write(table.concat(out, " "), "\n")
end
-- Last line: numbers joined as typescript-to-lua joins a number[] (table.concat), 4 / 2 a float on Lua 5.3+.
io.stdout:write(js.table.concat({ values[0], values[1], values[5], values[33], 4 / 2 }, ", "), "\n")
