/**
 * Where events go besides the analyses: a HepMC3 file, an event sample
 * (Arrow), both or neither. Both writers are atomic; on failure or a stop
 * every one of them is aborted, so no half-written file appears.
 */
import type { EventRecord } from '../../event/index.js';
import { EventStoreWriter, type EventSampleHeader } from '../../events-store/index.js';
import { HepMC3Writer } from '../../hepmc/index.js';

export interface EventSinks {
  /** Hands one event to every sink, then runs the caller's tick. */
  readonly onEvent: (record: EventRecord) => Promise<void> | undefined;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Opens the writers asked for: `hepmc` a HepMC3 path, `sample` an event-sample
 * path with its header. `tick` runs after every event (a turn of the event
 * loop now and then, so that Ctrl-C is seen between two writes).
 */
export async function openEventSinks(
  hepmc: string | undefined,
  sample: { path: string; header: EventSampleHeader } | undefined,
  tick: () => Promise<void> | undefined,
): Promise<EventSinks> {
  const h = hepmc !== undefined ? await HepMC3Writer.open(hepmc) : undefined;
  let s: EventStoreWriter | undefined;
  try {
    s = sample !== undefined ? await EventStoreWriter.open(sample.path, sample.header) : undefined;
  } catch (e) {
    await h?.abort();
    throw e;
  }
  const onEvent =
    h === undefined && s === undefined
      ? tick
      : async (r: EventRecord) => {
          await h?.write(r);
          await s?.addEvent(r);
          await tick();
        };
  return {
    onEvent,
    async close() {
      await h?.close();
      await s?.close();
    },
    async abort() {
      await h?.abort();
      await s?.abort();
    },
  };
}
