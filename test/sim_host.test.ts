/**
 * hosts/sim: the tinyml-sim desktop host (XS engine + our globals).
 * Builds the simulator with ensureSim() (slow the first time), then runs small
 * programs written to a temp dir.
 * TINYML_SIM_SANITIZE=1 runs everything on the ASan/UBSan build instead and
 * fails on any sanitizer report.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import { ensureSim } from "../hosts/sim/build.mjs";
import { tempDir } from "./helpers/temp_dir";

const sanitize = process.env.TINYML_SIM_SANITIZE === "1";
const tmp = tempDir("tinyml-sim-");
let binary = "";
let counter = 0;

interface SimResult {
  code: number;
  stdout: string;
  stderr: string;
}

test.before(async (t) => {
  t.timeout(20 * 60_000, "building XS takes a while");
  binary = await ensureSim({ sanitize });
});

function exec(args: string[]): Promise<SimResult> {
  return new Promise((done) => {
    const env = { ...process.env, ASAN_OPTIONS: "detect_leaks=1:abort_on_error=0", UBSAN_OPTIONS: "print_stacktrace=1" };
    execFile(binary, args, { env, maxBuffer: 16 << 20, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
      done({ code, stdout, stderr });
    });
  });
}

/** Writes source to a fresh .js file and runs it; options go before the file, args after. */
async function sim(t: ExecutionContext, source: string, args: string[] = [], options: string[] = []): Promise<SimResult> {
  const file = join(tmp, `case${++counter}.js`);
  writeFileSync(file, source);
  const r = await exec([...options, file, ...args]);
  t.notRegex(r.stderr, /AddressSanitizer|LeakSanitizer|runtime error:/, "sanitizer report");
  return r;
}

test("print joins its arguments with spaces and ends the line; trace and sim.stdout do not", async (t) => {
  const r = await sim(t, `
    print("a", 1, true, null, undefined, [1, 2], Symbol("s"));
    print();
    trace("x", 2); trace("y\\n");
    sim.stdout("raw"); sim.stdout("!\\n");
  `);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, "a 1 true null undefined 1,2 Symbol(s)\n\nx2y\nraw!\n");
  t.is(r.stderr, "");
});

test("sim.args holds the arguments after the file", async (t) => {
  const r = await sim(t, `print(JSON.stringify(sim.args));`, ["one", "--two", "3"]);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, `["one","--two","3"]\n`);
});

test("exit status: 0 by default, sim.exit(code) exits at once", async (t) => {
  t.is((await sim(t, `print("done");`)).code, 0);
  const r = await sim(t, `
    setTimeout(() => print("timer"), 0);
    Promise.resolve().then(() => print("job"));
    print("before");
    try { sim.exit(3); } finally { print("finally"); }
    print("after");
  `);
  t.is(r.code, 3, r.stderr);
  t.is(r.stdout, "before\n");
  const later = await sim(t, `setTimeout(() => { print("t"); sim.exit(42); }, 5); setTimeout(() => print("never"), 200);`);
  t.is(later.code, 42);
  t.is(later.stdout, "t\n");
});

test("an uncaught exception prints the error with its stack and exits 1", async (t) => {
  const r = await sim(t, `
print("start");
function inner() { throw new RangeError("kaboom"); }
function outer() { inner(); }
outer();
print("unreachable");
`);
  t.is(r.code, 1);
  t.is(r.stdout, "start\n");
  t.regex(r.stderr, /Uncaught: RangeError: kaboom/);
  t.regex(r.stderr, /at inner \(.*case\d+\.js:3\)/);
  t.regex(r.stderr, /at outer \(.*case\d+\.js:4\)/);
});

test("exceptions in timers, rejections and syntax errors exit 1 with the message on stderr", async (t) => {
  const timer = await sim(t, `setTimeout(() => { throw new Error("from a timer"); }, 1); setTimeout(() => print("later"), 100);`);
  t.is(timer.code, 1);
  t.is(timer.stdout, "");
  t.regex(timer.stderr, /Error: from a timer/);

  const rejection = await sim(t, `async function f() { await null; throw new TypeError("rejected"); } f();`);
  t.is(rejection.code, 1);
  t.regex(rejection.stderr, /Unhandled rejection: TypeError: rejected/);

  const value = await sim(t, `throw 42;`);
  t.is(value.code, 1);
  t.regex(value.stderr, /Uncaught: 42/);

  const syntax = await sim(t, `print("x");\nlet = = 1;`);
  t.is(syntax.code, 1);
  t.is(syntax.stdout, "");
  t.regex(syntax.stderr, /case\d+\.js:2: error: /);
  t.regex(syntax.stderr, /SyntaxError/);

  const handled = await sim(t, `Promise.reject(new Error("x")).catch(() => print("handled"));`);
  t.is(handled.code, 0, handled.stderr);
  t.is(handled.stdout, "handled\n");
});

