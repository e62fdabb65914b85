import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRecord } from '../../src/event/index.js';
import { EventStoreWriter } from '../../src/events-store/index.js';
import { Generator } from '../../src/generator/index.js';
import { generateSample, readWeightsFile } from '../../src/reweighting/index.js';
import { readYodaFileSync } from '../../src/yoda/index.js';
import { cli } from '../helpers/cli.js';

const ALPHA = 'TimeShower:alphaSvalue';
const dir = mkdtempSync(join(tmpdir(), 'mctune-reweight-cli-'));
const model = join(dir, 'model');
const baseline = join(model, 'samples', 'baseline.arrow');
/** Held out: generated apart from the training samples (another seed), inside the trained range [0.12, 0.16]. */
const heldOut = join(dir, 'held-out.arrow');
const TARGET_ALPHA = 0.155;
const EVENTS = 6000;
let trainErr = '';

beforeAll(async () => {
  const r = await cli('reweight', 'train', '--generate', '--vary', `${ALPHA}=0.12:0.16`, '--points', '4', '--events', String(EVENTS), '--epochs', '15', '--seed', '3', '-o', model);
  trainErr = r.err;
  expect(r.code, r.err).toBe(0);
  await generateSample({ path: heldOut, settings: { [ALPHA]: TARGET_ALPHA }, events: EVENTS, seed: 99, stream: 0 });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mctune reweight train → apply → check → fit', () => {
  it('train --generate writes the samples and a reweighter, reporting passes and the backend', () => {
    expect(readdirSync(join(model, 'samples')).sort()).toEqual(['baseline.arrow', 'target-0.arrow', 'target-1.arrow', 'target-2.arrow', 'target-3.arrow']);
    for (const f of ['model.json', 'weights.bin', 'samples.json']) expect(existsSync(join(model, f))).toBe(true);
    expect(trainErr).toMatch(/pass 1\/15: loss [\d.]+, validation [\d.]+/);
    expect(trainErr).toMatch(/backend \w+/);
    expect(trainErr).toContain(`θ₀: ${ALPHA}=0.1365; trained range: ${ALPHA} ∈ [0.12, 0.16]`);
  });

  it('apply writes one weight per event, the summary and reweighted YODA', async () => {
    const [weights, yoda] = [join(dir, 'w.arrow'), join(dir, 'rw.yoda')];
    const r = await cli('reweight', 'apply', model, '--sample', baseline, '--set', `${ALPHA}=${TARGET_ALPHA}`, '-o', weights, '--yoda', yoda);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/ESS [\d.]+ of 6000/);
    expect(r.out).toMatch(/max w [\d.]+, max 1\/w [\d.]+/);
    expect(r.err).toMatch(/histograms count hadrons that decay/);
    const w = readWeightsFile(weights);
    expect(w.length).toBe(EVENTS);
    // w ≈ p_θ/p_θ₀ has mean 1 over the baseline; 6000 events with a spread of ~0.3 give σ(mean) ≈ 0.004.
    const mean = w.reduce((s, x) => s + x, 0) / w.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.05);
    expect(readYodaFileSync(yoda).get('/ALEPH_1996_S3486095/d01-x01-y01')?.kind).toBe('Histo1D');
  });

  it('check: reweighting lowers the χ² to the held-out sample; AUC and ESS reported', async () => {
    const r = await cli('reweight', 'check', model, '--sample', baseline, '--target', heldOut, '--json');
    expect(r.code, r.err).toBe(0);
    const c = JSON.parse(r.out) as { theta: Record<string, number>; total: { before: { chi2: number; ndf: number }; after: { chi2: number; ndf: number } }; auc: { before: number; after: number }; weights: { ess: number } };
    expect(c.theta[ALPHA]).toBe(TARGET_ALPHA);
    const [before, after] = [c.total.before.chi2 / c.total.before.ndf, c.total.after.chi2 / c.total.after.ndf];
    // ~450 bins: χ²/ndf of identical distributions is 1 ± 0.07, so a drop by a third is far outside the noise.
    expect(before).toBeGreaterThan(1.5);
    expect(after).toBeLessThan(before * 0.75);
    for (const auc of [c.auc.before, c.auc.after]) expect(auc).toBeGreaterThan(0.4);
    expect(c.weights.ess).toBeGreaterThan(0.5 * EVENTS);
    const table = await cli('reweight', 'check', model, '--sample', baseline, '--target', heldOut);
    expect(table.out).toMatch(/χ²\/NDF BEFORE/);
    expect(table.out).toMatch(/fresh-classifier AUC .*before 0\.\d+, after 0\.\d+/);
  });

  it('fit to the held-out sample moves θ̂ from θ₀ towards the target, with an error and a scan', async () => {
    const r = await cli('reweight', 'fit', model, '--sample', baseline, '--target', heldOut, '--json');
    expect(r.code, r.err).toBe(0);
    const f = JSON.parse(r.out) as { parameters: { value: number; error: number; truth: number }[]; scans: { theta: number[]; value: number[] }[] };
    const p = f.parameters[0];
    expect(p.truth).toBe(TARGET_ALPHA);
    expect(p.error).toBeGreaterThan(0);
    // The minimum lies well above θ₀ = 0.1365; a small, quickly trained model may be biased by more than σ, so no pull test here.
    expect(p.value).toBeGreaterThan(0.145);
    expect(f.scans[0].theta).toHaveLength(11);
  });

  it('fit to a reference YODA by the χ² of the analyses', async () => {
    const ref = join(dir, 'ref.yoda');
    expect((await cli('generate', '--events', '2000', '--seed', '8', '--set', `${ALPHA}=${TARGET_ALPHA}`, '--as-reference', '-o', ref)).code).toBe(0);
    const r = await cli('reweight', 'fit', model, '--sample', baseline, '--reference', ref);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/θ̂ by the χ² against .*ref\.yoda over \d+ histograms, \d+ bins \(\d+ histograms of decaying hadrons left out/);
    expect(r.out).toMatch(new RegExp(`${ALPHA}\\s+0\\.1[2-6]\\d* ±`));
  });
});

