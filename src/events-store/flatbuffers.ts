/**
 * Bounds-checked reading of FlatBuffers, the encoding of Arrow's footer and
 * message headers. Arrow's own decoder trusts every length it reads: one
 * damaged byte in a vector's length makes it build millions of objects and
 * run out of memory. Walking the same structures with every offset and
 * length checked against the buffer first turns that into a clear error.
 *
 * Layout (flatbuffers.dev, "Internals"): a table starts with an int32
 * pointing back to its vtable; the vtable holds its own size, the table's
 * size and one uint16 offset per field (0: absent). Offsets to tables,
 * vectors and strings are uint32s relative to where they are stored; a vector
 * or string starts with its uint32 length.
 */

export class FlatBuffer {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    /** Makes the error for a structure that does not fit; `what` says where. */
    private readonly fail: (what: string) => Error,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The error for a structure that does not fit, saying `what`. */
  error(what: string): Error {
    return this.fail(what);
  }

  /** The root table's position. */
  root(what: string): number {
    return this.tableAt(this.u32(0, what), what);
  }

  /** Position of field `index` of the table at `t`, or undefined when the field is absent. */
  field(t: number, index: number, size: number, what: string): number | undefined {
    const vt = t - this.i32(t, what);
    const vtSize = this.u16(vt, what);
    if (4 + 2 * index + 2 > vtSize) return undefined;
    const o = this.u16(vt + 4 + 2 * index, what);
    if (o === 0) return undefined;
    if (o + size > this.u16(vt + 2, what)) throw this.fail(`${what}: field ${index} lies outside its table`);
    return t + o;
  }

  /** The table that field `index` of the table at `t` points to. */
  table(t: number, index: number, what: string): number | undefined {
    const p = this.field(t, index, 4, what);
    return p === undefined ? undefined : this.tableAt(p + this.u32(p, what), what);
  }

  /** The vector that field `index` points to: where its elements start and how many there are. */
  vector(t: number, index: number, elementSize: number, what: string): { start: number; length: number } | undefined {
    const p = this.field(t, index, 4, what);
    if (p === undefined) return undefined;
    const v = p + this.u32(p, what);
    const length = this.u32(v, what);
    if (v + 4 + length * elementSize > this.bytes.length) throw this.fail(`${what}: a vector of ${length} entries runs past the end of its ${this.bytes.length} bytes`);
    return { start: v + 4, length };
  }

  /** The tables of a vector of tables. */
  tables(t: number, index: number, what: string): number[] {
    const v = this.vector(t, index, 4, what);
    if (v === undefined) return [];
    return Array.from({ length: v.length }, (_, i) => {
      const p = v.start + 4 * i;
      return this.tableAt(p + this.u32(p, what), what);
    });
  }

  /** Checks that the string field `index` fits. */
  string(t: number, index: number, what: string): void {
    this.vector(t, index, 1, what);
  }

  i64(p: number, what: string): number {
    this.inside(p, 8, what);
    return Number(this.view.getBigInt64(p, true));
  }

  i32(p: number, what: string): number {
    this.inside(p, 4, what);
    return this.view.getInt32(p, true);
  }

  u32(p: number, what: string): number {
    this.inside(p, 4, what);
    return this.view.getUint32(p, true);
  }

  u8(p: number, what: string): number {
    this.inside(p, 1, what);
    return this.view.getUint8(p);
  }

  u16(p: number, what: string): number {
    this.inside(p, 2, what);
    return this.view.getUint16(p, true);
  }

  private tableAt(t: number, what: string): number {
    const vt = t - this.i32(t, what);
    const vtSize = this.u16(vt, what);
    if (vtSize < 4 || vtSize % 2 !== 0) throw this.fail(`${what}: a table's field list has the impossible size ${vtSize}`);
    this.inside(vt, vtSize, what);
    this.inside(t, this.u16(vt + 2, what), what);
    return t;
  }

  private inside(p: number, size: number, what: string): void {
    if (!(p >= 0 && p + size <= this.bytes.length)) throw this.fail(`${what}: an offset points outside its ${this.bytes.length} bytes`);
  }
}
