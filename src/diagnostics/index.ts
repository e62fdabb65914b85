/** Errors that point at a file and line. */
export { FileError } from './file-error.js';
export { parseYamlSource, type YamlSource } from './yaml-source.js';
