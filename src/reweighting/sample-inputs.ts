/**
 * Event samples (src/events-store) as classifier inputs (src/reweight): the
 * event observables or padded particle sets of every event of a file, read
 * chunk by chunk and joined once at the end, and the parameter point θ a
 * sample was generated at, from its header.
 */
import { readEventChunks, readEventStoreHeader, type EventChunk, type EventSampleHeader } from '../events-store/index.js';
import { DEFAULT_EVENT_OBSERVABLES, DEFAULT_MAX_PARTICLES, eventObservables, particleFeatures, type ClassifierInputs, type EventRows, type ParticleSet } from '../reweight/index.js';

/** What a classifier reads: event observables (by name) or particle sets (with M rows per event). */
export type InputRecipe =
  | { readonly kind: 'event'; readonly names: readonly string[] }
  | { readonly kind: 'particles'; readonly maxParticles: number };

/** The recipe of the event-level MLP: the default observables. */
export const EVENT_RECIPE: InputRecipe = { kind: 'event', names: DEFAULT_EVENT_OBSERVABLES };

/** The recipe of the Particle Flow network with `maxParticles` rows per event (default DEFAULT_MAX_PARTICLES). */
export function particleRecipe(maxParticles = DEFAULT_MAX_PARTICLES): InputRecipe {
  return { kind: 'particles', maxParticles };
}

/** The classifier inputs of one chunk of events. */
export function chunkInputs(chunk: EventChunk, recipe: InputRecipe): ClassifierInputs {
  return recipe.kind === 'event' ? eventObservables(chunk, recipe.names) : particleFeatures(chunk, { maxParticles: recipe.maxParticles });
}

/** A sample read as classifier inputs, with its header and the events' own weights. */
export interface SampleInputs {
  readonly file: string;
  readonly header: EventSampleHeader;
  readonly inputs: ClassifierInputs;
  /** The sample's nominal event weights (1 for the built-in generator). */
  readonly eventWeights: Float64Array;
}

/** Options of {@link readSampleInputs}. */
export interface ReadInputsOptions {
  /** Read at most this many events (the first ones). Default: all. */
  readonly maxEvents?: number;
}

/** Events per chunk while reading: bounds the memory of one particle-feature block. */
const READ_CHUNK = 5000;

/** The events of `file` as classifier inputs (see {@link InputRecipe}); an empty sample is an error naming the file. */
export async function readSampleInputs(file: string, recipe: InputRecipe, options: ReadInputsOptions = {}): Promise<SampleInputs> {
  const header = await readEventStoreHeader(file);
  const limit = options.maxEvents ?? Infinity;
  const parts: ClassifierInputs[] = [];
  const weights: Float64Array[] = [];
  let n = 0;
  for await (const chunk of readEventChunks(file, { chunkSize: READ_CHUNK })) {
    const take = Math.min(chunk.n, limit - n);
    const part = take < chunk.n ? chunkInputs(sliceEvents(chunk, take), recipe) : chunkInputs(chunk, recipe);
    parts.push(part);
    weights.push(chunk.weight.slice(0, take));
    n += take;
    if (n >= limit) break;
  }
  if (n === 0) throw new Error(`${file}: the event sample holds no events`);
  return { file, header, inputs: joinInputs(parts), eventWeights: joinArrays(weights, (n) => new Float64Array(n)) };
}

/** The first `n` events of a chunk (views). */
function sliceEvents(c: EventChunk, n: number): EventChunk {
  const end = c.offsets[n];
  return { n, offsets: c.offsets.subarray(0, n + 1), px: c.px.subarray(0, end), py: c.py.subarray(0, end), pz: c.pz.subarray(0, end), E: c.E.subarray(0, end), pdgid: c.pdgid.subarray(0, end), charge3: c.charge3.subarray(0, end), weight: c.weight.subarray(0, n) };
}

/** The arrays of `parts` end to end, in one new array of the same kind. */
export function joinArrays<T extends Float32Array | Float64Array>(parts: readonly T[], make: (length: number) => T): T {
  const out = make(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const float32 = (n: number) => new Float32Array(n);

/**
 * Inputs of one recipe, chunk after chunk, as one block (a single copy; the
 * library's concatInputs joins two at a time, which copies n²/chunk values).
 */
export function joinInputs(parts: readonly ClassifierInputs[]): ClassifierInputs {
  if (parts.length === 0) throw new Error('joinInputs: no inputs to join');
  if (parts.length === 1) return parts[0];
  const first = parts[0];
  const n = parts.reduce((s, p) => s + p.n, 0);
  if (first.kind === 'event') {
    const rows = parts as readonly EventRows[];
    return { ...first, n, x: joinArrays(rows.map((p) => p.x), float32) };
  }
  const sets = parts as readonly ParticleSet[];
  if (sets.some((p) => p.maxParticles !== first.maxParticles)) throw new Error('joinInputs: particle sets of different row counts');
  return { ...first, n, x: joinArrays(sets.map((p) => p.x), float32), mask: joinArrays(sets.map((p) => p.mask), float32), truncatedEvents: sets.reduce((s, p) => s + p.truncatedEvents, 0) };
}

/**
 * The values of `names` in a sample's header settings: its parameter point θ.
 * A sample whose header lacks one is an error naming the file and the setting.
 */
export function thetaOfHeader(file: string, header: EventSampleHeader, names: readonly string[]): number[] {
  return names.map((name) => {
    const v = settingOf(header.settings, name);
    if (v === undefined) {
      const known = Object.keys(header.settings);
      throw new Error(`${file}: the sample's header has no setting '${name}' (it records ${known.length ? known.join(', ') : 'no settings'}); cannot tell which θ it was generated at`);
    }
    return v;
  });
}

/** A header setting, or undefined when the header does not record it (a plain index would claim a number). */
export function settingOf(settings: Readonly<Record<string, number>>, name: string): number | undefined {
  return Object.hasOwn(settings, name) ? settings[name] : undefined;
}

/** The values of `names` among a header's settings, or undefined when any is missing. */
export function settingsOf(settings: Readonly<Record<string, number>>, names: readonly string[]): number[] | undefined {
  const values = names.map((n) => settingOf(settings, n));
  return values.every((v) => v !== undefined) ? values : undefined;
}
