/** YODA text files: reading every version (1, _V2, _V3; plain or gzipped) and writing V2 or V3. */
export { parseYoda, readYodaFile, readYodaFileSync } from './reader.js';
export { YodaDocument } from './document.js';
export { YodaFormatError } from './errors.js';
export { formatObject, formatYoda, writeYodaFile, type WriteOptions, type YodaVersion } from './writer.js';
export { formatNumber } from './numbers.js';
export { diffDocuments, diffObjects, relDiff, numericContents, type ObjectDiff } from './diff.js';
