-- The number core of tinyml_js.lua for LuaJIT (numbers are doubles only): JavaScript's int32
-- operators, Math.imul, Math.clz32 and Math.fround, and the float32 / float64 element codecs, with
-- LuaJIT's bit library and exact double arithmetic (no string.pack: float32 and float64 bytes are
-- encoded and decoded with math.frexp and powers of two). tinyml_js_int64.lua is the same for Lua 5.3+.

local bit = require("bit")
local tobit, band, bor, bxor, bnot, lshift, rshift, arshift = bit.tobit, bit.band, bit.bor, bit.bxor, bit.bnot, bit.lshift, bit.rshift, bit.arshift
local floor, ceil, fmod, frexp, huge = math.floor, math.ceil, math.fmod, math.frexp, math.huge
local type = type

local N = {}

local TWO32 = 4294967296
local NAN = 0.0 / 0.0

--- JavaScript's ToInt32. bit.tobit wraps modulo 2^32 but rounds fractions: truncate first.
local function toInt32(x)
  if type(x) ~= "number" then
    if x == true then return 1 end
    return 0
  end
  if x >= -2147483648 and x <= 2147483647 then
    if x ~= floor(x) then x = x >= 0 and floor(x) or ceil(x) end
    return x
  end
  if x ~= x or x == huge or x == -huge then return 0 end
  x = x >= 0 and floor(x) or ceil(x)
  return tobit(fmod(x, TWO32))
end
N.toInt32 = toInt32

-- The bitwise operators on int32, as JavaScript defines them (LuaJIT's bit library takes shift
-- counts modulo 32 and gives signed int32 results; >>> must be unsigned).
N.bit32 = {
  band = function(a, b) return band(toInt32(a), toInt32(b)) end,
  bor = function(a, b) return bor(toInt32(a), toInt32(b)) end,
  bxor = function(a, b) return bxor(toInt32(a), toInt32(b)) end,
  bnot = function(a) return bnot(toInt32(a)) end,
  lshift = function(a, n) return lshift(toInt32(a), toInt32(n)) end,
  arshift = function(a, n) return arshift(toInt32(a), toInt32(n)) end,
  rshift = function(a, n)
    local r = rshift(toInt32(a), toInt32(n))
    if r < 0 then return r + TWO32 end
    return r
  end,
}

--- Math.imul: the low 32 bits of the product from 16-bit halves (every partial sum exact in a double).
function N.imul(a, b)
  a, b = toInt32(a), toInt32(b)
  local al, ah = band(a, 0xFFFF), arshift(a, 16)
  local bl, bh = band(b, 0xFFFF), arshift(b, 16)
  return tobit(al * bl + tobit(ah * bl + al * bh) * 65536)
end

--- Math.clz32.
function N.clz32(x)
  x = toInt32(x)
  if x == 0 then return 32 end
  local n = 0
  while band(x, 0x80000000) == 0 do
    x = lshift(x, 1)
    n = n + 1
  end
  return n
end

local FLOAT32_LIMIT = 2 ^ 128

--- Math.fround: round to the nearest float32 (ties to even), as a double: the value scaled to
--- 24 significant bits (fewer below 2^-126) is rounded as an integer, exactly, then scaled back.
local function fround(x)
  if x ~= x or x == 0 or x == huge or x == -huge then return x end
  local ax = x < 0 and -x or x
  local _, e = frexp(ax)              -- ax = m * 2^e, 0.5 <= m < 1
  local q = e - 24                    -- the float32 quantum at this magnitude
  if q < -149 then q = -149 end
  local scale = 2 ^ q
  local r = ax / scale                -- exact: a power of two
  local whole = floor(r)
  local rest = r - whole
  if rest > 0.5 or (rest == 0.5 and whole % 2 == 1) then whole = whole + 1 end
  local v = whole * scale
  if v >= FLOAT32_LIMIT then v = huge end
  return x < 0 and -v or v
end
N.fround = fround

