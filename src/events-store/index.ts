/**
 * Event samples on disk: the final-state particles of every event, columnar,
 * as an Apache Arrow IPC file (readable by pyarrow and any Arrow tool), with
 * the generator, seed and parameter point in its header. Written and read in
 * chunks, so samples of millions of events never become per-event objects.
 */
export { type EventChunk, PARTICLE_COLUMNS, type ParticleColumn, checkChunk, concatChunks, emptyChunk, particleCount, sliceChunk } from './chunk.js';
export { type EventSampleHeader, FORMAT_NAME, FORMAT_VERSION } from './header.js';
export { DEFAULT_BATCH_SIZE, EventStoreWriter, type EventStoreWriterOptions, writeEventStore } from './writer.js';
export { EventStoreError, EventStoreReader, type ReadChunksOptions, readEventChunks, readEventSample, readEventStoreHeader } from './reader.js';
