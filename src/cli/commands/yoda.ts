import {
  estimateToScatter,
  scatterToEstimate,
  type AnyObject,
} from '../../histo/index.js';
import { diffDocuments, formatObject, readYodaFile, writeYodaFile, type YodaVersion } from '../../yoda/index.js';
import { checkOutputPath } from '../../fsutil/index.js';
import type { Command, CliIO, ParsedArgs } from '../command.js';
import { UsageError } from '../command.js';
import { watchStops } from '../stops.js';
import { nonFiniteWarnings } from './non-finite.js';
import { requiredNumericOption } from '../numbers.js';

const FORMAT = { name: 'format', type: 'string', value: 'v2|v3', choices: ['v2', 'v3'], description: 'YODA text version to write' } as const;

function version(v: unknown): YodaVersion {
  return v === 'v3' ? 3 : 2;
}

function warn(io: CliIO, warnings: readonly string[]): void {
  for (const w of warnings) io.err(`warning: ${w}\n`);
}

export const yodaLs: Command = {
  name: 'ls',
  summary: 'List the objects of a YODA file: path, type and number of bins (or points).',
  args: 'FILE',
  options: [{ name: 'json', type: 'boolean', description: 'print JSON: {file, objects, points, items: [{path, type, bins}]}', default: false }],
  async run(a, io) {
    const file = a.positionals[0];
    const doc = await readYodaFile(file);
    warn(io, doc.warnings);
    warn(io, doc.objects.flatMap(nonFiniteWarnings));
    const items = doc.objects.map((o) => ({ path: o.path, type: o.kind, bins: o.numBins }));
    const points = items.reduce((s, i) => s + i.bins, 0);
    if (a.values.json) {
      io.out(JSON.stringify({ file, objects: items.length, points, items }, null, 2) + '\n');
      return 0;
    }
    const w = Math.max(4, ...items.map((i) => i.path.length));
    io.out(`${'PATH'.padEnd(w)}  ${'TYPE'.padEnd(10)}  BINS\n`);
    for (const i of items) io.out(`${i.path.padEnd(w)}  ${i.type.padEnd(10)}  ${i.bins}\n`);
    io.out(`${items.length} objects, ${points} bins/points\n`);
    return 0;
  },
};

export const yodaCat: Command = {
  name: 'cat',
  summary: 'Print one object of a YODA file as YODA text.',
  args: 'FILE PATH',
  options: [{ ...FORMAT, default: 'v2' }],
  async run(a, io) {
    const [file, path] = a.positionals as [string, string];
    const doc = await readYodaFile(file);
    const o = doc.get(path);
    if (!o) {
      const near = doc.objects.map((x) => x.path).filter((p) => p.includes(path.split('/').pop() ?? path));
      throw new Error(`${file}: no object at ${path}${near.length ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}`);
    }
    warn(io, nonFiniteWarnings(o));
    io.out(formatObject(o, { version: version(a.values.format) }));
    return 0;
  },
};

export const yodaConvert: Command = {
  name: 'convert',
  summary: 'Rewrite a YODA file in another version (lossless), optionally converting object types.',
  description:
    'Scatter2D objects stay Scatter2D unless --scatters-as-estimates is given; points whose x is not the centre of\n' +
    'their bin are reported, and scatters whose points overlap are kept as they are, with a warning.',
  args: 'IN OUT',
  options: [
    { ...FORMAT, default: 'v2' },
    { name: 'scatters-as-estimates', type: 'boolean', description: 'turn Scatter2D into Estimate1D (bins from x errors)', default: false },
    { name: 'estimates-as-scatters', type: 'boolean', description: 'turn Estimate1D into Scatter2D (needed for v2; merges error sources)', default: false },
  ],
  async run(a, io) {
    const [input, output] = a.positionals as [string, string];
    if (a.values['scatters-as-estimates'] && a.values['estimates-as-scatters']) {
      throw new UsageError('--scatters-as-estimates and --estimates-as-scatters exclude each other');
    }
    checkOutputPath(output);
    const stops = watchStops({ io, note: `${output} not written` });
    try {
      return await convert(input, output, a, io);
    } finally {
      stops.dispose();
    }
  },
};

/** Reads, converts and writes; object types change only when asked. */
async function convert(input: string, output: string, a: ParsedArgs, io: CliIO): Promise<number> {
  const doc = await readYodaFile(input);
  warn(io, doc.warnings);
  const objects: AnyObject[] = doc.objects.map((o) => {
    if (a.values['scatters-as-estimates'] && o.kind === 'Scatter2D') {
      try {
        const { estimate, offCentre } = scatterToEstimate(o);
        if (offCentre.length) {
          io.err(`note: ${o.path}: x not at the bin centre for point(s) ${offCentre.join(', ')}\n`);
        }
        return estimate;
      } catch (e) {
        io.err(`warning: kept ${o.path} as Scatter2D: ${(e as Error).message}\n`);
        return o;
      }
    }
    if (a.values['estimates-as-scatters'] && o.kind === 'Estimate1D') return estimateToScatter(o);
    return o;
  });
  await writeYodaFile(output, objects, { version: version(a.values.format) });
  io.err(`wrote ${objects.length} objects to ${output}\n`);
  return 0;
}

export const yodaDiff: Command = {
  name: 'diff',
  summary: 'Compare two YODA files object by object: the largest relative difference of any number in each.',
  description: 'Exit code 0 when every object agrees within --tolerance and both files hold the same paths, else 1.',
  args: 'A B',
  options: [
    { name: 'tolerance', type: 'string', value: 'REL', description: 'largest relative difference counted as equal', default: '0' },
    { name: 'json', type: 'boolean', description: 'print JSON: [{path, maxRelDiff, where}]', default: false },
  ],
  async run(a, io) {
    const tol = requiredNumericOption(a, 'tolerance', 'number ≥ 0');
    const [fa, fb] = a.positionals as [string, string];
    const [da, db] = await Promise.all([readYodaFile(fa), readYodaFile(fb)]);
    const diffs = diffDocuments(da, db);
    const worst = diffs.reduce((m, d) => Math.max(m, d.maxRelDiff), 0);
    if (a.values.json) {
      io.out(JSON.stringify(diffs.map((d) => ({ ...d, maxRelDiff: Number.isFinite(d.maxRelDiff) ? d.maxRelDiff : 'inf' })), null, 2) + '\n');
    } else {
      const w = Math.max(4, ...diffs.map((d) => d.path.length));
      for (const d of diffs) io.out(`${d.path.padEnd(w)}  ${d.maxRelDiff.toExponential(3)}  ${d.where}\n`);
      io.out(`${diffs.length} objects compared; largest relative difference ${worst}\n`);
    }
    return worst <= tol ? 0 : 1;
  },
};

export const yodaCommands = [yodaLs, yodaCat, yodaConvert, yodaDiff];
