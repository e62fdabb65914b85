/** The text plot: sizes, where the series land, the ratio panel and the log scale. */
import { describe, expect, it } from 'vitest';
import { chars } from '../../src/tui/draw.js';
import { plotRows, plotText } from '../../src/tui/plot.js';

const bins = (n: number) => ({ lows: Float64Array.from({ length: n }, (_, i) => i), highs: Float64Array.from({ length: n }, (_, i) => i + 1) });

describe('plotText', () => {
  it('has the rows and width asked for, with the x range on the last row', () => {
    const rows = plotText({ ...bins(4), line: { values: [1, 2, 3, 4] }, points: { values: [1, 2, 3, 4], errors: [0.1, 0.1, 0.1, 0.1] }, xLabel: 'x' }, { width: 40, height: 8, ratioHeight: 3 });
    expect(rows).toHaveLength(8 + 3 + 1);
    for (const r of rows) expect(chars(r).length).toBe(40);
    expect(rows[rows.length - 1]).toMatch(/^ {7}0\s+x\s+4\s*$/);
  });

  it('draws a rising series from the bottom left to the top right', () => {
    const rows = plotText({ ...bins(3), line: { values: [1, 2, 3] }, points: undefined }, { width: 37, height: 5, ratioHeight: 0 });
    const col = (r: string) => r.slice(7).search(/[─▔▁]/);
    expect(col(rows[4])).toBe(0);
    expect(col(rows[0])).toBe(20);
    expect(col(rows[2])).toBe(10);
  });

  it('puts points equal to the line on the ratio panel\'s line at 1', () => {
    const rows = plotText({ ...bins(5), line: { values: [1, 2, 3, 2, 1] }, points: { values: [1, 2, 3, 2, 1] } }, { width: 37, height: 6, ratioHeight: 3 });
    const one = rows.slice(6, 9).find((r) => r.includes('┈'));
    expect(one).toBeDefined();
    expect(one!.match(/●/g)).toHaveLength(5);
  });

  it('switches to a log scale when the values span more than two decades', () => {
    const rows = plotText({ ...bins(4), line: { values: [1000, 100, 10, 1] }, points: undefined }, { width: 37, height: 7, ratioHeight: 0 });
    // Equal steps in log: the four bins fall on evenly spaced rows.
    const rowOf = (b: number) => rows.findIndex((r) => /[─▔▁]/.test(r[7 + Math.floor(((b + 0.5) * 30) / 4)]));
    const steps = [0, 1, 2].map((b) => rowOf(b + 1) - rowOf(b));
    expect(Math.max(...steps) - Math.min(...steps)).toBeLessThanOrEqual(1);
  });

  it('styles the series apart from the axes', () => {
    const rows = plotRows({ ...bins(2), line: { values: [1, 1] }, points: { values: [1, 1] } }, { width: 30, height: 4, ratioHeight: 0 });
    const styles = new Set(rows.flat().map((r) => r.style));
    expect(styles).toEqual(new Set(['axis', 'line', 'points', 'plain']));
  });
});
