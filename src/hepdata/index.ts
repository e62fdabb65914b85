/** HEPData tables (YAML) as reference estimates. */
export { parseHepDataTable, readHepDataTable, HepDataError, type HepDataImportOptions } from './table.js';
