/**
 * The checks of a campaign file that look beyond it: the reference files
 * exist and parse, the analyses exist, the built-in generator knows each
 * setting and allows its range, and every weight line matches a histogram.
 * Done when the file is loaded, so a mistake stops `mctune run` before the
 * first run rather than failing every run, or worse, the fit at the end.
 */
import { readFileSync, statSync } from 'node:fs';
import { loadAnalysis, resultPaths, UnknownAnalysisError } from '../analyses/index.js';
import { FileError, type YamlSource } from '../diagnostics/index.js';
import { resolveSettings, SETTINGS, SettingError } from '../generator/index.js';
import { parseHepDataTable } from '../hepdata/index.js';
import { isBookkeeping, mcPathOf } from '../reference/index.js';
import { readYodaFileSync } from '../yoda/index.js';
import type { CampaignConfig, ParameterSpec } from './config.js';
import { weightMatches, type WeightSpec } from './weights.js';

/** Throws a FileError where something came from; `key` picks a part of it (`range`, `fixed`) where there is one. */
export type Blame = (message: string, key?: string) => never;

export interface LocatedParameter {
  readonly spec: ParameterSpec;
  readonly blame: Blame;
}

export interface LocatedWeight {
  readonly spec: WeightSpec;
  readonly blame: Blame;
}

/** Runs every check; returns the warnings, as `file:line: warning: …`. */
export function checkCampaign(src: YamlSource, config: CampaignConfig, parameters: readonly LocatedParameter[], weights: readonly LocatedWeight[]): string[] {
  if (config.generator.kind === 'builtin') for (const p of parameters) checkBuiltinSetting(p);
  checkKeepEvents(src, config);
  checkTuneFixed(src, config);
  const booked = analysisHistograms(src, config);
  const measured = referenceHistograms(src, config);
  // A weight selects histograms to fit, and only those with reference data can be; without reference files, the analyses
  // say what exists, unless one of them is an analysis mctune does not know (a Rivet one), whose histograms it cannot list.
  const [known, where] = measured.length > 0 ? [measured, 'the reference data'] : [booked.complete ? booked.paths : [], "the campaign's analyses"];
  if (known.length > 0) for (const w of weights) checkWeightMatches(w, known, where);
  return warnings(src, config);
}

function checkBuiltinSetting({ spec, blame }: LocatedParameter): void {
  const s = SETTINGS.find((x) => x.name === spec.name);
  if (!s) {
    try {
      resolveSettings({ [spec.name]: spec.low });
    } catch (e) {
      if (e instanceof SettingError) blame(`built-in generator: ${e.message}`);
      throw e;
    }
    return;
  }
  const allowed = `[${s.min}, ${s.max}]${s.unit ? ` ${s.unit}` : ''}`;
  if (spec.fixed !== undefined && (spec.fixed < s.min || spec.fixed > s.max)) {
    blame(`fixed value ${spec.fixed} is outside the built-in generator's allowed range ${allowed}`, 'fixed');
  }
  if (spec.low < s.min || spec.high > s.max) blame(`[${spec.low}, ${spec.high}] reaches outside the built-in generator's allowed range ${allowed}`, 'range');
}

function checkKeepEvents(src: YamlSource, config: CampaignConfig): void {
  const g = config.generator;
  if (src.keyAt([], 'keep-events') !== undefined && (g.kind !== 'command' || g.output !== 'hepmc')) {
    src.failAt(['keep-events'], 'only for a command generator with output: hepmc (other generators leave no events to keep)');
  }
}

function checkTuneFixed(src: YamlSource, config: CampaignConfig): void {
  for (const [name, value] of Object.entries(config.tune?.fixed ?? {})) {
    const p = config.parameters.find((x) => x.name === name);
    if (!p) src.failAt(['tune', 'fixed', name], `not a parameter of this campaign; its parameters: ${config.parameters.map((x) => x.name).join(', ')}`);
    if (value < p.low || value > p.high) src.failAt(['tune', 'fixed', name], `${value} is outside the parameter's range [${p.low}, ${p.high}]`);
  }
}

/**
 * Histograms the campaign's analyses book. A command generator writing YODA
 * may run analyses mctune does not know (Rivet's own), so only there an
 * unknown name is accepted; analysis files named by path must always exist.
 */
function analysisHistograms(src: YamlSource, config: CampaignConfig): { paths: string[]; complete: boolean } {
  const g = config.generator;
  const foreignAllowed = g.kind === 'command' && g.output === 'yoda';
  const out: string[] = [];
  let complete = true;
  config.analyses.forEach((name, i) => {
    try {
      out.push(...resultPaths(loadAnalysis(name)));
    } catch (e) {
      if (!(e instanceof UnknownAnalysisError)) throw e;
      const byPath = /[/\\]|\.ya?ml$/.test(name);
      if (byPath) src.failAt(['analyses', i], `no analysis file ${name}`);
      if (!foreignAllowed) src.failAt(['analyses', i], `${e.message}; a command generator writing YODA may also name analyses mctune does not know`);
      complete = false;
    }
  });
  return { paths: out, complete };
}

/** MC paths of the reference histograms; each file must exist and parse. */
function referenceHistograms(src: YamlSource, config: CampaignConfig): string[] {
  const out: string[] = [];
  config.reference.forEach((file, i) => {
    try {
      if (statSync(file).isDirectory()) src.failAt(['reference', i], `${file} is a folder; expected a YODA or HEPData YAML file`);
    } catch (e) {
      if (e instanceof FileError) throw e;
      src.failAt(['reference', i], `no reference file ${file}`);
    }
    let paths: string[];
    try {
      paths = /\.ya?ml$/i.test(file) ? parseHepDataTable(readFileSync(file, 'utf8'), file).map((o) => o.path) : readYodaFileSync(file).objects.map((o) => o.path);
    } catch (e) {
      // A parse error is reported where it is, in the reference file.
      if (e instanceof FileError) throw e;
      return src.failAt(['reference', i], `cannot read ${file}: ${(e as Error).message}`);
    }
    for (const p of paths) if (!isBookkeeping(mcPathOf(p))) out.push(mcPathOf(p));
  });
  return out;
}

function checkWeightMatches({ spec, blame }: LocatedWeight, known: readonly string[], where: string): void {
  if (known.some((p) => weightMatches(spec, p))) return;
  blame(`${spec.path} matches no histogram of ${where} (${known.length} histograms, e.g. ${known[0]})`);
}

function warnings(src: YamlSource, config: CampaignConfig): string[] {
  const out: string[] = [];
  const g = config.generator;
  if (g.kind === 'command' && !g.command.some((a) => a.includes('{events}'))) {
    const line = src.lineOf(src.nodeAt(['generator', 'command']));
    out.push(`${src.file}:${line}: warning: generator.command: the template has no {events}, so the campaign's events (${config.events}) are not passed on; the generator makes as many as it is set to`);
  }
  return out;
}
