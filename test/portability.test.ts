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

test("runtime sources import only relative modules and use no Node globals", (t) => {
  const runtime = files(src).filter((f) => !relative(src, f).startsWith("cli"));
  t.true(runtime.length > 10);
  for (const f of runtime) {
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/from\s+"([^"]+)"/g)) t.true(m[1]!.startsWith("."), `${relative(src, f)} imports ${m[1]}`);
    t.notRegex(text, /\b(process|Buffer|require|__dirname|TextDecoder|TextEncoder|setImmediate)\b[.(]/, relative(src, f));
  }
});
