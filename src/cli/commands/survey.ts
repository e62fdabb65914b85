import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readYodaFile } from '../../yoda/index.js';
import { AnalysisRun, analyseGenerated, loadAnalysis } from '../../analyses/index.js';
import { Generator } from '../../generator/index.js';
import { matchReference, type ReferencePair } from '../../reference/index.js';
import { histogramChi2 } from '../../chi2/index.js';
import type { CliIO, Command } from '../command.js';
import { formatNumber, requiredNumericOption } from '../numbers.js';

/** The reference data shipped in the package, found relative to this module (src/ or dist/). */
export const referenceDataDir = fileURLToPath(new URL('../../../reference-data/', import.meta.url));

export const survey: Command = {
  name: 'survey',
  summary: 'Survey the shipped reference data that tunes are fitted to, and the generator at its defaults against the pseudo-data.',
  args: '',
  options: [
    { name: 'dir', type: 'string', value: 'DIR', description: 'reference-data folder to survey', default: referenceDataDir },
    { name: 'events', type: 'string', value: 'N', description: 'events of the built-in generator to compare with the pseudo-data (0: no comparison)', default: '5000' },
  ],
  async run(a, io) {
    const events = requiredNumericOption(a, 'events', 'integer ≥ 0');
    const dir = String(a.values.dir);
    const files = (await readdir(dir)).filter((f) => /\.yoda(\.gz)?$/.test(f)).sort();
    if (files.length === 0) throw new Error(`${dir}: no .yoda files`);
    io.out(`mctune: reference data in ${dir}\n\n`);
    for (const f of files) {
      const doc = await readYodaFile(join(dir, f));
      const bins = doc.objects.reduce((s, o) => s + o.numBins, 0);
      io.out(`${f}: ${doc.size} objects, ${bins} bins\n`);
      for (const o of doc.objects) {
        const range = o.kind === 'Scatter2D' && o.numPoints > 0 ? ` x ∈ [${formatNumber(o.x[0] - o.xErrDn[0])}, ${formatNumber(o.x[o.numPoints - 1] + o.xErrUp[o.numPoints - 1])}]` : '';
        io.out(`  ${o.path.padEnd(40)} ${o.kind.padEnd(10)} ${String(o.numBins).padStart(4)} bins${range}  ${o.title}\n`);
      }
    }
    const first = join(dir, files[0]);
    const path = (await readYodaFile(first)).objects[0]?.path ?? '<PATH>';
    io.out(`\nInspect one with: npx mctune yoda cat ${first} ${path}\n`);
    const pseudo = join(dir, 'pseudodata', 'ALEPH_1996_S3486095.yoda');
    if (events > 0) await compareWithPseudoData(pseudo, events, io);
    return 0;
  },
};

/**
 * A first look at the tuning problem: the built-in generator at its
 * defaults against pseudo-data made at a different ("truth") point.
 */
async function compareWithPseudoData(file: string, events: number, io: CliIO): Promise<void> {
  const ref = await readYodaFile(file);
  const run = new AnalysisRun(loadAnalysis('ALEPH_1996_S3486095'));
  const t0 = performance.now();
  await analyseGenerated(new Generator({ seed: 1 }), events, [run]);
  const seconds = (performance.now() - t0) / 1000;
  const { pairs } = matchReference(run.finalize(), ref.objects);
  io.out(`\nBuilt-in generator at the Monash defaults, ${events} events (${Math.round(events / seconds)} events/s),\n`);
  io.out(`against the pseudo-data in ${file}:\n`);
  let chi2 = 0;
  let bins = 0;
  const rows = pairs.map((p) => ({ p, ...chiSquare(p) })).sort((x, y) => y.chi2 / Math.max(y.n, 1) - x.chi2 / Math.max(x.n, 1));
  for (const r of rows) {
    chi2 += r.chi2;
    bins += r.n;
  }
  for (const r of rows.slice(0, 8)) io.out(`  ${r.p.path.padEnd(40)} χ²/bins = ${(r.chi2 / r.n).toFixed(1).padStart(7)}  (${r.n} bins)  ${r.p.mc.title}\n`);
  io.out(`  … ${rows.length} histograms, ${bins} bins: χ²/bins = ${(chi2 / bins).toFixed(2)}. Tuning the generator's settings brings this towards 1.\n`);
}

/** χ² of one histogram with MC and reference statistical errors added in quadrature, over bins with an error. */
function chiSquare(p: ReferencePair): { chi2: number; n: number } {
  const h = histogramChi2(p.mc.binValues(), p.mc.symmetricErrors(), p.ref.binValues(), p.ref.symmetricErrors());
  return { chi2: h.chi2, n: h.bins };
}