test("promise jobs run before timers; timers run by due time with their arguments", async (t) => {
  const r = await sim(t, `
    const log = [];
    setTimeout(() => log.push("t30"), 30);
    setTimeout((a, b) => log.push("t10:" + a + b), 10, "x", "y");
    setTimeout(() => { log.push("t0"); Promise.resolve().then(() => log.push("t0-job")); }, 0);
    const cancelled = setTimeout(() => log.push("cancelled"), 5);
    clearTimeout(cancelled);
    clearTimeout(undefined); clearTimeout(12345);
    let n = 0;
    const id = setInterval(() => { log.push("i" + ++n); if (n === 3) clearInterval(id); }, 1);
    Promise.resolve().then(() => log.push("job1")).then(() => log.push("job2"));
    (async () => { await null; log.push("async"); })();
    log.push("sync");
    setTimeout(() => print(log.join(" ")), 60);
  `);
  t.is(r.code, 0, r.stderr);
  const log = r.stdout.trim().split(" ");
  t.deepEqual(log.slice(0, 4), ["sync", "job1", "async", "job2"]);
  t.true(log.indexOf("t0") < log.indexOf("t0-job"));
  t.is(log.indexOf("t0-job"), log.indexOf("t0") + 1, "promise jobs queued by a timer run before the next timer");
  t.true(log.indexOf("t10:xy") < log.indexOf("t30"));
  t.deepEqual(log.filter((e) => e.startsWith("i")), ["i1", "i2", "i3"]);
  t.false(log.includes("cancelled"));
  t.true(log.indexOf("t30") > log.indexOf("t0-job"), "timers run in due order even when the machine is busy");
});

test("setTimeout waits in real time; sim.now is monotonic with sub-millisecond resolution", async (t) => {
  const r = await sim(t, `
    const t0 = sim.now();
    const samples = []; for (let i = 0; i < 1000; i++) samples.push(sim.now());
    const fractional = samples.some((s) => s !== Math.floor(s));
    const sorted = samples.every((s, i) => i === 0 || s >= samples[i - 1]);
    setTimeout(() => print(JSON.stringify({ waited: sim.now() - t0, fractional, sorted, type: typeof t0 })), 25);
  `);
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.true(j.waited >= 25 && j.waited < 2000, `waited ${j.waited}`);
  t.true(j.fractional);
  t.true(j.sorted);
  t.is(j.type, "number");
});

test("sim.readFile and sim.writeFile round trip ArrayBuffer, Uint8Array, DataView and other typed arrays", async (t) => {
  const input = join(tmp, "input.bin");
  writeFileSync(input, Buffer.from([0, 1, 2, 254, 255]));
  const out = (name: string) => JSON.stringify(join(tmp, name));
  const r = await sim(t, `
    const data = sim.readFile(${JSON.stringify(input)});
    print(data instanceof ArrayBuffer, Array.from(new Uint8Array(data)).join(","));
    sim.writeFile(${out("ab.bin")}, data);
    sim.writeFile(${out("u8.bin")}, new Uint8Array(data).subarray(1, 4));
    sim.writeFile(${out("dv.bin")}, new DataView(data, 3, 2));
    sim.writeFile(${out("f32.bin")}, new Float32Array([1.5, -2]));
    sim.writeFile(${out("empty.bin")}, new ArrayBuffer(0));
    print(Array.from(new Uint8Array(sim.readFile(${out("u8.bin")}))).join(","));
    print(Array.from(new Float32Array(sim.readFile(${out("f32.bin")}))).join(","));
    print(sim.readFile(${out("empty.bin")}).byteLength);
    for (const bad of [undefined, "text", 12, {}]) {
      try { sim.writeFile(${out("bad.bin")}, bad); print("no throw"); } catch (e) { print(e.name); }
    }
  `);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, "true 0,1,2,254,255\n1,2,254\n1.5,-2\n0\nTypeError\nTypeError\nTypeError\nTypeError\n");
  t.deepEqual([...readFileSync(join(tmp, "ab.bin"))], [0, 1, 2, 254, 255]);
  t.deepEqual([...readFileSync(join(tmp, "u8.bin"))], [1, 2, 254]);
  t.deepEqual([...readFileSync(join(tmp, "dv.bin"))], [254, 255]);
  t.deepEqual([...readFileSync(join(tmp, "f32.bin"))], [...Buffer.from(new Float32Array([1.5, -2]).buffer)]);
});

