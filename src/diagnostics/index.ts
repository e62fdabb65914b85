/** Errors that point at a file and line. */
export { FileError } from './file-error.js';
export { parseYamlSource, pathText, type FileErrorFactory, type KeyPath, type YamlSource } from './yaml-source.js';
export { expected, shown, strictMapping, validateYaml } from './schema.js';
