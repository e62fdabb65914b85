import { describe, expect, it } from 'vitest';
import { parseHepDataTable } from '../../src/hepdata/index.js';

const TABLE = `independent_variables:
- header: {name: '1-T'}
  values:
  - {low: 0.0, high: 0.01}
  - {low: 0.01, high: 0.02}
  - {low: 0.05, high: 0.1}
dependent_variables:
- header: {name: '1/sigma dsigma/d(1-T)'}
  qualifiers:
  - {name: SQRT(S), units: GeV, value: 91.2}
  values:
  - value: 12.36
    errors:
    - {symerror: 0.4, label: stat}
    - {asymerror: {plus: 0.1, minus: -0.2}, label: sys}
  - value: 23.33
    errors:
    - {symerror: 10%, label: stat}
  - value: '-'
- header: {name: 'second'}
  values:
  - {value: 1}
  - {value: 2}
  - {value: 3, errors: [{symerror: 0.5}]}
`;

describe('parseHepDataTable', () => {
  const [first, second] = parseHepDataTable(TABLE, 'Table1.yaml', { analysis: 'ALEPH_1996_S3486095', table: 1 });

  it('makes one reference Estimate1D per dependent variable, bins from low/high, gaps kept', () => {
    expect(first.path).toBe('/REF/ALEPH_1996_S3486095/d01-x01-y01');
    expect(second.path).toBe('/REF/ALEPH_1996_S3486095/d01-x01-y02');
    expect(first.isRef).toBe(true);
    expect(first.title).toBe('1/sigma dsigma/d(1-T)');
    expect([...first.binning.lows]).toEqual([0, 0.01, 0.05]);
    expect(first.binning.isContiguous()).toBe(false);
    expect([...first.binValues()].slice(0, 2)).toEqual([12.36, 23.33]);
    expect(first.values[3]).toBeNaN();
  });

  it('reads symmetric, percentage and asymmetric errors as labelled sources, absent where a bin lacks one', () => {
    const stat = first.source('stat')!;
    const sys = first.source('sys')!;
    expect([stat.dn[1], stat.up[1]]).toEqual([-0.4, 0.4]);
    expect(stat.up[2]).toBeCloseTo(2.333, 12);
    expect([sys.dn[1], sys.up[1]]).toEqual([-0.2, 0.1]);
    expect(sys.dn[2]).toBeNaN();
    expect(second.source('error')!.up[3]).toBe(0.5);
    expect(first.totalErrors().dn[0]).toBeCloseTo(Math.hypot(0.4, 0.2), 12);
  });
});
