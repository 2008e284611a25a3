/**
 * Max and average pooling (NHWC, inC = outC = channels) and their gradients.
 * Window cells in the padding are ignored: never the max, not counted in the
 * average. Gradients accumulate, since windows may overlap.
 */
import { Geometry, geometryAt } from './geometry';
import { off4 } from './simd';
import { Task, arg, argPtr, dispatch, elementThreads, imageTile, setArg } from './parallel';

/** Splits a per-image pooling pass over threads when the input is large (windows never cross images). */
function dispatchImages(op: Task, a: usize, b: usize, c: usize, geo: usize): void {
  const g = geometryAt(geo);
  const threads = elementThreads(g.batch * g.inH * g.inW * g.inC);
  const tile = imageTile(g.batch, threads);
  setArg(0, <i32>a); setArg(1, <i32>b); setArg(2, <i32>c); setArg(3, <i32>geo); setArg(4, tile);
  dispatch(op, (g.batch + tile - 1) / tile, threads);
}

/** The end (exclusive) of tile `t`'s images. */
@inline
function tileImages(ctrl: usize, t: i32, g: Geometry): i32 {
  return min(g.batch, (t + 1) * arg(ctrl, 4));
}

@inline
function firstTap(o: i32, stride: i32, pad: i32): i32 {
  return o * stride - pad;
}

@inline
function pixelPtr(base: usize, g: Geometry, b: i32, y: i32, x: i32): usize {
  return base + off4(((b * g.inH + y) * g.inW + x) * g.inC);
}

/** *p += v. */
@inline
function addAt(p: usize, v: f32): void {
  store<f32>(p, load<f32>(p) + v);
}

/** out = max over each window (-Infinity for a window with no valid cell). */
export function maxPool(x: usize, out: usize, geo: usize): void {
  dispatchImages(Task.MaxPool, x, out, 0, geo);
}

/** Tile `t` of {@link maxPool}. */
export function maxPoolTile(ctrl: usize, t: i32): void {
  const g = geometryAt(argPtr(ctrl, 3));
  maxPass(MaxPass.Forward, argPtr(ctrl, 0), argPtr(ctrl, 1), 0, g, t * arg(ctrl, 4), tileImages(ctrl, t, g));
}

/** dx = dy routed to the first maximum (in row-major window order) of each window of x. */
export function maxPoolGrad(x: usize, dy: usize, dx: usize, geo: usize): void {
  dispatchImages(Task.MaxPoolGrad, x, dy, dx, geo);
}

/** Tile `t` of {@link maxPoolGrad}. */
export function maxPoolGradTile(ctrl: usize, t: i32): void {
  const g = geometryAt(argPtr(ctrl, 3));
  maxPass(MaxPass.Backward, argPtr(ctrl, 0), argPtr(ctrl, 1), argPtr(ctrl, 2), g, t * arg(ctrl, 4), tileImages(ctrl, t, g));
}

/** The two max-pooling passes, which walk the same windows. */
const enum MaxPass { Forward, Backward }

/** Whether no two windows share an input cell (stride at least the window): each cell of dx then gets one gradient or none. */
@inline
function windowsDisjoint(g: Geometry): bool {
  return g.strideH >= g.kH && g.strideW >= g.kW;
}

/** Whether the windows cover every input cell exactly once (stride = window, no padding, no cells left over). */
@inline
function windowsTile(g: Geometry): bool {
  return g.strideH == g.kH && g.strideW == g.kW && g.padTop == 0 && g.padLeft == 0 && g.outH * g.kH == g.inH && g.outW * g.kW == g.inW;
}

/**
 * A max-pooling pass over images [b0, b1) of x, window by window: Forward writes the
 * output pixels at `pixels` ({@link maxWindow}); Backward reads dy from `pixels` and
 * writes dx. Disjoint windows ({@link windowsDisjoint}, pooling's default) store dx a
 * window at a time ({@link routeWindow}); their part of dx is zeroed first only where
 * some cells lie in no window. Overlapping windows zero it, then add each dy to the
 * cell of its window's first maximum. Geometry fields are read once here: the passes
 * store as they go, so loads of them inside the loops would be repeated.
 */
