import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readYodaFile } from '../../yoda/index.js';
import type { Command } from '../command.js';

/** The reference data shipped in the package, found relative to this module (src/ or dist/). */
export const referenceDataDir = fileURLToPath(new URL('../../../reference-data/', import.meta.url));

export const start: Command = {
  name: 'start',
  summary: 'The default job: survey the shipped reference data that tunes are fitted to.',
  args: '',
  arity: 0,
  options: [{ name: 'dir', type: 'string', value: 'DIR', description: 'reference-data folder to survey', default: referenceDataDir }],
  async run(a, io) {
    const dir = String(a.values.dir);
    const files = (await readdir(dir)).filter((f) => /\.yoda(\.gz)?$/.test(f)).sort();
    if (files.length === 0) throw new Error(`${dir}: no .yoda files`);
    io.out(`mctune: reference data in ${dir}\n\n`);
    for (const f of files) {
      const doc = await readYodaFile(join(dir, f));
      const bins = doc.objects.reduce((s, o) => s + o.numBins, 0);
      io.out(`${f}: ${doc.size} objects, ${bins} bins\n`);
      for (const o of doc.objects) {
        const range = o.kind === 'Scatter2D' && o.numPoints > 0 ? ` x ∈ [${o.x[0]! - o.xErrDn[0]!}, ${o.x[o.numPoints - 1]! + o.xErrUp[o.numPoints - 1]!}]` : '';
        io.out(`  ${o.path.padEnd(40)} ${o.kind.padEnd(10)} ${String(o.numBins).padStart(4)} bins${range}  ${o.title}\n`);
      }
    }
    const first = join(dir, files[0]!);
    const path = (await readYodaFile(first)).objects[0]?.path ?? '<PATH>';
    io.out(`\nInspect one with: npx mctune yoda cat ${first} ${path}\n`);
    return 0;
  },
};
