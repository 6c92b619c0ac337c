/** Telemetry: counters, latency statistics and histograms, the binary record and its decoder. */
import test from "ava";
import { decodeTelemetry, LATENCY_BOUNDS_US, Telemetry } from "../../src/lifecycle/telemetry";

test("telemetry records, encodes compactly and decodes", (t) => {
  const tm = new Telemetry();
  tm.setModel("kws", 12);
  tm.recordInference(0.05, 0, 0.95);
  tm.recordInference(2, 3, 0.41);
  tm.recordInference(400, 40, 1);
  tm.recordError();
  tm.recordRollback();
  const bytes = tm.encode();
  t.true(bytes.length < 250);
  const s = decodeTelemetry(bytes);
  t.is(s.modelId, "kws");
  t.is(s.modelVersion, 12);
  t.is(s.inferences, 3);
  t.is(s.errors, 1);
  t.is(s.rollbacks, 1);
  t.is(s.latency.count, 3);
  t.is(s.latency.minUs, 50);
  t.is(s.latency.maxUs, 400000);
  t.is(s.latency.meanUs, Math.round((50 + 2000 + 400000) / 3));
  t.is(s.latency.histogram.length, LATENCY_BOUNDS_US.length + 1);
  t.is(s.latency.histogram[0], 1);
  t.is(s.latency.histogram[LATENCY_BOUNDS_US.length], 1);
  t.is(s.classes[0], 1);
  t.is(s.classes[3], 1);
  t.is(s.classes[15], 1); // classes past the last bucket land in it
  t.deepEqual(s.confidence, [0, 0, 0, 0, 1, 0, 0, 0, 0, 2]);
  t.deepEqual(s, tm.snapshot());
  const bad = bytes.slice();
  bad[20]! ^= 1;
  t.throws(() => decodeTelemetry(bad), { instanceOf: RangeError });
  t.throws(() => decodeTelemetry(bytes.subarray(0, 40)), { instanceOf: RangeError });
  tm.setModel("kws", 13);
  t.is(tm.snapshot().classes.reduce((a, b) => a + b, 0), 0);
  t.is(tm.snapshot().inferences, 3);
});
