/** File-system helpers shared by every part that writes results. */
export { openTempFor, writeFileAtomic, writeFileAtomicSync, type TempFile } from './atomic.js';
export { checkOutputPath } from './check.js';
export { WriteError, writeError } from './errors.js';
export { removeOnExit, tempPathFor } from './temp.js';
export { replaceDirSync, writeDirSync } from './replace-dir.js';
