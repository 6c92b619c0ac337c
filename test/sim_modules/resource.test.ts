/**
 * The contract of "Resource" as the Moddable SDK 8.2.3 implements it (modules/files/resource),
 * checked on the simulator's stand-in (hosts/sim/modules/Resource.ts), one rule per test. Not
 * enforced, and so not tested: on a device a Resource is read-only (the simulator's XS has no
 * read-only ArrayBuffer).
 */
import test from "ava";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { installFakeSim } from "../helpers/fake_sim";
import { tempDir } from "../helpers/temp_dir";

const dir = tempDir("tinyml-resource-");
writeFileSync(join(dir, "ten.bin"), Uint8Array.from({ length: 10 }, (_, i) => i));
installFakeSim([`resources=/nonexistent:${dir}`]);
const { default: Resource } = await import("../../hosts/sim/modules/Resource");

test("exists(path) says whether it is there; new Resource(missing) is a URIError naming it", (t) => {
  t.true(Resource.exists("ten.bin"));
  t.false(Resource.exists("none.bin"));
  t.throws(() => new Resource("none.bin"), { instanceOf: URIError, message: "Resource not found: none.bin" });
});

test("byteLength and in-place views", (t) => {
  const r = new Resource("ten.bin") as unknown as ArrayBuffer;
  t.is(r.byteLength, 10);
  t.deepEqual([...new Uint8Array(r, 8)], [8, 9]);
});

test("slice(begin, end) copies; a negative begin is 0 and end is clamped to [begin, byteLength]", (t) => {
  const r = new Resource("ten.bin") as unknown as ArrayBuffer;
  t.deepEqual([...new Uint8Array(r.slice(2, 4))], [2, 3]);
  t.deepEqual([...new Uint8Array(r.slice(-3))], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "not from the end, as ArrayBuffer's slice would");
  t.deepEqual([...new Uint8Array(r.slice(8, 100))], [8, 9]);
  t.is(r.slice(5, 2).byteLength, 0);
  const copy = new Uint8Array(r.slice(0, 1));
  copy[0] = 99;
  t.is(new Uint8Array(r)[0], 0, "a copy");
});
