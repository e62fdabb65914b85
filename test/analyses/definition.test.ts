import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnalysis } from '../../src/analyses/definition.js';
import { ANALYSES_DIR, REFERENCE_DIR, UnknownAnalysisError, listAnalyses, loadAnalysis } from '../../src/analyses/registry.js';
import { readYodaFileSync } from '../../src/yoda/index.js';
import { scatterToEstimate } from '../../src/histo/index.js';
import { FileError } from '../../src/diagnostics/index.js';
import { expectLocated } from '../helpers/located.js';

const GOOD = `name: TEST_ANA
beam-energy: 45.6
observables:
  - id: d01-x01-y01
    observable: sphericity
    normalise: 1
    edges: [0, 0.1, 0.2]
  - id: d02-x01-y01
    observable: hadron-xp
    pid: [321, -211]
    per-event: 1
    bins: [[0, 0.1], [0.2, 0.3]]
`;

function parseError(text: string): FileError {
  try {
    parseAnalysis(text, 'ana.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(FileError);
    return e as FileError;
  }
  throw new Error('expected an error');
}

describe('parseAnalysis', () => {
  it('reads observables, binnings (contiguous and gapped), normalisation and particle ids', () => {
    const a = parseAnalysis(GOOD, 'ana.yaml');
    expect(a.name).toBe('TEST_ANA');
    expect(a.observables.map((o) => o.id)).toEqual(['d01-x01-y01', 'd02-x01-y01']);
    expect(Array.from(a.observables[0].binning.edges())).toEqual([0, 0.1, 0.2]);
    expect(a.observables[0].finalise).toEqual({ kind: 'normalise', area: 1 });
    expect(a.observables[1].binning.isContiguous()).toBe(false);
    expect(a.observables[1].pids).toEqual([321, 211]);
    expect(a.observables[1].finalise).toEqual({ kind: 'per-event', factor: 1 });
  });

  it.each([
    ['unknown top-level key', GOOD.replace('beam-energy', 'beam-energi'), 2, /^ana\.yaml:2: beam-energi: unknown key; expected one of name, reference, beam-energy, min-charged, observables$/],
    ['unknown observable', GOOD.replace('observable: sphericity', 'observable: spherocity'), 5, /observables\[0\]\.observable: unknown value "spherocity"; expected one of sphericity, aplanarity, .*hadron-ln-inverse-xp$/],
    ['unknown observable key', GOOD.replace('    normalise: 1\n', '    normalize: 1\n'), 6, /observables\[0\]\.normalize: unknown key; expected one of id, observable, title, normalise, per-event, edges, bins, pid, max-rapidity, min-xp$/],
    ['bad id', GOOD.replace('id: d01-x01-y01', 'id: h1'), 4, /observables\[0\]\.id: expected an id like d01-x01-y01, got "h1"/],
    ['unsorted edges', GOOD.replace('[0, 0.1, 0.2]', '[0, 0.2, 0.1]'), 7, /edge|order|increas/i],
    ['edges and bins both missing', GOOD.replace('    edges: [0, 0.1, 0.2]\n', ''), 4, /exactly one of 'edges'/],
    ['hadron observable without pid', GOOD.replace('    pid: [321, -211]\n', ''), 8, /needs 'pid'/],
    ['negative normalisation', GOOD.replace('normalise: 1', 'normalise: -1'), 6, /positive/],
    ['duplicate id', GOOD.replace('id: d02-x01-y01', 'id: d01-x01-y01'), 8, /duplicate observable id/],
    ['a bin that is not a pair', GOOD.replace('[[0, 0.1], [0.2, 0.3]]', '[[0, 0.1], [0.2]]'), 12, /observables\[1\]\.bins\[1\]: expected a \[low, high\] pair, got \[0\.2\]/],
    ['pid not a list of integers', GOOD.replace('[321, -211]', '[321, kaon]'), 10, /observables\[1\]\.pid\[1\]: expected a PDG id, got "kaon"/],
    ['a list instead of a mapping', '- a\n', 1, /^ana\.yaml:1: expected a mapping, got a list$/],
    ['not YAML (unclosed list, reported where the file ends)', 'name: [unclosed\n', 2, /invalid YAML/],
  ])('%s → file:line error', (_what, text, line, msg) => {
    expectLocated(parseError(text), 'ana.yaml', line, msg);
  });
});

describe('shipped analyses', () => {
  it('lists ALEPH_1996_S3486095 and loads it without any reference file', () => {
    expect(listAnalyses()).toContain('ALEPH_1996_S3486095');
    const a = loadAnalysis('ALEPH_1996_S3486095');
    expect(a.observables.length).toBeGreaterThanOrEqual(15);
    for (const needed of ['sphericity', 'aplanarity', 'one-minus-thrust', 'thrust-minor', 'oblateness', 'c-parameter', 'heavy-jet-mass', 'durham-minus-ln-y23', 'xp', 'ln-inverse-xp', 'rapidity-thrust', 'pt-in-sphericity', 'pt-out-sphericity', 'charged-multiplicity', 'mean-charged-multiplicity']) {
      expect(a.observables.some((o) => o.observable === needed), needed).toBe(true);
    }
  });

  it('an unknown analysis name lists the available ones', () => {
    expect(() => loadAnalysis('NOPE_2000_I1')).toThrow(UnknownAnalysisError);
    expect(() => loadAnalysis('NOPE_2000_I1')).toThrow(/available: .*ALEPH_1996_S3486095/);
  });

  it('the stored bin edges agree with the reference file they were booked from', () => {
    for (const name of listAnalyses()) {
      const a = loadAnalysis(name);
      if (!a.reference) continue;
      const file = join(REFERENCE_DIR, a.reference);
      expect(existsSync(file), file).toBe(true);
      const doc = readYodaFileSync(file);
      for (const o of a.observables) {
        const ref = doc.get(`/REF/${a.name}/${o.id}`);
        expect(ref, o.id).toBeDefined();
        const est = ref!.kind === 'Scatter2D' ? scatterToEstimate(ref!).estimate : ref!.kind === 'Estimate1D' ? ref! : undefined;
        expect(est, o.id).toBeDefined();
        expect(o.binning.firstDifference(est!.binning, 1e-9), `${name} ${o.id}`).toBeNull();
      }
    }
  });

  it('lives in the package', () => {
    expect(existsSync(join(ANALYSES_DIR, 'ALEPH_1996_S3486095.yaml'))).toBe(true);
  });
});
