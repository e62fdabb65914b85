/**
 * `mctune build --surrogate inverse`: the network from the bins with reference
 * data to the parameters, its proposed tune for the data (with toys), and on
 * held-out runs how far its parameters land from the runs' own.
 */
import { join } from 'node:path';
import { readReferenceObjects, type CampaignConfig } from '../../campaign/index.js';
import { alignData, binName, fitInverse, type InverseModel, type TrainingSet } from '../../surrogate/index.js';
import type { CliIO } from '../command.js';
import { formatNumber } from '../numbers.js';

export async function buildInverse(config: CampaignConfig, dir: string, train: TrainingSet, test: TrainingSet | undefined, io: CliIO): Promise<number> {
  const refs = readReferenceObjects(config.reference);
  const s = config.surrogate;
  const t0 = performance.now();
  const model = await fitInverse(train, {
    data: alignData(train.bins, refs),
    seed: config.seed,
    log: (line) => io.err(`${line}\n`),
    ...(s?.kind === 'inverse' && s.epochs !== undefined ? { epochs: s.epochs } : {}),
    ...(s?.kind === 'inverse' && s.seed !== undefined ? { seed: s.seed } : {}),
    ...(s?.kind === 'inverse' && s.components !== undefined ? { components: s.components } : {}),
  });
  io.err(`inverse network from ${model.bins.length} bins with data to ${model.box.names.length} parameters, ${train.runNames.length} runs, in ${formatNumber((performance.now() - t0) / 1000, 3)} s\n`);
  const out = join(dir, 'surrogates', 'inverse');
  await model.save(out);
  const data = alignData(model.bins, refs);
  const p = model.propose(data.values, data.errors, 1000, config.seed);
  const P = model.box.names.length;
  io.out(`proposed tune from ${model.components} principal components of the bins (the network on the data; mean of ${p.toys} toys of the data ± σ, σ² = the toys' + the network's own from validation runs):\n`);
  model.box.names.forEach((n, k) => {
    const sd = (c: Float64Array) => formatNumber(Math.sqrt(c[k * P + k]), 3);
    io.out(`  ${n.padEnd(28)} ${formatNumber(p.best[k], 5).padStart(10)}   ${formatNumber(p.mean[k], 5)} ± ${sd(p.covariance)}  (data ${sd(p.dataCovariance)}, network ${sd(p.modelCovariance)})\n`);
  });
  for (const w of p.warnings) io.err(`warning: ${w}\n`);
  if (test) closure(model, test, io);
  io.err(`model in ${out}\n`);
  return 0;
}

/** The network on held-out runs: the RMS distance of its parameters from each run's own, per parameter. */
function closure(model: InverseModel, test: TrainingSet, io: CliIO): void {
  const col = new Map(test.bins.map((b, i) => [binName(b), i]));
  const B = test.bins.length;
  const cols = model.bins.map((b) => col.get(binName(b)) ?? -1);
  const R = test.runNames.length;
  const inputs = new Float64Array(R * cols.length);
  for (let r = 0; r < R; r++) cols.forEach((c, i) => (inputs[r * cols.length + i] = c < 0 ? NaN : test.values[r * B + c]));
  const theta = model.apply(inputs);
  const P = model.box.names.length;
  io.out(`held-out runs (${R}): RMS of (network − run) per parameter:\n`);
  model.box.names.forEach((n, k) => {
    let s2 = 0;
    for (let r = 0; r < R; r++) s2 += (theta[r * P + k] - test.params[r * P + k]) ** 2;
    const rms = Math.sqrt(s2 / R);
    io.out(`  ${n.padEnd(28)} ${formatNumber(rms, 3)} (${formatNumber((100 * rms) / (model.box.high[k] - model.box.low[k]), 3)} % of its range)\n`);
  });
}
