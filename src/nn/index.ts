/**
 * The TensorFlow.js layer shared by the neural-network surrogates and reweighting:
 * backend choice, seeded initial weights, dense layers with fast gradients, and the
 * training loop with early stopping.
 */
export { BACKEND_ENV, BACKEND_NAMES, DEFAULT_LOADERS, backendInUse, initBackend, resolveBackendRequest, selectBackend, wasmDistDir } from './backend.js';
export type { BackendInfo, BackendLoader, BackendName, BackendOptions, BackendRequest } from './backend.js';
export { disposeParams, glorotUniform, initBatchedDense, initDense, initMlp, paramsOf, weightRandom } from './init.js';
export type { DenseParams } from './init.js';
export { batchedDense, batchedDenseAutograd, defaultTransposeMode, dense, denseAutograd, mlp } from './dense.js';
export type { DenseOptions, MlpOptions, TransposeMode } from './dense.js';
export { activate, tanhViaSigmoid } from './activation.js';
export type { Activation } from './activation.js';
export { train } from './train.js';
export type { StopReason, TrainOptions, TrainProgress, TrainResult } from './train.js';
