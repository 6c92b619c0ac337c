/** Broadcasting of the binary elementwise ops: shapes, the merged loop nest of the Binary layout, and results up to rank 8. */
import test from "ava";
import { Binary } from "../../src/kernels/layout";
import { broadcastLoops, broadcastShape, sameExtendedShape } from "../../src/ops/broadcast";
import { BuiltinOperator, OptionsType, type TensorDef, TensorType } from "../helpers/model_builder";
import { rng } from "../helpers/random";
import { broadcastIndex, broadcastOf, loadError, runOp } from "../helpers/elementwise_reference";

const { FLOAT32, INT32 } = TensorType;

test("broadcastShape: right-aligned dims, equal or 1; null otherwise", (t) => {
  t.deepEqual(broadcastShape([2, 3], [3]), [2, 3]);
  t.deepEqual(broadcastShape([], [4, 1]), [4, 1]);
  t.deepEqual(broadcastShape([1, 5, 1], [3, 1, 1, 7]), [3, 1, 5, 7]);
  t.deepEqual(broadcastShape([0, 3], [1, 3]), [0, 3]);
  t.is(broadcastShape([2, 3], [2]), null);
  t.is(broadcastShape([0], [2]), null);
  t.true(sameExtendedShape([1, 1, 4], [4]));
  t.false(sameExtendedShape([4, 1], [4]));
});

test("broadcastLoops: same shapes are one loop, a single value has stride 0, dims merge where both inputs allow", (t) => {
  t.deepEqual(broadcastLoops([2, 3, 4], [2, 3, 4], [2, 3, 4]), { mode: 0, count: 24, extents: [24], strides1: [1], strides2: [1] });
  t.deepEqual(broadcastLoops([], [2, 3], [2, 3]), { mode: 1, count: 6, extents: [6], strides1: [0], strides2: [1] });
  t.deepEqual(broadcastLoops([1, 5, 6], [1], [1, 5, 6]), { mode: 2, count: 30, extents: [30], strides1: [1], strides2: [0] });
  // Per-channel: [n, h, w, c] * [c]: the outer three dims merge for both (input2 stride 0).
  t.deepEqual(broadcastLoops([2, 3, 4, 5], [5], [2, 3, 4, 5]), { mode: 3, count: 120, extents: [24, 5], strides1: [5, 1], strides2: [0, 1] });
  // [2, 1, 3] + [4, 1]: three loops; extent-1 dims disappear.
  t.deepEqual(broadcastLoops([2, 1, 3], [4, 1], [2, 4, 3]), { mode: 3, count: 24, extents: [2, 4, 3], strides1: [3, 0, 1], strides2: [0, 1, 0] });
  t.deepEqual(broadcastLoops([1, 1], [1], [1, 1]), { mode: 0, count: 1, extents: [1], strides1: [0], strides2: [0] });
  t.deepEqual(broadcastLoops([0, 3], [3], [0, 3]).count, 0);
});

test("the packed Binary block of an op", async (t) => {
  const { binaryParams } = await import("../../src/ops/broadcast");
  const spec = (shape: number[]) => ({ index: 0, name: "", type: FLOAT32, shape, elements: shape.reduce((a, b) => a * b, 1), byteLength: 0, data: null, quantization: null, isVariable: false });
  const p = binaryParams(Binary.HEADER, 2, spec([3, 1, 2]), spec([4, 1]), spec([3, 4, 2]));
  t.is(p[Binary.MODE], 3);
  t.is(p[Binary.COUNT], 24);
  t.is(p[Binary.RANK], 3);
  t.is(p[Binary.OP], 2);
  t.deepEqual([...p.subarray(Binary.EXTENTS, Binary.EXTENTS + 8)], [3, 4, 2, 1, 1, 1, 1, 1]);
  t.deepEqual([...p.subarray(Binary.STRIDES1, Binary.STRIDES1 + 3)], [2, 0, 1]);
  t.deepEqual([...p.subarray(Binary.STRIDES2, Binary.STRIDES2 + 3)], [0, 1, 0]);
});

test("random shapes up to rank 8 give the numpy broadcast (float32 SUB, int32 MUL)", (t) => {
  const r = rng(404);
  let general = 0;
  for (let c = 0; c < 200; c++) {
    const rank = 1 + Math.floor(r() * 8);
    const out = Array.from({ length: rank }, () => 1 + Math.floor(r() * 3));
    const derive = () => out.slice(Math.floor(r() * (rank + 1))).map((d) => (r() < 0.5 ? 1 : d));
    const sa = derive(), sb = derive(), so = broadcastOf(sa, sb);
    const n1 = sa.reduce((a, b) => a * b, 1), n2 = sb.reduce((a, b) => a * b, 1);
    const x = Array.from({ length: n1 }, (_, i) => i + 0.5), y = Array.from({ length: n2 }, (_, i) => 1000 * (i + 1));
    const ia = broadcastIndex(sa, so), ib = broadcastIndex(sb, so);
    const sub = { op: BuiltinOperator.SUB, inputs: [0, 1], outputs: [2], optionsType: OptionsType.SubOptions, options: [] };
    const got = runOp([{ shape: sa, type: FLOAT32 }, { shape: sb, type: FLOAT32 }, { shape: so, type: FLOAT32 }], sub, [x, y]);
    t.deepEqual(got, ia.map((a, i) => x[a]! - y[ib[i]!]!), `[${sa}] - [${sb}]`);
    const mul = { op: BuiltinOperator.MUL, inputs: [0, 1], outputs: [2] };
    const xi = x.map((v) => Math.floor(v) - 3), yi = y.map((v) => v / 1000 + 1);
    const goti = runOp([{ shape: sa, type: INT32 }, { shape: sb, type: INT32 }, { shape: so, type: INT32 }], mul, [xi, yi]);
    t.deepEqual(goti, ia.map((a, i) => xi[a]! * yi[ib[i]!]!));
    if (broadcastLoops(sa, sb, so).mode === 3) general++;
  }
  t.true(general > 25, `general broadcasts exercised (${general})`);
});

test("empty tensors and a scalar output", (t) => {
  const empty: TensorDef[] = [{ shape: [0, 3], type: FLOAT32 }, { shape: [3], type: FLOAT32 }, { shape: [0, 3], type: FLOAT32 }];
  t.deepEqual(runOp(empty, { op: BuiltinOperator.ADD, inputs: [0, 1], outputs: [2] }, [[], [1, 2, 3]]), []);
  const scalar: TensorDef[] = [{ shape: [], type: FLOAT32 }, { shape: [1, 1], type: FLOAT32 }, { shape: [1, 1], type: FLOAT32 }];
  t.deepEqual(runOp(scalar, { op: BuiltinOperator.MUL, inputs: [0, 1], outputs: [2] }, [[3], [-2]]), [-6]);
});

test("shapes that do not broadcast, or an output of the wrong shape, are BAD_SHAPE", (t) => {
  const op = { op: BuiltinOperator.ADD, inputs: [0, 1], outputs: [2] };
  const f = (shape: number[]): TensorDef => ({ shape, type: FLOAT32 });
  t.is(loadError([f([2, 3]), f([2]), f([2, 3])], op), "BAD_SHAPE");
  t.is(loadError([f([4, 1]), f([1, 5]), f([4, 4])], op), "BAD_SHAPE");
  t.is(loadError([f([4, 1]), f([1, 5]), f([20])], op), "BAD_SHAPE");
  t.is(loadError([f([4, 1]), f([1, 5]), f([1, 4, 5])], op), "ok"); // leading 1s do not matter
});
