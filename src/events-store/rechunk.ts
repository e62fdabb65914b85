/**
 * Chunks of a size the consumer chooses (a training minibatch, say) from the
 * record batches a file happens to hold. A chunk that lies inside one batch is
 * a view of it; only a chunk spanning batches is copied, so at most one chunk
 * is held beyond the batch being read.
 */
import { concatChunks, sliceChunk, type EventChunk } from './chunk.js';

export async function* rechunk(batches: AsyncIterable<EventChunk>, size: number): AsyncGenerator<EventChunk, void, undefined> {
  let parts: EventChunk[] = [];
  let held = 0;
  for await (const batch of batches) {
    let from = 0;
    while (from < batch.n) {
      const to = Math.min(batch.n, from + size - held);
      parts.push(sliceChunk(batch, from, to));
      held += to - from;
      from = to;
      if (held === size) {
        yield concatChunks(parts);
        parts = [];
        held = 0;
      }
    }
  }
  if (held > 0) yield concatChunks(parts);
}
