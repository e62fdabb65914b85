/**
 * Reweighted histograms for many weight vectors without running the analyses
 * again: what fitting θ by a binned χ² needs (one weight vector per step).
 *
 * Every running sum a histogram keeps scales with the event weight w as
 * w^power (Σw as w, Σw² as w²), so filling with weights w_i gives
 * Σw[bin] = Σ_i w_i·a_i[bin] and Σw²[bin] = Σ_i w_i²·b_i[bin], where a_i, b_i
 * are event i's contributions at weight 1. The table records those (sparse:
 * only the bins an event touches) once, by running the analyses event by
 * event and taking differences; any weighting is then a pass over the table.
 * Only Σw and Σw² are kept (what densities and their errors need); the
 * finalised histograms' other sums (Σwx, entries) are left at zero, so use
 * them for values and errors, not for bin means. Normalisation is the
 * analyses' own (AnalysisRun.finalize), from the reweighted Σw and Σw·N_ch.
 */
import { AnalysisRun, type AnalysisDefinition } from '../analyses/index.js';
import type { Histo1D } from '../histo/index.js';
import { EventRecord } from '../event/index.js';
import { readEventChunks } from '../events-store/index.js';
import { recordFromChunk } from './weighted-analysis.js';

/** Where one histogram's Σw and Σw² slots lie in the table's flat slot numbering and in its state array. */
interface HistoSlots {
  readonly run: number;
  readonly histo: number;
  /** First flat slot of this histogram (slots: underflow, bins, overflow). */
  readonly first: number;
  readonly slots: number;
  /** Offsets of the Σw and Σw² columns within the histogram's state array. */
  readonly sumwAt: number;
  readonly sumw2At: number;
}

/** A growable list of (slot, Σw, Σw²) contributions. */
class Entries {
  slot = new Int32Array(1 << 16);
  sumw = new Float64Array(1 << 16);
  sumw2 = new Float64Array(1 << 16);
  length = 0;

  push(slot: number, a: number, b: number): void {
    if (this.length === this.slot.length) this.grow();
    [this.slot[this.length], this.sumw[this.length], this.sumw2[this.length]] = [slot, a, b];
    this.length++;
  }

  private grow(): void {
    const cap = 2 * this.slot.length;
    const [s, a, b] = [new Int32Array(cap), new Float64Array(cap), new Float64Array(cap)];
    s.set(this.slot);
    a.set(this.sumw);
    b.set(this.sumw2);
    [this.slot, this.sumw, this.sumw2] = [s, a, b];
  }
}

function slotsOf(runs: readonly AnalysisRun[]): HistoSlots[] {
  const out: HistoSlots[] = [];
  let first = 0;
  runs.forEach((run, r) => {
    run.rawHistograms().forEach((h, k) => {
      const slots = h.numBins + 2;
      const colAt = (name: string) => h.sumIndex(name) * slots;
      out.push({ run: r, histo: k, first, slots, sumwAt: colAt('sumw'), sumw2At: colAt('sumw2') });
      first += slots;
    });
  });
  return out;
}

export class FillTable {
  private constructor(
    private readonly definitions: readonly AnalysisDefinition[],
    private readonly layout: readonly HistoSlots[],
    /** Event i's contributions are entries eventStart[i] … eventStart[i+1]. */
    private readonly eventStart: Int32Array,
    private readonly entries: Entries,
    /** The sample's own weights. */
    private readonly eventWeights: Float64Array,
    /** Per run, per event: the charged multiplicity the run counted (0 when it vetoed the event). */
    private readonly charged: readonly Float64Array[],
  ) {}

  /** Number of events recorded. */
  get events(): number {
    return this.eventWeights.length;
  }

  /** Runs the analyses of `definitions` over `file` (at most `maxEvents` events) and records every event's contributions. */
  static async build(file: string, definitions: readonly AnalysisDefinition[], maxEvents = Infinity): Promise<FillTable> {
    const runs = definitions.map((d) => new AnalysisRun(d));
    const layout = slotsOf(runs);
    const histos = layout.map((l) => runs[l.run].rawHistograms()[l.histo]);
    const before = layout.map((l) => new Float64Array(2 * l.slots));
    const entries = new Entries();
    const starts: number[] = [0];
    const weights: number[] = [];
    const charged: number[][] = runs.map(() => []);
    const record = new EventRecord();
    for await (const chunk of readEventChunks(file, { chunkSize: 5000 })) {
      for (let i = 0; i < chunk.n && weights.length < maxEvents; i++) {
        recordFromChunk(chunk, i, record, 1);
        runs.forEach((run, r) => {
          const had = run.sumWCharged;
          run.analyze(record);
          charged[r].push(run.sumWCharged - had);
        });
        layout.forEach((l, k) => recordDifferences(histos[k], l, before[k], entries));
        weights.push(chunk.weight[i]);
        starts.push(entries.length);
      }
      if (weights.length >= maxEvents) break;
    }
    if (weights.length === 0) throw new Error(`${file}: the event sample holds no events`);
    return new FillTable(definitions, layout, Int32Array.from(starts), entries, Float64Array.from(weights), charged.map((c) => Float64Array.from(c)));
  }

  /**
   * Finalised histograms of every run for the sample reweighted by `weights`
   * (one per event, multiplied into the sample's own), normalised as the
   * analyses normalise them.
   */
  histograms(weights: ArrayLike<number>): Histo1D[] {
    if (weights.length !== this.events) throw new Error(`${weights.length} weights for the ${this.events} events of the fill table`);
    const runs = this.definitions.map((d) => new AnalysisRun(d));
    const states = runs.map((run) => run.state());
    const [sumW, sumWCharged] = [new Float64Array(runs.length), new Float64Array(runs.length)];
    // Summed over the flat slots first, then laid into each histogram's state: the inner loop stays a plain scatter-add.
    const last = this.layout.at(-1);
    const slots = last ? last.first + last.slots : 0;
    const [flatW, flatW2] = [new Float64Array(slots), new Float64Array(slots)];
    const { slot, sumw, sumw2 } = this.entries;
    for (let i = 0; i < this.events; i++) {
      const w = this.eventWeights[i] * weights[i];
      for (let r = 0; r < runs.length; r++) {
        sumW[r] += w;
        sumWCharged[r] += w * this.charged[r][i];
      }
      for (let e = this.eventStart[i]; e < this.eventStart[i + 1]; e++) {
        flatW[slot[e]] += w * sumw[e];
        flatW2[slot[e]] += w * w * sumw2[e];
      }
    }
    for (const l of this.layout) {
      const sums = states[l.run].sums[l.histo];
      sums.set(flatW.subarray(l.first, l.first + l.slots), l.sumwAt);
      sums.set(flatW2.subarray(l.first, l.first + l.slots), l.sumw2At);
    }
    return runs.flatMap((run, r) => {
      run.addState({ ...states[r], sumW: sumW[r], sumWCharged: sumWCharged[r], events: this.events });
      return run.finalize();
    });
  }
}

/** Appends the change of `h`'s Σw and Σw² since `before` (then updated) as entries of the histogram's slots. */
function recordDifferences(h: Histo1D, l: HistoSlots, before: Float64Array, entries: Entries): void {
  const [sumw, sumw2] = [h.sums('sumw'), h.sums('sumw2')];
  for (let s = 0; s < l.slots; s++) {
    const [a, b] = [sumw[s] - before[s], sumw2[s] - before[l.slots + s]];
    if (a === 0 && b === 0) continue;
    entries.push(l.first + s, a, b);
    before[s] = sumw[s];
    before[l.slots + s] = sumw2[s];
  }
}
