/**
 * Loading the real data sets of the fit tests (fixtures/), with a seeded held-out split.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { seededRandom } from '@keras/core/testing';

/** Features and integer labels. */
export interface Dataset {
  x: number[][];
  y: number[];
}

function parseRows(text: string, skipHeader: boolean): Dataset {
  const lines = text.trim().split('\n').slice(skipHeader ? 1 : 0);
  const rows = lines.map((l) => l.split(',').map(Number));
  return { x: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]!) };
}

/** Breast Cancer Wisconsin: 569 x 30, labels 0/1. */
export function breastCancer(): Dataset {
  return parseRows(readFileSync(new URL('./fixtures/breast_cancer.csv', import.meta.url), 'utf8'), true);
}

/** Optical digits: 1797 x 64 (8x8, values 0-16), labels 0-9. */
export function digits(): Dataset {
  return parseRows(gunzipSync(readFileSync(new URL('./fixtures/digits.csv.gz', import.meta.url))).toString('utf8'), false);
}

/** A seeded shuffle, then the last fifth held out: `[train, test]`. */
export function holdOutFifth(data: Dataset, seed: number): [Dataset, Dataset] {
  const r = seededRandom(seed);
  const order = data.y.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const cut = Math.floor(order.length * 0.8);
  const pick = (idx: number[]): Dataset => ({ x: idx.map((i) => data.x[i]!), y: idx.map((i) => data.y[i]!) });
  return [pick(order.slice(0, cut)), pick(order.slice(cut))];
}

/** Standardises features with the training set's mean and standard deviation. */
export function standardize(train: Dataset, test: Dataset): [Dataset, Dataset] {
  const d = train.x[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => train.x.reduce((s, r) => s + r[j]!, 0) / train.x.length);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(train.x.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / train.x.length) || 1);
  const scale = (x: number[][]): number[][] => x.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!));
  return [{ x: scale(train.x), y: train.y }, { x: scale(test.x), y: test.y }];
}
