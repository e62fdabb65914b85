/**
 * The lines inside one HepMC3 event (E, U, W, P, V) and their assembly into
 * an EventRecord. Parent links can point forward (a V line after its
 * outgoing particles, a mother written after its daughter), so they are kept
 * raw while the event is read and resolved once it is complete.
 */
import { FileError } from '../diagnostics/index.js';
import { EventRecord, charge3Of } from '../event/index.js';
import { finiteOf, integerOf } from './fields.js';

const INT32_MAX = 2147483647;
const INT16_MAX = 32767;

export class EventLines {
  eventNumber = 0;
  private declaredVertices = 0;
  private declaredParticles = 0;
  private momentumScale = 1;
  private sawWeights = false;
  /** Raw second field of each P line: vertex id (< 0), parent particle id (> 0) or 0. */
  private second = new Int32Array(256);
  /** Line of each P line, to point at a reference that cannot be resolved once the event is complete. */
  private pLine = new Int32Array(256);
  /** Explicit vertex id → first incoming particle id listed in its V line (0: none). */
  private readonly vertexFirstIn = new Map<number, number>();
  /** Particle id → the explicit vertex that lists it as incoming (a particle has one end vertex). */
  private readonly incomingOf = new Map<number, number>();
  private mark = new Uint8Array(256);

  constructor(
    readonly file: string,
    readonly record: EventRecord,
  ) {}

  /** Starts an event from its E line. */
  begin(f: string[], line: number): void {
    const file = this.file;
    if (f.length < 4) {
      throw new FileError(file, line, `E line has ${fields(f)}, expected at least 3: E <event number> <vertices> <particles>`);
    }
    this.eventNumber = integerOf(f[1], 'the event number', -INT32_MAX - 1, INT32_MAX, file, line);
    this.declaredVertices = integerOf(f[2], 'the number of vertices', 0, INT32_MAX, file, line);
    this.declaredParticles = integerOf(f[3], 'the number of particles', 0, INT32_MAX, file, line);
    this.momentumScale = 1;
    this.sawWeights = false;
    this.vertexFirstIn.clear();
    this.incomingOf.clear();
    const r = this.record;
    r.clear();
    r.eventNumber = this.eventNumber;
  }

  units(f: string[], line: number): void {
    const fail = (detail: string): FileError => new FileError(this.file, line, detail);
    if (f.length !== 3) throw fail(`U line has ${fields(f)}, expected 2: U <GEV|MEV> <MM|CM>`);
    const mom = f[1];
    if (mom === 'GEV') this.momentumScale = 1;
    else if (mom === 'MEV') this.momentumScale = 1000;
    else throw fail(`unknown momentum unit "${mom}": expected GEV or MEV`);
    if (f[2] !== 'MM' && f[2] !== 'CM') throw fail(`unknown length unit "${f[2]}": expected MM or CM`);
  }

  weights(f: string[], line: number): void {
    if (this.sawWeights) {
      throw new FileError(this.file, line, `second W line in event ${this.eventNumber}: expected one line of weights per event`);
    }
    if (f.length < 2) throw new FileError(this.file, line, 'W line without values: expected W <weight> [<weight>...]');
    this.sawWeights = true;
    for (let k = 1; k < f.length; k++) {
      const w = finiteOf(f[k], `weight ${k}`, this.file, line);
      if (k === 1) this.record.weight = w;
    }
  }

  particle(f: string[], line: number): void {
    const file = this.file;
    if (f.length !== 10) {
      throw new FileError(file, line, `P line has ${fields(f)}, expected 9: P <id> <vertex or parent> <pdg> <px> <py> <pz> <e> <m> <status>`);
    }
    const r = this.record;
    const declared = this.declaredParticles;
    const id = integerOf(f[1], 'the particle id', 1, INT32_MAX, file, line);
    if (id > declared) {
      throw new FileError(file, line, `particle id ${id} exceeds the ${declared} particles declared by event ${this.eventNumber}`);
    }
    if (id !== r.n + 1) throw new FileError(file, line, `particle id out of order: expected P ${r.n + 1}, found P ${id}`);
    const second = integerOf(f[2], 'the production vertex or parent id', -this.declaredVertices, declared, file, line);
    if (second === id) throw new FileError(file, line, `particle ${id} names itself as its parent`);
    const pdg = integerOf(f[3], 'the PDG id', -INT32_MAX, INT32_MAX, file, line);
    const px = finiteOf(f[4], 'px', file, line);
    const py = finiteOf(f[5], 'py', file, line);
    const pz = finiteOf(f[6], 'pz', file, line);
    const e = finiteOf(f[7], 'e', file, line);
    const m = finiteOf(f[8], 'the mass', file, line);
    const status = integerOf(f[9], 'the status', -INT16_MAX - 1, INT16_MAX, file, line);
    const i = r.push(pdg, charge3Of(pdg), status, -1, px, py, pz, e, m);
    if (i === this.second.length) this.growScratch();
    this.second[i] = second;
    this.pLine[i] = line;
  }

