/** `tinyml run --host lua`: the inference in the Lua build of the runtime (dist/lua, `npm run build:lua`) under Lua 5.3+ or LuaJIT. */
import { execFile } from "node:child_process";
import { resolve } from "node:path";

export interface LuaJob {
  model: string;
  inputs: string[];
  outputs: string[];
  invocations: number;
  profile: boolean;
  /** The Lua interpreter to run: a command on the PATH or a path (default lua5.4). */
  lua: string;
}

/** Runs the job (building dist/lua when stale); resolves to an error message, or null when the outputs were written. */
export async function runOnLua(job: LuaJob): Promise<string | null> {
  const { ensureLuaBuild } = await import("../../hosts/lua/build.mjs");
  const dist = await ensureLuaBuild();
  const args = [resolve(dist, "run_model.lua"), dist, resolve(job.model), "--invocations", String(job.invocations)];
  for (const f of job.inputs) args.push("--input", resolve(f));
  for (const f of job.outputs) args.push("--output", resolve(f));
  if (job.profile) args.push("--profile");
  return new Promise((done) => {
    execFile(job.lua, args, { maxBuffer: 64 << 20 }, (err, _stdout, stderr) => {
      if (err === null) {
        if (stderr) process.stderr.write(stderr);
        done(null);
      } else if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        done(`cannot run '${job.lua}': not found (Debian: apt-get install lua5.4; --lua picks another interpreter)`);
      } else {
        done(`inside ${job.lua}: ${stderr.trim() || err.message}`);
      }
    });
  });
}
