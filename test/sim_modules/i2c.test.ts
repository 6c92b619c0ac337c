/**
 * The contract of "embedded:io/i2c" as the Moddable SDK 8.2.3 implements it (modules/io/i2c/_i2c.js,
 * esp32/_i2c.c, pico/_i2c.c, nrf52/_i2c.c), checked on the simulator's stand-in
 * (hosts/sim/modules/embedded_io/i2c.ts), one rule per test.
 */
import test from "ava";
import I2C, { simBus } from "../../hosts/sim/modules/embedded_io/i2c";
import type { I2CTarget } from "../../hosts/sim/modules/embedded_io/i2c";

let port = 200;
/** A fresh bus with a chip at 0x20 whose registers read back their index + 1. */
function bus() {
  const p = port++;
  const b = simBus(p);
  const written: number[][] = [];
  const chip: I2CTarget = {
    write: (bytes) => void written.push([...bytes]),
    read: (into) => into.forEach((_, i) => (into[i] = i + 1)),
  };
  b.attach(0x20, chip);
  return { bus: b, written, options: { data: 1, clock: 2, hz: 100_000, address: 0x20, port: p } };
}

test("constructor: data, clock and address are required, address 0-127, hz > 0 (no default), format buffer", (t) => {
  const { options } = bus();
  const { data: _d, ...noData } = options;
  const { clock: _c, ...noClock } = options;
  const { address: _a, ...noAddress } = options;
  const { hz: _h, ...noHz } = options;
  t.throws(() => new I2C(noData as never), { instanceOf: RangeError, message: "data required" });
  t.throws(() => new I2C(noClock as never), { instanceOf: RangeError, message: "clock required" });
  t.throws(() => new I2C(noAddress as never), { instanceOf: RangeError, message: "address required" });
  t.throws(() => new I2C({ ...options, address: 128 }), { instanceOf: RangeError, message: "invalid address" });
  t.throws(() => new I2C(noHz as never), { instanceOf: RangeError, message: "invalid hz" });
  t.throws(() => new I2C({ ...options, hz: 0 }), { instanceOf: RangeError, message: "invalid hz" });
  t.throws(() => new I2C({ ...options, format: "number" as never }), { instanceOf: RangeError, message: "invalid format" });
  const i2c = new I2C(options);
  t.is(i2c.format, "buffer");
  t.throws(() => (i2c.format = "number" as never), { instanceOf: RangeError });
  i2c.close();
});

test("a second open instance for the same pins and address is \"duplicate address\" until the first is closed", (t) => {
  const { options } = bus();
  const first = new I2C(options);
  t.throws(() => new I2C(options), { instanceOf: RangeError, message: "duplicate address" });
  const other = new I2C({ ...options, address: 0x21 });
  first.close();
  const again = new I2C(options);
  again.close();
  other.close();
});

test("read(count) is a new ArrayBuffer of count bytes; read(buffer) fills all of it and returns its byteLength", (t) => {
  const { options } = bus();
  const i2c = new I2C(options);
  const a = i2c.read(3);
  t.deepEqual([...new Uint8Array(a)], [1, 2, 3]);
  const b = new Uint8Array(5);
  t.is(i2c.read(b), 5);
  t.deepEqual([...b], [1, 2, 3, 4, 5]);
  const view = new Uint8Array(new ArrayBuffer(8), 2, 4);
  t.is(i2c.read(view), 4);
  t.deepEqual([...new Uint8Array(view.buffer)], [0, 0, 1, 2, 3, 4, 0, 0], "a view is filled in place, nothing outside it");
  i2c.close();
});

test("write(buffer) sends it; a write of 0 bytes only probes: 1 when nothing acknowledges, else undefined", (t) => {
  const { options, written } = bus();
  const i2c = new I2C(options);
  t.is(i2c.write(Uint8Array.of(0x0f, 0x42)), undefined);
  t.deepEqual(written, [[0x0f, 0x42]]);
  t.is(i2c.write(new Uint8Array(0)), undefined, "a chip answers");
  const absent = new I2C({ ...options, address: 0x30 });
  t.is(absent.write(new Uint8Array(0)), 1, "no chip: 1, not an exception");
  absent.close();
  i2c.close();
});

test("a NACK or a stuck bus throws Error(\"write failed\") / Error(\"read failed\"), the same for both", (t) => {
  const { options, bus: b } = bus();
  const absent = new I2C({ ...options, address: 0x31 });
  t.throws(() => absent.write(Uint8Array.of(1)), { instanceOf: Error, message: "write failed" });
  t.throws(() => absent.read(1), { instanceOf: Error, message: "read failed" });
  t.is(b.log.at(-1)!.error, "NACK", "the bus log says what the wire saw");
  absent.close();
  const i2c = new I2C(options);
  b.nackNext(1);
  t.throws(() => i2c.read(2), { message: "read failed" });
  t.deepEqual([...new Uint8Array(i2c.read(2))], [1, 2], "the next transfer works");
  b.stuck = true;
  t.throws(() => i2c.write(Uint8Array.of(1)), { message: "write failed" });
  t.throws(() => i2c.read(new Uint8Array(1)), { message: "read failed" });
  t.is(b.log.at(-1)!.error, "BUS_STUCK");
  b.stuck = false;
  i2c.close();
});

test("stop is recorded as given (the SDK's class drops it: every transfer ends with a STOP on a device)", (t) => {
  const { options, bus: b } = bus();
  const i2c = new I2C(options);
  b.clearLog();
  i2c.write(Uint8Array.of(0x0f), false);
  i2c.read(new Uint8Array(1));
  t.deepEqual(b.log.map((x) => [x.op, x.stop]), [["write", false], ["read", true]]);
  i2c.close();
});

test("after close() read and write throw; closing twice is fine", (t) => {
  const { options } = bus();
  const i2c = new I2C(options);
  i2c.close();
  i2c.close();
  t.throws(() => i2c.read(1), { message: /closed/ });
  t.throws(() => i2c.write(Uint8Array.of(1)), { message: /closed/ });
});
