import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { backendInUse, initBackend } from '../../src/nn/index.js';

// Its own file: initBackend's once-per-process state is per module instance, and each test file gets its own.
describe('initBackend', () => {
  it('chooses once, reports once through the logger, and refuses a later different choice', async () => {
    const lines: string[] = [];
    const log = (line: string): void => {
      lines.push(line);
    };
    const env = { MCTUNE_TF_BACKEND: 'cpu' };
    expect(backendInUse()).toBeUndefined();
    const [a, b] = await Promise.all([initBackend({ env, log }), initBackend({ env, log })]);
    expect(a).toBe(b);
    expect(a.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(backendInUse()).toBe('cpu');
    expect(await initBackend({ log })).toBe(a);
    expect(lines).toEqual(['TensorFlow.js backend: cpu']);
    await expect(initBackend({ backend: 'wasm' })).rejects.toThrow(/'wasm' was requested but this process already uses 'cpu'/);
    expect(tf.getBackend()).toBe('cpu');
  });
});
