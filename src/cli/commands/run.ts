import { existsSync } from 'node:fs';
import { listRunDirs, runsDirOf, sampleRuns } from '../../campaign/index.js';
import { ProgressTracker, runLocal, runOne, runSlurm, writeCampaignPointer, type CampaignEvent, type CampaignResult } from '../../pool/index.js';
import { UsageError, type CliIO, type Command, type ParsedArgs } from '../command.js';
import { formatSeconds } from '../progress.js';
import { campaignDir, DIR, loadCampaign } from './campaign-dir.js';
import { ingestAndReport } from './ingest.js';

export const run: Command = {
  name: 'run',
  summary: 'Execute the pending runs of a campaign (local worker pool or Slurm), then ingest the results.',
  args: 'CAMPAIGN.yaml',
  arity: 1,
  description:
    'Runs already done are never redone: after a crash or Ctrl-C, run again to resume. A failing run is retried (the campaign\'s `retries`), then marked failed with its reason and left out. Samples the campaign first if it has no runs yet.',
  options: [
    DIR,
    { name: 'engine', type: 'string', value: 'local|slurm', choices: ['local', 'slurm'], default: 'local', description: 'where runs execute' },
    { name: 'workers', short: 'j', type: 'string', value: 'N', description: 'parallel runs of the local engine (default: the number of cores)' },
    { name: 'retry-failed', type: 'boolean', default: false, description: 'give runs that failed earlier a fresh set of attempts' },
    { name: 'poll', type: 'string', value: 'S', default: '5', description: 'seconds between Slurm queue polls' },
    { name: 'max-parallel', type: 'string', value: 'N', description: 'Slurm: at most N array tasks at once' },
    { name: 'sbatch', type: 'string', value: 'OPTION', multiple: true, description: 'Slurm: extra #SBATCH option, e.g. --partition=short (repeatable)' },
    { name: 'no-ingest', type: 'boolean', default: false, description: 'do not ingest the results afterwards' },
  ],
  async run(a, io) {
    const config = loadCampaign(a.positionals[0]!, io);
    const dir = campaignDir(a, config.name);
    if (listRunDirs(runsDirOf(dir)).length === 0) {
      const made = sampleRuns(config, dir);
      io.err(`no runs yet: sampled ${made.length} (${config.sampling}) in ${runsDirOf(dir)}\n`);
    }
    writeCampaignPointer(dir, config.file);
    const stop = new AbortController();
    const onSignal = () => {
      if (stop.signal.aborted) process.exit(130);
      io.err('\nstopping: runs in flight go back to pending (press Ctrl-C again to quit at once)\n');
      stop.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const show = campaignDisplay(io, Boolean(process.stderr.isTTY));
    let result: CampaignResult;
    try {
      const common = { signal: stop.signal, onEvent: show, retryFailed: a.values['retry-failed'] === true };
      result =
        a.values.engine === 'slurm'
          ? await runSlurm(config, dir, { ...common, pollSeconds: positive(a, 'poll'), ...optionalInt(a, 'max-parallel', 'maxParallel'), ...(a.values.sbatch ? { sbatchOptions: a.values.sbatch as string[] } : {}) })
          : await runLocal(config, dir, { ...common, ...optionalInt(a, 'workers', 'workers') });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      show.close();
    }
    io.err(summary(result));
    if (result.interrupted) return 130;
    if (!a.values['no-ingest']) ingestAndReport(dir, io);
    return result.failed.length > 0 ? 1 : 0;
  },
};

export const runOneCommand: Command = {
  name: 'run-one',
  summary: 'Execute one run directory in this process (what each Slurm array task does).',
  args: 'RUNDIR',
  arity: 1,
  description: 'The campaign file is the one the campaign directory records (campaign.json), unless --campaign is given. Exit code 0 when the run is done.',
  options: [{ name: 'campaign', type: 'string', value: 'FILE', description: 'campaign file (default: the one recorded in the campaign directory)' }],
  async run(a, io) {
    const dir = a.positionals[0]!;
    if (!existsSync(dir)) throw new Error(`${dir}: no such run directory`);
    const stop = new AbortController();
    // Slurm sends SIGTERM at the time limit and on scancel: leave the run pending, not half-done.
    const onSignal = () => stop.abort();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
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
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};

function positive(a: ParsedArgs, name: string): number {
  const v = Number(a.values[name]);
  if (!(v > 0)) throw new UsageError(`--${name} must be a positive number, got '${String(a.values[name])}'`, 'mctune run');
  return v;
}

function optionalInt<K extends string>(a: ParsedArgs, name: string, key: K): Partial<Record<K, number>> {
  if (a.values[name] === undefined) return {};
  const v = Number(a.values[name]);
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`--${name} must be a positive integer, got '${String(a.values[name])}'`, 'mctune run');
  return { [key]: v } as Partial<Record<K, number>>;
}

/**
 * Renders engine events: on a terminal one redrawn bar (runs, failures,
 * events/s, ETA) with failures printed above it; otherwise one line per
 * finished run, so batch logs read well.
 */
function campaignDisplay(io: CliIO, isTTY: boolean): ((e: CampaignEvent) => void) & { close(): void } {
  const tracker = new ProgressTracker();
  let last = 0;
  let drawn = false;
  const bar = () => {
    const s = tracker.snapshot();
    const width = 24;
    const filled = s.total > 0 ? Math.round(((s.done + s.failed) / s.total) * width) : 0;
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${s.done}/${s.total} runs done, ${s.failed} failed, ${s.running} running  ${Math.round(s.eventsPerSecond).toLocaleString('en-US')} ev/s  ETA ${s.eta === undefined ? '--' : formatSeconds(s.eta)}`;
  };
  const say = (line: string) => io.err(isTTY && drawn ? `\r\x1b[K${line}\n` : `${line}\n`);
  const show = (e: CampaignEvent) => {
    tracker.update(e);
    if (e.type === 'start') {
      const extra = [e.resumed.length ? `${e.resumed.length} interrupted runs resumed` : '', e.adopted.length ? `${e.adopted.length} finished runs recovered` : ''].filter(Boolean).join(', ');
      say(`${e.engine} engine: ${e.todo} runs to do, ${e.done} done already, ${e.failed} failed earlier${e.engine === 'local' ? `; ${e.slots} workers` : ''}${extra ? ` (${extra})` : ''}`);
    } else if (e.type === 'submitted') say(`submitted Slurm job ${e.jobId}: ${e.runs.length} array tasks (${e.script})`);
    else if (e.type === 'finished' && e.outcome.state !== 'done' && e.outcome.state !== 'interrupted') say(`run ${e.run} ${e.outcome.state === 'pending' ? 'failed, will retry' : 'FAILED'}: ${e.outcome.reason}`);
    else if (e.type === 'finished' && !isTTY && e.outcome.state === 'done') say(`run ${e.run} done (${e.outcome.events} events, ${e.outcome.seconds.toFixed(1)} s)  ${bar()}`);
    const now = performance.now();
    if (isTTY && (now - last > 200 || e.type === 'finished')) {
      last = now;
      drawn = true;
      io.err(`\r${bar()}\x1b[K`);
    }
  };
  return Object.assign(show, { close: () => (isTTY && drawn ? io.err(`\r${bar()}\x1b[K\n`) : undefined) });
}

function summary(r: CampaignResult): string {
  const lines = [`${r.done.length} runs done, ${r.failed.length} failed${r.pending.length ? `, ${r.pending.length} left pending` : ''} in ${formatSeconds(r.seconds)}${r.events ? ` (${Math.round(r.events / Math.max(r.seconds, 1e-9)).toLocaleString('en-US')} events/s)` : ''}`];
  for (const f of r.failed) lines.push(`  ${f.name}: ${f.reason}`);
  if (r.interrupted) lines.push('stopped; run the same command again to resume');
  return lines.join('\n') + '\n';
}
