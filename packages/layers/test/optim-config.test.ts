import { tensor, Variable } from '@keras/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as optimizers from '../src/optimizers/index.js';
import { Adam, AdamW, RMSprop, SGD } from '../src/optimizers/index.js';
import { CosineDecay, ExponentialDecay } from '../src/optimizers/schedules/index.js';
import { useWasm, values } from './train-helpers.js';

beforeAll(useWasm);

const owned: Variable[] = [];
afterEach(() => {
  for (const v of owned.splice(0)) v.dispose();
});

function variable(v: number[], name = 'w'): Variable {
  const t = tensor(v);
  const out = new Variable(t, { name });
  t.dispose();
  owned.push(out);
  return out;
}

/** One SGD(lr = 1) step with gradient `g`: the weight moves by exactly the clipped gradient. */
async function clippedStep(options: ConstructorParameters<typeof SGD>[0], g: number[][], w: number[][]): Promise<number[][]> {
  const opt = new SGD({ learningRate: 1, ...options });
  const vars = w.map((x, i) => variable(x, `w${i}`));
  const grads = g.map((x) => tensor(x));
  opt.apply(grads, vars);
  grads.forEach((t) => t.dispose());
  return Promise.all(vars.map((v, i) => values(v).then((after) => after.map((a, j) => w[i]![j]! - a))));
}

describe('gradient clipping', () => {
  it('clipnorm scales each gradient to norm <= clipnorm', async () => {
    const [d0, d1] = await clippedStep({ clipnorm: 1 }, [[3, 4], [0.3, 0.4]], [[0, 0], [0, 0]]);
    expect(d0![0]).toBeCloseTo(0.6, 6);
    expect(d0![1]).toBeCloseTo(0.8, 6);
    expect(d1![0]).toBeCloseTo(0.3, 6);
  });

  it('globalClipnorm scales all gradients together', async () => {
    const [d0, d1] = await clippedStep({ globalClipnorm: 2.5 }, [[3, 4], [0, 0]], [[0, 0], [0, 0]]);
    expect(d0![0]).toBeCloseTo(1.5, 6);
    expect(d0![1]).toBeCloseTo(2, 6);
    expect(d1).toEqual([0, 0]);
  });

  it('clipvalue clips each element', async () => {
    const [d0] = await clippedStep({ clipvalue: 0.5 }, [[3, -4, 0.25]], [[0, 0, 0]]);
    expect(d0).toEqual([0.5, -0.5, 0.25]);
  });

  it('allows only one kind of clipping', () => {
    expect(() => new SGD({ clipnorm: 1, clipvalue: 1 })).toThrow(/Only one of `clipnorm`, `clipvalue` and `globalClipnorm`/);
  });
});

describe('weight decay', () => {
  it('decays every variable except the excluded ones', async () => {
    const a = variable([1, 2], 'dense/kernel');
    const b = variable([1, 2], 'dense/bias');
    const opt = new SGD({ learningRate: 0.5, weightDecay: 0.1 });
    opt.excludeFromWeightDecay({ varNames: ['bias'] });
    const zero = tensor([0, 0]);
    opt.apply([zero, zero], [a, b]);
    zero.dispose();
    expect(await values(a)).toEqual([Math.fround(1 - 0.05), Math.fround(2 - 0.1)]);
    expect(await values(b)).toEqual([1, 2]);
    expect(() => opt.excludeFromWeightDecay({ varNames: ['x'] })).toThrow(/before the optimizer is built/);
  });
});

