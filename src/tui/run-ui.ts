/**
 * The terminal UI on a real terminal: the App rendered by ink, Ctrl-C
 * handled as q (so that quitting always winds the loop down the same way),
 * and the loop started once the first frame is up.
 *
 * ink's standard renderer, not its incremental one: in ink 6.8 the
 * incremental renderer moves the cursor up one line too few when the frame
 * is shorter than the terminal (as ours is, see campaign-view.ts), and the
 * frames drift down the screen. The standard one rewrites only the frame's
 * own lines (never clearing the screen) inside synchronized-update escapes
 * (DECSET 2026), which terminals that know them show as one atomic change.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { render } from 'ink';
import isInCi from 'is-in-ci';
import { createElement as h } from 'react';
import type { CampaignConfig } from '../campaign/index.js';
import { EVENT_RECIPE, readManifest, restoreSamplesAside, trainGeneratedReweighter } from '../reweighting/index.js';
import { App } from './app.js';
import type { LoopController } from './controller.js';
import { loadReweightSource, type ReweightSource } from './reweight-source.js';

/**
 * Whether the UI can be drawn live here: stdin and stdout on a terminal, and
 * not under CI, where ink (through is-in-ci: CI or CONTINUOUS_INTEGRATION set)
 * draws only the last frame, so that a user would see nothing until the end.
 */
export function liveTerminal(stdout: { isTTY?: boolean } = process.stdout, stdin: { isTTY?: boolean } = process.stdin): boolean {
  return stdout.isTTY === true && stdin.isTTY === true && !isInCi;
}

export interface UiOptions {
  readonly controller: LoopController;
  readonly openReweight: (progress: (message: string) => void) => Promise<ReweightSource>;
  readonly reweightHint: readonly string[];
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
}

/** Runs the UI until the user quits; resolves how: after the loop wound down, or forced by a second q. */
export async function runUi(o: UiOptions): Promise<'quit' | 'forced'> {
  let how: 'quit' | 'forced' = 'quit';
  const app = h(App, { control: o.controller, openReweight: o.openReweight, reweightHint: o.reweightHint, onExit: (x: 'quit' | 'forced') => (how = x) });
  const instance = render(app, {
    ...(o.stdout ? { stdout: o.stdout } : {}),
    ...(o.stdin ? { stdin: o.stdin } : {}),
    exitOnCtrlC: false,
    maxFps: 20,
  });
  o.controller.start();
  await instance.waitUntilExit();
  return how;
}

/**
 * The baseline sample of a reweighter: the one its training manifest names
 * (as written, relative to where it was trained, or found under the
 * reweighter's folder), else `samples/baseline.arrow` there, where
 * `mctune reweight train --generate` puts it.
 */
export function baselineSampleOf(reweighterDir: string): string {
  let file: string | undefined;
  try {
    file = readManifest(reweighterDir)?.baseline.file;
  } catch {
    file = undefined;
  }
  const candidates = file === undefined ? [] : [file, join(reweighterDir, 'samples', basename(file)), join(reweighterDir, basename(file))];
  candidates.push(join(reweighterDir, 'samples', 'baseline.arrow'), join(reweighterDir, 'baseline.arrow'));
  return candidates.find((f) => existsSync(f)) ?? candidates[0];
}

/**
 * A reweighting source from `reweighterDir` and `sample` (default: the
 * reweighter's baseline). With `trainFor` and no reweighter there, one is
 * trained first over that campaign's ranges (see trainCampaignReweighter)
 * and kept for the next time.
 */
export function reweightOpener(reweighterDir: string, sample: string | undefined, trainFor?: CampaignConfig, sizes: FirstUseSizes = FIRST_USE): (progress: (message: string) => void) => Promise<ReweightSource> {
  return async (progress) => {
    // A save killed after writing the model but before moving the samples back leaves the baseline aside.
    restoreSamplesAside(reweighterDir);
    if (trainFor && !existsSync(join(reweighterDir, 'model.json'))) await trainCampaignReweighter(trainFor, reweighterDir, progress, sizes);
    return loadReweightSource(reweighterDir, sample ?? baselineSampleOf(reweighterDir));
  };
}

/** A reweighter trained on first use: θ₀ events, as many again spread over `points` points of the campaign's box, a short training. */
export const FIRST_USE = { events: 100_000, points: 32, epochs: 20, seed: 1 } as const;

export interface FirstUseSizes {
  readonly events: number;
  readonly points: number;
  readonly epochs: number;
  readonly seed: number;
}

/**
 * An event-level reweighter over the campaign's free parameters and ranges,
 * θ₀ at the generator's defaults, from samples of the built-in generator made
 * into `<reweighterDir>/samples` (kept: a training stopped half-way carries on).
 */
export async function trainCampaignReweighter(config: CampaignConfig, reweighterDir: string, progress: (message: string) => void, sizes: FirstUseSizes = FIRST_USE): Promise<void> {
  const ranges = config.parameters.filter((p) => p.fixed === undefined).map((p) => ({ name: p.name, lo: p.low, hi: p.high }));
  const fixed = Object.fromEntries(config.parameters.filter((p) => p.fixed !== undefined).map((p) => [p.name, p.fixed ?? NaN]));
  const total = sizes.points + 1;
  let made = 0;
  progress(`training a reweighter on first use: generating sample 1 of ${total} (${sizes.events.toLocaleString('en-US')} events at θ₀, then ${sizes.points} points of the campaign's box)…`);
  const trained = await trainGeneratedReweighter({
    out: reweighterDir,
    ranges,
    baseSettings: fixed,
    points: sizes.points,
    events: sizes.events,
    sampling: 'sobol',
    seed: sizes.seed,
    recipe: EVENT_RECIPE,
    train: { epochs: sizes.epochs, seed: sizes.seed, onProgress: (p) => progress(`training a reweighter on first use: pass ${p.epoch} of at most ${sizes.epochs}, loss ${p.loss.toFixed(4)}${p.valLoss === undefined ? '' : `, validation ${p.valLoss.toFixed(4)}`}…`) },
    onSample: () => {
      made++;
      if (made < total) progress(`training a reweighter on first use: generating sample ${made + 1} of ${total}…`);
      else progress('training a reweighter on first use: reading the samples…');
    },
  });
  trained.reweighter.dispose();
}

/** What the reweighting screen says when there is no reweighter: how to train one for this campaign. */
export function reweightHint(config: CampaignConfig, reweighterDir: string): string[] {
  const vary = config.parameters.filter((p) => p.fixed === undefined).map((p) => `--vary ${p.name}=${p.low}:${p.high}`);
  return [
    'Train an event-level reweighter for this campaign (θ₀: the generator defaults), e.g.',
    `  mctune reweight train --generate ${vary.join(' ')} -o ${reweighterDir}`,
    '(see mctune reweight train --help), then press r again here,',
    'or point the UI at another one: mctune ui CAMPAIGN.yaml --reweighter DIR [--sample FILE.arrow]',
  ];
}
