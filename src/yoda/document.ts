import type { AnyObject } from '../histo/index.js';

/** The objects of one YODA file, in file order, and what was passed over while reading it. */
export class YodaDocument {
  private readonly byPath = new Map<string, AnyObject>();

  constructor(
    readonly objects: AnyObject[],
    /** Messages about skipped blocks (unsupported types), each naming file and line. */
    readonly warnings: string[] = [],
  ) {
    for (const o of objects) {
      if (this.byPath.has(o.path)) throw new Error(`duplicate object path ${o.path}`);
      this.byPath.set(o.path, o);
    }
  }

  get(path: string): AnyObject | undefined {
    return this.byPath.get(path);
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  get size(): number {
    return this.objects.length;
  }
}
