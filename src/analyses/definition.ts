/**
 * Analysis definitions: `analyses/NAME.yaml` declares the observables of an
 * analysis, the reference file its binning was booked from and how each
 * histogram is normalised, the way a Rivet analysis books from reference
 * data. The bin edges are stored in the YAML itself so an analysis runs
 * without the reference file being present.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { Binning } from '../histo/index.js';
import { expected, parseYamlSource, strictMapping, validateYaml, type YamlSource } from '../diagnostics/index.js';
import { OBSERVABLES, type ObservableName } from './observable-names.js';

/** How a histogram is finalised, mirroring Rivet's `normalize`/`scale` calls. */
export type Finalise =
  /** Scale so the integral including flows is `area`. */
  | { readonly kind: 'normalise'; readonly area: number }
  /** Scale so the integral including flows is the mean charged multiplicity. */
  | { readonly kind: 'normalise-mean-charged' }
  /** Multiply by `factor` / Σ(event weights). */
  | { readonly kind: 'per-event'; readonly factor: number };

export interface ObservableSpec {
  /** HEPData-style id, e.g. `d01-x01-y01`; the histogram path is `/NAME/id`. */
  readonly id: string;
  readonly observable: ObservableName;
  readonly title: string;
  readonly binning: Binning;
  readonly finalise: Finalise;
  /** Absolute PDG ids selected by identified-hadron observables. */
  readonly pids: readonly number[];
  /** Only for `mean-charged-multiplicity`: count particles with |y_T| ≤ this. */
  readonly maxRapidity: number;
  /** Only for identified hadrons: minimum x_p. */
  readonly minXp: number;
}

export interface AnalysisDefinition {
  readonly name: string;
  /** File the binning was booked from (in `reference-data/`), if any. */
  readonly reference: string | undefined;
  /** Nominal beam energy, GeV, used when an event has no beam particles. */
  readonly beamEnergy: number;
  /** Events with fewer charged final-state particles are vetoed. */
  readonly minCharged: number;
  readonly observables: readonly ObservableSpec[];
  /** The YAML file it came from. */
  readonly file: string;
}

const num = z.number({ error: expected('a number') });
const positive = (what: string) => z.number({ error: expected(what) }).positive({ error: expected(what) });

/** Observables that select particles by PDG id. */
const NEEDS_PID: ReadonlySet<ObservableName> = new Set(OBSERVABLES.filter((o) => o.startsWith('hadron') || o === 'mean-hadron-multiplicity'));

const observable = strictMapping({
  id: z.string({ error: expected('an id like d01-x01-y01') }).regex(/^d\d+-x\d+-y\d+$/, { error: expected('an id like d01-x01-y01') }),
  observable: z.enum(OBSERVABLES),
  title: z.string({ error: expected('a title') }).optional(),
  normalise: z.union([positive('a positive number'), z.literal('mean-charged-multiplicity')], { error: expected('a positive number or mean-charged-multiplicity') }).optional(),
  'per-event': positive('a positive factor').optional(),
  edges: z.array(num, { error: expected('a list of bin edges') }).min(2, { error: expected('a list of at least two edges') }).optional(),
  bins: z.array(z.tuple([num, num], { error: expected('a [low, high] pair') }), { error: expected('a list of [low, high] pairs') }).min(1, { error: expected('a list of [low, high] pairs') }).optional(),
  pid: z.array(z.int({ error: expected('a PDG id') }), { error: expected('a list of PDG ids') }).optional(),
  'max-rapidity': num.optional(),
  'min-xp': num.optional(),
}).superRefine((o, ctx) => {
  if ((o.edges === undefined) === (o.bins === undefined)) ctx.addIssue({ code: 'custom', message: `give exactly one of 'edges' (contiguous) or 'bins' ([low, high] pairs)` });
  if ((o.normalise === undefined) === (o['per-event'] === undefined)) ctx.addIssue({ code: 'custom', message: `give exactly one of 'normalise' (a number or mean-charged-multiplicity) or 'per-event' (a factor)` });
  if (NEEDS_PID.has(o.observable) && !o.pid?.length) ctx.addIssue({ code: 'custom', message: `observable '${o.observable}' needs 'pid'` });
});

const analysisFile = strictMapping({
  name: z.string({ error: expected('an analysis name like ALEPH_1996_S3486095') }).regex(/^[A-Za-z0-9_]+$/, { error: expected('an analysis name like ALEPH_1996_S3486095') }),
  reference: z.string({ error: expected('a file name') }).optional(),
  'beam-energy': num.optional(),
  'min-charged': num.optional(),
  observables: z.array(observable, { error: expected('a list of observables') }).min(1, { error: expected('a non-empty list of observables') }),
});

type ObservableEntry = z.output<typeof observable>;

/** Reads and validates an analysis file; errors name the file, line and key. */
export function readAnalysisFile(file: string): AnalysisDefinition {
  return parseAnalysis(readFileSync(file, 'utf8'), file);
}

export function parseAnalysis(text: string, file: string): AnalysisDefinition {
  const src = parseYamlSource(text, file);
  if (src.doc.contents === null) src.fail(null, 'expected a mapping with name, observables, …');
  const a = validateYaml(src, analysisFile);
  const seen = new Set<string>();
  const observables = a.observables.map((o, i) => {
    if (seen.has(o.id)) src.failAt(['observables', i, 'id'], `duplicate observable id '${o.id}'`);
    seen.add(o.id);
    return observableSpec(src, o, i);
  });
  return { name: a.name, reference: a.reference, beamEnergy: a['beam-energy'] ?? 45.6, minCharged: a['min-charged'] ?? 2, observables, file };
}

function observableSpec(src: YamlSource, o: ObservableEntry, i: number): ObservableSpec {
  return {
    id: o.id,
    observable: o.observable,
    title: o.title ?? o.id,
    binning: binningOf(src, o, i),
    finalise: finaliseOf(o),
    pids: (o.pid ?? []).map((p) => Math.abs(p)),
    maxRapidity: o['max-rapidity'] ?? Infinity,
    minXp: o['min-xp'] ?? 0,
  };
}

/** The schema has checked that exactly one of `normalise` and `per-event` is given. */
function finaliseOf(o: ObservableEntry): Finalise {
  if (o.normalise === 'mean-charged-multiplicity') return { kind: 'normalise-mean-charged' };
  if (o.normalise !== undefined) return { kind: 'normalise', area: o.normalise };
  return { kind: 'per-event', factor: o['per-event'] ?? 1 };
}

function binningOf(src: YamlSource, o: ObservableEntry, i: number): Binning {
  try {
    if (o.edges) return Binning.fromEdges(o.edges);
    const pairs = o.bins ?? [];
    return Binning.fromBounds(Float64Array.from(pairs, (b) => b[0]), Float64Array.from(pairs, (b) => b[1]));
  } catch (e) {
    return src.failAt(['observables', i, o.edges ? 'edges' : 'bins'], (e as Error).message);
  }
}
