/**
 * `tinyml inspect --board`: whether a model fits a board's RAM and flash, from the footprint
 * figures this repository measured. RAM = the model's arena (its plan) + the bytes the runtime
 * holds in the XS heap beyond the arena (bench/results/memory-sim32.json: the 32-bit simulator,
 * for the models measured there; another model gets the largest figure measured, said so).
 * Flash = the model + the runtime's code: tinyml-xs's XS byte code with every op (hosts/README.md,
 * "Sizes") and the native kernels' machine code (bench/results/cortex-m.json, Cortex-M4 build).
 * The XS engine, the Moddable SDK, the OS and the application are not counted, and are named so.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface Board {
  id: string;
  name: string;
  ramBytes: number;
  flashBytes: number;
  source: string;
}

const KiB = 1024, MiB = 1024 * 1024;

export const BOARDS: readonly Board[] = [
  { id: "esp32", name: "ESP32 (ESP32-WROOM-32 module)", ramBytes: 520 * KiB, flashBytes: 4 * MiB, source: "Espressif ESP32 datasheet (520 KB SRAM) and ESP32-WROOM-32 datasheet (4 MB flash)" },
  { id: "nrf52840", name: "Nordic nRF52840", ramBytes: 256 * KiB, flashBytes: 1 * MiB, source: "nRF52840 product specification (256 KB RAM, 1 MB flash)" },
  { id: "pico", name: "Raspberry Pi Pico (RP2040)", ramBytes: 264 * KiB, flashBytes: 2 * MiB, source: "RP2040 datasheet (264 KB SRAM) and Raspberry Pi Pico datasheet (2 MB QSPI flash)" },
];

export interface Part {
  what: string;
  bytes: number | null;
  source: string;
}

export interface BoardFit {
  board: Board;
  ram: { bytes: number; limit: number; fits: boolean; parts: Part[] };
  flash: { bytes: number; limit: number; fits: boolean; parts: Part[] };
  fits: boolean;
  notCounted: string[];
}

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function readJson(rel: string): unknown {
  try {
    return JSON.parse(readFileSync(join(repo, rel), "utf8"));
  } catch {
    return null;
  }
}

/** The runtime's XS bytes beyond the arena with the default kernels: this model's measurement, or the largest one. */
function runtimeBeyondArena(modelName: string): Part {
  const rel = "bench/results/memory-sim32.json";
  const rows = ((readJson(rel) as { rows?: { model: string; kernels: string; bytesBeyondArena: number }[] } | null)?.rows ?? []).filter((r) => r.kernels === "auto");
  const own = rows.find((r) => r.model === modelName);
  if (own !== undefined) return { what: "runtime's XS heap beyond the arena", bytes: own.bytesBeyondArena, source: `${rel}: measured for ${modelName} (32-bit simulator, native kernels)` };
  if (rows.length === 0) return { what: "runtime's XS heap beyond the arena", bytes: null, source: `${rel} not found` };
  const top = rows.reduce((a, b) => (b.bytesBeyondArena > a.bytesBeyondArena ? b : a));
  return { what: "runtime's XS heap beyond the arena (estimate)", bytes: top.bytesBeyondArena, source: `${rel}: not measured for this model; the largest measured figure (${top.model})` };
}

/** tinyml-xs's byte code with every op: the "hosts/esp32 | the core with every op" row of hosts/README.md's Sizes table. */
function bytecode(): Part {
  const rel = "hosts/README.md";
  let text = "";
  try {
    text = readFileSync(join(repo, rel), "utf8");
  } catch {
    return { what: "tinyml-xs byte code, every op", bytes: null, source: `${rel} not found` };
  }
  const m = /^\| hosts\/esp32 \| the core with every op \| \d+ \| (\d+) \|$/m.exec(text);
  return { what: "tinyml-xs byte code, every op", bytes: m === null ? null : Number(m[1]), source: `${rel}, Sizes (Moddable SDK release build; an op set is smaller)` };
}

function nativeCode(): Part {
  const rel = "bench/results/cortex-m.json";
  const code = (readJson(rel) as { code?: { textBytesDsp?: number } } | null)?.code?.textBytesDsp;
  return { what: "native C kernels, every one", bytes: code ?? null, source: `${rel}: .text with the Arm DSP paths, arm-none-eabi-gcc -O2 (other CPUs differ)` };
}

const sum = (parts: Part[]) => parts.reduce((s, p) => s + (p.bytes ?? 0), 0);

export function boardFit(board: Board, model: { name: string; bytes: number; arenaBytes: number }): BoardFit {
  const ramParts: Part[] = [{ what: "arena", bytes: model.arenaBytes, source: "this model's plan (tinyml-xs planner)" }, runtimeBeyondArena(model.name)];
  const flashParts: Part[] = [{ what: "model", bytes: model.bytes, source: "the model file" }, bytecode(), nativeCode()];
  const ram = { bytes: sum(ramParts), limit: board.ramBytes, fits: sum(ramParts) <= board.ramBytes, parts: ramParts };
  const flash = { bytes: sum(flashParts), limit: board.flashBytes, fits: sum(flashParts) <= board.flashBytes, parts: flashParts };
  const notCounted = ["the XS engine and the Moddable SDK runtime", "the OS / SDK of the board (ESP-IDF, Zephyr, pico-sdk...) and its RAM", "the application's own code and data"];
  for (const p of [...ramParts, ...flashParts]) if (p.bytes === null) notCounted.push(`${p.what} (${p.source})`);
  return { board, ram, flash, fits: ram.fits && flash.fits, notCounted };
}

export function formatBoardFit(f: BoardFit): string {
  const n = (v: number | null) => (v === null ? "?" : v.toLocaleString("en-US"));
  const lines = [`board ${f.board.id}: ${f.board.name} (${f.board.source})`];
  for (const [label, part] of [["RAM", f.ram], ["flash", f.flash]] as const) {
    lines.push(`  ${label}: ${n(part.bytes)} of ${n(part.limit)} bytes (${((part.bytes / part.limit) * 100).toFixed(1)}%): ${part.fits ? "fits" : "DOES NOT FIT"}`);
    for (const p of part.parts) lines.push(`    ${p.what}: ${n(p.bytes)} bytes (${p.source})`);
  }
  lines.push(`  ${f.fits ? "fits" : "does not fit"}, before what is not counted: ${f.notCounted.join("; ")}`);
  return lines.join("\n");
}