describe('learning-rate schedules', () => {
  it('ExponentialDecay, smooth and staircase', () => {
    const smooth = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(smooth.call(0)).toBe(0.1);
    expect(smooth.call(5)).toBeCloseTo(0.1 * 0.5 ** 0.5, 12);
    expect(smooth.call(20)).toBeCloseTo(0.025, 12);
    const stairs = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
    expect(stairs.call(9)).toBe(0.1);
    expect(stairs.call(10)).toBe(0.05);
    expect(() => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 })).toThrow(/decaySteps` must be > 0/);
  });

  it('CosineDecay with alpha, and with linear warmup', () => {
    const cosine = new CosineDecay({ initialLearningRate: 1, decaySteps: 100, alpha: 0.1 });
    expect(cosine.call(0)).toBe(1);
    expect(cosine.call(50)).toBeCloseTo(0.55, 12);
    expect(cosine.call(100)).toBeCloseTo(0.1, 12);
    expect(cosine.call(500)).toBeCloseTo(0.1, 12);
    const warm = new CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 10 });
    expect(warm.call(5)).toBeCloseTo(0.5, 12);
    expect(warm.call(10)).toBeCloseTo(1, 12);
    expect(warm.call(15)).toBeCloseTo(0.5, 12);
  });

  it('an optimizer evaluates its schedule at its iteration count, and refuses a constant rate', async () => {
    const schedule = new ExponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 });
    const opt = new SGD({ learningRate: schedule });
    const w = variable([0]);
    const g = tensor([1]);
    for (let i = 0; i < 3; i++) opt.apply([g], [w]);
    g.dispose();
    expect(await values(w)).toEqual([-(1 + 0.5 + 0.25)]);
    expect(opt.learningRate).toBe(0.125);
    expect(() => {
      opt.learningRate = 0.1;
    }).toThrow(/not settable/);
  });
});

describe('identifiers and configs', () => {
  it('get() by name in any spelling gives Keras defaults', () => {
    expect(optimizers.get('adam')).toBeInstanceOf(Adam);
    expect(optimizers.get('Adam').learningRate).toBe(0.001);
    expect(optimizers.get('sgd').learningRate).toBe(0.01);
    expect(optimizers.get('rmsprop')).toBeInstanceOf(RMSprop);
    expect(optimizers.get('RMSprop')).toBeInstanceOf(RMSprop);
    expect(optimizers.get('adamw')).toBeInstanceOf(AdamW);
    const opt = new SGD();
    expect(optimizers.get(opt)).toBe(opt);
    expect(() => optimizers.get('adamm')).toThrow(/Unknown optimizer 'adamm'/);
  });

  it("getConfig uses Keras' keys and round-trips through serialize/deserialize", () => {
    const adam = new Adam({ learningRate: 0.01, beta1: 0.8, amsgrad: true, clipnorm: 1 });
    const s = optimizers.serialize(adam);
    expect(s).toMatchObject({ module: 'keras.optimizers', class_name: 'Adam', registered_name: null });
    expect(s.config).toEqual({
      name: 'adam', learning_rate: 0.01, weight_decay: null, clipnorm: 1, global_clipnorm: null, clipvalue: null,
      use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null,
      beta_1: 0.8, beta_2: 0.999, epsilon: 1e-7, amsgrad: true,
    });
    const back = optimizers.deserialize(s) as Adam;
    expect(back).toBeInstanceOf(Adam);
    expect(back.getConfig()).toEqual(adam.getConfig());
  });

  it('serializes a learning-rate schedule inside the optimizer config', () => {
    const sgd = new SGD({ learningRate: new CosineDecay({ initialLearningRate: 0.1, decaySteps: 1000 }), momentum: 0.9, nesterov: true });
    const s = optimizers.serialize(sgd);
    expect(s.config['learning_rate']).toEqual({
      module: 'keras.optimizers.schedules', class_name: 'CosineDecay', registered_name: null,
      config: { initial_learning_rate: 0.1, decay_steps: 1000, alpha: 0, name: 'CosineDecay', warmup_target: null, warmup_steps: 0 },
    });
    const back = optimizers.deserialize(JSON.parse(JSON.stringify(s))) as SGD;
    expect(back.learningRateSchedule).toBeInstanceOf(CosineDecay);
    expect(back.momentum).toBe(0.9);
    expect(back.nesterov).toBe(true);
  });
});
