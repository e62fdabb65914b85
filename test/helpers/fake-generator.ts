/**
 * Campaigns run by test/pool/fixtures/fake-generator.mjs, an external
 * "generator" that misbehaves per run as asked (exit, hang, garbage, nothing,
 * flaky, kill-parent) and otherwise copies a real output made by the built-in
 * generator.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUTPUT_FILE } from '../../src/pool/index.js';
import { runBuiltin } from '../../src/pool/builtin-run.js';

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
  await runBuiltin({ runDir: goodDir, runName: 'good', params: {}, seed: 1, stream: 1, events: 200, analyses: ['ALEPH_1996_S3486095'] });
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
