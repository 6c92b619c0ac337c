/**
 * `tinyml inspect --svg`: one SVG chart of a model's memory and work. Two panels show the arena over
 * time (x: op index, y: arena offset; one rectangle per buffer, from the op that first needs it to
 * the last), as our planner and as TFLM's layout place the buffers (inspect_layout.ts); a third
 * shows each op's MACs and parameter bytes as bars. Hovering a shape shows its details (SVG title).
 */
import type { ArenaLayout } from "./inspect_layout";
import type { InspectReport } from "./inspect";

const WIDTH = 960, PANEL = 300, MARGIN = 70, GAP = 60;
const COLORS = { tensor: "#4e79a7", scratch: "#f28e2b", persistent: "#59a14f", macs: "#4e79a7", params: "#e15759" } as const;

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const n = (v: number) => v.toLocaleString("en-US");

function layoutPanel(layout: ArenaLayout, ops: number, top: number, maxBytes: number): string[] {
  const w = WIDTH - 2 * MARGIN, opW = w / Math.max(1, ops), yOf = (bytes: number) => top + PANEL - (bytes / Math.max(1, maxBytes)) * PANEL;
  const out = [`<text x="${MARGIN}" y="${top - 10}" font-weight="bold">${esc(layout.title)}: ${n(layout.arenaBytes)} bytes</text>`];
  out.push(`<rect x="${MARGIN}" y="${top}" width="${w}" height="${PANEL}" fill="none" stroke="#999"/>`);
  out.push(`<line x1="${MARGIN}" x2="${WIDTH - MARGIN}" y1="${yOf(layout.arenaBytes).toFixed(1)}" y2="${yOf(layout.arenaBytes).toFixed(1)}" stroke="#333" stroke-dasharray="4 3"/>`);
  out.push(`<text x="${MARGIN - 6}" y="${yOf(layout.arenaBytes).toFixed(1)}" text-anchor="end" font-size="10">${n(layout.arenaBytes)}</text>`);
  out.push(`<text x="${MARGIN - 6}" y="${top + PANEL}" text-anchor="end" font-size="10">0</text>`);
  for (const b of layout.buffers) {
    if (b.size === 0) continue;
    const x = MARGIN + b.first * opW, y = yOf(b.offset + b.size), h = Math.max(1, yOf(b.offset) - y);
    out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${((b.last - b.first + 1) * opW).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[b.kind]}" fill-opacity="0.75" stroke="#fff" stroke-width="0.5">` +
      `<title>${esc(b.label)} (${b.kind}): ${n(b.size)} bytes at offset ${n(b.offset)}, ops ${b.first}..${b.last}</title></rect>`);
  }
  return out;
}

function workPanel(r: InspectReport, top: number): string[] {
  const w = WIDTH - 2 * MARGIN, opW = w / Math.max(1, r.ops.length);
  const maxMacs = Math.max(1, ...r.ops.map((o) => o.macs ?? 0)), maxParams = Math.max(1, ...r.ops.map((o) => o.parameterBytes));
  const out = [`<text x="${MARGIN}" y="${top - 10}" font-weight="bold">Per op: MACs (blue, max ${n(maxMacs)}) and parameter bytes (red, max ${n(maxParams)})</text>`];
  out.push(`<rect x="${MARGIN}" y="${top}" width="${w}" height="${PANEL}" fill="none" stroke="#999"/>`);
  r.ops.forEach((o, i) => {
    const x = MARGIN + i * opW, bw = opW * 0.4;
    const hm = ((o.macs ?? 0) / maxMacs) * PANEL, hp = (o.parameterBytes / maxParams) * PANEL;
    const what = `op ${o.index} ${esc(o.op)} v${o.version}`;
    out.push(`<rect x="${(x + opW * 0.1).toFixed(1)}" y="${(top + PANEL - hm).toFixed(1)}" width="${bw.toFixed(1)}" height="${hm.toFixed(1)}" fill="${COLORS.macs}"><title>${what}: ${o.macs === null ? "MACs unknown" : `${n(o.macs)} MACs`}</title></rect>`);
    out.push(`<rect x="${(x + opW * 0.5).toFixed(1)}" y="${(top + PANEL - hp).toFixed(1)}" width="${bw.toFixed(1)}" height="${hp.toFixed(1)}" fill="${COLORS.params}"><title>${what}: ${n(o.parameterBytes)} parameter bytes</title></rect>`);
    if (r.ops.length <= 40) out.push(`<text x="${(x + opW / 2).toFixed(1)}" y="${top + PANEL + 14}" text-anchor="middle" font-size="9">${o.index}</text>`);
  });
  return out;
}

/** The chart; `layouts` empty when the model could not be planned. */
export function inspectSvg(r: InspectReport, layouts: readonly ArenaLayout[]): string {
  const maxBytes = Math.max(1, ...layouts.map((l) => l.arenaBytes));
  const panels = layouts.length + 1;
  const height = 50 + panels * (PANEL + GAP) + 30;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`];
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  out.push(`<text x="${MARGIN}" y="24" font-size="15" font-weight="bold">${esc(r.description || "model")}: ${n(r.bytes)} bytes, ${r.macs === null ? "?" : n(r.macs)} MACs per inference</text>`);
  out.push(`<text x="${MARGIN}" y="42" font-size="11" fill="#555">x: op index; y: arena offset (same scale in both arena panels). Blue: tensors, orange: kernel scratch, green: op state.</text>`);
  layouts.forEach((l, i) => out.push(...layoutPanel(l, r.ops.length, 80 + i * (PANEL + GAP), maxBytes)));
  out.push(...workPanel(r, 80 + layouts.length * (PANEL + GAP)));
  out.push(`<text x="${WIDTH / 2}" y="${height - 8}" text-anchor="middle" font-size="11">op index</text>`);
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
