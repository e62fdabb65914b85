/**
 * Per-event weights as a file, one per event of the sample in its order:
 * an Arrow IPC file with one float64 column `weight` (`.arrow`, `.feather`;
 * pyarrow and pandas read it as it is), or CSV with a `weight` header line and
 * one number per line, written with the shortest digits that read back to
 * the same double. Written atomically (temp file, then rename).
 */
import { readFileSync } from 'node:fs';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { writeFileAtomic } from '../fsutil/index.js';

export type WeightsFormat = 'arrow' | 'csv';

/** The format a file name asks for; anything but .csv/.arrow/.feather is an error naming the file. */
export function weightsFormatOf(file: string): WeightsFormat {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(arrow|feather)$/i.test(file)) return 'arrow';
  throw new Error(`${file}: cannot tell the weights' format from the name; expected .arrow (Arrow IPC, one float64 column 'weight') or .csv`);
}

/** Writes `weights` to `file` in the format its name asks for. */
export async function writeWeightsFile(file: string, weights: Float64Array): Promise<void> {
  if (weightsFormatOf(file) === 'csv') {
    const lines = ['weight'];
    for (const w of weights) lines.push(String(w));
    await writeFileAtomic(file, lines.join('\n') + '\n');
    return;
  }
  await writeFileAtomic(file, tableToIPC(tableFromArrays({ weight: weights }), 'file'));
}

/** Reads a weights file written by {@link writeWeightsFile}. */
export function readWeightsFile(file: string): Float64Array {
  const bytes = readFileSync(file);
  if (weightsFormatOf(file) === 'csv') {
    const lines = bytes.toString('utf8').split('\n').filter((l) => l !== '');
    if (lines[0] !== 'weight') throw new Error(`${file}:1: expected the header line 'weight'`);
    return Float64Array.from(lines.slice(1), (l, i) => {
      const v = Number(l);
      if (l.trim() === '' || !Number.isFinite(v)) throw new Error(`${file}:${i + 2}: expected a number, got '${l}'`);
      return v;
    });
  }
  const column = tableFromIPC(bytes).getChild('weight');
  if (column === null) throw new Error(`${file}: no column 'weight'`);
  return Float64Array.from(column.toArray() as ArrayLike<number>);
}
