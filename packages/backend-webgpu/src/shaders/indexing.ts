/**
 * WGSL for walking a strided box: the output index `i` is unravelled over the
 * box's dims (parameters from `rankAt` on), and each operand's offset is the dot
 * product of the coordinates with that operand's strides (i32, may be 0 or negative).
 *
 * Parameter layout: [..., rank at `rankAt`, shape[rank], strides of operand 0[rank],
 * strides of operand 1[rank], ...], as `boxParams` writes it for a box from strides.ts.
 */

/**
 * A WGSL function `offsets(i) -> array<i32, n>` giving the element offset of each of
 * `n` operands for flat output index `i`; the rank is at parameter `rankAt`,
 * followed by the shape and then each operand's strides.
 */
export function offsetsFunction(n: number, rankAt: number): string {
  return /* wgsl */ `
fn offsets(flat: u32) -> array<i32, ${n}> {
  let rank = pu(${rankAt}u);
  var rem = flat;
  var result: array<i32, ${n}>;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let size = pu(${rankAt + 1}u + u32(d));
    let c = i32(rem % size);
    rem = rem / size;
    for (var k = 0u; k < ${n}u; k++) {
      result[k] += c * pi(${rankAt + 1}u + rank * (k + 1u) + u32(d));
    }
  }
  return result;
}
`;
}

/** The parameter words of a box for {@link offsetsFunction}: rank, shape, then each operand's strides (as u32 bit patterns). */
export function boxParams(shape: readonly number[], strides: readonly (readonly number[])[]): number[] {
  return [shape.length, ...shape, ...strides.flatMap((s) => s.map((v) => v >>> 0))];
}
