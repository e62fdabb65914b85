/** HepMC3 Asciiv3 event files: a streaming reader (plain or gzipped) and an atomic streaming writer. */
export { readHepMC3, parseHepMC3, type ReadHepMC3Options } from './reader.js';
export { HepMC3Writer, writeHepMC3, formatHepMC3Event } from './writer.js';
export { START_LISTING, END_LISTING } from './parser.js';
