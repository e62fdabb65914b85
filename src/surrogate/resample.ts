/**
 * Another set of runs the campaign could have had, for toys that must see a
 * surrogate's own error: the wild bootstrap of a regression (each run's
 * residual vector, all its bins together, kept or flipped in sign at random).
 * Unlike drawing runs with replacement it keeps every run's position, so a
 * design with little room to spare (56 coefficients from 100 runs) stays
 * determined; unlike fluctuating bins one by one it keeps what one run's
 * events do to many bins at once.
 */
import type { Random } from '../generator/index.js';
import type { PolynomialSurrogate } from './polynomial.js';
import type { TrainingSet } from './training-set.js';

/**
 * A sampler of wild-bootstrap copies of `set` around `model`'s fit to it:
 * values f̂_r + v_r e_r/√(1 − h_r), v_r = ±1, e_r the run's residuals and h_r
 * its leverage (the division undoes the shrinking of residuals by the fit).
 */
export function wildBootstrap(model: PolynomialSurrogate, set: TrainingSet): (rng: Random) => TrainingSet {
  const fitted = model.predict(set.params).values;
  const h = model.leverageAt(set.params);
  const B = set.bins.length;
  if (model.bins.length !== B) throw new Error(`wild bootstrap: the model has ${model.bins.length} bins, the runs ${B}`);
  const scale = Float64Array.from(h, (x) => (Number.isFinite(x) && x < 1 ? 1 / Math.sqrt(1 - x) : 1));
  return (rng) => {
    const values = new Float64Array(set.values.length);
    for (let r = 0; r < set.runNames.length; r++) {
      const v = rng.uniform() < 0.5 ? -scale[r] : scale[r];
      for (let b = 0; b < B; b++) values[r * B + b] = fitted[r * B + b] + v * (set.values[r * B + b] - fitted[r * B + b]);
    }
    return { ...set, values };
  };
}
