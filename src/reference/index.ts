/** Pairing MC output with reference data, path by path and bin by bin. */
export { matchReference, BinningMismatchError, type ReferencePair, type ReferenceMatch, type MatchOptions } from './match.js';
export { refPathOf, mcPathOf, isBookkeeping } from './paths.js';