  vertex(f: string[], line: number): void {
    const file = this.file;
    const fail = (detail: string): FileError => new FileError(file, line, detail);
    if (f.length !== 4 && !(f.length === 9 && f[4] === '@')) {
      throw fail(`V line has ${fields(f)}, expected V <id> <status> [<incoming ids>] or V <id> <status> [<incoming ids>] @ <x> <y> <z> <t>`);
    }
    const id = integerOf(f[1], 'the vertex id', -INT32_MAX, -1, file, line);
    if (id < -this.declaredVertices) {
      throw fail(`vertex id ${id} exceeds the ${this.declaredVertices} vertices declared by event ${this.eventNumber}`);
    }
    if (this.vertexFirstIn.has(id)) throw fail(`second V line for vertex ${id} in event ${this.eventNumber}`);
    integerOf(f[2], 'the vertex status', -INT32_MAX - 1, INT32_MAX, file, line);
    for (let k = 5; k < f.length; k++) finiteOf(f[k], 'a vertex position', file, line);
    const list = f[3];
    if (list.charCodeAt(0) !== 91 || list.charCodeAt(list.length - 1) !== 93) {
      throw fail(`expected the incoming particle ids as [<id>,<id>,...], found "${list}"`);
    }
    let first = 0;
    if (list.length > 2) {
      for (const s of list.slice(1, -1).split(',')) {
        const p = integerOf(s, 'an incoming particle id', 1, this.declaredParticles, file, line);
        const other = this.incomingOf.get(p);
        if (other !== undefined) throw fail(`particle ${p} is already an incoming particle of vertex ${other}: a particle has one end vertex`);
        this.incomingOf.set(p, id);
        if (first === 0) first = p;
      }
    }
    this.vertexFirstIn.set(id, first);
  }

  /** Checks the counts and resolves parents; `lastLine` is the event's last line, where a shortfall is reported. */
  finish(lastLine: number): void {
    const r = this.record;
    const n = r.n;
    const ev = this.eventNumber;
    const file = this.file;
    if (n !== this.declaredParticles) {
      throw new FileError(file, lastLine, `event ${ev} declares ${this.declaredParticles} particles, found ${n}`);
    }
    if (this.mark.length <= n) this.mark = new Uint8Array(2 * n + 2);
    const mark = this.mark;
    mark.fill(0, 0, n + 1);
    // An explicit vertex is the end vertex of its incoming particles, so a
    // daughter naming such a particle as parent belongs to that vertex.
    for (const p of this.incomingOf.keys()) mark[p] = 2;
    let implicit = 0;
    const second = this.second;
    const parent = r.parent;
    for (let i = 0; i < n; i++) {
      const s = second[i];
      if (s > 0) {
        parent[i] = s - 1;
        if (mark[s] === 0) {
          mark[s] = 1;
          implicit++;
        }
      } else if (s < 0) {
        const first = this.vertexFirstIn.get(s);
        if (first === undefined) {
          throw new FileError(file, this.pLine[i], `particle ${i + 1} names production vertex ${s}, but event ${ev} has no V line for it`);
        }
        if (first === i + 1) {
          throw new FileError(file, this.pLine[i], `particle ${i + 1} is an incoming particle of its own production vertex ${s}`);
        }
        parent[i] = first - 1;
      } else {
        parent[i] = -1;
      }
    }
    // Fewer vertices than declared is legal: HepMC3 counts vertices without
    // incoming particles at the origin but writes no line for them.
    const found = this.vertexFirstIn.size + implicit;
    if (found > this.declaredVertices) {
      throw new FileError(file, lastLine, `event ${ev} declares ${this.declaredVertices} vertices, found ${found}`);
    }
    if (this.momentumScale !== 1) {
      // Division, not multiplication by 0.001: the quotient is correctly rounded.
      const k = this.momentumScale;
      for (let i = 0; i < n; i++) {
        r.px[i] = r.px[i] / k;
        r.py[i] = r.py[i] / k;
        r.pz[i] = r.pz[i] / k;
        r.e[i] = r.e[i] / k;
        r.m[i] = r.m[i] / k;
      }
    }
  }

  private growScratch(): void {
    const second = new Int32Array(this.second.length * 2);
    second.set(this.second);
    this.second = second;
    const pLine = new Int32Array(this.pLine.length * 2);
    pLine.set(this.pLine);
    this.pLine = pLine;
  }
}

/** "3 fields" after the type letter. */
function fields(f: string[]): string {
  return f.length === 2 ? '1 field' : `${f.length - 1} fields`;
}
