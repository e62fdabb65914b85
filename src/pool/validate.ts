/**
 * A generator's output counts only once mctune has read it: a YODA file must
 * parse and hold the histograms of every analysis; a HepMC3 file must parse
 * and is run through mctune's analyses to make the run's YODA. Whatever made
 * them, a run's histograms must hold finite numbers only (one NaN bin makes
 * every χ² of a fit NaN); histograms nobody filled are reported as warnings.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AnalysisRun, analyseStream, loadAnalysis, resultObjects, resultPaths, UnknownAnalysisError } from '../analyses/index.js';
import { readHepMC3 } from '../hepmc/index.js';
import { isBookkeeping } from '../reference/index.js';
import { describeNonFinite, firstNonFinite, isUnfilled, type AnyObject } from '../histo/index.js';
import { readYodaFileSync, writeYodaFile, type YodaDocument } from '../yoda/index.js';
import { RunFailure } from './failure.js';
import { OUTPUT_FILE } from './job.js';

function requireOutput(file: string): void {
  if (!existsSync(file)) throw new RunFailure('no-output', `generator wrote no output (expected ${basename(file)} in the run directory)`);
  if (statSync(file).size === 0) throw new RunFailure('no-output', `generator wrote an empty output file (${basename(file)})`);
}

/** What a run's histograms say beyond being usable. */
export interface OutputCheck {
  /** Paths of MC histograms with no entries at all. */
  readonly unfilled: string[];
}

/**
 * Checks that every number of every object is finite (throws a RunFailure
 * naming the object, bin and quantity otherwise) and lists the unfilled histograms.
 */
export function checkRunObjects(objects: readonly AnyObject[]): OutputCheck {
  const unfilled: string[] = [];
  for (const o of objects) {
    // Rivet's own bookkeeping (raw copies, weight sums) is not fitted, as ingest skips it.
    if (isBookkeeping(o.path)) continue;
    const bad = firstNonFinite(o);
    if (bad) throw new RunFailure('bad-output', `non-finite value in the output: ${describeNonFinite(bad)}`);
    if (!o.isRef && isUnfilled(o)) unfilled.push(o.path);
  }
  return { unfilled };
}

/** Writes a run's YODA (atomically) once its objects pass {@link checkRunObjects}. */
export async function writeRunOutput(runDir: string, objects: readonly AnyObject[]): Promise<OutputCheck> {
  const check = checkRunObjects(objects);
  await writeYodaFile(join(runDir, OUTPUT_FILE), objects);
  return check;
}

/** Checks a YODA output; throws a RunFailure naming the first problem. */
export function validateYodaOutput(file: string, analyses: readonly string[]): OutputCheck {
  requireOutput(file);
  let doc: YodaDocument;
  try {
    doc = readYodaFileSync(file);
  } catch (e) {
    throw new RunFailure('bad-output', `output is not valid YODA: ${(e as Error).message}`);
  }
  for (const name of analyses) {
    const expected = expectedPaths(name);
    if (expected) {
      const missing = expected.filter((p) => !doc.has(p));
      if (missing.length) throw new RunFailure('bad-output', `output lacks ${missing.length} of the ${expected.length} histograms of ${name}, e.g. ${missing[0]}`);
    } else if (!doc.objects.some((o) => o.path.startsWith(`/${name}/`))) {
      throw new RunFailure('bad-output', `output has no objects of analysis ${name}`);
    }
  }
  return checkRunObjects(doc.objects);
}

/** Paths an analysis mctune knows must write; undefined for analyses it does not know (e.g. Rivet's own). */
function expectedPaths(name: string): string[] | undefined {
  try {
    return resultPaths(loadAnalysis(name));
  } catch (e) {
    if (e instanceof UnknownAnalysisError) return undefined;
    throw e;
  }
}

export interface HepMCRunResult extends OutputCheck {
  readonly events: number;
}

/** Analyses a HepMC3 output and writes the run's YODA. */
export async function analyseHepMCOutput(file: string, analyses: readonly string[], runDir: string): Promise<HepMCRunResult> {
  requireOutput(file);
  const runs = analyses.map((a) => new AnalysisRun(loadAnalysis(a)));
  let n: number;
  try {
    n = await analyseStream(readHepMC3(file), runs);
  } catch (e) {
    throw new RunFailure('bad-output', `output is not valid HepMC3: ${(e as Error).message}`);
  }
  if (n === 0) throw new RunFailure('bad-output', 'output holds no events');
  // Overflowing weights show in the raw sums first; normalising them would only hide where.
  for (const r of runs) {
    if (!Number.isFinite(r.sumW)) throw new RunFailure('bad-output', `non-finite value in the output: the sum of event weights is ${r.sumW}`);
    checkRunObjects(r.rawHistograms());
  }
  return { events: n, ...(await writeRunOutput(runDir, resultObjects(runs, false))) };
}
