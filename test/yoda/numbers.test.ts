import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/yoda/index.js';
import { scanNumber, scan } from '../../src/yoda/numbers.js';
import { rng } from '../helpers/random.js';

const enc = { encode: (t: string) => Buffer.from(t, 'latin1') };

function parse(text: string): number {
  const b = enc.encode(text);
  const v = scanNumber(b, 0, b.length);
  if (!scan.ok) throw new Error(`not a number: ${text}`);
  return v;
}

describe('scanNumber', () => {
  it('agrees bit for bit with Number() on random decimal strings of every shape', () => {
    const r = rng(11);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(10 * r())).join('');
    for (let i = 0; i < 50000; i++) {
      const int = digits(1 + Math.floor(r() * 10));
      const frac = r() < 0.8 ? '.' + digits(Math.floor(r() * 12)) : '';
      const exp = r() < 0.7 ? `e${r() < 0.5 ? '-' : '+'}${Math.floor(r() * 40)}` : '';
      const sign = r() < 0.3 ? '-' : r() < 0.1 ? '+' : '';
      const t = sign + int + frac + exp;
      expect(Object.is(parse(t), Number(t)), t).toBe(true);
    }
  });

  it('handles the edge cases of doubles and YODA spellings', () => {
    for (const t of ['4.73695254912828093e-09', '1.7976931348623157e+308', '5e-324', '2.2250738585072014e-308', '0.1', '-0.000000e+00', '1e23', '9007199254740993']) {
      expect(Object.is(parse(t), Number(t)), t).toBe(true);
    }
    expect(parse('nan')).toBeNaN();
    expect(parse('-inf')).toBe(-Infinity);
    expect(parse('inf')).toBe(Infinity);
    for (const bad of ['0x10', '1e', 'abc', '1.2.3', '--1', '1,5']) {
      const b = enc.encode(bad);
      scanNumber(b, 0, b.length);
      expect(scan.ok && scan.end === b.length, bad).toBe(false);
    }
  });
});

describe('formatNumber', () => {
  it('round-trips every double exactly and keeps YODA’s 6-decimal shape', () => {
    const r = rng(5);
    const buf = new Float64Array(1);
    const bits = new Uint32Array(buf.buffer);
    for (let i = 0; i < 20000; i++) {
      bits[0] = (r() * 2 ** 32) >>> 0;
      bits[1] = (r() * 2 ** 32) >>> 0;
      const x = buf[0]!;
      const back = parse(formatNumber(x));
      expect(Object.is(back, x) || (Number.isNaN(x) && Number.isNaN(back)), String(x)).toBe(true);
    }
    expect(formatNumber(0.0025)).toBe('2.500000e-03');
    expect(formatNumber(12.36)).toBe('1.236000e+01');
    expect(formatNumber(-0)).toBe('-0.000000e+00');
    expect(formatNumber(0.1 + 0.2)).toBe('3.0000000000000004e-01');
    expect(formatNumber(1e300)).toBe('1.000000e+300');
  });
});
