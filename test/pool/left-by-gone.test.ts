import { describe, expect, it } from 'vitest';
import { leftByGoneProcess } from '../../src/pool/index.js';

describe('leftByGoneProcess', () => {
  it('frees what a gone process or our own pid left, not what a live process holds', () => {
    // 2³¹ − 1 lies above any Linux pid_max: no process has it.
    expect(leftByGoneProcess(2 ** 31 - 1)).toBe(true);
    expect(leftByGoneProcess(process.pid)).toBe(true);
    expect(leftByGoneProcess(process.ppid)).toBe(false);
  });
});
