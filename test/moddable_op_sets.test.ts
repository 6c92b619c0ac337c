/**
 * The op sets of hosts/moddable/op_sets.mjs run: the runtime compiled as for Moddable
 * (tsconfig.moddable.json), with a set's resolver, portable kernel table and native kernel faces in
 * place of the core's (as its manifest maps them), bundled and run on Node, gives the full runtime's
 * outputs byte for byte on the set's models, with the TypeScript kernels and through the native
 * faces (natives stood in for by the TypeScript kernels behind the host's `native(name)`), and
 * refuses a model with another op (UnsupportedOpsError). Its manifest leaves out what the set's
 * ops do not reach, but keeps what the optional parts (src/plan, src/lifecycle, ...) import.
 */
import test from "ava";
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { Interpreter, Model, portableKernels, UnsupportedOpsError } from "../src/index";
import { OP_SETS, writeOpSets } from "../hosts/moddable/op_sets.mjs";
import { tempDir } from "./helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
type Runtime = typeof import("../src/index");

/** The runtime compiled for Moddable into a temporary folder, with the op sets written beside it. */
async function compiled(): Promise<string> {
  const out = tempDir("tinyml-opsets-");
  execFileSync(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "-p", join(repo, "tsconfig.moddable.json"), "--outDir", out], { stdio: "pipe" });
  await writeOpSets(repo, out);
  return out;
}
const built = compiled();

/** The runtime with set `name`'s modules in place of the core's, bundled into one ES module and loaded. */
async function withOpSet(out: string, name: string): Promise<Runtime> {
  const root = join(out, "check", name);
  cpSync(join(out, "src"), join(root, "src"), { recursive: true });
  const set = join(out, "opsets", name);
  cpSync(join(set, "resolver.js"), join(root, "src/ops/resolver.js"));
  cpSync(join(set, "portable_index.js"), join(root, "src/kernels/portable/index.js"));
  cpSync(join(set, "native_index.js"), join(root, "src/kernels/native/index.js"));
  const bundle = join(root, "bundle.mjs");
  await build({ entryPoints: [join(root, "src/index.js")], bundle: true, format: "esm", platform: "neutral", resolveExtensions: [".js"], outfile: bundle, logLevel: "warning" });
  return (await import(pathToFileURL(bundle).href)) as Runtime;
}

const modelBytes = (path: string) => new Uint8Array(readFileSync(join(repo, path)));

/** The outputs of `runs` invokes with the same inputs on both interpreters are byte-equal. */
function sameOutputs(a: Interpreter, b: Interpreter, runs = 40): boolean {
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < a.inputCount; k++) {
      const x = a.input(k).bytes, y = b.input(k).bytes;
      for (let i = 0; i < x.length; i++) x[i] = y[i] = (r * 37 + i * 11 + k) & 0xff;
    }
    a.invoke();
    b.invoke();
    for (let k = 0; k < a.outputCount; k++) if (!a.output(k).bytes.every((v, i) => v === b.output(k).bytes[i])) return false;
  }
  return true;
}

/** Int32 view of what a native receives as the bytes of an Int32Array. */
const int32 = (b: ArrayBuffer | Uint8Array | null) => (b === null ? null : b instanceof ArrayBuffer ? new Int32Array(b) : new Int32Array(b.buffer, b.byteOffset, b.byteLength >> 2));

/** A host `native(name)` whose int8 fully connected native runs the TypeScript kernel on what the face passes; records what was looked up. */
function fakeNatives(looked: Set<string>): (name: string) => unknown {
  const fc = (p: Uint8Array, input: Int8Array, filter: Int8Array, bias: Uint8Array | null, output: Int8Array) => portableKernels.fullyConnectedInt8(int32(p)!, input, filter, int32(bias), output);
  const table: Record<string, unknown> = { xs_tinyml_fully_connected_int8: fc, xs_tinyml_fully_connected_int8_scratch_bytes: () => 0 };
  return (name: string) => {
    looked.add(name);
    return table[name];
  };
}

for (const [name, models] of Object.entries(OP_SETS)) {
  // serial: the host's `native` is a global
  test.serial(`op set ${name}: its modules run its models as the full runtime does, with TypeScript kernels and through its native faces`, async (t) => {
    const out = await built;
    const looked = new Set<string>();
    const g = globalThis as { native?: unknown };
    g.native = fakeNatives(looked);
    try {
      const set = await withOpSet(out, name);
      t.deepEqual(Object.keys(set.nativeKernels()), ["fullyConnectedInt8", "fullyConnectedInt8ScratchBytes"]);
      for (const path of models) {
        for (const kernels of ["portable", "auto"] as const) {
          const bytes = modelBytes(path);
          const it = new set.Interpreter(set.Model.from(bytes), { kernels });
          t.true(sameOutputs(it, new Interpreter(Model.from(bytes), { kernels: "portable" })), `${path} with kernels ${kernels}`);
        }
      }
      t.true(looked.has("xs_tinyml_fully_connected_int8"), "the native face was bound");
      // The set's native faces are its kernels' only: no other native is even looked up.
      t.deepEqual([...looked].filter((n) => !n.startsWith("xs_tinyml_fully_connected_int") && !n.startsWith("xs_tinyml_softmax_int")), []);
    } finally {
      delete g.native;
    }
  });
}

test("op set sine: a model with another op is refused, typed; its manifest leaves CONV_2D out and keeps what compiled plans import", async (t) => {
  const out = await built;
  const set = await withOpSet(out, "sine");
  const error = t.throws(() => new set.Interpreter(set.Model.from(modelBytes("models/motion/motion.tflite"))));
  t.is(error?.name, "UnsupportedOpsError");
  t.regex(error?.message ?? "", /SOFTMAX/);
  t.false(error instanceof UnsupportedOpsError); // the bundle's own class: the set's runtime threw it
  const manifest = JSON.parse(readFileSync(join(out, "opsets/sine/manifest.json"), "utf8")) as { modules: Record<string, string | string[]> };
  const excluded = manifest.modules["~"] as string[];
  for (const m of ["ops/conv_2d", "kernels/portable/conv_2d", "ops/softmax"]) t.true(excluded.includes(`../../src/${m}`), `${m} is left out`);
  t.false(excluded.includes("../../src/math/crc32"), "math/crc32 stays: src/plan and src/lifecycle import it");
  t.is(manifest.modules["tinyml-xs/kernels/native/index"], "./native_index");
});