@inline
function maxPass(pass: MaxPass, x: usize, pixels: usize, dx: usize, g: Geometry, b0: i32, b1: i32): void {
  const inH = g.inH, inW = g.inW, ch = g.inC, outH = g.outH, outW = g.outW;
  const kH = g.kH, kW = g.kW, strideH = g.strideH, strideW = g.strideW, padTop = g.padTop, padLeft = g.padLeft;
  const image = inH * inW * ch;
  const disjoint = windowsDisjoint(g);
  if (pass == MaxPass.Backward && !(disjoint && windowsTile(g))) memory.fill(dx + off4(b0 * image), 0, off4((b1 - b0) * image));
  const colStep = off4(ch);
  const rowStep = off4(inW * ch);
  let pixel = pixels + off4(b0 * outH * outW * ch);
  for (let b = b0; b < b1; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = firstTap(oy, strideH, padTop);
      const ya = max(y0, 0);
      const rows = min(y0 + kH, inH) - ya;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = firstTap(ox, strideW, padLeft);
        const xa = max(x0, 0);
        const cols = min(x0 + kW, inW) - xa;
        const corner = off4(b * image + (ya * inW + xa) * ch);
        if (pass == MaxPass.Forward) maxWindow(x + corner, pixel, ch, rows, cols, rowStep, colStep);
        else if (rows > 0 && cols > 0) {
          if (disjoint) routeWindow(x + corner, pixel, dx + corner, ch, rows, cols, rowStep, colStep);
          else addToWindowMaxima(x + corner, pixel, dx + corner, ch, rows, cols, rowStep, colStep);
        }
        pixel += colStep;
      }
    }
  }
}

/**
 * The output pixel `po`: per channel, the max over the window of `rows` x `cols` cells
 * from `corner` (rows `rowStep` and cells `colStep` bytes apart; -Infinity when empty),
 * four channels at a time in a register.
 */
@inline
function maxWindow(corner: usize, po: usize, ch: i32, rows: i32, cols: i32, rowStep: usize, colStep: usize): void {
  let c = 0;
  if (rows == 2 && cols == 2) {
    // Keras' default pool, unrolled; the same maxima in the same order.
    for (; c + 4 <= ch; c += 4) {
      const p = corner + off4(c);
      const top = f32x4.max(f32x4.max(f32x4.splat(-Infinity), v128.load(p)), v128.load(p + colStep));
      v128.store(po + off4(c), f32x4.max(f32x4.max(top, v128.load(p + rowStep)), v128.load(p + rowStep + colStep)));
    }
  }
  for (; c + 4 <= ch; c += 4) {
    let m = f32x4.splat(-Infinity);
    let row = corner + off4(c);
    for (let y = 0; y < rows; y++) {
      for (let xx = 0; xx < cols; xx++) m = f32x4.max(m, v128.load(row + <usize>xx * colStep));
      row += rowStep;
    }
    v128.store(po + off4(c), m);
  }
  for (; c < ch; c++) {
    let m: f32 = -Infinity;
    let row = corner + off4(c);
    for (let y = 0; y < rows; y++) {
      for (let xx = 0; xx < cols; xx++) m = max(m, load<f32>(row + <usize>xx * colStep));
      row += rowStep;
    }
    store<f32>(po + off4(c), m);
  }
}

/**
 * Per lane of the four channels at `corner` (a window's first cell, `rows` x `cols`
 * cells, rows `rowStep` and cells `colStep` bytes apart): the row-major index of the
 * window's first maximum; a NaN in the first cell keeps it.
 */
@inline
function firstMaxCells(corner: usize, rows: i32, cols: i32, rowStep: usize, colStep: usize): v128 {
  let best = v128.load(corner);
  let at = i32x4.splat(0);
  let cell = 0;
  let row = corner;
  for (let y = 0; y < rows; y++) {
    for (let xx = 0; xx < cols; xx++) {
      const v = v128.load(row + <usize>xx * colStep);
      const better = f32x4.gt(v, best);
      best = v128.bitselect(v, best, better);
      at = v128.bitselect(i32x4.splat(cell), at, better);
      cell++;
    }
    row += rowStep;
  }
  return at;
}

