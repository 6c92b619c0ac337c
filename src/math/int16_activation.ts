/**
 * TFLM's int16 logistic and tanh (16x8 quantization, and the gates of its integer LSTM): a
 * 256-entry sigmoid table over |x| in steps of 1/24, linearly interpolated, with tanh(x) read as
 * 2 * sigmoid(2x) - 1 from the same table. Inputs are Q3.12 after the input multiplier (3, or
 * 3 << shift: the table's 1/24 step is 1/3 of 1/8), outputs Q0.15.
 */

/** TFLM's sigmoid_table_uint16: sigmoid(i / 24) in 0.16 fixed point, i = 0..255 (its values, which a plain rounding of the formula misses by 1 in 44 places). */
export const SIGMOID_TABLE_UINT16 = new Uint16Array([
  32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794, 41432, 42064, 42688,
  43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409,
  51865, 52311, 52745, 53169, 53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
  57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110,
  61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186,
  63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
  64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900,
  64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208,
  65221, 65234, 65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
  65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433, 65438, 65442, 65445, 65449,
  65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491,
  65493, 65495, 65497, 65498, 65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
  65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
  65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530,
  65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
  65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535,
]);

/** The input scaling TFLM applies before the table: x * multiplier, rounded right by shift (multiplier 0: 3 << shift, no shift). */
function scaleInput(x: number, multiplier: number, shift: number): number {
  if (multiplier === 0) return x * (3 << shift);
  const round = shift > 0 ? 1 << (shift - 1) : 0;
  return (x * multiplier + round) >> shift;
}

/** TFLM's reference_integer_ops::Logistic on one int16 value: Q3.12 in (after scaling), Q0.15 out. */
export function logisticInt16(x: number, multiplier: number, shift: number): number {
  const v = scaleInput(x, multiplier, shift);
  const a = v < 0 ? -v : v;
  const hi = a >>> 9;
  let result: number;
  if (hi >= 255) result = 0x7fff << 10;
  else {
    const ua = SIGMOID_TABLE_UINT16[hi]!, ub = SIGMOID_TABLE_UINT16[hi + 1]!;
    result = ua * 512 + (a & 0x1ff) * (ub - ua);
  }
  result = v >= 0 ? result + 512 : (1 << 25) - result + 512 - 1;
  return result >>> 10;
}

/** TFLM's reference_integer_ops::Tanh on one int16 value: Q3.12 in (after scaling), Q0.15 out. */
export function tanhInt16(x: number, multiplier: number, shift: number): number {
  const v = scaleInput(x, multiplier, shift);
  const a = v < 0 ? -v : v;
  const hi = a >>> 8;
  let result: number;
  if (hi >= 255) result = 0xffff << 8;
  else {
    const ua = SIGMOID_TABLE_UINT16[hi]!, ub = SIGMOID_TABLE_UINT16[hi + 1]!;
    result = ua * 256 + (a & 0xff) * (ub - ua);
  }
  result = v >= 0 ? result - (1 << 23) + (1 << 7) : -result + (1 << 23) + (1 << 7) - 1;
  return result >> 8;
}

/**
 * TFLM's CheckedLog2: log2(x) computed in float32 and rounded, and whether x is a power of two
 * (the rounding moved the log by less than 1e-3).
 */
export function checkedLog2(x: number): { log2: number; exact: boolean } {
  const f = Math.fround;
  const l = f(f(Math.log(x)) * f(1 / f(Math.log(2))));
  const rounded = Math.sign(l) * Math.round(Math.abs(l));
  return { log2: rounded, exact: Math.abs(f(l - rounded)) < 1e-3 };
}

/**
 * The input scaling of TFLM's int16 LOGISTIC (tanh: TANH) for an input scale: a power-of-two scale
 * whose Q3.12 shift TFLM handles (0; tanh also 1) gives multiplier 0 and that shift; otherwise
 * scale * 4096 * 3 doubled until above 16383.5 (counting the shift), truncated. Null when the
 * multiplier would exceed 32767 (TFLM's bound).
 */
export function int16SigmoidScaling(inputScale: number, tanh: boolean): { multiplier: number; shift: number } | null {
  const { log2, exact } = checkedLog2(inputScale);
  const shift = 12 + log2;
  if (exact && (shift === 0 || (tanh && shift === 1))) return { multiplier: 0, shift };
  let m = inputScale * 4096 * 3;
  let s = 0;
  while (m <= 32767 / 2 && s <= 30) {
    s++;
    m *= 2;
  }
  const multiplier = Math.trunc(m);
  return multiplier > 32767 ? null : { multiplier, shift: s };
}
