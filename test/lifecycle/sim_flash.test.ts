/** SimFlash: NOR semantics and fault injection. */
import test from "ava";
import { PowerCut, SimFlash } from "../../src/lifecycle/sim_flash";
import { FlashRangeError } from "../../src/lifecycle/flash";

test("erase sets 0xFF, writes only clear bits, map is zero-copy", (t) => {
  const f = new SimFlash(256, 4);
  t.true(f.read(0, 1024).every((b) => b === 0xff));
  f.write(10, Uint8Array.of(0xf0, 0x0f));
  f.write(10, Uint8Array.of(0x3c, 0xff));
  t.deepEqual(Array.from(f.read(10, 2)), [0x30, 0x0f]);
  const view = f.map(10, 2);
  f.write(11, Uint8Array.of(0x01));
  t.is(view[1], 0x01);
  f.erase(0);
  t.is(view[0], 0xff);
  t.throws(() => f.write(1020, new Uint8Array(8)), { instanceOf: FlashRangeError });
  t.throws(() => f.erase(4), { instanceOf: FlashRangeError });
});

test("power cut after N operations, torn writes, then every call throws until reboot", (t) => {
  const f = new SimFlash(256, 2);
  f.inject({ afterOps: 1, tear: true });
  f.write(0, new Uint8Array(4));
  t.throws(() => f.write(4, new Uint8Array(8)), { instanceOf: PowerCut });
  t.throws(() => f.read(0, 1), { instanceOf: PowerCut });
  t.throws(() => f.map(0, 1), { instanceOf: PowerCut });
  t.throws(() => f.erase(0), { instanceOf: PowerCut });
  const g = f.reboot();
  t.deepEqual(Array.from(g.read(0, 12)), [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  t.throws(() => f.read(0, 1), { instanceOf: PowerCut });
  g.erase(0);
  t.is(g.read(0, 1)[0], 0xff);
});

test("power cut after N bytes lands exactly N bytes; a torn erase erases a prefix", (t) => {
  const f = new SimFlash(256, 2);
  f.inject({ afterBytes: 5 });
  f.write(0, new Uint8Array(3));
  t.throws(() => f.write(3, new Uint8Array(10)), { instanceOf: PowerCut });
  const g = f.reboot();
  t.is(g.read(0, 16).filter((b) => b === 0).length, 5);
  g.write(0, new Uint8Array(256));
  g.inject({ afterOps: 0, tear: true });
  t.throws(() => g.erase(0), { instanceOf: PowerCut });
  const h = g.reboot();
  t.true(h.read(0, 128).every((b) => b === 0xff));
  t.true(h.read(128, 128).every((b) => b === 0));
});

test("flip: one bit of the torn write lands the other way round", (t) => {
  for (let seed = 0; seed < 20; seed++) {
    const f = new SimFlash(256, 1);
    f.inject({ afterOps: 0, tear: true, flip: true, seed });
    t.throws(() => f.write(0, new Uint8Array(4)), { instanceOf: PowerCut });
    const b = f.reboot().read(0, 4);
    // Without the flip: 0,0,FF,FF. With it: exactly one bit differs.
    const expected = [0, 0, 0xff, 0xff];
    let diff = 0;
    for (let i = 0; i < 4; i++) for (let k = 0; k < 8; k++) diff += ((b[i]! ^ expected[i]!) >> k) & 1;
    t.is(diff, 1);
  }
});
