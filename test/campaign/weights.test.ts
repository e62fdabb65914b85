import { describe, expect, it } from 'vitest';
import { parseWeightLine, weightMatches, WeightLineError } from '../../src/campaign/weights.js';

describe('parseWeightLine', () => {
  it.each([
    ['/A/d01-x01-y01 2.5', { path: '/A/d01-x01-y01', weight: 2.5 }],
    ['/A/d01-x01-y01', { path: '/A/d01-x01-y01', weight: 1 }],
    ['  /A/d01-x01-y01#3   0   # not fitted for now', { path: '/A/d01-x01-y01', weight: 0, bins: { from: 3, to: 4 } }],
    ['/A/d01-x01-y01#2: 1', { path: '/A/d01-x01-y01', weight: 1, bins: { from: 2, to: Infinity } }],
    ['/A/d01-x01-y01#:4 1', { path: '/A/d01-x01-y01', weight: 1, bins: { from: 0, to: 4 } }],
    ['/A/d01-x01-y01@0.3 1', { path: '/A/d01-x01-y01', weight: 1, x: { low: 0.3, high: 0.3 } }],
    ['/A/d01-x01-y01@:0.5 1', { path: '/A/d01-x01-y01', weight: 1, x: { low: -Infinity, high: 0.5 } }],
  ])('%s', (line, spec) => {
    expect(parseWeightLine(line)).toEqual(spec);
  });

  it('blank and comment lines give nothing', () => {
    expect(parseWeightLine('')).toBeUndefined();
    expect(parseWeightLine('   ')).toBeUndefined();
    expect(parseWeightLine('# /A/d01-x01-y01 1')).toBeUndefined();
  });

  it.each([
    ['/A/d01-x01-y01 1 2', /got 3 fields/],
    ['/A/d01-x01-y01 -1', /expected a number ≥ 0, got "-1"/],
    ['/A/d01-x01-y01 0x10', /expected a number ≥ 0, got "0x10"/],
    ['/A/d01-x01-y01#1.5 1', /expected a bin index range/],
    ['/A/d01-x01-y01#3:3 1', /bin range #3:3 is empty/],
    ['/A/d01-x01-y01@0.5:0.1 1', /x range @0\.5:0\.1: 0\.5 is above 0\.1/],
    ['/A/d01-x01-y01#1:2:3 1', /expected a bin index range/],
    ['/A/d01-x01-y01[ 1', /not a valid path pattern/],
  ])('%s is refused', (line, msg) => {
    expect(() => parseWeightLine(line)).toThrow(WeightLineError);
    expect(() => parseWeightLine(line)).toThrow(msg);
  });
});

describe('weightMatches', () => {
  it('matches paths from their start, as a pattern, as Professor does', () => {
    const spec = (path: string) => ({ path, weight: 1 });
    expect(weightMatches(spec('/A/d01-x01-y01'), '/A/d01-x01-y01')).toBe(true);
    expect(weightMatches(spec('/A/d0[12]-x01-y01'), '/A/d02-x01-y01')).toBe(true);
    expect(weightMatches(spec('/A/'), '/A/d02-x01-y01')).toBe(true);
    expect(weightMatches(spec('d01-x01-y01'), '/A/d01-x01-y01')).toBe(false);
    expect(weightMatches(spec('/B/d01'), '/A/d01-x01-y01')).toBe(false);
  });
});
