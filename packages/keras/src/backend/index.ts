/**
 * `keras.backend`: which backend runs the math, Keras 3's settings getters and setters,
 * `clearSession` and `isKerasTensor`; plus what this implementation adds: the known
 * backends and their state here.
 */
export { backend, floatx, setFloatx, epsilon, setEpsilon, imageDataFormat, setImageDataFormat } from '../config/api.js';
export { clearSession, isKerasTensor } from '@keras/layers';
export { KNOWN_BACKENDS, knownBackendNames, type KnownBackend } from '../backends/known.js';
export { BackendError, type BackendProblem } from '../backends/load.js';
export { probeBackends, type BackendStatus } from '../backends/probe.js';
