/** How close int8 outputs are to reference ones: SQNR over all values, and how often the arg max agrees. */

export interface Int8Accuracy {
  /** 10 log10(sum ref^2 / sum (ref - got)^2) over every value of every case; null when they are equal. */
  sqnrDb: number | null;
  /** Share of cases whose largest value is at the same index. */
  top1Agreement: number;
}

export function int8Accuracy(reference: readonly Int8Array[], got: readonly Int8Array[]): Int8Accuracy {
  let signal = 0, noise = 0, same = 0;
  reference.forEach((a, k) => {
    const b = got[k]!;
    let am = 0, bm = 0;
    for (let i = 0; i < a.length; i++) {
      signal += a[i]! * a[i]!;
      noise += (a[i]! - b[i]!) ** 2;
      if (a[i]! > a[am]!) am = i;
      if (b[i]! > b[bm]!) bm = i;
    }
    if (am === bm) same++;
  });
  return { sqnrDb: noise === 0 ? null : 10 * Math.log10(signal / noise), top1Agreement: same / reference.length };
}
