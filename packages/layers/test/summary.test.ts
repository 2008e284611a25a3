import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSession, Input, Model, Sequential, layers } from '../src/index.js';
import { readableMemorySize } from '../src/engine/summary.js';
import { columnWidths, wrapText } from '../src/engine/table.js';
import { setupBackend } from './helpers.js';

beforeAll(setupBackend);
beforeEach(() => clearSession());

/** The summary's lines. */
function summaryOf(model: Model, lineLength?: number): string {
  const lines: string[] = [];
  model.summary({ printFn: (line) => lines.push(line), ...(lineLength ? { lineLength } : {}) });
  return lines.join('\n');
}

describe('summary', () => {
  it('prints a Sequential model as Keras 3 does', () => {
    const model = new Sequential([
      Input({ shape: [8] }),
      new layers.Dense(12, { activation: 'relu' }),
      new layers.BatchNormalization(),
      new layers.Dense(1, { activation: 'sigmoid' }),
    ]);
    expect(summaryOf(model, 88)).toBe(
      [
        'Model: "sequential"',
        '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓',
        '┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃',
        '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩',
        '│ dense (Dense)                        │ (None, 12)                  │             108 │',
        '├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤',
        '│ batch_normalization                  │ (None, 12)                  │              48 │',
        '│ (BatchNormalization)                 │                             │                 │',
        '├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤',
        '│ dense_1 (Dense)                      │ (None, 1)                   │              13 │',
        '└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘',
        ' Total params: 169 (676.00 B)',
        ' Trainable params: 145 (580.00 B)',
        ' Non-trainable params: 24 (96.00 B)',
      ].join('\n'),
    );
  });

  it('prints unbuilt layers with ? and 0 (unbuilt), at the non-terminal width of 76', () => {
    const model = new Sequential([new layers.Dense(4), new layers.Dropout(0.5)]);
    const columns = process.env['COLUMNS'];
    process.env['COLUMNS'] = '80';
    const text = summaryOf(model);
    if (columns === undefined) delete process.env['COLUMNS'];
    else process.env['COLUMNS'] = columns;
    expect(text).toBe(
      [
        'Model: "sequential"',
        '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
        '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃',
        '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩',
        '│ dense (Dense)                   │ ?                      │   0 (unbuilt) │',
        '├─────────────────────────────────┼────────────────────────┼───────────────┤',
        '│ dropout (Dropout)               │ ?                      │   0 (unbuilt) │',
        '└─────────────────────────────────┴────────────────────────┴───────────────┘',
        ' Total params: 0 (0.00 B)',
        ' Trainable params: 0 (0.00 B)',
        ' Non-trainable params: 0 (0.00 B)',
      ].join('\n'),
    );
  });

  it('prints a functional model with "Connected to"', () => {
    const a = Input({ shape: [4], name: 'features' });
    const b = Input({ shape: [2], name: 'extra' });
    const h = new layers.Dense(3, { name: 'hidden' }).apply(a);
    const merged = new layers.Concatenate({ name: 'merge' }).apply([h, b]);
    const out = new layers.Dense(1, { name: 'score' }).apply(merged);
    const model = new Model({ inputs: [a, b], outputs: out, name: 'two_inputs' });
    expect(summaryOf(model, 108)).toBe(
      [
        'Model: "two_inputs"',
        '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓',
        '┃ Layer (type)                  ┃ Output Shape              ┃         Param # ┃ Connected to               ┃',
        '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩',
        '│ features (InputLayer)         │ (None, 4)                 │               0 │ -                          │',
        '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
        '│ hidden (Dense)                │ (None, 3)                 │              15 │ features[0][0]             │',
        '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
        '│ extra (InputLayer)            │ (None, 2)                 │               0 │ -                          │',
        '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
        '│ merge (Concatenate)           │ (None, 5)                 │               0 │ hidden[0][0], extra[0][0]  │',
        '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
        '│ score (Dense)                 │ (None, 1)                 │               6 │ merge[0][0]                │',
        '└───────────────────────────────┴───────────────────────────┴─────────────────┴────────────────────────────┘',
        ' Total params: 21 (84.00 B)',
        ' Trainable params: 21 (84.00 B)',
        ' Non-trainable params: 0 (0.00 B)',
      ].join('\n'),
    );
  });

  it('prints a chain-shaped functional model without "Connected to", including its InputLayer', () => {
    const x = Input({ shape: [3] });
    const model = new Model({ inputs: x, outputs: new layers.Dense(2).apply(x) });
    const text = summaryOf(model, 88);
    expect(text).not.toContain('Connected to');
    expect(text).toContain('│ input_layer (InputLayer)             │ (None, 3)                   │               0 │');
  });

  it('computes Keras column widths, wraps words, truncates long words, and sizes memory', () => {
    expect(columnWidths([0.45, 0.8, 1], 88)).toEqual([38, 29, 17]);
    expect(columnWidths([0.45, 0.8, 1], 76)).toEqual([33, 24, 15]);
    expect(columnWidths([0.3, 0.56, 0.74, 1], 108)).toEqual([31, 27, 17, 28]);
    expect(() => columnWidths([0.5, 1], 6)).toThrow(/Insufficient console width/);
    expect(wrapText('batch_normalization_50 (BatchNormalization)', 31)).toEqual(['batch_normalization_50', '(BatchNormalization)']);
    expect(wrapText('global_average_pooling2d_12345678', 10)).toEqual(['global_av…']);
    expect(readableMemorySize(484)).toBe('484.00 B');
    expect(readableMemorySize(78186 * 4)).toBe('305.41 KB');
    expect(readableMemorySize(3 * 1024 ** 3)).toBe('3.00 GB');
  });
});