/** The row-major index of the first maximum of the one channel at `corner` (as {@link firstMaxCells}). */
@inline
function firstMaxCell(corner: usize, rows: i32, cols: i32, rowStep: usize, colStep: usize): i32 {
  let best = load<f32>(corner);
  let at = 0;
  let cell = 0;
  let row = corner;
  for (let y = 0; y < rows; y++) {
    for (let xx = 0; xx < cols; xx++) {
      const v = load<f32>(row + <usize>xx * colStep);
      if (v > best) {
        best = v;
        at = cell;
      }
      cell++;
    }
    row += rowStep;
  }
  return at;
}

/**
 * One disjoint window's gradient: every cell of dx in it (from `dxCorner`, laid out as
 * x from `xCorner`), per channel, dy (from `pg`) at the first maximum, 0 elsewhere.
 */
@inline
function routeWindow(xCorner: usize, pg: usize, dxCorner: usize, ch: i32, rows: i32, cols: i32, rowStep: usize, colStep: usize): void {
  const zero = f32x4.splat(0);
  let c = 0;
  if (rows == 2 && cols == 2) {
    // Keras' default pool, unrolled: the same first maxima as firstMaxCells.
    for (; c + 4 <= ch; c += 4) {
      const p = xCorner + off4(c);
      const v1 = v128.load(p + colStep);
      const v2 = v128.load(p + rowStep);
      const v3 = v128.load(p + rowStep + colStep);
      let best = v128.load(p);
      let at = i32x4.splat(0);
      let better = f32x4.gt(v1, best);
      best = v128.bitselect(v1, best, better);
      at = v128.bitselect(i32x4.splat(1), at, better);
      better = f32x4.gt(v2, best);
      best = v128.bitselect(v2, best, better);
      at = v128.bitselect(i32x4.splat(2), at, better);
      better = f32x4.gt(v3, best);
      at = v128.bitselect(i32x4.splat(3), at, better);
      const grad = f32x4.add(v128.load(pg + off4(c)), zero);
      const d = dxCorner + off4(c);
      v128.store(d, v128.and(grad, i32x4.eq(at, i32x4.splat(0))));
      v128.store(d + colStep, v128.and(grad, i32x4.eq(at, i32x4.splat(1))));
      v128.store(d + rowStep, v128.and(grad, i32x4.eq(at, i32x4.splat(2))));
      v128.store(d + rowStep + colStep, v128.and(grad, i32x4.eq(at, i32x4.splat(3))));
    }
  }
  for (; c + 4 <= ch; c += 4) {
    const at = firstMaxCells(xCorner + off4(c), rows, cols, rowStep, colStep);
    // + 0 turns a -0 gradient into +0, as the accumulating path's 0 + dy does.
    const grad = f32x4.add(v128.load(pg + off4(c)), zero);
    let cell = 0;
    let row = dxCorner + off4(c);
    for (let y = 0; y < rows; y++) {
      for (let xx = 0; xx < cols; xx++) {
        v128.store(row + <usize>xx * colStep, v128.and(grad, i32x4.eq(at, i32x4.splat(cell))));
        cell++;
      }
      row += rowStep;
    }
  }
  for (; c < ch; c++) {
    const at = firstMaxCell(xCorner + off4(c), rows, cols, rowStep, colStep);
    const grad = load<f32>(pg + off4(c)) + 0;
    let cell = 0;
    let row = dxCorner + off4(c);
    for (let y = 0; y < rows; y++) {
      for (let xx = 0; xx < cols; xx++) {
        store<f32>(row + <usize>xx * colStep, cell == at ? grad : 0);
        cell++;
      }
      row += rowStep;
    }
  }
}

/** dx at cell `cell` (row-major, `cols` cells a row) of the window from `dxCorner` += v. */
@inline
function addToCell(dxCorner: usize, cell: i32, cols: i32, rowStep: usize, colStep: usize, v: f32): void {
  addAt(dxCorner + <usize>(cell / cols) * rowStep + <usize>(cell % cols) * colStep, v);
}

