/** The text primitives: exact widths, gauges against their range, sparklines, wrapping. */
import { describe, expect, it } from 'vitest';
import { chars, duration, fit, gauge, num, progressBar, sparkline, wrap } from '../../src/tui/draw.js';

describe('fit', () => {
  it('pads and cuts to the exact width, marking a cut', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(chars(fit('χ²/Ndf ●━', 12)).length).toBe(12);
  });
});

describe('num and duration', () => {
  it('formats numbers compactly and says -- when unknown', () => {
    expect(num(0.128011117)).toBe('0.128');
    expect(num(39.4434, 3)).toBe('39.4');
    expect(num(NaN)).toBe('--');
    expect(num(1.5e-5, 2)).toBe('1.5e-5');
    expect(duration(42.2)).toBe('43s');
    expect(duration(185)).toBe('3m05s');
    expect(duration(undefined)).toBe('--');
  });
});

describe('progressBar', () => {
  it('fills in proportion, in eighths of a cell, and keeps its width', () => {
    expect(progressBar(0, 10)).toBe('░'.repeat(10));
    expect(progressBar(1, 10)).toBe('█'.repeat(10));
    expect(progressBar(0.5, 10)).toBe('█'.repeat(5) + '░'.repeat(5));
    expect(chars(progressBar(0.33, 7)).length).toBe(7);
  });
});

describe('gauge', () => {
  it('puts the best value, its σ band and the truth where they lie in the range', () => {
    const g = gauge({ low: 0, high: 1, value: 0.5, sigma: 0.1, truth: 0.9 }, 21);
    expect(chars(g).length).toBe(21);
    expect(g.indexOf('●')).toBe(10);
    expect(g.indexOf('┃')).toBe(18);
    expect(g.slice(8, 13)).toBe('━━●━━');
  });

  it('draws only the range before there is a tune', () => {
    expect(gauge({ low: 0, high: 1, value: undefined, sigma: undefined, truth: undefined }, 8)).toBe('─'.repeat(8));
  });
});

describe('sparkline', () => {
  it('scales the values between the least and the greatest', () => {
    expect(sparkline([1, 2, 3], 10)).toBe('▁▅█');
    expect(sparkline([5, 5], 10)).toBe('▄▄');
    expect(sparkline([1, 2, 3, 4], 2)).toBe('▁█');
    expect(sparkline([], 5)).toBe('');
  });
});

describe('wrap', () => {
  it('breaks at spaces, indenting continuation lines', () => {
    const lines = wrap(' mctune reweight train --generate --vary A=1:2 --vary B=3:4 -o dir', 30);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(chars(l).length).toBe(30);
    expect(lines.join(' ').replace(/\s+/g, ' ').trim()).toBe('mctune reweight train --generate --vary A=1:2 --vary B=3:4 -o dir');
  });
});
