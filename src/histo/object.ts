/** The kinds of analysis object mctune reads, holds and writes. */
export type ObjectKind = 'Histo1D' | 'Profile1D' | 'Counter' | 'Scatter2D' | 'Estimate0D' | 'Estimate1D';

/**
 * Annotations as the file holds them: raw YAML scalar text keyed by name, in
 * insertion order. Kept verbatim so that a round trip never rewrites them.
 */
export type Annotations = Map<string, string>;

/** What every analysis object shares: a path like `/ALEPH_1996_S3486095/d01-x01-y01` and annotations. */
export abstract class AnalysisObject {
  abstract readonly kind: ObjectKind;
  readonly annotations: Annotations;
  private _path: string;

  constructor(path: string, annotations?: Iterable<[string, string]>) {
    checkPath(path);
    this._path = path;
    this.annotations = new Map(annotations ?? []);
  }

  get path(): string {
    return this._path;
  }

  set path(p: string) {
    checkPath(p);
    this._path = p;
  }

  /** The Title annotation with YAML's `~` (null) read as empty. */
  get title(): string {
    const t = this.annotations.get('Title');
    return t === undefined || t === '~' ? '' : t;
  }

  set title(t: string) {
    this.annotations.set('Title', t === '' ? '~' : t);
  }

  /** Reference data (`IsRef: 1` or a `/REF/` path). */
  get isRef(): boolean {
    return this._path.startsWith('/REF/') || this.annotations.get('IsRef') === '1';
  }

  /** Number of bins (or points) the object carries, flows excluded. */
  abstract get numBins(): number;
}

function checkPath(p: string): void {
  if (!p.startsWith('/') || /\s/.test(p)) {
    throw new Error(`invalid object path '${p}': expected '/' followed by a name without spaces`);
  }
}

/** Multiplies the ScaledBy annotation the way YODA does when an object is scaled. */
export function recordScale(annotations: Annotations, factor: number): void {
  const old = Number(annotations.get('ScaledBy') ?? '1');
  annotations.set('ScaledBy', String((Number.isFinite(old) ? old : 1) * factor));
}
