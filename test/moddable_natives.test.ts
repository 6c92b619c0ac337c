/**
 * Native selection on Moddable builds (hosts/moddable/tinyml_native_select.h): an app's manifest
 * "defines": { "tinyml": { "natives": { "<name>": 0 } } } leaves a native out of the table, and
 * then out of the linked image. Checked by linking the natives as a Cortex-M4F build links them
 * (arm-none-eabi-gcc -Os, -ffunction-sections, --gc-sections from the table's lookup function):
 * with the KWS firmware's selection (firmware/kws/manifest.json, plus the core's), no code or name of a
 * left-out native is linked and every selected one is; with its kernel variants too
 * ("defines": { "tinyml": { "variants": ... } }, native/kernels/tinyml_variants.h), less code of
 * the selected ones is; the sizes are printed.
 *
 * Needs gcc-arm-none-eabi (skipped with a notice without it, except under CI=true).
 */
import test from "ava";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { toolchain } from "../hosts/cortex-m/qemu/build.mjs";
import { inCI } from "./helpers/testdata";
import { tempDir } from "./helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ready = toolchain().armGcc;
if (!ready && !inCI) console.log("NOTICE: arm-none-eabi-gcc is missing; the native selection link test is skipped (apt-get install gcc-arm-none-eabi).");
const register = ready || inCI ? test : test.skip;

const natives = [...readFileSync(join(repo, "native/tinyml_natives.h"), "utf8").matchAll(/^TINYML_NATIVE\((\w+)\)/gm)].map((m) => m[1]!).filter((n) => n !== "xs_tinyml_sim_selftest");
type Selection = Record<string, number>;
const selectionOf = (path: string, key = "natives"): Selection => ((JSON.parse(readFileSync(join(repo, path), "utf8")).defines?.tinyml ?? {})[key] ?? {}) as Selection;
/** A manifest's kernel variants as mc.defines.h gives them (MODDEF_TINYML_VARIANTS_<NAME>). */
const variantDefines = (variants: Selection) => Object.entries(variants).map(([k, v]) => `#define MODDEF_TINYML_VARIANTS_${k.toUpperCase()} (${v})\n`).join("");

function cFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? cFiles(join(dir, e.name)) : e.name.endsWith(".c") ? [join(dir, e.name)] : []));
}

const FLAGS = ["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16", "-Os", "-ffunction-sections", "-fdata-sections"];
const includes = (dir: string) => [`-I${join(repo, "node_modules/@agoric/xsnap/moddable/xs/includes")}`, `-I${join(repo, "native")}`, `-I${join(repo, "native/kernels")}`, `-I${join(repo, "native/bindings")}`, `-I${join(repo, "hosts/moddable")}`, `-I${dir}`];
const objects = new Map<string, string[]>();

/** The natives' objects, compiled once per set of extra flags and kernel variants (the natives selection only changes the table). */
function compileNatives(extra: string[], variants: Selection = {}): string[] {
  const key = `${extra.join(" ")} ${JSON.stringify(variants)}`;
  const cached = objects.get(key);
  if (cached !== undefined) return cached;
  const dir = tempDir("tinyml-natives-");
  writeFileSync(join(dir, "mc.defines.h"), variantDefines(variants));
  const sources = cFiles(join(repo, "native"));
  execFileSync("arm-none-eabi-gcc", [...FLAGS, ...extra, ...includes(dir), "-c", ...sources], { cwd: dir, stdio: "pipe" });
  const built = sources.map((f) => join(dir, basename(f).replace(/\.c$/, ".o")));
  objects.set(key, built);
  return built;
}

/** A linked image: its defined symbols (name -> size, address), .text + .rodata bytes, the ELF, and the native table's (name, function) entries. */
type Linked = { symbols: Map<string, number>; addresses: Map<number, string>; bytes: number; image: Buffer; table: [string, string][] };

/** Links the natives and the table with a selection. */
function link(selection: Selection, extra: string[] = [], variants: Selection = {}): Linked {
  const dir = tempDir("tinyml-natives-");
  writeFileSync(join(dir, "mc.defines.h"), Object.entries(selection).map(([k, v]) => `#define MODDEF_TINYML_NATIVES_${k.toUpperCase()} (${v})\n`).join(""));
  const elf = join(dir, "natives.elf");
  execFileSync("arm-none-eabi-gcc", [
    ...FLAGS, ...extra, ...includes(dir),
    // Moddable's platform headers give c_strcmp; this link has none.
    "-include", "string.h", "-Dc_strcmp=strcmp",
    join(repo, "hosts/moddable/tinyml_native.c"), ...compileNatives(extra, variants),
    "-nostdlib", "-nostartfiles", "-Wl,--gc-sections", "-Wl,-e,xs_tinyml_native", "-Wl,--unresolved-symbols=ignore-all", "-o", elf,
  ], { stdio: "pipe" });
  const symbols = new Map<string, number>(), addresses = new Map<number, string>(), at = new Map<string, number>();
  for (const line of execFileSync("arm-none-eabi-nm", ["-S", "-t", "d", "--defined-only", elf], { encoding: "utf8" }).split("\n")) {
    const m = /^(\d+) (\d+) [tTrRdD] (\S+)$/.exec(line);
    if (m === null) continue;
    symbols.set(m[3]!, Number(m[2]));
    addresses.set(Number(m[1]), m[3]!);
    at.set(m[3]!, Number(m[1]));
  }
  let bytes = 0, rodataAddress = 0;
  for (const line of execFileSync("arm-none-eabi-size", ["-A", elf], { encoding: "utf8" }).split("\n")) {
    const m = /^\.(text|rodata)\s+(\d+)\s+(\d+)/.exec(line);
    if (m === null) continue;
    bytes += Number(m[2]);
    if (m[1] === "rodata") rodataAddress = Number(m[3]);
  }
  // The table's entries as the lookup reads them: each name pointer's string and the function its pointer is (Thumb bit cleared).
  const rodataFile = join(dir, "rodata.bin");
  execFileSync("arm-none-eabi-objcopy", ["-O", "binary", "--only-section=.rodata", elf, rodataFile]);
  const rodata = readFileSync(rodataFile);
  const table: [string, string][] = [];
  const tableAt = at.get("tinyml_native_table")! - rodataAddress;
  for (let i = 0; i < symbols.get("tinyml_native_table")! / 8; i++) {
    const name = rodata.readUInt32LE(tableAt + 8 * i), fn = rodata.readUInt32LE(tableAt + 8 * i + 4);
    table.push([name === 0 ? "" : rodata.toString("latin1", name - rodataAddress, rodata.indexOf(0, name - rodataAddress)), fn === 0 ? "" : addresses.get(fn & ~1) ?? "?"]);
  }
  return { symbols, addresses, bytes, image: readFileSync(elf), table };
}

