/**
 * GATHER: slices of the params tensor picked along an axis by int32 indices (with batch_dims), for
 * any fixed-size element type. An index outside the axis at invoke is a TinyMLArgumentError.
 */
import { TinyMLArgumentError } from "../errors";
import { BuiltinOperator, TensorType } from "../model/schema";
import { expectSameType, shapeText, unitFormat, unitsView } from "./movement";
import { type OpContext, type OpRegistration, type PreparedOp, optInt } from "./op";

const Opt = Object.freeze({ axis: 0, batchDims: 1 } as const);

export const gather: OpRegistration = {
  name: "GATHER",
  builtinCode: BuiltinOperator.GATHER,
  maxVersion: 7,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(2, 2, 1);
    const params = ctx.input(0), indices = ctx.input(1), output = ctx.output(0);
    ctx.expectType(indices, "indices", TensorType.INT32);
    expectSameType(ctx, params, output);
    const fmt = unitFormat(ctx, params, "params");
    const p = params.shape, c = indices.shape;
    const rawAxis = optInt(ctx.options, Opt.axis, 0), rawBatch = optInt(ctx.options, Opt.batchDims, 0);
    const axis = rawAxis < 0 ? rawAxis + p.length : rawAxis;
    const batchDims = rawBatch < 0 ? rawBatch + c.length : rawBatch;
    if (axis < 0 || axis >= p.length) ctx.fail("BAD_SHAPE", `axis ${rawAxis} is out of range for params ${shapeText(p)}`);
    if (batchDims < 0 || batchDims > c.length || batchDims > axis) ctx.fail("BAD_SHAPE", `batch_dims ${rawBatch} must be within 0..${Math.min(axis, c.length)}`);
    for (let i = 0; i < batchDims; i++) if (p[i] !== c[i]) ctx.fail("BAD_SHAPE", `batch dimension ${i} differs: params ${shapeText(p)}, indices ${shapeText(c)}`);
    const expected = [...p.slice(0, axis), ...c.slice(batchDims), ...p.slice(axis + 1)];
    if (expected.length !== output.shape.length || expected.some((d, i) => d !== output.shape[i])) ctx.fail("BAD_SHAPE", `output is ${shapeText(output.shape)}, expected ${shapeText(expected)}`);
    const product = (dims: readonly number[]) => dims.reduce((s, d) => s * d, 1);
    const batches = product(p.slice(0, batchDims)), outer = product(p.slice(batchDims, axis)), inner = product(p.slice(axis + 1)) * fmt.perElement;
    const coords = product(c.slice(batchDims)), axisSize = p[axis]!;
    const name = params.name;
    return {
      macs: 0,
      bind(a) {
        const x = unitsView(a.bytes(params), fmt.unitBytes), y = unitsView(a.bytes(output), fmt.unitBytes), idx = a.int32(indices);
        return () => {
          for (let b = 0; b < batches; b++) {
            for (let o = 0; o < outer; o++) {
              for (let k = 0; k < coords; k++) {
                const i = idx[b * coords + k]!;
                if (i < 0 || i >= axisSize) throw new TinyMLArgumentError(`GATHER: index ${i} is outside 0..${axisSize - 1} of '${name}' axis ${axis}`);
                const from = ((b * outer + o) * axisSize + i) * inner, to = ((b * outer + o) * coords + k) * inner;
                for (let u = 0; u < inner; u++) y[to + u] = x[from + u]!;
              }
            }
          }
        };
      },
    };
  },
};
