/**
 * Checks an Arrow IPC file's footer and each record batch's header before
 * Arrow decodes them (see flatbuffers.ts for why). The layouts are those of
 * Arrow's File.fbs, Message.fbs and Schema.fbs (format version 5); the
 * numbers below are their field indices. Only what an mctune event sample
 * may hold passes: no dictionaries, no compression, nesting three deep.
 */
import type { FileHandle } from 'node:fs/promises';
import { FlatBuffer } from './flatbuffers.js';

/** Where a record batch lies: its header (with the 8-byte prefix) and then its body. */
export interface Block {
  readonly offset: number;
  readonly metaDataLength: number;
  readonly bodyLength: number;
}

type Fail = (msg: string) => Error;

/** Deeper than any column of the format (particles → item → px is 3). */
const MAX_DEPTH = 8;
/** Message.fbs: MessageHeader.RecordBatch. */
const RECORD_BATCH = 3;
/** The file ends with the footer, its int32 length and `ARROW1`. */
const TRAILER = 10;
/** Footer.fbs: Block is {offset: long, metaDataLength: int, (padding), bodyLength: long}. */
const BLOCK_SIZE = 24;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The record batches' blocks, from a footer checked to be well-formed and to point inside the file. */
export async function checkFooter(fh: FileHandle, size: number, fail: Fail): Promise<Block[]> {
  const footerLength = Buffer.from(await readAt(fh, size - TRAILER, 4)).readInt32LE(0);
  const footerStart = size - TRAILER - footerLength;
  if (footerLength <= 0 || footerStart < 8) throw fail(`corrupt Arrow footer: its length ${footerLength} does not fit in the file's ${size} bytes`);
  const fb = new FlatBuffer(await readAt(fh, footerStart, footerLength), (w) => fail(`corrupt Arrow footer (${w})`));
  const root = fb.root('footer');
  const schema = fb.table(root, 1, 'footer');
  if (schema === undefined) throw fail('corrupt Arrow footer: it holds no schema');
  checkSchema(fb, schema);
  if ((fb.vector(root, 2, BLOCK_SIZE, 'dictionaries')?.length ?? 0) > 0) throw fail('dictionary-encoded columns are not part of the format');
  checkKeyValues(fb, root, 4, 'footer metadata');
  const v = fb.vector(root, 3, BLOCK_SIZE, 'record batch list') ?? { start: 0, length: 0 };
  const blocks = Array.from({ length: v.length }, (_, i) => {
    const p = v.start + BLOCK_SIZE * i;
    const b = { offset: fb.i64(p, 'block'), metaDataLength: fb.i32(p + 8, 'block'), bodyLength: fb.i64(p + 16, 'block') };
    const end = b.offset + b.metaDataLength + b.bodyLength;
    if (b.offset < 8 || b.metaDataLength < 8 || b.bodyLength < 0 || !(end <= footerStart)) {
      throw fail(`corrupt Arrow footer: record batch ${i + 1} at bytes ${b.offset}…${end} lies outside the data (8…${footerStart})`);
    }
    return b;
  });
  await checkTiling(fh, blocks, footerStart, fail);
  return blocks;
}

/**
 * The batches must fill the file from the start (after the magic and, as
 * pyarrow writes it, a schema message) to the end-of-stream marker before
 * the footer, one after the other: a footer that lists fewer batches than
 * the file holds would otherwise read as a smaller sample without a word.
 */
async function checkTiling(fh: FileHandle, blocks: readonly Block[], footerStart: number, fail: Fail): Promise<void> {
  let at = 8;
  if (blocks.length === 0 || blocks[0].offset > at) {
    const prefix = Buffer.from(await readAt(fh, at, 8));
    const length = prefix.length === 8 && prefix.readInt32LE(0) === -1 ? prefix.readInt32LE(4) : -1;
    if (length > 0) at += 8 + length;
  }
  blocks.forEach((b, i) => {
    if (b.offset !== at) throw fail(`corrupt Arrow footer: record batch ${i + 1} starts at byte ${b.offset}, expected ${at}, right after what precedes it`);
    at = b.offset + b.metaDataLength + b.bodyLength;
  });
  const eos = Buffer.from(await readAt(fh, at, 8));
  const endsRight = footerStart === at || (footerStart === at + 8 && eos.readInt32LE(0) === -1 && eos.readInt32LE(4) === 0);
  if (!endsRight) throw fail(`corrupt Arrow footer: its ${blocks.length} record batches end at byte ${at}, but the data run to byte ${footerStart}`);
}

