/**
 * `mctune loop` on a small built-in campaign: iterations on disk, boxes that
 * shrink around the tune inside the ranges, runs reused, and a second call
 * that finds everything done; kill -9 in the run, build and tune steps, each
 * followed by the same command, ends with the uninterrupted loop's result and
 * no finished run done again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readStatus, scanRunDirs } from '../../src/campaign/index.js';
import { HOLD_ENV } from '../../src/loop/index.js';
import { writeBuiltinCampaign } from '../helpers/campaigns.js';
import { cli } from '../helpers/cli.js';

const BIN = fileURLToPath(new URL('../../bin/mctune.js', import.meta.url));
const pseudo = fileURLToPath(new URL('../../reference-data/pseudodata/ALEPH_1996_S3486095.yoda', import.meta.url));
const EXTRA = `weights:\n  - /ALEPH_1996_S3486095/d01-x01-y01 1\n  - /ALEPH_1996_S3486095/d17-x01-y01 1\n  - /ALEPH_1996_S3486095/d19-x01-y01 1\nsurrogate: { kind: polynomial, order: 2 }\ntune: { starts: 4, toys: 20 }\niterations: { count: 3, shrink: 0.5, tolerance: 0.01 }\n`;

function campaign(events: number): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mctune-loop-'));
  const file = writeBuiltinCampaign(dir, { name: 'c', seed: 5, runs: 12, events, extra: EXTRA });
  writeFileSync(file, readFileSync(file, 'utf8').replace('reference: []', `reference: [${JSON.stringify(pseudo)}]`));
  return { dir, file };
}

interface LoopFile {
  iterations: number;
  converged: boolean;
  best: Record<string, number>;
  sigma: Record<string, number>;
}
const loopFile = (dir: string) => parse(readFileSync(join(dir, 'c', 'loop.yaml'), 'utf8')) as LoopFile;
const boxOf = (dir: string, it: number) => JSON.parse(readFileSync(join(dir, 'c', 'iterations', `0${it}`, 'box.json'), 'utf8')) as { low: number[]; high: number[] };

/** Finished runs: when each finished and which file holds its output, to see that none is redone. */
function doneRuns(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of scanRunDirs(join(dir, 'c', 'runs')).runs) {
    const s = readStatus(r.dir);
    if (s?.state === 'done') out.set(r.name, `${s.finishedAt ?? ''} ${statSync(join(r.dir, 'out.yoda')).ino}`);
  }
  return out;
}

let reference: LoopFile;
let referenceDir: string;

beforeAll(async () => {
  const { dir, file } = campaign(600);
  const r = await cli('loop', file, '--dir', join(dir, 'c'), '-j', '2');
  expect(r.code, r.err).toBe(0);
  reference = loopFile(dir);
  referenceDir = dir;
}, 120_000);

describe('mctune loop', () => {
  it('keeps every iteration on disk, shrinking the box around the tune inside the ranges and reusing runs', async () => {
    expect(reference.iterations).toBe(3);
    for (const it of [0, 1, 2]) {
      for (const f of ['box.json', 'runs.json', 'results.yaml', 'predictions.yoda', 'surrogate/model.json']) expect(existsSync(join(referenceDir, 'c', 'iterations', `0${it}`, f)), `${it}/${f}`).toBe(true);
    }
    const [b0, b1, b2] = [0, 1, 2].map((it) => boxOf(referenceDir, it));
    expect(b0).toMatchObject({ low: [0.11, 0.4], high: [0.15, 0.9] });
    const names = ['TimeShower:alphaSvalue', 'StringZ:aLund'];
    for (const { outer, inner, it } of [{ outer: b0, inner: b1, it: 0 }, { outer: b1, inner: b2, it: 1 }]) {
      const last = parse(readFileSync(join(referenceDir, 'c', 'iterations', `0${it}`, 'results.yaml'), 'utf8')) as { best: Record<string, number>; sigma: Record<string, number>; eigentunes: { point: Record<string, number> }[] };
      names.forEach((n, p) => {
        const half = (0.5 * (outer.high[p] - outer.low[p])) / 2;
        const kept = [...last.eigentunes.map((e) => e.point[n]), last.best[n] - 3 * last.sigma[n], last.best[n] + 3 * last.sigma[n]];
        // Half the width around the tune, widened to hold its eigentunes and ± 3σ, inside the ranges.
        expect(inner.low[p]).toBeCloseTo(Math.max(b0.low[p], Math.min(last.best[n] - half, ...kept)), 12);
        expect(inner.high[p]).toBeCloseTo(Math.min(b0.high[p], Math.max(last.best[n] + half, ...kept)), 12);
      });
    }
    const r = await cli('loop', join(referenceDir, 'c.yaml'), '--dir', join(referenceDir, 'c'));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/iteration 0: done earlier[\s\S]*iteration 2: done earlier/);
    expect(r.err).not.toMatch(/runs to do/);
    expect(loopFile(referenceDir)).toEqual(reference);
    // Iteration 1 found the runs of iteration 0 that lie in its box, and sampled only the rest…
    const plan = JSON.parse(readFileSync(join(referenceDir, 'c', 'iterations', '01', 'plan.json'), 'utf8')) as { reused: number; runs: unknown[] };
    expect(plan.reused + plan.runs.length).toBe(12);
    expect(plan.runs.length).toBeLessThan(12);
    // …and its surrogate learned from every run in the box before (by default), here all of both iterations'.
    const used = JSON.parse(readFileSync(join(referenceDir, 'c', 'iterations', '01', 'runs.json'), 'utf8')) as string[];
    expect(used).toHaveLength(12 + plan.runs.length);
  });

  it.each([
    ['run', 'iteration 1: run'],
    ['build', `holding at build:1`],
    ['tune', `holding at tune:1`],
  ])('killed in the %s step, carries on to the same result without redoing a finished run', async (phase, marker) => {
    const { dir, file } = campaign(600);
    const env = { ...process.env, ...(phase === 'run' ? {} : { [HOLD_ENV]: `${phase}:1` }) };
    const p: ChildProcess = spawn(process.execPath, [BIN, 'loop', file, '--dir', join(dir, 'c'), '-j', '2'], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    p.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((res) => p.on('exit', res));
    const t0 = Date.now();
    // In the run step, the kill waits for some of iteration 1's runs to finish.
    const ready = () => stderr.includes(marker) && (phase !== 'run' || /run 001[4-9] done/.test(stderr));
    while (!ready()) {
      if (Date.now() - t0 > 90_000) throw new Error(`never reached the ${phase} step:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    p.kill('SIGKILL');
    await exited;
    expect(existsSync(join(dir, 'c', 'iterations', '01', 'results.yaml'))).toBe(false);
    const before = doneRuns(dir);
    const r = await cli('loop', file, '--dir', join(dir, 'c'), '-j', '2');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/iteration 0: done earlier/);
    const after = doneRuns(dir);
    for (const [name, v] of before) expect(after.get(name), `run ${name} never redone`).toBe(v);
    expect(loopFile(dir)).toEqual(reference);
  }, 120_000);
});