describe('mctune reweight: bad input', () => {
  it('a missing sample file is named', async () => {
    const r = await cli('reweight', 'apply', model, '--sample', join(dir, 'nope.arrow'), '--set', `${ALPHA}=0.15`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nope\.arrow: cannot read: no such file/);
  });

  it('a target whose header lacks the varied setting is refused, naming the file; nothing is written', async () => {
    const bare = join(dir, 'bare.arrow');
    const writer = await EventStoreWriter.open(bare, { generator: 'another generator', seed: null, stream: null, settings: {}, source: 'test' });
    const [gen, record] = [new Generator({ seed: 1 }), new EventRecord()];
    for (let i = 0; i < 20; i++) {
      gen.next(record);
      await writer.addEvent(record);
    }
    await writer.close();
    const out = join(dir, 'never');
    const r = await cli('reweight', 'train', '--baseline', baseline, '--target', bare, '--vary', ALPHA, '-o', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`bare\\.arrow: the sample's header has no setting '${ALPHA}'`));
    expect(existsSync(out)).toBe(false);
  });

  it('θ outside the trained range is refused with the range; no weights written', async () => {
    const out = join(dir, 'outside.csv');
    const r = await cli('reweight', 'apply', model, '--sample', baseline, '--set', `${ALPHA}=0.2`, '-o', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/TimeShower:alphaSvalue = 0\.2 is outside the trained range \[0\.12, 0\.16\]; the reweighter does not extrapolate/);
    expect(existsSync(out)).toBe(false);
  });

  it('a folder that is not a reweighter is named; training will not overwrite one', async () => {
    const empty = join(dir, 'not-a-model');
    mkdirSync(empty);
    const r = await cli('reweight', 'check', empty, '--sample', baseline, '--target', heldOut);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not-a-model\/model\.json: missing; .*not-a-model is not a saved reweighter/);
    writeFileSync(join(empty, 'notes.txt'), 'precious\n');
    const t = await cli('reweight', 'train', '--baseline', baseline, '--target', heldOut, '--vary', ALPHA, '-o', empty);
    expect(t.code).toBe(1);
    expect(t.err).toMatch(/not-a-model: a folder that is not a reweighter \(no model\.json\)/);
    expect(readdirSync(empty)).toEqual(['notes.txt']);
  });

  it('misuse: an unknown parameter in --set, a range without --generate, both --target and --reference', async () => {
    const unknown = await cli('reweight', 'apply', model, '--sample', baseline, '--set', 'StringZ:aLund=0.7');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/the reweighter's parameters \(TimeShower:alphaSvalue\)/);
    const ranged = await cli('reweight', 'train', '--baseline', baseline, '--target', heldOut, '--vary', `${ALPHA}=0.1:0.2`, '-o', join(dir, 'x'));
    expect(ranged.code).toBe(2);
    const both = await cli('reweight', 'fit', model, '--sample', baseline, '--target', heldOut, '--reference', 'x.yoda');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/exactly one of --target FILE .* and --reference FILE/);
  });
});
