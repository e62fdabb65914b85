/** File-system helpers shared by every part that writes results. */
export { openTempFor, writeFileAtomic, writeFileAtomicSync, type TempFile } from './atomic.js';
export { checkOutputPath } from './check.js';
export { WriteError, writeError } from './errors.js';
export { removeOnExit, tempPathFor } from './temp.js';
export { replaceDirSync, writeDirSync } from './replace-dir.js';
export { readSealedDir, SEALED_HEADER, SEALED_WEIGHTS, writeSealedDir, type SealedContents, type SealedKind } from './sealed-dir.js';
export { compiledWorkerFile } from './worker-file.js';
export { readJsonIfPresent } from './json-file.js';
