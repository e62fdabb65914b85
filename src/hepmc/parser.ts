/**
 * The HepMC3 Asciiv3 grammar as a push parser: the reader feeds it one line at
 * a time, so the same code serves files of any size, gzip streams and strings.
 * Every error is a FileError naming the 1-based line and what was expected.
 */
import { FileError } from '../diagnostics/index.js';
import { EventRecord } from '../event/index.js';
import { EventLines } from './event-lines.js';
import { fieldsOf } from './fields.js';

export const START_LISTING = 'HepMC::Asciiv3-START_EVENT_LISTING';
export const END_LISTING = 'HepMC::Asciiv3-END_EVENT_LISTING';

const BEFORE_START = 0;
const HEADER = 1;
const IN_EVENT = 2;
const AFTER_END = 3;
/** The input ended inside an event whose last particle was present; only the END line is missing. */
const ENDED_IN_EVENT = 4;

// Line type letters, as char codes, for a switch on the first character.
const CH_A = 65, CH_C = 67, CH_E = 69, CH_F = 70, CH_H = 72, CH_N = 78;
const CH_P = 80, CH_T = 84, CH_U = 85, CH_V = 86, CH_W = 87, CH_SPACE = 32, CH_TAB = 9;

export class HepMC3Parser {
  private state = BEFORE_START;
  /** Number of the line being parsed (1-based); errors point here unless told otherwise. */
  private at = 0;
  /** Last non-blank line, which errors about the end of the input name. */
  private lastLine = 0;

  /** Last line of the event being read, where a shortfall in it is reported. */
  private eventLastLine = 0;
  private readonly event: EventLines;

  /** An E line that closed the previous event; it is parsed after that event has been handed out. */
  private pendingE: string[] | null = null;
  private pendingLine = 0;

  constructor(
    readonly file: string,
    /** Reused for every event: valid from `line()` returning true until the next call. */
    readonly record: EventRecord = new EventRecord(),
  ) {
    this.event = new EventLines(file, record);
  }

  /** Lines fed so far. */
  get linesRead(): number {
    return this.at;
  }

  /** Feeds the next line (without its newline); true when `record` holds a complete event. */
  line(raw: string): boolean {
    if (this.pendingE !== null) this.beginPending(this.pendingE);
    const no = ++this.at;
    let text = raw;
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (no === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.length === 0) return false;
    const c0 = text.charCodeAt(0);
    if (c0 === CH_SPACE || c0 === CH_TAB) {
      text = text.trim();
      if (text.length === 0) return false;
    }
    this.lastLine = no;
    if (text.startsWith('HepMC')) return this.listingLine(text.trimEnd());
    switch (this.state) {
      case IN_EVENT:
        return this.eventLine(text);
      case HEADER:
        this.headerLine(text);
        return false;
      case BEFORE_START:
        throw this.fail(`expected ${START_LISTING} before ${describe(text)}`);
      default:
        throw this.fail(`expected nothing but a new HepMC::Version header after ${END_LISTING}, found ${describe(text)}`);
    }
  }

  /**
   * Call once the input is exhausted: true when the input ended inside an
   * event that is complete apart from the END line, which is then handed out
   * before `checkEnded()` reports the missing END line.
   */
  endOfInput(): boolean {
    if (this.pendingE !== null) this.beginPending(this.pendingE);
    if (this.state !== IN_EVENT) return false;
    this.finishEvent();
    this.state = ENDED_IN_EVENT;
    return true;
  }

  /** Throws unless the input was a complete listing. */
  checkEnded(): void {
    if (this.state === AFTER_END) return;
    if (this.state === BEFORE_START) {
      if (this.lastLine === 0) throw new FileError(this.file, 0, `no HepMC3 data: expected ${START_LISTING}`);
      throw new FileError(this.file, this.lastLine, `the file ends before ${START_LISTING}`);
    }
    throw new FileError(this.file, this.lastLine, `missing ${END_LISTING}: the file ends after this line (truncated?)`);
  }

  private fail(detail: string): FileError {
    return new FileError(this.file, this.at, detail);
  }

