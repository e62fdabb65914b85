/**
 * `mctune loop`: the iterative tune over the library's loop, one line per
 * step; killed at any point, the same command carries on where it stopped.
 */
import { mkdirSync } from 'node:fs';
import { runLoop, type LoopEvent } from '../../loop/index.js';
import { writeCampaignPointer, type CampaignEvent } from '../../pool/index.js';
import type { CliIO, Command } from '../command.js';
import { formatNumber } from '../numbers.js';
import { STOP_EXIT_CODES, windDownOnStop } from '../stops.js';
import { campaignDir, DIR, loadCampaign } from './campaign-dir.js';
import { campaignDisplay, workersFor } from './run.js';
import { surrogateKind } from './tune.js';

export const loop: Command = {
  name: 'loop',
  summary: 'Tune iteratively: run, build, tune, shrink the box around the result, and again until it settles.',
  args: 'CAMPAIGN.yaml',
  description:
    "Each iteration samples the campaign's runs inside its box (reusing earlier runs that fall inside), fits the surrogate to them and tunes it, in <campaign>/iterations/NN/. The next box is the last one shrunk by iterations.shrink around the result (or the result ± iterations.sigmas σ), inside the campaign's ranges. Stops when every parameter moved less than iterations.tolerance of its σ (default 0.5), or after iterations.count iterations (default 4). Killed at any point, the same command resumes; nothing finished is redone.",
  options: [
    DIR,
    { name: 'workers', short: 'j', type: 'string', value: 'N', description: 'parallel runs (default: the number of cores)' },
    { name: 'oversubscribe', type: 'boolean', default: false, description: 'allow -j above the number of cores' },
    { name: 'surrogate', type: 'string', value: 'KIND', choices: ['poly', 'polynomial', 'nn'], description: "surrogate kind (default: the campaign's, else polynomial)" },
  ],
  async run(a, io) {
    const workers = workersFor(a, io);
    const config = loadCampaign(a.positionals[0], io);
    const kind = surrogateKind(a.values.surrogate, config);
    const dir = campaignDir(a, config.name);
    const stops = windDownOnStop(io, '; run the same command to carry on');
    try {
      mkdirSync(dir, { recursive: true });
      writeCampaignPointer(dir, config.file);
      const say = loopDisplay(io);
      try {
        const out = await runLoop(config, dir, { ...(workers !== undefined ? { workers } : {}), surrogate: kind, signal: stops.signal, onEvent: say });
        io.out(`${out.converged ? 'converged' : 'stopped without converging'} after ${out.iterations} iteration${out.iterations > 1 ? 's' : ''}; final tune in ${out.dir}\n`);
        for (const [n, v] of out.final.best) io.out(`  ${n.padEnd(28)} ${formatNumber(v, 6).padStart(10)} ± ${formatNumber(out.final.sigma.get(n) ?? NaN, 3)}\n`);
        return 0;
      } finally {
        say.close();
      }
    } catch (e) {
      if (stops.signal.aborted) return stops.exitCode ?? STOP_EXIT_CODES.SIGINT;
      throw e;
    } finally {
      stops.dispose();
    }
  },
};

/** One stderr line per loop step, with the runs' progress display while runs go. */
export function loopDisplay(io: CliIO): ((e: LoopEvent) => void) & { close(): void } {
  let runs: (((e: CampaignEvent) => void) & { close(): void }) | undefined;
  const show = (e: LoopEvent) => {
    // Epoch by epoch is for the terminal UI; here the fit's own log line says what was trained.
    if (e.type === 'training') return;
    if (e.type === 'runs') {
      runs ??= campaignDisplay(io, process.stderr.isTTY);
      runs(e.event);
      return;
    }
    runs?.close();
    runs = undefined;
    if (e.type === 'log') io.err(`  ${e.line}\n`);
    else if (e.type === 'phase') io.err(`iteration ${e.iteration}: ${e.phase}\n`);
    else if (e.type === 'iteration') io.err(`iteration ${e.iteration}: box ${e.box.names.map((n, p) => `${n} [${formatNumber(e.box.low[p], 4)}, ${formatNumber(e.box.high[p], 4)}]`).join(', ')}; ${e.reused} runs reused, ${e.sampled} new\n`);
    else io.err(tunedLine(e));
  };
  return Object.assign(show, { close: () => runs?.close() });
}

function tunedLine(e: Extract<LoopEvent, { type: 'tuned' }>): string {
  const params = [...e.tune.best].map(([n, v]) => `${n} ${formatNumber(v, 5)} ± ${formatNumber(e.tune.sigma.get(n) ?? NaN, 2)}`).join(', ');
  const moved = e.moved ? `; moved ${formatNumber(Math.max(...e.moved.values()), 3)} σ at most` : '';
  return `iteration ${e.iteration}: ${e.resumed ? 'done earlier' : 'tuned'}: χ²/Ndf ${formatNumber(e.tune.chi2, 4)}/${e.tune.ndf}; ${params}${moved}\n`;
}
