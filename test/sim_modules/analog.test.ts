/**
 * The contract of "embedded:io/analog" as the Moddable SDK 8.2.3 implements it
 * (modules/io/analog/esp32), checked on the stand-in hosts/sim/modules/embedded_io/analog.ts (which
 * Moddable's desktop simulators also use, through hosts/esp32/manifest.json), one rule per test.
 */
import test from "ava";
import Analog from "../../hosts/sim/modules/embedded_io/analog";

test("constructor: pin required, format \"number\" only", (t) => {
  t.throws(() => new Analog({} as never), { instanceOf: RangeError });
  t.throws(() => new Analog({ pin: -1 }), { instanceOf: RangeError });
  t.throws(() => new Analog({ pin: 1, format: "buffer" }), { instanceOf: RangeError, message: "invalid format" });
  const a = new Analog({ pin: 1, format: "number" });
  t.is(a.format, "number");
  t.throws(() => (a.format = "buffer" as never), { instanceOf: RangeError });
  a.close();
});

test("a pin already open is \"in use\" until closed", (t) => {
  const a = new Analog({ pin: 2 });
  t.throws(() => new Analog({ pin: 2 }), { instanceOf: RangeError, message: "in use" });
  a.close();
  new Analog({ pin: 2 }).close();
});

test("read() is an integer in [0, 2^resolution)", (t) => {
  const a = new Analog({ pin: 3 });
  t.is(a.resolution, 12);
  const values = Array.from({ length: 40 }, () => a.read());
  t.true(values.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** a.resolution));
  t.is(new Set(values).size, 16, "the sawtooth sweeps 16 levels");
  a.close();
});

test("after close() read and resolution throw; closing twice is fine", (t) => {
  const a = new Analog({ pin: 4 });
  a.close();
  a.close();
  t.throws(() => a.read());
  t.throws(() => a.resolution);
});
