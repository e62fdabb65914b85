export { EventRecord, Status } from './record.js';
export { charge3Of, isHadron } from './pdg.js';
