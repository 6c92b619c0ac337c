/**
 * SignalFilterBank: uint64 channel sums. Each channel i (0 is TFLM's scratch and is dropped)
 * receives its band's bins times `weights`, plus the previous band's bins times `unweights`.
 * Checked by hand and against a BigInt reference of that definition (modulo 2^64, with int16
 * weights converted to uint64 as C does).
 */
import test from "ava";
import { customOp, expectLoadError, output64, run, type TensorDef, TensorType } from "./helpers";

interface Bank {
  starts: number[];
  weightStarts: number[];
  widths: number[];
  weights: number[];
  unweights: number[];
}

function tensors(bins: number, b: Bank, channels: number, constBands = true): TensorDef[] {
  const c = (v: number[]) => ({ shape: [v.length], type: TensorType.INT16, data: new Int16Array(v) });
  return [
    { shape: [bins], type: TensorType.UINT32 },
    c(b.weights),
    c(b.unweights),
    constBands ? c(b.starts) : { shape: [b.starts.length], type: TensorType.INT16 },
    c(b.weightStarts),
    c(b.widths),
    { shape: [channels], type: TensorType.UINT64 },
  ];
}
const op = (channels: number) => customOp("SignalFilterBank", [0, 1, 2, 3, 4, 5], [6], { num_channels: channels });

function reference(x: number[], b: Bank, channels: number): bigint[] {
  const M = 2n ** 64n;
  const u64 = (v: number) => ((BigInt(v) % M) + M) % M;
  const out: bigint[] = [];
  let carry = 0n;
  for (let i = 0; i <= channels; i++) {
    let w = carry, u = 0n;
    for (let j = 0; j < b.widths[i]!; j++) {
      const v = BigInt(x[b.starts[i]! + j]!);
      w = (w + u64(b.weights[b.weightStarts[i]! + j]!) * v) % M;
      u = (u + u64(b.unweights[b.weightStarts[i]! + j]!) * v) % M;
    }
    if (i > 0) out.push(w);
    carry = u;
  }
  return out;
}

const bank: Bank = {
  starts: [0, 1, 3],
  weightStarts: [0, 2, 4],
  widths: [2, 2, 2],
  weights: [1, 2, 3, 4, 5, 6],
  unweights: [10, 20, 30, 40, 50, 60],
};

test("two channels by hand", (t) => {
  const x = [10, 20, 30, 40, 50];
  // channel 1: scratch band's unweights (10*10 + 20*20 = 500) + 3*20 + 4*30 = 680
  // channel 2: band 1's unweights (30*20 + 40*30 = 1800) + 5*40 + 6*50 = 2300
  t.deepEqual(output64(run(tensors(5, bank, 2), op(2), [x])), [680n, 2300n]);
  t.deepEqual(reference(x, bank, 2), [680n, 2300n]);
});

test("sums beyond 2^53, negative weights wrapping modulo 2^64: exact", (t) => {
  // Channel 1: 72 bins near 2^32 times 32767 (about 2^53.2); channel 2: negative weights and
  // the wrapped unweights of channel 1's band.
  const w1 = Array.from({ length: 72 }, () => 32767);
  const u1 = Array.from({ length: 72 }, (_, j) => (j % 2 === 0 ? -32768 : 3));
  const big: Bank = {
    starts: [0, 0, 70],
    weightStarts: [0, 0, 72],
    widths: [0, 72, 3],
    weights: [...w1, -1, -32768, 7],
    unweights: [...u1, 32767, 0, -5],
  };
  const x = Array.from({ length: 73 }, (_, j) => (j === 5 ? 0x80000000 : 0xffffffff - j));
  const got = output64(run(tensors(73, big, 2), op(2), [x]));
  t.deepEqual(got, reference(x, big, 2));
  t.true(got[0]! > 2n ** 53n);
  // A single negative weight: 0 - 1 * 5 = 2^64 - 5.
  const neg: Bank = { starts: [0, 0], weightStarts: [0, 0], widths: [0, 1], weights: [-1], unweights: [0] };
  t.deepEqual(output64(run(tensors(1, neg, 1), op(1), [[5]])), [2n ** 64n - 5n]);
});

test("random banks against the reference", (t) => {
  let seed = 7;
  const rand = (n: number) => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296) * n);
  for (let trial = 0; trial < 20; trial++) {
    const channels = 1 + rand(6), bins = 40;
    const b: Bank = { starts: [], weightStarts: [], widths: [], weights: [], unweights: [] };
    for (let i = 0; i <= channels; i++) {
      const width = rand(6), start = rand(bins - width);
      b.starts.push(start);
      b.weightStarts.push(b.weights.length);
      b.widths.push(width);
      for (let j = 0; j < width; j++) {
        b.weights.push(rand(65536) - 32768);
        b.unweights.push(rand(65536) - 32768);
      }
    }
    if (b.weights.length === 0) b.weights.push(0), b.unweights.push(0);
    const x = Array.from({ length: bins }, () => (rand(65536) * 65536 + rand(65536)) >>> 0);
    t.deepEqual(output64(run(tensors(bins, b, channels), op(channels), [x])), reference(x, b, channels));
  }
});

test("invalid models", (t) => {
  expectLoadError(t, tensors(4, bank, 2), op(2), "BAD_FORMAT", /outside/); // band 2 reads bins 3..5 of 4
  expectLoadError(t, tensors(5, bank, 2, false), op(2), "BAD_FORMAT", /constant/);
  expectLoadError(t, tensors(5, bank, 2), op(3), "BAD_SHAPE");
  expectLoadError(t, tensors(5, { ...bank, weightStarts: [0, 2, 5] }, 2), op(2), "BAD_FORMAT", /weights/);
  const wrongOut = tensors(5, bank, 2);
  wrongOut[6] = { shape: [2], type: TensorType.UINT32 };
  expectLoadError(t, wrongOut, op(2), "BAD_TYPE", /output/);
  expectLoadError(t, tensors(5, bank, 2), customOp("SignalFilterBank", [0, 1, 2, 3, 4, 5], [6]), "BAD_FORMAT", /num_channels/);
});
