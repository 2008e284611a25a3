/**
 * The filter gradient of convolutions of one input channel, straight from x and dy: no
 * im2col, no packing (with padding, each image is first copied into a zero-bordered
 * frame, the region its windows cover). dw[t, oc] is the sum over
 * output pixels of x[pixel + tap t] dy[pixel, oc], computed TAPS taps x 16 channels at
 * a time in registers (12 sums with relaxed FMA, as micro-kernel.ts's 6x8 kernel; 8 in the plain
 * SIMD build, whose separate multiply needs a register more), x read at the taps' offsets
 * and dy's 16 floats, a whole cache line, straight from its rows. (Through im2col, a 3x3
 * window of one channel is 9 floats a pixel copied three at a time, then packed again:
 * 28x28x1 -> 32 took 3.6 ms at batch 64.)
 *
 * Images go in fixed groups, the tiles of one pool task; each group sums into a partial
 * dw of its own, and the partials are added in group order after the task, so the
 * result does not depend on the number of threads.
 */
import { Geometry, geometryAt } from './geometry';
import { addRowsInOrder, madd, off4 } from './simd';
import { Task, arg, argPtr, dispatch, setArg, threadsFor } from './parallel';

/** Taps per kernel call: 3 with relaxed FMA (12 sums), 2 in the plain SIMD build (8). */
const TAPS: i32 = ASC_FEATURE_RELAXED_SIMD ? 3 : 2;
/** Filters per kernel call: 16 floats of dy, one cache line. */
const COLS = 16;
/** Image groups at most: the tiles of the task, the same for any thread count. */
const GROUPS = 16;
/** Bytes of one thread's tile (TAPS x COLS sums), padded so neighbouring threads' tiles share no cache line. */
const TILE_BYTES: usize = TAPS * COLS * 4 + 64;

/** Whether conv2dBackpropFilter of `g` runs here: one input channel, filters in whole groups of 16, some images. */
export function filterDirectApplies(g: Geometry): bool {
  return g.inC == 1 && g.outC % COLS == 0 && g.batch > 0;
}

/** Rows of the frame, the input region the windows cover (from row -padTop). */
@inline
function frameH(g: Geometry): i32 {
  return (g.outH - 1) * g.strideH + (g.kH - 1) * g.dilationH + 1;
}

/** Columns of the frame (from column -padLeft). */
@inline
function frameW(g: Geometry): i32 {
  return (g.outW - 1) * g.strideW + (g.kW - 1) * g.dilationW + 1;
}

/** Whether the frame reaches past the image (padding): then each image is copied into a zero-bordered frame first. */
@inline
function framed(g: Geometry): bool {
  return g.padTop > 0 || g.padLeft > 0 || frameH(g) > g.inH || frameW(g) > g.inW;
}

/** Floats in a row of what the kernel reads: the frame's when framed, else the image's. */
@inline
function rowFloats(g: Geometry): i32 {
  return framed(g) ? frameW(g) : g.inW;
}

/** Bytes of one thread's region: its tile, then its frame when framed. */
@inline
function threadBytes(g: Geometry): usize {
  return TILE_BYTES + (framed(g) ? off4(frameH(g) * frameW(g)) : 0);
}

/** Copies image `image` into `frame` (frameH x frameW floats), zeros where the frame lies in the padding. */
function copyFrame(image: usize, g: Geometry, frame: usize): void {
  const fh = frameH(g), fw = frameW(g), inH = g.inH, inW = g.inW, padTop = g.padTop, padLeft = g.padLeft;
  const x0 = max(0, padLeft);
  const x1 = min(fw, inW + padLeft);
  for (let fy = 0; fy < fh; fy++) {
    const row = frame + off4(fy * fw);
    const iy = fy - padTop;
    if (iy < 0 || iy >= inH || x1 <= x0) {
      memory.fill(row, 0, off4(fw));
      continue;
    }
    memory.fill(row, 0, off4(x0));
    memory.copy(row + off4(x0), image + off4(iy * inW + x0 - padLeft), off4(x1 - x0));
    memory.fill(row + off4(x1), 0, off4(fw - x1));
  }
}

/** Images per group: whole images, at most {@link GROUPS} groups. */
@inline
function imagesPerGroup(batch: i32): i32 {
  return (batch + GROUPS - 1) / GROUPS;
}

@inline
function groupCount(batch: i32): i32 {
  const per = imagesPerGroup(batch);
  return (batch + per - 1) / per;
}

@inline
function sliceCount(taps: i32): i32 {
  return (taps + TAPS - 1) / TAPS;
}

/** Workspace bytes of {@link filterDirect} on `threads` threads: the partials, the tap offsets and a region per thread. */
export function filterDirectWorkspace(g: Geometry, threads: i32): usize {
  const taps = g.kH * g.kW;
  return off4(groupCount(g.batch) * taps * g.outC) + off4(sliceCount(taps) * TAPS) + <usize>threads * threadBytes(g);
}

