/**
 * Fuzzed transfers (./fuzz_transfers.ts): random chunk sizes, repeated and out-of-order chunks,
 * resets and power cuts between and inside chunks. The old model serves throughout; at the end the
 * new one is active.
 */
import test from "ava";
import { fuzzTransfers } from "./fuzz_transfers";

test("random chunk sequences with repeats, reordering, resets and power cuts", (t) => {
  const r = fuzzTransfers(150);
  t.deepEqual(r.failures, []);
  t.is(r.bricked, 0);
  t.true(r.cuts > 20 && r.resets > 20 && r.chunks > 1000, JSON.stringify(r));
  t.log(`${r.runs} fuzzed transfers: ${r.chunks} chunks, ${r.resets} resets, ${r.cuts} power cuts`);
});
