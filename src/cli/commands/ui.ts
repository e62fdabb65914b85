/**
 * `mctune ui`: the iterative loop in a terminal UI (src/tui), steered with
 * keys; on anything but a terminal, `mctune loop`'s plain progress lines.
 * Quitting winds the loop down; the same campaign resumes in `mctune loop`
 * or `mctune ui`.
 */
import { mkdirSync } from 'node:fs';
import { writeCampaignPointer } from '../../pool/index.js';
import { defaultReweighterDir, LoopController, latestTune, liveTerminal, reweightHint, reweightOpener, runUi } from '../../tui/index.js';
import type { LoopOutcome } from '../../loop/index.js';
import type { CliIO, Command, ParsedArgs } from '../command.js';
import { formatNumber } from '../numbers.js';
import { STOP_EXIT_CODES, watchStops } from '../stops.js';
import { campaignDir, loadCampaign } from './campaign-dir.js';
import { loop } from './loop.js';
import { workersFor } from './run.js';
import { surrogateKind } from './tune.js';

export const ui: Command = {
  name: 'ui',
  summary: 'Run the iterative tune in a terminal UI: progress, parameters, χ², plots, reweighting.',
  args: 'CAMPAIGN.yaml',
  description:
    "The loop of `mctune loop`, shown live: runs with ETA, the surrogate's training, each parameter ± σ against its range, χ² per iteration and per histogram, the selected histogram against the data. Keys: n next iteration (while running: pause once the current one is tuned; paused: run one; finished: one more beyond iterations.count), p pause/resume, e eigentunes, r reweighting screen (the reweighter in <campaign>/reweighter unless --reweighter, trained there on first use from samples of the built-in generator over the campaign's ranges, progress shown, then kept), ↑/↓ histogram, ? help, q quit (the loop winds down; the campaign resumes with mctune loop or mctune ui). When stdout is not a terminal, or CI is set (ink then draws only the last frame), prints mctune loop's progress lines instead.",
  // The loop's own options (campaign folder, workers, surrogate), so that both commands take the same.
  options: [
    ...loop.options,
    { name: 'paused', type: 'boolean', default: false, description: 'start paused (p runs the loop, n one iteration)' },
    { name: 'reweighter', type: 'string', value: 'DIR', description: 'reweighter folder for the reweighting screen (default: <campaign>/reweighter; trained there on first use when absent)' },
    { name: 'sample', type: 'string', value: 'FILE', description: "baseline event sample for it (default: the one it was trained on, from its manifest)" },
  ],
  async run(a, io) {
    if (!liveTerminal()) {
      io.err('mctune ui: not a terminal (or CI is set); showing the loop as plain progress lines\n');
      return loop.run(a, io);
    }
    return (await loopInUi(a, io)).code;
  },
};

/**
 * The loop in the terminal UI (the caller checked liveTerminal()): the exit
 * code, and the loop's outcome when a loop ran to its end in it (the last
 * one, if n ran more beyond iterations.count), so that `mctune start` prints
 * that tune without running the loop again.
 */
export async function loopInUi(a: ParsedArgs, io: CliIO): Promise<{ code: number; finished?: { outcome: LoopOutcome; seconds: number } }> {
  const workers = workersFor(a, io);
  const config = loadCampaign(a.positionals[0], io);
  const dir = campaignDir(a, config.name);
  mkdirSync(dir, { recursive: true });
  writeCampaignPointer(dir, config.file);
  const reweighter = typeof a.values.reweighter === 'string' ? a.values.reweighter : defaultReweighterDir(dir);
  const controller = new LoopController(config, dir, { ...(workers !== undefined ? { workers } : {}), surrogate: surrogateKind(a.values.surrogate, config), paused: a.values.paused === true });
  // SIGTERM and SIGHUP wind the loop down as q does (a second one ends the process at once).
  const stops = watchStops({ io, graceful: () => void controller.quit() });
  const t0 = performance.now();
  try {
    const how = await runUi({ controller, openReweight: reweightOpener(reweighter, typeof a.values.sample === 'string' ? a.values.sample : undefined, config), reweightHint: reweightHint(config, reweighter) });
    summary(controller, dir, io);
    // A second q leaves the loop running in this process: ending it is what was asked, and all finished work is on disk.
    if (how === 'forced') process.exit(STOP_EXIT_CODES.SIGINT);
    const outcome = controller.getState().status === 'finished' ? controller.outcome : undefined;
    // The time the tune took, to when the loop finished, not to when q was pressed after it.
    const seconds = ((controller.finishedAt ?? performance.now()) - t0) / 1000;
    return { code: controller.getState().status === 'failed' ? 1 : 0, ...(outcome ? { finished: { outcome, seconds } } : {}) };
  } finally {
    stops.dispose();
  }
}

/** What is left on the terminal after the UI: where the loop stands and the last tune. */
function summary(controller: LoopController, dir: string, io: CliIO): void {
  const s = controller.getState();
  const n = s.history.length;
  const where: Record<string, string> = { finished: `the loop finished: ${n} iteration${n === 1 ? '' : 's'} tuned`, failed: s.message };
  io.out(`${where[s.status] ?? `stopped with ${n} iteration${n === 1 ? '' : 's'} tuned; mctune loop or mctune ui carries on`}\n`);
  const last = latestTune(s);
  if (!last) return;
  io.out(`iteration ${last.iteration}: χ²/Ndf ${formatNumber(last.chi2, 4)}/${last.ndf} (${dir})\n`);
  for (const [n, v] of last.best) io.out(`  ${n.padEnd(28)} ${formatNumber(v, 6).padStart(10)} ± ${formatNumber(last.sigma.get(n) ?? NaN, 3)}\n`);
}