--- Whole numbers are plain doubles here.
function N.toInteger(x) return x end

--- UTF-8 bytes of code points.
function N.utf8char(...)
  local out = {}
  for k = 1, select("#", ...) do
    local c = select(k, ...)
    if c < 0x80 then
      out[k] = string.char(c)
    elseif c < 0x800 then
      out[k] = string.char(0xC0 + floor(c / 64), 0x80 + c % 64)
    elseif c < 0x10000 then
      out[k] = string.char(0xE0 + floor(c / 4096), 0x80 + floor(c / 64) % 64, 0x80 + c % 64)
    else
      out[k] = string.char(0xF0 + floor(c / 262144), 0x80 + floor(c / 4096) % 64, 0x80 + floor(c / 64) % 64, 0x80 + c % 64)
    end
  end
  return table.concat(out)
end

local function negative(v) return v < 0 or (v == 0 and 1 / v < 0) end

--- The bits of a float32 as an unsigned 32-bit number.
local function float32Bits(v)
  if type(v) ~= "number" or v ~= v then return 0x7FC00000 end
  v = fround(v)
  local sign = negative(v) and 0x80000000 or 0
  local a = v < 0 and -v or v
  if a == huge then return sign + 0x7F800000 end
  if a == 0 then return sign end
  local m, e = frexp(a)               -- a = m * 2^e
  if e - 1 < -126 then return sign + a / 2 ^ -149 end            -- subnormal: the multiple of 2^-149
  return sign + (e + 126) * 0x800000 + (m * 2 - 1) * 0x800000    -- biased exponent e - 1 + 127
end

--- A double's 64 bits as two unsigned 32-bit halves (low, high).
local function float64Bits(v)
  if type(v) ~= "number" or v ~= v then return 0, 0x7FF80000 end
  local sign = negative(v) and 0x80000000 or 0
  local a = v < 0 and -v or v
  if a == huge then return 0, sign + 0x7FF00000 end
  if a == 0 then return 0, sign end
  local m, e = frexp(a)
  local exponent, mantissa
  if e - 1 < -1022 then
    exponent, mantissa = 0, a / 2 ^ -1074                      -- subnormal: the multiple of 2^-1074
  else
    exponent, mantissa = e + 1022, (m * 2 - 1) * 2 ^ 52
  end
  local low = mantissa % TWO32
  return low, sign + exponent * 0x100000 + (mantissa - low) / TWO32
end

local function float64FromBits(low, high)
  local sign = high >= 0x80000000
  if sign then high = high - 0x80000000 end
  local e = floor(high / 0x100000)
  local mantissa = (high % 0x100000) * TWO32 + low
  local v
  if e == 0 then
    v = mantissa * 2 ^ -1074
  elseif e == 2047 then
    if mantissa ~= 0 then return NAN end
    v = huge
  else
    v = (mantissa + 2 ^ 52) * 2 ^ (e - 1075)
  end
  return sign and -v or v
end

local function putU32(b, i, u)
  b[i] = u % 256
  b[i + 1] = floor(u / 256) % 256
  b[i + 2] = floor(u / 65536) % 256
  b[i + 3] = floor(u / 16777216) % 256
end

local function getU32(b, i)
  return b[i] + b[i + 1] * 256 + b[i + 2] * 65536 + b[i + 3] * 16777216
end

-- The float element codecs (the integer ones and float32's read are tinyml_js.lua's): read(bytes, i)
-- and write(bytes, i, v) at 1-based byte index i of a buffer's byte table.
N.floatCodecs = {
  Float32 = {
    size = 4,
    write = function(b, i, v) putU32(b, i, float32Bits(v)) end,
  },
  Float64 = {
    size = 8,
    read = function(b, i) return float64FromBits(getU32(b, i), getU32(b, i + 4)) end,
    write = function(b, i, v)
      local low, high = float64Bits(v)
      putU32(b, i, low)
      putU32(b, i + 4, high)
    end,
  },
}

return N
