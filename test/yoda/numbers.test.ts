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
      const x = buf[0];
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

describe('longMantissa (16–19 significant digits)', () => {
  it('is exact whenever it answers, and answers for nearly all full-precision numbers', async () => {
    const { longMantissa } = await import('../../src/yoda/long-mantissa.js');
    const r = rng(23);
    let answered = 0;
    const N = 200000;
    for (let n = 0; n < N; n++) {
      // the shape mctune's writer produces: d.dddddddddddddddde±XX, 16–19 significant digits, over
      // [1e-4, 1e6): the domain where the last digit's power of ten is an exact double (10^-1 … 10^-22)
      const x = (1 + 9 * r()) * 10 ** (Math.floor(r() * 10) - 4) * (r() < 0.5 ? -1 : 1);
      const text = r() < 0.5 ? x.toExponential(16) : x.toExponential(15 + Math.floor(r() * 4));
      const b = Buffer.from(text, 'latin1');
      const ePos = text.indexOf('e');
      const decimals = ePos - text.indexOf('.') - 1;
      const v = longMantissa(b, 0, b.length, Number(text.slice(ePos + 1)) - decimals);
      if (Number.isNaN(v)) continue;
      answered++;
      expect(Object.is(text.startsWith('-') ? -v : v, Number(text)), text).toBe(true);
    }
    expect(answered / N).toBeGreaterThan(0.99);
  });

  it('defers (NaN) outside its domain rather than approximating', async () => {
    const { longMantissa } = await import('../../src/yoda/long-mantissa.js');
    const tiny = '1.2345678901234567e-09';
    expect(longMantissa(Buffer.from(tiny, 'latin1'), 0, tiny.length, -25)).toBeNaN();
    expect(Object.is(parse(tiny), Number(tiny))).toBe(true);
  });

  it('defers on exact halfway cases and powers of two instead of guessing', async () => {
    const { longMantissa } = await import('../../src/yoda/long-mantissa.js');
    // digits, and the power of ten of the last digit: 2^53 + 1 (halfway between two doubles), 2^60·10^-18,
    // and a halfway case written with an extra trailing zero
    for (const [digits, p10] of [['90071992547409930', -1], ['1152921504606846976', -18], ['45035996273704985', -1]] as const) {
      const v = longMantissa(Buffer.from(digits, 'latin1'), 0, digits.length, p10);
      expect(Number.isNaN(v) || Object.is(v, Number(`${digits}e${p10}`)), digits).toBe(true);
    }
    expect(longMantissa(Buffer.from('90071992547409930', 'latin1'), 0, 17, -1)).toBeNaN();
    // through the scanner every spelling still agrees with Number()
    for (const t of ['9.007199254740993e+15', '1.152921504606846976e+00', '4.503599627370497e+15']) expect(Object.is(parse(t), Number(t)), t).toBe(true);
  });
});
