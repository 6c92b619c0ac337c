/**
 * The tinyml-sim globals the stand-ins of hosts/sim/modules use (sim.readFile, sim.now, sim.args),
 * provided on Node so their contract tests run without the simulator. Import it before any
 * stand-in (dynamic imports), with the command-line arguments the stand-ins should see.
 */
import { readFileSync } from "node:fs";

export function installFakeSim(args: string[] = []): void {
  const g = globalThis as unknown as { sim?: unknown; print?: unknown };
  if (g.sim !== undefined) return;
  g.sim = {
    args,
    readFile(path: string): ArrayBuffer {
      const b = readFileSync(path);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
    now: () => performance.now(),
    exit(code = 0): never {
      throw new Error(`sim.exit(${code})`);
    },
  };
  g.print = (...a: unknown[]) => console.log(...a);
}
