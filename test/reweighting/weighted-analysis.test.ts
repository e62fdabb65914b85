import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisRun, analyseGenerated, loadAnalysis, resultObjects } from '../../src/analyses/index.js';
import { Generator } from '../../src/generator/index.js';
import { formatYoda } from '../../src/yoda/index.js';
import { FillTable } from '../../src/reweighting/fill-table.js';
import { generateSample } from '../../src/reweighting/generate-samples.js';
import { analyseSample, analysisRuns, incompleteInSamples } from '../../src/reweighting/weighted-analysis.js';
import { readWeightsFile, writeWeightsFile } from '../../src/reweighting/weights-file.js';

const ANALYSIS = 'ALEPH_1996_S3486095';
const dir = mkdtempSync(join(tmpdir(), 'mctune-reweighting-'));
const sample = join(dir, 'sample.arrow');
const EVENTS = 600;

beforeAll(async () => {
  await generateSample({ path: sample, settings: {}, events: EVENTS, seed: 5, stream: 0 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Analyses over the sample with one weight for every event. */
async function withConstantWeight(w: number | undefined): Promise<AnalysisRun[]> {
  const runs = analysisRuns([ANALYSIS]);
  await analyseSample(sample, [{ runs, ...(w === undefined ? {} : { weights: (chunk) => new Float64Array(chunk.n).fill(w) }) }]);
  return runs;
}

describe('analyseSample (the weighted-analysis adaptor)', () => {
  it('with all weights 1 writes the same YODA as without weights', async () => {
    const [plain, ones] = [await withConstantWeight(undefined), await withConstantWeight(1)];
    expect(formatYoda(resultObjects(ones, false))).toBe(formatYoda(resultObjects(plain, false)));
  });

  it('with all weights 2 doubles Σw, quadruples Σw², keeps entries and the normalised histograms', async () => {
    const [plain, twos] = [await withConstantWeight(undefined), await withConstantWeight(2)];
    expect(twos[0].sumW).toBe(2 * plain[0].sumW);
    const [raw1, raw2] = [plain[0].rawHistograms(), twos[0].rawHistograms()];
    raw1.forEach((h, k) => {
      expect([...raw2[k].sumw]).toEqual([...h.sumw].map((v) => 2 * v));
      expect([...raw2[k].sumw2]).toEqual([...h.sumw2].map((v) => 4 * v));
      expect([...raw2[k].numEntries]).toEqual([...h.numEntries]);
    });
    // Normalisation divides the factor out again: every finalised value agrees to rounding.
    const [fin1, fin2] = [plain[0].finalize(), twos[0].finalize()];
    fin1.forEach((h, k) => h.sumw.forEach((v, i) => expect(fin2[k].sumw[i]).toBeCloseTo(v, 12)));
  });

  it("matches the generator's own analysis except where decayed hadrons are counted", async () => {
    const direct = new AnalysisRun(loadAnalysis(ANALYSIS));
    await analyseGenerated(new Generator({ seed: 5, stream: 0 }), EVENTS, [direct]);
    const [fromSample] = await withConstantWeight(undefined);
    const incomplete = new Set(incompleteInSamples([direct.definition]));
    const other = fromSample.finalize();
    const compared = direct.finalize().filter((h) => !incomplete.has(h.path));
    expect(compared.length).toBeGreaterThan(15);
    for (const h of compared) {
      const s = other.find((o) => o.path === h.path);
      // The sample has no beam particles, so x_p uses the nominal 45.6 GeV instead of √(45.6² − m_e²): 1e-12 apart.
      h.sumw.forEach((v, i) => expect(Math.abs((s?.sumw[i] ?? NaN) - v)).toBeLessThanOrEqual(1e-9 * Math.abs(v)));
    }
    // π0 (and every other decaying species) is missing from a final-state sample.
    const pi0 = other.find((o) => o.path === `/${ANALYSIS}/d29-x01-y01`);
    expect(incomplete.has(`/${ANALYSIS}/d29-x01-y01`)).toBe(true);
    expect(pi0?.integral(true)).toBe(0);
  });
});

describe('FillTable', () => {
  it('gives the analyses’ own Σw and Σw² for arbitrary weights, without running them again', async () => {
    const table = await FillTable.build(sample, [loadAnalysis(ANALYSIS)]);
    expect(table.events).toBe(EVENTS);
    const weights = Float64Array.from({ length: EVENTS }, (_, i) => 0.5 + ((i * 7919) % 101) / 100);
    const runs = analysisRuns([ANALYSIS]);
    await analyseSample(sample, [{ runs, weights: (chunk, first) => weights.subarray(first, first + chunk.n) }]);
    const direct = runs[0].finalize();
    table.histograms(weights).forEach((h, k) => {
      h.sumw.forEach((v, i) => expect(v).toBeCloseTo(direct[k].sumw[i], 10));
      h.sumw2.forEach((v, i) => expect(v).toBeCloseTo(direct[k].sumw2[i], 10));
    });
  });
});

describe('weights files', () => {
  it('round-trip exactly as Arrow and CSV, and refuse other names', async () => {
    const w = Float64Array.of(1, 0.1 + 0.2, 1e-300, 12345.678901234567);
    for (const name of ['w.arrow', 'w.csv']) {
      await writeWeightsFile(join(dir, name), w);
      expect(readWeightsFile(join(dir, name))).toEqual(w);
    }
    await expect(writeWeightsFile(join(dir, 'w.txt'), w)).rejects.toThrow(/w\.txt: cannot tell the weights' format.*\.arrow.*\.csv/);
  });
});
