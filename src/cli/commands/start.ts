/**
 * `mctune start` (what `npm start` runs): the main job on the built-in
 * defaults. The shipped closure campaign, tunes/demo.yaml, is tuned end to
 * end — runs of the built-in generator, the per-bin network, the loop, the
 * eigentunes, the offline report — and the final tune is printed beside the
 * truth the pseudo-data were made at. A second start reuses what the first
 * finished. On a terminal the loop runs in the terminal UI; quitting it
 * early leaves the rest for the next start.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCampaignFile, type CampaignConfig } from '../../campaign/index.js';
import { runLoop, type LoopOutcome } from '../../loop/index.js';
import { writeCampaignPointer } from '../../pool/index.js';
import { writeReport } from '../../report/index.js';
import { liveTerminal } from '../../tui/index.js';
import type { CliIO, Command } from '../command.js';
import { formatNumber } from '../numbers.js';
import { STOP_EXIT_CODES, windDownOnStop } from '../stops.js';
import { campaignDir, DIR, loadCampaign } from './campaign-dir.js';
import { loopDisplay } from './loop.js';
import { workersFor } from './run.js';
import { surrogateKind } from './tune.js';
import { loopInUi } from './ui.js';

/** The shipped demo campaign, found relative to this module (src/ or dist/). */
export const demoCampaign = fileURLToPath(new URL('../../../tunes/demo.yaml', import.meta.url));

export const start: Command = {
  name: 'start',
  summary: 'The main job: tune the shipped demo campaign end to end and show the tune beside the truth.',
  description:
    "On a terminal, runs `mctune ui` (keys: ? for help), else `mctune loop`, on the shipped closure campaign (tunes/demo.yaml: five settings of the built-in generator against pseudo-data made at a known point) in ./demo, writes its offline report (demo/report/index.html), then prints each parameter's tune ± σ, the truth and their distance in σ. Killed at any point, the same command carries on; a finished demo is shown again at once.",
  args: '',
  options: [
    { name: 'campaign', type: 'string', value: 'FILE', description: 'campaign file to run instead of the demo', default: demoCampaign },
    DIR,
    { name: 'workers', short: 'j', type: 'string', value: 'N', description: 'parallel runs (default: the number of cores)' },
    { name: 'oversubscribe', type: 'boolean', default: false, description: 'allow -j above the number of cores' },
  ],
  async run(a, io) {
    const file = String(a.values.campaign);
    const t0 = performance.now();
    if (liveTerminal()) {
      // On a terminal the loop runs in the UI; once it has finished, the report and the table follow below.
      const { code, finished } = await loopInUi({ positionals: [file], values: { ...a.values, paused: false } }, io);
      if (code !== 0 || !finished) return code;
      const config = readCampaignFile(file);
      return finishDemo(config, campaignDir(a, config.name), finished.outcome, finished.seconds, io);
    }
    const workers = workersFor(a, io);
    const config = loadCampaign(file, io);
    const dir = campaignDir(a, config.name);
    const stops = windDownOnStop(io, '; run the same command to carry on');
    const say = loopDisplay(io);
    try {
      mkdirSync(dir, { recursive: true });
      writeCampaignPointer(dir, config.file);
      const out = await runLoop(config, dir, { ...(workers !== undefined ? { workers } : {}), surrogate: surrogateKind(undefined, config), signal: stops.signal, onEvent: say });
      say.close();
      return await finishDemo(config, dir, out, (performance.now() - t0) / 1000, io);
    } catch (e) {
      if (stops.signal.aborted) return stops.exitCode ?? STOP_EXIT_CODES.SIGINT;
      throw e;
    } finally {
      say.close();
      stops.dispose();
    }
  },
};

/** After the loop: the report, then the final tune beside the truth and the report's path. */
async function finishDemo(config: CampaignConfig, dir: string, out: LoopOutcome, seconds: number, io: CliIO): Promise<number> {
  io.err('report: rendering the plots\n');
  const report = await writeReport(dir, { campaign: config, histograms: 'fitted' });
  io.out(tuneTable(config, out, seconds));
  io.out(`report: ${report.index}\n`);
  return 0;
}

/** The final tune, parameter by parameter, beside the campaign's truth where it gives one. */
export function tuneTable(config: CampaignConfig, out: LoopOutcome, seconds: number): string {
  const state = out.converged ? 'converged' : 'stopped without converging';
  const lines = [`\n${config.name}: ${state} after ${out.iterations} iteration${out.iterations > 1 ? 's' : ''} (${formatNumber(seconds, 3)} s); final tune in ${out.dir}\n`];
  const hasTruth = config.parameters.some((p) => p.truth !== undefined);
  lines.push(`  ${'parameter'.padEnd(26)} ${'tune'.padStart(10)}   ${'σ'.padEnd(9)}${hasTruth ? ` ${'truth'.padStart(8)}  (tune − truth)/σ` : ''}`.trimEnd() + '\n');
  for (const p of config.parameters) {
    const v = out.final.best.get(p.name);
    if (v === undefined) continue;
    const s = out.final.sigma.get(p.name) ?? NaN;
    const held = p.fixed !== undefined ? '  (held)' : '';
    const truth = p.truth !== undefined ? ` ${formatNumber(p.truth, 4).padStart(8)}  ${s > 0 ? formatNumber((v - p.truth) / s, 2).padStart(6) : '—'}` : '';
    lines.push(`  ${p.name.padEnd(26)} ${formatNumber(v, 5).padStart(10)} ± ${formatNumber(s, 2).padEnd(9)}${truth}${held}`.trimEnd() + '\n');
  }
  lines.push(`  χ²/Ndf ${formatNumber(out.final.chi2, 4)}/${out.final.ndf}\n`);
  return lines.join('');
}
