/** Errors that point at a file and line. */
export { FileError } from './file-error.js';