/** dw [kH, kW, 1, outC] from x and dy ({@link filterDirectApplies}); `threads` as the caller's GEMMs would use. */
export function filterDirect(x: usize, dy: usize, dw: usize, geo: usize, work: usize, threads: i32): void {
  const g = geometryAt(geo);
  const taps = g.kH * g.kW;
  const groups = groupCount(g.batch);
  const size = taps * g.outC;
  const offsets = work + off4(groups * size);
  // Byte offset of each tap from its pixel's first tap; the taps padding the last slice read tap 0 and are dropped.
  for (let t = 0; t < sliceCount(taps) * TAPS; t++) {
    const ky = t < taps ? t / g.kW : 0;
    const kx = t < taps ? t % g.kW : 0;
    store<i32>(offsets + off4(t), (ky * g.dilationH * rowFloats(g) + kx * g.dilationW) << 2);
  }
  setArg(0, <i32>x); setArg(1, <i32>dy); setArg(2, <i32>geo); setArg(3, <i32>work); setArg(4, <i32>offsets);
  setArg(5, <i32>(offsets + off4(sliceCount(taps) * TAPS)));
  dispatch(Task.FilterDirect, groups, threads);
  addRowsInOrder(work, groups, size, dw);
}

/** Tile `t` of {@link filterDirect}: group t's images into its partial dw, image by image, 16 filters and TAPS taps at a time. */
export function filterDirectTile(ctrl: usize, t: i32, thread: i32): void {
  const g = geometryAt(argPtr(ctrl, 2));
  const batch = g.batch, inH = g.inH, inW = g.inW, outH = g.outH, outW = g.outW, outC = g.outC;
  const taps = g.kH * g.kW;
  const perGroup = imagesPerGroup(batch);
  const first = t * perGroup;
  const last = min(batch, first + perGroup);
  const partial = argPtr(ctrl, 3) + off4(t * taps * outC);
  const offsets = argPtr(ctrl, 4);
  const tile = argPtr(ctrl, 5) + <usize>thread * threadBytes(g);
  const frame = framed(g) ? tile + TILE_BYTES : 0;
  const step: usize = off4(g.strideW);
  const rowStep: usize = off4(g.strideH * rowFloats(g));
  const ldd: usize = off4(outC);
  memory.fill(partial, 0, off4(taps * outC));
  for (let b = first; b < last; b++) {
    let image = argPtr(ctrl, 0) + off4(b * inH * inW);
    if (frame != 0) {
      copyFrame(image, g, frame);
      image = frame;
    }
    const grads = argPtr(ctrl, 1) + off4(b * outH * outW * outC);
    for (let q = 0; q < outC; q += COLS) {
      for (let s = 0; s < taps; s += TAPS) {
        tapsTile(image, offsets + off4(s), step, rowStep, outW, outH, grads + off4(q), ldd, tile);
        const rows = min(TAPS, taps - s);
        for (let r = 0; r < rows; r++) {
          const p = partial + off4((s + r) * outC + q);
          const u = tile + off4(r * COLS);
          for (let v: usize = 0; v < 64; v += 16) v128.store(p + v, f32x4.add(v128.load(p + v), v128.load(u + v)));
        }
      }
    }
  }
}

/**
 * TAPS taps x 16 channels of one image into `tile`: for each output pixel (outH rows of
 * outW, `step` bytes apart in x along a row, `rowStep` between rows), the taps' values at
 * `image` + the pixel's offset + offsets[0..TAPS) times dy's 16 floats (one cache line) at
 * `dy` (`ldd` bytes a pixel). Kept a function of its own, as micro-kernel.ts's kernel is, so V8
 * keeps the sums in registers.
 */
function tapsTile(image: usize, offsets: usize, step: usize, rowStep: usize, outW: i32, outH: i32, dy: usize, ldd: usize, tile: usize): void {
  const o0 = <usize>load<i32>(offsets);
  const o1 = <usize>load<i32>(offsets, 4);
  const o2 = TAPS == 3 ? <usize>load<i32>(offsets, 8) : 0;
  let c00 = f32x4.splat(0);
  let c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00, c20 = c00, c21 = c00, c22 = c00, c23 = c00;
  let line = image;
  let d = dy;
  const rowBytes = <usize>outW * ldd;
  for (let r = 0; r < outH; r++) {
    let a = line;
    const end = d + rowBytes;
    while (d < end) {
      const b0 = v128.load(d);
      const b1 = v128.load(d, 16);
      const b2 = v128.load(d, 32);
      const b3 = v128.load(d, 48);
      const x0 = v128.load32_splat(a + o0);
      c00 = madd(x0, b0, c00);
      c01 = madd(x0, b1, c01);
      c02 = madd(x0, b2, c02);
      c03 = madd(x0, b3, c03);
      const x1 = v128.load32_splat(a + o1);
      c10 = madd(x1, b0, c10);
      c11 = madd(x1, b1, c11);
      c12 = madd(x1, b2, c12);
      c13 = madd(x1, b3, c13);
      if (TAPS == 3) {
        const x2 = v128.load32_splat(a + o2);
        c20 = madd(x2, b0, c20);
        c21 = madd(x2, b1, c21);
        c22 = madd(x2, b2, c22);
        c23 = madd(x2, b3, c23);
      }
      a += step;
      d += ldd;
    }
    line += rowStep;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c02, 32);
  v128.store(tile, c03, 48);
  v128.store(tile, c10, 64);
  v128.store(tile, c11, 80);
  v128.store(tile, c12, 96);
  v128.store(tile, c13, 112);
  if (TAPS == 3) {
    v128.store(tile, c20, 128);
    v128.store(tile, c21, 144);
    v128.store(tile, c22, 160);
    v128.store(tile, c23, 176);
  }
}
