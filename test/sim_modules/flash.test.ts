/**
 * The contract of "flash" (a flash partition) as the Moddable SDK 8.2.3 implements it
 * (modules/files/flash/esp32/flash.c over ESP-IDF's esp_partition_*), checked on the simulator's
 * stand-in (hosts/sim/modules/flash.ts), one rule per test. Not enforced: map() is read-only on a
 * device.
 */
import test from "ava";
import Flash, { simulateFlashPartition } from "../../hosts/sim/modules/flash";

simulateFlashPartition("models", 4 * 4096);

test("new Flash(name) opens a partition; an unknown one is \"can't find partition\"", (t) => {
  t.throws(() => new Flash("nope"), { message: "can't find partition" });
  const f = new Flash("models");
  t.is(f.byteLength, 16384);
  t.is(f.blockSize, 4096);
});

test("read(offset, byteLength) is a new ArrayBuffer; outside the partition is \"read failed\"", (t) => {
  const f = new Flash("models");
  f.erase(0);
  t.deepEqual([...new Uint8Array(f.read(0, 3))], [0xff, 0xff, 0xff]);
  t.throws(() => f.read(16383, 2), { message: "read failed" });
  t.throws(() => f.read(-1, 1), { message: "read failed" });
});

test("write: NOR, each bit becomes old AND new; byteLength <= 0 or beyond the buffer is \"invalid\", outside the partition \"write failed\"", (t) => {
  const f = new Flash("models");
  f.erase(1);
  f.write(4096, 2, Uint8Array.of(0xf0, 0x0f, 0x55));
  t.deepEqual([...new Uint8Array(f.read(4096, 3))], [0xf0, 0x0f, 0xff], "only byteLength bytes");
  f.write(4096, 1, Uint8Array.of(0x3c));
  t.is(new Uint8Array(f.read(4096, 1))[0], 0x30, "a write can only clear bits");
  t.throws(() => f.write(0, 0, Uint8Array.of(1)), { message: "invalid" });
  t.throws(() => f.write(0, 2, Uint8Array.of(1)), { message: "invalid" });
  t.throws(() => f.write(16383, 2, Uint8Array.of(1, 2)), { message: "write failed" });
});

test("erase(sector) sets a sector to 0xFF; a sector outside is \"erase failed\"", (t) => {
  const f = new Flash("models");
  f.write(8192, 1, Uint8Array.of(0));
  f.erase(2);
  t.is(new Uint8Array(f.read(8192, 1))[0], 0xff);
  t.throws(() => f.erase(4), { message: "erase failed" });
  t.throws(() => f.erase(-1), { message: "erase failed" });
});

test("map() is the whole partition and reflects later writes", (t) => {
  const f = new Flash("models");
  const map = new Uint8Array(f.map());
  t.is(map.length, 16384);
  f.erase(3);
  f.write(12288, 1, Uint8Array.of(0x12));
  t.is(map[12288], 0x12);
});