test("sim.readFile of a missing file and sim.writeFile to a bad path throw an Error naming the path", async (t) => {
  const missing = join(tmp, "does-not-exist.bin");
  const r = await sim(t, `
    try { sim.readFile(${JSON.stringify(missing)}); print("no throw"); } catch (e) { print(e instanceof Error, e.message); }
    try { sim.writeFile("/nonexistent-dir/x.bin", new ArrayBuffer(1)); } catch (e) { print(e instanceof Error, e.message); }
    try { sim.readFile(); } catch (e) { print(e.name); }
  `);
  t.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  t.true(lines[0]!.startsWith("true ") && lines[0]!.includes(missing) && /No such file/.test(lines[0]!), lines[0]);
  t.true(lines[1]!.startsWith("true ") && lines[1]!.includes("/nonexistent-dir/x.bin"), lines[1]);
  t.is(lines[2], "TypeError");
});

test("native('xs_tinyml_sim_selftest') sums bytes and validates its arguments", async (t) => {
  const r = await sim(t, `
    const selftest = native("xs_tinyml_sim_selftest");
    print(typeof selftest);
    const bytes = new Uint8Array([1, 2, 3, 250, 255]);
    print(selftest(bytes.buffer), selftest(bytes), selftest(bytes.subarray(3)), selftest(new DataView(bytes.buffer, 1, 2)), selftest(new ArrayBuffer(0)));
    print(selftest(new Uint8Array(1 << 24).fill(255)));
    for (const bad of [[], [42], ["str"], [{}], [new Float32Array(4)], [bytes, bytes]]) {
      try { selftest(...bad); print("no throw"); } catch (e) { print(e.name + ": " + e.message); }
    }
  `);
  t.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  t.is(lines[0], "function");
  t.is(lines[1], "511 511 505 5 0");
  t.is(lines[2], String(255 * (1 << 24)));
  t.is(lines.length, 9);
  for (const line of lines.slice(3)) t.regex(line, /^TypeError: xs_tinyml_sim_selftest: /);
});

test("native() throws a TypeError naming an unknown function", async (t) => {
  const r = await sim(t, `
    try { native("nope"); print("no throw"); } catch (e) { print(e.name, e.message.includes('"nope"')); }
    try { native(); } catch (e) { print(e.name); }
  `);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, "TypeError true\nTypeError\n");
});

test("sim.memory() reports plausible counters and sim.gc() collects", async (t) => {
  const r = await sim(t, `
    const keys = ["chunkUsed", "chunkPeak", "chunkAllocated", "slotUsed", "slotPeak", "slotAllocated", "slotSize", "stackUsed", "stackPeak", "stackSize"];
    const before = sim.memory();
    let keep = new ArrayBuffer(1 << 20);
    let objects = []; for (let i = 0; i < 50000; i++) objects.push({ i });
    const grown = sim.memory();
    function deep(n) { const used = n ? deep(n - 1) : sim.memory().stackUsed; return used; } // no tail call
    const deepStack = deep(200);
    keep = null; objects = null;
    sim.gc();
    const after = sim.memory();
    print(JSON.stringify({ keys: keys.filter((k) => typeof before[k] !== "number" || !(before[k] >= 0)), before, grown, after, deepStack }));
  `);
  t.is(r.code, 0, r.stderr);
  const { keys, before, grown, after, deepStack } = JSON.parse(r.stdout);
  t.deepEqual(keys, [], "every counter is a non-negative number");
  for (const m of [before, grown, after]) {
    t.true(m.chunkUsed > 0 && m.chunkUsed <= m.chunkPeak && m.chunkPeak <= m.chunkAllocated);
    t.true(m.slotUsed > 0 && m.slotUsed <= m.slotPeak && m.slotPeak <= m.slotAllocated);
    t.true(m.stackUsed > 0 && m.stackUsed <= m.stackPeak && m.stackPeak <= m.stackSize);
  }
  t.is(before.slotSize, 32);
  t.true(grown.chunkUsed >= before.chunkUsed + (1 << 20));
  t.true(grown.slotUsed > before.slotUsed + 50000 * 32);
  t.true(after.chunkUsed < grown.chunkUsed - (1 << 19), "the buffer was collected");
  t.true(after.slotUsed < grown.slotUsed, "the objects were collected");
  t.true(deepStack > before.stackUsed + 200 * 32);
  t.true(after.stackPeak >= deepStack);
});

test("--script evaluates a classic script; command line errors exit 2", async (t) => {
  const script = await sim(t, `var x = 1; print(this === globalThis, typeof x, globalThis.x);`, [], ["--script"]);
  t.is(script.code, 0, script.stderr);
  t.is(script.stdout, "true number 1\n");
  const module = await sim(t, `print(this === undefined);`);
  t.is(module.stdout, "true\n");
  const missing = await exec([join(tmp, "missing.js")]);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /cannot open/);
  t.is((await exec([])).code, 2);
  t.is((await exec(["--bogus", "x.js"])).code, 2);
  const help = await exec(["--help"]);
  t.is(help.code, 0);
  t.regex(help.stdout, /usage: tinyml-sim/);
});
