import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { runDirNames, runsDirOf, sampleRuns } from '../../campaign/index.js';
import { ProgressTracker, runLocal, runOne, runSlurm, writeCampaignPointer, type CampaignEvent, type CampaignResult, type SlurmOptions } from '../../pool/index.js';
import type { CliIO, Command, ParsedArgs } from '../command.js';
import { formatSeconds } from '../progress.js';
import { numericOption, requiredNumericOption } from '../numbers.js';
import { STOP_EXIT_CODES, watchStops, windDownOnStop } from '../stops.js';
import { campaignDir, DIR, loadCampaign } from './campaign-dir.js';
import { ingestAndReport } from './ingest.js';

export const run: Command = {
  name: 'run',
  summary: 'Execute the pending runs of a campaign (local worker pool or Slurm), then ingest the results.',
  args: 'CAMPAIGN.yaml',
  description:
    'Runs already done are never redone: after a crash or Ctrl-C, run again to resume. A failing run is retried (the campaign\'s `retries`), then marked failed with its reason and left out. Samples the campaign first if it has no runs yet.',
  options: [
    DIR,
    { name: 'engine', type: 'string', value: 'local|slurm', choices: ['local', 'slurm'], default: 'local', description: 'where runs execute' },
    { name: 'workers', short: 'j', type: 'string', value: 'N', description: 'parallel runs of the local engine (default: the number of cores; more only with --oversubscribe)' },
    { name: 'oversubscribe', type: 'boolean', default: false, description: 'allow -j above the number of cores' },
    { name: 'retry-failed', type: 'boolean', default: false, description: 'give runs that failed earlier a fresh set of attempts' },
    { name: 'poll', type: 'string', value: 'S', default: '5', description: 'seconds between Slurm queue polls' },
    { name: 'max-parallel', type: 'string', value: 'N', description: 'Slurm: at most N array tasks at once' },
    { name: 'sbatch', type: 'string', value: 'OPTION', multiple: true, description: 'Slurm: extra #SBATCH option, e.g. --partition=short (repeatable)' },
    { name: 'no-ingest', type: 'boolean', default: false, description: 'do not ingest the results afterwards' },
  ],
  async run(a, io) {
    // Options first: a typo must not leave a sampled campaign behind.
    const slurm = a.values.engine === 'slurm';
    const engineOptions = slurm ? slurmOptions(a) : optional('workers', workersFor(a, io));
    const config = loadCampaign(a.positionals[0], io);
    const dir = campaignDir(a, config.name);
    // Watched before anything is said or sampled: whoever sees a line can stop the command cleanly.
    const stops = windDownOnStop(io, ' (press Ctrl-C again to quit at once)');
    const show = campaignDisplay(io, process.stderr.isTTY);
    try {
      if (runDirNames(runsDirOf(dir)).length === 0) {
        const made = sampleRuns(config, dir);
        io.err(`no runs yet: sampled ${made.length} (${config.sampling}) in ${runsDirOf(dir)}\n`);
      }
      writeCampaignPointer(dir, config.file);
      let result: CampaignResult;
      try {
        const common = { signal: stops.signal, onEvent: show, retryFailed: a.values['retry-failed'] === true };
        result = slurm ? await runSlurm(config, dir, { ...common, ...engineOptions }) : await runLocal(config, dir, { ...common, ...engineOptions });
      } finally {
        show.close();
      }
      io.err(summary(result, show.failedEarlier()));
      if (result.interrupted) return stops.exitCode ?? STOP_EXIT_CODES.SIGINT;
      if (!a.values['no-ingest']) ingestAndReport(dir, config, io);
      // Failed runs count until they are retried: a re-run with nothing left to do still says so. Runs left
      // pending without a stop (being executed by another process) mean the campaign is not finished either.
      return result.failed.length + show.failedEarlier() + result.invalid.length + result.pending.length > 0 ? 1 : 0;
    } finally {
      stops.dispose();
    }
  },
};

function slurmOptions(a: ParsedArgs): Omit<SlurmOptions, 'signal' | 'onEvent' | 'retryFailed'> {
  return {
    pollSeconds: requiredNumericOption(a, 'poll', 'positive number'),
    ...optional('maxParallel', numericOption(a, 'max-parallel', 'positive integer')),
    ...(a.values.sbatch ? { sbatchOptions: a.values.sbatch as string[] } : {}),
  };
}

/** -j, capped at the cores unless --oversubscribe: more threads than cores only slow every run down. */
export function workersFor(a: ParsedArgs, io: CliIO): number | undefined {
  const n = numericOption(a, 'workers', 'positive integer');
  const cores = availableParallelism();
  if (n === undefined || n <= cores || a.values.oversubscribe === true) return n;
  io.err(`warning: -j ${n} is more than the ${cores} cores of this machine; using ${cores} workers (--oversubscribe to use ${n})\n`);
  return cores;
}

