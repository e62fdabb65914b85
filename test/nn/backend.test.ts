import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BACKEND_ENV, DEFAULT_LOADERS, resolveBackendRequest, selectBackend, wasmDistDir, type BackendLoader, type BackendName } from '../../src/nn/index.js';

function loader(name: BackendName): BackendLoader {
  const l = DEFAULT_LOADERS.find((d) => d.name === name);
  if (l === undefined) throw new Error(`no default loader ${name}`);
  return l;
}

/** A variable, so that TypeScript does not look for the optional package. */
const TFJS_NODE = '@tensorflow/tfjs-node';

/** tfjs-node as it fails on a machine without it: the import does not resolve. */
const nodeAbsent: BackendLoader = {
  name: 'node',
  tfName: 'tensorflow',
  load: () => Promise.reject(new Error("Cannot find package '@tensorflow/tfjs-node' imported from nn/backend.js")),
};
const wasmBroken: BackendLoader = { name: 'wasm', tfName: 'wasm', load: () => Promise.reject(new Error('no WebAssembly here')) };

describe('resolveBackendRequest', () => {
  it('takes the option first, then the environment variable, else auto', () => {
    expect(resolveBackendRequest('cpu', { [BACKEND_ENV]: 'wasm' })).toBe('cpu');
    expect(resolveBackendRequest(undefined, { [BACKEND_ENV]: ' WASM ' })).toBe('wasm');
    expect(resolveBackendRequest(undefined, {})).toBe('auto');
    expect(resolveBackendRequest(undefined, { [BACKEND_ENV]: '' })).toBe('auto');
  });

  it('names the variable and the allowed values for a bad value', () => {
    expect(() => resolveBackendRequest(undefined, { [BACKEND_ENV]: 'gpu' })).toThrow(/MCTUNE_TF_BACKEND=gpu: expected one of auto, node, wasm, cpu/);
  });
});

describe('selectBackend', () => {
  it('falls back to wasm when tfjs-node is absent, and says why', async () => {
    const info = await selectBackend('auto', [nodeAbsent, loader('wasm'), loader('cpu')]);
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.skipped).toEqual([{ name: 'node', reason: expect.stringContaining("Cannot find package '@tensorflow/tfjs-node'") as unknown }]);
    expect(info.message).toMatch(/^TensorFlow\.js backend: wasm \(not used: node: Cannot find package/);
  });

  it('falls back to the JavaScript CPU backend when wasm fails too', async () => {
    const info = await selectBackend('auto', [nodeAbsent, wasmBroken, loader('cpu')]);
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.skipped.map((s) => s.name)).toEqual(['node', 'wasm']);
  });

  it('with the real loaders uses tfjs-node if it is installed, else wasm', async () => {
    const nodeInstalled = await import(TFJS_NODE).then(() => true, () => false);
    const info = await selectBackend('auto');
    expect(info.name).toBe(nodeInstalled ? 'node' : 'wasm');
    if (!nodeInstalled) expect(info.skipped.map((s) => s.name)).toEqual(['node']);
  });

  it('does not fall back from an explicit choice that cannot load', async () => {
    await expect(selectBackend('node', [nodeAbsent, loader('wasm'), loader('cpu')])).rejects.toThrow(/backend 'node' was requested but cannot be used: Cannot find package/);
  });

  it('loads the wasm binaries from the package itself', async () => {
    expect(existsSync(join(wasmDistDir(), 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
    const info = await selectBackend('wasm');
    expect(info).toMatchObject({ name: 'wasm', skipped: [] });
    expect(tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync()[0])).toBe(3);
  });
});
