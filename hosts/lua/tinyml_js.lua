-- tinyml_js: the JavaScript number and typed-array semantics the portable runtime relies on, for
-- Lua 5.3 and 5.4 (with tinyml_js_int64.lua: 64-bit integers) and LuaJIT (with tinyml_js_double.lua:
-- doubles and LuaJIT's bit library).
--
-- The Lua build of the runtime (hosts/lua/build.mjs) binds these names in the bundle's header:
-- bit32 (the int32 operators typescript-to-lua emits for & | ^ ~ << >> >>>), the Math functions
-- Lua lacks or rounds differently (fround, imul, clz32, tanh, log2), %, Array.from, Object.create,
-- String.fromCodePoint, tostring and table.concat with JavaScript's number formatting, and the typed
-- arrays, ArrayBuffer and DataView. Lua code using the runtime takes bufferFromString, new and
-- stringFromBytes from here too (hosts/lua/run_model.lua).
--
-- Typed arrays are views over an ArrayBuffer holding one byte per table slot (1-based): the arena
-- is one buffer viewed as int8, int16, int32 and float32 at once, so every view reads and writes
-- the same bytes, little-endian, as a JavaScript engine on a little-endian machine does. Element
-- access goes through __index / __newindex (index 0 .. length-1; out of range reads nil, writes are
-- dropped, as in JavaScript); a stored number is converted like JavaScript converts it (ToInt32 and
-- wrap for integer types, round to nearest float32 for Float32Array).

local M = {}

local mtype, floor, fmod, huge = math.type, math.floor, math.fmod, math.huge
local sbyte, schar, unpack = string.byte, string.char, table.unpack or unpack
local tmove, setmetatable, getmetatable, rawget, rawset, type, error, tostring = table.move, setmetatable, getmetatable, rawget, rawset, type, error, tostring
local NAN = 0.0 / 0.0

------------------------------------------------------------------------------------------------
-- Numbers: int32 operators, imul, clz32, fround and the float element writers come from the core
-- made for the interpreter's number type (64-bit integers on Lua 5.3+, doubles only on LuaJIT).

local N = require(math.type ~= nil and "tinyml_js_int64" or "tinyml_js_double")
local toInt32 = N.toInt32
M.toInt32 = toInt32
M.bit32 = N.bit32
function M.fround(_, x) return N.fround(x) end
function M.imul(_, a, b) return N.imul(a, b) end
function M.clz32(_, x) return N.clz32(x) end

--- expm1 by Kahan's trick (exp(x) - 1 without the cancellation near 0): within a few ulps.
local function expm1(x)
  local u = math.exp(x)
  if u == 1.0 then return x end
  local um1 = u - 1.0
  if um1 == -1.0 then return -1.0 end
  return um1 * x / math.log(u)
end

--- Math.tanh: the C library's where the interpreter has it (LuaJIT), else from expm1 as fdlibm
--- does (Lua 5.3+ dropped math.tanh): the last bits of a double may differ from the C library's.
local ctanh = math.tanh
function M.tanh(_, x)
  if ctanh ~= nil then return ctanh(x) end
  if x ~= x or x == 0 then return x end
  if x > 22 then return 1.0 end
  if x < -22 then return -1.0 end
  local t = expm1(-2 * (x < 0 and -x or x))
  local z = -t / (t + 2)
  return x < 0 and -z or z
end

--- Math.log2, exact on powers of two.
function M.log2(_, x)
  local l = math.log(x, 2)
  local whole = floor(l + 0.5)
  if whole == whole and whole > -1100 and whole < 1100 and 2.0 ^ whole == x then return whole end
  return l
end

--- Object.getPrototypeOf / Object.setPrototypeOf: typescript-to-lua's instances have their class's
--- prototype as metatable.
function M.getPrototypeOf(_, o)
  return getmetatable(o)
end

function M.setPrototypeOf(_, o, proto)
  return setmetatable(o, proto)
end

--- Object.defineProperty(f, ...) on a function: a Lua function holds no fields; returns f unchanged.
function M.defineFunctionProperty(_, f)
  return f
end

--- new.target inside a constructor: the class the instance was made by (its metatable's owner).
function M.newTarget(_, instance)
  return { prototype = getmetatable(instance) }
end

--- Object.create(proto): an object reading missing keys from proto.
function M.objectCreate(_, proto)
  return setmetatable({}, { __index = proto })
end

------------------------------------------------------------------------------------------------
-- ArrayBuffer

local ArrayBuffer = { name = "ArrayBuffer", prototype = {} }
ArrayBuffer.prototype.__index = ArrayBuffer.prototype
ArrayBuffer.prototype.constructor = ArrayBuffer

local function checkLength(n, what)
  if type(n) ~= "number" or n ~= n or n < 0 or n > 0x7FFFFFFF or n ~= floor(n) then
    error({ name = "RangeError", message = "Invalid " .. what .. ": " .. tostring(n) }, 2)
  end
  return N.toInteger(n)
end

local function newBuffer(n)
  local bytes = {}
  for i = 1, n do bytes[i] = 0 end
  return setmetatable({ byteLength = n, _b = bytes }, ArrayBuffer.prototype)
end

function ArrayBuffer.prototype.____constructor(self, n)
  n = checkLength(n or 0, "array buffer length")
  local bytes = {}
  for i = 1, n do bytes[i] = 0 end
  self.byteLength = n
  self._b = bytes
end

function ArrayBuffer.prototype.slice(self, b, e)
  local n = self.byteLength
  b = b or 0
  e = e or n
  if b < 0 then b = math.max(n + b, 0) elseif b > n then b = n end
  if e < 0 then e = math.max(n + e, 0) elseif e > n then e = n end
  local out = newBuffer(math.max(e - b, 0))
  if e > b then tmove(self._b, b + 1, e, 1, out._b) end
  return out
end

--- A new ArrayBuffer holding the bytes of a Lua string (a file read with io.open).
function M.bufferFromString(s)
  local n = #s
  local bytes = {}
  local chunk = 4096
  for i = 1, n, chunk do
    local last = i + chunk - 1
    if last > n then last = n end
    local part = { sbyte(s, i, last) }
    tmove(part, 1, #part, i, bytes)
  end
  return setmetatable({ byteLength = n, _b = bytes }, ArrayBuffer.prototype)
end

--- The bytes of a typed array as a Lua string (to write a file).
function M.stringFromBytes(view)
  local b, o, n = view._b, view._o, view.byteLength
  local parts = {}
  local chunk = 4096
  for i = 0, n - 1, chunk do
    local last = i + chunk
    if last > n then last = n end
    parts[#parts + 1] = schar(unpack(b, o + i, o + last - 1))
  end
  return table.concat(parts)
end

function ArrayBuffer.isView(_, x)
  local mt = type(x) == "table" and getmetatable(x)
  return mt ~= nil and mt ~= false and rawget(mt, "_view") == true
end
M.ArrayBuffer = ArrayBuffer

local function isBuffer(x)
  return type(x) == "table" and getmetatable(x) == ArrayBuffer.prototype
end

------------------------------------------------------------------------------------------------
-- Element codecs (read(bytes, i), write(bytes, i, v) at 1-based byte index i) from the number core.

-- The integer ones in plain arithmetic, the same on both cores (Lua's % is floored: v % 256 is the
-- low byte of a negative int32 too).
local function readU16(b, i) return b[i] + b[i + 1] * 256 end
local function readU32(b, i) return b[i] + b[i + 1] * 256 + b[i + 2] * 65536 + b[i + 3] * 16777216 end
local function writeByte(b, i, v) b[i] = toInt32(v) % 256 end
local function write16(b, i, v)
  v = toInt32(v)
  b[i] = v % 256
  b[i + 1] = floor(v / 256) % 256
end
local function write32(b, i, v)
  v = toInt32(v)
  b[i] = v % 256
  b[i + 1] = floor(v / 256) % 256
  b[i + 2] = floor(v / 65536) % 256
  b[i + 3] = floor(v / 16777216) % 256
end

--- A signed reader from an unsigned one: values from half up are negative.
local function signed(readUnsigned, half, whole)
  return function(b, i)
    local v = readUnsigned(b, i)
    if v >= half then return v - whole end
    return v
  end
end

local POW2 = {}
for e = 0, 255 do POW2[e] = 2.0 ^ (e - 150) end

--- A float32's bytes as a double, exactly: sign, 8-bit exponent, 23-bit fraction.
local function readFloat32(b, i)
  local b2, b3 = b[i + 2], b[i + 3]
  local e = (b3 % 128) * 2 + floor(b2 / 128)
  local m = (b2 % 128) * 65536 + b[i + 1] * 256 + b[i]
  local v
  if e == 0 then
    v = m * POW2[1]
  elseif e == 255 then
    if m ~= 0 then return NAN end
    v = huge
  else
    v = (m + 0x800000) * POW2[e]
  end
  if b3 >= 128 then return -v end
  return v
end

local function readU8(b, i) return b[i] end

local codecs = {
  Int8 = { size = 1, read = signed(readU8, 0x80, 0x100), write = writeByte },
  Uint8 = { size = 1, read = readU8, write = writeByte },
  Int16 = { size = 2, read = signed(readU16, 0x8000, 0x10000), write = write16 },
  Uint16 = { size = 2, read = readU16, write = write16 },
  Int32 = { size = 4, read = signed(readU32, 0x80000000, 0x100000000), write = write32 },
  Uint32 = { size = 4, read = readU32, write = write32 },
  Float32 = { size = 4, read = readFloat32, write = N.floatCodecs.Float32.write },
  Float64 = N.floatCodecs.Float64,
}
M.codecs = codecs

------------------------------------------------------------------------------------------------
-- Typed arrays

local function isView(x)
  local mt = type(x) == "table" and getmetatable(x)
  return mt and rawget(mt, "_view") == true or false
end

local function relative(i, n, default)
  if i == nil then return default end
  i = toInt32(i)
  if i < 0 then
    i = n + i
    if i < 0 then i = 0 end
  elseif i > n then
    i = n
  end
  return i
end

local function makeTypedArray(kind)
  local codec = codecs[kind]
  local size, read, write = codec.size, codec.read, codec.write
  local cls = { name = kind .. "Array", BYTES_PER_ELEMENT = size }
  local proto = { constructor = cls }
  local mt = { _view = true, _kind = kind }
  cls.prototype = mt

  if size == 1 then
    -- Bytes, the int8 models' hot path: the byte read inline (no codec call).
    local signedByte = kind == "Int8"
    mt.__index = function(t, k)
      if type(k) == "number" then
        if k >= 0 and k < t.length then
          local v = t._b[t._o + k]
          if signedByte and v >= 0x80 then return v - 0x100 end
          return v
        end
        return nil
      end
      return proto[k]
    end
  else
    mt.__index = function(t, k)
      if type(k) == "number" then
        if k >= 0 and k < t.length then return read(t._b, t._o + k * size) end
        return nil
      end
      return proto[k]
    end
  end
  mt.__newindex = function(t, k, v)
    if type(k) == "number" then
      if k >= 0 and k < t.length then write(t._b, t._o + k * size, v) end
      return
    end
    rawset(t, k, v)
  end

  local function init(self, buffer, byteOffset, length)
    rawset(self, "buffer", buffer)
    rawset(self, "_b", buffer._b)
    rawset(self, "byteOffset", byteOffset)
    rawset(self, "_o", byteOffset + 1)
    rawset(self, "length", length)
    rawset(self, "byteLength", length * size)
    return self
  end

  local function new(length)
    return init(setmetatable({}, mt), newBuffer(length * size), 0, length)
  end

  --- Values of a source: a typed array (0-based) or a Lua sequence (an array from TypeScript).
  local function sourceValues(src)
    if isView(src) then
      local values = {}
      for i = 0, src.length - 1 do values[i + 1] = src[i] end
      return values, src.length
    end
    if type(src) == "table" then return src, #src end
    error({ name = "TypeError", message = cls.name .. ": unsupported source " .. tostring(src) }, 3)
  end

  function proto.____constructor(self, a, byteOffset, length)
    if a == nil or type(a) == "number" then
      local n = checkLength(a or 0, "typed array length")
      init(self, newBuffer(n * size), 0, n)
    elseif isBuffer(a) then
      byteOffset = checkLength(byteOffset or 0, "typed array offset")
      if byteOffset % size ~= 0 then
        error({ name = "RangeError", message = "start offset of " .. cls.name .. " should be a multiple of " .. size }, 2)
      end
      if length == nil then
        if (a.byteLength - byteOffset) % size ~= 0 or byteOffset > a.byteLength then
          error({ name = "RangeError", message = "byte length of " .. cls.name .. " should be a multiple of " .. size }, 2)
        end
        length = N.toInteger(floor((a.byteLength - byteOffset) / size))
      else
        length = checkLength(length, "typed array length")
        if byteOffset + length * size > a.byteLength then
          error({ name = "RangeError", message = "Invalid typed array length: " .. length }, 2)
        end
      end
      init(self, a, byteOffset, length)
    else
      local values, n = sourceValues(a)
      init(self, newBuffer(n * size), 0, n)
      local b, o = self._b, self._o
      for i = 1, n do write(b, o + (i - 1) * size, values[i]) end
    end
  end

  function cls.from(_, src, mapFn)
    local values, n = sourceValues(src)
    local out = new(n)
    local b, o = out._b, out._o
    for i = 1, n do
      local v = values[i]
      if mapFn ~= nil then v = mapFn(nil, v, i - 1) end
      write(b, o + (i - 1) * size, v)
    end
    return out
  end

  function cls.of(_, ...)
    return cls.from(nil, { ... })
  end

  function proto.set(self, src, offset)
    offset = offset or 0
    local n = src.length or #src
    if offset < 0 or offset + n > self.length then
      error({ name = "RangeError", message = "offset is out of bounds" }, 2)
    end
    if isView(src) and getmetatable(src) == mt then
      -- Same element type: the bytes as they are (table.move copies overlapping ranges correctly).
      tmove(src._b, src._o, src._o + n * size - 1, self._o + offset * size, self._b)
      return
    end
    local values = sourceValues(src)
    local b, o = self._b, self._o + offset * size
    for i = 1, n do write(b, o + (i - 1) * size, values[i]) end
  end

  --- [begin, end) of subarray and slice: negative from the end, clamped, never backwards.
  local function range(self, b, e)
    local n = self.length
    b = relative(b, n, 0)
    e = relative(e, n, n)
    if e < b then e = b end
    return b, e
  end

  function proto.subarray(self, b, e)
    b, e = range(self, b, e)
    return init(setmetatable({}, mt), self.buffer, self.byteOffset + b * size, e - b)
  end

  function proto.slice(self, b, e)
    b, e = range(self, b, e)
    local out = new(e - b)
    tmove(self._b, self._o + b * size, self._o + e * size - 1, 1, out._b)
    return out
  end

  function proto.fill(self, v, b, e)
    local n = self.length
    b = relative(b, n, 0)
    e = relative(e, n, n)
    if e <= b then return self end
    local bytes, o = self._b, self._o
    write(bytes, o + b * size, v)
    if size == 1 then
      local x = bytes[o + b]
      for i = o + b + 1, o + e - 1 do bytes[i] = x end
    else
      for i = b + 1, e - 1 do tmove(bytes, o + b * size, o + b * size + size - 1, o + i * size) end
    end
    return self
  end

  function proto.copyWithin(self, target, b, e)
    local n = self.length
    target = relative(target, n, 0)
    b = relative(b, n, 0)
    e = relative(e, n, n)
    local count = math.min(e - b, n - target)
    if count > 0 then
      tmove(self._b, self._o + b * size, self._o + (b + count) * size - 1, self._o + target * size)
    end
    return self
  end

  function proto.forEach(self, fn)
    for i = 0, self.length - 1 do fn(nil, self[i], i, self) end
  end

  function proto.map(self, fn)
    local out = new(self.length)
    for i = 0, self.length - 1 do out[i] = fn(nil, self[i], i, self) end
    return out
  end

  function proto.some(self, fn)
    for i = 0, self.length - 1 do
      if fn(nil, self[i], i, self) then return true end
    end
    return false
  end

  function proto.every(self, fn)
    for i = 0, self.length - 1 do
      if not fn(nil, self[i], i, self) then return false end
    end
    return true
  end

  function proto.reduce(self, fn, ...)
    local i, acc = 0, nil
    if select("#", ...) > 0 then
      acc = ...
    else
      if self.length == 0 then error({ name = "TypeError", message = "Reduce of empty array with no initial value" }, 2) end
      acc, i = self[0], 1
    end
    for k = i, self.length - 1 do acc = fn(nil, acc, self[k], k, self) end
    return acc
  end

  function proto.indexOf(self, x)
    for i = 0, self.length - 1 do
      if self[i] == x then return i end
    end
    return -1
  end

  function proto.includes(self, x)
    return proto.indexOf(self, x) >= 0
  end

  function proto.join(self, sep)
    sep = sep or ","
    local parts = {}
    for i = 0, self.length - 1 do parts[i + 1] = M.numberToString(self[i]) end
    return table.concat(parts, sep)
  end

  return cls
end

--- The shortest decimal digits (no trailing zeros) that read back as the positive double x, and the
--- decimal point's position n (x = 0.digits * 10^n): for each length, the digits rounded to nearest,
--- ties to even, from 31 significant digits of printf's exact expansion (the interpreters' own
--- rounding of shorter formats differs: LuaJIT rounds ties up).
local function shortestDigits(x)
  local first, fraction, exponent = string.format("%.30e", x):match("^(%d)%.(%d+)e([-+]%d+)$")
  local all = first .. fraction
  local e10 = N.toInteger(tonumber(exponent))
  for p = 1, 17 do
    local d = {}
    for i = 1, p do d[i] = all:byte(i) - 48 end
    local next, rest = all:byte(p + 1) - 48, all:sub(p + 2)
    local up = next > 5 or (next == 5 and (rest:find("[1-9]") ~= nil or d[p] % 2 == 1))
    local shift = 0
    if up then
      local i = p
      while i >= 1 and d[i] == 9 do d[i] = 0; i = i - 1 end
      if i >= 1 then d[i] = d[i] + 1 else table.insert(d, 1, 1); d[p + 1] = nil; shift = 1 end
    end
    local digits = table.concat(d)
    if tonumber(digits:sub(1, 1) .. "." .. digits:sub(2) .. "e" .. (e10 + shift)) == x then
      digits = digits:gsub("0+$", "")
      return digits, e10 + shift + 1
    end
  end
  return (all:sub(1, 17):gsub("0+$", "")), e10 + 1
end

--- A number as JavaScript's Number::toString prints it: the shortest digits that read back as the
--- same double, "NaN", "Infinity", no ".0" on whole numbers, exponents only below 1e-6 and from 1e21.
local function numberToString(x)
  if mtype ~= nil and mtype(x) == "integer" then return tostring(x) end
  if x ~= x then return "NaN" end
  if x == huge then return "Infinity" end
  if x == -huge then return "-Infinity" end
  if x == 0 then return "0" end
  local sign = ""
  if x < 0 then sign, x = "-", -x end
  local digits, n = shortestDigits(x)
  local k = #digits
  if k <= n and n <= 21 then return sign .. digits .. string.rep("0", n - k) end
  if 0 < n and n <= 21 then return sign .. digits:sub(1, n) .. "." .. digits:sub(n + 1) end
  if -6 < n and n <= 0 then return sign .. "0." .. string.rep("0", -n) .. digits end
  local e = n - 1
  return sign .. digits:sub(1, 1) .. (k > 1 and "." .. digits:sub(2) or "") .. "e" .. (e < 0 and "-" or "+") .. math.abs(e)
end
M.numberToString = numberToString

--- tostring with JavaScript's number formatting (the bundle's `tostring`: template strings, String(x), concatenation).
function M.toString(v)
  if type(v) == "number" then return numberToString(v) end
  return tostring(v)
end

--- The % operator: JavaScript's remainder (the dividend's sign; NaN for a zero divisor).
function M.mod(_, a, b)
  if b == 0 or a ~= a or b ~= b or a == huge or a == -huge then return NAN end
  if b == huge or b == -huge then return a end
  return fmod(a, b)
end

for _, kind in ipairs({ "Int8", "Uint8", "Int16", "Uint16", "Int32", "Uint32", "Float32", "Float64" }) do
  M[kind .. "Array"] = makeTypedArray(kind)
end

------------------------------------------------------------------------------------------------
-- DataView

local DataView = { name = "DataView", prototype = {} }
local dvProto = DataView.prototype
dvProto.__index = dvProto
dvProto.constructor = DataView
dvProto._view = true

function dvProto.____constructor(self, buffer, byteOffset, byteLength)
  if not isBuffer(buffer) then
    error({ name = "TypeError", message = "First argument to DataView constructor must be an ArrayBuffer" }, 2)
  end
  byteOffset = checkLength(byteOffset or 0, "DataView offset")
  if byteLength == nil then byteLength = buffer.byteLength - byteOffset end
  byteLength = checkLength(byteLength, "DataView length")
  if byteOffset + byteLength > buffer.byteLength then
    error({ name = "RangeError", message = "Invalid DataView length " .. byteLength }, 2)
  end
  self.buffer = buffer
  self._b = buffer._b
  self.byteOffset = byteOffset
  self._o = byteOffset + 1
  self.byteLength = byteLength
end

local function swapped(b, i, size)
  local r = {}
  for k = 0, size - 1 do r[k + 1] = b[i + size - 1 - k] end
  return r
end

for kind, codec in pairs(codecs) do
  local size, read, write = codec.size, codec.read, codec.write
  dvProto["get" .. kind] = function(self, at, littleEndian)
    if type(at) ~= "number" or at < 0 or at + size > self.byteLength then
      error({ name = "RangeError", message = "Offset is outside the bounds of the DataView" }, 2)
    end
    if size == 1 or littleEndian then return read(self._b, self._o + at) end
    return read(swapped(self._b, self._o + at, size), 1)
  end
  dvProto["set" .. kind] = function(self, at, v, littleEndian)
    if type(at) ~= "number" or at < 0 or at + size > self.byteLength then
      error({ name = "RangeError", message = "Offset is outside the bounds of the DataView" }, 2)
    end
    if size == 1 or littleEndian then
      write(self._b, self._o + at, v)
      return
    end
    local tmp = {}
    write(tmp, 1, v)
    for k = 0, size - 1 do self._b[self._o + at + k] = tmp[size - k] end
  end
end
M.DataView = DataView

------------------------------------------------------------------------------------------------
-- Array.from (typescript-to-lua's reads array-likes from index 1; typed arrays start at 0).

function M.arrayFrom(_, src, mapFn)
  local out = {}
  if isView(src) then
    for i = 0, src.length - 1 do
      local v = src[i]
      if mapFn ~= nil then v = mapFn(nil, v, i) end
      out[i + 1] = v
    end
    return out
  end
  if type(src) == "table" and type(rawget(src, "length")) == "number" then
    -- { length: n }: every element undefined
    for i = 0, src.length - 1 do
      local v = nil
      if mapFn ~= nil then v = mapFn(nil, v, i) end
      out[i + 1] = v
    end
    return out
  end
  if type(src) == "table" and getmetatable(src) == nil then
    for i = 1, #src do
      local v = src[i]
      if mapFn ~= nil then v = mapFn(nil, v, i - 1) end
      out[i] = v
    end
    return out
  end
  error({ name = "TypeError", message = "Array.from: unsupported source " .. tostring(src) }, 2)
end

--- table.concat with numbers formatted as JavaScript formats them (typescript-to-lua turns
--- `numbers.join(", ")` into table.concat, which would print a float 2 as "2.0").
local tconcat = table.concat
local function concat(list, sep, i, j)
  i, j = i or 1, j or #list
  local parts = {}
  for k = i, j do
    local v = list[k]
    parts[k - i + 1] = type(v) == "number" and numberToString(v) or v
  end
  return tconcat(parts, sep)
end

--- The bundle's `table`: the standard one with that concat, and table.unpack where the interpreter
--- has only unpack (LuaJIT).
M.table = setmetatable({ unpack = unpack, concat = concat }, { __index = table })

--- `new cls(...)` for the runtime's classes from Lua (typescript-to-lua's classes: a prototype
--- metatable and a ____constructor), e.g. js.new(tinyml.Interpreter, model).
function M.new(cls, ...)
  local o = setmetatable({}, cls.prototype)
  o:____constructor(...)
  return o
end

--- String.fromCodePoint: the character as UTF-8 (Lua strings are bytes).
function M.fromCodePoint(_, ...)
  return N.utf8char(...)
end

--- new Array(n).fill(v) as a Lua sequence.
function M.arrayFilled(_, n, v)
  local out = {}
  for i = 1, n do out[i] = v end
  return out
end

return M
