/** Any saved surrogate back from its directory, whatever its kind. */
import { numCoefficients } from './monomials.js';
import { networkFromStored } from './network.js';
import { polyTerms, PolynomialSurrogate, type PolyUncertainty } from './polynomial.js';
import { ModelFileError, readModelDir } from './store.js';
import { commonFrom, storedHeldOut } from './stored-parts.js';
import type { Surrogate } from './types.js';
import { join } from 'node:path';

export function loadSurrogate(dir: string): Surrogate {
  const { header, arrays } = readModelDir(dir);
  const file = join(dir, 'model.json');
  if (header.kind === 'nn') return networkFromStored(header, arrays, file);
  if (header.kind !== 'polynomial') throw new ModelFileError(`${file}: unknown surrogate kind ${JSON.stringify(header.kind)}`);
  const { box, bins, exclusions, runs } = commonFrom(header, file);
  const d = box.names.length;
  const terms = (name: 'value' | 'error', orderKey: string) => {
    const order = header[orderKey];
    if (typeof order !== 'number' || !Number.isInteger(order) || order < 0) throw new ModelFileError(`${file}: ${orderKey}: expected an order`);
    const c = arrays[name] as Float64Array | undefined;
    if (c?.length !== bins.length * numCoefficients(d, order)) throw new ModelFileError(`${file}: ${name} coefficients: expected ${bins.length} bins × ${numCoefficients(d, order)}`);
    return polyTerms(d, order, c);
  };
  const scores = Array.isArray(header.orderScores) ? header.orderScores.map((s) => (Array.isArray(s) ? { order: Number(s[0]), score: s[1] === null ? Infinity : Number(s[1]) } : { order: NaN, score: NaN })) : [];
  const value = terms('value', 'order');
  return new PolynomialSurrogate(box, bins, exclusions, runs, value, terms('error', 'errorOrder'), scores, storedUncertainty(arrays, value.exponents.length, bins.length, file));
}

/** The leverage factor and discrepancies, both or neither (a model without them has no spread). */
function storedUncertainty(arrays: Readonly<Record<string, Float64Array | undefined>>, M: number, B: number, file: string): PolyUncertainty | undefined {
  const R = arrays.leverageFactor;
  const tau = arrays.discrepancy;
  if (!R && !tau) return undefined;
  if (R?.length !== M * M) throw new ModelFileError(`${file}: leverageFactor: expected ${M} × ${M} numbers`);
  if (tau?.length !== B) throw new ModelFileError(`${file}: discrepancy: expected ${B} numbers, one per bin`);
  const heldOut = storedHeldOut(arrays, B, file);
  return { R, discrepancy: tau, ...(heldOut && { heldOut }) };
}
