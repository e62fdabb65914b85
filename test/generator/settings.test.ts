import { describe, expect, it } from 'vitest';
import { SETTINGS, SettingError, defaultSettings, parseSettingAssignment, resolveSettings } from '../../src/generator/index.js';

describe('resolveSettings', () => {
  it('defaults are the Monash values', () => {
    const d = defaultSettings();
    expect(d['TimeShower:alphaSvalue']).toBe(0.1365);
    expect(d['StringZ:aLund']).toBe(0.68);
    expect(d['StringZ:bLund']).toBe(0.98);
    expect(d['StringPT:sigma']).toBe(0.335);
    expect(d['StringFlav:probStoUD']).toBe(0.217);
    expect(d['TimeShower:pTmin']).toBe(0.5);
  });

  it('every default lies inside its range', () => {
    for (const s of SETTINGS) {
      expect(s.default).toBeGreaterThanOrEqual(s.min);
      expect(s.default).toBeLessThanOrEqual(s.max);
    }
  });

  it('rejects an unknown name, suggesting the right spelling', () => {
    expect(() => resolveSettings({ 'StringZ:alund': 0.5 })).toThrow(SettingError);
    expect(() => resolveSettings({ 'StringZ:alund': 0.5 })).toThrow(/unknown setting 'StringZ:alund'.*did you mean 'StringZ:aLund'/);
  });

  it('rejects values out of range, naming the range', () => {
    expect(() => resolveSettings({ 'StringZ:aLund': 2.5 })).toThrow(/StringZ:aLund = 2.5 is outside its allowed range \[0, 2\]/);
    expect(() => resolveSettings({ 'TimeShower:alphaSvalue': 0.01 })).toThrow(/\[0.06, 0.25\]/);
    expect(() => resolveSettings({ 'StringPT:sigma': NaN })).toThrow(/finite/);
  });
});

describe('parseSettingAssignment', () => {
  it('parses Name=value', () => {
    expect(parseSettingAssignment('StringZ:aLund=0.7')).toEqual(['StringZ:aLund', 0.7]);
  });
  it.each([
    ['StringZ:aLund', /expected Name=value/],
    ['StringZ:aLund=', /is not a number/],
    ['StringZ:aLund=abc', /'abc' is not a number/],
    ['Foo:bar=1', /unknown setting 'Foo:bar'/],
    ['StringZ:aLund=3', /outside its allowed range/],
  ])('%s is refused', (text, msg) => {
    expect(() => parseSettingAssignment(text)).toThrow(msg);
  });
});