function checkSchema(fb: FlatBuffer, t: number): void {
  for (const f of fb.tables(t, 1, 'schema fields')) checkField(fb, f, 1);
  checkKeyValues(fb, t, 2, 'schema metadata');
  fb.vector(t, 3, 8, 'schema features');
}

function checkField(fb: FlatBuffer, t: number, depth: number): void {
  if (depth > MAX_DEPTH) throw fb.error(`columns nested more than ${MAX_DEPTH} deep`);
  fb.string(t, 0, 'field name');
  fb.table(t, 3, 'field type');
  const dictionary = fb.table(t, 4, 'field dictionary');
  if (dictionary !== undefined) fb.table(dictionary, 1, 'dictionary index type');
  for (const c of fb.tables(t, 5, 'field children')) checkField(fb, c, depth + 1);
  checkKeyValues(fb, t, 6, 'field metadata');
}

function checkKeyValues(fb: FlatBuffer, t: number, index: number, what: string): void {
  for (const kv of fb.tables(t, index, what)) {
    fb.string(kv, 0, `${what} key`);
    fb.string(kv, 1, `${what} value`);
  }
}

/**
 * Checks the header of the record batch at `block`: a continuation marker,
 * a length that fits the block, a well-formed RecordBatch message whose body
 * length is the block's, and field nodes and buffers that lie inside the body.
 */
export async function checkMessage(fh: FileHandle, block: Block, fail: Fail): Promise<void> {
  const head = Buffer.from(await readAt(fh, block.offset, block.metaDataLength));
  if (head.length < 8 || head.readInt32LE(0) !== -1) throw fail('damaged header: no Arrow continuation marker where the footer says the batch begins');
  const length = head.readInt32LE(4);
  if (length <= 0 || length + 8 > block.metaDataLength) throw fail(`damaged header: length ${length} does not fit the ${block.metaDataLength} bytes the footer gives it`);
  const fb = new FlatBuffer(head.subarray(8, 8 + length), (w) => fail(`damaged header (${w})`));
  const root = fb.root('message');
  const type = fb.field(root, 1, 1, 'message type');
  if (type === undefined || fb.u8(type, 'message type') !== RECORD_BATCH) throw fail('damaged header: not a record batch');
  const bodyAt = fb.field(root, 3, 8, 'message body length');
  const bodyLength = bodyAt === undefined ? 0 : fb.i64(bodyAt, 'message body length');
  if (bodyLength !== block.bodyLength) throw fail(`damaged header: a body of ${bodyLength} bytes where the footer says ${block.bodyLength}`);
  checkKeyValues(fb, root, 4, 'batch metadata');
  const rb = fb.table(root, 2, 'record batch');
  if (rb === undefined) throw fail('damaged header: no record batch');
  if (fb.table(rb, 3, 'compression') !== undefined) throw fail('compressed Arrow data is not part of the format');
  fb.vector(rb, 4, 8, 'variadic buffer counts');
  const rowsAt = fb.field(rb, 0, 8, 'row count');
  const rows = rowsAt === undefined ? 0 : fb.i64(rowsAt, 'row count');
  // Every event has an 8-byte weight in the body, so more rows than that cannot be right.
  if (rows < 0 || rows * 8 > bodyLength) throw fail(`damaged header: ${rows} events in a body of ${bodyLength} bytes`);
  // A column has at most as many values as its body has bytes; buffers lie inside the body.
  checkPairs(fb, rb, 1, 'field node (length, nulls)', (count, nulls) => 0 <= nulls && nulls <= count && count <= bodyLength, bodyLength, fail);
  checkPairs(fb, rb, 2, 'buffer (offset, length)', (offset, len) => offset >= 0 && len >= 0 && offset + len <= bodyLength, bodyLength, fail);
}

/** Checks each (a, b) of a vector of two-int64 structs (FieldNode, Buffer) with `ok`. */
function checkPairs(fb: FlatBuffer, rb: number, index: number, what: string, ok: (a: number, b: number) => boolean, body: number, fail: Fail): void {
  const v = fb.vector(rb, index, 16, what);
  if (v === undefined) return;
  for (let i = 0; i < v.length; i++) {
    const a = fb.i64(v.start + 16 * i, what);
    const b = fb.i64(v.start + 16 * i + 8, what);
    if (!ok(a, b)) throw fail(`damaged header: ${what} ${i + 1} is (${a}, ${b}), impossible in a body of ${body} bytes`);
  }
}
