/** File-system helpers shared by every part that writes results. */
export { writeFileAtomic, writeFileAtomicSync } from './atomic.js';
