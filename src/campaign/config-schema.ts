/**
 * What a campaign file may say, as zod schemas: the checks and the types of
 * the blocks come from one definition. Checks that need more than the file
 * itself (reference files, analyses, the generator's allowed ranges) are in
 * config-checks.ts.
 */
import * as z from 'zod';
import { expected, shown, strictMapping } from '../diagnostics/index.js';

/** The substitutions a command template may use. */
export const PLACEHOLDERS = ['{params}', '{seed}', '{out}', '{rundir}', '{events}'] as const;
/** One hour: far beyond a normal run, short enough that a hung generator does not stall a campaign overnight. */
export const DEFAULT_TIMEOUT = 3600;

const num = z.number({ error: expected('a number') });

function intIn(lo: number, hi: number) {
  const error = expected(`an integer in [${lo}, ${hi}]`);
  return z.int({ error }).min(lo, { error }).max(hi, { error });
}

const positiveSeconds = z.number({ error: expected('a positive number of seconds') }).positive({ error: expected('a positive number of seconds') });

const text = (what: string) => z.string({ error: expected(what) }).min(1, { error: expected(what) });

/**
 * The campaign folder is named after the campaign (`mctune run` makes it in
 * the current folder), so a name must stay a plain folder name.
 */
const campaignName = text('a campaign name').refine((n) => !/[/\\]/.test(n) && !n.startsWith('.') && !/\p{Cc}/u.test(n), {
  error: (iss) => `${shown(iss.input)} would leave the campaign folder; expected a plain name without /, \\ or a leading dot`,
});

const pythiaName = z.string().regex(/^[A-Za-z]\w*:[\w:]+$/, { error: (iss) => `expected a Pythia setting name like StringZ:aLund, got ${shown(iss.input)}` });

const parameter = strictMapping({
  range: z.tuple([num, num], { error: expected('[low, high]') }).optional(),
  log: z.boolean({ error: expected('true or false') }).optional(),
  fixed: num.optional(),
  /** Where a closure test made its pseudo-data: reported beside the tune, never used by it. */
  truth: num.optional(),
}).superRefine((p, ctx) => {
  if (p.range === undefined) {
    if (p.fixed === undefined) ctx.addIssue({ code: 'custom', path: ['range'], message: 'missing; give range: [low, high] (or fixed: value)' });
    else if (p.log && !(p.fixed > 0)) ctx.addIssue({ code: 'custom', path: ['log'], message: `a log scale needs a positive value, got ${p.fixed}` });
    return;
  }
  const [low, high] = p.range;
  if (!(low < high)) ctx.addIssue({ code: 'custom', path: ['range'], message: `low ${low} must be below high ${high}` });
  else if (p.fixed !== undefined && (p.fixed < low || p.fixed > high)) ctx.addIssue({ code: 'custom', path: ['fixed'], message: `${p.fixed} is outside the range [${low}, ${high}]` });
  else if (p.log && !(low > 0)) ctx.addIssue({ code: 'custom', path: ['log'], message: `a log scale needs a positive range, got [${low}, ${high}]` });
});

export type ParameterEntry = z.output<typeof parameter>;

const argument = z.union([z.string(), z.number()], { error: expected('a string') }).transform(String);

const commandTemplate = z.array(argument, { error: expected('an argument array') }).min(1, { error: 'expected a non-empty argument array' }).superRefine((args, ctx) => {
  args.forEach((a, i) => {
    for (const m of a.matchAll(/\{[^}]*\}/g)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(m[0])) ctx.addIssue({ code: 'custom', path: [i], message: `unknown placeholder ${m[0]}; known: ${PLACEHOLDERS.join(' ')}` });
    }
  });
  if (!args.some((a) => a.includes('{out}'))) ctx.addIssue({ code: 'custom', message: 'the template must contain {out}, where the run writes its output' });
});

const generator = z.discriminatedUnion('kind', [
  strictMapping({ kind: z.literal('builtin'), timeout: positiveSeconds.optional() }, ' (command, output and env are for kind: command)'),
  strictMapping({
    kind: z.literal('command'),
    command: commandTemplate,
    output: z.enum(['yoda', 'hepmc']).optional(),
    timeout: positiveSeconds.optional(),
    env: z.record(z.string(), z.union([z.string(), z.number()], { error: expected('a string') }).transform(String), { error: expected('a mapping of variable names to strings') }).optional(),
  }),
]);

const weights = z.union([z.array(z.string({ error: expected('a weight line "/ANALYSIS/d01-x01-y01 weight"') })), strictMapping({ file: text('a file name') })], {
  error: expected('a list of "/ANALYSIS/d01-x01-y01 weight" lines or {file: path}'),
});

/** Options of the neural surrogates (per-bin networks, and the inverse network that maps histograms to parameters). */
const networkOptions = {
  /** Networks trained from different starts, averaged. */
  ensemble: intIn(1, 1000).optional(),
  epochs: intIn(1, 1_000_000).optional(),
  seed: intIn(0, 2 ** 32 - 1).optional(),
};