/** One window's gradient where windows overlap: per channel, dx at the first maximum += dy (from `pg`). */
@inline
function addToWindowMaxima(xCorner: usize, pg: usize, dxCorner: usize, ch: i32, rows: i32, cols: i32, rowStep: usize, colStep: usize): void {
  let c = 0;
  for (; c + 4 <= ch; c += 4) {
    const at = firstMaxCells(xCorner + off4(c), rows, cols, rowStep, colStep);
    const d = dxCorner + off4(c);
    addToCell(d, i32x4.extract_lane(at, 0), cols, rowStep, colStep, load<f32>(pg + off4(c)));
    addToCell(d + 4, i32x4.extract_lane(at, 1), cols, rowStep, colStep, load<f32>(pg + off4(c + 1)));
    addToCell(d + 8, i32x4.extract_lane(at, 2), cols, rowStep, colStep, load<f32>(pg + off4(c + 2)));
    addToCell(d + 12, i32x4.extract_lane(at, 3), cols, rowStep, colStep, load<f32>(pg + off4(c + 3)));
  }
  for (; c < ch; c++) {
    addToCell(dxCorner + off4(c), firstMaxCell(xCorner + off4(c), rows, cols, rowStep, colStep), cols, rowStep, colStep, load<f32>(pg + off4(c)));
  }
}

/** The two average-pooling passes, which walk the same windows. */
const enum AvgPass { Forward, Backward }

/**
 * One window [ya, y1) x [xa, x1) of `count` valid cells of image b. Forward: the output
 * pixel `pixel` = mean of x over the window (0 when empty). Backward: dx over the window
 * gains the dy pixel `pixel` / count.
 */
@inline
function avgWindow(pass: AvgPass, image: usize, pixel: usize, g: Geometry, b: i32, ya: i32, y1: i32, xa: i32, x1: i32): void {
  const ch = g.inC;
  const count = max(y1 - ya, 0) * max(x1 - xa, 0);
  if (pass == AvgPass.Forward) memory.fill(pixel, 0, off4(ch));
  else if (count == 0) return;
  const n = f32x4.splat(<f32>count);
  for (let y = ya; y < y1; y++) {
    for (let xx = xa; xx < x1; xx++) {
      const p = pixelPtr(image, g, b, y, xx);
      let c = 0;
      if (pass == AvgPass.Forward) {
        for (; c + 4 <= ch; c += 4) v128.store(pixel + off4(c), f32x4.add(v128.load(pixel + off4(c)), v128.load(p + off4(c))));
        for (; c < ch; c++) addAt(pixel + off4(c), load<f32>(p + off4(c)));
      } else {
        for (; c + 4 <= ch; c += 4) v128.store(p + off4(c), f32x4.add(v128.load(p + off4(c)), f32x4.div(v128.load(pixel + off4(c)), n)));
        for (; c < ch; c++) addAt(p + off4(c), load<f32>(pixel + off4(c)) / <f32>count);
      }
    }
  }
  if (pass == AvgPass.Forward && count > 0) {
    let c = 0;
    for (; c + 4 <= ch; c += 4) v128.store(pixel + off4(c), f32x4.div(v128.load(pixel + off4(c)), n));
    for (; c < ch; c++) store<f32>(pixel + off4(c), load<f32>(pixel + off4(c)) / <f32>count);
  }
}

/** Walks every output pixel's window ({@link avgWindow}): `image` is x (Forward) or dx (Backward), `pixels` out or dy. */
@inline
function avgPass(pass: AvgPass, image: usize, pixels: usize, geo: usize): void {
  const g = geometryAt(geo);
  if (pass == AvgPass.Backward) memory.fill(image, 0, off4(g.batch * g.inH * g.inW * g.inC));
  let pixel = pixels;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = firstTap(oy, g.strideH, g.padTop);
      for (let ox = 0; ox < g.outW; ox++) {
        const x0 = firstTap(ox, g.strideW, g.padLeft);
        avgWindow(pass, image, pixel, g, b, max(y0, 0), min(y0 + g.kH, g.inH), max(x0, 0), min(x0 + g.kW, g.inW));
        pixel += off4(g.inC);
      }
    }
  }
}

/** out = mean over the valid cells of each window (0 for a window with none). */
export function avgPool(x: usize, out: usize, geo: usize): void {
  avgPass(AvgPass.Forward, x, out, geo);
}

/** dx += dy / count spread over the valid cells of each window. */
export function avgPoolGrad(dy: usize, dx: usize, geo: usize): void {
  avgPass(AvgPass.Backward, dx, dy, geo);
}
