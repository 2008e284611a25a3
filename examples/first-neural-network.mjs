// Your first neural network with Keras for TypeScript: define, compile, fit, evaluate, predict.
// The data is the Breast Cancer Wisconsin (Diagnostic) set, embedded in the `keras` package:
// 30 measurements of each of 569 tumours, labelled 0 (malignant) or 1 (benign).
//
//   npm start            (builds the packages, then runs this file)
//   node examples/first-neural-network.mjs
import * as keras from 'keras';

// Pick the backend as Keras does (KERAS_BACKEND, else ~/.keras/keras.json, else wasm) and start it.
await keras.ready();
console.log(`Keras ${keras.version} on the ${keras.backend.backend()} backend\n`);

// 1. Data: a seeded split (by default testSplit 0.2, seed 1337) keeps 20% of the tumours aside;
//    the model never trains on them.
const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.breastCancer.loadData();
console.log(`${xTrain.shape[0]} tumours to learn from, ${xTest.shape[0]} held out\n`);

// 2. Model: standardise the 30 features (mean and variance learnt from the training part only),
//    two small hidden layers (with dropout against overfitting), and one sigmoid unit: the
//    probability that a tumour is benign.
const normalizer = new keras.layers.Normalization();
await normalizer.adapt(xTrain);

const model = new keras.Sequential([
  keras.Input({ shape: [30] }),
  normalizer,
  new keras.layers.Dense(16, { activation: 'relu' }),
  new keras.layers.Dropout(0.3),
  new keras.layers.Dense(8, { activation: 'relu' }),
  new keras.layers.Dense(1, { activation: 'sigmoid' }),
]);
model.summary();

// 3. Compile: how to learn (Adam), what to minimise (binary cross-entropy), what to report.
model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });

// 4. Fit: 30 passes over the data, 10% of it set aside to watch for overfitting.
await model.fit(xTrain, yTrain, { epochs: 30, batchSize: 16, validationSplit: 0.1 });

// 5. Evaluate on the held-out tumours.
const [loss, accuracy] = await model.evaluate(xTest, yTest, { verbose: 0 });
console.log(`\nHeld-out loss: ${loss.toFixed(4)}`);
console.log(`Held-out accuracy: ${accuracy.toFixed(4)} (${xTest.shape[0]} tumours the model never saw)\n`);

// 6. Predict: the probability of "benign" for a few held-out tumours, next to the truth.
const probabilities = await model.predict(xTest, { verbose: 0 });
const p = await probabilities.data();
const truth = await yTest.data();
const names = keras.datasets.breastCancer.classNames;
console.log('A few held-out tumours:');
console.log('  p(benign)  predicted  truth');
for (let i = 0; i < 8; i++) {
  const predicted = names[p[i] >= 0.5 ? 1 : 0];
  console.log(`  ${p[i].toFixed(3).padStart(9)}  ${predicted.padEnd(9)}  ${names[truth[i]]}`);
}