const surrogate = z.discriminatedUnion('kind', [
  strictMapping({
    kind: z.literal('polynomial'),
    order: z.union([intIn(1, 10), z.literal('auto')], { error: expected('an integer order in [1, 10] or auto') }).optional(),
    /** The highest order `auto` tries. */
    'max-order': intIn(1, 10).optional(),
    /** Folds of the cross-validation that `auto` runs. */
    folds: intIn(2, 100).optional(),
    /** Order of the polynomials of the bins' MC errors; 0: their median over the runs. */
    'error-order': intIn(0, 10).optional(),
  }),
  strictMapping({
    kind: z.literal('nn'),
    ...networkOptions,
    /** Full-batch optimiser of the per-bin networks. */
    optimizer: z.enum(['adam', 'rmsprop', 'momentum'], { error: expected('adam, rmsprop or momentum') }).optional(),
    'learning-rate': z.number({ error: expected('a positive learning rate') }).positive({ error: expected('a positive learning rate') }).optional(),
    /** Ensemble members after the first train on bootstrap copies of the runs. */
    bootstrap: z.boolean({ error: expected('true or false') }).optional(),
  }),
  strictMapping({
    kind: z.literal('inverse'),
    ...networkOptions,
    /** Principal components of the bins that feed the network. */
    components: intIn(1, 1000).optional(),
  }),
]);

const tune = strictMapping({
  method: z.enum(['minuit-like']).optional(),
  /** Minimisations from different starting points; the best is kept. */
  starts: intIn(1, 10_000).optional(),
  /** Parameters held at a value during the fit (they are still varied in the runs). */
  fixed: z.record(z.string(), num, { error: expected('a mapping of parameter names to values') }).optional(),
  /** Δχ² of the eigentunes: a number, or calibrated by closure toys (the default). */
  'delta-chi2': z.union([z.number().positive(), z.literal('calibrated')], { error: expected('a positive number or calibrated') }).optional(),
  /** Closure toys of the Δχ² calibration. */
  toys: intIn(10, 100_000).optional(),
  /** Leave out bins whose data lie outside the envelope of all runs. */
  envelope: z.boolean({ error: expected('true or false') }).optional(),
  /** What stands for the surrogate's uncertainty in the χ²: its own, one run's MC error (Professor's), or both. */
  'surrogate-error': z.enum(['own', 'mc', 'both'], { error: expected('own, mc or both') }).optional(),
  /** Scale a polynomial tune's σ by a closure test on the campaign's own runs, each refitted without (default true). */
  'held-out-closure': z.boolean({ error: expected('true or false') }).optional(),
});

const positive = (what: string) => z.number({ error: expected(what) }).positive({ error: expected(what) });

const iterations = strictMapping({
  /** The most iterations of the loop. */
  count: intIn(1, 100).optional(),
  /** Each iteration's ranges are this fraction of the previous ones, around the last result. */
  shrink: z.number({ error: expected('a factor in (0, 1]') }).gt(0, { error: expected('a factor in (0, 1]') }).lte(1, { error: expected('a factor in (0, 1]') }).optional(),
  /** Instead of shrink: each iteration's ranges are the last result ± this many σ. */
  sigmas: positive('a positive number of σ').optional(),
  /** Converged when every parameter moved less than this fraction of its σ since the last iteration. */
  tolerance: positive('a positive fraction of σ').optional(),
  /** Where later iterations put their new runs: like the first (uniform) or where the surrogate is least sure of what moves the tune. */
  sampling: z.enum(['uniform', 'adaptive'], { error: expected('uniform or adaptive') }).optional(),
  /** Which finished runs each iteration's surrogate learns from: those in its own box, in the box before it, or all. */
  'fit-runs': z.enum(['box', 'previous-box', 'all'], { error: expected('box, previous-box or all') }).optional(),
});

/** Surrogate settings (read by the surrogate stage). */
export type SurrogateSettings = z.output<typeof surrogate>;
/** Fit settings (read by the tuning stage). */
export type TuneSettings = z.output<typeof tune>;
/** Iterated tunes: how many rounds, and how the ranges shrink. */
export type IterationSettings = z.output<typeof iterations>;

export const campaignFile = strictMapping({
  name: campaignName.optional(),
  seed: intIn(0, 2 ** 32 - 1).optional(),
  parameters: z
    .record(pythiaName, parameter, { error: expected('a mapping of Pythia names to {range: [low, high]}') })
    .refine((r) => Object.keys(r).length > 0, { error: 'expected a mapping of Pythia names to {range: [low, high]}, got an empty one' })
    .optional(),
  'parameters-file': text('a file name').optional(),
  generator: generator.optional(),
  analyses: z.array(text('an analysis name or file'), { error: expected('a list of analysis names or files') }),
  reference: z.array(text('a file name'), { error: expected('a list of reference files') }),
  weights: weights.optional(),
  runs: intIn(1, 1_000_000),
  events: intIn(1, 1e12).optional(),
  sampling: z.enum(['uniform', 'lhs', 'sobol', 'grid']).optional(),
  retries: intIn(0, 100).optional(),
  'keep-events': z.literal([false, 'gzip']).optional(),
  surrogate: surrogate.optional(),
  tune: tune.optional(),
  iterations: iterations.optional(),
}).superRefine((c, ctx) => {
  if ((c.parameters === undefined) === (c['parameters-file'] === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['parameters'], message: `give exactly one of 'parameters' (a mapping) or 'parameters-file' (a Professor ranges file)` });
  }
});

export type CampaignFile = z.output<typeof campaignFile>;