/** The selection names that decide whether a native is linked: its own, or for a scratch-size query its kernels'. */
function selectedBy(native: string): string[] {
  const name = native.slice("xs_tinyml_".length);
  // the plan runner's boot natives come with it
  if (name === "plan_kernel_set" || name === "crc32") return ["plan_run"];
  if (!name.endsWith("_scratch_bytes")) return [name];
  const kernel = name.slice(0, -"_scratch_bytes".length);
  if (kernel === "pooling_int8") return ["average_pool_2d_int8", "max_pool_2d_int8"];
  if (kernel === "add_int8") return ["add_int8", "sub_int8"];
  return [kernel];
}

register("a manifest's natives selection links only the selected natives (KWS firmware on a Cortex-M4F)", (t) => {
  if (!ready) return t.fail("CI=true but arm-none-eabi-gcc is missing");
  const kwsSelection = { ...selectionOf("manifest.json"), ...selectionOf("src/audio/manifest.json"), ...selectionOf("firmware/kws/manifest.json") };
  const all = link({});
  const kws = link(kwsSelection);
  for (const n of natives) {
    t.true(all.symbols.has(n), `${n}: linked when selected`);
    const out = selectedBy(n).every((k) => kwsSelection[k] === 0);
    t.is(kws.symbols.has(n), !out, `${n}: ${out ? "left out, yet linked" : "selected, yet not linked"}`);
  }
  // The C kernels behind a left-out binding go too (e.g. CONV_2D's and SHA-256's).
  t.false(kws.symbols.has("tinyml_conv_2d_int8"));
  t.false(kws.symbols.has("tinyml_sha256_update"));
  t.true(all.symbols.has("tinyml_conv_2d_int8") && all.symbols.has("tinyml_sha256_update"));
  // The table has an entry per selected native (8 bytes: name and function) and one spare, none for the left-out ones.
  const selectedCount = natives.filter((n) => !selectedBy(n).every((k) => kwsSelection[k] === 0)).length;
  t.is(kws.symbols.get("tinyml_native_table"), 8 * (selectedCount + 1));
  t.is(all.symbols.get("tinyml_native_table"), 8 * (natives.length + 1));
  // Each entry names its own function, the selected natives in the list's order, then the empty spare.
  const expected = natives.filter((n) => !selectedBy(n).every((k) => kwsSelection[k] === 0)).map((n): [string, string] => [n, n]);
  t.deepEqual(kws.table, [...expected, ["", ""]]);
  t.deepEqual(all.table, [...natives.map((n): [string, string] => [n, n]), ["", ""]]);
  // Nor are the names of the left-out natives.
  const named = (image: Buffer, n: string) => image.includes(Buffer.from(`${n}\0`));
  for (const n of natives) t.is(named(kws.image, n), named(all.image, n) && !selectedBy(n).every((k) => kwsSelection[k] === 0), `${n}: its name is linked exactly when the native is`);
  t.true(named(all.image, "xs_tinyml_sha256") && !named(kws.image, "xs_tinyml_sha256"));
  t.true(kws.bytes < all.bytes);
  t.log(`Cortex-M4F, -Os: every native ${all.bytes} B of .text + .rodata; the KWS firmware's (${natives.filter((n) => selectedBy(n).some((k) => kwsSelection[k] !== 0)).map((n) => n.slice(10)).join(", ")}) ${kws.bytes} B`);
  // Without the Arm DSP paths, as a target without the DSP extension (e.g. an ESP32) builds the kernels.
  const portable = link(kwsSelection, ["-DTINYML_NO_DSP"]);
  t.true(portable.bytes < kws.bytes);
  t.log(`the same, portable C only (-DTINYML_NO_DSP): the KWS firmware's natives ${portable.bytes} B`);
  // Its kernel variants (the layers of its models): the same natives, less of their code.
  const kwsVariants = selectionOf("firmware/kws/manifest.json", "variants");
  t.true(Object.keys(kwsVariants).length > 0);
  const lean = link(kwsSelection, [], kwsVariants);
  for (const n of natives) t.is(lean.symbols.has(n), kws.symbols.has(n), `${n}: the variants change no native's presence`);
  t.false(lean.symbols.has("tinyml_dw3_plane"), "no 3x3 depthwise assembly for models without 3x3 depthwise layers");
  t.true(kws.symbols.has("tinyml_dw3_plane"));
  t.true(lean.bytes < kws.bytes);
  t.log(`with its kernel variants (${Object.keys(kwsVariants).join(", ")} left out): the KWS firmware's natives ${lean.bytes} B (Arm DSP paths)`);
});
