/**
 * The Lua build of the runtime (hosts/lua, dist/lua) run by a Lua interpreter: built when stale,
 * and tests that skip with a printed notice where the interpreter is missing (failing under CI=true,
 * whose .ci/run installs lua5.4 and lua5.3).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { ExecutionContext, TestFn } from "ava";
import { ensureLuaBuild } from "../../hosts/lua/build.mjs";
import { runProcess, type CliResult } from "./cli";
import { inCI } from "./testdata";

const available = new Map<string, boolean>();

/** Whether `lua` runs here (`lua -v`). */
export function haveLua(lua: string): boolean {
  let ok = available.get(lua);
  if (ok === undefined) {
    try {
      execFileSync(lua, ["-v"], { stdio: "ignore" });
      ok = true;
    } catch {
      ok = false;
    }
    available.set(lua, ok);
  }
  return ok;
}

/** Registers a test that needs the Lua interpreter `lua`: skipped with a notice where it is missing, failing under CI=true. */
export function withLua(test: TestFn, lua: string, title: string, fn: (t: ExecutionContext) => void | Promise<void>): void {
  if (haveLua(lua)) test(title, fn);
  else if (inCI) test(title, (t) => t.fail(`CI=true but ${lua} is missing (apt-get install ${lua})`));
  else {
    console.log(`NOTICE: ${lua} not found; "${title}" is skipped (Debian: apt-get install ${lua}).`);
    test.skip(title, fn);
  }
}

/** Runs one of dist/lua's scripts (run_model.lua, load_models.lua) with `lua`, building dist/lua first when stale. */
export async function runLua(lua: string, script: string, args: string[]): Promise<CliResult> {
  const dist = await ensureLuaBuild();
  return runProcess(lua, [join(dist, script), dist, ...args], { maxBuffer: 64 << 20 });
}
