import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffDocuments, formatYoda, parseYoda, readYodaFileSync } from '../../src/yoda/index.js';
import { numericContents } from '../../src/yoda/index.js';
import type { AnyObject } from '../../src/histo/index.js';
import { haveShared, lepDir } from '../helpers/shared.js';

/** Object and point counts of the LEP reference files, counted with awk (rows of six numbers). */
const FILES = [
  { name: 'ALEPH_1996_S3486095', objects: 67, points: 774 },
  { name: 'DELPHI_1996_S3430090', objects: 104, points: 1301 },
  { name: 'OPAL_2004_S6132243', objects: 116, points: 880 },
];

const enc = new TextEncoder();

function sameBits(a: AnyObject, b: AnyObject): boolean {
  const ca = numericContents(a);
  const cb = numericContents(b);
  return ca.length === cb.length && ca.every(([name, xs], k) => {
    const ys = cb[k][1];
    return cb[k][0] === name && xs.length === ys.length && Array.from(xs).every((x, i) => Object.is(x, ys[i]));
  });
}

describe.skipIf(!haveShared)('real Rivet reference files', () => {
  for (const f of FILES) {
    const path = `${lepDir}${f.name}.yoda`;

    it(`${f.name}: reads ${f.objects} objects and ${f.points} points, every data row`, () => {
      const doc = readYodaFileSync(path);
      expect(doc.size).toBe(f.objects);
      expect(doc.objects.reduce((s, o) => s + o.numBins, 0)).toBe(f.points);
      const text = readFileSync(path, 'utf8');
      const rows = text.split('\n').filter((l) => /^\S+(\t\S+){5}$/.test(l) && !l.startsWith('#')).length;
      expect(rows).toBe(f.points);
      expect(doc.objects.every((o) => o.kind === 'Scatter2D' && o.isRef)).toBe(true);
    });

    it(`${f.name}: V2 → V3 → V2 reproduces every number bit for bit and the file byte for byte`, () => {
      const original = readFileSync(path);
      const doc = readYodaFileSync(path);
      const v3 = formatYoda(doc.objects, { version: 3 });
      expect(v3).toContain('BEGIN YODA_SCATTER2D_V3');
      const viaV3 = parseYoda(enc.encode(v3), 'v3');
      const back = formatYoda(viaV3.objects, { version: 2 });
      const again = parseYoda(enc.encode(back), 'v2');
      expect(diffDocuments(doc, again).every((d) => d.maxRelDiff === 0)).toBe(true);
      doc.objects.forEach((o, i) => expect(sameBits(o, again.objects[i]), o.path).toBe(true));
      expect(back).toBe(original.toString('utf8'));
    });
  }
});
