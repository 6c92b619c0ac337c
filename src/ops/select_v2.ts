/**
 * SELECT_V2: output = condition ? x : y element by element, the three inputs broadcast numpy-style
 * to the output's shape (as TFLM), for any fixed-size element type (values are copied, not rescaled).
 */
import type { TensorSpec } from "../model/model";
import { BuiltinOperator, TensorType } from "../model/schema";
import { expectSameType, shapeText, unitFormat, unitsView } from "./movement";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

/** Element strides of `t` seen at the output's rank: 0 along the dimensions it broadcasts. */
function broadcastStrides(ctx: OpContext, t: TensorSpec, out: readonly number[]): Int32Array {
  const rank = out.length, shift = rank - t.shape.length;
  if (shift < 0) ctx.fail("BAD_SHAPE", `'${t.name}' ${shapeText(t.shape)} has more dimensions than the output ${shapeText(out)}`);
  const strides = new Int32Array(rank);
  let step = 1;
  for (let d = rank - 1; d >= shift; d--) {
    const n = t.shape[d - shift]!;
    if (n !== 1 && n !== out[d]) ctx.fail("BAD_SHAPE", `'${t.name}' ${shapeText(t.shape)} does not broadcast to the output ${shapeText(out)}`);
    strides[d] = n === 1 ? 0 : step;
    step *= n;
  }
  return strides;
}

export const selectV2: OpRegistration = {
  name: "SELECT_V2",
  builtinCode: BuiltinOperator.SELECT_V2,
  maxVersion: 2,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(3, 3, 1);
    const cond = ctx.input(0), x = ctx.input(1), y = ctx.input(2), output = ctx.output(0);
    ctx.expectType(cond, "condition", TensorType.BOOL);
    expectSameType(ctx, x, output);
    expectSameType(ctx, y, output);
    const fmt = unitFormat(ctx, output, "output");
    const out = output.shape;
    // The output must be exactly the broadcast of the three shapes.
    const rank = Math.max(cond.shape.length, x.shape.length, y.shape.length);
    const expected = Array.from({ length: rank }, (_, i) => {
      const dim = (t: TensorSpec) => (i < rank - t.shape.length ? 1 : t.shape[i - (rank - t.shape.length)]!);
      const ds = [dim(cond), dim(x), dim(y)];
      return ds.includes(0) ? 0 : Math.max(...ds);
    });
    if (expected.length !== out.length || expected.some((d, i) => d !== out[i])) ctx.fail("BAD_SHAPE", `output is ${shapeText(out)}, the inputs broadcast to ${shapeText(expected)}`);
    const sc = broadcastStrides(ctx, cond, out), sx = broadcastStrides(ctx, x, out), sy = broadcastStrides(ctx, y, out);
    const per = fmt.perElement;
    const index = new Int32Array(Math.max(1, rank));
    const total = output.elements;
    return {
      macs: 0,
      bind(a) {
        const c = a.bytes(cond), vx = unitsView(a.bytes(x), fmt.unitBytes), vy = unitsView(a.bytes(y), fmt.unitBytes), v = unitsView(a.bytes(output), fmt.unitBytes);
        return () => {
          index.fill(0);
          let ic = 0, ix = 0, iy = 0;
          for (let i = 0; i < total; i++) {
            const src = c[ic]! !== 0 ? vx : vy, at = c[ic]! !== 0 ? ix : iy;
            for (let k = 0; k < per; k++) v[i * per + k] = src[at * per + k]!;
            // Odometer over the output's dimensions, last fastest.
            for (let d = rank - 1; d >= 0; d--) {
              ic += sc[d]!;
              ix += sx[d]!;
              iy += sy[d]!;
              if (++index[d]! < out[d]!) break;
              ic -= sc[d]! * out[d]!;
              ix -= sx[d]! * out[d]!;
              iy -= sy[d]! * out[d]!;
              index[d] = 0;
            }
          }
        };
      },
    };
  },
};