export const runOneCommand: Command = {
  name: 'run-one',
  summary: 'Execute one run directory in this process (what each Slurm array task does).',
  args: 'RUNDIR',
  description: 'The campaign file is the one the campaign directory records (campaign.json), unless --campaign is given. Exit code 0 when the run is done.',
  options: [{ name: 'campaign', type: 'string', value: 'FILE', description: 'campaign file (default: the one recorded in the campaign directory)' }],
  async run(a, io) {
    const dir = a.positionals[0];
    if (!existsSync(dir)) throw new Error(`${dir}: no such run directory`);
    const stop = new AbortController();
    // Slurm sends SIGTERM at the time limit and on scancel: leave the run pending, not half-done.
    const stops = watchStops({ io, graceful: () => stop.abort(), exitOnSecond: false });
    try {
      const o = await runOne(dir, typeof a.values.campaign === 'string' ? a.values.campaign : undefined, stop.signal);
      switch (o.state) {
        case 'done':
          io.err(`${dir}: done, ${o.events} events in ${o.seconds.toFixed(1)} s\n`);
          return 0;
        case 'already-done':
          io.err(`${dir}: already done; nothing to do\n`);
          return 0;
        case 'already-failed':
          io.err(`${dir}: failed earlier (${o.reason}); use mctune run --retry-failed to try again\n`);
          return 1;
        default:
          io.err(`${dir}: ${o.state}: ${o.reason}\n`);
          return 1;
      }
    } finally {
      stops.dispose();
    }
  },
};

/**
 * Renders engine events: on a terminal one redrawn bar (runs, failures,
 * events/s, ETA) with failures printed above it; otherwise one line per
 * finished run, so batch logs read well.
 */
export function campaignDisplay(io: CliIO, isTTY: boolean): ((e: CampaignEvent) => void) & { close(): void; failedEarlier(): number } {
  const tracker = new ProgressTracker();
  let failedEarlier = 0;
  let last = 0;
  let drawn = false;
  const bar = () => {
    const s = tracker.snapshot();
    const width = 24;
    const filled = s.total > 0 ? Math.round(((s.done + s.failed) / s.total) * width) : 0;
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${s.done}/${s.total} runs done, ${s.failed} failed, ${s.running} running  ${Math.round(s.eventsPerSecond).toLocaleString('en-US')} ev/s  ETA ${s.eta === undefined ? '--' : formatSeconds(s.eta)}`;
  };
  const say = (line: string) => io.err(isTTY && drawn ? `\r\x1b[K${line}\n` : `${line}\n`);
  // The same warning from run after run (a generator that never fills some histograms) is said once.
  const warned = new Set<string>();
  const show = (e: CampaignEvent) => {
    tracker.update(e);
    if (e.type === 'start') {
      failedEarlier = e.failed;
      const extra = [e.resumed.length ? `${e.resumed.length} interrupted runs resumed` : '', e.adopted.length ? `${e.adopted.length} finished runs recovered` : ''].filter(Boolean).join(', ');
      say(`${e.engine} engine: ${e.todo} runs to do, ${e.done} done already, ${e.failed} failed earlier${e.engine === 'local' ? `; ${e.slots} workers` : ''}${extra ? ` (${extra})` : ''}`);
      for (const r of e.invalid) say(`run ${r.name} left out: ${r.reason}`);
      if (e.busy.length) say(`${e.busy.length} runs left alone: another process is executing them (${e.busy.join(', ')})`);
    } else if (e.type === 'submitted') say(`submitted Slurm job ${e.jobId}: ${e.runs.length} array tasks (${e.script})`);
    else if (e.type === 'finished' && e.outcome.state === 'interrupted' && e.outcome.kind === 'locked') say(`run ${e.run} skipped: ${e.outcome.reason}`);
    else if (e.type === 'finished' && e.outcome.state !== 'done' && e.outcome.state !== 'interrupted') say(`run ${e.run} ${e.outcome.state === 'pending' ? 'failed, will retry' : 'FAILED'}: ${e.outcome.reason}`);
    if (e.type === 'finished' && e.outcome.state === 'done') {
      for (const w of e.outcome.warnings.filter((x) => !warned.has(x))) {
        warned.add(w);
        say(`run ${e.run} warning: ${w} (not repeated for later runs)`);
      }
    }
    if (e.type === 'finished' && !isTTY && e.outcome.state === 'done') say(`run ${e.run} done (${e.outcome.events} events, ${e.outcome.seconds.toFixed(1)} s)  ${bar()}`);
    const now = performance.now();
    if (isTTY && (now - last > 200 || e.type === 'finished')) {
      last = now;
      drawn = true;
      io.err(`\r${bar()}\x1b[K`);
    }
  };
  return Object.assign(show, { close: () => (isTTY && drawn ? io.err(`\r${bar()}\x1b[K\n`) : undefined), failedEarlier: () => failedEarlier });
}

function summary(r: CampaignResult, failedEarlier: number): string {
  const earlier = failedEarlier ? `, ${failedEarlier} failed earlier (mctune status lists them; --retry-failed tries them again)` : '';
  const lines = [`${r.done.length} runs done, ${r.failed.length} failed${earlier}${r.pending.length ? `, ${r.pending.length} left pending` : ''} in ${formatSeconds(r.seconds)}${r.events ? ` (${Math.round(r.events / Math.max(r.seconds, 1e-9)).toLocaleString('en-US')} events/s)` : ''}`];
  for (const f of r.failed) lines.push(`  ${f.name}: ${f.reason}`);
  if (r.invalid.length) lines.push(`${r.invalid.length} runs left out (params.dat): ${r.invalid.map((x) => x.name).join(', ')}`);
  if (r.interrupted) lines.push('stopped; run the same command again to resume');
  return lines.join('\n') + '\n';
}

/** `{ key: v }` when v is given, `{}` otherwise (engine options are absent rather than undefined). */
function optional<K extends string>(key: K, v: number | undefined): Partial<Record<K, number>> {
  return v === undefined ? {} : ({ [key]: v } as Partial<Record<K, number>>);
}
