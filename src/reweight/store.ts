/**
 * A reweighter on disk, a folder of two files:
 *  - model.json: format name and version, the mode, the network's shape and
 *    activation, the features it reads and their standardisation, the θ names,
 *    trained range and θ₀, optionally the training summary, the layout of the
 *    weights and their SHA-256;
 *  - weights.bin: every kernel then bias, first part (MLP or Φ) then F, as
 *    little-endian float32, exactly the trained values, so a loaded reweighter
 *    gives bit-identical logits.
 * The folder is written under a temp name and renamed into place; an old
 * reweighter there is removed only once the new one is in place.
 */
import * as tf from '@tensorflow/tfjs';
import { FileError } from '../diagnostics/index.js';
import { readSealedDir, SEALED_HEADER, writeSealedDir, type SealedKind } from '../fsutil/index.js';
import type { Activation, DenseParams } from '../nn/index.js';
import { layerSizes, type ClassifierNet } from './network.js';
import { Reweighter, type ReweighterInfo } from './reweighter.js';
import type { TrainingSummary } from './training.js';

export const REWEIGHTER_FORMAT = 'mctune-reweighter';
/** Bump when the meaning or layout of a saved reweighter changes; other versions are refused, not misread. */
export const REWEIGHTER_VERSION = 2;
const KIND: SealedKind = { format: REWEIGHTER_FORMAT, version: REWEIGHTER_VERSION, noun: 'reweighter', remedy: 'train the reweighter again' };

/** A saved reweighter that cannot be read: names the file and what was expected. */
export class ReweighterFileError extends FileError {
  constructor(file: string, detail: string) {
    super(file, 0, detail);
    this.name = 'ReweighterFileError';
  }
}

