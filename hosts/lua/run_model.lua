-- Runs a .tflite model with the Lua build of the runtime (dist/lua, made by `npm run build:lua`),
-- for `tinyml run ... --host lua`, the tests and the benchmark.
--
--   lua5.4 hosts/lua/run_model.lua DIST_LUA MODEL [--invocations N] [--input IN.bin ...] [--output OUT.bin ...]
--          [--profile] [--seconds S]
--
-- Each input file holds N consecutive inputs fed in order to one interpreter; each output file gets
-- the N outputs. --seconds S then keeps invoking on the last input for S seconds of CPU time (at
-- least 3 times) and prints "ms_per_invoke <median> runs <count>" (CPU time, os.clock: Lua's
-- standard library has no finer wall clock) and the Lua heap the runtime takes, then the model and
-- the prepared interpreter ("heap_runtime_bytes <b> heap_model_bytes <b>"). --profile prints each op's CPU time per invocation.
-- A malformed model prints "MODEL: <ModelError message>" on stderr and exits 1; usage errors exit 2.

local args = { ... }
local dist = args[1]
if dist == nil or args[2] == nil then
  io.stderr:write("usage: run_model.lua DIST_LUA MODEL [--invocations N] [--input F ...] [--output F ...] [--profile] [--seconds S]\n")
  os.exit(2)
end
package.path = dist .. "/?.lua;" .. package.path

-- Also for LuaJIT (Lua 5.1 syntax: no integer division operator, no math.tointeger).
local whole = math.tointeger or function(x) return x ~= nil and x == math.floor(x) and x or nil end

local job = { model = args[2], inputs = {}, outputs = {}, invocations = 1, profile = false, seconds = 0 }
local i = 3
while i <= #args do
  local a = args[i]
  if a == "--input" then job.inputs[#job.inputs + 1] = args[i + 1]; i = i + 2
  elseif a == "--output" then job.outputs[#job.outputs + 1] = args[i + 1]; i = i + 2
  elseif a == "--invocations" then job.invocations = whole(tonumber(args[i + 1])); i = i + 2
  elseif a == "--seconds" then job.seconds = tonumber(args[i + 1]); i = i + 2
  elseif a == "--profile" then job.profile = true; i = i + 1
  else
    io.stderr:write("run_model.lua: unknown argument '" .. tostring(a) .. "'\n")
    os.exit(2)
  end
end
if job.invocations == nil or job.invocations < 1 or job.seconds == nil or job.seconds < 0 then
  io.stderr:write("run_model.lua: --invocations takes a whole number >= 1, --seconds a number >= 0\n")
  os.exit(2)
end

local js = require("tinyml_js")
local tinyml = require("tinyml")

local function fail(message)
  io.stderr:write(message, "\n")
  os.exit(1)
end

local function readFile(path, what)
  local f, err = io.open(path, "rb")
  if f == nil then fail("cannot read " .. what .. " '" .. path .. "': " .. tostring(err)) end
  local s = f:read("*a")
  f:close()
  return s
end

local new = js.new

--- A thrown value as text: a runtime error's message, or the Lua error as it is.
local function describe(e)
  if type(e) == "table" and e.message ~= nil then return tostring(e.name or "Error") .. ": " .. tostring(e.message) end
  return tostring(e)
end

-- The Lua heap (collectgarbage "count", after a full collection) with the runtime loaded, then with
-- the model read and the interpreter prepared: printed with --seconds.
collectgarbage("collect")
local heapRuntime = collectgarbage("count") * 1024
local modelBytes = js.bufferFromString(readFile(job.model, "model"))
local ok, it = pcall(function()
  local model = tinyml.Model:from(modelBytes)
  return new(tinyml.Interpreter, model, { kernels = "portable", profile = job.profile, clock = function() return os.clock() * 1000 end })
end)
if not ok then
  if type(it) == "table" and type(it.code) == "string" then fail(job.model .. ": " .. tostring(it.message)) end
  fail("internal error: " .. describe(it))
end

collectgarbage("collect")
local heapPrepared = collectgarbage("count") * 1024
local n = job.invocations
if #job.inputs ~= it.inputCount then fail("the model has " .. it.inputCount .. " input(s); " .. #job.inputs .. " given") end
if #job.outputs ~= it.outputCount then fail("the model has " .. it.outputCount .. " output(s); " .. #job.outputs .. " given") end

local inputs = {}
for k, path in ipairs(job.inputs) do
  local data = readFile(path, "input " .. (k - 1))
  local per = it:input(k - 1).bytes.length
  if #data ~= per * n then fail("input " .. (k - 1) .. " '" .. path .. "' has " .. #data .. " bytes; expected " .. per * n) end
  inputs[k] = new(js.Uint8Array, js.bufferFromString(data))
end

local outputs = {}
for k = 1, #job.outputs do outputs[k] = {} end
local opMs = {}
local function invoke()
  local ok2, e = pcall(function() it:invoke() end)
  if not ok2 then fail("internal error: " .. describe(e)) end
end

for step = 0, n - 1 do
  for k, data in ipairs(inputs) do
    local bytes = it:input(k - 1).bytes
    local per = bytes.length
    bytes:set(data:subarray(step * per, (step + 1) * per))
  end
  invoke()
  for k = 1, #outputs do outputs[k][#outputs[k] + 1] = js.stringFromBytes(it:output(k - 1).bytes) end
  if job.profile then
    for j, p in ipairs(it.profile) do opMs[j] = (opMs[j] or 0) + p.ms end
  end
end

for k, path in ipairs(job.outputs) do
  local f, err = io.open(path, "wb")
  if f == nil then fail("cannot write output " .. (k - 1) .. " '" .. path .. "': " .. tostring(err)) end
  f:write(table.concat(outputs[k]))
  f:close()
end

if job.profile then
  local total = 0
  for j = 1, #opMs do total = total + opMs[j] end
  io.stderr:write(string.format("profile (%d invocation%s, total %.3f ms, CPU time):\n", n, n > 1 and "s" or "", total))
  for j, p in ipairs(it.profile) do
    io.stderr:write(string.format("  %3d %-20s %9.3f ms\n", p.index, p.op, opMs[j] / n))
  end
end

if job.seconds > 0 then
  local times = {}
  local start = os.clock()
  repeat
    local t0 = os.clock()
    invoke()
    times[#times + 1] = (os.clock() - t0) * 1000
  until #times >= 3 and os.clock() - start >= job.seconds
  table.sort(times)
  local k = #times
  local half = math.floor(k / 2)
  local median = k % 2 == 1 and times[half + 1] or (times[half] + times[half + 1]) / 2
  io.stdout:write(string.format("ms_per_invoke %.6f runs %d heap_runtime_bytes %d heap_model_bytes %d\n", median, k, heapRuntime, heapPrepared - heapRuntime))
end
