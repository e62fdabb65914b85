/**
 * Built-in runs are cut into fixed chunks with their own random streams and
 * merged in order: the output must not depend on how many workers ran them,
 * and a one-chunk run is exactly `mctune generate` with the run's seed and stream.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisRun, analyseGenerated, loadAnalysis, resultObjects } from '../../src/analyses/index.js';
import { Generator } from '../../src/generator/index.js';
import { workerPool, type BuiltinJob } from '../../src/pool/index.js';
import { CHUNK_EVENTS, chunksOf, runBuiltin, runChunk } from '../../src/pool/builtin-run.js';
import { builtinOnPool, type TaskRunner } from '../../src/pool/executors.js';
import { formatYoda, readYodaFileSync } from '../../src/yoda/index.js';
import { readRunNoise, RUN_NOISE_FILE } from '../../src/campaign/index.js';
import { toEstimate1D } from '../../src/histo/index.js';
import { isBookkeeping } from '../../src/reference/index.js';

const ANALYSES = ['ALEPH_1996_S3486095'];

function job(runDir: string, events: number): BuiltinJob {
  mkdirSync(runDir, { recursive: true });
  return { runDir, runName: '0004', params: { 'StringZ:aLund': 0.55, 'TimeShower:alphaSvalue': 0.13 }, seed: 9, stream: 5, events, analyses: ANALYSES };
}

describe('chunked built-in runs', () => {
  it('cut a run into fixed chunks with distinct streams, whatever the run length', () => {
    const c = chunksOf(job(mkdtempSync(join(tmpdir(), 'mctune-chunks-')), 2 * CHUNK_EVENTS + 7));
    expect(c.map((x) => x.events)).toEqual([CHUNK_EVENTS, CHUNK_EVENTS, 7]);
    expect(new Set(c.map((x) => x.stream)).size).toBe(3);
    expect(c[0].stream).toBe(5);
  });

  it('give the same output bit for bit in this thread and on a pool of two workers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-chunks-'));
    const events = 2 * CHUNK_EVENTS + 1500;
    const inThread = job(join(dir, 'a'), events);
    await runBuiltin(inThread);
    const pool = workerPool(2);
    try {
      const seen: number[] = [];
      const r = await pool.executor.builtin(job(join(dir, 'b'), events), new AbortController().signal, (n) => seen.push(n));
      expect(r.events).toBe(events);
      expect(Math.max(...seen)).toBe(events);
    } finally {
      await pool.destroy();
    }
    expect(readFileSync(join(dir, 'b', 'out.yoda'), 'utf8')).toBe(readFileSync(join(dir, 'a', 'out.yoda'), 'utf8'));
    expect(readFileSync(join(dir, 'b', RUN_NOISE_FILE), 'utf8')).toBe(readFileSync(join(dir, 'a', RUN_NOISE_FILE), 'utf8'));
  }, 60_000);

  it('leave one draw of the run\'s own noise, from the even and the odd chunks, as large as its MC errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-chunks-'));
    const j = job(join(dir, 'r'), 4 * CHUNK_EVENTS);
    await runBuiltin(j);
    const noise = readRunNoise(j.runDir);
    expect(noise?.events).toEqual([2 * CHUNK_EVENTS, 2 * CHUNK_EVENTS]);
    // The event shapes (d01–d18: one entry per event, normalised to the events), whose per-bin MC errors are honest.
    const z: number[] = [];
    for (const o of readYodaFileSync(join(j.runDir, 'out.yoda')).objects) {
      const e = /\/d(0\d|1[0-8])-/.test(o.path) && !isBookkeeping(o.path) ? toEstimate1D(o) : null;
      const draw = e && noise?.objects.get(e.path);
      if (!e || !draw) continue;
      const sigma = e.symmetricErrors();
      draw.forEach((d, i) => sigma[i] > 0 && z.push(Math.abs(d) / sigma[i]));
    }
    z.sort((a, b) => a - b);
    expect(z.length).toBeGreaterThan(150);
    // The median |z| of unit Gaussians is 0.674, known here to about ±0.06 (bins of one histogram move together).
    expect(Math.abs(z[Math.floor(z.length / 2)] - 0.674)).toBeLessThan(0.15);
  }, 60_000);

  it('end with the exact event count even when every worker progress message is lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-chunks-'));
    const events = 2 * CHUNK_EVENTS + 300;
    // A worker whose port messages never arrive before its result: the worst case of the race between the two channels.
    const silentWorker: TaskRunner = async (task) => {
      if (task.kind !== 'chunk') throw new Error('unexpected task');
      task.port.close();
      return runChunk(task.chunk);
    };
    const seen: number[] = [];
    const r = await builtinOnPool(silentWorker, job(join(dir, 'r'), events), new AbortController().signal, (n) => seen.push(n));
    expect(r.events).toBe(events);
    expect(seen.at(-1)).toBe(events);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  }, 60_000);

  it('queue many chunks without a listener-leak warning (each queued task listens for the stop signal)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-chunks-'));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    // Like piscina, each queued task adds an abort listener; the work itself is a token chunk.
    const queueingWorker: TaskRunner = async (task, options) => {
      if (task.kind !== 'chunk') throw new Error('unexpected task');
      options.signal.addEventListener('abort', () => undefined);
      await new Promise((r) => setImmediate(r));
      task.port.close();
      return { ...(await runChunk({ ...task.chunk, events: 1 })), events: task.chunk.events };
    };
    try {
      await builtinOnPool(queueingWorker, job(join(dir, 'r'), 12 * CHUNK_EVENTS), new AbortController().signal, () => undefined);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('of one chunk are exactly the generator run alone with the run seed and stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-chunks-'));
    const j = job(join(dir, 'r'), 800);
    await runBuiltin(j);
    const runs = ANALYSES.map((a) => new AnalysisRun(loadAnalysis(a)));
    await analyseGenerated(new Generator({ settings: { ...j.params }, seed: j.seed, stream: j.stream }), j.events, runs);
    expect(readFileSync(join(dir, 'r', 'out.yoda'), 'utf8')).toBe(formatYoda(resultObjects(runs, false)));
    // One chunk has no halves, so no noise draw.
    expect(existsSync(join(dir, 'r', RUN_NOISE_FILE))).toBe(false);
  });
});
