/**
 * Campaign files for tests, and a process check. Fake campaigns are run by
 * test/pool/fixtures/fake-generator.mjs, an external
 * "generator" that misbehaves per run as asked (exit, hang, garbage, nothing,
 * flaky, kill-parent) and otherwise copies a real output made by the built-in
 * generator.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inProcess, OUTPUT_FILE } from '../../src/pool/index.js';

export const FAKE_GENERATOR = fileURLToPath(new URL('../pool/fixtures/fake-generator.mjs', import.meta.url));

export interface FakeCampaign {
  /** Run name → behaviour; runs not named behave well. */
  readonly behaviour: Readonly<Record<string, string>>;
  readonly runs: number;
  readonly retries: number;
  /** Seconds. */
  readonly timeout: number;
}

/** Writes `<dir>/c.yaml` and the good output its runs copy; returns the campaign file. */
export async function writeFakeCampaign(dir: string, c: FakeCampaign): Promise<string> {
  const goodDir = join(dir, 'good');
  mkdirSync(goodDir, { recursive: true });
  const job = { runDir: goodDir, runName: 'good', params: {}, seed: 1, stream: 1, events: 200, analyses: ['ALEPH_1996_S3486095'] };
  await inProcess.builtin(job, new AbortController().signal, () => undefined);
  const file = join(dir, 'c.yaml');
  writeFileSync(
    file,
    `name: fake
parameters:
  StringZ:aLund: { range: [0.3, 1.0] }
generator:
  kind: command
  command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(FAKE_GENERATOR)}, '{rundir}', '{out}', '{seed}', '{params}']
  output: yoda
  timeout: ${c.timeout}
  env:
    FAKE_BEHAVIOUR: '${JSON.stringify(c.behaviour)}'
    FAKE_GOOD_YODA: ${JSON.stringify(join(goodDir, OUTPUT_FILE))}
analyses: [ALEPH_1996_S3486095]
reference: []
runs: ${c.runs}
retries: ${c.retries}
`,
  );
  return file;
}

export interface BuiltinCampaign {
  readonly name: string;
  readonly runs: number;
  readonly events: number;
  readonly seed?: number;
  /** More YAML keys, e.g. a generator section. */
  readonly extra?: string;
}

/** Writes `<dir>/c.yaml`: two settings of the built-in generator, the ALEPH analysis; returns the file. */
export function writeBuiltinCampaign(dir: string, c: BuiltinCampaign): string {
  const file = join(dir, 'c.yaml');
  writeFileSync(
    file,
    `name: ${c.name}
seed: ${c.seed ?? 1}
parameters:
  TimeShower:alphaSvalue: { range: [0.11, 0.15] }
  StringZ:aLund: { range: [0.4, 0.9] }
analyses: [ALEPH_1996_S3486095]
reference: []
runs: ${c.runs}
events: ${c.events}
${c.extra ?? ''}`,
  );
  return file;
}

/** Running or sleeping; a zombie (dead, not yet reaped by an init that may reap late) counts as dead. */
export function processAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
