/**
 * The Arrow layout of an event sample and the step between an EventChunk and
 * an Arrow record batch, both ways, without copying the columns.
 *
 * One row per event: `particles: list<struct<px, py, pz, E: float64, pdgid:
 * int32, charge3: int8>>` (the list's offsets are the chunk's offsets, the
 * struct's children its particle columns) and `weight: float64`. Nothing is
 * nullable. Each batch carries `mctune.crc32` in its custom metadata: the
 * CRC-32 of its columns (see `chunkCrc`), so damaged data is refused rather
 * than read as physics.
 */
import { crc32 } from 'node:zlib';
import { Field, Float64, Int32, Int8, List, RecordBatch, Schema, Struct, makeData, DataType, type Data } from 'apache-arrow';
import { PARTICLE_COLUMNS, type EventChunk } from './chunk.js';

export const BATCH_CRC_KEY = 'mctune.crc32';

const PARTICLE = new Struct(PARTICLE_COLUMNS.map((name) => new Field(name, columnType(name), false)));
const PARTICLES = new List(new Field('item', PARTICLE, false));
const FIELDS = [new Field('particles', PARTICLES, false), new Field('weight', new Float64(), false)];
const ROW = new Struct(FIELDS);

function columnType(name: (typeof PARTICLE_COLUMNS)[number]): DataType {
  if (name === 'pdgid') return new Int32();
  if (name === 'charge3') return new Int8();
  return new Float64();
}

/** The schema of a sample, with the header in its metadata. */
export function eventSchema(metadata: Map<string, string>): Schema {
  return new Schema(FIELDS, metadata);
}

/** The columns as Arrow types print, e.g. for `particles`: `List<Struct<{px:Float64, …}>>`. */
export const EXPECTED_TYPES: ReadonlyMap<string, string> = new Map(FIELDS.map((f) => [f.name, String(f.type)]));

/**
 * CRC-32 of the chunk's columns in file order: offsets (starting at 0),
 * px, py, pz, E, pdgid, charge3, weight, each as its little-endian bytes.
 */
export function chunkCrc(c: EventChunk): string {
  let crc = crc32(bytes(c.offsets));
  for (const k of PARTICLE_COLUMNS) crc = crc32(bytes(c[k]), crc);
  crc = crc32(bytes(c.weight), crc);
  return crc.toString(16).padStart(8, '0');
}

function bytes(a: Float64Array | Int32Array | Int8Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** The chunk as a record batch of `schema`; the batch's buffers are the chunk's arrays. */
export function toRecordBatch(schema: Schema, c: EventChunk): RecordBatch {
  const m = c.offsets[c.n];
  const children = [
    makeData({ type: new Float64(), length: m, nullCount: 0, data: c.px }),
    makeData({ type: new Float64(), length: m, nullCount: 0, data: c.py }),
    makeData({ type: new Float64(), length: m, nullCount: 0, data: c.pz }),
    makeData({ type: new Float64(), length: m, nullCount: 0, data: c.E }),
    makeData({ type: new Int32(), length: m, nullCount: 0, data: c.pdgid }),
    makeData({ type: new Int8(), length: m, nullCount: 0, data: c.charge3 }),
  ];
  const particles = makeData({ type: PARTICLES, length: c.n, nullCount: 0, valueOffsets: c.offsets, child: makeData({ type: PARTICLE, length: m, nullCount: 0, children }) });
  const weight = makeData({ type: new Float64(), length: c.n, nullCount: 0, data: c.weight });
  const row = makeData({ type: ROW, length: c.n, nullCount: 0, children: [particles, weight] });
  return new RecordBatch(schema, row, new Map([[BATCH_CRC_KEY, chunkCrc(c)]]));
}

/**
 * The chunk a record batch holds (views of its buffers; offsets copied only
 * when they do not start at 0). Throws `fail(msg)` for a batch whose
 * structure is inconsistent: wrong lengths, nulls, offsets out of order.
 */
export function fromRecordBatch(batch: RecordBatch, fail: (msg: string) => Error): EventChunk {
  const n = batch.numRows;
  const columns = batch.data.children;
  const names = batch.schema.fields.map((f) => f.name);
  const list = columns[names.indexOf('particles')];
  const weightData = columns[names.indexOf('weight')];
  if (list.length !== n || weightData.length !== n) throw fail(`columns of ${list.length} and ${weightData.length} rows in a batch of ${n}`);
  if (list.nullCount > 0 || weightData.nullCount > 0) throw fail('null events; every event must be present');
  const offsets = listOffsets(list, n, fail);
  const struct = list.children[0];
  const m = offsets[n] - offsets[0];
  if (offsets[n] > struct.length) throw fail(`the offsets reach particle ${offsets[n]}, but only ${struct.length} are stored`);
  const at = offsets[0];
  if (!DataType.isStruct(struct.type)) throw fail('the particles are not a struct');
  const fieldNames = struct.type.children.map((f) => f.name);
  const column = (k: (typeof PARTICLE_COLUMNS)[number]): Data => struct.children[fieldNames.indexOf(k)];
  return {
    n,
    offsets: offsets[0] === 0 ? offsets : offsets.map((o) => o - offsets[0]),
    px: values(column('px'), Float64Array, at, m, 'px', fail),
    py: values(column('py'), Float64Array, at, m, 'py', fail),
    pz: values(column('pz'), Float64Array, at, m, 'pz', fail),
    E: values(column('E'), Float64Array, at, m, 'E', fail),
    pdgid: values(column('pdgid'), Int32Array, at, m, 'pdgid', fail),
    charge3: values(column('charge3'), Int8Array, at, m, 'charge3', fail),
    weight: values(weightData, Float64Array, 0, n, 'weight', fail),
  };
}

/** The list's n + 1 offsets, checked to be in order. */
function listOffsets(list: Data, n: number, fail: (msg: string) => Error): Int32Array {
  const all: unknown = list.valueOffsets;
  if (!(all instanceof Int32Array) || all.length < list.offset + n + 1) throw fail(`the particle offsets hold fewer than ${n + 1} entries`);
  const offsets = all.subarray(list.offset, list.offset + n + 1);
  if (offsets[0] < 0) throw fail(`the particle offsets start at ${offsets[0]}`);
  for (let i = 0; i < n; i++) {
    if (offsets[i + 1] < offsets[i]) throw fail(`the particle offsets decrease at event ${i}: ${offsets[i]} → ${offsets[i + 1]}`);
  }
  return offsets;
}

function values<T extends Float64Array | Int32Array | Int8Array>(
  d: Data,
  kind: { new (n: number): T; name: string },
  start: number,
  length: number,
  name: string,
  fail: (msg: string) => Error,
): T {
  const v: unknown = d.values;
  if (!(v instanceof kind)) throw fail(`column ${name} does not hold a ${kind.name}`);
  if (d.nullCount > 0) throw fail(`column ${name} has ${d.nullCount} nulls`);
  // A sliced column (not what IPC reading gives, but legal Arrow) starts at its own offset.
  const at = d.offset + start;
  if (at + length > v.length) throw fail(`column ${name} holds ${v.length} values, fewer than the ${at + length} its offsets need`);
  return v.subarray(at, at + length) as T;
}