  private listingLine(text: string): boolean {
    if (text.startsWith('HepMC::Version')) {
      if (this.state === BEFORE_START || this.state === AFTER_END) return false;
      throw this.fail(`unexpected ${text.slice(0, 40)} inside the listing: expected ${END_LISTING} first`);
    }
    if (text === START_LISTING) {
      if (this.state === BEFORE_START || this.state === AFTER_END) {
        this.state = HEADER;
        return false;
      }
      throw this.fail(`unexpected ${START_LISTING}: the previous listing has no ${END_LISTING}`);
    }
    if (text === END_LISTING) {
      if (this.state === IN_EVENT) {
        this.finishEvent();
        this.state = AFTER_END;
        return true;
      }
      if (this.state === HEADER) {
        this.state = AFTER_END;
        return false;
      }
      throw this.fail(`unexpected ${END_LISTING}: no listing was started with ${START_LISTING}`);
    }
    if (text.startsWith('HepMC::IO_GenEvent')) {
      throw this.fail(`HepMC2 IO_GenEvent format is not supported: expected ${START_LISTING} (HepMC3 Asciiv3)`);
    }
    throw this.fail(`unknown header ${describe(text)}: expected HepMC::Version, ${START_LISTING} or ${END_LISTING}`);
  }

  private headerLine(text: string): void {
    const c0 = text.charCodeAt(0);
    const typed = text.length === 1 || text.charCodeAt(1) === CH_SPACE || text.charCodeAt(1) === CH_TAB;
    if (typed && c0 === CH_E) {
      this.beginEvent(fieldsOf(text), this.at);
      return;
    }
    // Run information: weight names, tools, run attributes; nothing an EventRecord holds.
    if (typed && (c0 === CH_W || c0 === CH_N || c0 === CH_T || c0 === CH_A)) return;
    if (typed && (c0 === CH_P || c0 === CH_V || c0 === CH_U || c0 === CH_C || c0 === CH_H || c0 === CH_F)) {
      throw this.fail(`${text[0]} line before any E line: expected an E line to start an event`);
    }
    throw this.fail(`unknown line type ${describe(text)} in the header: expected W, N, T, A or an E line`);
  }

  private eventLine(text: string): boolean {
    const c0 = text.charCodeAt(0);
    const c1 = text.length === 1 ? CH_SPACE : text.charCodeAt(1);
    if (c1 !== CH_SPACE && c1 !== CH_TAB) throw this.unknownInEvent(text);
    // An E line belongs to the next event; errors about this one name its own last line.
    if (c0 !== CH_E) this.eventLastLine = this.at;
    switch (c0) {
      case CH_P:
        this.event.particle(fieldsOf(text), this.at);
        return false;
      case CH_V:
        this.event.vertex(fieldsOf(text), this.at);
        return false;
      case CH_E:
        this.finishEvent();
        this.pendingE = fieldsOf(text);
        this.pendingLine = this.at;
        return true;
      case CH_U:
        this.event.units(fieldsOf(text), this.at);
        return false;
      case CH_W:
        this.event.weights(fieldsOf(text), this.at);
        return false;
      // Attributes, cross sections, tool lines, and the heavy-ion and PDF lines of early HepMC3 writers.
      case CH_A:
      case CH_C:
      case CH_T:
      case CH_H:
      case CH_F:
        return false;
      default:
        throw this.unknownInEvent(text);
    }
  }

  private unknownInEvent(text: string): FileError {
    return this.fail(`unknown line type ${describe(text)} in event ${this.event.eventNumber}: expected E, U, W, A, C, P or V`);
  }

  private beginPending(f: string[]): void {
    this.pendingE = null;
    this.beginEvent(f, this.pendingLine);
  }

  private beginEvent(f: string[], line: number): void {
    this.event.begin(f, line);
    this.state = IN_EVENT;
    this.eventLastLine = line;
  }

  private finishEvent(): void {
    this.event.finish(this.eventLastLine);
  }
}

/** A line as quoted in an error, cut to a readable length. */
function describe(text: string): string {
  const excerpt = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  return `"${excerpt}"`;
}
