/**
 * Extracts real int8 layers from the test models (../shared/testdata, or $TINYML_TESTDATA) for the
 * Cortex-M test image: runs each model once with the portable TypeScript kernels, recording the
 * packed params, inputs, filter, bias and output of the kernel calls (the first few of each kind).
 * The layers are test data: they are written under build/ only, never committed.
 *
 *   node --import tsx hosts/cortex-m/qemu/golden_layers.ts OUT.bin
 *
 * OUT.bin (little-endian): "TMLG", u32 count, then per layer: u32 kind (cases.h), u32 name length,
 * name, u32 params count, params, u32 in1 bytes, in1, u32 in2 bytes, in2, i32 bias count (-1 none),
 * bias, u32 out bytes, the TypeScript kernel's output.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Interpreter } from "../../../src/interpreter/interpreter";
import type { Kernels } from "../../../src/kernels/kernels";
import { portableKernels } from "../../../src/kernels/portable/index";
import { Model } from "../../../src/model/model";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const testdata = process.env.TINYML_TESTDATA ?? join(repo, "..", "shared", "testdata");
const KIND = { conv: 0, dw: 1, fc: 2, avg: 3, max: 4, add: 5, sub: 6 } as const;
/** Models, and how many layers of each kernel kind to take from each (Infinity: all). */
const MODELS: [string, number][] = [["kws_ref_model", Infinity], ["vww_96_int8", 3], ["person_detect", 2], ["micro_speech_quantized", Infinity], ["hello_world_int8", Infinity]];
/** Skip layers whose buffers add up to more than this (keeps the image small). */
const MAX_LAYER_BYTES = 160 * 1024;

interface Layer {
  kind: number;
  name: string;
  params: Int32Array;
  in1: Int8Array;
  in2: Int8Array;
  bias: Int32Array | null;
  out: Int8Array;
}

function record(model: string, limit: number, layers: Layer[]): void {
  const manifest = JSON.parse(readFileSync(join(testdata, "golden", "manifest.json"), "utf8"));
  const m = manifest.models[model];
  if (m === undefined) throw new Error(`${model}: not in the golden manifest`);
  const counts = new Map<number, number>();
  let index = 0;
  const take = (kind: number, what: string, params: Int32Array, in1: Int8Array, in2: Int8Array, bias: Int32Array | null, run: () => Int8Array): void => {
    index++;
    const n = counts.get(kind) ?? 0;
    const bytes = in1.length + in2.length + (bias?.length ?? 0) * 4;
    const copy = { params: params.slice(), in1: in1.slice(), in2: in2.slice(), bias: bias === null ? null : bias.slice() };
    const out = run();
    if (n >= limit || bytes + out.length > MAX_LAYER_BYTES) return;
    counts.set(kind, n + 1);
    layers.push({ kind, name: `${model}#${index}:${what}`, ...copy, out: out.slice() });
  };
  const k = portableKernels;
  const recording: Partial<Kernels> = {
    conv2dInt8: (p, x, f, b, y) => take(KIND.conv, "conv", p, x, f, b, () => (k.conv2dInt8(p, x, f, b, y), y)),
    depthwiseConv2dInt8: (p, x, f, b, y) => take(KIND.dw, "depthwise", p, x, f, b, () => (k.depthwiseConv2dInt8(p, x, f, b, y), y)),
    fullyConnectedInt8: (p, x, f, b, y) => take(KIND.fc, "fully_connected", p, x, f, b, () => (k.fullyConnectedInt8(p, x, f, b, y), y)),
    averagePool2dInt8: (p, x, y) => take(KIND.avg, "average_pool", p, x, new Int8Array(0), null, () => (k.averagePool2dInt8(p, x, y), y)),
    maxPool2dInt8: (p, x, y) => take(KIND.max, "max_pool", p, x, new Int8Array(0), null, () => (k.maxPool2dInt8(p, x, y), y)),
    addInt8: (p, a, b, y) => take(KIND.add, "add", p, a, b, null, () => (k.addInt8(p, a, b, y), y)),
    subInt8: (p, a, b, y) => take(KIND.sub, "sub", p, a, b, null, () => (k.subInt8(p, a, b, y), y)),
  };
  const it = new Interpreter(Model.from(readFileSync(join(testdata, m.file))), { kernels: recording });
  const input = readFileSync(join(testdata, m.cases[0].input));
  it.input(0).bytes.set(input.subarray(0, it.input(0).bytes.length));
  it.invoke();
}

function serialize(layers: Layer[]): Buffer {
  const parts: Buffer[] = [];
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v | 0);
    parts.push(b);
  };
  const bytes = (a: ArrayBufferView) => parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  parts.push(Buffer.from("TMLG"));
  u32(layers.length);
  for (const l of layers) {
    u32(l.kind);
    const name = Buffer.from(l.name);
    u32(name.length);
    parts.push(name);
    u32(l.params.length);
    bytes(l.params);
    u32(l.in1.length);
    bytes(l.in1);
    u32(l.in2.length);
    bytes(l.in2);
    u32(l.bias === null ? -1 : l.bias.length);
    if (l.bias !== null) bytes(l.bias);
    u32(l.out.length);
    bytes(l.out);
  }
  return Buffer.concat(parts);
}

const out = process.argv[2];
if (out === undefined) throw new Error("usage: golden_layers.ts OUT.bin");
if (!existsSync(join(testdata, "golden", "manifest.json"))) throw new Error(`no test data at ${testdata}`);
const layers: Layer[] = [];
for (const [model, limit] of MODELS) record(model, limit, layers);
writeFileSync(out, serialize(layers));
process.stdout.write(`${layers.length} layers -> ${out}\n`);
