import { describe, expect, it } from 'vitest';
import { progressReporter, type ProgressInfo } from '../../src/cli/progress.js';

function plainLines(steps: ProgressInfo[]): string[] {
  let err = '';
  const report = progressReporter({ out: () => undefined, err: (t) => void (err += t) }, false);
  for (const p of steps) report(p);
  return err.split('\n').filter(Boolean);
}

describe('progress when stderr is not a terminal', () => {
  it('prints one line per 10 % of the events, however fast they come', () => {
    // Every 500 of 10 000 events, all within a second: the old rule (every 10 s) printed only the last line.
    const steps = Array.from({ length: 20 }, (_, i) => ({ done: 500 * (i + 1), total: 10_000, elapsed: 0.05 * (i + 1) }));
    const lines = plainLines(steps);
    expect(lines.map((l) => /(\d+)%/.exec(l)![1])).toEqual(['10', '20', '30', '40', '50', '60', '70', '80', '90', '100']);
    expect(lines[4]).toMatch(/\[#{15}-{15}\] {2}50% {2}5,000\/10,000 ev {2}/);
    expect(lines.every((l) => !l.includes('\r') && !l.includes('\x1b'))).toBe(true);
  });

  it('uses the share of the input read when the number of events is unknown (analyse)', () => {
    const steps = Array.from({ length: 8 }, (_, i) => ({ done: 1000 * (i + 1), total: undefined, elapsed: 0.1 * (i + 1), fraction: (i + 1) / 8 }));
    const lines = plainLines(steps);
    expect(lines.map((l) => /(\d+)%/.exec(l)![1])).toEqual(['13', '25', '38', '50', '63', '75', '88', '100']);
    expect(lines[0]).toMatch(/1,000 ev {2}/);
  });

  it('without any measure of the whole, prints a line every 10 s', () => {
    const steps = [1, 5, 11, 15, 22].map((t, i) => ({ done: 1000 * (i + 1), total: undefined, elapsed: t }));
    expect(plainLines(steps)).toEqual([expect.stringMatching(/^3,000 ev /), expect.stringMatching(/^5,000 ev /)]);
  });
});
