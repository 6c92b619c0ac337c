/**
 * The README's "Updating models in the field" figures, made from bench/results/lifecycle.json:
 * bench/report.ts writes them between the README's markers, and a test checks that the README
 * holds exactly what the committed results give (so they are never typed by hand).
 */
export const FIGURES_START = "<!-- lifecycle figures: written by bench/report.ts from bench/results/lifecycle.json -->";
export const FIGURES_END = "<!-- end of lifecycle figures -->";

export interface LifecycleResult {
  command: string;
  date: string;
  machine: { cpu: string; cores: number; os: string };
  faultPoints: number;
  bricked: number;
  failures: number;
  sweeps: { scenario: string; operations: number; bytes: number; cuts: number; bootCuts: number; forged?: number }[];
  fuzz: { runs: number; chunks: number; resets: number; cuts: number };
  sim: Record<string, number>;
}

const ms = (v: number | undefined) => (v === undefined ? "?" : v >= 100 ? v.toFixed(0) : v.toFixed(1));

export function lifecycleFigures(r: LifecycleResult): string {
  const s = r.sim;
  const ops = r.sweeps.filter((x) => x.operations > 0 && x.scenario !== "bytes");
  const bytes = r.sweeps.find((x) => x.scenario === "bytes");
  const lines = [
    FIGURES_START,
    "",
    `| figure | value |`,
    `|---|---|`,
    `| fault points tried | **${r.faultPoints}** |`,
    `| devices left without a valid model, or with a mix | **${r.bricked}** |`,
    `| power cuts at every flash operation (plain, torn, torn + flipped bit; then in the next boot) | ${ops.map((x) => `${x.cuts + x.bootCuts} over ${x.operations} operations (${x.scenario})`).join("; ")} |`,
    `| power cuts at every byte written | ${bytes ? `${bytes.cuts} over ${bytes.bytes} bytes` : "-"} |`,
    `| forged headers offered after those reboots (signature zeroed) | ${r.sweeps.reduce((n, x) => n + (x.forged ?? 0), 0)}, ${r.failures === 0 ? "each refused without a flash operation" : "with failures (see the results)"} |`,
    `| fuzzed transfers (random chunks, repeats, resets, cuts) | ${r.fuzz.runs} runs: ${r.fuzz.chunks} chunks, ${r.fuzz.resets} resets, ${r.fuzz.cuts} power cuts |`,
    `| power cuts inside the XS engine | ${s.sim_fault_points ?? "?"} |`,
    `| verifying a ${Math.round((s.big_update_bytes ?? 0) / 1024)} KB update in XS (\`checkUpdate\`: hashes, signature) | ${ms(s.check_update_ms)} ms |`,
    `| of which SHA-256 of the model / Ed25519 signature check | ${ms(s.sha256_ms)} ms / ${ms(s.ed25519_verify_ms)} ms |`,
    `| storing it (chunks written and read back) / \`finishUpdate\` (verify + load + ops + arena) | ${ms(s.write_chunks_ms)} ms / ${ms(s.finish_update_ms)} ms |`,
    `| activation with its self-test / a boot that re-hashes the active model | ${ms(s.activate_selftest_ms)} ms / ${ms(s.open_verify_on_boot_ms)} ms |`,
    "",
    `Made by \`${r.command}\` on ${r.date.slice(0, 10)} (${r.machine.cpu}, ${r.machine.cores} cores); times are the desktop XS simulator's (a microcontroller is slower).`,
    "",
    FIGURES_END,
  ];
  return lines.join("\n");
}

/** The README text with its figures block replaced. */
export function withFigures(readme: string, figures: string): string {
  const a = readme.indexOf(FIGURES_START), b = readme.indexOf(FIGURES_END);
  if (a < 0 || b < a) throw new Error("README.md has no lifecycle figures markers");
  return readme.slice(0, a) + figures + readme.slice(b + FIGURES_END.length);
}
