/**
 * tinyml-sim's "Resource": resources by name, read from the directories listed in the
 * `resources=DIR[:DIR...]` argument (see mc/config.ts; the app manifests' "resources" flatten files
 * by name in the same way). A Moddable Resource is a read-only host buffer in flash; here it is an
 * ArrayBuffer read once (same byteLength, and typed arrays view it the same way).
 */
import { sim } from "../globals";
import config from "./mc/config";

function find(path: string): string | null {
  const dirs = String(config.resources ?? ".").split(":");
  for (const dir of dirs) {
    const file = `${dir}/${path}`;
    try {
      sim.readFile(file);
      return file;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export default class Resource {
  static exists(path: string): boolean {
    return find(path) !== null;
  }

  constructor(path: string) {
    const file = find(path);
    if (file === null) throw new Error(`Resource not found: ${path}`);
    return sim.readFile(file) as unknown as Resource;
  }
}
