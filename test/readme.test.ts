/** The README stays true: its op list is the resolver's, and it shows the two fresh-machine commands. */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { allOps } from "../src/index";

const readme = readFileSync(join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "README.md"), "utf8");

test("README lists exactly the ops the resolver has", (t) => {
  const section = readme.slice(readme.indexOf("## Supported ops"), readme.indexOf("Types:", readme.indexOf("## Supported ops")));
  const listed = new Set([...section.matchAll(/\b([A-Z][A-Z0-9_]{2,}|Signal[A-Za-z]+)\b/g)].map((m) => m[1]!).filter((w) => w !== "CUSTOM" && w !== "TFLM"));
  const ops = new Set(allOps.map((o) => o.name.replace(/^CUSTOM:/, "")));
  t.deepEqual([...listed].sort(), [...ops].sort());
});

test("README shows the install-and-demo and install-and-test commands", (t) => {
  t.regex(readme, /npm ci && npm start/);
  t.regex(readme, /npm ci && npm test/);
});
