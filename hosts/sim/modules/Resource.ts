/**
 * tinyml-sim's "Resource", following the contract of the Moddable SDK's (SDK 8.2.3,
 * modules/files/resource); test/sim_modules/resource.test.ts checks each rule:
 *
 * - `new Resource(path)` gives the resource's bytes; a missing one is a URIError
 *   "Resource not found: <path>". `Resource.exists(path)` says whether it is there.
 * - `byteLength`; `slice(begin = 0, end = byteLength)` copies into a new ArrayBuffer, a negative begin
 *   counting as 0 and end clamped to [begin, byteLength] (not from the end, as ArrayBuffer's would).
 * - Typed arrays view it in place (`new Uint8Array(resource)`).
 *
 * Not enforced: on a device a Resource is a read-only host buffer in flash and writing through a
 * view throws; here it is an ArrayBuffer read once from the `resources=DIR[:DIR...]` directories
 * (see mc/config.ts; the app manifests' "resources" flatten files by name in the same way), and
 * the XS of the simulator has no read-only ArrayBuffer.
 */
import { sim } from "../globals";
import config from "./mc/config";

function find(path: string): ArrayBuffer | null {
  const dirs = String(config.resources ?? ".").split(":");
  for (const dir of dirs) {
    try {
      return sim.readFile(`${dir}/${path}`);
    } catch {
      // not in this directory
    }
  }
  return null;
}

function integer(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) ? n : 0;
}

export default class Resource {
  static exists(path: string): boolean {
    return find(String(path)) !== null;
  }

  constructor(path: string) {
    const bytes = find(String(path));
    if (bytes === null) throw new URIError(`Resource not found: ${path}`);
    const byteLength = bytes.byteLength;
    const slice = ArrayBuffer.prototype.slice;
    Object.defineProperty(bytes, "slice", {
      value(begin?: number, end?: number): ArrayBuffer {
        const from = Math.max(0, integer(begin, 0));
        const to = Math.min(byteLength, Math.max(from, integer(end, byteLength)));
        return slice.call(bytes, from, to);
      },
    });
    return bytes as unknown as Resource;
  }
}
