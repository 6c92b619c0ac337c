-- The number core of tinyml_js.lua for Lua 5.3 and 5.4: JavaScript's int32 operators, Math.imul,
-- Math.clz32 and Math.fround, and the float32 / float64 element codecs, with Lua's 64-bit integers and
-- native bitwise operators (string.pack for float32 and float64 bytes). tinyml_js_double.lua is the
-- same for LuaJIT.

local N = {}

local mtype, floor, ceil, fmod, huge = math.type, math.floor, math.ceil, math.fmod, math.huge
local spack, sunpack, sbyte, schar = string.pack, string.unpack, string.byte, string.char
local type = type

--- JavaScript's ToInt32 on a number that is not already an int32 (floats, large integers, nil).
local function toInt32Slow(x)
  if type(x) ~= "number" then
    if x == true then return 1 end
    return 0
  end
  if mtype(x) == "float" then
    if x ~= x or x == huge or x == -huge then return 0 end
    local t = x >= 0 and floor(x) or ceil(x)
    if mtype(t) ~= "integer" then t = math.tointeger(fmod(t, 4294967296.0)) end
    x = t
  end
  x = x & 0xFFFFFFFF
  if x >= 0x80000000 then x = x - 0x100000000 end
  return x
end

--- JavaScript's ToInt32.
local function toInt32(x)
  if mtype(x) == "integer" and x >= -0x80000000 and x <= 0x7FFFFFFF then return x end
  return toInt32Slow(x)
end
N.toInt32 = toInt32

-- The bitwise operators on int32, as JavaScript defines them (shift counts modulo 32; >>> unsigned).
local bit32 = {}
function bit32.band(a, b) return toInt32(a) & toInt32(b) end
function bit32.bor(a, b) return toInt32(a) | toInt32(b) end
function bit32.bxor(a, b) return toInt32(a) ~ toInt32(b) end
function bit32.bnot(a) return ~toInt32(a) end
function bit32.lshift(a, n) return toInt32((toInt32(a) << (toInt32(n) & 31)) & 0xFFFFFFFF) end
function bit32.rshift(a, n) return (toInt32(a) & 0xFFFFFFFF) >> (toInt32(n) & 31) end
-- Arithmetic shift: floor division by 2^n of the sign-extended value.
function bit32.arshift(a, n) return toInt32(a) // (1 << (toInt32(n) & 31)) end
N.bit32 = bit32

--- Math.fround: round to the nearest float32 (ties to even), as a double.
function N.fround(x)
  return (sunpack("<f", spack("<f", x)))
end

--- Math.imul: the low 32 bits of the product, as an int32.
function N.imul(a, b)
  local p = (toInt32(a) * toInt32(b)) & 0xFFFFFFFF
  if p >= 0x80000000 then p = p - 0x100000000 end
  return p
end

--- Math.clz32.
function N.clz32(x)
  x = toInt32(x) & 0xFFFFFFFF
  if x == 0 then return 32 end
  local n = 0
  while x & 0x80000000 == 0 do
    x = x << 1
    n = n + 1
  end
  return n
end

local NAN = 0.0 / 0.0

-- The float element codecs (the integer ones and float32's read are tinyml_js.lua's): read(bytes, i)
-- and write(bytes, i, v) at 1-based byte index i of a buffer's byte table.
N.floatCodecs = {
  Float32 = {
    size = 4,
    write = function(b, i, v)
      if type(v) ~= "number" then v = NAN end
      b[i], b[i + 1], b[i + 2], b[i + 3] = sbyte(spack("<f", v), 1, 4)
    end,
  },
  Float64 = {
    size = 8,
    read = function(b, i) return (sunpack("<d", schar(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7]))) end,
    write = function(b, i, v)
      if type(v) ~= "number" then v = NAN end
      b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7] = sbyte(spack("<d", v), 1, 8)
    end,
  },
}

--- A whole number as a Lua integer (lengths, offsets, exponents).
function N.toInteger(x) return math.tointeger(x) or x end

--- UTF-8 bytes of code points.
N.utf8char = utf8.char

return N