interface Header extends Omit<ReweighterInfo, 'standardisation'> {
  readonly standardisation: { readonly mean: number[]; readonly scale: number[] };
  readonly inputWidth: number;
  readonly sumScale: number;
  readonly training?: TrainingSummary;
  readonly floats: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function layersOf(net: ClassifierNet): DenseParams[] {
  return [...net.first, ...net.second];
}

/** Every kernel and bias, in the file's order, as little-endian float32 bytes. */
function weightBytes(net: ClassifierNet): Buffer {
  const parts = layersOf(net).flatMap((l) => [l.kernel, l.bias]).map((v) => Buffer.from(Float32Array.from(v.dataSync()).buffer));
  const bytes = Buffer.concat(parts);
  return LITTLE_ENDIAN ? bytes : bytes.swap32();
}

/** Saves `reweighter` to the folder `dir` (created or replaced whole); `training` is kept for the record. */
export function saveReweighter(dir: string, reweighter: Reweighter, training?: TrainingSummary): void {
  const { info, net } = reweighter;
  const bytes = weightBytes(net);
  const header: Header = {
    ...info,
    standardisation: { mean: [...info.standardisation.mean], scale: [...info.standardisation.scale] },
    inputWidth: net.inputWidth,
    sumScale: net.sumScale,
    ...(training ? { training } : {}),
    floats: bytes.length / 4,
  };
  writeSealedDir(dir, KIND, header, bytes);
}

const ACTIVATIONS: readonly Activation[] = ['tanh', 'relu', 'sigmoid', 'elu', 'linear'];
const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** What is wrong with the header's fields, or undefined when they are as expected. */
function headerProblem(h: Readonly<Record<string, unknown>>): string | undefined {
  if (h.mode !== 'parametrised' && h.mode !== 'two-sample') return `mode is ${JSON.stringify(h.mode)}; expected "parametrised" or "two-sample"`;
  if (h.inputKind !== 'event' && h.inputKind !== 'particles') return `inputKind is ${JSON.stringify(h.inputKind)}; expected "event" or "particles"`;
  if (!ACTIVATIONS.includes(h.activation as Activation)) return `activation is ${JSON.stringify(h.activation)}; expected one of ${ACTIVATIONS.join(', ')}`;
  const spec = h.spec as Partial<Record<string, unknown>> | undefined;
  const specOk = spec?.kind === 'event-mlp' ? isNumbers(spec.hidden) : spec?.kind === 'particle-flow' && isNumbers(spec.phi) && isNumbers(spec.F);
  if (!specOk) return 'spec is not an event-mlp {hidden} or particle-flow {phi, F} description';
  if (!isStrings(h.featureNames)) return 'featureNames is not a list of names';
  const std = h.standardisation as Partial<Record<string, unknown>> | undefined;
  if (!isNumbers(std?.mean) || !isNumbers(std.scale) || std.mean.length !== h.featureNames.length || std.scale.length !== h.featureNames.length) return 'standardisation needs a mean and a scale per feature';
  const t = h.theta as Partial<Record<string, unknown>> | undefined;
  if (!isStrings(t?.names) || !isNumbers(t.lo) || !isNumbers(t.hi) || !isNumbers(t.theta0) || [t.lo, t.hi, t.theta0].some((a) => a.length !== (t.names as string[]).length)) return 'theta needs names, lo, hi and theta0 of equal lengths';
  if (h.inputWidth !== h.featureNames.length + t.names.length) return `inputWidth ${JSON.stringify(h.inputWidth)} is not features + parameters (${h.featureNames.length + t.names.length})`;
  if (typeof h.sumScale !== 'number' || typeof h.floats !== 'number') return 'sumScale or floats is missing';
  return undefined;
}

/** Variables for the layers of `sizes`, cut from `floats` at `at`; returns them and where the next layer starts. */
function layersFrom(floats: Float32Array, sizes: readonly number[], at: number): { layers: DenseParams[]; at: number } {
  const layers: DenseParams[] = [];
  for (let i = 1; i < sizes.length; i++) {
    const [n, m] = [sizes[i - 1], sizes[i]];
    const kernel = tf.variable(tf.tensor2d(floats.subarray(at, at + n * m), [n, m]));
    const bias = tf.variable(tf.tensor1d(floats.subarray(at + n * m, at + n * m + m)));
    layers.push({ kernel, bias });
    at += n * m + m;
  }
  return { layers, at };
}

/** Loads a reweighter saved by saveReweighter; every problem is a ReweighterFileError naming the file. */
export function loadReweighter(dir: string): { reweighter: Reweighter; training: TrainingSummary | undefined } {
  const fail = (file: string, detail: string): never => {
    throw new ReweighterFileError(file, detail);
  };
  const { header, weights: bytes, headerFile: hf, weightsFile: wf } = readSealedDir(dir, KIND, fail);
  const problem = headerProblem(header);
  if (problem !== undefined) fail(hf, problem);
  const h = header as unknown as Header;
  let sizes: { first: number[]; second: number[] };
  try {
    sizes = layerSizes(h.spec, h.inputWidth);
  } catch (e) {
    throw new ReweighterFileError(hf, (e as Error).message);
  }
  const count = (s: number[]) => s.slice(1).reduce((acc, m, i) => acc + s[i] * m + m, 0);
  const expected = count(sizes.first) + count(sizes.second);
  if (bytes.length !== 4 * expected || h.floats !== expected) throw new ReweighterFileError(wf, `${bytes.length} bytes; the network in ${SEALED_HEADER} needs ${expected} float32 values (${4 * expected} bytes)`);
  const floats = new Float32Array(expected);
  const view = Buffer.from(floats.buffer);
  bytes.copy(view);
  if (!LITTLE_ENDIAN) view.swap32();
  const first = layersFrom(floats, sizes.first, 0);
  const second = sizes.second.length > 0 ? layersFrom(floats, sizes.second, first.at).layers : [];
  const net: ClassifierNet = { spec: h.spec, activation: h.activation, inputWidth: h.inputWidth, sumScale: h.sumScale, first: first.layers, second };
  const info: ReweighterInfo = { mode: h.mode, spec: h.spec, activation: h.activation, inputKind: h.inputKind, featureNames: h.featureNames, standardisation: { mean: Float64Array.from(h.standardisation.mean), scale: Float64Array.from(h.standardisation.scale) }, theta: h.theta };
  return { reweighter: new Reweighter(info, net), training: h.training };
}
