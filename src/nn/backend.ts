/**
 * Which TensorFlow.js backend runs the networks: the native `@tensorflow/tfjs-node`
 * when it loads (an optional dependency, absent on many machines), else the
 * WebAssembly backend (its binaries ship inside the npm package, so no network
 * is needed), else the plain JavaScript CPU backend. A choice can be forced by
 * an option or by the MCTUNE_TF_BACKEND environment variable; a forced choice
 * that cannot load is an error, never a silent fallback.
 *
 * The library prints nothing by itself: TF.js's own console warnings are
 * switched off (its PROD flag) and the one message naming the backend goes
 * through the caller's logger.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** mctune's names for the backends, in the order `auto` tries them. */
export const BACKEND_NAMES = ['node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendRequest = BackendName | 'auto';

/** The environment variable that forces a backend when no option does. */
export const BACKEND_ENV = 'MCTUNE_TF_BACKEND';

/** How one backend is brought up; injectable so that tests can simulate a missing package. */
export interface BackendLoader {
  readonly name: BackendName;
  /** The name TF.js registers the backend under. */
  readonly tfName: string;
  /** Imports and registers the backend; rejects when it cannot be loaded. */
  load(): Promise<void>;
}

export interface BackendInfo {
  readonly name: BackendName;
  /** TF.js's own name for it (`tensorflow` for tfjs-node). */
  readonly tfName: string;
  /** Backends tried before this one under `auto`, each with why it was passed over. */
  readonly skipped: readonly { readonly name: BackendName; readonly reason: string }[];
  /** One line for the user: the backend in use and why the better ones were not. */
  readonly message: string;
}

export interface BackendOptions {
  /** Forces a backend. Default: the MCTUNE_TF_BACKEND environment variable, else `auto`. */
  readonly backend?: BackendRequest;
  /** Receives the one-line message naming the backend, once per process. Default: nothing is said. */
  readonly log?: (line: string) => void;
  /** Environment to read MCTUNE_TF_BACKEND from. Default: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function isRequest(s: string): s is BackendRequest {
  return s === 'auto' || (BACKEND_NAMES as readonly string[]).includes(s);
}

/** The requested backend: the option, else the environment variable, else `auto`. */
export function resolveBackendRequest(option: BackendRequest | undefined, env: Readonly<Record<string, string | undefined>> = process.env): BackendRequest {
  if (option !== undefined) {
    if (!isRequest(option)) throw new Error(`backend option is '${String(option)}'; expected one of auto, ${BACKEND_NAMES.join(', ')}`);
    return option;
  }
  const raw = env[BACKEND_ENV]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return 'auto';
  if (!isRequest(raw)) throw new Error(`${BACKEND_ENV}=${env[BACKEND_ENV] ?? ''}: expected one of auto, ${BACKEND_NAMES.join(', ')}`);
  return raw;
}

let wasmPathsSet = false;

/** The folder holding the package's .wasm files, found through Node's resolution rather than a URL. */
export function wasmDistDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')) + '/';
}

/** A variable specifier keeps TypeScript from requiring the optional package at compile time. */
const TFJS_NODE = '@tensorflow/tfjs-node';

export const DEFAULT_LOADERS: readonly BackendLoader[] = [
  {
    name: 'node',
    tfName: 'tensorflow',
    async load() {
      await import(TFJS_NODE);
    },
  },
  {
    name: 'wasm',
    tfName: 'wasm',
    async load() {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // Must precede the backend's first initialisation; afterwards TF.js refuses it.
      if (!wasmPathsSet) wasm.setWasmPaths(wasmDistDir());
      wasmPathsSet = true;
    },
  },
  {
    name: 'cpu',
    tfName: 'cpu',
    async load() {
      // Registered by @tensorflow/tfjs itself.
    },
  },
];

function reasonOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] ?? text;
}

async function tryLoader(loader: BackendLoader): Promise<string | undefined> {
  try {
    await loader.load();
  } catch (e) {
    return reasonOf(e);
  }
  try {
    // Throws when the package loaded but registered nothing here (say, a second copy of TF.js).
    if (!(await tf.setBackend(loader.tfName))) return `TF.js could not initialise backend '${loader.tfName}'`;
  } catch (e) {
    return reasonOf(e);
  }
  return undefined;
}

function describe(name: BackendName, skipped: BackendInfo['skipped']): string {
  const why = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  return `TensorFlow.js backend: ${name}${why === '' ? '' : ` (not used: ${why})`}`;
}

/**
 * Loads and activates a backend (no caching: see initBackend for the once-per-process entry point).
 * `auto` tries node, wasm, cpu in turn; a named backend that fails is an error naming the reason.
 */
export async function selectBackend(request: BackendRequest, loaders: readonly BackendLoader[] = DEFAULT_LOADERS): Promise<BackendInfo> {
  tf.env().set('PROD', true);
  const order = request === 'auto' ? loaders : loaders.filter((l) => l.name === request);
  if (order.length === 0) throw new Error(`no loader for TensorFlow.js backend '${request}'`);
  const skipped: { name: BackendName; reason: string }[] = [];
  for (const loader of order) {
    const reason = await tryLoader(loader);
    if (reason === undefined) return { name: loader.name, tfName: loader.tfName, skipped, message: describe(loader.name, skipped) };
    if (request !== 'auto') throw new Error(`TensorFlow.js backend '${request}' was requested but cannot be used: ${reason}`);
    skipped.push({ name: loader.name, reason });
  }
  throw new Error(`no TensorFlow.js backend could be used: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

let pending: { request: BackendRequest; info: Promise<BackendInfo> } | undefined;
let settled: BackendInfo | undefined;
let announced = false;

/**
 * Chooses and activates the backend once per process; every later or concurrent call
 * gets the same promise. A later call that names a different backend than the first
 * one chose is an error rather than a silent switch under running models.
 * The message naming the backend goes to the first `log` supplied.
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const request = resolveBackendRequest(options.backend, options.env);
  if (pending === undefined) {
    const started = { request, info: selectBackend(request) };
    pending = started;
    // A failed choice is not cached, so that a later call (say with another backend) can try again.
    started.info.catch(() => {
      if (pending === started) pending = undefined;
    });
  }
  const chosen = pending;
  const info = await chosen.info;
  settled = info;
  if (request !== 'auto' && request !== info.name) {
    throw new Error(`TensorFlow.js backend '${request}' was requested but this process already uses '${info.name}' (chosen by ${chosen.request})`);
  }
  if (!announced && options.log !== undefined) {
    announced = true;
    options.log(info.message);
  }
  return info;
}

/** The backend initBackend chose, or undefined before it has finished. */
export function backendInUse(): BackendName | undefined {
  return settled?.name;
}
