/**
 * SignalFilterBankSquareRoot: TFLM's Sqrt64 rounds to nearest (floor(sqrt(x)) + 1 when the
 * remainder x - r^2 exceeds r, i.e. when sqrt(x) > r + 1/2), without passing 2^16 - 1 for 32-bit
 * inputs and 2^32 - 1 for larger ones, then shifts right by the auto-scale bits.
 */
import test from "ava";
import { sqrt64 } from "../../../src/ops/signal/filter_bank_square_root";
import { customOp, expectLoadError, output, run, type TensorDef, TensorType } from "./helpers";

const tensors = (n: number): TensorDef[] => [{ shape: [n], type: TensorType.UINT64 }, { shape: [], type: TensorType.INT32 }, { shape: [n], type: TensorType.UINT32 }];
const op = customOp("SignalFilterBankSquareRoot", [0, 1], [2]);
const roots = (x: bigint[], shift = 0) => output(run(tensors(x.length), op, [x, [shift]]));

/** Independent reference: Newton's integer root in BigInt, then TFLM's rounding and caps. */
function reference(x: bigint): number {
  if (x === 0n) return 0;
  let r = x, y = (x + 1n) / 2n;
  while (y < r) {
    r = y;
    y = (r + x / r) / 2n;
  }
  const cap = x < 2n ** 32n ? 0xffffn : 0xffffffffn;
  if (x - r * r > r && r !== cap) r++;
  return Number(r);
}

test("hand-computed roots and rounding", (t) => {
  // 2 -> 1 (rem 1 <= 1); 3 -> 2 (rem 2 > 1); 15 -> 4 (rem 6 > 3); 17 -> 4; 2^40 -> 2^20
  t.deepEqual(roots([0n, 1n, 2n, 3n, 4n, 15n, 16n, 17n, 2n ** 40n]), [0, 1, 1, 2, 2, 4, 4, 4, 1048576]);
  // The caps: 2^32 - 1 has root 65535.99..., kept at 0xFFFF; 2^64 - 1 kept at 0xFFFFFFFF.
  t.deepEqual(roots([2n ** 32n - 1n, 2n ** 64n - 1n, 2n ** 32n]), [65535, 4294967295, 65536]);
  // 2^62 + 2^31 + 1 = (2^31)^2 + 2^31 + 1: remainder 2^31 + 1 > 2^31 rounds up.
  t.deepEqual(roots([2n ** 62n + 2n ** 31n + 1n, 2n ** 62n + 2n ** 31n]), [2 ** 31 + 1, 2 ** 31]);
});

test("the scale bits shift the roots right", (t) => {
  t.deepEqual(roots([1000000n, 2n ** 40n, 3n], 3), [125, 131072, 0]);
});

test("random 64-bit values against a BigInt reference", (t) => {
  let seed = 99n;
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
    const x = seed >> BigInt(i % 64);
    const got = sqrt64(Number(x & 0xffffffffn), Number(x >> 32n));
    if (got !== reference(x)) {
      t.fail(`sqrt64(${x}) = ${got}, expected ${reference(x)}`);
      return;
    }
  }
  t.pass();
});

test("invalid models", (t) => {
  expectLoadError(t, [{ shape: [2], type: TensorType.UINT32 }, { shape: [], type: TensorType.INT32 }, { shape: [2], type: TensorType.UINT32 }], op, "BAD_TYPE", /input/);
  expectLoadError(t, [{ shape: [2], type: TensorType.UINT64 }, { shape: [1], type: TensorType.INT32 }, { shape: [2], type: TensorType.UINT32 }], op, "BAD_SHAPE", /scale bits/);
});
