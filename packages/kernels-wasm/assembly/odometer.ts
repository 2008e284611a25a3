/**
 * Row iteration over strided N-d views (used by broadcasting, where and strided copies).
 *
 * A kernel walks the rows of an N-d box (all dims but the last) while keeping, for
 * each of `k` operands, the element offset of the row start. The metadata block
 * lives in linear memory as i32 words: JS writes `shape[rank]` and `strides[k][rank]`
 * (in elements, 0 for broadcast dims, possibly negative); the kernel owns the
 * `counters[rank]` and `offsets[k]` words that follow.
 */

@inline
function countersOf(meta: usize, rank: i32, k: i32): usize {
  return meta + (<usize>(rank * (k + 1)) << 2);
}

@inline
function offsetsOf(meta: usize, rank: i32, k: i32): usize {
  return meta + (<usize>(rank * (k + 2)) << 2);
}

/** Size of dimension `d`. */
@inline
export function dimSize(meta: usize, d: i32): i32 {
  return load<i32>(meta + (<usize>d << 2));
}

/** Stride of operand `j` along dimension `d`. */
@inline
export function strideOf(meta: usize, rank: i32, j: i32, d: i32): i32 {
  return load<i32>(meta + (<usize>(rank * (j + 1) + d) << 2));
}

/** Number of rows: the product of all dims but the last. */
@inline
export function rowCount(meta: usize, rank: i32): i32 {
  let rows = 1;
  for (let d = 0; d < rank - 1; d++) rows *= dimSize(meta, d);
  return rows;
}

/** Zeroes the counters and the operand offsets (operand base pointers are added by the caller). */
@inline
export function odoStart(meta: usize, rank: i32, k: i32): void {
  memory.fill(countersOf(meta, rank, k), 0, <usize>(rank + k) << 2);
}

/** Current row-start offset (elements) of operand `j`. */
@inline
export function odoOffset(meta: usize, rank: i32, k: i32, j: i32): i32 {
  return load<i32>(offsetsOf(meta, rank, k) + (<usize>j << 2));
}

/** Advances to the next row, carrying through dims rank-2 .. 0 and updating all offsets. */
export function odoNext(meta: usize, rank: i32, k: i32): void {
  const counters = countersOf(meta, rank, k);
  const offsets = offsetsOf(meta, rank, k);
  for (let d = rank - 2; d >= 0; d--) {
    const size = dimSize(meta, d);
    const c = load<i32>(counters + (<usize>d << 2)) + 1;
    if (c < size) {
      store<i32>(counters + (<usize>d << 2), c);
      for (let j = 0; j < k; j++) {
        const p = offsets + (<usize>j << 2);
        store<i32>(p, load<i32>(p) + strideOf(meta, rank, j, d));
      }
      return;
    }
    store<i32>(counters + (<usize>d << 2), 0);
    for (let j = 0; j < k; j++) {
      const p = offsets + (<usize>j << 2);
      store<i32>(p, load<i32>(p) - strideOf(meta, rank, j, d) * (size - 1));
    }
  }
}
