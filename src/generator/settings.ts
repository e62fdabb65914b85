/**
 * The built-in generator's settings, named and defaulted as in Pythia 8
 * (defaults: the Monash 2013 tune), with Pythia's allowed ranges.
 */

export interface SettingSpec {
  readonly name: string;
  /** Monash 2013 value. */
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly unit: string;
  readonly doc: string;
}

const SPECS = [
  spec('TimeShower:alphaSvalue', 0.1365, 0.06, 0.25, '', 'αs(MZ) of the final-state shower, one-loop running'),
  spec('TimeShower:pTmin', 0.5, 0.1, 2.0, 'GeV', 'shower cutoff in evolution pT'),
  spec('StringZ:aLund', 0.68, 0.0, 2.0, '', 'Lund a: larger gives softer hadrons and more of them'),
  spec('StringZ:bLund', 0.98, 0.2, 2.0, 'GeV^-2', 'Lund b: larger gives harder hadrons'),
  spec('StringZ:rFactC', 1.32, 0.0, 2.0, '', 'Bowler factor r_c for charm at the string end'),
  spec('StringZ:rFactB', 0.855, 0.0, 2.0, '', 'Bowler factor r_b for bottom at the string end'),
  spec('StringPT:sigma', 0.335, 0.0, 1.0, 'GeV', 'width of the Gaussian pT of string breaks'),
  spec('StringFlav:probStoUD', 0.217, 0.0, 1.0, '', 's versus u or d in string breaks'),
  spec('StringFlav:probQQtoQ', 0.081, 0.0, 1.0, '', 'diquark versus quark in string breaks (baryon fraction)'),
  spec('StringFlav:probSQtoQQ', 0.915, 0.0, 1.0, '', 'extra suppression of strange diquarks'),
  spec('StringFlav:mesonUDvector', 0.5, 0.0, 3.0, '', 'vector/pseudoscalar ratio for u, d mesons'),
  spec('StringFlav:mesonSvector', 0.55, 0.0, 3.0, '', 'vector/pseudoscalar ratio for strange mesons'),
  spec('StringFlav:mesonCvector', 0.88, 0.0, 3.0, '', 'vector/pseudoscalar ratio for charm mesons'),
  spec('StringFlav:mesonBvector', 2.2, 0.0, 3.0, '', 'vector/pseudoscalar ratio for bottom mesons'),
  spec('StringFlav:etaSup', 0.6, 0.0, 1.0, '', 'suppression of η'),
  spec('StringFlav:etaPrimeSup', 0.12, 0.0, 1.0, '', "suppression of η'"),
  spec('StringFragmentation:stopMass', 1.0, 0.0, 2.0, 'GeV', 'remaining string mass below which the last two hadrons are made'),
] as const;

/** A Pythia setting name the built-in generator understands. */
export type SettingName = (typeof SPECS)[number]['name'];

/** Values for every setting, keyed by Pythia name. */
export type Settings = Readonly<Record<SettingName, number>>;

/** All settings with their defaults, ranges and meaning. */
export const SETTINGS: readonly SettingSpec[] = SPECS;

const BY_NAME = new Map<string, SettingSpec>(SPECS.map((s) => [s.name, s]));

/** The Monash defaults. */
export function defaultSettings(): Settings {
  return Object.fromEntries(SPECS.map((s) => [s.name, s.default])) as unknown as Settings;
}

/** A setting name or value the generator cannot accept. */
export class SettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingError';
  }
}

export function isSettingName(name: string): name is SettingName {
  return BY_NAME.has(name);
}

/**
 * Defaults overridden by `changes`; every name and value is checked, and the
 * error names the setting and its allowed range.
 */
export function resolveSettings(changes: Readonly<Record<string, number>> = {}): Settings {
  const out: Record<string, number> = { ...defaultSettings() };
  for (const [name, value] of Object.entries(changes)) {
    const s = BY_NAME.get(name);
    if (!s) throw new SettingError(`unknown setting '${name}'${suggest(name)}; known settings: ${[...BY_NAME.keys()].join(', ')}`);
    if (!Number.isFinite(value)) throw new SettingError(`${name} = ${value}: expected a finite number`);
    if (value < s.min || value > s.max) {
      throw new SettingError(`${name} = ${value} is outside its allowed range [${s.min}, ${s.max}]${s.unit ? ' ' + s.unit : ''}`);
    }
    out[name] = value;
  }
  return out as unknown as Settings;
}

/** Parses `Name=value` (the form of `--set`), checking both parts. */
export function parseSettingAssignment(text: string): [SettingName, number] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new SettingError(`'${text}': expected Name=value, e.g. StringZ:aLund=0.7`);
  const name = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  const value = raw === '' ? NaN : Number(raw);
  if (!isSettingName(name)) throw new SettingError(`unknown setting '${name}'${suggest(name)}`);
  if (!Number.isFinite(value)) throw new SettingError(`${name}: '${raw}' is not a number`);
  resolveSettings({ [name]: value });
  return [name, value];
}

function suggest(name: string): string {
  const lower = name.toLowerCase();
  const hit = [...BY_NAME.keys()].find((k) => k.toLowerCase() === lower || k.split(':')[1].toLowerCase() === lower.split(':').pop());
  return hit ? ` (did you mean '${hit}'?)` : '';
}

function spec<N extends string>(name: N, def: number, min: number, max: number, unit: string, doc: string) {
  return { name, default: def, min, max, unit, doc } as const;
}
