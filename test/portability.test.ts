/** src/ runs on XS: no Node API, no module outside src/, outside src/cli. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "..", "src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Packages the runtime may import: pure JavaScript, bundled into the runtime for XS. */
const RUNTIME_PACKAGES = [/^@noble\/ed25519$/, /^@noble\/hashes\/[a-z0-9_.]+(\.js)?$/];
/** Moddable modules, for the device-only adapters (the simulator provides stand-ins in hosts/sim/modules). */
const MODDABLE_MODULES = /^(flash|timer|time|Resource|instrumentation|embedded:[a-z/]+)$/;

test("runtime sources import only relative modules and pure-JS packages, and use no Node globals", (t) => {
  const runtime = files(src).filter((f) => !relative(src, f).startsWith("cli"));
  t.true(runtime.length > 10);
  for (const f of runtime) {
    // Code only: comments may say anything.
    const text = readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
    for (const m of text.matchAll(/from\s+"([^"]+)"/g)) t.true(m[1]!.startsWith(".") || RUNTIME_PACKAGES.some((p) => p.test(m[1]!)) || MODDABLE_MODULES.test(m[1]!), `${relative(src, f)} imports ${m[1]}`);
    t.notRegex(text, /(?<![.\w])(process\s*\.|Buffer\s*[.(]|require\s*\(|__dirname|__filename|TextDecoder|TextEncoder|setImmediate\s*\()/, relative(src, f));
  }
});
